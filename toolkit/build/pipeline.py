"""The whole build: raw data → clean data → one page per operation → the programme report.

Incremental: each page has a key, the fingerprint of everything it reads (its view of the
clean data, its notebook, its parameters, the toolkit's code, the installed environment,
the settings and the evaluator's texts). A page whose key and files match the manifest of
the last build is kept as it is; only the others are executed. A build whose inputs are all
unchanged stops before cleaning, without loading pandas or starting a kernel.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.build import cache
from toolkit.build.executors import LOCAL, make_executor
from toolkit.build.run import FAILED_SUFFIX, FORK, PAPERMILL_ENGINES, failed_path
from toolkit.model import fingerprints
from toolkit.model.config import load_config
from toolkit.model.errors import (
    BuildInterrupted,
    BuildRunning,
    ConfigurationError,
    NotebookFailed,
    ToolkitError,
    UnsafeIdentifier,
)
from toolkit.model.paths import DOCUMENT_PAGES, BuildPaths
from toolkit.model.schema import SLUG_PATTERN

INDEX_LABEL = "Rapport d'évaluation du programme"
LOG_DIR = ".logs"
STAGING = ".building"
LOCK = ".build.lock"  # held (flock) by the build writing this reports folder
NOTEBOOKS = ("operation.ipynb", "programme.ipynb", "data_quality.ipynb", "annexes.ipynb")
EXECUTED, CACHED, FAILED = "executed", "cached", "failed"

Echo = Callable[[str], None]


@dataclass
class BuildResult:
    clean: object | None = None  # the CleanResult, or None when nothing had changed
    pages: list[Path] = field(default_factory=list)
    failures: list[NotebookFailed] = field(default_factory=list)
    stopped_after_validation: bool = False
    executed: list[str] = field(default_factory=list)  # page names run this time
    cached: list[str] = field(default_factory=list)  # page names kept from the last build
    up_to_date: bool = False  # nothing had changed: nothing was cleaned or run
    error_count: int = 0
    findings: list[str] = field(default_factory=list)  # one line per finding, errors first


def safe_operation_id(value: str) -> str:
    """Operation ids become file names: only strict slugs get that far."""
    if not re.fullmatch(SLUG_PATTERN, value or "") or len(value) > 80:
        raise UnsafeIdentifier(
            f"'{value}' is not a valid operation_id (lower-case letters, digits, single hyphens)", value=value
        )
    return value


def _page(task: dict) -> str:
    """Worker: execute one notebook and export its page, in a process of the page's own."""
    from toolkit.build.isolation import run_isolated

    return run_isolated(task)


def notebook_fingerprint(path: Path) -> str:
    """What a notebook *does*: its cells' sources and tags, not the outputs an evaluator's run left in it."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return fingerprints.hash_text(
            [(c.get("cell_type"), "".join(c.get("source", "")), c.get("metadata", {}).get("tags", [])) for c in cells]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return fingerprints.hash_files([path])


def build_options(strict: bool) -> dict[str, object]:
    return {"strict": strict}


def inputs_fingerprint(paths: BuildPaths, strict: bool) -> str:
    return cache.inputs_fingerprint(
        raw=paths.raw,
        config=paths.config,
        narrative=paths.narrative,
        notebooks=[paths.notebooks / name for name in NOTEBOOKS],
        clean=paths.clean,
        reports=paths.reports,
        options=build_options(strict),
        notebook_hash=notebook_fingerprint,
    )


def up_to_date(paths: BuildPaths, strict: bool = False) -> BuildResult | None:
    """The last build's result when no input and no output changed since; else None. Cheap."""
    manifest = cache.Manifest.load(paths.reports)
    if not manifest.inputs or not manifest.outputs_intact(paths.reports, paths.clean):
        return None
    if manifest.inputs != inputs_fingerprint(paths, strict):
        return None
    summary = manifest.summary
    failures = [NotebookFailed.from_record(record) for record in summary.get("failures", [])]
    # The pages of notebooks; the documents' pages are recorded beside them, for the check above.
    pages = sorted(name for name in manifest.pages if not name.startswith(f"{DOCUMENT_PAGES}/"))
    return BuildResult(
        pages=[paths.reports / name for name in pages],
        failures=failures,
        stopped_after_validation=bool(summary.get("stopped")),
        cached=pages,
        up_to_date=True,
        error_count=int(summary.get("errors", 0)),
        findings=list(summary.get("findings", [])),
    )


