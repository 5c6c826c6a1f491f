"""Editorial decisions: an editor's corrections, kept in a file and applied on every run.

No automatic collation is final: an editor decides that an entry is a
misreading rather than a variant, that two entries are one, that a spacing
difference is not to be printed. collate regenerates everything from the
witnesses, so those judgements live in a ``decisions.toml`` (beside the
witnesses, or given with ``decisions=``) and are applied after alignment and
classification, on every run::

    [[decision]]
    readings = { A = "войсковые", B = "воинственные" }   # the entry, by its readings
    retype = { category = "accidental", type = "misreading" }
    note = "B misreads the scan: the original has войсковые"
    resp = "AB"

    [[decision]]
    readings = { A = "приказ", B = "приказа" }
    ignore = true
    note = "not printed"

A decision names its entry by the readings' text (whitespace runs read as one
space; ``""`` is an omission), only for the sigla it lists, so it finds its
place again after edits elsewhere in the witnesses. Where the same readings
stand more than once, ``occurrence = 2`` takes the second in text order and
``at = { A = "13:38" }`` the one at (or, after edits, nearest to) that line
and column. What a decision does:

- ``retype = { category, type }``: a new type (a built-in one, or a name of the
  editor's, which then needs its category);
- ``ignore = true``: kept in JSON, CSV and TEI, marked, with ``note`` as the
  reason; left out of the printed apparatus (txt, LaTeX, the HTML list);
- ``merge = { B = "..." }``: join the entry with a following one (within
  :data:`MERGE_REACH` entries) that reads so: the two, and all between, become one;
- ``split = { A = "token" }``: cut the entry before that token of that witness;
- ``note``: an editorial note carried into every report, with ``resp`` (who decided);
- ``align = { A = "word", B = "word" }``: these tokens (one a witness) stand in one
  column: user anchors the aligner must respect (:class:`Pinned`, around any aligner).

A decision that matches nothing is *stale*: :class:`DecisionWarning` names its
``file:line``, and ``collate decisions check`` lists them. A decision that
matches two places is a :class:`DecisionError` naming both.
"""

from __future__ import annotations

import copy
import difflib
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CollateError, CollateWarning, located
from .model import Decided, DecisionLog, Entry, Token, Witness, aligned_tokens
from .tomlfile import Tables
from .typology import CATEGORIES, TYPES, Category, VariantType

if TYPE_CHECKING:  # pragma: no cover
    from .aligners import Aligner, Comparator, IndexColumn
    from .apparatus import Apparatus

__all__ = [
    "DECISIONS_FILE",
    "KINDS",
    "Decision",
    "DecisionError",
    "DecisionWarning",
    "apply_decisions",
    "find_decisions",
    "load_decisions",
]

#: The file picked up beside the witnesses.
DECISIONS_FILE = "decisions.toml"
#: What a decision can do, in the order they are applied.
KINDS = ("align", "split", "merge", "retype", "ignore", "note")
#: How many entries further a ``merge`` looks for the entry it joins.
MERGE_REACH = 5

_KEYS = frozenset(
    {"readings", "at", "occurrence", "retype", "ignore", "merge", "split", "note", "resp", "align"}
)
_RETYPE_KEYS = frozenset({"category", "type"})
_TYPE_NAME = re.compile(r"[a-z][a-z0-9_-]*\Z")
_AT = re.compile(r"\s*(\d+)\s*:\s*(\d+)\s*\Z")


class DecisionError(CollateError):
    """A decisions file is invalid, or one of its decisions matches more than one place."""


