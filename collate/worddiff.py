"""The word diff of two witnesses: hunks of changed places with words of context, as ``git diff --word-diff``.

The changes are the apparatus entries of a two-witness collation (the first
witness, A, is the base), so every change is typed and located; the diff only
decides what to show around them:

* a **hunk** is one or more changes with ``context`` words of A on each side
  (words, not lines: a transcription's lines are either whole paragraphs,
  where one line of context is hundreds of words, or the physical lines of its
  source, which differ from witness to witness); changes closer than twice the
  context share a hunk. ``context=None`` shows the whole text as one hunk;
* its header gives the line and column where the hunk starts in both
  witnesses: ``@@ A 9:54 B 8:50 @@``;
* the spacing is exact: the context is A's text, and whitespace that only B
  has next to a change is kept, so an insertion or a deletion never glues two
  words together (``но {+я+} не``, not ``но{+я+} не``).

>>> from collate import collate
>>> app = collate({"A": "Я ничего не сообщал, но не сомневаюсь.", "B": "Я ничего не сообщал, но я не сомневаюсь."})
>>> print(render(word_diff(app, context=2)), end="")
--- A
+++ B
@@ A 1:13 B 1:13 @@
сообщал, но {+я+} не сомневаюсь.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .apparatus import Apparatus
from .errors import CollateError
from .model import Entry, Kind, Token, Witness
from .tokenize import LineIndex
from .typology import CATEGORIES, Category, VariantType, matches, ordered

__all__ = [
    "DEFAULT_CONTEXT",
    "MARKUPS",
    "Change",
    "Hunk",
    "Side",
    "WordDiff",
    "render",
    "stat",
    "to_dict",
    "to_json",
    "whole_file",
    "word_diff",
]

#: Words of context around a change, when none is asked for.
DEFAULT_CONTEXT = 5
#: How changes are marked: git's ``[-old-]{+new+}``, or colour only (red old, green new).
MARKUPS = ("plain", "color")
#: The version of the ``--json`` document's shape; it changes only when a key changes meaning or goes.
JSON_VERSION = 1

_WORDISH = frozenset({Kind.WORD, Kind.NUMBER, Kind.SYMBOL})
_SPACE = re.compile(r"\s+")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Side:
    """One witness's part of a change or a hunk: its text and where it stands (1-based line and column)."""

    text: str
    line: int
    column: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        return {
            "text": self.text,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One changed place: an apparatus entry (``n``), or a line break under the diplomatic profile (``n`` None)."""

    n: int | None
    category: str
    type: str
    types: tuple[str, ...]
    a: Side
    b: Side
    columns: tuple[int, int]
    note: str = ""
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data: one object per change."""
        data: dict[str, Any] = {
            "n": self.n,
            "category": str(self.category),
            "type": str(self.type),
            "types": [str(t) for t in self.types],
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
        }
        if self.note:
            data["note"] = self.note
        if self.rules:
            data["rules"] = list(self.rules)
        return data


@dataclass(frozen=True, slots=True)
class Hunk:
    """Changes shown together, with the span of each witness the hunk covers (context included)."""

    a: Side
    b: Side
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class WordDiff:
    """The word diff of witness ``a`` (the base) against ``b``: its changes and the hunks that show them."""

    a: Witness
    b: Witness
    labels: tuple[str, str]
    profile: str
    context: int | None
    changes: tuple[Change, ...]
    hunks: tuple[Hunk, ...]

    @property
    def differ(self) -> bool:
        """True when there is at least one change."""
        return bool(self.changes)


def word_diff(
    apparatus: Apparatus,
    context: int | None = DEFAULT_CONTEXT,
    *,
    labels: tuple[str, str] | None = None,
    ignore_case: bool = False,
    ignore_space: bool = False,
    line_breaks: bool | None = None,
    only: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> WordDiff:
    """The word diff of a two-witness ``apparatus`` (the first witness is A, the second B).

    ``context`` is the number of words of A shown on each side of a change
    (``None``: the whole text). ``ignore_case`` leaves out changes whose
    readings differ only in letter case; ``ignore_space`` those that differ only
    in whitespace (``Москвы ,`` / ``Москвы,``, ``1950 г.`` / ``1950г.``).
    ``line_breaks`` makes a line break that one witness has and the other has
    not a change of its own (type punctuation, note ``line break``); ``None``
    means: under the ``diplomatic`` profile, where lineation matters. ``only``
    and ``ignore`` filter by category or type, as :func:`collate.typology.matches`
    means them: an entry or line break of a category or type in ``ignore`` is left out.
    ``labels`` name the witnesses in the header (default: their paths or sigla).

    >>> from collate import collate
    >>> d = word_diff(collate({"A": "Пекин совпосол", "B": "ПЕКИН совпосол"}), ignore_case=True)
    >>> d.differ
    False
    """
    if len(apparatus.witnesses) != 2:
        raise CollateError(
            f"apparatus= must hold two witnesses for a word diff, not {len(apparatus.witnesses)}"
        )
    if context is not None and (not isinstance(context, int) or context < 0):
        raise CollateError(f"context= must be a whole number of words >= 0 or None, not {context!r}")
    a, b = apparatus.witnesses
    if line_breaks is None:
        line_breaks = apparatus.profile == "diplomatic"
    only, ignore = tuple(only), tuple(ignore)
    found = [
        _change(e, a, b)
        for e in apparatus.entries
        if _kept(e.category, e.types, only, ignore)
        and not _alike(e.reading(a.siglum).text, e.reading(b.siglum).text, ignore_case, ignore_space)
    ]
    if line_breaks and not ignore_space:
        breaks = [c for c in _line_break_changes(apparatus) if _kept(c.category, c.types, only, ignore)]
        found = _merge_breaks(found, breaks, a, b)
    if labels is None:
        labels = (a.path or a.siglum, b.path or b.siglum)
    changes = tuple(found)
    return WordDiff(
        a, b, labels, apparatus.profile, context, changes, tuple(_hunks(apparatus, changes, context))
    )


def whole_file(a: Witness | None, b: Witness | None, labels: tuple[str, str]) -> WordDiff:
    """The diff of an added file (``a`` is None) or a deleted one (``b`` is None): its whole text, one change.

    What git shows as ``/dev/null`` against a file: nothing to collate, every word
    is an addition (or an omission).

    >>> from collate.witnesses import make_witness
    >>> print(render(whole_file(None, make_witness("B", "новый текст"), ("/dev/null", "b/new.txt"))), end="")
    --- /dev/null
    +++ b/new.txt
    @@ A 1:1 B 1:1 @@
    {+новый текст+}
    """
    if (a is None) == (b is None):
        raise CollateError("whole_file() takes one witness and None (the side git calls /dev/null)")
    present = a or b
    assert present is not None
    empty = Witness("B" if a is not None else "A", "")
    a, b = (a, empty) if a is not None else (empty, present)
    category, type_ = (Category.SUBSTANTIVE, VariantType.OMISSION if b is empty else VariantType.ADDITION)
    # The change is the text; the whitespace around it (a final line end) stays outside the markers.
    spans = [(len(_leading(w.text)), len(w.text.rstrip())) if w.text.strip() else (0, 0) for w in (a, b)]
    change = Change(None, category, type_, (type_,), _side(a, *spans[0]), _side(b, *spans[1]), (0, 0))
    hunk = Hunk(_side(a, 0, len(a.text)), _side(b, 0, len(b.text)), (change,))
    return WordDiff(a, b, labels, "", None, (change,), (hunk,))


def _kept(category: str, types: Sequence[str], only: Sequence[str], ignore: Sequence[str]) -> bool:
    return (not only or matches(category, types, only)) and not matches(category, types, ignore)


def _alike(old: str, new: str, ignore_case: bool, ignore_space: bool) -> bool:
    if ignore_space:
        old, new = _SPACE.sub("", old), _SPACE.sub("", new)
    if ignore_case:
        old, new = old.casefold(), new.casefold()
    return (ignore_case or ignore_space) and old == new


def _side(witness: Witness, start: int, end: int, lines: LineIndex | None = None) -> Side:
    line, column = (lines or LineIndex(witness.text)).position(start)
    return Side(witness.text[start:end], line, column, start, end)


def _change(entry: Entry, a: Witness, b: Witness) -> Change:
    sides = []
    for witness in (a, b):
        loc = entry.reading(witness.siglum).location
        sides.append(Side(witness.text[loc.start : loc.end], loc.line, loc.column, loc.start, loc.end))
    return Change(
        entry.n,
        entry.category,
        entry.type,
        tuple(entry.types),
        sides[0],
        sides[1],
        entry.columns,
        entry.note,
        tuple(entry.rules),
    )


def _line_break_changes(apparatus: Apparatus) -> list[Change]:
    """Places where the tokens agree but one witness breaks the line between them and the other does not."""
    a, b = apparatus.witnesses
    lines_a, lines_b = LineIndex(a.text), LineIndex(b.text)
    found = []
    previous: tuple[int, Token, Token] | None = None
    for c, (ta, tb) in enumerate(apparatus.alignment.columns):
        if ta is None or tb is None:
            previous = None  # a token one witness lacks is in an entry, with its spacing
            continue
        if previous is not None:
            p, pa, pb = previous
            gap_a, gap_b = a.text[pa.end : ta.start], b.text[pb.end : tb.start]
            if len(_NEWLINE.findall(gap_a)) != len(_NEWLINE.findall(gap_b)):
                found.append(
                    Change(
                        None,
                        Category.ACCIDENTAL,
                        VariantType.PUNCTUATION,
                        (VariantType.PUNCTUATION,),
                        _side(a, pa.start, ta.end, lines_a),
                        _side(b, pb.start, tb.end, lines_b),
                        (p, c),
                        "line break",
                    )
                )
        previous = (c, ta, tb)
    return found


def _merge_breaks(changes: list[Change], breaks: list[Change], a: Witness, b: Witness) -> list[Change]:
    """Add the line-break changes; one that touches a change widens it (the change keeps its type)."""
    merged = sorted([*changes, *breaks], key=lambda c: (c.columns[0], c.columns[1], c.n is None))
    result: list[Change] = []
    for change in merged:
        if result and change.columns[0] <= result[-1].columns[1]:
            last = result[-1]
            keep = last if last.n is not None or change.n is None else change
            note = "; ".join(x for x in dict.fromkeys([keep.note, last.note, change.note]) if x)
            a0, a1 = min(last.a.start, change.a.start), max(last.a.end, change.a.end)
            b0, b1 = min(last.b.start, change.b.start), max(last.b.end, change.b.end)
            result[-1] = Change(
                keep.n,
                keep.category,
                keep.type,
                keep.types,
                _side(a, a0, a1),
                _side(b, b0, b1),
                (last.columns[0], max(last.columns[1], change.columns[1])),
                note,
                keep.rules,
            )
        else:
            result.append(change)
    return result


def _hunks(apparatus: Apparatus, changes: Sequence[Change], context: int | None) -> list[Hunk]:
    """Group the changes into hunks, each spanning ``context`` words of A on either side."""
    if not changes:
        return []
    a, b = apparatus.witnesses
    if context is None:  # the whole text, leading and trailing whitespace included
        return [Hunk(_side(a, 0, len(a.text)), _side(b, 0, len(b.text)), tuple(changes))]
    columns = apparatus.alignment.columns
    words = [c for c, col in enumerate(columns) if col[0] is not None and col[0].kind in _WORDISH]
    groups: list[tuple[int, int, list[Change]]] = []
    for change in changes:
        first, last = change.columns
        i = bisect.bisect_left(words, first)
        start = words[i - context] if context and i - context >= 0 else (first if context == 0 else 0)
        j = bisect.bisect_right(words, last)
        end = words[j + context - 1] if context and j + context - 1 < len(words) else len(columns) - 1
        if context == 0:
            end = last
        start, end = _glued(columns, start, end, first, last)
        if groups and start <= groups[-1][1] + 1:
            groups[-1] = (groups[-1][0], max(end, groups[-1][1]), [*groups[-1][2], change])
        else:
            groups.append((start, end, [change]))
    lines_a, lines_b = LineIndex(a.text), LineIndex(b.text)
    hunks = []
    for start, end, group in groups:
        spans = []
        for w, (witness, lines) in enumerate(((a, lines_a), (b, lines_b))):
            tokens = [col[w] for col in columns[start : end + 1] if col[w] is not None]
            side = [getattr(ch, "ab"[w]) for ch in group]
            lo = min([t.start for t in tokens] + [s.start for s in side])
            hi = max([t.end for t in tokens] + [s.end for s in side])
            spans.append(_side(witness, lo, hi, lines))
        hunks.append(Hunk(spans[0], spans[1], tuple(group)))
    return hunks


def _glued(
    columns: Sequence[Sequence[Token | None]], start: int, end: int, first: int, last: int
) -> tuple[int, int]:
    """Widen a hunk's context to whitespace: a word glued to marks (``т.Булганину``, ``«Пекин»,``) is shown whole."""

    def glued(left: int, right: int) -> bool:
        t = columns[left][0]
        return t is not None and columns[right][0] is not None and not t.ws

    while 0 < start < first and glued(start - 1, start):
        start -= 1
    while last < end < len(columns) - 1 and glued(end, end + 1):
        end += 1
    return start, end


# --- output ----------------------------------------------------------------

_RESET = "\x1b[m"
#: git's colours: old red, new green, hunk headers cyan, file headers bold.
_OLD, _NEW, _FRAG, _META = "31", "32", "36", "1"
#: The category is shown by style: substantive bold, accidental dim, editorial italic.
_CATEGORY_STYLE = {Category.SUBSTANTIVE: "1", Category.ACCIDENTAL: "2", Category.EDITORIAL: "3"}


def _paint(text: str, sgr: str, color: bool) -> str:
    """``text`` in an SGR style, reset before each line end so that a pager keeps lines apart."""
    if not color or not text:
        return text
    return "".join(
        f"\x1b[{sgr}m{piece}{_RESET}" if piece and not _NEWLINE.fullmatch(piece) else piece
        for piece in re.split(r"(\r\n|\r|\n)", text)
    )


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def _context(ca: str, cb: str, after_change: bool, before_change: bool) -> str:
    """A's context text, with B's whitespace where only B has it next to a change (so nothing is glued)."""
    if not ca.strip():
        return ca or (cb if not cb.strip() else _leading(cb) or _trailing(cb))
    if after_change and not _leading(ca):
        ca = _leading(cb) + ca
    if before_change and not _trailing(ca):
        ca += _trailing(cb)
    return ca


def _pieces(diff: WordDiff, hunk: Hunk) -> list[tuple[str, str, str]]:
    """The hunk as (kind, text, category) pieces, kind ``ctx``, ``old`` or ``new``: each change on its own."""
    a, b = diff.a.text, diff.b.text
    pieces: list[tuple[str, str, str]] = []
    pos_a, pos_b = hunk.a.start, hunk.b.start
    for i, change in enumerate(hunk.changes):
        pieces.append(
            ("ctx", _context(a[pos_a : change.a.start], b[pos_b : change.b.start], i > 0, True), "")
        )
        pieces += [("old", change.a.text, change.category), ("new", change.b.text, change.category)]
        pos_a, pos_b = change.a.end, change.b.end
    pieces.append(("ctx", _context(a[pos_a : hunk.a.end], b[pos_b : hunk.b.end], True, False), ""))
    return pieces


def _joined_pieces(diff: WordDiff, hunk: Hunk) -> list[tuple[str, str, str]]:
    """The hunk with touching changes joined, whitespace only one witness has inside the markers.

    Exact by construction, for the rare places where changes side by side
    leave no single spacing right for both witnesses (``,но`` / ``[из Сочи] но``).
    """
    a, b = diff.a.text, diff.b.text
    clusters: list[list[Change]] = []
    for change in hunk.changes:
        last = clusters[-1][-1] if clusters else None
        if last is not None and not (a[last.a.end : change.a.start] + b[last.b.end : change.b.start]).strip():
            clusters[-1].append(change)
        else:
            clusters.append([change])
    pieces: list[tuple[str, str, str]] = []
    pos_a, pos_b = hunk.a.start, hunk.b.start
    for cluster in clusters:
        first, last = cluster[0], cluster[-1]
        ctx_a, ctx_b = a[pos_a : first.a.start], b[pos_b : first.b.start]
        if ctx_a.strip():
            pieces.append(("ctx", ctx_a.rstrip(), ""))
        before_a, before_b = _trailing(ctx_a), _trailing(ctx_b)
        shared = bool(before_a) == bool(before_b)
        if shared and before_a:
            pieces.append(("ctx", before_a, ""))
        old = ("" if shared else before_a) + a[first.a.start : last.a.end]
        new = ("" if shared else before_b) + b[first.b.start : last.b.end]
        pos_a, pos_b = last.a.end, last.b.end
        after_a, after_b = _leading(a[pos_a : hunk.a.end]), _leading(b[pos_b : hunk.b.end])
        if bool(after_a) != bool(after_b):  # only one witness has it: inside its markers
            old, new = old + after_a, new + after_b
            pos_a, pos_b = pos_a + len(after_a), pos_b + len(after_b)
        category = min((c.category for c in cluster), key=CATEGORIES.index)
        pieces += [("old", old, category), ("new", new, category)]
    pieces.append(("ctx", a[pos_a : hunk.a.end], ""))
    return pieces


def _spaced_right(pieces: Sequence[tuple[str, str, str]], diff: WordDiff, hunk: Hunk) -> bool:
    """True when, read as either witness, every change has whitespace on each side exactly where the witness has.

    Only the edges of the changes are checked: the context is A's text, and a
    difference left out (``--ignore``) may give it another spacing than B's.
    """
    for side, kinds, witness, span in (
        ("a", ("ctx", "old"), diff.a.text, hunk.a),
        ("b", ("ctx", "new"), diff.b.text, hunk.b),
    ):
        text = ""
        edges = []  # (offset in the projection, offset in the witness)
        changes = iter(hunk.changes)
        for kind, piece, _ in pieces:
            if kind == "old":  # each change is an old piece then a new piece
                change = next(changes)
                where = getattr(change, side)
                edges.append((len(text), where.start))
            if kind in kinds:
                text += piece
            if kind == "new":
                edges.append((len(text), where.end))
        for at, offset in edges:
            shown = (at > 0 and text[at - 1].isspace()) or (at < len(text) and text[at].isspace())
            real = (offset > span.start and witness[offset - 1].isspace()) or (
                offset < span.end and witness[offset].isspace()
            )
            if (at > 0 and at < len(text)) and shown != real:
                return False
    return True


def _hunk_text(diff: WordDiff, hunk: Hunk, markup: str, color: bool) -> str:
    pieces = _pieces(diff, hunk)
    if not _spaced_right(pieces, diff, hunk):
        pieces = _joined_pieces(diff, hunk)
    out = []
    for kind, text, category in pieces:
        if kind == "ctx" or not text:
            out.append(text)
            continue
        sgr = f"{_OLD if kind == 'old' else _NEW};{_CATEGORY_STYLE.get(category, '')}"
        if markup == "plain":
            text = f"[-{text}-]" if kind == "old" else f"{{+{text}+}}"
        out.append(_paint(text, sgr, color))
    return "".join(out)


def render(diff: WordDiff, markup: str = "plain", color: bool = False) -> str:
    """The diff as text: ``--- A`` / ``+++ B``, then each hunk under its ``@@ A line:col B line:col @@`` header.

    ``markup`` is ``"plain"`` (``[-old-]{+new+}``, as ``git diff --word-diff``)
    or ``"color"`` (old in red, new in green, no brackets: it needs ``color``).
    ``color`` adds ANSI colours: red and green for old and new as git does, the
    category shown by style (substantive bold, accidental dim, editorial
    italic). Identical witnesses give ``""``.
    """
    if markup not in MARKUPS:
        raise CollateError(f"markup= must be one of {', '.join(MARKUPS)}, not {markup!r}")
    if not diff.hunks:
        return ""
    out = [
        _paint(f"--- {diff.labels[0]}", _META, color),
        "\n",
        _paint(f"+++ {diff.labels[1]}", _META, color),
        "\n",
    ]
    for hunk in diff.hunks:
        header = f"@@ A {hunk.a.line}:{hunk.a.column} B {hunk.b.line}:{hunk.b.column} @@"
        out += [_paint(header, _FRAG, color), "\n"]
        text = _hunk_text(diff, hunk, markup, color)
        out.append(text if text.endswith(("\n", "\r")) else text + "\n")
    return "".join(out)


def counts(changes: Sequence[Change]) -> dict[str, Any]:
    """Changes counted by category (every category, zero included) and by type (those that occur)."""
    by_category = Counter(str(c.category) for c in changes)
    by_type = Counter(str(c.type) for c in changes)
    return {
        "changes": len(changes),
        "by_category": {str(c): by_category.get(c, 0) for c in CATEGORIES},
        "by_type": {t: by_type[t] for t in ordered(by_type)},
    }


def stat(diff: WordDiff) -> str:
    """``--stat``: the number of changes, then one line per category with its types.

    >>> from collate import collate
    >>> print(stat(word_diff(collate({"A": "один два три", "B": "один две три"}))), end="")
    A -> B: 1 change
      1 substantive  (grammatical 1)
      0 accidental
      0 editorial
    """
    c = counts(diff.changes)
    n = c["changes"]
    lines = [f"{diff.labels[0]} -> {diff.labels[1]}: {n} change{'s' if n != 1 else ''}"]
    width = len(str(max(c["by_category"].values(), default=0)))
    for category, count in c["by_category"].items():
        types = [f"{t} {k}" for t, k in c["by_type"].items() if _category(diff.changes, t) == category]
        line = f"  {count:>{width}} {category}"
        lines.append(line + (f"  ({', '.join(types)})" if types else ""))
    return "\n".join(lines) + "\n"


def _category(changes: Sequence[Change], type_: str) -> str:
    return next(str(c.category) for c in changes if c.type == type_)


def to_dict(diff: WordDiff) -> dict[str, Any]:
    """The ``--json`` document: the files, the counts, and the hunks with one object per change.

    Keys (version 1): ``version``, ``a`` and ``b`` (``label``, ``siglum``,
    ``encoding``), ``profile``, ``context`` (words, ``null`` for the whole text),
    ``summary`` (:func:`counts`), ``hunks``: each with ``a`` and ``b`` (the span
    shown: ``text``, ``line``, ``column``, ``start``, ``end``; offsets are
    0-based characters), ``text`` (the hunk in plain markup) and ``changes``:
    each with ``n`` (the apparatus entry, ``null`` for a line break),
    ``category``, ``type``, ``types``, ``a`` and ``b`` (the readings with their
    locations), and ``note`` and ``rules`` when there are any.
    """
    return {
        "version": JSON_VERSION,
        "a": {"label": diff.labels[0], "siglum": diff.a.siglum, "encoding": diff.a.encoding},
        "b": {"label": diff.labels[1], "siglum": diff.b.siglum, "encoding": diff.b.encoding},
        "profile": diff.profile,
        "context": diff.context,
        "summary": counts(diff.changes),
        "hunks": [
            {
                "a": hunk.a.to_dict(),
                "b": hunk.b.to_dict(),
                "text": _hunk_text(diff, hunk, "plain", False),
                "changes": [c.to_dict() for c in hunk.changes],
            }
            for hunk in diff.hunks
        ],
    }


def to_json(diff: WordDiff) -> str:
    """:func:`to_dict` as JSON text (UTF-8, Cyrillic kept as is), one line per key for reading and ``jq``."""
    return json.dumps(to_dict(diff), ensure_ascii=False, indent=2) + "\n"
