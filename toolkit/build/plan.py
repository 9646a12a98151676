"""Which pages a build makes, from which notebook and parameters, and the key that says when each
must run again: the fingerprint of everything the page reads.

Every operation page reads its operation's view of the clean data and its narrative file; the
data-quality page, the findings and the row accounting; the annexes, every clean table; the
programme page, every clean table, the raw data's hash, the evaluator's texts but those of the
operation pages, and the list of pages that failed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.build import cache
from toolkit.build.tasks import BuildOptions, PageRun, PageTask
from toolkit.model import fingerprints, sitemap
from toolkit.model.errors import UnsafeIdentifier
from toolkit.model.language import N_, _
from toolkit.model.paths import BuildPaths
from toolkit.model.schema import SLUG_PATTERN

# Translated where shown (``_``): the build plans its pages in the programme's language.
INDEX_LABEL = N_("Rapport d'évaluation du programme")
NOTEBOOKS = ("operation.ipynb", "programme.ipynb", "data_quality.ipynb", "annexes.ipynb")


def safe_operation_id(value: str) -> str:
    """Operation ids become file names: only strict slugs get that far."""
    if not re.fullmatch(SLUG_PATTERN, value or "") or len(value) > 80:
        raise UnsafeIdentifier(
            f"'{value}' is not a valid operation_id (lower-case letters, digits, single hyphens)", value=value
        )
    return value


def notebook_fingerprint(path: Path) -> str:
    """What a notebook *does*: its cells' sources and tags, not the outputs an evaluator's run left in it."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return fingerprints.hash_text(
            [(c.get("cell_type"), "".join(c.get("source", "")), c.get("metadata", {}).get("tags", [])) for c in cells]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return fingerprints.hash_files([path])


def inputs_fingerprint(paths: BuildPaths, options: BuildOptions) -> str:
    return cache.inputs_fingerprint(
        raw=paths.raw,
        config=paths.config,
        narrative=paths.narrative,
        notebooks=[paths.notebooks / name for name in NOTEBOOKS],
        clean=paths.clean,
        reports=paths.reports,
        options=options.cache_key,
        notebook_hash=notebook_fingerprint,
    )


@dataclass(frozen=True)
class Page:
    """One page to build: where it goes, what runs it, and its key."""

    name: str
    html: str  # relative to the reports folder
    notebook: str
    parameters: dict
    title: str
    breadcrumb: tuple[tuple[str, str], ...]
    key: str = ""
    data_hash: str = ""
    operation_id: str | None = None

    @property
    def files(self) -> list[str]:
        return [self.html, str(Path(self.html).with_suffix(".ipynb"))]

    def task(self, paths: BuildPaths, stage: Path, footer: str, run: PageRun) -> PageTask:
        """What a worker needs to build the page into ``stage``; ``run`` says how."""
        html = stage / self.html
        return PageTask(
            name=self.name,
            notebook=str(paths.notebooks / self.notebook),
            executed=str(html.with_suffix(".ipynb")),
            html=str(html),
            cwd=str(paths.notebooks.resolve()),
            title=self.title,
            footer=footer,
            parameters=self.parameters,
            breadcrumb=self.breadcrumb,
            operation_id=self.operation_id,
            run=run,
        )


@dataclass
class SitePlan:
    """The pages of a build: the operation, data-quality and annexes pages (independent of each
    other), and the programme page, which comes last since it lists the pages that failed."""

    pages: list[Page]
    programme: Page
    common: str  # the key part every page shares: the toolkit's code and the environment
    documents: list = field(default_factory=list)  # DocumentPage, written by the build itself

    def by_name(self) -> dict[str, Page]:
        return {page.name: page for page in [*self.pages, self.programme]}


def _shared_parameters(paths: BuildPaths) -> dict[str, str]:
    return {
        "clean_dir": str(paths.clean.resolve()),
        "narrative_dir": str(paths.narrative.resolve()),
        "config_path": str(paths.config.resolve()),
        "raw_dir": str(paths.raw.resolve()),
    }


def _keyed(page: Page, paths: BuildPaths, common: str, config_hash: str) -> Page:
    notebook = notebook_fingerprint(paths.notebooks / page.notebook)
    key = fingerprints.hash_text(page.name, common, notebook, page.parameters, page.data_hash, config_hash)
    return replace(page, key=key)


