"""`collate diff` as a word diff (issue 13): exact spacing, hunks, markup, inputs, exit codes, git."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from collate import collate
from collate.cli import app
from collate.worddiff import render, stat, to_dict, whole_file, word_diff

from .conftest import SEED

runner = CliRunner()
A, B = SEED / "A.txt", SEED / "B.txt"


def run(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, ["diff", *map(str, args)], env=env)


def cli(*args: object, **kwargs) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it (a real process: stdin, pipes, tty detection)."""
    return subprocess.run(
        [sys.executable, "-m", "collate", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        **kwargs,
    )


def body(a: str, b: str, **options) -> str:
    """The diff's hunks without the file header and hunk headers."""
    text = render(word_diff(collate({"A": a, "B": b}), **options))
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(("---", "+++", "@@"))
    )


# --- exact spacing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # The case: git prints `но {+я+} не`, collate printed `но{+я+} не`.
        ("но не сомневаюсь", "но я не сомневаюсь", "но {+я+} не сомневаюсь\n"),
        ("но я не сомневаюсь", "но не сомневаюсь", "но [-я-] не сомневаюсь\n"),
        ("потом отвести войска", "потом быстро отвести войска", "потом {+быстро+} отвести войска\n"),
        # A mark is shown with the word it is glued to (the apparatus widens it so).
        ("из Москвы я вижу", "из Москвы, я вижу", "из [-Москвы-]{+Москвы,+} я вижу\n"),
        ("из Москвы, я вижу", "из Москвы я вижу", "из [-Москвы,-]{+Москвы+} я вижу\n"),
        ("нахожусь далеко", "Я нахожусь далеко", "{+Я+} нахожусь далеко\n"),
        ("нахожусь далеко", "нахожусь далеко отсюда", "нахожусь далеко {+отсюда+}\n"),
        ("несколько оторвался от", "несколько оторван от", "несколько [-оторвался-]{+оторван+} от\n"),
        ("во главе.\n\nЯ ничего", "во главе.\n\n- 2 -\n\nЯ ничего", "во главе.\n\n{+- 2 -+}\n\nЯ ничего\n"),
    ],
)
def test_an_insertion_or_deletion_never_glues_words(a: str, b: str, expected: str) -> None:
    assert body(a, b, context=None) == expected


def test_spacing_stays_right_next_to_a_change_left_out() -> None:
    # `товарищам ,` / `товарищам,` is left out: the context is A's, the insertion still spaced as git does.
    result = run(A, B, "--only", "substantive", "-U", "2", "--no-color")
    assert "\nтоварищам , но {+я+} не сомневаюсь,\n" in result.output


def test_changes_side_by_side_that_no_spacing_fits_keep_whitespace_inside_the_markers() -> None:
    # A deletion glued to the next word beside an insertion followed by a space: one gap cannot
    # serve both witnesses, so the space goes inside the insertion.
    assert body(",но", "[из Сочи] но", context=None) == "[-,-]{+[из Сочи] +}но\n"


WORDS = st.sampled_from(["но", "я", "не", "Я", "сомневаюсь", ",", ".", "38", "[из Сочи]", "- 2 -"])
SPACES = st.sampled_from([" ", " ", "  ", "\n", "\n\n", ""])


@st.composite
def texts(draw) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SPACES), min_size=1, max_size=8))
    return "".join(w + s for w, s in parts).strip() or "но"


def projection(rendered: str, keep: str) -> str:
    """The rendering with one side's markup dropped: A's text (keep='a') or B's."""
    drop, mark = (r"\{\+.*?\+\}", r"\[-(.*?)-\]") if keep == "a" else (r"\[-.*?-\]", r"\{\+(.*?)\+\}")
    return re.sub(mark, r"\1", re.sub(drop, "", rendered, flags=re.S), flags=re.S)


@settings(max_examples=40, deadline=None)
@given(texts(), texts())
def test_the_full_diff_reads_as_either_witness_word_for_word(a: str, b: str) -> None:
    # Whitespace may differ in kind (the context is A's), never in presence: no word is glued or split.
    text = body(a, b, context=None)
    if not text:  # the witnesses agree
        return
    assert projection(text, "a").split() == a.split()
    assert projection(text, "b").split() == b.split()


