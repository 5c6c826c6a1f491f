"""The apparatus (issue 4): typed seed entries, N witnesses, majority base, locations,
apparatus lines, filters in every format, the summary and its DataFrames, Darwin."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collate import collate
from collate.classify import CATEGORIES, CATEGORY_OF
from collate.cli import app
from collate.reporters.txt import body

from .conftest import SEED, SHARED

C_FILE = Path(__file__).parent / "data" / "three_witnesses" / "C.txt"
THREE = [SEED / "A.txt", SEED / "B.txt", C_FILE]
DARWIN = SHARED / "corpora" / "darwin-origin-ch1.json"


def flat(text: str) -> str:
    return " ".join(text.split())


def entry_with(apparatus, siglum: str, text: str):
    """The one entry whose reading of ``siglum`` is ``text`` (whitespace flattened)."""
    found = [e for e in apparatus.entries if flat(e.reading(siglum).text) == text]
    assert len(found) == 1, (siglum, text, [render_entry(apparatus, e) for e in found])
    return found[0]


def render_entry(apparatus, entry) -> str:
    return f"{entry.ref} {apparatus.presentation(entry).line()}"


@pytest.fixture(scope="module")
def three():
    return collate(THREE)


@pytest.fixture(scope="module")
def three_majority():
    return collate(THREE, base="majority")


# --- the seed, base A ------------------------------------------------------------


@pytest.mark.parametrize(
    ("siglum", "text", "expected"),
    [
        ("A", "оторвался", "grammatical"),
        ("A", "приказ", "grammatical"),
        ("A", "войсковые", "lexical"),
        ("A", "хотя", "lexical"),
        ("B", "я", "addition"),
        ("A", "[из Сочи]", "editorial"),
        ("B", "- 2 -", "pagination"),
        ("B", "ПЕКИН СОВПОСОЛ", "case"),
        ("A", "Однако", "punctuation"),
    ],
)
def test_seed_types(seed_apparatus, siglum: str, text: str, expected: str) -> None:
    entry = entry_with(seed_apparatus, siglum, text)
    assert entry.type == expected
    assert entry.types[0] == expected
    assert entry.category == CATEGORY_OF[expected]


def test_seed_word_division(seed_apparatus) -> None:
    entry = next(e for e in seed_apparatus.entries if "38-параллель" in e.reading("A").text)
    assert flat(entry.reading("B").text).startswith("38 параллель")
    assert entry.type == "word-division"


def test_seed_chinese_names_are_accidental(seed_apparatus) -> None:
    entry = next(e for e in seed_apparatus.entries if "Цзэдуну" in e.reading("A").text)
    assert "ЦЗЕ-ДУНУ" in entry.reading("B").text
    assert entry.category == "accidental"
    assert entry.type == "transliteration"  # the palladius rule settles it
    assert "palladius" in entry.rules


def test_seed_addition_says_it_is_relative_to_the_base(seed_apparatus) -> None:
    entry = entry_with(seed_apparatus, "B", "я")
    assert entry.note == "addition in B relative to the base A"
    assert entry.ref == "l. 8.13"
    assert render_entry(seed_apparatus, entry) == "l. 8.13 но A ] add. я B (addition)"


def test_seed_grammatical_notes_name_the_lemmas(seed_apparatus) -> None:
    assert "оторваться/оторвать" in entry_with(seed_apparatus, "A", "оторвался").note
    assert "same lemma приказ" in entry_with(seed_apparatus, "A", "приказ").note


def test_seed_apparatus_lines(seed_apparatus) -> None:
    lines = body(seed_apparatus)
    assert len(lines) == len(seed_apparatus.places)
    assert "l. 5.10 оторвался A ] оторван B (grammatical)" in lines
    assert "l. 6.71 приказ A ] приказа B (grammatical)" in lines
    assert "l. 7.15 хотя A ] то следовало B (lexical)" in lines
    assert "l. 1.3 [из Сочи] A ] om. B (editorial)" in lines
    assert "l. 5.15 Однако A ] Однако, B (punctuation)" in lines


def test_readings_that_differ_only_in_line_breaks_share_one_apparatus_reading() -> None:
    # A and C print alike ("Однако Мы"); listing C apart looked like a third reading.
    apparatus = collate({"A": "Однако Мы пошли", "B": "однако мы пошли", "C": "Однако\nМы пошли"})
    assert body(apparatus) == ["l. 1.1 Однако Мы A C ] однако мы B (case)"]


def test_an_omission_in_a_pretokenized_witness_is_located_at_its_gap() -> None:
    # CollateX JSON tokens point into the witness's text; the gap used to be put at 1:1.
    from collate.readers.collatex import parse

    doc = {
        "witnesses": [
            {"id": "A", "tokens": [{"t": "a"}, {"t": "b", "ws": "\n"}, {"t": "c"}, {"t": "d"}]},
            {"id": "B", "tokens": [{"t": "a"}, {"t": "b", "ws": "\n"}, {"t": "c"}, {"t": "d"}, {"t": "e"}]},
        ]
    }
    apparatus = collate(parse(json.dumps(doc).encode()))
    (entry,) = apparatus.entries
    gap = entry.reading("A").location
    assert (gap.line, gap.column, gap.start, gap.end) == (2, 4, 7, 7)


def test_entries_where_the_base_has_nothing_take_its_previous_word() -> None:
    # Looked up once per witness rather than scanned back for from every entry (that was
    # quadratic in a long stretch the base lacks: 12 s for 8,000 such entries).
    middle = collate({"A": "начало конец", "B": "начало " + "слово — " * 3 + "конец"}, base="A")
    # All six are at one place, so they are one line.
    assert body(middle) == [
        "l. 1.1 "
        + " | ".join(["начало A ] add. слово B (addition)", "начало A ] add. — B (punctuation)"] * 3)
    ]
    assert {e.reading("A").location.start for e in middle.entries} == {len("начало")}
    start = collate({"A": "начало конец", "B": "слово — " * 3 + "начало конец"}, base="A")
    assert body(start)[0].startswith("l. 1.1 — A ] add. слово B (addition) | ")
    assert {e.reading("A").location.start for e in start.entries} == {0}


def test_every_entry_has_a_ref_in_the_base_and_located_readings(seed_apparatus) -> None:
    for entry in seed_apparatus.entries:
        line_no, word_no = entry.ref.removeprefix("l. ").split(".")
        assert int(line_no) >= 1 and int(word_no) >= 1
        for reading in entry.readings:
            loc = reading.location
            assert loc.line >= 1 and loc.column >= 1 and 0 <= loc.start <= loc.end


# --- three witnesses -------------------------------------------------------------


def test_three_witnesses_group_agreeing_readings(three) -> None:
    entry = entry_with(three, "A", "оторвался")
    assert entry.groups == (("A", "C"), ("B",))
    assert entry.type == "grammatical"
    assert render_entry(three, entry) == "l. 5.10 оторвался A C ] оторван B (grammatical)"
    entry = entry_with(three, "A", "приказ")
    assert entry.groups == (("A",), ("B", "C"))
    assert render_entry(three, entry) == "l. 6.71 приказ A ] приказа B C (grammatical)"


def test_three_witnesses_add_om_and_readings_of_one_witness(three) -> None:
    lines = body(three)
    assert "l. 8.13 но A ] add. я B C (addition)" in lines
    assert "l. 9.2 Вашего A B ] add. скорого C (addition)" in lines
    assert "l. 4.2 немедленной A B ] срочной C (lexical)" in lines
    assert "l. 1.3 [из Сочи] A ] om. B C (editorial)" in lines


def test_three_witnesses_transposition(three) -> None:
    # One entry holds both places of the moved word (issue 10), not an omission and an addition.
    [moved] = [e for e in three.entries if e.type == "transposition"]
    a, moving = moved.lemma, next(r for r in moved.readings if r.norm != moved.lemma.norm)
    assert sorted(a.norm.split()) == sorted(moving.norm.split()) and a.norm != moving.norm
    assert "отвести" in a.text and "relative to the base A" in moved.note
    assert moved.category == "substantive"
    [move] = moved.moves
    assert move.siglum == moving.siglum and move.location.start != move.base_location.start


def test_three_witnesses_locations(three) -> None:
    for entry in three.entries:
        for reading in entry.readings:
            text = three.witness(reading.siglum).text
            loc = reading.location
            assert text[loc.start : loc.end] == reading.text
            assert loc.line == text.count("\n", 0, loc.start) + 1


def test_majority_base_takes_the_reading_most_witnesses_share(three_majority) -> None:
    assert three_majority.base == "majority"
    entry = entry_with(three_majority, "A", "приказ")
    assert entry.base in ("B", "C") and entry.lemma.text == "приказа"
    assert entry.groups[0] == ("B", "C")
    assert render_entry(three_majority, entry).endswith("приказа B C ] приказ A (grammatical)")
    entry = entry_with(three_majority, "B", "я")
    assert entry.type == "omission"
    assert entry.note == f"omission in A relative to the base {entry.base}"
    entry = entry_with(three_majority, "A", "оторвался")
    assert entry.base == "A"
    # Each entry is referenced in its own lemma's witness.
    assert all(e.ref for e in three_majority.entries)


def test_majority_from_the_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", *map(str, THREE), "--base", "majority", "-o", str(tmp_path), "-f", "json,txt", "-q"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "apparatus.json").read_text(encoding="utf-8"))
    assert data["base"] == "majority"
    assert "приказа B C ] приказ A (grammatical)" in (tmp_path / "apparatus.txt").read_text(encoding="utf-8")


# --- filters in every format ---------------------------------------------------------


def _report(tmp_path: Path, *options: str) -> Path:
    result = CliRunner().invoke(
        app, ["report", *map(str, THREE), "-o", str(tmp_path), "-f", "json,csv,txt,md", "-q", *options]
    )
    assert result.exit_code == 0, result.output
    return tmp_path


def _types_in_every_format(out: Path) -> dict[str, set[str]]:
    data = json.loads((out / "apparatus.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((out / "apparatus.csv").read_text(encoding="utf-8"))))
    txt = (out / "apparatus.txt").read_text(encoding="utf-8").split("\n\n", 1)[1].splitlines()
    md = (out / "apparatus.md").read_text(encoding="utf-8")
    return {
        "json": {e["type"] for e in data["entries"]},
        "csv": {r["type"] for r in rows},
        "txt": {t.rsplit("(", 1)[1].rstrip(")") for t in txt},
        "md": {t for t in CATEGORY_OF if f"| {t} |" in md},
        "counts": {str(len(data["entries"])), str(len(rows)), str(len(txt))},
    }


def test_only_filters_every_format(tmp_path: Path) -> None:
    found = _types_in_every_format(_report(tmp_path, "--only", "substantive"))
    substantive = {t for t, c in CATEGORY_OF.items() if c == "substantive"}
    for fmt in ("json", "csv", "txt", "md"):
        assert found[fmt] and found[fmt] <= substantive, (fmt, found[fmt])
    assert found["counts"] == {"9"}  # the transposition is one entry, not two (issue 10)


def test_only_accepts_types_and_ignore_removes_them(tmp_path: Path) -> None:
    found = _types_in_every_format(
        _report(tmp_path, "--only", "accidental,grammatical", "--ignore", "punctuation")
    )
    for fmt in ("json", "csv", "txt", "md"):
        assert "grammatical" in found[fmt], fmt
        assert "punctuation" not in found[fmt] and "lexical" not in found[fmt], fmt


def test_unknown_filter_label_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", *map(str, THREE), "-o", str(tmp_path), "--only", "spelling"])
    assert result.exit_code == 2


def test_filtered_entries_keep_their_numbers(three) -> None:
    kept = three.filter(only=["grammatical"])
    assert [e.n for e in kept.entries] == [e.n for e in three.entries if e.type == "grammatical"]
    assert three.filter(ignore=["substantive"]).summary()["by_category"]["substantive"] == 0


# --- summary and statistics ----------------------------------------------------------


def test_summary_counts_sum_to_the_entries(three) -> None:
    summary = three.summary()
    assert summary["entries"] == len(three.entries)
    assert sum(summary["by_type"].values()) == len(three.entries)
    assert sum(summary["by_category"].values()) == len(three.entries)
    assert list(summary["by_category"]) == list(CATEGORIES)
    assert set(CATEGORY_OF) <= set(summary["by_type"])
    assert summary["by_type"]["transposition"] == 1  # one entry with both places


def test_agreement_is_pairwise_and_c_is_closest_to_a(three) -> None:
    agreement = three.summary()["agreement"]
    assert set(agreement) == {"A/B", "A/C", "B/C"}
    assert all(0.0 < share <= 1.0 for share in agreement.values())
    assert agreement["A/C"] > agreement["A/B"]  # C was made from A


def test_summary_and_agreement_as_dataframes(three) -> None:
    frame = three.summary_frame()
    assert frame["entries"].sum() == len(three.entries)
    assert frame.loc["grammatical", "category"] == "substantive"
    assert frame.loc["grammatical", "entries"] == 2
    matrix = three.agreement_frame()
    assert list(matrix.index) == list(matrix.columns) == ["A", "B", "C"]
    assert matrix.loc["A", "A"] == 1.0
    assert matrix.loc["A", "C"] == matrix.loc["C", "A"] == three.summary()["agreement"]["A/C"]


def test_json_contract_extended_not_broken(tmp_path: Path) -> None:
    data = json.loads((_report(tmp_path) / "apparatus.json").read_text(encoding="utf-8"))
    assert {"witnesses", "base", "profile", "entries", "summary"} <= set(data)
    assert {"by_type", "by_category", "agreement", "entries"} <= set(data["summary"])
    for entry in data["entries"]:
        assert {"n", "readings", "type", "types", "category", "location", "ref", "groups"} <= set(entry)
        assert entry["type"] == entry["types"][0]
        assert set(entry["readings"]) == set(entry["location"]) == {"A", "B", "C"}
        for loc in entry["location"].values():
            assert set(loc) == {"line", "column", "start", "end"}
        assert sorted(s for g in entry["groups"] for s in g) == ["A", "B", "C"]


def test_report_prints_the_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", *map(str, THREE), "-o", str(tmp_path), "-f", "txt", "--limit", "0"]
    )
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "9 substantive" in out
    assert "grammatical 2" in out and "transposition 1" in out
    assert "A/C" in out and "agreement" in out


# --- user regularization classes -------------------------------------------------


USER_RULES = """
[[rule]]
pattern = "тов"
replacement = "т"
class = "abbreviation"
"""


def test_a_user_rule_class_is_the_type_of_the_entries_it_settles(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(USER_RULES, encoding="utf-8")
    texts = {"A": "Передано тов. Булганину", "B": "Передано т. Булганину"}
    # The built-in rule `titles` writes т./тов. before a name out too: switched off here.
    apparatus = collate(texts, user_rules=rules, rules=["-titles"])
    (entry,) = apparatus.entries
    assert (entry.type, entry.category, entry.rules) == ("abbreviation", "accidental", ("user:abbreviation",))
    assert apparatus.summary()["by_type"]["abbreviation"] == 1
    assert apparatus.filter(only=["abbreviation"]).entries == apparatus.entries
    assert not apparatus.filter(ignore=["abbreviation"]).entries
    for siglum, text in texts.items():
        (tmp_path / f"{siglum}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    files = [str(tmp_path / "A.txt"), str(tmp_path / "B.txt")]
    options = [
        "--rules",
        str(rules),
        "--rule",
        "-titles",
        "--only",
        "abbreviation",
        "-f",
        "txt",
        "-o",
        str(out),
        "-q",
    ]
    result = CliRunner().invoke(app, ["report", *files, *options])
    assert result.exit_code == 0, result.output
    assert (
        (out / "apparatus.txt")
        .read_text(encoding="utf-8")
        .endswith("\n\nl. 1.2 тов A ] т B (abbreviation)\n")
    )


# --- a constructed transposition ---------------------------------------------------


def test_transposed_word_is_one_transposition_not_an_addition_and_an_omission() -> None:
    apparatus = collate({"A": "the black cat sat on the mat", "B": "the cat black sat on the mat"})
    [entry] = apparatus.entries
    assert (entry.type, entry.category) == ("transposition", "substantive")
    assert (entry.lemma.text, entry.reading("B").text) == ("black cat", "cat black")
    # Both places: where B has the moved word, where the base has it.
    [move] = entry.moves
    assert (move.siglum, move.text, move.location.column, move.base_location.column) == ("B", "cat", 5, 11)
    assert "B has «cat» at 1:5, the base at 1:11" in entry.note
    assert entry.to_dict()["moves"][0]["base_location"]["column"] == 11


def test_a_witness_that_really_omits_keeps_its_omission_beside_a_transposition() -> None:
    # A moved "black"; C has no "black" at all: entry 2 is A's transposition and C's omission.
    apparatus = collate({"A": "black the cat.", "B": "the cat black.", "C": "the cat."}, base="B")
    [entry] = apparatus.entries
    assert entry.types == ("transposition", "omission")
    assert [r.text for r in entry.readings] == ["black the cat", "the cat black", "the cat"]
    assert "omission in C relative to the base B" in entry.note


def test_far_apart_words_are_not_a_transposition() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    other = "two three four five six seven eight nine ten eleven twelve one"
    apparatus = collate({"A": text, "B": other})
    assert [e.type for e in apparatus.entries] == ["omission", "addition"]
    near = collate({"A": text, "B": "two one three four five six seven eight nine ten eleven twelve"})
    assert [e.type for e in near.entries] == ["transposition"]


# --- Darwin, six editions ------------------------------------------------------------


@pytest.mark.skipif(not DARWIN.exists(), reason="shared/ is not beside the checkout")
@pytest.mark.parametrize("paragraph", [0, 1, 2])
def test_darwin_paragraphs_give_a_typed_apparatus(paragraph: int) -> None:
    data = json.loads(DARWIN.read_text(encoding="utf-8"))
    witnesses = {w["id"]: w["content"] for w in data[paragraph]["witnesses"]}
    apparatus = collate(witnesses)
    assert apparatus.entries
    for entry in apparatus.entries:
        assert entry.type in CATEGORY_OF
        assert entry.category == CATEGORY_OF[entry.type]
        assert entry.ref
        assert sorted(s for g in entry.groups for s in g) == sorted(witnesses)
    summary = apparatus.summary()
    assert sum(summary["by_type"].values()) == len(apparatus.entries)
    assert len(summary["agreement"]) == len(witnesses) * (len(witnesses) - 1) // 2
    assert len(body(apparatus)) == len(apparatus.places)


@pytest.mark.parametrize("scan", [0, 1, 3])
def test_an_empty_reading_is_located_alike_by_scanning_back_and_by_the_table(
    monkeypatch: pytest.MonkeyPatch, scan: int
) -> None:
    # Where a witness reads nothing, its reading stands after its previous token:
    # found by scanning back a few columns, or past them in a table per witness.
    from collate.apparatus import _Lookups

    words = [f"w{i}" for i in range(60)]
    texts = {
        "A": " ".join(words) + "\nконец",
        "B": " ".join(words[:5] + words[7:20] + words[45:58]) + "\nконец",  # a short and a long omission
        "C": " ".join(words[1:]) + " лишнее\nконец",
    }

    def located() -> list[tuple[str, object]]:
        app = collate(texts, progress=False)
        return [(r.siglum, r.location) for e in app.entries for r in e.readings if not r.text]

    by_scan = located()
    monkeypatch.setattr(_Lookups, "SCAN", scan)
    assert located() == by_scan
    assert len(by_scan) >= 3


def test_a_collation_is_freed_without_the_cyclic_collector() -> None:
    # What the apparatus keeps with the alignment refers to its parts, not back to it:
    # a command that pauses the collector must not keep every collation it made.
    import gc
    import weakref

    enabled = gc.isenabled()
    gc.disable()
    try:
        app = collate({"A": "один два три четыре", "B": "один три четыре"}, progress=False)
        alignment = weakref.ref(app.alignment)
        del app
        assert alignment() is None
    finally:
        if enabled:
            gc.enable()
