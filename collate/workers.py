"""Worker processes: how many to start, and that they end with the process that started them; and
the garbage collector's pace during a run (:func:`fewer_collections`).

The aligner hands stretches to a process pool (:mod:`collate.align`). Two
things must hold however the run ends:

* no more workers than there is work and cores: ``--jobs 300`` on 2 cores
  starts 2, not 300 (:func:`cap_jobs`);
* a worker never outlives its parent: killed with ``kill -9``, a parent
  cannot shut its pool down, and its workers went on for as long as their
  stretch took, holding the caller's pipes open (a shell waiting on
  ``collate ... | less`` hung). :func:`die_with_parent`, the pool's
  initializer, asks Linux to kill the worker when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread polls the parent's
  id once a second and ends the worker when it changes. Workers also ignore
  Ctrl-C: the parent gets it too and stops the pool, and a traceback from
  every worker would bury the one ``collate: interrupted`` line.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

#: How often (seconds) the watchdog thread checks the parent where the system cannot signal.
WATCH_INTERVAL = 1.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system says), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def cap_jobs(wanted: int, tasks: int) -> int:
    """The number of worker processes to start: ``wanted``, but no more than ``tasks`` or the cores.

    >>> cap_jobs(300, 5) <= min(5, available_cores())
    True
    >>> cap_jobs(4, 1)
    1
    """
    return max(1, min(wanted, tasks, available_cores()))


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker process when ``parent`` (the pid that started it) dies.

    Give it as ``ProcessPoolExecutor(initializer=die_with_parent, initargs=(os.getpid(),))``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _parent_death_signal():
        threading.Thread(target=_watch, args=(parent,), name="collate-watchdog", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent dies; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """Poll the parent's id; when the parent is gone (this process adopted), end at once."""
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


#: The collector's first threshold during a collation (CPython's default is 700 allocations).
GC_THRESHOLD = 10_000


@contextlib.contextmanager
def fewer_collections(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Run the block with the cyclic garbage collector's first threshold raised to ``threshold``.

    A collation allocates hundreds of thousands of small objects that live to
    its end (tokens, columns, readings) and makes no reference cycles worth
    collecting along the way; at CPython's default threshold the collector
    scanned them again and again: a fifth of a 30,000-word pair's time (2.5 s,
    2.0 s at 10,000; 1.6 s with no collection at all). The old threshold is
    put back after, and nothing changes when the collector is off or already
    slower.

    >>> import gc
    >>> before = gc.get_threshold()
    >>> with fewer_collections(20_000):
    ...     gc.get_threshold()[0] >= 20_000
    True
    >>> gc.get_threshold() == before
    True
    """
    old = gc.get_threshold()
    if old[0] >= threshold or not gc.isenabled():
        yield
        return
    gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
