"""The built-in rules. Importing this module registers them, in application order."""

from __future__ import annotations

import unicodedata

from .registry import Rule, register
from .tables import DASHES, QUOTES


def _nfc(form: str) -> str:
    return unicodedata.normalize("NFC", form)


def _case(form: str) -> str:
    return form.casefold()


def _yo(form: str) -> str:
    return form.replace("ё", "е").replace("Ё", "Е")


_QUOTES = str.maketrans(QUOTES)
_DASHES = str.maketrans(DASHES)

register(
    Rule(
        "nfc",
        "Unicode NFC composition: the same letter typed as one code point or as letter + mark.",
        "unicode",
        examples=(("й", "й"),),
        token=_nfc,
    )
)
register(
    Rule(
        "case",
        "Case folding: Пекин, ПЕКИН and пекин are one word.",
        "case",
        examples=(("ПЕКИН", "пекин"),),
        token=_case,
    )
)
register(
    Rule(
        "yo",
        "ё is written е in most printed Russian: ещё = еще.",
        "orthographic",
        examples=(("ещё", "еще"),),
        token=_yo,
    )
)
register(
    Rule(
        "quotes",
        'Every quotation mark (« » „ “ ” " \') becomes ".',
        "punctuation",
        examples=(("«", '"'), ("“", '"')),
        token=lambda form: form.translate(_QUOTES),
    )
)
register(
    Rule(
        "dashes",
        "A dash standing as punctuation (–, —, ―, −) becomes —.",
        "punctuation",
        examples=(("–", "—"),),
        token=lambda form: form.translate(_DASHES) if len(form) == 1 else form,
    )
)
