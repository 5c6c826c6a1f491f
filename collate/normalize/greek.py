"""Greek rules for New Testament and Byzantine manuscripts and their editions.

``lunate_sigma`` (ϲ), ``nomina_sacra`` (θς = θεος, κ̅υ̅ = κυριου: a table),
``iota_subscript`` (ᾳ = α, adscript ωι = ω), ``greek_diacritics`` (accents,
breathings, diaeresis), ``final_sigma`` (ς = σ), ``movable_nu`` (εστιν =
εστι) and, off by default, ``itacism`` (ει/ι, η/ι, αι/ε, ο/ω, οι/υ: the
``manuscript`` profile switches it on).

>>> [greek_diacritics(w) for w in ("λόγος", "Ἰησοῦς", "abc")]
['λογος', 'Ιησους', 'abc']
>>> nomina_sacra("κ\\u0305υ\\u0305"), nomina_sacra("ΘΣ"), movable_nu("εστιν"), itacism("ειδεν")
('κυριου', 'ΘΕΟΣ', 'εστι', 'ιδεν')
"""

from __future__ import annotations

import unicodedata

from .common import keep_case
from .registry import Rule
from .tables import ITACISM, MOVABLE_NU_ENDINGS, MOVABLE_NU_KEEP, NOMINA_SACRA

_OVERLINES = frozenset("\u0305\u0304\u033f\u0306")
_SUBSCRIPT = "\u0345"


def _greek(form: str) -> bool:
    return not form.isascii() and any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in form)


def lunate_sigma(form: str) -> str:
    """The lunate sigma ϲ (Ϲ) is σ (Σ).

    >>> lunate_sigma("ϲοφοϲ")
    'σοφοσ'
    """
    if "ϲ" not in form and "Ϲ" not in form:
        return form
    return form.replace("ϲ", "σ").replace("Ϲ", "Σ")


def _bare(form: str) -> str:
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", form) if not unicodedata.combining(ch))
    return stripped.lower().replace("ς", "σ").replace("ϲ", "σ")


def nomina_sacra(form: str) -> str:
    """A contracted sacred name (with or without its overline) written out: θς = θεος, ιυ = ιησου."""
    if not _greek(form) or len(form) > 12:
        return form
    full = NOMINA_SACRA.get(_bare(form))
    if full is None:
        return form
    if full.endswith("σ"):
        full = full[:-1] + "ς"
    letters = "".join(ch for ch in unicodedata.normalize("NFD", form) if not unicodedata.combining(ch))
    return keep_case(letters, full)


def iota_subscript(form: str) -> str:
    """Iota subscript is left out (ᾳ = α), and so is an adscript iota ending a word after ω or η (τωι = τω).

    >>> iota_subscript("τῷ"), iota_subscript("τωι"), iota_subscript("ΤΩΙ"), iota_subscript("και")
    ('τῶ', 'τω', 'ΤΩ', 'και')
    """
    if not _greek(form):
        return form
    decomposed = unicodedata.normalize("NFD", form)
    if _SUBSCRIPT in decomposed:
        form = unicodedata.normalize("NFC", decomposed.replace(_SUBSCRIPT, ""))
    bare = _bare(form)
    if len(bare) > 2 and bare[-1] == "ι" and bare[-2] in "ωη" and form[-1] in "ιΙ":
        return form[:-1]
    return form


def greek_diacritics(form: str) -> str:
    """Accents, breathings and diaeresis on Greek letters are left out (the overline of a nomen sacrum too)."""
    if not _greek(form):
        return form
    decomposed = unicodedata.normalize("NFD", form)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = kept.replace("\u1fbd", "").replace("\u1fbf", "").replace("\u1ffe", "")
    return unicodedata.normalize("NFC", kept) if kept != decomposed else form


def final_sigma(form: str) -> str:
    """Final ς is σ (manuscripts and many transcriptions have one sigma).

    >>> final_sigma("λογος")
    'λογοσ'
    """
    return form.replace("ς", "σ") if "ς" in form else form


def movable_nu(form: str) -> str:
    """A movable ν after -σι, -ε (εστιν, πασιν, ειπεν) is left out; ουδεν, εν, -θεν keep theirs."""
    if not form.endswith("ν") or not _greek(form):
        return form
    if form in MOVABLE_NU_KEEP or (form.endswith("θεν") and not form.endswith("ηλθεν")):
        return form
    for ending in MOVABLE_NU_ENDINGS:
        if form.endswith(ending) and len(form) > max(len(ending), 3):
            return form[:-1]
        if form == ending and ending != "εν":
            return form[:-1]
    return form


_ITACISM = tuple(ITACISM.items())


def itacism(form: str) -> str:
    """Vowels pronounced alike written one for another: ει, η, οι → ι/υ; αι → ε; ω → ο (manuscript profile)."""
    if not _greek(form):
        return form
    for old, new in _ITACISM:
        if old in form:
            form = form.replace(old, new)
    return form


LUNATE_SIGMA = Rule(
    "lunate_sigma",
    "The lunate sigma ϲ is σ.",
    "orthographic",
    examples=(("ϲοφοϲ", "σοφοσ"),),
    token=lunate_sigma,
)
NOMINA_SACRA_RULE = Rule(
    "nomina_sacra",
    "Nomina sacra written out, with or without their overline: θς = θεος, κ̅υ̅ = κυριου, ιυ = ιησου.",
    "abbreviation",
    examples=(("θ\u0305ς\u0305", "θεος"), ("κυ", "κυριου"), ("ΙΥ", "ΙΗΣΟΥ")),
    token=nomina_sacra,
)
IOTA_SUBSCRIPT = Rule(
    "iota_subscript",
    "Iota subscript and a word-final adscript iota after ω/η are left out: τῷ = τῶ, τωι = τω.",
    "orthographic",
    examples=(("τῷ", "τῶ"), ("τωι", "τω"), ("και", "και")),
    token=iota_subscript,
)
GREEK_DIACRITICS = Rule(
    "greek_diacritics",
    "Accents, breathings and diaeresis on Greek letters are left out: λόγος = λογος, ὁ = ο.",
    "orthographic",
    examples=(("λόγος", "λογος"), ("ὁ", "ο")),
    token=greek_diacritics,
)
FINAL_SIGMA = Rule(
    "final_sigma",
    "Final ς is σ: λογος = λογοσ.",
    "orthographic",
    examples=(("λογος", "λογοσ"),),
    token=final_sigma,
)
MOVABLE_NU = Rule(
    "movable_nu",
    "A movable ν is left out: εστιν = εστι, πασιν = πασι, ειπεν = ειπε; εν, ουδεν, -θεν keep theirs.",
    "orthographic",
    examples=(("εστιν", "εστι"), ("ειπεν", "ειπε"), ("ουδεν", "ουδεν")),
    token=movable_nu,
)
ITACISM_RULE = Rule(
    "itacism",
    "Itacisms, off by default (on in the manuscript profile): ει = ι, η = ι, αι = ε, ω = ο, οι = υ.",
    "orthographic",
    examples=(("ειδεν", "ιδεν"), ("ημων", "ιμον")),
    token=itacism,
    default=False,
)
