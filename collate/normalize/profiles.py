"""Named profiles: selections of rules (by name, across the packs), with +rule/-rule switches and user rules.

A profile selects rules by name; which of them apply to a witness is its
language's pack (:meth:`Registry.rules_for`). Rules that are off by default
(``itacism``) are only in the profiles that name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import RuleError
from .packs import REGISTRY
from .registry import Rule

if TYPE_CHECKING:  # pragma: no cover
    from .user import UserRule

RULES = REGISTRY.rules


@dataclass(frozen=True)
class Profile:
    """A named selection of rules, plus the user rules of a ``--rules`` file.

    ``rule_names`` holds the built-in rules switched on and, for each class of
    user rules, the name ``user:<class>`` (switchable like any rule).
    """

    name: str
    rule_names: tuple[str, ...]
    description: str = ""
    user_rules: tuple[UserRule, ...] = ()

    def rules(self, language: str) -> tuple[Rule, ...]:
        """The selected built-in rules of ``language``'s pack, in application order."""
        return REGISTRY.rules_for(self.rule_names, language)

    def active_user_rules(self, siglum: str | None = None) -> tuple[UserRule, ...]:
        """The user rules switched on that apply to witness ``siglum`` (all of them if None)."""
        return tuple(
            rule
            for rule in self.user_rules
            if rule.name in self.rule_names and (siglum is None or not rule.scope or siglum in rule.scope)
        )

    def with_user_rules(self, user_rules: Iterable[UserRule]) -> Profile:
        """Return a copy that also applies ``user_rules`` (each class switched on)."""
        added = tuple(user_rules)
        if not added:
            return self
        names = list(self.rule_names)
        for rule in added:
            if rule.name not in names:
                names.append(rule.name)
        return replace(self, rule_names=tuple(names), user_rules=(*self.user_rules, *added))

    def switched(self, changes: Iterable[str]) -> Profile:
        """Return a copy with rules switched on (``+name``) or off (``-name``).

        >>> get_profile("orthographic").switched(["-case"]).name
        'orthographic-case'
        >>> get_profile("diplomatic").switched(["+nope"])
        Traceback (most recent call last):
        ...
        collate.errors.RuleError: unknown rule 'nope' (known: nfc, invisible, ...)
        """
        names = list(self.rule_names)
        label = self.name
        user_names = {rule.name for rule in self.user_rules}
        for change in changes:
            sign, name = change[:1], change[1:]
            if not sign or sign not in "+-":
                raise RuleError(f"rule switch {change!r} must start with + or -")
            if name not in RULES and name not in user_names:
                known = ", ".join([*RULES, *sorted(user_names)])
                raise RuleError(f"unknown rule {name!r} (known: {known})")
            if sign == "+" and name not in names:
                names.append(name)
            elif sign == "-" and name in names:
                names.remove(name)
            label += change
        return replace(self, name=label, rule_names=tuple(names))


def _defaults(*excluded: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(
        name for name, rule in RULES.items() if (rule.default or name in extra) and name not in excluded
    )


PROFILES: dict[str, Profile] = {
    "diplomatic": Profile("diplomatic", ("nfc",), "Every character counts: only Unicode NFC."),
    "orthographic": Profile(
        "orthographic",
        _defaults("ignore_punctuation"),
        "The default: spelling, case, typing habits, abbreviations, transliteration and layout are accidentals.",
    ),
    "manuscript": Profile(
        "manuscript",
        _defaults("ignore_punctuation", extra=("itacism",)),
        "As orthographic, and the scribes' habits too: itacism in Greek.",
    ),
    "substance": Profile(
        "substance",
        _defaults(),
        "As orthographic, and punctuation is ignored: only words count.",
    ),
}


def get_profile(name: str, changes: Iterable[str] = (), user_rules: Iterable[UserRule] = ()) -> Profile:
    """Look up a profile by name, add ``user_rules`` and apply ``+rule``/``-rule`` switches.

    >>> get_profile("diplomatic").rule_names
    ('nfc',)
    >>> "ignore_punctuation" in get_profile("substance").rule_names
    True
    >>> "itacism" in get_profile("orthographic").rule_names, "itacism" in get_profile("manuscript").rule_names
    (False, True)
    """
    try:
        profile = PROFILES[name]
    except KeyError:
        raise RuleError(f"unknown profile {name!r} (known: {', '.join(PROFILES)})") from None
    return profile.with_user_rules(user_rules).switched(changes)
