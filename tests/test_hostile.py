"""Hostile input, round two (issue 16): each case one line on stderr, exit 2, nothing written.

The library raises collate's own errors naming the argument; the CLI prints
them as one line. Every case here was a traceback or a silently wrong result.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collate import AlignmentError, CollateError, RuleError, WitnessError, collate, read_witness
from collate.cli import app

from .conftest import SEED

runner = CliRunner()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def one_line_exit_2(args: list[str], out: Path) -> str:
    """Run ``collate ARGS``; check exit 2, one stderr line, no stdout, nothing written; return the line."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("collate: ")
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())
    return lines[0]


def collatex_doc(content: str) -> str:
    # json.dumps writes a lone surrogate as the escape \ud800, as a hostile file would.
    return json.dumps({"witnesses": [{"id": "A", "content": content}, {"id": "B", "content": "один два"}]})


CASES: list[tuple[str, Callable[[Path], list[object]], str]] = [
    (
        "lone surrogate in CollateX JSON content",
        lambda d: [write(d / "s.json", collatex_doc("один \ud800 два"))],
        "s.json (A): lone surrogate U+D800 in line 1 of the text",
    ),
    (
        "lone surrogate in a CollateX token's n",
        lambda d: [
            write(
                d / "n.json",
                json.dumps(
                    {
                        "witnesses": [
                            {"id": "A", "tokens": [{"t": "один", "n": "\udfff"}]},
                            {"id": "B", "content": "один"},
                        ]
                    }
                ),
            )
        ],
        'n.json: witnesses[0].tokens[0] (A): "n" holds a lone surrogate',
    ),
    (
        "lone surrogate via --encoding unicode_escape",
        lambda d: [
            write(d / "u.txt", "line one\nab \\ud800 cd"),
            SEED / "B.txt",
            "--encoding",
            "unicode_escape",
        ],
        "u.txt:2:4: decodes to a lone surrogate U+D800",
    ),
    ("--encoding rot13", lambda d: [SEED, "--encoding", "rot13"], "--encoding 'rot13': not a text encoding"),
    ("--encoding hex", lambda d: [SEED, "--encoding", "hex"], "--encoding 'hex': not a text encoding"),
    (
        "--encoding base64",
        lambda d: [SEED, "--encoding", "base64"],
        "--encoding 'base64': not a text encoding",
    ),
    (
        "manifest encoding rot13",
        lambda d: [
            write(d / "w" / "A.txt", "один").parent,
            write(d / "w" / "B.txt", "одна"),
            write(
                d / "w" / "witnesses.toml",
                '[[witness]]\nfile = "A.txt"\n\n[[witness]]\nfile = "B.txt"\nencoding = "rot13"\n',
            ),
        ][:1],
        "witnesses.toml:4: [[witness]] #2: encoding 'rot13': not a text encoding",
    ),
    (
        "siglum with a control character (file name)",
        lambda d: [write(d / "A\x07.txt", "один два"), SEED / "B.txt"],
        "bad siglum 'A\\x07' (control character U+0007)",
    ),
    (
        "siglum with an escape sequence (manifest)",
        lambda d: [
            write(d / "w" / "A.txt", "один").parent,
            write(d / "w" / "B.txt", "одна"),
            write(
                d / "w" / "witnesses.toml",
                '[[witness]]\nfile = "A.txt"\nsiglum = "A\\u001b[41m"\n\n[[witness]]\nfile = "B.txt"\n',
            ),
        ][:1],
        "bad siglum 'A\\x1b[41m' (control character U+001B)",
    ),
    (
        "siglum with a right-to-left override (CollateX id)",
        lambda d: [
            write(
                d / "rtl.json",
                json.dumps(
                    {"witnesses": [{"id": "A\u202e", "content": "один"}, {"id": "B", "content": "одна"}]}
                ),
            )
        ],
        "bad siglum 'A\\u202e' (format character U+202E)",
    ),
]


@pytest.mark.parametrize(("label", "setup", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_one_line_and_exit_2(
    tmp_path: Path, label: str, setup: Callable[[Path], list[object]], expected: str
) -> None:
    out = tmp_path / "out"
    line = one_line_exit_2(["report", *setup(tmp_path), "-o", out], out)
    assert expected in line


def test_output_folder_that_is_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    line = one_line_exit_2(["report", SEED, "-o", loop], tmp_path / "nothing")
    assert line == f"collate: {loop}: output folder is a symbolic link loop"
    deeper = one_line_exit_2(["report", SEED, "-o", loop / "a" / "b"], tmp_path / "nothing")
    assert "output folder is a symbolic link loop" in deeper


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            ["diff", SEED / "A.txt", SEED / "B.txt", "--encoding", "rot13"],
            "--encoding 'rot13': not a text encoding",
        ),
        (["normalize", SEED / "A.txt", "--encoding", "hex"], "--encoding 'hex': not a text encoding"),
    ],
)
def test_diff_and_normalize_refuse_non_text_codecs(
    command: list[object], expected: str, tmp_path: Path
) -> None:
    assert expected in one_line_exit_2(command, tmp_path / "out")


@pytest.mark.parametrize(
    ("sources", "kwargs", "error", "message"),
    [
        (None, {}, WitnessError, "sources= must be a folder, a file, a list of files"),
        (3, {}, WitnessError, "sources= must be a folder"),
        (b"A.txt", {}, WitnessError, "sources= must be a folder"),
        ({"A": 1, "B": "два"}, {}, WitnessError, "sources= maps siglum 'A' to int"),
        ({1: "один", "B": "два"}, {}, WitnessError, "sources= has the key 1"),
        (["A.txt", None], {}, WitnessError, "sources= must be a folder, a file, a list of files"),
        ({"A": "один", "B": "два"}, {"profile": None}, RuleError, "profile= must be a profile name"),
        ({"A": "один", "B": "два"}, {"rules": "-case"}, RuleError, "rules= must be a list of switches"),
        ({"A": "один", "B": "два"}, {"base": 1}, WitnessError, "base= must be a siglum"),
        ({"A": "один", "B": "два"}, {"jobs": 0}, AlignmentError, "jobs= must be a whole number"),
        (
            {"A": "один", "B": "два"},
            {"encoding": "rot13"},
            WitnessError,
            "encoding='rot13': not a text encoding",
        ),
        ({"A": "один", "B": "два"}, {"encoding": 8}, WitnessError, "encoding=8: not an encoding's name"),
        ({"A\x1b": "один", "B": "два"}, {}, WitnessError, "bad siglum 'A\\x1b'"),
        ({"A": "один \ud800", "B": "два"}, {}, WitnessError, "lone surrogate U+D800"),
    ],
)
def test_collate_names_the_argument_it_refuses(sources, kwargs, error, message: str) -> None:
    with pytest.raises(error, match=None) as caught:
        collate(sources, **kwargs)
    assert message in str(caught.value)


def test_collate_refuses_witness_objects_with_bad_sigla() -> None:
    from dataclasses import replace

    a, b = collate({"A": "один", "B": "два"}).witnesses
    with pytest.raises(WitnessError, match=r"input: bad siglum 'A\\x07' \(control character U\+0007\)"):
        collate([replace(a, siglum="A\x07"), b])
    with pytest.raises(WitnessError, match="mixes Witness objects"):
        collate([a, "B.txt"])


def test_read_witness_names_the_file_for_a_bad_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "A.txt", "один")
    for name in ("rot13", "hex", "base64", "zlib"):
        with pytest.raises(WitnessError, match=rf"A\.txt: encoding '{name}': not a text encoding"):
            read_witness(path, encoding=name)
    assert issubclass(WitnessError, CollateError)
