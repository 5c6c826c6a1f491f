"""Character tables, one comment per entry, validated when loaded."""

from __future__ import annotations

from ..errors import RuleError


def _validate_char_map(name: str, table: dict[str, str]) -> dict[str, str]:
    for key, value in table.items():
        if len(key) != 1:
            raise RuleError(f"table {name}: key {key!r} is not one character")
        if not isinstance(value, str):
            raise RuleError(f"table {name}: value for {key!r} is not text")
    return table


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
