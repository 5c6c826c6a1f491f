"""One presentation of an entry (issue 11): every format says the same thing about every entry.

One hostile set of entries (three witnesses, a user rule on one witness, a user
class, an addition at a line start, a transposition, several entries at one
place) goes through every format; each format is read back with the tool its
readers use and compared with :mod:`collate.presentation`.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from lxml import etree
from lxml import html as lxml_html
from rich.console import Console

from collate import collate, get_profile
from collate.normalize.user import UserRule
from collate.reporters import FORMATS
from collate.reporters.terminal import table

TEI = {"tei": "http://www.tei-c.org/ns/1.0"}

RULES = [
    UserRule("тов", "товарищ", scope=("B",), klass="abbreviation"),  # B's тов means товарищ
    UserRule("дом", "дома", klass="misreading"),  # a user class
]
TEXTS = {
    "A": "прибыл тов Иванов в главе отряда.\nСегодня черный кот спал дом",
    "B": "прибыл тов Иванов в главе\n- 2 -\nотряда.\nИ сегодня кот черный спал дома",
    "C": "прибыл товарищ Иванов в главѣ ея\n- 2 -\nотряда\nсегодня черный кот спал дома",
}


@pytest.fixture(scope="module")
def hostile():
    return collate(TEXTS, profile=get_profile("orthographic", user_rules=RULES))


def test_the_hostile_set_has_what_it_is_for(hostile) -> None:
    entries = hostile.entries
    assert len(hostile.sigla) == 3
    assert any("misreading" in e.types for e in entries)  # a user class
    assert any("transposition" in e.types for e in entries)
    assert any("pagination" in e.types for e in entries)
    assert any(len(place.units) > 2 for place in hostile.places)  # entries merged at one place
    assert any(e.reading("B").text == "И" for e in entries)  # an addition at a line start
    notations = {s.notation for p in hostile.presentations for s in p.readings}
    assert {"add.", "tr."} <= notations


def test_a_user_rule_on_one_witness_groups_it_with_the_reading_it_regularizes(hostile) -> None:
    # A and B read тов, but the rule says B's тов is C's товарищ: B goes with C, everywhere.
    p = hostile.presentations[0]
    assert p.groups == (("A",), ("B", "C"))
    assert p.line() == "тов A ] товарищ C; тов B (lexical)"
    assert [(s.text, s.sigla, s.group) for s in p.readings] == [("товарищ", ("C",), 1), ("тов", ("B",), 1)]


def test_notation_om_add_tr() -> None:
    app = collate({"A": "the black cat sat", "B": "the cat sat", "C": "the black cat sat down"})
    assert [place.line() for place in app.places] == [
        "l. 1.2 black A C ] om. B (omission)",
        "l. 1.4 sat A B ] add. down C (addition)",
    ]
    # An addition's lemma is the base's word before it, not "om.".
    addition = next(p for p in app.presentations if p.lemma.text == "")
    assert addition.lemma_label == "sat"


def test_transposed_words_read_tr(hostile) -> None:
    moved = [p for p in hostile.presentations if "transposition" in p.entry.types]
    # One entry with both places (issue 10): the lemma's words and B's in its order.
    assert [(s.label, s.sigla) for p in moved for s in p.readings] == [("tr. кот черный", ("B",))]


def test_txt_prints_one_line_per_place(hostile) -> None:
    text = FORMATS["txt"].render(hostile)
    assert text.split("\n\n", 1)[1].splitlines() == [place.line() for place in hostile.places]


def test_entries_at_one_place_are_one_line(hostile) -> None:
    # The three lines at "главе" (главѣ C, add. ея C, add. - 2 - B C) are one.
    line = next(place.line() for place in hostile.places if place.ref == "l. 1.5")
    assert line == (
        "l. 1.5 главе A B ] главѣ C (orthographic) | главе A B ] add. ея C (addition)"
        " | главе A ] add. - 2 - B C (pagination)"
    )


def test_json_carries_the_presentation(hostile) -> None:
    doc = json.loads(FORMATS["json"].render(hostile))
    for entry, p in zip(doc["entries"], hostile.presentations, strict=True):
        shown = entry["apparatus"]
        assert shown["line"] == p.line()
        assert shown["lemma"]["sigla"] == list(p.lemma.sigla)
        assert [tuple(r["sigla"]) for r in shown["readings"]] == [s.sigla for s in p.readings]
        assert [r["notation"] for r in shown["readings"]] == [s.notation for s in p.readings]


def test_csv_carries_the_presentation(hostile) -> None:
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(hostile))))
    place_of = {u.n: place.n for place in hostile.places for u in place.units}
    for row, p in zip(rows, hostile.presentations, strict=True):
        assert row["apparatus"] == p.line()
        assert int(row["place"]) == place_of[p.n]


def _groups_of_app(app: etree._Element) -> list[tuple[str, ...]]:
    groups = []
    for grp in app.xpath("./tei:rdgGrp", namespaces=TEI):
        wits = " ".join(r.get("wit") for r in grp.xpath(".//tei:lem | .//tei:rdg", namespaces=TEI))
        groups.append(tuple(sorted((w.lstrip("#") for w in wits.split()), key="ABC".index)))
    return groups


def test_tei_groups_as_the_presentation_does(hostile) -> None:
    root = etree.fromstring(FORMATS["tei"].render(hostile).encode())
    apps = root.xpath("//tei:app", namespaces=TEI)
    assert len(apps) == len(hostile.entries)
    for app, p in zip(apps, hostile.presentations, strict=True):
        assert _groups_of_app(app) == list(p.groups)
        lem = app.xpath("./tei:rdgGrp/tei:lem", namespaces=TEI)[0]
        assert lem.get("wit").replace("#", "").split() == list(p.lemma.sigla)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_html_lists_what_the_presentation_says(hostile) -> None:
    page = lxml_html.fromstring(FORMATS["html"].render(hostile))
    for p in hostile.presentations:
        (item,) = page.xpath(f"//li[@id='e{p.n}']")
        text = _text(item)
        assert f"{p.lemma_label} {' '.join(p.lemma.sigla)} ]" in text
        assert f"] {'; '.join(f'{s.label} {chr(32).join(s.sigla)}' for s in p.readings)}" in text


def test_latex_notes_say_what_the_presentation_says(hostile) -> None:
    tex = FORMATS["latex"].render(hostile)
    notes = [_braced(tex, m.end()) for m in re.finditer(r"\\[AB]footnote\{", tex)]
    plain = "\n".join(re.sub(r"\\(?:notation|sigla|vtype)\{([^{}]*)\}", r"\1", n) for n in notes)
    series = sum(len({u.entry.category == "substantive" for u in place.units}) for place in hostile.places)
    assert len(notes) == series  # a note per place and series (substantive in A, the rest in B)
    for place in hostile.places:
        for unit in place.units:
            readings = "; ".join(f"{s.label} {' '.join(s.sigla)}" for s in unit.readings)
            line = f"{unit.lemma_label} {' '.join(unit.lemma.sigla)} ] {readings} {unit.entry.type}"
            assert line in plain, (line, plain)


def _braced(tex: str, start: int) -> str:
    """The text from ``start`` to the brace that closes the one before it."""
    depth = 1
    for i in range(start, len(tex)):
        if tex[i] == "{" and tex[i - 1] != "\\":
            depth += 1
        elif tex[i] == "}" and tex[i - 1] != "\\":
            depth -= 1
            if not depth:
                return tex[start:i]
    raise AssertionError("unbalanced braces")


def test_markdown_and_terminal_cells_say_what_the_presentation_says(hostile) -> None:
    md = FORMATS["md"].render(hostile)
    rows = [line for line in md.splitlines() if re.match(r"\| \d+ \|", line)]
    console = Console(width=300, record=True, color_system=None)
    console.print(table(hostile))
    screen = console.export_text()
    for row, p in zip(rows, hostile.presentations, strict=True):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        for i, siglum in enumerate(hostile.sigla):
            label = p.reading_of(siglum).label or "—"
            assert cells[2 + i] == label.replace("-", "-")
            assert label in screen


# --- the typology, read by every report ------------------------------------------


def test_entry_type_and_category_are_the_typology_enums(hostile) -> None:
    from collate.typology import Category, VariantType

    for entry in hostile.entries:
        assert isinstance(entry.category, Category)
        for t in (entry.type, *entry.types):
            assert isinstance(t, VariantType) or t in hostile.user_classes
    doc = json.loads(FORMATS["json"].render(hostile))
    assert [e["type"] for e in doc["entries"]] == [str(e.type) for e in hostile.entries]
    assert "misreading" in {e["type"] for e in doc["entries"]}  # a user class stays a string


def test_filter_validates_labels_as_the_command_line_does(hostile, tmp_path) -> None:
    from typer.testing import CliRunner

    from collate.cli import app
    from collate.errors import CollateError

    assert hostile.filter("substantive").entries == hostile.filter(["substantive"]).entries
    assert [e.type for e in hostile.filter("misreading").entries] == ["misreading"]  # a user class
    with pytest.raises(CollateError) as caught:
        hostile.filter(only=["substantial"])
    library = str(caught.value)
    assert library.startswith("only: unknown label 'substantial' (categories: substantive")
    for siglum, text in TEXTS.items():
        (tmp_path / f"{siglum}.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path), "--only", "substantial", "-q"])
    assert result.exit_code == 2
    same = library.split("; user classes")[0]  # the command line ran without the rules file
    assert f"collate: --{same}" in " ".join(result.output.split())