class DecisionWarning(CollateWarning):
    """A decision matches nothing in this collation (it is stale)."""


Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Decision:
    """One ``[[decision]]`` of a decisions file: where it applies and what it does.

    ``readings`` (siglum, text) pairs name the entry; ``at`` (siglum, (line,
    column)) or ``occurrence`` choose among several; the other fields are the
    actions. ``source`` and ``line`` say where the decision is written.
    """

    readings: Pairs = ()
    at: tuple[tuple[str, tuple[int, int]], ...] = ()
    occurrence: int = 0
    category: str = ""
    type: str = ""
    ignore: bool = False
    merge: Pairs = ()
    split: tuple[str, str] | None = None
    align: Pairs = ()
    note: str = ""
    resp: str = ""
    source: str = ""
    line: int = 0

    @property
    def kinds(self) -> tuple[str, ...]:
        """What this decision does, in :data:`KINDS` order (``note`` only when it is the note's decision)."""
        done = {
            "align": bool(self.align),
            "split": self.split is not None,
            "merge": bool(self.merge),
            "retype": bool(self.type),
            "ignore": self.ignore,
        }
        found = [k for k, on in done.items() if on]
        if self.note and not found:
            found.append("note")
        return tuple(k for k in KINDS if k in found)

    @property
    def where(self) -> str:
        """``file:line`` of the decision, the file as it was given."""
        return f"{self.source or '<decisions>'}:{self.line}"

    @property
    def cited(self) -> str:
        """``name:line``: where the decision stands, for reports (the file's name, not its path)."""
        return f"{Path(self.source).name if self.source else '<decisions>'}:{self.line}"

    def describe(self) -> str:
        """The readings (or tokens) it names, as ``A 'x', B 'y'``."""
        pairs = self.align or self.readings
        return ", ".join(f"{s} {t!r}" for s, t in pairs)


# --- reading the file -------------------------------------------------------


