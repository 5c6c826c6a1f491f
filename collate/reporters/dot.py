"""``variant-graph.dot``: the variant graph in Graphviz's dot language (``dot -Tsvg`` draws it).

The whole alignment, or the stretch ``collate report --range`` names: a
book's whole graph is valid dot but no drawing of it is legible.
"""

from __future__ import annotations

from ..apparatus import Apparatus
from ..graph import report_columns, to_dot, variant_graph


def render(apparatus: Apparatus) -> str:
    """The variant graph of the apparatus's alignment (or of its range) as dot."""
    return to_dot(variant_graph(apparatus, report_columns(apparatus)))
