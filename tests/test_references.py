"""References (issue 11): one line numbering on the base text, shared by every report."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from lxml import html as lxml_html

from collate import collate
from collate.reporters import FORMATS

from .conftest import SEED
from .test_apparatus import THREE


def _key(ref: str) -> tuple[str, int, int]:
    m = re.fullmatch(r"(?:p\. (\S+), )?l\. (\d+)\.(\d+)", ref)
    assert m, ref
    return (m.group(1) or "", int(m.group(2)), int(m.group(3)))


def test_lines_are_the_base_texts_non_empty_lines(seed_apparatus) -> None:
    # The seed writes a paragraph per line with blank lines between: "оторвался" is in
    # the fifth paragraph, not on file line 9.
    entry = next(e for e in seed_apparatus.entries if e.lemma.text == "оторвался")
    assert entry.ref == "l. 5.10"
    assert entry.lemma.location.line == 9  # the location still gives the file's line


def test_majority_references_never_go_backwards() -> None:
    app = collate(THREE, base="majority")
    keys = [_key(e.ref) for e in app.entries]
    assert keys == sorted(keys)
    assert len({e.base for e in app.entries}) > 1  # the lemma does come from more than one witness


def test_page_markers_give_page_references() -> None:
    app = collate(SEED, base="B")  # B has the page marker "- 2 -"
    refs = [e.ref for e in app.entries]
    after = refs[next(i for i, e in enumerate(app.entries) if "pagination" in e.types) + 1 :]
    assert after and all(r.startswith("p. 2, l. ") for r in after)
    assert not any(r.startswith("p. ") for r in refs[:3])


def test_tei_pb_gives_page_references(tmp_path) -> None:
    tei = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>один два три<pb n="12r"/>'
        "четыре пять</p></body></text></TEI>"
    )
    (tmp_path / "A.xml").write_text(tei, encoding="utf-8")
    (tmp_path / "B.txt").write_text("один два три четыре шесть", encoding="utf-8")
    app = collate([tmp_path / "A.xml", tmp_path / "B.txt"])
    assert [e.ref for e in app.entries if "lexical" in e.types] == ["p. 12r, l. 1.2"]


def test_every_report_prints_the_same_references(seed_apparatus) -> None:
    refs = [e.ref for e in seed_apparatus.entries]
    doc = json.loads(FORMATS["json"].render(seed_apparatus))
    assert [e["ref"] for e in doc["entries"]] == refs
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(seed_apparatus))))
    assert [r["ref"] for r in rows] == refs
    txt = FORMATS["txt"].render(seed_apparatus).split("\n\n", 1)[1].splitlines()
    assert [" ".join(line.split(" ")[:2]) for line in txt] == [p.ref for p in seed_apparatus.places]
    page = lxml_html.fromstring(FORMATS["html"].render(seed_apparatus))
    shown = [s.text_content() for s in page.xpath("//ol[@class='apparatus']/li/span[@class='ref']")]
    assert [r for r in shown if r] == [p.ref for p in seed_apparatus.places]
    assert [s.text_content() for s in page.xpath("//div[@class='running']//span[@class='ln']")] == [
        str(n) for n in range(1, 13)
    ]
    tex = FORMATS["latex"].render(seed_apparatus)
    assert re.findall(r"\\vref\{([^}]*)\}", tex) == [p.ref for p in seed_apparatus.places]


# --- titles and the conspectus siglorum --------------------------------------------


def test_the_manifest_title_is_the_title_of_every_report(seed_apparatus) -> None:
    title = (
        "Ciphered Telegram, Filippov (Stalin) to Mao Zedong and Zhou Enlai (via Roshchin), October 01, 1950"
    )
    assert seed_apparatus.title == title
    assert json.loads(FORMATS["json"].render(seed_apparatus))["title"] == title
    assert FORMATS["txt"].render(seed_apparatus).startswith(title + "\n")
    assert FORMATS["md"].render(seed_apparatus).startswith(f"# {title}\n")
    assert f"\\section*{{{title}}}" in FORMATS["latex"].render(seed_apparatus)
    assert f"<title>{title}</title>" in FORMATS["html"].render(seed_apparatus)
    assert f"<title>{title}</title>" in FORMATS["tei"].render(seed_apparatus)


def test_the_conspectus_heads_txt_latex_and_html(seed_apparatus) -> None:
    txt = FORMATS["txt"].render(seed_apparatus).split("\n\n", 1)[0].splitlines()
    assert txt[1] == "Base text: A. Sigla:"
    assert txt[2].startswith("  A  First Russian transcription") and "APRF, fond 45" in txt[2]
    assert txt[3].startswith("  B  Second Russian transcription")
    tex = FORMATS["latex"].render(seed_apparatus)
    assert tex.index("Conspectus siglorum") < tex.index("\\beginnumbering")
    assert "\\item[\\sigla{B}] Second Russian transcription" in tex
    page = lxml_html.fromstring(FORMATS["html"].render(seed_apparatus))
    rows = page.xpath("//section[@id='conspectus']//tr")[1:]
    assert [r.xpath("./th")[0].text_content() for r in rows] == ["A", "B"]
    assert "APRF, fond 45" in rows[0].text_content()


def test_without_a_manifest_the_title_names_the_sigla_and_the_conspectus_says_so() -> None:
    app = collate({"A": "один два", "B": "один три"})
    assert app.title == "Apparatus: A / B"
    assert "  A  (no title)" in FORMATS["txt"].render(app)
    assert "\\item[\\sigla{A}] \\textit{(no title)}" in FORMATS["latex"].render(app)  # not "A A"


def test_an_unknown_top_level_manifest_key_is_refused_with_file_and_line(tmp_path) -> None:
    from typer.testing import CliRunner

    from collate.cli import app

    (tmp_path / "A.txt").write_text("один", encoding="utf-8")
    (tmp_path / "B.txt").write_text("два", encoding="utf-8")
    manifest = (
        'title = "Письмо"\ntitel = "typo"\n\n[[witness]]\nfile = "A.txt"\n\n[[witness]]\nfile = "B.txt"\n'
    )
    (tmp_path / "witnesses.toml").write_text(manifest, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(tmp_path), "-o", str(out), "-q"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "witnesses.toml:2: unknown key 'titel'" in message
    assert not out.exists()
    (tmp_path / "witnesses.toml").write_text(manifest.replace('titel = "typo"\n', ""), encoding="utf-8")
    assert collate(tmp_path).title == "Письмо"


def test_pandas_reads_the_csv_ref_as_text(seed_apparatus) -> None:
    # A bare "9.10" was read as the float 9.1, the same as "9.1".
    import pandas as pd

    frame = pd.read_csv(io.StringIO(FORMATS["csv"].render(seed_apparatus)))
    assert frame["ref"].tolist() == [e.ref for e in seed_apparatus.entries]
    assert "l. 5.10" in frame["ref"].tolist() and "l. 5.1" in frame["ref"].tolist()


@pytest.mark.parametrize(
    ("texts", "refs"),
    [
        # An addition before the base's first word takes that word's reference, not a page marker's.
        ({"A": "- 1 -\n- 2 -\nодин два три", "B": "лишнее\n- 1 -\n- 2 -\nодин два три"}, ["p. 2, l. 1.1"]),
        ({"A": "- 3 -", "B": "- 3 -\nслово"}, ["", "", "p. 3, l. 1.1"]),  # a base of markers only
        ({"A": "- 3 -\n- 4 -", "B": "слово\n- 3 -\n- 4 -"}, [""]),
    ],
)
def test_page_markers_before_the_first_word(texts: dict[str, str], refs: list[str]) -> None:
    assert [e.ref for e in collate(texts, progress=False).entries] == refs
