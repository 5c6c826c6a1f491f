"""``apparatus.xml``: the apparatus as TEI P5 in parallel segmentation.

The running text (the base witness's) stands in one ``<ab xml:space="preserve">``
with every entry in place as an ``<app>``; text between entries is copied with
its whitespace. Readings with the same words (after normalization, punctuation
aside) form one ``<rdgGrp type="substantive">``: its first member (the lemma,
or the first witness of the group) is the substantive reading and the others,
which differ from it only accidentally, follow in a nested ``<rdgGrp
type="orthographic">`` carrying their own accidental type on ``<rdg type>``
(``case``, ``punctuation``, ...)::

    <app xml:id="app1" n="1" type="punctuation" ana="#accidental">
      <rdgGrp type="substantive">
        <lem wit="#A" n="1">т.Булганину</lem>
        <rdgGrp type="orthographic">
          <rdg wit="#B" n="1-1" type="punctuation">т. Булганину</rdg>
        </rdgGrp>
      </rdgGrp>
    </app>

That is the shape teiphy reads: it gives readings the type of their
``rdgGrp``, so ``teiphy -t orthographic`` collapses every accidental reading
into the substantive reading before it. An omission is an empty ``<rdg/>``.
Each ``<app>`` points with ``@ana`` to its category, an ``<interp>`` in the
``<back>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import regex

from ..apparatus import Apparatus
from ..model import Entry
from ..presentation import Presentation, Shown
from ..typology import CATEGORIES, Category, category_of
from .base_text import language, segments
from .escape import xml_text

if TYPE_CHECKING:  # pragma: no cover - lxml is imported where a TEI report is made, not on every start
    from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_ID = f"{{{XML_NS}}}id"
_SPACE = f"{{{XML_NS}}}space"


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _clean(text: str) -> str:
    return xml_text(text)


@cache
def _name_char(ch: str) -> bool:
    """True when libxml2 (which reads the TEI back) takes ``ch`` inside an XML name.

    Its tables are XML 1.0's older ones: ``Ș`` or ``¹`` are not name characters
    there, though Unicode calls them a letter and a number (found by the hostile fuzz).
    """
    from lxml import etree

    if ch in ':"<>&' or not ch.isprintable():
        return False
    try:  # the parser itself is the judge: xml:id values are checked as the reader will check them
        etree.fromstring(f'<a xml:id="a{ch}"/>'.encode())
    except etree.XMLSyntaxError:
        return False
    return True


def witness_id(siglum: str) -> str:
    """A valid ``xml:id`` for a siglum: itself when it is an XML name, else a sanitized form.

    Two sigla can give one sanitized form: :func:`witness_ids` makes them unique.

    >>> witness_id("A"), witness_id("1"), witness_id("Ms:2")
    ('A', 'w1', 'Ms_2')
    """
    name = "".join(ch if _name_char(ch) else "_" for ch in siglum)
    if not (name[:1] == "_" or (name[:1].isalpha() and _name_char(name[:1]) and name[:1] not in ".-")):
        name = "w" + name
    return name


_RESERVED = regex.compile(r"app\d+|substantive|accidental|editorial")


def witness_ids(sigla: Sequence[str]) -> dict[str, str]:
    """A unique, stable ``xml:id`` per siglum.

    A siglum that is already an XML name keeps it; another takes its
    :func:`witness_id` and, if a siglum (or one of the document's own ids:
    ``appN``, the categories) has it already, ``-2``, ``-3`` ...: the same
    sigla always get the same ids.

    >>> witness_ids(["1", "w1"]), witness_ids(["Ms:2", "Ms_2"]), witness_ids(["app1", "A"])
    ({'1': 'w1-2', 'w1': 'w1'}, {'Ms:2': 'Ms_2-2', 'Ms_2': 'Ms_2'}, {'app1': 'app1-2', 'A': 'A'})
    """
    taken: set[str] = set()
    ids: dict[str, str] = {}
    for siglum in sigla:  # first the sigla that are ids as they are
        if witness_id(siglum) == siglum and not _RESERVED.fullmatch(siglum):
            ids[siglum] = siglum
            taken.add(siglum)
    for siglum in sigla:
        if siglum in ids:
            continue
        base = candidate = witness_id(siglum)
        k = 1
        while candidate in taken or _RESERVED.fullmatch(candidate):
            k += 1
            candidate = f"{base}-{k}"
        ids[siglum] = candidate
        taken.add(candidate)
    return {s: ids[s] for s in sigla}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, _t(tag), {k: v for k, v in attrs.items() if v is not None})
    if text:  # an empty reading stays an empty element: <rdg wit="#B"/>
        element.text = _clean(text)
    return element


def _header(root: etree._Element, apparatus: Apparatus, ids: dict[str, str]) -> None:
    header = _sub(root, "teiHeader")
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", apparatus.title)
    publication = _sub(file_desc, "publicationStmt")
    _sub(
        publication,
        "p",
        f"Generated by collate: base {apparatus.base}, normalization profile "
        f"{apparatus.profile}, {len(apparatus.entries)} entries.",
    )
    for name in _deciders(apparatus):
        resp_stmt = _sub(title_stmt, "respStmt")
        _sub(resp_stmt, "resp", "editorial decisions")
        _sub(resp_stmt, "name", name).set(_ID, _resp_id(name))
    source_desc = _sub(file_desc, "sourceDesc")
    list_wit = _sub(source_desc, "listWit")
    for witness in apparatus.witnesses:
        element = _sub(list_wit, "witness", None, n=witness.siglum)
        element.set(_ID, ids[witness.siglum])
        element.text = _clean(witness.title or witness.siglum)
        if witness.source:
            _sub(element, "bibl", witness.source)
    encoding = _sub(header, "encodingDesc")
    _sub(encoding, "variantEncoding", None, method="parallel-segmentation", location="internal")
    found = language(apparatus)
    if found:
        profile = _sub(header, "profileDesc")
        usage = _sub(profile, "langUsage")
        _sub(usage, "language", found[1], ident=found[0])


def _deciders(apparatus: Apparatus) -> list[str]:
    """Who made the editorial decisions on the entries (each ``resp`` once, in text order)."""
    return list(dict.fromkeys(e.decision.resp for e in apparatus.entries if e.decision and e.decision.resp))


def _resp_id(name: str) -> str:
    """The ``xml:id`` of a decider in the header, pointed to by ``@resp``: ``resp-`` and the name sanitized."""
    return "resp-" + regex.sub(r"[^\p{L}\p{N}_.\-]", "_", name)


def _wit(sigla: Sequence[str], ids: dict[str, str]) -> str:
    return " ".join(f"#{ids[s]}" for s in sigla)


def _accidental_type(entry: Entry) -> str:
    """The accidental type of a reading that differs from its group's head only accidentally."""
    if entry.category == Category.ACCIDENTAL:
        return entry.type
    found = [t for t in entry.types if category_of(t) == Category.ACCIDENTAL]
    return found[0] if found else "orthographic"


