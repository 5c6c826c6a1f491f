"""The tokenizer: kinds, offsets, and losslessness (a Hypothesis property)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collate.tokenize import LineIndex, detokenize, leading_space, tokenize

# One case per line: text | tokens separated by "|" | kinds (w n p s e g) in order.
CASES = """
Передано т.Булганину [из Сочи] # Передано|т|.|Булганину|[из Сочи] # w w p w e
МАО ЦЗЕ-ДУНУ или ЧЖОУ ЭНЬ-ЛАЮ. # МАО|ЦЗЕ-ДУНУ|или|ЧЖОУ|ЭНЬ-ЛАЮ|. # w w w w w p
хотя бы пять-шесть дивизий # хотя|бы|пять-шесть|дивизий # w w w w
1.X..50 г. # 1.X..50|г|. # n w p
1.X.50г. в 3ч.00м. # 1.X.50|г|.|в|3|ч|.|00|м|. # n w p w n w p n w p
38-параллель 5-й 38-го # 38|-|параллель|5-й|38-го # n p w n n
товарищев , что # товарищев|,|что # w p w
“Я нахожусь” # “|Я|нахожусь|” # p w w p
д'Артаньян и O'Brien # д'Артаньян|и|O'Brien # w w w
подождите... да # подождите|...|да # w p w
50% № 5 + 2 # 50|%|№|5|+|2 # n p s n s n
zin2 Ms1 filler1 a1b # zin2|Ms1|filler1|a1b # w w w w
Peter & Paul, R&D ⁊ so # Peter|&|Paul|,|R|&|D|⁊|so # w w w p w w w w w
2nd 1950г # 2|nd|1950|г # n w n w
""".strip().splitlines()

KIND = {"w": "word", "n": "number", "p": "punct", "s": "symbol", "e": "editorial", "g": "pagination"}


@pytest.mark.parametrize("case", CASES)
def test_cases(case: str) -> None:
    text, expected, kinds = (part.strip() for part in case.split(" # "))
    tokens = tokenize(text)
    assert [t.text for t in tokens] == expected.split("|")
    assert [t.kind.value for t in tokens] == [KIND[k] for k in kinds.split()]


def test_page_marker_only_on_its_own_line() -> None:
    assert [t.kind.value for t in tokenize("конец\n  - 2 -  \nначало")] == ["word", "pagination", "word"]
    assert [t.text for t in tokenize("a - 2 - b")] == ["a", "-", "2", "-", "b"]


def test_offsets_lines_and_columns() -> None:
    text = "Пекин Совпосол\r\n\r\nДля  немедленной\rпередачи"
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start : t.end] == t.text
    assert [(t.text, t.line, t.column) for t in tokens] == [
        ("Пекин", 1, 1),
        ("Совпосол", 1, 7),
        ("Для", 3, 1),
        ("немедленной", 3, 6),
        ("передачи", 4, 1),
    ]


def test_whitespace_only() -> None:
    assert tokenize(" \n\t ") == ()


def test_line_index_agrees_with_splitlines() -> None:
    text = "a\nbb\r\nccc\rd"
    index = LineIndex(text)
    assert index.position(text.index("ccc")) == (3, 1)
    assert index.position(text.index("d")) == (4, 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_lossless(text: str) -> None:
    tokens = tokenize(text)
    assert detokenize(tokens, leading_space(text)) == text
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.text and not t.text[0].isspace()
        assert t.ws.strip() == ""


ALPHABET = st.sampled_from(list("абвгдеёжзЯЦЗЕДУНabcXIV0123456789.,;:-–—«»“”[]()! \n\r\t\u00a0\u00ad\u0301"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_lossless_on_transcription_like_text(text: str) -> None:
    tokens = tokenize(text)
    assert detokenize(tokens, leading_space(text)) == text
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)
