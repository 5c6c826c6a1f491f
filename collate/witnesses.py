"""Files, folders and manifests -> :class:`~collate.model.Witness`.

A witness source is a file, a folder of them (with an optional
``witnesses.toml`` manifest), or in-memory text. File formats go by suffix:

``.xml``   a TEI witness (:mod:`collate.readers.tei`)
``.json``  CollateX JSON, one or more witnesses (:mod:`collate.readers.collatex`)
other      plain text in any encoding :mod:`collate.encodings` detects

Without a manifest, a folder's witnesses are its ``*.txt`` and ``*.xml``
files in name order (not the reports collate wrote there), and sigla are the
file stems. Every problem raises :class:`~collate.errors.WitnessError` with a
message naming the file (and the line where it helps).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from os import PathLike
from pathlib import Path

from .encodings import decode_bytes, lone_surrogate, mojibake, text_encoding
from .errors import CollateWarning, MojibakeWarning, WitnessError, located
from .model import Kind, Token, Witness

MANIFEST = "witnesses.toml"
#: The stamp file listing the reports collate wrote in a folder (see :mod:`collate.reporters`).
STAMP = ".collate"
#: Suffixes a folder scan picks up (CollateX JSON is read when named explicitly or in a manifest).
FOLDER_SUFFIXES = (".txt", ".xml")
TEI_SUFFIXES = (".xml", ".tei")
JSON_SUFFIXES = (".json",)
TEI_CHOICES = ("orig", "reg")
MANIFEST_KEYS = frozenset({"siglum", "file", "title", "source", "encoding", "id"})

Source = str | PathLike[str]


def _read_bytes(path: Path, listed_in: str = "") -> bytes:
    suffix = f" (listed in {listed_in})" if listed_in else ""
    if not path.exists():
        raise WitnessError(located(path, f"no such file{suffix}"))
    if path.is_dir():
        raise WitnessError(located(path, f"is a folder, not a witness file{suffix}"))
    if not path.is_file():  # a FIFO or a device (/dev/zero) would never end
        raise WitnessError(located(path, f"is not a regular file{suffix}"))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WitnessError(located(path, f"cannot read ({exc.strerror}){suffix}")) from None


def read_witnesses(
    path: Source, encoding: str | None = None, tei_choice: str = "orig", listed_in: str = ""
) -> list[Witness]:
    """Every witness in one file: one for text and TEI, one or more for CollateX JSON."""
    path = Path(path)
    if path.suffix.lower() in JSON_SUFFIXES:
        from .readers.collatex import parse

        witnesses = parse(_read_bytes(path, listed_in), path, encoding)
        for w in witnesses:
            warn_mojibake(w.text, f"{path} ({w.siglum})")
        return witnesses
    return [read_witness(path, encoding=encoding, tei_choice=tei_choice, listed_in=listed_in)]


def read_witness(
    path: Source,
    siglum: str | None = None,
    encoding: str | None = None,
    tei_choice: str = "orig",
    listed_in: str = "",
    **meta: str,
) -> Witness:
    """Read one witness file: text in a detected (or the given) encoding, TEI, or single-witness CollateX JSON.

    Raises :class:`~collate.errors.WitnessError` naming the file when it is
    missing, unreadable, binary, undecodable, malformed, or empty; warns with
    :class:`~collate.errors.MojibakeWarning` when its text looks like mojibake.
    ``listed_in`` names the manifest that listed the file, for the messages.
    """
    path = Path(path)
    data = _read_bytes(path, listed_in)
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        from .readers.collatex import parse

        found = parse(data, path, encoding)
        if len(found) != 1:
            raise WitnessError(located(path, f"holds {len(found)} witnesses where one is expected"))
        witness = replace(found[0], siglum=siglum or found[0].siglum, **meta)
        warn_mojibake(witness.text, path)
        return witness
    if suffix in TEI_SUFFIXES:
        # XML names its own encoding (declaration or BOM); a folder-wide --encoding meant
        # for legacy text files must not override it.
        return read_tei(data, path, siglum, None, tei_choice, **meta)
    text, used = decode_bytes(data, encoding, path)
    warn_mojibake(text, path)
    return make_witness(siglum or path.stem, text, path=str(path), encoding=used, **meta)


def read_tei(
    data: bytes,
    path: Path,
    siglum: str | None = None,
    encoding: str | None = None,
    choice: str = "orig",
    **meta: str,
) -> Witness:
    """A TEI witness: its extracted ``<body>`` text, tokenized, page markers as pagination tokens.

    The witness is marked pre-tokenized, so its page markers stay one token
    whatever their label (``<pb n="12r"/>``).
    """
    from .readers.tei import extract
    from .tokenize import tokenize

    if choice not in TEI_CHOICES:
        raise WitnessError(f"--tei-choice must be one of {', '.join(TEI_CHOICES)}, not {choice!r}")
    extracted = extract(data, choice, path, encoding)
    warn_mojibake(extracted.text, path)
    witness = make_witness(
        siglum or path.stem, extracted.text, path=str(path), encoding=extracted.encoding, **meta
    )
    # One pass: the tokens inside each page marker's span become one pagination token.
    tokens: list[Token] = []
    pages = iter(extracted.pages)
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
    return replace(witness, tokens=tuple(tokens), pretokenized=True)


def _page_token(text: str, span: tuple[int, int], inside: list[Token]) -> Token:
    """One pagination token for the tokens ``inside`` a page marker's ``span``."""
    first, last = inside[0], inside[-1]
    return Token(
        text[span[0] : span[1]], last.ws, span[0], span[1], first.line, first.column, Kind.PAGINATION
    )


