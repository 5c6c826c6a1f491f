"""Property tests (Hypothesis) over the whole pipeline with hostile Unicode.

Text is drawn from combining marks, right-to-left scripts, emoji, control
characters, every kind of line end and space, mixed scripts, very long lines
and heavy repetition. Properties: nothing escapes but collate's own errors;
tokenization is lossless; every token appears in the alignment exactly once,
in order; normalization is idempotent; the readers (encodings, newlines, TEI,
CollateX JSON) keep every character they promise to keep.

Example counts are modest by default; a long session runs with, e.g.,
``COLLATE_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collate import CollateError, collate
from collate.encodings import decode_bytes
from collate.errors import CollateWarning, WitnessError
from collate.normalize import PROFILES, get_profile, normalize
from collate.readers.collatex import parse as parse_collatex
from collate.readers.tei import extract
from collate.tokenize import LineIndex, detokenize, leading_space, tokenize
from collate.witnesses import read_witness

EXAMPLES = int(os.environ.get("COLLATE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

# Pools of troublesome characters, drawn alongside arbitrary code points.
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
COMBINING = "\u0301\u0300\u0308\u0306\u0311\u20dd\u0489"
RTL = "שלום مرحبا\u200f\u200e\u202e\u202c\u2067\u2069"
EMOJI = "😀👍🏽👨‍👩‍👧🇷🇺❤️\ufe0f"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1f\x7f\x85\x9f"
SPACES = " \t\n\r\u00a0\u2028\u2029\u200b\u3000\ufeff\u00ad"
PUNCT = ".,;:!?-–—…«»„“()[]'’/\\"
POOL = CYRILLIC + COMBINING + RTL + EMOJI + CONTROL + SPACES + PUNCT + "0123456789IVX"

chars = st.one_of(
    st.sampled_from(POOL),
    st.characters(exclude_categories=("Cs",)),
)
chunk = st.text(chars, max_size=40)


@st.composite
def hostile_text(draw: st.DrawFn, max_repeat: int = 60) -> str:
    """Mixed pieces, sometimes one piece repeated many times (long lines, repetition)."""
    pieces = draw(st.lists(chunk, max_size=8))
    if draw(st.booleans()):
        pieces.append(draw(chunk) * draw(st.integers(1, max_repeat)))
    return "".join(pieces)


russian_words = st.lists(
    st.text(st.sampled_from(CYRILLIC[:33]), min_size=1, max_size=9), min_size=1, max_size=30
)


@st.composite
def variant_of(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few random edits: what a second transcription looks like."""
    out = list(text)
    for _ in range(draw(st.integers(0, 6))):
        if out and draw(st.booleans()):
            i = draw(st.integers(0, len(out) - 1))
            out[i : i + draw(st.integers(0, 3))] = draw(chunk)
        else:
            out.insert(draw(st.integers(0, len(out))), draw(chunk))
    return "".join(out)


@FUZZ
@given(hostile_text(max_repeat=500))
def test_tokenization_is_lossless(text: str) -> None:
    tokens = tokenize(text)
    assert detokenize(tokens, leading_space(text)) == text
    lines = LineIndex(text)
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.text and not t.text[0].isspace()
        assert (t.line, t.column) == lines.position(t.start)


@st.composite
def witness_sets(draw: st.DrawFn) -> dict[str, str]:
    base = draw(hostile_text())
    n = draw(st.integers(2, 4))
    return {f"W{i}": (base if i == 0 else draw(variant_of(base))) for i in range(n)}


# Random witnesses may share no word over a stretch: the aligner's one warning then is right.
@pytest.mark.filterwarnings("ignore:aligner:")
@FUZZ
@given(witness_sets(), st.sampled_from(sorted(PROFILES)))
def test_pipeline_keeps_every_token_once_in_order(texts: dict[str, str], profile: str) -> None:
    try:
        apparatus = collate(texts, profile=profile)
    except CollateError:
        # Only the library's own errors (an empty witness): and only for those.
        assert any(not t.strip() for t in texts.values())
        return
    alignment = apparatus.alignment
    for i, witness in enumerate(apparatus.witnesses):
        text = texts[witness.siglum]
        # Normalization may split or join tokens (word division), never lose a character.
        assert witness.text == text
        assert detokenize(witness.tokens, leading_space(text)) == text
        assert all(text[t.start : t.end] == t.text for t in witness.tokens)
        aligned = [col[i] for col in alignment.columns if col[i] is not None]
        assert aligned == list(witness.tokens)
    for entry in apparatus.entries:
        for reading in entry.readings:
            text = apparatus.witness(reading.siglum).text
            if reading.tokens:
                assert text[reading.location.start : reading.location.end].startswith(reading.tokens[0].text)


