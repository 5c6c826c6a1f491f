"""Compare the lemmatizers on the package lists for collate's grammatical / lexical judgement.

Not a unit test: run it by hand, with the candidates installed
(``pip install simplemma lemminflect spacy-lookups-data``; only simplemma is a dependency).

    .venv/bin/python benchmarks/compare_lemmatizers.py

The question the typology asks a lemmatizer is "do these two words share a
lemma?". Each candidate answers it for the substantive English pairs of
``benchmarks/data/variants_en.tsv`` (grammatical pairs should share one,
lexical pairs should not) and for the Greek ones of ``variants_el.tsv`` where
it has Greek; the script prints the share answered right, how many words it
knew, the time to load it and the time per look-up, and its data's size.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def pairs(language: str) -> list[tuple[str, str, bool]]:
    """(a, b, should share a lemma) for the grammatical and lexical pairs of a language's file."""
    found = []
    for line in (DATA / f"variants_{language}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        a, b, kind, _ = line.split("\t")
        if kind in ("grammatical", "lexical"):
            found.append((a.lower(), b.lower(), kind == "grammatical"))
    return found


def simplemma_lemmas(language: str) -> Callable[[str], set[str]]:
    """simplemma's dictionary look-up (through collate's lexicon, accent-blind for Greek)."""
    from collate.normalize.lexicon import bare, lemmas

    return lambda w: set(lemmas(bare(w) if language == "el" else w, language))


def lemminflect_lemmas(language: str) -> Callable[[str], set[str]] | None:
    """lemminflect: English only; every lemma of every part of speech."""
    if language != "en":
        return None
    import lemminflect

    return lambda w: {x for forms in lemminflect.getAllLemmas(w).values() for x in forms}


def spacy_lemmas(language: str) -> Callable[[str], set[str]] | None:
    """spacy-lookups-data's lookup table (the one spaCy uses without a model)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{language}_lemma_lookup.json.gz"
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as f:
        table = json.load(f)
    return lambda w: {table[w]} if w in table else set()


def main() -> None:
    """Print the comparison."""
    candidates = {
        "simplemma": simplemma_lemmas,
        "lemminflect": lemminflect_lemmas,
        "spacy-lookups": spacy_lemmas,
    }
    for language in ("en", "el"):
        rows = pairs(language)
        print(f"{language}: {len(rows)} grammatical/lexical pairs")
        for name, make in candidates.items():
            start = time.perf_counter()
            try:
                lookup = make(language)
            except ImportError:
                print(f"  {name:14} not installed")
                continue
            if lookup is None:
                print(f"  {name:14} has no {language} data")
                continue
            lookup("the")
            load = time.perf_counter() - start
            right = known = 0
            start = time.perf_counter()
            for a, b, share in rows:
                la, lb = lookup(a), lookup(b)
                known += bool(la) + bool(lb)
                right += bool(la & lb) == share
            per = (time.perf_counter() - start) / (2 * len(rows)) * 1e6
            print(
                f"  {name:14} right {right / len(rows):6.1%}  words known {known / (2 * len(rows)):6.1%}"
                f"  load {load:5.2f} s  {per:6.1f} µs/look-up"
            )


if __name__ == "__main__":
    main()
