"""Variant typology: what kind of difference an apparatus entry records.

Categories and their types (the exact vocabulary of JSON, CSV, filters and docs),
each list most significant first:

* ``substantive``: ``lexical``, ``grammatical``, ``transposition``, ``addition``, ``omission``
* ``accidental``: ``transliteration``, ``orthographic``, ``word-division``, ``case``,
  ``punctuation``, ``unicode``
* ``editorial``: ``editorial``, ``pagination``

A user regularization rule's class is an accidental type of its own, ranked
above the built-in accidental types.

How an entry is judged:

* readings whose words differ in normalized form are *substantive*. Against the
  base: nothing in the base is an ``addition``, nothing in the other reading an
  ``omission``, the same words in another order a ``transposition``; one word
  against another is ``grammatical`` when pymorphy3 finds a common lemma
  (приказ/приказа) or closely related lemmas (оторвался/оторван: a reflexive
  verb and its participle), ``lexical`` otherwise (войсковые/воинственные).
  Words the dictionary does not know (names, English, French) are compared by
  edit distance instead, and the entry's note says so. Differences that are
  really accidental (the same letters split or hyphenated differently, case
  only, digits with other punctuation) are typed as such even here;
* readings with the same normalized words are *accidental*: the entry names
  the normalization rules that made them equal (each rule that, switched off,
  would leave the readings different), and its types are those rules' types,
  plus ``punctuation`` and ``word-division`` for differences in marks and spacing.

>>> classify_pair("оторвался", "оторван").type
'grammatical'
>>> classify_pair("войсковые", "воинственные").type
'lexical'
>>> classify_pair("Однако", "Однако,").type
'punctuation'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .model import EDITORIAL_KINDS, Kind, Location, Reading, Token
from .typology import CATEGORIES, TYPES, Category, category_of, ordered, rank  # noqa: F401  (re-exported)

# The typology itself (categories, types, ranks) lives in collate.typology;
# these names stay for callers that imported them from here.
SUBSTANTIVE_TYPES = tuple(t for t in TYPES if t.category is Category.SUBSTANTIVE)
ACCIDENTAL_TYPES = tuple(t for t in TYPES if t.category is Category.ACCIDENTAL)
EDITORIAL_TYPES = tuple(t for t in TYPES if t.category is Category.EDITORIAL)
CATEGORY_OF: dict[str, Category] = {t: t.category for t in TYPES}

WORDISH = frozenset({Kind.WORD, Kind.NUMBER, Kind.SYMBOL})

#: Below this Levenshtein ratio two unknown words are different words, not two spellings.
SPELLING_RATIO = 0.75


@dataclass(frozen=True)
class Classification:
    """The outcome of classifying one place of variation."""

    type: str
    types: tuple[str, ...]
    category: str
    rules: tuple[str, ...] = ()
    note: str = ""


def words(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The normalized forms of the word-like tokens (words, numbers, symbols)."""
    return tuple(t.norm for t in tokens if t.kind in WORDISH and t.norm)


