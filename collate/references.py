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
from dataclasses import dataclass, replace

import regex

from .model import Alignment, Entry, Kind

__all__ = ["LineNumbers", "assign_references", "line_numbers"]

_WORDISH = frozenset({Kind.WORD, Kind.NUMBER, Kind.SYMBOL})
_PAGE = regex.compile(r"[\p{L}\p{N}]+(?:[.:/][\p{L}\p{N}]+)*")


def page_label(marker: str) -> str:
    """The page a marker names: ``- 2 -`` -> ``2``, ``- 12r -`` -> ``12r``.

    >>> page_label("- 2 -"), page_label("— 12r —")
    ('2', '12r')
    """
    found = _PAGE.search(marker)
    return found.group() if found else marker.strip()


@dataclass(frozen=True)
class LineNumbers:
    """The base text's numbering: a reference per token, and where each line starts.

    Keys are ``(witness index, token start offset)``: the base text is made of
    the base witness's tokens (with a majority base, of each entry's lemma witness).
    """

    refs: dict[tuple[int, int], str]
    #: The line number printed beside the text where a line starts (counted from the last page marker).
    line_starts: dict[tuple[int, int], str]
    #: By alignment column: the reference of the last base-text token up to there.
    last_ref: list[str]


def line_numbers(alignment: Alignment, lemma_of: Sequence[int]) -> LineNumbers:
    """Number the base text; ``lemma_of[c]`` is the witness whose token stands in column ``c``."""
    refs: dict[tuple[int, int], str] = {}
    starts: dict[tuple[int, int], str] = {}
    last_ref: list[str] = []
    page: str | None = None
    line = word = 0
    newline = True
    current = ""
    for c, col in enumerate(alignment.columns):
        w = lemma_of[c]
        token = col[w]
        if token is not None:
            key = (w, token.start)
            if token.kind is Kind.PAGINATION:
                page, line, newline = page_label(token.text), 0, True
                refs[key] = current or f"p. {page}, l. 1.1"
            else:
                if newline:
                    line, word, newline = line + 1, 0, False
                    starts[key] = str(line)
                if token.kind in _WORDISH:
                    word += 1
                where = f"l. {line}.{max(word, 1)}"
                current = where if page is None else f"p. {page}, {where}"
                refs[key] = current
                if "\n" in token.ws or "\r" in token.ws:
                    newline = True
        last_ref.append(current)
    return LineNumbers(refs, starts, last_ref)


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
    for entry in entries:
        w = alignment.sigla.index(entry.base)
        first, last = entry.columns
        ref = ""
        for c in range(first, last + 1):
            token = alignment.columns[c][w]
            if token is not None:
                ref = numbers.refs[(w, token.start)]
                break
        if not ref:  # the base has nothing here: the word before, or at the start the first word
            ref = numbers.last_ref[first - 1] if first > 0 else ""
            if not ref:
                ref = next((r for r in numbers.last_ref[last + 1 :] if r), "")
        result.append(replace(entry, ref=ref))
    return result, numbers
