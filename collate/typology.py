"""The variant typology: categories and types, their rank and display, in one table.

Every module that names a category or a type reads it from here: the
classifier, the apparatus, the reporters, the CLI's ``--only``/``--ignore`` and
the HTML filters. Both are :class:`~enum.StrEnum`, so they compare equal to
(and serialize as) the strings of the JSON contract: ``Category.SUBSTANTIVE ==
"substantive"``.

A user regularization class (``class = "misreading"`` in a rules file) is a type
that this module does not know: it is accidental, ranked just above the built-in
accidental types, and :func:`type_info` gives it its category's display.

>>> VariantType.LEXICAL.category, VariantType.LEXICAL.label
('substantive', 'lexical')
>>> category_of("pagination"), category_of("misreading")
('editorial', 'accidental')
>>> ordered({"case", "lexical", "misreading"})
('lexical', 'misreading', 'case')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import CollateError

__all__ = [
    "CATEGORIES",
    "TYPES",
    "Category",
    "TypeInfo",
    "VariantType",
    "category_of",
    "check_labels",
    "matches",
    "ordered",
    "rank",
    "type_info",
]


class Category(StrEnum):
    """How much a difference matters to the text."""

    SUBSTANTIVE = "substantive"  # the words differ
    ACCIDENTAL = "accidental"  # the same words, written otherwise
    EDITORIAL = "editorial"  # the transcriber's matter, not the text's

    def __repr__(self) -> str:
        # Shown as the string it serializes to, so that reprs, doctests and
        # notebooks read 'substantive', as the JSON does.
        return repr(self.value)

    @property
    def colour(self) -> str:
        """The category's ink (HTML, LaTeX), a family per category."""
        return _CATEGORY_DISPLAY[self][0]

    @property
    def style(self) -> str:
        """The category's style in the terminal (rich)."""
        return _CATEGORY_DISPLAY[self][1]


_CATEGORY_DISPLAY = {
    Category.SUBSTANTIVE: ("#b2182b", "bold red"),
    Category.ACCIDENTAL: ("#2166ac", "yellow"),
    Category.EDITORIAL: ("#4d4d4d", "cyan"),
}


class VariantType(StrEnum):
    """The kind of a difference, most significant first (the declaration order is the rank)."""

    LEXICAL = "lexical"
    GRAMMATICAL = "grammatical"
    REWRITE = "rewrite"
    TRANSPOSITION = "transposition"
    ADDITION = "addition"
    OMISSION = "omission"
    ABBREVIATION = "abbreviation"
    TRANSLITERATION = "transliteration"
    ORTHOGRAPHIC = "orthographic"
    WORD_DIVISION = "word-division"
    CASE = "case"
    PUNCTUATION = "punctuation"
    UNICODE = "unicode"
    EDITORIAL = "editorial"
    PAGINATION = "pagination"

    def __repr__(self) -> str:
        return repr(self.value)

    @property
    def info(self) -> TypeInfo:
        """The type's row of the typology table."""
        return _TABLE[self]

    @property
    def category(self) -> Category:
        """The type's category."""
        return _TABLE[self].category

    @property
    def label(self) -> str:
        """How reports name the type."""
        return _TABLE[self].label

    @property
    def colour(self) -> str:
        """The type's ink in HTML and LaTeX."""
        return _TABLE[self].colour


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """One row of the typology: a type's category, rank, label, abbreviation, colour and meaning."""

    name: str
    category: Category
    rank: float
    label: str
    colour: str
    description: str
    #: The conventional apparatus notation, where there is one (``om.``, ``add.``, ``tr.``).
    siglum: str = ""