def load_decisions(path: str | Path) -> tuple[Decision, ...]:
    """Read and validate a decisions file; errors are :class:`DecisionError` naming file and line.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as f:
    ...     _ = f.write('[[decision]]\\nreadings = { A = "приказ", B = "приказа" }\\nignore = true\\n')
    >>> [(d.readings, d.kinds, d.line) for d in load_decisions(f.name)]
    [((('A', 'приказ'), ('B', 'приказа')), ('ignore',), 1)]
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise DecisionError(located(path, f"cannot read the decisions file ({reason})")) from None
    return parse_decisions(text, path)


def parse_decisions(text: str, path: str | Path = "<decisions>") -> tuple[Decision, ...]:
    """Parse the TOML ``text`` of a decisions file (``path`` names it in errors).

    >>> parse_decisions('[[decision]]\\nreadings = { A = "x" }\\nretype = { type = "lexcial" }\\n', "d.toml")
    Traceback (most recent call last):
    ...
    collate.decisions.DecisionError: d.toml:3: retype: unknown type 'lexcial' (did you mean 'lexical'?); a type of your own needs its category
    """
    tables = Tables(text, path, "decision", DecisionError)
    return tuple(_decision(table, tables, line) for table, line in tables)


def _decision(table: dict, tables: Tables, line: int) -> Decision:
    def fail(message: str, key: str | None = None) -> DecisionError:
        return tables.error(message, line, key)  # type: ignore[return-value]

    for key in table:
        if key not in _KEYS:
            raise fail(f"unknown key {key!r} (known: {', '.join(sorted(_KEYS))})", key)

    def pairs(key: str, allow_empty_text: bool = True) -> Pairs:
        value = table.get(key, {})
        if not isinstance(value, dict) or not value:
            raise fail(f'{key!r} must be a table of siglum = text: {key} = {{ A = "..." }}', key)
        for siglum, reading in value.items():
            if not isinstance(reading, str) or (not allow_empty_text and not reading.split()):
                kind = "a non-empty string" if not allow_empty_text else 'a string ("" for an omission)'
                raise fail(f"{key}: the text of {siglum!r} must be {kind}", key)
        return tuple((s, " ".join(t.split())) for s, t in value.items())

    align = pairs("align", allow_empty_text=False) if "align" in table else ()
    if align:
        if len(align) < 2:
            raise fail("align must name tokens of at least two witnesses", "align")
        if any(len(text.split()) != 1 for _, text in align):
            raise fail('align names one token of each witness: align = { A = "word", B = "word" }', "align")
        clash = sorted(set(table) & {"readings", "retype", "ignore", "merge", "split"})
        if clash:
            raise fail(f"align names tokens, not an entry: it cannot have {', '.join(clash)}", clash[0])
        readings: Pairs = ()
    elif "readings" not in table:
        raise fail("a decision needs 'readings' (the entry it is about), e.g. readings = { A = \"...\" }")
    else:
        readings = pairs("readings")
    named = {s for s, _ in align or readings}

    at: list[tuple[str, tuple[int, int]]] = []
    if "at" in table:
        value = table["at"]
        if not isinstance(value, dict) or not value:
            raise fail('at must be a table of siglum = "line:column": at = { A = "13:38" }', "at")
        for siglum, spot in value.items():
            found = _AT.match(spot) if isinstance(spot, str) else None
            if not found or int(found.group(1)) < 1 or int(found.group(2)) < 1:
                raise fail(f'at: {siglum} must be "line:column" (1-based), not {spot!r}', "at")
            if siglum not in named:
                raise fail(f"at: {siglum!r} is not one of the sigla the decision names", "at")
            at.append((siglum, (int(found.group(1)), int(found.group(2)))))
    occurrence = table.get("occurrence", 0)
    if "occurrence" in table and (
        not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1
    ):
        raise fail("occurrence must be a whole number from 1", "occurrence")
    if at and occurrence:
        raise fail("give either at or occurrence, not both", "occurrence")

    category = type_ = ""
    if "retype" in table:
        category, type_ = _retype(table["retype"], fail)
    ignore = table.get("ignore", False)
    if not isinstance(ignore, bool):
        raise fail("ignore must be true or false", "ignore")
    merge = pairs("merge") if "merge" in table else ()
    split = None
    if "split" in table:
        value = pairs("split", allow_empty_text=False)
        if len(value) != 1 or len(value[0][1].split()) != 1:
            raise fail('split names one token of one witness: split = { A = "word" }', "split")
        split = value[0]
    if merge and split:
        raise fail("a decision either merges or splits, not both", "split")
    note, resp = table.get("note", ""), table.get("resp", "")
    for key, value in (("note", note), ("resp", resp)):
        if not isinstance(value, str):
            raise fail(f"{key} must be a string", key)
    decision = Decision(
        readings=readings,
        at=tuple(at),
        occurrence=occurrence,
        category=category,
        type=type_,
        ignore=ignore,
        merge=merge,
        split=split,
        align=align,
        note=" ".join(note.split()),
        resp=" ".join(resp.split()),
        source=str(tables.path),
        line=line,
    )
    if not decision.kinds:
        raise fail("the decision does nothing: give retype, ignore, merge, split, note or align")
    return decision


def _retype(value: object, fail: Callable[[str, str], DecisionError]) -> tuple[Category, VariantType | str]:
    if not isinstance(value, dict):
        raise fail(
            'retype must be a table: retype = { category = "accidental", type = "misreading" }', "retype"
        )
    for key in value:
        if key not in _RETYPE_KEYS:
            raise fail(f"retype: unknown key {key!r} (known: category, type)", "retype")
    type_, category = value.get("type"), value.get("category")
    if not isinstance(type_, str) or not _TYPE_NAME.match(type_):
        raise fail(f"retype: type must be a lower-case name like 'misreading', not {type_!r}", "retype")
    if category is not None and category not in CATEGORIES:
        raise fail(f"retype: unknown category {category!r} (categories: {', '.join(CATEGORIES)})", "retype")
    if type_ in TYPES:
        own = VariantType(type_).category
        if category is not None and category != own:
            raise fail(f"retype: type {type_!r} is {own}, not {category}", "retype")
        return own, VariantType(type_)
    if category is None:
        close = difflib.get_close_matches(type_, [str(t) for t in TYPES], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (types: {', '.join(TYPES)})"
        raise fail(f"retype: unknown type {type_!r}{hint}; a type of your own needs its category", "retype")
    return Category(category), type_


def find_decisions(sources: object) -> Path | None:
    """The ``decisions.toml`` beside the witnesses ``sources`` names, if there is one.

    A folder's own file, or for a list of files the file in the folder they
    all share; text given in memory has none.
    """
    if isinstance(sources, str | Path):
        paths = [Path(sources)]
    elif isinstance(sources, Sequence) and sources and all(isinstance(s, str | Path) for s in sources):
        paths = [Path(s) for s in sources]  # type: ignore[arg-type]
    else:
        return None
    folders = {p if p.is_dir() else p.parent for p in paths}
    if len(folders) != 1:
        return None
    candidate = folders.pop() / DECISIONS_FILE
    return candidate if candidate.is_file() else None


# --- finding a decision's place ---------------------------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


class _Index:
    """Entries by (siglum, flattened reading text): each decision looks up its candidates at once."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries
        self.by_reading: dict[tuple[str, str], list[int]] = {}
        for i, entry in enumerate(entries):
            for r in entry.readings:
                self.by_reading.setdefault((r.siglum, _flat(r.text)), []).append(i)

    def candidates(self, readings: Pairs) -> list[int]:
        """Indexes of the entries that read so for every siglum named, in text order."""
        lists = [self.by_reading.get(pair, []) for pair in readings]
        smallest = min(lists, key=len)
        others = [set(found) for found in lists if found is not smallest]
        return [i for i in smallest if all(i in found for found in others)]


