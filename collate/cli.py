"""The ``collate`` command: a thin typer layer over the library.

Exit codes follow ``diff``: 0 success (``diff``: the witnesses agree),
1 (``diff`` only) the witnesses differ, 2 trouble. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import atexit
import functools
import gc
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import collate as run_collation
from .encodings import text_encoding
from .errors import CollateError, CollateWarning, EmptyWitnessError
from .language import check_language, detect
from .model import Token, Witness
from .normalize import PROFILES, REGISTRY, RULES, Profile, get_profile, normalize
from .progress import input_size, run_progress, show_progress
from .reporters import DEFAULT_FORMATS, FORMATS, parse_formats, write_reports
from .typology import check_labels
from .witnesses import RAISE_LIMIT, TEI_CHOICES, read_witness, size_limit, tokenize_witness

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from .apparatus import Apparatus

app = typer.Typer(
    name="collate",
    help="Collate transcriptions of one text and report every divergence as a critical apparatus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"collate {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print collate's version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Collate transcriptions of one text and report every divergence as a critical apparatus."""


ProfileOpt = Annotated[
    str,
    typer.Option("--profile", "-p", help=f"Normalization profile: {', '.join(PROFILES)}.", show_default=True),
]
RuleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rule",
        "-r",
        help="Switch one rule on (+name) or off (-name); repeatable. `collate rules` lists them.",
    ),
]
UserRulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        # typer renders help as rich markup: "[[rule]]" unescaped would print as "[]".
        help="A user regularization file (TOML: [\\[rule]] pattern, replacement, regex, scope, class).",
        exists=True,
        dir_okay=False,
    ),
]
BaseOpt = Annotated[
    str | None,
    typer.Option(
        "--base", "-b", help="Siglum of the base witness (the lemma), or 'majority'. Default: the first."
    ),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        "-e",
        help="Encoding of the witness files; switches detection off. Default: detected "
        "(BOM, UTF-8, cp1251, koi8-r, mac-cyrillic).",
    ),
]
TeiChoiceOpt = Annotated[
    str,
    typer.Option(
        "--tei-choice",
        help="How TEI <choice> is read: orig (<orig>/<sic>/<abbr>) or reg (<reg>/<corr>/<expan>).",
        show_default=True,
    ),
]
LanguageOpt = Annotated[
    str | None,
    typer.Option(
        "--language",
        help="The witnesses' language, for its rule pack and lexicon: ru, en, el or und. "
        "Default: the manifest's language, else detected from script and vocabulary.",
    ),
]
MaxSizeOpt = Annotated[
    str | None,
    typer.Option(
        "--max-size",
        help="Refuse witness files larger than this (bytes, or with K, M, G: 200M). Default: 64M.",
    ),
]
OnlyOpt = Annotated[
    str | None,
    typer.Option("--only", help="Keep only entries of these categories or types (comma-separated)."),
]
NearOpt = Annotated[
    bool,
    typer.Option(
        "--near",
        help="Near matching: words left unmatched are matched by similarity (misspellings, abbreviations).",
    ),
]
_DEFAULT_FORMATS = ",".join(DEFAULT_FORMATS)
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but errors (no progress bar either).")
]
FormatsOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help=f"Report formats, comma-separated: {', '.join(FORMATS)}, or all.",
        show_default=True,
    ),
]
IgnoreOpt = Annotated[
    str | None,
    typer.Option("--ignore", help="Leave out entries of these categories or types (comma-separated)."),
]

DecisionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="An editorial decisions file (TOML: [\\[decision]] readings, retype, ignore, merge, split, "
        "note, resp, align). Default: decisions.toml beside the witnesses, if there is one.",
        dir_okay=False,
    ),
]
NoDecisionsOpt = Annotated[
    bool,
    typer.Option("--no-decisions", help="Apply no editorial decisions (not even decisions.toml)."),
]


def console(stderr: bool = False) -> Console:
    """A rich Console (on stderr with ``stderr``) that prints text as it is: no highlighting, no wrapping.

    rich is imported here, on first use: a diff that prints no error never
    needs it (importing it took about 40 ms of CPU of a one-line diff's start).
    """
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def say(line: str) -> None:
    """Print ``line`` as it is (no markup) on stderr."""
    from rich.text import Text

    console(stderr=True).print(Text(line))


#: The library names its arguments (``base=``); the command line names its options.
_OPTIONS = {"base=": "--base ", "tei_choice= ": "--tei-choice ", "encoding=": "--encoding "}


