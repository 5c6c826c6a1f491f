"""Bytes -> text: encoding detection for witness files, and mojibake warnings.

Archives hand over transcriptions in UTF-8 (with or without a BOM), UTF-16,
and the Cyrillic code pages of old word processors: cp1251 (Windows), koi8-r
(Unix, e-mail) and mac-cyrillic. :func:`decode_bytes` tries, in order:

1. an explicit encoding, when the user gives one (no detection at all);
2. a byte order mark (UTF-8, UTF-16, UTF-32);
3. strict UTF-8;
4. the Cyrillic code pages, as ranked by charset-normalizer, each decoding
   scored by :func:`plausibility` (a Russian-aware test: share of Russian
   letters, common Russian letter pairs, no case chaos inside words, no
   control characters); the best plausible one wins;
5. charset-normalizer's best guess among all encodings, if it is plausible text.

Otherwise the file is refused with a hint to give ``--encoding``.

Mojibake, UTF-8 that was once read as cp1251 or Latin-1 and saved again
(``РїСЂРё``, ``Ð¿Ñ€Ð¸`` for ``при``), is valid text in any encoding, so it
cannot be refused; :func:`mojibake` finds it and the readers warn with
:class:`~collate.errors.MojibakeWarning`.

>>> decode_bytes("привет, мир".encode("koi8-r"))
('привет, мир', 'koi8-r')
>>> decode_bytes("\\ufeffтекст".encode("utf-8"))
('текст', 'utf-8-sig')
>>> mojibake("РїСЂРё")
'РїСЂРё'
"""

from __future__ import annotations

import codecs
import itertools
import unicodedata

import regex

from .errors import WitnessError

#: The Cyrillic code pages that detection considers, in tie-break order.
CYRILLIC = ("cp1251", "koi8-r", "mac-cyrillic")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The fifty most frequent letter pairs of Russian prose (lower case, ё as е).
_BIGRAMS = frozenset(
    (
        "ст",
        "но",
        "то",
        "на",
        "ен",
        "ов",
        "ни",
        "ра",
        "во",
        "ко",
        "ал",
        "ро",
        "пр",
        "ер",
        "по",
        "ре",
        "ли",
        "не",
        "от",
        "ка",
        "ть",
        "ол",
        "ел",
        "ос",
        "од",
        "ны",
        "ан",
        "та",
        "де",
        "ес",
        "ва",
        "ит",
        "ор",
        "ом",
        "ет",
        "ла",
        "ло",
        "ак",
        "ин",
        "го",
        "ле",
        "ри",
        "ем",
        "ил",
        "ве",
        "ой",
        "за",
        "ый",
        "ав",
        "ев",
    )
)
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
# Second bytes of two-byte UTF-8 Cyrillic (0x80-0xBF) as cp1251 and as cp1252/Latin-1 show them.
_TAIL_1251 = "".join(bytes([b]).decode("cp1251", "replace") for b in range(0x80, 0xC0)).replace("\ufffd", "")
_TAIL_1252 = "".join(bytes([b]).decode("cp1252", "ignore") + chr(b) for b in range(0x80, 0xC0))
# Three mis-read letters in a row: ordinary text never has these runs.
_MOJIBAKE = regex.compile(
    rf"(?:[РС][{regex.escape(_TAIL_1251)}]){{3,}}|(?:[ÐÑ][{regex.escape(_TAIL_1252)}]){{3,}}"
)
# Letters of other Cyrillic alphabets that a wrong code page puts into Russian text.
_FOREIGN = frozenset("ђѓѕјљњћќџЂЃЅЈЉЊЋЌЏƒ")
# A symbol (currency, maths) glued to a letter: €, ÷, ≈ inside a word.
_GLUED = regex.compile(r"\p{L}\p{S}|\p{S}\p{L}")
# A word opening with a dash, a closing quote or a no-break space: a capital
# letter that a wrong code page turned into punctuation (mac-cyrillic for cp1251).
_LOST_CAPITAL = regex.compile(r"(?:^|(?<=\s))[»—–\u00a0…](?=\p{L})")
_WORDS = regex.compile(r"\p{L}+")
_CASE_CHAOS = regex.compile(r"\p{Ll}\p{Lu}")

#: How much of a file detection looks at (bytes).
SAMPLE = 1 << 16
#: Below this :func:`plausibility` a decoding is not believed.
THRESHOLD = 0.5


