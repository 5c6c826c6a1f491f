"""`collate batch`: corpus layouts, per-document runs, and real Dask clusters (issue 14)."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from collate.batch import COLUMNS, RECORD, Settings, batch, run_document
from collate.cli import main
from collate.corpus import load_corpus
from collate.errors import CollateError, CorpusError

from .conftest import ROOT

SEED = ROOT / "witnesses" / "1950-10-01-filippov-to-mao"
LETTER = ROOT / "tests" / "data" / "inputs" / "letter.xml"
DASK = Path(sys.executable).with_name("dask")
LOOPBACK = ("--host", "127.0.0.1")

_spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "benchmarks" / "bench_batch.py")
bench = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(bench)  # type: ignore[union-attr]


def seed_corpus(folder: Path, documents: int, seed: int = 7) -> Path:
    """The benchmark's seeded generator: two-witness documents from the seed telegram."""
    return bench.make_corpus(folder, bench.seed_texts(documents, seed), seed)


def settings(formats: tuple[str, ...] = ("json", "html")) -> Settings:
    return Settings(formats=formats)


# --- corpus layouts ----------------------------------------------------------------------------------


def test_a_folder_of_document_folders(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path / "c", 3)
    (corpus / ".git").mkdir()  # hidden folders are not documents
    docs = load_corpus(corpus).documents
    assert [d.id for d in docs] == ["doc0001", "doc0002", "doc0003"]
    assert [w.siglum for w in docs[0].read()] == ["A", "B"]


def test_a_corpus_toml_names_one_tei_file_twice_and_a_folder(tmp_path: Path) -> None:
    shutil.copy(LETTER, tmp_path / "letter.xml")
    shutil.copytree(SEED, tmp_path / "seed")
    (tmp_path / "corpus.toml").write_text(
        '[[document]]\nid = "letter"\nbase = "reg"\n'
        '[[document.witness]]\nfile = "letter.xml"\nsiglum = "orig"\nchoice = "orig"\n'
        '[[document.witness]]\nfile = "letter.xml"\nsiglum = "reg"\nchoice = "reg"\n\n'
        '[[document]]\nid = "telegram"\nfolder = "seed"\n',
        encoding="utf-8",
    )
    letter, telegram = load_corpus(tmp_path).documents  # the folder's corpus.toml is the corpus
    orig, reg = letter.read()
    assert "товарищев" in orig.text and "товарищей" in reg.text
    assert letter.options == {"base": "reg"}
    assert [w.siglum for w in telegram.read()] == ["A", "B"]


def test_a_corpus_csv_has_one_row_per_witness(tmp_path: Path) -> None:
    shutil.copy(LETTER, tmp_path / "letter.xml")
    shutil.copytree(SEED, tmp_path / "seed")
    (tmp_path / "corpus.csv").write_text(
        "document,file,siglum,choice,profile\n"
        "letter,letter.xml,orig,orig,diplomatic\n"
        "letter,letter.xml,reg,reg,diplomatic\n"
        "telegram,seed/A.txt,A,,\n"
        "telegram,seed/B.txt,B,,\n",
        encoding="utf-8",
    )
    letter, telegram = load_corpus(tmp_path / "corpus.csv").documents
    assert [w.siglum for w in letter.read()] == ["orig", "reg"] and letter.options == {
        "profile": "diplomatic"
    }
    assert [w.siglum for w in telegram.read()] == ["A", "B"] and telegram.options == {}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("corpus.toml", "[[document]\n", r"corpus\.toml:1:\d+: broken corpus manifest"),
        ("corpus.toml", "x = 1\n", r"corpus\.toml: the corpus manifest lists no \[\[document\]\] tables"),
        (
            "corpus.toml",
            '[[document]]\nid = "a"\nfolder = "x"\n\n[[document]]\nid = "a"\nfolder = "y"\n',
            r"corpus\.toml:5: \[\[document\]\] #2: duplicate document id 'a'",
        ),
        (
            "corpus.toml",
            '[[document]]\nid = "../up"\nfolder = "x"\n',
            r"corpus\.toml:1: .*bad document id '\.\./up'",
        ),
        ("corpus.toml", '[[document]]\nid = "index.html"\nfolder = "x"\n', r"bad document id 'index\.html'"),
        (
            "corpus.toml",
            '[[document]]\nid = "a"\n',
            r"give either folder = \.\.\. or \[\[document\.witness\]\]",
        ),
        (
            "corpus.toml",
            '[[document]]\nid = "a"\nfolder = "x"\nprofile = "nope"\n',
            r"unknown profile 'nope'",
        ),
        ("corpus.toml", '[[document]]\nid = "a"\nfolder = "x"\nlanguage = "xx"\n', r"unknown language 'xx'"),
        ("corpus.csv", "document,siglum\na,A\n", r"corpus\.csv:1: needs the columns document and file"),
        ("corpus.csv", "document,file,colour\na,A.txt,red\n", r"corpus\.csv:1: unknown column\(s\) colour"),
        ("corpus.csv", "document,file,base\na,A.txt,A\na,B.txt,B\n", r"its rows give different bases"),
        ("corpus.csv", "document,file\n", r"corpus\.csv: the corpus has no documents"),
    ],
)
def test_an_unusable_corpus_is_one_error_naming_the_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path / name)


