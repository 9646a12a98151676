"""What every command shares: exit codes, the folder and file options, and how their defaults
come from the programme's configuration."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from toolkit.model.paths import DEFAULT_CLEAN, DEFAULT_CONFIG, DEFAULT_NARRATIVE, DEFAULT_RAW, DEFAULT_REPORTS

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE, EXIT_REPORTS_FAILED = 0, 1, 2, 3

# Files the data commands write into the reports folder unless told otherwise.
WORKBOOK_NAME, IATI_NAME, PDF_NAME = "donnees-propres.xlsx", "activites-iati.xml", "rapport-evaluation.pdf"


# Folder options default to what the programme's configuration names ([data]), and to these
# when it names nothing: the option is left None here and filled in by ``fill_folders``.
def add_folder(parser: argparse.ArgumentParser, name: str, default: Path, what: str) -> None:
    parser.add_argument(
        f"--{name}",
        type=Path,
        metavar="DOSSIER",
        help=f"{what} (par défaut : celui de la configuration, sinon {default})",
    )


def add_raw(parser: argparse.ArgumentParser) -> None:
    add_folder(parser, "raw", DEFAULT_RAW, "dossier des données brutes")


def add_clean(parser: argparse.ArgumentParser) -> None:
    add_folder(parser, "clean", DEFAULT_CLEAN, "dossier des données propres")


def add_reports(parser: argparse.ArgumentParser, what: str = "dossier des rapports") -> None:
    add_folder(parser, "reports", DEFAULT_REPORTS, what)


def add_narrative(parser: argparse.ArgumentParser) -> None:
    add_folder(parser, "narrative", DEFAULT_NARRATIVE, "textes de l'évaluateur")


def output_file(text: str) -> Path:
    """A file to write: refused at once when it cannot name one, rather than after the work."""
    if not text.strip():
        raise argparse.ArgumentTypeError("un chemin de fichier est attendu, pas une valeur vide")
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"« {text} » désigne un dossier ; donner le chemin d'un fichier")
    return Path(text)


def add_output(parser: argparse.ArgumentParser, name: str, what: str) -> None:
    parser.add_argument(
        "--out", type=output_file, metavar="FICHIER", help=f"{what} (par défaut : {name} dans le dossier des rapports)"
    )


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        metavar="FICHIER",
        help="configuration du programme (par défaut : %(default)s)",
    )


def fill_folders(arguments: argparse.Namespace, folders: object) -> None:
    """Each folder option the command has and the user left out takes the configuration's folder."""
    for name, folder in vars(folders).items():
        if getattr(arguments, name, False) is None:
            setattr(arguments, name, folder)


def data_exit(error_count: int) -> int:
    return EXIT_DATA_ERRORS if error_count else EXIT_OK
