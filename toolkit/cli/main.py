"""Command line: ``python -m toolkit <command>``, and the installed ``evaluation-toolkit``.

Thin: each command is a module of ``toolkit.cli.commands`` that parses its options, calls the
library and prints; this module builds the parser from them, dispatches, and maps errors to
exit codes. Exit codes: 0 done and the data is clean; 1 done but the data holds error findings;
2 usage or environment error; 3 done but some reports could not be produced; 130 interrupted
(Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP (128 + the signal's number, as a shell says it).

SIGTERM and SIGHUP stop a command as Ctrl-C does: while it runs, their handler raises
``Interrupted`` (a ``KeyboardInterrupt``) in the main thread, so a build stops its pages, removes
its staging folder and leaves the previous reports, and any other command stops with a line
rather than a traceback. A signal that was ignored when the command started stays ignored
(``nohup`` keeps a build running after its terminal closes).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from toolkit import __version__
from toolkit.cli.commands import COMMANDS
from toolkit.cli.french import FrenchParser
from toolkit.cli.options import EXIT_OK, EXIT_USAGE, fill_folders
from toolkit.cli.system_errors import describe
from toolkit.model.errors import BuildInterrupted, Interrupted, ToolkitError

BY_NAME = {command.name: command.module for command in COMMANDS}


def parser() -> argparse.ArgumentParser:
    main_parser = FrenchParser(
        prog="python -m toolkit",
        description="Valider et nettoyer les données d'un programme, puis construire les rapports d'évaluation.",
        epilog="Codes de sortie : 0 données propres, 1 les données contiennent des erreurs, 2 erreur d'usage ou "
        "d'environnement, 3 des pages n'ont pas pu être construites, 130 interrompu (Ctrl-C), 143 arrêté par "
        "SIGTERM, 129 par SIGHUP.",
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


STOPPING = (signal.SIGTERM, signal.SIGHUP)


def _stop(number: int, _frame) -> None:
    # The stop is under way: a second signal must not interrupt it halfway (staging half removed).
    for each in (signal.SIGINT, *STOPPING):
        signal.signal(each, signal.SIG_IGN)
    raise Interrupted(number)


@contextmanager
def signals_stop_the_command() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Interrupted`` while the command runs; the handlers are put back
    after (a test runs many commands in one process). Only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.getsignal(number) for number in (signal.SIGINT, *STOPPING)}
    for number in STOPPING:
        if before[number] == signal.SIG_DFL:
            signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _say(line: str) -> None:
    with suppress(OSError):  # SIGHUP: the terminal is gone, and the exit code says it all
        print(line, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    # Started with its output closed (`>&-`), Python has no sys.stdout: the lines go nowhere
    # rather than into an AttributeError.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process's life
    arguments = parser().parse_args(argv)
    try:
        with signals_stop_the_command():
            return run(arguments)
    except ToolkitError as error:
        # The message says what to do; the data it carries is for code (a test, the build's findings).
        _say(f"erreur : {error.message}")
        return error.exit_code
    except Interrupted as interruption:
        # SIGTERM or SIGHUP outside a build's pages.
        _say(f"interrompu par {interruption.name}")
        return interruption.exit_code
    except KeyboardInterrupt:
        # Ctrl-C outside a build's pages (a build stops its pages itself and raises BuildInterrupted).
        _say("interrompu")
        return BuildInterrupted.exit_code
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, as command-line tools do.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        # The machine's fault, not the data's: a folder that cannot be written, a file in a
        # folder's place. Its path and what to do, never a traceback.
        _say(f"erreur : {describe(error)}")
        return EXIT_USAGE
