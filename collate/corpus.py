"""A corpus: many documents, each two or more witnesses, read from a folder or a corpus manifest.

Three layouts (:func:`load_corpus`):

- a **folder of document folders**: every subfolder (not hidden) is one
  document, read as a witness folder is (its files, or its ``witnesses.toml``);
  the document id is the subfolder's name;
- a **corpus.toml** (in the folder, or named): ``[[document]]`` tables with an
  ``id`` and either ``folder`` (a witness folder) or ``[[document.witness]]``
  tables with the keys of a ``witnesses.toml`` entry (``file``, ``siglum``,
  ``choice``, ``encoding``, ``title``, ``source``, ``id``, ``language``), plus the
  document's options ``profile``, ``base``, ``rules`` (a list), ``tei_choice`` and ``language``;
- a **corpus.csv**: one row per witness, columns ``document`` and ``file``
  (required), ``siglum``, ``choice``, ``encoding``, ``title``, ``source``,
  ``language`` (optional), and the document options ``profile`` and ``base``
  (the same on every row of a document).

Paths are relative to the manifest. One TEI file may be named twice in one
document with ``choice = "orig"`` and ``choice = "reg"``: the edition's
original spelling against its own regularization.

A corpus that cannot be used at all (missing, a broken manifest, no
documents, two documents with one id) raises :class:`~collate.errors.CorpusError`
naming the file and line; a document that cannot be read is the batch's
business (an ``error`` row), not the corpus's.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "corpus.toml").write_text('''
... [[document]]
... id = "letter"
... witness = [{file = "letter.xml", siglum = "orig", choice = "orig"},
...            {file = "letter.xml", siglum = "reg", choice = "reg"}]
... ''', encoding="utf-8")
>>> [(d.id, [w["siglum"] for w in d.witnesses]) for d in load_corpus(root).documents]
[('letter', ['orig', 'reg'])]
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import CorpusError, WitnessError, located
from .model import Witness
from .witnesses import (
    MANIFEST,
    STAMP,
    check_witnesses,
    read_entry,
    read_folder,
    read_toml,
)

CORPUS_TOML = "corpus.toml"
CORPUS_CSV = "corpus.csv"
#: Files the batch writes at the top of its output folder: no document may be named so.
OUTPUTS = ("corpus.parquet", "corpus.csv", "entries.parquet", "index.html")
#: Options a document may set for itself (the rest are the batch's).
DOCUMENT_OPTIONS = frozenset({"profile", "base", "rules", "tei_choice", "language"})
DOCUMENT_KEYS = frozenset({"id", "folder", "witness", *DOCUMENT_OPTIONS})
WITNESS_COLUMNS = ("file", "siglum", "choice", "encoding", "title", "source", "language")
CSV_COLUMNS = frozenset({"document", *WITNESS_COLUMNS, "profile", "base"})
_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*document[ \t]*\]\]", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    """One document of a corpus: its id, and a witness folder or a list of manifest entries.

    ``witnesses`` are ``witnesses.toml`` entries (dicts of text) relative to
    ``root``; ``options`` the document's own ``profile``, ``base``, ``rules``,
    ``tei_choice``; ``where`` names the manifest place, for messages.
    """

    id: str
    folder: Path | None = None
    witnesses: tuple[dict[str, str], ...] = ()
    root: Path = Path()
    options: dict[str, Any] = field(default_factory=dict)
    where: str = ""

    def read(
        self, encoding: str | None = None, tei_choice: str = "orig", allow_outside: bool = False
    ) -> list[Witness]:
        """The document's witnesses, read through the reader registry and checked (two or more, unique sigla).

        Its files must lie inside the manifest's folder (or the document's
        folder) unless ``allow_outside``, as for a ``witnesses.toml``.
        """
        tei_choice = self.options.get("tei_choice", tei_choice)
        if self.folder is not None:
            witnesses = read_folder(self.folder, encoding, tei_choice, allow_outside)
        else:
            witnesses = []
            for j, entry in enumerate(self.witnesses, 1):
                where = f"{self.where}: witness #{j}" if self.where else f"witness #{j}"
                witnesses.extend(
                    read_entry(entry, self.root, where, self.where, encoding, tei_choice, allow_outside)
                )
        check_witnesses(witnesses)
        return witnesses

    def describe(self) -> dict[str, Any]:
        """What the document is, as JSON-ready data (for the content hash): not where the corpus lies."""
        return {
            "id": self.id,
            "witnesses": [dict(sorted(w.items())) for w in self.witnesses],
            "options": dict(sorted(self.options.items())),
        }


@dataclass(frozen=True)
class Corpus:
    """A corpus: where it was read from, and its documents in order."""

    source: Path
    documents: tuple[Document, ...]


def load_corpus(path: str | PathLike[str], exclude: Path | None = None) -> Corpus:
    """Read a corpus from a folder of document folders, a ``corpus.toml`` or a ``corpus.csv``.

    A folder holding ``corpus.toml`` (or ``corpus.csv``) is read from it.
    ``exclude`` is a folder not to take as a document (the batch's output
    folder, when it lies inside the corpus). Raises
    :class:`~collate.errors.CorpusError` when the corpus is unusable.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(located(path, "no such corpus (a folder of document folders, corpus.toml or .csv)"))
    if path.is_dir():
        for name in (CORPUS_TOML, CORPUS_CSV):
            if (path / name).is_file():
                return load_corpus(path / name)
        documents = _folder_documents(path, exclude)
    elif path.suffix.lower() == ".toml":
        documents = _toml_documents(path)
    elif path.suffix.lower() == ".csv":
        documents = _csv_documents(path)
    else:
        raise CorpusError(located(path, "not a corpus: a folder, a corpus .toml or a corpus .csv"))
    if not documents:
        raise CorpusError(located(path, "the corpus has no documents"))
    return Corpus(path, tuple(documents))


