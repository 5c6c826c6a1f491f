"""A seeded generator of two Russian transcriptions of one text, with planted variants.

The base text is real Russian prose: the Russian fortune collection that Debian
ships (``apt-get install fortunes-ru``: aphorisms, quotations and anecdotes,
about 320,000 words in ``/usr/share/games/fortunes/ru``), read in file order.
Witness A is the base text; witness B is a copy with variants planted at random
(seeded) places, at least four words apart, each recorded with its character
span in both witnesses (the ground truth):

``case``, ``yo`` (е/ё), ``prereform`` (final ъ, і before a vowel),
``punctuation`` (a mark added or dropped), ``spacing`` (a space before a mark),
``substitution`` (another word of the text), ``omission`` (1-3 words),
``addition`` (1-2 words), ``transposition`` (two neighbouring words swapped).

    python benchmarks/russian_variants.py --words 100000 --seed 1 --out /tmp/ru
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path

FORTUNES = Path("/usr/share/games/fortunes/ru")
KINDS = (
    "case",
    "yo",
    "prereform",
    "punctuation",
    "spacing",
    "substitution",
    "omission",
    "addition",
    "transposition",
)
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
_I_BEFORE_VOWEL = re.compile(r"и(?=[аеёиоуыэюя])")
_TRAILING_PUNCT = re.compile(r"[,.;:!?]+$")
_LETTERS = re.compile(r"^[А-Яа-яЁё]+$")


@dataclass(frozen=True)
class Variant:
    """One planted variant: its kind and the character spans it covers in A and in B."""

    kind: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


def base_words(count: int, folder: Path = FORTUNES) -> list[str]:
    """The first ``count`` whitespace-separated words of the Russian fortunes, in file order."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.suffix)
    if not files:
        raise SystemExit(f"no Russian text in {folder}: apt-get install fortunes-ru")
    words: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            if line.strip() == "%":
                continue
            words.extend(line.split())
            if len(words) >= count:
                return words[:count]
    if len(words) < count:
        raise SystemExit(f"only {len(words)} words of Russian text in {folder}")
    return words


def _plant(
    kind: str, words: list[str], i: int, rng: random.Random, vocab: list[str]
) -> tuple[int, list[str]] | None:
    """Apply ``kind`` at word ``i``: (how many A words it replaces, B's words); None if it does not apply."""
    w = words[i]
    core = _TRAILING_PUNCT.sub("", w)
    punct = w[len(core) :]
    if kind == "case":
        if not core[:1].isalpha():
            return None
        return 1, [(core[0].lower() if core[0].isupper() else core[0].upper()) + core[1:] + punct]
    if kind == "yo":
        if "ё" in w:
            return 1, [w.replace("ё", "е", 1)]
        if "е" in core:
            return 1, [w.replace("е", "ё", 1)]
        return None
    if kind == "prereform":
        if _CONSONANT_END.search(core):
            return 1, [core + "ъ" + punct]
        if _I_BEFORE_VOWEL.search(core):
            return 1, [_I_BEFORE_VOWEL.sub("і", core, count=1) + punct]
        return None
    if kind == "punctuation":
        if not core:
            return None
        return 1, [core if punct else core + rng.choice([",", ";", "."])]
    if kind == "spacing":
        if not core or not punct:
            return None
        return 1, [core, punct]
    if kind == "substitution":
        if not _LETTERS.match(core):
            return None
        other = rng.choice(vocab)
        if other.lower() == core.lower():
            return None
        return 1, [other + punct]
    if kind == "omission":
        return rng.randint(1, 3), []
    if kind == "addition":
        return 0, [rng.choice(vocab) for _ in range(rng.randint(1, 2))]
    if kind == "transposition":
        if i + 1 >= len(words) or not (_LETTERS.match(w) and _LETTERS.match(words[i + 1])):
            return None
        if w.lower() == words[i + 1].lower():
            return None
        return 2, [words[i + 1], w]
    raise ValueError(kind)


def generate(count: int, seed: int, rate: float = 0.04) -> tuple[str, str, list[Variant]]:
    """Witness A (the base text), witness B (with variants) and the planted variants."""
    rng = random.Random(seed)
    words = base_words(count)
    vocab = sorted({_TRAILING_PUNCT.sub("", w) for w in words if _LETTERS.match(_TRAILING_PUNCT.sub("", w))})
    a_parts: list[str] = []
    b_parts: list[str] = []
    a_len = b_len = 0
    variants: list[Variant] = []

    def emit(parts: list[str], length: int, word: str) -> tuple[int, int]:
        if parts:
            parts.append(" ")
            length += 1
        parts.append(word)
        return length, length + len(word)

    pending: str | None = None
    i = 0
    while i < len(words):
        planted = None
        if pending is None and rng.random() < rate:
            pending = KINDS[len(variants) % len(KINDS)]  # kinds in turn, so each is well represented
        if pending is not None and i > 0 and i + 4 < len(words):
            result = _plant(pending, words, i, rng, vocab)
            if result is not None:  # else try the same kind on the next word
                planted, pending = (pending, result), None
        if planted is None:
            _, a_len = emit(a_parts, a_len, words[i])
            _, b_len = emit(b_parts, b_len, words[i])
            i += 1
            continue
        kind, (taken, new) = planted
        a_start, b_start = a_len + 1, b_len + 1  # after the separating space
        a_end, b_end = a_start, b_start
        for word in words[i : i + taken]:
            _, a_len = emit(a_parts, a_len, word)
            a_end = a_len
        for k, word in enumerate(new):
            if kind == "spacing" and k == 1:
                b_parts.append(" ")  # the same word, a space before its punctuation
                b_parts.append(word)
                b_len += 1 + len(word)
            else:
                _, b_len = emit(b_parts, b_len, word)
            b_end = b_len
        variants.append(
            Variant(
                kind,
                a_start,
                a_end,
                b_start,
                b_end,
                " ".join(words[i : i + taken]),
                " ".join(new) if kind != "spacing" else new[0] + " " + new[1],
            )
        )
        i += taken
        # Keep variants apart, so that each is a place of its own.
        for word in words[i : i + 3]:
            _, a_len = emit(a_parts, a_len, word)
            _, b_len = emit(b_parts, b_len, word)
        i += 3
    a_text, b_text = "".join(a_parts), "".join(b_parts)
    return a_text, b_text, variants


def write(out: Path, count: int, seed: int) -> tuple[Path, Path, Path]:
    """Write ``A.txt``, ``B.txt`` and ``truth.json`` (the planted variants) to ``out``."""
    a_text, b_text, variants = generate(count, seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "A.txt", out / "B.txt", out / "truth.json"
    paths[0].write_text(a_text, encoding="utf-8")
    paths[1].write_text(b_text, encoding="utf-8")
    paths[2].write_text(
        json.dumps([asdict(v) for v in variants], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return paths


def main() -> None:
    """Command line: write a generated pair of witnesses and its ground truth."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in write(args.out, args.words, args.seed):
        print(path)


if __name__ == "__main__":
    main()
