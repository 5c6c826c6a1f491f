"""Shared fixtures: paths to the repository's witnesses and corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "witnesses" / "1950-10-01-filippov-to-mao"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_apparatus():
    """The seed collated with the default profile, as the machine classifies it (computed once per session).

    Without the seed's editorial decisions (``decisions.toml``): tests of the
    classifier see its own verdicts; ``tests/test_decisions.py`` tests the decided seed.
    """
    from collate import collate

    return collate(SEED, decisions=False)
