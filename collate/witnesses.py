"""Files, folders and manifests -> :class:`~collate.model.Witness`.

A witness source is a file, a folder of them (with an optional
``witnesses.toml`` manifest), or in-memory text. Every file is read through
the reader registry (:data:`collate.readers.READERS`), by suffix:

``.xml``, ``.tei``  a TEI witness (:mod:`collate.readers.tei`)
``.json``           CollateX JSON, one or more witnesses (:mod:`collate.readers.collatex`)
other               plain text in any encoding :mod:`collate.encodings` detects

Without a manifest, a folder's witnesses are the files of the readers that
scan folders (``*.txt``, ``*.xml``, ``*.tei``) in name order (not the reports
collate wrote there), and sigla are the file stems. Every problem raises
:class:`~collate.errors.WitnessError` with a message naming the file (and the
line where it helps). Readers do not tokenize: :func:`tokenize_witness` does,
in the pipeline.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import Any

from .encodings import text_encoding
from .errors import CollateWarning, WitnessError, located
from .model import Kind, Token, Witness
from .readers import folder_suffixes, reader_for
from .readers.base import check_siglum, make_witness, no_surrogate, warn_mojibake
from .tokenize import tokenize

__all__ = [
    "MANIFEST",
    "STAMP",
    "TEI_CHOICES",
    "Source",
    "check_sources",
    "check_witnesses",
    "load_witnesses",
    "make_witness",
    "read_entry",
    "read_file",
    "read_folder",
    "read_manifest",
    "read_toml",
    "read_witness",
    "read_witnesses",
    "size_limit",
    "stamp_entries",
    "stamped",
    "tokenize_witness",
    "warn_mojibake",
]

MANIFEST = "witnesses.toml"
#: The stamp file listing the reports collate wrote in a folder (see :mod:`collate.reporters`).
STAMP = ".collate"
TEI_CHOICES = ("orig", "reg")
MANIFEST_KEYS = frozenset({"siglum", "file", "title", "source", "encoding", "id", "choice", "language"})

Source = str | PathLike[str]


def _check_choice(choice: str) -> None:
    if choice not in TEI_CHOICES:
        raise WitnessError(f"tei_choice= must be one of {', '.join(TEI_CHOICES)}, not {choice!r}")


#: The largest witness file collate reads, in bytes (64 MiB: ten times War and Peace in UTF-8).
#: ``collate(max_size=...)`` and ``--max-size`` change it for one run (:func:`size_limit`).
MAX_SIZE = 64 * 1024 * 1024
_max_size: ContextVar[int] = ContextVar("max_size", default=MAX_SIZE)


@contextmanager
def size_limit(max_size: int | None) -> Iterator[None]:
    """Read witness files of at most ``max_size`` bytes inside the block (None: :data:`MAX_SIZE`)."""
    if max_size is None:
        yield
        return
    if not isinstance(max_size, int) or isinstance(max_size, bool) or max_size < 1:
        raise WitnessError(f"max_size= must be a positive number of bytes, not {max_size!r}")
    token = _max_size.set(max_size)
    try:
        yield
    finally:
        _max_size.reset(token)


def _size(n: int) -> str:
    """A byte count for a message: ``64 MiB``, ``3.0 GiB``, ``812 bytes``."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _read_bytes(path: Path, listed_in: str = "") -> bytes:
    """A witness file's bytes; refused before reading when larger than the size limit."""
    suffix = f" (listed in {listed_in})" if listed_in else ""
    if not path.exists():
        raise WitnessError(located(path, f"no such file{suffix}"))
    if path.is_dir():
        raise WitnessError(located(path, f"is a folder, not a witness file{suffix}"))
    limit = _max_size.get()

    def too_large(size: str) -> WitnessError:
        return WitnessError(
            located(path, f"is {size}, larger than the {_size(limit)} limit {RAISE_LIMIT}{suffix}")
        )

    try:
        if path.is_file():
            size = path.stat().st_size  # a 3 GB sparse file is refused without reading it
            if size > limit:
                raise too_large(_size(size))
            with path.open("rb") as handle:
                # At most one byte more than the limit: a file that grows, or one whose
                # size the system does not know (/proc), cannot make collate read it whole.
                data: bytes | None = handle.read(limit + 1)
        else:
            # A pipe (`-`, `<(...)`, a FIFO) or a terminal is read as a stream; /dev/zero never ends.
            data = read_stream(path, limit)
    except OSError as exc:
        raise WitnessError(located(path, f"cannot read ({exc.strerror}){suffix}")) from None
    if data is None:
        raise WitnessError(located(path, f"is not a regular file{suffix}"))
    if len(data) > limit:
        raise too_large("more than that")
    return data


