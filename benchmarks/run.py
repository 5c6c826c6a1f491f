"""Scale and accuracy benchmarks of the aligner (issues 6 and 10): each comparison side by side, in one run.

    .venv/bin/python benchmarks/run.py            # everything (plain CollateX takes ~0.5-1 min)
    .venv/bin/python benchmarks/run.py --jobs 1   # one process for the aligner

Every measurement runs in a fresh subprocess of its own, so that its peak
resident memory (``ru_maxrss`` of the process and of any workers it started)
is its own. Times are wall-clock seconds of the measured call only (interpreter
start and imports excluded on both sides). Texts: the shared Darwin corpus
(``shared/corpora/darwin-origin-ch1.json``, chapter 1 of six editions) and the
seeded Russian generator (``benchmarks/russian_variants.py``).

1. Darwin 1859 vs 1872, the first paragraphs both editions have (~2,000 words):
   the whole ``collate.collate`` (tokenize, normalize, align, apparatus) against
   plain ``collatex.collate`` on the same tokens. Goal: >= 20x faster, <= 1/10 memory.
2. Agreement of the two tables of 1.: pairs of tokens sharing a column,
   intersection over union. Goal: >= 97%.
3. Darwin 1859+1860+1861 against 1866+1869+1872 (~35,000 words each): the whole
   ``collate.collate`` against a plain ``difflib.SequenceMatcher`` word diff of
   the same texts. Goal: <= 2x difflib's time, < 1 GB.
4. Chapter 1 in all six editions at once (~12,000 words each). Goal: < 30 s, < 1 GB.
5. Russian, 2 x 100,000 words from the generator: time, memory, and every
   planted variant found in the apparatus.
6. 100 witnesses x 20 words from ``benchmarks/synthetic.py`` (two edits each):
   the share of unchanged words in their base word's column, collate against
   plain CollateX on the same words, and the time of each. Goal: >= 99%, >= 5x
   faster. Then the same witnesses shuffled: the same columns (order independence).
7. 100 witnesses x 2,000 words (2.5% edited): share right and time. Goal: >=
   99.5%, no slower than main before issue 10 (11 s here).
8. 300 witnesses x 20 words: share right. Goal: >= 99%.
9. Misspellings only (100 x 20): the share of misspelled words in their base
   word's column, with and without ``near``. Goal (near): >= 99%.
F. Frankenstein, every chapter in five witnesses (``shared/corpora/frankenstein``):
   the aligner's warnings about stretches sharing no word, the time, and one
   chapter shuffled (order independence).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SLACK = 3
DARWIN_CANDIDATES = (ROOT.parent / "shared" / "corpora" / "darwin-origin-ch1.json",)
FRANKENSTEIN_CANDIDATES = (
    ROOT.parent / "shared" / "corpora" / "frankenstein",
    Path("/work/shared/corpora/frankenstein"),
)
#: main's time on target 7 before issue 10 (anchors needed every witness), measured for the issue.
MAIN_100X2000_SECONDS = 11.0
EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")


# --- texts ----------------------------------------------------------------


def darwin_path() -> Path:
    """The shared Darwin corpus (shared/ sits beside the repository)."""
    for path in (*DARWIN_CANDIDATES, Path("/work/shared/corpora/darwin-origin-ch1.json")):
        if path.exists():
            return path
    raise SystemExit("darwin-origin-ch1.json not found (shared/corpora beside the repository)")


def darwin() -> list[dict[str, str]]:
    """Chapter 1's paragraphs as ``{edition: text}``."""
    data = json.loads(darwin_path().read_text(encoding="utf-8"))
    return [{w["id"]: w["content"] for w in para["witnesses"]} for para in data]


def chapter(edition: str) -> str:
    """One edition's chapter 1, paragraphs separated by blank lines."""
    return "\n\n".join(p[edition] for p in darwin() if edition in p)


