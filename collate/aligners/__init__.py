"""Aligners: keys of N witnesses in, index columns out (the seam of :mod:`collate.align`).

========================  ===========================================================
``anchored`` (default)    :class:`collate.anchors.Anchored`: cut at anchors, CollateX
                          on short stretches, ``progressive`` on long anchorless ones
``collatex``              :class:`~collate.aligners.collatex.CollateX`: plain CollateX
                          on the whole input (quadratic: short inputs only)
``progressive``           :class:`~collate.aligners.progressive.Progressive`: each
                          witness against the alignment so far
========================  ===========================================================

Every aligner matches through a comparator (:mod:`collate.aligners.comparators`):
``EXACT`` or ``Near``. To add an aligner, write a class with ``name`` and
``align(keys, comparator)`` in a module here and add it to :data:`ALIGNERS`.

>>> get_aligner("progressive").align([["a", "b"], ["a", "c", "b"]], EXACT)
[(0, 0), (None, 1), (1, 2)]
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import CollateError
from .base import Aligner, IndexColumn, check_complete
from .collatex import CollateX
from .comparators import EXACT, Comparator, Exact, Near, comparator_for
from .progressive import Progressive

__all__ = [
    "ALIGNERS",
    "EXACT",
    "Aligner",
    "CollateX",
    "Comparator",
    "Exact",
    "IndexColumn",
    "Near",
    "Progressive",
    "check_complete",
    "comparator_for",
    "get_aligner",
]


def _anchored() -> Aligner:
    from ..anchors import Anchored  # the strategy imports the aligners it wraps

    return Anchored()


#: The aligners by name, each a function that makes one.
ALIGNERS: dict[str, Callable[[], Aligner]] = {
    "anchored": _anchored,
    "collatex": CollateX,
    "progressive": Progressive,
}


def get_aligner(aligner: str | Aligner | None) -> Aligner:
    """The aligner that ``aligner=`` names (``None``: the default, ``anchored``), or ``aligner`` itself.

    >>> get_aligner(None).name, get_aligner("collatex").name
    ('anchored', 'collatex')
    """
    if aligner is None:
        return _anchored()
    if isinstance(aligner, str):
        if aligner not in ALIGNERS:
            raise CollateError(f"aligner=: unknown aligner {aligner!r} (known: {', '.join(ALIGNERS)})")
        return ALIGNERS[aligner]()
    if not isinstance(aligner, Aligner):
        raise CollateError(
            f"aligner= must be a name or have name and align(keys, comparator), not {aligner!r}"
        )
    return aligner
