"""The terminal report: a rich table of the entries and a summary by category."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..apparatus import Apparatus
from ..classify import category_of

#: Colours by category, used in the terminal and the word diff.
STYLE = {"substantive": "bold red", "accidental": "yellow", "editorial": "cyan"}


def table(apparatus: Apparatus, limit: int | None = None) -> Table:
    """The entries as a rich table (the first ``limit`` only, if given)."""
    grid = Table(title=f"Apparatus {' / '.join(apparatus.sigla)} (base {apparatus.base})", show_lines=False)
    # Labels never wrap or get cut; the readings fold onto more lines instead.
    grid.add_column("n", justify="right", no_wrap=True)
    grid.add_column("ref", no_wrap=True)
    for siglum in apparatus.sigla:
        grid.add_column(siglum, overflow="fold")
    grid.add_column("type", no_wrap=True)
    grid.add_column("category", no_wrap=True)
    for e in apparatus.entries[:limit]:
        style = STYLE.get(e.category, "")
        cells = [Text(" ".join(e.reading(s).text.split()) or "—") for s in apparatus.sigla]
        grid.add_row(str(e.n), e.ref, *cells, e.type, Text(e.category, style=style))
    return grid


def summary_text(apparatus: Apparatus) -> Text:
    """The number of entries by category, then by type (those that occur), then pairwise agreement."""
    s = apparatus.summary()
    text = Text(f"{s['entries']} entries: ")
    parts = [(f"{n} {c}", STYLE.get(c, "")) for c, n in s["by_category"].items()]
    for i, (label, style) in enumerate(parts):
        if i:
            text.append(", ")
        text.append(label, style=style)
    by_type = [(t, n) for t, n in s["by_type"].items() if n]
    if by_type:
        text.append("\nby type: ")
        for i, (name, n) in enumerate(by_type):
            if i:
                text.append(", ")
            text.append(f"{name} {n}", style=STYLE.get(category_of(name), ""))
    agreement = ", ".join(f"{pair} {share:.1%}" for pair, share in s["agreement"].items())
    text.append(f"\nagreement (normalized tokens): {agreement}")
    return text


def print_report(apparatus: Apparatus, console: Console, limit: int | None = None) -> None:
    """Print the table and the summary."""
    if limit != 0:
        console.print(table(apparatus, limit))
    console.print(summary_text(apparatus))
