"""The clean data as one Excel workbook for the programme team: a sheet per table, the findings
and the quarantined rows, and a first sheet that says what each of the others holds.

Numbers stay numbers (so that the team can add up and filter), codes and dates stay text.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from toolkit.model.live_text import is_live
from toolkit.model.outputs import write_bytes_atomic
from toolkit.results.portfolio import TABLES, load, quarantined

CONTENTS_SHEET = "sommaire"
DESCRIPTIONS_FR = {
    "documents": "documents sources cités par les références",
    "acronyms": "sigles et acronymes des documents",
    "context": "faits de contexte du programme, chacun avec sa source",
    "members": "organisations membres",
    "operations": "opérations, montants dans leur devise et dans la devise du rapport",
    "participants": "organisations de chaque opération et leur rôle",
    "people": "publics visés, groupe par groupe, comme les fiches les comptent",
    "logframe": "objectif, résultats attendus et activités de chaque fiche",
    "phase2": "projets annoncés pour la phase suivante, listés à part",
    "sdgs": "objectifs de développement durable auxquels un document rattache une opération ou le programme",
    "claims": "chiffres publiés et leur vérification",
    "discrepancies": "passages des documents qui se contredisent, côte à côte",
    "indicators": "indicateurs du cadre de résultats",
    "observations": "valeurs de référence, cibles et réalisations",
    "questions": "questions de la matrice d'évaluation",
    "matrix_indicators": "indicateurs de la matrice d'évaluation, question par question",
    "evidence": "passages des documents rattachés aux questions",
    "ratings": "appréciations de l'évaluateur",
    "achievement": "taux de réalisation calculés (cible et réalisation d'une même période)",
    "conversions": "montants convertis dans la devise du rapport : taux, date et source de chacun",
    "findings": "problèmes relevés dans les données brutes : fichier, ligne, colonne, valeur, règle",
    "accounting": "comptabilité des lignes : brutes = propres + en quarantaine",
}


def _cell(sheet, value: object) -> object:
    """What openpyxl should write: None for a missing value, plain Python numbers and text; text a
    spreadsheet would run as a formula (``=HYPERLINK(…)`` typed as a title) as a text cell, which
    openpyxl would otherwise write as a live formula."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if is_live(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _sheets(clean_dir: Path) -> list[tuple[str, str, pd.DataFrame]]:
    portfolio = load(clean_dir)
    sheets = [(name, DESCRIPTIONS_FR[name], getattr(portfolio, name)) for name in TABLES]
    for name in TABLES:
        rows = quarantined(clean_dir, name)
        if not rows.empty:
            sheets.append((f"quarantaine-{name}", f"lignes de {name} écartées, avec leurs raisons", rows))
    return sheets


def write_workbook(clean_dir: Path, out: Path) -> dict[str, int]:
    """Write the workbook to ``out`` (atomically); returns the rows written per sheet."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheets = _sheets(Path(clean_dir))
    # Write-only: memory stays flat whatever the size of the portfolio.
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, names: list[str]) -> list[WriteOnlyCell]:
        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.data_type = "s"  # a raw file's own column name, quarantined with its row, is text too
            cell.font = bold
            cells.append(cell)
        return cells

    contents = workbook.create_sheet(CONTENTS_SHEET)
    contents.append(header(contents, ["feuille", "contenu", "lignes"]))
    for name, description, frame in sheets:
        contents.append([name, description, len(frame)])
    written = {}
    for name, _, frame in sheets:
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"  # the header stays in view while scrolling
        sheet.append(header(sheet, [str(column) for column in frame.columns]))
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, value) for value in row])
        written[name] = len(frame)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes_atomic(Path(out), buffer.getvalue())
    return written
