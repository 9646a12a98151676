"""``validate``: check the raw data and list every finding; nothing is written."""

from __future__ import annotations

import argparse

from toolkit.cli.options import add_config, add_narrative, add_raw, data_exit
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_raw(parser)
    add_narrative(parser)
    add_config(parser)


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.clean.tables import clean_tables
    from toolkit.model.findings import finding_lines
    from toolkit.results.derive import check_texts

    result = check_texts(clean_tables(arguments.raw, config), config, arguments.narrative)
    for line in [*result.accounting_lines(), *finding_lines(result.findings, limit=10_000)]:
        print(line)
    return data_exit(result.error_count)
