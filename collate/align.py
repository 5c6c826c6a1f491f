"""Alignment: the witnesses' normalized tokens, aligned with CollateX.

Tokens that must not be matched (editorial insertions, page markers, tokens a
profile normalizes to nothing) are taken out before alignment and put back in
columns of their own right after the token they follow, so that every token of
every witness appears in the table exactly once, in order.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

from .errors import AlignmentError
from .model import Alignment, Column, Token, Witness

#: Index columns: one entry per witness, the index of its token in the
#: sequence given to the aligner, or None.
IndexColumn = tuple[int | None, ...]


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


def align(witnesses: Sequence[Witness]) -> Alignment:
    """Align the tokens of two or more normalized witnesses.

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
    index_columns = collatex_columns(keys)
    columns = merge_ignorables(index_columns, aligned, trailing)
    return Alignment(tuple(witnesses), tuple(columns))


def merge_ignorables(
    index_columns: Sequence[IndexColumn],
    aligned: Sequence[Sequence[Token]],
    trailing: Sequence[dict[int, list[Token]]],
) -> list[Column]:
    """Turn index columns into token columns, putting ignorable tokens back.

    The ignorable tokens that follow the same column in several witnesses share
    columns of their own, position by position.
    """
    nw = len(aligned)
    columns: list[Column] = []

    def emit_gap(after: IndexColumn) -> None:
        runs = [trailing[w].get(i, []) if i is not None else [] for w, i in enumerate(after)]
        for k in range(max((len(r) for r in runs), default=0)):
            columns.append(tuple(r[k] if k < len(r) else None for r in runs))

    emit_gap((-1,) * nw)  # before the first aligned token of each witness
    for col in index_columns:
        columns.append(tuple(aligned[w][i] if i is not None else None for w, i in enumerate(col)))
        emit_gap(col)
    return columns