def visible(text: str) -> str:
    r"""``text`` with every control, format, separator or surrogate character written as an escape.

    Error lines quote sigla, file names and readings from the input; a line
    break, an escape sequence or a right-to-left override in them must not
    break the line in two or reach the terminal.

    >>> visible("A\x1b[41m: no\u2028such file")
    'A\\x1b[41m: no\\u2028such file'
    """
    return "".join(
        ch
        if ch.isprintable() or ch == " "
        else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in str(text)
    )


def fail(message: str) -> typer.Exit:
    """Print ``message`` as one line on stderr and return the exit to raise."""
    for argument, option in _OPTIONS.items():
        if message.startswith(argument):
            message = option + message[len(argument) :]
            break
    message = message.replace(RAISE_LIMIT, "(--max-size raises it)")
    say(f"collate: {visible(message)}")
    return typer.Exit(EXIT_TROUBLE)


def _warnings_on_stderr(command: Callable[..., None]) -> Callable[..., None]:
    """Run ``command`` printing collate's warnings as one line each: ``collate: warning: FILE: ...``."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("always", CollateWarning)
            original = warnings.showwarning

            def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
                if issubclass(category, CollateWarning):
                    say(f"collate: warning: {visible(str(message))}")
                else:
                    original(message, category, filename, lineno, file, line)

            warnings.showwarning = show
            try:
                command(*args, **kwargs)
            except KeyboardInterrupt:
                say("collate: interrupted")
                raise typer.Exit(EXIT_INTERRUPTED) from None
            except BrokenPipeError:
                # typer would turn it into exit 1; main() exits as quietly as cat does.
                raise _StdoutClosed from None
            except SystemExit as exc:
                # rich's Console answers a broken pipe by pointing stdout at /dev/null and exiting 1.
                if exc.code == 1 and _stdout_is_devnull():
                    raise _StdoutClosed from None
                raise

    return run


def _gc_paused(command: Callable[..., None]) -> Callable[..., None]:
    """Run ``command`` with Python's cyclic garbage collector paused (and restored after, as it was).

    A collation makes hundreds of thousands of objects that live to its end
    (tokens, columns, entries), and the collector walks them again and again
    as more are made. collate() raises its first threshold for the run
    (:func:`collate.workers.fewer_collections`); a command whose process ends
    with the collation can do without it altogether: the collections left
    took 0.29-0.32 s of CPU of a 2.4-2.7 s diff of 2 x 30,000 words with
    planted variants, 0.13-0.17 s of the one-word case (timed with
    ``gc.callbacks``), to free 9,819 objects (2 MB) of cyclic garbage, most
    of it CollateX's graphs. On 2 x 150,000 words: 0.9 s less of 9.6 s, and
    the largest resident size 294 MB against 284. Reference counting frees
    everything else as before. And at exit the objects left are frozen
    (``gc.freeze``), so that Python's last collection does not walk them all
    once more: after a diff of 2 x 30,000 words the process took 0.28-0.31 s
    to end, 0.05-0.07 s so (and the apparatus no longer lives on in a module).
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        enabled = gc.isenabled()
        gc.disable()
        try:
            command(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
            atexit.unregister(gc.freeze)  # once, however many commands a process (a test) runs
            atexit.register(gc.freeze)

    return run


class _StdoutClosed(Exception):
    """The reader of stdout went away (``collate ... | head``)."""


#: The exit status of a command killed by SIGPIPE, as a shell shows it (cat | head): 128 + 13.
EXIT_PIPE = 128 + 13
EXIT_INTERRUPTED = 130


def _stdout_is_devnull() -> bool:
    try:
        out, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return (out.st_dev, out.st_ino) == (null.st_dev, null.st_ino)


def _stdout_closed() -> None:
    """Exit quietly, as ``cat`` does when the pipe it writes to is closed."""
    try:  # Python flushes stdout at exit: into /dev/null, not into the closed pipe (another error)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_PIPE)


def _interrupted() -> None:
    say("collate: interrupted")
    sys.exit(EXIT_INTERRUPTED)


def _split(spec: str | None) -> list[str]:
    return [s.strip() for s in spec.split(",") if s.strip()] if spec else []


def _check_labels(labels: list[str], option: str, user_rules: Path | None = None) -> None:
    """Refuse an unknown label before collating, with the library's message (:func:`typology.check_labels`)."""
    known: set[str] = set()
    if labels and user_rules is not None:  # a user rule's class is a type too
        from .normalize.user import load_user_rules

        known = {rule.klass for rule in load_user_rules(user_rules)}
    check_labels(labels, option, known)


def _check_tei_choice(choice: str) -> None:
    # A witness folder or list (report) checks it; a single non-TEI file ignores it.
    if choice not in TEI_CHOICES:
        raise CollateError(f"--tei-choice must be one of {', '.join(TEI_CHOICES)}, not {choice!r}")


_SIZE = re.compile(r"\s*(\d+)\s*([KMG]?)i?B?\s*\Z", re.IGNORECASE)


def _parse_size(text: str | None) -> int | None:
    """``--max-size`` in bytes: ``200M`` is 200 MiB; a CollateError for anything else.

    >>> _parse_size("200M"), _parse_size("4096"), _parse_size(None)
    (209715200, 4096, None)
    """
    if text is None:
        return None
    m = _SIZE.match(text)
    if not m or int(m.group(1)) < 1:
        raise CollateError(f"--max-size {text!r}: give a number of bytes, or one with K, M or G (200M)")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2).upper()]