def test_a_witness_folder_is_not_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no document folders here"):
        load_corpus(SEED)
    with pytest.raises(CorpusError, match="no such corpus"):
        load_corpus(tmp_path / "missing")


# --- one document, as a worker runs it -----------------------------------------------------------------


def test_a_document_run_writes_its_reports_and_returns_its_row(tmp_path: Path) -> None:
    (doc,) = load_corpus(seed_corpus(tmp_path / "c", 1)).documents
    row = run_document(doc, str(tmp_path / "out"), settings())
    assert set(row) == set(COLUMNS)
    assert (row["status"], row["error"], row["witnesses"], row["reused"]) == ("ok", "", 2, False)
    assert row["entries"] == row["substantive"] + row["accidental"] + row["editorial"] > 0
    folder = tmp_path / "out" / doc.id
    report = json.loads((folder / "apparatus.json").read_text(encoding="utf-8"))
    assert len(report["entries"]) == row["entries"]
    assert (folder / "apparatus.html").is_file() and not (folder / "apparatus.csv").exists()


def test_a_documents_own_options_reach_the_collation(tmp_path: Path) -> None:
    shutil.copytree(SEED, tmp_path / "seed")
    (tmp_path / "corpus.toml").write_text(
        '[[document]]\nid = "b"\nfolder = "seed"\nbase = "B"\nprofile = "diplomatic"\nlanguage = "ru"\n',
        encoding="utf-8",
    )
    (doc,) = load_corpus(tmp_path).documents
    run_document(doc, str(tmp_path / "out"), settings(("json",)))
    report = json.loads((tmp_path / "out" / "b" / "apparatus.json").read_text(encoding="utf-8"))
    assert (report["base"], report["profile"]) == ("B", "diplomatic")


def test_a_corpus_manifest_reads_files_outside_its_folder_only_when_allowed(tmp_path: Path) -> None:
    shutil.copytree(SEED, tmp_path / "seed")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "corpus.csv").write_text(
        "document,file\nt,../seed/A.txt\nt,../seed/B.txt\n", encoding="utf-8"
    )
    (doc,) = load_corpus(tmp_path / "corpus").documents
    refused = run_document(doc, str(tmp_path / "out"), settings(("json",)))
    assert refused["status"] == "error" and "outside the manifest's folder" in refused["error"]
    allowed = run_document(doc, str(tmp_path / "out"), Settings(formats=("json",), allow_outside=True))
    assert allowed["status"] == "ok"


def test_an_unchanged_document_is_reused_and_a_changed_one_redone(tmp_path: Path) -> None:
    (doc,) = load_corpus(seed_corpus(tmp_path / "c", 1)).documents
    out = str(tmp_path / "out")
    first = run_document(doc, out, settings())
    again = run_document(doc, out, settings())
    assert again["reused"] and {k: again[k] for k in COLUMNS if k not in ("seconds", "reused")} == {
        k: first[k] for k in COLUMNS if k not in ("seconds", "reused")
    }
    assert not run_document(doc, out, settings(), force=True)["reused"]
    assert not run_document(doc, out, Settings(formats=("json", "html"), profile="diplomatic"))["reused"]
    b = doc.folder / "B.txt"
    b.write_text(b.read_text(encoding="utf-8") + " и ещё слово\n", encoding="utf-8")
    changed = run_document(doc, out, Settings(formats=("json", "html"), profile="diplomatic"))
    assert not changed["reused"] and changed["entries"] >= first["entries"]
    (Path(out) / doc.id / "apparatus.html").unlink()  # a report gone: redone, not reused
    assert not run_document(doc, out, Settings(formats=("json", "html"), profile="diplomatic"))["reused"]


