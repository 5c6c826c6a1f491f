"""Word lists and lemmas for languages other than Russian: wordfreq and simplemma, loaded lazily.

English and Greek rules that could damage a word (u/v, -ise/-ize) ask whether a
form is a real word; the classifier asks for lemmas. Both libraries ship their
data, so nothing is fetched at run time. wordfreq gives a word's frequency on
the Zipf scale (log10 of occurrences per billion words: ``the`` is 7.7, a word
seen once in a million words is 3); simplemma maps an inflected form to its
lemma from a dictionary of the language (``shewed`` -> ``shew``).

Greek is compared without accents and breathings (the ``greek_diacritics``
rule strips them), while simplemma's Greek dictionary is accented: its forms
are indexed once by their bare letters.

>>> is_word("until", "en"), is_word("untill", "en")
(True, False)
>>> sorted(lemmas("shewed", "en")), sorted(lemmas("λογου", "el"))
(['shew'], ['λογοσ'])
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache

#: A form at least this frequent (Zipf scale) is a word even when simplemma's dictionary lacks it
#: (names, rarer words). 3.0 is once per million words: ``untill`` (2.97), ``altho`` (2.65) and
#: ``groupe`` (2.47) in English web text are misspellings, ``Beaufort`` (3.06) is a name.
WORD_ZIPF = 3.0

#: wordfreq's list for each language: the large English and Russian lists, the small Greek one.
_WORDLISTS = {"en": "large", "el": "small", "ru": "large"}


@cache
def frequencies(language: str) -> dict[str, float]:
    """wordfreq's word -> frequency table for ``language`` (loaded once)."""
    import wordfreq

    return wordfreq.get_frequency_dict(language, wordlist=_WORDLISTS.get(language, "best"))


@cache
def _dictionary(language: str) -> dict[str, str]:
    """simplemma's form -> lemma dictionary for ``language``, as a plain dict."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    raw = DefaultDictionaryFactory().get_dictionary(language)
    return {_text(k): _text(v) for k, v in raw.items()}


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def bare(word: str) -> str:
    """A Greek (or any) word without accents, breathings and iota subscript, lower case, σ for ς.

    >>> bare("Ἰησοῦς"), bare("τῷ")
    ('ιησουσ', 'τω')
    """
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return stripped.casefold().replace("ς", "σ").replace("ϲ", "σ")


@cache
def _greek_index() -> dict[str, frozenset[str]]:
    """Bare Greek form -> the bare lemmas simplemma gives its accented spellings."""
    index: dict[str, set[str]] = {}
    for form, lemma in _dictionary("el").items():
        index.setdefault(bare(form), set()).add(bare(lemma))
    for lemma in {bare(v) for v in _dictionary("el").values()}:
        index.setdefault(lemma, set()).add(lemma)
    return {form: frozenset(found) for form, found in index.items()}


@cache
def _greek_frequencies() -> dict[str, float]:
    """wordfreq's Greek list keyed by bare forms (accented and unaccented spellings added up)."""
    found: dict[str, float] = {}
    for word, freq in frequencies("el").items():
        key = bare(word)
        found[key] = found.get(key, 0.0) + freq
    return found


@lru_cache(maxsize=200_000)
def zipf(word: str, language: str) -> float:
    """The word's frequency on the Zipf scale in ``language`` (0.0 when wordfreq does not list it)."""
    if language == "el":
        freq = _greek_frequencies().get(bare(word), 0.0)
    else:
        freq = frequencies(language).get(word.casefold(), 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


@lru_cache(maxsize=200_000)
def lemmas(word: str, language: str) -> frozenset[str]:
    """The lemmas simplemma's dictionary gives ``word`` (empty when it does not know the word).

    The word itself counts as a lemma when the dictionary lists it as one.
    """
    form = word.casefold()
    if language == "el":
        return _greek_index().get(bare(form), frozenset())
    if language == "en" and form.endswith(("'s", "’s")) and len(form) > 3:
        form = form[:-2]  # a possessive has its noun's lemma: father's -> father
    table = _dictionary(language)
    found = set()
    if form in table:
        found.add(table[form])
    if form in _lemma_set(language):
        found.add(form)
    return frozenset(found)


@cache
def _lemma_set(language: str) -> frozenset[str]:
    return frozenset(_dictionary(language).values())


@lru_cache(maxsize=200_000)
def is_word(word: str, language: str) -> bool:
    """True when ``word`` is a real word of ``language``: wordfreq finds it common, or simplemma knows it
    and wordfreq has seen it (simplemma's dictionaries list old misspellings too: ``compleat``).

    >>> is_word("Beaufort", "en"), is_word("groupe", "en"), is_word("κυριου", "el")
    (True, False, True)
    """
    frequency = zipf(word, language)
    return frequency >= WORD_ZIPF or (frequency > 0 and bool(lemmas(word, language)))


#: The caches a registry clears (the loaded tables themselves stay).
CACHES = (zipf, lemmas, is_word)
