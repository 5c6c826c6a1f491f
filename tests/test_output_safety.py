"""Safe output: atomic writes, interrupted runs, the overwrite policy, witnesses never written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collate import collate
from collate.cli import app
from collate.reporters import FORMATS, STAMP, Format, atomic_write, write_reports
from collate.witnesses import stamped

from .conftest import ROOT, SEED

runner = CliRunner()
COMMITTED = ROOT / "reports" / "1950-10-01-filippov-to-mao"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def apparatus():
    return collate(SEED)


def test_atomic_write_interrupted_before_the_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "apparatus.json"
    target.write_text("old report\n", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing the temporary file and renaming it

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new report\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert leftovers(tmp_path) == []


def test_a_renderer_failing_midway_leaves_the_old_reports_intact(
    tmp_path: Path, apparatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_reports(apparatus, out, ["json", "csv", "md", "txt"])
    before = snapshot(out)

    def broken(_apparatus) -> str:
        raise KeyboardInterrupt  # the run is interrupted while the third report renders

    monkeypatch.setitem(FORMATS, "md", Format("md", "apparatus.md", broken, "interrupted"))
    with pytest.raises(KeyboardInterrupt):
        write_reports(apparatus, out, ["json", "csv", "md", "txt"])
    assert snapshot(out) == before
    assert leftovers(out) == []


WRITER = """
import sys
from pathlib import Path
from collate.reporters import atomic_write

target = Path(sys.argv[1])
texts = [("A" * 4_000_000) + "\\n", ("B" * 6_000_000) + "\\n"]
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, texts[i % 2])
    i += 1
"""


def test_killing_a_writer_leaves_the_old_file_or_the_new_never_half(tmp_path: Path) -> None:
    target = tmp_path / "apparatus.json"
    target.write_text("old\n", encoding="utf-8")
    whole = {"old\n", ("A" * 4_000_000) + "\n", ("B" * 6_000_000) + "\n"}
    for delay in (0.05, 0.13, 0.29, 0.41, 0.7):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, cwd=ROOT, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert target.read_text(encoding="utf-8") in whole
        # A killed process cannot clean up: a hidden temporary file may stay, never the report itself.
        for name in leftovers(tmp_path):
            assert name.startswith(".apparatus.json.")


def test_collate_replaces_its_own_reports_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        result = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "json,txt"])
        assert result.exit_code == 0, result.output
    assert stamped(out) == {"apparatus.json", "apparatus.txt"}
    assert (out / STAMP).read_text(encoding="utf-8").startswith("# Reports written by collate")


def test_force_replaces_a_foreign_file_and_then_collate_owns_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / "apparatus.txt").write_text("somebody's notes\n", encoding="utf-8")
    refused = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "txt"])
    assert refused.exit_code == 2
    assert (out / "apparatus.txt").read_text(encoding="utf-8") == "somebody's notes\n"
    forced = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "txt", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (out / "apparatus.txt").read_text(encoding="utf-8") != "somebody's notes\n"
    again = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "txt"])
    assert again.exit_code == 0, again.output


def test_other_files_in_the_output_folder_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(SEED), "-o", str(out), "-q", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert "notes.md" not in stamped(out)


def test_the_committed_report_folder_is_recognized_as_collates(tmp_path: Path) -> None:
    copy = tmp_path / "1950-10-01-filippov-to-mao"
    shutil.copytree(COMMITTED, copy)
    assert stamped(copy), "the committed report folder needs its .collate stamp"
    result = runner.invoke(app, ["report", str(SEED), "-o", str(copy), "-q"])
    assert result.exit_code == 0, result.stderr


def test_witness_files_are_never_written(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    shutil.copytree(SEED, folder)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    result = runner.invoke(app, ["report", str(folder), "-o", str(folder), "-q"])
    assert result.exit_code == 0, result.output
    for name, (data, mtime) in before.items():
        assert (folder / name).read_bytes() == data
        assert (folder / name).stat().st_mtime_ns == mtime
    # The reports written next to the witnesses are not read as witnesses on the next run.
    again = runner.invoke(app, ["report", str(folder), "-o", str(tmp_path / "out"), "-q"])
    assert again.exit_code == 0, again.output


def test_reports_get_ordinary_permissions(tmp_path: Path, apparatus) -> None:
    [path] = write_reports(apparatus, tmp_path / "out", ["txt"])
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
