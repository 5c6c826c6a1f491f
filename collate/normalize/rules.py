"""The built-in rules. Importing this module registers them, in application order.

Order matters: Unicode clean-up first (``nfc``, ``invisible``, ``homoglyphs``,
``stress_marks``), then the rules that join or split tokens and need the
original case (``hyphenation``, ``letterspacing``, ``word_division``,
``palladius``), then spelling (``case``, ``prereform``, ``pre1956``, ``yo``)
and punctuation (the token rules ``quotes`` and ``punctuation_spacing``
before the sequence rule ``dashes``, so the token rules run in two passes).
``ignore_punctuation`` is only in the ``substance`` profile.
"""

from __future__ import annotations

import re
import unicodedata

from . import morph, sequences
from .registry import Rule, register
from .tables import (
    HOMOGLYPHS,
    INVISIBLE,
    PRE1956_STEMS,
    PRE1956_WORDS,
    PREREFORM_ENDINGS,
    PREREFORM_LETTERS,
    PREREFORM_PREFIXES,
    PREREFORM_WORDS,
    QUOTES,
)

# -- Unicode ----------------------------------------------------------------------------------


def nfc(form: str) -> str:
    """Unicode NFC composition.

    >>> nfc("и\\u0306") == "й"
    True
    """
    return form if form.isascii() else unicodedata.normalize("NFC", form)


_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_INVISIBLE_CHARS = frozenset(INVISIBLE)


def invisible(form: str) -> str:
    """Remove soft hyphens, zero-width characters, the BOM and stray spaces from a form.

    >>> invisible("пара\\u00adллель")
    'параллель'
    """
    if _INVISIBLE_CHARS.isdisjoint(form):
        return form
    return form.translate(_INVISIBLE)


_STRESS_TRIGGERS = frozenset("\u0301\u0300ѐѝЀЍ")


def stress_marks(form: str) -> str:
    """Remove stress accents (U+0301, U+0300) on Cyrillic letters; й and ё keep their marks.

    >>> stress_marks("за\\u0301мок"), stress_marks("ёжи\\u0301к"), stress_marks("ё\\u0301"), stress_marks("café")
    ('замок', 'ёжик', 'ё', 'café')
    """
    if _STRESS_TRIGGERS.isdisjoint(form):
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


def case(form: str) -> str:
    """Case folding.

    >>> case("ПЕКИН")
    'пекин'
    """
    return form.casefold()


#: The signs that stand for "and" (language-neutral here: the ampersand and the Tironian et).
_AND_SIGNS = frozenset("&⁊")


def ampersand(form: str) -> str:
    """``&`` and ``⁊`` are the word "and", so that they match a witness that writes it out.

    >>> ampersand("&"), ampersand("⁊"), ampersand("and")
    ('and', 'and', 'and')
    """
    return "and" if form in _AND_SIGNS else form


def yo(form: str) -> str:
    """ё is written е.

    >>> yo("ещё")
    'еще'
    """
    return form.replace("ё", "е").replace("Ё", "Е")


def keep_case(original: str, lower: str) -> str:
    """Give ``lower`` (a respelling of ``original``) the case of ``original``, letter by letter.

    >>> keep_case("КРАСНАГО", "красного"), keep_case("Онѣ", "они")
    ('КРАСНОГО', 'Они')
    """
    if original.islower():
        return lower
    if len(original) == len(lower):
        return "".join(n.upper() if o.isupper() else n for o, n in zip(original, lower, strict=True))
    if original.isupper():
        return lower.upper()
    return lower[:1].upper() + lower[1:] if original[:1].isupper() else lower


_PREREFORM_LETTERS = str.maketrans(PREREFORM_LETTERS)
_PREREFORM_MARKS = frozenset(PREREFORM_LETTERS)
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщѳ")
_ENDINGS = tuple(sorted(PREREFORM_ENDINGS, key=len, reverse=True))
_PREFIX = re.compile("^(" + "|".join(sorted(PREREFORM_PREFIXES, key=len, reverse=True)) + ")(?=[кпстфхцчшщ])")
_VOICELESS_PREFIX_CANDIDATE = re.compile(r"^(?:бе|и|во|ра|ро|ни|в|чре|чере)з[кпстфхцчшщ]")


def _prereform_lower(word: str) -> str:
    """Respell one lower-case word; see :func:`prereform`."""
    final_hard_sign = len(word) > 1 and word[-1] == "ъ" and word[-2] in _CONSONANTS
    marked = final_hard_sign or not _PREREFORM_MARKS.isdisjoint(word)
    had_decimal_i = "і" in word
    if word in PREREFORM_WORDS:
        return PREREFORM_WORDS[word]
    if marked:
        word = word.translate(_PREREFORM_LETTERS)
        if final_hard_sign:
            word = word[:-1]
        if word in PREREFORM_WORDS:
            return PREREFORM_WORDS[word]
    candidates = []
    ending = next((e for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 1), None)
    if ending == "ия" and not had_decimal_i:
        ending = None  # Россия, история: only a pre-reform -ія is an adjective ending
    new_ending = word[: len(word) - len(ending)] + PREREFORM_ENDINGS[ending] if ending else None
    prefix = _PREFIX.match(word) if _VOICELESS_PREFIX_CANDIDATE.match(word) else None

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
    if new is None:
        for stem in _PRE1956_STEMS:
            if lower.startswith(stem):
                new = PRE1956_STEMS[stem] + lower[len(stem) :]
                break
    return keep_case(form, new) if new is not None else form


