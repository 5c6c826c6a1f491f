"""Alignment -> apparatus: the numbered entries where the witnesses differ.

A column of the alignment *varies* when its tokens' original texts differ (a
token missing counts), or when witnesses differ in the spacing after it
(``т.Булганину`` / ``т. Булганину``). Runs of varying columns become entries:

* a column holding an editorial insertion or a page marker is an entry of its own;
* columns whose words differ in normalized form (substantive) and columns that
  differ only in spelling, case or punctuation (accidental) form separate runs,
  so one entry never mixes a real variant with spelling noise; a punctuation
  mark glued to a substantive run belongs to it;
* an entry that is only punctuation or spacing is widened to the words the
  punctuation is glued to, so it reads ``Однако`` / ``Однако,`` rather than ``""`` / ``,``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aligners.comparators import EXACT, Comparator
from .classify import (
    CATEGORIES,
    TYPES,
    WORDISH,
    category_of,
    classify,
    ordered,
    relate_readings,
    words,
)
from .model import (
    EDITORIAL_KINDS,
    Alignment,
    DecisionLog,
    Entry,
    Kind,
    Location,
    Move,
    Reading,
    Token,
    Witness,
)
from .presentation import Place, Presentation, places, present
from .references import assign_references
from .tokenize import LineIndex
from .typology import VariantType, check_labels, matches

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .graph import Tree

MAJORITY = "majority"
#: A missing reading in a DataFrame: NaN, as pandas (and ``Alignment.to_frame()``) has it.
_MISSING = float("nan")


@dataclass(frozen=True)
class Apparatus:
    """The critical apparatus of a collation: witnesses, alignment and entries."""

    witnesses: tuple[Witness, ...]
    base: str
    profile: str
    rules: tuple[str, ...]
    alignment: Alignment
    entries: tuple[Entry, ...]
    options: dict[str, Any] = field(default_factory=dict)
    #: What the editorial decisions did (:mod:`collate.decisions`); empty when none were given.
    decisions: DecisionLog = field(default_factory=DecisionLog)
    #: Where each line of the base text starts: ``(witness index, token start) -> line number``
    #: (:mod:`collate.references`), for the line numbers beside the HTML and LaTeX text.
    line_starts: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    @property
    def sigla(self) -> tuple[str, ...]:
        """The witnesses' sigla, in order."""
        return tuple(w.siglum for w in self.witnesses)

    def witness(self, siglum: str) -> Witness:
        """The witness with ``siglum``."""
        return self.witnesses[self.sigla.index(siglum)]

    def filter(self, only: str | Sequence[str] = (), ignore: str | Sequence[str] = ()) -> Apparatus:
        """Keep the entries matching a label of ``only`` (all if empty) and none of ``ignore``.

        A label is a category, a type, or a user regularization class of this
        collation; a single string is one label. An entry matches a type label
        when *any* of its types is that type (:func:`collate.typology.matches`,
        the one meaning of ``--only``). An unknown label raises
        :class:`~collate.errors.CollateError` naming the argument. Entries keep
        their numbers, so a filtered report still cites the full apparatus.

        >>> from collate import collate
        >>> app = collate({"A": "Мао сказал", "B": "МАО ответил"})
        >>> [e.type for e in app.filter("case").entries], len(app.filter(ignore="substantive").entries)
        (['case'], 1)
        >>> app.filter(only=["substantial"])
        Traceback (most recent call last):
        ...
        collate.errors.CollateError: only: unknown label 'substantial' (categories: substantive, accidental, editorial; types: lexical, grammatical, rewrite, transposition, addition, omission, abbreviation, transliteration, orthographic, word-division, case, punctuation, unicode, editorial, pagination)
        """
        known = self.user_classes
        wanted = check_labels(only, "only", known)
        unwanted = check_labels(ignore, "ignore", known)
        keep = []
        for entry in self.entries:
            if wanted and not matches(entry.category, entry.types, wanted):
                continue
            if unwanted and matches(entry.category, entry.types, unwanted):
                continue
            keep.append(entry)
        return replace(self, entries=tuple(keep))

    @property
    def title(self) -> str:
        """The title of every report: the manifest's ``title``, else ``Apparatus: A / B``.

        ``options["title"]`` overrides it (a library caller can set one).
        """
        documents = {w.document for w in self.witnesses if w.document}
        found = self.options.get("title") or (documents.pop() if len(documents) == 1 else "")
        return str(found or f"Apparatus: {' / '.join(self.sigla)}")

    @property
    def user_classes(self) -> tuple[str, ...]:
        """The user regularization classes this collation's rules can give entries (``user:<class>``)."""
        return tuple(sorted({r.removeprefix("user:") for r in self.rules if r.startswith("user:")}))

    def summary(self) -> dict[str, Any]:
        """Counts by category and by type (each summing to the number of entries), and agreement.

        ``by_type`` lists every type of the vocabulary (zero included), then any
        user regularization class found; ``agreement`` is :func:`agreement`.
        ``ignored`` counts the entries an editorial decision leaves out of print
        (they are counted in ``entries`` too), ``decisions`` the decisions applied.
        """
        by_category = Counter(e.category for e in self.entries)
        by_type = Counter(e.type for e in self.entries)
        names = [*TYPES, *sorted(set(by_type) - set(TYPES))]
        return {
            "entries": len(self.entries),
            "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
            "by_type": {t: by_type.get(t, 0) for t in names},
            "agreement": dict(self._agreement),
            "ignored": sum(1 for e in self.entries if e.ignored),
            "decisions": self.decisions.applied,
        }

    @cached_property
    def _agreement(self) -> dict[str, float]:
        """:func:`agreement` of the alignment, computed once: every report's summary shows it."""
        return agreement(self.alignment)

    def summary_frame(self) -> pd.DataFrame:
        """The counts by type as a DataFrame: one row per type, with its ``category`` and ``entries``."""
        import pandas as pd

        by_type = self.summary()["by_type"]
        rows = [(t, category_of(t), n) for t, n in by_type.items()]
        return pd.DataFrame(rows, columns=["type", "category", "entries"]).set_index("type")

    def agreement_frame(self) -> pd.DataFrame:
        """Pairwise agreement as a square DataFrame (sigla by sigla, 1.0 on the diagonal)."""
        import pandas as pd

        shares = self._agreement
        sigla = list(self.sigla)
        frame = pd.DataFrame(1.0, index=sigla, columns=sigla)
        for pair, share in shares.items():
            a, b = pair.split("/", 1)
            frame.loc[a, b] = frame.loc[b, a] = share
        return frame

    def distances(self, category: str | None = "substantive", counts: bool = False) -> pd.DataFrame:
        """Pairwise disagreement of the witnesses over the entries of ``category``: :func:`collate.graph.distances`."""
        from .graph import distances

        return distances(self, category, counts)

    def tree(self, category: str | None = "substantive", method: str = "upgma") -> Tree:
        """The witnesses clustered by :meth:`distances` (UPGMA by default): :func:`collate.graph.tree`."""
        from .graph import tree

        return tree(self, category, method)

    def anchor(self, entry: Entry) -> str:
        """The base's last word before ``entry``: what an addition follows (``""`` at the start)."""
        w = self.sigla.index(entry.base)
        first = entry.columns[0]
        c = self._last_words[w][first - 1] if first > 0 else None
        return self.alignment.columns[c][w].text if c is not None else ""  # type: ignore[union-attr]

    @cached_property
    def _last_words(self) -> list[list[int | None]]:
        """By witness and column: the column of the witness's last word up to there (one pass, not one per entry)."""
        return [_last_positions(self.alignment.columns, w, WORDISH) for w in range(len(self.witnesses))]

    @cached_property
    def presentations(self) -> tuple[Presentation, ...]:
        """Every entry as the reports present it (:mod:`collate.presentation`), in order."""
        return tuple(present(e, self.anchor(e)) for e in self.entries)

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """The entries grouped by place: consecutive entries with one reference print as one line."""
        return places(self.presentations)

    def presentation(self, entry: Entry) -> Presentation:
        """The :class:`~collate.presentation.Presentation` of ``entry``."""
        return self._presentation_of[entry.n]

    @cached_property
    def _presentation_of(self) -> dict[int, Presentation]:
        return {p.n: p for p in self.presentations}

    @cached_property
    def _place_of(self) -> dict[int, int]:
        """By entry number: the number of the place (its first entry) the entry belongs to."""
        return {u.n: place.n for place in self.places for u in place.units}

    def to_dict(self) -> dict[str, Any]:
        """The ``apparatus.json`` document."""
        entries = []
        for e, p in zip(self.entries, self.presentations, strict=True):
            data = e.to_dict()
            data["apparatus"] = _shown_dict(p, self._place_of[e.n])
            entries.append(data)
        return {
            "title": self.title,
            "witnesses": [w.to_dict() for w in self.witnesses],
            "base": self.base,
            "profile": self.profile,
            "rules": list(self.rules),
            "summary": self.summary(),
            "entries": entries,
        }

    def write(
        self, folder: str | Path, formats: str | Sequence[str] = "all", force: bool = False
    ) -> list[Path]:
        """Write the reports into ``folder``; return the paths written.

        ``formats`` names the formats (``"html"``, ``"json,csv"``, a list, or
        ``"all"``: see :data:`collate.reporters.FORMATS`). The files are written
        as ``collate report`` writes them: all rendered first, each written
        atomically, and a file in ``folder`` that collate did not write is
        replaced only with ``force=True``.

        >>> import tempfile
        >>> from collate import collate
        >>> app = collate({"A": "the black cat", "B": "the cat"})
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in app.write(folder, formats="txt,json")]
        ['apparatus.txt', 'apparatus.json']
        """
        from .reporters import write_reports

        return write_reports(self, Path(folder), formats, force=force)

    def to_frame(self, long: bool = False) -> pd.DataFrame:
        """The entries as a DataFrame: what ``apparatus.csv`` carries, indexed by entry number.

        One row per entry: ``ref``, a column per siglum (the reading's text;
        NaN where the witness has nothing), ``type``, ``category``, ``types``,
        ``base``, ``rules``, ``note``, ``apparatus`` (the entry as every report
        prints it) and ``place``, then per siglum its normalized form
        (``<siglum>_norm``) and location (``_line``, ``_column``, ``_start``, ``_end``).

        ``long=True`` gives one row per reading instead, for ``groupby`` work:
        ``n``, ``ref``, ``siglum``, ``text`` (NaN where the witness has nothing),
        ``norm``, ``lemma`` (the reading is the lemma's), ``group`` (the
        agreement group, 0 the lemma's), ``notation``, ``type``, ``category``
        and the location.

        >>> from collate import collate
        >>> app = collate({"A": "the black cat", "B": "the cat"})
        >>> app.to_frame()[["A", "B", "type"]]
               A    B      type
        n
        1  black  NaN  omission
        >>> app.to_frame(long=True)[["n", "siglum", "text", "lemma", "group"]]
           n siglum   text  lemma  group
        0  1      A  black   True      0
        1  1      B    NaN  False      1
        """
        import pandas as pd

        if long:
            return self._long_frame()
        rows = []
        for e, p in zip(self.entries, self.presentations, strict=True):
            row: dict[str, Any] = {"n": e.n, "ref": e.ref}
            row.update({r.siglum: r.text if r.tokens else _MISSING for r in e.readings})
            row.update(
                {
                    "type": str(e.type),
                    "category": str(e.category),
                    "types": " ".join(e.types),
                    "base": e.base,
                    "rules": " ".join(e.rules),
                    "note": e.note,
                    "apparatus": p.line(),
                    "place": self._place_of[e.n],
                }
            )
            d = e.decision  # the editor's decision, as apparatus.csv's last three columns
            row.update(
                {
                    "decision": " ".join(d.kinds) if d is not None else "",
                    "resp": d.resp if d is not None else "",
                    "decision_note": d.note if d is not None else "",
                }
            )
            for r in e.readings:
                row[f"{r.siglum}_norm"] = r.norm if r.tokens else _MISSING
                for key, value in r.location.to_dict().items():
                    row[f"{r.siglum}_{key}"] = value
            rows.append(row)
        columns = ["n", "ref", *self.sigla, "type", "category", "types", "base", "rules", "note"]
        columns += ["apparatus", "place", *(f"{s}_norm" for s in self.sigla)]
        columns += [f"{s}_{k}" for s in self.sigla for k in ("line", "column", "start", "end")]
        columns += ["decision", "resp", "decision_note"]
        return pd.DataFrame(rows, columns=columns).set_index("n")

    def _long_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for e, p in zip(self.entries, self.presentations, strict=True):
            for r in e.readings:
                shown = p.reading_of(r.siglum)
                rows.append(
                    {
                        "n": e.n,
                        "ref": e.ref,
                        "siglum": r.siglum,
                        "text": r.text if r.tokens else _MISSING,
                        "norm": r.norm if r.tokens else _MISSING,
                        "lemma": r.siglum in p.lemma.sigla,
                        "group": shown.group,
                        "notation": shown.notation,
                        "type": str(e.type),
                        "category": str(e.category),
                        **r.location.to_dict(),
                    }
                )
        columns = ["n", "ref", "siglum", "text", "norm", "lemma", "group", "notation", "type", "category"]
        return pd.DataFrame(rows, columns=[*columns, "line", "column", "start", "end"])

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in the notebook
        head = ", ".join(f"{k}: {v}" for k, v in self.summary()["by_category"].items())
        return f"<p><b>{len(self.entries)} entries</b> ({head})</p>" + self.to_frame()._repr_html_()

    def __repr__(self) -> str:
        return f"<Apparatus {'/'.join(self.sigla)} base={self.base} entries={len(self.entries)}>"


