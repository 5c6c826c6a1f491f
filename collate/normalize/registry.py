"""Rules, rule packs and the registry that applies a profile's rules to one witness's tokens.

A :class:`RulePack` is one language's ordered rules (Russian, English, Greek,
or ``und`` for a language collate has no pack for: the rules every pack
shares). A :class:`Registry` is built from packs handed to it explicitly; it
applies the rules of a witness's pack that a profile switches on, and it owns
every cache normalization keeps (one per rule batch, plus the caches the packs
declare: dictionary look-ups, Palladius segmentations), with one way to clear
them all, :meth:`Registry.clear_caches`.

>>> from collate.normalize import REGISTRY
>>> REGISTRY.pack("en").rule_names[:3]
('nfc', 'invisible', 'long_s')
>>> REGISTRY.pack("fr")
Traceback (most recent call last):
...
collate.errors.RuleError: language='fr': no rule pack (known: ru, en, el, und)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import RuleError
from ..model import EDITORIAL_KINDS, Token
from ..typology import TYPES, Category

TokenFn = Callable[[str], str]
#: A sequence rule takes the registry's working list of tokens and returns the list to go on
#: with: the same list, changed in place (a token's form), or a new one (tokens joined or split).
SequenceFn = Callable[[list[Token]], list[Token]]

#: The accidental variant types a rule may account for.
VARIANT_TYPES = frozenset(t for t in TYPES if t.category is Category.ACCIDENTAL)


@dataclass(frozen=True)
class Rule:
    """A named normalization rule.

    Exactly one of ``token`` (maps a normalized form to a new one) and
    ``sequence`` (maps a list of tokens to a new one, joining or splitting
    tokens, or changes it in place: see :data:`SequenceFn`) is set. ``variant_type`` is the accidental type of an apparatus
    entry whose readings this rule makes equal. ``examples`` are pairs of
    (original, normalized) that the tests check. A rule with ``default=False``
    is off unless a profile (``manuscript``) or a ``+name`` switch turns it on.
    """

    name: str
    description: str
    variant_type: str
    examples: tuple[tuple[str, str], ...] = ()
    token: TokenFn | None = None
    sequence: SequenceFn | None = None
    default: bool = True

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name != self.name.lower():
            raise RuleError(f"rule name {self.name!r} is not snake_case")
        if (self.token is None) == (self.sequence is None):
            raise RuleError(f"rule {self.name!r} must have exactly one of token= or sequence=")
        if self.variant_type not in VARIANT_TYPES:
            raise RuleError(f"rule {self.name!r}: unknown variant type {self.variant_type!r}")


@dataclass(frozen=True)
class RulePack:
    """One language's rules, in application order, and the caches its rules keep.

    ``caches`` are functions with a ``cache_clear()`` (``functools.lru_cache``)
    that the registry clears with its own.
    """

    language: str
    name: str
    rules: tuple[Rule, ...]
    description: str = ""
    caches: tuple[Any, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        for name in names:
            if names.count(name) > 1:
                raise RuleError(f"pack {self.language!r}: rule {name!r} is listed twice")

    @property
    def rule_names(self) -> tuple[str, ...]:
        """The pack's rule names, in application order."""
        return tuple(rule.name for rule in self.rules)


class ProfileLike(Protocol):
    """What the registry needs of a profile (see :class:`collate.normalize.Profile`)."""

    rule_names: tuple[str, ...]

    def active_user_rules(self, siglum: str | None = None) -> tuple[Any, ...]:  # pragma: no cover
        """The user rules that apply to witness ``siglum``."""
        ...


#: Steps of a plan: a batch of token rules (one pass) or a sequence rule.
Step = tuple[Rule, ...] | Rule


