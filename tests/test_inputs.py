"""Reading witnesses: encodings, newlines, mojibake, TEI, CollateX JSON, manifests."""

from __future__ import annotations

import hashlib
import json
import re
import time
import warnings
from pathlib import Path

import pytest

from collate import Kind, collate
from collate.encodings import decode_bytes, mojibake, plausibility
from collate.errors import EntityWarning, MojibakeWarning, WitnessError
from collate.readers.tei import extract
from collate.witnesses import (
    load_witnesses,
    read_manifest,
    read_witness,
    read_witnesses,
    tokenize_witness,
)

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "inputs"

# Two sentences of the seed, in characters every Cyrillic code page has.
TEXT = (
    "Москва еще 16 сентября предупреждала корейских товарищей, что высадка американцев\n"
    "в Чемульпо имеет большое значение и имеет целью разгромить 1 и 2 армейские группы северокорейцев.\n"
)
VARIANT = TEXT.replace("товарищей", "товарищев").replace("большое", "большое большое")


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", TEXT.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16 BOM little-endian", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BOM big-endian", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("cp1251", TEXT.encode("cp1251"), "cp1251"),
    ("koi8-r", TEXT.encode("koi8-r"), "koi8-r"),
    ("mac-cyrillic", TEXT.encode("mac-cyrillic"), "mac-cyrillic"),
]


@pytest.mark.parametrize(("label", "data", "expected"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_each_encoding_is_detected_and_recorded(
    tmp_path: Path, label: str, data: bytes, expected: str
) -> None:
    path = write(tmp_path / "A.txt", data)
    witness = read_witness(path)
    assert witness.text == TEXT  # a BOM is not part of the text
    assert witness.encoding == expected
    write(tmp_path / "B.txt", VARIANT.encode("utf-8"))
    report = collate(tmp_path).to_dict()
    assert [w["encoding"] for w in report["witnesses"]] == [expected, "utf-8"]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "mac-cyrillic"])
def test_upper_case_telegram_text_is_detected(encoding: str) -> None:
    text = TEXT.upper()
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_given_encoding_switches_detection_off(tmp_path: Path) -> None:
    path = write(tmp_path / "A.txt", TEXT.encode("cp1251"))
    forced = read_witness(path, encoding="koi8-r")
    assert forced.encoding == "koi8-r"
    assert forced.text == TEXT.encode("cp1251").decode("koi8-r") != TEXT
    assert read_witness(path, encoding="CP1251").text == TEXT


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "UTF-16LE"])
def test_given_unicode_encoding_drops_the_bom(tmp_path: Path, encoding: str) -> None:
    # utf-16-le and friends decode a BOM as U+FEFF; left in, it became a stray first token.
    path = write(tmp_path / "A.txt", ("\ufeff" + TEXT).encode(encoding))
    witness = read_witness(path, encoding=encoding)
    assert witness.text == TEXT
    assert not witness.text.startswith("\ufeff")


def test_given_encoding_that_does_not_fit_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "A.txt", "строка\n".encode() + "вторая".encode("cp1251"))
    with pytest.raises(WitnessError, match=r"A\.txt:2: is not valid utf-8"):
        read_witness(path, encoding="utf-8")
    with pytest.raises(WitnessError, match=r"A\.txt: encoding 'klingon': unknown encoding"):
        read_witness(path, encoding="klingon")


def test_plausibility_prefers_the_right_code_page() -> None:
    data = TEXT.encode("cp1251")
    scores = {enc: plausibility(data.decode(enc)) for enc in ("cp1251", "koi8-r", "mac-cyrillic")}
    assert max(scores, key=scores.get) == "cp1251"
    # koi8-r's reading of cp1251 swaps the case of every letter: far behind.
    assert scores["cp1251"] - scores["koi8-r"] > 0.3


