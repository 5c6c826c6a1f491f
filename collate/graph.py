"""See the tradition: the variant graph of an alignment, witness distances and a tree.

The **variant graph** (CollateX's signature output) has a node per reading
that a set of witnesses share at a place and an edge per step of a witness's
text, labelled with the sigla that take it. Each witness is one path from
``start`` to ``end``; where the witnesses agree the paths run through the same
nodes, where they differ they branch and rejoin. A run of nodes that the same
witnesses share, with no branch between, is joined into one node (CollateX's
"joined" graph). Every node keeps its original ``text`` (the first of its
witnesses'; ``others`` lists the witnesses whose original text differs), its
normalized form ``norm`` and its ``rank`` (the aligned column it starts at,
1-based; ``start`` is 0). Transpositions are extra undirected links of type
``transposition`` (dashed in a drawing) between the moved words' nodes.

>>> from collate import collate
>>> app = collate({"A": "the black cat", "B": "the cat", "C": "The black cat"})
>>> g = variant_graph(app)
>>> [(g.nodes[n]["text"], g.nodes[n]["witnesses"]) for n in g if n not in ("start", "end")]
[('the', 'A B C'), ('black', 'A C'), ('cat', 'A B C')]
>>> sorted((g.nodes[u]["text"], g.nodes[v]["text"], d["sigla"]) for u, v, d in g.edges(data=True))
[('', 'the', 'A B C'), ('black', 'cat', 'A C'), ('cat', '', 'A B C'), ('the', 'black', 'A C'), ('the', 'cat', 'B')]
>>> g.nodes["n0"]["others"]
'C: The'

**Distances**: the share of variation units (apparatus entries) where two
witnesses read differently (:func:`distances`); a **tree** clusters the
witnesses by them (UPGMA, with scipy; :func:`tree`). :func:`to_nexus` writes
the same variation units as a NEXUS character matrix for phylogenetic
software.

A book's graph is too big to draw legibly: :func:`parse_range` and
:func:`columns_of` pick the graph of a stretch of the base text
(``9.1-11.40``: line 9 word 1 to line 11 word 40) or of an entry's
neighbourhood (``e12``, ``e12-e15``).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .classify import WORDISH, words
from .errors import CollateError
from .model import Alignment, Entry, Token
from .typology import Category, VariantType, category_of, check_labels, matches

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from matplotlib.figure import Figure

    from .apparatus import Apparatus

__all__ = [
    "CONTEXT",
    "DRAW_LIMIT",
    "GraphRange",
    "Tree",
    "columns_of",
    "distance_figure",
    "distances",
    "dot_svg",
    "graph_html",
    "parse_range",
    "report_columns",
    "to_dot",
    "to_graphml",
    "to_nexus",
    "tree",
    "variant_graph",
]

#: Aligned columns drawn around an entry when a range names only entries (``e12``).
CONTEXT = 8
#: At most this many aligned columns are drawn in the HTML report (about 2,000 words of six
#: witnesses): benchmarks/bench_graph.py lays out Darwin's first 2,000 words in six editions
#: (3,319 columns, 530 nodes) with Graphviz dot in 3.7-4.5 s on a loaded 2-core machine, and the
#: page weighs 3.7 MB. Graphviz's time grows faster than the graph (4,200 columns: 5.7 s for dot
#: alone). A longer text gets a note instead, naming ``--range``.
DRAW_LIMIT = 3500
#: Seconds that Graphviz ``dot`` may take before the drawing is given up (with a note).
DOT_TIMEOUT = 60
#: A drawn node shows at most this many lines of this many characters (the data keeps all).
LABEL_WIDTH, LABEL_LINES = 28, 4

_REF = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s*$")
_ENTRY = re.compile(r"^\s*[eE](\d+)\s*$")


# --- ranges ------------------------------------------------------------------


@dataclass(frozen=True)
class GraphRange:
    """A stretch of the text to draw: base-text references (``line``, ``word``) or entry numbers.

    >>> parse_range("9.1-11.40")
    GraphRange(spec='9.1-11.40', start=(9, 1), end=(11, 40), entries=None)
    >>> parse_range("e12").entries, parse_range("e12-e15").entries
    ((12, 12), (12, 15))
    """

    spec: str
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None
    entries: tuple[int, int] | None = None


def parse_range(spec: str, argument: str = "range") -> GraphRange:
    """Read a range: ``LINE.WORD-LINE.WORD`` (or ``LINE-LINE``) of the base text, ``eN`` or ``eN-eM``.

    Raises :class:`~collate.errors.CollateError` naming ``argument`` when the
    range cannot be read or runs backwards.

    >>> parse_range("3-4").start, parse_range("3-4").end
    ((3, 1), (4, 1000000))
    >>> parse_range("11.40-9.1")
    Traceback (most recent call last):
    ...
    collate.errors.CollateError: range: '11.40-9.1' runs backwards
    """
    if not isinstance(spec, str) or not spec.strip():
        raise CollateError(f"{argument}: empty range (expected LINE.WORD-LINE.WORD or eN-eM)")
    first, _, last = spec.strip().partition("-")
    last = last or first
    e1, e2 = _ENTRY.match(first), _ENTRY.match(last)
    if e1 and e2:
        lo, hi = int(e1.group(1)), int(e2.group(1))
        if hi < lo:
            raise CollateError(f"{argument}: {spec!r} runs backwards")
        return GraphRange(spec.strip(), entries=(lo, hi))
    r1, r2 = _REF.match(first), _REF.match(last)
    if not (r1 and r2):
        raise CollateError(
            f"{argument}: cannot read {spec!r} (expected LINE.WORD-LINE.WORD, LINE-LINE, eN or eN-eM)"
        )
    start = (int(r1.group(1)), int(r1.group(2) or 1))
    end = (int(r2.group(1)), int(r2.group(2) or 1_000_000))
    if end < start:
        raise CollateError(f"{argument}: {spec!r} runs backwards")
    return GraphRange(spec.strip(), start=start, end=end)


def _running(apparatus: Apparatus) -> str:
    """The witness whose references a range uses: the base, or the first witness for a majority text."""
    return apparatus.base if apparatus.base in apparatus.sigla else apparatus.sigla[0]


def _refs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """``(line, word)`` of each token, as apparatus references count them (a mark takes its word's)."""
    refs = []
    line, count = 0, 0
    for token in tokens:
        if token.line != line:
            line, count = token.line, 0
        if token.kind in WORDISH:
            count += 1
        refs.append((token.line, max(count, 1)))
    return refs


def columns_of(apparatus: Apparatus, where: GraphRange | str, context: int = CONTEXT) -> tuple[int, int]:
    """The aligned columns ``(first, last)`` (0-based, inclusive) of a range.

    References are the base witness's (``line.word``, as in the apparatus);
    an entry range takes ``context`` columns on each side. Raises
    :class:`~collate.errors.CollateError` (``range: ...``) when nothing of the
    text falls in it.
    """
    rng = parse_range(where) if isinstance(where, str) else where
    total = len(apparatus.alignment)
    if rng.entries is not None:
        lo, hi = rng.entries
        found = [e for e in apparatus.entries if lo <= e.n <= hi]
        if not found:
            raise CollateError(f"range: no entry numbered {lo}-{hi} (entries: {_numbers(apparatus)})")
        first = min(e.columns[0] for e in found)
        last = max(e.columns[1] for e in found)
        return max(0, first - context), min(total - 1, last + context)
    w = apparatus.sigla.index(_running(apparatus))
    columns = [c for c, col in enumerate(apparatus.alignment.columns) if col[w] is not None]
    refs = _refs([apparatus.alignment.columns[c][w] for c in columns])  # type: ignore[misc]
    inside = [c for c, ref in zip(columns, refs, strict=True) if rng.start <= ref <= rng.end]  # type: ignore[operator]
    if not inside:
        last_ref = f"{refs[-1][0]}.{refs[-1][1]}" if refs else "nothing"
        raise CollateError(
            f"range: {rng.spec!r} holds no word of the base {_running(apparatus)} (its text runs 1.1-{last_ref})"
        )
    first, last = inside[0], inside[-1]
    # Columns where the base has nothing but another witness has words, at the edges of the range, belong
    # to it: an addition right after the last word is part of what the range shows.
    while last + 1 < total and apparatus.alignment.columns[last + 1][w] is None:
        last += 1
    return first, last


def report_columns(apparatus: Apparatus) -> tuple[int, int] | None:
    """The columns of the range a report was asked for (``apparatus.options["range"]``), None for all."""
    where = apparatus.options.get("range")
    return columns_of(apparatus, where) if where is not None else None


def _numbers(apparatus: Apparatus) -> str:
    return f"1-{apparatus.entries[-1].n}" if apparatus.entries else "none"


# --- the variant graph -------------------------------------------------------


def _key(token: Token) -> str:
    """What makes two tokens of a column one reading: the normalized form (the text, if it has none)."""
    return token.norm if token.norm else "\x00" + token.text


def variant_graph(
    apparatus: Apparatus, columns: tuple[int, int] | None = None, *, join: bool = True
) -> nx.MultiDiGraph:
    """The variant graph of ``apparatus``'s alignment (or of the aligned ``columns`` first..last).

    Nodes ``start``, ``end`` and ``n0``, ``n1``, ... in rank order, with the
    attributes ``text``, ``norm``, ``others``, ``witnesses`` (sigla, space-
    separated), ``rank``, ``last_rank`` and ``entries`` (the numbers of the
    apparatus entries the node falls in). Edges: ``type`` (``path`` or
    ``transposition``) and ``sigla``. ``join=False`` keeps one node per
    reading per column. The graph's own attributes name the witnesses and the
    columns drawn.
    """
    import networkx as nx

    alignment = apparatus.alignment
    total = len(alignment)
    first, last = columns if columns is not None else (0, total - 1)
    if total and not (0 <= first <= last < total):
        raise CollateError(f"columns: ({first}, {last}) is outside the alignment's 0-{total - 1}")
    sigla = alignment.sigla
    nw = len(sigla)

    # One node per reading per column: (column, witnesses, their tokens).
    node_column: list[int] = []
    node_witnesses: list[tuple[int, ...]] = []
    node_tokens: list[dict[int, list[Token]]] = []
    node_of: dict[tuple[int, int], int] = {}
    for c in range(first, last + 1) if total else ():
        groups: dict[str, list[int]] = {}
        col = alignment.columns[c]
        for w in range(nw):
            token = col[w]
            if token is not None:
                groups.setdefault(_key(token), []).append(w)
        for members in groups.values():
            node = len(node_column)
            node_column.append(c)
            node_witnesses.append(tuple(members))
            node_tokens.append({w: [col[w]] for w in members})  # type: ignore[list-item]
            for w in members:
                node_of[(w, c)] = node

    # Each witness's path through them.
    START, END = -1, -2
    edges: dict[tuple[int, int], set[int]] = {}
    for w in range(nw):
        prev = START
        for c in range(first, last + 1) if total else ():
            node = node_of.get((w, c))
            if node is not None:
                edges.setdefault((prev, node), set()).add(w)
                prev = node
        edges.setdefault((prev, END), set()).add(w)

    # Join a node into the one before when it is that node's only successor, that node is its only
    # predecessor, and the same witnesses go through both: nothing branches between them.
    rep = list(range(len(node_column)))
    if join:
        outs: dict[int, list[int]] = {}
        ins: dict[int, list[int]] = {}
        for u, v in edges:
            outs.setdefault(u, []).append(v)
            ins.setdefault(v, []).append(u)
        for node in range(len(node_column)):  # in column order, so a chain joins into its first node
            preds = ins.get(node, [])
            if len(preds) != 1 or preds[0] < 0:
                continue
            u = preds[0]
            if len(outs.get(u, [])) == 1 and node_witnesses[u] == node_witnesses[node]:
                head = rep[u]
                rep[node] = head
                for w, tokens in node_tokens[node].items():
                    node_tokens[head][w].extend(tokens)

    heads = [n for n in range(len(node_column)) if rep[n] == n]
    name = {START: "start", END: "end"} | {n: f"n{i}" for i, n in enumerate(heads)}
    last_column = {n: node_column[n] for n in heads}
    for n in range(len(node_column)):
        last_column[rep[n]] = max(last_column[rep[n]], node_column[n])

    graph = nx.MultiDiGraph(
        sigla=" ".join(sigla),
        columns=f"{first + 1}-{last + 1}" if total else "",
        whole="yes" if (first, last) == (0, total - 1) or not total else "no",
    )
    start_text = "…" if first > 0 else ""
    graph.add_node(
        "start",
        text=start_text,
        norm="",
        others="",
        witnesses=" ".join(sigla),
        rank=first,
        last_rank=first,
        entries="",
    )
    entry_at: dict[int, int] = {}  # column -> the number of the entry it belongs to (entries never overlap)
    for e in apparatus.entries:
        if e.columns[1] >= first and e.columns[0] <= last:
            entry_at.update(dict.fromkeys(range(e.columns[0], e.columns[1] + 1), e.n))
    for n in heads:
        members = node_witnesses[n]
        texts = {w: _joined(node_tokens[n][w]) for w in members}
        main = texts[members[0]]
        lo, hi = node_column[n], last_column[n]
        graph.add_node(
            name[n],
            text=main,
            norm=" ".join(t.norm for t in node_tokens[n][members[0]] if t.norm),
            others="; ".join(f"{sigla[w]}: {t}" for w, t in texts.items() if t != main),
            witnesses=" ".join(sigla[w] for w in members),
            rank=lo + 1,
            last_rank=hi + 1,
            entries=" ".join(
                str(k) for k in dict.fromkeys(entry_at[c] for c in range(lo, hi + 1) if c in entry_at)
            ),
        )
    end_rank = last + 2 if total else 1
    graph.add_node(
        "end",
        text="…" if last < total - 1 else "",
        norm="",
        others="",
        witnesses=" ".join(sigla),
        rank=end_rank,
        last_rank=end_rank,
        entries="",
    )
    for (u, v), ws in sorted(edges.items(), key=lambda kv: (_order(kv[0][0]), _order(kv[0][1]))):
        a, b = name[rep[u]] if u >= 0 else name[u], name[rep[v]] if v >= 0 else name[v]
        if a == b:
            continue  # joined into one node
        graph.add_edge(a, b, type="path", sigla=" ".join(sigla[w] for w in sorted(ws)))
    for a, b, siglum, n in _transpositions(apparatus, first, last):
        na, nb = node_of.get(a), node_of.get(b)
        if na is None or nb is None:
            continue
        graph.add_edge(name[rep[na]], name[rep[nb]], type="transposition", sigla=siglum, entries=str(n))
    return graph


def _order(node: int) -> float:
    return {-1: -1.0, -2: float("inf")}.get(node, float(node))


def _joined(tokens: Sequence[Token]) -> str:
    return ("".join(t.text + t.ws for t in tokens[:-1]) + tokens[-1].text) if tokens else ""


def _transpositions(
    apparatus: Apparatus, first: int, last: int
) -> list[tuple[tuple[int, int], tuple[int, int], str, int]]:
    """Links between the moved words of each transposition in columns first..last.

    Each is ``((base witness, column), (witness, column), siglum, entry)``: the
    base's word and the same word where the moving witness has it. An entry's
    ``moves`` name both places; a ``transposition`` entry without them (an
    omission and an addition a few entries apart, each marked) is paired here
    as :func:`collate.apparatus._mark_transpositions` paired it.
    """
    links = []
    for entry in apparatus.entries:
        if entry.moves and first <= entry.columns[0] and entry.columns[1] <= last:
            links.extend(_move_links(apparatus, entry))
    return links + _marked_pairs(apparatus, first, last)


def _move_links(
    apparatus: Apparatus, entry: Entry
) -> list[tuple[tuple[int, int], tuple[int, int], str, int]]:
    """The links of one transposition entry's ``moves``: each base word to the same word moved."""
    sigla = apparatus.sigla
    base = sigla.index(entry.base)
    links = []
    for move in entry.moves:
        w = sigla.index(move.siglum)
        here = _word_columns(
            apparatus.alignment, base, entry, move.base_location.start, move.base_location.end
        )
        there = _word_columns(apparatus.alignment, w, entry, move.location.start, move.location.end)
        unused = list(there)
        for c in here:
            norm = apparatus.alignment.columns[c][base].norm  # type: ignore[union-attr]
            match = next((d for d in unused if apparatus.alignment.columns[d][w].norm == norm), None)  # type: ignore[union-attr]
            if match is not None and match != c:
                unused.remove(match)
                links.append(((base, c), (w, match), move.siglum, entry.n))
    return links


def _marked_pairs(
    apparatus: Apparatus, first: int, last: int
) -> list[tuple[tuple[int, int], tuple[int, int], str, int]]:
    """Links of transposition entries without ``moves``: an omission paired with the addition nearby."""
    from .apparatus import TRANSPOSITION_COLUMNS, TRANSPOSITION_WINDOW

    entries = [e for e in apparatus.entries if VariantType.TRANSPOSITION in e.types and not e.moves]
    sigla = apparatus.sigla
    links = []
    for i, entry in enumerate(entries):
        if not (first <= entry.columns[0] and entry.columns[1] <= last):
            continue
        moved = Counter(words(entry.lemma.tokens))
        if not moved:
            continue
        base_w = sigla.index(entry.base)
        for reading in entry.readings:
            if reading.siglum == entry.base or words(reading.tokens):
                continue
            for other in entries[max(0, i - TRANSPOSITION_WINDOW) : i + TRANSPOSITION_WINDOW + 1]:
                if other is entry or other.base != entry.base or words(other.lemma.tokens):
                    continue
                if not (first <= other.columns[0] and other.columns[1] <= last):
                    continue
                gap = max(other.columns[0] - entry.columns[1], entry.columns[0] - other.columns[1])
                theirs = other.reading(reading.siglum)
                if gap > TRANSPOSITION_COLUMNS or Counter(words(theirs.tokens)) != moved:
                    continue
                w = sigla.index(reading.siglum)
                here = _word_columns(apparatus.alignment, base_w, entry)
                there = _word_columns(apparatus.alignment, w, other)
                for a, b in zip(here, there, strict=False):
                    links.append(((base_w, a), (w, b), reading.siglum, entry.n))
                break
    return links


def _word_columns(
    alignment: Alignment, w: int, entry: Entry, start: int = 0, end: int | None = None
) -> list[int]:
    """The columns of witness ``w``'s words in ``entry`` (those between text offsets ``start`` and ``end``)."""
    lo, hi = entry.columns
    return [
        c
        for c in range(lo, hi + 1)
        if (t := alignment.columns[c][w]) is not None
        and t.kind in WORDISH
        and t.norm
        and start <= t.start
        and (end is None or t.end <= end)
    ]


# --- GraphML and dot ---------------------------------------------------------


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """The graph as GraphML (networkx's writer: Gephi, Cytoscape, yEd and networkx read it)."""
    from networkx.readwrite.graphml import GraphMLWriter

    from .reporters.escape import xml_text

    # Witness text may hold characters XML 1.0 forbids (an escape sequence, U+FFFE): the
    # writer would put them in the file as they are, and no reader would parse it.
    graph = graph.copy()
    for _, data in graph.nodes(data=True):
        data.update({k: xml_text(v) for k, v in data.items() if isinstance(v, str)})
    for *_, data in graph.edges(keys=True, data=True):
        data.update({k: xml_text(v) for k, v in data.items() if isinstance(v, str)})
    graph.graph.update({k: xml_text(v) for k, v in graph.graph.items() if isinstance(v, str)})
    # Dumped as UTF-8 bytes: networkx's generate_graphml writes every letter outside ASCII as &#NNNN;.
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graph)
    out = io.BytesIO()
    writer.dump(out)
    return out.getvalue().decode("utf-8")