def test_near_matching_reaches_every_document_and_changes_its_digest(tmp_path: Path) -> None:
    # `collate batch --near` aligns as `collate report --near` does: "this" goes against
    # "that", not against "there"; a batch with and without it is not reused for the other.
    folder = tmp_path / "c" / "d"
    folder.mkdir(parents=True)
    (folder / "A.txt").write_text("over this dog\n", encoding="utf-8")
    (folder / "B.txt").write_text("over there that dog\n", encoding="utf-8")
    (doc,) = load_corpus(tmp_path / "c").documents
    out = str(tmp_path / "out")

    def alignment() -> list[list[str]]:
        report = json.loads((Path(out) / "d" / "alignment.json").read_text(encoding="utf-8"))
        return [[cell[0]["t"].strip() if cell else "" for cell in column] for column in report["table"]]

    run_document(doc, out, settings(("json", "collatex")))
    assert ["this", "there"] in alignment()
    near = run_document(doc, out, Settings(formats=("json", "collatex"), near=True))
    assert not near["reused"]
    assert ["this", "that"] in alignment() and ["", "there"] in alignment()
    assert run_document(doc, out, Settings(formats=("json", "collatex"), near=True))["reused"]
    with pytest.raises(CollateError, match="near="):
        batch(tmp_path / "c", tmp_path / "out2", near=1.5, progress=False)


def test_the_command_passes_near_to_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module("collate.batch")  # `collate.batch` is the function
    seen: dict[str, object] = {}

    def recording(*args: object, **kwargs: object) -> pd.DataFrame:
        seen.update(kwargs)
        return module.corpus_frame([])

    monkeypatch.setattr(module, "batch", recording)
    with pytest.raises(SystemExit) as exit_:
        main(["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--near", "-q"])
    assert exit_.value.code == 0 and seen["near"] is True


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"A.txt": "один"}, "A.txt: only one witness: collation needs at least two"),
        (
            {"A.txt": "один", "B.xml": "<TEI><text><body><p>два</p></body></TEI>"},
            r"B.xml:1:\d+: malformed XML",
        ),
        ({"A.txt": "один", "B.txt": b"\x00\x01\x02" * 50}, "B.txt: "),
    ],
)
def test_a_bad_document_is_an_error_row_with_its_one_line_message(
    tmp_path: Path, files: dict[str, str | bytes], message: str
) -> None:
    folder = tmp_path / "c" / "bad"
    folder.mkdir(parents=True)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (doc,) = load_corpus(tmp_path / "c").documents
    row = run_document(doc, str(tmp_path / "out"), settings())
    assert row["status"] == "error" and "\n" not in row["error"]
    assert re.search(message, row["error"]), row["error"]
    assert not (tmp_path / "out" / "bad" / RECORD).exists()


def test_the_dashboard_link_is_given_only_when_the_scheduler_serves_a_dashboard() -> None:
    from collate.batch import dashboard_link

    class Client:
        dashboard_link = "http://127.0.0.1:8787/status"

        def __init__(self, services: dict[str, int], bokeh: bool) -> None:
            self.services, self.bokeh = services, bokeh

        def scheduler_info(self) -> dict[str, object]:
            return {"services": self.services}

        def run_on_scheduler(self, function: object) -> bool:
            return self.bokeh

    assert dashboard_link(Client({"dashboard": 8787}, bokeh=True)) == "http://127.0.0.1:8787/status"
    # Without bokeh the web server only says to install it: no dashboard to show.
    assert dashboard_link(Client({"dashboard": 8787}, bokeh=False)) is None
    assert dashboard_link(Client({}, bokeh=True)) is None


