"""Reporters: one module per output format, registered in :data:`FORMATS`.

Every reporter is a function ``Apparatus -> str`` producing deterministic text
(same input, byte-identical output). :func:`write_reports` writes them
atomically: each file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import errno
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..apparatus import Apparatus
from ..errors import CollateWarning, ReportError
from ..witnesses import STAMP, stamp_entries, stamped


@dataclass(frozen=True)
class Format:
    """An output format: its name, the file it writes, and its renderer."""

    name: str
    filename: str
    render: Callable[[Apparatus], str]
    description: str


def _renderer(module: str) -> Callable[[Apparatus], str]:
    # The reporter modules are imported when a report is rendered: `collate diff`
    # and `--version` render none, and importing them all took about 70 ms of CPU.
    def render(apparatus: Apparatus) -> str:
        return import_module(f".{module}", __name__).render(apparatus)  # type: ignore[no-any-return]

    return render


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json", "apparatus.json", _renderer("json_report"), "the apparatus as JSON (the output contract)"
        ),
        Format("csv", "apparatus.csv", _renderer("csv_report"), "one row per entry, one column per siglum"),
        Format("md", "apparatus.md", _renderer("markdown"), "a Markdown table"),
        Format(
            "txt", "apparatus.txt", _renderer("txt"), "a conventional critical apparatus, one line per entry"
        ),
        Format(
            "html", "apparatus.html", _renderer("html"), "one self-contained page: text, apparatus, filters"
        ),
        Format("tei", "apparatus.xml", _renderer("tei"), "TEI P5, parallel segmentation (teiphy reads it)"),
        Format(
            "collatex", "alignment.json", _renderer("collatex_json"), "the token alignment, CollateX JSON"
        ),
        Format("latex", "apparatus.tex", _renderer("latex"), "the base text with a reledmac apparatus"),
        Format("graphml", "variant-graph.graphml", _renderer("graphml"), "the variant graph as GraphML"),
        Format("dot", "variant-graph.dot", _renderer("dot"), "the variant graph in Graphviz dot"),
        Format(
            "nexus",
            "apparatus.nex",
            _renderer("nexus"),
            "a NEXUS character matrix of the substantive entries",
        ),
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


_STAMP_HEAD = (
    "# Reports written by collate in this folder: collate replaces these without --force.\n"
    "# name<TAB>SHA-256 of the content written\n"
)


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


def _resolved(path: Path) -> Path:
    """``path`` with symbolic links resolved; a loop is a :class:`ReportError` naming it."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11-3.12 raise RuntimeError for a loop, 3.13 OSError
        raise ReportError(f"{path}: is a symbolic link loop") from None


def check_output(
    outdir: Path,
    targets: Sequence[Path],
    witness_paths: Iterable[str],
    force: bool = False,
    also_ours: Iterable[str] = (),
) -> None:
    """Refuse (:class:`ReportError`) an output that would do harm, before anything is written.

    The output folder (or a folder above it) must not be a file or a loop of
    symbolic links; no target may be a witness file or a folder; an existing
    target must be one collate wrote (listed in the folder's stamp, or in
    ``also_ours``: what an interrupted run was writing) unless ``force``.
    """
    outdir = Path(outdir)
    for folder in (outdir, *outdir.parents):
        try:
            os.stat(folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # exists() says False to a loop, resolve() raises RuntimeError
                raise ReportError(f"{folder}: output folder is a symbolic link loop") from None
            continue
        if not folder.is_dir():
            raise ReportError(f"{folder}: output folder is a file")
        break
    witnesses = {_resolved(Path(p)) for p in witness_paths if p}
    ours = stamped(outdir) | set(also_ours)
    for target in (*targets, outdir / STAMP, outdir / LOCK):
        if _resolved(target) in witnesses:
            raise ReportError(f"{target}: writing the report would overwrite a witness")
        if target.is_dir():
            raise ReportError(f"{target}: is a folder, cannot write a report there")
    if force:
        return
    for target in targets:
        if target.exists() and target.name not in ours:
            raise ReportError(f"{target}: exists and was not written by collate; use --force to replace it")


#: The lock file that serializes runs writing one output folder.
LOCK = ".collate.lock"


@dataclass
class HeldLock:
    """An output folder's lock, held: what a killed run left in it, and whether to keep the file."""

    left: list[str]
    keep: bool = False


@contextmanager
def output_lock(outdir: Path) -> Iterator[HeldLock]:
    """Hold the output folder's lock (``.collate.lock``) while writing.

    Two runs writing one folder would otherwise interleave their reports and
    each write a stamp without the other's files. The second run waits (with a
    :class:`~collate.errors.CollateWarning` saying so) until the first is done,
    then checks and writes its own reports. The lock is an ``flock`` on the
    file, which the system releases when a process dies however it dies. A run
    writes into the file the names it is about to write and removes the file
    once its stamp is written; a run killed in between leaves the names
    (:attr:`HeldLock.left` for the next run, which takes them as collate's).
    Without ``fcntl`` (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield HeldLock([])
        return
    path = outdir / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                warnings.warn(
                    CollateWarning(
                        f"{outdir}: another collate run is writing here; waiting for it to finish"
                    ),
                    stacklevel=3,
                )
                fcntl.flock(fd, fcntl.LOCK_EX)
            # The run before removes the file when done: lock the file that is there, not the removed one.
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)
    try:
        with os.fdopen(os.dup(fd), "r", encoding="utf-8", errors="replace") as handle:
            left = [line.strip() for line in handle.read().splitlines()[1:] if line.strip()]
        held = HeldLock(left)
        try:
            yield held
        finally:
            if not held.keep:
                path.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _note_intent(outdir: Path, names: Sequence[str]) -> None:
    """Write the names this run is about to write into the lock file (it holds the lock)."""
    data = (f"{os.getpid()}\n" + "".join(f"{n}\n" for n in names)).encode("utf-8")
    fd = os.open(outdir / LOCK, os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(fd, data)
        os.fsync(fd)
    except OSError:
        pass  # an intent that cannot be noted only costs a --force after a crash
    finally:
        os.close(fd)


def _intent(outdir: Path) -> list[str]:
    """The names in the folder's lock file: what a run that holds it, or was killed holding it, writes."""
    try:
        lines = (outdir / LOCK).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines[1:] if line.strip()]


