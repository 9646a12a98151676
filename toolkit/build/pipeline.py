"""The whole build: raw data → clean data → one page per operation → the programme report.

Incremental: each page has a key, the fingerprint of everything it reads (``toolkit.build.plan``).
A page whose key and files match the manifest of the last build is kept as it is; only the
others are executed. A build whose inputs are all unchanged stops before cleaning, without
loading pandas or starting a kernel.

A build is three steps, each a function below: validate and clean; plan the pages and run the
stale ones in a staging folder; publish them and record the manifest.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.build import cache
from toolkit.build.executors import Executor
from toolkit.build.outcomes import (
    Withheld,
    mark_withheld,
    stand_in_for_failed_pages,
    summary_rows,
    withhold_pages,
    write_summary,
)
from toolkit.build.plan import INDEX_LABEL, NOTEBOOKS, Page, SitePlan, clean_key, inputs_fingerprint, plan_pages
from toolkit.build.publish import LOG_DIR, discard_leftovers, publish, recover
from toolkit.build.tasks import BuildOptions, PageRun
from toolkit.model import fingerprints, sitemap
from toolkit.model.errors import BuildInterrupted, BuildRunning, ConfigurationError, NotebookFailed
from toolkit.model.language import _
from toolkit.model.paths import BuildPaths

if TYPE_CHECKING:  # imported by the steps that use them: a build with nothing to do loads neither
    from toolkit.model.config import Config
    from toolkit.report.provenance import Provenance

STAGING = ".building"
LOCK = ".build.lock"  # held (flock) by the build writing this reports folder
WITHHELD_LINES = "withheld"  # the manifest's summary: the lines of the pages withheld (no name in them)

Echo = Callable[[str], None]
DEFAULT_OPTIONS = BuildOptions()


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


def up_to_date(paths: BuildPaths, options: BuildOptions = DEFAULT_OPTIONS) -> BuildResult | None:
    """The last build's result when no input and no output changed since; else None. Cheap."""
    manifest = cache.Manifest.load(paths.reports)
    if not manifest.inputs or not manifest.outputs_intact(paths.reports, paths.clean):
        return None
    if manifest.inputs != inputs_fingerprint(paths, options):
        return None
    summary = manifest.summary
    failures = [NotebookFailed.from_record(record) for record in summary.get("failures", [])]
    withheld = [str(line) for line in summary.get(WITHHELD_LINES, [])]
    # The pages of notebooks; the documents' pages are recorded beside them, for the check above.
    pages = sorted(name for name in manifest.pages if not name.startswith(f"{sitemap.DOCUMENTS}/"))
    return BuildResult(
        pages=[paths.reports / name for name in pages],
        failures=failures,
        stopped_after_validation=bool(summary.get("stopped")),
        cached=pages,
        up_to_date=True,
        error_count=int(summary.get("errors", 0)) + len(withheld),
        findings=withheld + list(summary.get("findings", [])),
    )


def build(paths: BuildPaths, options: BuildOptions = DEFAULT_OPTIONS, *, echo: Echo = print) -> BuildResult:
    """Validate, clean, execute the stale pages and publish them: one build at a time per reports
    folder, and Ctrl-C stops it cleanly (pages ended, staging removed, previous reports intact), as
    does SIGTERM or SIGHUP, which the command line turns into the same interruption
    (``toolkit.model.errors.Interrupted``)."""
    from toolkit.build import isolation

    with one_build_at_a_time(paths.reports, echo):
        isolation.allow_pages()
        try:
            return _build(paths, options, echo)
        except KeyboardInterrupt as interruption:
            number = getattr(interruption, "signal_number", signal.SIGINT)
            isolation.stop_all()
            stopped = isolation.stopped_pages()
            shutil.rmtree(paths.reports / STAGING, ignore_errors=True)
            discard_leftovers(paths.reports)
            by = "" if number == signal.SIGINT else f" par {signal.Signals(number).name}"
            raise BuildInterrupted(
                f"build interrompu{by} : {stopped} page(s) en cours arrêtée(s), "
                "les rapports précédents laissés tels quels",
                signal_number=number,
            ) from None


