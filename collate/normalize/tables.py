"""Rule tables: character maps, word lists and syllable inventories, validated when loaded.

The small punctuation maps live here with one comment per entry; the larger
orthographic tables are TOML files in ``data/`` (one comment per entry there).
Every table is checked at import, so a bad entry fails when collate is
imported, never in the middle of a collation.

>>> PRE1956_WORDS["итти"]
'идти'
>>> "цзэ" in PALLADIUS_SYLLABLES and PALLADIUS_ALTERNATION["цзе"]
'цзэ'
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import regex

from ..errors import RuleError

_CYRILLIC_WORD = regex.compile(r"[\p{Cyrillic}]+")
_LATIN_WORD = regex.compile(r"[a-z&][a-z'\-]*")
_GREEK_WORD = regex.compile(r"[\p{Greek}]+")
_SCRIPTS = {"Cyrillic": _CYRILLIC_WORD, "Latin": _LATIN_WORD, "Greek": _GREEK_WORD}


def _validate_char_map(name: str, table: dict[str, str]) -> dict[str, str]:
    for key, value in table.items():
        if len(key) != 1:
            raise RuleError(f"table {name}: key {key!r} is not one character")
        if not isinstance(value, str):
            raise RuleError(f"table {name}: value for {key!r} is not text")
    return table


def _validate_word_map(
    name: str, table: Any, *, same_length: bool = False, script: str = "Cyrillic"
) -> dict[str, str]:
    """A map of lower-case words (or word parts) of ``script`` to different lower-case words.

    >>> _validate_word_map("spellings", {"shew": "Show"}, script="Latin")
    Traceback (most recent call last):
    ...
    collate.errors.RuleError: table spellings: 'Show' is not a lower-case Latin word
    """
    pattern = _SCRIPTS[script]
    if not isinstance(table, dict) or not table:
        raise RuleError(f"table {name}: expected a non-empty table of words")
    for key, value in table.items():
        if not isinstance(value, str):
            raise RuleError(f"table {name}: value for {key!r} is not text")
        for word in (key, value):
            if not pattern.fullmatch(word) or word != word.lower():
                raise RuleError(f"table {name}: {word!r} is not a lower-case {script} word")
        if key == value:
            raise RuleError(f"table {name}: {key!r} maps to itself")
        if same_length and len(key) != len(value):
            raise RuleError(f"table {name}: {key!r} and {value!r} differ in length")
    return dict(table)


def _validate_word_list(name: str, words: Any, script: str) -> frozenset[str]:
    """A list of distinct lower-case words of ``script``."""
    if not isinstance(words, list) or not words:
        raise RuleError(f"table {name}: expected a non-empty list of words")
    for word in words:
        if not isinstance(word, str) or not _SCRIPTS[script].fullmatch(word) or word != word.lower():
            raise RuleError(f"table {name}: {word!r} is not a lower-case {script} word")
        if words.count(word) > 1:
            raise RuleError(f"table {name}: {word!r} is listed twice")
    return frozenset(words)


def _load(filename: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", filename).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - caught by the test suite
        raise RuleError(f"collate/normalize/data/{filename}: {exc}") from None


def _section(data: dict[str, Any], filename: str, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            raise RuleError(f"collate/normalize/data/{filename}: missing table [{'.'.join(path)}]")
        data = data[key]
    return data


def load_palladius(data: dict[str, Any]) -> tuple[frozenset[str], dict[str, str]]:
    """Validate the Palladius tables; return (every syllable incl. variants, older -> modern).

    >>> load_palladius({"syllables": {"z": ["цзэ"]}, "variants": {"e": ["цзе"]},
    ...                 "alternation": {"цзе": "цзэ"}})[1]
    {'цзе': 'цзэ'}
    >>> load_palladius({"syllables": {"z": ["цзэ", "цзэ"]}, "variants": {}, "alternation": {}})
    Traceback (most recent call last):
    ...
    collate.errors.RuleError: palladius: syllable 'цзэ' is listed twice
    """
    modern: set[str] = set()
    for group, syllables in _section(data, "palladius.toml", "syllables").items():
        if not isinstance(syllables, list):
            raise RuleError(f"palladius: [syllables] {group} is not a list")
        for syllable in syllables:
            if not isinstance(syllable, str) or not _CYRILLIC_WORD.fullmatch(syllable):
                raise RuleError(f"palladius: {syllable!r} is not a Cyrillic syllable")
            if syllable != syllable.lower():
                raise RuleError(f"palladius: syllable {syllable!r} is not lower case")
            if syllable in modern:
                raise RuleError(f"palladius: syllable {syllable!r} is listed twice")
            modern.add(syllable)
    variants: set[str] = set()
    for syllables in _section(data, "palladius.toml", "variants").values():
        for syllable in syllables:
            if not isinstance(syllable, str) or not _CYRILLIC_WORD.fullmatch(syllable):
                raise RuleError(f"palladius: variant {syllable!r} is not a Cyrillic syllable")
            variants.add(syllable)
    alternation = dict(_section(data, "palladius.toml", "alternation"))
    for old, new in alternation.items():
        if old not in variants:
            raise RuleError(f"palladius: alternation {old!r} is not a listed variant")
        if new not in modern:
            raise RuleError(f"palladius: alternation {old!r} -> {new!r}: not a syllable")
    for variant in variants:
        if variant not in alternation:
            raise RuleError(f"palladius: variant {variant!r} has no alternation")
    return frozenset(modern | variants), alternation


QUOTES = _validate_char_map(
    "QUOTES",
    {
        "«": '"',  # U+00AB left guillemet (Russian "ёлочки")
        "»": '"',  # U+00BB right guillemet
        "„": '"',  # U+201E low double quote (Russian "лапки", opening)
        "“": '"',  # U+201C left double quote (English opening, Russian "лапки" closing)
        "”": '"',  # U+201D right double quote
        "‟": '"',  # U+201F double high-reversed-9 quote
        "'": '"',  # U+0027 typewriter apostrophe used as a quote
        "‘": '"',  # U+2018 left single quote
        "’": '"',  # U+2019 right single quote (as a quote; inside words it is kept by the tokenizer)
        "‚": '"',  # U+201A low single quote
        "‹": '"',  # U+2039 single left guillemet
        "›": '"',  # U+203A single right guillemet
    },
)

DASHES = _validate_char_map(
    "DASHES",
    {
        "–": "—",  # U+2013 en dash, typed for a dash
        "—": "—",  # U+2014 em dash (the Russian dash)
        "―": "—",  # U+2015 horizontal bar
        "−": "—",  # U+2212 minus sign, typed for a dash
        "‒": "—",  # U+2012 figure dash
    },
)

_ORTHOGRAPHY = _load("orthography.toml")

HOMOGLYPHS = _validate_char_map("homoglyphs", _section(_ORTHOGRAPHY, "orthography.toml", "homoglyphs"))
for _latin, _cyrillic in HOMOGLYPHS.items():
    if not (_latin.isascii() or _latin in "ëË") or not _CYRILLIC_WORD.fullmatch(_cyrillic):
        raise RuleError(f"table homoglyphs: {_latin!r} -> {_cyrillic!r} is not Latin -> Cyrillic")

INVISIBLE = _validate_char_map("invisible", _section(_ORTHOGRAPHY, "orthography.toml", "invisible"))

PREREFORM_LETTERS = _validate_char_map(
    "prereform.letters", _section(_ORTHOGRAPHY, "orthography.toml", "prereform", "letters")
)
PREREFORM_WORDS = _validate_word_map(
    "prereform.words", _section(_ORTHOGRAPHY, "orthography.toml", "prereform", "words")
)
PREREFORM_ENDINGS = _validate_word_map(
    "prereform.endings",
    _section(_ORTHOGRAPHY, "orthography.toml", "prereform", "endings"),
    same_length=True,
)
PREREFORM_PREFIXES = _validate_word_map(
    "prereform.prefixes",
    _section(_ORTHOGRAPHY, "orthography.toml", "prereform", "prefixes"),
    same_length=True,
)
PRE1956_WORDS = _validate_word_map(
    "pre1956.words", _section(_ORTHOGRAPHY, "orthography.toml", "pre1956", "words")
)
PRE1956_STEMS = _validate_word_map(
    "pre1956.stems", _section(_ORTHOGRAPHY, "orthography.toml", "pre1956", "stems"), same_length=True
)

PALLADIUS_SYLLABLES, PALLADIUS_ALTERNATION = load_palladius(_load("palladius.toml"))

RUSSIAN_TITLES = _validate_word_map("titles", _section(_ORTHOGRAPHY, "orthography.toml", "titles"))

_ENGLISH = _load("english.toml")
ENGLISH_SPELLINGS = _validate_word_map(
    "english spellings", _section(_ENGLISH, "english.toml", "spellings"), script="Latin"
)
ENGLISH_OUR_KEEP = _validate_word_list(
    "english our.keep", _section(_ENGLISH, "english.toml", "our", "keep"), "Latin"
)
ENGLISH_IZE_KEEP = _validate_word_list(
    "english ize.keep", _section(_ENGLISH, "english.toml", "ize", "keep"), "Latin"
)
ENGLISH_CONTRACTIONS = _validate_word_map(
    "english contractions", _section(_ENGLISH, "english.toml", "contractions"), script="Latin"
)

_GREEK = _load("greek.toml")
NOMINA_SACRA = _validate_word_map(
    "nomina_sacra", _section(_GREEK, "greek.toml", "nomina_sacra"), script="Greek"
)
MOVABLE_NU_ENDINGS = tuple(
    sorted(
        _validate_word_list(
            "movable_nu.endings", _section(_GREEK, "greek.toml", "movable_nu", "endings"), "Greek"
        ),
        key=len,
        reverse=True,
    )
)
MOVABLE_NU_KEEP = _validate_word_list(
    "movable_nu.keep", _section(_GREEK, "greek.toml", "movable_nu", "keep"), "Greek"
)
ITACISM = _validate_word_map("itacism", _section(_GREEK, "greek.toml", "itacism"), script="Greek")
for _ending in MOVABLE_NU_ENDINGS:
    if not _ending.endswith("ν"):
        raise RuleError(f"table movable_nu.endings: {_ending!r} does not end in ν")
