"""``pdf``: the built programme report printed to one PDF for a board."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli.options import EXIT_OK, PDF_NAME, add_config, add_output, add_reports
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_reports(parser, "dossier des rapports construits")
    add_config(parser)
    add_output(parser, PDF_NAME, "le PDF")
    parser.add_argument(
        "--chromium",
        type=Path,
        metavar="FICHIER",
        help="le Chromium qui imprime (par défaut : chromium trouvé dans le PATH)",
    )


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.build.pdf import Cover, print_report

    out = arguments.out or arguments.reports / PDF_NAME
    lines = [config.period]
    if config.evaluator:
        lines.append(f"Évaluateur : {config.evaluator}")
    if config.evaluation_date:
        lines.append(f"Date de l'évaluation : {config.evaluation_date}")
    cover = Cover(config.name, config.short_name, config.organisation, tuple(line for line in lines if line))
    summary = print_report(arguments.reports, out, cover, chromium_path=arguments.chromium)
    for url in summary.blocked:
        print(f"avertissement : le rapport a demandé {url} ; refusé, il se lit hors ligne")
    for item in summary.too_wide:
        print(f"avertissement : plus large que la page, coupé dans le PDF : {item}")
    print(
        f"PDF écrit dans {out} : {summary.pages} pages, {summary.size / 1_000_000:.1f} Mo, "
        f"{len(summary.sections)} sections au sommaire (depuis {', '.join(summary.printed)})"
    )
    return EXIT_OK
