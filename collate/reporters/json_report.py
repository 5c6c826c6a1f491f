"""``apparatus.json``: the apparatus as JSON (the documented output contract)."""

from __future__ import annotations

import json

from ..apparatus import Apparatus


def render(apparatus: Apparatus) -> str:
    """The apparatus document, indented, Cyrillic kept as is, ending with a newline."""
    return json.dumps(apparatus.to_dict(), ensure_ascii=False, indent=2) + "\n"