def _check_encoding(encoding: str | None) -> None:
    if encoding is not None:
        try:
            text_encoding(encoding)
        except CollateError as exc:
            raise CollateError(f"--encoding {exc}") from None


def _default_outdir(paths: list[Path]) -> Path:
    """``reports/<folder>/`` for a witness folder; for files, the folder named by their stems too.

    Two runs on different files of one folder (A B, then A C) must not share a
    default output folder, where the second would silently replace the first.
    """
    first = paths[0]
    if len(paths) == 1 and first.is_dir():
        return Path("reports") / first.name
    stems = "-".join(p.stem for p in paths)
    return Path("reports") / f"{first.resolve().parent.name}-{stems}"


@app.command()
@_warnings_on_stderr
@_gc_paused
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="A witness folder (with an optional witnesses.toml), or two or more witness files.",
        ),
    ],
    outdir: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the reports. Default: reports/<folder name>/ for a folder, "
            "reports/<folder name>-<stems>/ for files (so other witnesses never replace them).",
        ),
    ] = None,
    formats: FormatsOpt = _DEFAULT_FORMATS,
    base: BaseOpt = None,
    profile: ProfileOpt = "orthographic",
    rule: RuleOpt = None,
    user_rules: UserRulesOpt = None,
    only: OnlyOpt = None,
    ignore: IgnoreOpt = None,
    encoding: EncodingOpt = None,
    tei_choice: TeiChoiceOpt = "orig",
    language: LanguageOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace existing files in the output folder that collate did not write."
        ),
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=0, help="Show at most this many entries in the terminal table (0: all; -q: none)."
        ),
    ] = 40,
    quiet: QuietOpt = False,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Let a witnesses.toml manifest read files outside its folder (../, absolute paths, links).",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for aligning long witnesses (at most one per core). Default: all cores.",
        ),
    ] = None,
    max_size: MaxSizeOpt = None,
    near: NearOpt = False,
    graph_range: Annotated[
        str | None,
        typer.Option(
            "--range",
            help="Draw the variant graph (HTML, graphml, dot) of a stretch of the base text only: "
            "LINE.WORD-LINE.WORD (9.1-11.40), LINE-LINE, or entries eN / eN-eM with their neighbourhood.",
        ),
    ] = None,
    decisions: DecisionsOpt = None,
    no_decisions: NoDecisionsOpt = False,
) -> None:
    """Collate witnesses and write the apparatus reports (apparatus.json, .csv, .md, .txt, ...)."""
    from .graph import columns_of, parse_range

    try:
        _check_encoding(encoding)
        names = parse_formats(formats)
        where = parse_range(graph_range, "--range") if graph_range is not None else None
        only_labels, ignore_labels = _split(only), _split(ignore)
        _check_labels(only_labels, "--only", user_rules)
        _check_labels(ignore_labels, "--ignore", user_rules)
        # One bar for the whole run, writing included.
        with run_progress(show_progress(False if quiet else None, input_size(paths))) as run:
            apparatus = run_collation(
                paths,
                profile=profile,
                base=base,
                rules=rule or (),
                encoding=encoding,
                tei_choice=tei_choice,
                jobs=jobs,
                progress=run,
                user_rules=user_rules,
                near=near,
                language=language,
                allow_outside=allow_outside,
                max_size=_parse_size(max_size),
                decisions=False if no_decisions else decisions,
            )
            apparatus = apparatus.filter(only_labels, ignore_labels)
            if where is not None:
                columns_of(apparatus, where)  # refuses a range that holds no word, before anything is written
                apparatus = replace(apparatus, options={**apparatus.options, "range": where})
            target = outdir if outdir is not None else _default_outdir(paths)
            writing = run.stage("writing", 1)
            written = write_reports(apparatus, target, names, force=force)
            writing(1)
    except CollateError as exc:
        raise fail(str(exc)) from None
    if not quiet:
        from rich.console import Console
        from rich.text import Text

        from .reporters.terminal import print_report

        out = Console(highlight=False)
        print_report(apparatus, out, limit)
        if apparatus.decisions.source:
            out.print(Text(decisions_line(apparatus)), soft_wrap=True)
        out.print(f"wrote {', '.join(str(p) for p in written)}")