def first_paragraphs(editions: tuple[str, str], words: int) -> dict[str, str]:
    """The first paragraphs that both editions have, until the first edition has ``words`` words."""
    out: dict[str, list[str]] = {e: [] for e in editions}
    count = 0
    for para in darwin():
        if not all(e in para for e in editions):
            continue
        for e in editions:
            out[e].append(para[e])
        count += len(para[editions[0]].split())
        if count >= words:
            break
    return {e: "\n\n".join(parts) for e, parts in out.items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


# --- workers (each runs in a subprocess of its own) ----------------------------


def work_collate(texts: dict[str, str], jobs: int | None, table: str | None) -> dict[str, Any]:
    """Time the whole ``collate.collate`` on ``texts``; optionally save its alignment.json."""
    import collate

    start = time.perf_counter()
    app = collate.collate(texts, jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    if table:
        Path(table).write_text(app.alignment.to_json(), encoding="utf-8")
    words = {s: len(t.split()) for s, t in texts.items()}
    return {"seconds": seconds, "entries": len(app.entries), "columns": len(app.alignment), "words": words}


def work_plain_collatex(texts: dict[str, str], table: str) -> dict[str, Any]:
    """Time plain ``collatex.collate`` on collate's tokens (the ones the aligner sees)."""
    import contextlib
    import io

    from collatex import collate as cx_collate

    from collate import get_profile, prepare
    from collate.align import _key
    from collate.witnesses import make_witness

    profile = get_profile("orthographic")
    witnesses = [prepare(make_witness(s, t), profile) for s, t in texts.items()]
    data = {
        "witnesses": [
            {
                "id": w.siglum,
                "tokens": [
                    {"t": t.text, "n": _key(t), "start": t.start} for t in w.tokens if not t.ignorable
                ],
            }
            for w in witnesses
        ]
    }
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        result = cx_collate(data, output="table", segmentation=False, layout="horizontal")
    seconds = time.perf_counter() - start
    rows = {row.header: row.cells for row in result.rows}
    sigla = [w.siglum for w in witnesses]
    columns = [
        [rows[s][c][0].token_data["start"] if rows[s][c] else None for s in sigla]
        for c in range(len(result.columns))
    ]
    Path(table).write_text(json.dumps({"witnesses": sigla, "columns": columns}), encoding="utf-8")
    return {"seconds": seconds}


def work_difflib(texts: dict[str, str]) -> dict[str, Any]:
    """Time a plain ``difflib.SequenceMatcher`` word diff of two texts."""
    import difflib

    a, b = texts.values()
    start = time.perf_counter()
    opcodes = difflib.SequenceMatcher(None, a.split(), b.split()).get_opcodes()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "changes": sum(1 for op in opcodes if op[0] != "equal")}


def work_russian(words: int, seed: int, jobs: int | None) -> dict[str, Any]:
    """Generate two Russian witnesses, collate them, check every planted variant is found."""
    sys.path.insert(0, str(HERE))
    import russian_variants

    import collate

    a_text, b_text, variants = russian_variants.generate(words, seed)
    start = time.perf_counter()
    app = collate.collate({"A": a_text, "B": b_text}, jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    # A variant is found when an apparatus entry touches its span in both witnesses,
    # give or take SLACK characters: an omission next to a comma may be placed on
    # either side of that comma, equally well.
    entries = sorted(
        (e.reading("A").location.start, e.reading("A").location.end, e.reading("B").location, e.n)
        for e in app.entries
    )
    starts = [entry[0] for entry in entries]
    missed: list[dict[str, Any]] = []
    explained: set[int] = set()
    by_kind: dict[str, list[int]] = {}
    for v in variants:
        k = bisect.bisect_right(starts, v.a_end + SLACK)
        hits = [
            n
            for a_start, a_end, b_loc, n in entries[max(0, k - 8) : k]
            if a_start <= v.a_end + SLACK
            and v.a_start <= a_end + SLACK
            and b_loc.start <= v.b_end + SLACK
            and v.b_start <= b_loc.end + SLACK
        ]
        found = by_kind.setdefault(v.kind, [0, 0])
        found[1] += 1
        if hits:
            found[0] += 1
            explained.update(hits)
        else:
            missed.append({"kind": v.kind, "A": v.a_text, "B": v.b_text, "at": v.a_start})
    return {
        "seconds": seconds,
        "words": {"A": len(a_text.split()), "B": len(b_text.split())},
        "planted": len(variants),
        "found": len(variants) - len(missed),
        "by_kind": by_kind,
        "missed": missed[:10],
        "entries": len(app.entries),
        "unexplained": [
            (app.entries[n - 1].reading("A").text, app.entries[n - 1].reading("B").text)
            for n in sorted({e.n for e in app.entries} - explained)[:5]
        ],
        "entries_explained": len(explained),
    }


def _index_columns(app: Any) -> list[tuple[int | None, ...]]:
    """An apparatus's alignment as columns of word indices (the generator's words are one token each)."""
    index = [{id(t): i for i, t in enumerate(w.tokens)} for w in app.alignment.witnesses]
    return [
        tuple(index[w][id(t)] if t is not None else None for w, t in enumerate(col))
        for col in app.alignment.columns
    ]


def _column_sets(app: Any) -> list[frozenset[tuple[str, int]]]:
    """The columns as sets of (siglum, token index): comparable whatever the order of the witnesses."""
    sigla = app.alignment.sigla
    return [
        frozenset((sigla[w], i) for w, i in enumerate(col) if i is not None) for col in _index_columns(app)
    ]


def work_synthetic(
    n: int, words: int, changes: int, seed: int, kinds: list[str], near: bool, plain: bool, shuffle: bool
) -> dict[str, Any]:
    """Generate witnesses, align them (collate or plain CollateX), measure the share in the right column."""
    import random
    import warnings

    sys.path.insert(0, str(HERE))
    import synthetic

    import collate
    from collate.aligners.collatex import collatex_columns

    gen = synthetic.generate(n, words, changes, seed, kinds)
    result: dict[str, Any] = {}
    if plain:
        keys = [list(t) for t in gen.texts]
        start = time.perf_counter()
        columns = collatex_columns(keys)
        result["seconds"] = time.perf_counter() - start
    else:
        texts = gen.as_texts()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            # near= only when asked: a reference version (--reference) may predate it.
            app = collate.collate(texts, progress=False, **({"near": near} if near else {}))
            result["seconds"] = time.perf_counter() - start
        result["warnings"] = [str(w.message) for w in caught]
        result["entries"] = len(app.entries)
        columns = _index_columns(app)
        if shuffle:
            items = list(texts.items())
            random.Random(seed).shuffle(items)
            again = collate.collate(dict(items), near=near, progress=False)
            result["same_when_shuffled"] = _column_sets(again) == _column_sets(app)
    result["right"] = synthetic.right_share(gen, columns)
    if "misspelling" in kinds:
        result["misspelled_right"] = synthetic.right_share(gen, columns, "misspelled")
    result["columns"] = len(columns)
    return result


def frankenstein_path() -> Path:
    """The shared Frankenstein corpus."""
    for path in FRANKENSTEIN_CANDIDATES:
        if path.exists():
            return path
    raise SystemExit("frankenstein/ not found (shared/corpora beside the repository)")


def work_frankenstein(shuffle: str) -> dict[str, Any]:
    """Collate every chapter; count the aligner's warnings; collate ``shuffle`` again, witnesses reversed."""
    import warnings

    import collate
    from collate.witnesses import load_witnesses

    chapters = sorted(p for p in frankenstein_path().iterdir() if p.is_dir())
    per: dict[str, Any] = {}
    total = 0.0
    for folder in chapters:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            app = collate.collate(folder, progress=False)
            seconds = time.perf_counter() - start
        total += seconds
        aligner = [str(w.message) for w in caught if "aligner:" in str(w.message)]
        per[folder.name] = {
            "seconds": round(seconds, 2),
            "entries": len(app.entries),
            "words": sum(len(w.text.split()) for w in app.witnesses),
            "aligner_warnings": aligner,
            "rewrite": sum(1 for e in app.entries if e.type == "rewrite"),
            "transposition": sum(1 for e in app.entries if e.type == "transposition"),
        }
        if folder.name == shuffle:
            witnesses = load_witnesses(folder)
            again = collate.collate(list(reversed(witnesses)), progress=False)
            per[folder.name]["same_when_shuffled"] = _column_sets(again) == _column_sets(app)
    return {"seconds": total, "chapters": per}


def worker(name: str, args: dict[str, Any]) -> None:
    """Run one measurement and print its result (with peak memory) as one JSON line."""
    if name == "collate":
        result = work_collate(args["texts"], args.get("jobs"), args.get("table"))
    elif name == "plain":
        result = work_plain_collatex(args["texts"], args["table"])
    elif name == "difflib":
        result = work_difflib(args["texts"])
    elif name == "russian":
        result = work_russian(args["words"], args["seed"], args.get("jobs"))
    elif name == "synthetic":
        result = work_synthetic(**args)
    elif name == "frankenstein":
        result = work_frankenstein(args["shuffle"])
    else:
        raise SystemExit(f"unknown worker {name}")
    result["rss_mb"] = peak_rss_mb()
    print(json.dumps(result, ensure_ascii=False))


def measure(name: str, reference: str | None = None, **args: Any) -> dict[str, Any]:
    """Run a worker in a fresh subprocess and return its result.

    ``reference``: a folder holding another version's ``collate`` package (see
    ``--reference``), imported instead of this one.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(args, f, ensure_ascii=False)
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", name, "--args", f.name],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": reference} if reference else None,
        )
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- agreement -------------------------------------------------------------------


def collate_columns(path: Path) -> tuple[list[dict[int, str]], list[list[int | None]]]:
    """collate's alignment.json as columns of token start offsets (ignorable tokens left out).

    Also returns, per witness, each token's text by its start offset.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    words: list[dict[int, str]] = [{} for _ in data["witnesses"]]
    for col in data["table"]:
        for w, cell in enumerate(col):
            if cell:
                words[w][cell[0]["start"]] = cell[0]["t"]
    columns = []
    for col in data["table"]:
        cells = [
            cell[0]["start"]
            if cell and cell[0]["n"] and cell[0]["kind"] not in ("editorial", "pagination")
            else None
            for cell in col
        ]
        if any(c is not None for c in cells):
            columns.append(cells)
    return words, columns


def pair_set(columns: list[list[int | None]]) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of tokens ``(witness, start)`` that share a column."""
    pairs = set()
    for col in columns:
        cells = [(w, s) for w, s in enumerate(col) if s is not None]
        pairs.update((a, b) for k, a in enumerate(cells) for b in cells[k + 1 :])
    return pairs


def disagreements(
    words: list[dict[int, str]], ours: list[list[int | None]], theirs: list[list[int | None]], limit: int
) -> list[str]:
    """The places where the tables differ, each shown as both tables' columns there.

    ``words[w]`` maps a token's start offset in witness ``w`` to its text.
    """
    pa, pb = pair_set(ours), pair_set(theirs)
    differing = sorted({p[0] for p in pa ^ pb})
    out: list[str] = []

    def show(columns: list[list[int | None]], lo: int, hi: int) -> list[str]:
        # Every column between the first and the last holding a token of the
        # first witness within [lo, hi], so that additions show too.
        inside = [k for k, c in enumerate(columns) if c[0] is not None and lo <= c[0] <= hi]
        picked = columns[inside[0] : inside[-1] + 1]
        cells = [
            [words[w].get(c[w], "?") if c[w] is not None else "-" for c in picked] for w in range(len(words))
        ]
        widths = [max(len(cells[w][k]) for w in range(len(words))) for k in range(len(picked))]
        return [" ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in cells]

    shown_to = -1
    for _w, start in differing:
        if len(out) >= limit * 3:
            break
        if start <= shown_to:
            continue  # already inside a place shown
        lo, hi = max(0, start - 25), start + 40
        shown_to = hi
        for label, columns in (("collate", ours), ("CollateX", theirs)):
            lines = show(columns, lo, hi)
            out.append(f"  {label:<8} | " + f"\n  {'':<8} | ".join(lines))
        out.append("")
    return out


# --- the run -----------------------------------------------------------------------


def row(
    rows: list[list[str]], name: str, ours: str, ref: str, ratio: str, goal: str, ok: bool | None
) -> None:
    """Add one line of the results table."""
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    rows.append([name, ours, ref, ratio, goal, verdict])


def main() -> None:
    """Run the five comparisons and print the table."""
    parser = argparse.ArgumentParser(description="Scale benchmarks (issue 6).")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=None, help="Processes for collate (default: all cores).")
    parser.add_argument("--words", type=int, default=100_000, help="Words per Russian witness.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the Russian generator.")
    parser.add_argument("--show", type=int, default=6, help="Disagreements of target 2 to print.")
    parser.add_argument("--only", default="123456789F", help="Targets to run, e.g. 35 (default: all).")
    parser.add_argument(
        "--reference",
        help="A folder with another version's collate package (e.g. main before issue 10, from "
        "`git archive be8f659 | tar -x -C DIR`): targets 3 and 7 then time it side by side.",
    )
    opts = parser.parse_args()
    if opts.worker:
        worker(opts.worker, json.loads(Path(opts.args).read_text(encoding="utf-8")))
        return

    jobs = opts.jobs
    only = set(opts.only)
    rows: list[list[str]] = []
    notes: list[str] = []
    print(
        f"collate scale benchmarks: {os.cpu_count()} cores, jobs={jobs or 'all'}, python {sys.version.split()[0]}"
    )

    if "1" in only or "2" in only:
        # 1 and 2: Darwin 2 x ~2,000 words, collate against plain CollateX.
        texts = first_paragraphs(("1859", "1872"), 2000)
        with tempfile.TemporaryDirectory() as tmp:
            ours_path, plain_path = Path(tmp) / "alignment.json", Path(tmp) / "plain.json"
            ours = measure("collate", texts=texts, jobs=jobs, table=str(ours_path))
            plain = measure("plain", texts=texts, table=str(plain_path))
            token_words, our_cols = collate_columns(ours_path)
            plain_cols = json.loads(plain_path.read_text(encoding="utf-8"))["columns"]
        words = "/".join(str(n) for n in ours["words"].values())
        speed = plain["seconds"] / ours["seconds"]
        memory = plain["rss_mb"] / ours["rss_mb"]
        row(
            rows,
            f"1. Darwin 1859/1872 ({words} words): time",
            f"{ours['seconds']:.2f} s",
            f"CollateX {plain['seconds']:.1f} s",
            f"{speed:.0f}x faster",
            ">= 20x",
            speed >= 20,
        )
        row(
            rows,
            "   peak memory",
            f"{ours['rss_mb']:.0f} MB",
            f"CollateX {plain['rss_mb']:.0f} MB",
            f"1/{memory:.0f}",
            "<= 1/10",
            memory >= 10,
        )
        pa, pb = pair_set(our_cols), pair_set(plain_cols)
        iou = len(pa & pb) / len(pa | pb)
        row(
            rows,
            "2. agreement with CollateX (pairs, IoU)",
            f"{len(pa)} pairs",
            f"{len(pb)} pairs",
            f"{100 * iou:.2f}%",
            ">= 97%",
            iou >= 0.97,
        )
        notes.append(
            f"2. pairs only in collate: {len(pa - pb)}, only in CollateX: {len(pb - pa)}; the places:"
        )
        notes.extend(disagreements(token_words, our_cols, plain_cols, opts.show))

    if "3" in only:
        # 3: Darwin 35k words, collate against difflib.
        texts = {
            "1859-61": "\n\n".join(chapter(e) for e in EDITIONS[:3]),
            "1866-72": "\n\n".join(chapter(e) for e in EDITIONS[3:]),
        }
        ours = measure("collate", texts=texts, jobs=jobs)
        ref = measure("difflib", texts=texts)
        if opts.reference:
            before = measure("collate", reference=opts.reference, texts=texts, jobs=jobs)
            notes.append(
                f"3. the reference version: {before['seconds']:.2f} s "
                f"({before['seconds'] / ref['seconds']:.2f}x difflib) in the same run"
            )
        words = "/".join(str(n) for n in ours["words"].values())
        ratio = ours["seconds"] / ref["seconds"]
        row(
            rows,
            f"3. Darwin x3 editions ({words} words): time",
            f"{ours['seconds']:.2f} s",
            f"difflib {ref['seconds']:.2f} s",
            f"{ratio:.2f}x difflib",
            "<= 2x",
            ratio <= 2,
        )
        row(
            rows,
            "   peak memory",
            f"{ours['rss_mb']:.0f} MB",
            f"difflib {ref['rss_mb']:.0f} MB",
            "",
            "< 1024 MB",
            ours["rss_mb"] < 1024,
        )
        notes.append(f"3. {ours['entries']} apparatus entries; difflib: {ref['changes']} changed blocks")

    if "4" in only:
        # 4: six editions at once.
        texts = {e: chapter(e) for e in EDITIONS}
        ours = measure("collate", texts=texts, jobs=jobs)
        words = "/".join(str(n) for n in ours["words"].values())
        row(
            rows,
            f"4. six editions ({words} words): time",
            f"{ours['seconds']:.2f} s",
            "",
            "",
            "< 30 s",
            ours["seconds"] < 30,
        )
        row(rows, "   peak memory", f"{ours['rss_mb']:.0f} MB", "", "", "< 1024 MB", ours["rss_mb"] < 1024)
        notes.append(f"4. {ours['entries']} apparatus entries, {ours['columns']} columns")

    if "5" in only:
        # 5: Russian, generated.
        ru = measure("russian", words=opts.words, seed=opts.seed, jobs=jobs)
        words = "/".join(str(n) for n in ru["words"].values())
        row(
            rows,
            f"5. Russian generated ({words} words): time",
            f"{ru['seconds']:.2f} s",
            "",
            "",
            "report",
            None,
        )
        row(rows, "   peak memory", f"{ru['rss_mb']:.0f} MB", "", "", "report", None)
        row(
            rows,
            "   planted variants found",
            f"{ru['found']}/{ru['planted']}",
            "",
            "",
            "all",
            ru["found"] == ru["planted"],
        )
        kinds = ", ".join(f"{k} {f}/{n}" for k, (f, n) in sorted(ru["by_kind"].items()))
        notes.append(f"5. by kind: {kinds}")
        notes.append(
            f"5. {ru['entries']} apparatus entries, {ru['entries_explained']} of them at a planted variant "
            f"(entries elsewhere: {ru['entries'] - ru['entries_explained']})"
        )
        for pair in ru["unexplained"]:
            notes.append(f"   an entry elsewhere: {pair}")
        for miss in ru["missed"]:
            notes.append(f"   missed: {miss}")

    synthetic_targets(only, rows, notes, opts.reference)

    header = ["measure", "collate", "reference", "ratio", "goal", ""]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print()
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    print()
    for note in notes:
        print(note)


def synthetic_targets(only: set[str], rows: list[list[str]], notes: list[str], reference: str | None) -> None:
    """Targets 6-9 (generated witnesses with known truth) and F (Frankenstein).

    With ``reference``, target 7 times that version too, side by side.
    """
    kinds = ["substitution", "deletion", "insertion", "transposition", "misspelling"]
    base = {"seed": 1, "kinds": kinds, "near": False, "plain": False, "shuffle": False}
    if "6" in only:
        ours = measure("synthetic", **{**base, "n": 100, "words": 20, "changes": 2, "shuffle": True})
        plain = measure("synthetic", **{**base, "n": 100, "words": 20, "changes": 2, "plain": True})
        speed = plain["seconds"] / ours["seconds"]
        row(
            rows,
            "6. 100 witnesses x 20 words: unchanged words right",
            f"{100 * ours['right']:.2f}%",
            f"CollateX {100 * plain['right']:.2f}%",
            "",
            ">= 99%",
            ours["right"] >= 0.99,
        )
        row(
            rows,
            "   time",
            f"{ours['seconds']:.2f} s",
            f"CollateX {plain['seconds']:.2f} s",
            f"{speed:.0f}x faster",
            ">= 5x",
            speed >= 5,
        )
        row(
            rows,
            "   shuffled: same columns",
            str(ours["same_when_shuffled"]),
            "",
            "",
            "True",
            ours["same_when_shuffled"],
        )
        notes.append(
            f"6. {ours['entries']} entries, {ours['columns']} columns; warnings: {ours['warnings'] or 'none'}"
        )
    if "7" in only:
        ours = measure("synthetic", **{**base, "n": 100, "words": 2000, "changes": 50})
        main_seconds, main_label = MAIN_100X2000_SECONDS, f"main {MAIN_100X2000_SECONDS:.0f} s (issue)"
        if reference:
            ref = measure(
                "synthetic", reference=reference, **{**base, "n": 100, "words": 2000, "changes": 50}
            )
            main_seconds, main_label = ref["seconds"], f"reference {ref['seconds']:.1f} s"
            notes.append(f"7. the reference version: {100 * ref['right']:.2f}% right")
        row(
            rows,
            "7. 100 witnesses x 2,000 words: right",
            f"{100 * ours['right']:.2f}%",
            "",
            "",
            ">= 99.5%",
            ours["right"] >= 0.995,
        )
        row(
            rows,
            "   time",
            f"{ours['seconds']:.2f} s",
            main_label,
            f"{main_seconds / ours['seconds']:.1f}x faster",
            "<= main",
            ours["seconds"] <= main_seconds,
        )
        notes.append(
            f"7. {ours['entries']} entries, {ours['columns']} columns; warnings: {ours['warnings'] or 'none'}"
        )
    if "8" in only:
        ours = measure("synthetic", **{**base, "n": 300, "words": 20, "changes": 2})
        row(
            rows,
            "8. 300 witnesses x 20 words: right",
            f"{100 * ours['right']:.2f}%",
            f"{ours['seconds']:.2f} s",
            "",
            ">= 99%",
            ours["right"] >= 0.99,
        )
    if "9" in only:
        spelling = {**base, "n": 100, "words": 20, "changes": 2, "kinds": ["misspelling"]}
        near = measure("synthetic", **{**spelling, "near": True})
        exact = measure("synthetic", **spelling)
        row(
            rows,
            "9. misspellings only: misspelled words right",
            f"near {100 * near['misspelled_right']:.2f}%",
            f"exact {100 * exact['misspelled_right']:.2f}%",
            "",
            ">= 99%",
            near["misspelled_right"] >= 0.99,
        )
    if "F" in only:
        fr = measure("frankenstein", shuffle="C08")
        chapters = fr["chapters"]
        warned = {name: c["aligner_warnings"] for name, c in chapters.items() if c["aligner_warnings"]}
        words = sum(c["words"] for c in chapters.values())
        row(
            rows,
            f"F. Frankenstein, {len(chapters)} chapters x 5 witnesses ({words} words): time",
            f"{fr['seconds']:.1f} s",
            "",
            "",
            "report",
            None,
        )
        row(
            rows,
            "   chapters placed side by side (no shared word)",
            f"{len(warned)}",
            "",
            "",
            "report",
            None,
        )
        same = chapters["C08"]["same_when_shuffled"]
        row(rows, "   C08 witnesses reversed: same columns", str(same), "", "", "True", same)
        for name, messages in warned.items():
            notes.append(f"F. {name}: {'; '.join(messages)}")
        notes.append(
            "F. entries typed rewrite / transposition: "
            f"{sum(c['rewrite'] for c in chapters.values())} / {sum(c['transposition'] for c in chapters.values())}"
        )


if __name__ == "__main__":
    main()
