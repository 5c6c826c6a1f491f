r"""``apparatus.tex``: the base text with a critical apparatus for reledmac.

Each entry is typeset the way critical editions are:
``\edtext{lemma}{\lemma{lemma \sigla{A}}\Afootnote{reading \sigla{B} (type)}}``,
so reledmac prints line-numbered notes ``lemma A] reading B``. An omission
reads *om.*, an addition (the lemma is empty) *add.*. Paragraphs of the base
witness become ``\pstart ... \pend``. Every character TeX treats specially is
escaped:

>>> escape(r"50% of $5 & {x} #1 a_b ~ ^ \ <script> --")
'50\\% of \\$5 \\& \\{x\\} \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}script\\textgreater{} -{}-'

The document compiles with LuaLaTeX or XeLaTeX (fontspec; a Cyrillic font
is chosen when one is installed) and with pdfLaTeX (T2A).
"""

from __future__ import annotations

import regex

from ..apparatus import Apparatus
from ..decisions import printed
from ..presentation import Place, Presentation, flat
from .base_text import segments
from .escape import latex as latex_escape

_PARAGRAPH = regex.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")

PREAMBLE = r"""% apparatus.tex, written by collate. Compile with lualatex or xelatex (or pdflatex).
\documentclass[a4paper,11pt]{article}
\usepackage{iftex}
\ifPDFTeX
  \usepackage[T2A,T1]{fontenc}
  \usepackage[utf8]{inputenc}
\else
  \usepackage{fontspec}
  \IfFontExistsTF{CMU Serif}{\setmainfont{CMU Serif}}{%
    \IfFontExistsTF{DejaVu Serif}{\setmainfont{DejaVu Serif}}{%
      \IfFontExistsTF{FreeSerif}{\setmainfont{FreeSerif}}{}}}
\fi
\usepackage{reledmac}
\newcommand{\sigla}[1]{\textit{#1}}
\newcommand{\vtype}[1]{(\textit{#1})}
"""


def escape(text: str) -> str:
    """``text`` with TeX's special characters escaped (:func:`collate.reporters.escape.latex`)."""
    return latex_escape(text)


def _sigla(sigla: tuple[str, ...]) -> str:
    return f"\\sigla{{{escape(' '.join(sigla))}}}"


def _readings(p: Presentation) -> str:
    """The readings after ``]`` and the type: ``reading \\sigla{B}; \\textit{om.} \\sigla{C} \\vtype{..}``."""
    parts = []
    for shown in p.readings:
        note = f"\\textit{{{shown.notation}}}" if shown.notation else ""
        text = " ".join(x for x in (note, escape(shown.text)) if x)
        parts.append(f"{text} {_sigla(shown.sigla)}")
    return "; ".join(parts) + f" \\vtype{{{escape(p.entry.type)}}}"


def edtext(place: Place) -> str:
    r"""The ``\edtext`` of one place: the first entry's lemma, a footnote holding every unit.

    An addition's lemma is the base's word it follows, printed in the note
    only (``\edtext{}{\lemma{word}...}``), so the note stands at that line.
    """
    first, *rest = place.units
    shown = escape(first.lemma_label)
    if not first.lemma.text and not first.anchor:
        shown = "—"
    head = f"\\lemma{{{shown} {_sigla(first.lemma.sigla)}}}"
    note = _readings(first)
    for unit in rest:
        note += f" | {escape(unit.lemma_label)} {_sigla(unit.lemma.sigla)} ] {_readings(unit)}"
    notes = "".join(_editorial_note(unit) for unit in place.units)
    return f"\\edtext{{{escape(first.lemma.text)}}}{{{head}\\Afootnote{{{note}}}{notes}}}"


def _editorial_note(p: Presentation) -> str:
    r"""The editor's note on an entry in the second series of notes: ``\Bfootnote{note (resp)}``."""
    decision = p.entry.decision
    if decision is None or not decision.note:
        return ""
    resp = f" \\textit{{({escape(decision.resp)})}}" if decision.resp else ""
    return f"\\Bfootnote{{{escape(flat(decision.note))}{resp}}}"


def _running(text: str) -> str:
    """Plain text between entries: escaped, paragraph breaks become ``\\pend``/``\\pstart``."""
    parts = _PARAGRAPH.split(text)
    return "\n\\pend\n\n\\pstart\n".join(escape(p) for p in parts)


def render(apparatus: Apparatus) -> str:
    """The whole LaTeX document (entries an editorial decision ignores are printed as plain text)."""
    apparatus = printed(apparatus)
    summary = apparatus.summary()
    counts = ", ".join(f"{n} {c}" for c, n in summary["by_category"].items())
    body: list[str] = []
    segs = segments(apparatus)
    starts = {place.n: place for place in apparatus.places}
    for i, segment in enumerate(segs):
        if isinstance(segment, str):
            if i == 0:
                segment = segment.lstrip()
            if i == len(segs) - 1:
                segment = segment.rstrip()
            body.append(_running(segment))
        elif segment.n in starts:
            body.append(edtext(starts[segment.n]))
        else:  # a later entry of a place: its text, noted in the place's footnote
            body.append(escape(flat(segment.lemma.text)))
    witnesses = "\n".join(
        f"\\item[\\sigla{{{escape(w.siglum)}}}] {escape(w.title or w.siglum)}"
        + (f". {escape(w.source)}" if w.source else "")
        for w in apparatus.witnesses
    )
    return (
        PREAMBLE
        + "\\begin{document}\n"
        + f"\\section*{{Apparatus: {escape(' / '.join(apparatus.sigla))}}}\n"
        + f"Base text: \\sigla{{{escape(apparatus.base)}}}. "
        + f"Normalization profile: {escape(apparatus.profile)}. "
        + f"{summary['entries']} entries ({counts}).\n\n"
        + f"\\begin{{description}}\n{witnesses}\n\\end{{description}}\n\n"
        + "\\beginnumbering\n\\pstart\n"
        + "".join(body)
        + "\n\\pend\n\\endnumbering\n\\end{document}\n"
    )
