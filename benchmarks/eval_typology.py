"""Evaluate the variant typology on labelled English and Greek pairs (targets: >= 95% types, >= 98% categories).

Not a unit test: run it by hand (tests/test_languages.py checks the targets on the same files).

    .venv/bin/python benchmarks/eval_typology.py [--show-misses]

Each line of ``benchmarks/data/variants_en.tsv`` and ``variants_el.tsv`` is a
pair ``base  other  type  source``; ``[manuscript]`` at the end of the source
names the profile (default: orthographic). Each pair is classified as one
apparatus entry (:func:`collate.classify.classify_pair`) in its file's
language, as the witnesses' language would be given or detected in a real
collation. The script prints, per language, the share of pairs whose type and
whose category are right, and the confusion table (rows: expected type,
columns: the classifier's).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from collate.classify import classify_pair
from collate.typology import TYPES, category_of

DATA = Path(__file__).resolve().parent / "data"
FILES = {"en": DATA / "variants_en.tsv", "el": DATA / "variants_el.tsv"}


def load(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(base, other, expected type, source, profile) for each line of a pairs file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        base, other, expected, source = line.split("\t")
        profile = "manuscript" if source.endswith("[manuscript]") else "orthographic"
        rows.append((base, other, expected, source, profile))
    return rows


def evaluate(language: str) -> tuple[float, float, Counter[tuple[str, str]], list[str]]:
    """(type accuracy, category accuracy, confusion counts, misses) for one language's pairs."""
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    right_type = right_category = 0
    rows = load(FILES[language])
    for base, other, expected, source, profile in rows:
        verdict = classify_pair(base, other, profile, language=language)
        confusion[(expected, verdict.type)] += 1
        right_type += verdict.type == expected
        right_category += verdict.category == category_of(expected)
        if verdict.type != expected:
            misses.append(
                f"  {base} / {other}: expected {expected}, got {verdict.type} ({verdict.note}) [{source}]"
            )
    return right_type / len(rows), right_category / len(rows), confusion, misses


def table(confusion: Counter[tuple[str, str]]) -> str:
    """The confusion table as text: expected types down, found types across."""
    found = [t for t in TYPES if any(k[1] == t for k in confusion)]
    expected = [t for t in TYPES if any(k[0] == t for k in confusion)]
    width = max(len(t) for t in [*found, *expected, "expected / got"])
    lines = ["expected / got".ljust(width) + "".join(f" {t[:6]:>6}" for t in found)]
    for e in expected:
        lines.append(e.ljust(width) + "".join(f" {confusion[(e, f)] or '.':>6}" for f in found))
    return "\n".join(lines)


def main() -> None:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="list every pair typed wrong")
    args = parser.parse_args()
    verdicts = []
    for language in FILES:
        types, categories, confusion, misses = evaluate(language)
        n = sum(confusion.values())
        ok = types >= 0.95 and categories >= 0.98
        verdicts.append(ok)
        print(
            f"{language}: {n} pairs, types {types:.1%}, categories {categories:.1%}"
            f" ({'meets' if ok else 'MISSES'} the 95% / 98% targets)"
        )
        print(table(confusion))
        if args.show_misses and misses:
            print("\n".join(misses))
        print()


if __name__ == "__main__":
    main()
