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


def _raw(language: str) -> dict[bytes, bytes]:
    """simplemma's form -> lemma table for ``language``, as the bytes -> bytes dict it keeps."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    raw = DefaultDictionaryFactory().get_dictionary(language)
    data = getattr(raw, "_dict", None)
    if isinstance(data, dict):
        return data
    return {str(k).encode(): str(v).encode() for k, v in raw.items()}  # a simplemma keeping str


@cache
def _dictionary(language: str) -> dict[str, str]:
    """simplemma's form -> lemma dictionary for ``language``, as a plain dict of str (Greek's index)."""
    # Decoding the bytes directly is several times faster than simplemma's
    # per-key __getitem__ over 250,000 Greek forms.
    return {k.decode("utf-8"): v.decode("utf-8") for k, v in _raw(language).items()}


@cache
def _forms(language: str) -> tuple[dict[bytes, bytes], frozenset[bytes]]:
    """simplemma's table for ``language`` left in bytes, and the set of its lemmas, for look-ups word by word.

    A run asks about a few hundred words (Darwin's six editions: 277), so each is
    encoded and looked up; decoding all 181,612 English forms up front took
    0.4-0.8 s of a 4-5 s run of Darwin's 2 x 35,000 words.
    """
    data = _raw(language)
    return data, frozenset(data.values())


def _bare_table() -> dict[int, str]:
    """Each accented Greek letter (and ς, ϲ) -> its bare lower-case letter; combining marks -> nothing."""
    table: dict[int, str] = {}
    for code in [*range(0x0370, 0x0400), *range(0x1F00, 0x2000)]:
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch or ch in "ςϲ":
            table[code] = base.lower().replace("ς", "σ").replace("ϲ", "σ")
    for code in range(0x0300, 0x0370):
        table[code] = ""
    table[ord("ς")] = table[ord("ϲ")] = "σ"
    return table


_BARE = _bare_table()


def bare(word: str) -> str:
    """A Greek (or any) word without accents, breathings and iota subscript, lower case, σ for ς.

    One ``str.translate`` (a table built once), as the Greek dictionary's 250,000 forms are indexed this way.

    >>> bare("Ἰησοῦς"), bare("τῷ"), bare("ΛΌΓΟΣ")
    ('ιησουσ', 'τω', 'λογοσ')
    """
    return word.translate(_BARE).lower().translate(_BARE)


@cache
def _greek_index() -> dict[str, frozenset[str]]:
    """Bare Greek form -> the bare lemmas simplemma gives its accented spellings (built once, one pass)."""
    index: dict[str, set[str]] = {}
    bare_lemmas: dict[str, str] = {}
    for form, lemma in _dictionary("el").items():
        key = bare_lemmas.get(lemma)
        if key is None:
            key = bare_lemmas[lemma] = bare(lemma)
            index.setdefault(key, set()).add(key)
        index.setdefault(bare(form), set()).add(key)
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
    table, lemma_set = _forms(language)
    key = form.encode("utf-8")
    found = set()
    lemma = table.get(key)
    if lemma is not None:
        found.add(lemma.decode("utf-8"))
    if key in lemma_set:
        found.add(form)
    return frozenset(found)


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
