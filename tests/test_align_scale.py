"""The anchored aligner (issue 6): complete, ordered, deterministic, and plain CollateX where it can be.

Timing belongs to ``benchmarks/``; these tests check behaviour only.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collate import collate, get_profile, prepare
from collate.align import _key, anchored_columns, collatex_columns
from collate.anchors import (
    MATCH_PAIRS,
    Stretch,
    match_pairs,
    plan,
    positional_columns,
    settle_trivial,
    unique_anchors,
)
from collate.model import Witness

# The module, not the function of the same name that collate/__init__ exports.
align_module = importlib.import_module("collate.align")
anchors_module = importlib.import_module("collate.anchors")

DARWIN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "darwin-origin-ch1.json"
if not DARWIN.exists():  # the shared folder sits beside the repository's clone
    DARWIN = Path("/work/shared/corpora/darwin-origin-ch1.json")


def darwin_paragraphs() -> list[dict[str, str]]:
    """Chapter 1's paragraphs as ``{edition: text}``."""
    if not DARWIN.exists():
        pytest.skip("the Darwin corpus (shared/corpora) is not here")
    data = json.loads(DARWIN.read_text(encoding="utf-8"))
    return [{w["id"]: w["content"] for w in para["witnesses"]} for para in data]


def keys_of(texts: list[str]) -> list[list[str]]:
    """The aligner's keys for texts, as collate prepares them."""
    profile = get_profile("orthographic")
    witnesses = [prepare(Witness(f"W{i}", text), profile) for i, text in enumerate(texts)]
    return [[_key(t) for t in w.tokens if not t.ignorable] for w in witnesses]


def check_complete(columns: list[tuple[int | None, ...]], keys: list[list[str]]) -> None:
    for w, seq in enumerate(keys):
        assert [c[w] for c in columns if c[w] is not None] == list(range(len(seq)))
        assert all(len(c) == len(keys) for c in columns)
    assert all(any(i is not None for i in c) for c in columns)


def pair_set(columns: list[tuple[int | None, ...]]) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    pairs = set()
    for col in columns:
        cells = [(w, i) for w, i in enumerate(col) if i is not None]
        pairs.update((a, b) for k, a in enumerate(cells) for b in cells[k + 1 :])
    return pairs


def w(text: str) -> list[str]:
    """Keys from a space-separated string."""
    return text.split()


# --- the pieces -----------------------------------------------------------


def test_unique_anchors_keep_one_order_and_skip_repeated_tokens() -> None:
    a = w("the cat sat on the mat and the dog")
    b = w("a dog sat on the mat and the cat")
    # "cat" and "dog" are unique in both but cross each other; "the" repeats.
    anchors = unique_anchors([a, b], ((0, len(a)), (0, len(b))))
    words = [a[i] for i, _ in anchors]
    assert words == ["sat", "on", "mat", "and"]
    assert all(a[i] == b[j] for i, j in anchors)


def test_anchors_ignore_witnesses_without_tokens_in_the_stretch() -> None:
    keys = [list("xaby"), [], list("zab")]
    assert unique_anchors(keys, ((0, 4), (0, 0), (0, 3))) == [(1, None, 1), (2, None, 2)]


def test_plan_cuts_at_anchors_and_settles_the_trivial() -> None:
    a = w("one two three four five six seven eight nine ten")
    b = w("one two THREE four five six 7 eight nine ten extra")
    segments, stats = plan([a, b], budget=4)
    # Everything is settled without CollateX: 1-against-1 and one-sided stretches.
    assert not any(isinstance(s, Stretch) for s in segments)
    columns = [c for s in segments for c in s]  # type: ignore[union-attr]
    assert (2, 2) in columns and (6, 6) in columns and (None, 10) in columns
    check_complete(columns, [a, b])
    assert stats.collatex_stretches == 0


def test_trivial_stretches_are_settled_as_collatex_settles_them() -> None:
    cases = [
        [["a"], ["b"], ["a"]],
        [["a"], [], ["b"]],
        [[], ["a", "b", "c"]],
        [["a", "b"], ["a", "b"], ["a", "b"]],
    ]
    for keys in cases:
        ranges = tuple((0, len(k)) for k in keys)
        assert settle_trivial(keys, ranges) == collatex_columns(keys)
    assert settle_trivial([["a", "b"], ["c", "a"]], ((0, 2), (0, 2))) is None