@dataclass
class Page:
    """One page to build: where it goes, what runs it, and its key."""

    name: str
    html: str  # relative to the reports folder
    notebook: str
    parameters: dict
    title: str
    breadcrumb: list[tuple[str, str]]
    key: str = ""
    data_hash: str = ""
    operation_id: str | None = None

    @property
    def files(self) -> list[str]:
        return [self.html, str(Path(self.html).with_suffix(".ipynb"))]

    def task(self, paths: BuildPaths, stage: Path, footer: str, run: dict) -> dict:
        """What a worker needs to build the page; ``run`` says how (engine, time limit, log)."""
        html = stage / self.html
        return {
            **run,
            "name": self.name,
            "notebook": str(paths.notebooks / self.notebook),
            "executed": str(html.with_suffix(".ipynb")),
            "html": str(html),
            "cwd": str(paths.notebooks.resolve()),
            "footer": footer,
            "parameters": self.parameters,
            "title": self.title,
            "breadcrumb": self.breadcrumb,
            "operation_id": self.operation_id,
        }


def _shared_parameters(paths: BuildPaths) -> dict[str, str]:
    return {
        "clean_dir": str(paths.clean.resolve()),
        "narrative_dir": str(paths.narrative.resolve()),
        "config_path": str(paths.config.resolve()),
        "raw_dir": str(paths.raw.resolve()),
    }


def plan_pages(paths: BuildPaths, common: str) -> tuple[list[Page], Page]:
    """Every operation page, the data-quality page and the annexes (independent of each other), and the
    programme page (which comes last: it lists the pages that failed), each with its key."""
    from toolkit.results.portfolio import load
    from toolkit.results.slices import operation_fingerprints, quality_fingerprint

    portfolio = load(paths.clean)
    shared = _shared_parameters(paths)
    config_hash = fingerprints.hash_files([paths.config])
    quarantine = fingerprints.hash_folder(paths.clean / "quarantine")
    quality_data = quality_fingerprint(portfolio, [quarantine.encode()])

    def beside_index(name: str, notebook: str, title: str, data_hash: str) -> Page:
        return Page(
            name,
            f"{name}.html",
            notebook,
            {key: shared[key] for key in ("clean_dir", "config_path")},
            title,
            [(INDEX_LABEL, "index.html"), (title, "")],
            data_hash=data_hash,
        )

    pages = [
        beside_index("data-quality", "data_quality.ipynb", "Qualité des données", quality_data),
        # The annexes read every clean table (the detail the report leaves out) and nothing else.
        beside_index("annexes", "annexes.ipynb", "Annexes", fingerprints.hash_folder(paths.clean)),
    ]
    operation_data = operation_fingerprints(portfolio)
    for operation in portfolio.operations[["operation_id", "title"]].to_dict("records"):
        operation_id = safe_operation_id(str(operation["operation_id"]))
        title = str(operation["title"])
        narrative = fingerprints.hash_files([paths.narrative / "operations" / f"{operation_id}.md"])
        pages.append(
            Page(
                operation_id,
                f"operations/{operation_id}.html",
                "operation.ipynb",
                {"operation_id": operation_id, **{k: v for k, v in shared.items() if k != "raw_dir"}},
                title,
                [(INDEX_LABEL, "../index.html"), (title, "")],
                data_hash=fingerprints.hash_text(operation_data[operation_id], narrative),
                operation_id=operation_id,
            )
        )
    for page in pages:
        notebook = notebook_fingerprint(paths.notebooks / page.notebook)
        page.key = fingerprints.hash_text(page.name, common, notebook, page.parameters, page.data_hash, config_hash)
    programme = Page(
        "programme",
        "index.html",
        "programme.ipynb",
        {**shared, "failures": []},
        load_config(paths.config).report_title,
        [(INDEX_LABEL, "")],
        # The programme report reads every clean table, shows the raw data's hash, and the
        # evaluator's texts but those of the operation pages.
        data_hash=fingerprints.hash_text(
            fingerprints.hash_folder(paths.clean),
            fingerprints.hash_folder(paths.raw),
            fingerprints.hash_files(
                [
                    p
                    for p in fingerprints.files_in(paths.narrative)
                    if "operations" not in p.relative_to(paths.narrative).parts[:1]
                ],
                paths.narrative,
            ),
        ),
    )
    programme.key = fingerprints.hash_text(
        "programme",
        common,
        notebook_fingerprint(paths.notebooks / programme.notebook),
        config_hash,
        programme.data_hash,
    )
    return pages, programme


