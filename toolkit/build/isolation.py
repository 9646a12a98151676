"""Each page in a fresh process of its own, forked from one that has already imported everything.

``run_isolated(task)`` executes one page (papermill, then nbconvert) in a child process and
returns the page's path, or raises ``NotebookFailed`` whatever happened to the child: an error
in a cell, a crash or a kill (the out-of-memory killer, a C extension), or a page that runs
past its time limit. Nothing a page does can take the build down with it.

The children come from Python's ``forkserver``: a server process started once per build
process, which imports the page libraries (``PRELOAD``) and then forks one child per page.
A child starts with pandas, matplotlib, seaborn, papermill, nbconvert and this toolkit already
in memory, and with nothing left by another page. The child is the page's supervisor
(``toolkit.build.supervisor``): it runs the page in a worker it forks, and ends every process
the page started, whatever session it moved to, before it ends itself. The worker tells the
parent which cell it has reached through a pipe, so that a page stopped for running too long is
reported with the cell that was running. The worker may also be given a memory limit
(``RLIMIT_AS``, its whole address space): past it the page's allocations and mappings fail, and
the page fails alone with a message that names the limit.
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from threading import Event, Lock

from toolkit.build.run import failed_path, keep_partial
from toolkit.build.supervisor import marked, supervise
from toolkit.build.tasks import PageTask
from toolkit.model.errors import ConfigurationError, NotebookFailed

# Imported once in the fork server; every page's child inherits them.
PRELOAD = ["toolkit.build.pagework"]
GRACE = 5.0  # seconds a stopped page's process gets to end by itself before it is killed
_children: set[_Page] = set()  # by the object, not the pid: a pid the system reuses names another page
# Held while a page is checked, started and registered, and while stop_all marks the stop: a
# Ctrl-C can then never fall between a page's check and its registration, and leave it running.
_children_lock = Lock()
_stopping = Event()  # set by stop_all: no page may start after Ctrl-C
# Pages stop_all ended since allow_pages: the build's message counts them, though the page runner
# (which stops them first, before its pool waits) and the build both call stop_all.
_stopped = [0]
# The errors an allocation refused by the memory limit surfaces as: Python's, numpy's, Arrow's,
# and a mapping refused (mmap, shared memory), an OSError that carries ENOMEM.
MEMORY_ERRORS = ("MemoryError", "_ArrayMemoryError", "ArrowMemoryError")
MAPPING_REFUSED = f"OSError: [Errno {errno.ENOMEM}]"
_context = None


def _forkserver():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def start_server() -> None:
    """Start the fork server now rather than with the first page: it then imports the page
    libraries while this process does other work (the build cleans the data meanwhile)."""
    from multiprocessing import forkserver

    _forkserver()
    with _ctrl_c_ignored():
        forkserver.ensure_running()


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Start the fork server with SIGINT ignored, a disposition that exec keeps.

    The server is in the build's process group, which a Ctrl-C in the terminal reaches; Python's
    server ignores SIGINT only once it has imported the page libraries, and a Ctrl-C during those
    imports printed its KeyboardInterrupt traceback. The build's own Ctrl-C is off only for the
    moment the server takes to start (a fork and an exec). A server started by a page from a
    thread (Dask's workers, no terminal) keeps Python's default: only the main thread may change
    a signal's handler."""
    previous = signal.getsignal(signal.SIGINT)  # None: a handler set outside Python, left alone
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _child(task: PageTask, conn: Connection) -> None:
    """The page's process: it supervises the worker that runs the page (``supervisor.supervise``),
    so that every process the page started ends with it, then says so up the pipe."""
    # Its own process group: Ctrl-C in the terminal reaches the build, which stops the pages,
    # rather than every page at once.
    os.setpgid(0, 0)
    if task.run.log:
        # What a page or its kernel writes to stderr (warnings) goes to the build's log folder,
        # not over the progress lines.
        Path(task.run.log).parent.mkdir(parents=True, exist_ok=True)
        log = os.open(task.run.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 2)
    try:
        supervise(lambda: _work(task, conn), lambda code: conn.send(("ended", code)))
    finally:
        conn.close()


