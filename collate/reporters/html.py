"""``apparatus.html``: one self-contained page for reading the apparatus.

The page holds, in order: the summary and a density strip of where the
variants fall (inline SVG computed here), a legend and the filters, the base
text with every entry highlighted in place, the numbered apparatus, and all
witnesses side by side. CSS and JS are inlined from ``static/``; nothing is
fetched from the network, so the file reads offline and can be archived.

Every piece of witness text goes through :func:`html.escape`: a witness
containing ``<script>`` shows it as text.

>>> from collate import collate
>>> page = render(collate({"A": "a <script>alert(1)</script> b", "B": "a b"}))
>>> "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "<script>alert" in page
(True, False)

Colours come in families per category (reds for substantive, blues and greens
for accidental, greys for editorial); the category also sets the line under
a variant (solid, dotted, dashed), so the page reads in black-and-white print.
Opening ``apparatus.html#only=substantive`` (or ``#only=case,lexical``) sets
the filters.
"""

from __future__ import annotations

import html
from collections import Counter
from functools import cache
from importlib import resources

import regex

from ..apparatus import Apparatus
from ..classify import CATEGORIES, CATEGORY_OF
from ..model import Entry
from .base_text import language, running_siglum, segments, text_groups

#: A colour per known type (print-safe: mid-dark ink; the background is a tint of it).
TYPE_COLOURS: dict[str, str] = {
    "lexical": "#b2182b",
    "grammatical": "#d6604d",
    "transposition": "#8e0152",
    "addition": "#762a83",
    "omission": "#5e3c99",
    "transliteration": "#01665e",
    "orthographic": "#2166ac",
    "word-division": "#4393c3",
    "case": "#35978f",
    "punctuation": "#1b7837",
    "unicode": "#737373",
    "editorial": "#4d4d4d",
    "pagination": "#8c8c8c",
}
#: Types this module does not know yet take their category's colour.
CATEGORY_COLOURS = {"substantive": "#b2182b", "accidental": "#2166ac", "editorial": "#4d4d4d"}
DENSITY_BINS = 50


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _slug(name: str) -> str:
    return regex.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "x"


