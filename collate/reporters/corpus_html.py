"""``index.html`` of a batch: one self-contained page over a whole corpus.

A sortable table of the documents (click a column's heading, again to
reverse; ``index.html#sort=-substantive`` opens it sorted), each linked to its
report; a bar chart (inline SVG) of the substantive entries per document; and
the documents that failed, with their messages. Rendered from the Jinja2
template ``templates/corpus.html.j2`` with autoescape on, as the apparatus
page is: document ids and messages come from the corpus, so they are only
ever text. Nothing is loaded from elsewhere, and the script only sorts rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup

from ..typology import CATEGORIES, Category
from .html import _environment, _static

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The report a document's row links to: the first of these the batch wrote.
LINK_ORDER = ("html", "md", "txt", "json", "csv", "tei", "latex", "collatex")
#: Bars drawn at most: the documents with the most substantive entries.
CHART_LIMIT = 60
_NUMERIC = frozenset({"witnesses", "tokens", "entries", *CATEGORIES, "agreement", "seconds"})
_CHART = {"bar": 18, "label": 260, "width": 720, "colour": Category.SUBSTANTIVE.colour}


def _shown(value: Any) -> str:
    """A cell's text: empty for a missing value (NaN, pandas' NA)."""
    if value is None or (isinstance(value, float) and value != value) or str(value) in ("", "<NA>"):
        return ""
    return str(value)


def _link(document: str, formats: Sequence[str]) -> str | None:
    from . import FORMATS

    name = next((f for f in LINK_ORDER if f in formats), None)
    return f"{quote(document)}/{quote(FORMATS[name].filename)}" if name else None


def _bars(frame: pd.DataFrame) -> list[dict[str, Any]]:
    ok = frame[frame["status"] == "ok"]
    top = ok.sort_values(["substantive", "document"], ascending=[False, True], kind="stable").head(
        CHART_LIMIT
    )
    most = max(int(top["substantive"].max()), 1) if len(top) else 1
    room = _CHART["width"] - _CHART["label"] - 50
    bars = []
    for i, (_, row) in enumerate(top.iterrows()):
        n, name = int(row["substantive"]), str(row["document"])
        short = name if len(name) <= 36 else name[:35] + "…"
        bars.append(
            {"name": name, "short": short, "n": n, "y": i * _CHART["bar"] + 2, "width": room * n / most}
        )
    return bars


def render(frame: pd.DataFrame, formats: Sequence[str], title: str = "corpus") -> str:
    """The overview page of a batch's corpus table (``frame``, :data:`collate.batch.COLUMNS`)."""
    from ..batch import COLUMNS

    ok = frame[frame["status"] == "ok"]
    columns = [c for c in COLUMNS if c not in ("error", "warnings")]
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in columns:
            value = ("yes" if row[c] else "") if c == "reused" else _shown(row[c])
            href = _link(value, formats) if c == "document" and row["status"] == "ok" else None
            cells.append({"value": value, "numeric": c in _NUMERIC, "href": href})
        rows.append({"cells": cells, "error": row["status"] != "ok"})
    bars = _bars(frame)
    return (
        _environment()
        .get_template("corpus.html.j2")
        .render(
            title=title,
            css=Markup(_static("corpus.css")),  # collate's own files: the only markup marked safe
            js=Markup(_static("corpus.js")),
            documents=len(frame),
            collated=len(ok),
            reused=int(ok["reused"].sum()),
            totals=[(c, int(ok[c].sum())) for c in ("entries", *CATEGORIES)],
            failed=[
                (str(r["document"]), str(r["error"])) for _, r in frame[frame["status"] != "ok"].iterrows()
            ],
            chart={**_CHART, "height": _CHART["bar"] * len(bars) + 4},
            bars=bars,
            columns=[(c, c in _NUMERIC) for c in columns],
            rows=rows,
        )
    )
