"""A seeded generator of N witnesses copied from one base text, with known truth.

Every witness is the base with ``changes`` edits at distinct places, drawn in
turn from the kinds given: a word substituted, deleted or inserted, two
neighbouring words transposed, a word misspelled (one letter changed, added or
dropped). For each token of each witness the generator records which base
word it copies and how (``unchanged``, ``misspelled``, ``moved``), or that it
copies none (a substitute or an insertion), so "the right column" is
measurable (:func:`right_share`).

The base text draws its words from a vocabulary of made-up words with a
Zipf-Mandelbrot distribution (weight 1 / (rank + 2.7)), so that, as in
English prose, the commonest word makes about 6% of the text and most words
occur once or twice.

    >>> wit = generate(3, 12, changes=2, seed=1)
    >>> len(wit.texts), all(len(w) == len(s) for w, s in zip(wit.texts, wit.sources))
    (3, True)
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: Made-up words in the vocabulary (at least; more for longer bases).
VOCABULARY = 500
ZIPF_OFFSET = 2.7
KINDS = ("substitution", "deletion", "insertion", "transposition", "misspelling")
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["th", "st", "qu"]


@dataclass(frozen=True)
class Witnesses:
    """Generated witnesses: each one's words, and for each word the base index it copies and how."""

    base: tuple[str, ...]
    texts: tuple[tuple[str, ...], ...]
    #: By witness and word: ``(base index, "unchanged" | "misspelled" | "moved")``, or ``None``.
    sources: tuple[tuple[tuple[int, str] | None, ...], ...]

    def as_texts(self) -> dict[str, str]:
        """The witnesses as ``{siglum: text}`` (sigla W001, W002, ...)."""
        return {f"W{w + 1:03d}": " ".join(words) for w, words in enumerate(self.texts)}


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """``size`` distinct made-up words of 1-4 syllables."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))] = None
    return list(words)


def misspell(rng: random.Random, word: str) -> str:
    """The word with one letter changed, added or dropped (never the word itself)."""
    while True:
        i = rng.randrange(len(word))
        op = rng.choice(("change", "add", "drop") if len(word) > 3 else ("change", "add"))
        letter = rng.choice("abcdefghiklmnoprstuvyz")
        if op == "change":
            out = word[:i] + letter + word[i + 1 :]
        elif op == "add":
            out = word[:i] + letter + word[i:]
        else:
            out = word[:i] + word[i + 1 :]
        if out != word:
            return out


def generate(
    witnesses: int, words: int, changes: int, seed: int = 1, kinds: Sequence[str] = KINDS
) -> Witnesses:
    """``witnesses`` copies of a ``words``-word base, each with ``changes`` edits of ``kinds`` (seeded)."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, max(VOCABULARY, words))
    weights = [1 / (rank + ZIPF_OFFSET) for rank in range(len(vocab))]
    base = tuple(rng.choices(vocab, weights)[0] for _ in range(words))
    texts, sources = [], []
    for _ in range(witnesses):
        tokens: list[tuple[str, tuple[int, str] | None]] = [
            (word, (i, "unchanged")) for i, word in enumerate(base)
        ]
        # Distinct places, at least two words apart, edited from the end so indices stay valid.
        places = sorted(rng.sample(range(0, words - 1, 3), min(changes, (words - 1 + 2) // 3)), reverse=True)
        for k, at in enumerate(places):
            kind = kinds[(k + rng.randrange(len(kinds))) % len(kinds)]
            # An edit next to the same word has no one truth (which of "the the"
            # was deleted?): such places are left as they are.
            around = {t for t, _ in tokens[max(0, at - 1) : at + 3]}
            if kind in ("deletion", "transposition") and len(around) < len(tokens[max(0, at - 1) : at + 3]):
                continue
            if kind == "substitution":
                tokens[at] = (rng.choice([v for v in vocab[:200] if v not in around]), None)
            elif kind == "deletion":
                del tokens[at]
            elif kind == "insertion":
                new = rng.choice([v for v in vocab[:200] if v not in around])
                tokens.insert(at, (new, None))
            elif kind == "transposition":
                (a, sa), (b, sb) = tokens[at], tokens[at + 1]
                tokens[at : at + 2] = [
                    (b, (sb[0], "moved") if sb else None),
                    (a, (sa[0], "moved") if sa else None),
                ]
            else:
                word, src = tokens[at]
                tokens[at] = (misspell(rng, word), (src[0], "misspelled") if src else None)
        texts.append(tuple(t for t, _ in tokens))
        sources.append(tuple(s for _, s in tokens))
    return Witnesses(base, tuple(texts), tuple(sources))


def right_share(gen: Witnesses, columns: Sequence[Sequence[int | None]], how: str = "unchanged") -> float:
    """The share of the words copied ``how`` that stand in their base word's column.

    ``columns`` are index columns over the witnesses' words. A base word's
    column is the one where most of its unchanged copies stand.
    """
    where: dict[tuple[int, int], int] = {}
    for c, col in enumerate(columns):
        for w, i in enumerate(col):
            if i is not None:
                where[(w, i)] = c
    votes: dict[int, Counter[int]] = {}
    for w, srcs in enumerate(gen.sources):
        for i, src in enumerate(srcs):
            if src is not None and src[1] == "unchanged":
                votes.setdefault(src[0], Counter())[where[(w, i)]] += 1
    home = {b: counter.most_common(1)[0][0] for b, counter in votes.items()}
    right = total = 0
    for w, srcs in enumerate(gen.sources):
        for i, src in enumerate(srcs):
            if src is not None and src[1] == how and src[0] in home:
                total += 1
                right += where[(w, i)] == home[src[0]]
    return right / total if total else 1.0