@pytest.mark.parametrize(
    ("garbled", "how"),
    [
        (TEXT.encode("utf-8").decode("cp1251"), "UTF-8 read as cp1251"),
        (TEXT.encode("utf-8").decode("latin-1"), "UTF-8 read as Latin-1"),
    ],
)
def test_mojibake_draws_a_warning_naming_the_file(tmp_path: Path, garbled: str, how: str) -> None:
    path = write(tmp_path / "garbled.txt", garbled.encode("utf-8"))
    with pytest.warns(MojibakeWarning, match=r"garbled\.txt: looks like mojibake"):
        witness = read_witness(path)
    assert witness.text == garbled  # read as it is: a warning, not a repair
    assert mojibake("РїСЂРё") and mojibake("Ð¿Ñ€Ð¸")


def test_ordinary_russian_draws_no_mojibake_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "A.txt", "ВСЁ РАВНО. Сёмга, «Ёлка» и РЕКА.\n".encode())
    with warnings.catch_warnings():
        warnings.simplefilter("error", MojibakeWarning)
        read_witness(path)


# --- newlines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_newline_styles_keep_lines_columns_and_offsets(tmp_path: Path, newline: str) -> None:
    lines = ["Передано т.Булганину", "- 2 -", "Пекин  Совпосол"]
    text = newline.join(lines) + newline
    path = write(tmp_path / "A.txt", text.encode("cp1251"))
    witness = read_witness(path)
    assert witness.text == text
    tokens = collate({"A": witness.text, "B": "Передано т. Булганину. Пекин Совпосол"}).witness("A").tokens
    where = {t.text: (t.line, t.column) for t in tokens}
    assert where["Булганину"] == (1, 12)
    assert where["- 2 -"] == (2, 1)
    assert where["Совпосол"] == (3, 8)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert next(t for t in tokens if t.text == "- 2 -").kind == Kind.PAGINATION


def test_entry_locations_are_right_with_crlf(tmp_path: Path) -> None:
    write(tmp_path / "A.txt", "первая строка\r\nвторая несколько оторвался\r\n".encode())
    write(tmp_path / "B.txt", "первая строка\r\nвторая несколько оторван\r\n".encode())
    [entry] = collate(tmp_path).entries
    location = entry.reading("A").location
    assert (location.line, location.column) == (2, 18)
    assert "первая строка\r\nвторая несколько оторвался\r\n"[location.start : location.end] == "оторвался"


# --- TEI ---------------------------------------------------------------------------------------------


def test_tei_reads_body_orig_sic_abbr_by_default() -> None:
    witness = read_witness(DATA / "letter.xml")
    assert witness.siglum == "letter"
    assert witness.encoding == "utf-8"
    assert "заголовок" not in witness.text  # the teiHeader is not the witness
    assert "предупреждла" in witness.text and "товарищев" in witness.text  # <sic>, <orig>
    assert "Так в оригинале" not in witness.text  # <note> left out
    assert witness.text.endswith("Ф.")  # <abbr>
    assert witness.text.splitlines()[:2] == [
        "Москва еще 16 сентября предупреждла корейских товарищев, что высадка",
        "американцев",  # <lb/> breaks the line
    ]


def test_tei_choice_reg_reads_reg_corr_expan() -> None:
    text = read_witness(DATA / "letter.xml", tei_choice="reg").text
    assert "предупреждала" in text and "товарищей" in text and text.endswith("Филиппов")
    assert "предупреждла" not in text


def test_tei_pb_becomes_one_pagination_token_with_offsets_into_the_extracted_text() -> None:
    witness = read_witness(DATA / "letter.xml")
    # The reader does not tokenize: it hands the page marker's span to the pipeline as data.
    assert not witness.tokens and not witness.pretokenized
    assert [witness.text[a:b] for a, b in witness.pages] == ["- 12r -"]
    tokens = tokenize_witness(witness)
    [page] = [t for t in tokens if t.kind == Kind.PAGINATION]
    assert page.text == "- 12r -"
    assert (page.line, page.column) == (3, 1)
    for token in tokens:
        assert witness.text[token.start : token.end] == token.text
    assert "".join(t.text + t.ws for t in tokens) == witness.text


