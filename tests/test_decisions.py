"""Editorial decisions (issue 17): each kind, stale and ambiguous decisions, edits elsewhere, the CLI."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from collate import collate
from collate.cli import main
from collate.decisions import DecisionError, DecisionWarning, parse_decisions, printed
from collate.reporters import FORMATS

CAT = {
    "A": "the black cat sat on the mat . then the dog ran",
    "B": "the white dog sat on a mat . then the dog ran",
}


def decide(text: str, witnesses: dict[str, str] = CAT, **kwargs):  # type: ignore[no-untyped-def]
    """Collate ``witnesses`` with the decisions in ``text`` (a decisions file named d.toml)."""
    return collate(witnesses, decisions=parse_decisions(text, "d.toml"), **kwargs)


def texts(app) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(r.text for r in e.readings) for e in app.entries]


def test_without_decisions_the_cat_has_two_entries() -> None:
    assert texts(collate(CAT)) == [("black cat", "white dog"), ("the", "a")]


# --- each kind ----------------------------------------------------------------


def test_retype_sets_type_and_category_and_keeps_what_it_was() -> None:
    app = decide(
        '[[decision]]\nreadings = { A = "the", B = "a" }\n'
        'retype = { category = "accidental", type = "misreading" }\nresp = "AB"\nnote = "a slip"\n'
    )
    entry = app.entries[1]
    assert (entry.type, entry.types, entry.category) == ("misreading", ("misreading",), "accidental")
    assert entry.decision.was == "lexical (substantive)"
    assert (entry.decision.resp, entry.decision.note, entry.decision.kinds) == ("AB", "a slip", ("retype",))
    assert app.summary()["by_type"]["misreading"] == 1 and app.summary()["decisions"] == 1
    data = json.loads(FORMATS["json"].render(app))["entries"][1]["decision"]
    assert data == {
        "kinds": ["retype"],
        "note": "a slip",
        "resp": "AB",
        "was": entry.decision.was,
        "sources": ["d.toml:1"],
    }


def test_retype_to_a_built_in_type_takes_its_category() -> None:
    app = decide('[[decision]]\nreadings = { B = "a" }\nretype = { type = "orthographic" }\n')
    assert (app.entries[1].type, app.entries[1].category) == ("orthographic", "accidental")


def test_ignore_keeps_the_entry_in_data_and_leaves_it_out_of_print() -> None:
    app = decide('[[decision]]\nreadings = { A = "the", B = "a" }\nignore = true\nnote = "an article"\n')
    assert [e.ignored for e in app.entries] == [False, True]
    assert app.summary()["ignored"] == 1 and app.summary()["entries"] == 2
    assert [e.n for e in printed(app).entries] == [1]
    assert "black cat" in FORMATS["txt"].render(app) and " a B" not in FORMATS["txt"].render(app)
    record = json.loads(FORMATS["json"].render(app))["entries"][1]
    assert record["decision"]["ignored"] is True and record["decision"]["note"] == "an article"


def test_note_alone_is_a_note_decision() -> None:
    app = decide('[[decision]]\nreadings = { A = "black cat" }\nnote = "the cat is black in A only"\n')
    assert app.entries[0].decision.kinds == ("note",)
    assert app.entries[0].type == collate(CAT).entries[0].type  # nothing else changed


def test_merge_joins_neighbouring_entries_and_what_lies_between() -> None:
    app = decide(
        '[[decision]]\nreadings = { A = "black cat" }\nmerge = { B = "a" }\nnote = "one rewording"\n'
    )
    assert texts(app) == [("black cat sat on the", "white dog sat on a")]
    assert app.entries[0].n == 1 and app.entries[0].decision.kinds == ("merge",)
    assert app.entries[0].decision.note == "one rewording"


def test_split_cuts_an_entry_before_a_token() -> None:
    app = decide('[[decision]]\nreadings = { A = "black cat" }\nsplit = { A = "cat" }\n')
    assert texts(app) == [("black", "white"), ("cat", "dog"), ("the", "a")]
    assert [e.n for e in app.entries] == [1, 2, 3]
    assert [e.decision.kinds if e.decision else () for e in app.entries] == [("split",), ("split",), ()]
    assert app.entries[0].type == "lexical"


def test_merge_then_retype_in_one_decision() -> None:
    app = decide(
        '[[decision]]\nreadings = { A = "black cat" }\nmerge = { A = "the" }\n'
        'retype = { category = "substantive", type = "rewrite" }\n'
    )
    assert texts(app)[0] == ("black cat sat on the", "white dog sat on a")
    assert app.entries[0].type == "rewrite" and app.entries[0].decision.kinds == ("merge", "retype")


def test_several_decisions_on_one_entry_add_up() -> None:
    app = decide(
        '[[decision]]\nreadings = { B = "a" }\nnote = "first"\nresp = "AB"\n\n'
        '[[decision]]\nreadings = { B = "a" }\nignore = true\nnote = "second"\nresp = "CD"\n'
    )
    d = app.entries[1].decision
    assert (d.note, d.resp, d.ignored, d.sources) == (
        "first; second",
        "AB, CD",
        True,
        ("d.toml:1", "d.toml:6"),
    )


# --- where a decision applies ---------------------------------------------------

TWICE = {"A": "one cat here\nand one cat there", "B": "one dog here\nand one dog there"}


def test_ambiguous_decision_is_an_error_naming_both_places() -> None:
    with pytest.raises(DecisionError) as exc:
        decide('[[decision]]\nreadings = { A = "cat", B = "dog" }\nignore = true\n', TWICE)
    assert str(exc.value) == (
        "d.toml:1: decision matches 2 places: entry 1 (A 1:5) and entry 2 (A 2:9); "
        'add at = { SIGLUM = "line:column" } or occurrence = N'
    )


@pytest.mark.parametrize("where", ["occurrence = 2", 'at = { A = "2:9" }', 'at = { B = "2:8" }'])
def test_occurrence_or_at_chooses_one(where: str) -> None:
    app = decide(f'[[decision]]\nreadings = {{ A = "cat", B = "dog" }}\n{where}\nignore = true\n', TWICE)
    assert [e.ignored for e in app.entries] == [False, True]


def test_stale_decision_warns_with_file_and_line_and_is_counted() -> None:
    with pytest.warns(DecisionWarning, match=r"^d\.toml:5: stale decision: no entry reads A 'grey cat'$"):
        app = decide(
            '[[decision]]\nreadings = { B = "a" }\nnote = "ok"\n\n[[decision]]\nreadings = { A = "grey cat" }\nignore = true\n'
        )
    assert app.decisions.applied == 1
    assert app.decisions.stale == ("d.toml:5: stale decision: no entry reads A 'grey cat'",)


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        (
            'readings = { A = "cat" }\noccurrence = 3\nnote = "x"',
            "occurrence 3, but only 2 entries read A 'cat'",
        ),
        ('readings = { C = "cat" }\nnote = "x"', "no witness 'C' in this collation"),
        (
            'readings = { A = "cat" }\noccurrence = 1\nmerge = { A = "ran" }',
            "no entry reading A 'ran' within 5",
        ),
        ('readings = { A = "cat" }\noccurrence = 1\nsplit = { A = "one" }', "has no token 'one' of A"),
    ],
)
def test_every_kind_of_stale(decision: str, reason: str) -> None:
    with pytest.warns(DecisionWarning, match="stale decision") as caught:
        app = decide(f"[[decision]]\n{decision}\n", TWICE)
    assert reason in str(caught[0].message)
    assert app.decisions.applied == 0 and texts(app) == texts(collate(TWICE))


EDITION = {
    "A": "Dear friend,\nthe black cat sat on the mat.\nThen the dog ran home.\nThe cat slept.",
    "B": "Dear friend,\nthe white dog sat on a mat.\nThen the dog ran home.\nThe cat sleeps.",
}
EDITION_DECISIONS = """
[[decision]]
readings = { A = "black cat", B = "white dog" }
split = { A = "cat" }

