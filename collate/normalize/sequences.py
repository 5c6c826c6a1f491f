"""Sequence rules: rules that look at neighbouring tokens, and may join or split them.

Every function here takes and returns a tuple of tokens and keeps the text
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
from .tables import DASHES, PALLADIUS_ALTERNATION, PALLADIUS_SYLLABLES

_WORD, _NUMBER, _PUNCT = Kind.WORD, Kind.NUMBER, Kind.PUNCT
_HYPHEN_TEXTS = frozenset({"-", "‐", "‑", "\u00ad"})
_SOFT_HYPHEN = "\u00ad"


def changed(token: Token, norm: str, rule: str) -> Token:
    """``token`` with a new normalized form, recording ``rule``."""
    return Token(
        token.text,
        token.ws,
        token.start,
        token.end,
        token.line,
        token.column,
        token.kind,
        norm,
        (*token.rules, rule),
    )


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


# -- hyphenation ------------------------------------------------------------------------------


def hyphenation(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Rejoin words broken at a line end; make the hyphen of ``38-параллель`` ignorable.

    ``парал-⏎лель`` becomes one token (norm ``параллель``) when the dictionary
    knows the joined word; ``северо-⏎запад`` stays as it is. A Palladius name
    broken at its hyphen (``ЦЗЕ-⏎ДУНУ``) becomes one token ``ЦЗЕ-ДУНУ``, left
    to the ``palladius`` rule. A word broken
    with a soft hyphen at a line end is always rejoined. A hyphen glued
    between a number and a word gets an empty norm, so ``38-параллель``
    compares equal to ``38 параллель`` (``5-й`` is one token already).
    """
    out: list[Token] = []
    append = out.append
    n = len(tokens)
    i = 0
    touched = False
    while i < n:
        token = tokens[i]
        if token.ws or i + 1 >= n:
            # A soft hyphen ending a word before a line break (the tokenizer keeps it in the word).
            if (
                token.kind is _WORD
                and token.text.endswith(_SOFT_HYPHEN)
                and _has_newline(token.ws)
                and i + 1 < n
                and tokens[i + 1].kind is _WORD
            ):
                nxt = tokens[i + 1]
                append(merged((token, nxt), token.norm.rstrip(_SOFT_HYPHEN) + nxt.norm, "hyphenation"))
                i += 2
                touched = True
                continue
            append(token)
            i += 1
            continue
        hyphen = tokens[i + 1]
        if hyphen.kind is _PUNCT and hyphen.text in _HYPHEN_TEXTS and i + 2 < n:
            nxt = tokens[i + 2]
            if nxt.kind is _WORD:
                if token.kind is _WORD and _has_newline(hyphen.ws):
                    joined = token.norm + nxt.norm
                    if morph.is_known(joined):
                        append(merged((token, hyphen, nxt), joined, "hyphenation"))
                        i += 3
                        touched = True
                        continue
                    compound = f"{token.norm}-{nxt.norm}"
                    if token.text[:1].isupper() and palladius_form(compound) is not None:
                        # ЦЗЕ-⏎ДУНУ: a Palladius name broken at its own hyphen keeps it.
                        append(merged((token, hyphen, nxt), compound, "hyphenation"))
                        i += 3
                        touched = True
                        continue
                elif token.kind is _NUMBER and not hyphen.ws:
                    append(token)
                    append(changed(hyphen, "", "hyphenation"))
                    i += 2
                    touched = True
                    continue
        append(token)
        i += 1
    return tuple(out) if touched else tokens


# -- letterspacing ----------------------------------------------------------------------------


def _single_letter(token: Token) -> bool:
    return token.kind is _WORD and len(token.text) == 1