def warn_mojibake(text: str, where: object) -> None:
    """Warn (:class:`~collate.errors.MojibakeWarning`) when ``text`` contains mojibake."""
    found = mojibake(text)
    if found:
        warnings.warn(
            MojibakeWarning(
                located(
                    where, f"looks like mojibake ({found[:24]!r}): UTF-8 text once read as cp1251 or Latin-1"
                )
            ),
            stacklevel=3,
        )


def make_witness(siglum: str, text: str, where: str = "", **meta: str) -> Witness:
    """A witness from text; empty or whitespace-only text is an error naming ``where`` (or the path, or the siglum)."""
    where = where or meta.get("path") or siglum
    if not isinstance(text, str):
        raise WitnessError(located(where, f"a witness's text must be a string, not {type(text).__name__}"))
    if not text.strip():
        raise WitnessError(located(where, "the witness is empty"))
    if not isinstance(siglum, str) or not siglum or any(ch.isspace() for ch in siglum):
        raise WitnessError(located(where, f"bad siglum {siglum!r} (no spaces, not empty)"))
    check_siglum(siglum, where if where != siglum else "input")
    _no_surrogate(text, where)
    return Witness(siglum=siglum, text=text, **meta)


def check_siglum(siglum: str, where: object) -> None:
    """A :class:`WitnessError` when ``siglum`` holds a control, format or surrogate character.

    A siglum goes into every report and onto the terminal: a bell, an escape
    sequence or a right-to-left override in it is never what an editor meant.

    >>> check_siglum("A\\x1b[31m", "w.toml")
    Traceback (most recent call last):
    collate.errors.WitnessError: w.toml: bad siglum 'A\\x1b[31m' (control character U+001B)
    """
    for ch in siglum:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs"):
            kind = {"Cc": "control character", "Cf": "format character", "Cs": "surrogate"}[category]
            raise WitnessError(located(where, f"bad siglum {siglum!r} ({kind} U+{ord(ch):04X})"))


def _no_surrogate(text: str, where: object) -> None:
    """A :class:`WitnessError` when ``text`` has a lone surrogate (CollateX JSON ``"\\ud800"``)."""
    at = lone_surrogate(text)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        raise WitnessError(
            located(
                where, f"lone surrogate U+{ord(text[at]):04X} in line {line} of the text: not a character"
            )
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
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def read_folder(
    folder: Source, encoding: str | None = None, tei_choice: str = "orig", allow_outside: bool = False
) -> list[Witness]:
    """Read the witnesses of a folder: from its manifest, or every ``*.txt``/``*.xml`` file in name order.

    Reports that collate wrote into the folder (listed in its ``.collate``
    stamp, with the content it records) are not witnesses and are skipped. ``allow_outside`` lets the
    manifest name files outside the folder (see :func:`read_manifest`).
    """
    folder = Path(folder)
    manifest = folder / MANIFEST
    if manifest.exists():
        return read_manifest(manifest, encoding, tei_choice, allow_outside)
    ours = stamp_entries(folder)
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in FOLDER_SUFFIXES
        and p.is_file()
        and not (p.name in ours and _our_report(p, ours[p.name]))
    )
    if not files:
        raise WitnessError(located(folder, "no witnesses here (no *.txt or *.xml files, no witnesses.toml)"))
    return [read_witness(p, encoding=encoding, tei_choice=tei_choice) for p in files]