def _shown_dict(p: Presentation, place: int) -> dict[str, Any]:
    """The presentation of one entry in ``apparatus.json``: what every report prints."""
    return {
        "line": p.line(),
        "place": place,
        "lemma": {"text": p.lemma_label, "sigla": list(p.lemma.sigla)},
        "readings": [
            {"text": s.text, "sigla": list(s.sigla), "group": s.group, "notation": s.notation}
            for s in p.readings
        ],
    }


def agreement(alignment: Alignment) -> dict[str, float]:
    """Pairwise agreement: the share of aligned columns where two witnesses' normalized forms agree.

    Only columns where at least one of the two has a (non-ignorable) token count.
    Keys are ``"A/B"``.
    """
    sigla = alignment.sigla
    result = {}
    for i in range(len(sigla)):
        for j in range(i + 1, len(sigla)):
            same = total = 0
            for col in alignment.columns:
                a, b = col[i], col[j]
                if (a is None or a.ignorable) and (b is None or b.ignorable):
                    continue
                total += 1
                if a is not None and b is not None and a.norm == b.norm:
                    same += 1
            result[f"{sigla[i]}/{sigla[j]}"] = round(same / total, 4) if total else 1.0
    return result


# --- building entries ------------------------------------------------------

_EDITORIAL, _SUBSTANTIVE, _ACCIDENTAL = "E", "S", "A"


