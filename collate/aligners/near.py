"""Near matching after any aligner: realign what it left unmatched with a near comparator.

A *run without agreement* is a maximal run of columns in none of which two
witnesses share a key: there the aligner found nothing to match, and placed
the tokens side by side or in columns of their own. With a near comparator
each such run (with tokens of two witnesses or more) is realigned by
:class:`~collate.aligners.progressive.Progressive`, which matches similar keys
(``this`` against ``that`` rather than against ``there``). Columns where
witnesses agree are never touched, so near matching cannot undo an exact match.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import IndexColumn
from .comparators import Comparator


def _agrees(column: IndexColumn, keys: Sequence[Sequence[str]]) -> bool:
    seen: set[str] = set()
    for w, i in enumerate(column):
        if i is not None:
            key = keys[w][i]
            if key in seen:
                return True
            seen.add(key)
    return False


def rematch(
    keys: Sequence[Sequence[str]], columns: Sequence[IndexColumn], comparator: Comparator
) -> list[IndexColumn]:
    """``columns`` with every run without agreement realigned with ``comparator``.

    >>> from collate.aligners.comparators import Near
    >>> keys = [["over", "this", "dog"], ["over", "there", "that", "dog"]]
    >>> rematch(keys, [(0, 0), (1, 1), (None, 2), (2, 3)], Near())
    [(0, 0), (None, 1), (1, 2), (2, 3)]
    """
    from .progressive import Progressive

    out: list[IndexColumn] = []
    run: list[IndexColumn] = []

    def flush() -> None:
        witnesses = {w for col in run for w, i in enumerate(col) if i is not None}
        if len(witnesses) < 2:
            out.extend(run)
        else:
            lows = [min((c[w] for c in run if c[w] is not None), default=0) for w in range(len(keys))]
            sub = [[keys[w][c[w]] for c in run if c[w] is not None] for w in range(len(keys))]
            for col in Progressive().align(sub, comparator):
                out.append(tuple(i + lows[w] if i is not None else None for w, i in enumerate(col)))
        run.clear()

    for col in columns:
        if _agrees(col, keys):
            if run:
                flush()
            out.append(col)
        else:
            run.append(col)
    if run:
        flush()
    return out
