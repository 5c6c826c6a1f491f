"""``apparatus.html``: one self-contained page for reading the apparatus.

The page holds, in order: the conspectus siglorum, the summary and a density
strip of where the variants fall (inline SVG), a legend and the filters, the
base text with every entry highlighted in place, the numbered apparatus (one
item per place, as :mod:`collate.presentation` presents it), and all
witnesses side by side. CSS and JS are inlined from ``static/``; nothing is
fetched from the network, so the file reads offline and can be archived.

The page is rendered from the Jinja2 template ``templates/apparatus.html.j2``
with autoescape on: every string from the input (witness text, sigla,
titles, sources, user classes) is escaped by the template engine, and only
collate's own CSS and JS are marked safe. A witness containing ``<script>``
shows it as text:

>>> from collate import collate
>>> page = render(collate({"A": "a <script>alert(1)</script> b", "B": "a b"}))
>>> "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "<script>alert" in page
(True, False)

Colours come from :mod:`collate.typology`, in families per category (reds for
substantive, blues and greens for accidental, greys for editorial); the
category also sets the line under a variant (solid, dotted, dashed), so the
page reads in black-and-white print. Opening ``apparatus.html#only=substantive``
(or ``#only=case,lexical``) sets the filters; they mean what ``--only`` means
(:func:`collate.typology.matches`): an entry shows when its category or any of
its types is ticked.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import regex

from ..apparatus import Apparatus
from ..decisions import ignored, printed
from ..graph import graph_html
from ..model import Entry
from ..presentation import flat
from ..typology import CATEGORIES, TYPES, Category, category_of, rank, type_info
from .base_text import LineStart, language, numbered_segments, running_siglum, segments

if TYPE_CHECKING:  # pragma: no cover - Jinja2 is imported where an HTML report is made, not on every start
    from jinja2 import Environment

DENSITY_BINS = 50
#: The line under a variant, by category: the page survives black-and-white printing.
LINE_STYLE = {Category.SUBSTANTIVE: "solid", Category.ACCIDENTAL: "dotted", Category.EDITORIAL: "dashed"}


def _slug(name: str) -> str:
    return regex.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "x"


def _tint(colour: str, share: float = 0.82) -> str:
    """``colour`` mixed with white (``share`` of white): a light background of the same hue."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def colour(type_: str, category: str = "") -> str:
    """The ink colour of a type (:func:`collate.typology.type_info`; a user class takes its category's)."""
    return type_info(type_).colour


