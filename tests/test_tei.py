"""TEI P5 (issue 5): well-formed parallel segmentation that teiphy, a real consumer, reads."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from collate import collate
from collate.reporters import tei

NS = {"tei": tei.TEI_NS}
XML_ID = f"{{{tei.XML_NS}}}id"


def parse(text: str) -> etree._ElementTree:
    # Well-formed or this raises; no entities, no network.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.ElementTree(etree.fromstring(text.encode("utf-8"), parser))


@pytest.fixture(scope="module")
def seed_tei(seed_apparatus) -> str:
    return tei.render(seed_apparatus)


def test_header_lists_witnesses_and_the_variant_encoding(seed_tei: str, seed_apparatus) -> None:
    tree = parse(seed_tei)
    assert tree.getroot().tag == f"{{{tei.TEI_NS}}}TEI"
    witnesses = tree.xpath("//tei:teiHeader//tei:sourceDesc/tei:listWit/tei:witness", namespaces=NS)
    assert [w.get(XML_ID) for w in witnesses] == list(seed_apparatus.sigla)
    assert "Russian transcription" in witnesses[0].text
    (encoding,) = tree.xpath("//tei:encodingDesc/tei:variantEncoding", namespaces=NS)
    assert encoding.get("method") == "parallel-segmentation" and encoding.get("location") == "internal"


def test_one_app_per_entry_with_id_type_lemma_and_readings(seed_tei: str, seed_apparatus) -> None:
    apps = parse(seed_tei).xpath("//tei:app", namespaces=NS)
    assert len(apps) == len(seed_apparatus.entries)
    for app, entry in zip(apps, seed_apparatus.entries, strict=True):
        assert app.get(XML_ID) == f"app{entry.n}" and app.get("n") == str(entry.n)
        assert app.get("type") == entry.type and app.get("ana") == f"#{entry.category}"
        lems = app.xpath(".//tei:lem", namespaces=NS)
        assert len(lems) == 1 and entry.base in lems[0].get("wit").lstrip("#").split()
        assert (lems[0].text or "") == entry.lemma.text
        # Every witness is cited exactly once, with its own reading's text.
        cited = {}
        for reading in app.xpath(".//tei:lem|.//tei:rdg", namespaces=NS):
            for wit in reading.get("wit").split():
                assert wit.startswith("#")
                cited[wit[1:]] = reading.text or ""
        assert cited == {r.siglum: r.text for r in entry.readings}


def test_omission_is_an_empty_rdg(seed_tei: str, seed_apparatus) -> None:
    tree = parse(seed_tei)
    omissions = [e for e in seed_apparatus.entries if any(r.empty for r in e.readings)]
    assert omissions, "the seed has additions and omissions"
    for entry in omissions:
        (app,) = tree.xpath(f"//tei:app[@n='{entry.n}']", namespaces=NS)
        for r in entry.readings:
            if r.empty:
                (element,) = app.xpath(f".//*[@wit='#{r.siglum}']", namespaces=NS)
                assert element.text is None and len(element) == 0


def test_accidental_readings_are_grouped_with_their_type(seed_tei: str, seed_apparatus) -> None:
    tree = parse(seed_tei)
    accidental = [e for e in seed_apparatus.entries if e.category == "accidental"]
    assert accidental
    for entry in accidental:
        (app,) = tree.xpath(f"//tei:app[@n='{entry.n}']", namespaces=NS)
        groups = app.xpath("./tei:rdgGrp", namespaces=NS)
        assert len(groups) == 1 and groups[0].get("type") == "substantive"  # one substantive reading
        rdgs = groups[0].xpath("./tei:rdgGrp[@type='orthographic']/tei:rdg", namespaces=NS)
        assert rdgs and all(r.get("type") == entry.type for r in rdgs)
    substantive = next(e for e in seed_apparatus.entries if e.lemma.text == "оторвался")
    (app,) = tree.xpath(f"//tei:app[@n='{substantive.n}']", namespaces=NS)
    assert len(app.xpath("./tei:rdgGrp", namespaces=NS)) == 2


def test_running_text_keeps_the_base_witness_whitespace(seed_tei: str, seed_apparatus) -> None:
    (block,) = parse(seed_tei).xpath("//tei:body/tei:ab", namespaces=NS)
    assert block.get(f"{{{tei.XML_NS}}}space") == "preserve"
    parts = [block.text or ""]
    for app in block:
        (lem,) = app.xpath(".//tei:lem", namespaces=NS)
        parts.append((lem.text or "") + (app.tail or ""))
    assert "".join(parts) == seed_apparatus.witness("A").text


def test_hostile_and_odd_text_stays_well_formed() -> None:
    app = collate({"A": 'a <b>&amp; "q" ]]> \x01 c', "B": "a c"})
    tree = parse(tei.render(app))
    text = "".join(tree.xpath("//tei:ab//text()", namespaces=NS))
    assert '<b>&amp; "q" ]]>' in text and "\x01" not in text


def test_sigla_that_are_not_xml_names_get_valid_ids() -> None:
    app = collate({"1": "один два", "Ms:2": "один три"})
    tree = parse(tei.render(app))
    ids = [w.get(XML_ID) for w in tree.xpath("//tei:witness", namespaces=NS)]
    assert ids == ["w1", "Ms_2"]
    assert tree.xpath("//tei:lem/@wit", namespaces=NS) == ["#w1"]


# --- teiphy ----------------------------------------------------------------


def teiphy(*args: str | Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("teiphy", path=str(Path(sys.executable).parent)) or shutil.which("teiphy")
    if exe is None:
        pytest.skip("teiphy is not installed (pip install '.[test]')")
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=120)


def units(table: Path) -> dict[str, dict[str, str]]:
    """teiphy's long table: variation unit -> witness -> state."""
    found: dict[str, dict[str, str]] = {}
    with table.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["character"], {})[row["taxon"]] = row["state"]
    return found


