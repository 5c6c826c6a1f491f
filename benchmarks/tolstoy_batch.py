"""The Tolstoy Digital corpus, each document collated against itself: original spelling vs regularization.

Writes a ``corpus.csv`` naming every TEI file of the corpus twice (``choice``
``orig`` and ``reg``), runs ``collate batch`` on it, and prints the figures
the README reports: documents, entries, and entries by category, with the
documents richest in substantive entries (where the regularized text changed
a word, not only its spelling).

    python benchmarks/tolstoy_batch.py [--tolstoy ../shared/corpora/tolstoy-tei] [--out /tmp/tolstoy]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOLSTOY = ROOT.parent.parent / "shared" / "corpora" / "tolstoy-tei"
if not TOLSTOY.exists():
    TOLSTOY = Path("/work/shared/corpora/tolstoy-tei")


def write_manifest(tolstoy: Path, manifest: Path) -> int:
    """A corpus.csv with one document per TEI file (id: its stem), read as orig and as reg."""
    files = sorted(tolstoy.rglob("*.xml"))
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["document", "file", "siglum", "choice"])
        for path in files:
            for choice in ("orig", "reg"):
                out.writerow([path.stem, str(path.resolve()), choice, choice])
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tolstoy", type=Path, default=TOLSTOY)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    from collate.batch import batch

    out = args.out or Path(tempfile.mkdtemp(prefix="tolstoy-"))
    manifest = out / "corpus.csv"
    out.mkdir(parents=True, exist_ok=True)
    count = write_manifest(args.tolstoy, manifest)
    # The manifest names the corpus's files where they are, outside its own folder.
    frame = batch(manifest, out / "batch", workers=args.workers, progress=None, log=print, allow_outside=True)
    ok = frame[frame["status"] == "ok"]
    print(f"{count} documents: {len(ok)} collated, {len(frame) - len(ok)} failed")
    print(
        f"{int(ok['entries'].sum())} entries: {int(ok['substantive'].sum())} substantive, "
        f"{int(ok['accidental'].sum())} accidental, {int(ok['editorial'].sum())} editorial; "
        f"{int((ok['entries'] > 0).sum())} documents differ, {int((ok['substantive'] > 0).sum())} with substantive entries"
    )
    top = ok.sort_values("substantive", ascending=False).head(5)
    for _, row in top.iterrows():
        print(f"  {row['document']}: {row['substantive']} substantive of {row['entries']}")
    for _, row in frame[frame["status"] != "ok"].iterrows():
        print(f"  failed: {row['document']}: {row['error']}")
    warned = frame[frame["warnings"] != ""]
    print(
        f"{len(warned)} documents read with a warning (e.g. {warned['warnings'].iloc[0] if len(warned) else '-'})"
    )
    print(f"wrote {out / 'batch' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
