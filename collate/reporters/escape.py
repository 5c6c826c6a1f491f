r"""Escaping at each format's boundary: every string from the input goes through one of these.

Witness text, sigla, titles, sources and user classes all come from files a
user (or anyone who sent them) wrote. Each reporter escapes them once, where
they enter its format:

* plain text and the terminal: :func:`visible` shows control characters as
  their Unicode pictures (``\x1b`` as ``␛``), so no escape sequence reaches a terminal;
* LaTeX: :func:`latex` escapes every character TeX treats specially, so a siglum
  ``B\input{/etc/passwd}`` prints as those characters and reads no file;
* CSV: :func:`csv_cell` neutralizes a cell that a spreadsheet would take for a
  formula (OWASP's advice: a leading ``'``);
* Markdown: :func:`markdown_cell` escapes ``|`` and every character Markdown or
  HTML gives a meaning to;
* HTML: Jinja2's autoescape (:mod:`collate.reporters.html`); XML (TEI): lxml.

>>> visible("a\x1b[41mb")
'a␛[41mb'
>>> latex(r"B\input{x} 50% MS_A")
'B\\textbackslash{}input\\{x\\} 50\\% MS\\_A'
>>> csv_cell("=HYPERLINK(1)"), csv_cell("-2"), csv_cell("мир")
("'=HYPERLINK(1)", "'-2", 'мир')
>>> markdown_cell("a | <b>")
'a \\| &lt;b&gt;'
"""

from __future__ import annotations

import html

import regex

__all__ = ["csv_cell", "latex", "markdown_cell", "visible", "xml_text"]

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional
# overrides that can make a line display in another order than it reads.
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(match: regex.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with control characters shown as visible pictures; tab and newline kept."""
    return _CONTROL.sub(_picture, text)


# Characters XML 1.0 forbids (control characters other than tab, newline, return; U+FFFE, U+FFFF).
_XML_ILLEGAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` fit for any XML report (TEI, GraphML): each character XML 1.0 forbids becomes U+FFFD.

    >>> xml_text("a\x1b[41mb\ufffe")
    'a\ufffd[41mb\ufffd'
    """
    return _XML_ILLEGAL.sub("\ufffd", text)


_TEX = {
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
    '"': r"\textquotedbl{}",
}
_TEX_RE = regex.compile(r"[\\{}$&#^_%~<>|\"]")
_TEX_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def latex(text: str) -> str:
    """``text`` for TeX: specials escaped, ``--`` kept from becoming a dash, control characters dropped.

    Control characters would stop the TeX run (``^^[``); they become spaces.
    """
    text = _TEX_CONTROL.sub(" ", text)
    text = _TEX_RE.sub(lambda m: _TEX[m.group()], text)
    return regex.sub(r"-(?=-)", "-{}", text)


#: What spreadsheets read as the start of a formula (OWASP, "CSV Injection"); tab and CR too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a cell starting like a formula gets a leading ``'``.

    The quote is what OWASP recommends: Excel, LibreOffice and Google Sheets
    show the cell as text. It changes the cell, so a program reading the CSV
    sees ``'-2``; ``apparatus.json`` and ``Apparatus.to_frame()`` keep the text as it is.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


_MD_RE = regex.compile(r"[\\`*_\[\]|~]")


def markdown_cell(text: str) -> str:
    """``text`` for one Markdown table cell: one line, HTML escaped, ``|`` and markup characters escaped."""
    text = visible(" ".join(text.split()))
    text = html.escape(text, quote=False)
    return _MD_RE.sub(lambda m: "\\" + m.group(), text)
