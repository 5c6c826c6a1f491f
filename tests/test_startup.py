"""Start-up (issue 13, point 5): a command imports only what it needs, and the package loads on first use.

Timings belong in ``benchmarks/bench_diff.py``; here the modules a run leaves
in ``sys.modules`` are asserted, which is deterministic.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

import collate
from collate.aligners import collatex as collatex_aligner

from .conftest import SEED

#: Packages that serve other commands or other inputs; each cost a one-line diff
#: tens or hundreds of milliseconds (CollateX alone 0.4 s, with networkx and IPython).
HEAVY = {
    "collatex",
    "networkx",
    "IPython",
    "traitlets",
    "pandas",
    "numpy",
    "pyarrow",
    "lxml",
    "jinja2",
    "dask",
    "distributed",
    "scipy",
    "matplotlib",
    "pymorphy3",
    "rich",
    "pygments",
    "rapidfuzz",  # near matching and the progressive aligner only: 20 ms
    "_hashlib",  # report stamps only: 5 ms
}


def loaded_after(code: str, *args: str) -> set[str]:
    """The top-level packages imported once ``code`` has run in a fresh interpreter (its last line of output)."""
    script = "import sys\n" + code + "\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.splitlines()[-1].split())


def test_a_one_line_diff_imports_no_heavy_package(tmp_path: Path) -> None:
    # The case: one word added. Its alignment is forced, so CollateX is not needed either.
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("но не сомневаюсь\n", encoding="utf-8")
    b.write_text("но я не сомневаюсь\n", encoding="utf-8")
    code = (
        "import sys\nfrom collate.cli import main\n"
        "try: main(['diff', '--no-color', sys.argv[1], sys.argv[2]])\n"
        "except SystemExit as exc: assert exc.code == 1, exc.code"
    )
    assert not HEAVY & loaded_after(code, str(a), str(b))


def test_version_and_help_import_no_heavy_package() -> None:
    code = (
        "from collate.cli import main\n"
        "for args in (['--version'], ['diff', '--help']):\n"
        "    try: main(args)\n"
        "    except SystemExit as exc: assert exc.code == 0, exc.code"
    )
    assert not (HEAVY - {"rich", "pygments"}) & loaded_after(code)  # help is drawn with rich


def test_importing_the_package_loads_no_submodule() -> None:
    code = "import collate\nassert [m for m in sys.modules if m.startswith('collate.')] == []"
    assert "collate" in loaded_after(code)


def test_every_public_name_loads_on_first_use() -> None:
    for name in collate.__all__:
        assert getattr(collate, name) is not None, name
    assert dir(collate) == sorted([*collate.__all__, "__version__"])
    with pytest.raises(AttributeError, match="no_such_name"):
        collate.no_such_name  # noqa: B018


def test_a_function_named_like_its_module_stays_the_function() -> None:
    # `collate.tokenize` is the function; the import system binding the submodule must not replace it.
    code = (
        "import collate.tokenize, collate.normalize.user, collate.batch\n"
        "import collate\n"
        "from collate.tokenize import tokenize\n"
        "assert collate.tokenize is tokenize, collate.tokenize\n"
        "assert callable(collate.normalize) and callable(collate.batch)\n"
        "from collate import graph\n"
        "assert graph.__name__ == 'collate.graph'"
    )
    loaded_after(code)


# --- the forced two-witness alignment that needs no CollateX -----------------


def real_collatex(keys: list[list[str]]) -> list[tuple[int | None, ...]]:
    """CollateX's own columns (the shortcut switched off)."""
    original = collatex_aligner.settled_pair
    collatex_aligner.settled_pair = lambda keys, present: None  # type: ignore[assignment]
    try:
        return collatex_aligner.collatex_columns(keys)
    finally:
        collatex_aligner.settled_pair = original