def text_encoding(name: str) -> str:
    """The canonical codec name of text encoding ``name`` (``KOI8_R`` -> ``koi8-r``), or a WitnessError.

    Only text encodings (bytes -> str) are accepted: ``rot13``, ``hex``,
    ``base64`` and the compression codecs are codecs, but not encodings.
    Messages start with the name, so that callers can prefix the argument
    or option that gave it (``encoding=``, ``--encoding ``).

    >>> text_encoding("KOI8_R")
    'koi8-r'
    >>> text_encoding("rot13")
    Traceback (most recent call last):
    collate.errors.WitnessError: 'rot13': not a text encoding (rot13, hex, base64, zlib... transform data, not text)
    """
    if not isinstance(name, str):
        raise WitnessError(f"{name!r}: not an encoding's name (like 'cp1251')")
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise WitnessError(f"{name!r}: unknown encoding") from None
    if not getattr(info, "_is_text_encoding", True):
        raise WitnessError(
            f"{name!r}: not a text encoding (rot13, hex, base64, zlib... transform data, not text)"
        )
    return info.name


_codec = text_encoding


def mojibake(text: str) -> str | None:
    """The first run of UTF-8-read-as-cp1251/Latin-1 mojibake in ``text``, or None.

    >>> mojibake("Ð¿Ñ€Ð¸Ð²ÐµÑ‚") is not None, mojibake("ВСЁ РАВНО, привет")
    (True, None)
    """
    m = _MOJIBAKE.search(text)
    return m.group() if m else None


def plausibility(text: str) -> float:
    """How much ``text`` looks like Russian (or any ordinary) text, from about -1 to 2.

    Russian letters among letters, plus common Russian letter pairs among the
    pairs of Russian letters, minus what a wrong code page does to Cyrillic:
    words whose case changes from lower to upper inside, Serbian and
    Macedonian letters, symbols glued to letters (``оторвалс€``), words opening with
    a dash or a closing quote (``—очи``); minus
    control characters and mojibake. Text with no letters scores 1 (nothing to object to).

    >>> plausibility("привет, мир") > 1 > plausibility("ОПХБЕР, ЛХП".lower().swapcase() + "пРИВЕТ")
    True
    """
    letters = [c for c in text if c.isalpha()]
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    penalty = min(1.0, 20 * controls / max(len(text), 1))
    if not letters:
        return 1.0 - penalty
    russian = sum(1 for c in letters if c in _RUSSIAN)
    score = russian / len(letters)
    pairs = common = 0
    chaos = 0
    words = _WORDS.findall(text)
    for word in words:
        low = word.lower().replace("ё", "е")
        for a, b in itertools.pairwise(low):
            if a in _RUSSIAN and b in _RUSSIAN:
                pairs += 1
                common += a + b in _BIGRAMS
        if _CASE_CHAOS.search(word):
            chaos += 1
    if pairs:
        score += common / pairs
    elif russian == 0:
        score += 0.5  # not Russian at all (Latin text): neutral, not suspicious
    score -= 2 * chaos / max(len(words), 1)
    score -= 3 * sum(1 for c in letters if c in _FOREIGN) / len(letters)
    score -= 5 * len(_GLUED.findall(text)) / max(len(words), 1)
    score -= 5 * len(_LOST_CAPITAL.findall(text)) / max(len(words), 1)
    if mojibake(text):
        score -= 1
    return score - penalty


def _detector_candidates(data: bytes) -> list[str]:
    """Cyrillic code pages first in charset-normalizer's ranking, then any it did not rank."""
    from charset_normalizer import from_bytes

    ranked = [_codec(m.encoding) for m in from_bytes(data, cp_isolation=list(CYRILLIC))]
    return list(dict.fromkeys([*ranked, *CYRILLIC]))


def _commonness(codec: str) -> int:
    return CYRILLIC.index(codec) if codec in CYRILLIC else len(CYRILLIC)


def _best_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best decoding among all encodings (for non-Cyrillic legacy files)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None
    return str(match), _codec(match.encoding)


