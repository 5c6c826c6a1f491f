"""``collate diff`` against ``git diff --no-index --word-diff``, side by side in one run (issue 13).

    .venv/bin/python benchmarks/bench_diff.py            # best of 5 runs of each command
    .venv/bin/python benchmarks/bench_diff.py --repeat 9

Each command runs as a user runs it: a fresh process (interpreter start and
imports included), wall-clock seconds, the best and the median of ``--repeat``
runs, and the least CPU time (user + system), which a busy machine disturbs far
less than the wall clock; the load average is printed first. collate's modules
are byte-compiled first, as ``pip install`` and a first run do: where
``PYTHONDONTWRITEBYTECODE`` is set (this machine sets it) every run would
otherwise compile them again, about 0.15 s of CPU. Cases:

1. ``collate --version``: the start-up alone (Python, typer, the CLI module).
2. Two one-line files, the issue's ``но не сомневаюсь`` / ``но я не сомневаюсь``:
   start-up, reading, normalizing, aligning, classifying, printing. Target <= 0.25 s.
3. 2 x 30,000 words of Russian (``benchmarks/russian_variants.py``, seed 1),
   one word changed. Target <= 1.5 s; the number of lines printed (the issue:
   2,079 lines against git's 12).
4. The same 30,000 words with the generator's planted variants (one place in 25
   words: case, ё, pre-reform spelling, punctuation, spacing, substitutions,
   omissions, additions, transpositions). Target <= 1.5 s.

Each run of collate alternates with a run of a fixed pure-Python loop
(:data:`SPEED_LOOP`), timed the same way: this machine's speed changes by up
to 2x from minute to minute (the same loop: 0.27 s to 0.52 s), and the loop's
best and median beside each case say which state that case's runs met
(about 0.28 s: fast; about 0.5 s: slow). Then, for case 2, the share of import time by top-level package
(``python -X importtime``, self times summed): what a one-line diff pays before
it reads a byte. The Russian text is Debian's fortunes-ru (see
``russian_variants.py``); without it, Frankenstein 1818 from the shared corpora.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import russian_variants  # noqa: E402  (the generator beside this script)

WORDS = 30_000
SEED = 1
TARGETS = {"one-line": 0.25, "30k, one word": 1.5, "30k, variants": 1.5}
#: The speed check: three million additions in a fresh interpreter, no collate in it.
SPEED_LOOP = "s = 0\nfor i in range(3_000_000):\n    s += i"
FRANKENSTEIN = Path("/work/shared/corpora/frankenstein")


def collate_command() -> list[str]:
    """The installed ``collate`` script beside this interpreter, else ``python -m collate``."""
    script = Path(sys.executable).with_name("collate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "collate"]


def base_words(count: int) -> list[str]:
    """Russian prose from the fortunes; Frankenstein 1818 (English) where fortunes-ru is not installed."""
    if russian_variants.FORTUNES.is_dir():
        return russian_variants.base_words(count)
    words: list[str] = []
    for chapter in sorted(FRANKENSTEIN.iterdir()):
        words += (chapter / "1818.txt").read_text(encoding="utf-8").split()
    if len(words) < count:
        raise SystemExit("no text: apt-get install fortunes-ru, or put shared/corpora/frankenstein beside")
    return words[:count]


def lines_of(words: list[str], per_line: int = 12) -> str:
    """Words as lines of ``per_line``, as a transcription is typed."""
    return "\n".join(" ".join(words[i : i + per_line]) for i in range(0, len(words), per_line)) + "\n"


def make_inputs(folder: Path) -> dict[str, tuple[Path, Path]]:
    """The input pairs of each case, written to ``folder``."""
    pairs: dict[str, tuple[str, str]] = {"one-line": ("но не сомневаюсь\n", "но я не сомневаюсь\n")}
    words = base_words(WORDS)
    changed = list(words)
    changed[WORDS // 2] = "переменилось"
    pairs["30k, one word"] = (lines_of(words), lines_of(changed))
    if russian_variants.FORTUNES.is_dir():
        a, b, _ = russian_variants.generate(WORDS, SEED)
        pairs["30k, variants"] = (a, b)
    paths = {}
    for i, (name, (a, b)) in enumerate(pairs.items()):
        pa, pb = folder / f"{i}-A.txt", folder / f"{i}-B.txt"
        pa.write_text(a, encoding="utf-8")
        pb.write_text(b, encoding="utf-8")
        paths[name] = (pa, pb)
    return paths


def byte_compile() -> None:
    """Write the .pyc files of the collate package that ``collate`` imports (the one on PYTHONPATH, if set)."""
    code = (
        "import collate, compileall, os; compileall.compile_dir(os.path.dirname(collate.__file__), quiet=1)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)


def timed(
    command: list[str], repeat: int, pace: list[float] | None = None
) -> tuple[float, float, float, str]:
    """Best and median wall-clock seconds of ``command``, its least CPU time, and its output (last run).

    CPU time (user + system, of the process and its children) is the time the
    process ran, not the time it waited for a core; on this machine both move
    with its speed. With ``pace``, each run is preceded by a run of the speed
    loop, whose seconds are appended to ``pace``.
    """
    times, cpus, out = [], [], ""
    for _ in range(repeat):
        if pace is not None:
            pace.append(timed([sys.executable, "-S", "-c", SPEED_LOOP], 1)[0])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr.strip()}")
        out = proc.stdout
    return min(times), statistics.median(times), min(cpus), out


def import_shares(command: list[str]) -> list[tuple[str, float]]:
    """Self import time by top-level package (collate's modules by their own name), largest first."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "collate", *command], capture_output=True, text=True
    )
    totals: Counter[str] = Counter()
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.split(":", 1)[1].split("|")
        parts = name.strip().split(".")
        key = ".".join(parts[:2]) if parts[0] == "collate" else parts[0]
        totals[key] += int(self_us)
    whole = sum(totals.values()) or 1
    return [(name, us / whole) for name, us in totals.most_common()]


