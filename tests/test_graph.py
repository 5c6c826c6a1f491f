"""The variant graph, witness distances and trees (issue 15): GraphML, dot, NEXUS, HTML, corpora."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collate import collate, graph
from collate.errors import CollateError
from collate.reporters import DEFAULT_FORMATS, FORMATS

from .conftest import ROOT, SHARED

CORPORA = SHARED / "corpora" if (SHARED / "corpora").exists() else Path("/work/shared/corpora")
DARWIN = CORPORA / "darwin-origin-ch1.json"
FRANKENSTEIN = CORPORA / "frankenstein" / "C23"
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOT = shutil.which("dot")

THREE = {
    "A": "the black cat sat on the mat",
    "B": "the cat black sat on a mat",
    "C": 'The black cat sat on "the" mat \\ here',
}


@pytest.fixture(scope="module")
def three():
    return collate(THREE)


@pytest.fixture(scope="module")
def darwin():
    if not DARWIN.exists():
        pytest.skip("the Darwin corpus (shared/corpora) is not here")
    return collate([DARWIN], progress=False)


@pytest.fixture(scope="module")
def frankenstein():
    if not FRANKENSTEIN.exists():
        pytest.skip("the Frankenstein corpus (shared/corpora) is not here")
    return collate(FRANKENSTEIN, progress=False)


def paths(g, siglum: str) -> list[str]:
    """The nodes a witness passes through, start to end, following the edges labelled with it."""
    node, seen = "start", ["start"]
    while node != "end":
        (node,) = [
            v
            for _, v, d in g.out_edges(node, data=True)
            if d["type"] == "path" and siglum in d["sigla"].split()
        ]
        seen.append(node)
    return seen


# --- the graph ---------------------------------------------------------------


def test_each_witness_is_one_path_through_every_one_of_its_tokens(three) -> None:
    g = graph.variant_graph(three, join=False)
    for witness in three.witnesses:
        route = paths(g, witness.siglum)
        inner = route[1:-1]
        assert len(inner) == len(witness.tokens)  # one node per token, none dropped, none twice
        assert all(witness.siglum in g.nodes[n]["witnesses"].split() for n in inner)
        ranks = [g.nodes[n]["rank"] for n in route]
        assert ranks == sorted(ranks)
        texts = [
            g.nodes[n]["text"] if g.nodes[n]["witnesses"].split()[0] == witness.siglum else None
            for n in inner
        ]
        mine = [t.text for t in witness.tokens]
        assert all(t is None or t == m for t, m in zip(texts, mine, strict=True))


def test_joined_nodes_keep_text_norm_and_rank() -> None:
    app = collate({"A": "the black cat sat down", "B": "the cat sat down", "C": "The black cat sat down"})
    g = graph.variant_graph(app)
    nodes = {n: d for n, d in g.nodes(data=True) if n not in ("start", "end")}
    shown = [(d["text"], d["norm"], d["witnesses"], d["rank"]) for d in nodes.values()]
    assert shown == [
        ("the", "the", "A B C", 1),
        ("black", "black", "A C", 2),
        ("cat sat down", "cat sat down", "A B C", 3),
    ]
    assert nodes["n0"]["others"] == "C: The"  # C's capital is kept, under the shared normalized form
    assert (nodes["n0"]["entries"], nodes["n1"]["entries"], nodes["n2"]["entries"]) == ("1", "2", "")
    # Each witness's path spells its words.
    for siglum, text in (("A", "the black cat sat down"), ("B", "the cat sat down")):
        assert " ".join(g.nodes[n]["text"] for n in paths(g, siglum)[1:-1]) == text


def test_transpositions_are_links_between_the_moved_words(three) -> None:
    assert [len(e.moves) for e in three.entries if e.moves] == [1]  # B moved a word: both places known
    g = graph.variant_graph(three)
    moved = [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == "transposition"]
    assert moved, "the transposition black cat / cat black is linked"
    for u, v, d in moved:
        assert g.nodes[u]["norm"] == g.nodes[v]["norm"] in ("black", "cat")  # one of the two is matched
        assert d["sigla"] == "B"
        assert "A" in g.nodes[u]["witnesses"].split() and g.nodes[v]["witnesses"] == "B"


def test_graphml_reads_back_with_networkx(three) -> None:
    nx = pytest.importorskip("networkx")
    text = FORMATS["graphml"].render(three)
    back = nx.read_graphml(__import__("io").BytesIO(text.encode("utf-8")))
    g = graph.variant_graph(three)
    assert sorted(back.nodes) == sorted(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    for n, data in g.nodes(data=True):
        assert back.nodes[n]["text"] == data["text"] and back.nodes[n]["norm"] == data["norm"]
        assert back.nodes[n]["rank"] == data["rank"] and isinstance(back.nodes[n]["rank"], int)
    kinds = sorted(d["type"] for _, _, d in back.edges(data=True))
    assert "transposition" in kinds and "path" in kinds


@pytest.mark.skipif(DOT is None, reason="Graphviz is not installed (Debian: apt-get install graphviz)")
def test_dot_is_read_by_graphviz(three) -> None:
    text = FORMATS["dot"].render(three)
    assert 'label="\\""' in text and 'label="\\\\ here"' in text  # C's quote mark and backslash, escaped
    proc = subprocess.run([DOT, "-Tsvg"], input=text.encode(), capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    svg = proc.stdout.decode()
    g = graph.variant_graph(three)
    assert svg.count('class="node"') == g.number_of_nodes()
    assert svg.count('class="edge"') == g.number_of_edges()
    assert (
        ">&quot;</text>" in svg and ">\\ here</text>" in svg and "stroke-dasharray" in svg
    )  # C's text, and the dashed transposition


def test_graph_formats_are_on_request_only() -> None:
    assert {"graphml", "dot", "nexus"} <= set(FORMATS)
    assert not {"graphml", "dot", "nexus"} & set(DEFAULT_FORMATS)  # the seed's report is unchanged


# --- ranges ------------------------------------------------------------------


def test_ranges_are_read_or_refused() -> None:
    assert graph.parse_range("9.1-11.40") == graph.GraphRange("9.1-11.40", (9, 1), (11, 40))
    assert graph.parse_range(" e3 ").entries == (3, 3)
    for bad in ("", "9.x-10", "e5-e2", "e1-9.1"):
        with pytest.raises(CollateError, match=r"^range: "):
            graph.parse_range(bad)


def test_a_range_takes_the_base_texts_words() -> None:
    app = collate(
        {
            "A": "one two three\nfour five six\nseven",
            "B": "one two three\nfour 5 six\nseven",
            "C": "one two\nfour five six\nseven",
        }
    )
    first, last = graph.columns_of(app, "2.1-2.3")
    words = [app.alignment.columns[c][0].text for c in range(first, last + 1)]
    assert words[0] == "four" and words[-1] == "six"
    g = graph.variant_graph(app, (first, last))
    assert g.nodes["start"]["text"] == g.nodes["end"]["text"] == "…"  # the graph goes on either side
    assert {d["text"] for _, d in g.nodes(data=True)} >= {"five", "5"}
    assert "three" not in {d["text"] for _, d in g.nodes(data=True)}
    with pytest.raises(CollateError, match="holds no word of the base A"):
        graph.columns_of(app, "7.1-8.1")
    with pytest.raises(CollateError, match="no entry numbered 9"):
        graph.columns_of(app, "e9")


def test_report_range_writes_the_graph_of_a_stretch(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    for siglum, text in THREE.items():
        (folder / f"{siglum}.txt").write_text(text + "\nand a second line\n", encoding="utf-8")
    out = tmp_path / "out"
    run = [sys.executable, "-m", "collate", "report", str(folder), "-o", str(out), "-q", "-f", "dot,graphml"]
    proc = subprocess.run([*run, "--range", "2.1-2.4"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    dot = (out / "variant-graph.dot").read_text(encoding="utf-8")
    assert "second line" in dot and "black" not in dot
    bad = subprocess.run(
        [*run, "--range", "9.1-9.2", "-o", str(tmp_path / "bad")], capture_output=True, text=True, cwd=ROOT
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert "range: '9.1-9.2' holds no word" in bad.stderr
    assert not (tmp_path / "bad").exists()  # nothing written


# --- distances, trees, NEXUS ---------------------------------------------------


def test_distances_count_the_units_where_two_witnesses_differ() -> None:
    app = collate(graph.CATS)
    frame = app.distances()
    assert list(frame.index) == list(frame.columns) == ["A", "B", "C", "D"]
    assert (frame.to_numpy() == frame.to_numpy().T).all() and (frame.to_numpy().diagonal() == 0).all()
    counts = app.distances(counts=True)
    assert set(counts["units"]) == {4}
    row = counts[(counts["a"] == "A") & (counts["b"] == "D")].iloc[0]
    assert (row["differ"], row["distance"]) == (4, 1.0)
    assert counts["distance"].is_monotonic_increasing
    with pytest.raises(CollateError, match=r"^category: unknown label 'substantial'"):
        app.distances("substantial")


def test_accidental_distances_compare_original_text() -> None:
    app = collate({"A": "the cat sat", "B": "The cat sat", "C": "the dog sat"})
    assert app.distances("accidental").loc["A", "B"] == 1.0
    assert app.distances("substantive").loc["A", "B"] == 0.0
    assert app.distances(None).loc["A", "C"] == 0.5


def test_tree_and_its_drawings() -> None:
    t = collate(graph.CATS).tree()
    assert t.newick() == "(D:0.375,(A:0.3125,(B:0.125,C:0.125):0.1875):0.0625);"
    svg = t.svg()
    assert svg.startswith("<svg") and "url(" not in svg and "http" not in svg and "<style" not in svg
    assert ">B<" in svg or "B</text>" in svg  # labels kept as text
    assert t.svg() == svg  # byte-stable
    money = collate({"$A$": "the black cat sat", "B": "the white cat sat", "C": "the white dog sat"}).tree()
    assert ">$A$</text>" in money.svg()  # shown as written, not as matplotlib's mathtext
    with pytest.raises(CollateError, match=r"^method: unknown tree method 'nj'"):
        collate(graph.CATS).tree(method="nj")


def test_nexus_reads_back_with_a_nexus_reader() -> None:
    nexus = pytest.importorskip("nexus")
    app = collate(graph.CATS | {"E(1)": "the white cat lay on the 'red' mat; near a door"})
    text = FORMATS["nexus"].render(app)
    reader = nexus.NexusReader.from_string(text)
    assert reader.taxa.taxa == ["A", "B", "C", "D", "E(1)"]
    chars = reader.characters
    units = [e for e in app.entries if e.category == "substantive"]
    assert chars.nchar == len(units) and chars.ntaxa == 5
    distances = app.distances()
    sigla = list(app.sigla)
    matrix = {s: chars.matrix[n] for s, n in zip(sigla, reader.taxa.taxa, strict=True)}
    for i, a in enumerate(sigla):
        for b in sigla[i + 1 :]:
            differ = sum(x != y for x, y in zip(matrix[a], matrix[b], strict=True))
            assert differ / len(units) == pytest.approx(distances.loc[a, b])
    for k, entry in enumerate(units):
        assert matrix[entry.base][k] == "0"  # the base's reading is state 0


# --- the corpora's targets ---------------------------------------------------------


def nearest(frame, siglum: str) -> str:
    return frame.loc[siglum].drop(siglum).idxmin()


# Six editions of a chapter Darwin rewrote: the aligner's one warning about the
# stretches no edition shares is expected here, not a fault of the graph.
@pytest.mark.filterwarnings("ignore:aligner:")
def test_darwin_distances_follow_the_history(darwin) -> None:
    frame = darwin.distances()
    editions = list(frame.index)
    assert editions == ["1859", "1860", "1861", "1866", "1869", "1872"]
    for i, edition in enumerate(editions):
        assert nearest(frame, edition) in editions[max(0, i - 1) : i + 2], edition
    from_first = frame.loc["1859"].tolist()
    assert from_first == sorted(from_first) and len(set(from_first)) == 6  # grows with every edition


def test_frankenstein_1818_and_thomas_are_nearest_and_1831_farthest(frankenstein) -> None:
    frame = frankenstein.distances()
    assert nearest(frame, "1818") == "Thomas" and nearest(frame, "Thomas") == "1818"
    printed = frame.loc["1818", ["Thomas", "1823", "1831"]]
    assert printed.idxmax() == "1831"


def _shape(text: str) -> str:
    return re.sub(r"\d+\.\d+", "h", text)


def test_the_readme_prints_both_trees(darwin, frankenstein) -> None:
    # The shape (who joins whom, in what order), not the heights: an aligner change may move a height.
    for app in (darwin, frankenstein):
        assert _shape(app.tree().text()) in _shape(README), app.sigla


# --- the HTML report ------------------------------------------------------------


def test_html_shows_graph_distances_and_tree_for_three_witnesses(three) -> None:
    from collate.reporters import html

    page = html.render(three)
    section = page.split('<section id="graph">', 1)[1].split("</section>", 1)[0]
    assert '<table class="distances">' in section and '<div class="tree"><svg' in section
    if DOT:
        assert (
            '<div class="graph"' in section
            and section.count('class="node"') == graph.variant_graph(three).number_of_nodes()
        )
    # Still one self-contained page.
    assert "http:" not in page and "https:" not in page and "url(" not in page
    assert page.count("<style>") == 1 and page.count("<script>") == 1
    assert '<a href="#graph">' in page


def test_html_has_no_graph_for_two_witnesses(seed_apparatus) -> None:
    from collate.reporters import html

    assert graph.graph_html(seed_apparatus) == ""
    assert 'id="graph"' not in html.render(seed_apparatus)


def test_html_notes_a_graph_too_big_or_without_graphviz(three, monkeypatch) -> None:
    monkeypatch.setattr(graph, "DRAW_LIMIT", 3)
    big = graph.graph_html(three)
    assert "The variant graph is not drawn" in big and "--range" in big and 'class="graph"' not in big
    assert "range e1 (aligned columns" in graph.graph_html(three, "e1")
    monkeypatch.setattr(graph, "DRAW_LIMIT", 10_000)
    monkeypatch.setattr(graph, "DOT_TIMEOUT", 1e-6)
    if DOT:
        slow = graph.graph_html(three)
        assert "not drawn:</strong> Graphviz dot took more than" in slow and "<table" in slow
    monkeypatch.setattr(graph.shutil, "which", lambda name: None)
    none = graph.graph_html(three)
    assert "Graphviz <code>dot</code> is not installed" in none and '<table class="distances">' in none


def test_chromium_draws_the_graph_and_the_tree(three, tmp_path: Path) -> None:
    from collate.reporters import html

    from .test_html import chromium

    if DOT is None:
        pytest.skip("Graphviz is not installed (Debian: apt-get install graphviz)")
    page = tmp_path / "three.html"
    page.write_text(html.render(three), encoding="utf-8")
    dom = chromium(page.as_uri(), tmp_path / "profile", "--dump-dom").stdout
    section = dom.split('<section id="graph">', 1)[1].split("</section>", 1)[0]
    graph_svg, tree_svg = re.findall(r"<svg\b.*?</svg>", section, re.S)
    assert graph_svg.count('class="node"') == graph.variant_graph(three).number_of_nodes()
    assert ">black</text>" in graph_svg and 'stroke-dasharray="5,2"' in graph_svg
    assert all(f">{s}</text>" in tree_svg for s in three.sigla)  # the dendrogram's labels, as text


def test_graphml_of_text_with_characters_xml_forbids_still_parses() -> None:
    # Found by the hostile fuzz: an escape sequence or U+FFFE in a witness went into the GraphML as it was.
    nx = pytest.importorskip("networkx")
    from collate import collate

    app = collate({"A": "один \x1b[41mдва\ufffe три", "B": "один три"}, progress=False)
    text = FORMATS["graphml"].render(app)
    back = nx.read_graphml(__import__("io").BytesIO(text.encode("utf-8")))
    assert any("\ufffd[41mдва" in data["text"] for _, data in back.nodes(data=True))