def test_tei_and_text_witnesses_collate_together(tmp_path: Path) -> None:
    regularized = read_witness(DATA / "letter.xml", tei_choice="reg").text.replace("- 12r -\n", "")
    plain = write(tmp_path / "plain.txt", regularized.encode())
    apparatus = collate([DATA / "letter.xml", plain])
    readings = {(e.reading("letter").text, e.reading("plain").text) for e in apparatus.entries}
    assert ("предупреждла", "предупреждала") in readings
    assert ("товарищев", "товарищей") in readings
    # The page marker is one token, reported but never matched against the other witness's words.
    [page] = [e for e in apparatus.entries if "12r" in e.reading("letter").text]
    assert (page.reading("letter").text, page.reading("plain").text) == ("- 12r -", "")


def test_tei_entity_bomb_is_not_expanded() -> None:
    start = time.perf_counter()
    try:
        witness = read_witness(DATA / "bomb.xml")
    except WitnessError as exc:  # libxml2 refuses the amplification outright
        assert str(exc).startswith(str(DATA / "bomb.xml"))
    else:
        assert len(witness.text) < 100
    assert time.perf_counter() - start < 10  # generous: an expansion would take minutes and gigabytes


def test_tei_external_entities_are_not_resolved() -> None:
    with pytest.warns(
        EntityWarning, match=r"xxe\.xml: entity reference\(s\) &secret;, &remote; kept as text"
    ):
        witness = read_witness(DATA / "xxe.xml")
    assert witness.text == "текст &secret; и &remote; конец"
    assert "root:" not in witness.text


def test_tei_external_dtd_is_not_fetched() -> None:
    # The DTD's URL does not resolve; fetching it would fail or hang, and no network is allowed.
    assert read_witness(DATA / "external-dtd.xml").text == "документ с внешним DTD"


def test_malformed_tei_names_file_line_and_column() -> None:
    with pytest.raises(
        WitnessError, match=r"broken\.xml:4:\d+: malformed XML: Opening and ending tag mismatch"
    ):
        read_witness(DATA / "broken.xml")


def test_xml_without_body_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "x.xml", b"<root>\n<p>text</p></root>")
    with pytest.raises(WitnessError, match=r"x\.xml:1: no <body> element"):
        read_witness(path)


def test_tei_in_a_legacy_encoding_is_read_by_its_declaration(tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="windows-1251"?><TEI><text><body><p>Пекин Совпосол</p></body></text></TEI>'
    witness = read_witness(write(tmp_path / "w.xml", xml.encode("cp1251")))
    assert witness.text == "Пекин Совпосол"
    assert witness.encoding == "windows-1251"


def test_tei_app_reads_lem_or_first_rdg_inside_rdggrp() -> None:
    # <rdgGrp> (as collate's own apparatus.xml writes) hid the readings: the passage vanished.
    def body(inner: str) -> str:
        xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>а {inner} б</p></body></text></TEI>'
        return extract(xml.encode()).text

    grouped = (
        "<app><rdgGrp><rdg>в</rdg></rdgGrp><rdgGrp><lem>г</lem><rdgGrp><rdg>д</rdg></rdgGrp></rdgGrp></app>"
    )
    assert body(grouped) == "а г б"
    assert body("<app><rdgGrp><rdg>в</rdg><rdg>д</rdg></rdgGrp></app>") == "а в б"
    assert body("<app><rdg>в</rdg><lem>г</lem></app>") == "а г б"


def test_tei_pb_break_no_keeps_the_word_whole(tmp_path: Path) -> None:
    # The marker line used to cut the word in two (кор / ейских) like any other <pb/>.
    xml = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>у кор<pb n="2" break="no"/>ейских'
        ' товарищей<pb n="3" break="no"/></p><p>конец</p></body></text></TEI>'
    )
    assert extract(xml.encode()).text == "у корейских\n- 2 -\nтоварищей\n- 3 -\nконец"
    witness = read_witness(write(tmp_path / "w.xml", xml.encode()))
    assert [t.text for t in tokenize_witness(witness) if t.kind == Kind.PAGINATION] == ["- 2 -", "- 3 -"]