def puncts(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The normalized forms of the punctuation tokens."""
    return tuple(t.norm for t in tokens if t.kind is Kind.PUNCT and t.norm)


# --- morphology --------------------------------------------------------------

_CYRILLIC = regex.compile(r"^[\p{Cyrillic}\-‐']+$")
_REFLEXIVE = regex.compile(r"(?<=ть|ти|чь)(?:ся|сь)$")
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@dataclass(frozen=True)
class Analysis:
    """What pymorphy3 says about one word: its possible lemmas and their stems."""

    word: str
    known: bool
    lemmas: frozenset[str]
    #: The lemmas with a reflexive -ся/-сь taken off: оторваться -> оторвать.
    roots: frozenset[str]
    #: Some reading of the word is a proper name (a first name, surname, place).
    proper: bool = False


def _analyzer() -> Any:
    """The pymorphy3 analyzer the normalization rules use too: created once, on first use."""
    from .normalize.morph import analyzer

    return analyzer()


@lru_cache(maxsize=65536)
def analyse(word: str) -> Analysis:
    """Lemmas of a Russian word; ``known`` is False for non-Cyrillic or out-of-dictionary words.

    Participles and gerunds have their verb's infinitive as lemma (pymorphy3
    keeps them in the verb's lexeme), so a participle and its verb share one.

    >>> a = analyse("оторван")
    >>> a.known, sorted(a.lemmas)
    (True, ['оторвать'])
    >>> analyse("house").known
    False
    """
    form = word.casefold().replace("ё", "е")
    if not _CYRILLIC.match(form):
        return Analysis(word, False, frozenset(), frozenset())
    morph = _analyzer()
    if not morph.word_is_known(form):
        return Analysis(word, False, frozenset(), frozenset())
    parses = morph.parse(form)
    lemmas = frozenset(p.normal_form.replace("ё", "е") for p in parses)
    roots = frozenset(_REFLEXIVE.sub("", lemma) for lemma in lemmas)
    proper = any(_PROPER & p.tag.grammemes for p in parses)
    return Analysis(word, True, lemmas, roots, proper)


@dataclass(frozen=True)
class Relation:
    """How two single words differ: a type and the reason, for the entry's note."""

    type: str
    note: str = ""


def relate_words(a: str, b: str, language: str = "ru") -> Relation:
    """The type of the difference between two single (normalized) words of ``language``.

    Russian words are judged by pymorphy3, English and Greek words by
    simplemma's lemmas and wordfreq's word list (:func:`relate_by_lexicon`),
    words of another language by edit distance.

    >>> relate_words("приказ", "приказа").type
    'grammatical'
    >>> relate_words("colour", "color", "und")
    Relation(type='orthographic', note="unknown to the dictionary: 'colour', 'color'; \
edit distance 1 (ratio 0.91)")
    >>> relate_words("untill", "until", "en")
    Relation(type='orthographic', note="'untill' is rare (wordfreq: Zipf 3.0) beside 'until' (5.6), \
1 edit apart: a spelling")
    """
    if a == b:
        return Relation("orthographic")
    fa, fb = a.casefold(), b.casefold()
    if fa == fb:
        return Relation("case")
    if fa.replace("ё", "е") == fb.replace("ё", "е"):
        return Relation("orthographic")
    if _APOSTROPHE.sub("", fa) == _APOSTROPHE.sub("", fb):
        return Relation("punctuation", "an apostrophe")  # father’s / fathers
    if _undivided(fa) == _undivided(fb):
        return Relation("word-division")
    if _has_digit(fa) or _has_digit(fb):
        if _alnum(fa) == _alnum(fb):
            return Relation("punctuation")
        return Relation("lexical")
    if _alnum(fa) == _alnum(fb):
        return Relation("punctuation")
    if language in ("en", "el"):
        return relate_by_lexicon(fa, fb, language)
    if language != "ru":
        return _by_edit_distance(fa, fb, [a, b])
    xa, xb = analyse(a), analyse(b)
    if xa.known and xb.known:
        shared = xa.lemmas & xb.lemmas
        if shared:
            return Relation("grammatical", f"same lemma {min(shared)}")
        related = xa.roots & xb.roots
        if related:
            pair = f"{min(xa.lemmas)}/{min(xb.lemmas)}"
            return Relation("grammatical", f"related lemmas {pair} (reflexive and non-reflexive)")
        if not (xa.proper or xb.proper):
            return Relation("lexical")
        # Names are spelt many ways; a dictionary lemma says little about them.
        return _by_edit_distance(fa, fb, [], "a proper name")
    return _by_edit_distance(fa, fb, [w for w, x in ((a, xa), (b, xb)) if not x.known])


_LANGUAGE_NAMES = {"en": "English", "el": "Greek"}


def relate_by_lexicon(a: str, b: str, language: str) -> Relation:
    """Two English or Greek words: one word in two spellings, two forms of one lemma, or two words.

    In this order (the note says which evidence decided):

    * a lemma in common (simplemma's dictionary): ``grammatical``;
    * close in letters (at most two edits, one in a short word, the same
      first letter in Greek) and one of them rare (wordfreq: below 3 on the
      Zipf scale and 1.5 below the other) or no word at all: a spelling,
      ``orthographic`` (``percieved`` / ``perceived``);
    * both real words (:func:`collate.normalize.lexicon.is_word`): ``lexical``,
      unless one is the other with an inflectional ending and the dictionary
      has no lemma for them (names: ``Turk`` / ``Turks``; Greek forms the
      modern dictionary lacks): ``grammatical``;
    * otherwise by edit distance, as for a language collate has no lexicon for.

    >>> relate_by_lexicon("was", "were", "en")
    Relation(type='grammatical', note='same lemma be (simplemma)')
    >>> relate_by_lexicon("would", "could", "en").type, relate_by_lexicon("λογοσ", "λογου", "el").type
    ('lexical', 'grammatical')
    >>> relate_by_lexicon("percieved", "perceived", "en").note
    "'percieved' is rare (wordfreq: Zipf 1.5) beside 'perceived' (4.2), 1 edit apart: a spelling"
    """
    from .normalize.lexicon import is_word, lemmas, zipf

    name = _LANGUAGE_NAMES.get(language, language)
    la, lb = lemmas(a, language), lemmas(b, language)
    shared = la & lb
    if shared:
        return Relation("grammatical", f"same lemma {min(shared)} (simplemma)")
    za, zb = zipf(a, language), zipf(b, language)
    wa, wb = is_word(a, language), is_word(b, language)
    distance = _close(a, b, language)
    if distance:
        rare, common = (a, b) if za < zb else (b, a)
        low, high = min(za, zb), max(za, zb)
        if low < 3.0 and high - low >= 1.5:
            return Relation(
                "orthographic",
                f"{rare!r} is rare (wordfreq: Zipf {low:.1f}) beside {common!r} ({high:.1f}), "
                f"{distance} edit{'s' if distance > 1 else ''} apart: a spelling",
            )
        if not (wa and wb):
            unknown = ", ".join(repr(w) for w, known in ((a, wa), (b, wb)) if not known)
            return Relation(
                "orthographic",
                f"no {name} word: {unknown} (wordfreq, simplemma); {distance} edit{'s' if distance > 1 else ''} "
                "apart: a spelling",
            )
    if wa and wb:
        if (not la or not lb) and _inflected(a, b, language):
            return Relation(
                "grammatical", f"two {name} words, one with another ending (no lemma in simplemma)"
            )
        if la and lb:
            return Relation("lexical", f"two {name} words: lemmas {min(la)} / {min(lb)} (simplemma)")
        return Relation("lexical", f"two {name} words (wordfreq: Zipf {za:.1f} / {zb:.1f})")
    if language == "el" and a[:1] != b[:1] and len(a) == len(b):
        return Relation("lexical", "Greek words that differ in their first letter")
    if language == "el" and _inflected(a, b, language):
        return Relation("grammatical", "Greek forms with another ending (not in the modern Greek dictionary)")
    unknown = [w for w, known in ((a, wa), (b, wb)) if not known]
    return _by_edit_distance(a, b, unknown, f"not {name} words: {', '.join(repr(w) for w in unknown)}")


def _close(a: str, b: str, language: str) -> int:
    """The number of edits (a swap of two letters is one) between two spellings of one word, or 0."""
    import Levenshtein
    from rapidfuzz.distance import OSA

    shorter = min(len(a), len(b))
    if shorter < 5 or (language == "el" and a[:1] != b[:1]):
        return 0
    distance = OSA.distance(a, b)
    limit = 2 if shorter >= 6 else 1
    if distance <= limit and Levenshtein.ratio(a, b) >= SPELLING_RATIO:
        return distance
    return 0


_ENDINGS = {"en": ("s", "es", "'s", "s'"), "el": ()}


def _inflected(a: str, b: str, language: str) -> bool:
    """One word is the other with another inflectional ending: ``turk`` / ``turks``, ``κοσμοσ`` / ``κοσμον``."""
    short, long = sorted((a, b), key=len)
    if language == "en":
        return any(long == short + ending for ending in _ENDINGS["en"])
    prefix = _common_prefix(a, b)
    return prefix >= 2 and prefix * 2 >= len(short) and max(len(a), len(b)) - prefix <= 4


def _by_edit_distance(a: str, b: str, unknown: Sequence[str], why: str = "") -> Relation:
    """Two words the dictionary cannot judge: compare their letters.

    A different ending after a common stem reads as inflection (``grammatical``);
    a small change inside the word as a spelling (``orthographic``); anything
    else as another word (``lexical``).
    """

    a, b = _undivided(a), _undivided(b)
    reason = why or f"unknown to the dictionary: {', '.join(_quoted(w) for w in unknown)}"
    measured = bounded_distance(a, b)
    if measured is None:
        return Relation(
            "lexical", f"{reason}; {len(a)} and {len(b)} letters, too long to measure edit distance"
        )
    distance, ratio = measured
    note = f"{reason}; edit distance {distance} (ratio {ratio:.2f})"
    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    tail_a, tail_b = len(a) - prefix - suffix, len(b) - prefix - suffix
    shorter = min(len(a), len(b))
    if shorter < 4:
        return Relation("lexical", note)
    if suffix == 0 and prefix >= 3 and max(tail_a, tail_b) <= 3 and prefix >= shorter - 2:
        return Relation("grammatical", note + ", another ending")
    if ratio >= SPELLING_RATIO and distance <= max(1, len(max(a, b, key=len)) // 4):
        return Relation("orthographic", note)
    return Relation("lexical", note)


#: Edit distance is quadratic: two 1 MB "words" took 561 s. It is measured only when,
#: after their common beginning and end, the two differ over at most this many letters.
EDIT_LIMIT = 2000


def _quoted(word: str, limit: int = 40) -> str:
    """A word for a note: quoted, and cut (saying how long it is) when longer than ``limit``."""
    return repr(word) if len(word) <= limit else f"{word[: limit - 10]!r}… ({len(word)} letters)"


def bounded_distance(a: str, b: str, limit: int = EDIT_LIMIT) -> tuple[int, float] | None:
    """Levenshtein distance and ratio of ``a`` and ``b``, or None when they differ over more than ``limit`` letters.

    The common prefix and suffix are stripped first (they change neither
    measure), so a long reading with a small change inside is still measured.

    >>> bounded_distance("colour", "color")
    (1, 0.9090909090909091)
    >>> bounded_distance("x" * 10**6 + "a", "x" * 10**6 + "b")
    (1, 0.999999000001)
    >>> bounded_distance("a" * 3000, "b" * 3000) is None
    True
    """
    import Levenshtein
    from rapidfuzz.distance import Indel

    prefix = _common_prefix(a, b)
    suffix = _common_prefix(a[prefix:][::-1], b[prefix:][::-1])
    mid_a, mid_b = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if len(mid_a) + len(mid_b) > 2 * limit:
        return None
    total = len(a) + len(b)
    # ratio = 1 - indel distance / total length; the stripped letters are matched ones.
    ratio = 1 - Indel.distance(mid_a, mid_b) / total if total else 1.0
    return Levenshtein.distance(mid_a, mid_b), ratio


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_APOSTROPHE = regex.compile(r"['’ʼ]")
_DIVIDERS = regex.compile(r"[\s\-‐‑­'’]+")


def _undivided(text: str) -> str:
    return _DIVIDERS.sub("", text)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def relate_readings(base: Sequence[str], other: Sequence[str], language: str = "ru") -> Relation:
    """The type of the difference between two readings' normalized words, seen from the base.

    >>> relate_readings(("хотя",), ("то", "следовало")).type
    'lexical'
    >>> relate_readings(("black", "cat"), ("cat", "black")).type
    'transposition'
    >>> relate_readings(("38", "параллель"), ("38-параллель",)).type
    'word-division'
    """
    base, other = tuple(base), tuple(other)
    if base == other:
        return Relation("orthographic")
    if not base:
        return Relation("addition")
    if not other:
        return Relation("omission")
    if Counter(base) == Counter(other):
        return Relation("transposition", "the same words in another order")
    if len(base) != len(other) and _undivided("".join(base).casefold()) == _undivided(
        "".join(other).casefold()
    ):
        return Relation("word-division")
    if len(base) == len(other):
        relations = [relate_words(a, b, language) for a, b in zip(base, other, strict=True) if a != b]
        worst = min(relations, key=lambda r: rank(r.type))
        if len(relations) == 1 or worst.type != "lexical":
            return Relation(worst.type, "; ".join(r.note for r in relations if r.note))
        return Relation("lexical")
    if _is_subsequence(base, other):
        return Relation("addition", "the base's words with others added")
    if _is_subsequence(other, base):
        return Relation("omission", "the base's words with some left out")
    return Relation("lexical")


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    rest = iter(long)
    return all(any(w == x for x in rest) for w in short)


# --- entries -----------------------------------------------------------------


def classify(
    readings: Sequence[Reading], base: str, profile: object, languages: Mapping[str, str] | None = None
) -> Classification:
    """Classify the readings of one entry against the base witness's reading.

    ``languages`` maps sigla to language codes (``Witness.language``); words
    are judged in the base witness's language (detected from the readings
    when not given). Accidental entries are explained from what normalization
    recorded on the tokens (their norms and rules), never by normalizing again.
    """
    editorial = _editorial_types(readings)
    text_readings = [tuple(t for t in r.tokens if t.kind not in EDITORIAL_KINDS) for r in readings]
    texts = {_plain(toks) for toks in text_readings}
    if editorial and len(texts) == 1:
        return _result(editorial, ())

    sigla = [r.siglum for r in readings]
    langs = _languages(readings, languages)
    language = langs[base]
    base_tokens = text_readings[sigla.index(base)]
    base_words = words(base_tokens)
    types: set[str] = set(editorial)
    notes: list[str] = []
    word_forms = {words(toks) for toks in text_readings}
    if len(word_forms) > 1:
        for siglum, toks in zip(sigla, text_readings, strict=True):
            other = words(toks)
            if siglum == base or other == base_words:
                continue
            relation = relate_readings(base_words, other, language)
            types.add(relation.type)
            if relation.type in ("addition", "omission"):
                notes.append(f"{relation.type} in {siglum} relative to the base {base}")
            elif relation.note:
                notes.append(f"{siglum}: {relation.note}")
        if all(category_of(t) == "substantive" for t in types - set(editorial)):
            # Marks that differ between readings that all have words are a punctuation
            # variant too (listed in types; the substantive type still leads). The marks
            # of an added or omitted phrase belong to that phrase.
            if all(words(toks) for toks in text_readings) and len({_marks(t) for t in text_readings}) > 1:
                types.add("punctuation")
            return _result(types, (), _join_notes(notes))
        # Only accidental relations (case, spelling, word division): fall through
        # to name the rules and marks, keeping what the words showed.

    # Same words: an accidental difference. Which rules made the readings equal?
    rules: tuple[str, ...] = ()
    marks_differ = len({_marks(toks) for toks in text_readings}) > 1
    if len(word_forms) == 1:
        rules, unexplained = _necessary_rules(text_readings, sigla, profile, langs, marks_differ)
        types.update(unexplained)
        if unexplained:
            notes.append("the witnesses' own normalized forms agree")
    types.update(_rule_type(name) for name in rules)
    if marks_differ:
        types.add("punctuation")
    spacing = _spacing_types(text_readings)
    types.update(spacing)
    if not types - set(editorial):
        types.add("orthographic")
    return _result(types, rules, _join_notes(notes))


def _languages(readings: Sequence[Reading], languages: Mapping[str, str] | None) -> dict[str, str]:
    """Each reading's language: as given, else detected from all the readings together."""
    given = dict(languages or {})
    missing = [r for r in readings if not given.get(r.siglum)]
    if missing:
        from .language import detect

        found = detect([t for r in readings for t in r.tokens])
        for r in missing:
            given[r.siglum] = found
    return given


def _rule_type(name: str) -> str:
    """The type an entry settled by rule ``name`` gets: the rule's variant type."""
    from .normalize import RULES

    rule = RULES.get(name)
    if rule is not None:
        return rule.variant_type
    return name.removeprefix("user:")  # a user regularization class


def _join_notes(notes: Sequence[str]) -> str:
    return "; ".join(dict.fromkeys(n for n in notes if n))


def _editorial_types(readings: Sequence[Reading]) -> set[str]:
    kinds = {t.kind for r in readings for t in r.tokens}
    found = set()
    if Kind.EDITORIAL in kinds:
        found.add("editorial")
    if Kind.PAGINATION in kinds:
        found.add("pagination")
    return found


def _plain(tokens: Sequence[Token]) -> str:
    return " ".join(t.text for t in tokens)


_HYPHENS = frozenset("-‐‑")


def _joints(tokens: Sequence[Token]) -> tuple[str, ...]:
    """What stands between each two consecutive words: a space, nothing, or a hyphen."""
    found = []
    prev_word = False
    joint = ""
    for t in tokens:
        if t.kind in WORDISH:
            if prev_word:
                found.append(joint)
            prev_word, joint = True, " " if t.ws else ""
        elif t.text in _HYPHENS and prev_word and not joint:
            joint = "-" if not t.ws else " "
        else:
            prev_word = False
    return tuple(found)


def _spacing_types(readings: Sequence[Sequence[Token]]) -> set[str]:
    """``word-division`` when words are joined differently; ``punctuation`` for spacing at marks."""
    found: set[str] = set()
    if len({_joints(toks) for toks in readings if words(toks)}) > 1:
        found.add("word-division")
    shapes = {
        tuple(
            (t.norm, bool(t.ws))
            for i, t in enumerate(toks[:-1])
            if _is_mark(toks, i) or _before_mark(toks, i)
        )
        for toks in readings
        if toks
    }
    if len(shapes) > 1:
        found.add("punctuation")
    return found


def _is_mark(tokens: Sequence[Token], i: int) -> bool:
    """A punctuation mark, other than a hyphen joining two words (that is word division)."""
    t = tokens[i]
    if t.kind is not Kind.PUNCT:
        return False
    if t.text in _HYPHENS and not t.ws and 0 < i < len(tokens) - 1:
        before, after = tokens[i - 1], tokens[i + 1]
        return not (before.kind in WORDISH and not before.ws and after.kind in WORDISH)
    return True


def _before_mark(tokens: Sequence[Token], i: int) -> bool:
    return i + 1 < len(tokens) and _is_mark(tokens, i + 1)


def _marks(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The normalized punctuation marks of a reading (joining hyphens left out)."""
    return tuple(t.norm for i, t in enumerate(tokens) if t.norm and _is_mark(tokens, i))


def _result(types: set[str] | Sequence[str], rules: Sequence[str], note: str = "") -> Classification:
    found = ordered(types)
    return Classification(found[0], found, category_of(found[0]), tuple(rules), note)


_SENTENCE_END = frozenset(".!?;:")


def _necessary_rules(
    readings: Sequence[Sequence[Token]],
    sigla: Sequence[str],
    profile: object,
    languages: Mapping[str, str],
    marks_differ: bool,
) -> tuple[tuple[str, ...], set[str]]:
    """The rules without which the readings (same words) would no longer normalize alike.

    Worked out from what normalization recorded, slot by slot (the n-th word
    of every reading; the n-th mark too when the marks agree): a rule that
    changed some of a slot's tokens and not others is needed; a rule that
    changed all of them is needed when replaying the slot's recorded token
    rules without it, on the original texts, leaves them different. Each
    token is replayed with its own witness's pack and user rules. A slot whose
    texts differ with no rule to explain it was made equal by the witnesses
    themselves (a pretokenized witness's own ``n``): its type comes from the
    texts (case only, or a spelling), returned apart.

    >>> from collate.normalize import get_profile, normalize
    >>> from collate.tokenize import tokenize
    >>> p = get_profile("orthographic")
    >>> a, b = (normalize(tokenize(t), p, language="ru") for t in ("ЁЛКА", "елка"))
    >>> _necessary_rules([a, b], ["A", "B"], p, {"A": "ru", "B": "ru"}, False)
    (('case', 'yo'), set())
    """
    from .normalize import RULES

    positions = [[i for i, t in enumerate(toks) if t.kind in WORDISH and t.norm] for toks in readings]
    slots: list[tuple[tuple[Token, ...], bool]] = []
    for places in zip(*positions, strict=False):
        # ". One" / "; one": in every reading a mark stands right before the word.
        after_mark = all(
            i > 0 and toks[i - 1].kind is Kind.PUNCT for i, toks in zip(places, readings, strict=True)
        )
        slots.append((tuple(toks[i] for i, toks in zip(places, readings, strict=True)), after_mark))
    if not marks_differ:
        mark_lists = [[t for i, t in enumerate(toks) if t.norm and _is_mark(toks, i)] for toks in readings]
        slots.extend((tuple(slot), False) for slot in zip(*mark_lists, strict=False))
    needed: set[str] = set()
    unexplained: set[str] = set()
    for slot, after_mark in slots:
        if len({t.text for t in slot}) == 1:
            continue
        fired = {rule for t in slot for rule in t.rules}
        explained = False
        for name in fired:
            if name == "case" and after_mark and marks_differ:
                # ". One" / "; one": the capital follows the mark; the difference is the mark's.
                explained = True
                continue
            on = [name in t.rules for t in slot]
            rule = RULES.get(name)
            if not all(on) or rule is None or rule.sequence is not None:
                needed.add(name)
                explained = True
                continue
            forms = {
                _replay(t, sigla[k], profile, languages.get(sigla[k], "und"), fired - {name})
                for k, t in enumerate(slot)
            }
            if len(forms) > 1:
                needed.add(name)
                explained = True
        if not explained:
            if len({t.text.casefold() for t in slot}) == 1:
                unexplained.add("case")
            else:
                unexplained.add("orthographic")
    order = list(getattr(profile, "rule_names", ()))
    ranked = sorted(needed, key=lambda n: (order.index(n) if n in order else len(order), n))
    return tuple(ranked), unexplained


_DIVIDED = regex.compile(r"[\s\-‐‑\u00ad]+")


def _replay(token: Token, siglum: str, profile: object, language: str, names: set[str]) -> str:
    """The token's original text run through its recorded token rules ``names`` (in its pack's order)."""
    from .normalize import REGISTRY

    text = token.text
    if any(getattr(REGISTRY.rules.get(r), "sequence", None) is not None for r in token.rules):
        text = _DIVIDED.sub("", text)  # a joined token: its parts' letters
    rules = tuple(r for r in REGISTRY.rules_for(tuple(sorted(names)), language) if r.token is not None)
    form = REGISTRY.token_form(text, rules)[0] if rules else text
    user = getattr(profile, "active_user_rules", None)
    if user is not None:
        for rule in user(siglum):
            if rule.name in names:
                form = rule.apply(form)
    return form


def classify_pair(
    base: str, other: str, profile: str | object = "orthographic", language: str | None = None
) -> Classification:
    """Classify two short texts as one apparatus entry (base first), without aligning them.

    ``language`` is detected from the two texts together when not given.

    >>> classify_pair("приказ", "приказа")
    Classification(type='grammatical', types=('grammatical',), category='substantive', rules=(), \
note='B: same lemma приказ')
    >>> classify_pair("It was untill", "It was until").type, classify_pair("θ\u0305ς", "θεός").type
    ('orthographic', 'abbreviation')
    """
    from .language import check_language, detect
    from .normalize import get_profile, normalize
    from .tokenize import tokenize

    prof = get_profile(profile) if isinstance(profile, str) else profile
    tokens = {"A": tokenize(base), "B": tokenize(other)}
    if language is None:
        language = detect([*tokens["A"], *tokens["B"]])
    check_language(language, "language")
    readings = []
    for siglum, text in (("A", base), ("B", other)):
        normalized = normalize(tokens[siglum], prof, siglum=siglum, language=language)  # type: ignore[arg-type]
        readings.append(
            Reading(siglum, text, " ".join(words(normalized)), normalized, Location(1, 1, 0, len(text)))
        )
    return classify(readings, "A", prof, {"A": language, "B": language})