# --- hunks -------------------------------------------------------------------


def test_hunks_show_context_words_and_both_positions() -> None:
    text = render(word_diff(collate([A, B]), context=2, only=["grammatical"]))
    assert text.splitlines() == [
        f"--- {A}",
        f"+++ {B}",
        "@@ A 9:40 B 8:39 @@",
        "и несколько [-оторвался-]{+оторван+} от событий",
        "@@ A 11:466 B 10:467 @@",
        "не выполнили [-приказ-]{+приказа+} Ким Ир",
    ]


def test_changes_closer_than_twice_the_context_share_a_hunk() -> None:
    a = "один два три четыре пять шесть семь восемь девять десять"
    b = "один ДВА три четыре пять шесть семь восемь девять ДЕСЯТЬ"
    diff = word_diff(collate({"A": a, "B": b}), context=3, only=["case"])
    assert [len(h.changes) for h in diff.hunks] == [1, 1]
    diff = word_diff(collate({"A": a, "B": b}), context=4, only=["case"])
    assert [len(h.changes) for h in diff.hunks] == [2]
    assert render(diff).splitlines()[2:] == [
        "@@ A 1:1 B 1:1 @@",
        "один [-два-]{+ДВА+} три четыре пять шесть семь восемь девять [-десять-]{+ДЕСЯТЬ+}",
    ]


def test_context_zero_shows_the_changes_alone() -> None:
    result = run(A, B, "-U", "0", "--only", "substantive", "--no-color")
    assert result.exit_code == 1
    assert "@@ A 15:73 B 16:73 @@\n{+я+}\n" in result.output
    assert "[-войсковые-]{+воинственные+}\n" in result.output


def test_one_changed_word_in_a_long_text_is_one_short_hunk(tmp_path: Path) -> None:
    letters = "бвгдклмнпрст"
    words = [f"{x}а{y}о{z}" for x in letters for y in letters for z in letters][:1700]
    (tmp_path / "a.txt").write_text(" ".join(words), encoding="utf-8")
    old, words[1500] = words[1500], "иное"
    (tmp_path / "b.txt").write_text(" ".join(words), encoding="utf-8")
    result = run(tmp_path / "a.txt", tmp_path / "b.txt", "--no-color")
    assert result.exit_code == 1
    column = len(" ".join(words[:1495])) + 2
    assert result.output.splitlines()[2:] == [
        f"@@ A 1:{column} B 1:{column} @@",
        " ".join([*words[1495:1500], f"[-{old}-]{{+иное+}}", *words[1501:1506]]),
    ]


def test_full_prints_the_whole_text() -> None:
    result = run(A, B, "--full", "--no-color")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[2] == "@@ A 1:1 B 1:1 @@" and sum(line.startswith("@@") for line in lines) == 1
    assert projection("\n".join(lines[3:]), "a").split() == A.read_text(encoding="utf-8").split()
    assert projection("\n".join(lines[3:]), "b").split() == B.read_text(encoding="utf-8").split()


