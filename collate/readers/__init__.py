"""Readers: a file's suffix -> its reader -> the witnesses in it, registered in :data:`READERS`.

One registry, like the reports' :data:`~collate.reporters.FORMATS`, so that a
single file, a witness folder, a ``witnesses.toml`` manifest and a corpus all
read files the same way:

=========== ================ ===========================================================
reader      suffixes         witnesses
=========== ================ ===========================================================
``text``    ``.txt``, other  one, plain text in a detected (or the given) encoding
``tei``     ``.xml .tei``    one, the text of ``<body>`` (:mod:`collate.readers.tei`)
``collatex`` ``.json``       one or more, CollateX JSON (:mod:`collate.readers.collatex`)
=========== ================ ===========================================================

Readers turn bytes into :class:`~collate.model.Witness` text and metadata;
they do not tokenize, the pipeline does (:func:`collate.witnesses.tokenize_witness`).
A TEI witness carries the spans of its page markers as data (``Witness.pages``);
a CollateX JSON witness given as ``tokens`` keeps those tokens, as data the
input fixed (``Witness.pretokenized``). Every reader keeps
``text[token.start:token.end] == token.text`` for every token made later.

>>> reader_for("w/A.xml").name, reader_for("w/B.JSON").name, reader_for("w/C.md").name
('tei', 'collatex', 'text')
>>> folder_suffixes()
('.txt', '.xml', '.tei')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from ..model import Witness
from . import collatex, text


def _read_tei(*args: object) -> list[Witness]:
    """:func:`collate.readers.tei.read`, imported when a TEI file is read: lxml is not needed on every start."""
    from . import tei

    return tei.read(*args)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Reader:
    """A witness file format: its name, the suffixes it claims, and the function that reads it.

    ``read(data, path, encoding, choice, siglum)`` returns the file's
    witnesses (sigla from the file: the stem, or ``siglum`` for a one-witness
    format, or the ids a multi-witness format names); ``in_folders`` says whether a folder scan without a
    manifest picks such files up.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes, Path, str | None, str, str | None], list[Witness]]
    description: str
    in_folders: bool = True


READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader("text", (".txt",), text.read, "plain text in a detected (or the given) encoding"),
        Reader(
            "tei", (".xml", ".tei"), _read_tei, "TEI XML: the text of <body>, <choice> read as orig or reg"
        ),
        # CollateX JSON is read when named (a file argument, a manifest), not by a folder scan:
        # a folder of reports holds alignment.json, which is not a witness.
        Reader(
            "collatex", (".json",), collatex.read, "CollateX JSON, one or more witnesses", in_folders=False
        ),
    )
}
#: Files whose suffix no reader claims are read as plain text.
FALLBACK = "text"


def reader_for(path: str | PathLike[str]) -> Reader:
    """The reader of a file, by its suffix (case-insensitive); plain text for any other suffix."""
    suffix = Path(path).suffix.lower()
    return next((r for r in READERS.values() if suffix in r.suffixes), READERS[FALLBACK])


def folder_suffixes() -> tuple[str, ...]:
    """The suffixes a folder scan picks up, in registry order."""
    return tuple(s for r in READERS.values() if r.in_folders for s in r.suffixes)
