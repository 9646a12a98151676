"""``validate``: check the raw data and list every finding; nothing is written."""

from __future__ import annotations

import argparse

from toolkit.cli.options import add_config, add_raw, data_exit
from toolkit.model.config import Config

NAME = "validate"
HELP = "vérifier les données brutes et lister les constats"
DESCRIPTION = "Vérifie les données brutes selon le schéma et affiche chaque constat ; n'écrit rien."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_raw(parser)
    add_config(parser)


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.clean.tables import clean_tables
    from toolkit.model.findings import finding_lines

    result = clean_tables(arguments.raw, config)
    for line in [*result.accounting_lines(), *finding_lines(result.findings, limit=10_000)]:
        print(line)
    return data_exit(result.error_count)