def _folder_documents(folder: Path, exclude: Path | None) -> list[Document]:
    skip = exclude.resolve() if exclude is not None else None
    documents = []
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or sub.name.startswith((".", "_")) or sub.resolve() == skip:
            continue
        if (sub / STAMP).exists() and not (sub / MANIFEST).exists() and _only_reports(sub):
            continue  # a folder of reports collate wrote (an output folder inside the corpus)
        _check_id(sub.name, located(folder, f"folder {sub.name!r}"))
        documents.append(Document(sub.name, folder=sub.resolve()))
    if not documents and any(p.is_file() for p in folder.iterdir()):
        raise CorpusError(
            located(
                folder, "no document folders here (a witness folder? use `collate report` for one document)"
            )
        )
    return documents


def _only_reports(folder: Path) -> bool:
    from .witnesses import stamped

    ours = stamped(folder) | {STAMP}
    return all(p.name in ours or p.name.startswith(".") for p in folder.iterdir())


def _check_id(doc_id: str, where: str) -> str:
    """A document id names a folder under the output: one path component, not hidden, not an output file."""
    if (
        not doc_id
        or doc_id != doc_id.strip()
        or any(c in doc_id for c in "/\\\x00")
        or doc_id.startswith(".")
        or doc_id in OUTPUTS
    ):
        raise CorpusError(
            f"{where}: bad document id {doc_id!r} (one folder name: no slashes, not hidden, "
            f"not {', '.join(OUTPUTS)})"
        )
    return doc_id


def _options(table: dict[str, Any], where: str) -> dict[str, Any]:
    from .normalize import PROFILES
    from .witnesses import TEI_CHOICES

    options = {k: table[k] for k in DOCUMENT_OPTIONS if k in table and table[k] not in ("", None)}
    for key in ("profile", "base", "tei_choice", "language"):
        if key in options and not isinstance(options[key], str):
            raise CorpusError(f"{where}: {key} must be text")
    if "language" in options:
        from .language import LANGUAGES

        if options["language"] not in LANGUAGES:
            raise CorpusError(
                f"{where}: unknown language {options['language']!r} (known: {', '.join(LANGUAGES)})"
            )
    if "rules" in options and (
        not isinstance(options["rules"], list) or not all(isinstance(r, str) for r in options["rules"])
    ):
        raise CorpusError(f'{where}: rules must be a list of rule switches (["+yo", "-case"])')
    if "profile" in options and options["profile"] not in PROFILES:
        raise CorpusError(f"{where}: unknown profile {options['profile']!r} (known: {', '.join(PROFILES)})")
    if "tei_choice" in options and options["tei_choice"] not in TEI_CHOICES:
        raise CorpusError(f"{where}: tei_choice must be one of {', '.join(TEI_CHOICES)}")
    return options