def _column_class(col: Sequence[Token | None]) -> str:
    if any(t is not None and t.kind in EDITORIAL_KINDS for t in col):
        return _EDITORIAL
    keys = {(t.norm if t.kind in WORDISH else "") if t is not None else "" for t in col}
    return _SUBSTANTIVE if len(keys) > 1 else _ACCIDENTAL


class _Classes:
    """Each column's class (:func:`_column_class`), computed when first asked for.

    Only the varied columns and the few beside an entry are ever asked about;
    classifying all 40,000 columns of a 30,000-word pair up front was a tenth
    of building its apparatus.
    """

    def __init__(self, cols: Sequence[Sequence[Token | None]]) -> None:
        self.cols = cols
        self.known: dict[int, str] = {}

    def __getitem__(self, c: int) -> str:
        found = self.known.get(c)
        if found is None:
            found = self.known[c] = _column_class(self.cols[c])
        return found

    def __len__(self) -> int:
        return len(self.cols)


def _last_positions(
    columns: Sequence[Sequence[Token | None]], w: int, kinds: frozenset[Kind] | None = None
) -> list[int | None]:
    """For each column: the last column up to it where witness ``w`` has a token (of ``kinds``, if given)."""
    last: list[int | None] = []
    found: int | None = None
    for c, col in enumerate(columns):
        token = col[w]
        if token is not None and (kinds is None or token.kind in kinds):
            found = c
        last.append(found)
    return last


