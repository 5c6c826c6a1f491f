"""``alignment.json``: the token alignment table in Java CollateX's JSON shape.

``{"witnesses": [sigla], "table": [column, ...]}``: each column has one cell
per witness, each cell a list of at most one token ``{"t": original, "n":
normalized, ...}`` (empty where the witness has nothing). The document is
:meth:`collate.model.Alignment.to_dict`; this module only lays it out with one
column per line, so a diff of two runs shows which columns changed.

>>> import json
>>> from collate import collate
>>> app = collate({"A": "the black cat", "B": "the cat"})
>>> doc = json.loads(render(app))
>>> doc["witnesses"], [[len(cell) for cell in column] for column in doc["table"]]
(['A', 'B'], [[1, 1], [1, 0], [1, 1]])
>>> doc == json.loads(app.alignment.to_json())
True
"""

from __future__ import annotations

import json

from ..apparatus import Apparatus


def render(apparatus: Apparatus) -> str:
    """The alignment table as JSON, one column per line, Cyrillic kept as is."""
    data = apparatus.alignment.to_dict()

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = [f"    {dump(column)}" for column in data["table"]]
    table = "[\n" + ",\n".join(lines) + "\n  ]" if lines else "[]"
    return f'{{\n  "witnesses": {dump(data["witnesses"])},\n  "table": {table}\n}}\n'