@contextmanager
def one_build_at_a_time(reports: Path, echo: Echo) -> Iterator[None]:
    """Hold the reports folder's lock for the build, or stop at once naming the build that holds it.

    The lock is an advisory ``flock``: the system releases it when its holder ends, however it
    ends, so a lock left by a killed build is free and simply taken over.
    """
    recover(reports)  # a folder left aside by a build killed while it published
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
        discard_leftovers(reports)
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(paths: BuildPaths, options: BuildOptions, echo: Echo) -> BuildResult:
    for notebook in NOTEBOOKS:
        if not (paths.notebooks / notebook).is_file():
            raise ConfigurationError(
                f"notebook introuvable : {paths.notebooks / notebook}", path=str(paths.notebooks / notebook)
            )
    started = time.monotonic()
    if not options.force:
        current = up_to_date(paths, options)
        if current is not None:
            echo(f"Rien n'a changé depuis le dernier build : {len(current.pages)} pages à jour dans {paths.reports}")
            return current
    from toolkit.model.config import load_config
    from toolkit.model.language import using

    # The build's own pages (documents, stand-ins), titles and footers in the programme's language;
    # each page's process is given it too (PageRun.language).
    with using(load_config(paths.config).language):
        return _build_stale(paths, options, echo, started)


def _build_stale(paths: BuildPaths, options: BuildOptions, echo: Echo, started: float) -> BuildResult:
    inputs = inputs_fingerprint(paths, options)
    manifest = cache.Manifest() if options.force else cache.Manifest.load(paths.reports)
    build = _validate_and_clean(paths, options, manifest, echo)
    if options.strict and build.result.error_count:
        echo("Arrêt après la validation (--strict) : corriger les erreurs ci-dessus, puis relancer le build.")
        build.result.stopped_after_validation = True
        cache.Manifest(inputs, {}, build.clean_files, {**build.summary, "stopped": True}).save(paths.reports)
        return build.result
    _plan(paths, manifest, build)
    _run_stale_pages(paths, options, manifest, build, echo)
    _publish_and_record(paths, manifest, inputs, build)
    result = build.result
    echo(
        f"{len(result.pages)} pages construites ({len(result.executed)} exécutées, {len(build.kept)} inchangées, "
        f"{len(result.failures)} en échec) en {time.monotonic() - started:.1f} s → {paths.reports}"
    )
    return result


@dataclass
class _Build:
    """What the steps of one build hand each other."""

    result: BuildResult
    summary: dict[str, object]  # what the manifest keeps of the result
    clean_files: dict[str, list[int]]
    config: Config
    plan: SitePlan | None = None
    stale: list[Page] = field(default_factory=list)
    kept: list[Page] = field(default_factory=list)
    stale_documents: list = field(default_factory=list)
    stage: Path | None = None
    provenance: Provenance | None = None


def _validate_and_clean(paths: BuildPaths, options: BuildOptions, manifest: cache.Manifest, echo: Echo) -> _Build:
    """Validate and clean the raw data, or keep the clean data of the last build when nothing it
    read has changed (an edit of the evaluator's texts, of a notebook) and its files are intact."""
    from toolkit.model.config import load_config

    config = load_config(paths.config)
    if options.executor == Executor.LOCAL:
        # The pages' fork server imports their libraries on the core that cleaning leaves idle.
        from toolkit.build.isolation import start_server

        start_server()
    key = clean_key(paths)
    summary = manifest.summary
    if summary.get("clean_key") == key and manifest.clean_intact(paths.clean):
        echo(f"Données brutes inchangées : validation et nettoyage du dernier build gardés ({paths.clean})")
        lines = [str(line) for line in summary.get("accounting", [])]
        result = BuildResult(error_count=int(summary.get("errors", 0)), findings=list(summary.get("findings", [])))
    else:
        from toolkit.model.findings import finding_lines  # imports pandas: not for a build with nothing to do
        from toolkit.results.derive import run_clean

        echo(f"Validation et nettoyage : {paths.raw} → {paths.clean}")
        clean = run_clean(paths.raw, paths.clean, config, paths.narrative)
        lines = clean.accounting_lines()
        result = BuildResult(clean, error_count=clean.error_count, findings=finding_lines(clean.findings))
    for line in lines:
        echo(line)
    clean_files = cache.record_files(
        paths.clean, [p.relative_to(paths.clean).as_posix() for p in fingerprints.files_in(paths.clean)]
    )
    kept = {"errors": result.error_count, "findings": result.findings, "clean_key": key, "accounting": lines}
    return _Build(result, kept, clean_files, config)


def _plan(paths: BuildPaths, manifest: cache.Manifest, build: _Build) -> None:
    from toolkit.report.provenance import collect

    build.provenance = collect(paths.raw, Path(__file__).resolve().parent.parent)
    common = fingerprints.hash_text(cache.code_fingerprint(), cache.environment_fingerprint())
    plan = build.plan = plan_pages(paths, common)
    build.stale = [page for page in plan.pages if not manifest.page_is_current(page.html, page.key, paths.reports)]
    build.kept = [page for page in plan.pages if page not in build.stale]
    build.stale_documents = [d for d in plan.documents if not manifest.page_is_current(d.html, d.key, paths.reports)]