def _work(task: PageTask, conn: Connection) -> None:
    """In the page's worker: run the page and send the outcome up the pipe."""
    from toolkit.build.pagework import run_page

    try:
        if task.run.page_memory:
            _limit_memory(int(task.run.page_memory))
        html = run_page(
            task,
            on_cell=lambda index: conn.send(("cell", index)),
            on_kernel=lambda group: conn.send(("kernel", group)),
        )
        conn.send(("ok", html))
    except NotebookFailed as failure:
        conn.send(("failed", _over_memory(task, failure.error, failure.cell) or failure))
    except BaseException as error:  # whatever happens, the parent gets a message, not a hang
        text = f"{type(error).__name__}: {error}"
        conn.send(("failed", _over_memory(task, text, None) or _failed(task, text)))
    finally:
        conn.close()


def _limit_memory(megabytes: int) -> None:
    """Cap the address space of the page's worker; a kernel it starts inherits the same cap, its own.

    RLIMIT_AS counts every mapping: the heap, thread stacks and malloc arenas, the libraries, and
    shared memory (``mmap`` of a file in /dev/shm, ``multiprocessing.shared_memory``), which
    RLIMIT_DATA, counting private writable memory only, let a page map without limit. It also
    counts address space reserved and never touched (each thread's stack and arena): the default
    (``DEFAULT_PAGE_MEMORY``) is measured with that included.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _over_memory(task: PageTask, error: str | None, cell: int | None) -> NotebookFailed | None:
    """The failure in words that name the limit, when the page failed for want of memory."""
    if not task.run.page_memory or not error:
        return None
    if error.split(":")[0].strip() not in MEMORY_ERRORS and not error.startswith(MAPPING_REFUSED):
        return None
    from toolkit.text.fmt import plain_number  # babel: not for a build with nothing to do

    megabytes = plain_number(int(task.run.page_memory))
    return _failed(task, f"la page a dépassé sa limite de mémoire de {megabytes} Mo", cell)


def _failed(task: PageTask, error: str, cell: int | None = None) -> NotebookFailed:
    where = f" (cellule {cell})" if cell is not None else ""
    return NotebookFailed(
        f"{Path(task.notebook).name}{where} : {error}",
        notebook=str(failed_path(task.executed_path)),
        operation_id=task.operation_id,
        cell=cell,
        error=error,
    )


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        why = " (tué, par exemple par manque de mémoire)" if name == "SIGKILL" else ""
        return f"le processus de la page s'est arrêté brutalement : signal {name}{why}"
    return f"le processus de la page s'est arrêté sans résultat (code de sortie {exitcode})"


class _Page:
    """A page's process (the supervisor of its worker), and the process groups of the kernels the
    page started, each in a session of its own."""

    def __init__(self, process: multiprocessing.Process) -> None:
        self.process = process
        self.kernels: list[int] = []

    def stop(self) -> None:
        """End the page: its supervisor ends the page's worker and every process below it,
        whatever session they moved to, then itself."""
        if self.process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(self.process.pid, signal.SIGTERM)
            self.process.join(GRACE)
        self.end_leftovers()

    def end_leftovers(self) -> None:
        """The last resort, when the supervisor did not end the page's processes itself (it was
        killed, or is stuck): kill the page's process group, its kernels' groups and whatever
        process carries the page's mark. A process that left the page's group by a bare fork
        (no exec, so no mark in its environment) is then out of reach."""
        if self.process.exitcode == 0:  # the supervisor ended normally: after the page's processes
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.join(GRACE)
        leftovers = marked(self.process.pid)
        for group in self.kernels:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        for pid in leftovers:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def run_isolated(task: PageTask) -> str:
    """Run one page in a fresh forked process; the page's HTML path, or NotebookFailed."""
    if multiprocessing.current_process().daemon:
        # Dask's nanny starts its workers as daemons, which Python forbids to have children.
        raise ConfigurationError(
            "ce worker Dask est un processus démon et ne peut pas lancer les processus des pages : démarrer "
            "les workers avec DASK_DISTRIBUTED__WORKER__DAEMON=False dans leur environnement"
        )
    reader, page = _start(task)
    outcome: tuple[str, object] | None = None
    try:
        outcome = _watch(task, page, reader)
        # The supervisor ends what the page left (a process in a session of its own) after the
        # page has reported: the page is done when the supervisor is.
        page.process.join(GRACE)
    finally:
        reader.close()
        page.stop()
        with _children_lock:
            _children.discard(page)
    kind, payload = outcome
    if kind == "ok":
        return str(payload)
    raise payload  # type: ignore[misc]


