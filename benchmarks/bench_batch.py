"""``collate batch`` throughput on Dask: documents per second with 1 and 2 workers, side by side.

A seeded generator (:func:`make_corpus`) writes a corpus of two-witness
documents: witness A is a real text, witness B a copy with variants planted
at seeded places (case, punctuation, a substituted, dropped, added or
transposed word, about one word in 25).

- **seed-sized** documents take the seed telegram's first transcription
  (``witnesses/1950-10-01-filippov-to-mao/A.txt``, 248 words), its sentences
  rotated so that no two documents start alike;
- **chapter-sized** documents take a chapter of *Frankenstein* (the 1818
  edition's text of one Variorum unit, 1,100-5,600 words) from
  ``--frankenstein`` (default ``../shared/corpora/frankenstein``).

For each corpus the batch runs on an embedded LocalCluster of 1 and then 2
worker processes (``--force``, so every document is collated), and reports
documents per second, the 2-worker speed-up (target: at least 1.7x), the
scheduler's overhead per task (the same corpus of trivial tasks, timed on the
same cluster) and the peak resident memory of a worker.

    python benchmarks/bench_batch.py                       # 1,000 seed-sized + 100 chapter-sized
    python benchmarks/bench_batch.py --seed-docs 200 --chapter-docs 20
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "witnesses" / "1950-10-01-filippov-to-mao" / "A.txt"
FRANKENSTEIN = ROOT.parent.parent / "shared" / "corpora" / "frankenstein"
if not FRANKENSTEIN.exists():
    FRANKENSTEIN = Path("/work/shared/corpora/frankenstein")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_TRAILING = re.compile(r"[,.;:!?]+$")
KINDS = ("case", "punctuation", "substitution", "omission", "addition", "transposition")


def plant(words: list[str], rng: random.Random, rate: float = 0.04) -> list[str]:
    """A copy of ``words`` with variants planted at about ``rate`` of the words, at least 4 words apart."""
    vocab = sorted({_TRAILING.sub("", w) for w in words if _TRAILING.sub("", w).isalpha()})
    out: list[str] = []
    i = last = 0
    while i < len(words):
        w = words[i]
        core = _TRAILING.sub("", w)
        punct = w[len(core) :]
        if i - last < 4 or i + 2 >= len(words) or rng.random() >= rate or not core.isalpha():
            out.append(w)
            i += 1
            continue
        last = i
        kind = rng.choice(KINDS)
        if kind == "case":
            out.append(core.swapcase()[:1] + core[1:] + punct)
        elif kind == "punctuation":
            out.append(core if punct else core + rng.choice([",", ";", "."]))
        elif kind == "substitution":
            out.append(rng.choice(vocab) + punct)
        elif kind == "omission":
            pass
        elif kind == "addition":
            out.extend([w, rng.choice(vocab)])
        else:  # transposition
            out.extend([words[i + 1], w])
            i += 1
        i += 1
    return out


def seed_texts(count: int, seed: int) -> list[str]:
    """``count`` seed-sized base texts: the seed telegram's sentences, rotated per document."""
    sentences = _SENTENCE.split(SEED_TEXT.read_text(encoding="utf-8").strip())
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        k = rng.randrange(len(sentences))
        texts.append(" ".join(sentences[k:] + sentences[:k]))
    return texts


def chapter_texts(count: int, frankenstein: Path = FRANKENSTEIN) -> list[str]:
    """``count`` chapter-sized base texts: the 1818 text of each Frankenstein unit, in turn."""
    chapters = sorted(frankenstein.glob("C*/1818.txt"))
    if not chapters:
        raise SystemExit(f"no Frankenstein chapters in {frankenstein} (give --frankenstein)")
    return [chapters[i % len(chapters)].read_text(encoding="utf-8") for i in range(count)]


def make_corpus(out: Path, bases: list[str], seed: int, rate: float = 0.04) -> Path:
    """Write a corpus of ``len(bases)`` two-witness documents (``doc0001/A.txt``, ``B.txt``) under ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(len(bases))))
    for i, base in enumerate(bases, 1):
        words = base.split()
        folder = out / f"doc{i:0{width}d}"
        folder.mkdir(exist_ok=True)
        (folder / "A.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
        (folder / "B.txt").write_text(" ".join(plant(words, rng, rate)) + "\n", encoding="utf-8")
    return out


def _noop(i: int) -> int:
    return i


def _warm() -> None:
    """Pay a worker's one-time costs (imports, the morphology dictionary) before the clock starts."""
    import collatex  # noqa: F401  # imported lazily by the aligner's first hard stretch: 1-3 s

    from collate import collate

    collate({"A": "Москва еще 16 сентября", "B": "Москва ещё 16-го сентября"}, jobs=1, progress=False)


def _peak_rss_kb() -> int:
    """This process's peak resident memory (Linux ``VmHWM``), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    """One forced batch of ``corpus`` on a fresh LocalCluster of ``workers``: throughput, overhead, memory."""
    from distributed import Client, LocalCluster

    from collate.batch import batch

    n = sum(1 for p in corpus.iterdir() if p.is_dir())
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)
        start = time.perf_counter()
        frame = batch(corpus, out, force=True, scheduler=cluster, progress=False)
        seconds = time.perf_counter() - start
        assert (frame["status"] == "ok").all(), frame[frame["status"] != "ok"]
        # Scheduler overhead: as many trivial tasks as documents, on the same workers.
        start = time.perf_counter()
        client.gather(client.map(_noop, range(n), pure=False))
        overhead = (time.perf_counter() - start) / n
        peak = max(client.run(_peak_rss_kb).values()) / 1024
    return {
        "documents": n,
        "seconds": seconds,
        "docs_per_s": n / seconds,
        "overhead_ms": overhead * 1000,
        "peak_mb": peak,
        "entries": int(frame["entries"].sum()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed-docs", type=int, default=1000)
    parser.add_argument("--chapter-docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--frankenstein", type=Path, default=FRANKENSTEIN)
    parser.add_argument("--keep", type=Path, help="Build the corpora here and keep them.")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    corpora = []
    if args.seed_docs:
        corpora.append(
            ("seed-sized", make_corpus(work / "seed", seed_texts(args.seed_docs, args.seed), args.seed))
        )
    if args.chapter_docs:
        bases = chapter_texts(args.chapter_docs, args.frankenstein)
        corpora.append(("chapter-sized", make_corpus(work / "chapter", bases, args.seed)))
    print(
        f"{'corpus':14} {'workers':>7} {'docs':>5} {'seconds':>8} {'docs/s':>7} {'overhead/task':>13} {'worker peak':>11}"
    )
    ok = True
    try:
        for name, corpus in corpora:
            results = {}
            for workers in (1, 2):
                r = measure(corpus, work / f"out-{name}-{workers}", workers)
                results[workers] = r
                print(
                    f"{name:14} {workers:>7} {r['documents']:>5} {r['seconds']:>8.1f} {r['docs_per_s']:>7.2f} "
                    f"{r['overhead_ms']:>10.2f} ms {r['peak_mb']:>8.0f} MB",
                    flush=True,
                )
            speedup = results[2]["docs_per_s"] / results[1]["docs_per_s"]
            verdict = "ok" if speedup >= 1.7 else "BELOW TARGET"
            ok &= speedup >= 1.7
            print(f"{name:14} 2 workers / 1 worker: {speedup:.2f}x (target >= 1.7x: {verdict})", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
