"""English spelling rules for early modern and 19th-century printing.

``long_s`` (ſ), ``vv_w`` (vv for w), ``u_v`` and ``i_j`` (the letters as the
period used them), ``period_spellings`` (shew, connexion, to-morrow: a table),
``our_or`` (-our/-or), ``ise_ize`` (-ise/-ize) and ``contractions`` (thro',
tho', &). The rules that could turn one real word into another ask the word
list first (:func:`collate.normalize.lexicon.is_word`): ``vpon`` becomes
``upon`` because ``vpon`` is no English word and ``upon`` is; ``four`` stays
``four``.

>>> [u_v(w) for w in ("vpon", "haue", "Loue", "value", "very")]
['upon', 'have', 'Love', 'value', 'very']
>>> [our_or(w) for w in ("colour", "Honourable", "four", "hours")], ise_ize("realized")
(['color', 'Honorable', 'four', 'hours'], 'realised')
"""

from __future__ import annotations

import re

from .common import abbreviations, keep_case
from .lexicon import is_word
from .registry import Rule
from .tables import ENGLISH_CONTRACTIONS, ENGLISH_IZE_KEEP, ENGLISH_OUR_KEEP, ENGLISH_SPELLINGS


def _respell(form: str, lower_fn) -> str:  # type: ignore[no-untyped-def]
    lower = form.lower()
    new = lower_fn(lower)
    return form if new == lower else keep_case(form, new)


def _english(word: str) -> bool:
    return is_word(word, "en")


def long_s(form: str) -> str:
    """ſ (long s) is s.

    >>> long_s("ſhall")
    'shall'
    """
    return form.replace("ſ", "s") if "ſ" in form else form


def vv_w(form: str) -> str:
    """vv standing for w: ``vvhich`` = ``which``, when the w-spelling is a word and the vv one is not.

    >>> vv_w("vvhich"), vv_w("VVe"), vv_w("savvy")
    ('which', 'We', 'savvy')
    """
    if "vv" not in form and "VV" not in form and "Vv" not in form:
        return form

    def fix(lower: str) -> str:
        new = lower.replace("vv", "w")
        return new if not _english(lower) and _english(new) else lower

    return _respell(form, fix)


_U_V = re.compile(r"(?<=[aeiouy])u(?=[aeiouy])")
_V_U = re.compile(r"^v(?=[^aeiouy])")


def u_v(form: str) -> str:
    """u and v as the period wrote them: ``vpon`` = ``upon``, ``haue`` = ``have`` (word-list gated)."""
    lower = form.lower()
    if not (_V_U.search(lower) or _U_V.search(lower)) or not lower.isalpha():
        return form

    def fix(word: str) -> str:
        if _english(word):
            return word
        new = _U_V.sub("v", _V_U.sub("u", word))
        return new if _english(new) else word

    return _respell(form, fix)


_I_J = re.compile(r"^i(?=[aeou])")


def i_j(form: str) -> str:
    """i standing for j before a vowel at the start of a word: ``iust`` = ``just``, ``ioy`` = ``joy``.

    >>> i_j("iust"), i_j("Iudge"), i_j("iodine")
    ('just', 'Judge', 'iodine')
    """
    if form[:1] not in "iI" or not _I_J.search(form.lower()):
        return form

    def fix(word: str) -> str:
        if _english(word):
            return word
        new = "j" + word[1:]
        return new if _english(new) else word

    return _respell(form, fix)


def period_spellings(form: str) -> str:
    """Spellings of the period that later usage changed: shew = show, connexion, to-morrow.

    >>> period_spellings("shewed"), period_spellings("To-morrow"), period_spellings("untill")
    ('showed', 'Tomorrow', 'until')
    """
    lower = form.lower()
    new = ENGLISH_SPELLINGS.get(lower)
    return form if new is None else keep_case(form, new)


_OUR = re.compile(r"^([a-z]+)our(s|ed|ing|able|ably|ite|ites|er|ers|ful|fully|less|ly)?$")