def _start(task: PageTask) -> tuple[Connection, _Page]:
    """Fork the page's process and register it, unless the build is stopping."""
    context = _forkserver()
    reader, writer = context.Pipe(duplex=False)
    with _children_lock:
        if _stopping.is_set():
            reader.close()
            writer.close()
            raise _failed(task, "le build a été interrompu avant cette page")
        process = context.Process(target=_child, args=(task, writer), name=f"page-{task.name}")
        process.start()
        page = _Page(process)
        _children.add(page)
    writer.close()
    return reader, page


def _watch(task: PageTask, page: _Page, reader: Connection) -> tuple[str, object]:
    """Follow the page through the pipe until it reports, dies or runs out of time."""
    timeout = float(task.run.page_timeout or 0)
    deadline = time.monotonic() + timeout if timeout else None
    cell: int | None = None
    ended: int | None = None  # how the worker ended, as its supervisor reports it
    while True:
        wait = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
        # The supervisor's end wakes the watch too: the worker may still hold the pipe open.
        if reader in wait_for([reader, page.process.sentinel], wait):
            try:
                kind, payload = reader.recv()
            except EOFError:
                break
            if kind == "cell":
                cell = int(payload)
            elif kind == "kernel":
                page.kernels.append(int(payload))
            elif kind == "ended":
                # Stopped by SIGTERM when the supervisor has no code (the build's stop_all).
                ended = -signal.SIGTERM if payload is None else int(payload)
                break
            else:
                return kind, payload
        elif deadline is not None and time.monotonic() >= deadline:
            _read_kernels(page, reader)
            page.stop()
            keep_partial(task.executed_path)
            raise _failed(task, f"la page a dépassé sa limite de {timeout:g} s", cell)
        elif not page.process.is_alive() and not reader.poll(0):
            break
    page.process.join(GRACE)
    keep_partial(task.executed_path)
    raise _failed(task, _death(page.process.exitcode if ended is None else ended), cell)


def _read_kernels(page: _Page, reader: Connection) -> None:
    """Take the kernels the page reported and the watch has not read yet, before stopping it."""
    with contextlib.suppress(EOFError, OSError):
        while reader.poll(0):
            kind, payload = reader.recv()
            if kind == "kernel":
                page.kernels.append(int(payload))


def stop_all() -> int:
    """End every page process this process started (Ctrl-C), and start no other until
    ``allow_pages``; how many were running."""
    with _children_lock:
        _stopping.set()
        running = list(_children)
    for page in running:
        page.stop()
    _stopped[0] += len(running)
    return len(running)


def stopped_pages() -> int:
    """How many running pages stop_all ended since the build began (``allow_pages``)."""
    return _stopped[0]


def running_pages() -> int:
    """How many page processes this process is watching."""
    with _children_lock:
        return len(_children)


def allow_pages() -> None:
    """A new build may start pages again."""
    _stopping.clear()
    _stopped[0] = 0