def decisions_line(apparatus: Apparatus) -> str:
    """What the editorial decisions did: ``applied 14 decisions from FILE (1 stale); 12 entries ignored in print``."""
    log = apparatus.decisions
    stale = f" ({len(log.stale)} stale)" if log.stale else ""
    ignored = apparatus.summary()["ignored"]
    plural = "decision" if log.applied == 1 else "decisions"
    return (
        f"applied {log.applied} {plural} from {log.source}{stale}; "
        f"{ignored} {'entry' if ignored == 1 else 'entries'} ignored in print"
    )


decisions_app = typer.Typer(
    help="Editorial decisions (decisions.toml): check that each still finds its place.",
    no_args_is_help=True,
)
app.add_typer(decisions_app, name="decisions")


@decisions_app.command("check")
@_warnings_on_stderr
def decisions_check(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="A witness folder, or two or more witness files."),
    ],
    decisions: DecisionsOpt = None,
    base: BaseOpt = None,
    profile: ProfileOpt = "orthographic",
    rule: RuleOpt = None,
    user_rules: UserRulesOpt = None,
    encoding: EncodingOpt = None,
    tei_choice: TeiChoiceOpt = "orig",
) -> None:
    """List the stale decisions (those that match nothing): exit 0 when there are none, 1 when there are.

    Collates the witnesses as `collate report` does, with the same options, and
    prints one line per stale decision (FILE:LINE). A decision that matches two
    places is an error (exit 2).
    """
    from .decisions import DecisionWarning, find_decisions

    try:
        chosen = decisions if decisions is not None else find_decisions(paths)
        if chosen is None:
            raise CollateError(
                f"no decisions file: {paths[0]} has no decisions.toml beside it; give --decisions FILE"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DecisionWarning)  # listed below, once each
            apparatus = run_collation(
                paths,
                profile=profile,
                base=base,
                rules=rule or (),
                encoding=encoding,
                tei_choice=tei_choice,
                progress=False,
                user_rules=user_rules,
                decisions=chosen,
            )
    except CollateError as exc:
        raise fail(str(exc)) from None
    from rich.text import Text

    out = console()
    log = apparatus.decisions
    for message in log.stale:
        out.print(Text(message))
    out.print(Text(f"{log.source}: {log.applied} applied, {len(log.stale)} stale"))
    raise typer.Exit(EXIT_DIFFERENT if log.stale else EXIT_SAME)


#: How git runs an external diff (``diff.<driver>.command``): path old-file old-hex old-mode new-file
#: new-hex new-mode, and two more (the new path, rename information) for a renamed file.
GIT_ARGS = (7, 9)
COLOR_WHEN = ("auto", "always", "never")


