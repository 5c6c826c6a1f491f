"""The aligner seam (issue 10): compact alignment tables for each case, and properties.

Tables are written as CollateX's tests write them (``A: |the|black|cat|``).
Timing belongs to ``benchmarks/``; these tests check behaviour only.
"""

from __future__ import annotations

import random
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collate import collate
from collate.aligners import ALIGNERS, EXACT, Aligner, CollateX, Near, Progressive, get_aligner
from collate.aligners.base import check_complete
from collate.anchors import Anchored
from collate.errors import CollateError, CollateWarning
from collate.progress import RunProgress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic


def table(texts: dict[str, str], **options: object) -> str:
    """The compact alignment table of a collation."""
    return collate(texts, progress=False, **options).alignment.compact()  # type: ignore[arg-type]


def lines(*rows: str) -> str:
    return "\n".join(rows)


# --- CollateX's classic cases, and the seam -------------------------------------------


@pytest.mark.parametrize("aligner", ["anchored", "collatex", "progressive"])
def test_an_omission(aligner: str) -> None:
    assert table({"A": "the black cat", "B": "the cat"}, aligner=aligner) == lines(
        "A: |the|black|cat|",
        "B: |the|     |cat|",
    )


@pytest.mark.parametrize("aligner", ["anchored", "collatex", "progressive"])
def test_a_transposition_is_one_match_and_a_moved_word(aligner: str) -> None:
    app = collate({"A": "the black cat", "B": "the cat black"}, aligner=aligner, progress=False)
    # Which of the two words stays matched is a tie: CollateX keeps "black", the
    # progressive aligner's longest common subsequence "cat".
    moved = "black" if aligner == "progressive" else "cat"
    expected = {
        "cat": lines("A: |the|   |black|cat|", "B: |the|cat|black|   |"),
        "black": lines("A: |the|black|cat|     |", "B: |the|     |cat|black|"),
    }
    assert app.alignment.compact() == expected[moved]
    [entry] = app.entries
    assert entry.type == "transposition" and entry.moves[0].text == moved


def test_near_matching_puts_this_against_that() -> None:
    # CollateX's classic: exactly, "this" would stand against "there".
    assert table({"A": "over this dog", "B": "over there that dog"}) == lines(
        "A: |over|this |    |dog|",
        "B: |over|there|that|dog|",
    )
    assert table({"A": "over this dog", "B": "over there that dog"}, near=True) == lines(
        "A: |over|     |this|dog|",
        "B: |over|there|that|dog|",
    )


@pytest.mark.parametrize("aligner", ["anchored", "collatex", "progressive"])
def test_near_matching_goes_through_every_aligner(aligner: str) -> None:
    assert table(
        {"A": "we sailed to τηβεριαδος at dawn", "B": "we sailed at once to τιβεριαδος"},
        aligner=aligner,
        near=True,
    ) == lines(
        "A: |we|sailed|  |    |to|τηβεριαδος|at|dawn|",
        "B: |we|sailed|at|once|to|τιβεριαδος|  |    |",
    )


def test_a_near_matched_word_is_a_spelling_variant() -> None:
    from dataclasses import replace

    from collate.apparatus import _retype

    # Whatever the language's classifier makes of a pair, an entry it calls lexical
    # whose words near-matched at 0.7 or more is a spelling variant.
    found = collate({"A": "I recieve it", "B": "I receive it"}, near=True, progress=False).entries[0]
    lexical = replace(found, type="lexical", types=("lexical",), category="substantive", note="")
    near = _retype(lexical, Near())
    assert near.type == "orthographic" and "near match: receive ~ recieve (0.71)" in near.note
    assert _retype(lexical, EXACT).type == "lexical"  # exact matching: the classifier's type stands
    # this/that (0.5) are near enough to be placed together, not to be one word spelled otherwise.
    this = collate({"A": "over this dog", "B": "over that dog"}, near=True, progress=False).entries[0]
    assert this.type == "lexical"


