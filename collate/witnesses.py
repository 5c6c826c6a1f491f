"""Files, folders and manifests -> :class:`~collate.model.Witness`.

A witness source is a text file, a folder of them (with an optional
``witnesses.toml`` manifest), or in-memory text. Without a manifest, sigla are
the file stems.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path

from .errors import WitnessError, located
from .model import Witness

MANIFEST = "witnesses.toml"
TEXT_SUFFIXES = (".txt",)

Source = str | PathLike[str]


def read_witness(path: Source, siglum: str | None = None, encoding: str | None = None, **meta: str) -> Witness:
    """Read one witness file (UTF-8 unless ``encoding`` is given).

    Raises :class:`~collate.errors.WitnessError` naming the file when it is
    missing, unreadable, not text, or empty.
    """
    path = Path(path)
    if not path.exists():
        raise WitnessError(located(path, "no such file"))
    if path.is_dir():
        raise WitnessError(located(path, "is a folder, not a witness file"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WitnessError(located(path, f"cannot read ({exc.strerror})")) from None
    text = decode(data, path, encoding)
    return make_witness(siglum or path.stem, text, path=str(path), encoding=encoding or "utf-8", **meta)


def decode(data: bytes, path: Source, encoding: str | None = None) -> str:
    """Decode a witness file's bytes; a clear error names the file when they are not text."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WitnessError(located(path, "is a binary file (it contains NUL bytes), not a text witness"))
    enc = encoding or "utf-8-sig"
    try:
        return data.decode(enc)
    except LookupError:
        raise WitnessError(located(path, f"unknown encoding {encoding!r}")) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "" if encoding else "; give its encoding with --encoding (e.g. --encoding cp1251)"
        raise WitnessError(located(path, f"is not valid {enc} (byte {exc.start}){hint}", line)) from None


def make_witness(siglum: str, text: str, **meta: str) -> Witness:
    """A witness from text; empty or whitespace-only text is an error."""
    where = meta.get("path") or siglum
    if not text.strip():
        raise WitnessError(located(where, "the witness is empty"))
    if not siglum or any(ch.isspace() for ch in siglum):
        raise WitnessError(located(where, f"bad siglum {siglum!r} (no spaces, not empty)"))
    return Witness(siglum=siglum, text=text, **meta)


def read_folder(folder: Source, encoding: str | None = None) -> list[Witness]:
    """Read the witnesses of a folder: from its manifest, or every ``*.txt`` file in name order."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if manifest.exists():
        return read_manifest(manifest, encoding)
    files = sorted(p for p in folder.iterdir() if p.suffix in TEXT_SUFFIXES and p.is_file())
    if not files:
        raise WitnessError(located(folder, "no witnesses here (no *.txt files, no witnesses.toml)"))
    return [read_witness(p, encoding=encoding) for p in files]


def read_manifest(manifest: Source, encoding: str | None = None) -> list[Witness]:
    """Read a ``witnesses.toml`` manifest: ``[[witness]]`` tables with ``siglum``, ``file``, ``title``, ``source``."""
    manifest = Path(manifest)
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WitnessError(located(manifest, f"broken manifest: {exc}")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WitnessError(located(manifest, f"cannot read manifest ({exc})")) from None
    entries = data.get("witness")
    if not isinstance(entries, list) or not entries:
        raise WitnessError(located(manifest, "the manifest lists no [[witness]] tables"))
    witnesses = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "file" not in entry:
            raise WitnessError(located(manifest, f"[[witness]] #{i} has no 'file'"))
        unknown = set(entry) - {"siglum", "file", "title", "source", "encoding"}
        if unknown:
            raise WitnessError(located(manifest, f"[[witness]] #{i}: unknown key(s) {', '.join(sorted(unknown))}"))
        path = manifest.parent / entry["file"]
        witnesses.append(
            read_witness(
                path,
                siglum=str(entry.get("siglum") or path.stem),
                encoding=entry.get("encoding", encoding),
                title=str(entry.get("title", "")),
                source=str(entry.get("source", "")),
            )
        )
    return witnesses


def load_witnesses(
    sources: Sequence[Source] | Mapping[str, str] | Source, encoding: str | None = None
) -> list[Witness]:
    """Witnesses from a folder, a list of files (or folders), or a mapping siglum -> text.

    Checks that there are at least two and that sigla are unique.

    >>> [w.siglum for w in load_witnesses({"A": "один", "B": "одна"})]
    ['A', 'B']
    """
    if isinstance(sources, Mapping):
        witnesses = [make_witness(str(s), text) for s, text in sources.items()]
    else:
        if isinstance(sources, (str, PathLike)):
            sources = [sources]
        witnesses = []
        for source in sources:
            path = Path(source)
            if path.is_dir():
                witnesses.extend(read_folder(path, encoding))
            else:
                witnesses.append(read_witness(path, encoding=encoding))
    check_witnesses(witnesses)
    return witnesses


def check_witnesses(witnesses: Sequence[Witness]) -> None:
    """At least two witnesses, unique sigla: or a :class:`WitnessError`."""
    if len(witnesses) < 2:
        where = witnesses[0].path or witnesses[0].siglum if witnesses else "input"
        raise WitnessError(located(where, "only one witness: collation needs at least two"))
    seen: dict[str, Witness] = {}
    for w in witnesses:
        if w.siglum in seen:
            raise WitnessError(
                located(w.path or w.siglum, f"duplicate siglum {w.siglum!r} (also {seen[w.siglum].path or 'given'})")
            )
        seen[w.siglum] = w