def test_tei_in_utf16_without_a_declaration_records_utf16(tmp_path: Path) -> None:
    # lxml reads it by its BOM but reports UTF-8, which the report then recorded.
    xml = "<TEI><text><body><p>Пекин Совпосол</p></body></text></TEI>"
    witness = read_witness(write(tmp_path / "w.xml", xml.encode("utf-16")))
    assert (witness.text, witness.encoding) == ("Пекин Совпосол", "utf-16")
    declared = '<?xml version="1.0" encoding="UTF-16"?>' + xml
    assert read_witness(write(tmp_path / "d.xml", declared.encode("utf-16"))).encoding == "utf-16"


# --- CollateX JSON -----------------------------------------------------------------------------------


def test_collatex_json_with_content_and_tokens() -> None:
    a, b = read_witnesses(DATA / "collatex.json")
    assert (a.siglum, a.pretokenized) == ("A", False)
    assert a.text.startswith("Москва еще 16")
    assert (b.siglum, b.pretokenized) == ("B", True)
    assert b.text == "Москва ещё 16 сентября предупреждала корейских товарищев"
    assert [t.norm for t in b.tokens][:2] == ["москва", "еще"]
    assert [(t.text, t.ws) for t in b.tokens][-2:] == [("корейских", " "), ("товарищев", "")]
    assert all(b.text[t.start : t.end] == t.text for t in b.tokens)


def test_collatex_json_collates_with_n_as_the_starting_norm() -> None:
    apparatus = collate(DATA / "collatex.json")
    readings = {(e.reading("A").text, e.reading("B").text): e for e in apparatus.entries}
    assert set(readings) == {("еще", "ещё"), ("товарищей", "товарищев")}
    # "n" made товарищев equal to товарищей, so it is not a substantive variant.
    assert readings[("товарищей", "товарищев")].category != "substantive"
    diplomatic = collate(DATA / "collatex.json", profile="diplomatic")
    assert {e.reading("B").text for e in diplomatic.entries} >= {"товарищев"}


def test_collatex_tokens_without_trailing_space_get_one_and_ws_is_kept() -> None:
    doc = {"witnesses": [{"id": "X", "tokens": [{"t": "а"}, {"t": "б", "ws": "\n"}, {"t": "в"}]}]}
    from collate.readers.collatex import parse

    [witness] = parse(json.dumps(doc).encode())
    assert witness.text == "а б\nв"
    assert [(t.line, t.column) for t in witness.tokens] == [(1, 1), (1, 3), (2, 1)]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"witness": []}, re.escape('expected {"witnesses": [...]}')),
        ({"witnesses": [{"content": "x"}]}, 'witnesses\\[0\\]: expected an object with a string "id"'),
        ({"witnesses": [{"id": "A"}]}, 'exactly one of "content" and "tokens"'),
        ({"witnesses": [{"id": "A", "tokens": [{"n": "x"}]}]}, "tokens\\[0\\] \\(A\\): expected an object"),
        ({"witnesses": [{"id": "A", "tokens": [{"t": "  "}]}]}, '"t" is empty'),
        ({"witnesses": [{"id": "A", "content": "  \n"}]}, "the witness is empty"),
    ],
)
def test_collatex_json_of_the_wrong_shape_is_refused(tmp_path: Path, doc: object, message: str) -> None:
    path = write(tmp_path / "w.json", json.dumps(doc).encode())
    with pytest.raises(WitnessError, match=r"w\.json.*" + message):
        read_witnesses(path)


def test_malformed_json_names_file_line_and_column() -> None:
    with pytest.raises(WitnessError, match=r"broken\.json:4:16: malformed JSON: Expecting ',' delimiter"):
        read_witnesses(DATA / "broken.json")


# --- manifests ---------------------------------------------------------------------------------------


