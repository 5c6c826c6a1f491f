"""collate: transcription variant collation.

Tokenize witnesses losslessly, normalize their spelling with named rules (Russian,
English, Greek),
align with CollateX, and report every divergence as a typed, located
critical apparatus.

>>> from collate import collate
>>> app = collate({"A": "несколько оторвался от событий", "B": "несколько оторван от событий"})
>>> [(e.reading("A").text, e.reading("B").text, e.category) for e in app.entries]
[('оторвался', 'оторван', 'substantive')]
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded on first use (see _LAZY); type checkers see the names here
    from .aligners import Aligner
    from .apparatus import MAJORITY, Apparatus
    from .batch import batch
    from .decisions import Decision, DecisionError, Pin, load_decisions
    from .errors import AlignmentError, CollateError, ReportError, RuleError, WitnessError
    from .language import LANGUAGES
    from .model import Alignment, Entry, Kind, Location, Reading, Token, Witness
    from .normalize import PROFILES, RULES, Profile, get_profile, normalize
    from .normalize.user import UserRule
    from .progress import RunProgress
    from .tokenize import tokenize
    from .witnesses import Source, load_witnesses, read_witness

__all__ = [
    "LANGUAGES",
    "MAJORITY",
    "PROFILES",
    "RULES",
    "Alignment",
    "AlignmentError",
    "Apparatus",
    "CollateError",
    "Decision",
    "DecisionError",
    "Entry",
    "Kind",
    "Location",
    "Profile",
    "Reading",
    "ReportError",
    "RuleError",
    "Token",
    "Witness",
    "WitnessError",
    "batch",
    "collate",
    "get_profile",
    "load_decisions",
    "load_witnesses",
    "normalize",
    "prepare",
    "read_witness",
    "tokenize",
]

#: Where each name of the package lives, imported on first use. Importing it all
#: up front (the aligners, the apparatus, decisions, batch and its corpus reader...)
#: made ``import collate`` take 0.40-0.44 s of CPU, 0.04-0.06 s now; the
#: ``collate`` command imports what its command needs (``--version``: none of it).
#: Besides :data:`__all__`, the names the package used to import are kept (``collate.align``...).
_LAZY: dict[str, str] = {
    **dict.fromkeys(("align",), ".align"),
    **dict.fromkeys(("Aligner", "comparator_for", "get_aligner"), ".aligners"),
    **dict.fromkeys(("MAJORITY", "Apparatus", "build_apparatus"), ".apparatus"),
    **dict.fromkeys(("batch",), ".batch"),
    **dict.fromkeys(
        (
            "Decision",
            "DecisionError",
            "Pinned",
            "apply_decisions",
            "load_decisions",
            "locate_pins",
            "resolve",
        ),
        ".decisions",
    ),
    **dict.fromkeys(("text_encoding",), ".encodings"),
    **dict.fromkeys(
        ("AlignmentError", "CollateError", "ReportError", "RuleError", "WitnessError"), ".errors"
    ),
    **dict.fromkeys(("LANGUAGES", "check_language", "detect"), ".language"),
    **dict.fromkeys(("Alignment", "Entry", "Kind", "Location", "Reading", "Token", "Witness"), ".model"),
    **dict.fromkeys(("PROFILES", "REGISTRY", "RULES", "Profile", "get_profile", "normalize"), ".normalize"),
    **dict.fromkeys(("load_user_rules",), ".normalize.user"),
    **dict.fromkeys(("RunProgress", "input_size", "run_progress", "show_progress"), ".progress"),
    **dict.fromkeys(("tokenize",), ".tokenize"),
    **dict.fromkeys(
        (
            "Source",
            "check_sources",
            "check_witnesses",
            "load_witnesses",
            "read_witness",
            "size_limit",
            "tokenize_witness",
        ),
        ".witnesses",
    ),
}

#: Functions named like the submodule they live in: ``collate.tokenize`` is the function.
_SHADOWED = frozenset(name for name, module in _LAZY.items() if module == f".{name}")


def __getattr__(name: str) -> Any:
    """Import the submodule holding ``name`` on first use, and keep the value for the next."""
    module = _LAZY.get(name)
    if module is None:
        # An AttributeError lets ``from collate import graph`` import the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package's module: a submodule's first import does not replace the function of its name.

    The import system binds every submodule to its package's attribute
    (``collate.tokenize = <module>``) when it is first imported; eager imports
    used to overwrite that with the function, and lazy ones come too late.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__version__ = "0.1.0"


def __dir__() -> list[str]:
    """The public API only: tab completion and ``dir(collate)`` show no ``Path`` or ``Mapping``."""
    return sorted([*__all__, "__version__"])


def prepare(witness: Witness, profile: Profile) -> Witness:
    """Tokenize (unless its input fixed the tokens) and normalize one witness, in its language (detected if not given)."""
    from dataclasses import replace

    from .language import detect
    from .normalize import normalize
    from .witnesses import tokenize_witness

    tokens = tokenize_witness(witness)
    language = witness.language or detect(tokens)
    normalized = normalize(tokens, profile, siglum=witness.siglum, language=language)
    return replace(witness, tokens=normalized, language=language)


def collate(
    sources: Sequence[Source] | Mapping[str, str] | Source | Sequence[Witness],
    profile: str | Profile = "orthographic",
    base: str | None = None,
    rules: Sequence[str] = (),
    encoding: str | None = None,
    tei_choice: str = "orig",
    jobs: int | None = None,
    progress: bool | RunProgress | None = None,
    user_rules: str | Path | None = None,
    aligner: str | Aligner | None = None,
    near: bool | float = False,
    language: str | None = None,
    allow_outside: bool = False,
    max_size: int | None = None,
    decisions: str | Path | Sequence[Decision] | bool | None = None,
) -> Apparatus:
    """Collate witnesses and return their :class:`Apparatus`.

    ``sources`` is a witness folder, a list of files, a mapping siglum -> text,
    or a list of :class:`Witness`. ``profile`` names a normalization profile
    (``rules`` switches single rules: ``["+yo", "-case"]``); ``base`` is the
    lemma's siglum (default: the first witness) or ``"majority"``.
    ``encoding`` names the witness files' encoding (default: detected);
    ``tei_choice`` reads TEI ``<choice>`` as ``"orig"`` (default) or ``"reg"``.
    ``jobs`` caps the processes that align long witnesses (default: all
    cores); ``progress`` shows one bar on stderr for the whole run (``None``:
    on a terminal, for long work; ``False``: never; a
    :class:`~collate.progress.RunProgress`: that bar, which the caller finishes).
    ``user_rules`` is a regularization file (TOML, see
    :mod:`collate.normalize.user`) applied after the profile's rules.
    ``aligner`` names an aligner of :data:`collate.aligners.ALIGNERS` (default:
    ``"anchored"``) or is one; ``near=True`` (or a similarity threshold in
    (0, 1]) matches tokens that stay unmatched by similarity
    (:mod:`collate.aligners.comparators`). ``language`` (``ru``, ``en``,
    ``el``, ``und``) is every witness's language; without it each witness
    keeps its own (``Witness.language``, a manifest's ``language``) or has it
    detected (:mod:`collate.language`).
    ``allow_outside`` lets a folder's manifest name files outside the folder;
    ``max_size`` is the largest witness file read, in bytes (default
    :data:`collate.witnesses.MAX_SIZE`, 64 MiB).
    ``decisions`` are the editor's decisions (:mod:`collate.decisions`): a
    file, a list of :class:`Decision`, ``False`` for none, or ``None`` (the
    default) for the ``decisions.toml`` beside the witnesses, if there is one.
    """
    import functools

    from .language import check_language
    from .progress import RunProgress, input_size, run_progress, show_progress
    from .workers import fewer_collections

    _check_arguments(sources, profile, base, rules, encoding, jobs, user_rules)
    limits = (allow_outside, max_size)
    if language is not None:
        check_language(language, "language")
    # One call either way: a caller's own progress run (the CLI's) or one made here.
    run_collation = functools.partial(_collate, sources, profile, base, rules, encoding, tei_choice, jobs)
    rest = (user_rules, aligner, near, language, limits, decisions)
    with fewer_collections():
        if isinstance(progress, RunProgress):
            return run_collation(progress, *rest)
        with run_progress(show_progress(progress, input_size(sources))) as run:
            apparatus = run_collation(run, *rest)
            run.finish()
    return apparatus


def _collate(
    sources: Sequence[Source] | Mapping[str, str] | Source | Sequence[Witness],
    profile: str | Profile,
    base: str | None,
    rules: Sequence[str],
    encoding: str | None,
    tei_choice: str,
    jobs: int | None,
    run: RunProgress,
    user_rules: str | Path | None,
    aligner: str | Aligner | None,
    near: bool | float,
    language: str | None = None,
    limits: tuple[bool, int | None] = (False, None),
    decisions: str | Path | Sequence[Decision] | bool | None = None,
) -> Apparatus:
    from dataclasses import replace

    from .align import align, keys_of
    from .aligners import comparator_for, get_aligner
    from .apparatus import MAJORITY, build_apparatus
    from .errors import WitnessError
    from .language import check_language
    from .model import aligned_tokens
    from .normalize import REGISTRY, get_profile
    from .witnesses import check_witnesses, load_witnesses, size_limit

    allow_outside, max_size = limits
    comparator = comparator_for(near)
    chosen = get_aligner(aligner)  # bad arguments fail before any file is read
    reading = run.stage("reading", 1)
    given = _witness_objects(sources)
    if given:
        witnesses = list(sources)  # type: ignore[arg-type]
        check_witnesses(witnesses)  # as load_witnesses does: two sigla alike would break the apparatus
    else:
        with size_limit(max_size):
            witnesses = load_witnesses(sources, encoding, tei_choice, allow_outside)  # type: ignore[arg-type]
    reading(1)
    if language is not None:
        witnesses = [replace(w, language=language) for w in witnesses]
    for w in witnesses:
        if w.language:
            check_language(w.language, f"{w.siglum}: language")
    extra: tuple[UserRule, ...] = ()
    if user_rules is not None:
        from .normalize.user import load_user_rules

        extra = load_user_rules(user_rules)
    decided: tuple[Decision, ...] = ()
    decisions_file = ""
    # Witness objects have no folder to find a decisions.toml in: then, unless decisions are
    # given, collate.decisions is not imported at all (a `collate diff` of one line need not).
    if decisions is not False and not (decisions is None and given):
        from .decisions import resolve

        decided, decisions_file = resolve(decisions, sources)
    if isinstance(profile, str):
        prof = get_profile(profile, rules, user_rules=extra)
    else:
        prof = profile.with_user_rules(extra).switched(rules)
    sigla = [w.siglum for w in witnesses]
    base = base or sigla[0]
    if base != MAJORITY and base not in sigla:
        raise WitnessError(f"base={base!r} is not a siglum (sigla: {', '.join(sigla)})")
    normalizing = run.stage("normalizing", len(witnesses))
    prepared = []
    for witness in witnesses:
        prepared.append(prepare(witness, prof))
        normalizing(1)
    pins: list[Pin] = []
    pin_stale: list[tuple[Decision, str]] = []
    if decided:
        from .decisions import Pinned, locate_pins

        pins, pin_stale = locate_pins([d for d in decided if d.align], prepared)
    if pins:  # the editor's align decisions: user anchors, through the aligner seam
        chosen = Pinned(chosen, [keys_of(aligned_tokens(w.tokens)) for w in prepared], pins)
    aligning = run.stage("aligning", sum(len(aligned_tokens(w.tokens)) for w in prepared))
    alignment = align(prepared, aligner=chosen, near=comparator, jobs=jobs, advance=aligning)
    classifying = run.stage("classifying", len(alignment))
    # The rules on record: those of the witnesses' packs (and the user rules) that the profile switches on.
    packs = [REGISTRY.pack(w.language).rule_names for w in prepared]
    used = tuple(n for n in prof.rule_names if n.startswith("user:") or any(n in names for names in packs))
    apparatus = build_apparatus(alignment, base, prof, prof.name, used, near=comparator, advance=classifying)
    if decided:
        from .decisions import apply_decisions

        apparatus = apply_decisions(
            apparatus,
            decided,
            prof,
            source=decisions_file,
            pins=pins,
            pin_stale=pin_stale,
            source_text=Path(decisions_file).read_text(encoding="utf-8") if decisions_file else "",
        )
    return apparatus


def _witness_objects(sources: object) -> bool:
    """True when ``sources`` is a list of :class:`Witness` (a WitnessError when it mixes them with paths)."""
    from .errors import WitnessError
    from .model import Witness

    if not isinstance(sources, Sequence) or isinstance(sources, (str, bytes)):
        return False
    if not any(isinstance(s, Witness) for s in sources):
        return False
    if not all(isinstance(s, Witness) for s in sources):
        raise WitnessError("sources= mixes Witness objects with other things: give one kind")
    return True


def _check_arguments(
    sources: object,
    profile: object,
    base: object,
    rules: object,
    encoding: object,
    jobs: object,
    user_rules: object,
) -> None:
    """collate()'s own errors, naming the argument, for arguments of the wrong kind.

    >>> collate({"A": "а", "B": "б"}, profile=None)
    Traceback (most recent call last):
    collate.errors.RuleError: profile= must be a profile name (diplomatic, ...) or a Profile, not None
    """
    from .apparatus import MAJORITY
    from .encodings import text_encoding
    from .errors import AlignmentError, RuleError, WitnessError
    from .normalize import PROFILES, Profile
    from .witnesses import check_sources

    if not _witness_objects(sources):
        check_sources(sources)
    if not isinstance(profile, (str, Profile)):
        raise RuleError(
            f"profile= must be a profile name ({', '.join(PROFILES)}) or a Profile, not {profile!r}"
        )
    if base is not None and not isinstance(base, str):
        raise WitnessError(f"base= must be a siglum or {MAJORITY!r}, not {base!r}")
    if (
        isinstance(rules, str)
        or not isinstance(rules, Sequence)
        or not all(isinstance(r, str) for r in rules)
    ):
        raise RuleError(f"rules= must be a list of switches like ['+yo', '-case'], not {rules!r}")
    if encoding is not None:
        try:
            text_encoding(encoding)
        except WitnessError as exc:
            raise WitnessError(f"encoding={exc}") from None
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise AlignmentError(f"jobs= must be a whole number of processes, at least 1, not {jobs!r}")
    if user_rules is not None and not isinstance(user_rules, (str, Path)):
        raise RuleError(f"user_rules= must be the path of a rules file, not {user_rules!r}")