def find_regions(alignment: Alignment) -> list[tuple[int, int]]:
    """The (first, last) column ranges of the apparatus entries, in text order."""
    cols = alignment.columns
    n = len(cols)
    nw = len(alignment.witnesses)
    # Whole-text passes witness by witness, in comprehensions, with the column
    # tuples compared in C (``count``): a 30,000-word pair has 40,000 columns
    # and a few hundred entries.
    texts = (
        [[None if t is None else t.text for t in layout] for layout in zip(*cols, strict=True)]
        if cols
        else []
    )
    varied = [row.count(row[0]) != nw for row in zip(*texts, strict=True)]
    classes = _Classes(cols)
    joined_right = [False] * n  # column c and c+1 belong to one entry (spacing differs)
    # For each witness and column c: whether its token there has whitespace
    # before its next token, when that token is in column c + 1 (else None).
    # Spacing differs where some witness says True and another False.
    spacing = [
        [None if t is None or u is None else bool(t.ws) for t, u in pairwise(layout)]
        for layout in zip(*cols, strict=True)
    ]
    for c, row in enumerate(zip(*spacing, strict=True)):
        if True in row and False in row:
            varied[c] = varied[c + 1] = True
            joined_right[c] = True

    regions: list[list[int]] = []
    run_class = ""  # the class of the current run: a glued mark joins a run without changing it
    for c in range(n):
        if not varied[c]:
            continue
        if regions:
            prev = regions[-1][1]
            same_run = prev == c - 1 and (
                joined_right[prev]
                or (classes[c] == run_class and classes[c] != _EDITORIAL)
                or _glued_punct(cols, prev, c, classes)
            )
            if same_run:
                regions[-1][1] = c
                if classes[c] == _SUBSTANTIVE:
                    run_class = _SUBSTANTIVE
                continue
        regions.append([c, c])
        run_class = classes[c]

    widened = [_widen(alignment, first, last, classes) for first, last in regions]
    merged: list[tuple[int, int]] = []
    for first, last in widened:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _punct_only(col: Sequence[Token | None]) -> bool:
    return all(
        t is None or t.kind is Kind.PUNCT or (t.ignorable and t.kind not in EDITORIAL_KINDS) for t in col
    )


