"""``apparatus.nex``: a NEXUS character matrix of the substantive variation units.

A taxon per witness, a character per substantive entry (of those the report
keeps), a state per reading: for phylogenetic software (PAUP*, SplitsTree,
MrBayes, R's phangorn). See :func:`collate.graph.to_nexus`.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..graph import to_nexus


def render(apparatus: Apparatus) -> str:
    """The NEXUS document of the apparatus's substantive entries."""
    return to_nexus(apparatus, "substantive")
