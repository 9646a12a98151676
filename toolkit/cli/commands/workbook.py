"""``workbook``: the clean tables, findings and quarantine as one Excel workbook."""

from __future__ import annotations

import argparse

from toolkit.cli.options import EXIT_OK, WORKBOOK_NAME, add_clean, add_config, add_output
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_clean(parser)
    add_config(parser)
    add_output(parser, WORKBOOK_NAME, "le classeur")


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.interop.workbook import write_workbook

    out = arguments.out or config.folders.reports / WORKBOOK_NAME
    sheets = write_workbook(arguments.clean, out)
    print(f"Classeur écrit dans {out} : {len(sheets)} feuilles, {sum(sheets.values())} lignes")
    return EXIT_OK