def _glued_punct(cols: Sequence[Sequence[Token | None]], prev: int, c: int, classes: _Classes) -> bool:
    """A punctuation-only column glued to the substantive column beside it joins its run."""
    if {classes[prev], classes[c]} != {_SUBSTANTIVE, _ACCIDENTAL}:
        return False
    punct, other = (c, prev) if classes[c] == _ACCIDENTAL else (prev, c)
    if not _punct_only(cols[punct]):
        return False
    left, right = (other, punct) if other < punct else (punct, other)
    return any(
        a is not None and b is not None and a.glued for a, b in zip(cols[left], cols[right], strict=True)
    ) or any(t is not None and t.glued for t in cols[left])


def _widen(alignment: Alignment, first: int, last: int, classes: _Classes) -> tuple[int, int]:
    """Widen a region that is only punctuation or spacing to the words its marks are glued to."""
    cols = alignment.columns
    # A word or editorial token whose column's texts differ: the entry is more than punctuation.
    # (A column can be in the region with equal texts: spacing after it differs.)
    for col in cols[first : last + 1]:
        if len({t.text if t is not None else None for t in col}) > 1 and any(
            t is not None and (t.kind in WORDISH or t.kind in EDITORIAL_KINDS) for t in col
        ):
            return first, last
    if any(classes[c] == _EDITORIAL for c in range(first, last + 1)):
        return first, last
    # Left: a token just before the region glued to the region's first token in its witness.
    while first > 0 and classes[first - 1] != _EDITORIAL:
        col = cols[first - 1]
        # glued to its witness's next token, and that token is in the region's first column
        if not any(
            t is not None and t.glued and u is not None for t, u in zip(col, cols[first], strict=True)
        ):
            break
        first -= 1
        if any(t is not None and t.kind in WORDISH for t in col):
            break
    while last + 1 < len(cols) and classes[last + 1] != _EDITORIAL:
        col = cols[last]
        if not any(
            t is not None and t.glued and u is not None for t, u in zip(col, cols[last + 1], strict=True)
        ):
            break
        last += 1
        if any(t is not None and t.kind in WORDISH for t in cols[last]):
            break
    return first, last


class _Lookups:
    """Where a witness that reads nothing at a place is located: after its previous token.

    Found by scanning back a few columns (:attr:`SCAN`); past them, looked up
    in a table per witness (each column's last column up to it where the
    witness has a token), since scanning back for it from every entry was
    quadratic: the table is built for a witness with a long omission only (a
    diff of planted variants has none), and kept with the alignment
    (:attr:`Alignment.derived`): editorial decisions that merge or split
    entries build their pieces from the same alignment again, and on a
    35,000-word collation these whole-text passes were two thirds of that work.
    """

    def __init__(self, alignment: Alignment) -> None:
        # Its parts, not the alignment: kept in ``alignment.derived``, a reference back
        # would make every collation a cycle that only the cyclic collector frees.
        self.columns, self.witnesses = alignment.columns, alignment.witnesses
        self._lines: dict[int, LineIndex] = {}
        self._last: dict[int, list[int | None]] = {}

    @classmethod
    def of(cls, alignment: Alignment) -> _Lookups:
        """The lookups kept with ``alignment``, made on first use."""
        found = alignment.derived.get("apparatus.lookups")
        if found is None:
            found = alignment.derived["apparatus.lookups"] = cls(alignment)
        return found

    #: Columns scanned back for the previous token before the witness's table is built: an
    #: omission of a word or two finds it at once; a long one builds the table (a pass over
    #: every column, 0.03 s for a 30,000-word pair) and looks up the rest.
    SCAN = 32

    def gap(self, w: int, first: int) -> tuple[int, int, int]:
        """Offset, line and column where witness ``w`` reads nothing from column ``first`` on."""
        columns = self.columns
        prev = None
        last = self._last.get(w)
        if last is None:
            for c in range(first - 1, max(first - 1 - self.SCAN, -1), -1):
                prev = columns[c][w]
                if prev is not None:
                    break
            else:
                if first - 1 - self.SCAN >= 0:  # not found near: the table
                    last = self._last[w] = _last_positions(columns, w)
        if last is not None:
            before = last[first - 1] if first > 0 else None
            prev = columns[before][w] if before is not None else None
        start = prev.end if prev is not None else 0
        lines = self._lines.get(w)
        if lines is None:  # pretokenized offsets point into the text too
            lines = self._lines[w] = LineIndex(self.witnesses[w].text)
        return (start, *lines.position(start))


