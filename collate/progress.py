"""One progress bar for the whole run: reading, normalizing, aligning, classifying, writing.

Each stage owns a share of the bar in proportion to the time it takes on a
long collation (measured on the six Darwin editions: aligning about half,
building and classifying the entries a quarter), and advances through its
share item by item (witnesses, tokens, entries, files), so the bar moves
steadily instead of sitting at 0 and jumping to the end. It is drawn with rich
on stderr, only on a terminal; :data:`QUIET` draws nothing.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path

#: The stages in order, with their share of the bar (percent).
STAGES: dict[str, int] = {"reading": 10, "normalizing": 15, "aligning": 45, "classifying": 25, "writing": 5}
#: With ``progress=None``, a bar is shown (on a terminal) for inputs of at least this many characters.
PROGRESS_CHARS = 150_000


class RunProgress:
    """The run's bar: :meth:`stage` starts a stage and returns its ``advance(n)``.

    >>> run = RunProgress()
    >>> advance = run.stage("aligning", total=10)
    >>> advance(5); run.completed
    47.5
    >>> _ = run.stage("writing", 1); run.completed
    95.0
    """

    def __init__(self, bar: object | None = None, task: object | None = None) -> None:
        self._bar, self._task = bar, task
        self.completed = 0.0
        self.stage_name = ""

    def _set(self, value: float, description: str | None = None) -> None:
        self.completed = value
        if self._bar is not None:
            kwargs = {"description": description} if description is not None else {}
            self._bar.update(self._task, completed=value, **kwargs)  # type: ignore[attr-defined]

    def stage(self, name: str, total: int) -> Callable[[int], None]:
        """Start stage ``name`` (of :data:`STAGES`) of ``total`` items; return the function advancing it by ``n``."""
        names = list(STAGES)
        start = float(sum(STAGES[s] for s in names[: names.index(name)]))
        share = STAGES[name]
        self.stage_name = name
        self._set(start, name)
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            self._set(start + share * min(1.0, done[0] / total) if total else start + share)

        return advance

    def finish(self) -> None:
        """Fill the bar."""
        self._set(100.0)


#: A run that draws nothing.
QUIET = RunProgress()


def show_progress(progress: bool | None, size: int) -> bool:
    """Whether to draw: never off a terminal or with ``False``; with ``None`` only for ``size`` >= PROGRESS_CHARS."""
    if progress is False or not sys.stderr.isatty():
        return False
    return progress is True or size >= PROGRESS_CHARS


def input_size(sources: object) -> int:
    """About how many characters the sources hold (file sizes for files), to decide on a progress bar."""
    if isinstance(sources, Mapping):
        return sum(len(str(t)) for t in sources.values())
    items = [sources] if isinstance(sources, str | PathLike) else sources
    total = 0
    for item in items if isinstance(items, Sequence) else ():
        text = getattr(item, "text", None)  # a Witness
        if isinstance(text, str):
            total += len(text)
            continue
        path = Path(item)  # type: ignore[arg-type]
        with contextlib.suppress(OSError):
            files = path.iterdir() if path.is_dir() else [path]
            total += sum(f.stat().st_size for f in files if f.is_file())
    return total


@contextlib.contextmanager
def run_progress(show: bool) -> Iterator[RunProgress]:
    """A :class:`RunProgress` drawing a rich bar on stderr while the block runs (nothing when not ``show``)."""
    if not show:
        yield RunProgress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<11}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=100)
        yield RunProgress(bar, task)