class Registry:
    """The rule packs, by language, and the engine that applies them; owner of every normalization cache."""

    #: A rule batch's cache of distinct forms is dropped when it grows past this.
    CACHE_LIMIT = 500_000

    def __init__(self, packs: Iterable[RulePack]) -> None:
        self.packs: dict[str, RulePack] = {}
        self.rules: dict[str, Rule] = {}
        for pack in packs:
            if pack.language in self.packs:
                raise RuleError(f"two rule packs for language {pack.language!r}")
            self.packs[pack.language] = pack
            for rule in pack.rules:
                known = self.rules.get(rule.name)
                if known is not None and known is not rule:
                    raise RuleError(f"rule {rule.name!r} is defined twice (packs share one Rule object)")
                self.rules.setdefault(rule.name, rule)
        self._plans: dict[tuple[str, tuple[str, ...]], tuple[Step, ...]] = {}
        # Per rule batch: form -> (new form, rules that fired), or None when no rule changes it.
        self._forms: dict[tuple[str, ...], dict[str, tuple[str, tuple[str, ...]] | None]] = {}

    def pack(self, language: str) -> RulePack:
        """The pack for ``language`` (a code: ``ru``, ``en``, ``el``, ``und``)."""
        try:
            return self.packs[language]
        except KeyError:
            known = ", ".join(self.packs)
            raise RuleError(f"language={language!r}: no rule pack (known: {known})") from None

    def rules_for(self, rule_names: Sequence[str], language: str) -> tuple[Rule, ...]:
        """The rules of ``language``'s pack among ``rule_names``, in the pack's order."""
        wanted = set(rule_names)
        return tuple(rule for rule in self.pack(language).rules if rule.name in wanted)

    def clear_caches(self) -> None:
        """Forget every cached form, plan and look-up (a dictionary once loaded stays loaded)."""
        self._plans.clear()
        self._forms.clear()
        seen: set[int] = set()
        for pack in self.packs.values():
            for cached in pack.caches:
                if id(cached) not in seen:
                    seen.add(id(cached))
                    cached.cache_clear()

    def normalize(
        self, tokens: Sequence[Token], profile: ProfileLike, siglum: str | None = None, language: str = "und"
    ) -> tuple[Token, ...]:
        """Apply the rules of ``language``'s pack that ``profile`` switches on; see :func:`normalize`.

        The rules work on one list, changed in place, and the tuple is built
        once at the end: each step building its own tuple (and list) of 200,000
        tokens cost 15 ms of CPU time per step that changed anything.
        """
        result = list(tokens)
        for step in self._plan(profile.rule_names, language):
            if isinstance(step, Rule):
                result = step.sequence(result)  # type: ignore[misc]
            else:
                self._token_pass(result, step)
        done = tuple(result)
        active = profile.active_user_rules(siglum)
        if active:
            from .user import apply_user_rules

            done = apply_user_rules(done, active)
        return done

    def token_form(self, form: str, rules: Sequence[Rule]) -> tuple[str, tuple[str, ...]]:
        """Run token ``rules`` on one form: (new form, the rules that changed it), cached."""
        return self._token_forms(tuple(rules), form)

    def _plan(self, rule_names: tuple[str, ...], language: str) -> tuple[Step, ...]:
        key = (language, rule_names)
        plan = self._plans.get(key)
        if plan is None:
            steps: list[Step] = []
            batch: list[Rule] = []
            for rule in self.rules_for(rule_names, language):
                if rule.sequence is not None:
                    if batch:
                        steps.append(tuple(batch))
                        batch = []
                    steps.append(rule)
                else:
                    batch.append(rule)
            if batch:
                steps.append(tuple(batch))
            plan = self._plans[key] = tuple(steps)
        return plan

    def _cache(self, rules: tuple[Rule, ...]) -> dict[str, tuple[str, tuple[str, ...]] | None]:
        key = tuple(rule.name for rule in rules)
        cache = self._forms.get(key)
        if cache is None or len(cache) > self.CACHE_LIMIT:
            cache = self._forms[key] = {}
        return cache

    @staticmethod
    def _run(functions: Sequence[tuple[str, TokenFn]], norm: str) -> tuple[str, tuple[str, ...]] | None:
        """Token rules, as (name, function) pairs, on one form: (new form, the rules that changed it), or None."""
        form, fired = norm, None
        for name, function in functions:
            new = function(form)
            if new != form:
                fired = [name] if fired is None else [*fired, name]
                form = new
        return None if fired is None else (form, tuple(fired))

    def _token_forms(self, rules: tuple[Rule, ...], norm: str) -> tuple[str, tuple[str, ...]]:
        cache = self._cache(rules)
        if norm in cache:
            hit = cache[norm]
        else:
            hit = cache[norm] = self._run([(rule.name, rule.token) for rule in rules], norm)  # type: ignore[misc]
        return hit or (norm, ())

    def _token_pass(self, tokens: list[Token], rules: tuple[Rule, ...]) -> None:
        """One pass of a batch of token rules, in place: each distinct form is computed once (and cached).

        The cache holds None for a form no rule changes (most forms), so the
        pass is two comprehensions over the tokens (the distinct forms, then
        the positions of the forms that change) and Python code runs only for
        a new form and a changed token. On the seed repeated to 200,000 tokens
        the first Russian batch (nothing changes) went from 32 to 10 ms of CPU
        time (garbage collection off); the second stays at about 110 ms, most
        of it building the 23,000 tokens that case folding changes.
        Comprehensions, not map(attrgetter): on Python 3.11 they are 30%
        faster here. Editorial tokens and empty forms are left alone; an
        editorial token's form may be computed into the cache, which is
        harmless (a pure function of the form).
        """
        cache = self._cache(rules)
        distinct = {token.norm for token in tokens}
        distinct.discard("")
        run = self._run
        functions = [(rule.name, rule.token) for rule in rules]
        for norm in distinct.difference(cache):
            cache[norm] = run(functions, norm)  # type: ignore[arg-type]
        changing = {norm for norm in distinct if cache[norm] is not None}
        if not changing:
            return
        # Built here rather than with Token.normalized(): a token no rule has changed yet (most)
        # takes the cached tuple of rule names as it is instead of a new one, which saved 14 ms of
        # CPU time and a third of the garbage collector's young-generation runs for the 23,000
        # tokens case folding changes in the seed repeated to 200,000 tokens.
        for i in [i for i, token in enumerate(tokens) if token.norm in changing]:
            t = tokens[i]
            if t.kind not in EDITORIAL_KINDS:
                form, fired = cache[t.norm]  # type: ignore[misc]
                tokens[i] = Token(
                    t.text,
                    t.ws,
                    t.start,
                    t.end,
                    t.line,
                    t.column,
                    t.kind,
                    form,
                    (*t.rules, *fired) if t.rules else fired,
                )