# -- punctuation ------------------------------------------------------------------------------

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


# -- registration (application order) ---------------------------------------------------------

for _rule in (
    Rule(
        "nfc",
        "Unicode NFC composition: the same letter typed as one code point or as letter + mark.",
        "unicode",
        examples=(("и\u0306од", "йод"),),
        token=nfc,
    ),
    Rule(
        "invisible",
        "Soft hyphens, zero-width characters and the BOM are removed; NBSP and thin spaces are spaces.",
        "unicode",
        examples=(("пара\u00adллель", "параллель"), ("Мао\u200b", "Мао")),
        token=invisible,
    ),
    Rule(
        "homoglyphs",
        "Latin look-alike letters inside a Cyrillic word become Cyrillic (Пeкин with a Latin e).",
        "orthographic",
        examples=(("Пeкин", "Пекин"), ("Peking", "Peking")),
        token=homoglyphs,
    ),
    Rule(
        "stress_marks",
        "Stress accents (U+0301, U+0300) on Cyrillic letters are removed; й and ё keep their marks.",
        "orthographic",
        examples=(("за\u0301мок", "замок"), ("ёжи\u0301к", "ёжик")),
        token=stress_marks,
    ),
    Rule(
        "hyphenation",
        "A word broken at a line end is rejoined when the dictionary knows it; 38-параллель = 38 параллель.",
        "word-division",
        examples=(
            ("парал-\nлель", "параллель"),
            ("северо-\nзапад", "северо - запад"),
            ("38-параллель", "38 параллель"),
        ),
        sequence=sequences.hyphenation,
    ),
    Rule(
        "letterspacing",
        "A letterspaced word (three or more one-letter words in capitals) is joined: Ф И Л И П П О В.",
        "word-division",
        examples=(("Ф И Л И П П О В", "ФИЛИППОВ"), ("а и в", "а и в")),
        sequence=sequences.letterspacing,
    ),
    Rule(
        "word_division",
        "A particle hyphenated to its word is written apart: Отчего-бы = Отчего бы.",
        "word-division",
        examples=(("Отчего-бы", "Отчего бы"), ("кое-что", "кое-что")),
        sequence=sequences.word_division,
    ),
    Rule(
        "palladius",
        "Chinese names in the Palladius system: syllables joined (ЦЗЕ-ДУНУ = Цзэдуну), older е = modern э.",
        "transliteration",
        examples=(("ЦЗЕ-ДУНУ", "ЦЗЭДУНУ"), ("ЭНЬ-ЛАЮ", "ЭНЬЛАЮ"), ("Улан-Батор", "Улан-Батор")),
        sequence=sequences.palladius,
    ),
    Rule(
        "case",
        "Case folding: Пекин, ПЕКИН and пекин are one word.",
        "case",
        examples=(("ПЕКИН", "пекин"),),
        token=case,
    ),
    Rule(
        "ampersand",
        "& and the Tironian ⁊ are the word and: & = and.",
        "abbreviation",
        examples=(("&", "and"), ("⁊", "and")),
        token=ampersand,
    ),
    Rule(
        "prereform",
        "Pre-1918 spelling to modern: ѣ і ѳ ѵ, final ъ, -аго, -ыя/-ія, онѣ, ея, безс- (the 1918 decree).",
        "orthographic",
        examples=(("подъѣздъ", "подъезд"), ("безсмертіе", "бессмертие"), ("Чикаго", "Чикаго")),
        token=prereform,
    ),
    Rule(
        "pre1956",
        "Spellings settled by the 1956 rules: итти = идти, жолтый = жёлтый, шопот, с'езд = съезд.",
        "orthographic",
        examples=(("итти", "идти"), ("жолтый", "жёлтый")),
        token=pre1956,
    ),
    Rule(
        "yo",
        "ё is written е in most printed Russian: ещё = еще.",
        "orthographic",
        examples=(("ещё", "еще"),),
        token=yo,
    ),
    Rule(
        "quotes",
        'Every quotation mark (« » „ “ ” " \') becomes ".',
        "punctuation",
        examples=(("«", '"'), ("“", '"')),
        token=quotes,
    ),
    Rule(
        "punctuation_spacing",
        "Spacing and doubled dots: 1.X..50 = 1.X.50; т.Булганину = т. Булганину; товарищев , = товарищев,.",
        "punctuation",
        examples=(("1.X..50", "1.X.50"), ("т.Булганину", "т . Булганину")),
        token=punctuation_spacing,
    ),
    Rule(
        "dashes",
        "A dash standing as punctuation (–, —, ―, −, or a spaced hyphen) becomes —; a word hyphen stays.",
        "punctuation",
        examples=(("–", "—"), ("да - нет", "да — нет"), ("пять-шесть", "пять-шесть")),
        sequence=sequences.dashes,
    ),
    Rule(
        "ignore_punctuation",
        "Punctuation marks are ignored (empty norm); only in the substance profile.",
        "punctuation",
        examples=(("Однако, по", "Однако по"),),
        sequence=sequences.ignore_punctuation,
    ),
):
    register(_rule)
del _rule
