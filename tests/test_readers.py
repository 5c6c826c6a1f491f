"""The reader registry: one way from a file to witnesses for files, folders and manifests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collate import collate
from collate.errors import LayoutWarning, WitnessError
from collate.model import Kind
from collate.readers import READERS, folder_suffixes, reader_for
from collate.witnesses import load_witnesses, read_file, read_folder, read_manifest, tokenize_witness

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "inputs"


def test_every_suffix_belongs_to_one_reader_and_anything_else_is_text() -> None:
    claimed = [s for r in READERS.values() for s in r.suffixes]
    assert len(claimed) == len(set(claimed))
    assert {reader_for(f"x{s.upper()}").name for s in claimed} == set(READERS)
    assert reader_for("notes.md").name == "text"
    # A folder of reports holds alignment.json: JSON is read only when named.
    assert ".json" not in folder_suffixes()


def test_readers_leave_tokenizing_to_the_pipeline() -> None:
    tei, text = (
        read_file(DATA / "letter.xml")[0],
        read_file(ROOT / "witnesses/1950-10-01-filippov-to-mao/A.txt")[0],
    )
    assert tei.tokens == () and text.tokens == ()
    assert not tei.pretokenized and not text.pretokenized
    # Only a CollateX JSON witness given as tokens keeps them, as the data it is.
    a, b = read_file(DATA / "collatex.json")
    assert (a.pretokenized, b.pretokenized) == (False, True)
    assert tokenize_witness(b) == b.tokens


def test_a_folder_scan_reads_tei_files_named_tei_too(tmp_path: Path) -> None:
    shutil.copy(DATA / "letter.xml", tmp_path / "a.tei")
    shutil.copy(DATA / "letter.xml", tmp_path / "b.xml")
    assert [w.siglum for w in read_folder(tmp_path)] == ["a", "b"]


def test_a_manifest_names_one_tei_file_twice_as_orig_and_reg(tmp_path: Path) -> None:
    shutil.copy(DATA / "letter.xml", tmp_path / "letter.xml")
    (tmp_path / "witnesses.toml").write_text(
        '[[witness]]\nsiglum = "orig"\nfile = "letter.xml"\nchoice = "orig"\n\n'
        '[[witness]]\nsiglum = "reg"\nfile = "letter.xml"\nchoice = "reg"\n',
        encoding="utf-8",
    )
    orig, reg = read_manifest(tmp_path / "witnesses.toml")
    assert "товарищев" in orig.text and "товарищей" in reg.text
    readings = {(e.reading("orig").text, e.reading("reg").text) for e in collate(tmp_path).entries}
    assert ("товарищев", "товарищей") in readings
    # Page markers survive both readings as one pagination token each.
    for w in (orig, reg):
        assert [t.text for t in tokenize_witness(w) if t.kind == Kind.PAGINATION] == ["- 12r -"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            'file = "letter.xml"\nchoice = "both"',
            "witnesses.toml:1: [[witness]] #1: choice must be one of orig, reg",
        ),
        ('file = "A.txt"\nchoice = "reg"', "[[witness]] #1: 'choice' is for TEI files only"),
    ],
)
def test_a_bad_choice_in_a_manifest_names_the_manifest_line(tmp_path: Path, entry: str, message: str) -> None:
    shutil.copy(DATA / "letter.xml", tmp_path / "letter.xml")
    (tmp_path / "A.txt").write_text("один два", encoding="utf-8")
    (tmp_path / "witnesses.toml").write_text(f"[[witness]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(WitnessError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_witnesses(tmp_path)


TEI_NS = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc/></teiHeader>'


@pytest.mark.parametrize(
    ("xml", "how"),
    [
        # The Tolstoy Digital Azbuka stories: paragraphs straight under <TEI>.
        (
            f'{TEI_NS}\n<p><pb n="16"/></p>\n<p>Ваня и <choice><reg>Дуня</reg></choice></p></TEI>',
            "no <text> or <body>",
        ),
        # Its fiction_and_essays_new files: <text><text><div>, no <body>.
        (
            f'{TEI_NS}\n<text><text><div><p><pb n="16"/></p><p>Ваня и Дуня</p></div></text></text></TEI>',
            "no <body>",
        ),
    ],
)
def test_tei_without_text_body_is_read_from_where_its_text_is_with_a_warning(
    tmp_path: Path, xml: str, how: str
) -> None:
    path = tmp_path / "azbuka.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.warns(LayoutWarning, match=rf"azbuka\.xml:2: {how}.*\(not TEI P5\)"):
        (witness,) = read_file(path, tei_choice="reg")
    assert witness.text == "- 16 -\nВаня и Дуня"
    assert [witness.text[a:b] for a, b in witness.pages] == ["- 16 -"]
