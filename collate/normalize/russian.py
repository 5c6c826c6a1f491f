"""Russian spelling rules: homoglyphs, stress marks, pre-1918 and pre-1956 spellings, ё.

The Russian pack (``collate.normalize.packs``) puts them in order with the
shared rules and the sequence rules of :mod:`collate.normalize.sequences`.
"""

from __future__ import annotations

import re
import unicodedata

from . import morph
from .common import abbreviations, any_of, keep_case
from .registry import Rule
from .tables import (
    HOMOGLYPHS,
    PRE1956_STEMS,
    PRE1956_WORDS,
    PREREFORM_ENDINGS,
    PREREFORM_LETTERS,
    PREREFORM_PREFIXES,
    PREREFORM_WORDS,
    RUSSIAN_TITLES,
)

# -- Unicode ----------------------------------------------------------------------------------


_HAS_STRESS = any_of("\u0301\u0300ѐѝЀЍ")


def stress_marks(form: str) -> str:
    """Remove stress accents (U+0301, U+0300) on Cyrillic letters; й and ё keep their marks.

    >>> stress_marks("за\\u0301мок"), stress_marks("ёжи\\u0301к"), stress_marks("ё\\u0301"), stress_marks("café")
    ('замок', 'ёжик', 'ё', 'café')
    """
    if _HAS_STRESS(form) is None:
        return form
    kept = []
    cyrillic = False  # is the base letter of the current cluster Cyrillic?
    for ch in unicodedata.normalize("NFD", form):
        if ch in "\u0301\u0300":
            if cyrillic:
                continue
        elif not unicodedata.combining(ch):
            cyrillic = "\u0400" <= ch <= "\u04ff"
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