def _place(entry: Entry, siglum: str) -> str:
    loc = entry.reading(siglum).location
    return f"entry {entry.n} ({siglum} {loc.line}:{loc.column})"


class _Stale(Exception):
    """A decision matches nothing; the message says why."""


def _choose(decision: Decision, entries: Sequence[Entry], found: list[int], what: str) -> int:
    """One of the candidate entries ``found`` (indexes), by ``at`` or ``occurrence``; else stale or ambiguous."""
    if not found:
        raise _Stale(f"no entry reads {what}")
    siglum = (decision.at[0][0] if decision.at else None) or (decision.readings or decision.align)[0][0]
    if decision.occurrence:
        if decision.occurrence > len(found):
            raise _Stale(f"occurrence {decision.occurrence}, but only {len(found)} entries read {what}")
        return found[decision.occurrence - 1]
    if decision.at:
        # Exactly there, or after edits elsewhere the nearest (line first, then column).
        def distance(i: int) -> tuple[int, ...]:
            spots = []
            for s, (line, column) in decision.at:
                loc = entries[i].reading(s).location
                spots.append((abs(loc.line - line), abs(loc.column - column)))
            return tuple(sum(x) for x in zip(*spots, strict=True))

        ranked = sorted(found, key=distance)
        if len(ranked) > 1 and distance(ranked[0]) == distance(ranked[1]):
            raise DecisionError(
                f"{decision.where}: decision matches two places equally near its 'at': "
                f"{_place(entries[ranked[0]], siglum)} and {_place(entries[ranked[1]], siglum)}"
            )
        return ranked[0]
    if len(found) > 1:
        places = " and ".join(_place(entries[i], siglum) for i in found[:2])
        more = f" (and {len(found) - 2} more)" if len(found) > 2 else ""
        raise DecisionError(
            f"{decision.where}: decision matches {len(found)} places: {places}{more}; "
            'add at = { SIGLUM = "line:column" } or occurrence = N'
        )
    return found[0]


def _locate(decision: Decision, index: _Index, sigla: Sequence[str]) -> int:
    missing = [s for s, _ in decision.readings if s not in sigla]
    if missing:
        raise _Stale(f"no witness {', '.join(map(repr, missing))} in this collation")
    return _choose(decision, index.entries, index.candidates(decision.readings), decision.describe())


# --- applying ----------------------------------------------------------------


