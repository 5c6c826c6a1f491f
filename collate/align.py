"""Alignment: the witnesses' normalized tokens, aligned with CollateX.

Long witnesses are first cut at anchors (:mod:`collate.anchors`): tokens unique
in every witness and in the same order. Only the short stretches between
anchors go to CollateX, in parallel processes when there are many (``jobs``),
so time and memory grow with the text, not with its square. Small inputs go to
CollateX whole and come out exactly as plain CollateX aligns them.

Tokens that must not be matched (editorial insertions, page markers, tokens a
profile normalizes to nothing) are taken out before alignment and put back in
columns of their own right before the witness's next aligned token (see
:func:`merge_ignorables`), so that every token of every witness appears in the
table exactly once, in order.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence

from .anchors import CX_BUDGET, IndexColumn, PlanStats, Stretch, plan
from .errors import AlignmentError, CollateWarning
from .model import Alignment, Column, Token, Witness
from .workers import cap_jobs, die_with_parent


def _key(token: Token) -> str:
    # CollateX joins token strings with spaces to build its suffix array, so a
    # key must not contain whitespace.
    return "_".join(token.norm.split())


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
    ncols = len(table.columns)
    columns: list[IndexColumn] = []
    for c in range(ncols):
        cells: list[int | None] = [None] * len(keys)
        for i in present:
            cell = rows[i][c]
            if cell:
                if len(cell) != 1:  # pragma: no cover - guarded by segmentation=False
                    raise AlignmentError("CollateX returned a segmented cell")
                cells[i] = cell[0].token_data["_i"]
        columns.append(tuple(cells))
    _check_complete(columns, [len(seq) for seq in keys])
    return columns


def _check_complete(columns: Sequence[IndexColumn], lengths: Sequence[int]) -> None:
    """Every index of every sequence exactly once, in order: or an AlignmentError."""
    for w, length in enumerate(lengths):
        seen = [col[w] for col in columns if col[w] is not None]
        if seen != list(range(length)):
            raise AlignmentError(f"aligner lost or reordered tokens of witness #{w + 1}")


#: Show a progress bar (when allowed) only for at least this many tokens.
PROGRESS_TOKENS = 20_000
#: Use worker processes only when CollateX has at least this much work
#: (tokens in stretches); below it, starting them costs more than it saves.
PARALLEL_TOKENS = 20_000
#: Stretches handed to a worker at a time.
CHUNK = 32


def anchored_columns(
    keys: Sequence[Sequence[str]],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    budget: int = CX_BUDGET,
) -> tuple[list[IndexColumn], PlanStats]:
    """Align key sequences: anchors cut them, CollateX aligns the stretches between.

    ``jobs`` is the number of processes for the stretches (default: all
    cores; 1: none). ``progress``: ``None`` shows a bar on a terminal for long
    work, ``True`` on a terminal whatever the length, ``False`` never. The
    result does not depend on ``jobs``.

    >>> columns, stats = anchored_columns([["a", "b", "c"], ["a", "c"]])
    >>> columns
    [(0, 0), (1, None), (2, 1)]
    """
    segments, stats = plan(keys, budget)
    stretches = [s for s in segments if isinstance(s, Stretch)]
    work = sum(s.size for s in stretches)
    show = _show_progress(progress, stats.tokens)
    workers = _workers(jobs, work, len(stretches))
    aligned = _run_stretches(keys, stretches, workers, show)
    columns: list[IndexColumn] = []
    for segment in segments:
        if isinstance(segment, Stretch):
            columns.extend(next(aligned))
        else:
            columns.extend(segment)
    _check_complete(columns, [len(seq) for seq in keys])
    for note in stats.notes:  # a last resort was taken: say so
        warnings.warn(f"aligner: {note}", CollateWarning, stacklevel=2)
    return columns, stats


def _show_progress(progress: bool | None, tokens: int) -> bool:
    if progress is False or not sys.stderr.isatty():
        return False
    return progress is True or tokens >= PROGRESS_TOKENS


def _workers(jobs: int | None, work: int, count: int) -> int:
    if jobs is not None and jobs < 1:
        raise AlignmentError(f"jobs must be at least 1 (got {jobs})")
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    if work < PARALLEL_TOKENS or count < 2:
        return 1
    return cap_jobs(wanted, count)


def _stretch_keys(keys: Sequence[Sequence[str]], stretch: Stretch) -> list[list[str]]:
    return [list(keys[w][lo:hi]) for w, (lo, hi) in enumerate(stretch.ranges)]


def _collate_batch(batch: list[list[list[str]]]) -> list[list[IndexColumn]]:
    """Worker: plain CollateX on each stretch of a batch (relative indices)."""
    return [collatex_columns(stretch) for stretch in batch]


def _shift(columns: list[IndexColumn], stretch: Stretch) -> list[IndexColumn]:
    lows = [lo for lo, _ in stretch.ranges]
    return [tuple(i + lows[w] if i is not None else None for w, i in enumerate(col)) for col in columns]


def _run_stretches(
    keys: Sequence[Sequence[str]], stretches: list[Stretch], workers: int, show: bool
) -> Iterator[list[IndexColumn]]:
    """CollateX's columns for each stretch (absolute indices), in order."""
    results: list[list[IndexColumn]] = []
    batches = [stretches[i : i + CHUNK] for i in range(0, len(stretches), CHUNK)]
    with _progress_bar(show, sum(s.size for s in stretches)) as advance:
        if workers == 1:
            for batch in batches:
                for stretch in batch:
                    results.append(_shift(collatex_columns(_stretch_keys(keys, stretch)), stretch))
                advance(sum(s.size for s in batch))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork where there is one: the workers inherit the imported CollateX.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            payloads = ([_stretch_keys(keys, s) for s in batch] for batch in batches)
            with ProcessPoolExecutor(workers, context, die_with_parent, (os.getpid(),)) as pool:
                for batch, done in zip(batches, pool.map(_collate_batch, payloads), strict=True):
                    results.extend(_shift(cols, s) for cols, s in zip(done, batch, strict=True))
                    advance(sum(s.size for s in batch))
    return iter(results)


