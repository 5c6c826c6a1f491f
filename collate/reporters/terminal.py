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
from ..model import Entry
from ..typology import CATEGORIES, Category, category_of
from .escape import visible

#: Colours by category, used in the terminal and the word diff (the typology's styles).
STYLE: dict[str, str] = {str(c): c.style for c in CATEGORIES}


#: A reading column is at least as wide as its longest word (so words wrap whole), up to this.
MAX_WORD = 24
#: Columns drop out, in this order, before the readings are squeezed below their longest word.
DROPPABLE = ("category", "type")


def _cells(apparatus: Apparatus, limit: int | None) -> list[tuple[Entry, list[str]]]:
    shown = list(zip(apparatus.entries, apparatus.presentations, strict=True))
    if limit:
        shown = shown[:limit]
    return [(e, [visible(p.reading_of(s).label) or "—" for s in apparatus.sigla]) for e, p in shown]


def _columns(
    apparatus: Apparatus, rows: list[tuple[Entry, list[str]]], width: int | None
) -> tuple[tuple[str, ...], bool]:
    """The label columns that fit beside the readings in ``width`` (category goes first, then type).

    The flag says whether the readings fit with every word whole; if not, long words fold.
    """
    if width is None:
        return DROPPABLE, True
    words = [
        min(max((len(w) for _, cells in rows for w in cells[i].split()), default=1), MAX_WORD)
        for i in range(len(apparatus.sigla))
    ]
    n = max((len(str(e.n)) for e, _ in rows), default=1)
    ref = max((len(e.ref) for e, _ in rows), default=3)
    need = {
        "type": max((len(str(e.type)) for e, _ in rows), default=4),
        "category": max((len(str(e.category)) for e, _ in rows), default=8),
    }
    columns = list(DROPPABLE)
    # Each column takes its content, a space either side and a border.
    used = sum(w + 3 for w in (n, ref, *words)) + 1
    while columns and used + sum(need[c] + 3 for c in columns) > width:
        columns.remove(DROPPABLE[len(DROPPABLE) - len(columns)])
    return tuple(columns), used <= width


def table(apparatus: Apparatus, limit: int | None = None, width: int | None = None) -> Table:
    """The entries as a rich table (the first ``limit`` only, if given).

    Readings wrap at word boundaries (a column is never narrower than its
    longest word, up to :data:`MAX_WORD`); when ``width`` (the terminal's) is too
    narrow for that, the category column is left out, then the type column,
    before any reading is squeezed.
    """
    rows = _cells(apparatus, limit)
    keep, whole = _columns(apparatus, rows, width)
    title = Text(visible(f"{apparatus.title} (base {apparatus.base})"))
    grid = Table(title=title, show_lines=False)
    grid.add_column("n", justify="right", no_wrap=True)
    grid.add_column("ref", no_wrap=True)
    for i, siglum in enumerate(apparatus.sigla):
        longest = max((len(w) for _, cells in rows for w in cells[i].split()), default=1)
        least = min(longest, MAX_WORD) if whole else None
        grid.add_column(Text(visible(siglum)), overflow="fold", min_width=least)
    for name in keep[::-1]:
        grid.add_column(name, no_wrap=True)
    for e, cells in rows:
        labels = {
            "type": Text(visible(str(e.type))),
            "category": Text(str(e.category), style=e.category.style),
        }
        grid.add_row(
            Text(str(e.n)), Text(visible(e.ref)), *map(Text, cells), *(labels[c] for c in keep[::-1])
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
    """Print the table (the first ``limit`` entries; 0 or None: all), the summary, and what was cut."""
    console.print(table(apparatus, limit, console.width))
    console.print(summary_text(apparatus))
    cut = len(apparatus.entries) - limit if limit else 0
    if cut > 0:
        more = "entry" if cut == 1 else "entries"
        console.print(
            Text(
                f"{cut} more {more} not shown in the table: --limit 0 shows all (the reports have every one)"
            )
        )
