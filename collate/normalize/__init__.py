"""Normalization: named, switchable, explainable rules, in one pack per language.

A :class:`Rule` has a name (the public vocabulary), a one-line description,
examples, and the accidental variant type it accounts for. *Token rules* map
one token's normalized form to a new one; *sequence rules* may join or split
tokens (always keeping every original character and offset). A
:class:`RulePack` is one language's rules in order (``ru``, ``en``, ``el``,
``und``); the :data:`REGISTRY` is built from the packs. A :class:`Profile` is
a selection of rules by name. Each token records the rules that changed it,
in order, as ftfy's ``fix_and_explain`` does.

>>> from collate.tokenize import tokenize
>>> tokens = normalize(tokenize("Ёлка «Пекин»"), get_profile("orthographic"), language="ru")
>>> [(t.text, t.norm, t.rules) for t in tokens]
[('Ёлка', 'елка', ('case', 'yo')), ('«', '"', ('quotes',)), ('Пекин', 'пекин', ('case',)), ('»', '"', ('quotes',))]
>>> [t.norm for t in normalize(tokenize("ſhall shew"), get_profile("orthographic"), language="en")]
['shall', 'show']
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Token
from .packs import PACKS, REGISTRY
from .profiles import PROFILES, RULES, Profile, get_profile
from .registry import Registry, Rule, RulePack

__all__ = [
    "PACKS",
    "PROFILES",
    "REGISTRY",
    "RULES",
    "Profile",
    "Registry",
    "Rule",
    "RulePack",
    "get_profile",
    "normalize",
]


def normalize(
    tokens: Sequence[Token], profile: Profile, siglum: str | None = None, language: str | None = None
) -> tuple[Token, ...]:
    """Apply ``profile``'s rules of ``language``'s pack to ``tokens``; each changed token records its rules.

    ``language`` is a pack's code (``ru``, ``en``, ``el``, ``und``); without
    one it is detected from the tokens (:func:`collate.language.detect`).
    Editorial and pagination tokens are left alone. Token rules are cached per
    distinct form (in :data:`REGISTRY`, across calls), so normalizing a long
    text costs one rule pass per distinct word; sequence rules make one linear
    pass each. The profile's user rules (a ``--rules`` file) run last;
    ``siglum`` selects those scoped to some witnesses (without a siglum every
    user rule applies).
    """
    if not isinstance(profile, Profile):
        raise TypeError("profile must be a Profile (see collate.normalize.get_profile)")
    if language is None:
        from ..language import detect

        language = detect(tokens)
    return REGISTRY.normalize(tokens, profile, siglum, language)
