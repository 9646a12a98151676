"""The whole build: raw data → clean data → one page per operation → the programme report."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.clean import CleanResult, run_clean
from toolkit.errors import ConfigurationError, NotebookFailed, UnsafeIdentifier
from toolkit.paths import BuildPaths
from toolkit.provenance import Provenance, collect
from toolkit.schema import SLUG_PATTERN

PROGRAMME_TITLE = "Coopérer Autrement en Acteurs de Changement — rapport d'évaluation"
INDEX_LABEL = "Rapport d'évaluation du programme"

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
        raise UnsafeIdentifier(f"'{value}' is not a valid operation_id (lower-case letters, digits, single hyphens)", value=value)
    return value


def _operation_page(task: dict) -> tuple[str, str]:
    """Worker: execute one operation's notebook and export its page. Runs in its own process."""
    from toolkit.render import export_html
    from toolkit.run import execute

    executed = execute(
        Path(task["notebook"]),
        Path(task["executed"]),
        task["parameters"],
        cwd=Path(task["cwd"]),
        operation_id=task["operation_id"],
    )
    export_html(
        executed,
        Path(task["html"]),
        title=task["title"],
        breadcrumb=[(INDEX_LABEL, "../index.html"), (task["title"], "")],
        footer=task["footer"],
    )
    return task["operation_id"], task["html"]


def _operation_tasks(paths: BuildPaths, clean: CleanResult, provenance: Provenance) -> list[dict]:
    operations = clean.clean("operations")
    tasks = []
    for operation in operations.to_dict("records"):
        operation_id = safe_operation_id(str(operation["operation_id"]))
        tasks.append(
            {
                "operation_id": operation_id,
                "title": str(operation["title"]),
                "notebook": str(paths.notebooks / "operation.ipynb"),
                "executed": str(paths.reports / "operations" / f"{operation_id}.ipynb"),
                "html": str(paths.reports / "operations" / f"{operation_id}.html"),
                "cwd": str(paths.notebooks),
                "footer": provenance.footer(),
                "parameters": {"operation_id": operation_id, "clean_dir": str(paths.clean.resolve())},
            }
        )
    return tasks


def _remove_stale_pages(folder: Path, keep: set[str]) -> None:
    for page in folder.glob("*.html"):
        if page.stem not in keep:
            page.unlink()


def run_operations(tasks: list[dict], jobs: int, echo: Echo) -> tuple[list[Path], list[NotebookFailed]]:
    pages: list[Path] = []
    failures: list[NotebookFailed] = []
    if not tasks:
        return pages, failures
    # Processes, not threads: papermill changes the working directory of its process.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(tasks))), mp_context=context) as pool:
        futures = {pool.submit(_operation_page, task): task for task in tasks}
        for done, future in enumerate(as_completed(futures), start=1):
            task = futures[future]
            try:
                _, html = future.result()
            except NotebookFailed as failure:
                failures.append(failure)
                echo(f"  [{done}/{len(tasks)}] {task['operation_id']}: FAILED ({failure.message})")
                continue
            pages.append(Path(html))
            echo(f"  [{done}/{len(tasks)}] {task['operation_id']}")
    return pages, failures


def build(paths: BuildPaths, *, strict: bool = False, jobs: int | None = None, echo: Echo = print) -> BuildResult:
    for required in (paths.notebooks / "operation.ipynb", paths.notebooks / "programme.ipynb"):
        if not required.is_file():
            raise ConfigurationError(f"notebook not found: {required}", path=str(required))
    started = time.monotonic()
    echo(f"Validating and cleaning {paths.raw} → {paths.clean}")
    clean = run_clean(paths.raw, paths.clean)
    echo_accounting(clean, echo)
    result = BuildResult(clean)
    if strict and clean.error_count:
        echo("Stopped after validation (--strict): fix the errors above, then build again.")
        result.stopped_after_validation = True
        return result

    provenance = collect(paths.raw, Path(__file__).resolve().parent)
    tasks = _operation_tasks(paths, clean, provenance)
    (paths.reports / "operations").mkdir(parents=True, exist_ok=True)
    _remove_stale_pages(paths.reports / "operations", {t["operation_id"] for t in tasks})
    echo(f"Executing {len(tasks)} operation notebooks ({jobs or os.cpu_count()} workers)")
    result.pages, result.failures = run_operations(tasks, jobs or os.cpu_count() or 1, echo)

    echo("Executing the programme notebook")
    from toolkit.render import export_html
    from toolkit.run import execute

    try:
        executed = execute(
            paths.notebooks / "programme.ipynb",
            paths.reports / "programme.ipynb",
            {"clean_dir": str(paths.clean.resolve())},
            cwd=paths.notebooks,
        )
        export_html(
            executed, paths.reports / "index.html", title=PROGRAMME_TITLE, breadcrumb=[(INDEX_LABEL, "")], footer=provenance.footer()
        )
        result.pages.append(paths.reports / "index.html")
    except NotebookFailed as failure:
        result.failures.append(failure)
        echo(f"  programme: FAILED ({failure.message})")
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