def build_apparatus(
    alignment: Alignment,
    base: str,
    profile: object,
    profile_name: str,
    rule_names: Sequence[str],
    *,
    regions: Sequence[tuple[int, int]] | None = None,
    near: Comparator = EXACT,
    advance: Callable[[int], None] | None = None,
) -> Apparatus:
    """Build the numbered, classified entries of ``alignment``.

    ``base`` is a siglum, or ``"majority"``: at each place the reading most
    witnesses share (in normalized form; a tie goes to the earlier witness).
    Readings that agree in normalized form are grouped, the base's group first.
    ``near``: the comparator the alignment was made with; with a near one, a
    one-word entry whose words are at least :data:`NEAR_SPELLING` alike is a
    spelling variant (``orthographic``) where the classifier would call it lexical.
    ``advance(n)`` is called as ``n`` more columns are done. ``regions`` are
    the entries' (first, last) column ranges, in text order, taken as they are
    (default: :func:`find_regions`, omissions split and transpositions joined;
    editorial decisions that merge or split entries pass their own).
    """
    witnesses = alignment.witnesses
    languages = {w.siglum: w.language for w in witnesses}
    lookups = _Lookups.of(alignment)

    def make(first: int, last: int) -> Entry:
        readings = tuple(_reading(alignment, w, first, last, lookups) for w in range(len(witnesses)))
        groups = _groups(readings)
        lemma = base if base != MAJORITY else max(groups, key=len)[0]
        groups = tuple(sorted(groups, key=lambda g: lemma not in g))
        verdict = classify(readings, lemma, profile, languages)
        entry = Entry(
            n=0,
            readings=readings,
            base=lemma,
            type=verdict.type,
            types=verdict.types,
            category=verdict.category,
            columns=(first, last),
            ref="",  # set on the base text below (collate.references)
            rules=verdict.rules,
            note=verdict.note,
            groups=groups,
        )
        return _retype(entry, near)

    entries = []
    done = 0
    given = regions is not None
    for first, last in regions if given else split_omissions(alignment, find_regions(alignment)):
        if advance is not None:
            advance(last + 1 - done)
            done = last + 1
        entries.append(make(first, last))
    if not given:
        entries = _join_transpositions(entries, make)
    entries = _mark_transpositions([replace(e, n=k) for k, e in enumerate(entries, 1)])
    if advance is not None:
        advance(len(alignment) - done)
    running = base if base != MAJORITY else witnesses[0].siglum
    entries, numbers = assign_references(alignment, entries, running)
    return Apparatus(
        witnesses,
        base,
        profile_name,
        tuple(rule_names),
        alignment,
        tuple(entries),
        line_starts=numbers.line_starts,
    )


def split_omissions(alignment: Alignment, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a region where a witness has nothing at the variants the other witnesses have inside it.

    One witness leaving out a long passage must not swallow what the others
    read differently there (``puerile`` / ``infantile``): the region is split
    into runs where the witnesses that have the passage agree (entries that
    are only the omission) and runs where they differ (entries with the
    omission *and* their variant). Splitting, rather than nesting entries,
    keeps one lemma per entry, which every report (and TEI's flat ``<app>``)
    can show; the omission reads on in the entries that follow.
    """
    out: list[tuple[int, int]] = []
    cols = alignment.columns
    for first, last in regions:
        span = cols[first : last + 1]
        present = [w for w in range(len(alignment.sigla)) if any(col[w] is not None for col in span)]
        absent = len(present) < len(alignment.sigla)
        if not absent or len(present) < 2 or last == first:
            out.append((first, last))
            continue
        agree = [len({col[w].norm if col[w] is not None else None for w in present}) == 1 for col in span]
        if all(agree) or not any(agree):
            out.append((first, last))
            continue
        start = first
        for c in range(first + 1, last + 1):
            if agree[c - first] != agree[c - 1 - first]:
                out.append((start, c - 1))
                start = c
        out.append((start, last))
    return out


#: A near-matched word is a spelling variant at this similarity or more (``recieve``/``receive``:
#: 0.71); below it (``this``/``that``: 0.5) a near match only placed it, and the classifier's type stands.
NEAR_SPELLING = 0.7
#: A passage is a rewrite when two readings have at least this many words each...
REWRITE_WORDS = 6
#: ... and share less than this part of their words.
REWRITE_SHARED = 0.25


def _retype(entry: Entry, near: Comparator) -> Entry:
    """Types the classifier cannot see: a rewritten passage, and a near-matched spelling."""
    lemma = words(entry.lemma.tokens)
    if entry.type in (VariantType.LEXICAL, VariantType.GRAMMATICAL) and len(lemma) >= REWRITE_WORDS:
        others = [
            words(r.tokens) for r in entry.readings if r.siglum != entry.base and r.norm != entry.lemma.norm
        ]
        long = [o for o in others if len(o) >= REWRITE_WORDS]
        if long and all(_shared(lemma, o) < REWRITE_SHARED for o in long):
            kept = [t for t in entry.types if t not in (VariantType.LEXICAL, VariantType.GRAMMATICAL)]
            types = ordered({VariantType.REWRITE, *kept})
            note = f"a rewritten passage: the readings share {max(_shared(lemma, o) for o in long):.0%} of their words"
            return replace(entry, type=types[0], types=types, category=category_of(types[0]), note=note)
    if near.near and entry.type == VariantType.LEXICAL and len(lemma) == 1:
        others = [words(r.tokens) for r in entry.readings if r.norm != entry.lemma.norm]
        if others and all(len(o) == 1 and near.similarity(lemma[0], o[0]) >= NEAR_SPELLING for o in others):
            types = ordered({VariantType.ORTHOGRAPHIC, *(t for t in entry.types if t != VariantType.LEXICAL)})
            note = "a near match: " + ", ".join(
                f"{o[0]} ~ {lemma[0]} ({near.similarity(lemma[0], o[0]):.2f})" for o in others
            )
            return replace(entry, type=types[0], types=types, category=category_of(types[0]), note=note)
    return entry


def _shared(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of words two readings have in common (multiset overlap over the longer)."""
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b), 1)


