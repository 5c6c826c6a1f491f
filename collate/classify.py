"""Variant typology: what kind of difference an apparatus entry records.

Categories and their types (the exact vocabulary of JSON, CSV, filters and docs):

* ``substantive``: ``lexical``, ``grammatical``, ``transposition``, ``addition``, ``omission``
* ``accidental``: ``transliteration``, ``orthographic``, ``word-division``, ``case``,
  ``punctuation``, ``unicode``
* ``editorial``: ``editorial``, ``pagination``

An accidental entry names the normalization rules that made its readings
equal: each rule that, switched off, would leave the readings different.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import EDITORIAL_KINDS, Kind, Reading, Token

SUBSTANTIVE_TYPES = ("lexical", "grammatical", "transposition", "addition", "omission")
ACCIDENTAL_TYPES = (
    "transliteration",
    "orthographic",
    "word-division",
    "case",
    "punctuation",
    "unicode",
)
EDITORIAL_TYPES = ("editorial", "pagination")

#: Every type, most significant first, with its category.
CATEGORY_OF: dict[str, str] = {
    **dict.fromkeys(SUBSTANTIVE_TYPES, "substantive"),
    **dict.fromkeys(ACCIDENTAL_TYPES, "accidental"),
    **dict.fromkeys(EDITORIAL_TYPES, "editorial"),
}
CATEGORIES = ("substantive", "accidental", "editorial")
_RANK = {t: i for i, t in enumerate(CATEGORY_OF)}

WORDISH = frozenset({Kind.WORD, Kind.NUMBER, Kind.SYMBOL})


@dataclass(frozen=True)
class Classification:
    """The outcome of classifying one place of variation."""

    type: str
    types: tuple[str, ...]
    category: str
    rules: tuple[str, ...] = ()
    note: str = ""


def words(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The normalized forms of the word-like tokens (words, numbers, symbols)."""
    return tuple(t.norm for t in tokens if t.kind in WORDISH and t.norm)


def puncts(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The normalized forms of the punctuation tokens."""
    return tuple(t.norm for t in tokens if t.kind is Kind.PUNCT and t.norm)


def ordered(types: set[str] | Sequence[str]) -> tuple[str, ...]:
    """Types sorted most significant first.

    >>> ordered({"case", "lexical", "punctuation"})
    ('lexical', 'case', 'punctuation')
    """
    return tuple(sorted(set(types), key=_RANK.__getitem__))


def classify(readings: Sequence[Reading], base: str, profile: object) -> Classification:
    """Classify the readings of one entry against the base witness's reading."""
    editorial = _editorial_types(readings)
    text_readings = [tuple(t for t in r.tokens if t.kind not in EDITORIAL_KINDS) for r in readings]
    texts = {_plain(toks) for toks in text_readings}
    if editorial and len(texts) == 1:
        return _result(editorial, ())

    base_tokens = next(toks for r, toks in zip(readings, text_readings, strict=True) if r.siglum == base)
    base_words = words(base_tokens)
    types: set[str] = set(editorial)
    word_forms = {words(toks) for toks in text_readings}
    if len(word_forms) > 1:
        others = [words(toks) for r, toks in zip(readings, text_readings, strict=True) if r.siglum != base]
        if not base_words:
            types.add("addition")
        elif any(not w for w in others):
            types.add("omission")
        replaced = [w for w in others if w and w != base_words]
        if base_words and replaced:
            types.add(_substitution_type(base_words, replaced))
        return _result(types, ())

    # Same words: an accidental difference. Which rules made the readings equal?
    rules = _necessary_rules(tuple(_original(toks) for toks in text_readings), profile)
    from .normalize import RULES

    types.update(RULES[name].variant_type for name in rules if name in RULES)
    if len({puncts(toks) for toks in text_readings}) > 1 or _spacing_differs(text_readings):
        types.add("punctuation")
    if not types:
        types.add("orthographic")
    return _result(types, rules)


def _substitution_type(base_words: tuple[str, ...], others: Sequence[tuple[str, ...]]) -> str:
    # Refined by morphology in later work; without it, any other word is lexical.
    return "lexical"


def _editorial_types(readings: Sequence[Reading]) -> set[str]:
    kinds = {t.kind for r in readings for t in r.tokens}
    found = set()
    if Kind.EDITORIAL in kinds:
        found.add("editorial")
    if Kind.PAGINATION in kinds:
        found.add("pagination")
    return found


def _plain(tokens: Sequence[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _original(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    return "".join(t.text + t.ws for t in tokens[:-1]) + tokens[-1].text


def _spacing_differs(readings: Sequence[Sequence[Token]]) -> bool:
    shapes = {tuple((t.text, bool(t.ws)) for t in toks[:-1]) for toks in readings if toks}
    return len(shapes) > 1


def _result(types: set[str] | Sequence[str], rules: Sequence[str]) -> Classification:
    found = ordered(types)
    return Classification(found[0], found, CATEGORY_OF[found[0]], tuple(rules))


def _necessary_rules(texts: tuple[str, ...], profile: object) -> tuple[str, ...]:
    """The rules of ``profile`` without which the texts would no longer normalize alike."""
    return _necessary_rules_cached(texts, profile)


@lru_cache(maxsize=65536)
def _necessary_rules_cached(texts: tuple[str, ...], profile: object) -> tuple[str, ...]:
    from .normalize import normalize
    from .tokenize import tokenize

    def forms(p: object) -> set[tuple[str, ...]]:
        return {words(normalize(tokenize(text), p)) for text in texts}

    fired = [
        name
        for name in profile.rule_names  # type: ignore[attr-defined]
        if any(name in t.rules for text in texts for t in normalize(tokenize(text), profile))
    ]
    return tuple(name for name in fired if len(forms(profile.switched([f"-{name}"]))) > 1)  # type: ignore[attr-defined]
