"""``apparatus.txt``: the conventional critical apparatus, one line per place.

``ref lemma SIGLA ] reading SIGLA; reading SIGLA (type)``, where ``ref`` is
``line.word`` in the base witness. The lines are :mod:`collate.presentation`'s:
witnesses that agree share one reading, a witness that has nothing reads
``om.``, words the base does not have read ``add. words`` after the base's word
they follow, moved words ``tr.``; entries at one place are one line, their
units joined by `` | ``::

    9.10 оторвался A ] оторван B (grammatical)
    15.13 но A ] add. я B (addition)
    1.3 [из Сочи] A ] om. B (editorial)

Plain text needs no escaping, but a control character from a witness is shown
as its Unicode picture (``␛`` for ESC), so the file prints as it reads.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..decisions import printed
from .escape import visible


def render(apparatus: Apparatus) -> str:
    """The conspectus, then the whole apparatus, one line per place (entries an editor ignores left out)."""
    return "".join(visible(place.line()) + "\n" for place in printed(apparatus).places)
