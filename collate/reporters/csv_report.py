"""``apparatus.csv``: one row per entry, for spreadsheets and pandas.

Columns: ``n``, one column per siglum (the reading's original text, empty
where the witness has nothing), ``type``, ``category``, ``types``, ``ref``,
``base``, ``rules``, ``apparatus`` (the entry as every report prints it:
:meth:`collate.presentation.Presentation.line`), ``place`` (the number of the
first entry at its place), then ``<siglum>_location`` (``line:column``), then
the editor's decision (:mod:`collate.decisions`): ``decision`` (what it did:
``retype``, ``ignore``, ...), ``resp`` (who decided) and ``decision_note``.

A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP
advises against CSV injection (:func:`collate.reporters.escape.csv_cell`);
``apparatus.json`` and ``Apparatus.to_frame()`` keep the text unchanged.
"""

from __future__ import annotations

import csv
import io

from ..apparatus import Apparatus
from .escape import csv_cell


def render(apparatus: Apparatus) -> str:
    """One row per entry; locations as ``line:column`` per siglum, then the editorial decision, at the end."""
    sigla = apparatus.sigla
    place_of = {u.n: place.n for place in apparatus.places for u in place.units}
    out = io.StringIO()
    # Rows end in "\r\n" (RFC 4180): the csv module quotes a field only for the characters of
    # the line terminator, and with "\n" alone a reading holding a bare "\r" went out unquoted,
    # which pandas and spreadsheets read as a row end (found by the hostile fuzz).
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["n", *sigla, "type", "category", "types", "ref", "base", "rules", "apparatus", "place"]
    decided = ["decision", "resp", "decision_note"]  # the editor's: what it did (ignore among them), who, why
    writer.writerow([csv_cell(h) for h in header + [f"{s}_location" for s in sigla] + decided])
    for e, p in zip(apparatus.entries, apparatus.presentations, strict=True):
        row = [
            *(e.reading(s).text for s in sigla),
            e.type,
            e.category,
            " ".join(e.types),
            e.ref,
            e.base,
            " ".join(e.rules),
            p.line(),
        ]
        locations = [f"{e.reading(s).location.line}:{e.reading(s).location.column}" for s in sigla]
        d = e.decision
        said = [" ".join(d.kinds), d.resp, d.note] if d is not None else ["", "", ""]
        writer.writerow(
            [e.n, *(csv_cell(str(c)) for c in row), place_of[e.n], *locations, *(csv_cell(c) for c in said)]
        )
    return out.getvalue()
