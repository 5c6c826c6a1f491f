"""TOML files of ``[[name]]`` tables whose every error names the file and the line.

The editor's files, decisions (``[[decision]]``, :mod:`collate.decisions`) and
regularization rules (``[[rule]]``, :mod:`collate.normalize.user`), are
arrays of tables. ``tomllib`` parses them but keeps no line numbers, so each
table is placed by its header line and each key by its ``key =`` line below
it: an error points at what to fix, as a compiler's does.

>>> tables = Tables('[[rule]]\\npattern = "тов"\\n\\n[[rule]]\\nregex = 1\\n', "r.toml", "rule", ValueError)
>>> [(line, table) for table, line in tables]
[(1, {'pattern': 'тов'}), (4, {'regex': 1})]
>>> raise tables.error("'regex' must be true or false", 4, "regex")
Traceback (most recent call last):
...
ValueError: r.toml:5: 'regex' must be true or false
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import located

__all__ = ["Tables"]

#: Where tomllib's message says the error is: "(at line 3, column 7)".
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


class Tables:
    """The ``[[name]]`` tables of a TOML document, each with its header's line.

    Raises ``error`` (a :class:`~collate.errors.CollateError` subclass) naming
    ``path`` and the line for a TOML syntax error (and its column), a key
    other than ``name`` at the top, ``name`` that is not an array of tables,
    or an entry that is not a table.
    """

    def __init__(self, text: str, path: str | Path, name: str, error: type[Exception]) -> None:
        self.path, self.name, self._error = path, name, error
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            where = _TOML_LINE.search(str(exc))
            message = _TOML_LINE.sub("", str(exc)).strip()
            line, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
            raise error(located(path, message, line, column)) from None
        self.lines = text.split("\n")  # TOML ends lines at \n only (\u2028 in a string does not)
        self._header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
        for key in data:
            if key != name:
                line = self.key_line(0, key)
                if line == 0:  # a [table] header rather than a key
                    table = re.compile(rf"^\s*\[+\s*{re.escape(key)}")
                    line = next((n for n, s in enumerate(self.lines, 1) if table.match(s)), 1)
                raise self.error(f"unknown table {key!r} (expected [[{name}]])", line)
        tables = data.get(name, [])
        if not isinstance(tables, list):
            raise self.error(f"{name!r} must be an array of tables: write [[{name}]]", 1)
        headers = [n for n, s in enumerate(self.lines, 1) if self._header.match(s)]
        self.tables: list[tuple[dict[str, Any], int]] = []
        for index, table in enumerate(tables):
            line = headers[index] if index < len(headers) else 1
            if not isinstance(table, dict):
                raise self.error(f"each {name} must be a table: write [[{name}]]", line)
            self.tables.append((table, line))

    def __iter__(self) -> Iterator[tuple[dict[str, Any], int]]:
        """Each table, with the line of its header."""
        return iter(self.tables)

    def key_line(self, start: int, key: str) -> int:
        """The line of ``key = ...`` in the table whose header is on line ``start`` (else ``start``).

        ``start = 0`` looks above the first table, where the top-level keys are.
        """
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(start + 1, len(self.lines) + 1):
            if self._header.match(self.lines[n - 1]):
                break
            if pattern.match(self.lines[n - 1]):
                return n
        return start

    def error(self, message: str, line: int, key: str | None = None) -> Exception:
        """The error to raise for the table on ``line``: at its ``key``'s line when given."""
        return self._error(located(self.path, message, self.key_line(line, key) if key else line))
