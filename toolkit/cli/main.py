"""Command line: ``python -m toolkit <command>``, and the installed ``evaluation-toolkit``.

Thin: each command is a module of ``toolkit.cli.commands`` that parses its options, calls the
library and prints; this module builds the parser from them, dispatches, and maps errors to
exit codes. Exit codes: 0 done and the data is clean; 1 done but the data holds error findings;
2 usage or environment error; 3 done but some reports could not be produced; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from toolkit import __version__
from toolkit.cli.commands import COMMANDS
from toolkit.cli.french import FrenchParser
from toolkit.cli.options import EXIT_OK, EXIT_USAGE, fill_folders
from toolkit.cli.system_errors import describe
from toolkit.model.errors import BuildInterrupted, ToolkitError

BY_NAME = {command.name: command.module for command in COMMANDS}


def parser() -> argparse.ArgumentParser:
    main_parser = FrenchParser(
        prog="python -m toolkit",
        description="Valider et nettoyer les données d'un programme, puis construire les rapports d'évaluation.",
        epilog="Codes de sortie : 0 données propres, 1 les données contiennent des erreurs, 2 erreur d'usage ou "
        "d'environnement, 3 des pages n'ont pas pu être construites, 130 interrompu.",
    )
    main_parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="afficher la version et quitter"
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.description)
        command.module.add_arguments(sub)
        sub.set_defaults(command_parser=sub)  # a command's own checks report errors with its usage
    return main_parser


def run(arguments: argparse.Namespace) -> int:
    # Imported here: `build` with nothing changed must not pay for anything heavy.
    from toolkit.model import language
    from toolkit.model.config import load_config

    command = BY_NAME[arguments.command]
    if hasattr(command, "check"):
        command.check(arguments, arguments.command_parser)
    config = load_config(arguments.config)
    fill_folders(arguments, config.folders)
    # The findings and messages in the programme's language; the caller's restored after (a test
    # runs many commands in one process).
    with language.using(config.language):
        return command.run(arguments, config)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return run(arguments)
    except ToolkitError as error:
        print(f"erreur : {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        # Ctrl-C outside a build's pages (a build stops its pages itself and raises BuildInterrupted).
        print("interrompu", file=sys.stderr)
        return BuildInterrupted.exit_code
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, as command-line tools do.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        # The machine's fault, not the data's: a folder that cannot be written, a file in a
        # folder's place. Its path and what to do, never a traceback.
        print(f"erreur : {describe(error)}", file=sys.stderr)
        return EXIT_USAGE