#: The most a witness read from a pipe may hold (the size limit, :data:`MAX_SIZE`, unless changed).
STREAM_LIMIT = MAX_SIZE


#: How a size-limit message says what lifts the limit (the command line names its option instead).
RAISE_LIMIT = "(max_size raises it)"


def read_stream(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of a pipe, FIFO or terminal; None for another device (/dev/zero, a disk).

    A character device that is at its end at once (``/dev/null``, as standard
    input of ``collate diff A -  < /dev/null``) reads as nothing: the witness
    is then empty, which is the error to give. More than ``limit`` bytes
    (default: the size limit) is a :class:`WitnessError` naming ``path``.
    """
    limit = _max_size.get() if limit is None else limit
    with path.open("rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stream.isatty()):
            if stat.S_ISCHR(mode) and stream.read(1) == b"":
                return b""
            return None
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise WitnessError(
            located(path, f"is more than the {_size(limit)} limit for a witness {RAISE_LIMIT}")
        )
    return data


def read_file(
    path: Source,
    encoding: str | None = None,
    tei_choice: str = "orig",
    listed_in: str = "",
    siglum: str | None = None,
) -> list[Witness]:
    """Every witness in one file, read by the reader its suffix names (:func:`collate.readers.reader_for`).

    One witness for text and TEI, one or more for CollateX JSON; sigla come
    from the file (its stem, or the JSON ids); ``siglum`` names a one-witness
    file's witness instead of its stem. ``listed_in`` names the manifest that
    listed the file, for the messages.
    """
    path = Path(path)
    reader = reader_for(path)
    if reader.name == "tei":
        _check_choice(tei_choice)
    return reader.read(_read_bytes(path, listed_in), path, encoding, tei_choice, siglum)


#: The name :func:`read_file` had before the reader registry.
read_witnesses = read_file


def read_witness(
    path: Source,
    siglum: str | None = None,
    encoding: str | None = None,
    tei_choice: str = "orig",
    listed_in: str = "",
    **meta: str,
) -> Witness:
    """Read a file that holds one witness: text in a detected (or the given) encoding, TEI, or CollateX JSON.

    Raises :class:`~collate.errors.WitnessError` naming the file when it is
    missing, unreadable, binary, undecodable, malformed, empty, or holds more
    than one witness; warns with :class:`~collate.errors.MojibakeWarning` when
    its text looks like mojibake. ``siglum`` and ``meta`` (``title``,
    ``source``) replace what the file says.
    """
    found = read_file(path, encoding, tei_choice, listed_in, siglum)
    if len(found) != 1:
        raise WitnessError(located(path, f"holds {len(found)} witnesses where one is expected"))
    witness = found[0]
    if siglum and siglum != witness.siglum:
        witness = make_witness(siglum, witness.text, where=witness.path or siglum, **_fields(witness))
    return replace(witness, **meta) if meta else witness


def _fields(witness: Witness) -> dict[str, object]:
    """A witness's fields other than siglum and text, to rebuild it under another siglum."""
    return {
        "title": witness.title,
        "source": witness.source,
        "path": witness.path,
        "encoding": witness.encoding,
        "tokens": witness.tokens,
        "pretokenized": witness.pretokenized,
        "pages": witness.pages,
    }


def tokenize_witness(witness: Witness) -> tuple[Token, ...]:
    """A witness's tokens: those its input fixed (CollateX JSON ``tokens``), or its text tokenized.

    Each page-marker span (``witness.pages``, from TEI ``<pb/>``) becomes one
    pagination token, however its label tokenizes (``- 12r -``), in one pass.
    """
    if witness.pretokenized:
        return witness.tokens
    if not witness.pages:
        return tokenize(witness.text)
    tokens: list[Token] = []
    pages = iter(witness.pages)
    page = next(pages, None)
    inside: list[Token] = []
    for token in tokenize(witness.text):
        while page is not None and token.start >= page[1]:
            if inside:
                tokens.append(_page_token(witness.text, page, inside))
                inside = []
            page = next(pages, None)
        if page is not None and page[0] <= token.start and token.end <= page[1]:
            inside.append(token)
        else:
            tokens.append(token)
    if page is not None and inside:
        tokens.append(_page_token(witness.text, page, inside))
    return tuple(tokens)


def _page_token(text: str, span: tuple[int, int], inside: list[Token]) -> Token:
    """One pagination token for the tokens ``inside`` a page marker's ``span``."""
    first, last = inside[0], inside[-1]
    return Token(
        text[span[0] : span[1]], last.ws, span[0], span[1], first.line, first.column, Kind.PAGINATION
    )


def stamp_entries(folder: Path) -> dict[str, str]:
    """What a folder's ``.collate`` stamp lists: file name -> SHA-256 of the content collate wrote
    (``""`` in a stamp from before the digests). Empty without a stamp."""
    stamp = Path(folder) / STAMP
    try:
        lines = stamp.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    entries: dict[str, str] = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, _, digest = line.strip().partition("\t")
            entries[name.strip()] = digest.strip()
    return entries


def stamped(folder: Path) -> set[str]:
    """The file names a folder's ``.collate`` stamp lists as written by collate (empty without a stamp)."""
    return set(stamp_entries(folder))


def _our_report(path: Path, digest: str) -> bool:
    """True when ``path`` is a report collate wrote: a report's file name, and the very content the stamp records.

    A stamp alone is not enough to skip a file in a folder scan: a stale or
    hostile ``.collate`` could list a witness.
    """
    from .reporters import FORMATS

    if not digest or path.name not in {f.filename for f in FORMATS.values()}:
        return False
    import hashlib  # here: its import (OpenSSL) is 5 ms of a one-line diff, which reads no stamp

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def read_folder(
    folder: Source, encoding: str | None = None, tei_choice: str = "orig", allow_outside: bool = False
) -> list[Witness]:
    """Read the witnesses of a folder: from its manifest, or every file a folder-scanning reader claims, in name order.

    Reports that collate wrote into the folder (listed in its ``.collate``
    stamp, with the content it records) are not witnesses and are skipped.
    ``allow_outside`` lets the manifest name files outside the folder (see
    :func:`read_manifest`).
    """
    folder = Path(folder)
    manifest = folder / MANIFEST
    if manifest.exists():
        return read_manifest(manifest, encoding, tei_choice, allow_outside)
    ours = stamp_entries(folder)
    suffixes = folder_suffixes()
    files, skipped = [], []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.is_dir():
            continue  # hidden files (the stamp, the lock) and subfolders are never witnesses
        if p.suffix.lower() not in suffixes or not p.is_file():
            # collate's own reports and TOML settings (decisions.toml, a rules file) are no news
            if p.name not in ours and p.suffix.lower() != ".toml":
                skipped.append(p.name)
        elif not (p.name in ours and _our_report(p, ours[p.name])):
            files.append(p)
    if skipped and files:
        # One line for all of them, so that a witness saved as .md or .docx is not lost unnoticed.
        listed = ", ".join(f"*{s}" for s in suffixes)
        warnings.warn(
            CollateWarning(
                located(folder, f"skipped {', '.join(skipped)}: a folder scan reads {listed} files only")
            ),
            stacklevel=2,
        )
    if not files:
        listed = " or ".join(f"*{s}" for s in suffixes)
        raise WitnessError(located(folder, f"no witnesses here (no {listed} files, no witnesses.toml)"))
    return [read_witness(p, encoding=encoding, tei_choice=tei_choice) for p in files]


def _real(path: Path) -> Path:
    """``path`` absolute, symbolic links followed where they can be (a loop stays as written)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*witness[ \t]*\]\]", re.MULTILINE)


def read_toml(path: Path, what: str = "manifest") -> tuple[str, dict[str, Any]]:
    """A TOML file's text and data; a :class:`WitnessError` with its line and column when it is broken."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WitnessError(located(path, f"cannot read {what} ({exc})")) from None
    try:
        return raw, tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_WHERE.search(message)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        message = _TOML_WHERE.sub("", message)
        raise WitnessError(located(path, f"broken {what}: {message}", line, column)) from None


def read_manifest(
    manifest: Source, encoding: str | None = None, tei_choice: str = "orig", allow_outside: bool = False
) -> list[Witness]:
    """Read a ``witnesses.toml`` manifest of ``[[witness]]`` tables.

    Keys: ``file`` (required, relative to the manifest), ``siglum`` (default:
    the file stem), ``title``, ``source``, ``encoding`` (default: detected, or
    the ``encoding`` argument), ``language`` (``ru``, ``en``, ``el``, ``und``:
    the witness's rule pack; default: detected), and for a CollateX JSON file ``id`` (pick one of
    its witnesses; without it, all of them), for a TEI file ``choice``
    (``"orig"`` or ``"reg"``: how its ``<choice>`` is read, default the
    ``tei_choice`` argument; one TEI file listed twice with both compares an
    edition's original spelling with its regularization). Errors give the
    manifest's line.

    Files must lie inside the manifest's folder (after following symbolic
    links): a manifest from elsewhere must not read ``../../../etc/passwd``
    into a report. ``allow_outside=True``, or ``allow_outside = true`` at the
    top of the manifest (which warns for each such file), lifts this.
    """
    manifest = Path(manifest)
    raw, data = read_toml(manifest)
    _check_top_level(manifest, raw, data)
    document = data.get("title", "")
    entries = data.get("witness")
    if not isinstance(entries, list) or not entries:
        raise WitnessError(located(manifest, "the manifest lists no [[witness]] tables"))
    own_permission = data.get("allow_outside", False)
    if not isinstance(own_permission, bool):
        raise WitnessError(located(manifest, "allow_outside must be true or false"))
    table_lines = [raw.count("\n", 0, m.start()) + 1 for m in _TABLE.finditer(raw)]
    witnesses: list[Witness] = []
    for i, entry in enumerate(entries, 1):
        line = table_lines[i - 1] if len(table_lines) == len(entries) else None
        here = located(manifest, "", line).removesuffix(": ")
        witnesses.extend(
            read_entry(
                entry,
                manifest.parent,
                located(manifest, f"[[witness]] #{i}", line),
                here,
                encoding,
                tei_choice,
                allow_outside=allow_outside or own_permission,
                warn_outside=own_permission and not allow_outside,
            )
        )
    return [replace(w, document=document) for w in witnesses] if document else witnesses


#: The keys a manifest may have outside its [[witness]] tables.
MANIFEST_TOP_KEYS = frozenset({"title", "allow_outside", "witness"})


def _check_top_level(manifest: Path, raw: str, data: dict[str, object]) -> None:
    """Refuse an unknown top-level key (a typo would be ignored silently) and a title that is not text."""
    for key in data:
        line = next(
            (
                n
                for n, text in enumerate(raw.split("\n"), 1)
                if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*[=.]", text)
            ),
            None,
        )
        if key not in MANIFEST_TOP_KEYS:
            known = ", ".join(sorted(MANIFEST_TOP_KEYS - {"witness"}))
            raise WitnessError(
                located(
                    manifest, f"unknown key {key!r} (a manifest has {known} and [[witness]] tables)", line
                )
            )
        if key == "title" and not isinstance(data[key], str):
            raise WitnessError(located(manifest, "title must be text", line))


def read_entry(
    entry: object,
    folder: Path,
    where: str,
    listed_in: str = "",
    encoding: str | None = None,
    tei_choice: str = "orig",
    allow_outside: bool = False,
    warn_outside: bool = False,
) -> list[Witness]:
    """The witnesses of one manifest entry (a ``[[witness]]`` table's keys, see :func:`read_manifest`).

    ``folder`` is where its ``file`` is relative to, and where it must lie
    unless ``allow_outside`` (``warn_outside``: with a warning); ``where``
    prefixes the entry's own errors (``witnesses.toml:4: [[witness]] #2``),
    ``listed_in`` the file's (a missing or malformed file).
    """

    def bad(message: str) -> WitnessError:
        return WitnessError(f"{where}: {message}")

    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
        raise bad("has no 'file'")
    unknown = set(entry) - MANIFEST_KEYS
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    wrong = [k for k, v in entry.items() if not isinstance(v, str)]
    if wrong:
        raise bad(f"{', '.join(sorted(wrong))} must be text")
    path = folder / entry["file"]
    if not _real(path).is_relative_to(_real(folder)):
        if not allow_outside:
            raise bad(
                f"{entry['file']!r} is outside the manifest's folder"
                " (allow_outside = true in the manifest, or the allow_outside option, reads it)"
            )
        if warn_outside:
            warnings.warn(
                CollateWarning(f"{where}: reads {entry['file']!r}, outside its folder"), stacklevel=3
            )
    meta = {"title": entry.get("title", ""), "source": entry.get("source", "")}
    if "language" in entry:
        from .language import LANGUAGES

        if entry["language"] not in LANGUAGES:
            raise bad(f"unknown language {entry['language']!r} (known: {', '.join(LANGUAGES)})")
        meta["language"] = entry["language"]
    enc = entry.get("encoding", encoding)
    if "encoding" in entry:
        try:
            text_encoding(entry["encoding"])
        except WitnessError as exc:
            raise bad(f"encoding {exc}") from None
    choice = entry.get("choice", tei_choice)
    if choice not in TEI_CHOICES:
        raise bad(f"choice must be one of {', '.join(TEI_CHOICES)}, not {choice!r}")
    if reader_for(path).name != "tei" and "choice" in entry:
        raise bad("'choice' is for TEI files only")
    if reader_for(path).name == "collatex":
        found = read_file(path, enc, choice, listed_in=listed_in)
        if "id" in entry:
            found = [w for w in found if w.siglum == entry["id"]]
            if not found:
                raise bad(f"{entry['file']} has no witness with id {entry['id']!r}")
        elif "siglum" in entry and len(found) > 1:
            raise bad(f"{entry['file']} holds {len(found)} witnesses: pick one with id = ...")
        sig = entry.get("siglum")
        return [replace(w, siglum=sig or w.siglum, **{k: v for k, v in meta.items() if v}) for w in found]
    if "id" in entry:
        raise bad("'id' is for CollateX JSON files only")
    return [
        read_witness(
            path,
            siglum=entry.get("siglum") or path.stem,
            encoding=enc,
            tei_choice=choice,
            listed_in=listed_in,
            **meta,
        )
    ]


def load_witnesses(
    sources: Sequence[Source] | Mapping[str, str] | Source,
    encoding: str | None = None,
    tei_choice: str = "orig",
    allow_outside: bool = False,
) -> list[Witness]:
    """Witnesses from a folder, a list of files (or folders), or a mapping siglum -> text.

    Checks that there are at least two and that sigla are unique.
    ``encoding`` switches detection off; ``tei_choice`` is ``"orig"`` or ``"reg"``;
    ``allow_outside`` lets a folder's manifest name files outside it.

    >>> [w.siglum for w in load_witnesses({"A": "один", "B": "одна"})]
    ['A', 'B']
    """
    if tei_choice not in TEI_CHOICES:
        raise WitnessError(f"tei_choice= must be one of {', '.join(TEI_CHOICES)}, not {tei_choice!r}")
    check_sources(sources)
    if isinstance(sources, Mapping):
        witnesses = [make_witness(str(s), text) for s, text in sources.items()]
    else:
        if isinstance(sources, (str, PathLike)):
            sources = [sources]
        witnesses = []
        for source in sources:
            path = Path(source)
            if path.is_dir():
                witnesses.extend(read_folder(path, encoding, tei_choice, allow_outside))
            else:
                witnesses.extend(read_file(path, encoding, tei_choice))
    check_witnesses(witnesses)
    return witnesses


_SOURCES = "a folder, a file, a list of files, a mapping siglum -> text or a list of Witness objects"


def check_sources(sources: object) -> None:
    """A :class:`WitnessError` naming ``sources=`` unless it is something :func:`load_witnesses` reads.

    >>> check_sources(None)
    Traceback (most recent call last):
    collate.errors.WitnessError: sources= must be a folder, a file, a list of files, a mapping siglum -> text or a list of Witness objects, not None
    >>> check_sources({"A": 1})
    Traceback (most recent call last):
    collate.errors.WitnessError: sources= maps siglum 'A' to int; a witness's text must be a string
    """
    if isinstance(sources, Mapping):
        for siglum, text in sources.items():
            if not isinstance(siglum, str):
                raise WitnessError(f"sources= has the key {siglum!r}: a siglum must be a string")
            if not isinstance(text, str):
                raise WitnessError(
                    f"sources= maps siglum {siglum!r} to {type(text).__name__}; a witness's text must be a string"
                )
        return
    if isinstance(sources, (str, PathLike)):
        return
    if isinstance(sources, Sequence) and not isinstance(sources, (bytes, bytearray)):
        for item in sources:
            if not isinstance(item, (str, PathLike)):
                raise WitnessError(f"sources= must be {_SOURCES}; it holds {item!r}")
        return
    raise WitnessError(f"sources= must be {_SOURCES}, not {sources!r}"[:300])


def check_witnesses(witnesses: Sequence[Witness]) -> None:
    """At least two witnesses, unique sigla: or a :class:`WitnessError`."""
    if len(witnesses) < 2:
        where = (witnesses[0].path or witnesses[0].siglum) if witnesses else "input"
        raise WitnessError(located(where, "only one witness: collation needs at least two"))
    seen: dict[str, Witness] = {}
    for w in witnesses:
        if not isinstance(w.siglum, str) or not w.siglum or any(ch.isspace() for ch in w.siglum):
            raise WitnessError(located(w.path or "input", f"bad siglum {w.siglum!r} (no spaces, not empty)"))
        check_siglum(w.siglum, w.path or "input")
        no_surrogate(w.text, w.path or "input")
        if w.siglum in seen:
            raise WitnessError(
                located(
                    w.path or w.siglum,
                    f"duplicate siglum {w.siglum!r} (also {seen[w.siglum].path or 'given'})",
                )
            )
        seen[w.siglum] = w
