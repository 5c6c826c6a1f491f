"""``collate batch``: collate every document of a corpus on Dask, one task per document.

The driver (the ``collate batch`` process, or :func:`batch` in a notebook)
reads the corpus's layout (:mod:`collate.corpus`), not its witnesses: each
task gets a :class:`~collate.corpus.Document` (an id and file paths), so no
text passes through the scheduler. A worker reads the document's witnesses,
collates them with the aligner in one process (``jobs=1``: a Dask worker is
the unit of parallelism, and its daemon process may not start a pool), writes
the document's reports under ``OUT/<document>/`` itself and returns only its
summary row. The driver then writes the corpus files:

``OUT/corpus.parquet``, ``OUT/corpus.csv``
    one row per document: :data:`COLUMNS`;
``OUT/entries.parquet``
    every entry of every document (:data:`ENTRY_SCHEMA`), for pandas or DuckDB;
``OUT/index.html``
    a self-contained overview (:mod:`collate.reporters.corpus_html`).

Restartable: each finished document records a content hash of its inputs
and options in ``OUT/<document>/.batch.json``, written after its reports; a
later run finds the same hash and the reports in place and reuses the row
(``reused``). A document that cannot be read or collated is an ``error`` row
with its one-line message; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import OUTPUTS, Corpus, Document, load_corpus
from .errors import CollateError, CollateWarning, ReportError
from .typology import CATEGORIES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

    from .apparatus import Apparatus
    from .model import Witness

#: The corpus table's columns, in order.
COLUMNS = (
    "document",
    "status",
    "error",
    "witnesses",
    "tokens",
    "entries",
    *CATEGORIES,
    "agreement",
    "seconds",
    "reused",
    "warnings",
)
_COUNTS = ("witnesses", "tokens", "entries", *CATEGORIES)
#: A document's record (content hash and summary row), written after its reports.
RECORD = ".batch.json"
#: A document's entries, for the driver to gather into ``OUT/entries.parquet``.
DOCUMENT_ENTRIES = ".entries.parquet"
_STAMP_HEAD = "# Files written by collate batch in this folder: collate replaces these without --force.\n"


@dataclass(frozen=True)
class Settings:
    """What every document of a batch is collated with (a document's own options override some)."""

    formats: tuple[str, ...]
    profile: str = "orthographic"
    rules: tuple[str, ...] = ()
    user_rules: str | None = None
    user_rules_sha: str = ""
    base: str | None = None
    only: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    encoding: str | None = None
    tei_choice: str = "orig"
    language: str | None = None
    allow_outside: bool = False
    #: Near matching (``collate(near=...)``): ``False``, ``True`` or a similarity threshold.
    near: bool | float = False


def _empty_row(doc_id: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(document=doc_id, status="error", error="", reused=False, warnings="")
    return row


def _digest(doc: Document, witnesses: Sequence[Witness], settings: Settings) -> str:
    """The content hash of a document's inputs and options: what its reports depend on.

    The witnesses as read (text, sigla, metadata, file name, fixed tokens),
    not their paths: a corpus moved elsewhere is still unchanged.
    """
    from . import __version__

    h = hashlib.sha256()
    settings_data = {k: v for k, v in asdict(settings).items() if k != "user_rules"}
    head = {"collate": __version__, "settings": settings_data, "document": doc.describe()}
    h.update(json.dumps(head, sort_keys=True, ensure_ascii=False, default=str).encode())
    for w in witnesses:
        meta = [w.siglum, w.title, w.source, w.encoding, Path(w.path).name if w.path else "", w.pages]
        h.update(json.dumps(meta, ensure_ascii=False).encode())
        h.update(w.text.encode("utf-8", "surrogatepass"))
        if w.pretokenized:
            h.update(json.dumps([(t.text, t.ws, t.norm) for t in w.tokens], ensure_ascii=False).encode())
    return h.hexdigest()


def _atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary file renamed into place (as the reports are)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reusable(folder: Path, digest: str, formats: Sequence[str]) -> dict[str, Any] | None:
    """The recorded row when ``folder`` holds a finished run of the same inputs, with its files in place."""
    from .reporters import FORMATS

    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("digest") != digest:
        return None
    row = record.get("row")
    if not isinstance(row, dict) or row.get("status") != "ok":
        return None
    needed = [FORMATS[f].filename for f in formats] + [DOCUMENT_ENTRIES]
    if not all((folder / name).is_file() for name in needed):
        return None
    return row


ENTRY_FIELDS = ("document", "entry", "ref", "sigla", "readings", "type", "category", "location")


def entry_schema() -> pa.Schema:
    """The long entries table: one row per entry, ``sigla`` and ``readings`` as parallel lists."""
    import pyarrow as pa

    return pa.schema(
        [
            ("document", pa.string()),
            ("entry", pa.int64()),
            ("ref", pa.string()),
            ("sigla", pa.list_(pa.string())),
            ("readings", pa.list_(pa.string())),
            ("type", pa.string()),
            ("category", pa.string()),
            ("location", pa.string()),
        ]
    )


def _entry_rows(doc_id: str, apparatus: Apparatus) -> list[dict[str, Any]]:
    rows = []
    for e in apparatus.entries:
        lemma = e.lemma.location
        rows.append(
            {
                "document": doc_id,
                "entry": e.n,
                "ref": e.ref,
                "sigla": [r.siglum for r in e.readings],
                "readings": [r.text for r in e.readings],
                "type": str(e.type),
                "category": str(e.category),
                "location": f"{lemma.line}:{lemma.column}",
            }
        )
    return rows


def _parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def run_document(doc: Document, out: str, settings: Settings, force: bool = False) -> dict[str, Any]:
    """Collate one document and write its reports under ``out/<id>/``; return its summary row.

    Runs on a Dask worker (or anywhere). Never raises for the document's
    own trouble: that is the row's ``error``. Files are written atomically
    and the record last, so a worker killed half-way leaves the document to
    be redone, never half-written reports taken for finished ones.
    """
    start = time.perf_counter()
    row = _empty_row(doc.id)
    folder = Path(out) / doc.id
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CollateWarning)
            witnesses = doc.read(settings.encoding, settings.tei_choice, settings.allow_outside)
            digest = _digest(doc, witnesses, settings)
            kept = None if force else _reusable(folder, digest, settings.formats)
            if kept is not None:
                row.update({k: kept.get(k) for k in COLUMNS}, reused=True)
            else:
                row.update(_collate_and_write(doc, witnesses, folder, settings, force, digest, caught))
    except CollateError as exc:
        row["error"] = " ".join(str(exc).split())
    except Exception as exc:  # a bug must not stop the other documents; the row says what happened
        row["error"] = " ".join(f"internal error: {type(exc).__name__}: {exc}".split())
    if not row["reused"] and not row["warnings"]:
        row["warnings"] = _warnings_text(caught)
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


def _warnings_text(caught: Sequence[warnings.WarningMessage]) -> str:
    seen = dict.fromkeys(
        " ".join(str(w.message).split()) for w in caught if issubclass(w.category, CollateWarning)
    )
    return " | ".join(seen)


def _collate_and_write(
    doc: Document,
    witnesses: list[Witness],
    folder: Path,
    settings: Settings,
    force: bool,
    digest: str,
    caught: Sequence[warnings.WarningMessage],
) -> dict[str, Any]:
    import pyarrow as pa

    from . import collate
    from .reporters import atomic_write, write_reports

    options = doc.options
    apparatus = collate(
        witnesses,
        profile=options.get("profile", settings.profile),
        base=options.get("base", settings.base),
        rules=(*settings.rules, *options.get("rules", ())),
        user_rules=settings.user_rules,
        language=options.get("language", settings.language),
        near=settings.near,
        jobs=1,
        progress=False,
    ).filter(settings.only, settings.ignore)
    summary = apparatus.summary()
    shares = list(summary["agreement"].values())
    row: dict[str, Any] = {
        "status": "ok",
        "error": "",
        "witnesses": len(apparatus.witnesses),
        "tokens": sum(len(w.tokens) for w in apparatus.alignment.witnesses),
        "entries": len(apparatus.entries),
        **{c: summary["by_category"][c] for c in CATEGORIES},
        "agreement": round(sum(shares) / len(shares), 4) if shares else 1.0,
        "warnings": _warnings_text(caught),
    }
    # The record goes first out of the way: a run killed between here and its
    # rewrite leaves no record, so the document is redone, not reused half-new.
    (folder / RECORD).unlink(missing_ok=True)
    write_reports(apparatus, folder, settings.formats, force=force)
    entries = pa.Table.from_pylist(_entry_rows(doc.id, apparatus), schema=entry_schema())
    try:
        _atomic_bytes(folder / DOCUMENT_ENTRIES, _parquet_bytes(entries))
        record = {"digest": digest, "row": {**row, "document": doc.id, "reused": False, "seconds": None}}
        atomic_write(folder / RECORD, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        raise ReportError(f"{exc.filename or folder}: cannot write ({exc.strerror or exc})") from None
    return row


def _settings(
    formats: str | Sequence[str],
    profile: str,
    rules: Sequence[str],
    user_rules: str | PathLike[str] | None,
    base: str | None,
    only: Sequence[str],
    ignore: Sequence[str],
    encoding: str | None,
    tei_choice: str,
    language: str | None = None,
    allow_outside: bool = False,
    near: bool | float = False,
) -> Settings:
    """Check the batch's options once, in the driver, before any task runs."""
    from .normalize import get_profile
    from .normalize.user import load_user_rules
    from .reporters import parse_formats
    from .typology import check_labels
    from .witnesses import TEI_CHOICES

    names = parse_formats(formats)
    extra = load_user_rules(user_rules) if user_rules is not None else ()
    get_profile(profile, rules, user_rules=extra)  # an unknown profile or rule fails here, once
    known = {rule.klass for rule in extra}
    only_t = check_labels(only, "only", known)
    ignore_t = check_labels(ignore, "ignore", known)
    if tei_choice not in TEI_CHOICES:
        raise CollateError(f"tei_choice must be one of {', '.join(TEI_CHOICES)}, not {tei_choice!r}")
    if language is not None:
        from .language import check_language

        check_language(language, "language")
    from .aligners import comparator_for

    comparator_for(near)  # a threshold outside (0, 1] fails here, naming near=
    sha = hashlib.sha256(Path(user_rules).read_bytes()).hexdigest() if user_rules is not None else ""
    return Settings(
        formats=names,
        profile=profile,
        rules=tuple(rules),
        user_rules=str(Path(user_rules).resolve()) if user_rules is not None else None,
        user_rules_sha=sha,
        base=base,
        only=only_t,
        ignore=ignore_t,
        encoding=encoding,
        tei_choice=tei_choice,
        language=language,
        allow_outside=allow_outside,
        near=near,
    )


@contextmanager
def _client(scheduler: object, workers: int | None) -> Iterator[Any]:
    """A Dask client: on an existing scheduler (an address or a cluster object), or an embedded LocalCluster.

    The embedded cluster has one single-threaded worker process per core
    (``workers`` to choose), each with its share of the machine's memory
    (Dask's ``memory_limit="auto"``): collation is CPU-bound Python, so threads
    would only queue on the GIL.
    """
    from distributed import Client, LocalCluster

    if scheduler is not None:
        address = getattr(scheduler, "scheduler_address", scheduler)
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise CollateError(f"scheduler={address!r}: cannot reach the Dask scheduler ({exc})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: another cluster on this machine may hold 8787
        silence_logs=logging.CRITICAL,  # task failures are rows; worker shutdown chatter is noise
    )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def dashboard_link(client: Any) -> str | None:
    """The Dask dashboard's address when the scheduler serves one, else ``None``.

    The scheduler's web server runs even without a dashboard (health checks,
    metrics, and at ``/status`` a page asking for bokeh); the dashboard itself
    needs bokeh where the scheduler runs, so that is asked too.
    """
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        # A lambda travels by value: the scheduler need not have collate installed.
        has_bokeh = client.run_on_scheduler(
            lambda: __import__("importlib.util").util.find_spec("bokeh") is not None
        )
        return str(client.dashboard_link) if has_bokeh else None
    except Exception:  # a scheduler that went away or refuses to run code: no link to show
        return None


def _clean_temporaries(out: Path, documents: Sequence[Document]) -> None:
    """Remove the temporary files a killed run left (``.NAME.XXXX.tmp``): no task is running yet."""
    for folder in [out, *(out / d.id for d in documents)]:
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)


def batch(
    corpus: str | PathLike[str] | Corpus,
    out: str | PathLike[str],
    formats: str | Sequence[str] = ("json", "csv", "html"),
    profile: str = "orthographic",
    base: str | None = None,
    rules: Sequence[str] = (),
    user_rules: str | PathLike[str] | None = None,
    only: Sequence[str] = (),
    ignore: Sequence[str] = (),
    encoding: str | None = None,
    tei_choice: str = "orig",
    language: str | None = None,
    allow_outside: bool = False,
    near: bool | float = False,
    force: bool = False,
    scheduler: object = None,
    workers: int | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Collate every document of ``corpus`` on Dask; write the reports and corpus tables under ``out``.

    ``corpus`` is a folder of document folders, a ``corpus.toml``/``.csv``, or
    a :class:`~collate.corpus.Corpus`. ``formats`` are the per-document
    reports (as for ``collate report``); ``profile``, ``base``, ``rules``,
    ``user_rules``, ``only``, ``ignore``, ``encoding``, ``tei_choice`` and ``language`` as
    for :func:`collate.collate` and :meth:`~collate.apparatus.Apparatus.filter`
    (a document's own options in a corpus manifest win). ``allow_outside``
    lets a manifest name files outside its folder. ``near`` switches near
    matching on, as for :func:`collate.collate`. ``force`` redoes
    every document, however unchanged, and replaces files collate did not
    write. ``scheduler`` is a Dask scheduler address (``tcp://host:8786``) or
    a cluster object (dask-jobqueue's); without it an embedded LocalCluster of
    ``workers`` processes (default: one per core) runs the batch.
    ``progress`` shows a bar of documents done on stderr (``None``: on a
    terminal); ``log`` receives notices (the dashboard's address).

    Returns the corpus table (:data:`COLUMNS`), one row per document in corpus
    order; a document that failed has ``status == "error"`` and its message.
    Raises :class:`~collate.errors.CorpusError` when the corpus is unusable
    and :class:`~collate.errors.CollateError` for a bad option, before anything runs.
    """

    from .reporters import check_output

    out = Path(out).resolve()
    corp = corpus if isinstance(corpus, Corpus) else load_corpus(corpus, exclude=out)
    settings = _settings(
        formats,
        profile,
        rules,
        user_rules,
        base,
        only,
        ignore,
        encoding,
        tei_choice,
        language,
        allow_outside,
        near,
    )
    check_output(out, [out / name for name in OUTPUTS], [], force)
    out.mkdir(parents=True, exist_ok=True)
    _clean_temporaries(out, corp.documents)
    show = sys.stderr.isatty() if progress is None else progress
    rows: dict[str, dict[str, Any]] = {}
    with _client(scheduler, workers) as client:
        link = dashboard_link(client)
        if link and log is not None:
            log(f"Dask dashboard: {link}")
        futures = client.map(
            run_document,
            list(corp.documents),
            out=str(out),
            settings=settings,
            force=force,
            key=[f"collate-{i}-{d.id}" for i, d in enumerate(corp.documents)],
            pure=False,
            retries=0,
        )
        doc_of = {f.key: d for f, d in zip(futures, corp.documents, strict=True)}
        try:
            with _bar(show, len(futures)) as advance:
                for future in _as_completed(futures):
                    doc = doc_of[future.key]
                    rows[doc.id] = _result(future, doc)
                    advance()
        except BaseException:
            client.cancel(futures)
            raise
    frame = corpus_frame([rows[d.id] for d in corp.documents])
    write_corpus(out, frame, settings.formats, corp)
    return frame


def _as_completed(futures: Sequence[Any]) -> Iterator[Any]:
    from distributed import as_completed

    yield from as_completed(futures)


def _result(future: Any, doc: Document) -> dict[str, Any]:
    """A task's row; a task Dask gave up on (its workers kept dying) is an error row, not a crash."""
    try:
        return future.result()
    except Exception as exc:
        row = _empty_row(doc.id)
        row["error"] = " ".join(f"the task failed on the cluster: {type(exc).__name__}: {exc}".split())
        return row


@contextmanager
def _bar(show: bool, total: int) -> Iterator[Callable[[], None]]:
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("documents", total=total)
        yield lambda: bar.advance(task)


def corpus_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The corpus table from summary rows: :data:`COLUMNS`, counts as nullable integers (empty for errors)."""
    import pandas as pd

    frame = pd.DataFrame([{k: r.get(k) for k in COLUMNS} for r in rows], columns=list(COLUMNS))
    for column in _COUNTS:
        frame[column] = frame[column].astype("Int64")
    frame["agreement"] = frame["agreement"].astype("float64")
    frame["seconds"] = frame["seconds"].astype("float64")
    frame["reused"] = frame["reused"].astype(bool)
    for column in ("document", "status", "error", "warnings"):
        frame[column] = frame[column].fillna("").astype(str)
    return frame


def _csv(frame: pd.DataFrame) -> str:
    """The corpus table as CSV, its text cells safe to open in a spreadsheet (as ``apparatus.csv``'s are).

    A document id or a message starting like a formula (``=``, ``+``, ``-``,
    ``@``) gets a leading ``'``; ``corpus.parquet`` keeps the text as it is.
    """
    from .reporters.escape import csv_cell

    safe = frame.copy()
    for column in ("document", "error", "warnings"):
        safe[column] = safe[column].map(csv_cell)
    return safe.to_csv(index=False, lineterminator="\n")


def write_corpus(out: Path, frame: pd.DataFrame, formats: Sequence[str], corpus: Corpus) -> None:
    """Write ``corpus.parquet``, ``corpus.csv``, ``entries.parquet`` and ``index.html``, each atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .reporters import atomic_write
    from .reporters.corpus_html import render
    from .witnesses import STAMP, stamped

    tables = [
        pq.read_table(out / doc / DOCUMENT_ENTRIES, schema=entry_schema())
        for doc in frame.loc[frame["status"] == "ok", "document"]
    ]
    entries = pa.concat_tables(tables) if tables else entry_schema().empty_table()
    names = sorted({n for n in stamped(out) if (out / n).is_file()} | set(OUTPUTS))
    try:
        atomic_write(out / STAMP, _STAMP_HEAD + "".join(f"{n}\n" for n in names))
        _atomic_bytes(
            out / "corpus.parquet", _parquet_bytes(pa.Table.from_pandas(frame, preserve_index=False))
        )
        atomic_write(out / "corpus.csv", _csv(frame))
        _atomic_bytes(out / "entries.parquet", _parquet_bytes(entries))
        atomic_write(out / "index.html", render(frame, formats, str(corpus.source.name or corpus.source)))
    except OSError as exc:
        raise ReportError(f"{exc.filename or out}: cannot write ({exc.strerror or exc})") from None