_LATIN = re.compile(r"[A-Za-zëË]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HOMOGLYPHS = str.maketrans(HOMOGLYPHS)


def homoglyphs(form: str) -> str:
    """Latin look-alikes inside a Cyrillic word become Cyrillic, when every Latin letter has a twin.

    >>> homoglyphs("Пeкин"), homoglyphs("счастiе"), homoglyphs("Пекинg"), homoglyphs("Peking")
    ('Пекин', 'счастіе', 'Пекинg', 'Peking')
    """
    if form.isascii() or not _LATIN.search(form) or not _CYRILLIC.search(form):
        return form
    result = form.translate(_HOMOGLYPHS)
    return form if _LATIN.search(result) else result


# -- spelling ---------------------------------------------------------------------------------


def yo(form: str) -> str:
    """ё is written е.

    >>> yo("ещё")
    'еще'
    """
    return form.replace("ё", "е").replace("Ё", "Е")


_PREREFORM_LETTERS = str.maketrans(PREREFORM_LETTERS)
_HAS_PREREFORM_LETTER = any_of(PREREFORM_LETTERS)
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщѳ")
_ENDINGS = tuple(sorted(PREREFORM_ENDINGS, key=len, reverse=True))
_PREFIX = re.compile("^(" + "|".join(sorted(PREREFORM_PREFIXES, key=len, reverse=True)) + ")(?=[кпстфхцчшщ])")
_VOICELESS_PREFIX_CANDIDATE = re.compile(r"^(?:бе|и|во|ра|ро|ни|в|чре|чере)з[кпстфхцчшщ]")


def _prereform_lower(word: str) -> str:
    """Respell one lower-case word; see :func:`prereform`."""
    final_hard_sign = len(word) > 1 and word.endswith("ъ") and word[-2] in _CONSONANTS
    marked = final_hard_sign or _HAS_PREREFORM_LETTER(word) is not None
    if word in PREREFORM_WORDS:
        return PREREFORM_WORDS[word]
    if marked:
        word = word.translate(_PREREFORM_LETTERS)
        if final_hard_sign:
            word = word[:-1]
        if word in PREREFORM_WORDS:
            return PREREFORM_WORDS[word]
    # endswith(tuple) first: one C call where the generator tried every ending on every word
    # (half of prereform's time on 10,700 distinct words of the diff benchmark).
    ending = (
        next((e for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 1), None)
        if word.endswith(_ENDINGS)
        else None
    )
    prefix = _PREFIX.match(word) if _VOICELESS_PREFIX_CANDIDATE.match(word) else None
    if ending is None and prefix is None:
        return word  # most words: no old ending, no old prefix (and no closure to build below)
    candidates = []
    # -ія, -ия and -ыя alike: a half-regularized text writes многия for многія. Россия and
    # история keep their ending: the respelling below only happens to a word the dictionary
    # does not know.
    new_ending = word[: len(word) - len(ending)] + PREREFORM_ENDINGS[ending] if ending else None

    def fix_prefix(w: str) -> str:
        return PREREFORM_PREFIXES[prefix.group(1)] + w[prefix.end() :]  # type: ignore[union-attr]

    if prefix and new_ending:
        candidates.append(fix_prefix(new_ending))
    if new_ending:
        candidates.append(new_ending)
    if prefix:
        candidates.append(fix_prefix(word))
    if candidates and not morph.is_known(word):
        for candidate in candidates:
            if morph.is_known(candidate):
                return candidate
    return word


def prereform(form: str) -> str:
    """Pre-1918 spelling to modern (the 1918 decree).

    ѣ і ѳ ѵ become е и ф и; a word-final ъ is dropped (a separating ъ stays);
    онѣ, однѣ, ея are respelled; the endings -аго/-яго, -ыя/-ія and the
    prefixes из-/воз-/раз-/без-/чрез- before a voiceless consonant are
    respelled only when the old form is not a modern word and the new one is
    (so Чикаго, благо and Россия stay).

    >>> [prereform(w) for w in ("подъѣздъ", "безсмертіе", "краснаго", "Чикаго", "синія", "Россія", "ея")]
    ['подъезд', 'бессмертие', 'красного', 'Чикаго', 'синие', 'Россия', 'её']
    """
    lower = form.lower()
    new = _prereform_lower(lower)
    return form if new == lower else keep_case(form, new)


_PRE1956_STEMS = tuple(sorted(PRE1956_STEMS, key=len, reverse=True))
_TYPEWRITER_HARD_SIGN = re.compile(r"(?<=[бвгдзкмнпрстфхБВГДЗКМНПРСТФХ])['’ʼ](?=[еёюяЕЁЮЯ])")


def pre1956(form: str) -> str:
    """Spellings of the 1940s-50s settled by the 1956 rules: итти, жолтый, шопот, с'езд.

    >>> [pre1956(w) for w in ("итти", "Жолтый", "шопотом", "с'езд", "идти")]
    ['идти', 'Жёлтый', 'шёпотом', 'съезд', 'идти']
    """
    if "'" in form or "’" in form or "ʼ" in form:
        form = _TYPEWRITER_HARD_SIGN.sub(lambda m: "Ъ" if form.isupper() else "ъ", form)
    lower = form.lower()
    new = PRE1956_WORDS.get(lower)
    if new is None and lower.startswith(_PRE1956_STEMS):  # one C call before the loop finds which
        for stem in _PRE1956_STEMS:
            if lower.startswith(stem):
                new = PRE1956_STEMS[stem] + lower[len(stem) :]
                break
    return keep_case(form, new) if new is not None else form


HOMOGLYPHS_RULE = Rule(
    "homoglyphs",
    "Latin look-alike letters inside a Cyrillic word become Cyrillic (Пeкин with a Latin e).",
    "orthographic",
    examples=(("Пeкин", "Пекин"), ("Peking", "Peking")),
    token=homoglyphs,
)
STRESS_MARKS = Rule(
    "stress_marks",
    "Stress accents (U+0301, U+0300) on Cyrillic letters are removed; й and ё keep their marks.",
    "orthographic",
    examples=(("за\u0301мок", "замок"), ("ёжи\u0301к", "ёжик")),
    token=stress_marks,
)
PREREFORM = Rule(
    "prereform",
    "Pre-1918 spelling to modern: ѣ і ѳ ѵ, final ъ, -аго, -ыя/-ія/-ия, онѣ/оне, ея, безс- (the 1918 decree).",
    "orthographic",
    examples=(
        ("подъѣздъ", "подъезд"),
        ("безсмертіе", "бессмертие"),
        ("многия", "многие"),
        ("Чикаго", "Чикаго"),
    ),
    token=prereform,
)
PRE1956 = Rule(
    "pre1956",
    "Spellings settled by the 1956 rules: итти = идти, жолтый = жёлтый, шопот, с'езд = съезд.",
    "orthographic",
    examples=(("итти", "идти"), ("жолтый", "жёлтый")),
    token=pre1956,
)
YO = Rule(
    "yo",
    "ё is written е in most printed Russian: ещё = еще.",
    "orthographic",
    examples=(("ещё", "еще"),),
    token=yo,
)
TITLES = Rule(
    "titles",
    "A title abbreviated before a name is written out: т. Булганину = тов. Булганину = товарищ Булганину.",
    "abbreviation",
    examples=(("т. Булганину", "товарищ . Булганину"), ("т. е.", "т . е .")),
    sequence=abbreviations("titles", {}, RUSSIAN_TITLES),
)