def test_manifest_gives_files_sigla_titles_and_encodings(tmp_path: Path) -> None:
    write(tmp_path / "first.txt", TEXT.encode("koi8-r"))
    write(tmp_path / "second.txt", VARIANT.encode("cp1251"))
    (tmp_path / "witnesses.toml").write_text(
        '[[witness]]\nsiglum = "K"\nfile = "first.txt"\ntitle = "Копия"\nencoding = "koi8-r"\n\n'
        '[[witness]]\nsiglum = "W"\nfile = "second.txt"\nsource = "архив"\n',
        encoding="utf-8",
    )
    k, w = load_witnesses(tmp_path)
    assert (k.siglum, k.title, k.encoding, k.text) == ("K", "Копия", "koi8-r", TEXT)
    assert (w.siglum, w.source, w.encoding, w.text) == ("W", "архив", "cp1251", VARIANT)


def test_manifest_can_list_tei_and_pick_collatex_witnesses(tmp_path: Path) -> None:
    (tmp_path / "witnesses.toml").write_text(
        f'[[witness]]\nfile = "{(DATA / "letter.xml").as_posix()}"\nsiglum = "T"\n\n'
        f'[[witness]]\nfile = "{(DATA / "collatex.json").as_posix()}"\nid = "B"\ntitle = "Токены"\n',
        encoding="utf-8",
    )
    t, b = read_manifest(tmp_path / "witnesses.toml", allow_outside=True)  # absolute paths elsewhere
    assert (t.siglum, b.siglum, b.title, b.pretokenized) == ("T", "B", "Токены", True)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[witness]]\nfile = "A.txt"\nsiglum = \n', r"witnesses\.toml:3:10: broken manifest: Invalid value"),
        (
            '[[witness]]\nfile = "A.txt"\n\n[[witness]]\nsiglum = "B"\n',
            r"witnesses\.toml:4: \[\[witness\]\] #2: has no 'file'",
        ),
        (
            '[[witness]]\nfile = "A.txt"\ncolour = "red"\n',
            r"witnesses\.toml:1: \[\[witness\]\] #1: unknown key\(s\) colour",
        ),
        ('title = "no witnesses"\n', r"witnesses\.toml: the manifest lists no \[\[witness\]\] tables"),
        (
            '[[witness]]\nfile = "A.txt"\nsiglum = 3\n',
            r"witnesses\.toml:1: \[\[witness\]\] #1: siglum must be text",
        ),
    ],
)
def test_broken_manifest_names_file_and_line(tmp_path: Path, toml: str, message: str) -> None:
    write(tmp_path / "A.txt", TEXT.encode())
    (tmp_path / "witnesses.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(WitnessError, match=message):
        load_witnesses(tmp_path)


def test_manifest_missing_file_names_the_file_and_the_manifest_line(tmp_path: Path) -> None:
    (tmp_path / "witnesses.toml").write_text('\n[[witness]]\nfile = "gone.txt"\n', encoding="utf-8")
    with pytest.raises(WitnessError, match=r"gone\.txt: no such file \(listed in .*witnesses\.toml:2\)"):
        load_witnesses(tmp_path)


def test_folder_scan_reads_txt_and_xml_but_not_collates_own_reports(tmp_path: Path) -> None:
    write(tmp_path / "A.txt", TEXT.encode())
    write(tmp_path / "B.xml", (DATA / "letter.xml").read_bytes())
    collate_wrote = write(tmp_path / "apparatus.txt", b"1 ] A: x | B: y\n")
    digest = hashlib.sha256(collate_wrote.read_bytes()).hexdigest()  # the stamp records what collate wrote
    (tmp_path / ".collate").write_text(f"# stamp\n{collate_wrote.name}\t{digest}\n", encoding="utf-8")
    assert [w.siglum for w in load_witnesses(tmp_path)] == ["A", "B"]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "mac-cyrillic"])
