"""Process pools that end with their parent, and pauses of the garbage collector while results pile up."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def forked_pool(workers: int, initializer, initargs: tuple):
    """A process pool whose workers are forked where the platform can (they inherit what this
    process has built: tokenizer, matchers), else spawned; ``initializer`` builds it there."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        workers, context, initializer=_start_child, initargs=(os.getpid(), initializer, initargs)
    )


def _start_child(parent: int, initializer, initargs: tuple) -> None:
    """A pool worker's start: it ends with its parent, then runs ``initializer``."""
    _exit_with_parent(parent)
    initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    """Make this worker end when ``parent`` dies, even by ``kill -9``: a worker left behind
    holds the parent's standard output open, and a reader of the pipe never sees its end.

    On Linux the kernel sends SIGTERM (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon
    thread watches for the worker being handed to another parent.
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a handler inherited from the parent would not end it
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="framing-parent-watch", daemon=True).start()


@contextmanager
def no_gc_pauses(*, freeze: bool = False) -> Iterator[None]:
    """Suspend the cyclic garbage collector while analyses pile up.

    An analysis is thousands of small acyclic objects; each allocation burst would trigger
    a collection that rescans every result kept so far. The analysis creates no reference
    cycles, and reference counting still frees everything else.

    ``freeze``: on the way out, move every object of the process to the permanent
    generation (``gc.freeze``), for a command that exits soon after: the first collection
    after the pause would otherwise scan every object made during it. Frozen objects are
    still freed by reference counting, but a reference cycle among them never is, so a
    library call does not freeze.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()
