"""Plain-text witnesses, in any encoding :mod:`collate.encodings` detects (or the one given)."""

from __future__ import annotations

from pathlib import Path

from ..encodings import decode_bytes
from ..model import Witness
from .base import make_witness, warn_mojibake


def read(
    data: bytes, path: Path, encoding: str | None = None, choice: str = "orig", siglum: str | None = None
) -> list[Witness]:
    """The one witness of a text file: its decoded text, siglum ``siglum`` or the file stem (``choice`` is for TEI)."""
    text, used = decode_bytes(data, encoding, path)
    warn_mojibake(text, path)
    return [make_witness(siglum or path.stem, text, path=str(path), encoding=used)]
