"""Safe output (issue 16): every string from the input is escaped where it enters each format.

One hostile set of sigla, titles, sources and readings goes through every
format, and each output is read back with the tool its readers use: the
LaTeX is compiled (where lualatex is installed) and its PDF's text read, the
TEI parsed, the Markdown rendered as GitHub renders it, the CSV read with
pandas, the HTML parsed, the terminal table printed.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from rich.console import Console

from collate import Witness, collate
from collate.reporters import FORMATS
from collate.reporters.escape import FORMULA_STARTS
from collate.reporters.terminal import summary_text, table

SECRET = "TOP-SECRET-CONTENTS"
SIGLA = ["MS_A", "A&B", "B\\input{secret.txt}", "A|B[/b]", "=1+1", "1", "w1"]
TEXTS = [
    'Начало =HYPERLINK("http://x") один <img src=x onerror=alert(1)> конец.',
    "Начало +cmd|' /C calc'!A0 один конец.",
    "Начало @SUM(1) один \\input{secret.txt} конец.",
    "Начало один \x1b[41mкрасный\x1b[0m [link=http://x]ссылка[/link] конец.",
    "Начало -2 один | труба | конец.",
    "Начало один 50% $x$ #1 ~ ^ _ конец.",
    "Начало один конец.",
]
TITLE = "<script>alert(1)</script> & \\input{secret.txt} | =1+1 [b]bold[/b]"


@pytest.fixture(scope="module")
def hostile():
    witnesses = [
        Witness(siglum, text, title=f"{TITLE} {i}", source=f"=cmd {i} <b>source</b>", document=TITLE)
        for i, (siglum, text) in enumerate(zip(SIGLA, TEXTS, strict=True))
    ]
    return collate(witnesses)


@pytest.fixture(scope="module")
def outputs(hostile) -> dict[str, str]:
    return {name: fmt.render(hostile) for name, fmt in FORMATS.items()}


def test_json_keeps_every_string_as_it_is(outputs, hostile) -> None:
    doc = json.loads(outputs["json"])
    assert [w["siglum"] for w in doc["witnesses"]] == SIGLA
    readings = " ".join(r for e in doc["entries"] for r in e["readings"].values())
    assert "<img src=x onerror=alert" in readings and "\x1b[41m" in readings


def test_csv_neutralizes_formulas_and_reads_back_with_pandas(outputs, hostile) -> None:
    frame = pd.read_csv(io.StringIO(outputs["csv"]), dtype=str, keep_default_na=False)
    assert len(frame) == len(hostile.entries)
    for value in [*frame.columns, *frame.to_numpy().ravel()]:
        assert not str(value).startswith(FORMULA_STARTS), value
    assert "'=1+1" in frame.columns  # the siglum, quoted
    assert any(v.startswith("'=HYPERLINK") for v in frame["MS_A"])


def test_markdown_renders_no_html_and_keeps_the_table(outputs, hostile) -> None:
    rendered = MarkdownIt("commonmark").enable("table").render(outputs["md"])  # raw HTML allowed, as GitHub
    page = lxml_html.fromstring(rendered)
    assert not page.xpath("//img | //script | //b")
    conspectus, entries = page.xpath("//table")
    assert [tr.xpath("./td")[0].text_content() for tr in conspectus.xpath("./tbody/tr")] == SIGLA
    assert page.xpath("//h1")[0].text_content() == TITLE
    rows = entries.xpath("./tbody/tr")
    assert len(rows) == len(hostile.entries)
    width = 4 + len(SIGLA)
    assert len(entries.xpath("./thead/tr/th")) == width
    assert all(len(row.xpath("./td")) == width for row in rows)
    header = [th.text_content() for th in entries.xpath("./thead/tr/th")]
    assert header[2 : 2 + len(SIGLA)] == SIGLA  # sigla shown literally
    assert "<img src=x onerror=alert" in page.text_content()


def test_terminal_shows_control_characters_and_markup_literally(hostile) -> None:
    console = Console(width=250, record=True, force_terminal=True, color_system="truecolor")
    console.print(table(hostile))
    console.print(summary_text(hostile))
    styled = console.export_text(styles=True, clear=False)
    plain = console.export_text()
    assert "\x1b[41m" not in styled and "␛[41m" in plain
    assert "A|B[/b]" in plain  # rich markup in a siglum printed, not obeyed (it crashed the table)
    assert "[link=http://x]" in plain and "[/link]" in plain


def test_txt_shows_control_characters(outputs) -> None:
    assert "\x1b" not in outputs["txt"] and "␛[41m" in outputs["txt"]


def test_tei_ids_are_unique_and_every_wit_resolves(outputs) -> None:
    root = etree.fromstring(outputs["tei"].encode())
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    ids = root.xpath("//@xml:id")
    assert len(ids) == len(set(ids))
    witness_ids = root.xpath("//tei:listWit/tei:witness/@xml:id", namespaces=ns)
    assert len(witness_ids) == len(SIGLA)
    assert root.xpath("//tei:listWit/tei:witness/@n", namespaces=ns) == SIGLA
    for wit in root.xpath("//@wit"):
        assert all(ref.lstrip("#") in witness_ids for ref in wit.split())
    assert "\x1b" not in outputs["tei"]


def test_tei_ids_are_stable() -> None:
    from collate.reporters.tei import witness_ids

    assert witness_ids(["1", "w1"]) == witness_ids(["1", "w1"]) == {"1": "w1-2", "w1": "w1"}
    assert witness_ids(["Ms:2", "Ms_2"])["Ms_2"] == "Ms_2"  # a siglum that is a valid id keeps it


def test_html_has_no_markup_from_the_input(outputs) -> None:
    page = lxml_html.fromstring(outputs["html"])
    assert not page.xpath("//img | //b")
    assert len(page.xpath("//script")) == 1  # collate's own
    assert page.xpath("//title")[0].text_content() == TITLE
    assert TITLE in page.xpath("//h1")[0].text_content()
    conspectus = [th.text_content() for th in page.xpath("//table[@class='conspectus']//tr/th")][4:]
    assert conspectus == SIGLA


LUALATEX = shutil.which("lualatex")


@pytest.mark.skipif(LUALATEX is None, reason="lualatex is not installed")
def test_latex_compiles_and_prints_sigla_literally(outputs, tmp_path: Path) -> None:
    if not subprocess.run(["kpsewhich", "reledmac.sty"], capture_output=True, text=True).stdout.strip():
        pytest.skip("reledmac is not installed")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "apparatus.tex").write_text(outputs["latex"], encoding="utf-8")
    proc = subprocess.run(
        [LUALATEX, "-interaction=nonstopmode", "-halt-on-error", "apparatus.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "apparatus.pdf", "-"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert SECRET not in text  # \input{secret.txt} in a siglum or a reading read no file
    flat = "".join(text.split())
    for siglum in ("MS_A", "A&B", "B\\input{secret.txt}"):
        assert siglum in flat, siglum


def test_a_bare_carriage_return_and_old_xml_names_do_not_break_csv_or_tei() -> None:
    # Both found by the hostile fuzz: a reading with a lone "\r" went out unquoted (pandas read two
    # rows), and a siglum Ș or ¹ became an xml:id that libxml2 refuses.
    app = collate({"Ș": "один два \r три", "¹": "один три четыре"}, progress=False)
    frame = pd.read_csv(io.StringIO(FORMATS["csv"].render(app)), dtype=str, keep_default_na=False)
    assert len(frame) == len(app.entries)
    tei = etree.fromstring(FORMATS["tei"].render(app).encode("utf-8"))
    ids = tei.xpath("//*[local-name()='witness']/@xml:id")
    assert len(set(ids)) == 2