def _remove_if_empty(outdir: Path, created: bool) -> None:
    """Remove the output folder this run created, when a failure left nothing in it."""
    if created:
        with suppress(OSError):
            outdir.rmdir()


def _digest(text: str) -> str:
    import hashlib  # here: a diff imports this module but writes no stamp

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp_text(entries: dict[str, str]) -> str:
    return _STAMP_HEAD + "".join(f"{name}\t{entries[name]}\n" for name in sorted(entries))


def write_reports(
    apparatus: Apparatus, outdir: Path, formats: str | Sequence[str] = DEFAULT_FORMATS, force: bool = False
) -> list[Path]:
    """Render every format first, then write them all; return the paths written.

    ``formats`` is a list of format names or one comma-separated string
    (``"html"``, ``"json,csv"``, ``"all"``), checked by :func:`parse_formats`.

    Rendering everything before writing anything means a failing renderer
    leaves no half-written set of reports behind; :func:`check_output` refuses
    harmful targets first, and an existing file collate did not write is
    replaced only with ``force``. While writing, the run holds the folder's
    lock (:func:`output_lock`): a second run waits. The folder's stamp
    (``.collate``) is written last, atomically, and lists only the reports
    that were written (with the SHA-256 of their content), so a run that fails
    halfway (a full disk) never claims a report it did not write. Errors name
    the report, not the temporary file.
    """
    outdir = Path(outdir)
    formats = parse_formats(formats)  # "html" is one format, not four letters
    targets = [outdir / FORMATS[name].filename for name in formats]
    witness_paths = [w.path for w in apparatus.witnesses]
    # Refuse early, before creating anything (and again under the lock, below).
    check_output(outdir, targets, witness_paths, force, also_ours=_intent(outdir))
    rendered = [
        (target, FORMATS[name].render(apparatus)) for name, target in zip(formats, targets, strict=True)
    ]
    created = not outdir.exists()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename or outdir
        raise ReportError(f"{where}: cannot create the output folder ({exc.strerror or exc})") from None
    written: dict[str, str] = {}
    current = outdir
    try:
        with output_lock(outdir) as lock:
            # Checked again under the lock: another run may have written here meanwhile.
            check_output(outdir, targets, witness_paths, force, also_ours=lock.left)
            before = stamp_entries(outdir)
            lock.keep = True  # until the stamp is written, the names below are the only record
            _note_intent(outdir, sorted({*lock.left, *(t.name for t in targets)}))
            try:
                for target, text in rendered:
                    current = target
                    atomic_write(target, text)
                    written[target.name] = _digest(text)
            finally:
                # Reports of earlier runs that are still there keep their entries; gone ones drop out.
                entries = {n: d for n, d in before.items() if (outdir / n).is_file() and n not in written}
                entries.update(written)
                try:
                    atomic_write(outdir / STAMP, _stamp_text(entries))
                except OSError:
                    current = outdir / STAMP
                    raise
                lock.keep = False
    except OSError as exc:
        _remove_if_empty(outdir, created)
        raise ReportError(f"{current}: cannot write the report ({exc.strerror or exc})") from None
    except BaseException:
        _remove_if_empty(outdir, created)
        raise
    return [target for target, _ in rendered]