@FUZZ
@given(hostile_text(), st.sampled_from(sorted(PROFILES)))
def test_normalization_is_idempotent(text: str, profile: str) -> None:
    prof = get_profile(profile)
    once = normalize(tokenize(text), prof)
    twice = normalize(once, prof)
    assert [t.norm for t in twice] == [t.norm for t in once]


@FUZZ
@given(hostile_text(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_unicode_files_decode_to_their_text(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff") + data
    try:
        decoded, used = decode_bytes(data)
    except WitnessError as exc:
        # Refused as binary: it has NUL or many control characters.
        assert "binary" in str(exc)
        return
    expected = text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text
    assert decoded == expected
    assert used.replace("_", "-").startswith(("utf-8", "utf-16", "utf-32"))


@FUZZ
@given(russian_words, st.sampled_from(["cp1251", "koi8-r", "mac-cyrillic"]), st.booleans())
def test_cyrillic_code_pages_are_detected(words: list[str], encoding: str, capitals: bool) -> None:
    sentence = " ".join(w.capitalize() if capitals and i % 4 == 0 else w for i, w in enumerate(words))
    text = f"{sentence}. Москва, 16 сентября: корейские товарищи получили приказ.\n"
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


@FUZZ
@given(st.lists(st.text(chars, max_size=30), min_size=1, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]))
def test_newline_styles_give_the_right_lines(lines: list[str], newline: str) -> None:
    lines = [line.replace("\r", " ").replace("\n", " ") for line in lines]
    text = newline.join(lines)
    starts = [sum(len(x) + len(newline) for x in lines[:i]) for i in range(len(lines))]
    for t in tokenize(text):
        if any(ch in t.text for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            continue
        # Other line ends (\x85, \u2028) are not line ends for LineIndex; only \r\n, \r, \n.
        line = max(i for i, s in enumerate(starts) if s <= t.start)
        assert t.line == line + 1
        assert t.column == t.start - starts[line] + 1


xml_safe = st.text(
    # No "-", "§" or "?": they spell the page markers "- § -" and "- ? -".
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff-§?")
    | st.sampled_from(" \n\t"),
    max_size=60,
)
# Markup that adds no words of its own (notes, comments, breaks, page markers).
MARKUP = [
    "",
    "<lb/>",
    '<lb break="no"/>',
    '<pb n="§"/>',
    "<pb/>",
    "<note>x y</note>",
    "<!-- c -->",
    "<?pi x?>",
]
MARKERS = ("-", "§", "?")


@FUZZ
@given(st.lists(st.tuples(xml_safe, st.sampled_from(MARKUP)), max_size=8))
def test_tei_extraction_keeps_the_words(parts: list[tuple[str, str]]) -> None:
    body = "".join(escape(text) + markup for text, markup in parts)
    xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{body}</p></body></text></TEI>'
    words = " ".join(text for text, _ in parts).split()
    try:
        extracted = extract(xml.encode("utf-8"))
    except WitnessError as exc:  # characters XML 1.0 does not allow
        assert "malformed XML" in str(exc)
        return
    got = [w for w in extracted.text.split() if w not in MARKERS]
    # Markup between two pieces of text may join them into one word (no space between).
    assert "".join(got) == "".join(words)
    for start, end in extracted.pages:
        assert extracted.text[start:end] in ("- § -", "- ? -")


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {"t": st.text(chars, min_size=1, max_size=12)}, optional={"n": st.text(chars, max_size=12)}
        ),
        min_size=1,
        max_size=20,
    )
)
def test_collatex_tokens_keep_their_offsets(tokens: list[dict[str, str]]) -> None:
    doc = json.dumps({"witnesses": [{"id": "A", "tokens": tokens}]}).encode()
    try:
        [witness] = parse_collatex(doc)
    except WitnessError as exc:
        assert "is empty" in str(exc) or "binary" in str(exc)
        return
    assert len(witness.tokens) == len(tokens)
    for tok, given_tok in zip(witness.tokens, tokens, strict=True):
        assert witness.text[tok.start : tok.end] == tok.text == given_tok["t"].rstrip()
        assert tok.norm == given_tok.get("n", tok.text)
    assert "".join(t.text + t.ws for t in witness.tokens) == witness.text


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_read_or_refused_cleanly(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for name in ("w.txt", "w.xml", "w.json"):
        path = Path(folder) / name
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CollateWarning)
            try:
                witness = read_witness(path)
            except WitnessError as exc:
                assert str(exc).startswith(str(path))
                continue
        assert witness.text.strip()
