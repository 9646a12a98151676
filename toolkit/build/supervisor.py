"""A page's supervisor: a small process that outlives the page it runs, to end whatever the page started.

A page's cells may start processes that leave the page's process group: a Jupyter kernel (in a
session of its own), a ``subprocess.Popen(..., start_new_session=True)``, a daemon that forks
twice. A signal to the page's group does not reach them, and a page killed outright (the
out-of-memory killer) leaves them to the system's init. So the page's process
(``toolkit.build.isolation``) does not run the page itself: ``supervise`` makes it a child
subreaper (Linux's ``PR_SET_CHILD_SUBREAPER``: every orphan below it is handed to it rather than
to init), forks the worker that runs the page, waits for the worker to end or for SIGTERM (the
build stopping the page), and then ends every process left below it, whatever session it moved
to, before it reports. Elsewhere than on Linux the subreaper is not available: the processes a
page leaves still end with it if they stayed below the supervisor, not if their parent died.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
# Seconds what a page left gets after SIGTERM, before SIGKILL: well under the build's own grace
# (isolation.GRACE), which it gives the supervisor to end them before killing it.
GRACE = 2.0
# Every process a page starts by exec (a kernel, a command) carries this name in its environment,
# with the supervisor's pid: the build finds them by it if the supervisor itself was killed.
MARK = "TOOLKIT_PAGE_SUPERVISOR"
_WAKE = {signal.SIGTERM, signal.SIGCHLD}


def supervise(work: Callable[[], None], report: Callable[[int | None], None]) -> None:
    """Run ``work`` in a forked worker; when it ends, or SIGTERM arrives, end every process below
    this one, then ``report`` how the worker ended: its exit code, the negative number of the
    signal that killed it, or None when SIGTERM stopped it."""
    _become_subreaper()
    os.environ[MARK] = str(os.getpid())
    # SIGTERM and SIGCHLD are taken synchronously (sigwaitinfo), never as a handler that could
    # interrupt the ending of the page's processes halfway.
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, _WAKE)
    worker = os.fork()
    if worker == 0:
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
        _work(work)
    code = _wait(worker)
    end_descendants()
    report(code)


def _work(work: Callable[[], None]) -> None:
    """In the worker: run the page and leave, without the supervisor's exit (multiprocessing's
    finalizers, the pipe's closing) running a second time."""
    code = 1
    try:
        work()
        code = 0
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _wait(worker: int) -> int | None:
    """The worker's exit code once it ended, or None as soon as SIGTERM arrives."""
    while True:
        pid, status = os.waitpid(worker, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status)
        # SIGCHLD also comes from an orphan handed to this process ending: look again.
        if signal.sigwaitinfo(_WAKE).si_signo == signal.SIGTERM:
            return None


def end_descendants(grace: float = GRACE) -> None:
    """End every process below this one: SIGTERM, then SIGKILL after ``grace``, and reap them.

    As each ends, the processes it started are handed to this one (the subreaper), so they are
    found again below it; the search is repeated until none is left."""
    own = os.getpid()
    deadline = time.monotonic() + grace
    sig = signal.SIGTERM
    signalled: set[int] = set()
    # A process stuck in the kernel (a hung network file system) does not end even by SIGKILL.
    while time.monotonic() < deadline + grace:
        _reap()
        left = descendants(own)
        if not left:
            return
        if time.monotonic() >= deadline:
            sig = signal.SIGKILL
            signalled.clear()
        for pid in left - signalled:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        signalled |= left
        time.sleep(0.01)


def _reap() -> None:
    """Collect the exit status of every child that has ended (the worker's orphans are ours)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def descendants(root: int) -> set[int]:
    """The live processes below ``root``, read from /proc (an ended one not yet reaped excluded)."""
    parents: dict[int, list[int]] = {}
    for entry in _processes():
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    frontier = [root]
    while frontier:
        children = [child for pid in frontier for child in parents.get(pid, []) if child not in found]
        found.update(children)
        frontier = children
    return found


def marked(supervisor: int) -> list[int]:
    """The processes started by exec below the page of ``supervisor`` (their environment names it)."""
    mark = f"{MARK}={supervisor}".encode()
    found = []
    for entry in _processes():
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if mark in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0"):
                    found.append(int(entry))
    return found


def _processes() -> list[str]:
    """The pids /proc lists (none where there is no /proc: nothing is found below a page)."""
    with contextlib.suppress(OSError):
        return os.listdir("/proc")
    return []


def _become_subreaper() -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
