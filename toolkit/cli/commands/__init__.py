"""The commands: what ``--help`` says of each, in the order it lists them, and the module that
does the work (``add_arguments(parser)``, an optional ``check(arguments, parser)``, and
``run(arguments, config) -> exit code``: it parses, calls the library and prints).

The French words of the command line's menu live here, in one table; a new command is one
module and one line of it."""

from __future__ import annotations

from types import ModuleType
from typing import NamedTuple

from toolkit.cli.commands import (
    build,
    clean,
    data_dictionary,
    evaluator_templates,
    export_iati,
    import_iati,
    import_qdpx,
    pdf,
    validate,
    workbook,
)


class Command(NamedTuple):
    name: str
    module: ModuleType
    help: str
    description: str


COMMANDS = (
    Command(
        "build",
        build,
        "valider, nettoyer et construire tous les rapports",
        "Valide et nettoie les données brutes, exécute un notebook par opération et celui du programme, "
        "et les exporte en HTML ; seules les pages dont les entrées ont changé sont exécutées à nouveau.",
    ),
    Command(
        "validate",
        validate,
        "vérifier les données brutes et lister les constats",
        "Vérifie les données brutes selon le schéma et affiche chaque constat ; n'écrit rien.",
    ),
    Command(
        "clean",
        clean,
        "écrire les tables propres, la quarantaine et les constats",
        "Valide les données brutes et écrit les tables propres, les lignes en quarantaine et findings.csv.",
    ),
    Command(
        "workbook",
        workbook,
        "écrire les tables propres et les constats dans un classeur Excel",
        "Écrit les tables propres, les constats et les lignes en quarantaine dans un classeur, une "
        "feuille chacun (lancer `clean` ou `build` d'abord).",
    ),
    Command(
        "import-iati",
        import_iati,
        "transformer un fichier d'activités IATI en tables brutes",
        "Reporte les activités, organisations, résultats et indicateurs d'un fichier d'activités IATI "
        "(2.0x ou 1.0x) dans les tables brutes ; chaque défaut du fichier devient un constat.",
    ),
    Command(
        "import-qdpx",
        import_qdpx,
        "importer les entretiens codés d'un projet REFI-QDA (.qdpx) comme notes et passages",
        "Écrit chaque texte d'un projet REFI-QDA (NVivo, MAXQDA, ATLAS.ti, QualCoder, Taguette) comme un "
        "entretien dans documents.csv, et chaque segment codé comme un passage d'evidence.csv, sous la question "
        "et l'opération que nomment ses codes (table qdpx_codes.csv pour les autres codes). Relancer la commande "
        "remplace les lignes du projet et garde les autres.",
    ),
    Command(
        "export-iati",
        export_iati,
        "écrire les données propres en XML d'activités IATI 2.03, vérifié par le schéma officiel",
        "Écrit une activité IATI par opération, avec ses résultats, et vérifie le fichier avec le schéma "
        "IATI 2.03 (lancer `clean` ou `build` d'abord).",
    ),
    Command(
        "pdf",
        pdf,
        "imprimer le rapport du programme en un PDF pour un conseil (Chromium sans interface)",
        "Imprime le rapport construit (index.html, puis ses annexes) en un PDF A4 : couverture, sommaire "
        "avec numéros de page, en-tête courant et numéros de page, sans navigation (lancer `build` "
        "d'abord).",
    ),
    Command(
        "evaluator-templates",
        evaluator_templates,
        "écrire les fichiers de l'évaluateur : textes avec leurs titres et consignes, grille des appréciations",
        "Écrit chaque fichier de texte que lisent les rapports (titres et consignes en commentaires) et "
        "ajoute à ratings.csv une ligne vide par critère et opération, et par critère pour le programme. "
        "Rien de ce qui existe n'est écrasé.",
    ),
    Command(
        "data-dictionary",
        data_dictionary,
        "afficher le dictionnaire des données tiré du schéma (Markdown)",
        "Affiche le dictionnaire des données : chaque table brute, ses colonnes et leurs règles.",
    ),
)
