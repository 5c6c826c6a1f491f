"""Graph benchmarks (issue 15): the variant graph of a 2,000-word six-witness range, drawn and in a page.

    .venv/bin/python benchmarks/bench_graph.py [path/to/darwin-origin-ch1.json]

Text: the shared Darwin corpus (chapter 1 in six editions). The range is the
1859 edition's first 2,000 words, given as ``line.word`` references as
``collate report --range`` takes them (the other editions have what they
have there: later editions are longer). Times are wall-clock seconds of the
measured calls only (collation excluded: it is benchmarks/run.py's business).

1. Graph rendering of the range: the variant graph built, written in dot and
   laid out by Graphviz ``dot`` as SVG. Goal: < 10 s.
2. The whole HTML report with the range drawn (graph, distances, tree):
   its size. Goal: < 5 MB; and the time to render it.
3. The whole chapter (about 15,000 aligned columns, past DRAW_LIMIT): the page
   carries a note instead of a drawing; its size and time.
"""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

from collate import collate, graph
from collate.classify import WORDISH
from collate.reporters import html

HERE = Path(__file__).resolve().parent
DARWIN = HERE.parent.parent / "shared" / "corpora" / "darwin-origin-ch1.json"
WORDS = 2000


def word_range(app, words: int) -> str:
    """The ``line.word-line.word`` range of the base's first ``words`` words."""
    tokens = [t for t in app.witnesses[0].tokens if t.kind in WORDISH]
    refs = graph._refs(app.witnesses[0].tokens)
    by_start = {t.start: ref for t, ref in zip(app.witnesses[0].tokens, refs, strict=True)}
    first, last = by_start[tokens[0].start], by_start[tokens[words - 1].start]
    return f"{first[0]}.{first[1]}-{last[0]}.{last[1]}"


def main(path: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = collate([path], progress=False)
    spec = word_range(app, WORDS)
    columns = graph.columns_of(app, spec)
    alignment = app.alignment.columns[columns[0] : columns[1] + 1]
    counts = [sum(1 for col in alignment if col[w] is not None and col[w].kind in WORDISH) for w in range(6)]
    print(f"range {spec}: aligned columns {columns[0] + 1}-{columns[1] + 1}; words per edition {counts}")

    start = time.perf_counter()
    g = graph.variant_graph(app, columns)
    svg = graph.dot_svg(graph.to_dot(g))
    drawing = time.perf_counter() - start
    if svg is None:
        print("Graphviz dot is not installed: nothing to measure")
        return 1
    print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; SVG {len(svg) / 1e6:.2f} MB")

    ranged = replace(app, options={**app.options, "range": spec})
    start = time.perf_counter()
    page = html.render(ranged)
    page_time = time.perf_counter() - start
    size = len(page.encode("utf-8")) / 1e6

    start = time.perf_counter()
    whole = html.render(app)
    whole_time = time.perf_counter() - start
    whole_size = len(whole.encode("utf-8")) / 1e6
    assert "The variant graph is not drawn" in whole

    rows = [
        (f"1. graph of a {WORDS:,}-word six-witness range: time", f"{drawing:.2f} s", "< 10 s", drawing < 10),
        ("2. HTML with that range drawn: size", f"{size:.2f} MB", "< 5 MB", size < 5),
        ("   ... and its rendering time", f"{page_time:.2f} s", "", None),
        ("3. HTML of the whole chapter (note, no drawing): size", f"{whole_size:.2f} MB", "", None),
        ("   ... and its rendering time", f"{whole_time:.2f} s", "", None),
    ]
    ok = True
    for label, value, goal, passed in rows:
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        ok &= passed is not False
        print(f"{label:58} {value:>9}  {goal:8} {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DARWIN))