def _run_stale_pages(
    paths: BuildPaths, options: BuildOptions, manifest: cache.Manifest, build: _Build, echo: Echo
) -> None:
    """Run the pages whose key changed into a staging folder, published at the end, so that a
    build killed at any moment leaves the previous reports as they were."""
    from toolkit.build.schedule import Scheduler, run_stale_pages

    stage = build.stage = paths.reports / STAGING
    shutil.rmtree(stage, ignore_errors=True)
    (stage / sitemap.OPERATIONS).mkdir(parents=True, exist_ok=True)
    staged = replace(paths, reports=stage)
    # The logs belong to the set this build makes: published with it, and the last set's kept
    # until then (a build stopped before it publishes leaves them as they were).
    log_dir = stage / LOG_DIR
    run = PageRun(
        options.engine,
        options.page_timeout or build.config.page_timeout,
        options.page_memory or build.config.page_memory,
        str(log_dir / "pages.log"),
        build.config.language,
    )
    scheduler = Scheduler(
        options,
        lambda page: page.task(staged, stage, build.provenance.footer(page.data_hash), run),
        echo,
        len(build.plan.pages),
        log_dir,
    )
    try:
        outcome = run_stale_pages(
            build.plan,
            build.stale,
            lambda page: manifest.page_is_current(page.html, page.key, paths.reports),
            scheduler,
            stage,
        )
    except KeyboardInterrupt:
        # Stop the pages before the pool waits for them.
        from toolkit.build.isolation import stop_all

        stop_all()
        raise
    finally:
        scheduler.close()
    build.plan.programme = outcome.programme
    (build.kept if outcome.programme_kept else build.stale).append(outcome.programme)
    build.result.pages, build.result.failures = outcome.pages, outcome.failures


def _withhold(paths: BuildPaths, stage: Path, keep: set[str], footer: str, result: BuildResult) -> list[Withheld]:
    """The pages that show a name a note declares confidential, replaced in the staging folder by
    stand-ins; each is a data error of the build, said with the findings (never with the name)."""
    from toolkit.check.confidentiality import read_declared

    withheld = withhold_pages(stage, paths.reports, keep, read_declared(paths.raw), footer)
    result.findings = [page.line for page in withheld] + result.findings
    result.error_count += len(withheld)
    return withheld


def _publish_and_record(paths: BuildPaths, manifest: cache.Manifest, inputs: str, build: _Build) -> None:
    """Write the summary, the stand-ins and the document pages, publish, and save the manifest."""
    result, plan, stage = build.result, build.plan, build.stage
    executed = [page for page in build.stale if (stage / page.html).is_file()]
    result.executed = [page.name for page in executed]
    result.cached = [page.name for page in build.kept]
    footer = build.provenance.footer
    stand_in_for_failed_pages(result.failures, plan, stage, lambda page: footer(page.data_hash))
    if build.stale_documents:
        from toolkit.build.document_pages import write_document

        for document in build.stale_documents:
            write_document(document, stage, _(INDEX_LABEL), footer(document.data_hash))
    kept_documents = [document for document in plan.documents if document not in build.stale_documents]
    keep = {name for page in [*build.kept, *kept_documents] for name in page.files}
    withheld = _withhold(paths, stage, keep, footer(), result)
    rows = summary_rows(executed, build.kept, result.failures, plan, stage)
    write_summary(stage, mark_withheld(rows, withheld))
    for failure in result.failures:
        failure.notebook = str(paths.reports / Path(failure.notebook).resolve().relative_to(stage.resolve()))
    operation_ids = {page.operation_id for page in plan.pages if page.operation_id}
    # A withheld page is not recorded, as a failed page is not: the next build makes it again.
    unrecorded = {page.page for page in withheld}
    records = {page.html: manifest.pages[page.html] for page in [*build.kept, *kept_documents]}
    summary = {
        **build.summary,
        "failures": [failure.as_record() for failure in result.failures],
        WITHHELD_LINES: [page.line for page in withheld],
    }

    def record(folder: Path) -> None:
        # Written into the new set before it is published, so that pages and manifest change together.
        for page in [*executed, *build.stale_documents]:
            if page.html not in unrecorded:
                records[page.html] = cache.PageRecord(page.key, cache.record_files(folder, page.files))
        recorded = {html: entry for html, entry in records.items() if html not in unrecorded}
        cache.Manifest(inputs, recorded, build.clean_files, summary).save(folder)

    documents = {document.html for document in plan.documents}
    publish(stage, paths.reports, operation_ids, keep, documents, set(unrecorded), finish=record)
    result.pages = sorted(paths.reports / page.html for page in [*executed, *build.kept])
