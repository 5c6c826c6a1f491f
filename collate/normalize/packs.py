"""The built-in rule packs, one per language, and the registry built from them.

Nothing is registered by importing a module: each pack lists its rules, in
application order, and :data:`REGISTRY` is built from the packs handed to it.
Within a pack, Unicode clean-up comes first, then the rules that join or split
tokens and need the original case, then case folding and spelling, then
punctuation (token rules before the sequence rule ``dashes``).

>>> [pack.language for pack in PACKS]
['ru', 'en', 'el', 'und']
>>> REGISTRY.pack("el").rule_names[2:6]
('lunate_sigma', 'nomina_sacra', 'iota_subscript', 'greek_diacritics')
"""

from __future__ import annotations

from . import english, greek, lexicon, morph, russian, sequences
from .common import AMPERSAND, CASE, HEAD, TAIL
from .registry import Registry, RulePack

RUSSIAN = RulePack(
    "ru",
    "Russian",
    (
        *HEAD,
        russian.HOMOGLYPHS_RULE,
        russian.STRESS_MARKS,
        sequences.HYPHENATION,
        sequences.LETTERSPACING,
        sequences.WORD_DIVISION,
        sequences.PALLADIUS,
        russian.TITLES,
        CASE,
        AMPERSAND,
        russian.PREREFORM,
        russian.PRE1956,
        russian.YO,
        *TAIL,
    ),
    "Modern, pre-1918 and 1940s-50s Russian; Chinese names in the Palladius system.",
    caches=(morph.is_known, morph.is_common_word, sequences.palladius_form, sequences._segment_stem),
)

ENGLISH = RulePack(
    "en",
    "English",
    (
        *HEAD,
        english.LONG_S,
        english.CONTRACTIONS,
        CASE,
        AMPERSAND,
        english.VV_W,
        english.U_V,
        english.I_J,
        english.ELISIONS,
        english.PERIOD_SPELLINGS,
        english.OUR_OR,
        english.ISE_IZE,
        *TAIL,
    ),
    "Early modern and 19th-century English printing and manuscripts.",
    caches=lexicon.CACHES,
)

GREEK = RulePack(
    "el",
    "Greek",
    (
        *HEAD,
        greek.LUNATE_SIGMA,
        greek.NOMINA_SACRA_RULE,
        greek.IOTA_SUBSCRIPT,
        greek.GREEK_DIACRITICS,
        greek.FINAL_SIGMA,  # before case: casefold() turns ς into σ itself
        CASE,  # no ampersand: & in Greek would be και
        greek.MOVABLE_NU,
        greek.ITACISM_RULE,
        *TAIL,
    ),
    "New Testament and Byzantine Greek, polytonic or not; nomina sacra; itacism in the manuscript profile.",
    caches=lexicon.CACHES,
)

UNDETERMINED = RulePack(
    "und",
    "any other language",
    (*HEAD, CASE, AMPERSAND, *TAIL),
    "A language collate has no pack for: Unicode, case and punctuation only.",
)

PACKS = (RUSSIAN, ENGLISH, GREEK, UNDETERMINED)

#: The registry of the built-in packs: the one that :func:`collate.normalize.normalize` uses.
REGISTRY = Registry(PACKS)