def edited(rng: random.Random, keys: list[str], alphabet: list[str]) -> list[str]:
    """``keys`` with a few random omissions, additions, substitutions and swaps."""
    out = list(keys)
    for _ in range(rng.randint(0, 4)):
        op = rng.random()
        if op < 0.3 and out:
            del out[rng.randrange(len(out))]
        elif op < 0.6:
            out.insert(rng.randint(0, len(out)), rng.choice([*alphabet, "new1", "new2"]))
        elif op < 0.85 and out:
            out[rng.randrange(len(out))] = rng.choice([*alphabet, "new3"])
        elif len(out) > 1:
            i = rng.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def test_the_forced_alignment_is_collatex_s_own() -> None:
    # Checked offline on 45,000 random cases of up to 40 tokens; here 400 that the shortcut takes.
    rng = random.Random(13)
    taken = 0
    while taken < 400:
        alphabet = [f"w{i}" for i in range(rng.randint(2, 16))]
        length = rng.randint(0, 12)
        if rng.random() < 0.8:
            a = rng.sample(alphabet, min(length, len(alphabet)))
        else:
            a = [rng.choice(alphabet) for _ in range(length)]
        keys = [a, edited(rng, a, alphabet)]
        if rng.random() < 0.2:
            keys.insert(rng.randint(0, 2), [])  # a witness with nothing here
        present = [w for w, k in enumerate(keys) if k]
        settled = collatex_aligner.settled_pair(keys, present)
        if settled is None or len(present) < 2:
            continue
        taken += 1
        assert settled == real_collatex(keys), keys


@pytest.mark.parametrize(
    "keys",
    [
        [["a", "b", "a"], ["a"]],  # a repeated key: which "a" matches is CollateX's choice
        [["a", "b", "c"], ["a", "c", "b"]],  # the middles share a key
        [["a", "b"], ["b", "a"]],
        [["a"], ["b"], ["c"]],  # three witnesses
    ],
)
def test_what_is_not_forced_goes_to_collatex(keys: list[list[str]]) -> None:
    assert collatex_aligner.settled_pair(keys, [w for w, k in enumerate(keys) if k]) is None