def _moved_words(entry: Entry) -> list[str]:
    """The sigla of witnesses with no words where the base has some (an omission's side)."""
    if not words(entry.lemma.tokens):
        return []
    return [r.siglum for r in entry.readings if r.siglum != entry.base and not words(r.tokens)]


def _join_transpositions(entries: list[Entry], make: Callable[[int, int], Entry]) -> list[Entry]:
    """An omission next to an addition of the same words (by the same witness) is one transposition entry.

    The aligner can match only one of two words that changed places (``replied
    I`` / ``I replied``); the other shows up as an omission and, next to it,
    an addition (or, when the aligner matched neither, as two substitutions
    that mirror each other). The two entries, with the agreeing columns between them,
    become one entry spanning both places, typed ``transposition`` and
    carrying each moving witness's two places in ``moves``.
    """
    out: list[Entry] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        nxt = entries[i + 1] if i + 1 < len(entries) else None
        moves = _pair_moves(entry, nxt) if nxt is not None else []
        if nxt is None or not moves:
            out.append(entry)
            i += 1
            continue
        merged = make(entry.columns[0], nxt.columns[1])
        kept = {
            t
            for t in merged.types
            if t not in (VariantType.ADDITION, VariantType.OMISSION, VariantType.LEXICAL)
        }
        rest = _unmatched_moves(merged, {m.siglum for m in moves})
        types = ordered({VariantType.TRANSPOSITION, *kept, *rest})
        note = "; ".join(
            [
                f"transposition relative to the base {merged.base}: "
                + ", ".join(_describe(m) for m in moves),
                *rest.values(),
            ]
        )
        out.append(
            replace(
                merged,
                type=types[0],
                types=types,
                category=category_of(types[0]),
                note=note,
                moves=tuple(moves),
            )
        )
        i += 2
    return out


def _describe(move: Move) -> str:
    here, there = move.location, move.base_location
    return f"{move.siglum} has «{move.text}» at {here.line}:{here.column}, the base at {there.line}:{there.column}"


def _pair_moves(first: Entry, second: Entry) -> list[Move]:
    """The moves that make two neighbouring entries one transposition (none: they do not)."""
    if first.base != second.base or second.columns[0] - first.columns[1] > TRANSPOSITION_COLUMNS:
        return []
    moves = []
    for omission, addition in ((first, second), (second, first)):
        base_words = Counter(words(omission.lemma.tokens))
        if not base_words or words(addition.lemma.tokens):
            continue
        for siglum in _moved_words(omission):
            reading = addition.reading(siglum)
            if Counter(words(reading.tokens)) == base_words:
                moves.append(Move(siglum, reading.text, reading.location, omission.lemma.location))
    if moves:
        return moves
    # Two readings that changed places (севернее и восточнее / восточнее и севернее):
    # CollateX aligns them as two substitutions side by side.
    one, two = words(first.lemma.tokens), words(second.lemma.tokens)
    if not one or not two or Counter(one) == Counter(two):
        return []
    for reading in first.readings:
        other = second.reading(reading.siglum)
        if words(reading.tokens) == two and words(other.tokens) == one:
            moves.append(Move(reading.siglum, other.text, other.location, first.lemma.location))
    return moves