def _dot_string(text: str) -> str:
    """A double-quoted dot string: backslashes and quotes escaped, line breaks as dot's ``\\n``."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


def _label(text: str) -> str:
    """A node's drawn text: wrapped, and cut in the middle when long (the data keeps it whole)."""
    flat = " ".join(text.split())
    lines = textwrap.wrap(flat, LABEL_WIDTH, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        half = LABEL_LINES // 2
        lines = [*lines[:half], "…", *lines[-half:]]
    return "\n".join(lines)


def to_dot(graph: nx.MultiDiGraph) -> str:
    """The graph in Graphviz's dot language, laid out left to right.

    Nodes are boxes with their text (grey where every witness reads them);
    an edge is labelled with its sigla unless every witness takes it;
    transpositions are dashed, undirected and do not pull the layout.
    """
    sigla = graph.graph.get("sigla", "")
    everyone = set(sigla.split())
    out = [
        "digraph variant_graph {",
        '  graph [rankdir=LR, fontname="DejaVu Sans", nodesep=0.15, ranksep=0.25];',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555", '
        'fontname="DejaVu Sans", fontsize=10, margin="0.06,0.03", height=0.2];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#555555", fontcolor="#444444", arrowsize=0.5];',
    ]
    for node, data in graph.nodes(data=True):
        if node in ("start", "end"):
            label = data["text"] or node
            out.append(
                f'  {node} [label={_dot_string(label)}, shape=circle, fillcolor="#eeeeee", fontsize=8];'
            )
            continue
        shared = set(data["witnesses"].split()) == everyone
        tip = f"{data['witnesses']}: {data['text']}"
        if data["norm"] and data["norm"] != data["text"]:
            tip += f" (normalized: {data['norm']})"
        if data["others"]:
            tip += f"; {data['others']}"
        attrs = [f"label={_dot_string(_label(data['text']) or '∅')}", f"tooltip={_dot_string(tip)}"]
        if shared:
            attrs.append('fillcolor="#eeeeee"')
        if data["entries"]:
            attrs.append(f"URL={_dot_string('#e' + data['entries'].split()[0])}")
        out.append(f"  {node} [{', '.join(attrs)}];")
    for u, v, data in graph.edges(data=True):
        if data["type"] == "transposition":
            colour = VariantType.TRANSPOSITION.colour
            out.append(
                f'  {u} -> {v} [style=dashed, dir=none, constraint=false, color="{colour}", '
                f'fontcolor="{colour}", label={_dot_string("tr. " + data["sigla"])}];'
            )
        elif set(data["sigla"].split()) == everyone:
            out.append(f"  {u} -> {v};")
        else:
            out.append(f"  {u} -> {v} [label={_dot_string(data['sigla'])}];")
    out.append("}")
    return "\n".join(out) + "\n"


def dot_svg(dot: str, timeout: float | None = None) -> str | None:
    """Lay out ``dot`` with Graphviz ``dot -Tsvg``; the SVG, ready to sit inside an HTML page.

    None when Graphviz is not installed. The XML prolog, doctype, comments and
    namespace declarations are dropped (an HTML page needs none of them, and
    they name addresses on the web), so the page stays self-contained.
    Raises :class:`~collate.errors.CollateError` when dot fails or runs past ``timeout`` seconds
    (default :data:`DOT_TIMEOUT`).
    """
    exe = shutil.which("dot")
    if exe is None:
        return None
    timeout = DOT_TIMEOUT if timeout is None else timeout
    try:
        proc = subprocess.run(
            [exe, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CollateError(
            f"Graphviz dot took more than {timeout:g} s to lay out the variant graph"
        ) from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CollateError(f"Graphviz dot failed: {message[-1] if message else proc.returncode}")
    return _inline_svg(proc.stdout.decode("utf-8"))


def _inline_svg(svg: str) -> str:
    svg = re.sub(r"<\?xml.*?\?>", "", svg, flags=re.S)
    svg = re.sub(r"<!DOCTYPE.*?>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=").replace("xlink:title=", "title=")
    return svg.strip()


# --- distances and a tree ----------------------------------------------------


def _units(apparatus: Apparatus, category: str | None) -> tuple[list[Entry], bool]:
    """The variation units of ``category`` and whether readings compare by their words."""
    if category is None:
        return list(apparatus.entries), False
    (label,) = check_labels([category], "category")
    units = [e for e in apparatus.entries if matches(e.category, e.types, [label])]
    by_words = label == Category.SUBSTANTIVE or (
        label in set(VariantType) and category_of(label) == Category.SUBSTANTIVE
    )
    return units, by_words


def _states(entry: Entry, by_words: bool) -> list[str]:
    """What each witness reads at ``entry``, as the key two witnesses are compared by."""
    if by_words:
        return [" ".join(words(r.tokens)) for r in entry.readings]
    return [" ".join(r.text.split()) for r in entry.readings]


def distances(
    apparatus: Apparatus, category: str | None = "substantive", counts: bool = False
) -> pd.DataFrame:
    """Pairwise disagreement: the share of variation units where two witnesses read differently.

    The variation units are the apparatus entries of ``category`` (a category
    or a type, as ``--only`` reads it; ``None``: every entry). For substantive
    units two witnesses differ when their normalized words differ (so a
    spelling or a comma inside a substantive entry does not count); otherwise
    when their original texts differ. A witness with nothing at a unit
    differs from one that has words there (collate cannot tell a lacuna from
    an omission).

    Returns a square DataFrame (sigla by sigla, 0 on the diagonal); with
    ``counts=True`` one row per pair instead: ``a``, ``b``, ``differ``,
    ``units`` and ``distance`` (``differ / units``), nearest pairs first.

    >>> from collate import collate
    >>> app = collate({"A": "the black cat sat", "B": "the white cat sat", "C": "the white cat sat down"})
    >>> distances(app).round(2)
         A    B    C
    A  0.0  0.5  1.0
    B  0.5  0.0  0.5
    C  1.0  0.5  0.0
    >>> distances(app, counts=True)[["a", "b", "differ", "units"]].values.tolist()
    [['A', 'B', 1, 2], ['B', 'C', 1, 2], ['A', 'C', 2, 2]]
    """
    import pandas as pd

    units, by_words = _units(apparatus, category)
    sigla = list(apparatus.sigla)
    n = len(sigla)
    differ = [[0] * n for _ in range(n)]
    for entry in units:
        states = _states(entry, by_words)
        for i in range(n):
            for j in range(i + 1, n):
                if states[i] != states[j]:
                    differ[i][j] += 1
                    differ[j][i] += 1
    total = len(units)
    if counts:
        rows = [
            (sigla[i], sigla[j], differ[i][j], total, differ[i][j] / total if total else 0.0)
            for i in range(n)
            for j in range(i + 1, n)
        ]
        frame = pd.DataFrame(rows, columns=["a", "b", "differ", "units", "distance"])
        return frame.sort_values("distance", kind="stable").reset_index(drop=True)
    share = [[differ[i][j] / total if total else 0.0 for j in range(n)] for i in range(n)]
    return pd.DataFrame(share, index=sigla, columns=sigla)


#: Four witnesses for the examples: A and D at the ends, B and C between (each entry changes one or two).
CATS = {
    "A": "the black cat sat on the old mat by the door",
    "B": "the black cat sat on the red mat by a door",
    "C": "the white cat sat on the red mat by a door",
    "D": "the white cat lay on the red mat near a door",
}

#: Tree methods: their name here -> scipy.cluster.hierarchy.linkage's method.
METHODS = {"upgma": "average", "wpgma": "weighted", "single": "single", "complete": "complete"}


@dataclass(frozen=True)
class Tree:
    """A clustering of the witnesses by their distances (scipy's linkage matrix and the labels)."""

    labels: tuple[str, ...]
    #: scipy's linkage matrix: one row per merge (cluster a, cluster b, height, size).
    linkage: tuple[tuple[float, float, float, float], ...]
    method: str
    category: str | None
    units: int

    def newick(self) -> str:
        """The tree in Newick notation, branch lengths included (heights halve: UPGMA's convention).

        >>> from collate import collate
        >>> t = tree(collate(CATS))
        >>> t.newick()
        '(D:0.375,(A:0.3125,(B:0.125,C:0.125):0.1875):0.0625);'
        """
        nodes: dict[int, tuple[str, float]] = {i: (_newick_name(s), 0.0) for i, s in enumerate(self.labels)}
        n = len(self.labels)
        for k, (a, b, height, _) in enumerate(self.linkage):
            parts = []
            for child in (int(a), int(b)):
                text, h = nodes.pop(child)
                parts.append(f"{text}:{_num(height / 2 - h)}")
            nodes[n + k] = (f"({','.join(sorted(parts, key=_leaf_count))})", height / 2)
        (root,) = nodes.values() if nodes else (("", 0.0),)
        return root[0] + ";"

    def text(self) -> str:
        """The tree drawn in text, one witness per line, each merge with its distance.

        >>> from collate import collate
        >>> print(tree(collate(CATS)).text())
        ┬ 0.75
        ├── D
        └─┬ 0.62
          ├── A
          └─┬ 0.25
            ├── B
            └── C
        """
        n = len(self.labels)
        children: dict[int, tuple[int, int, float]] = {
            n + k: (int(a), int(b), h) for k, (a, b, h, _) in enumerate(self.linkage)
        }
        lines: list[str] = []

        def size(node: int) -> int:
            return 1 if node < n else size(children[node][0]) + size(children[node][1])

        def walk(node: int, head: str, tail: str) -> None:
            # head: this node's own line so far; tail: what its children's lines start with.
            if node < n:
                lines.append(f"{head}─ {self.labels[node]}")
                return
            a, b, h = children[node]
            lines.append(f"{head}┬ {h:.2f}")
            first, second = sorted((a, b), key=lambda c: (size(c), c))
            walk(first, tail + "├─", tail + "│ ")
            walk(second, tail + "└─", tail + "  ")

        if not children:
            return "\n".join(f"── {label}" for label in self.labels)
        walk(max(children), "", "")
        return "\n".join(lines)

    def figure(self, ax: Any = None, title: str | None = None) -> Figure:
        """The dendrogram drawn with matplotlib (scipy's dendrogram, witnesses on the left)."""
        import matplotlib

        if ax is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=(6.4, 0.45 * len(self.labels) + 1.1))
            ax = fig.add_subplot()
        else:
            fig = ax.figure
        from scipy.cluster import hierarchy

        with matplotlib.rc_context({"lines.linewidth": 1.4}):
            hierarchy.dendrogram(
                self._matrix(),
                # A "$" would start matplotlib's mathtext: a siglum is shown as it is written.
                labels=[label.replace("$", r"\$") for label in self.labels],
                orientation="left",
                ax=ax,
                color_threshold=0,
                above_threshold_color="#333333",
            )
        what = "every entry" if self.category is None else f"{self.category} entries"
        ax.set_xlabel(f"share of variation units that differ ({what}, {self.units})")
        ax.set_title(title or f"Witnesses clustered ({self.method.upper()})")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return fig

    def svg(self, title: str | None = None) -> str:
        """The dendrogram as SVG to sit inside an HTML page: text kept as text, byte-stable, nothing fetched."""
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "collate", "svg.fonttype": "none"}):
            fig = self.figure(title=title)
            for ax in fig.axes:
                for artist in ax.get_children():
                    artist.set_clip_on(False)  # no clip paths: they are url(#...) references
            out = io.StringIO()
            fig.savefig(
                out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
            )
        svg = _inline_svg(out.getvalue())
        svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)  # matplotlib's page-wide rule
        return svg

    def _matrix(self) -> Any:
        import numpy as np

        return np.array(self.linkage, dtype=float)