def test_identical_witnesses_print_nothing_and_exit_0(tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_bytes(A.read_bytes())
    for args in ([], ["--json"], ["--stat"], ["--full"]):
        result = run(A, same, *args)
        assert result.exit_code == 0, args
    assert run(A, same).output == ""
    assert json.loads(run(A, same, "--json").output)["hunks"] == []


# --- markup ------------------------------------------------------------------


def test_plain_markup_is_gits() -> None:
    result = run(A, B, "--word-diff", "plain", "--color", "never")
    assert "[-оторвался-]{+оторван+}" in result.output and "\x1b[" not in result.output


def test_colour_marks_old_red_new_green_and_the_category_by_style() -> None:
    result = run(A, B, "--color", "always")
    assert result.exit_code == 1
    out = result.output
    assert "\x1b[31;1mоторвался\x1b[m\x1b[32;1mоторван\x1b[m" in out  # substantive: bold
    assert "\x1b[31;2mПекин Совпосол\x1b[m\x1b[32;2mПЕКИН СОВПОСОЛ\x1b[m" in out  # accidental: dim
    assert "\x1b[31;3m[из Сочи]\x1b[m" in out  # editorial: italic
    assert "\x1b[36m@@ A 1:1 B 1:1 @@\x1b[m" in out and "\x1b[1m--- " in out
    assert "[-" not in out  # colour alone marks the changes, as git --word-diff=color
    both = run(A, B, "--color", "always", "--word-diff", "plain").output
    assert "\x1b[31;1m[-оторвался-]\x1b[m\x1b[32;1m{+оторван+}\x1b[m" in both


def test_colour_auto_follows_the_terminal_gits_pager_and_no_color() -> None:
    env = {"NO_COLOR": "", "TERM": "xterm"}
    assert "\x1b[" not in run(A, B, env=env).output  # CliRunner's output is not a terminal
    assert "\x1b[32" in run(A, B, env={**env, "GIT_PAGER_IN_USE": "true"}).output
    assert "\x1b[" not in run(A, B, env={**env, "GIT_PAGER_IN_USE": "true", "NO_COLOR": "1"}).output
    assert "\x1b[" not in run(A, B, "--no-color", env={**env, "GIT_PAGER_IN_USE": "true"}).output
    # NO_COLOR yields to an explicit request, as no-color.org asks.
    assert "\x1b[32" in run(A, B, "--color", "always", env={**env, "NO_COLOR": "1"}).output
    assert "\x1b[32" in run(A, B, "--word-diff", "color", env=env).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--color", "sometimes"], "--color must be one of auto, always, never, not 'sometimes'"),
        (["--word-diff", "porcelain"], "--word-diff must be one of plain, color"),
        (["--word-diff", "color", "--color", "never"], "cannot go with --color never"),
        (["--json", "--stat"], "--json and --stat: choose one"),
        (["--only", "substantial"], "unknown label 'substantial'"),
    ],
)
def test_bad_option_values_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = run(A, B, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_json_is_hunks_with_one_object_per_change() -> None:
    result = run(A, B, "--json", "--only", "substantive", "-U", "1")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == 1 and data["profile"] == "orthographic" and data["context"] == 1
    assert data["a"] == {"label": str(A), "siglum": "A", "encoding": "utf-8"}
    assert data["summary"]["by_category"] == {"substantive": 6, "accidental": 0, "editorial": 0}
    changes = [c for h in data["hunks"] for c in h["changes"]]
    assert len(changes) == data["summary"]["changes"] == 6
    change = next(c for c in changes if c["a"]["text"] == "оторвался")
    assert change["b"] == {
        "text": "оторван",
        "line": 8,
        "column": 51,
        "start": change["b"]["start"],
        "end": change["b"]["start"] + 7,
    }
    assert change["category"] == "substantive" and change["type"] == "grammatical" and change["n"] >= 1
    hunk = next(h for h in data["hunks"] if change in h["changes"])
    assert hunk["text"] == "несколько [-оторвался-]{+оторван+} от"
    assert hunk["a"]["line"] == 9 and hunk["b"]["line"] == 8
    assert set(hunk) == {"a", "b", "text", "changes"}


def test_stat_counts_by_category_and_type() -> None:
    result = run(A, B, "--stat")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{A} -> {B}: 29 changes"
    assert lines[1].split()[:2] == ["6", "substantive"] and "lexical 2" in lines[1]
    assert lines[2].split()[:2] == ["21", "accidental"] and "punctuation 15" in lines[2]
    assert stat(word_diff(collate([A, B]), only=["editorial"])).splitlines()[1:] == [
        "  0 substantive",
        "  0 accidental",
        "  2 editorial  (editorial 1, pagination 1)",
    ]


# --- filters -----------------------------------------------------------------


def test_quiet_prints_nothing_and_exits_by_the_result(tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_bytes(A.read_bytes())
    assert (run(A, B, "-q").exit_code, run(A, B, "-q").output) == (1, "")
    assert (run(A, same, "-q").exit_code, run(A, same, "-q").output) == (0, "")
    proc = cli("diff", "-q", A, tmp_path / "missing.txt")
    assert proc.returncode == 2 and proc.stdout == "" and "missing.txt: no such file" in proc.stderr


def test_ignore_case_and_space() -> None:
    a, b = "Пекин Совпосол из Москвы , я", "ПЕКИН СОВПОСОЛ из Москвы, я"
    assert body(a, b) == "[-Пекин Совпосол-]{+ПЕКИН СОВПОСОЛ+} из [-Москвы ,-]{+Москвы,+} я\n"
    assert body(a, b, ignore_case=True) == "Пекин Совпосол из [-Москвы ,-]{+Москвы,+} я\n"
    assert body(a, b, ignore_space=True) == "[-Пекин Совпосол-]{+ПЕКИН СОВПОСОЛ+} из Москвы , я\n"
    assert not word_diff(collate({"A": a, "B": b}), ignore_case=True, ignore_space=True).differ
    # A change of case *and* spelling stays under -i.
    assert body("Мао Цзэдуну", "МАО ЦЗЕ-ДУНУ", ignore_case=True) == "[-Мао Цзэдуну-]{+МАО ЦЗЕ-ДУНУ+}\n"


def test_ignore_i_w_only_from_the_command_line(tmp_path: Path) -> None:
    result = run(A, B, "-i", "-w", "--ignore", "accidental", "--no-color", "--stat")
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  6 substantive  (lexical 2, grammatical 2, addition 2)",
        "  0 accidental",
        "  2 editorial  (editorial 1, pagination 1)",
    ]
    result = run(A, B, "--only", "editorial", "-U", "1", "--no-color")
    assert result.output.count("@@ A") == 2 and "{+- 2 -+}" in result.output
    assert run(A, B, "--ignore", "substantive,accidental,editorial").exit_code == 0


def test_line_breaks_differ_only_under_the_diplomatic_profile(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Москва предупреждала немедленно\nотвести с юга\n", encoding="utf-8")
    b.write_text("Москва предупреждала немедленно отвести\nс юга\n", encoding="utf-8")
    assert run(a, b).exit_code == 0
    result = run(a, b, "--profile", "diplomatic", "-U", "1", "--no-color")
    assert result.exit_code == 1
    assert result.output.splitlines()[2:] == [
        "@@ A 1:8 B 1:8 @@",
        "предупреждала [-немедленно",
        "отвести с-]{+немедленно отвести",
        "с+} юга",
    ]
    data = json.loads(run(a, b, "--profile", "diplomatic", "--json").output)
    changes = [c for h in data["hunks"] for c in h["changes"]]
    # Two line breaks that share a word are one place.
    assert [(c["n"], c["type"], c["note"]) for c in changes] == [(None, "punctuation", "line break")]
    assert run(a, b, "--profile", "diplomatic", "-w").exit_code == 0
    assert run(a, b, "--profile", "diplomatic", "--ignore", "punctuation").exit_code == 0


def test_a_line_break_next_to_an_entry_widens_it() -> None:
    app_ = collate({"A": "один два\nтри", "B": "один ДВА три"}, profile="diplomatic")
    diff = word_diff(app_)
    assert [(c.n, c.type, c.note) for c in diff.changes] == [(1, "case", "line break")]
    assert body("один два\nтри", "один ДВА три", context=None) == "один [-два-]{+ДВА+}\nтри\n"


# --- inputs ------------------------------------------------------------------


def test_dash_reads_standard_input() -> None:
    proc = cli("diff", A, "-", "--no-color", "-U", "1", input=B.read_text(encoding="utf-8"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"--- {A}\n+++ -\n") and "[-оторвался-]{+оторван+}" in proc.stdout
    proc = cli("diff", "-", B, "-q", input=B.read_text(encoding="utf-8"))
    assert proc.returncode == 0
    proc = cli("diff", "-", "-")
    assert proc.returncode == 2 and "standard input can be read only once" in proc.stderr


def test_dash_refuses_binary_input_as_a_file_would() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "diff", str(A), "-"],
        input=b"\x00\x01\x02binary",
        capture_output=True,
    )
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().startswith("collate: (standard input): ")
    assert len(proc.stderr.decode().splitlines()) == 1


@pytest.mark.skipif(not shutil.which("bash"), reason="process substitution needs bash")
def test_process_substitution_works() -> None:
    command = (
        f"{shlex.quote(sys.executable)} -m collate diff -q {shlex.quote(str(A))} <(cat {shlex.quote(str(B))})"
    )
    assert subprocess.run(["bash", "-c", command], capture_output=True).returncode == 1
    command = (
        f"{shlex.quote(sys.executable)} -m collate diff -q {shlex.quote(str(A))} <(cat {shlex.quote(str(A))})"
    )
    assert subprocess.run(["bash", "-c", command], capture_output=True).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(B.read_bytes()), daemon=True)
    writer.start()
    try:
        proc = cli("diff", A, fifo, "--stat", timeout=120)
    finally:
        writer.join(timeout=5)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"{A} -> {fifo}: 29 changes")


