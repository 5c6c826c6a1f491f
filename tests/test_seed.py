"""The seed telegram end to end: witnesses, entries, categories (issue 2)."""

from __future__ import annotations

import pytest

from collate import collate
from collate.tokenize import detokenize, leading_space

from .conftest import SEED, SHARED

SEED_FILE = SHARED / "seeds" / "000_8fdb34be53a588fd.txt"


@pytest.mark.skipif(not SEED_FILE.exists(), reason="shared/ is not beside the checkout")
def test_witnesses_are_byte_exact_copies_of_the_seed() -> None:
    seed = SEED_FILE.read_bytes()
    a = (SEED / "A.txt").read_bytes()
    b = (SEED / "B.txt").read_bytes()
    assert a.startswith("Передано т.Булганину [из Сочи]".encode())
    assert b.startswith("Передано т. Булганину.\n1.X.50г. в 3ч.00м.".encode())
    # A runs up to the blank line before B; B runs to the end of the seed.
    assert a + b"\n" + b in seed
    assert seed.endswith(b)


def find(app, siglum: str, text: str):
    """The entry whose reading of ``siglum`` is ``text`` (exactly one)."""
    found = [e for e in app.entries if " ".join(e.reading(siglum).text.split()) == text]
    assert len(found) == 1, (text, [(e.reading("A").text, e.reading("B").text) for e in found])
    return found[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("оторвался", "оторван"),
        ("приказ", "приказа"),
        ("хотя", "то следовало"),
        ("войсковые", "воинственные"),
    ],
)
def test_substantive_substitutions(seed_apparatus, a: str, b: str) -> None:
    entry = find(seed_apparatus, "A", a)
    assert entry.reading("B").text == b
    assert entry.category == "substantive"


def test_b_adds_ya(seed_apparatus) -> None:
    entry = find(seed_apparatus, "B", "я")
    assert entry.reading("A").text == ""
    assert entry.category == "substantive"


def test_time_stamp_is_substantive(seed_apparatus) -> None:
    entries = [e for e in seed_apparatus.entries if "3ч" in e.reading("B").text]
    assert entries and all(e.category == "substantive" for e in entries)
    assert "в 3ч.00м" in " ".join(e.reading("B").text for e in entries)


def test_case_only_is_accidental(seed_apparatus) -> None:
    entry = find(seed_apparatus, "A", "Пекин Совпосол")
    assert entry.reading("B").text == "ПЕКИН СОВПОСОЛ"
    assert entry.category == "accidental"


@pytest.mark.parametrize(("siglum", "text"), [("A", "[из Сочи]"), ("B", "- 2 -")])
def test_editorial_matter(seed_apparatus, siglum: str, text: str) -> None:
    entry = find(seed_apparatus, siglum, text)
    assert entry.category == "editorial"


def test_locations_point_at_the_readings(seed_apparatus) -> None:
    for entry in seed_apparatus.entries:
        for reading in entry.readings:
            witness = seed_apparatus.witness(reading.siglum)
            loc = reading.location
            assert witness.text[loc.start : loc.end] == reading.text
            line_start = witness.text.rfind("\n", 0, loc.start) + 1
            assert loc.column == loc.start - line_start + 1
            assert loc.line == witness.text.count("\n", 0, loc.start) + 1


def test_every_token_is_in_the_alignment_once_in_order(seed_apparatus) -> None:
    for w, witness in enumerate(seed_apparatus.witnesses):
        row = [col[w] for col in seed_apparatus.alignment.columns if col[w] is not None]
        assert row == list(witness.tokens)
        assert detokenize(row, leading_space(witness.text)) == witness.text


def test_every_difference_is_in_an_entry(seed_apparatus) -> None:
    """Outside the entries, the witnesses' tokens agree letter for letter."""
    covered = {c for e in seed_apparatus.entries for c in range(e.columns[0], e.columns[1] + 1)}
    for c, col in enumerate(seed_apparatus.alignment.columns):
        if c not in covered:
            assert len({t.text if t is not None else None for t in col}) == 1


def test_base_option_swaps_the_lemma() -> None:
    app = collate(SEED, base="B")
    assert app.base == "B"
    entry = next(e for e in app.entries if e.reading("B").text == "я")
    assert entry.lemma.text == "я"
    assert entry.type == "omission"


def test_entries_are_numbered_in_text_order(seed_apparatus) -> None:
    assert [e.n for e in seed_apparatus.entries] == list(range(1, len(seed_apparatus.entries) + 1))
    starts = [e.reading("A").location.start for e in seed_apparatus.entries]
    assert starts == sorted(starts)


def test_editorial_insertion_does_not_split_a_word_from_its_punctuation() -> None:
    """Ignorable tokens stand before the next aligned token, not right after the previous one."""
    app = collate({"A": "слово [sic] дальше", "B": "слово, дальше"})
    assert app.alignment.compact() == "A: |слово| |[sic]|дальше|\nB: |слово|,|     |дальше|"
    readings = [(e.reading("A").text, e.reading("B").text, e.category) for e in app.entries]
    assert readings == [("слово", "слово,", "accidental"), ("[sic]", "", "editorial")]


def test_seed_full_stop_after_bulganin_is_punctuation_not_editorial(seed_apparatus) -> None:
    entry = find(seed_apparatus, "B", "т. Булганину.")
    assert entry.reading("A").text == "т.Булганину"
    assert entry.category == "accidental"