def _num(value: float) -> str:
    return f"{max(value, 0.0):.4f}".rstrip("0").rstrip(".") or "0"


def _leaf_count(part: str) -> tuple[int, str]:
    return (part.count(","), part)


def _newick_name(siglum: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_.\-]+", siglum):
        return siglum
    return "'" + siglum.replace("'", "''") + "'"


def tree(apparatus: Apparatus, category: str | None = "substantive", method: str = "upgma") -> Tree:
    """Cluster the witnesses by :func:`distances` (``method``: ``upgma``, ``wpgma``, ``single``, ``complete``).

    UPGMA (average linkage) merges the two nearest clusters, step by step, at
    their mean distance. Raises :class:`~collate.errors.CollateError` naming
    ``method`` for an unknown method.

    >>> from collate import collate
    >>> t = tree(collate(CATS))
    >>> distances(collate(CATS))
          A     B     C     D
    A  0.00  0.50  0.75  1.00
    B  0.50  0.00  0.25  0.75
    C  0.75  0.25  0.00  0.50
    D  1.00  0.75  0.50  0.00
    >>> [h for _, _, h, _ in t.linkage]  # B+C at 0.25; A joins them at (0.5 + 0.75) / 2; D last
    [0.25, 0.625, 0.75]
    """
    if method not in METHODS:
        raise CollateError(f"method: unknown tree method {method!r} (known: {', '.join(METHODS)})")
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import squareform

    frame = distances(apparatus, category)
    units, _ = _units(apparatus, category)
    labels = tuple(frame.index)
    if len(labels) < 2:
        raise CollateError("a tree needs at least two witnesses")
    matrix = hierarchy.linkage(squareform(frame.to_numpy(), checks=False), method=METHODS[method])
    rows = tuple((float(a), float(b), float(h), float(s)) for a, b, h, s in matrix)
    return Tree(labels, rows, method, category, len(units))


