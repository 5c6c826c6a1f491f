"""Worker processes: how many to start, and that they end with the process that started them.

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

import os
import signal
import sys
import threading
import time

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