def test_a_new_aligner_is_one_class() -> None:
    class Positional:
        """Token i of every witness in column i."""

        name = "positional"

        def align(self, keys, comparator):  # type: ignore[no-untyped-def]
            width = max(map(len, keys))
            return [tuple(i if i < len(k) else None for k in keys) for i in range(width)]

    assert isinstance(Positional(), Aligner)
    assert table({"A": "a b c", "B": "a c"}, aligner=Positional()) == lines("A: |a|b|c|", "B: |a|c| |")
    # ... and anchoring wraps it like any other.
    keys = [list("abcxdef"), list("abcdef")]
    assert Positional().align(keys, EXACT)[3] == (3, 3)
    anchored = Anchored(inner=Positional(), budget=4).align(keys, EXACT)
    assert anchored[3] == (3, None) and anchored[4] == (4, 3)


def test_bad_aligner_and_near_name_the_argument() -> None:
    with pytest.raises(CollateError, match="aligner=: unknown aligner 'fast'"):
        collate({"A": "a", "B": "b"}, aligner="fast")
    with pytest.raises(CollateError, match="near="):
        collate({"A": "a", "B": "b"}, near=1.5)
    assert set(ALIGNERS) == {"anchored", "collatex", "progressive"}
    assert get_aligner("collatex") == CollateX()


# --- many witnesses, one that differs --------------------------------------------------


def test_one_diverging_witness_does_not_spoil_the_others() -> None:
    # The anchors need not be in every witness: D shares nothing, A-C still align word for word.
    base = "it was on a dreary night of november that I beheld the accomplishment of my toils"
    texts = {
        "A": base,
        "B": base.replace("dreary", "dark"),
        "C": base.replace("my toils", "my toil"),
        "D": "ink blot here",
    }
    for aligner in ("anchored", "progressive"):
        app = collate(texts, aligner=aligner, progress=False)
        assert app.alignment.compact().splitlines()[:3] == [
            "A: |it |was |on  |a|dreary|night|of|november|that|I|beheld|the|accomplishment|of|my|toils|",
            "B: |it |was |on  |a|dark  |night|of|november|that|I|beheld|the|accomplishment|of|my|toils|",
            "C: |it |was |on  |a|dreary|night|of|november|that|I|beheld|the|accomplishment|of|my|toil |",
        ]


def test_many_witnesses_of_a_short_unit_keep_their_columns() -> None:
    gen = synthetic.generate(40, 20, changes=2, seed=3)
    app = collate(gen.as_texts(), progress=False)
    index = [{id(t): i for i, t in enumerate(w.tokens)} for w in app.alignment.witnesses]
    columns = [
        tuple(index[w][id(t)] if t is not None else None for w, t in enumerate(c)) for c in app.alignment
    ]
    assert synthetic.right_share(gen, columns) >= 0.99