@app.command()
@_warnings_on_stderr
@_gc_paused
def diff(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE1 FILE2",
            help="The two witnesses, the first the base; '-' reads standard input. "
            "Seven arguments are git's external diff (see the README's Word diff).",
            show_default=False,
        ),
    ],
    context: Annotated[
        int,
        typer.Option(
            "--context",
            "-U",
            "--unified",
            metavar="N",
            min=0,
            help="Words (not lines) of context around each change.",
            show_default=True,
        ),
    ] = 5,
    full: Annotated[bool, typer.Option("--full", help="Show the whole text as one hunk.")] = False,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="Colour: auto (on a terminal or in git's pager, unless NO_COLOR is set), always, never.",
            show_default=True,
        ),
    ] = "auto",
    no_color: Annotated[bool, typer.Option("--no-color", help="The same as --color never.")] = False,
    markup: Annotated[
        str | None,
        typer.Option(
            "--word-diff",
            metavar="MODE",
            help="plain: [-old-]{+new+} as git prints it (--word-diff alone too); "
            "color: colour only (implies --color always). Default: color when colouring, plain otherwise.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the hunks and changes as JSON (see the README).")
    ] = False,
    show_stat: Annotated[
        bool, typer.Option("--stat", help="Print the number of changes by category and type only.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing; the exit code tells (0 same, 1 differ, 2 trouble)."
        ),
    ] = False,
    ignore_case: Annotated[
        bool, typer.Option("--ignore-case", "-i", help="Leave out changes of letter case only.")
    ] = False,
    ignore_space: Annotated[
        bool,
        typer.Option(
            "--ignore-all-space",
            "-w",
            help="Leave out changes of spacing only (Москвы , / Москвы,; 1950 г. / 1950г.; line breaks).",
        ),
    ] = False,
    profile: ProfileOpt = "orthographic",
    rule: RuleOpt = None,
    user_rules: UserRulesOpt = None,
    only: OnlyOpt = None,
    ignore: IgnoreOpt = None,
    encoding: EncodingOpt = None,
    tei_choice: TeiChoiceOpt = "orig",
    language: LanguageOpt = None,
    max_size: MaxSizeOpt = None,
    near: NearOpt = False,
) -> None:
    """Word diff of two witnesses, in hunks: exit 0 when they agree, 1 when they differ, 2 on trouble.

    Deletions print as [-so-] and insertions as {+so+}, as `git diff --word-diff` does;
    each hunk is headed by where it starts in both files: @@ A line:column B line:column @@.
    Differences of case, spelling or punctuation count too (they are accidentals):
    --ignore accidental leaves them out.
    """
    from . import worddiff

    git = len(files) in GIT_ARGS
    try:
        if len(files) != 2 and not git:
            raise CollateError(f"diff takes two files (or git's {GIT_ARGS[0]} arguments), not {len(files)}")
        if color not in COLOR_WHEN:
            raise CollateError(f"--color must be one of {', '.join(COLOR_WHEN)}, not {color!r}")
        if markup is not None and markup not in worddiff.MARKUPS:
            raise CollateError(f"--word-diff must be one of {', '.join(worddiff.MARKUPS)}, not {markup!r}")
        if as_json and show_stat:
            raise CollateError("--json and --stat: choose one")
        if markup == "color" and (no_color or color == "never"):
            raise CollateError(
                "--word-diff color shows changes by colour only: it cannot go with --color never"
            )
        only_labels, ignore_labels = _split(only), _split(ignore)
        _check_labels(only_labels, "--only", user_rules)
        _check_labels(ignore_labels, "--ignore", user_rules)
        _check_encoding(encoding)
        _check_tei_choice(tei_choice)
        limit = size_limit(_parse_size(max_size))
        if git:  # path old-file old-hex old-mode new-file new-hex new-mode [new-path rename-info]
            old, new = files[1], files[4]
            # A renamed file: git gives its new path (and the similarity) after the seven.
            names = (str(files[0]), str(files[7] if len(files) == GIT_ARGS[1] else files[0]))
            labels = (
                "/dev/null" if _is_null(old) else f"a/{names[0]}",
                "/dev/null" if _is_null(new) else f"b/{names[1]}",
            )
        else:
            old, new = files
            labels = (str(old), str(new))
            if str(old) == str(new) == "-":
                raise CollateError("-: standard input can be read only once")
        read = functools.partial(_diff_witness, encoding=encoding, tei_choice=tei_choice)
        with limit:
            if git:
                first, second = _git_side(old, "A", read), _git_side(new, "B", read)
            else:
                first, second = read(old, "A"), read(new, "B")
        if first is None and second is None:  # git: an empty file added, removed or left empty
            raise typer.Exit(EXIT_SAME)
        if first is None or second is None:
            result = worddiff.whole_file(first, second, labels)
        else:
            apparatus = run_collation(
                [first, second],
                profile=profile,
                rules=rule or (),
                user_rules=user_rules,
                near=near,
                language=language,
            )
            result = worddiff.word_diff(
                apparatus,
                None if full else context,
                labels=labels,
                ignore_case=ignore_case,
                ignore_space=ignore_space,
                only=only_labels,
                ignore=ignore_labels,
            )
    except CollateError as exc:
        raise fail(str(exc)) from None
    if not quiet:
        use_color = markup == "color" or (not no_color and _use_color(color, git))
        if as_json:
            text = worddiff.to_json(result)
        elif show_stat:
            text = worddiff.stat(result)
        else:
            text = worddiff.render(result, markup or ("color" if use_color else "plain"), use_color)
        sys.stdout.write(text)
        sys.stdout.flush()
    # git stops at an external diff that exits non-zero: there, 1 ("they differ") would read as trouble.
    raise typer.Exit(EXIT_DIFFERENT if result.differ and not git else EXIT_SAME)


