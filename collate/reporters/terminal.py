"""The terminal report: a rich table of the entries and a summary by category.

Every string from the input reaches rich as :class:`~rich.text.Text` (never as
markup, so a siglum ``A[/b]`` prints as it is) after
:func:`~collate.reporters.escape.visible` (so ``\\x1b[41m`` in a witness shows as
``␛[41m`` instead of colouring the terminal).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..apparatus import Apparatus
from ..typology import CATEGORIES, Category, category_of
from .escape import visible

#: Colours by category, used in the terminal and the word diff (the typology's styles).
STYLE: dict[str, str] = {str(c): c.style for c in CATEGORIES}


def table(apparatus: Apparatus, limit: int | None = None) -> Table:
    """The entries as a rich table (the first ``limit`` only, if given)."""
    title = Text(visible(f"{apparatus.title} (base {apparatus.base})"))
    grid = Table(title=title, show_lines=False)
    # Labels never wrap or get cut; the readings fold onto more lines instead.
    grid.add_column("n", justify="right", no_wrap=True)
    grid.add_column("ref", no_wrap=True)
    for siglum in apparatus.sigla:
        grid.add_column(Text(visible(siglum)), overflow="fold")
    grid.add_column("type", no_wrap=True)
    grid.add_column("category", no_wrap=True)
    for e, p in list(zip(apparatus.entries, apparatus.presentations, strict=True))[:limit]:
        style = e.category.style if isinstance(e.category, Category) else ""
        cells = [Text(visible(p.reading_of(s).label) or "—") for s in apparatus.sigla]
        grid.add_row(
            Text(str(e.n)), Text(visible(e.ref)), *cells, Text(visible(e.type)), Text(e.category, style=style)
        )
    return grid


def summary_text(apparatus: Apparatus) -> Text:
    """The number of entries by category, then by type (those that occur), then pairwise agreement."""
    s = apparatus.summary()
    text = Text(f"{s['entries']} entries: ")
    parts = [(f"{n} {c}", Category(c).style) for c, n in s["by_category"].items()]
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
            text.append(visible(f"{name} {n}"), style=category_of(name).style)
    agreement = ", ".join(f"{pair} {share:.1%}" for pair, share in s["agreement"].items())
    text.append(visible(f"\nagreement (normalized tokens): {agreement}"))
    return text


def print_report(apparatus: Apparatus, console: Console, limit: int | None = None) -> None:
    """Print the table and the summary."""
    if limit != 0:
        console.print(table(apparatus, limit))
    console.print(summary_text(apparatus))