def letterspacing(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Join a letterspaced word: ``Ф И Л И П П О В`` becomes one token ``ФИЛИППОВ``.

    A run of at least three one-letter words separated by single spaces is
    joined when its letters are all capitals, or when the joined word is in
    the dictionary (``р а з р я д к а``); ``а и в`` stays apart.
    """
    out: list[Token] = []
    n = len(tokens)
    i = 0
    touched = False
    while i < n:
        token = tokens[i]
        if not _single_letter(token):
            out.append(token)
            i += 1
            continue
        j = i
        while j + 1 < n and tokens[j].ws == " " and _single_letter(tokens[j + 1]):
            j += 1
        run = tokens[i : j + 1]
        if len(run) >= 3:
            letters = "".join(t.norm for t in run)
            upper = all(t.text.isupper() for t in run)
            if (upper and letters.isalpha()) or morph.is_known(letters):
                out.append(merged(run, letters, "letterspacing"))
                touched = True
                i = j + 1
                continue
        # No join from here: the run may still start at the next letter (и Ф И Л И П П О В).
        out.append(token)
        i += 1
    return tuple(out) if touched else tokens


# -- word division ----------------------------------------------------------------------------

#: Particles written separately in modern spelling but often hyphenated in typescripts.
_PARTICLES = frozenset({"бы", "б", "же", "ж", "ли"})


def word_division(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Split a particle hyphenated to its word: ``Отчего-бы`` = ``Отчего бы``.

    The token is cut into the word, the hyphen (empty norm: ignorable) and the
    particle; ``кое-что``, ``каких-либо``, ``давай-ка`` are left alone.
    """
    out: list[Token] = []
    touched = False
    for token in tokens:
        if token.kind is not _WORD or "-" not in token.text:
            out.append(token)
            continue
        cut = token.text.rfind("-")
        tail = token.text[cut + 1 :]
        norm_cut = token.norm.rfind("-")
        if token.norm[norm_cut + 1 :].lower() not in _PARTICLES or cut == 0 or norm_cut <= 0:
            out.append(token)
            continue
        rules = (*token.rules, "word_division")
        start = token.start
        out.append(
            Token(
                token.text[:cut], "", start, start + cut, token.line, token.column, _WORD,
                token.norm[:norm_cut], rules,
            )
        )  # fmt: skip
        out.append(
            Token("-", "", start + cut, start + cut + 1, token.line, token.column + cut, _PUNCT, "", rules)
        )
        out.append(
            Token(
                tail, token.ws, start + cut + 1, token.end, token.line, token.column + cut + 1, _WORD,
                token.norm[norm_cut + 1 :], rules,
            )
        )  # fmt: skip
        touched = True
    return tuple(out) if touched else tokens


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


def palladius(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Chinese names in the Palladius system: ``ЦЗЕ-ДУНУ`` = ``Цзэдуну``, ``ЭНЬ-ЛАЮ`` = ``Эньлаю``."""
    out: list[Token] = []
    touched = False
    for token in tokens:
        if token.kind is _WORD and token.text[:1].isupper() and len(token.norm) > 1:
            form = palladius_form(token.norm)
            if form is not None:
                out.append(changed(token, form, "palladius"))
                touched = True
                continue
        out.append(token)
    return tuple(out) if touched else tokens


# -- dashes and punctuation -------------------------------------------------------------------


def dashes(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A dash standing as punctuation (–, —, ―, −, or a hyphen with spaces round it) becomes —.

    A hyphen inside or glued to a word (``пять-шесть``, ``38-параллель``) is not a dash.
    """
    out: list[Token] = []
    touched = False
    previous_ws = " "
    for token in tokens:
        if token.kind is _PUNCT and len(token.norm) == 1:
            norm = token.norm
            new = DASHES.get(norm)
            if new is None and norm == "-" and token.ws and previous_ws:
                new = "—"
            if new is not None and new != norm:
                token = changed(token, new, "dashes")
                touched = True
        previous_ws = token.ws
        out.append(token)
    return tuple(out) if touched else tokens


def ignore_punctuation(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Punctuation marks get an empty norm: the aligner ignores them (the ``substance`` profile)."""
    if not any(t.kind is _PUNCT and t.norm for t in tokens):
        return tokens
    return tuple(changed(t, "", "ignore_punctuation") if t.kind is _PUNCT and t.norm else t for t in tokens)
