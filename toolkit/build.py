"""The whole build: raw data → clean data → one page per operation → the programme report."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from toolkit.clean import CleanResult, run_clean
from toolkit.config import load_config
from toolkit.errors import ConfigurationError, NotebookFailed, UnsafeIdentifier
from toolkit.outputs import write_csv
from toolkit.paths import BuildPaths
from toolkit.provenance import Provenance, collect
from toolkit.schema import SLUG_PATTERN

INDEX_LABEL = "Rapport d'évaluation du programme"
LOG_DIR = ".logs"
STAGING = ".building"
NOTEBOOKS = ("operation.ipynb", "programme.ipynb", "data_quality.ipynb")

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


def _task(paths: BuildPaths, provenance: Provenance, name: str, notebook: str, html: Path, **extra: object) -> dict:
    return {
        "name": name,
        "notebook": str(paths.notebooks / notebook),
        "executed": str(html.with_suffix(".ipynb")),
        "html": str(html),
        "cwd": str(paths.notebooks),
        "footer": provenance.footer(),
        **extra,
    }


def _shared_parameters(paths: BuildPaths) -> dict[str, str]:
    return {
        "clean_dir": str(paths.clean.resolve()),
        "narrative_dir": str(paths.narrative.resolve()),
        "config_path": str(paths.config.resolve()),
        "raw_dir": str(paths.raw.resolve()),
    }


def _page_tasks(paths: BuildPaths, clean: CleanResult, provenance: Provenance) -> list[dict]:
    """One page per operation, and the data-quality page: they do not depend on each other."""
    shared = _shared_parameters(paths)
    quality = _task(
        paths,
        provenance,
        "data-quality",
        "data_quality.ipynb",
        paths.reports / "data-quality.html",
        title="Qualité des données",
        breadcrumb=[(INDEX_LABEL, "index.html"), ("Qualité des données", "")],
        parameters={key: shared[key] for key in ("clean_dir", "config_path")},
    )
    tasks = [quality]
    for operation in clean.clean("operations").to_dict("records"):
        operation_id = safe_operation_id(str(operation["operation_id"]))
        title = str(operation["title"])
        tasks.append(
            _task(
                paths,
                provenance,
                operation_id,
                "operation.ipynb",
                paths.reports / "operations" / f"{operation_id}.html",
                operation_id=operation_id,
                title=title,
                breadcrumb=[(INDEX_LABEL, "../index.html"), (title, "")],
                parameters={"operation_id": operation_id, **{k: v for k, v in shared.items() if k != "raw_dir"}},
            )
        )
    return tasks


def _failure_record(failure: NotebookFailed, reports: Path) -> dict[str, object]:
    """What the index and the build summary say of a failed page: plain data, for the notebook parameters."""
    notebook = Path(failure.notebook)
    try:
        href = notebook.resolve().relative_to(reports.resolve()).as_posix()
    except ValueError:
        href = notebook.name
    return {
        "page": failure.operation_id or notebook.stem.removesuffix(".failed"),
        "error": failure.error or failure.message,
        "cell": failure.cell,
        "notebook": href,
    }


def run_pages(
    tasks: list[dict], jobs: int, log_dir: Path, echo: Echo, pool: ProcessPoolExecutor | None = None
) -> tuple[list[Path], list[NotebookFailed]]:
    pages: list[Path] = []
    failures: list[NotebookFailed] = []
    if not tasks:
        return pages, failures
    own_pool = pool is None
    if pool is None:
        pool = _pool(jobs, len(tasks), log_dir)
    try:
        futures = {pool.submit(_page, task): task for task in tasks}
        for done, future in enumerate(as_completed(futures), start=1):
            task = futures[future]
            try:
                pages.append(Path(future.result()))
            except NotebookFailed as failure:
                failures.append(failure)
                # A page from an earlier build must not pass for this one.
                Path(task["html"]).unlink(missing_ok=True)
                echo(f"  [{done}/{len(tasks)}] {task['name']}: FAILED ({failure.message})")
                continue
            echo(f"  [{done}/{len(tasks)}] {task['name']}")
    finally:
        if own_pool:
            pool.shutdown()
    return pages, failures


def _pool(jobs: int, tasks: int, log_dir: Path) -> ProcessPoolExecutor:
    # Processes, not threads: papermill changes the working directory of its process.
    context = multiprocessing.get_context("spawn")
    workers = max(1, min(jobs, tasks))
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_kernels, initargs=(str(log_dir),))


def write_summary(reports: Path, pages: list[Path], failures: list[dict[str, object]]) -> Path:
    """``build-summary.csv``: every page built or failed, with the error, the cell and the failed notebook."""
    rows = [
        {
            "page": p.resolve().relative_to(reports.resolve()).as_posix(),
            "status": "ok",
            "error": "",
            "cell": "",
            "notebook": "",
        }
        for p in sorted(pages)
    ]
    rows += [
        {
            "page": str(f["page"]),
            "status": "failed",
            "error": f["error"],
            "cell": f["cell"] or "",
            "notebook": f["notebook"],
        }
        for f in failures
    ]
    path = reports / "build-summary.csv"
    write_csv(path, pd.DataFrame(rows, columns=["page", "status", "error", "cell", "notebook"]))
    return path


def build(paths: BuildPaths, *, strict: bool = False, jobs: int | None = None, echo: Echo = print) -> BuildResult:
    for notebook in NOTEBOOKS:
        if not (paths.notebooks / notebook).is_file():
            raise ConfigurationError(
                f"notebook not found: {paths.notebooks / notebook}", path=str(paths.notebooks / notebook)
            )
    config = load_config(paths.config)
    started = time.monotonic()
    echo(f"Validating and cleaning {paths.raw} → {paths.clean}")
    clean = run_clean(paths.raw, paths.clean, config)
    echo_accounting(clean, echo)
    result = BuildResult(clean)
    if strict and clean.error_count:
        echo("Stopped after validation (--strict): fix the errors above, then build again.")
        result.stopped_after_validation = True
        return result

    provenance = collect(paths.raw, Path(__file__).resolve().parent)
    # Pages are built in a staging folder and published at the end, so that a build killed
    # at any moment leaves the previous reports as they were; the next build starts afresh.
    stage = paths.reports / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    staged = replace(paths, reports=stage)
    tasks = _page_tasks(staged, clean, provenance)
    (stage / "operations").mkdir(parents=True, exist_ok=True)
    workers = jobs or os.cpu_count() or 1
    log_dir = paths.reports / LOG_DIR
    shutil.rmtree(log_dir, ignore_errors=True)
    echo(f"Executing {len(tasks) + 1} notebooks ({workers} workers; kernel logs in {log_dir})")
    with _pool(workers, len(tasks), log_dir) as pool:
        result.pages, result.failures = run_pages(tasks, workers, log_dir, echo, pool)
        # The programme page comes last: it lists the pages that failed.
        failures = [_failure_record(f, stage) for f in result.failures]
        programme = _task(
            staged,
            provenance,
            "programme",
            "programme.ipynb",
            stage / "index.html",
            title=config.report_title,
            breadcrumb=[(INDEX_LABEL, "")],
            parameters={**_shared_parameters(paths), "failures": failures},
        )
        pages, failed = run_pages([programme], 1, log_dir, echo, pool)
    result.pages += pages
    result.failures += failed
    write_summary(stage, result.pages, [_failure_record(f, stage) for f in result.failures])
    operation_ids = {t["operation_id"] for t in tasks if "operation_id" in t}
    result.pages = publish(stage, paths.reports, operation_ids)
    for failure in result.failures:
        failure.notebook = str(paths.reports / Path(failure.notebook).resolve().relative_to(stage.resolve()))
    echo(f"Built {len(result.pages)} pages in {time.monotonic() - started:.1f} s → {paths.reports}")
    return result


def publish(stage: Path, reports: Path, operation_ids: set[str]) -> list[Path]:
    """Move the staged files into ``reports`` one by one (each move is atomic) and drop stale ones."""
    operations = reports / "operations"
    operations.mkdir(parents=True, exist_ok=True)
    staged = {path.relative_to(stage) for path in stage.rglob("*") if path.is_file()}
    for path in operations.iterdir():
        stem = path.name.split(".")[0]
        relative = path.relative_to(reports)
        # Another operation's files, or this operation's outputs of another outcome (a page
        # that failed this time, a failed notebook that now succeeds), must not linger.
        if path.is_file() and (stem not in operation_ids or relative not in staged):
            path.unlink()
    published = []
    for relative in sorted(staged):
        target = reports / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, target)
        if target.suffix == ".html":
            published.append(target)
    shutil.rmtree(stage, ignore_errors=True)
    return published


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
