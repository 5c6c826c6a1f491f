"""Named profiles: ordered selections of rules, with +rule/-rule switches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import RuleError
from . import rules as _rules  # noqa: F401  (registers the built-in rules)
from .registry import RULES, Rule


@dataclass(frozen=True)
class Profile:
    """A named, ordered selection of rules."""

    name: str
    rule_names: tuple[str, ...]
    description: str = ""

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The selected rules, in registry (application) order."""
        return tuple(rule for name, rule in RULES.items() if name in self.rule_names)

    def switched(self, changes: Iterable[str]) -> Profile:
        """Return a copy with rules switched on (``+name``) or off (``-name``).

        >>> get_profile("orthographic").switched(["-case"]).name
        'orthographic-case'
        """
        names = list(self.rule_names)
        label = self.name
        for change in changes:
            sign, name = change[:1], change[1:]
            if sign not in "+-" or not sign:
                raise RuleError(f"rule switch {change!r} must start with + or -")
            if name not in RULES:
                raise RuleError(f"unknown rule {name!r} (known: {', '.join(RULES)})")
            if sign == "+" and name not in names:
                names.append(name)
            elif sign == "-" and name in names:
                names.remove(name)
            label += change
        return Profile(label, tuple(names), self.description)


def _all_but(*excluded: str) -> tuple[str, ...]:
    return tuple(name for name in RULES if name not in excluded)


PROFILES: dict[str, Profile] = {
    "diplomatic": Profile("diplomatic", ("nfc",), "Every character counts: only Unicode NFC."),
    "orthographic": Profile(
        "orthographic",
        _all_but(),
        "The default: spelling, case, typing habits and layout are accidentals.",
    ),
}


def get_profile(name: str, changes: Iterable[str] = ()) -> Profile:
    """Look up a profile by name and apply ``+rule``/``-rule`` switches.

    >>> get_profile("diplomatic").rule_names
    ('nfc',)
    """
    try:
        profile = PROFILES[name]
    except KeyError:
        raise RuleError(f"unknown profile {name!r} (known: {', '.join(PROFILES)})") from None
    return profile.switched(changes)