def _pages_beside_index(paths: BuildPaths, portfolio) -> list[Page]:
    from toolkit.results.slices import quality_fingerprint

    shared = _shared_parameters(paths)
    quarantine = fingerprints.hash_folder(paths.clean / "quarantine")

    def beside_index(name: str, html: str, notebook: str, title: str, data_hash: str, *extra: str) -> Page:
        parameters = {key: shared[key] for key in ("clean_dir", "config_path", *extra)}
        breadcrumb = ((_(INDEX_LABEL), sitemap.INDEX), (title, ""))
        return Page(name, html, notebook, parameters, title, breadcrumb, data_hash=data_hash)

    return [
        beside_index(
            "data-quality",
            sitemap.DATA_QUALITY,
            "data_quality.ipynb",
            _("Qualité des données"),
            quality_fingerprint(portfolio, [quarantine.encode()]),
        ),
        # The annexes read every clean table (the detail the report leaves out) and the annexes the
        # evaluator writes (terms of reference, people and sites met, data-collection tools).
        beside_index(
            "annexes",
            sitemap.ANNEXES,
            "annexes.ipynb",
            _("Annexes"),
            fingerprints.hash_text(
                fingerprints.hash_folder(paths.clean),
                fingerprints.hash_folder(paths.narrative / sitemap.NARRATIVE_ANNEXES),
            ),
            "narrative_dir",
        ),
    ]


def _operation_pages(paths: BuildPaths, portfolio) -> list[Page]:
    from toolkit.results.slices import operation_fingerprints, survey_fingerprints
    from toolkit.results.surveys import load_surveys

    shared = {key: value for key, value in _shared_parameters(paths).items() if key != "raw_dir"}
    operation_data = operation_fingerprints(portfolio)
    # The surveys' answers an operation page shows are its own: part of its key, as its rows are.
    surveyed = survey_fingerprints(load_surveys(paths.clean), portfolio.operation_ids)
    pages = []
    for operation in portfolio.operations[["operation_id", "title"]].to_dict("records"):
        operation_id = safe_operation_id(str(operation["operation_id"]))
        title = str(operation["title"])
        narrative = fingerprints.hash_files([paths.narrative / "operations" / f"{operation_id}.md"])
        pages.append(
            Page(
                operation_id,
                sitemap.operation_page(operation_id),
                "operation.ipynb",
                {"operation_id": operation_id, **shared},
                title,
                ((_(INDEX_LABEL), sitemap.href(sitemap.INDEX, from_folder=sitemap.OPERATIONS)), (title, "")),
                data_hash=fingerprints.hash_text(operation_data[operation_id], narrative, surveyed[operation_id]),
                operation_id=operation_id,
            )
        )
    return pages


def _programme_page(paths: BuildPaths, common: str, config_hash: str) -> Page:
    from toolkit.model.config import load_config

    # The programme report reads every clean table, shows the raw data's hash, and the
    # evaluator's texts but those of the operation pages and of the annexes page.
    texts = [
        p
        for p in fingerprints.files_in(paths.narrative)
        if p.relative_to(paths.narrative).parts[:1] not in (("operations",), (sitemap.NARRATIVE_ANNEXES,))
    ]
    data_hash = fingerprints.hash_text(
        fingerprints.hash_folder(paths.clean),
        fingerprints.hash_folder(paths.raw),
        fingerprints.hash_files(texts, paths.narrative),
    )
    page = Page(
        "programme",
        sitemap.INDEX,
        "programme.ipynb",
        {**_shared_parameters(paths), "failures": []},
        load_config(paths.config).report_title,
        ((_(INDEX_LABEL), ""),),
        data_hash=data_hash,
    )
    key = fingerprints.hash_text(
        "programme", common, notebook_fingerprint(paths.notebooks / page.notebook), config_hash, data_hash
    )
    return replace(page, key=key)


def plan_pages(paths: BuildPaths, common: str) -> SitePlan:
    """Every page of the build, each with its key, from the clean data as written (whether this
    build cleaned them or kept the last build's)."""
    from toolkit.build.document_pages import plan_documents
    from toolkit.results.portfolio import TABLES, load

    portfolio = load(paths.clean)
    config_hash = fingerprints.hash_files([paths.config])
    pages = [*_pages_beside_index(paths, portfolio), *_operation_pages(paths, portfolio)]
    pages = [_keyed(page, paths, common, config_hash) for page in pages]
    documents = plan_documents(paths.raw, {name: getattr(portfolio, name) for name in TABLES}, common)
    return SitePlan(pages, _programme_page(paths, common, config_hash), common, documents)


def clean_key(paths: BuildPaths) -> str:
    """The fingerprint of what validation and cleaning read: equal, they would write the same."""
    return fingerprints.hash_text(
        "clean",
        cache.raw_fingerprint(paths.raw),
        # The evaluator's texts are checked with the clean stage (results/derive.py check_texts).
        fingerprints.hash_folder(paths.narrative),
        fingerprints.hash_files([paths.config]),
        cache.code_fingerprint(),
        cache.environment_fingerprint(),
        str(paths.clean.resolve()),
    )


def with_failures(programme: Page, planned_key: str, failures: list[dict]) -> Page:
    """The programme page listing ``failures``: its parameters and its key hold them."""
    return replace(
        programme,
        parameters={**programme.parameters, "failures": failures},
        key=fingerprints.hash_text(planned_key, failures),
    )
