"""``apparatus.txt``: the conventional critical apparatus, one line per place.

The file opens with the title (the manifest's ``title``) and the conspectus
siglorum (each siglum with its witness's title and source), then, after a
blank line, the apparatus::

    l. 5.10 оторвался A ] оторван B (grammatical)
    l. 8.13 но A ] add. я B (addition)
    l. 1.3 [из Сочи] A ] om. B (editorial)

``ref lemma SIGLA ] reading SIGLA; reading SIGLA (type)``: ``ref`` is
``l. line.word`` on the base text (:mod:`collate.references`). The lines are
:mod:`collate.presentation`'s: witnesses that agree share one reading, a
witness that has nothing reads ``om.``, words the base does not have read
``add. words`` after the base's word they follow, moved words ``tr.``; entries
at one place are one line, their units joined by `` | ``.

Plain text needs no escaping, but a control character from the input is shown
as its Unicode picture (``␛`` for ESC), so the file prints as it reads.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..decisions import printed
from .escape import visible


def header(apparatus: Apparatus) -> list[str]:
    """The title, the base, and the conspectus siglorum: one line per witness."""
    width = max(len(s) for s in apparatus.sigla)
    lines = [apparatus.title, f"Base text: {apparatus.base}. Sigla:"]
    for w in apparatus.witnesses:
        about = ". ".join(x for x in (" ".join(w.title.split()), " ".join(w.source.split())) if x)
        lines.append(f"  {w.siglum.ljust(width)}  {about or '(no title)'}")
    return [visible(line) for line in lines]


def body(apparatus: Apparatus) -> list[str]:
    """The apparatus lines, one per place."""
    return [visible(place.line()) for place in apparatus.places]


def render(apparatus: Apparatus) -> str:
    """The title and conspectus, a blank line, then the apparatus, one line per place (entries an editor ignores left out)."""
    return "\n".join([*header(apparatus), "", *body(printed(apparatus))]) + "\n"
