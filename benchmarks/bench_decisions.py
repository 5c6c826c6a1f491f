"""What applying editorial decisions costs: 1,000 decisions on a 35,000-word collation (target: < 10%).

Not a unit test: run it by hand.

    .venv/bin/python benchmarks/bench_decisions.py [--decisions 1000] [--repeat 3]

The collation is benchmark 3 of ``benchmarks/run.py``: Darwin's chapter 1 in
the 1859, 1860 and 1861 editions one after another (witness A, ~35,000 words)
against 1866, 1869 and 1872 (witness B), from the shared corpus
(``shared/corpora/darwin-origin-ch1.json``). The decisions are written from a
first collation's entries, spread evenly through the text, every kind but
``align``: 5% merge, 5% split (on the collation's own entries), then 40% retype,
30% ignore and 20% note (on the entries the merges and splits leave, which is what
an editor sees); each names its entry by both readings, with ``occurrence``
where the readings repeat, as an editor would have to. Then ``collate()`` runs without and with the file, side
by side, alternating, ``--repeat`` times each; the best times are compared
(the whole call: tokenize, normalize, align, apparatus and, on one side,
the decisions stage). Every decision must apply (none stale). Times are CPU
seconds of this process (``jobs=1``: no worker processes), since wall-clock
runs of 15-20 s on a machine shared with other work vary by more than the
stage costs; and the verdict compares the best time of the stage itself
(reading the file and applying it, repeated ``3 x --repeat`` times) with the
best plain ``collate()``.
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
from collate.decisions import DecisionWarning, apply_decisions, load_decisions
from collate.normalize import get_profile

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


def _keys(app) -> tuple[list[tuple[str, str]], list[int], Counter[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Each entry's readings (flattened), its occurrence among entries reading so, and the counts."""
    keys = [
        (" ".join(e.reading("A").text.split()), " ".join(e.reading("B").text.split())) for e in app.entries
    ]
    seen: Counter[tuple[str, str]] = Counter()
    occurrence = []
    for key in keys:
        seen[key] += 1
        occurrence.append(seen[key])
    return keys, occurrence, seen


def _where(keys, occurrence, seen, i: int) -> str:  # type: ignore[no-untyped-def]
    where = f"readings = {{ A = {_q(keys[i][0])}, B = {_q(keys[i][1])} }}\n"
    return where + (f"occurrence = {occurrence[i]}\n" if seen[keys[i]] > 1 else "")


def structural_decisions(app, count: int) -> str:  # type: ignore[no-untyped-def]
    """``count`` merges and splits (half each) on ``app``'s entries, spread evenly, none touching another."""
    keys, occurrence, seen = _keys(app)
    entries = app.entries
    out: list[str] = []
    used: set[int] = set()
    step = len(entries) / (count * 3)
    for i in (int(k * step) for k in range(count * 3)):
        if len(out) == count:
            break
        if {i - 1, i, i + 1} & used or i + 1 >= len(entries):
            continue
        tokens_a = [t.text for t in entries[i].reading("A").tokens]
        if len(out) % 2 == 0:
            nxt = keys[i + 1]
            action = f"merge = {{ A = {_q(nxt[0])}, B = {_q(nxt[1])} }}\n"
            used |= {i, i + 1}
        elif len(tokens_a) > 1 and tokens_a[1] != tokens_a[0]:
            action = f"split = {{ A = {_q(tokens_a[1])} }}\n"
            used.add(i)
        else:
            continue
        out.append("[[decision]]\n" + _where(keys, occurrence, seen, i) + action)
    return "\n".join(out)


def annotation_decisions(app, count: int) -> str:  # type: ignore[no-untyped-def]
    """``count`` retype (4/9), ignore (3/9) and note (2/9) decisions on ``app``'s undecided entries, spread evenly.

    ``app`` is the collation with the structural decisions applied: the entries an editor sees.
    """
    keys, occurrence, seen = _keys(app)
    free = [i for i, e in enumerate(app.entries) if e.decision is None]
    step = len(free) / count
    out = []
    for k in range(count):
        i = free[int(k * step)]
        slot = k % 9
        if slot < 4:
            action = 'retype = { category = "accidental", type = "misreading" }\nresp = "bench"\n'
        elif slot < 7:
            action = 'ignore = true\nnote = "not printed"\n'
        else:
            action = 'note = "an editorial note"\nresp = "bench"\n'
        out.append("[[decision]]\n" + _where(keys, occurrence, seen, i) + action)
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # The aligner warns of Darwin's rewritten stretches on every run: not what is measured here.
    warnings.filterwarnings("ignore", message="aligner: ")
    witnesses = texts()
    words = {s: len(t.split()) for s, t in witnesses.items()}
    first = collate(witnesses, decisions=False, progress=False, jobs=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "decisions.toml"
        # A tenth merges and splits; the rest annotate the entries the editor then sees.
        structural = structural_decisions(first, args.decisions // 10)
        path.write_text(structural, encoding="utf-8")
        shaped = collate(witnesses, decisions=path, progress=False, jobs=1)
        rest = annotation_decisions(shaped, args.decisions - structural.count("[[decision]]"))
        path.write_text(structural + "\n" + rest, encoding="utf-8")
        kinds = Counter(line.split(" =")[0] for line in path.read_text("utf-8").splitlines())
        plain, decided = [], []
        for _ in range(args.repeat):
            start = time.process_time()
            collate(witnesses, decisions=False, progress=False, jobs=1)
            plain.append(time.process_time() - start)
            start = time.process_time()
            with warnings.catch_warnings():
                warnings.simplefilter("error", DecisionWarning)  # a stale decision fails the benchmark
                app = collate(witnesses, decisions=path, progress=False, jobs=1)
            decided.append(time.process_time() - start)
        # The stage alone, many times (it is short): read the file, apply it to the plain collation.
        profile = get_profile("orthographic")
        stage = []
        for _ in range(args.repeat * 3):
            start = time.process_time()
            apply_decisions(first, load_decisions(path), profile, warn=False)
            stage.append(time.process_time() - start)
    best_plain, best_decided, best_stage = min(plain), min(decided), min(stage)
    overhead = best_stage / best_plain
    print(f"witnesses: A {words['A']:,} words, B {words['B']:,} words; {len(first.entries):,} entries")
    print(
        f"decisions: {kinds['[[decision]]']:,} (retype {kinds['retype']}, ignore {kinds['ignore']}, "
        f"merge {kinds['merge']}, split {kinds['split']}, note only "
        f"{kinds['[[decision]]'] - kinds['retype'] - kinds['ignore'] - kinds['merge'] - kinds['split']}); "
        f"applied {app.decisions.applied:,}, stale {len(app.decisions.stale)}"
    )
    print(
        f"collate() without decisions: best {best_plain:.2f} s CPU of {', '.join(f'{t:.2f}' for t in plain)}"
    )
    print(
        f"collate() with decisions:    best {best_decided:.2f} s of {', '.join(f'{t:.2f}' for t in decided)}"
    )
    print(f"whole runs side by side: {best_decided / best_plain - 1:+.1%} (the whole runs' best CPU times)")
    print(
        f"the decisions stage (read + apply): best {best_stage:.2f} s of {', '.join(f'{t:.2f}' for t in stage)}"
    )
    verdict = "OK" if overhead < 0.10 else "OVER TARGET"
    print(f"overhead: the stage adds {overhead:.1%} to collate() (target < 10%): {verdict}")


if __name__ == "__main__":
    main()
