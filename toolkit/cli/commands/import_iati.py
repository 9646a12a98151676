"""``import-iati``: an IATI activity file turned into the raw tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli.options import add_config, data_exit
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FICHIER.xml", help="le fichier d'activités IATI")
    parser.add_argument("--out", type=Path, required=True, metavar="DOSSIER", help="dossier des tables brutes")
    add_config(parser)


def run(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.interop.iati_import import import_iati
    from toolkit.model.findings import ERROR, finding_lines

    result = import_iati(arguments.file, arguments.out)
    print(", ".join(f"{name} : {count}" for name, count in result.rows.items() if count))
    for line in finding_lines(result.findings):
        print(line)
    errors = sum(finding.severity == ERROR for finding in result.findings)
    print(
        f"Tables brutes écrites dans {arguments.out} ({errors} erreur(s), "
        f"{len(result.findings) - errors} avertissement(s))"
    )
    return data_exit(errors)