def test_code_page_text_whose_first_bytes_look_like_a_bom(encoding: str) -> None:
    # Found by fuzzing: cp1251 "юя" is FE FF, a UTF-16 big-endian byte order mark.
    text = "юя. " + TEXT if encoding == "cp1251" else "яю. " + TEXT
    assert decode_bytes(text.encode(encoding))[0] == text


@pytest.mark.parametrize("text", ["\U0001363f", "\U0001e7c0" * 4, "\ue082"])
def test_utf16_text_of_rare_characters_keeps_its_bom(text: str) -> None:
    # Found by fuzzing: characters unassigned in this Python's Unicode tables, or private-use.
    assert decode_bytes(text.encode("utf-16"))[0] == text


def test_given_encoding_does_not_override_an_xml_declaration(tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="UTF-8"?><TEI><text><body><p>Пекин Совпосол</p></body></text></TEI>'
    witness = read_witness(write(tmp_path / "w.xml", xml.encode()), encoding="cp1251")
    assert witness.text == "Пекин Совпосол"


def test_collatex_json_list_of_parts_is_joined_per_witness(tmp_path: Path) -> None:
    doc = [
        {"witnesses": [{"id": "A", "content": "первый абзац"}, {"id": "B", "content": "первый абзатс"}]},
        {"witnesses": [{"id": "B", "content": "только в B"}]},
        {"witnesses": [{"id": "A", "content": "третий"}, {"id": "B", "content": "третий"}]},
    ]
    a, b = read_witnesses(write(tmp_path / "parts.json", json.dumps(doc, ensure_ascii=False).encode()))
    assert a.text == "первый абзац\n\nтретий"
    assert b.text == "первый абзатс\n\nтолько в B\n\nтретий"
    bad = [{"witnesses": [{"id": "A", "content": "x"}]}, {"witnesses": [{"id": "A", "tokens": [{"t": "y"}]}]}]
    with pytest.raises(WitnessError, match="'A' has content in some parts and tokens in others"):
        read_witnesses(write(tmp_path / "mixed.json", json.dumps(bad).encode()))
    with pytest.raises(WitnessError, match=r"\[1\]\.witnesses\[0\]: expected an object"):
        read_witnesses(write(tmp_path / "wrong.json", json.dumps([doc[0], {"witnesses": [3]}]).encode()))


def test_the_darwin_corpus_reads_as_six_editions() -> None:
    corpus = ROOT.parent / "shared" / "corpora" / "darwin-origin-ch1.json"
    if not corpus.exists():
        pytest.skip("the shared Darwin corpus is not beside the repository")
    editions = read_witnesses(corpus)
    assert [w.siglum for w in editions] == ["1859", "1860", "1861", "1866", "1869", "1872"]
    assert editions[0].text.startswith("WHEN we look to the individuals")
    assert editions[-1].text.startswith("Causes of Variability. WHEN we compare the individuals")
    # 43 paragraphs in every edition, four more in 1869 and 1872 only.
    assert [w.text.count("\n\n") for w in editions] == [42, 42, 42, 42, 46, 46]


def test_a_file_name_with_spaces_says_how_to_name_the_witness(tmp_path) -> None:
    from collate import WitnessError, collate

    (tmp_path / "Wilson Center transcription.txt").write_text("один два", encoding="utf-8")
    (tmp_path / "B.txt").write_text("один три", encoding="utf-8")
    with pytest.raises(WitnessError, match=r"rename the file, or name its siglum in a witnesses\.toml"):
        collate(tmp_path)


def test_a_folder_scan_says_which_files_it_skipped(tmp_path) -> None:
    import warnings

    from collate import collate
    from collate.errors import CollateWarning

    (tmp_path / "A.txt").write_text("один два", encoding="utf-8")
    (tmp_path / "B.txt").write_text("один три", encoding="utf-8")
    (tmp_path / "C.md").write_text("один четыре", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = collate(tmp_path, progress=False)
    assert app.sigla == ("A", "B")
    said = [str(w.message) for w in caught if issubclass(w.category, CollateWarning)]
    assert any("skipped C.md: a folder scan reads *.txt" in m for m in said), said