@settings(max_examples=80, deadline=None)
@given(
    keys=st.lists(st.lists(st.integers(0, 3), max_size=6), min_size=2, max_size=4).map(
        lambda seqs: [[f"w{w}-{k}" for k in seq] for w, seq in enumerate(seqs)]
    )
)
def test_witnesses_sharing_no_token_are_settled_as_collatex_places_them(keys: list[list[str]]) -> None:
    ranges = tuple((0, len(k)) for k in keys)
    assert settle_trivial(keys, ranges) == collatex_columns(keys)


def test_a_long_stretch_without_unique_tokens_goes_to_the_progressive_aligner() -> None:
    a = ["x", "y"] * 40
    b = ["y", "x"] * 30 + ["z"]
    assert unique_anchors([a, b], ((0, 80), (0, 61))) == []
    columns, stats = anchored_columns([a, b], jobs=1, budget=10)
    check_complete(columns, [a, b])
    assert stats.large_stretches == 1 and stats.collatex_stretches == 0
    shared = sum(1 for i, j in columns if i is not None and j is not None and a[i] == b[j])
    assert shared == 60  # a longest common subsequence: every x and y of b
    # Nothing in common at all: token by token, as CollateX would (a trivial stretch).
    columns, stats = anchored_columns([["p"] * 30, ["q"] * 20], jobs=1, budget=10)
    assert columns == positional_columns(((0, 30), (0, 20)))
    assert stats.trivial_stretches == 1
    # The first witness shares nothing with the others, which repeat one token:
    # the two that agree are matched, the first stands beside them.
    keys = [["p"] * 30, ["q"] * 20, ["q"] * 25]
    columns, stats = anchored_columns(keys, jobs=1, budget=10)
    check_complete(columns, keys)
    assert sum(1 for c in columns if c[1] is not None and c[2] is not None) == 20
    assert stats.large_stretches == 1


def test_a_text_that_repeats_itself_never_goes_to_collatex_whole() -> None:
    """One phrase 100 times (500 tokens a witness): plain CollateX takes about two minutes.

    The planner sees more candidate matches than MATCH_PAIRS and hands it to the
    progressive aligner, whose longest common subsequence pairs every token the
    witnesses share.
    """
    a = ["абв", "где", ",", "ёжз", "!"] * 100
    b = list(a)
    del b[7]  # one omission near the start shifts the phase of everything after it
    b[300] = "х"
    assert match_pairs([a, b], ((0, len(a)), (0, len(b)))) > MATCH_PAIRS
    columns, stats = anchored_columns([a, b], jobs=1)
    check_complete(columns, [a, b])
    assert stats.collatex_tokens < 50
    shared = sum(1 for i, j in columns if i is not None and j is not None and a[i] == b[j])
    assert shared == len(b) - 1  # every token of b but the substituted one is paired


def test_match_pairs_counts_candidate_matches_between_witnesses() -> None:
    keys = [list("aab"), list("ab"), list("b")]
    # a: 2x1 (w0, w1); b: 1x1 (w0,w1), 1x1 (w0,w2), 1x1 (w1,w2)
    assert match_pairs(keys, ((0, 3), (0, 2), (0, 1))) == 5


# --- equality with plain CollateX -------------------------------------------


SMALL = [
    [w("the black cat"), w("the cat")],
    [w("a b c d"), w("a c b d")],
    [w("a b a"), ["a"]],
    [w("Пекин Совпосол т. Рощину"), w("ПЕКИН СОВПОСОЛ т.Рощину"), w("Пекин Рощину")],
    [[], w("x y")],
]


@pytest.mark.parametrize("keys", SMALL)
def test_small_inputs_are_aligned_exactly_as_plain_collatex(keys: list[list[str]]) -> None:
    columns, stats = anchored_columns(keys, jobs=1)
    assert columns == collatex_columns(keys)
    assert stats.anchors == 0