def apply_decisions(
    apparatus: Apparatus,
    decisions: Iterable[Decision],
    profile: object,
    source: str | Path = "",
    warn: bool = True,
    pins: Sequence[Pin] = (),
    pin_stale: Sequence[tuple[Decision, str]] = (),
    source_text: str = "",
) -> Apparatus:
    """Apply ``decisions`` to ``apparatus``; return the decided apparatus.

    ``profile`` is the normalization profile the apparatus was built with
    (merged and split entries are classified again with it). Structural
    decisions (``split``, ``merge``) are found among the collation's own
    entries and applied together; ``retype``, ``ignore`` and ``note`` then act
    on the resulting entries, in file order. A decision that matches nothing
    is stale: it is listed in ``apparatus.decisions.stale`` and, with
    ``warn``, a :class:`DecisionWarning` says so. One that matches two places
    raises :class:`DecisionError`. ``align`` decisions act before alignment
    (:func:`locate_pins`, :class:`Pinned`): ``pins`` are those that found their
    tokens (their entry, if the column varies, gets their note), ``pin_stale``
    those that did not; both are counted here.

    >>> from collate import collate
    >>> from collate.normalize import get_profile
    >>> app = collate({"A": "the black cat sat", "B": "the white cat sat"})
    >>> ds = parse_decisions('[[decision]]\\nreadings = { B = "white" }\\nignore = true\\nnote = "a stain"\\n')
    >>> decided = apply_decisions(app, ds, get_profile("orthographic"))
    >>> e = decided.entries[0]
    >>> e.ignored, e.decision.note, decided.summary()["ignored"], decided.decisions.applied
    (True, 'a stain', 1, 1)
    """
    decisions = tuple(decisions)
    stale: list[str] = [f"{d.where}: stale decision: {reason}" for d, reason in pin_stale]
    applied = len(pins)
    sigla = apparatus.sigla

    def mark_stale(decision: Decision, reason: str) -> None:
        stale.append(f"{decision.where}: stale decision: {reason}")

    # 1. split and merge: region edits on the collation's own entries.
    entries = list(apparatus.entries)
    structural = [d for d in decisions if d.split is not None or d.merge]
    placed: dict[int, list[tuple[int, int]]] = {}  # decision (by id) -> the columns of the entries it made
    dropped_if_equal: set[tuple[int, int]] = set()
    if structural:
        index = _Index(entries)
        owner: dict[int, Decision] = {}  # entry index -> the structural decision that changes it
        edits: list[tuple[int, int, list[tuple[int, int]], Decision]] = []
        for decision in structural:
            try:
                i = _locate(decision, index, sigla)
                if decision.merge:
                    j = _merge_partner(decision, entries, i, sigla)
                    span, pieces = (i, j), [(entries[i].columns[0], entries[j].columns[1])]
                else:
                    span, pieces = (i, i), _split_at(decision, entries[i], apparatus)
            except _Stale as exc:
                mark_stale(decision, str(exc))
                continue
            for k in range(span[0], span[1] + 1):
                if k in owner:
                    raise DecisionError(
                        f"{decision.where}: this decision and the one at {owner[k].where} both "
                        f"change {_place(entries[k], (decision.readings[0][0]))}"
                    )
                owner[k] = decision
            edits.append((span[0], span[1], pieces, decision))
            placed[id(decision)] = pieces
            if decision.split is not None:
                dropped_if_equal.update(pieces)
            applied += 1
        if edits:
            entries = _rebuild(apparatus, entries, edits, profile, dropped_if_equal)

    # 2. align's notes, then retype, ignore, note: on the resulting entries.
    for pin, i in zip(pins, _pinned_entries(apparatus, entries, pins), strict=True):
        if i is not None and (pin.decision.note or pin.decision.resp):
            entries[i] = _annotate(entries[i], pin.decision)
    by_columns = {e.columns: i for i, e in enumerate(entries)}
    index = _Index(entries)
    for decision in decisions:
        if decision.align:
            continue
        if decision.split is not None or decision.merge:
            if id(decision) not in placed:
                continue  # stale, already said
            targets = [by_columns[p] for p in placed[id(decision)] if p in by_columns]
        else:
            try:
                targets = [_locate(decision, index, sigla)]
            except _Stale as exc:
                mark_stale(decision, str(exc))
                continue
            applied += 1
        for i in targets:
            entries[i] = _annotate(entries[i], decision)
    for message in stale:
        if warn:
            warnings.warn(DecisionWarning(message), stacklevel=2)
    log = DecisionLog(str(source), applied + apparatus.decisions.applied, tuple(stale), source_text)
    return replace(apparatus, entries=tuple(entries), decisions=log)


def _changed(entry: Entry, **fields: object) -> Entry:
    """A copy of ``entry`` with ``fields`` changed.

    :func:`dataclasses.replace` runs ``__init__`` again, field by field: on the
    benchmark above (every entry renumbered after a merge, a thousand
    annotated) the stage took 1.0 s with it and 0.6 s with a copy. The copy is
    new, so no one else has seen it change.
    """
    new = copy.copy(entry)
    for name, value in fields.items():
        object.__setattr__(new, name, value)
    return new


_ENTRY_NUMBER = re.compile(r"\bentry (\d+)\b")