def _is_null(path: Path) -> bool:
    """git's name for the missing side of an added or deleted file."""
    return str(path) in ("/dev/null", os.devnull)


def _git_side(path: Path, siglum: str, read: Callable[[Path, str], Witness]) -> Witness | None:
    """One side of a git diff: ``None`` for the missing side, or for a file with no text.

    A witness must have text, but a repository may hold an empty file: emptied,
    its diff is its whole text taken out; added empty, there is nothing to show.
    git stops at an external diff that fails, so failing here would hide the
    diffs of every file after it. "No text" is decided on the decoded text (a
    byte order mark alone, no-break spaces), as for any witness.
    """
    if _is_null(path):
        return None
    try:
        return read(path, siglum)
    except EmptyWitnessError:
        return None


def _diff_witness(path: Path, siglum: str, encoding: str | None, tei_choice: str) -> Witness:
    """Read one side of a diff; ``-`` is standard input (read as plain text)."""
    if str(path) == "-":
        stdin = Path("/dev/stdin")
        if not stdin.exists():  # pragma: no cover - every POSIX system has it
            raise CollateError("-: this system has no /dev/stdin to read standard input from")
        try:
            return replace(read_witness(stdin, siglum=siglum, encoding=encoding), path="-")
        except CollateError as exc:  # name it as grep does, not by the device it was read through
            raise type(exc)(str(exc).replace(str(stdin), "(standard input)", 1)) from None
    return read_witness(path, siglum=siglum, encoding=encoding, tei_choice=tei_choice)


def _use_color(when: str, git: bool = False) -> bool:
    """Whether to colour: always, never, or (auto) on a terminal or git's pager, unless NO_COLOR is set;
    as an external diff of git's (``git``), as git's colour settings say."""
    if when != "auto":
        return when == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":  # no-color.org: set and not empty
        return False
    # git runs an external diff with its output going to the pager, and says so.
    terminal = sys.stdout.isatty() or os.environ.get("GIT_PAGER_IN_USE") == "true"
    if git:
        return _git_colour(terminal)
    return terminal


def _git_colour(terminal: bool) -> bool:
    """What git's own configuration (``color.diff``, else ``color.ui``) says about colour, as git decides it.

    ``git config --get-colorbool`` answers with git's rules (``auto`` colours a
    terminal or git's pager, ``always``, ``never``). A ``git diff --no-color``
    on the command line does not reach an external diff: ``NO_COLOR=1`` or
    ``--color never`` in the driver's command do.
    """
    import subprocess

    try:
        answer = subprocess.run(
            ["git", "config", "--get-colorbool", "color.diff", "true" if terminal else "false"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return terminal
    return answer.stdout.strip() == "true" if answer.returncode == 0 else terminal


@app.command("normalize")
@_warnings_on_stderr
def normalize_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A witness file.")],
    profile: ProfileOpt = "orthographic",
    rule: RuleOpt = None,
    user_rules: UserRulesOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print each changed token with the rules that changed it.")
    ] = False,
    encoding: EncodingOpt = None,
    tei_choice: TeiChoiceOpt = "orig",
    language: LanguageOpt = None,
    max_size: MaxSizeOpt = None,
) -> None:
    """Print a witness's normalized tokens, or with --explain each changed token and its rules."""
    try:
        _check_encoding(encoding)
        _check_tei_choice(tei_choice)
        with size_limit(_parse_size(max_size)):
            witness = read_witness(file, encoding=encoding, tei_choice=tei_choice)
        tokens = tokenize_witness(witness)
        from .normalize.user import load_user_rules

        extra = load_user_rules(user_rules) if user_rules is not None else ()
        chosen = get_profile(profile, rule or (), user_rules=extra)
        if language is not None:
            check_language(language, "--language")
        lang = language or witness.language or detect(tokens)
        tokens = normalize(tokens, chosen, siglum=witness.siglum, language=lang)
    except CollateError as exc:
        raise fail(str(exc)) from None
    from rich.text import Text

    out = console()
    if not explain:
        out.print(Text(" ".join(t.norm for t in tokens if t.norm)))
        return
    out.print(Text(explain_tokens(tokens, chosen, witness.siglum, lang)), end="")