def test_a_darwin_paragraph_within_the_budget_is_plain_collatex() -> None:
    para = next(p for p in darwin_paragraphs() if len(p) == 6 and len(p["1859"].split()) < 100)
    keys = keys_of([para["1859"], para["1872"]])
    assert sum(map(len, keys)) <= align_module.CX_BUDGET
    columns, _ = anchored_columns(keys, jobs=1)
    assert columns == collatex_columns(keys)


def test_forced_anchoring_changes_nothing_on_a_lightly_revised_paragraph() -> None:
    # Paragraph 13 differs between 1859 and 1872 in a few words only: cutting it
    # at its unique words must give plain CollateX's table.
    para = darwin_paragraphs()[13]
    keys = keys_of([para["1859"], para["1872"]])
    columns, stats = anchored_columns(keys, jobs=1, budget=20)
    assert stats.anchors > 10
    assert columns == collatex_columns(keys)


def test_forced_anchoring_on_six_editions_agrees_with_plain_collatex() -> None:
    para = darwin_paragraphs()[7]  # about 90 words in each of six editions
    keys = keys_of([para[e] for e in ("1859", "1860", "1861", "1866", "1869", "1872")])
    columns, stats = anchored_columns(keys, jobs=1, budget=30)
    check_complete(columns, keys)
    assert stats.anchors > 0
    plain = collatex_columns(keys)
    ours, theirs = pair_set(columns), pair_set(plain)
    assert len(ours & theirs) / len(ours | theirs) >= 0.97


# --- completeness, order, determinism ----------------------------------------

words = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "и", "ё"])


@st.composite
def related_witnesses(draw: st.DrawFn) -> list[list[str]]:
    """2-4 witnesses: copies of a random base with random edits (so anchors exist)."""
    base = draw(st.lists(st.one_of(words, st.integers(0, 60).map(str)), max_size=60))
    out = []
    for _ in range(draw(st.integers(2, 4))):
        seq = list(base)
        for _ in range(draw(st.integers(0, 8))):
            op = draw(st.sampled_from(["sub", "del", "ins"]))
            pos = draw(st.integers(0, max(len(seq) - 1, 0)))
            if op == "ins" or not seq:
                seq.insert(pos, draw(words))
            elif op == "del":
                del seq[pos]
            else:
                seq[pos] = draw(words)
        out.append(seq)
    return out


@pytest.mark.filterwarnings("ignore::collate.errors.CollateWarning")  # last resorts are fine here
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=related_witnesses(), budget=st.integers(2, 12))
def test_every_token_appears_once_in_order(keys: list[list[str]], budget: int) -> None:
    columns, stats = anchored_columns(keys, jobs=1, budget=budget)
    check_complete(columns, keys)
    assert stats.tokens == sum(map(len, keys))


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(st.text(alphabet="абв ёЁ.,[]-\n", max_size=40), min_size=2, max_size=3))
def test_collate_keeps_every_token_of_every_witness(texts: list[str]) -> None:
    texts = [t if t.strip() else "пусто" for t in texts]
    app = collate({f"W{i}": t for i, t in enumerate(texts)})
    for w, witness in enumerate(app.alignment.witnesses):
        cells = [col[w] for col in app.alignment.columns if col[w] is not None]
        assert cells == list(witness.tokens)


def test_collate_refuses_witnesses_with_one_siglum() -> None:
    # Witness objects skip load_witnesses; two alike used to crash the apparatus (IndexError).
    from collate.errors import WitnessError

    with pytest.raises(WitnessError, match="duplicate siglum 'A'"):
        collate([Witness("A", "один два"), Witness("A", "один три")])


def test_results_do_not_depend_on_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    paras = darwin_paragraphs()
    a = " ".join(p["1859"] for p in paras[5:9])
    b = " ".join(p["1872"] for p in paras[5:9])
    keys = keys_of([a, b])
    monkeypatch.setattr(anchors_module, "PARALLEL_TOKENS", 0)
    monkeypatch.setattr(anchors_module, "CHUNK", 2)
    serial, _ = anchored_columns(keys, jobs=1, budget=12)
    parallel, stats = anchored_columns(keys, jobs=2, budget=12)
    assert stats.collatex_stretches > 4
    assert parallel == serial
    check_complete(serial, keys)


