"""argparse in French: its headings, its help option and the errors it writes itself.

Python ships no French catalogue for argparse, and its words reach the same terminal as the
toolkit's French messages. The parser class below is the one every command's parser is made
of (``add_subparsers`` makes its sub-parsers of the same class).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's own error messages (Python 3.11), in the order they are tried.
_ERRORS = (
    (r"^the following arguments are required: (.*)$", r"arguments obligatoires manquants : \1"),
    (r"^unrecognized arguments: (.*)$", r"arguments non reconnus : \1"),
    (
        r"^argument (.+?): invalid choice: (.+) \(choose from (.*)\)$",
        r"argument \1 : choix invalide \2 (choisir parmi \3)",
    ),
    (r"^argument (.+?): invalid int value: (.*)$", r"argument \1 : valeur invalide \2 (un nombre entier est attendu)"),
    (r"^argument (.+?): invalid float value: (.*)$", r"argument \1 : valeur invalide \2 (un nombre est attendu)"),
    (r"^argument (.+?): invalid (\w+) value: (.*)$", r"argument \1 : valeur invalide \3"),
    (r"^argument (.+?): expected one argument$", r"argument \1 : une valeur est attendue"),
    (r"^argument (.+?): expected at least one argument$", r"argument \1 : au moins une valeur est attendue"),
    (r"^argument (.+?): ignored explicit argument (.*)$", r"argument \1 : valeur \2 ignorée"),
    (r"^argument (.+?): not allowed with argument (.*)$", r"argument \1 : incompatible avec \2"),
    (r"^ambiguous option: (.+?) could match (.*)$", r"option ambiguë : \1 peut désigner \2"),
    # An option's own type refused the value (options.output_file): its reason is already French.
    (r"^argument (.+?): (.*)$", r"argument \1 : \2"),
)


def translate(message: str) -> str:
    """An argparse error in French; a message it does not know (the commands' own, already
    French) is left as it is."""
    for pattern, french in _ERRORS:
        if re.match(pattern, message):
            return re.sub(pattern, french, message)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="afficher cette aide et quitter"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")
