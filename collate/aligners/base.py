"""The aligner seam: keys of N witnesses in, index columns out.

An aligner never sees tokens, only their *keys* (normalized forms without
whitespace), and returns *index columns*: one entry per witness, the index of
the key aligned there or ``None``. Every index of every witness must appear
exactly once, in order (:func:`check_complete`). Which keys match is the
:class:`~collate.aligners.comparators.Comparator`'s business, so exact and
near matching are the same aligner with another comparator.

A new aligner is one class with an ``align`` method in a module of this
package, added to :data:`collate.aligners.ALIGNERS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..errors import AlignmentError
from .comparators import Comparator

#: One column of indices, one entry per witness (``None``: the witness has nothing there).
IndexColumn = tuple[int | None, ...]


@runtime_checkable
class Aligner(Protocol):
    """Aligns the key sequences of N witnesses (some may be empty) into index columns."""

    #: The name under which :data:`collate.aligners.ALIGNERS` knows it.
    name: str

    def align(self, keys: Sequence[Sequence[str]], comparator: Comparator) -> list[IndexColumn]:
        """The index columns of ``keys``, matching keys with ``comparator``."""
        ...  # pragma: no cover - a protocol


def check_complete(columns: Sequence[IndexColumn], lengths: Sequence[int]) -> None:
    """Every index of every sequence exactly once, in order: or an :class:`AlignmentError`.

    >>> check_complete([(0, None), (1, 0)], [2, 1])
    >>> check_complete([(1, 0)], [2, 1])
    Traceback (most recent call last):
    ...
    collate.errors.AlignmentError: aligner lost or reordered tokens of witness #1
    """
    for w, length in enumerate(lengths):
        seen = [col[w] for col in columns if col[w] is not None]
        if seen != list(range(length)):
            raise AlignmentError(f"aligner lost or reordered tokens of witness #{w + 1}")
