"""Hostile input, round two (issue 16): each case one line on stderr, exit 2, nothing written.

The library raises collate's own errors naming the argument; the CLI prints
them as one line. Every case here was a traceback or a silently wrong result.
"""

from __future__ import annotations

import importlib
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


CASES.append(
    (
        # Found by tests/test_hostile_fuzz.py: a NEL (U+0085) in a siglum quoted by another error split the line.
        "a line break inside a quoted siglum",
        lambda d: [
            write(
                d / "nel.json",
                json.dumps({"witnesses": [{"id": "0\x85", "content": ""}, {"id": "B", "content": "x"}]}),
            )
        ],
        "nel.json (0\\x85): the witness is empty",
    )
)


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


# --- Encodings: refuse what detection cannot explain ---------------------------------------------


def test_latin1_is_refused_not_read_as_cp1250(tmp_path: Path) -> None:
    from collate.encodings import decode_bytes

    data = "Naïve résumé, café crème".encode("latin-1")
    with pytest.raises(WitnessError, match="cannot tell its encoding") as caught:
        decode_bytes(data, path="w.txt")
    assert "it is not Russian" in str(caught.value)
    # Given, it reads.
    assert decode_bytes(data, "latin-1") == ("Naïve résumé, café crème", "iso8859-1")
    path = write(tmp_path / "latin.txt", data)
    line = one_line_exit_2(["report", path, SEED / "B.txt", "-o", tmp_path / "out"], tmp_path / "out")
    assert f"{path}: cannot tell its encoding" in line


def test_truncated_utf8_is_refused_not_read_as_cp932(tmp_path: Path) -> None:
    text = (SEED / "A.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    cut = len(data) - 1
    while (data[cut] & 0xC0) == 0x80 or data[cut] < 0x80:  # cut inside the last Cyrillic letter
        cut -= 1
    path = write(tmp_path / "cut.txt", data[: cut + 1])
    with pytest.raises(WitnessError, match=r"cut\.txt:\d+: ends inside a UTF-8 character"):
        read_witness(path)
    spliced = write(tmp_path / "spliced.txt", data[:200] + b"\xff\xfe" + data[200:])
    with pytest.raises(WitnessError, match=r"spliced\.txt:\d+: is UTF-8 with \d+ invalid byte sequence"):
        read_witness(spliced)


@pytest.mark.parametrize("encoding", ["cp866", "iso8859-5"])
def test_other_russian_code_pages_are_still_read(tmp_path: Path, encoding: str) -> None:
    text = "Для немедленной передачи Мао Цзэдуну. Корейские товарищи получили приказ.\n"
    witness = read_witness(write(tmp_path / "A.txt", text.encode(encoding)))
    assert witness.text == text


# --- Manifest paths stay inside the manifest's folder ---------------------------------------------


def manifest_folder(tmp_path: Path, file: str) -> Path:
    write(tmp_path / "outside.txt", "секрет один")
    folder = tmp_path / "w"
    write(folder / "B.txt", "секрет два")
    write(
        folder / "witnesses.toml",
        f'[[witness]]\nfile = "B.txt"\n\n[[witness]]\nfile = "{file}"\nsiglum = "X"\n',
    )
    return folder


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_manifest_paths_outside_its_folder_are_refused(tmp_path: Path, how: str) -> None:
    if how == "symlink":
        (tmp_path / "w").mkdir()
        (tmp_path / "w" / "link.txt").symlink_to(tmp_path / "outside.txt")
    file = {"relative": "../outside.txt", "absolute": str(tmp_path / "outside.txt"), "symlink": "link.txt"}[
        how
    ]
    folder = manifest_folder(tmp_path, file)
    out = tmp_path / "out"
    line = one_line_exit_2(["report", folder, "-o", out], out)
    assert f"witnesses.toml:4: [[witness]] #2: '{file}' is outside the manifest's folder" in line
    with pytest.raises(WitnessError, match="is outside the manifest's folder"):
        collate(folder)
    allowed = runner.invoke(app, ["report", str(folder), "-o", str(out), "-q", "--allow-outside"])
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr == ""
    assert [w.siglum for w in collate(folder, allow_outside=True).witnesses] == ["B", "X"]


def test_a_manifest_may_allow_outside_paths_itself_with_a_warning(tmp_path: Path) -> None:
    folder = manifest_folder(tmp_path, "../outside.txt")
    manifest = folder / "witnesses.toml"
    manifest.write_text("allow_outside = true\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(folder), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.strip()
        == f"collate: warning: {manifest}:5: [[witness]] #2: reads '../outside.txt', outside its folder"
    )


# --- The stamp: a folder scan skips only collate's own reports --------------------------------------


@pytest.mark.parametrize("stamp", ["A.txt\n", "apparatus.txt\n", "apparatus.txt\t0123abcd\n"])
def test_a_stale_or_hostile_stamp_does_not_hide_a_witness(tmp_path: Path, stamp: str) -> None:
    folder = tmp_path / "w"
    write(folder / "A.txt", "один два три")
    write(folder / "apparatus.txt", "один два четыре")
    write(folder / ".collate", "# Reports written by collate\n" + stamp)
    assert sorted(w.siglum for w in collate(folder).witnesses) == ["A", "apparatus"]


def test_collates_own_report_in_a_witness_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    write(folder / "A.txt", "один два три")
    write(folder / "B.txt", "один два четыре")
    assert (
        runner.invoke(app, ["report", str(folder), "-o", str(folder), "-q", "-f", "txt,tei"]).exit_code == 0
    )
    assert sorted(w.siglum for w in collate(folder).witnesses) == ["A", "B"]
    (folder / "apparatus.txt").write_text("один пять", encoding="utf-8")  # edited: now somebody's text
    assert sorted(w.siglum for w in collate(folder).witnesses) == ["A", "B", "apparatus"]


# --- The stamp: written last, listing only what was written; one run at a time ---------------------


def test_a_disk_full_run_stamps_only_what_it_wrote_and_names_the_report(
    tmp_path: Path, seed_apparatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from collate.reporters import write_reports
    from collate.witnesses import stamped

    out = tmp_path / "out"
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out / ".apparatus.md.")):
            raise OSError(errno.ENOSPC, "No space left on device")  # the third report does not fit
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(CollateError) as caught:
        write_reports(seed_apparatus, out, ["json", "csv", "md", "txt"])
    assert str(caught.value) == f"{out / 'apparatus.md'}: cannot write the report (No space left on device)"
    assert stamped(out) == {"apparatus.json", "apparatus.csv"}
    assert sorted(p.name for p in out.iterdir()) == [".collate", "apparatus.csv", "apparatus.json"]