@cache
def _static(name: str) -> str:
    return resources.files("collate.reporters").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("collate.reporters", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name in the template fails the tests, not the page
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class _Type:
    name: str
    slug: str
    category: str
    count: int
    colour: str
    tint: str


def _types(apparatus: Apparatus) -> list[_Type]:
    """Every built-in type and every user class present, in typology order, with its entry count.

    The count is of entries having the type among their types: what the type's filter box shows.
    """
    counts = Counter(t for e in apparatus.entries for t in e.types)
    names = [*TYPES, *sorted(t for t in counts if t not in TYPES)]
    found = [
        _Type(str(t), _slug(t), str(category_of(t)), counts.get(t, 0), colour(t), _tint(colour(t)))
        for t in names
    ]
    return sorted(found, key=lambda x: (CATEGORIES.index(Category(x.category)), rank(x.name)))


def _entry(entry: Entry) -> dict[str, Any]:
    """What every mark of an entry carries: number, classes, filter data, tooltip."""
    tip = "; ".join(f"{r.siglum}: {flat(r.text) or 'om.'}" for r in entry.readings)
    return {
        "n": entry.n,
        "category": str(entry.category),
        "type": str(entry.type),
        "types": " ".join(str(t) for t in entry.types),
        "classes": f"cat-{_slug(entry.category)} type-{_slug(entry.type)}",
        "tip": f"{entry.n} ({entry.type}): {tip}",
    }


def _text(apparatus: Apparatus, siglum: str, main: bool) -> list[dict[str, Any]]:
    """A witness's text as pieces: plain strings and marked readings.

    The main text shows each lemma (with a majority base it may not be the
    running witness's reading), and where the base has nothing the words the
    other witnesses add, marked as added; a witness's own column shows its reading.
    """
    pieces: list[dict[str, Any]] = []
    for segment in numbered_segments(apparatus, siglum) if main else segments(apparatus, siglum):
        if isinstance(segment, str):
            pieces.append({"plain": segment})
            continue
        if isinstance(segment, LineStart):
            pieces.append({"plain": None, "line": segment.label})
            continue
        text = segment.lemma.text if main else segment.reading(siglum).text
        added = ""
        if main and not text:
            p = apparatus.presentation(segment)
            added = next((s.label for s in p.readings if s.text), "")
        pieces.append({"plain": None, "line": None, "entry": _entry(segment), "text": text, "added": added})
    return pieces


def _density(apparatus: Apparatus, width: int = 1000) -> dict[str, Any]:
    """Where the entries fall along the text: a tick per entry per category, and a heat map.

    Positions are alignment columns, so the strip is the same whichever witness is the base.
    """
    total = max(len(apparatus.alignment), 1)
    label_w, row_h, gap = 110, 18, 6
    plot_w = width - label_w - 10
    rows = [c for c in CATEGORIES if any(e.category == c for e in apparatus.entries)] or list(CATEGORIES)

    def x_of(entry: Entry) -> float:
        first, last = entry.columns
        return label_w + plot_w * ((first + last + 1) / 2) / total

    lanes = []
    for i, category in enumerate(rows):
        y = i * (row_h + gap)
        ticks = [
            {
                "entry": _entry(e),
                "x": f"{x_of(e) - 1.5:.1f}",
                "ink": colour(e.type),
                "label": f"{e.n}: {e.type} {flat(e.lemma.text) or 'om.'}",
            }
            for e in apparatus.entries
            if e.category == category
        ]
        lanes.append({"category": str(category), "y": y, "ticks": ticks})
    y = len(rows) * (row_h + gap)
    bins = [0] * DENSITY_BINS
    for e in apparatus.entries:
        bins[min(int((x_of(e) - label_w) / plot_w * DENSITY_BINS), DENSITY_BINS - 1)] += 1
    peak = max(bins) or 1
    step = plot_w / DENSITY_BINS
    heat = [
        {"x": f"{label_w + b * step:.1f}", "opacity": f"{count / peak * 0.9 + 0.03:.2f}", "count": count}
        for b, count in enumerate(bins)
    ]
    return {
        "width": width,
        "height": (len(rows) + 1) * (row_h + gap) + 20,
        "label_w": label_w,
        "plot_w": plot_w,
        "row_h": row_h,
        "step": f"{step:.1f}",
        "lanes": lanes,
        "heat_y": y,
        "foot_y": y + row_h + gap + 12,
        "heat": heat,
    }


def density_svg(apparatus: Apparatus, width: int = 1000) -> str:
    """The density strip alone, as SVG markup."""
    template = _environment().get_template("density.svg.j2")
    return template.render(d=_density(apparatus, width))


def _summary(apparatus: Apparatus) -> dict[str, Any]:
    s = apparatus.summary()
    rows = []
    for category in CATEGORIES:
        detail = ", ".join(
            f"{t} {n}"
            for t, n in s["by_type"].items()
            if any(e.type == t and e.category == category for e in apparatus.entries)
        )
        rows.append({"category": str(category), "count": s["by_category"].get(category, 0), "detail": detail})
    agreement = [{"pair": pair, "share": f"{share:.1%}"} for pair, share in s["agreement"].items()]
    return {"rows": rows, "entries": s["entries"], "agreement": agreement}


def _apparatus_items(apparatus: Apparatus) -> list[dict[str, Any]]:
    """One item per entry; a later entry at a place shows no reference (it continues the line)."""
    items = []
    for place in apparatus.places:
        for i, p in enumerate(place.units):
            items.append(
                {
                    "entry": _entry(p.entry),
                    "ref": "" if i else p.ref,
                    "continued": i > 0,
                    "lemma": p.lemma_label,
                    "anchor": not p.lemma.text,
                    "lemma_sigla": " ".join(p.lemma.sigla),
                    "readings": [
                        {"notation": s.notation, "text": s.text, "sigla": " ".join(s.sigla)}
                        for s in p.readings
                    ],
                    "types": ", ".join(str(t) for t in p.entry.types),
                    "rules": ", ".join(p.entry.rules),
                    "decision": _decision(p.entry),
                }
            )
    return items


def _places(apparatus: Apparatus) -> dict[int, dict[str, Any]]:
    """By entry number: what the page's decision controls write to name the entry in ``decisions.toml``.

    ``readings`` maps each siglum to its reading, whitespace runs as one space
    (as :mod:`collate.decisions` compares them); ``occurrence`` numbers
    entries with the same readings in text order (0 where the readings are unique).
    """
    keys = {e.n: tuple(flat(r.text) for r in e.readings) for e in apparatus.entries}
    seen: Counter[tuple[str, ...]] = Counter(keys.values())
    count: Counter[tuple[str, ...]] = Counter()
    out = {}
    for e in apparatus.entries:
        count[keys[e.n]] += 1
        out[e.n] = {
            "readings": json.dumps(dict(zip(apparatus.sigla, keys[e.n], strict=True)), ensure_ascii=False),
            "occurrence": count[keys[e.n]] if seen[keys[e.n]] > 1 else 0,
        }
    return out


def _decision_types() -> list[dict[str, str]]:
    """The types the page offers to retype an entry to: every built-in one, and ``misreading`` (accidental)."""
    found = [{"type": str(t), "category": str(t.category)} for t in TYPES]
    return [*found, {"type": "misreading", "category": str(Category.ACCIDENTAL)}]


def _decision(entry: Entry) -> dict[str, Any] | None:
    """The editor's decision on an entry (:mod:`collate.decisions`): note, who, the type it replaced."""
    d = entry.decision
    if d is None:
        return None
    return {
        "note": d.note,
        "resp": d.resp,
        "was": d.was,
        "title": f"{', '.join(d.kinds)}: {', '.join(d.sources)}",
        "kinds": ", ".join(d.kinds),
    }


def render(apparatus: Apparatus) -> str:
    """The whole page."""
    from markupsafe import Markup

    sigla = apparatus.sigla
    base = running_siglum(apparatus)
    types = _types(apparatus)
    summary = apparatus.summary()
    found = language(apparatus)
    by_cat = Counter(e.category for e in apparatus.entries)
    context = {
        "title": apparatus.title,
        "lang": found[0] if found else None,
        "base": base,
        "majority": apparatus.base != base,
        "profile": apparatus.profile,
        "entries": summary["entries"],
        "counts": ", ".join(f"{n} {c}" for c, n in summary["by_category"].items()),
        "css": Markup(_static("report.css")),  # collate's own files: the only markup marked safe
        "js": Markup(_static("report.js")),
        "types": types,
        "categories": [
            {"name": str(c), "count": by_cat.get(c, 0), "line": LINE_STYLE[c], "colour": c.colour}
            for c in CATEGORIES
        ],
        "density": _density(apparatus),
        "main_text": _text(apparatus, base, main=True),
        # Entries an editorial decision ignores are left out of the list and shown apart, folded.
        "items": _apparatus_items(printed(apparatus)),
        "ignored": _apparatus_items(ignored(apparatus)),
        # The decision controls: how each entry is named, the types offered, the decisions already applied.
        "places": _places(apparatus),
        "decision_types": _decision_types(),
        "decisions_text": apparatus.decisions.text,
        "decisions_file": apparatus.decisions.to_dict()["file"] if apparatus.decisions.source else "",
        "columns": [
            {"siglum": s, "title": apparatus.witness(s).title, "text": _text(apparatus, s, main=False)}
            for s in sigla
        ],
        "witnesses": [
            {"siglum": w.siglum, "title": w.title, "source": w.source, "tokens": len(w.tokens)}
            for w in apparatus.witnesses
        ],
        "summary": _summary(apparatus),
        # The variant graph, distances and tree (three or more witnesses; empty otherwise): a fragment
        # collate.graph builds and escapes itself (witness text through html.escape, Graphviz's and
        # matplotlib's SVG escape their labels), so it is marked safe here as a whole.
        "graph": Markup(graph_html(apparatus, apparatus.options.get("range"))),
    }
    return _environment().get_template("apparatus.html.j2").render(**context)