def _rebuild(
    apparatus: Apparatus,
    entries: list[Entry],
    edits: list[tuple[int, int, list[tuple[int, int]], Decision]],
    profile: object,
    dropped_if_equal: set[tuple[int, int]],
) -> list[Entry]:
    """The entries after merges and splits: the new pieces built and classified, the rest kept, renumbered.

    Only the pieces are built again: with 1,000 decisions (100 merges and
    splits) on a 35,000-word collation (``benchmarks/bench_decisions.py``),
    rebuilding every entry made this stage take 1.7 s, the pieces alone 1.0 s.
    Kept entries get their new numbers, and so do the entry numbers their
    notes cite (a transposition's partner).
    """
    from .apparatus import build_apparatus

    pieces = sorted(p for _, _, ps, _ in edits for p in ps)
    built = build_apparatus(
        apparatus.alignment, apparatus.base, profile, apparatus.profile, apparatus.rules, regions=pieces
    ).entries
    fresh = {
        e.columns: e
        for e in built
        # A split can leave a piece where every witness reads the same: no entry.
        if e.columns not in dropped_if_equal or len({r.text for r in e.readings}) > 1
    }
    replaced = {k for first, last, _, _ in edits for k in range(first, last + 1)}
    result: list[Entry] = []
    renumber: dict[int, int] = {}  # old number -> new number (a merged or split entry: its first piece)
    k = 0
    while k < len(entries):
        if k not in replaced:
            renumber[entries[k].n] = len(result) + 1
            result.append(entries[k])
            k += 1
            continue
        first, last, ps, _ = next(e for e in edits if e[0] == k)
        for j in range(first, last + 1):
            renumber[entries[j].n] = len(result) + 1
        result.extend(fresh[p] for p in ps if p in fresh)
        k = last + 1

    new_number = {e.columns: n for n, e in enumerate(result, 1)}
    # The pieces were numbered among themselves: what their notes cite is a piece.
    piece_number = {e.n: new_number[e.columns] for e in built if e.columns in new_number}

    out = []
    for n, entry in enumerate(result, 1):
        numbers = piece_number if entry.columns in fresh else renumber
        note = entry.note
        if note:
            note = _ENTRY_NUMBER.sub(lambda m: f"entry {numbers.get(int(m.group(1)), int(m.group(1)))}", note)  # noqa: B023
        out.append(entry if entry.n == n and note == entry.note else _changed(entry, n=n, note=note))
    return out


def _merge_partner(decision: Decision, entries: Sequence[Entry], i: int, sigla: Sequence[str]) -> int:
    missing = [s for s, _ in decision.merge if s not in sigla]
    if missing:
        raise _Stale(f"no witness {', '.join(map(repr, missing))} in this collation")
    for j in range(i + 1, min(len(entries), i + 1 + MERGE_REACH)):
        if all(_flat(entries[j].reading(s).text) == t for s, t in decision.merge):
            return j
    what = ", ".join(f"{s} {t!r}" for s, t in decision.merge)
    raise _Stale(f"no entry reading {what} within {MERGE_REACH} entries after {_place(entries[i], sigla[0])}")


def _split_at(decision: Decision, entry: Entry, apparatus: Apparatus) -> list[tuple[int, int]]:
    siglum, token_text = decision.split  # type: ignore[misc]
    if siglum not in apparatus.sigla:
        raise _Stale(f"no witness {siglum!r} in this collation")
    w = apparatus.sigla.index(siglum)
    first, last = entry.columns
    for c in range(first + 1, last + 1):
        token = apparatus.alignment.columns[c][w]
        if token is not None and token.text == token_text:
            return [(first, c - 1), (c, last)]
    raise _Stale(f"{_place(entry, siglum)} has no token {token_text!r} of {siglum} to split before")


def _pinned_entries(apparatus: Apparatus, entries: Sequence[Entry], pins: Sequence[Pin]) -> list[int | None]:
    """For each pin, the index of the entry holding its column (None where the pinned tokens agree)."""
    if not pins:
        return []
    columns = apparatus.alignment.columns
    found: list[int | None] = []
    where: dict[int, dict[int, int]] = {}  # witness -> token start -> column
    for pin in pins:
        w, k = pin.tokens[0]
        if w not in where:
            where[w] = {t.start: c for c, col in enumerate(columns) if (t := col[w]) is not None}
        token = aligned_tokens(apparatus.witnesses[w].tokens)[k]
        column = where[w][token.start]
        found.append(next((i for i, e in enumerate(entries) if e.columns[0] <= column <= e.columns[1]), None))
    return found


def _annotate(entry: Entry, decision: Decision) -> Entry:
    old = entry.decision
    kinds = decision.kinds
    was = old.was if old is not None else ""
    retyped: dict[str, object] = {}
    if decision.type:
        was = was or f"{entry.type} ({entry.category})"
        retyped = {"type": decision.type, "types": (decision.type,), "category": decision.category}
    if old is not None:
        kinds = tuple(k for k in KINDS if k in old.kinds or k in kinds)
    notes = [n for n in ((old.note if old else ""), decision.note) if n]
    resps = list(dict.fromkeys(r for r in ((old.resp if old else ""), decision.resp) if r))
    decided = Decided(
        kinds=kinds,
        note="; ".join(notes),
        resp=", ".join(resps),
        ignored=(old is not None and old.ignored) or decision.ignore,
        was=was,
        sources=(*(old.sources if old else ()), decision.cited),
    )
    return _changed(entry, decision=decided, **retyped)