def _failure_record(failure: NotebookFailed, reports: Path) -> dict[str, object]:
    """What the index and the build summary say of a failed page: plain data, for the notebook parameters."""
    notebook = Path(failure.notebook)
    try:
        href = notebook.resolve().relative_to(reports.resolve()).as_posix()
    except ValueError:
        href = notebook.name
    if not notebook.is_file():
        href = ""  # the page's process ended before it wrote a notebook: no link to a missing file
    return {
        "page": failure.operation_id or notebook.stem.removesuffix(".failed"),
        "error": failure.error or failure.message,
        "cell": failure.cell,
        "notebook": href,
    }


def run_pages(tasks: list[dict], executor, progress) -> tuple[list[Path], list[NotebookFailed]]:
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
            progress.advance(task["name"])
    return pages, failures


def _record_failure(task: dict, failure: NotebookFailed, failures: list[NotebookFailed], progress) -> None:
    failure.page = task["name"]
    failures.append(failure)
    # A page from an earlier build must not pass for this one.
    Path(task["html"]).unlink(missing_ok=True)
    progress.advance(task["name"], failure.message)


def lost_page(task: dict, error: BaseException) -> NotebookFailed:
    """A page whose worker was lost before it could report (a Dask worker killed, for one)."""
    cause = f"{type(error).__name__}: {error}"
    return NotebookFailed(
        f"{Path(task['notebook']).name} : le processus qui exécutait la page a été perdu ({cause})",
        notebook=str(failed_path(Path(task["executed"]))),
        operation_id=task.get("operation_id"),
        error=f"processus perdu : {cause}",
    )


def write_summary(reports: Path, rows: list[dict[str, object]]) -> Path:
    """``build-summary.csv``: every page, built, kept or failed, with the error, the cell and the failed notebook."""
    import pandas as pd

    from toolkit.model.outputs import write_csv

    columns = ["page", "status", "run", "error", "cell", "notebook"]
    frame = pd.DataFrame(rows, columns=columns).sort_values(["status", "page"], kind="stable")
    path = reports / "build-summary.csv"
    write_csv(path, frame)
    return path


def build(paths: BuildPaths, *, echo: Echo = print, **options) -> BuildResult:
    """Validate, clean, execute the stale pages and publish them: one build at a time per reports
    folder, and Ctrl-C stops it cleanly (pages ended, staging removed, previous reports intact)."""
    from toolkit.build import isolation

    with one_build_at_a_time(paths.reports, echo):
        isolation.allow_pages()
        try:
            return _build(paths, echo=echo, **options)
        except KeyboardInterrupt:
            stopped = isolation.stop_all()
            shutil.rmtree(paths.reports / STAGING, ignore_errors=True)
            raise BuildInterrupted(
                f"build interrompu : {stopped} page(s) en cours arrêtée(s), les rapports précédents laissés tels quels"
            ) from None