#: How many entries apart an omission and the matching addition may stand to count as a transposition.
TRANSPOSITION_WINDOW = 3
#: ... and how many aligned columns (about words) apart: a word moved further has not been transposed.
TRANSPOSITION_COLUMNS = 8


def _mark_transpositions(entries: list[Entry], window: int = TRANSPOSITION_WINDOW) -> list[Entry]:
    """An omission matched nearby by an addition of the same words is a transposition.

    Nearby: at most :data:`TRANSPOSITION_WINDOW` entries and
    :data:`TRANSPOSITION_COLUMNS` aligned columns apart.

    The aligner can match only one of two words that changed places (``the
    black cat`` / ``the cat black``); the other shows up as an omission on one
    side and an addition on the other. Both entries become ``transposition``.
    """
    marked: dict[int, list[str]] = {}
    moved_sigla: dict[int, set[str]] = {}  # by entry: the witnesses whose omission or addition is matched
    for i, entry in enumerate(entries):
        if "omission" not in entry.types:
            continue
        moved = Counter(words(entry.lemma.tokens))
        for reading in entry.readings:
            if reading.siglum == entry.base or words(reading.tokens):
                continue
            for j in range(max(0, i - window), min(len(entries), i + window + 1)):
                other = entries[j]
                if j == i or "addition" not in other.types or other.base != entry.base:
                    continue
                gap = max(other.columns[0] - entry.columns[1], entry.columns[0] - other.columns[1])
                if gap > TRANSPOSITION_COLUMNS:
                    continue
                if Counter(words(other.reading(reading.siglum).tokens)) != moved:
                    continue
                marked.setdefault(i, []).append(f"{reading.siglum} has it at entry {other.n}")
                marked.setdefault(j, []).append(f"{reading.siglum}: moved from entry {entry.n}")
                moved_sigla.setdefault(i, set()).add(reading.siglum)
                moved_sigla.setdefault(j, set()).add(reading.siglum)
    result = []
    for i, entry in enumerate(entries):
        if i in marked:
            # Another witness may really leave the words out (or add them) at the same place.
            rest = _unmatched_moves(entry, moved_sigla[i])
            kept = {t for t in entry.types if t not in ("addition", "omission")}
            types = ordered({"transposition", *kept, *rest})
            notes = [
                f"transposition relative to the base {entry.base}: {', '.join(marked[i])}",
                *rest.values(),
            ]
            entry = replace(
                entry, type=types[0], types=types, category=category_of(types[0]), note="; ".join(notes)
            )
        result.append(entry)
    return result


def _unmatched_moves(entry: Entry, moved: set[str]) -> dict[str, str]:
    """The additions and omissions of ``entry`` by witnesses not in ``moved``, each with its note."""
    base = words(entry.lemma.tokens)
    found: dict[str, list[str]] = {}
    for reading in entry.readings:
        if reading.siglum == entry.base or reading.siglum in moved:
            continue
        kind = relate_readings(base, words(reading.tokens)).type
        if kind in ("addition", "omission"):
            found.setdefault(kind, []).append(reading.siglum)
    return {
        kind: f"{kind} in {' '.join(sigla)} relative to the base {entry.base}"
        for kind, sigla in found.items()
    }


def _reading(alignment: Alignment, w: int, first: int, last: int, lookups: _Lookups) -> Reading:
    witness = alignment.witnesses[w]
    columns = alignment.columns
    tokens = tuple(columns[c][w] for c in range(first, last + 1) if columns[c][w] is not None)
    if tokens:
        start, end = tokens[0].start, tokens[-1].end
        text = witness.text[start:end] if not witness.pretokenized else _joined(tokens)
        line, column = tokens[0].line, tokens[0].column
    else:  # nothing here: located right after the witness's previous token
        start, line, column = lookups.gap(w, first)
        end, text = start, ""
    norm = " ".join(t.norm for t in tokens if t.norm)
    return Reading(witness.siglum, text, norm, tokens, Location(line, column, start, end))


def _joined(tokens: Sequence[Token]) -> str:
    return "".join(t.text + t.ws for t in tokens[:-1]) + tokens[-1].text


def _groups(readings: Sequence[Reading]) -> tuple[tuple[str, ...], ...]:
    groups: dict[str, list[str]] = {}
    for r in readings:
        groups.setdefault(r.norm, []).append(r.siglum)
    return tuple(tuple(g) for g in groups.values())