def printed(apparatus: Apparatus) -> Apparatus:
    """The apparatus without the entries a decision leaves out of print (for txt, LaTeX, the HTML list).

    Entries keep their numbers, as with :meth:`~collate.apparatus.Apparatus.filter`.
    """
    if not any(e.ignored for e in apparatus.entries):
        return apparatus
    return replace(apparatus, entries=tuple(e for e in apparatus.entries if not e.ignored))


def ignored(apparatus: Apparatus) -> Apparatus:
    """Only the entries a decision leaves out of print (the HTML page lists them apart), numbers kept."""
    return replace(apparatus, entries=tuple(e for e in apparatus.entries if e.ignored))


def resolve(decisions: object, sources: object) -> tuple[tuple[Decision, ...], str]:
    """The decisions ``collate(decisions=...)`` means, and the file they came from (``""`` if none).

    ``None`` picks up ``decisions.toml`` beside the witnesses; ``False`` means none;
    a path is read; a sequence of :class:`Decision` is used as it is.
    """
    if decisions is False:
        return (), ""
    if decisions is None:
        found = find_decisions(sources)
        return (load_decisions(found), str(found)) if found is not None else ((), "")
    if isinstance(decisions, str | Path):
        return load_decisions(decisions), str(decisions)
    if isinstance(decisions, Sequence) and all(isinstance(d, Decision) for d in decisions):
        return tuple(decisions), ""
    if isinstance(decisions, Mapping):
        raise DecisionError("decisions= takes a decisions file or a list of Decision, not a mapping")
    raise DecisionError(f"decisions= must be a path, a list of Decision, None or False, not {decisions!r}")


# --- align: user anchors, through the aligner seam ------------------------------


@dataclass(frozen=True)
class Pin:
    """Where an ``align`` decision puts its column: by witness (collation order), the key index named.

    ``tokens`` maps a witness's position among the witnesses to the index of the
    named token among its aligned (non-ignorable) tokens; witnesses the decision
    does not name are missing.
    """

    decision: Decision
    tokens: tuple[tuple[int, int], ...]


def locate_pins(
    decisions: Iterable[Decision], witnesses: Sequence[Witness]
) -> tuple[list[Pin], list[tuple[Decision, str]]]:
    """Find the tokens each ``align`` decision names in the normalized ``witnesses``.

    Returns the pins and the stale decisions with their reasons. A token that
    occurs more than once in a witness needs ``occurrence`` (the k-th there)
    or ``at`` (the nearest to that line:column); otherwise the decision is a
    :class:`DecisionError` naming two places.
    """
    sigla = [w.siglum for w in witnesses]
    kept = {w.siglum: aligned_tokens(w.tokens) for w in witnesses}
    pins: list[Pin] = []
    stale: list[tuple[Decision, str]] = []
    for decision in decisions:
        try:
            found = []
            for siglum, text in decision.align:
                if siglum not in sigla:
                    raise _Stale(f"no witness {siglum!r} in this collation")
                tokens = kept[siglum]
                hits = [i for i, t in enumerate(tokens) if t.text == text]
                found.append((sigla.index(siglum), _choose_token(decision, siglum, text, tokens, hits)))
        except _Stale as exc:
            stale.append((decision, str(exc)))
            continue
        pins.append(Pin(decision, tuple(found)))
    return pins, stale


def _choose_token(
    decision: Decision, siglum: str, text: str, tokens: Sequence[Token], hits: list[int]
) -> int:
    if not hits:
        raise _Stale(f"{siglum} has no token {text!r} that the aligner sees")
    at = dict(decision.at)
    if siglum in at:
        line, column = at[siglum]
        return min(hits, key=lambda i: (abs(tokens[i].line - line), abs(tokens[i].column - column)))
    if len(hits) == 1:
        return hits[0]
    if decision.occurrence:  # where the token repeats in a witness, the k-th
        if decision.occurrence > len(hits):
            raise _Stale(
                f"occurrence {decision.occurrence}, but {siglum} has {text!r} only {len(hits)} times"
            )
        return hits[decision.occurrence - 1]
    a, b = tokens[hits[0]], tokens[hits[1]]
    raise DecisionError(
        f"{decision.where}: align matches {len(hits)} tokens {text!r} of {siglum}: "
        f"{siglum} {a.line}:{a.column} and {siglum} {b.line}:{b.column}; "
        'add at = { SIGLUM = "line:column" } or occurrence = N'
    )


