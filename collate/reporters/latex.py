r"""``apparatus.tex``: the base text with a print-ready critical apparatus for reledmac.

The document is set as printed critical editions are:

* the title (the manifest's ``title``), a conspectus siglorum (each siglum with
  its witness's title and source), and the base text in ``\pstart ... \pend``
  paragraphs, with the base text's line numbers in the left margin
  (:mod:`collate.references`: the numbers every report's references use);
* each place (:mod:`collate.presentation`: one or more entries at one
  reference) is one ``\edtext``; its substantive entries go to the first
  footnote series (A), its accidental and editorial entries to the second (B),
  both run on in paragraph style; an editor's note (:mod:`collate.decisions`)
  goes to the third (C). A note reads as apparatus.txt's line does,
  ``l. 5.10 оторвался A ] оторван B (grammatical)``, with *om.*, *add.* (after the
  base word an addition follows) and *tr.*;
* Russian hyphenation (polyglossia) when the base text is Russian.

Every string from the input (text, sigla, titles, sources, user classes)
goes through :func:`collate.reporters.escape.latex`:

>>> escape(r"50% of $5 & {x} #1 a_b ~ ^ \ <script> --")
'50\\% of \\$5 \\& \\{x\\} \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}script\\textgreater{} -{}-'

It compiles with LuaLaTeX or XeLaTeX, twice (reledmac places the notes on the
second run). pdfLaTeX is not supported, and the document says so when run
with it: the text is UTF-8 (Cyrillic, and whatever else the witnesses hold)
set in a system font through fontspec and hyphenated by polyglossia, which
need a Unicode engine; pdfLaTeX would need an 8-bit encoding and fonts per
script (T2A and the LH fonts for Cyrillic, often not installed: it stopped
with ``t2aenc.def`` not found).
"""

from __future__ import annotations

import regex

from ..apparatus import Apparatus
from ..decisions import printed
from ..presentation import Place, Presentation, flat
from ..typology import Category
from .base_text import LineStart, language, numbered_segments
from .escape import latex as latex_escape

_PARAGRAPH = regex.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")

_FONTS = r"""\IfFontExistsTF{CMU Serif}{\setmainfont{CMU Serif}}{%
  \IfFontExistsTF{DejaVu Serif}{\setmainfont{DejaVu Serif}}{%
    \IfFontExistsTF{FreeSerif}{\setmainfont{FreeSerif}}{}}}"""

PREAMBLE = r"""% apparatus.tex, written by collate. Compile twice with lualatex (or xelatex).
% pdflatex is not supported: UTF-8 text in system fonts (fontspec) with polyglossia needs a Unicode engine.
\documentclass[a4paper,11pt]{article}
\usepackage{iftex}
\ifPDFTeX
  \errmessage{apparatus.tex needs lualatex or xelatex: pdflatex is not supported (see the second line)}
  \csname @@end\endcsname
\fi
\usepackage{fontspec}
FONTS
\usepackage{polyglossia}
LANGUAGES
\usepackage[series={A,B,C},noend,noeledsec,nofamiliar]{reledmac}
% Notes run on in paragraphs: substantive variants in A, accidental and editorial ones in B.
\Xarrangement[A]{paragraph}
\Xarrangement[B]{paragraph}
% References are collate's line.word on the base text (its line numbers are in the margin),
% printed at the head of each note, so reledmac's own line numbers are hidden.
\Xnonumber
\Xlemmaseparator{}
\Xinplaceoflemmaseparator{0.4em}
\firstlinenum{1000000}
\linenumincrement{1000000}
\Xbeforenotes[B]{1em}
\setlength{\emergencystretch}{3em}
\newcommand{\sigla}[1]{\textit{#1}}
\newcommand{\vtype}[1]{(\textit{#1})}
\newcommand{\vref}[1]{\textbf{#1}}
\newcommand{\notation}[1]{\textit{#1}}
\newcommand{\textline}[1]{\ledleftnote{\footnotesize #1}}
"""


def escape(text: str) -> str:
    """``text`` with TeX's special characters escaped (:func:`collate.reporters.escape.latex`)."""
    return latex_escape(text)


def _sigla(sigla: tuple[str, ...]) -> str:
    return f"\\sigla{{{escape(' '.join(sigla))}}}"


def unit(p: Presentation) -> str:
    r"""One entry as a note says it: ``lemma \sigla{A} ] reading \sigla{B}; ... \vtype{type}``."""
    parts = []
    for shown in p.readings:
        note = f"\\notation{{{shown.notation}}}" if shown.notation else ""
        text = " ".join(x for x in (note, escape(shown.text)) if x)
        parts.append(f"{text} {_sigla(shown.sigla)}")
    head = f"{escape(p.lemma_label)} {_sigla(p.lemma.sigla)}"
    return f"{head} ] " + "; ".join(parts) + f" \\vtype{{{escape(p.entry.type)}}}"


