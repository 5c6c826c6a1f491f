"""Bad input through the CLI: exit 2, one line on stderr naming the file, no traceback, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collate.cli import app

from .conftest import ROOT, SEED

DATA = ROOT / "tests" / "data" / "inputs"
runner = CliRunner()


def text(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def witnesses_with(tmp: Path, name: str, content: str | bytes) -> list[Path]:
    """A bad witness next to a good one."""
    return [text(tmp / "w" / name, content), SEED / "B.txt"]


def noise() -> bytes:
    """High bytes without NUL, no text in any code page (deterministic)."""
    return bytes(0x80 + (i * 37 + i // 7) % 128 for i in range(600))


# Each case: (label, setup(tmp) -> report arguments, what stderr must contain).
CASES: list[tuple[str, Callable[[Path], list[object]], str]] = [
    ("empty", lambda d: witnesses_with(d, "empty.txt", ""), "empty.txt: the witness is empty"),
    ("whitespace", lambda d: witnesses_with(d, "blank.txt", " \r\n\t \n"), "blank.txt: the witness is empty"),
    ("NUL bytes", lambda d: witnesses_with(d, "nul.txt", b"text\x00\x01\x02"), "nul.txt: is a binary file"),
    (
        "UTF-16 without BOM",
        lambda d: witnesses_with(d, "u16.txt", "Москва, 1 октября 1950 г.".encode("utf-16-be")),
        "u16.txt: is a binary file (it contains NUL bytes), not a text witness"
        " (UTF-16 without a byte order mark? give --encoding utf-16-be)",
    ),
    ("undecodable", lambda d: witnesses_with(d, "noise.txt", noise()), "noise.txt: cannot tell its encoding"),
    ("missing", lambda d: [d / "w" / "missing.txt", SEED / "B.txt"], "missing.txt: no such file"),
    ("single", lambda d: [SEED / "A.txt"], "A.txt: only one witness"),
    ("device", lambda d: ["/dev/zero", SEED / "B.txt"], "/dev/zero: is not a regular file"),
    (
        "duplicate sigla",
        lambda d: [text(d / "x" / "A.txt", "один"), text(d / "y" / "A.txt", "одна")],
        "A.txt: duplicate siglum 'A'",
    ),
    (
        "broken manifest",
        lambda d: [
            text(d / "w" / "A.txt", "текст").parent,
            text(d / "w" / "witnesses.toml", '[[witness]]\nfile = "A.txt\n'),
        ][:1],
        "witnesses.toml:2:",
    ),
    (
        "manifest lists a missing file",
        lambda d: [text(d / "w" / "witnesses.toml", '\n\n[[witness]]\nfile = "C.txt"\n').parent],
        "C.txt: no such file (listed in",
    ),
    ("malformed TEI", lambda d: [DATA / "broken.xml", SEED / "A.txt"], "broken.xml:4:34: malformed XML"),
    ("malformed JSON", lambda d: [DATA / "broken.json"], "broken.json:4:16: malformed JSON"),
    (
        "TEI without body",
        lambda d: witnesses_with(d, "nobody.xml", "<TEI><teiHeader/></TEI>"),
        "nobody.xml:1: no <body> element",
    ),
    (
        "JSON of the wrong shape",
        lambda d: [text(d / "w" / "x.json", '{"witnesses": [{"id": "A"}]}')],
        'x.json: witnesses[0] (A): expected exactly one of "content" and "tokens"',
    ),
    (
        "unknown encoding",
        lambda d: [SEED / "A.txt", SEED / "B.txt", "--encoding", "klingon"],
        "unknown encoding",
    ),
    (
        "wrong given encoding",
        lambda d: [*witnesses_with(d, "cp.txt", "текст".encode("cp1251")), "--encoding", "utf-8"],
        "cp.txt:1: is not valid utf-8",
    ),
    ("bad --tei-choice", lambda d: [SEED, "--tei-choice", "both"], "--tei-choice must be one of orig, reg"),
]


@pytest.mark.parametrize(("label", "setup", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_exit_2_one_line_naming_the_file(
    tmp_path: Path, label: str, setup: Callable[[Path], list[object]], expected: str
) -> None:
    out = tmp_path / "out"
    args = [str(a) for a in setup(tmp_path)]
    result = runner.invoke(app, ["report", *args, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("collate: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists()


def test_broken_rules_file_names_file_and_line(tmp_path: Path) -> None:
    rules = text(tmp_path / "rules.toml", '[[rule]]\npattern = "тов"\nreplacement = \n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(SEED), "--rules", str(rules), "-o", str(out)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "rules.toml:3" in line
    assert not out.exists()


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    out = text(tmp_path / "out", "I am a file")
    result = runner.invoke(app, ["report", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line == f"collate: {out}: output folder is a file"
    assert out.read_text() == "I am a file"


def test_output_inside_a_file(tmp_path: Path) -> None:
    blocker = text(tmp_path / "blocker", "a file")
    result = runner.invoke(app, ["report", str(SEED), "-o", str(blocker / "reports")])
    assert result.exit_code == 2
    assert f"{blocker}: output folder is a file" in result.stderr
    assert blocker.read_text() == "a file"


def test_output_that_would_overwrite_a_witness(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    shutil.copy(
        SEED / "B.txt", text(folder / "apparatus.txt", (SEED / "A.txt").read_bytes()).parent / "B.txt"
    )
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = runner.invoke(app, ["report", str(folder), "-o", str(folder), "--force"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line == f"collate: {folder / 'apparatus.txt'}: writing the report would overwrite a witness"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written, not even a stamp


def test_existing_foreign_report_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    mine = text(out / "apparatus.md", "# my own notes\n")
    result = runner.invoke(app, ["report", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    assert "apparatus.md: exists and was not written by collate; use --force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["apparatus.md"]
    assert mine.read_text() == "# my own notes\n"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["diff", "{d}/missing.txt", str(SEED / "B.txt")], "missing.txt: no such file"),
        (["normalize", "{d}/nul.txt"], "nul.txt: is a binary file"),
        (["normalize", str(DATA / "broken.xml")], "broken.xml:4:34: malformed XML"),
    ],
)
def test_diff_and_normalize_refuse_bad_input_too(tmp_path: Path, command: list[str], expected: str) -> None:
    text(tmp_path / "nul.txt", b"\x00\x00binary")
    result = runner.invoke(app, [c.format(d=tmp_path) for c in command])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert expected in line


def test_a_binary_file_is_not_called_utf_16_and_a_stream_error_names_the_option(tmp_path: Path) -> None:
    binary = text(tmp_path / "image.bin", bytes(range(256)) * 8)  # NULs, but not UTF-16 text
    result = runner.invoke(app, ["diff", str(SEED / "A.txt"), str(binary)])
    assert result.stderr.strip().endswith(
        "image.bin: is a binary file (it contains NUL bytes), not a text witness"
    )
    small = text(tmp_path / "small.txt", "одно слово")
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "diff", "--max-size", "1K", str(small), "-"],
        input="слово " * 500,
        capture_output=True,
        text=True,
    )
    message = "collate: (standard input): is more than the 1 KiB limit for a witness (--max-size raises it)\n"
    assert (proc.returncode, proc.stderr) == (2, message)


def test_standard_input_at_its_end_at_once_is_an_empty_witness(tmp_path: Path) -> None:
    # /dev/null as standard input is a device that reads as nothing: an empty witness, not "not a file".
    with open(os.devnull, "rb") as null:
        proc = subprocess.run(
            [sys.executable, "-m", "collate", "diff", str(SEED / "A.txt"), "-"],
            stdin=null,
            capture_output=True,
            text=True,
        )
    assert (proc.returncode, proc.stderr) == (2, "collate: (standard input): the witness is empty\n")


def test_mojibake_warning_is_one_line_and_the_run_goes_on(tmp_path: Path) -> None:
    garbled = text(
        tmp_path / "w" / "garbled.txt",
        (SEED / "A.txt").read_text(encoding="utf-8").encode().decode("cp1251", "replace"),
    )
    shutil.copy(SEED / "B.txt", tmp_path / "w" / "B.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(tmp_path / "w"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    # The garbled witness shares no word with B: the aligner says so, in one line of its own.
    line, *aligner = result.stderr.strip().splitlines()
    assert line.startswith(f"collate: warning: {garbled}: looks like mojibake")
    assert len(aligner) <= 1 and all(a.startswith("collate: warning: aligner: ") for a in aligner)
    assert (out / "apparatus.json").exists()


def test_real_process_has_no_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "collate", "report", str(DATA / "broken.json"), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"collate: {DATA / 'broken.json'}:4:16: malformed JSON: Expecting ',' delimiter"
    ]
    assert not out.exists()
