"""Normalization: named, switchable, explainable rules.

A :class:`Rule` has a name (the public vocabulary), a one-line description,
examples, and the accidental variant type it accounts for. *Token rules* map
one token's normalized form to a new one; *sequence rules* may join or split
tokens (always keeping every original character and offset). A
:class:`Profile` is an ordered selection of rules. Each token records the
rules that changed it, in order, as ftfy's ``fix_and_explain`` does.

>>> from collate.tokenize import tokenize
>>> tokens = normalize(tokenize("Ёлка «Пекин»"), get_profile("orthographic"))
>>> [(t.text, t.norm, t.rules) for t in tokens]
[('Ёлка', 'елка', ('case', 'yo')), ('«', '"', ('quotes',)), ('Пекин', 'пекин', ('case',)), ('»', '"', ('quotes',))]
"""

from __future__ import annotations

from .profiles import PROFILES, Profile, get_profile
from .registry import RULES, Rule, normalize

__all__ = ["PROFILES", "RULES", "Profile", "Rule", "get_profile", "normalize"]