# --- Dask: a real scheduler and workers on loopback ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, count: int, timeout: float = 45) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes (no nanny: a killed worker stays dead).

    One cluster for the module: starting it is most of these tests' time. The
    first test kills a worker; the next runs on the one that is left.
    """
    if not DASK.exists():
        pytest.skip("the dask command is not installed (pip install 'dask[distributed]')")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cwd = tmp_path_factory.mktemp("dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": cwd}
    procs = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", *LOOPBACK],
                    **quiet,
                )
            )
        _wait_for_workers(address, 2)
        yield address, procs[1:]
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _reports(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("apparatus.*"))}


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["seconds", "reused"])


def test_a_batch_on_a_dask_cluster_equals_the_embedded_run_and_survives_a_killed_worker(
    tmp_path: Path, cluster
) -> None:
    address, workers = cluster
    corpus = seed_corpus(tmp_path / "corpus", 20)
    bad = corpus / "doc0007" / "B.txt"
    bad.write_bytes(b"\xff\xfe\x00" * 40 + b"\x00\x00\x00\x01" * 40)  # binary: one error row
    formats = ("json", "csv")  # the HTML report is checked elsewhere; here it would only cost time

    # On the external cluster, with a worker killed once the first documents are done.
    remote = tmp_path / "remote"
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["frame"] = batch(corpus, remote, formats=formats, scheduler=address, progress=False)
        except BaseException as exc:  # pragma: no cover - reported by the assertion below
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while len(list(remote.glob(f"*/{RECORD}"))) < 2 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.02)
    done_at_kill = len(list(remote.glob(f"*/{RECORD}")))
    workers[0].send_signal(signal.SIGKILL)
    thread.join(timeout=120)
    assert not thread.is_alive() and "error" not in result, result.get("error")
    assert done_at_kill < 19, "the batch finished before the worker was killed: nothing was tested"
    frame = result["frame"]
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["document"]) == [f"doc{i:04d}" for i in range(1, 21)]
    assert list(frame.loc[frame["status"] == "error", "document"]) == ["doc0007"]
    assert (frame.loc[frame["status"] == "ok", "entries"] > 0).all()

    # Every finished document is whole: its reports parse and its record matches them.
    for doc in frame.loc[frame["status"] == "ok", "document"]:
        folder = remote / doc
        report = json.loads((folder / "apparatus.json").read_text(encoding="utf-8"))
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        assert len(report["entries"]) == record["row"]["entries"]
        rows = list(csv.DictReader(io.StringIO((folder / "apparatus.csv").read_text(encoding="utf-8"))))
        assert len(rows) == len(report["entries"])

    # The embedded LocalCluster gives the same tables and the same reports.
    local = tmp_path / "local"
    embedded = batch(corpus, local, formats=formats, workers=1, progress=False)
    pd.testing.assert_frame_equal(_comparable(frame), _comparable(embedded))
    assert _reports(remote) == _reports(local)
    pd.testing.assert_frame_equal(
        pd.read_parquet(remote / "entries.parquet"), pd.read_parquet(local / "entries.parquet")
    )
    assert (remote / "corpus.csv").read_text(encoding="utf-8").count("\n") == 21

    # The next run, on the surviving worker, reuses every finished document and cleans what a kill left.
    again = batch(corpus, remote, formats=formats, scheduler=address, progress=False)
    assert again.loc[again["status"] == "ok", "reused"].all()
    assert not list(remote.rglob("*.tmp"))


def test_the_command_exits_1_when_a_document_failed_and_2_when_the_corpus_is_unusable(
    tmp_path: Path, cluster, capsys
) -> None:
    address, _ = cluster
    corpus = seed_corpus(tmp_path / "corpus", 2)
    (corpus / "broken").mkdir()
    (corpus / "broken" / "A.txt").write_text("один", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["batch", str(corpus), "-o", str(out), "--scheduler", address, "-f", "json"])
    captured = capsys.readouterr()
    assert exit_.value.code == 1
    assert "collate: broken: " in captured.err and "only one witness" in captured.err
    assert "3 documents: 2 collated (0 reused), 1 failed" in captured.out
    assert (out / "index.html").is_file() and (out / "doc0001" / "apparatus.json").is_file()
    for args in (
        ["batch", str(tmp_path / "nowhere"), "-o", str(out)],
        ["batch", str(corpus), "-o", str(out), "--only", "nonsense"],
        ["batch", str(corpus), "-o", str(out), "--language", "xx"],
    ):
        with pytest.raises(SystemExit) as exit_:
            main([*args, "--scheduler", address])
        assert exit_.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_an_interrupted_batch_leaves_finished_documents_whole_and_the_next_run_continues(
    tmp_path: Path, cluster
) -> None:
    address, _ = cluster
    corpus = seed_corpus(tmp_path / "corpus", 10, seed=11)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "collate", "batch", str(corpus), "-o", str(out), "-f", "json"]
    command += ["--scheduler", address]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C reaches the command even when this test runs in the background (SIGINT ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(list(out.glob(f"*/{RECORD}"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("collate: interrupted: the documents finished are kept")
    assert not (out / "corpus.csv").exists()  # the corpus tables are written when every document is done
    finished = {p.parent.name for p in out.glob(f"*/{RECORD}")}
    assert 2 <= len(finished) < 10
    frame = batch(corpus, out, formats=("json",), scheduler=address, progress=False)
    assert (frame["status"] == "ok").all()
    reused = set(frame.loc[frame["reused"], "document"])
    # Every document finished before Ctrl-C is reused (one still running then may have finished since).
    assert finished <= reused and len(reused) < 10
    for doc in frame["document"]:
        report = json.loads((out / doc / "apparatus.json").read_text(encoding="utf-8"))
        assert len(report["entries"]) == frame.set_index("document").loc[doc, "entries"]


def test_the_corpus_csv_is_safe_in_a_spreadsheet_and_the_parquet_keeps_the_text(tmp_path: Path) -> None:
    from collate.batch import corpus_frame, write_corpus
    from collate.corpus import Corpus

    corpus = seed_corpus(tmp_path / "c", 1)
    (corpus / "doc0001").rename(corpus / "=HYPERLINK(1)")
    out = tmp_path / "out"
    docs = load_corpus(corpus).documents
    frame = corpus_frame([run_document(d, str(out), settings()) for d in docs])
    write_corpus(out, frame, ("json", "html"), Corpus(corpus, docs))
    assert (out / "corpus.csv").read_text(encoding="utf-8").splitlines()[1].startswith("'=HYPERLINK(1),ok,")
    assert pd.read_parquet(out / "corpus.parquet")["document"].tolist() == ["=HYPERLINK(1)"]
    assert pd.read_parquet(out / "entries.parquet")["document"].unique().tolist() == ["=HYPERLINK(1)"]


# --- index.html in headless Chromium ------------------------------------------------------------------


def test_the_index_page_in_chromium_sorts_links_charts_and_lists_failures(tmp_path: Path) -> None:
    from collate.batch import corpus_frame
    from collate.reporters.corpus_html import render

    from .test_html import chromium

    corpus = seed_corpus(tmp_path / "c", 3)
    (corpus / "<i>bad").mkdir()
    (corpus / "<i>bad" / "A.txt").write_text("<script>alert(1)</script>", encoding="utf-8")
    out = tmp_path / "out"
    rows = [run_document(d, str(out), settings()) for d in load_corpus(corpus).documents]
    frame = corpus_frame(rows)
    page = out / "index.html"
    page.write_text(render(frame, ("json", "html"), "corpus"), encoding="utf-8")
    dom = chromium(page.as_uri() + "#sort=-substantive", tmp_path / "profile", "--dump-dom").stdout
    body = dom.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    shown = re.findall(r'<tr[^>]*><td data-v="([^"]*)"', body)
    ok = frame[frame["status"] == "ok"]
    by_substantive = ok.sort_values("substantive", ascending=False, kind="stable")["document"].tolist()
    assert shown[: len(ok)] == by_substantive  # sorted by the address; the failed row (empty) last
    assert shown[-1] == "&lt;i&gt;bad"
    assert 'aria-sort="descending"' in dom
    for doc in ok["document"]:
        assert f'<a href="{doc}/apparatus.html">{doc}</a>' in body
    assert dom.count("<rect ") == len(ok)
    failures = dom.split('<ul class="failed">', 1)[1].split("</ul>", 1)[0]
    assert "&lt;i&gt;bad</b>: " in failures and "only one witness" in failures
    assert "<script>alert" not in dom
