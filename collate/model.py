"""Immutable data flowing through the pipeline.

witnesses -> tokenize -> normalize -> align -> classify/apparatus -> reporters.
Each stage returns new frozen objects; nothing downstream mutates what it was given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from .typology import Category, VariantType

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Kind(StrEnum):
    """What a token is: the tokenizer's vocabulary."""

    WORD = "word"
    NUMBER = "number"
    PUNCT = "punct"
    SYMBOL = "symbol"
    EDITORIAL = "editorial"  # a transcriber's bracketed insertion: [из Сочи]
    PAGINATION = "pagination"  # a page marker on a line of its own: - 2 -


#: Kinds that never take part in alignment (they are reported, never matched).
EDITORIAL_KINDS = frozenset({Kind.EDITORIAL, Kind.PAGINATION})


class _TokenFields(NamedTuple):
    text: str
    ws: str
    start: int
    end: int
    line: int
    column: int
    kind: Kind
    norm: str = ""
    rules: tuple[str, ...] = ()


class Token(_TokenFields):
    """One token of a witness, with everything needed to find it again.

    ``text`` is the original text (``source[start:end]``), ``ws`` the whitespace
    that follows it; ``norm`` the normalized form the aligner compares (by
    default ``text``), and ``rules`` the names of the normalization rules that
    changed it, in order. ``line`` and ``column`` are 1-based.

    Immutable, like every type here, but a named tuple rather than a frozen
    dataclass: a book is hundreds of thousands of tokens, built by the
    tokenizer and again by each normalization that changes one, and a frozen
    slotted dataclass took 2.5-3.4 us to build against 0.5-0.8 us (Darwin's
    2 x 35,000 words: 0.3 s of a 4 s run).

    >>> t = Token("ЦЗЕ-ДУНУ", " ", 10, 18, 1, 11, Kind.WORD)
    >>> t.norm, t.ignorable
    ('ЦЗЕ-ДУНУ', False)
    >>> t.text = "x"  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    AttributeError: can't set attribute
    """

    __slots__ = ()

    def __new__(
        cls,
        text: str,
        ws: str,
        start: int,
        end: int,
        line: int,
        column: int,
        kind: Kind,
        norm: str | None = None,
        rules: tuple[str, ...] = (),
    ) -> Token:
        """A token; ``norm`` defaults to ``text``."""
        return tuple.__new__(
            cls, (text, ws, start, end, line, column, kind, text if norm is None else norm, rules)
        )

    @property
    def ignorable(self) -> bool:
        """True when the aligner must not match this token (empty norm, editorial)."""
        return not self.norm or self.kind in EDITORIAL_KINDS

    @property
    def glued(self) -> bool:
        """True when no whitespace separates this token from the next."""
        return not self.ws

    def normalized(self, norm: str, *rules: str) -> Token:
        """Return a copy with the normalized form ``norm``, recording the ``rules`` that made it.

        Built straight from the tuple: normalization calls this once per changed token.

        >>> Token("ПЕКИН", " ", 0, 5, 1, 1, Kind.WORD).normalized("пекин", "case").rules
        ('case',)
        """
        return tuple.__new__(Token, (*self[:7], norm, (*self.rules, *rules)))

    def to_dict(self) -> dict[str, Any]:
        """The token as CollateX-style JSON: ``t`` original, ``n`` normalized, plus location."""
        data: dict[str, Any] = {
            "t": self.text,
            "n": self.norm,
            "ws": self.ws,
            "kind": str(self.kind),
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
        }
        if self.rules:
            data["rules"] = list(self.rules)
        return data


def aligned_tokens(tokens: Iterable[Token]) -> list[Token]:
    """The tokens the aligner matches: those that are not :attr:`Token.ignorable`.

    The test is written out in one comprehension rather than a property call a
    token: a whole witness at a time, 40,000 calls cost a 30,000-word diff 0.03 s.

    >>> from collate.tokenize import tokenize
    >>> [t.text for t in aligned_tokens(tokenize("Пекин [sic] Совпосол"))]
    ['Пекин', 'Совпосол']
    """
    return [t for t in tokens if t.norm and t.kind not in EDITORIAL_KINDS]


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness: its siglum, its full text and (once tokenized) its tokens."""

    siglum: str
    text: str
    title: str = ""
    source: str = ""
    path: str = ""
    encoding: str = "utf-8"
    tokens: tuple[Token, ...] = ()
    #: Tokens supplied by the input itself (CollateX JSON ``tokens``); the
    #: tokenizer is then skipped.
    pretokenized: bool = False
    #: The title of the document the witness is a witness of (a manifest's top-level ``title``).
    document: str = ""
    #: The language code whose rule pack normalizes the witness (``ru``, ``en``, ``el``,
    #: ``und``); empty until given or detected (see :mod:`collate.language`).
    language: str = ""
    #: Spans (start, end) of ``text`` that are page markers (TEI ``<pb/>``): the
    #: pipeline makes each one pagination token, whatever its label.
    pages: tuple[tuple[int, int], ...] = ()

    def with_tokens(self, tokens: Sequence[Token]) -> Witness:
        """Return a copy carrying ``tokens``."""
        return replace(self, tokens=tuple(tokens))

    def to_dict(self) -> dict[str, Any]:
        """The witness's metadata (not its text) as JSON-ready data, with its language once it has one."""
        data = {"siglum": self.siglum, "title": self.title, "source": self.source}
        if self.path:
            # The file name only: reports must not depend on where they were run from.
            data["file"] = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        data["encoding"] = self.encoding
        if self.language:
            # Which language's rules and dictionaries judged the readings (given or detected).
            data["language"] = self.language
        return data