@contextmanager
def one_build_at_a_time(reports: Path, echo: Echo) -> Iterator[None]:
    """Hold the reports folder's lock for the build, or stop at once naming the build that holds it.

    The lock is an advisory ``flock``: the system releases it when its holder ends, however it
    ends, so a lock left by a killed build is free and simply taken over.
    """
    reports.mkdir(parents=True, exist_ok=True)
    with (reports / LOCK).open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "un autre processus"
            raise BuildRunning(
                f"un autre build écrit dans {reports} ({holder}) : attendre qu'il se termine, puis relancer",
                path=str(reports),
            ) from None
        handle.seek(0)
        left = handle.read().strip()
        if left:
            echo(f"Reprise du verrou d'un build qui ne s'est pas terminé ({left})")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, lancé le {time.strftime('%Y-%m-%d à %H:%M:%S')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(
    paths: BuildPaths,
    *,
    strict: bool = False,
    jobs: int | None = None,
    force: bool = False,
    executor: str = LOCAL,
    scheduler: str | None = None,
    echo: Echo = print,
    interactive: bool | None = False,
    engine: str = FORK,
    page_timeout: float | None = None,
    page_memory: int | None = None,
) -> BuildResult:
    for notebook in NOTEBOOKS:
        if not (paths.notebooks / notebook).is_file():
            raise ConfigurationError(
                f"notebook introuvable : {paths.notebooks / notebook}", path=str(paths.notebooks / notebook)
            )
    started = time.monotonic()
    if not force:
        current = up_to_date(paths, strict)
        if current is not None:
            echo(f"Rien n'a changé depuis le dernier build : {len(current.pages)} pages à jour dans {paths.reports}")
            return current
    config = load_config(paths.config)
    inputs = inputs_fingerprint(paths, strict)
    manifest = cache.Manifest() if force else cache.Manifest.load(paths.reports)

    from toolkit.results.derive import run_clean

    if executor == LOCAL:
        # The pages' fork server imports their libraries on the core that cleaning leaves idle.
        from toolkit.build.isolation import start_server

        start_server()
    echo(f"Validation et nettoyage : {paths.raw} → {paths.clean}")
    clean = run_clean(paths.raw, paths.clean, config)
    for line in clean.accounting_lines():
        echo(line)
    from toolkit.model.findings import finding_lines  # imports pandas: not for a build with nothing to do

    result = BuildResult(clean, error_count=clean.error_count, findings=finding_lines(clean.findings))
    summary: dict[str, object] = {"errors": clean.error_count, "findings": result.findings}
    clean_files = cache.record_files(
        paths.clean, [p.relative_to(paths.clean).as_posix() for p in fingerprints.files_in(paths.clean)]
    )
    if strict and clean.error_count:
        echo("Arrêt après la validation (--strict) : corriger les erreurs ci-dessus, puis relancer le build.")
        result.stopped_after_validation = True
        manifest = cache.Manifest(inputs, {}, clean_files, {**summary, "stopped": True})
        manifest.save(paths.reports)
        return result

    from toolkit.report.provenance import collect

    provenance = collect(paths.raw, Path(__file__).resolve().parent.parent)
    common = fingerprints.hash_text(cache.code_fingerprint(), cache.environment_fingerprint())
    pages, programme = plan_pages(paths, common)
    stale = [page for page in pages if not manifest.page_is_current(page.html, page.key, paths.reports)]
    from toolkit.build.document_pages import plan_documents

    documents = plan_documents(paths.raw, {name: table.clean for name, table in clean.tables.items()}, common)
    stale_documents = [d for d in documents if not manifest.page_is_current(d.html, d.key, paths.reports)]
    kept = [page for page in pages if page not in stale]
    result.cached = [page.name for page in kept]

    # Pages are built in a staging folder and published at the end, so that a build killed
    # at any moment leaves the previous reports as they were; the next build starts afresh.
    stage = paths.reports / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "operations").mkdir(parents=True, exist_ok=True)
    staged = replace(paths, reports=stage)
    workers = jobs or os.cpu_count() or 1
    log_dir = paths.reports / LOG_DIR
    shutil.rmtree(log_dir, ignore_errors=True)
    if engine not in PAPERMILL_ENGINES:
        raise ConfigurationError(f"moteur inconnu « {engine} » : choisir {' ou '.join(PAPERMILL_ENGINES)}")
    run = {
        "engine": PAPERMILL_ENGINES[engine],
        "page_timeout": page_timeout or config.page_timeout,
        "page_memory": page_memory or config.page_memory,
        "log": str(log_dir / "pages.log"),
    }
    from toolkit.build.progress import Progress

    runner = None
    # The programme page lists the pages that failed, so its key holds them. It is the longest
    # page: it runs beside the others as if none will fail (run after them, it left a core idle),
    # and again at the end only if one did.
    planned = programme.key
    programme.parameters["failures"] = []
    programme.key = fingerprints.hash_text(planned, [])
    current = manifest.page_is_current(programme.html, programme.key, paths.reports)
    ran_with_others = not current
    batch = [programme, *stale] if ran_with_others else stale
    progress = Progress(len(batch), echo, interactive=interactive)
    try:
        if batch:
            runner = make_executor(executor, workers=min(workers, len(batch)), scheduler=scheduler)
            also = "" if current else " et de celui du programme"
            echo(
                f"Exécution de {len(stale)} des {len(pages)} notebooks de page{also} ({runner.describe()}, "
                f"moteur {engine} ; journaux des pages dans {log_dir})"
            )
            tasks = [page.task(staged, stage, provenance.footer(page.data_hash), run) for page in batch]
            result.pages, result.failures = run_pages(tasks, runner, progress)
        failures = [_failure_record(f, stage) for f in result.failures if f.page != programme.name]
        if failures:
            programme.parameters["failures"] = failures
            programme.key = fingerprints.hash_text(planned, failures)
            # Run beside the others, it holds no list of failures: it runs again whatever the cache says.
            current = not ran_with_others and manifest.page_is_current(programme.html, programme.key, paths.reports)
            if not current:
                result.pages = [page for page in result.pages if page != stage / programme.html]
                result.failures = [f for f in result.failures if f.page != programme.name]
                if runner is None:
                    runner = make_executor(executor, workers=1, scheduler=scheduler)
                from toolkit.text.fmt import counted  # babel: only for a build that has a failed page

                listed = counted(len(failures), "page en échec", "pages en échec")
                echo(f"Nouvelle exécution du notebook du programme, qui liste {listed}")
                progress.add(1)
                task = programme.task(staged, stage, provenance.footer(programme.data_hash), run)
                done, failed = run_pages([task], runner, progress)
                result.pages += done
                result.failures += failed
        if current:
            kept.append(programme)
            result.cached.append(programme.name)
        else:
            stale.append(programme)
    except KeyboardInterrupt:
        # Stop the pages before the pool waits for them.
        from toolkit.build.isolation import stop_all

        stop_all()
        raise
    finally:
        progress.close()
        if runner is not None:
            runner.close()
    executed = [page for page in stale if (stage / page.html).is_file()]
    result.executed = [page.name for page in executed]

    failure_records = [_failure_record(f, stage) for f in result.failures]
    rows = [{"page": page.html, "status": "ok", "run": EXECUTED} for page in executed]
    rows += [{"page": page.html, "status": "ok", "run": CACHED} for page in kept]
    html = {page.name: page.html for page in [*pages, programme]}
    rows += [
        {
            **record,
            "page": html.get(failure.page or "", str(record["page"])),
            "status": "failed",
            "run": FAILED,
        }
        for failure, record in zip(result.failures, failure_records, strict=True)
    ]
    write_summary(stage, rows)
    _stand_in_for_failed_pages(result.failures, pages, programme, staged, stage, provenance)
    if stale_documents:
        from toolkit.build.document_pages import write_document

        for document in stale_documents:
            write_document(document, stage, INDEX_LABEL, provenance.footer(document.data_hash))

    keep = {name for page in kept for name in page.files}
    keep |= {document.html for document in documents if document not in stale_documents}
    operation_ids = {page.operation_id for page in pages if page.operation_id}
    publish(stage, paths.reports, operation_ids, keep, {document.html for document in documents})
    result.pages = sorted(paths.reports / page.html for page in [*executed, *kept])
    for failure in result.failures:
        failure.notebook = str(paths.reports / Path(failure.notebook).resolve().relative_to(stage.resolve()))

    records = {page.html: manifest.pages[page.html] for page in kept}
    for page in executed:
        records[page.html] = cache.PageRecord(page.key, cache.record_files(paths.reports, page.files))
    for document in documents:
        if document in stale_documents:
            records[document.html] = cache.PageRecord(document.key, cache.record_files(paths.reports, document.files))
        else:
            records[document.html] = manifest.pages[document.html]
    summary["failures"] = [failure.as_record() for failure in result.failures]
    cache.Manifest(inputs, records, clean_files, summary).save(paths.reports)
    echo(
        f"{len(result.pages)} pages construites ({len(executed)} exécutées, {len(kept)} inchangées, "
        f"{len(result.failures)} en échec) en {time.monotonic() - started:.1f} s → {paths.reports}"
    )
    return result