def _real(path: Path) -> Path:
    """``path`` absolute, symbolic links followed where they can be (a loop stays as written)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*witness[ \t]*\]\]", re.MULTILINE)


def read_manifest(
    manifest: Source, encoding: str | None = None, tei_choice: str = "orig", allow_outside: bool = False
) -> list[Witness]:
    """Read a ``witnesses.toml`` manifest of ``[[witness]]`` tables.

    Keys: ``file`` (required, relative to the manifest), ``siglum`` (default:
    the file stem), ``title``, ``source``, ``encoding`` (default: detected, or
    the ``encoding`` argument), and for a CollateX JSON file ``id`` (pick one of
    its witnesses; without it, all of them). Errors give the manifest's line.

    Files must lie inside the manifest's folder (after following symbolic
    links): a manifest from elsewhere must not read ``../../../etc/passwd``
    into a report. ``allow_outside=True``, or ``allow_outside = true`` at the
    top of the manifest (which warns for each such file), lifts this.
    """
    manifest = Path(manifest)
    try:
        raw = manifest.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WitnessError(located(manifest, f"cannot read manifest ({exc})")) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_WHERE.search(message)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        message = _TOML_WHERE.sub("", message)
        raise WitnessError(located(manifest, f"broken manifest: {message}", line, column)) from None
    entries = data.get("witness")
    if not isinstance(entries, list) or not entries:
        raise WitnessError(located(manifest, "the manifest lists no [[witness]] tables"))
    table_lines = [raw.count("\n", 0, m.start()) + 1 for m in _TABLE.finditer(raw)]
    own_permission = data.get("allow_outside", False)
    if not isinstance(own_permission, bool):
        raise WitnessError(located(manifest, "allow_outside must be true or false"))
    root = _real(manifest.parent)
    witnesses: list[Witness] = []
    for i, entry in enumerate(entries, 1):
        line = table_lines[i - 1] if len(table_lines) == len(entries) else None
        here = located(manifest, "", line).removesuffix(": ")

        def bad(message: str, line: int | None = line, i: int = i) -> WitnessError:
            return WitnessError(located(manifest, f"[[witness]] #{i}: {message}", line))

        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
            raise bad("has no 'file'")
        unknown = set(entry) - MANIFEST_KEYS
        if unknown:
            raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
        wrong = [k for k, v in entry.items() if not isinstance(v, str)]
        if wrong:
            raise bad(f"{', '.join(sorted(wrong))} must be text")
        path = manifest.parent / entry["file"]
        if not _real(path).is_relative_to(root):
            if not (allow_outside or own_permission):
                raise bad(
                    f"{entry['file']!r} is outside the manifest's folder"
                    " (allow_outside = true in the manifest, or the allow_outside option, reads it)"
                )
            if not allow_outside:
                warnings.warn(
                    CollateWarning(located(manifest, f"reads {entry['file']!r}, outside its folder", line)),
                    stacklevel=2,
                )
        meta = {"title": entry.get("title", ""), "source": entry.get("source", "")}
        enc = entry.get("encoding", encoding)
        if "encoding" in entry:
            try:
                text_encoding(entry["encoding"])
            except WitnessError as exc:
                raise bad(f"encoding {exc}") from None
        if path.suffix.lower() in JSON_SUFFIXES:
            found = read_witnesses(path, enc, tei_choice, listed_in=here)
            if "id" in entry:
                found = [w for w in found if w.siglum == entry["id"]]
                if not found:
                    raise bad(f"{entry['file']} has no witness with id {entry['id']!r}")
            elif "siglum" in entry and len(found) > 1:
                raise bad(f"{entry['file']} holds {len(found)} witnesses: pick one with id = ...")
            sig = entry.get("siglum")
            witnesses.extend(
                replace(w, siglum=sig or w.siglum, **{k: v for k, v in meta.items() if v}) for w in found
            )
            continue
        if "id" in entry:
            raise bad("'id' is for CollateX JSON files only")
        witnesses.append(
            read_witness(
                path,
                siglum=entry.get("siglum") or path.stem,
                encoding=enc,
                tei_choice=tei_choice,
                listed_in=here,
                **meta,
            )
        )
    return witnesses


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
        raise WitnessError(f"--tei-choice must be one of {', '.join(TEI_CHOICES)}, not {tei_choice!r}")
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
                witnesses.extend(read_witnesses(path, encoding, tei_choice))
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
        _no_surrogate(w.text, w.path or w.siglum)
        if w.siglum in seen:
            raise WitnessError(
                located(
                    w.path or w.siglum,
                    f"duplicate siglum {w.siglum!r} (also {seen[w.siglum].path or 'given'})",
                )
            )
        seen[w.siglum] = w
