"""Rules every language pack shares: Unicode clean-up, case, apostrophes, quotes, dashes, punctuation.

>>> nfc("и\\u0306") == "й", case("ПЕКИН"), apostrophes("God’s"), quotes("«")
(True, 'пекин', "God's", '"')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from ..model import Kind, Token
from .registry import Rule
from .tables import DASHES, INVISIBLE, QUOTES

_PUNCT = Kind.PUNCT

# -- Unicode ----------------------------------------------------------------------------------


def nfc(form: str) -> str:
    """Unicode NFC composition.

    >>> nfc("и\\u0306") == "й"
    True
    """
    return form if form.isascii() else unicodedata.normalize("NFC", form)


def any_of(chars: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """A search for any of ``chars`` in a form: a compiled character class.

    Token rules run once per distinct form, and most look for a few characters
    first: ``frozenset.isdisjoint(form)`` makes a string object of every
    non-Latin-1 letter of the form, and was 3-4 times slower than this on the
    13,000 distinct Cyrillic words of the diff benchmark.

    >>> any_of("ѣі")("мѣсто") is not None, any_of("ѣі")("место") is not None
    (True, False)
    """
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(set(chars))) + "]").search


_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_HAS_INVISIBLE = any_of(INVISIBLE)


def invisible(form: str) -> str:
    """Remove soft hyphens, zero-width characters, the BOM and stray spaces from a form.

    >>> invisible("пара\\u00adллель")
    'параллель'
    """
    if _HAS_INVISIBLE(form) is None:
        return form
    return form.translate(_INVISIBLE)


# -- case and respelling ----------------------------------------------------------------------


def case(form: str) -> str:
    """Case folding.

    >>> case("ПЕКИН")
    'пекин'
    """
    return form.casefold()


def keep_case(original: str, lower: str) -> str:
    """Give ``lower`` (a respelling of ``original``) the case of ``original``, letter by letter.

    >>> keep_case("КРАСНАГО", "красного"), keep_case("Онѣ", "они"), keep_case("Shew", "show")
    ('КРАСНОГО', 'Они', 'Show')
    """
    if original.islower():
        return lower
    if len(original) == len(lower):
        return "".join(n.upper() if o.isupper() else n for o, n in zip(original, lower, strict=True))
    if original.isupper():
        return lower.upper()
    return lower[:1].upper() + lower[1:] if original[:1].isupper() else lower


#: The signs that stand for "and" (language-neutral here: the ampersand and the Tironian et).
_AND_SIGNS = frozenset("&⁊")


def ampersand(form: str) -> str:
    """``&`` and ``⁊`` are the word "and", so that they match a witness that writes it out.

    >>> ampersand("&"), ampersand("⁊"), ampersand("and")
    ('and', 'and', 'and')
    """
    return "and" if form in _AND_SIGNS else form


# -- punctuation ------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})
_HAS_APOSTROPHE = any_of("’ʼ‘`´")


def apostrophes(form: str) -> str:
    """An apostrophe inside a word is ' whichever character typed it (’ ʼ ‘).

    >>> apostrophes("God’s"), apostrophes("с’езд")
    ("God's", "с'езд")
    """
    if len(form) == 1 or _HAS_APOSTROPHE(form) is None:
        return form
    return form.translate(_APOSTROPHES)


_QUOTES = str.maketrans(QUOTES)
_DOUBLED_DOT = re.compile(r"\.{2,}")


def quotes(form: str) -> str:
    """Every quotation mark becomes ".

    >>> quotes("«")
    '"'
    """
    return form.translate(_QUOTES) if len(form) == 1 else form


def punctuation_spacing(form: str) -> str:
    """Doubled dots inside a date (``1.X..50`` = ``1.X.50``) and … for ... .

    Spacing around punctuation (``т.Булганину`` / ``т. Булганину``,
    ``товарищев ,`` / ``товарищев,``, ``1950г.`` / ``1950 г.``) never reaches
    the normalized forms: the tokenizer cuts both alike, and the apparatus
    reports the spacing itself as a punctuation variant.

    >>> punctuation_spacing("1.X..50"), punctuation_spacing("…")
    ('1.X.50', '...')
    """
    if form == "…":
        return "..."
    if ".." in form and form[:1].isdigit():
        return _DOUBLED_DOT.sub(".", form)
    return form


_DASH_CANDIDATES = frozenset({*DASHES, "-"})


# The sequence rules here change the registry's working list in place (a token's form only) and
# find their tokens with one list comprehension: on Python 3.11 that is faster than the
# map(attrgetter) and compress() scans they had, and than an isdisjoint() check before them.


def dashes(tokens: list[Token]) -> list[Token]:
    """A dash standing as punctuation (–, —, ―, −, or a hyphen with spaces round it) becomes —.

    A hyphen inside or glued to a word (``пять-шесть``, ``38-параллель``) is not a dash.
    """
    for i in [i for i, t in enumerate(tokens) if t.norm in _DASH_CANDIDATES and t.kind is _PUNCT]:
        token = tokens[i]
        new = DASHES.get(token.norm)
        if new is None and token.ws and (i == 0 or tokens[i - 1].ws):
            new = "—"  # a hyphen-minus with space on both sides
        if new is not None and new != token.norm:
            tokens[i] = token.normalized(new, "dashes")  # only the form changes: ws, read above, stays
    return tokens


def ignore_punctuation(tokens: list[Token]) -> list[Token]:
    """Punctuation marks get an empty norm: the aligner ignores them (the ``substance`` profile)."""
    for i in [i for i, t in enumerate(tokens) if t.kind is _PUNCT and t.norm]:
        tokens[i] = tokens[i].normalized("", "ignore_punctuation")
    return tokens


# -- the rules --------------------------------------------------------------------------------

NFC = Rule(
    "nfc",
    "Unicode NFC composition: the same letter typed as one code point or as letter + mark.",
    "unicode",
    examples=(("и\u0306од", "йод"),),
    token=nfc,
)
INVISIBLE_RULE = Rule(
    "invisible",
    "Soft hyphens, zero-width characters and the BOM are removed; NBSP and thin spaces are spaces.",
    "unicode",
    examples=(("пара\u00adллель", "параллель"), ("Мао\u200b", "Мао")),
    token=invisible,
)
CASE = Rule(
    "case",
    "Case folding: Пекин, ПЕКИН and пекин are one word.",
    "case",
    examples=(("ПЕКИН", "пекин"),),
    token=case,
)
AMPERSAND = Rule(
    "ampersand",
    "& and the Tironian ⁊ are the word and: & = and.",
    "abbreviation",
    examples=(("&", "and"), ("⁊", "and")),
    token=ampersand,
)
APOSTROPHES = Rule(
    "apostrophes",
    "An apostrophe inside a word is ' whichever character typed it: God’s = God's.",
    "punctuation",
    examples=(("God’s", "God's"), ("’", "’")),
    token=apostrophes,
)
QUOTES_RULE = Rule(
    "quotes",
    'Every quotation mark (« » „ “ ” " \') becomes ".',
    "punctuation",
    examples=(("«", '"'), ("“", '"')),
    token=quotes,
)
PUNCTUATION_SPACING = Rule(
    "punctuation_spacing",
    "Spacing and doubled dots: 1.X..50 = 1.X.50; т.Булганину = т. Булганину; товарищев , = товарищев,.",
    "punctuation",
    examples=(("1.X..50", "1.X.50"), ("т.Булганину", "т . Булганину")),
    token=punctuation_spacing,
)
DASHES_RULE = Rule(
    "dashes",
    "A dash standing as punctuation (–, —, ―, −, or a spaced hyphen) becomes —; a word hyphen stays.",
    "punctuation",
    examples=(("–", "—"), ("да - нет", "да — нет"), ("пять-шесть", "пять-шесть")),
    sequence=dashes,
)
IGNORE_PUNCTUATION = Rule(
    "ignore_punctuation",
    "Punctuation marks are ignored (empty norm); only in the substance profile.",
    "punctuation",
    examples=(("Однако, по", "Однако по"),),
    sequence=ignore_punctuation,
)

#: The Unicode rules that open every pack, and the punctuation rules that close it.
HEAD = (NFC, INVISIBLE_RULE)
TAIL = (APOSTROPHES, QUOTES_RULE, PUNCTUATION_SPACING, DASHES_RULE, IGNORE_PUNCTUATION)


# -- abbreviations ----------------------------------------------------------------------------

_WORD = Kind.WORD
_APOSTROPHE_TEXTS = frozenset("'’ʼ")


def abbreviations(
    rule: str, words: dict[str, str], titles: dict[str, str] | None = None
) -> Callable[[list[Token]], list[Token]]:
    """The sequence rule ``rule``: abbreviations written out in full, from a pack's tables.

    ``words`` (``thro`` -> ``through``) apply wherever the form stands;
    ``titles`` (``т`` -> ``товарищ``) only abbreviated before a name: a full
    stop glued to it, then a capitalized word (``т. Булганину``; ``тов
    Иванов`` and ``т. е.`` stay). An
    apostrophe glued to the abbreviation (``thro'``) belongs to it and is
    ignorable. ``&`` becomes a word token, so that it aligns with ``and``.
    """
    titles = titles or {}
    # Every casing the scan may meet, so that it is a set look-up per token (no lower()).
    keys = frozenset(v for k in (*words, *titles) for v in (k, k.capitalize(), k.upper()))

    def expand(tokens: list[Token]) -> list[Token]:
        hits = [i for i, t in enumerate(tokens) if t.norm in keys]
        if not hits:
            return tokens
        out: dict[int, Token] = {}  # written once every hit has been read from the unchanged list
        n = len(tokens)
        for i in hits:
            token = tokens[i]
            lower = token.norm.lower()
            full = words.get(lower)
            if full is None and lower not in titles:
                continue
            if full is None:
                # A title is abbreviated with a full stop, and a name follows: т. Булганину.
                j = i + 2
                if j >= n or tokens[i + 1].text != "." or token.ws:
                    continue
                if not tokens[j].text[:1].isupper() or tokens[j].kind is not _WORD:
                    continue
                full = titles[lower]
            elif token.kind is not _WORD and token.text != "&":
                continue
            norm = keep_case(token.norm, full) if token.norm != lower else full
            out[i] = Token(
                token.text, token.ws, token.start, token.end, token.line, token.column, _WORD, norm,
                (*token.rules, rule),
            )  # fmt: skip
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is not None and not token.ws and nxt.text in _APOSTROPHE_TEXTS and nxt.norm:
                out[i + 1] = nxt.normalized("", rule)
        for i, token in out.items():
            tokens[i] = token
        return tokens

    return expand
