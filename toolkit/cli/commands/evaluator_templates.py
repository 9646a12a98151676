"""``evaluator-templates``: the evaluator's files, written once with their headings and guidance."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli.options import EXIT_OK, EXIT_USAGE, add_config, add_narrative, add_raw
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_raw(parser)
    add_narrative(parser)
    add_config(parser)


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.clean.tables import clean_tables
    from toolkit.report.evaluator_files import write_templates

    if not Path(arguments.raw).is_dir():
        print(
            f"{arguments.raw} n'est pas un dossier de fichiers CSV : ajouter à la main les lignes "
            "d'appréciation dans sa feuille ratings"
        )
        return EXIT_USAGE
    tables = clean_tables(arguments.raw, config)
    written = write_templates(
        Path(arguments.narrative),
        Path(arguments.raw),
        list(tables.clean("operations")["operation_id"]),
        tables.clean("questions"),
        tables.clean("evidence"),
    )
    for path in written.created:
        print(f"  écrit : {path}")
    print(
        f"Fichiers de l'évaluateur dans {arguments.narrative} : {len(written.created)} écrits, "
        f"{len(written.kept)} déjà présents (laissés tels quels) ; {written.ratings_added} lignes ajoutées à "
        f"{Path(arguments.raw) / 'ratings.csv'}"
    )
    return EXIT_OK
