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
from ..model import Entry
from .base_text import segments, text_groups

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL_RE = regex.compile(r"[\\{}$&#^_%~<>|]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    """``text`` with TeX's special characters escaped (``--`` kept from becoming a dash)."""
    text = _CONTROL.sub(" ", text)
    text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    return regex.sub(r"-(?=-)", "-{}", text)


def _flat(text: str) -> str:
    return escape(" ".join(text.split()))


def edtext(entry: Entry) -> str:
    r"""The ``\edtext`` of one entry."""
    (lemma, lemma_sigla), *others = text_groups(entry)
    notes = []
    for text, sigla in others:
        if not text:
            reading = r"\textit{om.}"
        elif not lemma:
            reading = r"\textit{add.} " + escape(text)
        else:
            reading = escape(text)
        notes.append(f"{reading} \\sigla{{{' '.join(sigla)}}}")
    shown = escape(lemma) if lemma else r"\textit{om.}"
    note = "; ".join(notes) + f" \\vtype{{{escape(entry.type)}}}"
    head = f"\\lemma{{{shown} \\sigla{{{' '.join(lemma_sigla)}}}}}"
    return f"\\edtext{{{escape(lemma)}}}{{{head}\\Afootnote{{{note}}}{_editorial_note(entry)}}}"


def _editorial_note(entry: Entry) -> str:
    r"""The editor's note on ``entry`` in the second series of notes: ``\Bfootnote{note (resp)}``."""
    decision = entry.decision
    if decision is None or not decision.note:
        return ""
    resp = f" \\textit{{({escape(decision.resp)})}}" if decision.resp else ""
    return f"\\Bfootnote{{{_flat(decision.note)}{resp}}}"


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
    for i, segment in enumerate(segs):
        if isinstance(segment, str):
            if i == 0:
                segment = segment.lstrip()
            if i == len(segs) - 1:
                segment = segment.rstrip()
            body.append(_running(segment))
        else:
            body.append(edtext(segment))
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
