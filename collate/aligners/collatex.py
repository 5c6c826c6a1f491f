"""CollateX as one aligner: plain CollateX on the whole input (quadratic: keep inputs short).

CollateX 2.3's Python port cannot near-match (its ``near_match`` argument is
ignored), so with a near comparator the stretches it leaves unmatched are
realigned with the comparator afterwards (:func:`~collate.aligners.near.rematch`).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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

    # CollateX's columns depend only on which keys are equal, not on what they
    # say (checked on random relabellings in tests/test_aligners.py): the keys
    # become numbers by first appearance, and each pattern is aligned once. In a
    # diff of 2 x 30,000 words with planted variants, 101 stretches went to
    # CollateX with 28 patterns among them (most are two words transposed).
    numbers: dict[str, int] = {}
    pattern = tuple(tuple(numbers.setdefault(key, len(numbers)) for key in keys[i]) for i in present)
    small = sum(map(len, pattern)) <= MEMO_TOKENS
    found = _memo_columns(pattern) if small else _pattern_columns(pattern)
    columns: list[IndexColumn] = []
    for cells in found:
        column: list[int | None] = [None] * len(keys)
        for i, cell in zip(present, cells, strict=True):
            column[i] = cell
        columns.append(tuple(column))
    check_complete(columns, [len(seq) for seq in keys])
    return columns


#: Patterns of at most this many tokens are remembered for the process (at most 2,048 of
#: them, a few MB): the repeated ones are short (two words transposed); a long stretch
#: rarely comes twice, and remembering 4,096 of 300 tokens would hold 77 MB in a worker.
MEMO_TOKENS = 64


@functools.lru_cache(maxsize=2048)
def _memo_columns(pattern: tuple[tuple[int, ...], ...]) -> tuple[tuple[int | None, ...], ...]:
    return _pattern_columns(pattern)


def _pattern_columns(pattern: tuple[tuple[int, ...], ...]) -> tuple[tuple[int | None, ...], ...]:
    """CollateX's unsegmented table of witnesses ``pattern`` (keys as numbers), as index columns.

    What ``collatex.collate(data, output="table", segmentation=False)`` does,
    step by step: a :class:`~collatex.core_classes.Collation` of the witnesses,
    the edit-graph aligner's variant graph, its ranking and the table.
    """
    Collation, EditGraphAligner, VariantGraph, VariantGraphRanking, AlignmentTable = _collatex()
    collation = Collation()
    for w, keys in enumerate(pattern):
        # Fresh dicts every time: CollateX mutates the token dicts it is given.
        tokens = [{"t": str(key), "n": str(key), "_i": j} for j, key in enumerate(keys)]
        collation.add_witness({"id": str(w), "tokens": tokens})
    with contextlib.redirect_stdout(io.StringIO()):  # CollateX prints debugging chatter
        graph = VariantGraph()
        EditGraphAligner(collation, near_match=False, detect_transpositions=False).collate(graph)
        table = AlignmentTable(collation, graph, "horizontal", VariantGraphRanking.of(graph))
    rows = {int(row.header): row.cells for row in table.rows}
    columns = []
    for c in range(len(table.columns)):
        cells: list[int | None] = []
        for w in range(len(pattern)):
            cell = rows[w][c]
            if cell and len(cell) != 1:  # pragma: no cover - guarded by the unsegmented table
                raise AlignmentError("CollateX returned a segmented cell")
            cells.append(cell[0].token_data["_i"] if cell else None)
        columns.append(tuple(cells))
    return tuple(columns)


def _collatex() -> tuple[Any, Any, Any, Any, Any]:
    """CollateX's collation, edit-graph aligner, variant graph, ranking and table classes.

    Imported without running ``collatex/__init__`` first where CollateX is not
    loaded yet: that ``__init__`` imports ``collatex.core_functions``, whose
    display module (IPython, for notebooks), experimental A* aligner and near
    matching (python-Levenshtein) cost 0.12-0.13 s of the 0.39 s ``import
    collatex`` takes, and none of them is used here. The package module is put
    in place unexecuted, with a module ``__getattr__`` that runs its
    ``__init__`` on first use of anything else, so that ``from collatex import
    collate`` later in the same process still works, on the same modules.
    """
    if "collatex" not in sys.modules:
        spec = importlib.util.find_spec("collatex")
        if spec is None or spec.loader is None:  # pragma: no cover - an install problem
            raise AlignmentError("CollateX is not installed (pip install collatex)")
        package = importlib.util.module_from_spec(spec)
        lock = threading.RLock()
        running = [False]

        def complete(name: str) -> object:
            missing = AttributeError(f"module 'collatex' has no attribute {name!r}")
            with lock:  # once, whichever thread asks first; the others wait for it
                if running[0]:  # asked by the __init__ running in this thread: not there yet
                    raise missing
                if "collate" not in package.__dict__:  # not completed (nor reloaded) yet
                    running[0] = True
                    try:
                        package.__name__ = spec.name
                        spec.loader.exec_module(package)  # type: ignore[union-attr]
                    finally:
                        running[0] = False
                package.__dict__.pop("__getattr__", None)
            try:
                return package.__dict__[name]
            except KeyError:
                raise missing from None

        package.__getattr__ = complete  # type: ignore[method-assign]
        sys.modules["collatex"] = package
    # CollateX 2.3 imports Levenshtein at module level; say so if it is missing.
    try:
        from collatex.core_classes import AlignmentTable, Collation, VariantGraph, VariantGraphRanking
        from collatex.edit_graph_aligner import EditGraphAligner
    except ImportError as exc:  # pragma: no cover - an install problem
        raise AlignmentError(f"CollateX cannot be imported ({exc}); install python-Levenshtein") from exc
    return Collation, EditGraphAligner, VariantGraph, VariantGraphRanking, AlignmentTable


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
