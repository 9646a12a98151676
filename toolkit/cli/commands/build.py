"""``build``: validate and clean the data, run the stale pages, publish the reports."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from toolkit.build.executors import Executor
from toolkit.build.run import PageEngine
from toolkit.cli.options import (
    EXIT_REPORTS_FAILED,
    add_clean,
    add_config,
    add_narrative,
    add_raw,
    add_reports,
    data_exit,
)
from toolkit.model import sitemap
from toolkit.model.config import Config
from toolkit.model.language import _, ngettext
from toolkit.model.paths import DEFAULT_NOTEBOOKS, BuildPaths

# The clean step's row accounting in the clean folder (clean/tables.py writes it; read here with
# the csv module: a build with nothing to do loads no pandas).
ACCOUNTING = "accounting.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_raw(parser)
    add_clean(parser)
    add_reports(parser)
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=DEFAULT_NOTEBOOKS,
        metavar="DOSSIER",
        help="modèles de notebooks (par défaut : %(default)s)",
    )
    add_narrative(parser)
    add_config(parser)
    parser.add_argument(
        "--strict", action="store_true", help="s'arrêter après la validation quand les données contiennent des erreurs"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="pages exécutées à la fois (par défaut : nombre de cœurs)"
    )
    parser.add_argument(
        "--force", action="store_true", help="exécuter toutes les pages, même celles dont les entrées n'ont pas changé"
    )
    parser.add_argument(
        "--executor",
        choices=[member.value for member in Executor],
        default=Executor.LOCAL.value,
        help="où les pages s'exécutent : sur cette machine ou sur un cluster Dask (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADRESSE",
        help="l'ordonnanceur Dask, par exemple tcp://10.0.0.5:8786 (avec --executor dask)",
    )
    parser.add_argument(
        "--engine",
        choices=[member.value for member in PageEngine],
        default=PageEngine.FORK.value,
        help="comment les cellules d'une page s'exécutent : dans un processus dérivé d'un processus qui a déjà "
        "chargé les bibliothèques, ou dans un noyau Jupyter (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--page-timeout",
        type=float,
        default=None,
        metavar="SECONDES",
        help="arrêter une page qui dure plus longtemps et la signaler en échec "
        "(par défaut : [build] page_timeout, sinon 600)",
    )
    parser.add_argument(
        "--page-memory",
        type=int,
        default=None,
        metavar="MO",
        help="mémoire (en mégaoctets d'espace d'adressage : bibliothèques, mémoire partagée et réservations "
        "comprises) au-delà de laquelle une page échoue seule (par défaut : [build] page_memory, sinon 4096)",
    )


def check(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Refuse option values argparse cannot check by their type alone (exit 2, with the usage)."""
    if arguments.jobs is not None and arguments.jobs < 1:
        parser.error("--jobs attend un nombre entier d'au moins 1")
    if arguments.page_timeout is not None and arguments.page_timeout <= 0:
        parser.error("--page-timeout attend un nombre de secondes supérieur à 0")
    if arguments.page_memory is not None and not 0 < arguments.page_memory < 2**43:
        parser.error("--page-memory attend un nombre entier de mégaoctets supérieur à 0")
    if arguments.executor == Executor.DASK and not arguments.scheduler:
        parser.error("--executor dask demande --scheduler ADRESSE")


def run(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.build.pipeline import build
    from toolkit.build.tasks import BuildOptions

    paths = BuildPaths(
        arguments.raw, arguments.clean, arguments.reports, arguments.notebooks, arguments.narrative, arguments.config
    )
    options = BuildOptions(
        strict=arguments.strict,
        force=arguments.force,
        jobs=arguments.jobs,
        executor=arguments.executor,
        scheduler=arguments.scheduler,
        engine=arguments.engine,
        page_timeout=arguments.page_timeout,
        page_memory=arguments.page_memory,
        interactive=None,
    )
    outcome = build(paths, options)
    for line in outcome.findings:
        print(line)
    for failure in outcome.failures:
        print(f"page en échec : {failure.message} (notebook partiel : {failure.notebook})")
    print(closing_line(outcome, paths))
    return EXIT_REPORTS_FAILED if outcome.failures else data_exit(outcome.error_count)


def closing_line(outcome, paths: BuildPaths) -> str:
    """The build's last line: the data's errors and the rows they put in quarantine, which the
    reports leave out. `make report` succeeds on data errors (exit 1) once the reports are built,
    so this line is where a reader of its output learns of them."""
    from toolkit.text import fmt

    errors = ngettext(
        "{count} erreur dans les données", "{count} erreurs dans les données", outcome.error_count
    ).format(count=fmt.number(outcome.error_count))
    count = quarantined_rows(paths.clean)
    rows = ngettext("{count} ligne en quarantaine", "{count} lignes en quarantaine", count).format(
        count=fmt.number(count)
    )
    if outcome.stopped_after_validation:
        return _("Aucun rapport construit (--strict) : {errors}, {rows}").format(errors=errors, rows=rows)
    if outcome.error_count or count:
        return _("Rapports construits dans {reports} : {errors}, {rows} (détail dans {page})").format(
            reports=paths.reports, errors=errors, rows=rows, page=paths.reports / sitemap.DATA_QUALITY
        )
    return _("Rapports construits dans {reports} : {errors}, {rows}").format(
        reports=paths.reports, errors=errors, rows=rows
    )


def quarantined_rows(clean: Path) -> int:
    """The raw rows the clean step put in quarantine, every table together (0 before any clean)."""
    try:
        with (clean / ACCOUNTING).open(encoding="utf-8", newline="") as handle:
            return sum(int(row["quarantined_rows"]) for row in csv.DictReader(handle))
    except FileNotFoundError:
        return 0
