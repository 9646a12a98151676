"""Each page in a fresh process of its own, forked from one that has already imported everything.

``run_isolated(task)`` executes one page (papermill, then nbconvert) in a child process and
returns the page's path, or raises ``NotebookFailed`` whatever happened to the child: an error
in a cell, a crash or a kill (the out-of-memory killer, a C extension), or a page that runs
past its time limit. Nothing a page does can take the build down with it.

The children come from Python's ``forkserver``: a server process started once per build
process, which imports the page libraries (``PRELOAD``) and then forks one child per page.
A child starts with pandas, matplotlib, seaborn, papermill, nbconvert and this toolkit already
in memory, and with nothing left by another page. The child tells the parent which cell it
has reached through a pipe, so that a page stopped for running too long is reported with the
cell that was running. A child may also be given a memory limit (``RLIMIT_DATA``): past it
the page's allocations fail, and the page fails alone with a message that names the limit.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from threading import Event, Lock

from toolkit.build.run import failed_path, keep_partial
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
# The errors an allocation refused by the memory limit surfaces as: Python's, numpy's, Arrow's.
MEMORY_ERRORS = ("MemoryError", "_ArrayMemoryError", "ArrowMemoryError")
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
    forkserver.ensure_running()


def _child(task: PageTask, conn: Connection) -> None:
    """In the page's own process: run the page and send the outcome up the pipe."""
    # Its own process group: Ctrl-C in the terminal reaches the build, which stops the pages,
    # rather than every page at once.
    os.setpgid(0, 0)
    if task.run.log:
        # What a page or its kernel writes to stderr (warnings) goes to the build's log folder,
        # not over the progress lines.
        Path(task.run.log).parent.mkdir(parents=True, exist_ok=True)
        log = os.open(task.run.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 2)
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
    """Cap the data this process may hold; a kernel it starts inherits the same cap, its own.

    RLIMIT_DATA counts the private writable memory a process has mapped (heap, malloc arenas,
    thread stacks), libraries' data included; RLIMIT_AS would also count the address space that
    allocators reserve without access, and fail sound pages much sooner.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _over_memory(task: PageTask, error: str | None, cell: int | None) -> NotebookFailed | None:
    """The failure in words that name the limit, when the page failed for want of memory."""
    if not task.run.page_memory or not error or error.split(":")[0].strip() not in MEMORY_ERRORS:
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
    """A page's process, and the process groups of the kernels it started (each in a session of
    its own, which a signal to the page's group does not reach)."""

    def __init__(self, process: multiprocessing.Process) -> None:
        self.process = process
        self.kernels: list[int] = []

    def stop(self) -> None:
        """End the page's process and what it started, politely first."""
        self._signal_kernels(signal.SIGTERM)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not self.process.is_alive():
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            self.process.join(GRACE)
        self.end_kernels()

    def end_kernels(self) -> None:
        """Kill what is left of the page's kernels: after the page ended without closing them."""
        self._signal_kernels(signal.SIGKILL)
        self.kernels.clear()

    def _signal_kernels(self, sig: signal.Signals) -> None:
        for group in self.kernels:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, sig)


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
        page.process.join(GRACE)
    finally:
        reader.close()
        if page.process.is_alive():
            page.stop()
        elif outcome is None:
            # The page's process died without closing its kernels (a page that reported, even a
            # failure, had nbclient shut them down: their groups may already be another's).
            page.end_kernels()
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
    while True:
        wait = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
        if reader.poll(wait):
            try:
                kind, payload = reader.recv()
            except EOFError:
                break
            if kind == "cell":
                cell = int(payload)
            elif kind == "kernel":
                page.kernels.append(int(payload))
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
    raise _failed(task, _death(page.process.exitcode), cell)


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
    return len(running)


def running_pages() -> int:
    """How many page processes this process is watching."""
    with _children_lock:
        return len(_children)


def allow_pages() -> None:
    """A new build may start pages again."""
    _stopping.clear()
