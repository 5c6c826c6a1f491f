"""Normalization throughput, in tokens per second (target: >= 200,000 on 2 cores).

Not a unit test: run it by hand.

    .venv/bin/python benchmarks/bench_normalize.py [--tokens 200000] [--repeat 5]

Two long texts: the Filippov-to-Mao seed witnesses repeated to the requested
size (Russian: Palladius names, hyphenation, prereform checks), and the
Darwin corpus (/work/shared/corpora/darwin-origin-ch1.json, English: every
witness of every paragraph). Tokenizing is timed apart; the number reported
is normalize() alone, under the default profile, best of ``--repeat`` runs.
Every cache (normalized forms, dictionary look-ups, Palladius segmentations)
is cleared before each run, so every run pays for its distinct forms once, as
a fresh process would (only the dictionary itself stays loaded).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from collate.normalize import get_profile, morph, normalize, sequences
from collate.normalize import registry as _registry
from collate.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "witnesses" / "1950-10-01-filippov-to-mao"
DARWIN = Path("/work/shared/corpora/darwin-origin-ch1.json")


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


def measure(name: str, text: str, profile_name: str, repeat: int) -> float:
    """Print and return normalize()'s best throughput on ``text`` in tokens/s."""
    profile = get_profile(profile_name)
    start = time.perf_counter()
    tokens = tokenize(text)
    tokenize_s = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        normalize(tokens, profile)
        times.append(time.perf_counter() - start)
    best = min(times)
    rate = len(tokens) / best
    print(
        f"{name:8} {profile_name:12} {len(tokens):>9,} tokens  normalize {best * 1000:8.1f} ms"
        f"  {rate:>12,.0f} tokens/s (worst run {len(tokens) / max(times):,.0f})"
        f"  (tokenize {len(tokens) / tokenize_s:,.0f} tokens/s)"
    )
    return rate


def clear_caches() -> None:
    """Forget every cached form and dictionary look-up (the analyzer itself stays loaded)."""
    _registry._CACHES.clear()
    for cached in (morph.is_known, morph.is_common_word, sequences.palladius_form, sequences._segment_stem):
        cached.cache_clear()


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200_000, help="size of the repeated seed text")
    parser.add_argument("--repeat", type=int, default=5, help="runs per text (best is reported)")
    args = parser.parse_args()
    # Warm up the dictionary (pymorphy3 loads lazily, once per process).
    normalize(tokenize("парал-\nлель"), get_profile("orthographic"))
    rates = []
    seed = seed_text(args.tokens)
    for profile in ("orthographic", "substance", "diplomatic"):
        rates.append(measure("seed", seed, profile, args.repeat))
    darwin = darwin_text()
    if darwin is not None:
        rates.append(measure("darwin", darwin, "orthographic", args.repeat))
    verdict = "meets" if min(rates[0], rates[-1]) >= 200_000 else "MISSES"
    print(f"default profile: {verdict} the 200,000 tokens/s target")


if __name__ == "__main__":
    main()