def app_element(p: Presentation, ids: dict[str, str]) -> etree._Element:
    """The ``<app>`` of one entry (without tail text), grouped as :mod:`collate.presentation` groups it.

    Each agreement group is an ``<rdgGrp type="substantive">``; its first
    printed reading is the ``<lem>`` (the lemma's group) or a ``<rdg>``, the
    group's other printed readings a nested ``<rdgGrp type="orthographic">``.
    A reading keeps the witnesses' text (whitespace as in the first of them).
    """
    from lxml import etree

    entry = p.entry
    ana = f"#{entry.category}" + (" #ignored" if entry.ignored else "")
    app = etree.Element(_t("app"), {"n": str(entry.n), "type": entry.type, "ana": ana})
    app.set(_ID, f"app{entry.n}")
    if entry.ref:
        app.set("loc", entry.ref)
    decision = entry.decision
    if decision is not None and decision.resp:
        app.set("resp", f"#{_resp_id(decision.resp)}")
    by_group: dict[int, list[Shown]] = {}
    for shown in (p.lemma, *p.readings):
        by_group.setdefault(shown.group, []).append(shown)
    for g, members in by_group.items():
        grp = _sub(app, "rdgGrp", None, type="substantive")
        head, *rest = members
        tag = "lem" if g == 0 else "rdg"
        _sub(grp, tag, entry.reading(head.sigla[0]).text, wit=_wit(head.sigla, ids), n=str(g + 1))
        if rest:
            sub = _sub(grp, "rdgGrp", None, type="orthographic")
            for k, shown in enumerate(rest, start=1):
                text = entry.reading(shown.sigla[0]).text
                _sub(
                    sub,
                    "rdg",
                    text,
                    wit=_wit(shown.sigla, ids),
                    n=f"{g + 1}-{k}",
                    type=_accidental_type(entry),
                )
    if decision is not None and (decision.note or decision.was):
        # The editor's note (for an ignored entry: the reason), and what a retype replaced.
        note = "; ".join(x for x in (decision.note, f"was {decision.was}" if decision.was else "") if x)
        element = _sub(app, "note", note, type="editorial")
        if decision.resp:
            element.set("resp", f"#{_resp_id(decision.resp)}")
    return app


def to_tree(apparatus: Apparatus) -> etree._ElementTree:
    """The TEI document as an lxml tree."""
    from lxml import etree

    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    found = language(apparatus)
    if found:
        root.set(f"{{{XML_NS}}}lang", found[0])
    ids = witness_ids(apparatus.sigla)
    _header(root, apparatus, ids)
    text = _sub(root, "text")
    body = _sub(text, "body")
    block = _sub(body, "ab", None, type="edition")
    block.set(_SPACE, "preserve")
    back = _sub(text, "back")
    categories = _sub(back, "interpGrp", None, type="category")
    for category in CATEGORIES:
        _sub(categories, "interp", category).set(_ID, category)
    if any(e.ignored for e in apparatus.entries):
        decided = _sub(back, "interpGrp", None, type="decision")
        _sub(decided, "interp", "left out of the printed apparatus by editorial decision").set(_ID, "ignored")
    last: etree._Element | None = None
    for segment in segments(apparatus):
        if isinstance(segment, str):
            if last is None:
                block.text = (block.text or "") + _clean(segment)
            else:
                last.tail = (last.tail or "") + _clean(segment)
            continue
        last = app_element(apparatus.presentation(segment), ids)
        block.append(last)
    return etree.ElementTree(root)


def render(apparatus: Apparatus) -> str:
    """The TEI document: an XML declaration, pretty-printed header, text with whitespace kept."""
    from lxml import etree

    tree = to_tree(apparatus)
    _indent_header(tree.getroot())
    body = etree.tostring(tree, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _indent_header(root: etree._Element) -> None:
    """Indent the header; the body is left as is, so its whitespace is the witness's."""
    from lxml import etree

    header = root.find(_t("teiHeader"))
    etree.indent(header, space="  ", level=1)
    root.text = "\n  "
    header.tail = "\n  "
    text = root.find(_t("text"))
    text.tail = "\n"
    text.text = "\n    "
    body = text.find(_t("body"))
    body.tail = "\n    "
    body.text = "\n      "
    block = body.find(_t("ab"))
    block.tail = "\n    "
    back = text.find(_t("back"))
    etree.indent(back, space="  ", level=2)
    back.tail = "\n  "
