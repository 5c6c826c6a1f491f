"""The rule registry and the engine that applies a profile's rules to tokens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import RuleError
from ..model import EDITORIAL_KINDS, Token

TokenFn = Callable[[str], str]
SequenceFn = Callable[[tuple[Token, ...]], tuple[Token, ...]]

#: The accidental variant types a rule may account for.
VARIANT_TYPES = frozenset(
    {"case", "orthographic", "transliteration", "punctuation", "word-division", "unicode"}
)


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


def _is_text(token: Token) -> bool:
    return token.kind not in EDITORIAL_KINDS


def normalize(tokens: Sequence[Token], profile: object) -> tuple[Token, ...]:
    """Apply ``profile``'s rules to ``tokens``; each changed token records the rules that fired.

    Editorial and pagination tokens are left alone. Token rules are cached per
    distinct form, so normalizing a long text costs one rule pass per distinct word.
    """
    from .profiles import Profile

    if not isinstance(profile, Profile):
        raise TypeError("profile must be a Profile (see collate.normalize.get_profile)")
    result = tuple(tokens)
    token_rules: list[Rule] = []

    def flush() -> None:
        nonlocal result
        if token_rules:
            result = _apply_token_rules(result, tuple(token_rules))
            token_rules.clear()

    for rule in profile.rules:
        if rule.sequence is not None:
            flush()
            result = rule.sequence(result)
        else:
            token_rules.append(rule)
    flush()
    return result


def _apply_token_rules(tokens: tuple[Token, ...], rules: tuple[Rule, ...]) -> tuple[Token, ...]:
    cache: dict[str, tuple[str, tuple[str, ...]]] = {}
    out = []
    for token in tokens:
        if not _is_text(token) or not token.norm:
            out.append(token)
            continue
        hit = cache.get(token.norm)
        if hit is None:
            form, fired = token.norm, []
            for rule in rules:
                new = rule.token(form)  # type: ignore[misc]
                if new != form:
                    fired.append(rule.name)
                    form = new
            hit = cache[token.norm] = (form, tuple(fired))
        form, fired = hit
        if fired:
            token = Token(
                token.text,
                token.ws,
                token.start,
                token.end,
                token.line,
                token.column,
                token.kind,
                form,
                (*token.rules, *fired),
            )
        out.append(token)
    return tuple(out)
