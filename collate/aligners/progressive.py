"""Progressive alignment: each witness in turn against the alignment so far.

This is how CollateX itself aligns a witness against its variant graph, done
with the tools that make it scale:

1. **Order.** The witnesses are taken in an order that depends on their keys
   only: first the most *central* one (its words are shared by the most
   witnesses), then the others by their distance to it, nearest first (ties:
   by their keys). :func:`collate.align.align` hands every aligner the
   witnesses in this order.
2. **Anchors against the table.** Each column of the table so far is
   represented by its most frequent key; the new witness is matched against
   that sequence with rapidfuzz's bit-parallel longest common subsequence
   (``Indel.opcodes``: optimal, milliseconds for thousands of tokens). So the
   anchors are found between the witness and the *alignment so far*, not among
   tokens that every witness has: one witness that differs spoils nothing.
3. **Gaps.** Between two matched columns, the witness's remaining tokens are
   matched to the gap's columns by a small dynamic programme over the
   comparator's scores: a token matches a column holding its key (in any
   witness, not only the representative), or, with a near comparator, a
   column holding a similar key. Tokens still unmatched take the gap's free
   columns in order, preferring columns most witnesses have (as CollateX
   ranks unmatched readings side by side); the rest get new columns. A token
   whose key stands in a column just outside the gap is a moved word: it gets a
   column of its own, so the apparatus can report the transposition.

Time is about linear in the number of witnesses times their length (plus the
gaps' quadratic programmes, bounded by :data:`GAP_CELLS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import IndexColumn, check_complete
from .comparators import EXACT, Comparator

#: A gap with more (token, column) pairs than this is not searched for
#: matches: its tokens are placed side by side (a passage that shares no key
#: with the table's representatives; 200 x 200 tokens take ~50 ms to search).
GAP_CELLS = 40_000
#: A token of a gap whose key stands this many columns before or after the
#: gap is a moved word, not a substitution.
MOVE_WINDOW = 8
#: Keys of a column a near comparator compares with (the most frequent ones).
NEAR_KEYS = 6
#: A column takes part in the longest common subsequence when at least one
#: in this many of the witnesses so far have a token in it.
CORE_SHARE = 2
#: The weight of placing an unmatched token in an existing column (far below any match).
_PLACE = 1e-4


@dataclass(frozen=True)
class Progressive:
    """Each witness aligned in turn against the alignment so far (see the module docstring).

    >>> Progressive().align([["a", "b", "c"], ["a", "x", "c"], ["a", "c", "d"]], EXACT)
    [(0, 0, 0), (1, 1, None), (2, 2, 1), (None, None, 2)]
    """

    name: str = "progressive"

    def align(self, keys: Sequence[Sequence[str]], comparator: Comparator = EXACT) -> list[IndexColumn]:
        """The index columns of ``keys``, each witness added in :func:`witness_order`."""
        order = witness_order(keys)
        if not order:
            return []
        table = _Table(len(keys))
        table.start(order[0], keys[order[0]])
        for w in order[1:]:
            table.add(w, keys[w], comparator)
        columns = table.columns()
        check_complete(columns, [len(k) for k in keys])
        return columns


def witness_order(keys: Sequence[Sequence[str]], names: Sequence[str] | None = None) -> list[int]:
    """The non-empty witnesses, most central first, then by Indel distance to it, nearest first.

    Central: the mean, over its tokens, of the number of witnesses having that
    key. Ties go by the keys themselves, then by ``names`` (default: the
    position), so the order depends on the witnesses, not on how they were given.

    >>> witness_order([["x", "y"], ["a", "b"], [], ["a", "b", "c"], ["a", "c"]])
    [1, 3, 4, 0]
    """
    present = [w for w, seq in enumerate(keys) if seq]
    if not present:
        return []
    label = names if names is not None else range(len(keys))
    support: dict[str, int] = {}
    for w in present:
        for key in set(keys[w]):
            support[key] = support.get(key, 0) + 1
    centre = min(
        present, key=lambda w: (-sum(map(support.__getitem__, keys[w])) / len(keys[w]), keys[w], label[w])
    )
    first = keys[centre]
    rest = [w for w in present if w != centre]
    if len(rest) < 2:  # nothing to order (the distance of two chapters costs seconds)
        return [centre, *rest]
    from rapidfuzz.distance import Indel  # here: rapidfuzz takes 20 ms to import, which a diff need not pay

    rest.sort(key=lambda w: (Indel.normalized_distance(first, keys[w]), keys[w], label[w]))
    return [centre, *rest]


class _Table:
    """The alignment so far: columns of cells, with each column's key counts and representative."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[list[int | None]] = []
        self.counts: list[dict[str, int]] = []
        self.reps: list[str] = []
        self.support: list[int] = []
        self.added = 0  # witnesses in the table

    def columns(self) -> list[IndexColumn]:
        return [tuple(c) for c in self.cells]

    def _new(self, w: int, i: int, key: str) -> None:
        cell: list[int | None] = [None] * self.width
        cell[w] = i
        self.cells.append(cell)
        self.counts.append({key: 1})
        self.reps.append(key)
        self.support.append(1)

    def start(self, w: int, seq: Sequence[str]) -> None:
        for i, key in enumerate(seq):
            self._new(w, i, key)
        self.added = 1

    def add(self, w: int, seq: Sequence[str], comparator: Comparator) -> None:
        """Place witness ``w``'s keys ``seq`` into the table (existing or new columns)."""
        ncols = len(self.cells)
        place: list[int | None] = [None] * len(seq)  # token -> existing column
        # existing column (ncols: the end) -> tokens in new columns before it
        before: dict[int, list[int]] = {}
        # Only columns enough witnesses share take part in the longest common
        # subsequence: a column of one witness's addition must not compete with
        # the column most witnesses have for the same word. The others are
        # matched in the gaps, where the support of a column counts.
        least = self.added / CORE_SHARE
        core = [c for c in range(ncols) if self.support[c] >= least]
        reps = self.reps
        matched: list[tuple[int, int]] = []
        from rapidfuzz.distance import Indel

        for op in Indel.opcodes(seq, [reps[c] for c in core]):
            if op.tag == "equal":
                matched.extend(
                    (op.src_start + k, core[op.dest_start + k]) for k in range(op.src_end - op.src_start)
                )
        prev_i, prev_c = -1, -1
        for i, c in [*matched, (len(seq), ncols)]:
            if i - prev_i > 1:
                self._gap(seq, prev_i + 1, i, prev_c + 1, c, comparator, place, before)
            if i < len(seq):
                place[i] = c
            prev_i, prev_c = i, c
        self._rebuild(w, seq, place, before)
        self.added += 1

    def _gap(
        self,
        seq: Sequence[str],
        i0: int,
        i1: int,
        c0: int,
        c1: int,
        comparator: Comparator,
        place: list[int | None],
        before: dict[int, list[int]],
    ) -> None:
        """Place tokens ``i0:i1`` among the columns ``c0:c1`` (all free for this witness)."""
        m, k = i1 - i0, c1 - c0
        if k == 0:
            before.setdefault(c1, []).extend(range(i0, i1))
            return
        moved = self._moved(seq, i0, i1, c0, c1)
        if m * k > GAP_CELLS:
            pairs = [(i0 + j, c0 + j) for j in range(min(m, k)) if i0 + j not in moved]
        else:
            pairs = self._best_pairs(seq, i0, i1, c0, c1, comparator, moved)
        taken = dict(pairs)
        last_col = c0 - 1
        for i in range(i0, i1):
            col = taken.get(i)
            if col is None:
                # A new column right after the witness's last placed column in the gap.
                before.setdefault(last_col + 1, []).append(i)
            else:
                place[i] = col
                last_col = col

    def _moved(self, seq: Sequence[str], i0: int, i1: int, c0: int, c1: int) -> set[int]:
        near_keys: set[str] = set()
        for c in [*range(max(0, c0 - MOVE_WINDOW), c0), *range(c1, min(len(self.cells), c1 + MOVE_WINDOW))]:
            near_keys.update(self.counts[c])
        inside: set[str] = set()
        for c in range(c0, c1):
            inside.update(self.counts[c])
        return {i for i in range(i0, i1) if seq[i] in near_keys and seq[i] not in inside}

    def _best_pairs(
        self,
        seq: Sequence[str],
        i0: int,
        i1: int,
        c0: int,
        c1: int,
        comparator: Comparator,
        moved: set[int],
    ) -> list[tuple[int, int]]:
        """The order-keeping (token, column) pairs of highest total score in a gap."""
        m, k = i1 - i0, c1 - c0
        width = self.width
        score: list[list[float]] = []
        commons = (
            [
                sorted(self.counts[c], key=lambda x, c=c: (-self.counts[c][x], x))[:NEAR_KEYS]
                for c in range(c0, c1)
            ]
            if comparator.near
            else []
        )
        for i in range(i0, i1):
            key = seq[i]
            row = []
            for c in range(c0, c1):
                counts = self.counts[c]
                if key in counts:
                    # Of two columns with the key, the one more witnesses have.
                    s = 1.0 + _PLACE * self.support[c] / width
                elif comparator.near:
                    s = max(comparator.score(key, other) for other in commons[c - c0])
                else:
                    s = 0.0
                if s == 0.0 and i not in moved:
                    s = _PLACE * (1 + self.support[c] / width)
                row.append(s)
            score.append(row)
        # h[a][b]: the best total for the first a tokens and b columns.
        h = [[0.0] * (k + 1) for _ in range(m + 1)]
        for a in range(1, m + 1):
            row_s, above, here = score[a - 1], h[a - 1], h[a]
            for b in range(1, k + 1):
                best = above[b] if above[b] >= here[b - 1] else here[b - 1]
                s = row_s[b - 1]
                if s > 0.0 and above[b - 1] + s > best:
                    best = above[b - 1] + s
                here[b] = best
        pairs: list[tuple[int, int]] = []
        a, b = m, k
        while a > 0 and b > 0:
            s = score[a - 1][b - 1]
            if s > 0.0 and h[a][b] == h[a - 1][b - 1] + s and h[a][b] > max(h[a - 1][b], h[a][b - 1]):
                pairs.append((i0 + a - 1, c0 + b - 1))
                a, b = a - 1, b - 1
            elif h[a][b] == h[a - 1][b]:
                a -= 1
            else:
                b -= 1
        return pairs[::-1]

    def _rebuild(
        self, w: int, seq: Sequence[str], place: list[int | None], before: dict[int, list[int]]
    ) -> None:
        """Write witness ``w`` into the table: its placed tokens and its new columns, in order."""
        for i, c in enumerate(place):
            if c is not None:
                self.cells[c][w] = i
                counts = self.counts[c]
                key = seq[i]
                counts[key] = counts.get(key, 0) + 1
                self.support[c] += 1
                rep = self.reps[c]
                if key != rep and (counts[key] > counts[rep] or (counts[key] == counts[rep] and key < rep)):
                    self.reps[c] = key
        if not before:
            return
        cells, counts, reps, support = self.cells, self.counts, self.reps, self.support
        self.cells, self.counts, self.reps, self.support = [], [], [], []
        prev = 0
        for c in sorted(before):  # copy the old columns between insertion points as slices
            self.cells.extend(cells[prev:c])
            self.counts.extend(counts[prev:c])
            self.reps.extend(reps[prev:c])
            self.support.extend(support[prev:c])
            for i in before[c]:
                self._new(w, i, seq[i])
            prev = c
        self.cells.extend(cells[prev:])
        self.counts.extend(counts[prev:])
        self.reps.extend(reps[prev:])
        self.support.extend(support[prev:])
