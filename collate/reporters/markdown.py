"""``apparatus.md``: a Markdown table of the entries, with a summary line.

Each reading cell is the reading as every report prints it (``om.``, ``add.
words``, ``tr.``; ``—`` where a witness has nothing and agrees with the base).
Every string from the input goes through
:func:`collate.reporters.escape.markdown_cell`: ``|`` cannot break the table
and raw HTML (``<img onerror=...>``) shows as text on a rendered page.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from .escape import markdown_cell


def _cell(text: str) -> str:
    return markdown_cell(text) if text else "—"


def render(apparatus: Apparatus) -> str:
    """A heading, the counts by category, and one table row per entry."""
    sigla = apparatus.sigla
    summary = apparatus.summary()
    lines = [
        f"# {_cell(apparatus.title)}",
        "",
        "| siglum | witness | source |",
        "|---|---|---|",
        *(f"| {_cell(w.siglum)} | {_cell(w.title)} | {_cell(w.source)} |" for w in apparatus.witnesses),
        "",
        f"Base: {_cell(apparatus.base)}. Profile: {_cell(apparatus.profile)}. Entries: {summary['entries']} ("
        + ", ".join(f"{k} {v}" for k, v in summary["by_category"].items())
        + ").",
        "",
        "| n | ref | " + " | ".join(_cell(s) for s in sigla) + " | type | category |",
        "|---:|---|" + "---|" * len(sigla) + "---|---|",
    ]
    for e, p in zip(apparatus.entries, apparatus.presentations, strict=True):
        cells = [_cell(p.reading_of(s).label) for s in sigla]
        lines.append(
            f"| {e.n} | {_cell(e.ref)} | " + " | ".join(cells) + f" | {_cell(e.type)} | {_cell(e.category)} |"
        )
    return "\n".join(lines) + "\n"
