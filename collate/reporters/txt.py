"""``apparatus.txt``: the conventional critical apparatus, one line per entry.

``ref lemma SIGLA ] reading SIGLA; reading SIGLA (type)``, where ``ref`` is
``line.word`` in the base witness. Witnesses that agree share one reading
(substantive entries group them by normalized form, the others by their exact
text). A witness that leaves the lemma out reads ``om.``; where the base has
nothing, the lemma is the base's preceding word and each addition reads
``add. words``, as critics write them::

    9.10 оторвался A C ] оторван B (grammatical)
    15.13 но A ] add. я B (addition)
    1.3 [из Сочи] A ] om. B (editorial)
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..decisions import printed
from ..model import Entry
from .base_text import text_groups


def _flat(text: str) -> str:
    return " ".join(text.split())


def line(entry: Entry, anchor: str = "") -> str:
    """One apparatus line for ``entry``; ``anchor`` is the base's word an addition follows."""
    if entry.category == "substantive" and entry.groups:
        groups = entry.groups  # readings that agree in normalized form share one lemma/reading
    else:
        groups = tuple(tuple(sigla) for _, sigla in text_groups(entry))
    lemma_group = next(g for g in groups if entry.base in g)
    lemma_text = _flat(entry.reading(entry.base).text)
    parts = []
    for group in groups:
        if group is lemma_group:
            continue
        text = _flat(entry.reading(group[0]).text)
        if not text:
            text = "om."
        elif not lemma_text:
            text = f"add. {text}"
        parts.append(f"{text} {' '.join(group)}")
    head = lemma_text or _flat(anchor) or "—"
    note = ""
    if entry.decision is not None and entry.decision.note:  # the editor's note, and who decided
        resp = f" ({entry.decision.resp})" if entry.decision.resp else ""
        note = f" — {_flat(entry.decision.note)}{resp}"
    return f"{entry.ref} {head} {' '.join(lemma_group)} ] {'; '.join(parts)} ({entry.type}){note}"


def render(apparatus: Apparatus) -> str:
    """The whole printed apparatus, one line per entry (those an editorial decision ignores left out)."""
    return "".join(line(e, apparatus.anchor(e)) + "\n" for e in printed(apparatus).entries)
