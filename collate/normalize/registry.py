"""The rule registry and the engine that applies a profile's rules to tokens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import RuleError
from ..model import EDITORIAL_KINDS, Token
from ..typology import TYPES, Category

TokenFn = Callable[[str], str]
SequenceFn = Callable[[tuple[Token, ...]], tuple[Token, ...]]

#: The accidental variant types a rule may account for.
VARIANT_TYPES = frozenset(t for t in TYPES if t.category is Category.ACCIDENTAL)


@dataclass(frozen=True)
class Rule:
    """A named normalization rule.

    Exactly one of ``token`` (maps a normalized form to a new one) and
    ``sequence`` (maps a token sequence to a new one, joining or splitting
    tokens) is set. ``variant_type`` is the accidental type of an apparatus
    entry whose readings this rule makes equal. ``examples`` are pairs of
    (original, normalized) that the tests check.
    """

    name: str
    description: str
    variant_type: str
    examples: tuple[tuple[str, str], ...] = ()
    token: TokenFn | None = None
    sequence: SequenceFn | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name != self.name.lower():
            raise RuleError(f"rule name {self.name!r} is not snake_case")
        if (self.token is None) == (self.sequence is None):
            raise RuleError(f"rule {self.name!r} must have exactly one of token= or sequence=")
        if self.variant_type not in VARIANT_TYPES:
            raise RuleError(f"rule {self.name!r}: unknown variant type {self.variant_type!r}")


#: Every rule, by name, in the order a profile applies them.
RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add ``rule`` to :data:`RULES` (names are unique)."""
    if rule.name in RULES:
        raise RuleError(f"rule {rule.name!r} is registered twice")
    RULES[rule.name] = rule
    return rule


def normalize(tokens: Sequence[Token], profile: object, siglum: str | None = None) -> tuple[Token, ...]:
    """Apply ``profile``'s rules to ``tokens``; each changed token records the rules that fired.

    Rules run in registry order. Editorial and pagination tokens are left
    alone. Token rules are cached per distinct form (across calls), so
    normalizing a long text costs one rule pass per distinct word; sequence
    rules make one linear pass each. The profile's user rules (a
    ``--rules`` file) run last; ``siglum`` selects those scoped to some
    witnesses (without a siglum every user rule applies).
    """
    from .profiles import Profile

    if not isinstance(profile, Profile):
        raise TypeError("profile must be a Profile (see collate.normalize.get_profile)")
    result = tuple(tokens)
    for step in _plan(profile.rules):
        is_sequence = isinstance(step, Rule)
        result = step.sequence(result) if is_sequence else _apply_token_rules(result, step)  # type: ignore[union-attr,misc,arg-type]
    active = profile.active_user_rules(siglum)
    if active:
        from .user import apply_user_rules

        result = apply_user_rules(result, active)
    return result


@lru_cache(maxsize=256)
def _plan(rules: tuple[Rule, ...]) -> tuple[Rule | tuple[Rule, ...], ...]:
    """Group consecutive token rules into one pass; sequence rules are steps of their own."""
    steps: list[Rule | tuple[Rule, ...]] = []
    batch: list[Rule] = []
    for rule in rules:
        if rule.sequence is not None:
            if batch:
                steps.append(tuple(batch))
                batch = []
            steps.append(rule)
        else:
            batch.append(rule)
    if batch:
        steps.append(tuple(batch))
    return tuple(steps)


#: Per rule batch, each distinct form's (normalized form, rules fired). Shared across calls.
_CACHES: dict[tuple[str, ...], dict[str, tuple[str, tuple[str, ...]]]] = {}
_CACHE_LIMIT = 500_000


def _apply_token_rules(tokens: tuple[Token, ...], rules: tuple[Rule, ...]) -> tuple[Token, ...]:
    key = tuple(rule.name for rule in rules)
    cache = _CACHES.get(key)
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _CACHES[key] = {}
    functions = [(rule.name, rule.token) for rule in rules]
    out = []
    append = out.append
    touched = False
    for token in tokens:
        norm = token.norm
        if not norm or token.kind in EDITORIAL_KINDS:
            append(token)
            continue
        hit = cache.get(norm)
        if hit is None:
            form, fired = norm, []
            for name, function in functions:
                new = function(form)  # type: ignore[misc]
                if new != form:
                    fired.append(name)
                    form = new
            hit = cache[norm] = (form, tuple(fired))
        if hit[1]:
            touched = True
            token = token.normalized(hit[0], *hit[1])
        append(token)
    return tuple(out) if touched else tokens
