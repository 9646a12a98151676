"""Where notebooks run: worker processes on this machine, or a Dask distributed cluster.

Both give the build the same two operations: ``submit(function, task)`` returning a future,
and ``as_completed(futures)``. A task is plain data and a result is a path, so the two
executors produce the same files.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures as cf
from enum import StrEnum
from typing import Any

from toolkit.model.errors import ConfigurationError


class Executor(StrEnum):
    """Where the pages run: worker processes on this machine, or a Dask cluster."""

    LOCAL = "local"
    DASK = "dask"


class LocalExecutor:
    """Pages run side by side on this machine, each in a process of its own.

    The pool's threads only wait: each one hands a page to ``toolkit.build.isolation``, which forks
    the page's process from the preloaded fork server and watches it. A page that dies or
    hangs is then one failed page, not a broken pool.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = cf.ThreadPoolExecutor(workers, thread_name_prefix="page")

    def describe(self) -> str:
        return f"{self.workers} processus sur cette machine"

    def submit(self, function: Callable[[Any], str], task: Any) -> Any:
        return self.pool.submit(function, task)

    def as_completed(self, pending: Iterable[Any]) -> Iterator[Any]:
        return cf.as_completed(list(pending))

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskExecutor:
    """Tasks sent to an existing Dask scheduler.

    The workers must import this toolkit, read the data folders and write the reports folder
    at the same paths as the machine that runs the build (a shared file system). A worker's
    thread only waits on a page that runs in a process of its own, forked from the worker's fork
    server (papermill's change of working directory stays there), so threads may share a worker
    safely; one thread per core (``--nthreads 1`` on a worker per core) runs as many pages at
    once as there are cores, as the local executor does.
    """

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - distributed is in the lock
            raise ConfigurationError("l'exécuteur Dask a besoin du paquet « distributed »") from error
        try:
            _refuse_fast(scheduler)
            # The default client: distributed's as_completed looks the client up that way.
            self.client = Client(scheduler, timeout="10s")
        except (OSError, ValueError) as error:
            raise ConfigurationError(
                f"l'ordonnanceur Dask est injoignable à {scheduler} : {error}", path=scheduler
            ) from None
        self.scheduler = scheduler

    def describe(self) -> str:
        workers = len(self.client.scheduler_info().get("workers", {}))
        return f"ordonnanceur Dask {self.scheduler}, {workers} workers"

    def submit(self, function: Callable[[Any], str], task: Any) -> Any:
        # pure=False: two builds of the same task must both run, never share a cached result.
        return self.client.submit(function, task, pure=False, key=f"page-{task.name}-{os.urandom(4).hex()}")

    def as_completed(self, pending: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        return iter(as_completed(list(pending)))

    def close(self) -> None:
        self.client.close()


def _refuse_fast(scheduler: str) -> None:
    """Raise at once when nothing listens at a tcp:// address: distributed would retry it for the
    whole connect timeout before saying so. Other addresses are left to distributed."""
    if not scheduler.startswith("tcp://"):
        return
    from distributed.comm.addressing import parse_host_port

    host, port = parse_host_port(scheduler.removeprefix("tcp://"))
    with socket.create_connection((host, port), timeout=10):
        pass


def make_executor(kind: Executor, *, workers: int, scheduler: str | None = None) -> LocalExecutor | DaskExecutor:
    if kind == Executor.LOCAL:
        return LocalExecutor(workers)
    if not scheduler:
        raise ConfigurationError("--executor dask demande --scheduler ADRESSE (par exemple tcp://10.0.0.5:8786)")
    return DaskExecutor(scheduler)