def explain_tokens(tokens: Sequence[Token], profile: Profile, siglum: str = "", language: str = "ru") -> str:
    """Each changed token on a line: location, original, normalized form, the rules that fired.

    Forms are quoted; line breaks and tabs inside a token are shown as ⏎ and
    ⇥, so an empty normalized form (an ignorable token) reads ''. A summary
    counts the rules.
    """
    from collections import Counter

    def show(text: str) -> str:
        for old, new in (("\r\n", "⏎"), ("\n", "⏎"), ("\r", "⏎"), ("\t", "⇥")):
            text = text.replace(old, new)
        return f"'{text}'"

    names = [rule.name for rule in profile.rules(language)] + [r.name for r in profile.user_rules]
    on = ", ".join(dict.fromkeys(n for n in names if n in profile.rule_names))
    lines = [f"# {siglum or 'witness'}: language {language}, profile {profile.name} ({on})"]
    counts: Counter[str] = Counter()
    rows = [(f"{t.line}:{t.column}", show(t.text), show(t.norm), t.rules) for t in tokens if t.rules]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for where, text, norm, rules in rows:
        counts.update(rules)
        cells = (where.ljust(widths[0]), text.ljust(widths[1]), "→", norm.ljust(widths[2]), ", ".join(rules))
        lines.append("  ".join(cells))
    summary = ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.append(f"# {len(rows)} of {len(tokens)} tokens changed" + (f": {summary}" if summary else ""))
    return "\n".join(lines) + "\n"


@app.command("rules")
@_warnings_on_stderr
def rules_cmd(
    language: Annotated[
        str | None,
        typer.Option("--language", help="List only this language's rule pack: ru, en, el or und."),
    ] = None,
) -> None:
    """List the normalization rules, the profiles that use them and the languages whose packs have them."""
    from rich.text import Text

    out = console()
    try:
        if language is not None:
            check_language(language, "--language")
            pack = REGISTRY.pack(language)
            out.print(Text(f"# {pack.language}: {pack.name}. {pack.description}"))
            rules = list(pack.rules)
        else:
            rules = list(RULES.values())
    except CollateError as exc:
        raise fail(str(exc)) from None
    for rule in rules:
        used = [name for name, p in PROFILES.items() if rule.name in p.rule_names]
        packs = [p.language for p in REGISTRY.packs.values() if rule.name in p.rule_names]
        out.print(
            Text(
                f"{rule.name:20} {rule.variant_type:14} {rule.description} "
                f"[{', '.join(used) or 'off'}; {', '.join(packs)}]"
            )
        )