def test_teiphy_reads_one_variation_unit_per_entry(tmp_path: Path, seed_tei: str, seed_apparatus) -> None:
    (tmp_path / "apparatus.xml").write_text(seed_tei, encoding="utf-8")
    proc = teiphy("--table", "long", tmp_path / "apparatus.xml", tmp_path / "long.csv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = units(tmp_path / "long.csv")
    assert list(found) == [f"app{e.n}" for e in seed_apparatus.entries]
    for entry in seed_apparatus.entries:
        states = found[f"app{entry.n}"]
        assert set(states) == {"A", "B"}
        # Without -t, every entry is a real split: the two witnesses differ.
        assert states["A"] != states["B"], entry.n


def test_teiphy_orthographic_collapses_the_accidentals(tmp_path: Path, seed_tei: str, seed_apparatus) -> None:
    (tmp_path / "apparatus.xml").write_text(seed_tei, encoding="utf-8")
    proc = teiphy("-t", "orthographic", "--table", "long", tmp_path / "apparatus.xml", tmp_path / "long.csv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = units(tmp_path / "long.csv")
    for entry in seed_apparatus.entries:
        states = found[f"app{entry.n}"]
        same = states["A"] == states["B"]
        assert same == (entry.category == "accidental"), (entry.n, entry.category, states)
    # --drop-constant then keeps exactly the substantive and editorial entries.
    proc = teiphy(
        "-t",
        "orthographic",
        "--drop-constant",
        "--table",
        "long",
        tmp_path / "apparatus.xml",
        tmp_path / "d.csv",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kept = list(units(tmp_path / "d.csv"))
    assert kept == [f"app{e.n}" for e in seed_apparatus.entries if e.category != "accidental"]


def test_teiphy_nexus_of_three_witnesses(tmp_path: Path) -> None:
    app = collate(
        {"A": "Мао Цзэдуну сказал", "B": "МАО Цзэдуну сказал", "C": "Мао Цзэдуну ответил"}, base="A"
    )
    (tmp_path / "apparatus.xml").write_text(tei.render(app), encoding="utf-8")
    proc = teiphy("-t", "orthographic", tmp_path / "apparatus.xml", tmp_path / "out.nexus")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    nexus = (tmp_path / "out.nexus").read_text(encoding="utf-8")
    assert f"NCHAR={len(app.entries)}" in nexus.replace(" ", "").upper()
    assert all(s in nexus for s in ("A", "B", "C"))


def test_teiphy_folds_an_accidental_subvariant_of_a_substantive_reading(tmp_path: Path) -> None:
    app = collate({"A": "Мао сказал сразу", "B": "Мао ответил сразу", "C": "Мао ОТВЕТИЛ сразу"})
    (entry,) = app.entries
    assert entry.category == "substantive"
    (tmp_path / "apparatus.xml").write_text(tei.render(app), encoding="utf-8")
    (app_element,) = parse(tei.render(app)).xpath("//tei:app", namespaces=NS)
    assert [g.get("type") for g in app_element.xpath(".//tei:rdgGrp", namespaces=NS)] == [
        "substantive",
        "substantive",
        "orthographic",
    ]
    states = {}
    for trivial in ((), ("-t", "orthographic")):
        proc = teiphy(*trivial, "--table", "long", tmp_path / "apparatus.xml", tmp_path / "long.csv")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        states[trivial] = units(tmp_path / "long.csv")["app1"]
    plain, folded = states[()], states[("-t", "orthographic")]
    assert len(set(plain.values())) == 3  # сказал / ответил / ОТВЕТИЛ
    assert folded["B"] == folded["C"] != folded["A"]  # ОТВЕТИЛ folds into ответил


def test_language_is_declared_only_when_the_script_shows_it(seed_tei: str) -> None:
    seed = parse(seed_tei)
    assert seed.getroot().get(f"{{{tei.XML_NS}}}lang") == "ru"
    assert seed.xpath("//tei:langUsage/tei:language/@ident", namespaces=NS) == ["ru"]
    english = parse(tei.render(collate({"A": "the black cat", "B": "the cat"})))
    assert english.getroot().get(f"{{{tei.XML_NS}}}lang") is None
    assert not english.xpath("//tei:langUsage", namespaces=NS)