def _tint(colour: str, share: float = 0.82) -> str:
    """``colour`` mixed with white (``share`` of white): a light background of the same hue."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def colour(type_: str, category: str) -> str:
    """The ink colour of a type (its category's when the type is unknown)."""
    return TYPE_COLOURS.get(type_, CATEGORY_COLOURS.get(category, "#555555"))


@cache
def _static(name: str) -> str:
    return resources.files("collate.reporters").joinpath("static", name).read_text(encoding="utf-8")


def _types(apparatus: Apparatus) -> list[tuple[str, str, int]]:
    """(type, category, count) for every known type and every type present, in typology order."""
    counts = Counter(e.type for e in apparatus.entries)
    cats = {e.type: e.category for e in apparatus.entries}
    known = [t for t in CATEGORY_OF if t in counts or t in TYPE_COLOURS]
    extra = sorted(t for t in counts if t not in CATEGORY_OF)
    found = []
    for t in [*known, *extra]:
        category = cats.get(t) or CATEGORY_OF.get(t, "substantive")
        found.append((t, category, counts.get(t, 0)))
    return sorted(found, key=lambda x: CATEGORIES.index(x[1]) if x[1] in CATEGORIES else 9)


def _type_css(types: list[tuple[str, str, int]]) -> str:
    rules = []
    for t, category, _ in types:
        ink = colour(t, category)
        rules.append(f".type-{_slug(t)} {{ --c: {ink}; --bg: {_tint(ink)}; }}")
    return "\n".join(rules)


def _classes(entry: Entry) -> str:
    return f"v cat-{_slug(entry.category)} type-{_slug(entry.type)}"


def _data(entry: Entry) -> str:
    return f'data-n="{entry.n}" data-cat="{_e(entry.category)}" data-type="{_e(entry.type)}"'


def _marked(entry: Entry, siglum: str, main: bool) -> str:
    """A reading at ``entry``, highlighted, numbered and linked to the apparatus.

    The main text shows the lemma (with a majority base it may not be the running
    witness's reading); a witness's own column shows that witness's reading.
    """
    text = entry.lemma.text if main else entry.reading(siglum).text
    gap = "" if text else " gap"
    tip = "; ".join(f"{r.siglum}: {' '.join(r.text.split()) or 'om.'}" for r in entry.readings)
    ident = f' id="t{entry.n}"' if main else ""
    return (
        f'<a class="{_classes(entry)}{gap}"{ident} href="#e{entry.n}" {_data(entry)} '
        f'title="{_e(f"{entry.n} ({entry.type}): {tip}")}">{_e(text)}<sup>{entry.n}</sup></a>'
    )


def _text(apparatus: Apparatus, siglum: str, main: bool) -> str:
    parts = []
    for segment in segments(apparatus, siglum):
        parts.append(_e(segment) if isinstance(segment, str) else _marked(segment, siglum, main))
    return "".join(parts)


def _reading_html(text: str, lemma: str, sigla: list[str]) -> str:
    flat = " ".join(text.split())
    if not flat:
        shown = '<span class="empty">om.</span>'
    elif not " ".join(lemma.split()):
        shown = f'<span class="empty">add.</span> <span class="rdg">{_e(flat)}</span>'
    else:
        shown = f'<span class="rdg">{_e(flat)}</span>'
    return f'{shown} <span class="sig">{_e(" ".join(sigla))}</span>'


def _apparatus_item(entry: Entry) -> str:
    (lemma, lemma_sigla), *others = text_groups(entry)
    head = f'<span class="lemma">{_e(lemma)}</span>' if lemma else '<span class="empty">om.</span>'
    rest = "; ".join(_reading_html(text, lemma, sigla) for text, sigla in others)
    rules = f'<span class="rules">rules: {_e(", ".join(entry.rules))}</span>' if entry.rules else ""
    rules += _decision_html(entry)
    types = ", ".join(entry.types)
    return (
        f'<li id="e{entry.n}" class="{_classes(entry)[2:]}" {_data(entry)}>'
        f'<a class="n" href="#t{entry.n}">{entry.n}</a>'
        f'<span class="ref">{_e(entry.ref)}</span>'
        f'{head} <span class="sig">{_e(" ".join(lemma_sigla))}</span> ] {rest}'
        f'<span class="badge type-{_slug(entry.type)} v {"cat-" + _slug(entry.category)}">'
        f"{_e(types)}</span>{rules}</li>"
    )


def _decision_html(entry: Entry) -> str:
    """The editor's decision on an entry: its note, who decided, what it was before a retype."""
    d = entry.decision
    if d is None:
        return ""
    parts = [f'<span class="dnote">{_e(d.note)}</span>'] if d.note else []
    if d.resp:
        parts.append(f'<span class="resp">{_e(d.resp)}</span>')
    if d.was:
        parts.append(f'<span class="was">was {_e(d.was)}</span>')
    title = f"{', '.join(d.kinds)}: {', '.join(d.sources)}"
    return f'<span class="decision" title="{_e(title)}">{" · ".join(parts) or _e(", ".join(d.kinds))}</span>'


def density_svg(apparatus: Apparatus, width: int = 1000) -> str:
    """Where the entries fall along the text: a tick per entry per category, and a heat map.

    Positions are alignment columns, so the strip is the same whichever witness is the base.
    """
    total = max(len(apparatus.alignment), 1)
    label_w, row_h, gap = 110, 18, 6
    plot_w = width - label_w - 10
    rows = [c for c in CATEGORIES if any(e.category == c for e in apparatus.entries)] or list(CATEGORIES)
    height = (len(rows) + 1) * (row_h + gap) + 20
    out = [
        f'<svg class="density" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Where the variants fall along the text">'
    ]

    def x_of(entry: Entry) -> float:
        first, last = entry.columns
        return label_w + plot_w * ((first + last + 1) / 2) / total

    for i, category in enumerate(rows):
        y = i * (row_h + gap)
        out.append(f'<text x="0" y="{y + 13}">{_e(category)}</text>')
        out.append(
            f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{row_h}" fill="#f4f1ea" stroke="#ccc"/>'
        )
        for e in apparatus.entries:
            if e.category != category:
                continue
            ink = colour(e.type, e.category)
            out.append(
                f'<a href="#e{e.n}" {_data(e)}><rect x="{x_of(e) - 1.5:.1f}" y="{y + 1}" width="3" '
                f'height="{row_h - 2}" fill="{ink}"><title>{e.n}: {_e(e.type)} '
                f"{_e(' '.join(e.lemma.text.split()) or 'om.')}</title></rect></a>"
            )
    y = len(rows) * (row_h + gap)
    bins = [0] * DENSITY_BINS
    for e in apparatus.entries:
        b = min(int((x_of(e) - label_w) / plot_w * DENSITY_BINS), DENSITY_BINS - 1)
        bins[b] += 1
    peak = max(bins) or 1
    out.append(f'<text x="0" y="{y + 13}">density</text>')
    step = plot_w / DENSITY_BINS
    for b, count in enumerate(bins):
        out.append(
            f'<rect x="{label_w + b * step:.1f}" y="{y}" width="{step:.1f}" height="{row_h}" '
            f'fill="#67001f" fill-opacity="{count / peak * 0.9 + 0.03:.2f}">'
            f"<title>{count} entries</title></rect>"
        )
    y += row_h + gap + 12
    out.append(f'<text x="{label_w}" y="{y}">start of text</text>')
    out.append(f'<text x="{width - 10}" y="{y}" text-anchor="end">end</text>')
    out.append("</svg>")
    return "\n".join(out)


def _filters(types: list[tuple[str, str, int]], apparatus: Apparatus) -> str:
    by_cat = Counter(e.category for e in apparatus.entries)
    parts = ['<form id="filters" hidden><fieldset><legend>Show</legend>']
    parts.append(
        '<button type="button" data-action="all">all</button>'
        + "".join(f'<button type="button" data-action="{c}">{c} only</button>' for c in CATEGORIES)
    )
    parts.append("</fieldset>")
    for category in CATEGORIES:
        parts.append(
            f'<fieldset><label class="cat"><input type="checkbox" name="category" value="{category}" '
            f"checked> {category} ({by_cat.get(category, 0)})</label>"
        )
        for t, cat, count in types:
            if cat != category:
                continue
            parts.append(
                f'<label><input type="checkbox" name="type" value="{_e(t)}" data-cat="{category}" checked> '
                f'<span class="v swatch cat-{category} type-{_slug(t)}">{_e(t)}</span> {count}</label>'
            )
        parts.append("</fieldset>")
    parts.append(
        f'<p class="note"><span id="shown">{len(apparatus.entries)}</span> of '
        f"{len(apparatus.entries)} entries shown</p></form>"
    )
    return "".join(parts)


def _legend(types: list[tuple[str, str, int]]) -> str:
    items = []
    for t, category, count in types:
        if not count:
            continue
        items.append(
            f'<li><span class="v swatch cat-{category} type-{_slug(t)}">{_e(t)}</span> '
            f'<span class="note">{category}, {count}</span></li>'
        )
    line = {"substantive": "solid", "accidental": "dotted", "editorial": "dashed"}
    styles = "; ".join(f"{c}: {line[c]} underline" for c in CATEGORIES)
    return f'<ul class="legend">{"".join(items)}</ul><p class="note">Category by line style ({styles}).</p>'


def _summary(apparatus: Apparatus) -> str:
    s = apparatus.summary()
    rows = []
    for category in CATEGORIES:
        types = {
            t: n
            for t, n in s["by_type"].items()
            if any(e.type == t and e.category == category for e in apparatus.entries)
        }
        detail = ", ".join(f"{t} {n}" for t, n in types.items())
        rows.append(
            f'<tr><th>{category}</th><td class="num">{s["by_category"].get(category, 0)}</td>'
            f"<td>{_e(detail)}</td></tr>"
        )
    agreement = "".join(
        f'<tr><th>{_e(pair)}</th><td class="num">{share:.1%}</td></tr>'
        for pair, share in s["agreement"].items()
    )
    witnesses = "".join(
        f"<tr><th>{_e(w.siglum)}</th><td>{_e(w.title)}</td><td>{_e(w.source)}</td>"
        f'<td class="num">{len(w.tokens)}</td></tr>'
        for w in apparatus.witnesses
    )
    return (
        '<div class="summary" style="display:flex;gap:2rem;flex-wrap:wrap">'
        f'<table><caption>Entries by category</caption><tr><th>category</th><th class="num">'
        f'entries</th><th>types</th></tr>{"".join(rows)}<tr><th>all</th><td class="num">'
        f"{s['entries']}</td><td></td></tr></table>"
        "<table><caption>Agreement (normalized tokens)</caption><tr><th>pair</th>"
        f'<th class="num">share</th></tr>{agreement}</table></div>'
        f'<table style="margin-top:1rem"><caption>Witnesses</caption><tr><th>siglum</th><th>title'
        f'</th><th>source</th><th class="num">tokens</th></tr>{witnesses}</table>'
    )


def render(apparatus: Apparatus) -> str:
    """The whole page."""
    sigla = apparatus.sigla
    base = running_siglum(apparatus)
    types = _types(apparatus)
    summary = apparatus.summary()
    found = language(apparatus)
    lang = f' lang="{found[0]}"' if found else ""
    counts = ", ".join(f"{n} {c}" for c, n in summary["by_category"].items())
    title = f"Apparatus: {' / '.join(sigla)}"
    base_note = (
        f"Base text: {_e(base)}"
        if apparatus.base == base
        else f"Base: majority reading at each entry; running text of {_e(base)}"
    )
    columns = "".join(
        f'<div><h3>{_e(s)} <span class="note">{_e(apparatus.witness(s).title)}</span></h3>'
        f'<div class="wtext"{lang}>{_text(apparatus, s, main=False)}</div></div>'
        for s in sigla
    )
    items = "\n".join(_apparatus_item(e) for e in apparatus.entries if not e.ignored)
    ignored = [e for e in apparatus.entries if e.ignored]
    left_out = (
        f'<details id="ignored"><summary>Left out of print by editorial decision ({len(ignored)})</summary>\n'
        f'<ol class="apparatus ignored"{lang}>\n'
        + "\n".join(_apparatus_item(e) for e in ignored)
        + "\n</ol></details>\n"
        if ignored
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="collate">\n<title>{_e(title)}</title>\n'
        f"<style>\n{_static('report.css')}\n{_type_css(types)}\n</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1>\n"
        f'<p class="meta">{base_note}. Normalization profile: {_e(apparatus.profile)}. '
        f"{summary['entries']} entries ({_e(counts)}).</p>\n"
        '<nav class="noprint"><a href="#text">Text</a><a href="#apparatus">Apparatus</a>'
        '<a href="#witnesses">Witnesses side by side</a><a href="#summary">Summary</a></nav>'
        "</header>\n"
        '<section id="overview"><h2>Where the variants fall</h2>\n'
        f"{density_svg(apparatus)}\n{_legend(types)}\n{_filters(types, apparatus)}</section>\n"
        f'<section id="text"><h2>Text ({base_note})</h2>\n'
        f'<div class="running"{lang}>{_text(apparatus, base, main=True)}</div></section>\n'
        f'<section id="apparatus"><h2>Apparatus</h2>\n<ol class="apparatus"{lang}>\n{items}\n'
        f"</ol>\n{left_out}</section>\n"
        f'<section id="witnesses"><h2>Witnesses side by side</h2>\n'
        f'<div class="parallel" style="grid-template-columns: repeat({len(sigla)}, minmax(16rem, 1fr))">'
        f"{columns}</div></section>\n"
        f'<section id="summary"><h2>Summary</h2>\n{_summary(apparatus)}</section>\n'
        '<footer class="note"><p>Generated by collate.</p></footer>\n'
        f"<script>\n{_static('report.js')}</script>\n</body>\n</html>\n"
    )