def distance_figure(frame: pd.DataFrame, ax: Any = None, title: str | None = None) -> Figure:
    """A heat map of a :func:`distances` frame (matplotlib): darker is farther, each cell labelled."""
    if ax is None:
        from matplotlib.figure import Figure

        size = 1.0 + 0.62 * len(frame)
        fig = Figure(figsize=(size + 1.2, size))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    values = frame.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Reds", vmin=0, vmax=max(float(values.max()), 1e-9))
    ax.set_xticks(range(len(frame.columns)), [str(c) for c in frame.columns], rotation=45, ha="right")
    ax.set_yticks(range(len(frame.index)), [str(i) for i in frame.index])
    for i in range(len(frame.index)):
        for j in range(len(frame.columns)):
            dark = values[i, j] > 0.6 * values.max()
            ax.text(
                j,
                i,
                f"{values[i, j]:.2f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if dark else "black",
            )
    fig.colorbar(image, ax=ax, shrink=0.8, label="share of units that differ")
    ax.set_title(title or "Distances")
    fig.tight_layout()
    return fig


# --- NEXUS ---------------------------------------------------------------------

_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _nexus_word(text: str) -> str:
    """A NEXUS token: quoted (quotes doubled) unless it is a plain word; blanks become underscores."""
    text = " ".join(text.split()).replace(";", ",")
    if re.fullmatch(r"[A-Za-z0-9_.\-]+", text):
        return text
    return "'" + text.replace("'", "''") + "'"


