"""The CLI as a user meets it: the README's commands, exit codes, errors (issue 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collate.cli import app

from .conftest import SEED

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_report_writes_the_default_formats(tmp_path: Path) -> None:
    result = run("report", SEED, "-o", tmp_path, "--limit", "0")
    assert result.exit_code == 0, result.output
    assert "substantive" in result.output and "editorial" in result.output
    data = json.loads((tmp_path / "apparatus.json").read_text(encoding="utf-8"))
    assert [w["siglum"] for w in data["witnesses"]] == ["A", "B"]
    assert data["base"] == "A" and data["profile"]
    first = data["entries"][0]
    assert {"n", "readings", "type", "category", "location"} <= set(first)
    assert set(first["location"]["A"]) == {"line", "column", "start", "end"}
    header = (tmp_path / "apparatus.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:5] == ["n", "A", "B", "type", "category"]
    assert (tmp_path / "apparatus.md").read_text(encoding="utf-8").startswith("# Ciphered Telegram")


def test_report_of_two_files_and_a_format_list(tmp_path: Path) -> None:
    result = run("report", SEED / "A.txt", SEED / "B.txt", "-o", tmp_path, "--format", "csv", "-q")
    assert result.exit_code == 0, result.output
    # Besides the report, only the stamp that lists what collate wrote.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".collate", "apparatus.csv"]
    assert result.output == ""


def test_only_filters_the_reports(tmp_path: Path) -> None:
    result = run("report", SEED, "-o", tmp_path, "-f", "json", "--only", "substantive", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "apparatus.json").read_text(encoding="utf-8"))
    assert data["entries"] and {e["category"] for e in data["entries"]} == {"substantive"}


def test_diff_exit_codes(tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_text((SEED / "A.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("diff", SEED / "A.txt", same).exit_code == 0
    result = run("diff", SEED / "A.txt", SEED / "B.txt", "--no-color")
    assert result.exit_code == 1
    assert "[-оторвался-]{+оторван+}" in result.output
    assert "\x1b[" not in result.output


def test_diff_is_plain_when_piped() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "diff", str(SEED / "A.txt"), str(SEED / "B.txt")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 1
    assert "[-войсковые-]{+воинственные+}" in proc.stdout
    assert "\x1b[" not in proc.stdout


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: [d / "missing.txt", SEED / "B.txt"], "missing.txt: no such file"),
        (lambda d: [_write(d / "empty.txt", ""), SEED / "B.txt"], "empty.txt: the witness is empty"),
        (lambda d: [_write(d / "blank.txt", " \n\t\n"), SEED / "B.txt"], "blank.txt: the witness is empty"),
        (lambda d: [SEED / "A.txt"], "only one witness"),
        (lambda d: [_mkdir(d / "nothing")], "nothing: no witnesses here"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, setup, expected: str) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "report", *map(str, setup(tmp_path)), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = run("report", SEED, "-o", tmp_path / "out", "--format", "json,docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output
    assert not (tmp_path / "out").exists()


def test_normalize_explain_names_the_rules() -> None:
    result = run("normalize", SEED / "B.txt", "--explain")
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if "'ПЕКИН'" in line)
    assert "'пекин'" in line and "case" in line


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def test_diff_of_two_files_with_one_name(tmp_path: Path) -> None:
    for folder, source in (("x", "A.txt"), ("y", "B.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "A.txt").write_bytes((SEED / source).read_bytes())
    result = run("diff", tmp_path / "x" / "A.txt", tmp_path / "y" / "A.txt", "--no-color")
    assert result.exit_code == 1
    assert "{+я+}" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report"], "Missing argument"),
        (["report", str(SEED), "--jobs", "many"], "--jobs"),
        # A negative limit used to cut entries off the end of the table (entries[:-1]).
        (["report", str(SEED), "--limit", "-1"], "--limit"),
        # diff and normalize read single files, which never checked --tei-choice.
        (["diff", str(SEED / "A.txt"), str(SEED / "B.txt"), "--tei-choice", "regularized"], "--tei-choice"),
        (["normalize", str(SEED / "A.txt"), "--tei-choice", "regularized"], "--tei-choice"),
        (["report", str(SEED), "--rules", "no-such-rules.toml"], "no-such-rules.toml"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str], expected: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "collate", *args], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("collate: ") and expected in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_help_exits_0() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "report", "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "PATH" in proc.stdout and "--format" in proc.stdout


@pytest.mark.parametrize("command", ["report", "diff", "normalize"])
def test_help_shows_the_user_rules_table_name(command: str) -> None:
    # typer reads help as rich markup, where an unescaped "[[rule]]" prints as "[]".
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "[[rule]]" in result.output


def test_the_default_output_folder_is_named_by_the_witness_files(tmp_path, monkeypatch) -> None:
    from collate.cli import _default_outdir

    folder = tmp_path / "letters"
    folder.mkdir()
    for name in ("A.txt", "B.txt", "C.txt"):
        (folder / name).write_text("один", encoding="utf-8")
    assert _default_outdir([folder]) == Path("reports") / "letters"
    ab = _default_outdir([folder / "A.txt", folder / "B.txt"])
    ac = _default_outdir([folder / "A.txt", folder / "C.txt"])
    assert ab == Path("reports") / "letters-A-B" and ac == Path("reports") / "letters-A-C"
