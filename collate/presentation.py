"""How an apparatus entry is presented: computed once here, only formatted by the reporters.

Every report (txt, HTML, LaTeX, TEI, CSV, JSON, Markdown, the terminal) says
the same thing about an entry because each one formats the
:class:`Presentation` made here instead of grouping readings itself:

* **reading groups**: witnesses whose readings have the same words after
  normalization agree (a substantive entry); the readings of an accidental
  entry all agree (they differ only in how the words are written); an
  editorial entry's readings agree when their texts do. The lemma's group comes
  first, then the others, most witnesses first (ties in witness order).
* **printed readings**: inside a group, witnesses with the same text (spacing
  aside) share one printed reading; the lemma comes first, and in another group
  a text unlike the lemma's comes first (it is what makes the group a variant).
* **notation**: ``om.`` where a witness has nothing, ``add.`` before words the
  base does not have, ``tr.`` for words a witness has moved
  (:data:`~collate.typology.TypeInfo.siglum` of omission, addition, transposition).
* **the lemma**: the base's reading; for an addition (the base has nothing) the
  base's word the addition follows, its *anchor*.
* **places**: consecutive entries with one reference are one place and print as
  one apparatus line, their units joined by `` | ``.

A user regularization that makes ``тов`` in B read as ``товарищ`` puts B with C,
and every report shows it so:

>>> from collate import collate, get_profile
>>> from collate.normalize.user import UserRule
>>> rule = UserRule("тов", "товарищ", scope=("B",), klass="abbreviation")
>>> profile = get_profile("orthographic", user_rules=[rule])
>>> texts = {"A": "прибыл тов Иванов", "B": "прибыл тов Иванов", "C": "прибыл товарищ Иванов"}
>>> present(collate(texts, profile=profile).entries[0]).line()
'тов A ] товарищ C; тов B (lexical)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .classify import words
from .model import EDITORIAL_KINDS, Entry
from .typology import Category, VariantType

__all__ = ["Place", "Presentation", "Shown", "flat", "places", "present"]

#: The conventional notations, read from the typology.
OM = VariantType.OMISSION.info.siglum
ADD = VariantType.ADDITION.info.siglum
TR = VariantType.TRANSPOSITION.info.siglum

# The transposition note (collate.apparatus) names the witnesses that moved words.
_MOVED = regex.compile(r"(?:^|[:;,] )(\S+?)(?: has it at entry \d+|: moved from entry \d+)")


def flat(text: str) -> str:
    """``text`` with every run of whitespace (line breaks too) read as one space.

    >>> flat("two\\n  lines ")
    'two lines'
    """
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Shown:
    """One printed reading: its text, the witnesses that read it, its agreement group and notation.

    ``text`` is the witnesses' text with whitespace runs as one space (``""``
    where they have nothing); ``notation`` is ``"om."``, ``"add."``, ``"tr."``
    or ``""``; ``group`` numbers the agreement group (0: the lemma's).
    """

    text: str
    sigla: tuple[str, ...]
    group: int
    notation: str = ""

    @property
    def label(self) -> str:
        """The reading as an apparatus prints it: ``om.``, ``add. words``, ``tr. words`` or the words."""
        if not self.notation:
            return self.text
        return f"{self.notation} {self.text}".strip()


@dataclass(frozen=True)
class Presentation:
    """An entry as every report presents it: the lemma, then the other readings in order."""

    entry: Entry
    lemma: Shown
    readings: tuple[Shown, ...]
    #: The base's word an addition follows (``""`` when the entry is not an addition or at the start).
    anchor: str = ""

    @property
    def n(self) -> int:
        """The entry's number."""
        return self.entry.n

    @property
    def ref(self) -> str:
        """The entry's reference."""
        return self.entry.ref

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """The sigla of each agreement group, the lemma's first."""
        found: dict[int, list[str]] = {}
        for shown in (self.lemma, *self.readings):
            found.setdefault(shown.group, []).extend(shown.sigla)
        order = [r.siglum for r in self.entry.readings]
        return tuple(tuple(sorted(g, key=order.index)) for g in found.values())

    @property
    def lemma_label(self) -> str:
        """What stands before ``]``: the lemma's text, or for an addition the anchor (``—`` at the start)."""
        return self.lemma.text or self.anchor or "—"

    def body(self) -> str:
        """``lemma SIGLA ] reading SIGLA; reading SIGLA`` (no reference, no type)."""
        rest = "; ".join(f"{s.label} {' '.join(s.sigla)}" for s in self.readings)
        return f"{self.lemma_label} {' '.join(self.lemma.sigla)} ] {rest}"

    def line(self) -> str:
        """:meth:`body` with the entry's type: ``тов A ] товарищ C (lexical)``.

        An editor's note on the entry (:mod:`collate.decisions`) follows, with who
        decided: ``... (misreading) — B misreads the scan (AB)``.
        """
        decision = self.entry.decision
        if decision is None or not decision.note:
            return f"{self.body()} ({self.entry.type})"
        resp = f" ({decision.resp})" if decision.resp else ""
        return f"{self.body()} ({self.entry.type}) — {flat(decision.note)}{resp}"

    def reading_of(self, siglum: str) -> Shown:
        """The printed reading that ``siglum`` belongs to."""
        for shown in (self.lemma, *self.readings):
            if siglum in shown.sigla:
                return shown
        raise KeyError(siglum)


@dataclass(frozen=True)
class Place:
    """Consecutive entries with one reference: one line of a printed apparatus."""

    ref: str
    units: tuple[Presentation, ...]

    @property
    def n(self) -> int:
        """The number of the place's first entry."""
        return self.units[0].n

    def line(self) -> str:
        """``ref unit | unit``: the apparatus.txt line."""
        return f"{self.ref} " + " | ".join(u.line() for u in self.units)


def _agreement_key(entry: Entry, siglum: str) -> object:
    reading = entry.reading(siglum)
    if entry.category == Category.ACCIDENTAL:
        return ()  # same words, written otherwise: all agree
    if entry.category == Category.EDITORIAL:
        return flat(reading.text)
    return words(tuple(t for t in reading.tokens if t.kind not in EDITORIAL_KINDS))


def _moved(entry: Entry) -> set[str]:
    """The witnesses whose words are transposed at ``entry`` (its ``moves``, or read from its note)."""
    if VariantType.TRANSPOSITION not in entry.types:
        return set()
    return {m.siglum for m in entry.moves} | set(_MOVED.findall(entry.note))


def present(entry: Entry, anchor: str = "") -> Presentation:
    """The :class:`Presentation` of ``entry``; ``anchor`` is the base's word an addition follows.

    >>> from collate import collate
    >>> app = collate({"A": "the black cat", "B": "the cat", "C": "the Black cat"})
    >>> p = present(app.entries[0])
    >>> p.line(), p.groups
    ('black A ] Black C; om. B (omission)', (('A', 'C'), ('B',)))
    """
    order = [r.siglum for r in entry.readings]
    keys: dict[object, list[str]] = {}
    for siglum in sorted(order, key=lambda s: s != entry.base):
        keys.setdefault(_agreement_key(entry, siglum), []).append(siglum)
    lemma_group, *others = keys.values()
    others.sort(key=lambda g: (-len(g), order.index(g[0])))
    lemma_text = flat(entry.lemma.text)
    moved = _moved(entry)
    shown: list[Shown] = []
    for g, members in enumerate([lemma_group, *others]):
        texts: dict[str, list[str]] = {}
        for siglum in members:
            texts.setdefault(flat(entry.reading(siglum).text), []).append(siglum)
        if g == 0:
            ordered_texts = sorted(texts.items(), key=lambda kv: kv[0] != lemma_text)
        else:
            ordered_texts = sorted(
                texts.items(), key=lambda kv: (kv[0] == lemma_text, -len(kv[1]), order.index(kv[1][0]))
            )
        for text, sigla in ordered_texts:
            sig = tuple(sorted(sigla, key=order.index))
            shown.append(Shown(text, sig, g, _notation(text, lemma_text, sig, moved)))
    lemma = shown[0]
    return Presentation(
        entry, Shown(lemma.text, lemma.sigla, 0), tuple(shown[1:]), "" if lemma_text else anchor
    )


def _notation(text: str, lemma_text: str, sigla: Sequence[str], moved: set[str]) -> str:
    if moved and text and set(sigla) <= moved:
        return TR  # one entry holds both places of the moved words (Entry.moves)
    if text and lemma_text:
        return ""
    if not text and not lemma_text:
        return ""  # nothing where the base has nothing: agrees with it
    if moved and set(sigla) <= moved:
        return TR
    return OM if not text else ADD


def places(presentations: Sequence[Presentation]) -> tuple[Place, ...]:
    """Group consecutive presentations with one reference into :class:`Place` objects."""
    found: list[list[Presentation]] = []
    for p in presentations:
        if found and p.ref and found[-1][0].ref == p.ref:
            found[-1].append(p)
        else:
            found.append([p])
    return tuple(Place(units[0].ref, tuple(units)) for units in found)
