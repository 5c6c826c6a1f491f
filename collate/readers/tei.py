"""TEI XML witnesses: the text of ``<body>``, parsed without any network or entity expansion.

What the transcription says is kept; what the encoder added is not:

- ``<choice>`` is read as ``<orig>``/``<sic>``/``<abbr>`` (``choice="orig"``,
  the default) or as ``<reg>``/``<corr>``/``<expan>`` (``choice="reg"``);
  ``<app>`` as its ``<lem>`` (or its first ``<rdg>``), looking inside ``<rdgGrp>``;
- ``<note>`` is left out, and so is everything outside ``<body>`` (a file
  without one is read from ``<text>``, or from what follows ``<teiHeader>``,
  with a :class:`~collate.errors.LayoutWarning`: see :func:`_text_of`);
- ``<lb/>`` and ``<cb/>`` are line breaks (none with ``break="no"``); block
  elements (``<p>``, ``<div>``, ``<head>``, ``<l>``, ``<ab>``, ...) start lines;
- ``<pb n="2"/>`` becomes a page-marker line ``- 2 -`` in the extracted text
  and one pagination token there (with ``break="no"``, after the word it splits);
- whitespace runs are collapsed to one space, as XML's indentation is not text.

Offsets, lines and columns of a TEI witness refer to this extracted text
(``Witness.text``), not to the XML file.

The parser never resolves entities, loads a DTD, or touches the network
(``resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False``):
an entity reference other than XML's five is kept as its literal text
``&name;`` and draws an :class:`~collate.errors.EntityWarning`.

>>> xml = '''<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
... <p>Москва <choice><sic>предупреждла</sic><corr>предупреждала</corr></choice><note>sic!</note>
... <pb n="2"/>корейских<lb/>товарищей</p></body></text></TEI>'''.encode()
>>> print(extract(xml).text)
Москва предупреждла
- 2 -
корейских
товарищей
>>> extract(xml, choice="reg").text.split()[1]
'предупреждала'
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EntityWarning, LayoutWarning, WitnessError, located
from ..model import Witness
from .base import make_witness, warn_mojibake

#: How ``<choice>`` is read: the first child found in this order.
CHOICES: dict[str, tuple[str, ...]] = {
    "orig": ("orig", "sic", "abbr", "seg"),
    "reg": ("reg", "corr", "expan", "seg"),
}
BLOCKS = frozenset(
    {
        *("p", "div", "div1", "div2", "div3", "div4", "head", "l", "lg", "ab", "sp", "speaker"),
        *("list", "item", "table", "row", "cell", "opener", "closer", "salute", "signed"),
        *("dateline", "trailer", "byline", "docAuthor", "postscript", "floatingText", "listBibl", "bibl"),
        "label",
    }
)
SKIPPED = frozenset({"note", "teiHeader", "rdg", "witDetail"})
_WS = re.compile(r"(\s+)|(\S+)")


@dataclass
class Extracted:
    """A TEI document's witness text, the spans of its page markers, and its encoding."""

    text: str
    pages: list[tuple[int, int]] = field(default_factory=list)
    encoding: str = "utf-8"


