"""``variant-graph.graphml``: the variant graph as GraphML (networkx, Gephi, Cytoscape, yEd read it).

The whole alignment, or the stretch ``collate report --range`` names
(``Apparatus.options["range"]``). Nodes keep their original ``text``, ``norm``,
``rank``, ``witnesses`` and ``entries``; edges their ``sigla`` and ``type``
(``path`` or ``transposition``): see :mod:`collate.graph`.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..graph import report_columns, to_graphml, variant_graph


def render(apparatus: Apparatus) -> str:
    """The variant graph of the apparatus's alignment (or of its range) as GraphML."""
    return to_graphml(variant_graph(apparatus, report_columns(apparatus)))
