"""``apparatus.md``: a Markdown table of the entries, with a summary line.

Each reading cell is the reading as every report prints it (``om.``, ``add.
words``, ``tr.``; ``—`` where a witness has nothing and agrees with the base).
Every string from the input goes through
:func:`collate.reporters.escape.markdown_cell`: ``|`` cannot break the table
and raw HTML (``<img onerror=...>``) shows as text on a rendered page.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..model import Entry
from .escape import markdown_cell


def _cell(text: str) -> str:
    return markdown_cell(text) if text else "—"


def _decision(entry: Entry) -> str:
    d = entry.decision
    if d is None:
        return ""
    said = " ".join(p for p in (d.note, f"({d.resp})" if d.resp else "") if p)
    if d.ignored:
        return _cell(f"ignored: {said}" if said else "ignored")
    return _cell(said or ", ".join(d.kinds))


def render(apparatus: Apparatus) -> str:
    """A heading, the counts by category, and one table row per entry.

    Where editorial decisions were applied, a last column says what each
    decided (``ignored``, the note, who decided).
    """
    sigla = apparatus.sigla
    decided = any(e.decision is not None for e in apparatus.entries)
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
        "| n | ref | "
        + " | ".join(_cell(s) for s in sigla)
        + " | type | category |"
        + (" decision |" if decided else ""),
        "|---:|---|" + "---|" * len(sigla) + "---|---|" + ("---|" if decided else ""),
    ]
    for e, p in zip(apparatus.entries, apparatus.presentations, strict=True):
        cells = [_cell(p.reading_of(s).label) for s in sigla]
        row = (
            f"| {e.n} | {_cell(e.ref)} | " + " | ".join(cells) + f" | {_cell(e.type)} | {_cell(e.category)} |"
        )
        lines.append(row + (f" {_decision(e)} |" if decided else ""))
    return "\n".join(lines) + "\n"