def main() -> None:
    """Run every case, print the table and the import shares."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("git"):
        raise SystemExit("git is needed for the comparison")
    collate = collate_command()
    byte_compile()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp))
        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} cores; seconds, best of {args.repeat}")
        print(
            f"{'case':16} {'git':>7} {'collate':>8} {'median':>7} {'cpu':>6} {'ratio':>6} {'target':>7}"
            f" {'loop best/median':>17}  lines"
        )
        pace: list[float] = []
        best, median, cpu, _ = timed([*collate, "--version"], args.repeat, pace)
        print(
            f"{'--version':16} {'':>7} {best:8.3f} {median:7.3f} {cpu:6.3f} {'':>6} {'':>7}"
            f" {min(pace):8.3f}/{statistics.median(pace):.3f}"
        )
        for name, (a, b) in inputs.items():
            git_best, _, _, git_out = timed(
                ["git", "diff", "--no-index", "--no-color", "--word-diff", str(a), str(b)], args.repeat
            )
            pace = []
            best, median, cpu, out = timed(
                [*collate, "diff", "--no-color", str(a), str(b)], args.repeat, pace
            )
            target = TARGETS[name]
            verdict = "ok" if best <= target else "missed"
            lines = f"{len(out.splitlines())} (git {len(git_out.splitlines())})"
            print(
                f"{name:16} {git_best:7.3f} {best:8.3f} {median:7.3f} {cpu:6.3f} {best / git_best:5.0f}x "
                f"{target:7.2f} {min(pace):8.3f}/{statistics.median(pace):.3f}  {lines}  {verdict}"
            )
        a, b = inputs["one-line"]
        print("\nimport time of the one-line diff, by package (self times, share of the whole):")
        for name, share in import_shares(["diff", str(a), str(b)])[:12]:
            print(f"  {share:6.1%}  {name}")


if __name__ == "__main__":
    main()
