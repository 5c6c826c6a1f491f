"""``apparatus.md``: a Markdown table of the entries, with a summary line."""

from __future__ import annotations

from ..apparatus import Apparatus


def _cell(text: str) -> str:
    if not text:
        return "—"
    return " ".join(text.split()).replace("|", "\\|").replace("`", "\\`")


def render(apparatus: Apparatus) -> str:
    """A heading, the counts by category, and one table row per entry."""
    sigla = apparatus.sigla
    summary = apparatus.summary()
    lines = [
        f"# Apparatus: {' / '.join(sigla)}",
        "",
        f"Base: {apparatus.base}. Profile: {apparatus.profile}. Entries: {summary['entries']} ("
        + ", ".join(f"{k} {v}" for k, v in summary["by_category"].items())
        + ").",
        "",
        "| n | ref | " + " | ".join(sigla) + " | type | category |",
        "|---:|---|" + "---|" * len(sigla) + "---|---|",
    ]
    for e in apparatus.entries:
        cells = [_cell(e.reading(s).text) for s in sigla]
        lines.append(f"| {e.n} | {e.ref} | " + " | ".join(cells) + f" | {e.type} | {e.category} |")
    return "\n".join(lines) + "\n"