[[decision]]
readings = { A = "the", B = "a" }
ignore = true
note = "article"

[[decision]]
readings = { A = "slept", B = "sleeps" }
at = { A = "4:9" }
retype = { category = "accidental", type = "misreading" }
resp = "AB"
"""


def test_decisions_find_their_place_after_edits_elsewhere() -> None:
    before = decide(EDITION_DECISIONS, EDITION)
    # The witnesses are edited elsewhere: a heading added (every line moves down),
    # a new variant and a changed word far from the decided places.
    edited = {
        "A": "Letter 12\n\n" + EDITION["A"].replace("Dear friend", "Dear old friend"),
        "B": "Letter 12\n\n" + EDITION["B"].replace("Then the dog", "Then the puppy"),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error", DecisionWarning)  # not one stale decision
        after = decide(EDITION_DECISIONS, edited)
    assert after.decisions.applied == before.decisions.applied == 3

    def decided(app) -> list[tuple]:  # type: ignore[no-untyped-def]
        return [(tuple(r.text for r in e.readings), e.type, e.ignored) for e in app.entries if e.decision]

    assert decided(after) == decided(before)
    assert (("slept", "sleeps"), "misreading", False) in decided(after)
    assert after.entries[-1].reading("A").location.line == 6  # it moved, and the decision followed


def test_two_structural_decisions_on_one_entry_are_an_error() -> None:
    with pytest.raises(DecisionError, match=r"d\.toml:5: this decision and the one at d\.toml:1 both change"):
        decide(
            '[[decision]]\nreadings = { A = "black cat" }\nsplit = { A = "cat" }\n\n'
            '[[decision]]\nreadings = { A = "black cat" }\nmerge = { A = "the" }\n'
        )


# --- the file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[decision]]\nreadings = { A = "x" }\nignore = true\ncolour = "red"\n',
            "d.toml:4: unknown key 'colour'",
        ),
        ('[[decision]]\nreadings = { A = "x" }\nignore = "yes"\n', "d.toml:3: ignore must be true or false"),
        (
            '[[decision]]\nreadings = { A = "x" }\n\nretype = { category = "major", type = "lexical" }\n',
            "d.toml:4: retype: unknown category 'major' (categories: substantive, accidental, editorial)",
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nretype = { type = "misreading" }\n',
            "d.toml:3: retype: unknown type 'misreading' (types: lexical,",
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nretype = { category = "accidental", type = "lexical" }\n',
            "d.toml:3: retype: type 'lexical' is substantive, not accidental",
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nat = { A = "13" }\nignore = true\n',
            'd.toml:3: at: A must be "line:column" (1-based)',
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nat = { B = "1:1" }\nignore = true\n',
            "d.toml:3: at: 'B' is not one of the sigla",
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nat = { A = "1:1" }\noccurrence = 2\nignore = true\n',
            "d.toml:4: give either at or occurrence, not both",
        ),
        ("[[decision]]\nignore = true\n", "d.toml:1: a decision needs 'readings'"),
        ('[[decision]]\nreadings = { A = "x" }\nresp = "AB"\n', "d.toml:1: the decision does nothing"),
        (
            '[[decision]]\nreadings = { A = "x" }\nsplit = { A = "two words" }\n',
            "d.toml:3: split names one token",
        ),
        (
            "[[decision]]\nreadings = { A = 3 }\nignore = true\n",
            "d.toml:2: readings: the text of 'A' must be",
        ),
        (
            '[[decision]]\nreadings = { A = "x" }\nalign = { A = "x", B = "y" }\n',
            "d.toml:2: align names tokens, not an entry: it cannot have readings",
        ),
        ('[[decision]]\nreadings = { A = "x"\n', "d.toml:2:"),
        ('[decision]\nreadings = { A = "x" }\n', "d.toml:1: 'decision' must be an array of tables"),
        ('title = "x"\n', "d.toml:1: unknown table 'title'"),
    ],
)
def test_bad_decisions_files_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(DecisionError) as exc:
        parse_decisions(text, "d.toml")
    assert str(exc.value).startswith(message), str(exc.value)


def test_a_type_of_ones_own_needs_its_category_and_gets_a_hint() -> None:
    with pytest.raises(DecisionError, match=r"did you mean 'lexical'\?"):
        parse_decisions('[[decision]]\nreadings = { A = "x" }\nretype = { type = "lexcial" }\n', "d.toml")
    (ok,) = parse_decisions(
        '[[decision]]\nreadings = { A = "x" }\nretype = { category = "accidental", type = "misreading" }\n'
    )
    assert (ok.type, ok.category, ok.kinds) == ("misreading", "accidental", ("retype",))


def test_decisions_toml_beside_the_witnesses_is_picked_up(tmp_path: Path) -> None:
    for siglum, text in CAT.items():
        (tmp_path / f"{siglum}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "decisions.toml").write_text('[[decision]]\nreadings = { B = "a" }\nignore = true\n', "utf-8")
    assert collate(tmp_path).summary()["ignored"] == 1
    assert collate([tmp_path / "A.txt", tmp_path / "B.txt"]).summary()["ignored"] == 1
    assert collate(tmp_path, decisions=False).summary()["ignored"] == 0
    assert collate(tmp_path).decisions.source == str(tmp_path / "decisions.toml")


# --- the command line -------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for siglum, text in CAT.items():
        (tmp_path / f"{siglum}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code), out, err


def test_report_applies_decisions_and_says_how_many(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (folder / "decisions.toml").write_text(
        '[[decision]]\nreadings = { B = "a" }\nignore = true\n\n[[decision]]\nreadings = { B = "zzz" }\nnote = "x"\n',
        "utf-8",
    )
    code, out, err = run(capsys, "report", str(folder), "-o", str(folder / "out"), "--limit", "0")
    assert code == 0
    assert f"applied 1 decision from {folder / 'decisions.toml'} (1 stale); 1 entry ignored in print" in out
    assert err == f"collate: warning: {folder / 'decisions.toml'}:5: stale decision: no entry reads B 'zzz'\n"
    assert json.loads((folder / "out" / "apparatus.json").read_text("utf-8"))["summary"]["ignored"] == 1
    code, out, _ = run(capsys, "report", str(folder), "-o", str(folder / "raw"), "--no-decisions", "-q")
    assert (
        code == 0
        and json.loads((folder / "raw" / "apparatus.json").read_text("utf-8"))["summary"]["ignored"] == 0
    )


def test_a_bad_decisions_file_is_one_line_exit_2_and_nothing_written(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = folder / "mine.toml"
    bad.write_text('[[decision]]\nreadings = { B = "a" }\nignroe = true\n', "utf-8")
    code, _, err = run(capsys, "report", str(folder), "-o", str(folder / "out"), "--decisions", str(bad))
    assert code == 2 and not (folder / "out").exists()
    assert err.startswith(f"collate: {bad}:3: unknown key 'ignroe'") and err.count("\n") == 1


def test_decisions_check_lists_stale_ones_and_exits_1(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = folder / "decisions.toml"
    good.write_text('[[decision]]\nreadings = { B = "a" }\nignore = true\n', "utf-8")
    assert run(capsys, "decisions", "check", str(folder)) == (0, f"{good}: 1 applied, 0 stale\n", "")
    stale = folder / "old.toml"
    stale.write_text(
        '[[decision]]\nreadings = { B = "a" }\nignore = true\n\n[[decision]]\nreadings = { B = "an" }\nignore = true\n',
        "utf-8",
    )
    code, out, err = run(capsys, "decisions", "check", str(folder), "--decisions", str(stale))
    assert (code, err) == (1, "")
    assert out == f"{stale}:5: stale decision: no entry reads B 'an'\n{stale}: 1 applied, 1 stale\n"


def test_decisions_check_without_a_file_or_with_an_ambiguous_one_exits_2(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "decisions", "check", str(folder))
    assert code == 2 and "no decisions.toml" in err
    for siglum, text in TWICE.items():
        (folder / f"{siglum}.txt").write_text(text, encoding="utf-8")
    (folder / "decisions.toml").write_text('[[decision]]\nreadings = { A = "cat" }\nignore = true\n', "utf-8")
    code, _, err = run(capsys, "decisions", "check", str(folder))
    assert code == 2
    assert err.startswith(
        f"collate: {folder / 'decisions.toml'}:1: decision matches 2 places: entry 1 (A 1:5)"
    )


# --- the reports ---------------------------------------------------------------------

DECIDED = (
    '[[decision]]\nreadings = { A = "black cat" }\nretype = { category = "accidental", type = "misreading" }\n'
    'note = "a slip & 50%"\nresp = "A. B."\n\n'
    '[[decision]]\nreadings = { A = "the", B = "a" }\nignore = true\nnote = "an article"\n'
)


@pytest.fixture(scope="module")
def decided():  # type: ignore[no-untyped-def]
    return decide(DECIDED)


def test_csv_has_the_decision_who_and_why(decided) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(decided))))
    assert [(r["decision"], r["resp"], r["decision_note"]) for r in rows] == [
        ("retype", "A. B.", "a slip & 50%"),
        ("ignore", "", "an article"),
    ]


def test_tei_has_resp_note_and_the_ignored_mark(decided) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    root = etree.fromstring(FORMATS["tei"].render(decided).encode())
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    first, second = root.iterfind(".//t:app", ns)
    assert first.get("resp") == "#resp-A._B." and first.get("type") == "misreading"
    name = root.find(".//t:titleStmt/t:respStmt/t:name", ns)
    assert name.text == "A. B." and name.get("{http://www.w3.org/XML/1998/namespace}id") == "resp-A._B."
    assert first.find("t:note", ns).text == "a slip & 50%; was lexical (substantive)"
    assert second.get("ana") == "#substantive #ignored" and second.find("t:note", ns).text == "an article"
    assert root.find(".//t:interp[@{http://www.w3.org/XML/1998/namespace}id='ignored']", ns) is not None


def test_printed_reports_carry_the_note_and_leave_ignored_entries_out(decided) -> None:  # type: ignore[no-untyped-def]
    txt = FORMATS["txt"].render(decided)  # a header (title, sigla), a blank line, the apparatus
    assert txt.split("\n\n", 1)[1] == "l. 1.2 black cat A ] white dog B (misreading) — a slip & 50% (A. B.)\n"
    tex = FORMATS["latex"].render(decided)
    assert r"\Cfootnote{a slip \& 50\% \textit{(A. B.)}}" in tex and tex.count(r"\edtext") == 1
    md = FORMATS["md"].render(decided)
    assert (
        "| a slip &amp; 50% (A. B.) |" in md  # markdown_cell escapes &
        and "| ignored: an article (" not in md
        and "| ignored: an article |" in md
    )


def test_html_shows_the_decision_and_folds_ignored_entries(decided) -> None:  # type: ignore[no-untyped-def]
    page = FORMATS["html"].render(decided)
    main, folded = page.split('<details id="ignored">')
    assert '<li id="e1"' in main and '<li id="e2"' not in main.split('<ol class="apparatus"')[1]
    assert "Left out of print by editorial decision (1)" in folded and '<li id="e2"' in folded
    assert '<span class="dnote">a slip &amp; 50%</span>' in main and '<span class="resp">A. B.</span>' in main


# --- the seed -----------------------------------------------------------------------


def test_the_seed_decisions_apply_and_none_is_stale(capsys) -> None:  # type: ignore[no-untyped-def]
    from .conftest import SEED

    with warnings.catch_warnings():
        warnings.simplefilter("error", DecisionWarning)
        app = collate(SEED)
    misread = next(e for e in app.entries if e.reading("B").text == "воинственные")
    assert (misread.type, misread.category) == ("misreading", "accidental")
    assert "APRF" in misread.decision.note and misread.decision.was == "lexical (substantive)"
    ignored = [e for e in app.entries if e.ignored]
    assert len(ignored) == 12 and all(
        "".join(e.reading("A").text.split()) == "".join(e.reading("B").text.split()) for e in ignored
    )
    assert app.summary()["decisions"] == 13
    code, out, _ = run(capsys, "decisions", "check", str(SEED))
    assert code == 0 and out.endswith("13 applied, 0 stale\n")


# --- align: user anchors through the aligner seam --------------------------------

FOX = {"A": "the quick brown fox jumps over the lazy dog", "B": "the fast fox leaps over a lazy dog"}


def test_without_align_the_aligner_pairs_quick_with_fast() -> None:
    assert collate(FOX).alignment.compact().splitlines()[:2] == [
        "A: |the|quick|brown|fox|jumps|over|the|lazy|dog|",
        "B: |the|fast |     |fox|leaps|over|a  |lazy|dog|",
    ]


def test_align_puts_the_named_tokens_in_one_column_and_notes_the_entry() -> None:
    app = decide('[[decision]]\nalign = { A = "brown", B = "fast" }\nnote = "one word"\nresp = "X"\n', FOX)
    assert app.alignment.compact().splitlines() == [
        "A: |the|quick|brown|fox|jumps|over|the|lazy|dog|",
        "B: |the|     |fast |fox|leaps|over|a  |lazy|dog|",
    ]
    first = app.entries[0]
    assert first.decision.kinds == ("align",) and first.decision.note == "one word"
    assert app.decisions.applied == 1 and app.decisions.stale == ()


@pytest.mark.parametrize("aligner", ["anchored", "collatex", "progressive"])
def test_align_holds_whatever_the_aligner(aligner: str) -> None:
    app = decide('[[decision]]\nalign = { A = "lazy", B = "a" }\n', FOX, aligner=aligner)
    (column,) = [col for col in app.alignment.columns if col[0] is not None and col[0].text == "lazy"]
    assert column[1].text == "a"
    assert [t.text for t in app.alignment.row("B") if t is not None] == FOX[
        "B"
    ].split()  # every token, in order


def test_align_with_a_witness_it_does_not_name() -> None:
    three = {**FOX, "C": "the quick brown fox jumps over the lazy dog"}
    app = decide('[[decision]]\nalign = { A = "brown", B = "fast" }\n', three)
    (column,) = [col for col in app.alignment.columns if col[0] is not None and col[0].text == "brown"]
    assert column[1].text == "fast" and column[2].text == "brown"  # C stands where the aligner put it


def test_align_stale_ambiguous_occurrence_and_crossing() -> None:
    with pytest.warns(DecisionWarning, match=r"d\.toml:1: stale decision: B has no token 'slow'"):
        assert decide('[[decision]]\nalign = { A = "quick", B = "slow" }\n', FOX).decisions.applied == 0
    with pytest.raises(
        DecisionError, match=r"d\.toml:1: align matches 2 tokens 'the' of A: A 1:1 and A 1:32"
    ):
        decide('[[decision]]\nalign = { A = "the", B = "a" }\n', FOX)
    app = decide('[[decision]]\nalign = { A = "the", B = "a" }\noccurrence = 2\n', FOX)
    assert any(
        c[0] is not None and c[0].text == "the" and c[1] is not None and c[1].text == "a"
        for c in app.alignment
    )
    with pytest.raises(DecisionError, match=r"d\.toml:1: this align decision and the one at d\.toml:4 cross"):
        decide(
            '[[decision]]\nalign = { A = "quick", B = "leaps" }\n\n'
            '[[decision]]\nalign = { A = "jumps", B = "fast" }\n',
            FOX,
        )