@app.command("batch")
@_warnings_on_stderr
def batch_cmd(
    corpus: Annotated[
        Path,
        typer.Argument(
            metavar="CORPUS",
            help="A folder of document folders, or a corpus manifest (corpus.toml or corpus.csv).",
        ),
    ],
    outdir: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for every document's reports and the corpus tables."),
    ],
    formats: FormatsOpt = "json,csv,html",
    base: BaseOpt = None,
    profile: ProfileOpt = "orthographic",
    rule: RuleOpt = None,
    user_rules: UserRulesOpt = None,
    only: OnlyOpt = None,
    ignore: IgnoreOpt = None,
    encoding: EncodingOpt = None,
    tei_choice: TeiChoiceOpt = "orig",
    language: LanguageOpt = None,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Let the corpus manifest (and witnesses.toml files) read files outside their folder.",
        ),
    ] = False,
    near: NearOpt = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Redo every document, even unchanged ones, and replace files collate did not write.",
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on this Dask scheduler (tcp://HOST:PORT). Default: a local cluster, one worker per core.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Worker processes of the local cluster. Default: all cores."
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Collate every document of a corpus on Dask: reports per document and a corpus overview.

    Writes OUT/<document>/apparatus.*, OUT/corpus.parquet and corpus.csv (a row per document),
    OUT/entries.parquet (every entry) and OUT/index.html. Unchanged documents are reused.
    Exit 0 when every document was collated, 1 when any failed, 2 when the corpus or an
    option is unusable.
    """
    from .batch import batch

    if scheduler is not None and workers is not None:
        raise fail("--workers sizes the local cluster; with --scheduler the cluster has its own workers")
    try:
        frame = batch(
            corpus,
            outdir,
            formats=formats,
            profile=profile,
            base=base,
            rules=rule or (),
            user_rules=user_rules,
            only=_split(only),
            ignore=_split(ignore),
            encoding=encoding,
            tei_choice=tei_choice,
            language=language,
            allow_outside=allow_outside,
            near=near,
            force=force,
            scheduler=scheduler,
            workers=workers,
            progress=False if quiet else None,
            log=None if quiet else say,
        )
    except CollateError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        say("collate: interrupted: the documents finished are kept; the same command continues")
        raise typer.Exit(130) from None
    failed = frame[frame["status"] != "ok"]
    for _, row in failed.iterrows():
        say(visible(f"collate: {row['document']}: {row['error']}"))
    if not quiet:
        from rich.text import Text

        ok = frame[frame["status"] == "ok"]
        console().print(
            Text(
                f"{len(frame)} documents: {len(ok)} collated ({int(ok['reused'].sum())} reused), "
                f"{len(failed)} failed; {int(ok['entries'].sum())} entries, "
                f"{int(ok['substantive'].sum())} substantive; wrote {outdir / 'index.html'}"
            )
        )
    raise typer.Exit(EXIT_DIFFERENT if len(failed) else EXIT_SAME)


# typer raises click's exceptions (vendored in recent typer releases); find
# their base class through a public one rather than a private import path.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _app_for(args: Sequence[str]) -> typer.Typer:
    """``app`` with only the command that ``args`` run; ``app`` itself for help, a group or an unknown name.

    typer turns every command's signature into click options at each start:
    0.018-0.031 s of CPU for collate's commands, against 0.006-0.012 s for
    ``diff`` alone (a one-line diff takes 0.37 s in all).
    """
    import copy

    import typer.main

    name = args[0] if args else ""
    chosen = [
        info
        for info in app.registered_commands
        if info.callback is not None
        and (info.name or typer.main.get_command_name(info.callback.__name__)) == name
    ]
    if len(chosen) != 1:
        return app
    slim = copy.copy(app)
    slim.registered_commands, slim.registered_groups = chosen, []
    return slim


def _word_diff_alone(args: list[str]) -> list[str]:
    """``diff --word-diff`` without a mode means plain, as in git (``--word-diff[=MODE]``).

    click gives an option a value or none, not an optional one: ``plain`` is put
    after a bare ``--word-diff`` when what follows is not a mode: nothing, an
    option, a path (``a.txt``, ``dir/a``, an existing file), or git's seven or
    nine arguments (whose first, a file's path, may be ``color``). A word that
    is none of these (``colour``) is left for the option's own check.

    >>> _word_diff_alone(["diff", "--word-diff", "a.txt", "b.txt"])
    ['diff', '--word-diff', 'plain', 'a.txt', 'b.txt']
    >>> _word_diff_alone(["diff", "--word-diff", "color", "a.txt", "b.txt"])
    ['diff', '--word-diff', 'color', 'a.txt', 'b.txt']
    >>> _word_diff_alone(["diff", "--word-diff", "colour", "a.txt", "b.txt"])
    ['diff', '--word-diff', 'colour', 'a.txt', 'b.txt']
    """
    if not args or args[0] != "diff":
        return args
    from .worddiff import MARKUPS

    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg != "--word-diff":
            continue
        rest = args[i + 1 :]
        nxt = rest[0] if rest else ""
        git_call = len(rest) in GIT_ARGS and all(re.fullmatch(r"[0-7]{6}|\.", rest[k]) for k in (3, 6))
        pathlike = nxt not in MARKUPS and ("/" in nxt or "." in nxt or os.path.exists(nxt))
        if not rest or nxt.startswith("-") or pathlike or git_call:
            return [*args[: i + 1], "plain", *rest]
        break
    return args


def main(args: Sequence[str] | None = None) -> None:
    """Entry point of the ``collate`` console script.

    Usage errors (a missing argument, an option's bad value, an unknown
    command) are one line on stderr with exit code 2, like every other error.
    Ctrl-C prints ``collate: interrupted`` and exits 130; a closed stdout
    (``collate ... | head``) exits 141 with nothing on stderr, like ``cat``.
    """
    given = _word_diff_alone(list(sys.argv[1:] if args is None else args))
    try:
        code = _app_for(given)(args=given, standalone_mode=False)
        sys.stdout.flush()
    except _StdoutClosed:
        _stdout_closed()
    except BrokenPipeError:
        _stdout_closed()
    except KeyboardInterrupt:
        _interrupted()
    except _ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            from rich.text import Text

            console().print(Text(exc.format_message()))
            sys.exit(EXIT_TROUBLE)
        ctx = getattr(exc, "ctx", None)
        where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        say(visible(f"collate: {exc.format_message()}{where}"))
        sys.exit(EXIT_TROUBLE if exc.exit_code == 2 else exc.exit_code)
    except typer.Abort:
        _interrupted()
    except CollateError as exc:  # pragma: no cover - commands catch their own
        say(visible(f"collate: {exc}"))
        sys.exit(EXIT_TROUBLE)
    sys.exit(code if isinstance(code, int) else 0)
