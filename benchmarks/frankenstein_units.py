"""Frankenstein, unit by unit: which witness is nearest 1818 and which printed text is farthest.

The README's "Variant graph, distances and trees" section quotes this table: the targets of issue 15 (1818
and the Thomas copy each other's nearest; 1831 the printed text farthest from 1818) hold in some collation
units of the Frankenstein Variorum and not in others. Run from the repository root:

    .venv/bin/python benchmarks/frankenstein_units.py [shared/corpora/frankenstein]

About a minute on two cores (25 units of five witnesses).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from collate import collate
from collate.errors import CollateWarning

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "frankenstein"


def main(folder: Path) -> None:
    units = sorted(p for p in folder.iterdir() if p.is_dir())
    thomas = farthest = 0
    print(
        f"{'unit':5} {'units':>5}  {'1818 nearest':12} {'Thomas nearest':14} {'farthest printed':16}  1818 to Thomas/1823/1831"
    )
    for unit in units:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CollateWarning)
            app = collate(unit, progress=False)
        d = app.distances()
        near = d.loc["1818"].drop("1818").idxmin()
        near_thomas = d.loc["Thomas"].drop("Thomas").idxmin()
        far = d.loc["1818", ["Thomas", "1823", "1831"]].idxmax()
        thomas += near == "Thomas" and near_thomas == "1818"
        farthest += far == "1831"
        shares = " / ".join(f"{d.loc['1818', s]:.3f}" for s in ("Thomas", "1823", "1831"))
        n = app.distances(counts=True)["units"].iloc[0]
        print(f"{unit.name:5} {n:5}  {near:12} {near_thomas:14} {far:16}  {shares}")
    print(
        f"1818 and Thomas each other's nearest in {thomas} of {len(units)} units; 1831 farthest in {farthest}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
