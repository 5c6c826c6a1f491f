"""The library's own errors.

Every problem a user can cause (a bad file, a bad option) raises one of these;
the CLI turns them into a one-line message on stderr and exit code 2. Anything
else escaping the library is a bug.
"""

from __future__ import annotations


class CollateError(Exception):
    """Base class of every error collate raises on purpose."""


class WitnessError(CollateError):
    """A witness (or a manifest) cannot be read or is unusable."""


class EmptyWitnessError(WitnessError):
    """A witness has no text (an empty or blank file): what a git diff of an emptied file meets."""


class RuleError(CollateError):
    """A normalization rule, rule table, profile or user rules file is invalid."""


class AlignmentError(CollateError):
    """The witnesses cannot be aligned."""


class ReportError(CollateError):
    """A report cannot be written (unknown format, bad output path)."""


class CorpusError(CollateError):
    """A corpus as a whole cannot be used (missing, a broken corpus manifest, no documents)."""


class CollateWarning(UserWarning):
    """Base class of collate's warnings: the input was read, but something about it looks wrong."""


class MojibakeWarning(CollateWarning):
    """A witness contains mojibake (UTF-8 once read as cp1251 or Latin-1: ``РїСЂРё``, ``Ð¿Ñ€Ð¸``)."""


class EntityWarning(CollateWarning):
    """A TEI witness refers to an entity that collate does not expand (kept as literal text)."""


class LayoutWarning(CollateWarning):
    """A TEI witness keeps its text outside ``<text><body>``: it was read from where it is."""


def located(path: object, message: str, line: int | None = None, column: int | None = None) -> str:
    """Format ``message`` prefixed by a file location, the way compilers do.

    >>> located("w/A.txt", "empty witness")
    'w/A.txt: empty witness'
    >>> located("rules.toml", "bad regex", line=3, column=7)
    'rules.toml:3:7: bad regex'
    """
    where = str(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return f"{where}: {message}"
