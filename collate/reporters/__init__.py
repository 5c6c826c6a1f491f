"""Reporters: one module per output format, registered in :data:`FORMATS`.

Every reporter is a function ``Apparatus -> str`` producing deterministic text
(same input, byte-identical output). :func:`write_reports` writes them
atomically: each file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..apparatus import Apparatus
from ..errors import ReportError
from ..witnesses import STAMP, stamped
from . import collatex_json, csv_report, dot, graphml, html, json_report, latex, markdown, nexus, tei, txt


@dataclass(frozen=True)
class Format:
    """An output format: its name, the file it writes, and its renderer."""

    name: str
    filename: str
    render: Callable[[Apparatus], str]
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "apparatus.json", json_report.render, "the apparatus as JSON (the output contract)"),
        Format("csv", "apparatus.csv", csv_report.render, "one row per entry, one column per siglum"),
        Format("md", "apparatus.md", markdown.render, "a Markdown table"),
        Format("txt", "apparatus.txt", txt.render, "a conventional critical apparatus, one line per entry"),
        Format("html", "apparatus.html", html.render, "one self-contained page: text, apparatus, filters"),
        Format("tei", "apparatus.xml", tei.render, "TEI P5, parallel segmentation (teiphy reads it)"),
        Format("collatex", "alignment.json", collatex_json.render, "the token alignment, CollateX JSON"),
        Format("latex", "apparatus.tex", latex.render, "the base text with a reledmac apparatus"),
        Format("graphml", "variant-graph.graphml", graphml.render, "the variant graph as GraphML"),
        Format("dot", "variant-graph.dot", dot.render, "the variant graph in Graphviz dot"),
        Format("nexus", "apparatus.nex", nexus.render, "a NEXUS character matrix of the substantive entries"),
    )
}

#: Formats asked for by name only: the graph of a long text is large, and a NEXUS
#: matrix of two witnesses says nothing a tree could use.
ON_REQUEST = frozenset({"graphml", "dot", "nexus"})
#: Every format is deterministic (no timestamps, no absolute paths); all but those on request are
#: written by default.
DEFAULT_FORMATS = tuple(name for name in FORMATS if name not in ON_REQUEST)


def parse_formats(spec: str | Iterable[str]) -> tuple[str, ...]:
    """Split a comma-separated format list and check every name.

    >>> parse_formats("json, csv")
    ('json', 'csv')
    """
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    if names == ["all"]:
        return tuple(FORMATS)
    for name in names:
        if name not in FORMATS:
            raise ReportError(f"unknown format {name!r} (known: {', '.join(FORMATS)}, all)")
    if not names:
        raise ReportError("no format given")
    return tuple(dict.fromkeys(names))


_STAMP_HEAD = "# Reports written by collate in this folder: collate replaces these without --force.\n"


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed into place.

    An interrupted run leaves either the old file or the new one, never half of
    one: the temporary file is flushed to disk before ``os.replace`` swaps it in
    (an atomic rename on POSIX and Windows), and removed if anything fails.
    The new file gets the usual permissions (0666 less the umask), not the
    temporary file's private 0600.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a rename to disk, where the system allows it (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output(
    outdir: Path, targets: Sequence[Path], witness_paths: Iterable[str], force: bool = False
) -> None:
    """Refuse (:class:`ReportError`) an output that would do harm, before anything is written.

    The output folder (or a folder above it) must not be a file; no target may
    be a witness file or a folder; an existing target must be one collate wrote
    (listed in the folder's stamp) unless ``force``.
    """
    outdir = Path(outdir)
    for folder in (outdir, *outdir.parents):
        if folder.exists():
            if not folder.is_dir():
                raise ReportError(f"{folder}: output folder is a file")
            break
    witnesses = {Path(p).resolve() for p in witness_paths if p}
    ours = stamped(outdir)
    for target in (*targets, outdir / STAMP):
        if target.resolve() in witnesses:
            raise ReportError(f"{target}: writing the report would overwrite a witness")
        if target.is_dir():
            raise ReportError(f"{target}: is a folder, cannot write a report there")
    if force:
        return
    for target in targets:
        if target.exists() and target.name not in ours:
            raise ReportError(f"{target}: exists and was not written by collate; use --force to replace it")


def write_reports(
    apparatus: Apparatus, outdir: Path, formats: Sequence[str], force: bool = False
) -> list[Path]:
    """Render every format first, then write them all; return the paths written.

    Rendering everything before writing anything means a failing renderer
    leaves no half-written set of reports behind; :func:`check_output` refuses
    harmful targets first, and an existing file collate did not write is
    replaced only with ``force``. The folder's stamp (``.collate``) is updated
    before the reports, so an interrupted run never leaves a report of ours
    unlisted.
    """
    outdir = Path(outdir)
    targets = [outdir / FORMATS[name].filename for name in formats]
    check_output(outdir, targets, [w.path for w in apparatus.witnesses], force)
    rendered = [
        (target, FORMATS[name].render(apparatus)) for name, target in zip(formats, targets, strict=True)
    ]
    # Files of ours that are gone (a renamed format) drop out of the stamp.
    names = sorted({n for n in stamped(outdir) if (outdir / n).is_file()} | {t.name for t in targets})
    try:
        atomic_write(outdir / STAMP, _STAMP_HEAD + "".join(f"{n}\n" for n in names))
        for target, text in rendered:
            atomic_write(target, text)
    except OSError as exc:
        where = exc.filename or outdir
        raise ReportError(f"{where}: cannot write the report ({exc.strerror or exc})") from None
    return [target for target, _ in rendered]