def test_an_error_names_the_report_not_the_temporary_file(
    tmp_path: Path, seed_apparatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    from collate.reporters import write_reports

    out = tmp_path / "out"

    real_mkstemp = tempfile.mkstemp

    def denied(prefix: str = "", suffix: str = "", dir: str | None = None) -> tuple[int, str]:
        if prefix == ".apparatus.json.":
            raise OSError(errno.EACCES, "Permission denied", f"{dir}/{prefix}2si4wata{suffix}")
        return real_mkstemp(prefix=prefix, suffix=suffix, dir=dir)

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(CollateError) as caught:
        write_reports(seed_apparatus, out, ["json"])
    assert str(caught.value) == f"{out / 'apparatus.json'}: cannot write the report (Permission denied)"
    assert ".tmp" not in str(caught.value)


SECOND_RUN = """
import sys
from collate.cli import main
main(["report", sys.argv[1], "-o", sys.argv[2], "-f", "txt", "-q"])
"""


def test_a_second_run_waits_for_the_first_and_both_are_stamped(tmp_path: Path, seed_apparatus) -> None:
    import subprocess
    import sys
    import time

    from collate.reporters import atomic_write, output_lock
    from collate.witnesses import stamped

    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out):
        second = subprocess.Popen(
            [sys.executable, "-c", SECOND_RUN, str(SEED), str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        # It says it waits (a run without the lock would finish and say nothing) ...
        waiting = second.stderr.readline()
        assert waiting.strip() == (
            f"collate: warning: {out}: another collate run is writing here; waiting for it to finish"
        ), (waiting, second.communicate())
        time.sleep(0.5)
        # ... and it does.
        assert second.poll() is None
        assert not (out / "apparatus.txt").exists()
        # The first run writes its report and stamp while the second waits.
        atomic_write(out / "apparatus.json", "{}\n")
        atomic_write(out / ".collate", "# Reports written by collate\napparatus.json\n")
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 0, stderr
    assert stderr == ""
    assert stamped(out) == {"apparatus.json", "apparatus.txt"}
    assert not (out / ".collate.lock").exists()


def test_reports_a_killed_run_was_writing_are_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out / "apparatus.json", '{"half": "of a run killed before its stamp"}\n')
    write(out / ".collate.lock", "4242\napparatus.json\n")  # its lock file, released by its death
    result = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [".collate", "apparatus.json"]


# --- Bounded work -----------------------------------------------------------------------------------


def rules_file(tmp_path: Path, *rules: tuple[str, str]) -> Path:
    body = "".join(
        f"[[rule]]\npattern = {json.dumps(p)}\nreplacement = {json.dumps(r)}\nregex = true\n\n"
        for p, r in rules
    )
    return write(tmp_path / "rules.toml", body)


def test_a_backtracking_user_regex_hits_its_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collate.normalize import user

    monkeypatch.setattr(user, "TIME_LIMIT", 0.05)  # ^(a|aa)+$ on 30 a's and a b: over a second with re
    rules = rules_file(tmp_path, ("^(a|aa)+$", "x"))
    witnesses = [
        write(tmp_path / "w" / "A.txt", "one " + "a" * 30 + "b"),
        write(tmp_path / "w" / "B.txt", "one two"),
    ]
    out = tmp_path / "out"
    line = one_line_exit_2(["report", *witnesses, "--rules", rules, "-o", out], out)
    assert line.startswith(f"collate: {rules}:1: rule '^(a|aa)+$' ran past its time limit (0.05 s) on 'aaaa")


def test_a_user_regex_may_not_grow_forms_without_bound(tmp_path: Path) -> None:
    rules = rules_file(tmp_path, ("т", "товарищ"), ("(?:)", "xxxxxxxxxx"))
    out = tmp_path / "out"
    line = one_line_exit_2(["report", SEED, "--rules", rules, "-o", out], out)
    assert f"{rules}:6: rule '(?:)' -> 'xxxxxxxxxx' grows 'передано' from 8 to 98 characters" in line
    assert "(at most 4 times plus 32)" in line
    # Expanding an abbreviation is well within the bound.
    assert collate(
        {"A": "т. Сталин", "B": "товарищ Сталин"}, user_rules=rules_file(tmp_path, ("^т$", "товарищ"))
    )


def test_edit_distance_on_long_readings_is_bounded() -> None:
    from collate.classify import bounded_distance, relate_words

    relation = relate_words("ы" * 5000, "ю" * 5000)
    assert relation.type == "lexical"
    assert "5000 and 5000 letters, too long to measure edit distance" in relation.note
    assert len(relation.note) < 200  # the words are quoted cut short, not whole
    # A small change inside a long reading is still measured exactly (common ends stripped).
    long = "abc" * 100_000
    assert bounded_distance(long + "x" + long, long + "yz" + long) == (2, 1 - 3 / (len(long) * 4 + 3))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 100 MiB on paper, nothing on disk
        handle.truncate(100 << 20)
    out = tmp_path / "out"
    line = one_line_exit_2(["report", big, SEED / "B.txt", "-o", out], out)
    assert line == f"collate: {big}: is 100 MiB, larger than the 64 MiB limit (--max-size raises it)"
    small = write(tmp_path / "small.txt", "один два три")
    line = one_line_exit_2(["report", small, SEED / "B.txt", "--max-size", "8", "-o", out], out)
    assert line == f"collate: {small}: is 22 bytes, larger than the 8 bytes limit (--max-size raises it)"
    with pytest.raises(WitnessError, match=r"larger than the 8 bytes limit \(max_size raises it\)"):
        collate([small, SEED / "B.txt"], max_size=8)
    assert collate([small, SEED / "B.txt"], max_size=1 << 20)


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_a_file_whose_size_the_system_does_not_know_is_read_only_to_the_limit() -> None:
    from collate.witnesses import size_limit

    # /proc files say st_size 0; reading stops one byte past the limit.
    with (
        size_limit(64),
        pytest.raises(WitnessError, match="is more than that, larger than the 64 bytes limit"),
    ):
        read_witness("/proc/self/maps")


def test_jobs_are_capped_at_the_cores_and_the_stretches() -> None:
    from collate.workers import available_cores

    anchors = importlib.import_module("collate.anchors")
    assert anchors._workers(300, 10**6, 1000) == min(300, available_cores())
    assert anchors._workers(300, 10**6, 2) <= 2
    assert 1 <= anchors._workers(None, 10**6, 1000) <= available_cores()


ORPHAN = """
import importlib, os, sys, time
anchors = importlib.import_module("collate.anchors")
align = importlib.import_module("collate.align")

def slow(*args):
    open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
    time.sleep(60)
    return []

anchors._align_batch = slow
anchors.PARALLEL_TOKENS = 0
# 100 stretches between the anchors w0..w99, each with tokens both witnesses share: CollateX's work.
a = [t for i in range(100) for t in (f"w{i}", "r", "s", "r")]
b = [t for i in range(100) for t in (f"w{i}", "s", "r", "s")]
align.anchored_columns([a, b], jobs=2, budget=12)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its exit status waits to be read


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from collate.workers import available_cores

    if available_cores() < 2:
        pytest.skip("one core: no worker processes")
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(tmp_path)], stdout=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.1)
            workers = [int(p.name) for p in tmp_path.iterdir()]
        assert len(workers) == 2, parent.poll()
        parent.send_signal(signal.SIGKILL)  # no chance to shut its pool down
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


# --- Interrupts and closed pipes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["normalize", SEED / "A.txt"],
        ["rules"],
        ["diff", SEED / "A.txt", SEED / "B.txt"],
        ["report", SEED, "-o", "{out}"],
    ],
    ids=["normalize", "rules", "diff", "report"],
)
def test_a_closed_stdout_exits_quietly_like_cat(tmp_path: Path, command: list[object]) -> None:
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before collate writes a byte (collate ... | head, at its worst)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "collate", *(str(c).format(out=tmp_path / "out") for c in command)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == b""
    assert proc.returncode == 141  # what a shell shows for cat killed by SIGPIPE: 128 + 13


def test_ctrl_c_prints_interrupted_and_exits_130(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from collate.reporters import output_lock

    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out):  # the run waits for this lock: a known place to interrupt it
        proc = subprocess.Popen(
            [sys.executable, "-m", "collate", "report", str(SEED), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        assert "waiting for it to finish" in proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.splitlines()[-1] == "collate: interrupted", stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert sorted(p.name for p in out.iterdir()) == []
