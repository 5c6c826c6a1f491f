"""Text -> tokens, losslessly.

One ``regex`` pattern with a named group per token kind cuts the text into
tokens; the whitespace after each token stays with it, so joining every
token's ``text`` and ``ws`` (after the leading whitespace) rebuilds the witness
exactly. Offsets, lines and columns are kept on every token.

Kinds, tried in this order at each position (a word, the commonest, first:
no other kind but ``symbol`` can start with a letter, ``&`` or ``⁊``, so
trying it first changes no token, and saved a fifth of the scan):

``word``        letters with inner hyphens and apostrophes: ``пять-шесть``,
                ``ЦЗЕ-ДУНУ``, ``д'Артаньян`` (soft hyphens and joiners inside are kept);
                digits after the first letter stay in the word (``zin2``, ``Ms1``,
                so a siglum or a numbered word matches itself); ``&`` and the
                Tironian ``⁊`` are words too (the ``ampersand`` rule reads them ``and``)
``pagination``  a page marker alone on its line: ``- 2 -``
``editorial``   a bracketed editorial insertion on one line: ``[из Сочи]``
``number``      dates and numbers: ``1.X.50``, ``1.X..50``, ``16``, ``2,5``;
                ordinals with a short suffix stay whole: ``5-й``, ``38-го``
``punct``       one punctuation mark (an ellipsis ``...`` is one mark)
``symbol``      any other single character
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from .model import Kind, Token

# Letters, combining marks (stress) and format characters (soft hyphen, ZWJ)
# belong to the word they stand in; so do digits after its first letter.
_L = r"[\p{L}\p{M}\p{Cf}]"
_LD = r"[\p{L}\p{M}\p{Cf}\p{Nd}]"
_WORD = rf"\p{{L}}{_LD}*(?:['’ʼ\-‐]\p{{L}}{_LD}*)*|[&⁊]"
_ROMAN = r"(?:[IVXLC]+|[ivxlc]+)"

_TOKEN = regex.compile(
    rf"""
    (?P<word>{_WORD})
  | (?P<pagination>(?<=(?:^|[\r\n])[^\S\r\n]*)[-–—][^\S\r\n]*\d+[^\S\r\n]*[-–—](?=[^\S\r\n]*(?:[\r\n]|$)))
  | (?P<editorial>\[[^\[\]\r\n]{{1,200}}\])
  | (?P<number>\d{{1,2}}\.+(?:{_ROMAN}|\d{{1,2}})\.+\d{{2,4}}(?!\d)
              | \d+-\p{{L}}{{1,3}}(?!{_L})
              | \d+(?:[.,:]\d+)*(?!\d))
  | (?P<punct>\.{{2,}}|\p{{P}})
  | (?P<symbol>[^\s\x1c-\x1f])
    """,
    regex.VERBOSE | regex.V0,
)
# Python's str.isspace() also counts the information separators U+001C..U+001F.
_SPACE = regex.compile(r"[\s\x1c-\x1f]*")
_NEWLINE = regex.compile(r"\r\n|\r|\n")
_KINDS = {kind.value: kind for kind in Kind}
#: The kind of each group of _TOKEN by its number (the groups hold no inner capturing group).
_KIND_OF_GROUP = [None] + [
    _KINDS[name] for name, _ in sorted(_TOKEN.groupindex.items(), key=lambda item: item[1])
]


class LineIndex:
    """Maps character offsets to 1-based (line, column); ``\\r\\n``, ``\\r`` and ``\\n`` end lines.

    >>> LineIndex("ab\\r\\ncd\\re").position(5)
    (2, 2)
    >>> LineIndex("ab\\r\\ncd\\re").position(7)
    (3, 1)
    """

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def tokenize(text: str) -> tuple[Token, ...]:
    """Cut ``text`` into tokens with offsets, lines, columns and trailing whitespace.

    >>> [(t.text, t.kind.value) for t in tokenize("Передано т.Булганину [из Сочи]")]
    [('Передано', 'word'), ('т', 'word'), ('.', 'punct'), ('Булганину', 'word'), ('[из Сочи]', 'editorial')]
    >>> [t.text for t in tokenize("1.X..50 г. пять-шесть 5-й 38-параллель")]
    ['1.X..50', 'г', '.', 'пять-шесть', '5-й', '38', '-', 'параллель']
    >>> [t.kind.value for t in tokenize("текст\\n- 2 -\\nтекст")]
    ['word', 'pagination', 'word']
    """
    # The hot loop of a book-length witness: one finditer (between two matches
    # there is only whitespace, since the symbol group takes any other
    # character), the kind from the group's number, tuples built directly, and
    # lines counted as the scan passes them. 30,000 words of Russian: 0.17 s
    # with a match per token and a Token() call each, 0.12 s so.
    starts = LineIndex(text).starts
    kinds = _KIND_OF_GROUP
    new, cls = tuple.__new__, Token
    n = len(text)
    matches = list(_TOKEN.finditer(text))
    ws_ends = [m.start() for m in matches]
    ws_ends.append(n)
    tokens = []
    append = tokens.append
    line, next_start = 0, 0
    n_lines = len(starts)
    for m, ws_end in zip(matches, ws_ends[1:], strict=True):
        pos, end = m.span()
        while next_start <= pos:
            line += 1
            next_start = starts[line] if line < n_lines else n + 1
        token_text = m.group()
        column = pos - starts[line - 1] + 1
        # Token's own fields, in order (text, ws, start, end, line, column, kind, norm, rules).
        append(
            new(
                cls,
                (token_text, text[end:ws_end], pos, end, line, column, kinds[m.lastindex], token_text, ()),
            )
        )
    return tuple(tokens)


def leading_space(text: str) -> str:
    """The whitespace before a text's first token (not part of any token)."""
    return _SPACE.match(text).group()


def detokenize(tokens: Sequence[Token], lead: str = "") -> str:
    """Rebuild the text from its tokens: the inverse of :func:`tokenize`.

    >>> text = "  Однако, по  поступившим\\n"
    >>> detokenize(tokenize(text), leading_space(text)) == text
    True
    """
    return lead + "".join(t.text + t.ws for t in tokens)
