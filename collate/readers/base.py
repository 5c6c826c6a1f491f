"""What every reader shares: building a checked :class:`~collate.model.Witness` and the mojibake warning."""

from __future__ import annotations

import warnings

from ..encodings import mojibake
from ..errors import MojibakeWarning, WitnessError, located
from ..model import Witness


def make_witness(siglum: str, text: str, where: str = "", **meta: object) -> Witness:
    """A witness from text; empty or whitespace-only text is an error naming ``where`` (or the path, or the siglum)."""
    where = where or str(meta.get("path") or "") or siglum
    if not text.strip():
        raise WitnessError(located(where, "the witness is empty"))
    if not siglum or any(ch.isspace() for ch in siglum):
        raise WitnessError(located(where, f"bad siglum {siglum!r} (no spaces, not empty)"))
    return Witness(siglum=siglum, text=text, **meta)  # type: ignore[arg-type]


def warn_mojibake(text: str, where: object) -> None:
    """Warn (:class:`~collate.errors.MojibakeWarning`) when ``text`` contains mojibake."""
    found = mojibake(text)
    if found:
        warnings.warn(
            MojibakeWarning(
                located(
                    where, f"looks like mojibake ({found[:24]!r}): UTF-8 text once read as cp1251 or Latin-1"
                )
            ),
            stacklevel=3,
        )
