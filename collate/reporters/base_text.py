"""The running text of one witness with the apparatus entries in place.

HTML, TEI and LaTeX all print a text with its entries standing where they
occur. :func:`segments` walks the alignment columns of one witness and cuts
its text into plain stretches and entries, so every reporter prints the same
text the same way. Joining the plain stretches and each entry's reading of
that witness rebuilds the witness exactly (tokens are lossless):

>>> from collate import collate
>>> app = collate({"A": "the black cat", "B": "the cat"})
>>> [s if isinstance(s, str) else s.n for s in segments(app)]
['the ', 1, ' cat']
>>> "".join(s if isinstance(s, str) else s.reading("A").text for s in segments(app))
'the black cat'
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..apparatus import MAJORITY, Apparatus
from ..model import Entry

#: Languages recognized by script, for ``lang`` attributes: (code, name, pattern).
_SCRIPTS = (("ru", "Russian", regex.compile(r"\p{Cyrillic}")),)
_LETTER = regex.compile(r"\p{L}")


def running_siglum(apparatus: Apparatus) -> str:
    """The witness whose text carries the entries: the base, or the first witness for a majority text."""
    if apparatus.base != MAJORITY and apparatus.base in apparatus.sigla:
        return apparatus.base
    return apparatus.sigla[0]


def language(apparatus: Apparatus) -> tuple[str, str] | None:
    """``(code, name)`` of the running text's language when its script tells it, else None.

    Only what the letters show is claimed: mostly Cyrillic is taken for Russian
    (the texts collate is made for); Latin script could be any language, so it gets none.

    >>> from collate import collate
    >>> language(collate({"A": "Мао сказал", "B": "Мао ответил"}))
    ('ru', 'Russian')
    >>> language(collate({"A": "the black cat", "B": "the cat"})) is None
    True
    """
    text = apparatus.witness(running_siglum(apparatus)).text
    letters = len(_LETTER.findall(text))
    for code, name, pattern in _SCRIPTS:
        if letters and len(pattern.findall(text)) * 2 > letters:
            return code, name
    return None


def segments(apparatus: Apparatus, siglum: str | None = None) -> list[str | Entry]:
    """The text of ``siglum`` (default: :func:`running_siglum`) cut into strings and entries.

    A string is text outside every entry (whitespace kept); an entry stands for
    the witness's reading at that place (``entry.reading(siglum).text``, which
    is ``""`` where the witness has nothing). The whitespace after a reading's
    last token follows the entry as plain text. Entries filtered out of the
    apparatus are printed as plain text.
    """
    siglum = siglum or running_siglum(apparatus)
    w = apparatus.sigla.index(siglum)
    witness = apparatus.witness(siglum)
    columns = apparatus.alignment.columns
    starts = {e.columns[0]: e for e in apparatus.entries}
    out: list[str | Entry] = []
    pending: list[str] = []
    first_token = next((col[w] for col in columns if col[w] is not None), None)
    if first_token is not None and not witness.pretokenized:
        pending.append(witness.text[: first_token.start])
    c = 0
    while c < len(columns):
        entry = starts.get(c)
        if entry is None:
            token = columns[c][w]
            if token is not None:
                pending.append(token.text + token.ws)
            c += 1
            continue
        if pending:
            out.append("".join(pending))
            pending = []
        out.append(entry)
        first, last = entry.columns
        inside = [columns[k][w] for k in range(first, last + 1) if columns[k][w] is not None]
        if inside:
            pending.append(inside[-1].ws)  # type: ignore[union-attr]
        c = last + 1
    if pending and "".join(pending):
        out.append("".join(pending))
    return [s for s in out if not isinstance(s, str) or s]


def text_groups(entry: Entry) -> list[tuple[str, list[str]]]:
    """The readings of ``entry`` grouped by their text, whitespace runs read as one space.

    Each group is ``(text, sigla)``, the base's group first; witnesses whose
    texts differ only in line breaks or spacing print alike, so they share a group.

    >>> from collate import collate
    >>> app = collate({"A": "the black cat", "B": "the cat", "C": "the black cat"})
    >>> text_groups(app.entries[0])
    [('black', ['A', 'C']), ('', ['B'])]
    """
    groups: dict[str, list[str]] = {}
    for r in sorted(entry.readings, key=lambda r: r.siglum != entry.base):
        groups.setdefault(" ".join(r.text.split()), []).append(r.siglum)
    return list(groups.items())


@dataclass(frozen=True, slots=True)
class LineStart:
    """Where a line of the base text starts in the running text: its number (:mod:`collate.references`)."""

    label: str


def numbered_segments(apparatus: Apparatus, siglum: str | None = None) -> list[str | Entry | LineStart]:
    """:func:`segments` with a :class:`LineStart` where each line of the base text starts.

    A line that starts inside an entry is marked before the entry. A
    pre-tokenized witness (CollateX JSON) gets no marks: its tokens need not
    point into its text.
    """
    siglum = siglum or running_siglum(apparatus)
    segs = segments(apparatus, siglum)
    w = apparatus.sigla.index(siglum)
    if apparatus.witness(siglum).pretokenized:
        return list(segs)
    starts = sorted((start, label) for (wi, start), label in apparatus.line_starts.items() if wi == w)
    out: list[str | Entry | LineStart] = []
    pos = 0
    i = 0
    for segment in segs:
        if isinstance(segment, str):
            end = pos + len(segment)
            cut = pos
            while i < len(starts) and starts[i][0] < end:
                at = starts[i][0]
                if at > cut:
                    out.append(segment[cut - pos : at - pos])
                    cut = at
                out.append(LineStart(starts[i][1]))
                i += 1
            if end > cut:
                out.append(segment[cut - pos :])
            pos = end
            continue
        reading = segment.reading(siglum)
        if not reading.tokens:
            # Nothing of this witness here (an addition in the others): it stands after the
            # word before it, not after the line break that follows that word.
            gap = ""
            if out and isinstance(out[-1], str) and "\n" in out[-1]:
                kept = out[-1].rstrip()
                gap = out[-1][len(kept) :]
                if kept:
                    out[-1] = kept
                else:
                    out.pop()
            out.append(segment)
            if gap:
                out.append(gap)
            continue
        end = reading.location.end
        while i < len(starts) and starts[i][0] < end and starts[i][0] >= pos:
            out.append(LineStart(starts[i][1]))
            i += 1
        out.append(segment)
        pos = max(pos, end)
    return out
