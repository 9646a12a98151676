"""Small XLSForms and answers written for the survey tests (a helper module, not a test file)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

SURVEY = [
    ("type", "name", "label::Français (fr)", "label::English (en)", "required", "relevant"),
    ("start", "start", "", "", "", ""),
    ("today", "today", "", "", "", ""),
    ("select_one projets", "projet", "Projet", "Project", "yes", ""),
    ("begin_group", "usage", "Usage", "", "", ""),
    ("select_one oui_non", "utilise", "Utilisez-vous l'ouvrage ?", "Do you use it?", "yes", ""),
    ("select_one echelle", "satisfaction", "Êtes-vous satisfait ?", "", "yes", "${utilise} = 'oui'"),
    ("select_multiple services", "services", "Pour quels usages ?", "", "", ""),
    ("end_group", "", "", "", "", ""),
    ("integer", "montant", "Montant", "", "", ""),
    ("decimal", "distance", "Distance (km)", "", "yes", "${utilise} = 'oui' and ${montant} > 0"),
    ("note", "merci", "Merci", "", "", ""),
    ("text", "commentaire", "Commentaire", "", "", ""),
]
CHOICES = [
    ("list_name", "name", "label::Français (fr)"),
    ("projets", "puits-kayes", "Puits"),
    ("projets", "latrines-thies", "Latrines"),
    ("oui_non", "oui", "Oui"),
    ("oui_non", "non", "Non"),
    *[("echelle", str(step), f"Niveau {step}") for step in range(1, 6)],
    ("echelle", "nsp", "Ne sait pas"),
    ("services", "boisson", "Boisson"),
    ("services", "lessive", "Lessive"),
]
HEADER = [
    "start",
    "today",
    "projet",
    "usage/utilise",
    "usage/satisfaction",
    "usage/services",
    "usage/services/boisson",
    "usage/services/lessive",
    "montant",
    "distance",
    "commentaire",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
]


def write_form(path: Path, survey=SURVEY, choices=CHOICES, title: str = "Enquête test") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    listed = workbook.create_sheet("choices")
    for row in choices:
        listed.append(row)
    workbook.create_sheet("settings").append(("form_title",))
    workbook["settings"].append((title,))
    workbook.save(path)
    return path


def answer(
    uuid: str,
    *,
    projet="puits-kayes",
    utilise="oui",
    satisfaction="4",
    services="boisson lessive",
    montant="500",
    distance="1,5",
    sent="2021-11-10T09:00:00",
) -> list[str]:
    ticked = services.split()
    return [
        "2021-11-10T08:00:00",
        sent[:10],
        projet,
        utilise,
        satisfaction,
        services,
        "1" if "boisson" in ticked else "0",
        "1" if "lessive" in ticked else "0",
        montant,
        distance,
        "un texte libre",
        "1",
        uuid,
        sent,
        "1",
    ]


def write_answers(path: Path, rows: list[list[str]], header=HEADER, delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
