"""``export-iati``: the clean data as IATI 2.03 activity XML, checked against the official schema."""

from __future__ import annotations

import argparse

from toolkit.cli.options import IATI_NAME, add_clean, add_config, add_output, data_exit
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_clean(parser)
    add_config(parser)
    add_output(parser, IATI_NAME, "le fichier XML")
    parser.add_argument(
        "--reporting-org-ref", default="", metavar="ID", help="l'identifiant IATI de l'organisation qui publie"
    )


def run(arguments: argparse.Namespace, config: Config) -> int:
    from toolkit.interop.iati_export import export_iati, schema_errors
    from toolkit.model.outputs import write_bytes_atomic

    out = arguments.out or config.folders.reports / IATI_NAME
    xml = export_iati(arguments.clean, config, arguments.reporting_org_ref)
    write_bytes_atomic(out, xml)
    errors = schema_errors(xml)
    for error in errors:
        print(f"schéma IATI 2.03 : {error}")
    print(f"Fichier d'activités IATI écrit dans {out}" + (f" ({len(errors)} erreur(s) de schéma)" if errors else ""))
    return data_exit(len(errors))
