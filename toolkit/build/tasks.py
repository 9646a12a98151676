"""What a build is asked to do (``BuildOptions``) and what one page's worker is given (``PageTask``).

Both are frozen: an option cannot change under a running build, and a task crosses process
boundaries (the fork server, a Dask worker) by pickling, so it holds plain values only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.build.executors import Executor
from toolkit.build.run import PageEngine
from toolkit.model.errors import ConfigurationError


@dataclass(frozen=True)
class BuildOptions:
    """The choices of one build, as the command line or a test gives them."""

    strict: bool = False  # stop after validation when a row is in error
    force: bool = False  # run every page, whatever the last build left
    jobs: int | None = None  # pages side by side (None: one per core)
    executor: Executor = Executor.LOCAL
    scheduler: str | None = None  # the Dask scheduler's address, for Executor.DASK
    engine: PageEngine = PageEngine.FORK
    page_timeout: float | None = None  # None: the programme's setting
    page_memory: int | None = None  # megabytes; None: the programme's setting
    interactive: bool | None = False  # progress bar (None: when the output is a terminal)

    def __post_init__(self) -> None:
        # A misspelt choice fails here, in French, before anything is cleaned.
        for name, kind in (("engine", PageEngine), ("executor", Executor)):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, kind(value))
            except ValueError:
                choices = " ou ".join(f"« {member} »" for member in kind)
                raise ConfigurationError(
                    f"{'moteur' if kind is PageEngine else 'exécuteur'} inconnu « {value} » : choisir {choices}"
                ) from None

    @property
    def cache_key(self) -> dict[str, object]:
        """The options that change what the build writes (the others change only how it runs)."""
        return {"strict": self.strict}


@dataclass(frozen=True)
class PageRun:
    """How every page of a build runs: its engine, its limits and the log its stderr goes to."""

    engine: PageEngine = PageEngine.FORK
    page_timeout: float | None = None  # seconds
    page_memory: int | None = None  # megabytes
    log: str | None = None
    language: str = "fr"  # the programme's: the page's messages, headings and template in it


@dataclass(frozen=True)
class PageTask:
    """Everything a worker needs to execute one notebook and export its page."""

    name: str
    notebook: str  # the page's notebook, as papermill reads it
    executed: str  # where the executed notebook goes
    html: str  # where the page goes
    cwd: str  # the folder the notebook runs in
    title: str
    footer: str
    parameters: dict = field(default_factory=dict)
    breadcrumb: tuple[tuple[str, str], ...] = ()
    operation_id: str | None = None
    run: PageRun = PageRun()

    @property
    def executed_path(self) -> Path:
        return Path(self.executed)