def to_nexus(apparatus: Apparatus, category: str | None = "substantive") -> str:
    """A NEXUS character matrix: a taxon per witness, a character per variation unit.

    The units and the readings are those of :func:`distances`: at each entry
    of ``category`` the witnesses that read alike share a state (``0`` for the
    base's reading, then ``1``, ``2``... in witness order). ``CHARSTATELABELS``
    names each character ``eN`` (its entry) and its states by their readings
    (``om.`` for nothing), as teiphy does. Taxon names have their blanks as
    underscores (NEXUS's convention).

    >>> from collate import collate
    >>> print(to_nexus(collate({"A": "the black cat", "B": "the white cat", "C": "the cat"})))
    #NEXUS
    [Written by collate: 3 witnesses, 1 substantive variation units.]
    BEGIN TAXA;
        DIMENSIONS NTAX=3;
        TAXLABELS A B C;
    END;
    BEGIN CHARACTERS;
        DIMENSIONS NCHAR=1;
        FORMAT DATATYPE=STANDARD SYMBOLS="0 1 2" MISSING=? GAP=-;
        CHARSTATELABELS
            1 e1 / black white om.;
        MATRIX
            A  0
            B  1
            C  2
        ;
    END;
    <BLANKLINE>
    """
    units, by_words = _units(apparatus, category)
    sigla = apparatus.sigla
    names = [_nexus_word(s.replace(" ", "_")) for s in sigla]
    if len(set(names)) != len(names):
        raise CollateError(f"sigla: {', '.join(sigla)} are not distinct as NEXUS taxon names")
    columns: list[list[str]] = []
    labels: list[str] = []
    used = 1
    for k, entry in enumerate(units, 1):
        states = _states(entry, by_words)
        base = sigla.index(entry.base)
        order = [states[base], *[s for s in states if s != states[base]]]
        symbol = {s: _SYMBOLS[i] for i, s in enumerate(dict.fromkeys(order))}
        if len(symbol) > len(_SYMBOLS):
            raise CollateError(f"entry {entry.n}: more than {len(_SYMBOLS)} readings, beyond NEXUS's symbols")
        used = max(used, len(symbol))
        columns.append([symbol[s] for s in states])
        readings = " ".join(_nexus_word(s or "om.") for s in symbol)
        labels.append(f"        {k} e{entry.n} / {readings}")
    what = "every entry's" if category is None else f"{category}"
    width = max(len(n) for n in names)
    out = [
        "#NEXUS",
        f"[Written by collate: {len(sigla)} witnesses, {len(units)} {what} variation units.]",
        "BEGIN TAXA;",
        f"    DIMENSIONS NTAX={len(sigla)};",
        f"    TAXLABELS {' '.join(names)};",
        "END;",
        "BEGIN CHARACTERS;",
        f"    DIMENSIONS NCHAR={len(units)};",
        f'    FORMAT DATATYPE=STANDARD SYMBOLS="{" ".join(_SYMBOLS[:used])}" MISSING=? GAP=-;',
    ]
    if labels:
        out += ["    CHARSTATELABELS", ",\n".join(labels) + ";"]
    out.append("    MATRIX")
    for w, name in enumerate(names):
        out.append(f"        {name.ljust(width)}  {''.join(col[w] for col in columns)}")
    out += ["    ;", "END;", ""]
    return "\n".join(out)


