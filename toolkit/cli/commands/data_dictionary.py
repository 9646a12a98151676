"""``data-dictionary``: the data dictionary generated from the schema, printed or written."""

from __future__ import annotations

import argparse

from toolkit.cli.options import EXIT_OK, add_config, output_file
from toolkit.model.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=output_file, metavar="FICHIER", help="l'écrire dans FICHIER au lieu de l'afficher"
    )
    add_config(parser)


def run(arguments: argparse.Namespace, _config: Config) -> int:
    from toolkit.interop.dictionary import data_dictionary
    from toolkit.model.outputs import write_text_atomic

    text = data_dictionary()
    if arguments.out:
        write_text_atomic(arguments.out, text)
    else:
        print(text, end="")
    return EXIT_OK
