"""The library (issue 11): writes reports, shows short reprs, says "missing" one way, fails loudly."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import collate as collate_module
from collate import collate
from collate.cli import app
from collate.errors import CollateError
from collate.reporters import FORMATS, write_reports

from .conftest import SEED


@pytest.fixture(scope="module")
def pair():
    return collate({"A": "the black cat sat", "B": "the cat sat down"})


def test_write_takes_a_format_name_or_a_list(tmp_path: Path, pair) -> None:
    # write_reports(app, dir, "html") used to raise KeyError 'h': the string was read letter by letter.
    assert [p.name for p in write_reports(pair, tmp_path / "one", "html")] == ["apparatus.html"]
    written = pair.write(tmp_path / "two", formats=["json", "csv"])
    assert [p.name for p in written] == ["apparatus.json", "apparatus.csv"]
    assert sorted(p.name for p in (tmp_path / "two").iterdir() if not p.name.startswith(".")) == [
        "apparatus.csv",
        "apparatus.json",
    ]
    assert len(pair.write(tmp_path / "all")) == len(FORMATS)
    with pytest.raises(CollateError, match="unknown format 'htm'"):
        pair.write(tmp_path / "bad", formats="htm")


def test_entry_and_reading_have_short_reprs(seed_apparatus) -> None:
    for entry in seed_apparatus.entries:
        assert len(repr(entry)) < 200, repr(entry)
    entry = next(e for e in seed_apparatus.entries if e.lemma.text == "оторвался")
    assert repr(entry) == "<Entry 9 l. 5.10 оторвался A ] оторван B (grammatical)>"
    assert repr(entry.reading("B")) == "<Reading B 'оторван' at 8:51>"
    omitted = next(e for e in seed_apparatus.entries if e.reading("B").empty)
    assert "(nothing)" in repr(omitted.reading("B"))


def test_repr_html_escapes() -> None:
    entry = collate({"A": "a <b>x</b> c", "B": "a c"}).entries[0]
    assert "<b>x" not in entry._repr_html_() and "&lt;b&gt;" in entry._repr_html_()
    assert "&lt;b&gt;" in entry.readings[0]._repr_html_()


def test_a_missing_reading_is_none_nan_or_an_empty_cell(pair, tmp_path: Path) -> None:
    entry = next(e for e in pair.entries if e.reading("B").empty)
    assert entry.texts["B"] is None and entry.texts["A"] == "black"
    frame = pair.to_frame()
    assert math.isnan(frame.loc[entry.n, "B"]) and math.isnan(frame.loc[entry.n, "B_norm"])
    long = pair.to_frame(long=True)
    assert long[(long.n == entry.n) & (long.siglum == "B")]["text"].isna().all()
    assert pair.alignment.to_frame()["B"].isna().sum() == 1
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"].render(pair))))
    assert rows[entry.n - 1]["B"] == ""


def test_to_frame_carries_what_the_csv_carries(seed_apparatus) -> None:
    frame = seed_apparatus.to_frame()
    header = next(csv.reader(io.StringIO(FORMATS["csv"].render(seed_apparatus))))
    missing = {h for h in header if not h.endswith("_location")} - {"n"} - set(frame.columns)
    assert not missing
    assert {"note", "A_norm", "B_norm", "A_start", "B_end"} <= set(frame.columns)
    assert frame.loc[9, "apparatus"] == "оторвался A ] оторван B (grammatical)"


def test_the_long_frame_has_a_row_per_reading(seed_apparatus) -> None:
    long = seed_apparatus.to_frame(long=True)
    assert len(long) == len(seed_apparatus.entries) * len(seed_apparatus.sigla)
    by_type = long[long.lemma].groupby("type").size()
    assert by_type.sum() == len(seed_apparatus.entries)


def test_library_errors_name_arguments_and_the_command_line_its_options(tmp_path: Path) -> None:
    with pytest.raises(CollateError) as caught:
        collate({"A": "один", "B": "два"}, base="Z")
    assert str(caught.value).startswith("base='Z' is not a siglum")
    with pytest.raises(CollateError) as caught:
        collate(SEED, tei_choice="both")
    assert str(caught.value).startswith("tei_choice= must be one of")
    result = CliRunner().invoke(app, ["report", str(SEED), "--base", "Z", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 2
    assert "collate: --base 'Z' is not a siglum" in result.output


def test_dir_shows_the_public_api_only() -> None:
    names = dir(collate_module)
    assert "collate" in names and "Apparatus" in names
    assert not {"Mapping", "Path", "annotations", "Sequence"} & set(names)


# --- the terminal table -----------------------------------------------------------


def _screen(apparatus, width: int, limit: int | None = None) -> str:
    from rich.console import Console

    from collate.reporters.terminal import print_report

    console = Console(width=width, record=True, color_system=None)
    print_report(apparatus, console, limit)
    return console.export_text()


@pytest.mark.parametrize("width", [100, 80])
def test_readings_wrap_at_word_boundaries(seed_apparatus, width: int) -> None:
    # At 80 columns "оторвался" was cut "оторвалс/я".
    screen = _screen(seed_apparatus, width)
    words = {w for e in seed_apparatus.entries for r in e.readings for w in r.text.split()}
    assert "оторвался" in words and "параллели.Китайские" in words
    for word in words:
        assert word in screen, word


def test_narrow_terminals_drop_category_then_type(seed_apparatus) -> None:
    wide, narrow, narrower = (_screen(seed_apparatus, w).split("\n")[3] for w in (100, 80, 60))
    assert "category" in wide and "type" in wide
    assert "category" not in narrow and "type" in narrow
    assert "category" not in narrower and "type" not in narrower


def test_a_cut_table_says_how_many_rows_are_left_out(seed_apparatus) -> None:
    screen = " ".join(_screen(seed_apparatus, 100, limit=5).split())
    left = len(seed_apparatus.entries) - 5
    assert f"{left} more entries not shown in the table: --limit 0 shows all" in screen
    assert "more entries" not in _screen(seed_apparatus, 100, limit=0)