def test_diff_imports_only_what_it_needs(tmp_path: Path) -> None:
    # pandas, lxml and Jinja2 serve other commands; importing them cost a one-line diff its start-up.
    (tmp_path / "a.txt").write_text("один два три", encoding="utf-8")
    (tmp_path / "b.txt").write_text("один две три", encoding="utf-8")
    code = (
        "import sys; from collate.cli import main\n"
        "try: main(['diff', '-q', sys.argv[1], sys.argv[2]])\n"
        "except SystemExit as exc: print(exc.code)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
        capture_output=True,
        text=True,
    )
    code_line, modules = proc.stdout.splitlines()
    assert code_line == "1", proc.stderr
    assert not {"pandas", "lxml", "jinja2", "pydantic", "charset_normalizer"} & set(modules.split())


def test_version() -> None:
    from collate import __version__

    proc = cli("--version")
    assert (proc.returncode, proc.stdout) == (0, f"collate {__version__}\n")


# --- git ---------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")
def test_git_diff_with_collate_as_the_diff_driver(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_PAGER": "cat",
        "NO_COLOR": "1",
    }

    def git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", check=check
        )

    git("init", "-q")
    git("config", "user.email", "editor@example.org")
    git("config", "user.name", "Editor")
    # The README's two lines: the attribute, and the driver's command.
    (repo / ".gitattributes").write_text("*.txt diff=collate\n", encoding="utf-8")
    git("config", "diff.collate.command", f"{shlex.quote(sys.executable)} -m collate diff -U 2")
    (repo / "telegram.txt").write_bytes(A.read_bytes())
    (repo / "notes.md").write_text("не транскрипция\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "A")
    (repo / "telegram.txt").write_bytes(B.read_bytes())
    (repo / "added.txt").write_text("новый свидетель\n", encoding="utf-8")
    (repo / "notes.md").write_text("не транскрипция, правка\n", encoding="utf-8")
    git("add", "added.txt")

    shown = git("diff", "HEAD")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "--- a/telegram.txt\n+++ b/telegram.txt\n@@ A " in out
    assert "несколько [-оторвался-]{+оторван+} от" in out and "но {+я+} не" in out
    assert "--- /dev/null\n+++ b/added.txt\n@@ A 1:1 B 1:1 @@\n{+новый свидетель+}\n" in out
    assert "-не транскрипция" in out  # other files keep git's own diff
    # git's exit status is git's: 0, and 1 with --exit-code, whatever the driver found.
    assert git("diff", "--exit-code", "HEAD", check=False).returncode == 1
    git("checkout", "--", "telegram.txt", "notes.md")
    git("rm", "-q", "--cached", "added.txt")
    assert git("diff", "--exit-code", "HEAD", check=False).returncode == 0
    # A renamed file is headed by both its paths (git gives the new one after the seven arguments).
    git("mv", "telegram.txt", "telegram-B.txt")
    (repo / "telegram-B.txt").write_text(A.read_text(encoding="utf-8") + "Получено.\n", encoding="utf-8")
    git("add", "telegram-B.txt")
    renamed = git("diff", "--cached", "-M", "HEAD").stdout
    assert "--- a/telegram.txt\n+++ b/telegram-B.txt\n@@ A " in renamed and "{+Получено.+}" in renamed
    git("commit", "-q", "-m", "renamed")
    # An emptied file is its whole text taken out; an empty file added shows nothing; git goes on.
    (repo / "telegram-B.txt").write_bytes(b"")
    (repo / "empty.txt").write_bytes(
        b"\xef\xbb\xbf \xc2\xa0\n"
    )  # what an editor saves empty: a BOM, no-break space
    (repo / "notes.md").write_text("другое\n", encoding="utf-8")
    git("add", "empty.txt")
    emptied = git("diff", "HEAD", check=False)
    assert emptied.returncode == 0, emptied.stderr
    assert "--- a/telegram-B.txt\n+++ b/telegram-B.txt\n@@ A 1:1 B 1:1 @@\n[-" in emptied.stdout
    assert "+другое" in emptied.stdout  # git went on past empty.txt, which shows nothing
    assert "--- /dev/null\n+++ b/empty.txt" not in emptied.stdout
    git("checkout", "--", "telegram-B.txt", "notes.md")
    git("rm", "-q", "--cached", "empty.txt")
    # Colour as git's configuration says: color.diff=always colours even into a file.
    (repo / "telegram-B.txt").write_bytes(A.read_bytes())
    plain_env, env["NO_COLOR"] = env.pop("NO_COLOR"), ""
    git("config", "color.diff", "always")
    assert "\x1b[" in git("diff", "HEAD").stdout
    git("config", "color.diff", "never")
    assert "\x1b[" not in git("diff", "HEAD").stdout
    env["NO_COLOR"] = plain_env
    # A witness the driver cannot read stops git, as any external diff in trouble does.
    (repo / "telegram-B.txt").write_bytes(b"\x00\x01binary")
    broken = git("diff", "HEAD", check=False)
    assert broken.returncode != 0 and "collate: " in broken.stderr and "binary" in broken.stderr


# --- help --------------------------------------------------------------------


def test_word_diff_alone_is_plain_as_in_git(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("но не сомневаюсь\n", encoding="utf-8")
    b.write_text("но я не сомневаюсь\n", encoding="utf-8")
    for args in (["--word-diff", str(a), str(b)], [str(a), str(b), "--word-diff"]):
        proc = cli("diff", *args)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout.endswith("но {+я+} не сомневаюсь\n")
    # A mistyped mode is still the option's error, not a third file.
    proc = cli("diff", "--word-diff", "colour", a, b)
    assert (proc.returncode, proc.stderr) == (
        2,
        "collate: --word-diff must be one of plain, color, not 'colour'\n",
    )
    # git's seven arguments after a bare --word-diff: the first is a path, even one named "color".
    (tmp_path / "color").write_text("но не сомневаюсь\n", encoding="utf-8")
    proc = cli("diff", "--word-diff", "color", a, "1" * 40, "100644", b, "2" * 40, "100644", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("--- a/color\n+++ b/color\n") and "но {+я+} не" in proc.stdout


def test_no_help_shows_a_bool_metavar() -> None:
    import typer.main

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for args in (["--help"], *([name, "--help"] for name in commands)):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, args
        assert "<bool>" not in result.output, args


def test_library_renders_without_the_cli() -> None:
    diff = word_diff(collate({"A": "но не сомневаюсь", "B": "но я не сомневаюсь"}), labels=("old", "new"))
    assert render(diff) == "--- old\n+++ new\n@@ A 1:1 B 1:1 @@\nно {+я+} не сомневаюсь\n"
    assert to_dict(diff)["hunks"][0]["changes"][0]["type"] == "addition"


def test_a_deleted_file_is_one_omission() -> None:
    from collate.witnesses import make_witness

    diff = whole_file(make_witness("A", "старый текст\n"), None, ("a/old.txt", "/dev/null"))
    assert render(diff) == "--- a/old.txt\n+++ /dev/null\n@@ A 1:1 B 1:1 @@\n[-старый текст-]\n"
    assert [(c.category, c.type) for c in diff.changes] == [("substantive", "omission")]
