"""Languages: which rule pack normalizes a witness and which lexicon judges its words.

A witness's language is, first of all, what the user says: ``--language`` on
the command line, ``language = "en"`` in a ``witnesses.toml`` manifest, or
``Witness.language``. Otherwise it is detected from the text:

1. *script*: the letters of the first 20,000 characters are counted by
   script; Cyrillic makes it Russian (``ru``), Greek makes it Greek (``el``);
2. *vocabulary*, for Latin script: English (``en``) when at least a fifth of
   the first 400 words are among wordfreq's 100 most frequent English words
   (English prose has about half its words there, French or Latin prose
   almost none); otherwise ``und``, a language collate has no pack for
   (Unicode, case and punctuation rules only; words judged by edit distance).

>>> detect("Я не сомневаюсь"), detect("It was on a dreary night of November"), detect("ἐν ἀρχῇ ἦν ὁ λόγος")
('ru', 'en', 'el')
>>> detect("Lorem ipsum dolor sit amet"), detect("1950")
('und', 'und')
>>> check_language("english", "language")
Traceback (most recent call last):
...
collate.errors.CollateError: language: unknown language 'english' (known: ru, en, el, und)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from .errors import CollateError
from .model import Token

#: The languages collate has a rule pack for, by code (ISO 639-1; ``und``: undetermined).
LANGUAGES: dict[str, str] = {"ru": "Russian", "en": "English", "el": "Greek", "und": "other"}

_SAMPLE = 20_000
_WORDS = 400
#: Share of the sampled words among the 100 most frequent English words that makes a text English.
ENGLISH_SHARE = 0.2
_LETTER = regex.compile(r"\p{L}")
_LATIN_WORD = regex.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def check_language(code: str, argument: str) -> str:
    """``code`` if collate knows the language, else a :class:`CollateError` naming ``argument``."""
    if not isinstance(code, str) or code not in LANGUAGES:
        raise CollateError(f"{argument}: unknown language {code!r} (known: {', '.join(LANGUAGES)})")
    return code


@cache
def _english_top() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.top_n_list("en", 100))


def detect(text: str | Sequence[Token]) -> str:
    """The language of a text (or of tokens' texts), by script and then vocabulary: see the module."""
    if not isinstance(text, str):
        parts: list[str] = []
        size = 0
        for token in text:
            parts.append(token.text)
            size += len(token.text) + 1
            if size > _SAMPLE:
                break
        text = " ".join(parts)
    sample = text[:_SAMPLE]
    counts = {"Cyrillic": 0, "Greek": 0, "Latin": 0}
    for ch in _LETTER.findall(sample):
        if "\u0400" <= ch <= "\u052f":
            counts["Cyrillic"] += 1
        elif "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            counts["Greek"] += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f" or ch == "ſ":
            counts["Latin"] += 1
    script = max(counts, key=lambda k: counts[k])
    if counts[script] == 0:
        return "und"
    if script == "Cyrillic":
        return "ru"
    if script == "Greek":
        return "el"
    words = [w.lower() for w in _LATIN_WORD.findall(sample.replace("ſ", "s"))[:_WORDS]]
    if words and sum(w in _english_top() for w in words) >= ENGLISH_SHARE * len(words):
        return "en"
    return "und"
