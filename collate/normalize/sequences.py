"""Sequence rules: rules that look at neighbouring tokens, and may join or split them.

Every function here takes the registry's working list of tokens and returns
the list to go on with (the same list, changed in place, when no token is
joined or split; a new one when some are), and keeps the text
lossless: a joined token's ``text`` is the original slice (inner whitespace
and line breaks included) and its ``ws`` the whitespace after its last part;
split tokens' texts concatenate back to the original. Normalized forms never
contain whitespace. Each function makes one linear pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..model import Kind, Token
from . import morph
from .registry import Rule
from .russian import prereform
from .tables import PALLADIUS_ALTERNATION, PALLADIUS_SYLLABLES

_WORD, _NUMBER, _PUNCT = Kind.WORD, Kind.NUMBER, Kind.PUNCT
_HYPHEN_TEXTS = frozenset({"-", "‐", "‑", "\u00ad"})
_SOFT_HYPHEN = "\u00ad"


def changed(token: Token, norm: str, rule: str) -> Token:
    """``token`` with a new normalized form, recording ``rule``."""
    return token.normalized(norm, rule)


def merged(parts: Sequence[Token], norm: str, rule: str) -> Token:
    """One word token standing for ``parts``: original slice as text, offsets of the whole."""
    first, last = parts[0], parts[-1]
    text = "".join(t.text + t.ws for t in parts[:-1]) + last.text
    fired: list[str] = []
    for part in parts:
        fired.extend(r for r in part.rules if r not in fired)
    if rule not in fired:
        fired.append(rule)
    return Token(text, last.ws, first.start, last.end, first.line, first.column, _WORD, norm, tuple(fired))


def _has_newline(ws: str) -> bool:
    return "\n" in ws or "\r" in ws


def _is_word(joined: str) -> bool:
    """True when the dictionary knows ``joined``, as written or respelled from pre-1918 spelling."""
    if morph.is_known(joined):
        return True
    modern = prereform(joined)
    return modern != joined and morph.is_known(modern)


# -- hyphenation ------------------------------------------------------------------------------


def hyphenation(tokens: list[Token]) -> list[Token]:
    """Rejoin words broken at a line end; make the hyphen of ``38-параллель`` ignorable.

    ``парал-⏎лель`` becomes one token (norm ``параллель``) when the dictionary
    knows the joined word, in modern or pre-1918 spelling (``мѣ-⏎сто``);
    ``северо-⏎запад`` stays as it is. A Palladius name
    broken at its hyphen (``ЦЗЕ-⏎ДУНУ``) becomes one token ``ЦЗЕ-ДУНУ``, left
    to the ``palladius`` rule. A word broken with a soft hyphen at a line end
    is always rejoined. A hyphen glued between a number and a word gets an
    empty norm, so ``38-параллель`` compares equal to ``38 параллель``
    (``5-й`` is one token already).
    """
    # `_SOFT_HYPHEN in text` is a plain operator, where text[-1:] built a new one-letter string per
    # token (the rule: 45 -> 32 ms of CPU time on the seed repeated to 200,000 tokens, garbage
    # collection off); the loop checks that the soft hyphen ends the word.
    hits = [i for i, t in enumerate(tokens) if t.text in _HYPHEN_TEXTS or _SOFT_HYPHEN in t.text]
    if not hits:
        return tokens
    n = len(tokens)
    out: list[Token] = []
    pos = 0  # tokens[pos:] are not yet in out
    for i in hits:
        if i < pos or i + 1 >= n:
            continue
        token, nxt = tokens[i], tokens[i + 1]
        if token.text not in _HYPHEN_TEXTS and token.text[-1:] != _SOFT_HYPHEN:
            continue  # a soft hyphen inside a word, not at its end
        if nxt.kind is not _WORD:
            continue
        if token.kind is _WORD:
            # A soft hyphen ending a word before a line break (the tokenizer keeps it in the word).
            if _has_newline(token.ws):
                out.extend(tokens[pos:i])
                out.append(merged((token, nxt), token.norm.rstrip(_SOFT_HYPHEN) + nxt.norm, "hyphenation"))
                pos = i + 2
            continue
        if token.kind is not _PUNCT or i == 0 or i - 1 < pos:
            continue
        before = tokens[i - 1]
        if before.ws:
            continue
        if before.kind is _WORD and _has_newline(token.ws):
            joined = before.norm + nxt.norm
            if not _is_word(joined):
                # ЦЗЕ-⏎ДУНУ: a Palladius name broken at its own hyphen keeps it.
                joined = f"{before.norm}-{nxt.norm}"
                if not before.text[:1].isupper() or palladius_form(joined) is None:
                    continue
            out.extend(tokens[pos : i - 1])
            out.append(merged((before, token, nxt), joined, "hyphenation"))
            pos = i + 2
        elif before.kind is _NUMBER and not token.ws:
            out.extend(tokens[pos:i])
            out.append(changed(token, "", "hyphenation"))
            pos = i + 1
    if pos == 0:
        return tokens
    out.extend(tokens[pos:])
    return out


# -- letterspacing ----------------------------------------------------------------------------


def letterspacing(tokens: list[Token]) -> list[Token]:
    """Join a letterspaced word: ``Ф И Л И П П О В`` becomes one token ``ФИЛИППОВ``.

    A run of at least three one-letter words separated by single spaces is
    joined when its letters are all capitals, or when the joined word is in
    the dictionary (``р а з р я д к а``); ``а и в`` stays apart.
    """
    singles = [i for i, t in enumerate(tokens) if len(t.text) == 1 and t.kind is _WORD]
    if len(singles) < 3:
        return tokens
    out: list[Token] = []
    pos = 0
    k, m = 0, len(singles)
    while k < m:
        start = end = singles[k]
        while k + 1 < m and singles[k + 1] == end + 1 and tokens[end].ws == " ":
            end += 1
            k += 1
        k += 1
        # The longest run that joins, starting as early as possible (и Ф И Л И П П О В).
        for first in range(start, end - 1):
            run = tokens[first : end + 1]
            letters = "".join(t.norm for t in run)
            upper = all(t.text.isupper() for t in run)
            if (upper and letters.isalpha()) or morph.is_known(letters):
                out.extend(tokens[pos:first])
                out.append(merged(run, letters, "letterspacing"))
                pos = end + 1
                break
    if pos == 0:
        return tokens
    out.extend(tokens[pos:])
    return out


# -- word division ----------------------------------------------------------------------------

#: Particles written separately in modern spelling but often hyphenated in typescripts.
_PARTICLES = frozenset({"бы", "б", "же", "ж", "ли"})


def word_division(tokens: list[Token]) -> list[Token]:
    """Split a particle hyphenated to its word: ``Отчего-бы`` = ``Отчего бы``.

    The token is cut into the word, the hyphen (empty norm: ignorable) and the
    particle; ``кое-что``, ``каких-либо``, ``давай-ка`` are left alone.
    """
    hits = [i for i, t in enumerate(tokens) if "-" in t.text and t.kind is _WORD]
    out: list[Token] = []
    pos = 0
    for i in hits:
        token = tokens[i]
        cut = token.text.rfind("-")
        norm_cut = token.norm.rfind("-")
        if token.norm[norm_cut + 1 :].lower() not in _PARTICLES or cut == 0 or norm_cut <= 0:
            continue
        out.extend(tokens[pos:i])
        pos = i + 1
        rules = (*token.rules, "word_division")
        start, line, column = token.start, token.line, token.column
        out.append(
            Token(token.text[:cut], "", start, start + cut, line, column, _WORD, token.norm[:norm_cut], rules)
        )
        out.append(Token("-", "", start + cut, start + cut + 1, line, column + cut, _PUNCT, "", rules))
        out.append(
            Token(
                token.text[cut + 1 :], token.ws, start + cut + 1, token.end, line, column + cut + 1, _WORD,
                token.norm[norm_cut + 1 :], rules,
            )
        )  # fmt: skip
    if pos == 0:
        return tokens
    out.extend(tokens[pos:])
    return out


# -- Palladius --------------------------------------------------------------------------------

#: Russian case endings a Palladius name may take (Цзэдуну, Цзэдуном).
_ENDINGS = ("", "а", "я", "у", "ю", "ом", "ем", "ём", "е", "ой", "ей", "и", "ы", "ым", "им")
_MAX_SYLLABLE = max(len(s) for s in PALLADIUS_SYLLABLES)


def segment(word: str) -> tuple[str, ...] | None:
    """Cut a lower-case word into Palladius syllables plus an optional case ending, or None.

    >>> segment("цзэдуну")
    ('цзэ', 'дун', 'у')
    >>> segment("улан-батор") is None
    True
    """
    for ending in _ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        found = _segment_stem(stem)
        if found is not None:
            return (*found, ending) if ending else found
    return None


@lru_cache(maxsize=50_000)
def _segment_stem(stem: str) -> tuple[str, ...] | None:
    if not stem:
        return ()
    for size in range(min(_MAX_SYLLABLE, len(stem)), 0, -1):
        head = stem[:size]
        if head in PALLADIUS_SYLLABLES:
            rest = _segment_stem(stem[size:])
            if rest is not None:
                return (head, *rest)
    return None


def _distinctively_chinese(syllables: Sequence[str]) -> bool:
    # Russian words and other Asian names (Сеула, Сена) also cut into Palladius
    # syllables; a цз, чж or final нь syllable marks a Chinese name.
    return any(s.startswith(("цз", "чж")) or s.endswith("нь") for s in syllables)


@lru_cache(maxsize=50_000)
def palladius_form(word: str) -> str | None:
    """The normalized spelling of a capitalized word if it is a Palladius name, else None.

    Hyphenated syllables are joined (``Цзе-дун`` -> ``Цзедун``) when every
    part before the last is one syllable and the last is one or two syllables
    (with an optional case ending); older е-spellings become the modern э
    (``Цзедун`` -> ``Цзэдун``). Case is kept.

    >>> palladius_form("ЦЗЕ-ДУНУ"), palladius_form("ЭНЬ-ЛАЮ"), palladius_form("Цзэдуну")
    ('ЦЗЭДУНУ', 'ЭНЬЛАЮ', None)
    >>> palladius_form("Улан-Батор"), palladius_form("Это"), palladius_form("Ха-ха"), palladius_form("Да-да")
    (None, None, None, None)
    """
    lower = word.lower()
    parts = lower.split("-")
    joined = len(parts) > 1
    if joined:
        for part in parts[:-1]:
            if part not in PALLADIUS_SYLLABLES:
                return None
        # Reduplicated interjections (Да-да, Ха-ха, Ай-ай) and words made of Russian words are not names.
        if len(set(parts)) == 1 or morph.is_common_word(lower) or all(morph.is_common_word(p) for p in parts):
            return None
        last = segment(parts[-1])
        if last is None or len([s for s in last if s in PALLADIUS_SYLLABLES]) > 2:
            return None
        syllables = (*parts[:-1], *last)
    else:
        # Without цз, чж or нь in the word no segmentation can have the syllable that
        # _distinctively_chinese asks for (a case ending has none): skip segment(), which tries
        # 15 endings (the 2,500 capitalized forms of the diff benchmark: 32 -> 3 ms).
        if "цз" not in lower and "чж" not in lower and "нь" not in lower:
            return None
        found = segment(lower)
        if found is None or len(found) < 2 or not _distinctively_chinese(found):
            return None
        syllables = found
    if morph.is_common_word(lower.replace("-", "")):
        return None
    # Rebuild the word without hyphens, keeping the original case letter by letter.
    letters = word.replace("-", "")
    out = []
    pos = 0
    for syllable in syllables:
        original = letters[pos : pos + len(syllable)]
        modern = PALLADIUS_ALTERNATION.get(syllable, syllable)
        if modern != syllable:
            original = "".join(m.upper() if o.isupper() else m for o, m in zip(original, modern, strict=True))
        out.append(original)
        pos += len(syllable)
    result = "".join(out)
    return result if result != word else None


def palladius(tokens: list[Token]) -> list[Token]:
    """Chinese names in the Palladius system: ``ЦЗЕ-ДУНУ`` = ``Цзэдуну``, ``ЭНЬ-ЛАЮ`` = ``Эньлаю``."""
    # The names first, from the distinct forms of the capitalized words, then only their
    # positions: one palladius_form() call per distinct form instead of one per capitalized
    # word (24,000 in the seed repeated to 200,000 tokens: 54 -> 42 ms of CPU time, garbage
    # collection off). "Not all lower case" takes in every capitalized word without slicing
    # each text (20% faster); the loop below checks the capital.
    capitalized = {t.norm for t in tokens if t.kind is _WORD and not t.text.islower()}
    names = {norm for norm in capitalized if len(norm) > 1 and palladius_form(norm) is not None}
    if not names:
        return tokens
    for i in [i for i, t in enumerate(tokens) if t.norm in names]:
        token = tokens[i]
        if token.kind is _WORD and token.text[:1].isupper():
            tokens[i] = changed(token, palladius_form(token.norm), "palladius")  # type: ignore[arg-type]
    return tokens


# -- the rules -------------------------------------------------------------------------------

HYPHENATION = Rule(
    "hyphenation",
    "A word broken at a line end is rejoined when the dictionary knows it; 38-параллель = 38 параллель.",
    "word-division",
    examples=(
        ("парал-\nлель", "параллель"),
        ("северо-\nзапад", "северо - запад"),
        ("38-параллель", "38 параллель"),
    ),
    sequence=hyphenation,
)
LETTERSPACING = Rule(
    "letterspacing",
    "A letterspaced word (three or more one-letter words in capitals) is joined: Ф И Л И П П О В.",
    "word-division",
    examples=(("Ф И Л И П П О В", "ФИЛИППОВ"), ("а и в", "а и в")),
    sequence=letterspacing,
)
WORD_DIVISION = Rule(
    "word_division",
    "A particle hyphenated to its word is written apart: Отчего-бы = Отчего бы.",
    "word-division",
    examples=(("Отчего-бы", "Отчего бы"), ("кое-что", "кое-что")),
    sequence=word_division,
)
PALLADIUS = Rule(
    "palladius",
    "Chinese names in the Palladius system: syllables joined (ЦЗЕ-ДУНУ = Цзэдуну), older е = modern э.",
    "transliteration",
    examples=(("ЦЗЕ-ДУНУ", "ЦЗЭДУНУ"), ("ЭНЬ-ЛАЮ", "ЭНЬЛАЮ"), ("Улан-Батор", "Улан-Батор")),
    sequence=palladius,
)