def our_or(form: str) -> str:
    """-our is -or (colour = color, honourable = honorable) unless the -our word is one of its own."""
    lower = form.lower()
    if "our" not in lower:
        return form
    m = _OUR.match(lower)
    if m is None or f"{m.group(1)}our" in ENGLISH_OUR_KEEP:
        return form
    new = f"{m.group(1)}or{m.group(2) or ''}"
    return keep_case(form, new) if _english(new) else form


_IZE = re.compile(r"^([a-z]+)iz(e|es|ed|ing|ation|ations|er|ers)$")


def ise_ize(form: str) -> str:
    """-ize is -ise (realize = realise, surprize = surprise) when the -ise word exists; size stays."""
    lower = form.lower()
    if "iz" not in lower:
        return form
    m = _IZE.match(lower)
    if m is None or f"{m.group(1)}ize" in ENGLISH_IZE_KEEP:
        return form
    new = f"{m.group(1)}is{m.group(2)}"
    return keep_case(form, new) if _english(new) else form


_ELISION = re.compile(r"^([a-z]{3,})['’]d$")


def elisions(form: str) -> str:
    """An elided past tense written out: ``turn'd`` = ``turned``, ``lov'd`` = ``loved`` (word-list gated).

    >>> elisions("turn’d"), elisions("Lov'd"), elisions("she'd")
    ('turned', 'Loved', "she'd")
    """
    if not form.endswith(("'d", "’d")):
        return form
    lower = form.lower()
    m = _ELISION.match(lower)
    if m is None:
        return form
    new = m.group(1) + "ed"  # not + "d": she'd would become shed
    return keep_case(form, new) if _english(new) else form


LONG_S = Rule(
    "long_s", "ſ (long s) is s: ſhall = shall.", "orthographic", examples=(("ſhall", "shall"),), token=long_s
)
VV_W = Rule(
    "vv_w",
    "vv printed for w is w, when the vv spelling is no word and the w spelling is: vvhich = which.",
    "orthographic",
    examples=(("vvhich", "which"), ("savvy", "savvy")),
    token=vv_w,
)
U_V = Rule(
    "u_v",
    "u and v as early printing used them (v at the start, u inside): vpon = upon, haue = have; word-list gated.",
    "orthographic",
    examples=(("vpon", "upon"), ("haue", "have"), ("value", "value")),
    token=u_v,
)
I_J = Rule(
    "i_j",
    "i printed for j before a vowel at the start of a word: iust = just, ioy = joy; word-list gated.",
    "orthographic",
    examples=(("iust", "just"), ("iodine", "iodine")),
    token=i_j,
)
ELISIONS = Rule(
    "elisions",
    "An elided past tense written out: turn’d = turned, lov'd = loved (when the full form is a word).",
    "abbreviation",
    examples=(("turn’d", "turned"), ("she'd", "she'd")),
    token=elisions,
)
PERIOD_SPELLINGS = Rule(
    "period_spellings",
    "Period spellings later usage changed (a table): shew = show, connexion, to-morrow, untill = until.",
    "orthographic",
    examples=(("shew", "show"), ("connexion", "connection"), ("to-morrow", "tomorrow")),
    token=period_spellings,
)
OUR_OR = Rule(
    "our_or",
    "-our is -or: colour = color, honourable = honorable; four, hour, your stay.",
    "orthographic",
    examples=(("colour", "color"), ("honourable", "honorable"), ("four", "four")),
    token=our_or,
)
ISE_IZE = Rule(
    "ise_ize",
    "-ize is -ise where the -ise word exists: realize = realise, surprize = surprise; size stays.",
    "orthographic",
    examples=(("realize", "realise"), ("surprize", "surprise"), ("size", "size")),
    token=ise_ize,
)
CONTRACTIONS = Rule(
    "contractions",
    "Abbreviations written out: thro' = through, tho' = though, o'er = over.",
    "abbreviation",
    examples=(("thro'", "through"), ("tho", "though")),
    sequence=abbreviations("contractions", ENGLISH_CONTRACTIONS),
)
