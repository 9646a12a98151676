"""Running a build's stale pages on an executor, the programme page beside them.

The programme page lists the pages that failed, so its key holds them. It is the longest page:
it runs beside the others as if none will fail (run after them, it left a core idle), and again
at the end only if one did.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.build.executors import make_executor
from toolkit.build.outcomes import failure_record
from toolkit.build.plan import Page, SitePlan, with_failures
from toolkit.build.progress import Progress
from toolkit.build.run import failed_path
from toolkit.build.tasks import BuildOptions, PageTask
from toolkit.model.errors import NotebookFailed, ToolkitError


def _page(task: PageTask) -> str:
    """Worker: execute one notebook and export its page, in a process of the page's own."""
    from toolkit.build.isolation import run_isolated

    return run_isolated(task)


def run_pages(tasks: list[PageTask], executor, progress) -> tuple[list[Path], list[NotebookFailed]]:
    """Run ``tasks`` on ``executor``; a failed page never stops the others."""
    pages: list[Path] = []
    failures: list[NotebookFailed] = []
    futures = {executor.submit(_page, task): task for task in tasks}
    for future in executor.as_completed(futures):
        task = futures[future]
        try:
            pages.append(Path(future.result()))
        except NotebookFailed as failure:
            _record_failure(task, failure, failures, progress)
        except ToolkitError:
            raise  # a setting that stops the whole build (a Dask worker that may not start processes)
        except Exception as error:  # a lost Dask worker: that page fails, not the build
            _record_failure(task, lost_page(task, error), failures, progress)
        else:
            progress.advance(task.name)
    return pages, failures


def _record_failure(task: PageTask, failure: NotebookFailed, failures: list[NotebookFailed], progress) -> None:
    failure.page = task.name
    failures.append(failure)
    # A page from an earlier build must not pass for this one.
    Path(task.html).unlink(missing_ok=True)
    progress.advance(task.name, failure.message)


def lost_page(task: PageTask, error: BaseException) -> NotebookFailed:
    """A page whose worker was lost before it could report (a Dask worker killed, for one)."""
    cause = f"{type(error).__name__}: {error}"
    return NotebookFailed(
        f"{Path(task.notebook).name} : le processus qui exécutait la page a été perdu ({cause})",
        notebook=str(failed_path(task.executed_path)),
        operation_id=task.operation_id,
        error=f"processus perdu : {cause}",
    )


@dataclass
class PageRunOutcome:
    """What running the stale pages gave: the pages written, those that failed, and the programme
    page as it was built (or kept) with the failures it lists."""

    pages: list[Path] = field(default_factory=list)
    failures: list[NotebookFailed] = field(default_factory=list)
    programme: Page | None = None
    programme_kept: bool = False


@dataclass
class Scheduler:
    """Runs the pages of one build: it counts them, makes the executor when the first page needs
    one, and closes both at the end."""

    options: BuildOptions
    task_of: Callable[[Page], PageTask]
    echo: Callable[[str], None]
    planned: int  # pages of the build, the programme page aside
    log_dir: Path
    runner: object = None
    progress: Progress | None = None

    def start(self, batch: list[Page], stale: int, with_programme: bool) -> None:
        self.progress = Progress(len(batch), self.echo, interactive=self.options.interactive)
        if not batch:
            return
        self.runner = self._executor(len(batch))
        also = " et de celui du programme" if with_programme else ""
        self.echo(
            f"Exécution de {stale} des {self.planned} notebooks de page{also} ({self.runner.describe()}, "
            f"moteur {self.options.engine} ; journaux des pages dans {self.log_dir})"
        )

    def run(self, pages: list[Page]) -> tuple[list[Path], list[NotebookFailed]]:
        if self.runner is None:
            self.runner = self._executor(len(pages))
        return run_pages([self.task_of(page) for page in pages], self.runner, self.progress)

    def _executor(self, pages: int):
        workers = self.options.jobs or os.cpu_count() or 1
        return make_executor(self.options.executor, workers=min(workers, pages), scheduler=self.options.scheduler)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()
        if self.runner is not None:
            self.runner.close()


def run_stale_pages(
    plan: SitePlan, stale: list[Page], is_current: Callable[[Page], bool], scheduler: Scheduler, stage: Path
) -> PageRunOutcome:
    """Run ``stale`` pages and the programme page (when it is not current), and the programme page
    again if pages failed and the first run could not list them."""
    planned = plan.programme.key
    programme = with_failures(plan.programme, planned, [])
    current = is_current(programme)
    ran_with_others = not current
    batch = [programme, *stale] if ran_with_others else stale
    outcome = PageRunOutcome(programme=programme)
    scheduler.start(batch, len(stale), ran_with_others)
    if batch:
        outcome.pages, outcome.failures = scheduler.run(batch)
    failures = [failure_record(f, stage) for f in outcome.failures if f.page != programme.name]
    if failures:
        programme = with_failures(plan.programme, planned, failures)
        # Run beside the others, it holds no list of failures: it runs again whatever the cache says.
        current = not ran_with_others and is_current(programme)
        if not current:
            outcome.pages = [page for page in outcome.pages if page != stage / programme.html]
            outcome.failures = [f for f in outcome.failures if f.page != programme.name]
            from toolkit.text.fmt import counted  # babel: only for a build that has a failed page

            listed = counted(len(failures), "page en échec", "pages en échec")
            scheduler.echo(f"Nouvelle exécution du notebook du programme, qui liste {listed}")
            scheduler.progress.add(1)
            done, failed = scheduler.run([programme])
            outcome.pages += done
            outcome.failures += failed
    outcome.programme, outcome.programme_kept = programme, current
    return outcome
