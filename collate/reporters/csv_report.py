"""``apparatus.csv``: ``n``, one column per siglum, ``type``, ``category``, then the rest."""

from __future__ import annotations

import csv
import io

from ..apparatus import Apparatus


def render(apparatus: Apparatus) -> str:
    """One row per entry; locations as ``line:column`` per siglum, then the editorial decision, at the end."""
    sigla = apparatus.sigla
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["n", *sigla, "type", "category", "types", "ref", "base", "rules"]
        + [f"{s}_location" for s in sigla]
        + ["decision", "resp", "decision_note"]
    )
    for e in apparatus.entries:
        writer.writerow(
            [
                e.n,
                *(e.reading(s).text for s in sigla),
                e.type,
                e.category,
                " ".join(e.types),
                e.ref,
                e.base,
                " ".join(e.rules),
            ]
            + [f"{e.reading(s).location.line}:{e.reading(s).location.column}" for s in sigla]
            # The editor's decision: what it did (``ignore`` among them), who, why.
            + (
                [" ".join(e.decision.kinds), e.decision.resp, e.decision.note]
                if e.decision is not None
                else ["", "", ""]
            )
        )
    return out.getvalue()
