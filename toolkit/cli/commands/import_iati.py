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
    from toolkit.interop.iati_settings import write_starting_config
    from toolkit.model.findings import ERROR, finding_lines

    result = import_iati(arguments.file, arguments.out)
    print(", ".join(f"{name} : {count}" for name, count in result.rows.items() if count))
    for line in finding_lines(result.findings):
        print(line)
    config, written = write_starting_config(arguments.out, result.settings)
    # The tables read as the build will read them, with the same rules and messages: an error
    # here is a row the build would set aside, so "0 erreur(s)" means it will set none aside.
    checked, set_aside = _as_the_build_reads(arguments.out, config)
    for line in finding_lines([finding for finding in checked if finding.severity == ERROR]):
        print(line)
    errors = sum(finding.severity == ERROR for finding in [*result.findings, *checked])
    warnings = sum(finding.severity != ERROR for finding in result.findings)
    print(
        f"Tables brutes écrites dans {arguments.out} ({errors} erreur(s), {warnings} avertissement(s)) ; "
        f"le build en écarterait {set_aside} ligne(s)"
    )
    if written:
        print(f"Configuration de départ écrite dans {config} : relire les noms et la période.")
    else:
        print(f"{config} existe déjà : gardée telle quelle.")
    print(f"Pour construire le rapport : python -m toolkit build --config {config}")
    return data_exit(errors)


def _as_the_build_reads(raw: Path, config_path: Path) -> tuple[list, int]:
    """The findings of validating and cleaning ``raw`` with the programme's configuration, and the
    rows that would be quarantined."""
    from toolkit.clean.tables import clean_tables
    from toolkit.model.config import load_config

    checked = clean_tables(raw, load_config(config_path))
    set_aside = sum(int(row["quarantined_rows"]) for row in checked.accounting.to_dict("records"))
    return checked.findings, set_aside
