"""``clean``: write the clean tables, the quarantine, the findings and the derived results."""

from __future__ import annotations

import argparse

from toolkit.cli.options import add_clean, add_config, add_narrative, add_raw, data_exit
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_raw(parser)
    add_clean(parser)
    add_narrative(parser)
    add_config(parser)


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.model.findings import finding_lines
    from toolkit.model.outputs import writable_folder
    from toolkit.results.derive import run_clean

    writable_folder(arguments.clean)
    result = run_clean(arguments.raw, arguments.clean, config, arguments.narrative)
    for line in [*result.accounting_lines(), *finding_lines(result.findings)]:
        print(line)
    print(f"Tables propres, quarantaine et constats écrits dans {arguments.clean}")
    return data_exit(result.error_count)