def test_diff_pauses_the_cyclic_garbage_collector_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from typer.testing import CliRunner

    import collate.cli as cli

    seen: list[bool] = []
    real = cli.run_collation

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "run_collation", recording)
    (tmp_path / "a.txt").write_text("но не сомневаюсь", encoding="utf-8")
    (tmp_path / "b.txt").write_text("но я не сомневаюсь", encoding="utf-8")
    assert gc.isenabled()
    result = CliRunner().invoke(cli.app, ["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 1, result.output
    assert seen == [False]  # paused while collating
    assert gc.isenabled()  # and on again after, in this process (the test runner's)


SEED_A, SEED_B = SEED / "A.txt", SEED / "B.txt"


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "--stat", str(SEED_A), str(SEED_B)],
        ["diff", "--help"],
        ["diff"],
        ["diff", "--no-such-option", str(SEED_A), str(SEED_B)],
        ["diff", "--color", "sometimes", str(SEED_A), str(SEED_B)],
        ["rules", "--language", "el"],
        ["normalize", "--help"],
        ["decisions", "--help"],
        ["no-such-command"],
        ["--version"],
        [],
    ],
)
def test_main_builds_only_the_command_it_runs_and_answers_as_the_whole_app(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import collate.cli as cli

    def run() -> tuple[object, str, str]:
        code: object = None
        try:
            cli.main(args)
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, out.out, out.err

    slim = run()
    assert slim[1] or slim[2]  # each prints something: help, a version, a diff, an error
    monkeypatch.setattr(cli, "_app_for", lambda args: cli.app)
    assert run() == slim


def test_main_builds_the_named_command_alone() -> None:
    import collate.cli as cli

    assert [info.callback.__name__ for info in cli._app_for(["diff", "a", "b"]).registered_commands] == [
        "diff"
    ]
    assert cli._app_for(["normalize", "x"]).registered_commands[0].name == "normalize"
    assert cli._app_for(["decisions", "check"]) is cli.app  # a group: the whole app
    assert cli._app_for(["--help"]) is cli.app


# --- CollateX: its aligner without its package __init__, each pattern once ----


def test_collatex_s_columns_depend_only_on_which_keys_are_equal() -> None:
    # What lets collatex_columns align each pattern of equal keys once: the same
    # columns whatever the keys say (random renamings, not keeping their order).
    rng = random.Random(7)
    for _ in range(300):
        alphabet = [f"w{i}" for i in range(rng.randint(1, 8))]
        keys = [
            [rng.choice(alphabet) for _ in range(rng.randint(0, 8))] for _ in range(rng.choice([2, 2, 3]))
        ]
        renamed = dict(zip(alphabet, [f"{rng.random():.9f}" for _ in alphabet], strict=True))
        other = [[renamed[k] for k in seq] for seq in keys]
        expected = plain_collatex(keys)
        assert plain_collatex(other) == expected, (keys, other)  # CollateX's own invariance
        assert real_collatex(keys) == expected, keys  # the aligner's steps are collate()'s
        assert real_collatex(other) == expected, (keys, other)  # and its memo of each pattern


def plain_collatex(keys: list[list[str]]) -> list[tuple[int | None, ...]]:
    """``collatex.collate`` itself, called as its documentation shows, as index columns."""
    import contextlib
    import io

    from collatex import collate as cx_collate

    present = [i for i, seq in enumerate(keys) if seq]
    if len(present) < 2:
        return real_collatex(keys)  # nothing to align: no call to CollateX either
    data = {
        "witnesses": [
            {"id": str(i), "tokens": [{"t": k, "n": k, "_i": j} for j, k in enumerate(keys[i])]}
            for i in present
        ]
    }
    with contextlib.redirect_stdout(io.StringIO()):
        table = cx_collate(data, output="table", segmentation=False, layout="horizontal")
    rows = {int(row.header): row.cells for row in table.rows}
    return [
        tuple(rows[i][c][0].token_data["_i"] if i in rows and rows[i][c] else None for i in range(len(keys)))
        for c in range(len(table.columns))
    ]


def test_collatex_loads_without_its_display_module_and_completes_on_use() -> None:
    # The aligner imports CollateX's edit-graph aligner only (no IPython, no A*
    # aligner); `from collatex import collate` afterwards still gets the package's
    # own function, on the same modules.
    code = (
        "from collate.aligners.collatex import collatex_columns\n"
        "assert collatex_columns([['a', 'b'], ['b', 'a']]) == [(None, 0), (0, 1), (1, None)]\n"
        "assert 'collatex.core_functions' not in sys.modules and 'IPython' not in sys.modules\n"
        "import collatex.core_classes as classes\n"
        "from collatex import collate, Collation\n"
        "import collatex\n"
        "assert collatex.core_classes is classes and Collation is classes.Collation\n"
        "assert collate.__module__ == 'collatex.core_functions' and collatex.__version__ == '2.3'\n"
        "assert not hasattr(collatex, 'no_such_name')"
    )
    assert "collatex" in loaded_after(code)
    # Completed by a reload instead, or asked from several threads at once: no stray errors.
    reloaded = (
        "from collate.aligners.collatex import collatex_columns\n"
        "import importlib\n"
        "collatex_columns([['a', 'b'], ['b', 'a']])\n"
        "import collatex\n"
        "importlib.reload(collatex)\n"
        "assert not hasattr(collatex, 'no_such_name') and collatex.collate is not None"
    )
    loaded_after(reloaded)
    threads = (
        "from collate.aligners.collatex import collatex_columns\n"
        "import threading\n"
        "collatex_columns([['a', 'b'], ['b', 'a']])\n"
        "errors = []\n"
        "def use():\n"
        "    try:\n"
        "        from collatex import collate\n"
        "    except Exception as exc:\n"
        "        errors.append(exc)\n"
        "ts = [threading.Thread(target=use) for _ in range(8)]\n"
        "[t.start() for t in ts]\n"
        "[t.join() for t in ts]\n"
        "assert not errors, errors"
    )
    loaded_after(threads)


def test_only_short_patterns_are_remembered() -> None:
    # A long stretch rarely comes twice: remembering it would hold megabytes in a long-lived worker.
    from collate.aligners.collatex import MEMO_TOKENS, _memo_columns

    before = _memo_columns.cache_info().currsize
    real_collatex([[f"w{i}" for i in range(MEMO_TOKENS)], [f"w{i}" for i in reversed(range(MEMO_TOKENS))]])
    assert _memo_columns.cache_info().currsize == before
    real_collatex([["x", "y", "z"], ["z", "y", "x"]])
    assert _memo_columns.cache_info().currsize == before + 1