class _Writer:
    """Builds the extracted text: collapsed spaces, one newline per break, page-marker lines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.line_start = True
        self.space = False
        self.pages: list[tuple[int, int]] = []
        self.pending: list[str] = []  # labels of <pb break="no"/> waiting for the word to end

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def text(self, s: str | None) -> None:
        for m in _WS.finditer(s or ""):
            if m.group(1):
                self.flush()
                self.space = True
                continue
            if self.space and not self.line_start:
                self._emit(" ")
            self._emit(m.group(2))
            self.space = self.line_start = False

    def newline(self) -> None:
        self.flush()
        if not self.line_start:
            self._emit("\n")
        self.line_start, self.space = True, False

    def page(self, label: str, inside_word: bool = False) -> None:
        """A page-marker line; inside a word (``break="no"``), once the word has ended."""
        if inside_word and not self.line_start:
            self.pending.append(label)
            return
        self.newline()
        start = self.pos
        self._emit(f"- {label} -")
        self.pages.append((start, self.pos))
        self.line_start = False
        self.newline()

    def flush(self) -> None:
        """Write the page markers that waited for the end of a word."""
        pending, self.pending = self.pending, []
        for label in pending:
            self.page(label)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )


def extract(
    data: bytes, choice: str = "orig", path: object = "input", encoding: str | None = None
) -> Extracted:
    """The witness text of a TEI document (bytes), with its page markers.

    Raises :class:`~collate.errors.WitnessError` naming ``path`` (with line
    and column) when the XML is malformed or has no ``<body>``.
    """
    if choice not in CHOICES:
        raise WitnessError(f"unknown TEI choice reading {choice!r} (known: {', '.join(CHOICES)})")
    try:
        root = etree.fromstring(data, _parser(encoding))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        message = re.sub(r",? \(?line \d+,? column \d+\)?$", "", exc.msg or str(exc)).strip()
        raise WitnessError(located(path, f"malformed XML: {message}", line or None, column or None)) from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding in the XML declaration
        raise WitnessError(located(path, f"cannot read XML: {exc}")) from None
    writer = _Writer()
    entities: list[str] = []
    for part in _text_of(root, path):
        _walk(part, writer, CHOICES[choice], entities)
    if entities:
        names = ", ".join(dict.fromkeys(entities))
        warnings.warn(
            EntityWarning(located(path, f"entity reference(s) {names} kept as text, not expanded")),
            stacklevel=2,
        )
    writer.flush()
    text = "".join(writer.parts).rstrip("\n")
    return Extracted(text, writer.pages, _encoding(data, root.getroottree().docinfo.encoding))


def read(
    data: bytes, path: Path, encoding: str | None = None, choice: str = "orig", siglum: str | None = None
) -> list[Witness]:
    """The one witness of a TEI file (siglum ``siglum`` or the file stem): its text, its page markers' spans as ``pages``.

    XML names its own encoding (declaration or BOM), so ``encoding`` (meant
    for legacy text files in the same folder) is not applied. The pipeline
    tokenizes the text and makes each page marker one pagination token, whatever its label.
    """
    extracted = extract(data, choice, path)
    warn_mojibake(extracted.text, path)
    return [
        make_witness(
            siglum or path.stem,
            extracted.text,
            path=str(path),
            encoding=extracted.encoding,
            pages=tuple(extracted.pages),
        )
    ]


def _text_of(root: etree._Element, path: object) -> list[etree._Element]:
    """The elements that hold a document's text: ``<body>``, else ``<text>``, else what follows ``<teiHeader>``.

    TEI P5 puts the text in ``<text><body>``. Some real editions do not: the
    Tolstoy Digital files of the Azbuka stories put their ``<p>`` straight
    under ``<TEI>``, and some works nest ``<text><text><div>`` with no
    ``<body>``. Their intent is unambiguous (the header is metadata, the rest
    is the text), so the text is read and a :class:`~collate.errors.LayoutWarning`
    says how; refusing would drop whole documents from a corpus for their
    markup, not their text. A root that is not ``<TEI>`` and has neither is
    not a TEI witness.
    """
    body = next((el for el in root.iter() if _local(el) == "body"), None)
    if body is not None:
        return [body]
    text = next((el for el in root.iter() if _local(el) == "text"), None)
    if text is not None:
        _layout(path, "no <body>: read the whole <text> as the witness", text.sourceline)
        return [text]
    rest = [el for el in root if isinstance(el.tag, str) and _local(el) not in SKIPPED]
    if _local(root) == "TEI" and rest:
        _layout(path, "no <text> or <body>: read what follows <teiHeader> as the witness", rest[0].sourceline)
        return rest
    raise WitnessError(located(path, "no <body> element: not a TEI witness", root.sourceline))


def _layout(path: object, message: str, line: int | None) -> None:
    warnings.warn(LayoutWarning(located(path, f"{message} (not TEI P5)", line)), stacklevel=4)


def _encoding(data: bytes, declared: str | None) -> str:
    """The document's encoding: its declaration's, or UTF-16 by its BOM (lxml then says UTF-8)."""
    declared = (declared or "utf-8").lower()
    if declared == "utf-8" and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return declared


def _walk(el: etree._Element, w: _Writer, prefer: tuple[str, ...], entities: list[str]) -> None:
    """Write ``el``'s content (not its tail) to ``w``."""
    name = _local(el)
    if name in BLOCKS:
        w.newline()
    w.text(el.text)
    for child in el:
        if isinstance(child, etree._Entity):
            entities.append(child.text)
            w.text(child.text)
        elif not isinstance(child.tag, str):  # comments and processing instructions
            pass
        else:
            _child(child, w, prefer, entities)
        w.text(child.tail)
    if name in BLOCKS:
        w.newline()


def _child(el: etree._Element, w: _Writer, prefer: tuple[str, ...], entities: list[str]) -> None:
    name = _local(el)
    if name in SKIPPED:
        return
    if name in ("lb", "cb"):
        if el.get("break") != "no":
            w.newline()
        return
    if name == "pb":
        w.page(" ".join((el.get("n") or "?").split()) or "?", el.get("break") == "no")
        return
    if name == "choice":
        options = {_local(c): c for c in reversed(el) if isinstance(c.tag, str)}
        pick = next((options[n] for n in prefer if n in options), None)
        if pick is None and len(el):
            pick = next((c for c in el if isinstance(c.tag, str)), None)
        if pick is not None:
            _walk(pick, w, prefer, entities)
        return
    if name == "app":
        options = list(_readings(el))
        pick = next((c for c in options if _local(c) == "lem"), options[0] if options else None)
        if pick is not None:
            _walk(pick, w, prefer, entities)
        return
    _walk(el, w, prefer, entities)


def _readings(el: etree._Element) -> Iterator[etree._Element]:
    """The ``<lem>`` and ``<rdg>`` of an ``<app>``, in order, including those grouped in ``<rdgGrp>``."""
    for child in el:
        name = _local(child)
        if name in ("lem", "rdg"):
            yield child
        elif name == "rdgGrp":
            yield from _readings(child)