def _stand_in_for_failed_pages(failures, pages, programme, staged: BuildPaths, stage: Path, provenance) -> None:
    """Where a page failed, a page that says so: the other pages link to it, and a reviewer who
    follows the link reads why it is missing rather than a browser's error. It is not recorded
    in the manifest: a build whose inputs changed (or --force) runs the page again."""
    if not failures:
        return
    from html import escape

    from toolkit.build.render import export_notice

    by_name = {page.name: page for page in [*pages, programme]}
    for failure in failures:
        page = by_name.get(failure.page or "")
        if page is None or (stage / page.html).is_file():
            continue
        task = page.task(staged, stage, provenance.footer(page.data_hash), {})
        where = f" (cellule {failure.cell})" if failure.cell else ""
        listed = "" if page is programme else "<p>Le rapport du programme liste les pages en échec et leur cause.</p>"
        body = (
            f"<h1>{escape(task['title'])}</h1>"
            '<p class="ev-failed-page">Cette page n\'a pas pu être construite lors du dernier build'
            f"{escape(where)} : {escape(failure.error or failure.message)}.</p>{listed}"
        )
        try:
            export_notice(
                stage / page.html, title=task["title"], breadcrumb=task["breadcrumb"], footer=task["footer"], body=body
            )
        except Exception:  # the failure is listed anyway: a missing stand-in must not stop the build
            (stage / page.html).unlink(missing_ok=True)


