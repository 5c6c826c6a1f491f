"""What every reader shares: building a checked :class:`~collate.model.Witness` and the mojibake warning."""

from __future__ import annotations

import unicodedata
import warnings

from ..encodings import lone_surrogate, mojibake
from ..errors import EmptyWitnessError, MojibakeWarning, WitnessError, located
from ..model import Witness


def make_witness(siglum: str, text: str, where: str = "", **meta: object) -> Witness:
    """A witness from text; empty or whitespace-only text is an error naming ``where`` (or the path, or the siglum)."""
    where = where or str(meta.get("path") or "") or siglum
    if not isinstance(text, str):
        raise WitnessError(located(where, f"a witness's text must be a string, not {type(text).__name__}"))
    if not text.strip():
        raise EmptyWitnessError(located(where, "the witness is empty"))
    if not isinstance(siglum, str) or not siglum or any(ch.isspace() for ch in siglum):
        # A file's stem is its siglum unless a manifest names one: say how to give it one.
        how = (
            ": rename the file, or name its siglum in a witnesses.toml ([[witness]] file = ..., siglum = ...)"
            if meta.get("path")
            else ""
        )
        raise WitnessError(located(where, f"bad siglum {siglum!r} (no spaces, not empty){how}"))
    check_siglum(siglum, where if where != siglum else "input")
    no_surrogate(text, where)
    return Witness(siglum=siglum, text=text, **meta)  # type: ignore[arg-type]


def check_siglum(siglum: str, where: object) -> None:
    """A :class:`WitnessError` when ``siglum`` holds a control, format or surrogate character.

    A siglum goes into every report and onto the terminal: a bell, an escape
    sequence or a right-to-left override in it is never what an editor meant.

    >>> check_siglum("A\\x1b[31m", "w.toml")
    Traceback (most recent call last):
    collate.errors.WitnessError: w.toml: bad siglum 'A\\x1b[31m' (control character U+001B)
    """
    for ch in siglum:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs"):
            kind = {"Cc": "control character", "Cf": "format character", "Cs": "surrogate"}[category]
            raise WitnessError(located(where, f"bad siglum {siglum!r} ({kind} U+{ord(ch):04X})"))


def no_surrogate(text: str, where: object) -> None:
    """A :class:`WitnessError` when ``text`` has a lone surrogate (CollateX JSON ``"\\ud800"``)."""
    at = lone_surrogate(text)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        raise WitnessError(
            located(
                where, f"lone surrogate U+{ord(text[at]):04X} in line {line} of the text: not a character"
            )
        )


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
