"""What applying editorial decisions costs: 1,000 decisions on a 35,000-word collation (target: < 10%).

Not a unit test: run it by hand.

    .venv/bin/python benchmarks/bench_decisions.py [--decisions 1000] [--repeat 3]

The collation is benchmark 3 of ``benchmarks/run.py``: Darwin's chapter 1 in
the 1859, 1860 and 1861 editions one after another (witness A, ~35,000 words)
against 1866, 1869 and 1872 (witness B), from the shared corpus
(``shared/corpora/darwin-origin-ch1.json``). The decisions are written from a
first collation's entries, spread evenly through the text, every kind but
``align``: 40% retype, 30% ignore, 20% note, 5% merge, 5% split; each names its
entry by both readings, with ``occurrence`` where the readings repeat, as an
editor would have to. Then ``collate()`` runs without and with the file, side
by side, alternating, ``--repeat`` times each; the best times are compared
(the whole call: tokenize, normalize, align, apparatus and, on one side,
the decisions stage). Every decision must apply (none stale).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from collate import collate
from collate.decisions import DecisionWarning

ROOT = Path(__file__).resolve().parent.parent
DARWIN = ROOT.parent / "shared" / "corpora" / "darwin-origin-ch1.json"
if not DARWIN.exists():
    DARWIN = Path("/work/shared/corpora/darwin-origin-ch1.json")


def texts() -> dict[str, str]:
    """A: the 1859, 1860 and 1861 chapters; B: 1866, 1869 and 1872 (paragraphs apart by blank lines)."""
    paragraphs = [
        {w["id"]: w["content"] for w in p["witnesses"]} for p in json.loads(DARWIN.read_text("utf-8"))
    ]

    def chapter(edition: str) -> str:
        return "\n\n".join(p[edition] for p in paragraphs if edition in p)

    return {
        "A": "\n\n".join(chapter(e) for e in ("1859", "1860", "1861")),
        "B": "\n\n".join(chapter(e) for e in ("1866", "1869", "1872")),
    }


def _q(text: str) -> str:
    return json.dumps(" ".join(text.split()), ensure_ascii=False)  # a TOML basic string is a JSON string


def write_decisions(app, count: int) -> str:  # type: ignore[no-untyped-def]
    """``count`` decisions on ``app``'s entries, spread evenly, as a decisions file's text."""
    entries = app.entries
    keys = [(e.reading("A").text.split(), e.reading("B").text.split()) for e in entries]
    keys = [(" ".join(a), " ".join(b)) for a, b in keys]
    seen: Counter[tuple[str, str]] = Counter()
    occurrence = []
    for key in keys:
        seen[key] += 1
        occurrence.append(seen[key])
    step = len(entries) / count
    chosen = sorted({int(i * step) for i in range(count)})
    out = []
    used: set[int] = set()  # entries a merge or split already changes
    for k, i in enumerate(chosen):
        e = entries[i]
        where = f"readings = {{ A = {_q(keys[i][0])}, B = {_q(keys[i][1])} }}\n"
        if seen[keys[i]] > 1:
            where += f"occurrence = {occurrence[i]}\n"
        slot = k % 20
        tokens_a = [t.text for t in e.reading("A").tokens]
        if slot == 0 and i + 1 < len(entries) and i + 1 not in chosen and not {i, i + 1} & used:
            nxt = keys[i + 1]
            action = f"merge = {{ A = {_q(nxt[0])}, B = {_q(nxt[1])} }}\n"
            used |= {i, i + 1}
        elif slot == 1 and len(tokens_a) > 1 and tokens_a[1] not in tokens_a[:1] and i not in used:
            action = f"split = {{ A = {_q(tokens_a[1])} }}\n"
            used.add(i)
        elif slot < 10:
            action = 'retype = { category = "accidental", type = "misreading" }\nresp = "bench"\n'
        elif slot < 16:
            action = 'ignore = true\nnote = "not printed"\n'
        else:
            action = 'note = "an editorial note"\nresp = "bench"\n'
        out.append("[[decision]]\n" + where + action)
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    witnesses = texts()
    words = {s: len(t.split()) for s, t in witnesses.items()}
    first = collate(witnesses, decisions=False, progress=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "decisions.toml"
        path.write_text(write_decisions(first, args.decisions), encoding="utf-8")
        kinds = Counter(line.split(" =")[0] for line in path.read_text("utf-8").splitlines())
        plain, decided = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            collate(witnesses, decisions=False, progress=False)
            plain.append(time.perf_counter() - start)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("error", DecisionWarning)  # a stale decision fails the benchmark
                app = collate(witnesses, decisions=path, progress=False)
            decided.append(time.perf_counter() - start)
    best_plain, best_decided = min(plain), min(decided)
    overhead = best_decided / best_plain - 1
    print(f"witnesses: A {words['A']:,} words, B {words['B']:,} words; {len(first.entries):,} entries")
    print(
        f"decisions: {kinds['[[decision]]']:,} (retype {kinds['retype']}, ignore {kinds['ignore']}, "
        f"merge {kinds['merge']}, split {kinds['split']}, note only "
        f"{kinds['[[decision]]'] - kinds['retype'] - kinds['ignore'] - kinds['merge'] - kinds['split']}); "
        f"applied {app.decisions.applied:,}, stale {len(app.decisions.stale)}"
    )
    print(f"collate() without decisions: best {best_plain:.2f} s of {', '.join(f'{t:.2f}' for t in plain)}")
    print(
        f"collate() with decisions:    best {best_decided:.2f} s of {', '.join(f'{t:.2f}' for t in decided)}"
    )
    verdict = "OK" if overhead < 0.10 else "OVER TARGET"
    print(f"overhead: {overhead:+.1%} (target < 10%): {verdict}")


if __name__ == "__main__":
    main()