def _rows() -> dict[VariantType, TypeInfo]:
    s, a, e = Category.SUBSTANTIVE, Category.ACCIDENTAL, Category.EDITORIAL
    rows = [
        (VariantType.LEXICAL, s, "#b2182b", "different words", ""),
        (VariantType.GRAMMATICAL, s, "#d6604d", "one lemma in another form, or closely related lemmas", ""),
        (VariantType.REWRITE, s, "#67001f", "a passage the witnesses word wholly differently", ""),
        (VariantType.TRANSPOSITION, s, "#8e0152", "the same words in another order nearby", "tr."),
        (VariantType.ADDITION, s, "#762a83", "words the base does not have", "add."),
        (VariantType.OMISSION, s, "#5e3c99", "base words a witness does not have", "om."),
        (VariantType.ABBREVIATION, a, "#003c30", "a word written short or in full", ""),
        (VariantType.TRANSLITERATION, a, "#01665e", "another romanization/cyrillization of a name", ""),
        (VariantType.ORTHOGRAPHIC, a, "#2166ac", "another spelling of the same word", ""),
        (VariantType.WORD_DIVISION, a, "#4393c3", "words joined, hyphenated or split differently", ""),
        (VariantType.CASE, a, "#35978f", "letter case only", ""),
        (VariantType.PUNCTUATION, a, "#1b7837", "marks and the spacing around them", ""),
        (VariantType.UNICODE, a, "#737373", "the same letter in another Unicode form", ""),
        (VariantType.EDITORIAL, e, "#4d4d4d", "a transcriber's bracketed insertion", ""),
        (VariantType.PAGINATION, e, "#8c8c8c", "a page marker", ""),
    ]
    return {
        t: TypeInfo(str(t), cat, float(i), str(t), colour, description, notation)
        for i, (t, cat, colour, description, notation) in enumerate(rows)
    }


_TABLE = _rows()

#: The categories, most significant first.
CATEGORIES: tuple[Category, ...] = tuple(Category)
#: Every built-in type, most significant first.
TYPES: tuple[VariantType, ...] = tuple(VariantType)
# A user regularization class ranks just above the built-in accidental types.
_USER_RANK = min(i.rank for i in _TABLE.values() if i.category is Category.ACCIDENTAL) - 0.5


def type_info(name: str) -> TypeInfo:
    """The typology row of a type; a user class gets an accidental row of its own.

    >>> type_info("misreading").category, type_info("misreading").colour
    ('accidental', '#2166ac')
    """
    try:
        return _TABLE[VariantType(name)]
    except ValueError:
        cat = Category.ACCIDENTAL
        return TypeInfo(name, cat, _USER_RANK, name, cat.colour, "a user regularization class")


def category_of(name: str) -> Category:
    """The category of a type (a user class is accidental)."""
    return type_info(name).category


def rank(name: str) -> tuple[float, str]:
    """A sort key: most significant type first, user classes by name among themselves."""
    return (type_info(name).rank, name)


def ordered(types: Iterable[str]) -> tuple[str, ...]:
    """Types sorted most significant first, as plain strings (user classes before built-in accidentals)."""
    return tuple(str(t) for t in sorted(set(types), key=rank))


def matches(category: str, types: Sequence[str], labels: Iterable[str]) -> bool:
    """True when an entry of ``category`` and ``types`` matches any of ``labels``.

    The one meaning of ``--only case`` for the CLI, the library and the HTML
    page: a label is a category or a type, and an entry matches a type label
    when *any* of its types is that type.

    >>> matches("substantive", ("lexical", "case"), ["case"])
    True
    >>> matches("accidental", ("punctuation",), ["substantive", "lexical"])
    False
    """
    wanted = set(labels)
    return category in wanted or any(t in wanted for t in types)


def check_labels(labels: Iterable[str], argument: str, known: Iterable[str] = ()) -> tuple[str, ...]:
    """Validate filter labels (categories, types, or the ``known`` user classes); return them as a tuple.

    A single string is one label. Raises :class:`~collate.errors.CollateError`
    naming ``argument`` for a label that is neither.

    >>> check_labels("substantive", "only")
    ('substantive',)
    >>> check_labels(["substantial"], "only")
    Traceback (most recent call last):
    ...
    collate.errors.CollateError: only: unknown label 'substantial' (categories: substantive, accidental, editorial; types: lexical, grammatical, rewrite, transposition, addition, omission, abbreviation, transliteration, orthographic, word-division, case, punctuation, unicode, editorial, pagination)
    """
    items = (labels,) if isinstance(labels, str) else tuple(labels)
    valid = {*CATEGORIES, *TYPES, *known}
    for label in items:
        if not isinstance(label, str) or label not in valid:
            extra = f"; user classes: {', '.join(sorted(known))}" if known else ""
            raise CollateError(
                f"{argument}: unknown label {label!r} (categories: {', '.join(CATEGORIES)}; "
                f"types: {', '.join(TYPES)}{extra})"
            )
    return tuple(str(x) for x in items)
