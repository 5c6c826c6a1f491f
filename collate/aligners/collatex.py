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

    settled = settled_pair(keys, present)
    if settled is not None:
        return settled

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


def settled_pair(keys: Sequence[Sequence[str]], present: Sequence[int]) -> list[IndexColumn] | None:
    """CollateX's columns for two witnesses whose alignment is forced, without CollateX; else ``None``.

    Forced: two witnesses have keys, neither repeats a key, and between their
    common beginning and common end they share none (``но не`` against ``но я
    не``). Then the pairs of equal keys are exactly the common beginning and
    end, in order, and each of CollateX's best-scoring paths matches them all;
    the rest, matching nothing, CollateX ranks side by side, token i of one
    witness against token i of the other. ``import collatex`` takes about 0.4 s
    (networkx, IPython): most one-line ``collate diff`` runs need none of it.
    ``tests/test_aligners.py`` checks this against CollateX on random inputs.

    >>> settled_pair([["a", "b", "d"], ["a", "c", "x", "d"]], [0, 1])
    [(0, 0), (1, 1), (None, 2), (2, 3)]
    >>> settled_pair([["a", "b"], ["b", "a"]], [0, 1]) is None
    True
    """
    if len(present) != 2:
        return None
    first, second = (keys[w] for w in present)
    if len(set(first)) != len(first) or len(set(second)) != len(second):
        return None
    shortest = min(len(first), len(second))
    head = 0
    while head < shortest and first[head] == second[head]:
        head += 1
    tail = 0
    while tail < shortest - head and first[-1 - tail] == second[-1 - tail]:
        tail += 1
    middle = (first[head : len(first) - tail], second[head : len(second) - tail])
    if not set(middle[0]).isdisjoint(middle[1]):
        return None
    pairs = [(i, i) for i in range(head)]
    pairs += [
        (head + i if i < len(middle[0]) else None, head + i if i < len(middle[1]) else None)
        for i in range(max(map(len, middle)))
    ]
    pairs += [(len(first) - tail + i, len(second) - tail + i) for i in range(tail)]
    a, b = present
    columns: list[IndexColumn] = []
    for i, j in pairs:
        cells: list[int | None] = [None] * len(keys)
        cells[a], cells[b] = i, j
        columns.append(tuple(cells))
    return columns
