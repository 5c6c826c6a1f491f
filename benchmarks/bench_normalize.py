"""Normalization throughput, in tokens per second (target: >= 500,000 for Russian and for English on 2 cores).

Not a unit test: run it by hand.

    .venv/bin/python benchmarks/bench_normalize.py [--tokens 200000] [--repeat 5]

Three long texts, each normalized with its language's rule pack: the
Filippov-to-Mao seed witnesses repeated to the requested size (Russian:
Palladius names, hyphenation, prereform checks), the Darwin corpus
(/work/shared/corpora/darwin-origin-ch1.json, English: every witness of every
paragraph) and the Frankenstein witnesses (/work/shared/corpora/frankenstein,
English: five witnesses of every chapter, with the manuscript's ``&`` and
period spellings). Tokenizing is timed apart; the number reported is
normalize() alone, under the default profile, best of ``--repeat`` runs.
Every cache (normalized forms, dictionary and word-list look-ups, Palladius
segmentations) is cleared before each run with ``REGISTRY.clear_caches()``,
so every run pays for its distinct forms once, as a fresh process would (only
the dictionaries themselves stay loaded). The rate is wall-clock time; the
best run's rate in CPU time is printed beside it, since the machine is shared
(a busy machine slows the wall clock, not the CPU time).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from collate.normalize import REGISTRY, get_profile, normalize
from collate.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "witnesses" / "1950-10-01-filippov-to-mao"
DARWIN = Path("/work/shared/corpora/darwin-origin-ch1.json")
FRANKENSTEIN = Path("/work/shared/corpora/frankenstein")
TARGET = 500_000


def seed_text(target_tokens: int) -> str:
    """The seed witnesses, repeated until the text has about ``target_tokens`` tokens."""
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    per_unit = len(tokenize(unit))
    return "\n\n".join([unit] * max(1, target_tokens // per_unit))


def darwin_text() -> str | None:
    """Every witness of every Darwin paragraph, one after another (None if the corpus is missing)."""
    if not DARWIN.exists():
        return None
    data = json.loads(DARWIN.read_text(encoding="utf-8"))
    return "\n\n".join(w["content"] for item in data for w in item["witnesses"])


def frankenstein_text() -> str | None:
    """Every witness of every Frankenstein chapter, one after another (None if the corpus is missing)."""
    if not FRANKENSTEIN.exists():
        return None
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FRANKENSTEIN.glob("C*/*.txt")))


def measure(name: str, text: str, profile_name: str, repeat: int, language: str) -> float:
    """Print and return normalize()'s best throughput on ``text`` in tokens/s."""
    profile = get_profile(profile_name)
    start = time.perf_counter()
    tokens = tokenize(text)
    tokenize_s = time.perf_counter() - start
    times, cpu_times = [], []
    for _ in range(repeat):
        clear_caches()
        start, cpu_start = time.perf_counter(), time.process_time()
        normalize(tokens, profile, language=language)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    best = min(times)
    rate = len(tokens) / best
    print(
        f"{name:12} {language} {profile_name:12} {len(tokens):>9,} tokens  normalize {best * 1000:8.1f} ms"
        f"  {rate:>12,.0f} tokens/s (CPU time {len(tokens) / min(cpu_times):,.0f};"
        f" worst run {len(tokens) / max(times):,.0f})  (tokenize {len(tokens) / tokenize_s:,.0f} tokens/s)"
    )
    return rate


def clear_caches() -> None:
    """Forget every cached form and look-up (the dictionaries themselves stay loaded)."""
    REGISTRY.clear_caches()


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200_000, help="size of the repeated seed text")
    parser.add_argument("--repeat", type=int, default=5, help="runs per text (best is reported)")
    args = parser.parse_args()
    # Warm up the dictionaries (pymorphy3, wordfreq and simplemma load lazily, once per process).
    normalize(tokenize("парал-\nлель"), get_profile("orthographic"), language="ru")
    normalize(tokenize("vpon the colour"), get_profile("orthographic"), language="en")
    rates: dict[str, float] = {}
    seed = seed_text(args.tokens)
    for profile in ("orthographic", "substance", "diplomatic"):
        rate = measure("seed", seed, profile, args.repeat, "ru")
        if profile == "orthographic":
            rates["Russian (seed)"] = rate
    for name, text in (("darwin", darwin_text()), ("frankenstein", frankenstein_text())):
        if text is not None:
            rates[f"English ({name})"] = measure(name, text, "orthographic", args.repeat, "en")
    for name, rate in rates.items():
        verdict = "meets" if rate >= TARGET else "MISSES"
        print(f"default profile, {name}: {rate:,.0f} tokens/s, {verdict} the {TARGET:,} tokens/s target")


if __name__ == "__main__":
    main()
