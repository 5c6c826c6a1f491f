"""Alignment: the witnesses' normalized tokens, aligned by an aligner of :mod:`collate.aligners`.

This stage turns tokens into *keys* (their normalized forms), hands the keys to
an aligner (by default :class:`collate.anchors.Anchored`: anchors cut long
witnesses, CollateX aligns the short stretches, progressive alignment the long
ones that no token of all witnesses anchors), and turns the index columns it
returns back into token columns.

* **Order independence.** The aligner sees the witnesses in a canonical order
  (:func:`~collate.aligners.progressive.witness_order`: the most central
  witness first, then the nearest to it; ties by their keys, then their sigla)
  and the table is put back in the given order, so the same witnesses in any
  order give the same columns.
* **Ignorable tokens** (editorial insertions, page markers, tokens a profile
  normalizes to nothing) are taken out before alignment and put back in
  columns of their own right before the witness's next aligned token (see
  :func:`merge_ignorables`), so that every token of every witness appears in the
  table exactly once, in order.
* **One warning per run** counts the stretches where witnesses with tokens
  share no key at all (:func:`unshared_stretches`): there the aligner could
  only place the readings side by side, and the apparatus makes each one entry.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter

from .aligners import Aligner, IndexColumn, check_complete, comparator_for, get_aligner
from .aligners.collatex import collatex_columns
from .aligners.comparators import Comparator
from .aligners.progressive import witness_order
from .anchors import CX_BUDGET, Anchored, PlanStats
from .errors import AlignmentError, CollateWarning
from .model import EDITORIAL_KINDS, Alignment, Column, Token, Witness

__all__ = [
    "align",
    "anchored_columns",
    "collatex_columns",
    "keys_of",
    "merge_ignorables",
    "unshared_stretches",
]

#: A stretch of this many columns or more, where witnesses with tokens share no
#: key, counts in the run's one warning (shorter ones are ordinary substitutions).
UNSHARED_COLUMNS = 12


def keys_of(tokens: Iterable[Token]) -> list[str]:
    """The aligner's key of each token: its norm, any whitespace inside it written ``_``.

    CollateX joins token strings with spaces to build its suffix array, so a
    key must not contain whitespace. One comprehension for a whole witness:
    most norms are one word (``isalnum``, checked in C), and a call per token
    cost 0.09 s of a 30,000-word pair.

    >>> from collate.tokenize import tokenize
    >>> keys_of(tokenize("один, два"))
    ['один', ',', 'два']
    """
    return [n if n.isalnum() else "_".join(n.split()) for n in [t.norm for t in tokens]]


def _key(token: Token) -> str:
    return keys_of((token,))[0]


def anchored_columns(
    keys: Sequence[Sequence[str]],
    *,
    jobs: int | None = None,
    budget: int = CX_BUDGET,
    near: bool | float | Comparator = False,
    advance: Callable[[int], None] | None = None,
) -> tuple[list[IndexColumn], PlanStats]:
    """Align key sequences with the default strategy; return the columns and the plan's statistics.

    ``jobs`` is the number of processes for the stretches (default: all
    cores; 1: none); the result does not depend on it.

    >>> columns, stats = anchored_columns([["a", "b", "c"], ["a", "c"]])
    >>> columns
    [(0, 0), (1, None), (2, 1)]
    """
    return Anchored(budget=budget).align_with_stats(keys, comparator_for(near), jobs=jobs, advance=advance)


def align(
    witnesses: Sequence[Witness],
    *,
    aligner: str | Aligner | None = None,
    near: bool | float | Comparator = False,
    jobs: int | None = None,
    advance: Callable[[int], None] | None = None,
) -> Alignment:
    """Align the tokens of two or more normalized witnesses.

    ``aligner`` names one of :data:`collate.aligners.ALIGNERS` or is an
    :class:`~collate.aligners.Aligner` (default: ``anchored``); ``near``
    switches near matching on (``True``, or a similarity threshold in (0, 1]).
    ``jobs`` is as for :func:`anchored_columns`; ``advance(n)`` is called as
    ``n`` more tokens are aligned.

    >>> from collate import collate
    >>> print(collate({"A": "Пекин Совпосол", "B": "ПЕКИН [sic] СОВПОСОЛ"}).alignment.compact())
    A: |Пекин|     |Совпосол|
    B: |ПЕКИН|[sic]|СОВПОСОЛ|
    """
    if len(witnesses) < 2:
        raise AlignmentError("collation needs at least two witnesses")
    chosen = get_aligner(aligner)
    comparator = comparator_for(near)
    aligned: list[list[Token]] = []
    # trailing[w][k]: the ignorable tokens of witness w after its k-th aligned
    # token (k = -1: before the first).
    trailing: list[dict[int, list[Token]]] = []
    for witness in witnesses:
        kept: list[Token] = []
        extra: dict[int, list[Token]] = {}
        for token in witness.tokens:
            # Split as model.aligned_tokens does, keeping the ignorable ones' places too.
            if token.norm and token.kind not in EDITORIAL_KINDS:
                kept.append(token)
            else:
                extra.setdefault(len(kept) - 1, []).append(token)
        aligned.append(kept)
        trailing.append(extra)

    keys = [keys_of(kept) for kept in aligned]
    # The canonical order: a function of the witnesses, not of the order they were given
    # in; the most central witness first, then the nearest (CollateX too aligns best so).
    sigla = [w.siglum for w in witnesses]
    order = witness_order(keys, sigla)
    order += sorted((w for w in range(len(keys)) if not keys[w]), key=lambda w: sigla[w])
    ordered_keys = [keys[w] for w in order]
    if isinstance(chosen, Anchored):  # it checks its own columns (a pass over all: 0.03 s at 30,000 words)
        ordered_columns, _stats = chosen.align_with_stats(
            ordered_keys, comparator, jobs=jobs, advance=advance
        )
    else:  # any other aligner, a user's too, is checked here
        ordered_columns = chosen.align(ordered_keys, comparator)
        check_complete(ordered_columns, [len(k) for k in ordered_keys])
        if advance is not None:
            advance(sum(map(len, keys)))
    if order == list(range(len(keys))):
        index_columns = ordered_columns
    else:
        back = [0] * len(keys)
        for position, w in enumerate(order):
            back[w] = position
        pick = itemgetter(*back)  # two witnesses at least: a tuple
        index_columns = [pick(col) for col in ordered_columns]
    found = unshared_stretches(keys, index_columns)
    if found:
        largest = max(found)
        warnings.warn(
            f"aligner: {len(found)} stretch{'es' if len(found) > 1 else ''} of {UNSHARED_COLUMNS} columns "
            f"or more where the witnesses share no word (largest: {largest} tokens); "
            "each is one apparatus entry",
            CollateWarning,
            stacklevel=2,
        )
    columns = merge_ignorables(index_columns, aligned, trailing)
    return Alignment(tuple(witnesses), tuple(columns))


def unshared_stretches(
    keys: Sequence[Sequence[str]], columns: Sequence[IndexColumn], least: int = UNSHARED_COLUMNS
) -> list[int]:
    """The token counts of the runs of columns where no two witnesses share a key.

    A run counts when at least ``least`` of its columns hold tokens of two
    witnesses or more (readings placed side by side; a column of one witness
    alone is an addition, not a failure to align).

    >>> unshared_stretches([list("abcd"), list("wxyz")], [(0, 0), (1, 1), (2, 2), (3, 3)], least=2)
    [8]
    >>> unshared_stretches([list("abcd"), list("abyz")], [(0, 0), (1, 1), (2, 2), (3, 3)], least=2)
    [4]
    """
    found: list[int] = []
    length = tokens = 0
    witnesses: set[int] = set()
    nw = len(keys)
    # Each column as a tuple of its keys (None where a witness has no token),
    # built witness by witness in comprehensions: in a long text most columns
    # are all one key, and ``count`` settles those in C (30,000 words: 0.09 s
    # to 0.03 s for this pass).
    by_witness = [
        [None if i is None else own[i] for i in (col[w] for col in columns)] for w, own in enumerate(keys)
    ]
    for row in zip(*by_witness, strict=True):
        first = row[0]
        if first is not None and row.count(first) == nw:
            shared = True
        else:
            present = [k for k in row if k is not None]
            shared = len(set(present)) < len(present)
        if shared:  # two witnesses share a key here
            if length >= least and len(witnesses) > 1:
                found.append(tokens)
            length = tokens = 0
            witnesses = set()
            continue
        present_w = [w for w, k in enumerate(row) if k is not None]
        length += len(present_w) > 1  # readings side by side, not one witness's addition
        tokens += len(present_w)
        witnesses.update(present_w)
    if length >= least and len(witnesses) > 1:
        found.append(tokens)
    return found


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
    # Each witness's tokens laid out on the columns, then zipped into column
    # tuples in C; the ignorable runs go in before the columns that hold the
    # token they precede, found through each witness's column positions.
    # 30,000 words: 0.2-0.4 s to 0.1 s for this pass.
    laid = [
        [None if i is None else own[i] for i in (col[w] for col in index_columns)]
        for w, own in enumerate(aligned)
    ]
    before: dict[int, list[list[Token]]] = {}  # column -> each witness's ignorables before it
    for w, extra in enumerate(trailing):
        if not extra:
            continue
        where = [c for c, col in enumerate(index_columns) if col[w] is not None]
        for k, run in extra.items():
            if k + 1 < len(where):
                before.setdefault(where[k + 1], [[] for _ in range(nw)])[w] = run
    rows = list(zip(*laid, strict=True)) if laid else []
    columns: list[Column] = []

    def emit(runs: list[list[Token]]) -> None:
        for k in range(max((len(r) for r in runs), default=0)):
            columns.append(tuple(r[k] if k < len(r) else None for r in runs))

    done = 0
    for c in sorted(before):
        columns.extend(rows[done:c])
        emit(before[c])
        done = c
    columns.extend(rows[done:])
    emit([trailing[w].get(len(aligned[w]) - 1, []) for w in range(nw)])
    return columns