def edtext(place: Place) -> str:
    r"""The ``\edtext`` of one place: the first entry's text, a note per series holding its units.

    An addition has no text of its own (``\edtext{}{...}``): its note names the
    base word it follows and stands at that word's line.
    """
    first = place.units[0]
    substantive = [u for u in place.units if u.entry.category == Category.SUBSTANTIVE]
    other = [u for u in place.units if u.entry.category != Category.SUBSTANTIVE]
    notes = []
    for series, units in (("A", substantive), ("B", other)):
        if units:
            notes.append(f"\\{series}footnote{{" + " | ".join(unit(u) for u in units) + "}")
    head = f"\\lemma{{\\vref{{{escape(place.ref)}}} }}"
    notes += [_editorial_note(u) for u in place.units]
    return f"\\edtext{{{escape(first.lemma.text)}}}{{{head}{''.join(notes)}}}"


def _editorial_note(p: Presentation) -> str:
    r"""The editor's note on an entry, in a third series of notes: ``\Cfootnote{note (resp)}``."""
    decision = p.entry.decision
    if decision is None or not decision.note:
        return ""
    resp = f" \\textit{{({escape(decision.resp)})}}" if decision.resp else ""
    return f"\\Cfootnote{{{escape(flat(decision.note))}{resp}}}"


def _running(text: str) -> str:
    """Plain text between entries: escaped, paragraph breaks become ``\\pend``/``\\pstart``."""
    parts = _PARAGRAPH.split(text)
    return "\n\\pend\n\n\\pstart\n".join(escape(p) for p in parts)


def _languages(apparatus: Apparatus) -> str:
    if language(apparatus) == ("ru", "Russian"):
        return "\\setmainlanguage{russian}\n\\setotherlanguage{english}"
    return "\\setmainlanguage{english}"


def conspectus(apparatus: Apparatus) -> str:
    """The conspectus siglorum: each siglum with its witness's title and source."""
    items = []
    for w in apparatus.witnesses:
        about = escape(w.title) if w.title else "\\textit{(no title)}"
        source = f". {escape(w.source)}" if w.source else ""
        items.append(f"\\item[{_sigla((w.siglum,))}] {about}{source}")
    return (
        "\\subsection*{Conspectus siglorum}\n\\begin{description}\n"
        + "\n".join(items)
        + "\n\\end{description}\n"
    )


def render(apparatus: Apparatus) -> str:
    """The whole LaTeX document (entries an editorial decision ignores are printed as plain text)."""
    apparatus = printed(apparatus)
    summary = apparatus.summary()
    counts = ", ".join(f"{n} {c}" for c, n in summary["by_category"].items())
    starts = {place.n: place for place in apparatus.places}
    body: list[str] = []
    segs = numbered_segments(apparatus)
    last_text = max((i for i, s in enumerate(segs) if isinstance(s, str)), default=-1)
    seen_text = False
    for i, segment in enumerate(segs):
        if isinstance(segment, LineStart):
            body.append(f"\\textline{{{escape(segment.label)}}}")
        elif isinstance(segment, str):
            if not seen_text:
                segment = segment.lstrip()
            if i == last_text:
                segment = segment.rstrip()
            body.append(_running(segment))
        elif segment.n in starts:
            body.append(edtext(starts[segment.n]))
        else:  # a later entry of a place: its text, noted in the place's note
            body.append(escape(flat(segment.lemma.text)))
        seen_text = seen_text or not isinstance(segment, LineStart)
    n = summary["entries"]
    preamble = PREAMBLE.replace("FONTS", _FONTS).replace("LANGUAGES", _languages(apparatus))
    base = f"\\sigla{{{escape(apparatus.base)}}}"
    return (
        preamble
        + "\\begin{document}\n"
        + f"\\section*{{{escape(apparatus.title)}}}\n"
        + f"Base text: {base}. Normalization profile: {escape(apparatus.profile)}. "
        + f"{n} {'entry' if n == 1 else 'entries'} ({counts}). "
        + "References (l. 5.10: line 5, word 10) count the base text's lines, numbered in the margin.\n\n"
        + conspectus(apparatus)
        + "\n\\beginnumbering\n\\pstart\n"
        + "".join(body)
        + "\n\\pend\n\\endnumbering\n\\end{document}\n"
    )