@contextlib.contextmanager
def _progress_bar(show: bool, total: int) -> Iterator[Callable[[int], None]]:
    """A function to report ``n`` more tokens done: a rich bar on stderr, or nothing when not ``show``."""
    if not show:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("aligning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("tokens"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("align", total=total)
        yield lambda n: bar.advance(task, n)


def align(
    witnesses: Sequence[Witness], *, jobs: int | None = None, progress: bool | None = None
) -> Alignment:
    """Align the tokens of two or more normalized witnesses.

    ``jobs`` and ``progress`` are as for :func:`anchored_columns`.

    >>> from collate import collate
    >>> print(collate({"A": "Пекин Совпосол", "B": "ПЕКИН [sic] СОВПОСОЛ"}).alignment.compact())
    A: |Пекин|     |Совпосол|
    B: |ПЕКИН|[sic]|СОВПОСОЛ|
    """
    if len(witnesses) < 2:
        raise AlignmentError("collation needs at least two witnesses")
    aligned: list[list[Token]] = []
    # trailing[w][k]: the ignorable tokens of witness w after its k-th aligned
    # token (k = -1: before the first).
    trailing: list[dict[int, list[Token]]] = []
    for witness in witnesses:
        kept: list[Token] = []
        extra: dict[int, list[Token]] = {}
        for token in witness.tokens:
            if token.ignorable:
                extra.setdefault(len(kept) - 1, []).append(token)
            else:
                kept.append(token)
        aligned.append(kept)
        trailing.append(extra)

    keys = [[_key(t) for t in kept] for kept in aligned]
    index_columns, _stats = anchored_columns(keys, jobs=jobs, progress=progress)
    columns = merge_ignorables(index_columns, aligned, trailing)
    return Alignment(tuple(witnesses), tuple(columns))


def merge_ignorables(
    index_columns: Sequence[IndexColumn],
    aligned: Sequence[Sequence[Token]],
    trailing: Sequence[dict[int, list[Token]]],
) -> list[Column]:
    """Turn index columns into token columns, putting ignorable tokens back.

    The ignorable tokens between a witness's aligned tokens i and i+1 stand
    right before the column of token i+1 (after the last column for those that
    follow its last token). So punctuation that another witness glues to token
    i stays next to it: ``Булганину [из Сочи]`` against ``Булганину.`` gives
    the columns ``Булганину | . | [из Сочи]``, two entries that each read
    well, rather than an editorial column wedged between a word and its full
    stop. Ignorable tokens that several witnesses have before the same column
    share columns of their own, position by position.
    """
    nw = len(aligned)
    columns: list[Column] = []

    def emit(runs: list[list[Token]]) -> None:
        for k in range(max((len(r) for r in runs), default=0)):
            columns.append(tuple(r[k] if k < len(r) else None for r in runs))

    for col in index_columns:
        if any(i is not None and i - 1 in trailing[w] for w, i in enumerate(col)):
            emit([trailing[w].get(i - 1, []) if i is not None else [] for w, i in enumerate(col)])
        columns.append(tuple(seq[i] if i is not None else None for seq, i in zip(aligned, col, strict=True)))
    emit([trailing[w].get(len(aligned[w]) - 1, []) for w in range(nw)])
    return columns