@dataclass
class Pinned:
    """An aligner that puts each pin's tokens in one column and aligns the stretches between with ``inner``.

    Implements the aligner seam (:class:`collate.aligners.Aligner`): keys in,
    index columns out. ``keys`` are the witnesses' keys in collation order
    (the aligner may be handed them in another order: each sequence is
    recognized by its keys). A witness a pin does not name is cut where
    ``inner`` aligning the whole would put it.
    """

    inner: Aligner
    keys: list[list[str]]
    pins: list[Pin]
    name: str = "pinned"

    def align(self, keys: Sequence[Sequence[str]], comparator: Comparator) -> list[IndexColumn]:
        """The index columns of ``keys``, every pin a column of its own."""
        # Which of our witnesses each sequence handed in is (equal sequences: in order).
        free = list(range(len(self.keys)))
        ours = []
        for seq in keys:
            w = next(w for w in free if self.keys[w] == list(seq))
            free.remove(w)
            ours.append(w)
        where = {w: j for j, w in enumerate(ours)}
        cuts = [{where[w]: i for w, i in pin.tokens} for pin in self.pins]
        if any(len(c) < len(keys) for c in cuts):
            whole = self.inner.align(keys, comparator)
            cuts = [_complete(c, whole) for c in cuts]
        order = sorted(range(len(cuts)), key=lambda k: tuple(_position(cuts[k], j) for j in range(len(keys))))
        starts = [0] * len(keys)
        columns: list[IndexColumn] = []
        previous: Pin | None = None
        for k in order:
            cut, pin = cuts[k], self.pins[k]
            for j in range(len(keys)):
                if _position(cut, j) < starts[j]:
                    assert previous is not None
                    one, other = sorted((previous.decision, pin.decision), key=lambda d: d.line)
                    raise DecisionError(
                        f"{one.where}: this align decision and the one at {other.where} cross "
                        "(their tokens stand in opposite orders in two witnesses)"
                    )
            columns += _stretch(
                keys, starts, [_position(cut, j) for j in range(len(keys))], self.inner, comparator
            )
            columns.append(
                tuple(cut.get(j) if isinstance(cut.get(j), int) else None for j in range(len(keys)))
            )
            starts = [_position(cut, j) + (1 if isinstance(cut.get(j), int) else 0) for j in range(len(keys))]
            previous = pin
        columns += _stretch(keys, starts, [len(seq) for seq in keys], self.inner, comparator)
        return columns


def _position(cut: Mapping[int, int | tuple[int]], j: int) -> int:
    """Where witness ``j`` is cut: its pinned token's index, or (``(i,)``) the index before which it has none."""
    value = cut[j]
    return value if isinstance(value, int) else value[0]


def _complete(cut: dict[int, int], whole: Sequence[IndexColumn]) -> dict[int, int | tuple[int]]:
    """Cut the witnesses a pin does not name where ``whole`` aligns them with its first named token."""
    named, index = next(iter(cut.items()))
    column = next(c for c, col in enumerate(whole) if col[named] == index)
    done: dict[int, int | tuple[int]] = dict(cut)
    for j in range(len(whole[0]) if whole else 0):
        if j in done:
            continue
        here = whole[column][j]
        if here is not None:
            done[j] = here
        else:  # nothing in that column: cut before the witness's next token
            done[j] = (sum(1 for col in whole[:column] if col[j] is not None),)
    return done


def _stretch(
    keys: Sequence[Sequence[str]], starts: list[int], ends: list[int], inner: Aligner, comparator: Comparator
) -> list[IndexColumn]:
    """``inner``'s columns for the keys between ``starts`` and ``ends``, shifted to whole-sequence indexes."""
    pieces = [list(seq[s:e]) for seq, s, e in zip(keys, starts, ends, strict=True)]
    if not any(pieces):
        return []
    found = inner.align(pieces, comparator)
    return [tuple(None if i is None else i + s for i, s in zip(col, starts, strict=True)) for col in found]
