"""``index.html`` of a batch: one self-contained page over a whole corpus.

A sortable table of the documents (click a column's heading; again to
reverse), each linked to its report; a bar chart (inline SVG) of the
substantive entries per document; and the documents that failed, with their
messages. Everything is escaped, nothing is loaded from elsewhere, and the
script only sorts rows: the page reads the same without it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..typology import CATEGORIES, Category

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The report a document's row links to: the first of these the batch wrote.
LINK_ORDER = ("html", "md", "txt", "json", "csv", "tei", "latex", "collatex")
#: Bars drawn at most: the documents with the most substantive entries.
CHART_LIMIT = 60

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right}
th{cursor:pointer;user-select:none;background:#f4f4f4;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
tr.error td{background:#fdecea}
.summary span{margin-right:1.2rem}
svg text{font:12px system-ui,sans-serif}
"""

# Sorting: numbers as numbers (empty cells last), text by locale. No network, no eval.
# The address can ask for an order (index.html#sort=-substantive), so a sorted view can be linked.
_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  function sortBy(th, col, asc) {
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var numeric = th.classList.contains("n");
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
      if (numeric) {
        if (x === "") return y === "" ? 0 : 1;
        if (y === "") return -1;
        return asc ? x - y : y - x;
      }
      return asc ? x.localeCompare(y) : y.localeCompare(x);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      sortBy(th, col, th.getAttribute("aria-sort") !== "ascending");
    });
  });
  var wanted = /(?:^#|&)sort=(-?)([^&]+)/.exec(location.hash);
  if (wanted) {
    Array.prototype.forEach.call(heads, function (th, col) {
      if (th.textContent === decodeURIComponent(wanted[2])) sortBy(th, col, wanted[1] !== "-");
    });
  }
});
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: Any, numeric: bool, inner: str | None = None) -> str:
    empty = value is None or (isinstance(value, float) and value != value) or str(value) in ("", "<NA>")
    shown = "" if empty else str(value)
    cls = ' class="n"' if numeric else ""
    return f'<td{cls} data-v="{_e(shown)}">{inner if inner is not None else _e(shown)}</td>'


def _link(document: str, formats: Sequence[str]) -> str | None:
    from . import FORMATS

    name = next((f for f in LINK_ORDER if f in formats), None)
    return f"{quote(document)}/{quote(FORMATS[name].filename)}" if name else None


def _chart(frame: pd.DataFrame) -> str:
    ok = frame[frame["status"] == "ok"]
    if ok.empty:
        return "<p>No document was collated.</p>"
    top = ok.sort_values(["substantive", "document"], ascending=[False, True], kind="stable").head(
        CHART_LIMIT
    )
    most = max(int(top["substantive"].max()), 1)
    bar_h, label_w, width = 18, 260, 720
    height = bar_h * len(top) + 4
    colour = Category.SUBSTANTIVE.colour
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="Substantive entries per document">'
    ]
    for i, (_, row) in enumerate(top.iterrows()):
        n = int(row["substantive"])
        y = i * bar_h + 2
        w = (width - label_w - 50) * n / most
        name = str(row["document"])
        short = name if len(name) <= 36 else name[:35] + "…"
        parts.append(
            f"<g><title>{_e(name)}: {n} substantive</title>"
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{_e(short)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 5}" fill="{colour}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{n}</text></g>'
        )
    parts.append("</svg>")
    note = (
        f"<p>The {len(top)} documents with the most substantive entries, of {len(ok)} collated.</p>"
        if len(ok) > len(top)
        else ""
    )
    return note + "".join(parts)


def render(frame: pd.DataFrame, formats: Sequence[str], title: str = "corpus") -> str:
    """The overview page of a batch's corpus table (``frame``, :data:`collate.batch.COLUMNS`)."""
    from ..batch import COLUMNS

    ok = frame[frame["status"] == "ok"]
    failed = frame[frame["status"] != "ok"]
    totals = {c: int(ok[c].sum()) for c in ("entries", *CATEGORIES)}
    numeric = {"witnesses", "tokens", "entries", *CATEGORIES, "agreement", "seconds"}
    shown = [c for c in COLUMNS if c not in ("error", "warnings")]
    numeric_head = ' class="n"'
    head = "".join(f'<th scope="col"{numeric_head if c in numeric else ""}>{_e(c)}</th>' for c in shown)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for c in shown:
            value = row[c]
            inner = None
            if c == "document" and row["status"] == "ok":
                href = _link(str(value), formats)
                inner = f'<a href="{_e(href)}">{_e(value)}</a>' if href else None
            elif c == "reused":
                value = "yes" if value else ""
            cells.append(_cell(value, c in numeric, inner))
        cls = ' class="error"' if row["status"] != "ok" else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    failures = "".join(
        f"<li><b>{_e(row['document'])}</b>: {_e(row['error'])}</li>" for _, row in failed.iterrows()
    )
    summary = (
        f'<p class="summary"><span><b>{len(frame)}</b> documents</span>'
        f"<span><b>{len(ok)}</b> collated ({int(ok['reused'].sum())} reused)</span>"
        f"<span><b>{len(failed)}</b> failed</span>"
        + "".join(f"<span><b>{totals[c]}</b> {c}</span>" for c in ("entries", *CATEGORIES))
        + "</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>{_e(title)}: collated corpus</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{_e(title)}</h1>\n{summary}\n"
        f'<h2 id="chart">Substantive entries per document</h2>\n{_chart(frame)}\n'
        f'<h2 id="failed">Failed documents</h2>\n'
        + (f'<ul class="failed">{failures}</ul>' if failures else "<p>None.</p>")
        + f'\n<h2 id="documents">Documents</h2>\n'
        f'<table class="sortable" id="corpus"><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{chr(10).join(body)}\n</tbody></table>\n"
        f"<script>{_JS}</script>\n</body></html>\n"
    )
