"""Reports (issue 5): every format deterministic and written atomically; CollateX JSON,
LaTeX, Markdown, CSV and the pandas frames in their consumers' shapes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from collate import collate
from collate.reporters import DEFAULT_FORMATS, FORMATS, atomic_write, write_reports
from collate.reporters import latex as latex_report
from collate.reporters.base_text import segments
from collate.reporters.escape import csv_cell

from .conftest import SEED

NEW_FORMATS = {
    "html": "apparatus.html",
    "tei": "apparatus.xml",
    "collatex": "alignment.json",
    "latex": "apparatus.tex",
}


def test_new_formats_are_registered_and_written_by_default() -> None:
    for name, filename in NEW_FORMATS.items():
        assert FORMATS[name].filename == filename
        assert FORMATS[name].description
        assert name in DEFAULT_FORMATS
    assert len({f.filename for f in FORMATS.values()}) == len(FORMATS)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_deterministic(name: str, seed_apparatus) -> None:
    """Same input, byte-identical output: twice from one apparatus, and from a fresh collation."""
    render = FORMATS[name].render
    first = render(seed_apparatus)
    assert first, f"{name} rendered nothing"
    assert render(seed_apparatus) == first
    assert render(collate(SEED, decisions=False)) == first  # the fixture is the undecided seed
    # No absolute paths and no dates of the run.
    assert str(SEED) not in first and str(Path.cwd()) not in first
    assert not re.search(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", first)  # no timestamps


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_cyrillic_and_every_entry(name: str, seed_apparatus) -> None:
    text = FORMATS[name].render(seed_apparatus)
    assert "оторвался" in text
    if name in ("json", "csv", "md", "txt", "html", "tei", "latex"):
        # Each entry's lemma appears in the report (when it has one).
        for entry in seed_apparatus.entries:
            lemma = " ".join(entry.lemma.text.split())
            if lemma and name != "latex":
                assert lemma.split()[0] in text, (name, entry.n, lemma)


def test_agreement_is_computed_once_for_all_the_reports(monkeypatch, tmp_path: Path) -> None:
    # Pairwise agreement walks the whole alignment for every pair: on 100,000-word
    # witnesses it took most of a second each time a report asked for the summary.
    import collate.apparatus as apparatus_module

    calls = []
    real = apparatus_module.agreement
    monkeypatch.setattr(apparatus_module, "agreement", lambda alignment: calls.append(1) or real(alignment))
    apparatus = collate({"A": "the black cat", "B": "the white cat", "C": "a black cat"})
    write_reports(apparatus, tmp_path, DEFAULT_FORMATS)
    apparatus.agreement_frame()
    assert len(calls) == 1
    assert apparatus.summary()["agreement"] == real(apparatus.alignment)


def test_atomic_write_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "apparatus.txt"
    atomic_write(target, "first\n")
    atomic_write(target, "second — Мао\n")
    assert target.read_text(encoding="utf-8") == "second — Мао\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["apparatus.txt"]


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "apparatus.txt"
    atomic_write(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "bad \udc80 surrogate")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["apparatus.txt"]


def test_write_reports_writes_every_format_and_nothing_else(tmp_path: Path, seed_apparatus) -> None:
    written = write_reports(seed_apparatus, tmp_path, tuple(FORMATS))
    assert sorted(p.name for p in written) == sorted(f.filename for f in FORMATS.values())
    for path in written:
        assert path.read_bytes().decode("utf-8") == FORMATS[_format_of(path.name)].render(seed_apparatus)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def _format_of(filename: str) -> str:
    return next(name for name, f in FORMATS.items() if f.filename == filename)


# --- running text ----------------------------------------------------------


@pytest.mark.parametrize("siglum", ["A", "B"])
def test_segments_rebuild_each_witness_exactly(siglum: str, seed_apparatus) -> None:
    segs = segments(seed_apparatus, siglum)
    rebuilt = "".join(s if isinstance(s, str) else s.reading(siglum).text for s in segs)
    assert rebuilt == seed_apparatus.witness(siglum).text
    assert [s.n for s in segs if not isinstance(s, str)] == [e.n for e in seed_apparatus.entries]


def test_segments_of_a_filtered_apparatus_print_the_rest_as_text(seed_apparatus) -> None:
    only = seed_apparatus.filter(only=["substantive"])
    segs = segments(only, "A")
    assert {s.category for s in segs if not isinstance(s, str)} == {"substantive"}
    assert "".join(s if isinstance(s, str) else s.reading("A").text for s in segs) == only.witness("A").text


# --- CollateX JSON ---------------------------------------------------------


def test_alignment_json_is_collatex_shaped(seed_apparatus) -> None:
    doc = json.loads(FORMATS["collatex"].render(seed_apparatus))
    assert doc == json.loads(seed_apparatus.alignment.to_json())
    assert doc["witnesses"] == ["A", "B"]
    assert len(doc["table"]) == len(seed_apparatus.alignment)
    for column in doc["table"]:
        assert len(column) == 2  # one cell per witness
        for cell in column:
            assert isinstance(cell, list) and len(cell) <= 1  # unsegmented
            for token in cell:
                assert isinstance(token["t"], str) and isinstance(token["n"], str)
    # Every token of every witness appears once, in order: the cells rebuild each witness.
    for w, siglum in enumerate(doc["witnesses"]):
        tokens = [cell[0] for column in doc["table"] for cell in [column[w]] if cell]
        text = seed_apparatus.witness(siglum).text
        assert "".join(t["t"] + t["ws"] for t in tokens) == text[tokens[0]["start"] :]


def test_alignment_json_marks_gaps_as_empty_cells() -> None:
    app = collate({"A": "the black cat", "B": "the cat"})
    doc = json.loads(FORMATS["collatex"].render(app))
    assert [[[t["t"] for t in cell] for cell in column] for column in doc["table"]] == [
        [["the"], ["the"]],
        [["black"], []],
        [["cat"], ["cat"]],
    ]


# --- LaTeX -----------------------------------------------------------------


def test_latex_has_one_edtext_per_place_in_balanced_braces(seed_apparatus) -> None:
    tex = FORMATS["latex"].render(seed_apparatus)
    assert "\\usepackage[series={A,B,C},noend,noeledsec,nofamiliar]{reledmac}" in tex
    assert tex.count("\\edtext{") == len(seed_apparatus.places)
    substantive = sum(any(u.entry.category == "substantive" for u in p.units) for p in seed_apparatus.places)
    other = sum(any(u.entry.category != "substantive" for u in p.units) for p in seed_apparatus.places)
    assert tex.count("\\Afootnote{") == substantive and tex.count("\\Bfootnote{") == other
    assert tex.count("\\pstart") == tex.count("\\pend")
    assert "\\beginnumbering" in tex and "\\endnumbering" in tex
    depth = 0
    for i, ch in enumerate(tex):
        if ch in "{}" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0


def test_latex_is_print_ready(seed_apparatus) -> None:
    tex = FORMATS["latex"].render(seed_apparatus)
    # Notes in paragraph style, Russian hyphenation, and a plain refusal of pdflatex.
    assert "\\Xarrangement[A]{paragraph}" in tex and "\\Xarrangement[B]{paragraph}" in tex
    assert "\\setmainlanguage{russian}" in tex
    assert "pdflatex is not supported" in tex and "\\ifPDFTeX" in tex
    # The base text's line numbers in the margin, as the references count them.
    assert [int(n) for n in re.findall(r"\\textline\{(\d+)\}", tex)] == list(range(1, 13))
    assert "\\lemma{\\vref{l. 5.10} }\\Afootnote{оторвался \\sigla{A} ] оторван \\sigla{B}" in tex


def test_latex_escapes_specials_and_writes_omissions() -> None:
    app = collate({"A": "Цена 50% & $5 #1 {x} a_b ~ ^ \\ <i> конец", "B": "Цена 50% конец"})
    tex = latex_report.render(app)
    body = tex.split("\\beginnumbering")[1]
    for special in "$&#%_":
        assert not re.search(r"(?<!\\)" + re.escape(special), body), special
    for raw in ("~", "^", "<", ">", "{x}", " \\ "):
        assert raw not in body, raw
    assert "50\\%" in body and "\\&" in body and "\\textless{}i\\textgreater{}" in body
    assert "\\notation{om.} \\sigla{B}" in body


def test_latex_addition_is_noted_at_the_word_it_follows() -> None:
    # Not "om. A ] add. black B": the base has nothing, so the note names the word before.
    tex = latex_report.render(collate({"A": "the cat", "B": "the black cat"}))
    assert (
        "\\edtext{}{\\lemma{\\vref{l. 1.1} }\\Afootnote{the \\sigla{A} ] \\notation{add.} black \\sigla{B}"
        in tex
    )


FRANKENSTEIN_C23 = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "frankenstein" / "C23"


@pytest.fixture(scope="module")
def frankenstein_apparatus():
    """Chapter 23 of Frankenstein in five witnesses (Frankenstein Variorum; see its SOURCE.md)."""
    if not FRANKENSTEIN_C23.is_dir():
        pytest.skip("the shared Frankenstein corpus is not beside this checkout")
    return collate(FRANKENSTEIN_C23, progress=False)


@pytest.mark.parametrize("engine", ["lualatex", "xelatex"])
@pytest.mark.parametrize("text", ["seed", "frankenstein"])
def test_latex_compiles_without_overfull_lines(engine: str, text: str, tmp_path: Path, request) -> None:
    exe = shutil.which(engine)
    if exe is None:
        pytest.skip(f"{engine} is not installed")
    probe = subprocess.run(["kpsewhich", "reledmac.sty", "polyglossia.sty"], capture_output=True, text=True)
    if len(probe.stdout.split()) < 2:
        pytest.skip("reledmac or polyglossia is not installed in this TeX distribution")
    apparatus = request.getfixturevalue("seed_apparatus" if text == "seed" else "frankenstein_apparatus")
    (tmp_path / "apparatus.tex").write_text(FORMATS["latex"].render(apparatus), encoding="utf-8")
    for _ in range(2):  # reledmac places the notes on the second run
        proc = subprocess.run(
            [exe, "-interaction=nonstopmode", "-halt-on-error", "apparatus.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "apparatus.pdf").stat().st_size > 1000
    log = (tmp_path / "apparatus.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log


def test_latex_refuses_pdflatex_plainly(tmp_path: Path) -> None:
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("pdflatex is not installed")
    (tmp_path / "apparatus.tex").write_text(FORMATS["latex"].render(collate({"A": "a b", "B": "a c"})))
    proc = subprocess.run(
        [exe, "-interaction=nonstopmode", "apparatus.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "needs lualatex or xelatex" in proc.stdout


# --- Markdown and CSV ------------------------------------------------------


def test_markdown_has_a_row_per_entry(seed_apparatus) -> None:
    md = FORMATS["md"].render(seed_apparatus)
    rows = [line for line in md.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == len(seed_apparatus.entries)


def test_markdown_escapes_pipes() -> None:
    md = FORMATS["md"].render(collate({"A": "a | b c", "B": "a b c"}))
    rows = [line for line in md.splitlines() if line.startswith("| 1 ")]
    assert rows and "\\|" in rows[0]


def test_csv_has_a_row_per_entry_and_keeps_newlines_quoted(seed_apparatus) -> None:
    rows = list(csv.reader(io.StringIO(FORMATS["csv"].render(seed_apparatus))))
    assert rows[0][:3] == ["n", "A", "B"]
    assert [int(r[0]) for r in rows[1:]] == [e.n for e in seed_apparatus.entries]
    for row, entry in zip(rows[1:], seed_apparatus.entries, strict=True):
        # A page marker "- 2 -" gets the quote that keeps a spreadsheet from reading a formula.
        assert row[1] == csv_cell(entry.reading("A").text) and row[2] == csv_cell(entry.reading("B").text)


# --- pandas ----------------------------------------------------------------


def test_apparatus_frame(seed_apparatus) -> None:
    frame = seed_apparatus.to_frame()
    assert len(frame) == len(seed_apparatus.entries)
    assert {"A", "B", "type", "category"} <= set(frame.columns)
    assert list(frame.index) == [e.n for e in seed_apparatus.entries]
    substantive = frame[frame["category"] == "substantive"]
    assert len(substantive) == sum(e.category == "substantive" for e in seed_apparatus.entries)
    row = frame[frame["A"] == "оторвался"].iloc[0]
    assert row["B"] == "оторван"


def test_alignment_frame(seed_apparatus) -> None:
    frame = seed_apparatus.alignment.to_frame()
    assert list(frame.columns) == ["A", "B"]
    assert len(frame) == len(seed_apparatus.alignment)
    a_tokens = [t.text for t in seed_apparatus.witness("A").tokens]
    assert frame["A"].dropna().tolist() == a_tokens


def test_repr_html_shows_counts_and_the_table(seed_apparatus) -> None:
    page = seed_apparatus._repr_html_()
    assert f"{len(seed_apparatus.entries)} entries" in page
    assert "<table" in page and "оторвался" in page


def test_collate_accepts_a_mapping_and_a_base() -> None:
    app = collate({"A": "один два три", "B": "один три", "C": "один два три"}, base="B")
    assert app.base == "B"
    assert app.sigla == ("A", "B", "C")
    (entry,) = app.entries
    assert entry.reading("B").text == "" and entry.reading("A").text == "два"


def test_reports_do_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    here = Path.cwd()
    try:
        os.chdir(tmp_path)
        elsewhere = {name: f.render(collate(SEED)) for name, f in FORMATS.items()}
    finally:
        os.chdir(here)
    fresh = collate(SEED)
    assert elsewhere == {name: f.render(fresh) for name, f in FORMATS.items()}


def test_readme_documents_every_format() -> None:
    readme = (SEED.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- BEGIN reports -->")[1].split("<!-- END reports -->")[0]
    for name, fmt in FORMATS.items():
        assert f"| `{name}` | `{fmt.filename}` |" in section, name
    assert (SEED.parent.parent / "docs" / "apparatus-html.png").is_file()
