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
from . import collatex_json, csv_report, html, json_report, latex, markdown, tei, txt


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
    )
}

#: Every format is deterministic (no timestamps, no absolute paths), so all are written by default.
DEFAULT_FORMATS = tuple(FORMATS)


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


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed into place.

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(apparatus: Apparatus, outdir: Path, formats: Sequence[str]) -> list[Path]:
    """Render every format first, then write them all; return the paths written.

    Rendering everything before writing anything means a failing renderer
    leaves no half-written set of reports behind.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ReportError(f"{outdir}: output folder is a file")
    witness_paths = {Path(w.path).resolve() for w in apparatus.witnesses if w.path}
    rendered = []
    for name in formats:
        fmt = FORMATS[name]
        target = outdir / fmt.filename
        if target.resolve() in witness_paths:
            raise ReportError(f"{target}: writing the report would overwrite a witness")
        rendered.append((target, fmt.render(apparatus)))
    for target, text in rendered:
        atomic_write(target, text)
    return [target for target, _ in rendered]