def test_jobs_must_be_positive() -> None:
    from collate.errors import AlignmentError

    with pytest.raises(AlignmentError):
        anchored_columns([list("ab" * 200), list("ba" * 200)], jobs=0)


def test_a_medium_darwin_sample_collates_completely_and_like_collatex() -> None:
    paras = [p for p in darwin_paragraphs() if "1859" in p and "1872" in p][:4]
    texts = {"1859": "\n\n".join(p["1859"] for p in paras), "1872": "\n\n".join(p["1872"] for p in paras)}
    app = collate(texts, jobs=1, progress=False)
    for w, witness in enumerate(app.alignment.witnesses):
        assert [c[w] for c in app.alignment.columns if c[w] is not None] == list(witness.tokens)
    table = json.loads(app.alignment.to_json())
    assert table["witnesses"] == ["1859", "1872"]
    assert any(e.reading("1859").text != e.reading("1872").text for e in app.entries)


def test_cli_report_takes_jobs_and_quiet(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from collate.cli import app

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Пекин Совпосол Рощину " * 200, encoding="utf-8")
    b.write_text("Пекин Совпосол Рощину " * 199 + "Пекин Рощину", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["report", str(a), str(b), "-o", str(out), "-f", "json", "-j", "1", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    data = json.loads((out / "apparatus.json").read_text(encoding="utf-8"))
    assert [e["readings"] for e in data["entries"]] == [{"a": "Совпосол", "b": ""}]
    bad = CliRunner().invoke(app, ["report", str(a), str(b), "-o", str(out), "-j", "0"])
    assert bad.exit_code != 0


def test_a_text_repeated_three_times_is_aligned_copy_against_copy() -> None:
    # Three editions one after the other, against three later ones: no token is
    # unique, so the planner pairs tokens occurring equally often, inside runs.
    para = darwin_paragraphs()[13]
    one = keys_of([para["1859"], para["1872"]])
    single, _ = anchored_columns(one, jobs=1)
    keys = [one[0] * 3, one[1] * 3]
    columns, stats = anchored_columns(keys, jobs=1, budget=40)
    check_complete(columns, keys)
    assert stats.anchors > 0

    def matched(cols: list[tuple[int | None, ...]], ks: list[list[str]]) -> int:
        return sum(1 for a, b in cols if a is not None and b is not None and ks[0][a] == ks[1][b])

    assert matched(columns, keys) >= 3 * matched(single, one) - 3
    n0, n1 = len(one[0]), len(one[1])
    assert all(
        a // n0 == b // n1 for a, b in columns if a is not None and b is not None and keys[0][a] == keys[1][b]
    )


def test_a_stretch_without_common_anchors_aligns_the_witnesses_that_agree() -> None:
    # Two editions have a paragraph that the third lacks (it reads something else):
    # no token is common to all three, so the progressive aligner takes the
    # stretch, and matches the two editions as CollateX does.
    para = darwin_paragraphs()[7]
    b, c = keys_of([para["1866"], para["1872"]])
    keys = [["something", "else", "entirely"], b, c]
    budget = len(b) // 2 + 5
    columns, stats = anchored_columns(keys, jobs=1, budget=budget)
    assert stats.anchors == 0 and stats.large_stretches == 1
    check_complete(columns, keys)
    ours = {p for p in pair_set(columns) if p[0][0] > 0}
    theirs = {p for p in pair_set(collatex_columns(keys)) if p[0][0] > 0}
    assert len(ours & theirs) / len(ours | theirs) >= 0.97


def test_progress_bar_only_on_a_terminal_and_never_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    from collate.progress import PROGRESS_CHARS, show_progress

    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert not show_progress(None, 10**7) and not show_progress(True, 10**7)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert show_progress(None, PROGRESS_CHARS) and not show_progress(None, 100)
    assert show_progress(True, 100) and not show_progress(False, 10**7)
