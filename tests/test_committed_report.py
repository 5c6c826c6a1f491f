"""The committed report of the seed is what collate produces now (never stale)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

COMMITTED = ROOT / "reports" / "1950-10-01-filippov-to-mao"


def test_committed_seed_report_is_current(tmp_path: Path) -> None:
    out = tmp_path / "1950-10-01-filippov-to-mao"
    # The README's command, run from the repository root, with the output redirected.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "collate",
            "report",
            "witnesses/1950-10-01-filippov-to-mao",
            "-o",
            str(out),
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    fresh = sorted(p.name for p in out.iterdir())
    assert fresh, "collate wrote nothing"
    assert sorted(p.name for p in COMMITTED.iterdir()) == fresh
    stale = [name for name in fresh if (out / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, f"committed reports are stale: {stale}; regenerate with the README's first command"
