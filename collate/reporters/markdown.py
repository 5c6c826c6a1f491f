"""``apparatus.md``: a Markdown table of the entries, with a summary line."""

from __future__ import annotations

from ..apparatus import Apparatus
from ..model import Entry


def _cell(text: str) -> str:
    if not text:
        return "—"
    return " ".join(text.split()).replace("|", "\\|").replace("`", "\\`")


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
        f"# Apparatus: {' / '.join(sigla)}",
        "",
        f"Base: {apparatus.base}. Profile: {apparatus.profile}. Entries: {summary['entries']} ("
        + ", ".join(f"{k} {v}" for k, v in summary["by_category"].items())
        + ").",
        "",
        "| n | ref | " + " | ".join(sigla) + " | type | category |" + (" decision |" if decided else ""),
        "|---:|---|" + "---|" * len(sigla) + "---|---|" + ("---|" if decided else ""),
    ]
    for e in apparatus.entries:
        cells = [_cell(e.reading(s).text) for s in sigla]
        row = f"| {e.n} | {e.ref} | " + " | ".join(cells) + f" | {e.type} | {e.category} |"
        if decided:
            row += f" {_decision(e)} |"
        lines.append(row)
    return "\n".join(lines) + "\n"
