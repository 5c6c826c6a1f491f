"""Where to cut long witnesses so that CollateX only ever sees short stretches.

Plain CollateX is quadratic in time and memory, so a chapter or a book cannot
go to it whole. :func:`plan` cuts the witnesses at *anchors*, tokens whose
normalized form occurs exactly once in every witness of a stretch and which
stand in the same order in all of them (patience diff's idea, for N
witnesses). Between two anchors lies a stretch; a stretch is

* settled here when it is trivial: tokens equal in every witness (its common
  prefix and suffix), one witness alone, one token per witness;
* handed to CollateX (a :class:`Stretch`) when it is short;
* cut again when it is still long: uniqueness is recomputed inside it, so a
  word common in the book but rare in the stretch becomes an anchor there;
* handed to the scalable aligner (a :class:`Stretch` marked ``large``) when it
  is long, or has more than :data:`CX_WITNESSES` witnesses, and no token that
  all its witnesses share: a paragraph some witnesses rewrite, a hundred
  manuscripts of a verse that each differ somewhere, a text that repeats
  itself so much that CollateX would take minutes on it (more than
  :data:`MATCH_PAIRS` candidate matches). That aligner
  (:class:`~collate.aligners.progressive.Progressive` by default) finds its
  anchors between each witness and the alignment so far, so it needs no token
  shared by every witness.

Everything works on *keys* (the aligner's normalized forms) and returns index
columns: one entry per witness, the index of its key or ``None``.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .aligners.base import Aligner, IndexColumn, check_complete
from .aligners.collatex import CollateX
from .aligners.comparators import EXACT, Comparator
from .aligners.progressive import Progressive
from .errors import AlignmentError
from .workers import cap_jobs, die_with_parent

#: Half-open index ranges, one ``(lo, hi)`` per witness.
Ranges = tuple[tuple[int, int], ...]

#: A stretch is handed to CollateX whole when all its witnesses together have at
#: most this many tokens (CollateX takes about 0.1 s for 2 x 150 tokens).
CX_BUDGET = 300
#: A stretch with more witnesses than this (with tokens in it) never goes to
#: CollateX: its time grows with the number of witnesses too (100 witnesses of
#: 20 words take it 2.7 s).
CX_WITNESSES = 10
#: Unique anchors are *sparse* when there is fewer than one per this many tokens;
#: the planner then also pairs tokens occurring equally often, up to REPEATS times.
SPARSE = 50
#: Stretches up to this size go to CollateX without looking for anchors.
SMALL = 30
REPEATS = 4
#: CollateX's time grows with the square of the number of token pairs that
#: could match (measured: two witnesses of one phrase repeated 100 times, 500
#: tokens each, 118 s). A stretch with more candidate pairs than this is cut
#: at a longest common subsequence instead of being handed to CollateX whole. Ordinary prose of
#: CX_BUDGET tokens has a few hundred to two thousand.
MATCH_PAIRS = 5000


@dataclass(frozen=True)
class Stretch:
    """A stretch of the witnesses (``ranges``) left to an aligner.

    ``large``: too long or with too many witnesses for a quadratic aligner, and
    without a token all its witnesses share; it goes to the scalable one.
    """

    ranges: Ranges
    large: bool = False

    @property
    def size(self) -> int:
        """Its number of tokens, all witnesses together."""
        return sum(hi - lo for lo, hi in self.ranges)


@dataclass
class PlanStats:
    """What the planner did: how much it anchored, settled, and left to CollateX."""

    tokens: int = 0
    anchors: int = 0
    settled_tokens: int = 0
    trivial_stretches: int = 0
    collatex_stretches: int = 0
    collatex_tokens: int = 0
    largest_stretch: int = 0
    rounds: int = 0
    large_stretches: int = 0
    large_tokens: int = 0


#: A plan: settled columns and stretches for CollateX, in text order.
Segment = list[IndexColumn] | Stretch
_Piece = Ranges | list[IndexColumn] | Stretch


def plan(keys: Sequence[Sequence[str]], budget: int = CX_BUDGET) -> tuple[list[Segment], PlanStats]:
    """Cut the witnesses' keys into settled columns and short stretches for CollateX.

    Inputs of at most ``budget`` tokens in all, of at most :data:`CX_WITNESSES`
    witnesses, go to the inner aligner whole (or are settled when trivial), so
    that small collations are exactly plain CollateX's.

    >>> segments, stats = plan([list("abcxydef"), list("abcyxdef")], budget=4)
    >>> segments
    [[(0, 0), (1, 1), (2, 2)], Stretch(ranges=((3, 5), (3, 5)), large=False), [(5, 5), (6, 6), (7, 7)]]
    >>> stats.anchors, stats.collatex_stretches
    (0, 1)
    """
    stats = PlanStats(tokens=sum(len(k) for k in keys))
    full: Ranges = tuple((0, len(k)) for k in keys)
    if not _few(full):
        # Many witnesses: tokens unique in all of them are rare and costly to
        # find (100 x 2,000 words: 20 s of planning), while the scalable aligner
        # anchors each witness against the alignment so far in about 3 s.
        stretch = Stretch(full, large=True)
        stats.large_stretches, stats.large_tokens = 1, stats.tokens
        return [stretch], stats
    if stats.tokens <= budget and _few(full) and match_pairs(keys, full) <= MATCH_PAIRS:
        settled = settle_trivial(keys, full)
        if settled is not None:
            stats.trivial_stretches += 1
            stats.settled_tokens += stats.tokens
            return [settled], stats
        stretch = Stretch(full)
        _count_stretch(stats, stretch)
        return [stretch], stats

    out: list[Segment] = []
    # A stack of work, next item last: ranges still to cut (tuples), settled
    # columns (lists) and stretches for CollateX, which go straight out.
    stack: list[_Piece] = [full]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(reversed(_cut(keys, item, budget, stats)))
        elif isinstance(item, Stretch) or item:
            out.append(item)
    return _merge_settled(out), stats


def _cut(keys: Sequence[Sequence[str]], ranges: Ranges, budget: int, stats: PlanStats) -> list[_Piece]:
    """One step of the planner on one stretch: the pieces it falls into, in order."""
    pre = _common_prefix(keys, ranges)
    inner = tuple((lo + pre, hi) for lo, hi in ranges)
    suf = _common_suffix(keys, inner)
    inner = tuple((lo, hi - suf) for lo, hi in inner)
    # Settled columns built by zip in C: the common prefix of a long text is most of it.
    head = list(zip(*(range(lo, lo + pre) for lo, _ in ranges), strict=True))
    tail = list(zip(*(range(hi, hi + suf) for _, hi in inner), strict=True))
    stats.settled_tokens += (pre + suf) * len(ranges)

    middle: list[_Piece] = []
    size = sum(hi - lo for lo, hi in inner)
    if size:
        settled = settle_trivial(keys, inner)
        if settled is not None:
            stats.trivial_stretches += 1
            stats.settled_tokens += size
            middle = [settled]
        elif size <= budget and _few(inner) and match_pairs(keys, inner) <= MATCH_PAIRS:
            # Short enough for CollateX; but runs of unique tokens (evidence
            # CollateX never overrules) still cut it when it is not tiny.
            anchors = unique_anchors(keys, inner, runs=True) if size > SMALL else []
            if anchors:
                stats.anchors += len(anchors)
                middle = _between(keys, inner, anchors, stats)
            else:
                stretch = Stretch(inner)
                _count_stretch(stats, stretch)
                middle = [stretch]
        else:
            stats.rounds += 1
            anchors = unique_anchors(keys, inner)
            if len(anchors) * SPARSE < size:
                # Few unique tokens (a text that repeats itself): pair the
                # occurrences of tokens equally frequent in every witness.
                frequent = unique_anchors(keys, inner, max_count=REPEATS)
                if len(frequent) > len(anchors):
                    anchors = frequent
            if anchors:
                stats.anchors += len(anchors)
                middle = _between(keys, inner, anchors, stats)
            else:
                # No token that all its witnesses share: the scalable aligner
                # finds anchors witness by witness.
                stretch = Stretch(inner, large=True)
                stats.large_stretches += 1
                stats.large_tokens += size
                middle = [stretch]
    return [head, *middle, tail]


def _few(ranges: Ranges) -> bool:
    """At most :data:`CX_WITNESSES` witnesses have tokens in ``ranges``."""
    return sum(1 for lo, hi in ranges if hi > lo) <= CX_WITNESSES


def match_pairs(keys: Sequence[Sequence[str]], ranges: Ranges) -> int:
    """The number of token pairs, across witnesses, that share a key: CollateX's real workload.

    >>> match_pairs([list("abab"), list("ba")], ((0, 4), (0, 2)))
    4
    """
    counts = [Counter(keys[w][lo:hi]) for w, (lo, hi) in enumerate(ranges) if hi > lo]
    total = 0
    for i, first in enumerate(counts):
        for second in counts[i + 1 :]:
            small, large = (first, second) if len(first) <= len(second) else (second, first)
            total += sum(n * large[key] for key, n in small.items() if key in large)
    return total


def _merge_settled(items: list[Segment]) -> list[Segment]:
    """Join neighbouring runs of settled columns."""
    out: list[Segment] = []
    for item in items:
        if isinstance(item, list) and out and isinstance(out[-1], list):
            out[-1].extend(item)
        else:
            out.append(list(item) if isinstance(item, list) else item)
    return out


def _count_stretch(stats: PlanStats, stretch: Stretch) -> None:
    stats.collatex_stretches += 1
    stats.collatex_tokens += stretch.size
    stats.largest_stretch = max(stats.largest_stretch, stretch.size)


def _between(
    keys: Sequence[Sequence[str]], inner: Ranges, anchors: Sequence[IndexColumn], stats: PlanStats
) -> list[_Piece]:
    """The gaps between ``anchors`` (as ranges) and the anchors (as columns), in order.

    An anchor's ``None`` entries are witnesses with nothing in the stretch. A
    gap that every witness reads alike is settled here, as :func:`_cut` would
    settle it (its common prefix): between the anchors of a long text most gaps
    are a few common words, and a 30,000-word pair had 5,000 of them.
    """
    pieces: list[_Piece] = []
    lows = [lo for lo, _ in inner]
    for anchor in anchors:
        gap = tuple((lows[w], a if a is not None else lows[w]) for w, a in enumerate(anchor))
        if any(lo < hi for lo, hi in gap):  # most anchors of a long text follow one another
            first = keys[0][gap[0][0] : gap[0][1]]
            if all(keys[w][lo:hi] == first for w, (lo, hi) in enumerate(gap)):
                stats.settled_tokens += len(first) * len(gap)
                pieces.append(list(zip(*(range(lo, hi) for lo, hi in gap), strict=True)))
            else:
                pieces.append(gap)
        pieces.append([anchor])
        lows = [a + 1 if a is not None else lows[w] for w, a in enumerate(anchor)]
    pieces.append(tuple((lows[w], hi) for w, (_, hi) in enumerate(inner)))
    return pieces


def _common_prefix(keys: Sequence[Sequence[str]], ranges: Ranges) -> int:
    """How many keys every witness's stretch starts with alike.

    Compared a chunk at a time, doubling while the chunks agree: list equality
    runs in C, and most of a long text is one common prefix or suffix of some
    stretch (30,000 words with one word changed: two calls cover them all).

    >>> _common_prefix([list("abcx"), list("abcy")], ((0, 4), (0, 4)))
    3
    """
    n = min(hi - lo for lo, hi in ranges)
    i, step = 0, 8
    while i < n:
        j = min(n, i + step)
        chunks = [keys[w][lo + i : lo + j] for w, (lo, _) in enumerate(ranges)]
        first = chunks[0]
        if all(chunk == first for chunk in chunks[1:]):
            i, step = j, min(step * 2, 4096)
            continue
        for k, row in enumerate(zip(*chunks, strict=True)):
            if row.count(row[0]) != len(row):
                return i + k
    return n


def _common_suffix(keys: Sequence[Sequence[str]], ranges: Ranges) -> int:
    """How many keys every witness's stretch ends with alike (as :func:`_common_prefix`).

    >>> _common_suffix([list("xabc"), list("yabc"), list("zbc")], ((0, 4), (0, 4), (0, 3)))
    2
    """
    n = min(hi - lo for lo, hi in ranges)
    i, step = 0, 8
    while i < n:
        j = min(n, i + step)
        chunks = [keys[w][hi - j : hi - i] for w, (_, hi) in enumerate(ranges)]
        first = chunks[0]
        if all(chunk == first for chunk in chunks[1:]):
            i, step = j, min(step * 2, 4096)
            continue
        for k, row in enumerate(zip(*(reversed(chunk) for chunk in chunks), strict=True)):
            if row.count(row[0]) != len(row):
                return i + k
    return n


def settle_trivial(keys: Sequence[Sequence[str]], ranges: Ranges) -> list[IndexColumn] | None:
    """The columns of a trivial stretch, as CollateX would place them; ``None`` if not trivial.

    Trivial: one witness alone has tokens (one column per token); every
    witness has at most one token (one column); all witnesses read the same;
    no two witnesses share a token (token by token, as CollateX ranks them).

    >>> settle_trivial([["a"], ["b"], []], ((0, 1), (0, 1), (0, 0)))
    [(0, 0, None)]
    """
    lengths = [hi - lo for lo, hi in ranges]
    present = [w for w, n in enumerate(lengths) if n]
    if not present:
        return []
    if len(present) == 1:
        (only,) = present
        lo, hi = ranges[only]
        return [tuple(i if w == only else None for w in range(len(ranges))) for i in range(lo, hi)]
    if max(lengths) == 1:
        return [tuple(lo if hi > lo else None for lo, hi in ranges)]
    if len(set(lengths)) == 1 and all(
        keys[w][lo : lo + lengths[0]] == keys[0][ranges[0][0] : ranges[0][1]]
        for w, (lo, _) in enumerate(ranges)
    ):
        return [tuple(lo + i for lo, _ in ranges) for i in range(lengths[0])]
    seen: set[str] = set()
    for w in present:
        lo, hi = ranges[w]
        own = set(keys[w][lo:hi])
        if own & seen:
            return None
        seen |= own
    # No witness shares a token with another: CollateX ranks them side by side.
    return positional_columns(ranges)


def unique_anchors(
    keys: Sequence[Sequence[str]], ranges: Ranges, max_count: int = 1, runs: bool = False
) -> list[IndexColumn]:
    """Tokens unique in every witness that has tokens in ``ranges``, kept in one order.

    Returns anchor columns (absolute indices; ``None`` for witnesses with
    nothing in the stretch), increasing in every witness: the longest such chain
    for two witnesses (patience diff), a greedy refinement of it for more.

    With ``max_count`` k > 1, a token that occurs the same number of times, at
    most k, in every witness is a candidate too, its i-th occurrences paired
    (histogram diff's idea): it finds the anchors of texts that repeat
    themselves, such as several editions of a chapter one after the other.
    Such tokens count only inside a run: the tokens on both sides must agree
    in every witness too. With ``runs``, a unique token counts only when the
    token on one side of it agrees too.

    >>> unique_anchors([list("abcd"), list("xbcay")], ((0, 4), (0, 5)))
    [(1, 1), (2, 2)]
    >>> unique_anchors([list("abab"), list("abab")], ((0, 4), (0, 4)), max_count=2)
    [(1, 1), (2, 2)]
    """
    present = [w for w, (lo, hi) in enumerate(ranges) if hi > lo]
    if len(present) < 2:
        return []
    if max_count == 1:
        candidates = _unique_candidates(keys, ranges, present)
    else:
        candidates = _repeated_candidates(keys, ranges, present, max_count)
    depth = len(present)
    if runs or max_count > 1:
        sub = [ranges[w] for w in present]
        seqs = [keys[w] for w in present]
        # A repeated token needs agreement on both sides, a unique one on one.
        sides = 2 if max_count > 1 else 1
        candidates = [pos for pos in candidates if _in_run(seqs, sub, pos, sides)]
    # Keep the candidates increasing in witness 2, then 3, ...: each pass a
    # longest increasing subsequence, so two witnesses get the optimal chain.
    for j in range(1, depth):
        candidates = _longest_increasing(candidates, j)
    return [_spread(pos, present, len(ranges)) for pos in candidates]


def _unique_candidates(
    keys: Sequence[Sequence[str]], ranges: Ranges, present: Sequence[int]
) -> list[list[int]]:
    """The positions, one per present witness, of each key that occurs once in every present witness, sorted.

    Sets and dicts built in C over each witness's stretch, not a loop over its
    tokens: the first cut of a 30,000-word pair took 0.2 s so.
    """
    common: set[str] | None = None
    stretches = []
    for w in present:
        lo, hi = ranges[w]
        seg = keys[w][lo:hi]
        once = {key for key, n in Counter(seg).items() if n == 1}
        common = once if common is None else common & once
        stretches.append((lo, seg))
    if not common:
        return []
    # The last index of each key: for a key that occurs once, its only one.
    index = [(lo, {key: i for i, key in enumerate(seg)}) for lo, seg in stretches]
    return sorted([lo + at[key] for lo, at in index] for key in common)


def _repeated_candidates(
    keys: Sequence[Sequence[str]], ranges: Ranges, present: Sequence[int], max_count: int
) -> list[list[int]]:
    """As :func:`_unique_candidates` for keys occurring equally often, at most ``max_count`` times, in every
    present witness: their i-th occurrences paired."""
    # where[key][w]: the positions of key in the w-th present witness.
    where: dict[str, list[list[int]]] = {}
    count = 0
    for w in present:
        lo, hi = ranges[w]
        seq = keys[w]
        counts = Counter(seq[lo:hi])
        for i in range(lo, hi):
            key = seq[i]
            if counts[key] > max_count:
                continue
            slots = where.get(key)
            if slots is None:
                if count:
                    continue  # missing from an earlier witness
                slots = where[key] = []
            if len(slots) == count:
                slots.append([])
            elif len(slots) < count:
                continue
            slots[count].append(i)
        count += 1
    depth = len(present)
    return sorted(
        [slots[w][k] for w in range(depth)]
        for slots in where.values()
        if len(slots) == depth and len({len(s) for s in slots}) == 1
        for k in range(len(slots[0]))
    )


def _in_run(
    seqs: Sequence[Sequence[str]], ranges: Sequence[tuple[int, int]], pos: Sequence[int], sides: int
) -> bool:
    """True when the tokens next to ``pos`` agree in every witness on at least ``sides`` sides."""
    agree = 0
    for step in (-1, 1):
        near = [p + step for p in pos]
        if all(lo <= q < hi for q, (lo, hi) in zip(near, ranges, strict=True)) and (
            len({seq[q] for seq, q in zip(seqs, near, strict=True)}) == 1
        ):
            agree += 1
    return agree >= sides


def _spread(pos: Sequence[int], present: Sequence[int], n: int) -> IndexColumn:
    col: list[int | None] = [None] * n
    for w, i in zip(present, pos, strict=True):
        col[w] = i
    return tuple(col)


def _longest_increasing(items: list[list[int]], j: int) -> list[list[int]]:
    """The longest subsequence of ``items`` increasing in component ``j`` (patience sorting)."""
    tails: list[int] = []  # tails[k]: smallest last value of an increasing run of length k+1
    tail_at: list[int] = []  # index into items of that last value
    back: list[int] = [-1] * len(items)
    for idx, item in enumerate(items):
        value = item[j]
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(idx)
        else:
            tails[k] = value
            tail_at[k] = idx
        back[idx] = tail_at[k - 1] if k else -1
    chain: list[list[int]] = []
    idx = tail_at[-1] if tail_at else -1
    while idx >= 0:
        chain.append(items[idx])
        idx = back[idx]
    return chain[::-1]


def positional_columns(ranges: Ranges) -> list[IndexColumn]:
    """Token i of every witness in column i: how CollateX places wholly different readings.

    >>> positional_columns(((0, 2), (5, 6)))
    [(0, 5), (1, None)]
    """
    width = max(hi - lo for lo, hi in ranges)
    return [tuple(lo + i if lo + i < hi else None for lo, hi in ranges) for i in range(width)]


# --- the strategy ------------------------------------------------------------

#: Use worker processes only when the aligners have at least this much work
#: (tokens in stretches); below it, starting them costs more than it saves.
PARALLEL_TOKENS = 20_000
#: Stretches handed to a worker at a time.
CHUNK = 32


@dataclass(frozen=True)
class Anchored:
    """Anchoring as a strategy around any aligner: :func:`plan` cuts, ``inner`` aligns the short stretches.

    Stretches that are long and share no token among all their witnesses
    (``Stretch.large``) go to ``large``, an aligner that scales (by default
    :class:`~collate.aligners.progressive.Progressive`). ``budget`` is the size
    of a stretch ``inner`` gets whole. With a near comparator, what the plan
    settled without an aligner is rematched too (:func:`~collate.aligners.near.rematch`).

    >>> Anchored().align([["a", "b", "c"], ["a", "c"]], EXACT)
    [(0, 0), (1, None), (2, 1)]
    """

    inner: Aligner = field(default_factory=CollateX)
    large: Aligner = field(default_factory=Progressive)
    budget: int = CX_BUDGET
    name: str = "anchored"

    def align(self, keys: Sequence[Sequence[str]], comparator: Comparator = EXACT) -> list[IndexColumn]:
        """The index columns of ``keys``, in one process."""
        return self.align_with_stats(keys, comparator, jobs=1)[0]

    def align_with_stats(
        self,
        keys: Sequence[Sequence[str]],
        comparator: Comparator = EXACT,
        *,
        jobs: int | None = None,
        advance: Callable[[int], None] | None = None,
    ) -> tuple[list[IndexColumn], PlanStats]:
        """The index columns and the plan's statistics.

        ``jobs``: processes for the stretches (default: all cores; 1: none);
        the result does not depend on it. ``advance(n)`` is called as ``n``
        more tokens are aligned (the plan's tokens in all).
        """
        segments, stats = plan(keys, self.budget)
        stretches = [s for s in segments if isinstance(s, Stretch)]
        work = sum(s.size for s in stretches)
        if advance is not None:
            advance(stats.tokens - work)  # settled by the plan itself
        workers = _workers(jobs, work, len(stretches))
        aligned = iter(self._run(keys, stretches, comparator, workers, advance))
        columns: list[IndexColumn] = []
        for segment in segments:
            if isinstance(segment, Stretch):
                columns.extend(next(aligned))
            else:
                columns.extend(segment)
        if comparator.near:
            from .aligners.near import rematch

            columns = rematch(keys, columns, comparator)
        check_complete(columns, [len(seq) for seq in keys])
        return columns, stats

    def _run(
        self,
        keys: Sequence[Sequence[str]],
        stretches: list[Stretch],
        comparator: Comparator,
        workers: int,
        advance: Callable[[int], None] | None,
    ) -> Iterator[list[IndexColumn]]:
        """Each stretch's columns (absolute indices), in order."""
        batches = [stretches[i : i + CHUNK] for i in range(0, len(stretches), CHUNK)]
        payloads = ([(s.large, _stretch_keys(keys, s)) for s in batch] for batch in batches)
        if workers == 1:
            done_batches: Iterator[list[list[IndexColumn]]] = (
                _align_batch(self, comparator, payload) for payload in payloads
            )
            yield from self._shifted(batches, done_batches, advance)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from functools import partial

        # fork where there is one: the workers inherit the imported CollateX.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(workers, context, die_with_parent, (os.getpid(),)) as pool:
            done = pool.map(partial(_align_batch, self, comparator), payloads)
            yield from self._shifted(batches, done, advance)

    @staticmethod
    def _shifted(
        batches: list[list[Stretch]],
        done: Iterator[list[list[IndexColumn]]],
        advance: Callable[[int], None] | None,
    ) -> Iterator[list[IndexColumn]]:
        for batch, results in zip(batches, done, strict=True):
            for columns, stretch in zip(results, batch, strict=True):
                lows = [lo for lo, _ in stretch.ranges]
                yield [
                    tuple(i + lows[w] if i is not None else None for w, i in enumerate(c)) for c in columns
                ]
            if advance is not None:
                advance(sum(s.size for s in batch))


def _align_batch(
    strategy: Anchored, comparator: Comparator, batch: list[tuple[bool, list[list[str]]]]
) -> list[list[IndexColumn]]:
    """Worker: each stretch of a batch aligned by the strategy's inner or large aligner."""
    return [(strategy.large if large else strategy.inner).align(keys, comparator) for large, keys in batch]


def _stretch_keys(keys: Sequence[Sequence[str]], stretch: Stretch) -> list[list[str]]:
    return [list(keys[w][lo:hi]) for w, (lo, hi) in enumerate(stretch.ranges)]


def _workers(jobs: int | None, work: int, count: int) -> int:
    if jobs is not None and jobs < 1:
        raise AlignmentError(f"jobs must be at least 1 (got {jobs})")
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    if work < PARALLEL_TOKENS or count < 2:
        return 1
    return cap_jobs(wanted, count)