Column = tuple[Token | None, ...]


@dataclass(frozen=True)
class Alignment:
    """A token-level alignment table: columns of one cell per witness.

    Each cell holds at most one token (the table is unsegmented), ``None`` where
    the witness has nothing. Every token of every witness appears exactly once,
    in order.
    """

    witnesses: tuple[Witness, ...]
    columns: tuple[Column, ...]
    #: Tables a later stage derives from the whole alignment and keeps with it (the apparatus's
    #: line indexes and last-token positions), so that rebuilding entries from the same alignment
    #: (editorial decisions that merge or split them) does not walk every column again; not part
    #: of the alignment's value. Kept here rather than in a module-level cache, which held the
    #: last collation alive until the process ended.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def sigla(self) -> tuple[str, ...]:
        """The witnesses' sigla, in table order."""
        return tuple(w.siglum for w in self.witnesses)

    def __len__(self) -> int:
        return len(self.columns)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)

    def row(self, siglum: str) -> tuple[Token | None, ...]:
        """One witness's cells, column by column."""
        i = self.sigla.index(siglum)
        return tuple(col[i] for col in self.columns)

    def to_dict(self) -> dict[str, Any]:
        """The table in Java CollateX's JSON shape: ``{"witnesses": [...], "table": [...]}``.

        ``table`` is a list of columns; each column has one cell per witness and
        each cell a list of tokens (empty where the witness has nothing).
        """
        return {
            "witnesses": list(self.sigla),
            "table": [[[t.to_dict()] if t is not None else [] for t in col] for col in self.columns],
        }

    def to_json(self, indent: int | None = None) -> str:
        """:meth:`to_dict` serialized (UTF-8 text, Cyrillic kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per aligned column, one column per siglum (original text; missing, NaN, if absent)."""
        import pandas as pd

        rows = [[t.text if t is not None else None for t in col] for col in self.columns]
        return pd.DataFrame(rows, columns=list(self.sigla))

    def compact(self) -> str:
        """The table as compact text, one line per witness (CollateX's test style).

        >>> from collate import collate
        >>> print(collate({"A": "the black cat", "B": "the cat"}).alignment.compact())
        A: |the|black|cat|
        B: |the|     |cat|
        """
        cells = [[t.text if t is not None else "" for t in col] for col in self.columns]
        widths = [max(len(c) for c in col) for col in cells]
        lines = []
        for i, siglum in enumerate(self.sigla):
            parts = [cells[j][i].ljust(widths[j]) for j in range(len(cells))]
            lines.append(f"{siglum}: |" + "|".join(parts) + "|")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a reading stands in its witness (1-based line and column, 0-based offsets)."""

    line: int
    column: int
    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        """As JSON-ready data."""
        return {"line": self.line, "column": self.column, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Reading:
    """What one witness reads at one apparatus entry.

    ``text`` is the original text (inner whitespace kept), ``""`` where the
    witness has nothing; ``norm`` the normalized tokens joined by spaces.
    """

    siglum: str
    text: str
    norm: str
    tokens: tuple[Token, ...]
    location: Location

    @property
    def empty(self) -> bool:
        """True when the witness has nothing here (an omission or the other side of an addition)."""
        return not self.tokens

    def __repr__(self) -> str:
        shown = "(nothing)" if self.empty else repr(" ".join(self.text.split()))
        return f"<Reading {self.siglum} {shown} at {self.location.line}:{self.location.column}>"

    def _repr_html_(self) -> str:
        import html

        text = "<i>(nothing)</i>" if self.empty else html.escape(self.text)
        return f"<b>{html.escape(self.siglum)}</b> {text} <small>{self.location.line}:{self.location.column}</small>"


@dataclass(frozen=True, slots=True)
class Move:
    """One witness's side of a transposition: the words it has at another place than the base.

    ``text`` is what the witness reads there (its original text) and
    ``location`` where it reads it; ``base_location`` is where the base has
    those words. Both places lie inside the entry's columns.
    """

    siglum: str
    text: str
    location: Location
    base_location: Location

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data."""
        return {
            "siglum": self.siglum,
            "text": self.text,
            "location": self.location.to_dict(),
            "base_location": self.base_location.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Decided:
    """What an editor decided about an entry (:mod:`collate.decisions`): who, why, and whether it prints.

    ``kinds`` names the decisions that touched the entry (``retype``,
    ``ignore``, ``merge``, ``split``, ``note``); ``was`` is the type and category
    the collation gave it before a ``retype``; ``sources`` says where each
    decision stands (``decisions.toml:3``).

    >>> Decided(("retype", "note"), note="misread", resp="AB", was="lexical (substantive)").to_dict()["resp"]
    'AB'
    """

    kinds: tuple[str, ...]
    note: str = ""
    resp: str = ""
    ignored: bool = False
    was: str = ""
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data (the ``decision`` of an ``apparatus.json`` entry)."""
        data: dict[str, Any] = {"kinds": list(self.kinds)}
        for key in ("note", "resp", "was"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.ignored:
            data["ignored"] = True
        data["sources"] = list(self.sources)
        return data


@dataclass(frozen=True, slots=True)
class DecisionLog:
    """What a run did with a decisions file: how many decisions it applied, which were stale.

    ``stale`` holds one message per decision that matched nothing, each
    starting with the decision's ``file:line``.
    """

    source: str = ""
    applied: int = 0
    stale: tuple[str, ...] = ()
    #: The decisions file's text: the HTML page offers it back with the editor's new decisions added.
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data: the file's name (not its path), the counts."""
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return {"file": name, "applied": self.applied, "stale": len(self.stale)}


def _as_type(name: str) -> VariantType | str:
    """A built-in type as its :class:`~collate.typology.VariantType`; a user class stays a string."""
    try:
        return VariantType(name)
    except ValueError:
        return str(name)


@dataclass(frozen=True)
class Entry:
    """One place of variation: a numbered apparatus entry.

    ``readings`` has one reading per witness, in witness order; ``groups``
    lists the sigla that agree in normalized form, base group first.
    ``moves`` is set on a ``transposition``: for each witness that moved
    words, where it has them and where the base has them (a report writes
    ``tr.`` and may point to both places).
    ``type`` and ``types`` are :class:`~collate.typology.VariantType` members
    (a user regularization class stays a string) and ``category`` a
    :class:`~collate.typology.Category`; being string enums they compare equal
    to, and serialize as, the strings of ``apparatus.json``.
    """

    n: int
    readings: tuple[Reading, ...]
    base: str
    type: VariantType | str
    types: tuple[VariantType | str, ...]
    category: Category
    columns: tuple[int, int]
    ref: str = ""
    rules: tuple[str, ...] = ()
    note: str = ""
    groups: tuple[tuple[str, ...], ...] = field(default=())
    moves: tuple[Move, ...] = ()
    #: The editor's decisions on this entry, if any (see :mod:`collate.decisions`).
    decision: Decided | None = None

    @property
    def ignored(self) -> bool:
        """True when an editorial decision leaves this entry out of the printed apparatus."""
        return self.decision is not None and self.decision.ignored

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", _as_type(self.type))
        object.__setattr__(self, "types", tuple(_as_type(t) for t in self.types))
        object.__setattr__(self, "category", Category(self.category))

    def reading(self, siglum: str) -> Reading:
        """The reading of witness ``siglum``."""
        for r in self.readings:
            if r.siglum == siglum:
                return r
        raise KeyError(siglum)

    @property
    def lemma(self) -> Reading:
        """The base witness's reading."""
        return self.reading(self.base)

    @property
    def texts(self) -> dict[str, str | None]:
        """Each witness's text here, by siglum: ``None`` where the witness has nothing.

        A missing reading is one thing everywhere: ``None`` here, NaN in
        ``Apparatus.to_frame()`` and ``Alignment.to_frame()``, an empty cell in
        ``apparatus.csv`` (and ``""`` in ``apparatus.json``'s ``readings``, whose
        contract predates this; ``Reading.empty`` tells).
        """
        return {r.siglum: None if r.empty else r.text for r in self.readings}

    def __repr__(self) -> str:
        from .presentation import present

        ref = f" {self.ref}" if self.ref else ""
        return f"<Entry {self.n}{ref} {present(self).line()}>"

    def _repr_html_(self) -> str:
        import html

        from .presentation import present

        p = present(self)
        rows = "".join(
            f"<tr><th>{html.escape(s.label or '—')}</th><td>{html.escape(' '.join(s.sigla))}</td></tr>"
            for s in (p.lemma, *p.readings)
        )
        head = html.escape(f"{self.n} {self.ref} ({', '.join(self.types)}, {self.category})")
        return f"<table><caption>{head}</caption>{rows}</table>"

    def to_dict(self) -> dict[str, Any]:
        """As JSON-ready data (the ``apparatus.json`` entry shape)."""
        data: dict[str, Any] = {
            "n": self.n,
            "ref": self.ref,
            "readings": {r.siglum: r.text for r in self.readings},
            "normalized": {r.siglum: r.norm for r in self.readings},
            "groups": [list(g) for g in self.groups],
            "type": str(self.type),
            "types": [str(t) for t in self.types],
            "category": str(self.category),
            "location": {r.siglum: r.location.to_dict() for r in self.readings},
        }
        if self.rules:
            data["rules"] = list(self.rules)
        if self.note:
            data["note"] = self.note
        if self.moves:
            data["moves"] = [m.to_dict() for m in self.moves]
        if self.decision is not None:
            data["decision"] = self.decision.to_dict()
        return data
