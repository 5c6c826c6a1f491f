"""CollateX as one aligner: plain CollateX on the whole input (quadratic: keep inputs short).

CollateX 2.3's Python port cannot near-match (its ``near_match`` argument is
ignored), so with a near comparator the stretches it leaves unmatched are
realigned with the comparator afterwards (:func:`~collate.aligners.near.rematch`).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import AlignmentError
from .base import IndexColumn, check_complete
from .comparators import EXACT, Comparator


@dataclass(frozen=True)
class CollateX:
    """Plain CollateX (``collatex.collate``, unsegmented table) on the keys.

    >>> CollateX().align([["a", "b", "c"], ["a", "c"]], EXACT)
    [(0, 0), (1, None), (2, 1)]
    """

    name: str = "collatex"

    def align(self, keys: Sequence[Sequence[str]], comparator: Comparator = EXACT) -> list[IndexColumn]:
        """CollateX's index columns; a near ``comparator`` then rematches what it left unmatched."""
        columns = collatex_columns(keys)
        if comparator.near:
            from .near import rematch

            columns = rematch(keys, columns, comparator)
        return columns


def collatex_columns(keys: Sequence[Sequence[str]]) -> list[IndexColumn]:
    """Align sequences of keys with plain CollateX; return index columns.

    Each returned column has one entry per sequence: the index of the key
    aligned there, or ``None``. Empty sequences are allowed.

    >>> collatex_columns([["a", "b", "c"], ["a", "c"]])
    [(0, 0), (1, None), (2, 1)]
    """
    present = [i for i, seq in enumerate(keys) if seq]
    if len(present) == 0:
        return []
    if len(present) == 1:
        (only,) = present
        return [tuple(j if i == only else None for i in range(len(keys))) for j in range(len(keys[only]))]

    # CollateX 2.3 imports Levenshtein at module level; say so if it is missing.
    try:
        from collatex import collate as cx_collate
    except ImportError as exc:  # pragma: no cover - an install problem
        raise AlignmentError(f"CollateX cannot be imported ({exc}); install python-Levenshtein") from exc

    # Fresh dicts every time: collatex.collate() mutates the token dicts it is given.
    data = {
        "witnesses": [
            {"id": str(i), "tokens": [{"t": key, "n": key, "_i": j} for j, key in enumerate(keys[i])]}
            for i in present
        ]
    }
    with contextlib.redirect_stdout(io.StringIO()):  # CollateX prints debugging chatter
        table = cx_collate(data, output="table", segmentation=False, layout="horizontal")
    rows = {int(row.header): row.cells for row in table.rows}
    columns: list[IndexColumn] = []
    for c in range(len(table.columns)):
        cells: list[int | None] = [None] * len(keys)
        for i in present:
            cell = rows[i][c]
            if cell:
                if len(cell) != 1:  # pragma: no cover - guarded by segmentation=False
                    raise AlignmentError("CollateX returned a segmented cell")
                cells[i] = cell[0].token_data["_i"]
        columns.append(tuple(cells))
    check_complete(columns, [len(seq) for seq in keys])
    return columns
