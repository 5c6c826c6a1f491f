"""References a reader can follow: one line numbering, on the base text, shared by every report.

An entry's reference is ``l. line.word`` in the *base text*: the base witness's
text, or with ``base="majority"`` the majority text (at each entry the
reading most witnesses share, elsewhere the text they all have), numbered as
one text so that references only go forward. Lines are the text's own
non-empty lines (a blank line between paragraphs is not counted; a paragraph
written on one line is one line); words are counted from 1 in their line, a
punctuation mark taking the number of the word before it. Where the base
text has page markers (``- 2 -`` on a line of its own, TEI ``<pb n="2"/>``),
lines are counted from the last marker and the reference names the page:
``p. 2, l. 5.3``. The ``l.`` keeps a reference text wherever it goes: a
spreadsheet or ``pandas.read_csv`` would read a bare ``9.10`` as the number
9.1, the same as ``9.1``.

An addition (the base has nothing) takes the reference of the base word it
follows (at the very start: of the first word). txt, HTML, LaTeX, JSON, CSV,
Markdown and the terminal all print these references; the HTML and the LaTeX
also print the line numbers beside the text, where each line starts.

>>> from collate import collate
>>> app = collate({"A": "один два\\n\\nтри четыре\\n- 2 -\\nпять шесть", "B": "один два\\n\\nтри пять\\n- 2 -\\nпять семь"})
>>> [e.ref for e in app.entries]
['l. 2.2', 'p. 2, l. 1.2']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from .model import Alignment, Entry, Kind

__all__ = ["LineNumbers", "Place", "assign_references", "line_numbers"]

_WORDISH = frozenset({Kind.WORD, Kind.NUMBER, Kind.SYMBOL})
_PAGE = regex.compile(r"[\p{L}\p{N}]+(?:[.:/][\p{L}\p{N}]+)*")


def page_label(marker: str) -> str:
    """The page a marker names: ``- 2 -`` -> ``2``, ``- 12r -`` -> ``12r``.

    >>> page_label("- 2 -"), page_label("— 12r —")
    ('2', '12r')
    """
    found = _PAGE.search(marker)
    return found.group() if found else marker.strip()


#: Where the base text stands at a column: the page (``None`` before any marker), the line and
#: the word of its last token up to there; the line is 0 before the first token.
Place = tuple[str | None, int, int]


@dataclass(frozen=True)
class LineNumbers:
    """The base text's numbering: where each line starts, and where the text stands at each column.

    Keys are ``(witness index, token start offset)``: the base text is made of
    the base witness's tokens (with a majority base, of each entry's lemma witness).
    """

    #: The line number printed beside the text where a line starts (counted from the last page marker).
    line_starts: dict[tuple[int, int], str]
    #: By alignment column: the place of the last base-text token up to there (page markers aside).
    places: list[Place]
    #: The reference of each page marker of the base text, by its column: the token's before it,
    #: or before any, its page's first line.
    markers: dict[int, str] = field(default_factory=dict)

    def ref(self, column: int) -> str:
        """The reference of the last base-text token up to ``column`` (``""`` before the first).

        Only the entries' references are written out, one string each: formatting
        one for every token of the base text took a third of this stage.
        """
        return _formatted(self.places[column])

    def token_ref(self, column: int) -> str:
        """The reference of the base-text token in ``column`` (a page marker's own, for a marker)."""
        found = self.markers.get(column)
        return found if found is not None else self.ref(column)


def _formatted(place: Place) -> str:
    page, line, word = place
    if line == 0:
        return ""
    where = f"l. {line}.{max(word, 1)}"
    return where if page is None else f"p. {page}, {where}"


def line_numbers(alignment: Alignment, lemma_of: Sequence[int]) -> LineNumbers:
    """Number the base text; ``lemma_of[c]`` is the witness whose token stands in column ``c``."""
    starts: dict[tuple[int, int], str] = {}
    places: list[Place] = []
    append = places.append
    page: str | None = None
    line = word = 0
    newline = True
    place: Place = (None, 0, 0)
    markers: dict[int, str] = {}
    pagination, wordish = Kind.PAGINATION, _WORDISH
    for c, (col, w) in enumerate(zip(alignment.columns, lemma_of, strict=True)):
        token = col[w]
        if token is not None:
            if token.kind is pagination:
                page, line, newline = page_label(token.text), 0, True
                # A page marker takes the reference of the token before it (or its page's first line).
                markers[c] = _formatted(place) or f"p. {page}, l. 1.1"
            else:
                if newline:
                    line, word, newline = line + 1, 0, False
                    starts[(w, token.start)] = str(line)
                if token.kind in wordish:
                    word += 1
                place = (page, line, word)
                ws = token.ws
                if "\n" in ws or "\r" in ws:
                    newline = True
        append(place)
    return LineNumbers(starts, places, markers)


def lemma_witnesses(alignment: Alignment, entries: Sequence[Entry], running: str) -> list[int]:
    """By column: the witness whose token is the base text's there (the entry's lemma witness inside an entry)."""
    sigla = alignment.sigla
    lemma_of = [sigla.index(running)] * len(alignment)
    for entry in entries:
        first, last = entry.columns
        for c in range(first, last + 1):
            lemma_of[c] = sigla.index(entry.base)
    return lemma_of


def assign_references(
    alignment: Alignment, entries: Sequence[Entry], running: str
) -> tuple[list[Entry], LineNumbers]:
    """``entries`` with their references on the base text (``running`` outside every entry), and the numbering."""
    numbers = line_numbers(alignment, lemma_witnesses(alignment, entries, running))
    result = []
    columns, sigla, ref = alignment.columns, alignment.sigla, numbers.ref
    for entry in entries:
        w = sigla.index(entry.base)
        first, last = entry.columns
        found = next((c for c in range(first, last + 1) if columns[c][w] is not None), None)
        if found is not None:
            text = numbers.token_ref(found)
        else:  # the base has nothing here: the word before, or at the start the first word
            text = ref(first - 1) if first > 0 else ""
            if not text:
                text = next((r for c in range(last + 1, len(columns)) if (r := ref(c))), "")
        result.append(replace(entry, ref=text))
    return result, numbers