# --- the HTML part -------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def graph_html(apparatus: Apparatus, where: GraphRange | str | None = None) -> str:
    """The report's "Variant graph, distances and tree" section: a self-contained HTML fragment.

    Empty for fewer than three witnesses (two witnesses' graph and distances
    say no more than the side-by-side view). The graph of ``where`` (a range),
    or of the whole alignment up to :data:`DRAW_LIMIT` columns, is drawn by
    Graphviz ``dot``; a note stands instead of a drawing that would be too big,
    or when Graphviz is not installed. Then the substantive distances as a
    shaded table, and the UPGMA dendrogram (matplotlib).
    """
    if len(apparatus.sigla) < 3:
        return ""
    parts = ['<section id="graph"><h2>Variant graph, distances and tree</h2>']
    parts.append(_graph_part(apparatus, where))
    parts.append(_distances_part(apparatus))
    parts.append("</section>")
    return "\n".join(parts)


def _graph_part(apparatus: Apparatus, where: GraphRange | str | None) -> str:
    total = len(apparatus.alignment)
    if where is not None:
        columns = columns_of(apparatus, where)
        what = f"range {_e(where if isinstance(where, str) else where.spec)} (aligned columns {columns[0] + 1}-{columns[1] + 1} of {total})"
    else:
        columns = (0, total - 1)
        what = f"the whole text ({total} aligned columns)"
    drawn = columns[1] - columns[0] + 1
    if drawn > DRAW_LIMIT:
        return (
            '<p class="note graph-note"><strong>The variant graph is not drawn:</strong> '
            f"{what} is more than the {DRAW_LIMIT} aligned columns (about 2,000 words) that make a "
            "legible drawing in a page. Draw a stretch with <code>collate report --range LINE.WORD-LINE.WORD</code> "
            "(or <code>--range eN</code>, an entry and its neighbourhood); the formats graphml and dot hold the "
            "whole graph.</p>"
        )
    graph = variant_graph(apparatus, columns)
    try:
        svg = dot_svg(to_dot(graph))
    except CollateError as exc:  # a drawing that fails must not cost the reader the whole page
        return f'<p class="note graph-note"><strong>The variant graph is not drawn:</strong> {_e(exc)}.</p>'
    if svg is None:
        return (
            '<p class="note graph-note"><strong>The variant graph is not drawn:</strong> Graphviz '
            "<code>dot</code> is not installed (Debian: <code>apt-get install graphviz</code>). "
            "The formats graphml and dot still write it.</p>"
        )
    nodes = graph.number_of_nodes() - 2
    return (
        f'<h3>Variant graph</h3><p class="note">Graph of {what}: {nodes} nodes. Each witness is a path '
        "from start to end; grey nodes are read by every witness, an edge is labelled with its sigla "
        "unless every witness takes it, dashed links join transposed words. Hover a node for its "
        "witnesses and normalized form; click it for its entry.</p>"
        f'<div class="graph" style="overflow:auto;max-height:40rem;border:1px solid #ccc">{svg}</div>'
    )