def decode_bytes(data: bytes, encoding: str | None = None, path: object = "input") -> tuple[str, str]:
    """Decode a witness file's bytes; return ``(text, encoding used)``.

    A BOM is removed from the text (offsets count from the first character
    after it). Raises :class:`~collate.errors.WitnessError` naming ``path``
    when the bytes are binary (NUL bytes) or undecodable.
    """
    from .errors import located

    if encoding is not None:
        try:
            codec = text_encoding(encoding)
        except WitnessError as exc:
            raise WitnessError(located(path, f"encoding {exc}")) from None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise WitnessError(located(path, f"is not valid {encoding} (byte {exc.start})", line)) from None
        # Any Unicode codec named with its byte order (utf-16-le, utf-32-be) keeps
        # the BOM as U+FEFF; it is no more part of the text than a UTF-8 BOM is.
        if codec.startswith("utf") and text.startswith("\ufeff"):
            text = text[1:]
        return _not_binary(text, path), codec
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break  # not really a BOM: cp1251 "юя" is FE FF, "п»ї" is EF BB BF
            if codec == "utf-8-sig" or not _unlikely_unicode(text):
                return _not_binary(text, path), codec
            # Mostly private-use characters: a code-page text that starts like
            # a BOM? Believe it only if the code page gives clearly Russian text.
            try:
                other, other_codec = _detect(data, path)
            except WitnessError:
                other = ""
            if sum(c.isalpha() for c in other) >= 20 and plausibility(other) >= 1.2:
                return other, other_codec
            return _not_binary(text, path), codec
    return _detect(data, path)


def _unlikely_unicode(text: str) -> bool:
    """True when over 30% of ``text`` is private-use: bytes that were not UTF-16/32.

    Cyrillic code-page bytes read in pairs land in the private-use area
    U+E000-U+F8FF; unassigned characters are not counted, as they may be
    newer Unicode than this Python's tables.
    """
    private = sum(1 for c in text if unicodedata.category(c) == "Co")
    return private * 10 > len(text) * 3