def _toml_documents(manifest: Path) -> list[Document]:
    try:
        raw, data = read_toml(manifest, "corpus manifest")
    except WitnessError as exc:
        raise CorpusError(str(exc)) from None
    tables = data.get("document")
    if not isinstance(tables, list) or not tables:
        raise CorpusError(located(manifest, "the corpus manifest lists no [[document]] tables"))
    lines = [raw.count("\n", 0, m.start()) + 1 for m in _TABLE.finditer(raw)]
    root = manifest.parent.resolve()
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for i, table in enumerate(tables, 1):
        line = lines[i - 1] if len(lines) == len(tables) else None
        where = located(manifest, f"[[document]] #{i}", line)
        if not isinstance(table, dict):
            raise CorpusError(f"{where}: not a table")
        unknown = set(table) - DOCUMENT_KEYS
        if unknown:
            raise CorpusError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        doc_id = table.get("id")
        if not isinstance(doc_id, str):
            raise CorpusError(f"{where}: has no id")
        _check_id(doc_id, where)
        if doc_id in seen:
            raise CorpusError(f"{where}: duplicate document id {doc_id!r} (also {seen[doc_id]})")
        seen[doc_id] = where
        options = _options(table, where)
        folder, entries = table.get("folder"), table.get("witness")
        if (folder is None) == (entries is None):
            raise CorpusError(f"{where}: give either folder = ... or [[document.witness]] tables")
        if folder is not None:
            if not isinstance(folder, str) or not folder:
                raise CorpusError(f"{where}: folder must be text")
            documents.append(Document(doc_id, folder=root / folder, options=options, where=where))
            continue
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise CorpusError(f"{where}: witness must be [[document.witness]] tables")
        documents.append(Document(doc_id, witnesses=tuple(entries), root=root, options=options, where=where))
    return documents


def _csv_documents(manifest: Path) -> list[Document]:
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(located(manifest, f"cannot read corpus manifest ({exc})")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = {"document", "file"} - set(header)
    if missing:
        raise CorpusError(
            located(
                manifest, f"needs the columns document and file (missing: {', '.join(sorted(missing))})", 1
            )
        )
    unknown = set(header) - CSV_COLUMNS
    if unknown:
        raise CorpusError(
            located(
                manifest,
                f"unknown column(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(CSV_COLUMNS))})",
                1,
            )
        )
    root = manifest.parent.resolve()
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise CorpusError(located(manifest, "more cells than columns", line))
            doc_id = (row.get("document") or "").strip()
            if not doc_id and not any((v or "").strip() for v in row.values()):
                continue  # a blank line
            _check_id(doc_id, located(manifest, "document", line))
            if not (row.get("file") or "").strip():
                raise CorpusError(located(manifest, "the row has no file", line))
            rows.setdefault(doc_id, []).append((line, row))
    except csv.Error as exc:
        raise CorpusError(located(manifest, f"broken CSV: {exc}", reader.line_num)) from None
    documents = []
    for doc_id, found in rows.items():
        first = found[0][0]
        where = located(manifest, f"document {doc_id!r}", first)
        options: dict[str, Any] = {}
        for key in ("profile", "base"):
            values = {(row.get(key) or "").strip() for _, row in found} - {""}
            if len(values) > 1:
                raise CorpusError(f"{where}: its rows give different {key}s ({', '.join(sorted(values))})")
            if values:
                options[key] = values.pop()
        options = _options(options, where)
        entries = tuple(
            {k: row[k].strip() for k in WITNESS_COLUMNS if (row.get(k) or "").strip()} for _, row in found
        )
        documents.append(Document(doc_id, witnesses=entries, root=root, options=options, where=where))
    return documents