def _distances_part(apparatus: Apparatus) -> str:
    frame = distances(apparatus, "substantive")
    counts = distances(apparatus, "substantive", counts=True)
    units = int(counts["units"].iloc[0]) if len(counts) else 0
    differ = {(r.a, r.b): r.differ for r in counts.itertuples()} | {
        (r.b, r.a): r.differ for r in counts.itertuples()
    }
    sigla = list(frame.index)
    head = "".join(f"<th>{_e(s)}</th>" for s in sigla)
    rows = []
    for a in sigla:
        cells = []
        for b in sigla:
            value = float(frame.loc[a, b])
            shade = f"rgba(178,24,43,{value * 0.85:.2f})"
            ink = "#fff" if value > 0.55 else "#000"
            n = differ.get((a, b), 0)
            cells.append(
                f'<td class="num" style="background:{shade};color:{ink}" title="{_e(a)} / {_e(b)}: '
                f'{n} of {units} units differ">{value:.3f}</td>'
            )
        rows.append(f"<tr><th>{_e(a)}</th>{''.join(cells)}</tr>")
    table = (
        f'<table class="distances"><caption>Distances: share of the {units} substantive variation '
        f"units where two witnesses read differently</caption><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )
    if units == 0:
        return table + '<p class="note">No substantive variation: no tree to draw.</p>'
    clustering = tree(apparatus, "substantive")
    try:
        figure = clustering.svg()
    except ImportError:  # pragma: no cover - matplotlib is a dependency; a broken install draws text only
        figure = ""
    return (
        f"<h3>Distances</h3>{table}<h3>Tree</h3>"
        f'<div class="tree">{figure}</div>'
        f'<pre class="tree-text">{_e(clustering.text())}</pre>'
        f'<p class="note">UPGMA clustering of the distances above. Newick: <code>{_e(clustering.newick())}</code></p>'
    )
