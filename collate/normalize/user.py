"""User regularization rules: a TOML file of pattern -> replacement, in the spirit of
the ITSEE Collation Editor's regularizations.

::

    [[rule]]
    pattern = "тов"            # matched against a token's normalized form
    replacement = "т"
    class = "abbreviation"      # the apparatus type of entries it makes equal
    scope = ["A"]               # optional: only these witnesses

    [[rule]]
    pattern = "^(\\d+)ч$"       # regex = true: re.sub on the normalized form
    replacement = "\\1"
    regex = true

A literal pattern replaces a whole normalized form; a regex pattern is
substituted wherever it matches in the form. User rules run after the
profile's built-in rules, so under the default profile write patterns in lower
case with е for ё. A token they change records the rule ``user:<class>``
(default class ``regularization``). Errors name the file and line.

Regex rules run with the ``regex`` package (the syntax of :mod:`re`) under two
limits, so that a rule cannot hang or exhaust memory: a rule may spend at most
:data:`TIME_LIMIT` seconds on one form (``^(a|aa)+$``
on a 40-letter word would take minutes, doubling with each letter), and a rule may not make a form
longer than :data:`GROWTH` times its length plus :data:`GROWTH_SLACK`
characters (``(?:)`` -> ``xxxxxxxxxx`` grows every form elevenfold, and rules
after it grow it again). Either is a :class:`~collate.errors.RuleError`
naming the rule's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from ..errors import RuleError, located
from ..model import EDITORIAL_KINDS, Token
from ..tomlfile import Tables

_KEYS = frozenset({"pattern", "replacement", "regex", "scope", "class", "description"})
_CLASS = re.compile(r"[a-z][a-z0-9_-]*\Z")
DEFAULT_CLASS = "regularization"
#: Seconds a regex rule may spend on one form. An ordinary rule takes microseconds
#: (^(\d+)ч$ on 50,000 words: 0.8 s in all, 1.8 s with the time limit checked, on a busy
#: 2-core machine); one that backtracks catastrophically takes minutes.
TIME_LIMIT = 1.0
#: A rule may make a form at most GROWTH times as long, plus GROWTH_SLACK characters
#: (room to expand an abbreviation: т -> товарищ).
GROWTH = 4
GROWTH_SLACK = 32


@dataclass(frozen=True)
class UserRule:
    """One regularization: ``pattern`` -> ``replacement`` on normalized forms."""

    pattern: str
    replacement: str
    regex: bool = False
    scope: tuple[str, ...] = ()
    klass: str = DEFAULT_CLASS
    description: str = ""
    source: str = ""
    line: int = 0
    compiled: regex.Pattern[str] | None = None

    @property
    def name(self) -> str:
        """The rule name recorded on the tokens it changes: ``user:<class>``."""
        return f"user:{self.klass}"

    def apply(self, form: str) -> str:
        """The form after this rule; a :class:`RuleError` naming the rule when it runs past
        :data:`TIME_LIMIT` or grows the form beyond :data:`GROWTH`."""
        if self.compiled is None:
            return self.replacement if form == self.pattern else form
        try:
            new = self.compiled.sub(self.replacement, form, timeout=TIME_LIMIT)
        except TimeoutError:
            raise RuleError(
                located(
                    self.source,
                    f"rule {self.pattern!r} ran past its time limit ({TIME_LIMIT:g} s) on {_short(form)}:"
                    " catastrophic backtracking? (nested repeats like (a|aa)+)",
                    self.line,
                )
            ) from None
        if len(new) > GROWTH * len(form) + GROWTH_SLACK:
            raise RuleError(
                located(
                    self.source,
                    f"rule {self.pattern!r} -> {self.replacement!r} grows {_short(form)} from {len(form)}"
                    f" to {len(new)} characters (at most {GROWTH} times plus {GROWTH_SLACK})",
                    self.line,
                )
            )
        return new


def _short(form: str) -> str:
    return repr(form if len(form) <= 24 else form[:20] + "…")


def load_user_rules(path: str | Path) -> tuple[UserRule, ...]:
    """Read and validate a user rules file; errors are :class:`RuleError` naming file and line.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as f:
    ...     _ = f.write('[[rule]]\\npattern = "тов"\\nreplacement = "т"\\nclass = "abbreviation"\\n')
    >>> [(r.pattern, r.replacement, r.name, r.line) for r in load_user_rules(f.name)]
    [('тов', 'т', 'user:abbreviation', 1)]
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(located(path, f"cannot read user rules: {exc}")) from None
    tables = Tables(text, path, "rule", RuleError)
    return tuple(_user_rule(entry, tables, line) for entry, line in tables)


def _user_rule(entry: dict, tables: Tables, line: int) -> UserRule:
    def fail(message: str, key: str | None = None) -> RuleError:
        return tables.error(message, line, key)  # type: ignore[return-value]

    for key in entry:
        if key not in _KEYS:
            raise fail(f"unknown key {key!r} (known: {', '.join(sorted(_KEYS))})", key)
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise fail("'pattern' must be a non-empty string", "pattern" if "pattern" in entry else None)
    replacement = entry.get("replacement")
    if not isinstance(replacement, str):
        raise fail("'replacement' must be a string", "replacement" if "replacement" in entry else None)
    if any(ch.isspace() for ch in replacement):
        raise fail("'replacement' must not contain whitespace (rules act on one token)", "replacement")
    is_regex = entry.get("regex", False)
    if not isinstance(is_regex, bool):
        raise fail("'regex' must be true or false", "regex")
    scope = entry.get("scope", [])
    if isinstance(scope, str):
        scope = [scope]
    if not isinstance(scope, list) or not all(isinstance(s, str) and s for s in scope):
        raise fail("'scope' must be a list of sigla", "scope")
    klass = entry.get("class", DEFAULT_CLASS)
    if not isinstance(klass, str) or not _CLASS.match(klass):
        raise fail(f"'class' must be a lower-case name like 'abbreviation', not {klass!r}", "class")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise fail("'description' must be a string", "description")
    compiled = None
    if is_regex:
        try:
            compiled = regex.compile(pattern)
        except (regex.error, ValueError, OverflowError) as exc:
            raise fail(f"bad regex {pattern!r}: {exc}", "pattern") from None
        try:
            compiled.sub(replacement, "", timeout=TIME_LIMIT)
        except (regex.error, IndexError, ValueError) as exc:
            raise fail(f"bad replacement {replacement!r}: {exc}", "replacement") from None
        except TimeoutError:
            raise fail(f"rule {pattern!r} ran past its time limit on the empty string", "pattern") from None
    return UserRule(
        pattern, replacement, is_regex, tuple(scope), klass, description, str(tables.path), line, compiled
    )


def apply_user_rules(tokens: tuple[Token, ...], rules: Sequence[UserRule]) -> tuple[Token, ...]:
    """Apply ``rules`` to each text token's normalized form, recording ``user:<class>``."""
    cache: dict[str, tuple[str, tuple[str, ...]]] = {}
    out = []
    touched = False
    for token in tokens:
        norm = token.norm
        if not norm or token.kind in EDITORIAL_KINDS:
            out.append(token)
            continue
        hit = cache.get(norm)
        if hit is None:
            form, fired = norm, []
            for rule in rules:
                new = rule.apply(form)
                if new != form:
                    if rule.name not in fired:
                        fired.append(rule.name)
                    form = new
            hit = cache[norm] = ("".join(form.split()), tuple(fired))
        if hit[1]:
            touched = True
            token = token.normalized(hit[0], *hit[1])
        out.append(token)
    return tuple(out) if touched else tokens