def publish(
    stage: Path,
    reports: Path,
    operation_ids: set[str],
    keep: set[str] = frozenset(),
    documents: set[str] = frozenset(),
) -> list[Path]:
    """Move the staged files into ``reports`` one by one (each move is atomic) and drop stale ones.

    ``keep``: files of pages that were up to date and stay as they are; ``documents``: the
    document pages of this build (any other in the documents folder is a document now gone).
    """
    operations = reports / "operations"
    operations.mkdir(parents=True, exist_ok=True)
    staged = {path.relative_to(stage).as_posix() for path in stage.rglob("*") if path.is_file()}
    folder = reports / DOCUMENT_PAGES
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.relative_to(reports).as_posix() not in documents:
                path.unlink()
    # A programme page's partial notebook from an earlier failure: the page was built again this
    # time (or failed again, and its new partial notebook is staged), so the old one must go.
    for path in reports.glob(f"*{FAILED_SUFFIX}"):
        if path.name not in staged:
            path.unlink()
    for path in operations.iterdir():
        stem = path.name.split(".")[0]
        relative = path.relative_to(reports).as_posix()
        # Another operation's files, or this operation's outputs of another outcome (a page
        # that failed this time, a failed notebook that now succeeds), must not linger.
        if path.is_file() and (stem not in operation_ids or (relative not in staged and relative not in keep)):
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
