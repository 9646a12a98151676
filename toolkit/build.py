"""The whole build: raw data → clean data → one page per operation → the programme report."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.clean import CleanResult, run_clean
from toolkit.config import load_config
from toolkit.errors import ConfigurationError, NotebookFailed, UnsafeIdentifier
from toolkit.paths import BuildPaths
from toolkit.provenance import Provenance, collect
from toolkit.schema import SLUG_PATTERN

INDEX_LABEL = "Rapport d'évaluation du programme"
LOG_DIR = ".logs"

Echo = Callable[[str], None]


@dataclass
class BuildResult:
    clean: CleanResult
    pages: list[Path] = field(default_factory=list)
    failures: list[NotebookFailed] = field(default_factory=list)
    stopped_after_validation: bool = False


def safe_operation_id(value: str) -> str:
    """Operation ids become file names: only strict slugs get that far."""
    if not re.fullmatch(SLUG_PATTERN, value or "") or len(value) > 80:
        raise UnsafeIdentifier(
            f"'{value}' is not a valid operation_id (lower-case letters, digits, single hyphens)", value=value
        )
    return value


def _quiet_kernels(log_dir: str) -> None:
    """Worker start-up: kernels inherit the worker's stderr; send it to a log, not the terminal.

    ipykernel warns about TCP transport on every start, which would drown the progress lines.
    """
    folder = Path(log_dir)
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder / f"worker-{os.getpid()}.log", "ab")  # noqa: SIM115 - lives as long as the worker
    os.dup2(log.fileno(), 2)


def _page(task: dict) -> str:
    """Worker: execute one notebook and export its page. Runs in its own process."""
    from toolkit.render import export_html
    from toolkit.run import execute

    executed = execute(
        Path(task["notebook"]),
        Path(task["executed"]),
        task["parameters"],
        cwd=Path(task["cwd"]),
        operation_id=task.get("operation_id"),
    )
    export_html(executed, Path(task["html"]), title=task["title"], breadcrumb=task["breadcrumb"], footer=task["footer"])
    return task["html"]


def _tasks(paths: BuildPaths, clean: CleanResult, provenance: Provenance, report_title: str) -> list[dict]:
    """The programme page first (it takes longest), then one page per operation."""
    clean_dir = str(paths.clean.resolve())
    shared = {
        "clean_dir": clean_dir,
        "narrative_dir": str(paths.narrative.resolve()),
        "config_path": str(paths.config.resolve()),
    }
    tasks = [
        {
            "name": "programme",
            "title": report_title,
            "notebook": str(paths.notebooks / "programme.ipynb"),
            "executed": str(paths.reports / "programme.ipynb"),
            "html": str(paths.reports / "index.html"),
            "cwd": str(paths.notebooks),
            "footer": provenance.footer(),
            "breadcrumb": [(INDEX_LABEL, "")],
            "parameters": shared,
        }
    ]
    for operation in clean.clean("operations").to_dict("records"):
        operation_id = safe_operation_id(str(operation["operation_id"]))
        title = str(operation["title"])
        tasks.append(
            {
                "name": operation_id,
                "operation_id": operation_id,
                "title": title,
                "notebook": str(paths.notebooks / "operation.ipynb"),
                "executed": str(paths.reports / "operations" / f"{operation_id}.ipynb"),
                "html": str(paths.reports / "operations" / f"{operation_id}.html"),
                "cwd": str(paths.notebooks),
                "footer": provenance.footer(),
                "breadcrumb": [(INDEX_LABEL, "../index.html"), (title, "")],
                "parameters": {"operation_id": operation_id, **shared},
            }
        )
    return tasks


def _remove_stale_pages(folder: Path, keep: set[str]) -> None:
    for page in folder.glob("*.html"):
        if page.stem not in keep:
            page.unlink()


def run_pages(tasks: list[dict], jobs: int, log_dir: Path, echo: Echo) -> tuple[list[Path], list[NotebookFailed]]:
    pages: list[Path] = []
    failures: list[NotebookFailed] = []
    if not tasks:
        return pages, failures
    # Processes, not threads: papermill changes the working directory of its process.
    context = multiprocessing.get_context("spawn")
    workers = max(1, min(jobs, len(tasks)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_kernels, initargs=(str(log_dir),)) as pool:
        futures = {pool.submit(_page, task): task for task in tasks}
        for done, future in enumerate(as_completed(futures), start=1):
            task = futures[future]
            try:
                pages.append(Path(future.result()))
            except NotebookFailed as failure:
                failures.append(failure)
                echo(f"  [{done}/{len(tasks)}] {task['name']}: FAILED ({failure.message})")
                continue
            echo(f"  [{done}/{len(tasks)}] {task['name']}")
    return pages, failures


def build(paths: BuildPaths, *, strict: bool = False, jobs: int | None = None, echo: Echo = print) -> BuildResult:
    for required in (paths.notebooks / "operation.ipynb", paths.notebooks / "programme.ipynb"):
        if not required.is_file():
            raise ConfigurationError(f"notebook not found: {required}", path=str(required))
    started = time.monotonic()
    echo(f"Validating and cleaning {paths.raw} → {paths.clean}")
    clean = run_clean(paths.raw, paths.clean, load_config(paths.config))
    echo_accounting(clean, echo)
    result = BuildResult(clean)
    if strict and clean.error_count:
        echo("Stopped after validation (--strict): fix the errors above, then build again.")
        result.stopped_after_validation = True
        return result

    provenance = collect(paths.raw, Path(__file__).resolve().parent)
    tasks = _tasks(paths, clean, provenance, load_config(paths.config).report_title)
    (paths.reports / "operations").mkdir(parents=True, exist_ok=True)
    _remove_stale_pages(paths.reports / "operations", {t["name"] for t in tasks})
    workers = jobs or os.cpu_count() or 1
    shutil.rmtree(paths.reports / LOG_DIR, ignore_errors=True)
    echo(f"Executing {len(tasks)} notebooks ({workers} workers; kernel logs in {paths.reports / LOG_DIR})")
    result.pages, result.failures = run_pages(tasks, workers, paths.reports / LOG_DIR, echo)
    echo(f"Built {len(result.pages)} pages in {time.monotonic() - started:.1f} s → {paths.reports}")
    return result


def echo_accounting(clean: CleanResult, echo: Echo) -> None:
    for row in clean.accounting.to_dict("records"):
        echo(
            f"  {row['file']}: {row['raw_rows']} rows = {row['clean_rows']} clean + {row['quarantined_rows']} quarantined"
            + (f" ({row['blank_rows']} blank lines skipped)" if row["blank_rows"] else "")
        )
    frame = clean.findings_frame
    errors = int((frame["severity"] == "error").sum())
    warnings = int((frame["severity"] == "warning").sum())
    echo(f"  findings: {errors} errors, {warnings} warnings (details in findings.csv)")