def _utf16_hint(data: bytes) -> str:
    """A hint to name the encoding when ``data`` looks like UTF-16 without a byte order mark.

    Text in UTF-16 has its NUL bytes on one side of each pair (the high byte of
    Latin letters, digits, spaces: ``a\\x00``), and many of them; random bytes
    have few, an image or an archive has them on both sides.

    >>> _utf16_hint("Москва 1950".encode("utf-16-le"))
    ' (UTF-16 without a byte order mark? give --encoding utf-16-le)'
    >>> _utf16_hint(bytes(range(256)) * 4)
    ''
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    side, name = (odd, "utf-16-le") if odd >= even else (even, "utf-16-be")
    # At least one byte in 20 (a Russian text's spaces and punctuation; Cyrillic letters
    # have no NUL byte), nine in ten of them on one side.
    if side * 20 >= len(data) and side >= 9 * (even + odd - side):
        return f" (UTF-16 without a byte order mark? give --encoding {name})"
    return ""


def _detect(data: bytes, path: object) -> tuple[str, str]:
    """Decode ``data`` without a BOM: strict UTF-8, then the most plausible Cyrillic code page."""
    from .errors import located

    if b"\x00" in data:
        raise WitnessError(
            located(path, "is a binary file (it contains NUL bytes), not a text witness" + _utf16_hint(data))
        )
    try:
        return _not_binary(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    damage = _broken_utf8(data)
    if damage is not None:
        raise WitnessError(located(path, damage[0], damage[1]))
    # Detection and scoring look at the first 64 KiB (a 5 MB file took 37 s in full);
    # the winner must then decode the whole file.
    sample = data[:SAMPLE]
    scored: dict[str, float] = {}
    texts: dict[str, str] = {}
    for rank, codec in enumerate(_detector_candidates(sample)):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        # The detector's ranking breaks near-ties; where two code pages give the
        # same text (lower-case Russian without я), the more common one takes the score.
        score = plausibility(text) - 0.02 * rank
        twin = next((c for c, t in texts.items() if t == text), None)
        if twin is not None:
            keep = min(codec, twin, key=_commonness)
            scored[keep] = max(score, scored.pop(twin))
            texts[keep] = texts.pop(twin, text)
            continue
        scored[codec], texts[codec] = score, text
    for codec in sorted(scored, key=lambda c: (-scored[c], _commonness(c))):
        if scored[codec] < THRESHOLD:
            break
        try:
            return _not_binary(data.decode(codec), path), codec
        except UnicodeDecodeError:
            continue
    # Other code pages (cp866, iso8859-5) only when they give Russian: a guess at a
    # Western or Central European code page cannot be checked (Latin-1 "Naïve crème"
    # reads as cp1250 "Naďve crčme" just as well), so it is named, not taken.
    guess = _best_guess(sample)
    hint = ""
    if guess is not None:
        if _russian(guess[0]):
            try:
                return _not_binary(data.decode(guess[1]), path), guess[1]
            except UnicodeDecodeError:
                pass
        else:
            hint = f"; it is not Russian: {guess[1]} would read it as {guess[0][:40].strip()!r}, but cannot be checked"
    raise WitnessError(
        located(
            path,
            "cannot tell its encoding (not UTF-8, not plausible cp1251, koi8-r or mac-cyrillic"
            f"{hint}); give it with --encoding",
        )
    )


def _russian(text: str) -> bool:
    """Plausible Russian: most letters Russian, and :func:`plausibility` above the threshold."""
    letters = [c for c in text if c.isalpha()]
    russian = sum(1 for c in letters if c in _RUSSIAN)
    return bool(letters) and russian * 2 > len(letters) and plausibility(text) >= THRESHOLD


#: Broken UTF-8 is told from a code page by its valid multi-byte characters: at least
#: this many per invalid byte sequence (cp1251, koi8-r, mac-cyrillic and Latin-1 text
#: has next to none: their letters are not followed by UTF-8 continuation bytes).
UTF8_SHARE = 4
_UTF8_MAX_ERRORS = 16


def _broken_utf8(data: bytes) -> tuple[str, int] | None:
    """A message and line when ``data`` is UTF-8 with a few damaged bytes (a cut or spliced file), else None.

    >>> _broken_utf8("Для немедленной передачи".encode()[:-1])
    ('ends inside a UTF-8 character (byte 44): a truncated file? give --encoding to read it otherwise', 1)
    >>> _broken_utf8("Для".encode("cp1251")) is None
    True
    """
    good = bad = 0
    first = -1
    reason = ""
    pos = 0
    while bad <= _UTF8_MAX_ERRORS:
        try:
            good += sum(1 for c in data[pos:].decode("utf-8") if c > "\x7f")
            break
        except UnicodeDecodeError as exc:
            good += sum(1 for c in data[pos : pos + exc.start].decode("utf-8") if c > "\x7f")
            bad += 1
            if first < 0:
                first, reason = pos + exc.start, exc.reason
            pos += exc.end
    if bad > _UTF8_MAX_ERRORS or good < 2 or good < UTF8_SHARE * bad:
        return None
    line = data[:first].count(b"\n") + 1
    if bad == 1 and reason == "unexpected end of data":
        message = f"ends inside a UTF-8 character (byte {first}): a truncated file?"
    else:
        message = f"is UTF-8 with {bad} invalid byte sequence(s), the first at byte {first}: a damaged file?"
    return f"{message} give --encoding to read it otherwise", line


_SURROGATE = regex.compile(r"[\ud800-\udfff]")
#: C0 controls other than whitespace and the information separators, and DEL: a binary file's
#: marks (C1 controls, U+0080-U+009F, in text are mojibake). Counted in C: a loop over the
#: characters in Python took 0.03 s of a 2 x 30,000-word diff.
_CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def lone_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate in ``text`` (U+D800-U+DFFF), or None.

    Python strings can hold them (a JSON ``"\\ud800"`` escape, ``unicode_escape``),
    but they are not characters: no UTF encoding can write them, so no report could.

    >>> lone_surrogate("ab\\ud800"), lone_surrogate("ab")
    (2, None)
    """
    m = _SURROGATE.search(text)
    return m.start() if m else None


def _not_binary(text: str, path: object) -> str:
    """``text`` unless it has NUL or many other control characters (a binary file decoded by force),
    or a lone surrogate (``unicode_escape`` or ``utf-7`` decode ``\\ud800`` to one: not a character)."""
    from .errors import located

    surrogate = lone_surrogate(text)
    if surrogate is not None:
        line = text.count("\n", 0, surrogate) + 1
        column = surrogate - (text.rfind("\n", 0, surrogate) + 1) + 1
        raise WitnessError(
            located(
                path,
                f"decodes to a lone surrogate U+{ord(text[surrogate]):04X}, not a character",
                line,
                column,
            )
        )
    if "\x00" in text:
        raise WitnessError(located(path, "is a binary file (it contains NUL characters), not a text witness"))
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 20):
        raise WitnessError(
            located(path, f"is a binary file ({controls} control characters), not a text witness")
        )
    return text