def test_a_stretch_sharing_nothing_is_one_entry_and_one_warning() -> None:
    one = " ".join(f"alpha{i}" for i in range(15))
    two = " ".join(f"beta{i}" for i in range(15))
    three = " ".join(f"gamma{i}" for i in range(15))
    texts = {"A": f"start {one} middle {one} end", "B": f"start {two} middle {three} end"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = collate(texts, progress=False)
    aligner = [str(w.message) for w in caught if issubclass(w.category, CollateWarning)]
    assert len(aligner) == 1 and aligner[0].startswith("aligner: 2 stretches")
    assert [e.type for e in app.entries] == ["rewrite", "rewrite"]


# --- entries with N witnesses ------------------------------------------------------------


def test_an_omission_does_not_swallow_the_others_variants() -> None:
    passage = "the puerile fancies of a dreaming boy were all my study then"
    texts = {
        "A": f"I began. {passage}. I ended.",
        "B": f"I began. {passage.replace('puerile', 'infantile')}. I ended.",
        "C": "I began. I ended.",
    }
    app = collate(texts, progress=False)
    readings = [(e.reading("A").text, e.reading("B").text, e.reading("C").text) for e in app.entries]
    rest = "fancies of a dreaming boy were all my study then"
    assert readings == [
        ("began.", "began.", "began"),
        ("the", "the", ""),
        ("puerile", "infantile", ""),  # B's variant has an entry of its own
        (rest, rest, ""),
    ]
    assert [e.type for e in app.entries] == ["punctuation", "omission", "lexical", "omission"]


def test_ampersand_is_the_word_and() -> None:
    app = collate({"MS": "Elizabeth & I", "1818": "Elizabeth and I"}, progress=False)
    assert app.alignment.compact() == lines("MS: |Elizabeth|&  |I|", "1818: |Elizabeth|and|I|")
    [entry] = app.entries
    assert entry.category == "accidental" and entry.rules == ("ampersand",)


# --- order independence and completeness ------------------------------------------------


def column_sets(app):  # type: ignore[no-untyped-def]
    sigla = app.alignment.sigla
    return [
        frozenset((sigla[w], t.start) for w, t in enumerate(col) if t is not None) for col in app.alignment
    ]


@pytest.mark.parametrize("aligner", ["anchored", "progressive"])
def test_the_same_witnesses_in_any_order_give_the_same_columns(aligner: str) -> None:
    gen = synthetic.generate(12, 30, changes=3, seed=5)
    items = list(gen.as_texts().items())
    first = collate(dict(items), aligner=aligner, progress=False)
    for seed in range(3):
        random.Random(seed).shuffle(items)
        again = collate(dict(items), aligner=aligner, progress=False)
        assert column_sets(again) == column_sets(first)


words = st.sampled_from(["a", "b", "c", "d", "e", "the", "cat", "cot"])


@st.composite
def witness_keys(draw: st.DrawFn) -> list[list[str]]:
    """2-10 witnesses: edited copies of a base, and sometimes an unrelated one or an empty one."""
    base = draw(st.lists(words, max_size=15))
    out = []
    for _ in range(draw(st.integers(2, 10))):
        kind = draw(st.sampled_from(["copy", "copy", "copy", "other", "empty"]))
        if kind == "empty":
            out.append([])
        elif kind == "other":
            out.append(draw(st.lists(words, max_size=8)))
        else:
            seq = list(base)
            for _ in range(draw(st.integers(0, 4))):
                pos = draw(st.integers(0, len(seq)))
                if draw(st.booleans()) or not seq:
                    seq.insert(pos, draw(words))
                else:
                    del seq[min(pos, len(seq) - 1)]
            out.append(seq)
    return out


ALL = [Anchored(), Anchored(budget=6), Progressive(), Anchored(inner=Progressive())]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=witness_keys(), which=st.integers(0, len(ALL) - 1), near=st.booleans())
def test_every_token_of_every_witness_appears_once_in_order(
    keys: list[list[str]], which: int, near: bool
) -> None:
    columns = ALL[which].align(keys, Near() if near else EXACT)
    check_complete(columns, [len(k) for k in keys])
    assert all(len(c) == len(keys) and any(i is not None for i in c) for c in columns)


# --- one progress bar for the whole run ---------------------------------------------------


class Recorder(RunProgress):
    """A RunProgress that remembers every value it was set to, and the stage it was in."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, float]] = []

    def _set(self, value: float, description: str | None = None) -> None:
        super()._set(value, description)
        self.seen.append((self.stage_name, value))


def test_the_progress_bar_covers_every_stage_in_order(tmp_path: Path) -> None:
    run = Recorder()
    collate({"A": "the black cat sat", "B": "the cat sat down", "C": "a black cat"}, progress=run)
    stages = list(dict.fromkeys(name for name, _ in run.seen))
    assert stages == ["reading", "normalizing", "aligning", "classifying"]
    values = [v for _, v in run.seen]
    assert values == sorted(values) and values[-1] == 95.0  # writing is the caller's (the CLI's)


def test_the_report_command_writes_under_the_same_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    from typer.testing import CliRunner

    import collate.cli as cli

    run = Recorder()
    monkeypatch.setattr(cli, "run_progress", lambda show: contextlib.nullcontext(run))
    (tmp_path / "a.txt").write_text("the black cat", encoding="utf-8")
    (tmp_path / "b.txt").write_text("the cat", encoding="utf-8")
    result = CliRunner().invoke(
        cli.app,
        ["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "out"), "-q"],
    )
    assert result.exit_code == 0, result.output
    assert [name for name, _ in run.seen][-1] == "writing" and run.seen[-1][1] == 100.0
