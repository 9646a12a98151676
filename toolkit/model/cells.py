"""Cells that hold several values ("MAR;EGY", "cinéma; jeunesse"): read and written here only.

Reading is lenient: values are separated by ";", with or without spaces around it, and empty
values are dropped, whoever typed the cell. Writing has two spellings, and both stay: the
toolkit has always written codes meant for machines without a space (country codes,
disaggregation pairs, which rules and pages key series on byte for byte) and values a reader
reads with one (labels, SDG codes), and the clean data must not change with this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.model.values import is_missing

SEPARATOR = ";"
CODES_SEPARATOR = ";"  # "MAR;EGY", "année=2015;sexe=femmes"
VALUES_SEPARATOR = "; "  # "cinéma; jeunesse", "8.6; 5"


def split_values(cell: object, *, commas: bool = False) -> list[str]:
    """The values of a multi-valued cell in order, each stripped, empty ones dropped; none for a
    missing cell. ``commas``: a comma separates values too, as a reader may type codes ("8.6, 5").
    A text is split as written, even "nan": only a cell that is not text can be missing here."""
    if not isinstance(cell, str):
        if is_missing(cell):
            return []
        cell = str(cell)
    if commas:
        cell = cell.replace(",", SEPARATOR)
    return [part.strip() for part in cell.split(SEPARATOR) if part.strip()]


def join_values(values: Iterable[str]) -> str:
    """Values a reader reads, as the clean data write them: "cinéma; jeunesse"."""
    return VALUES_SEPARATOR.join(values)


def join_codes(values: Iterable[str]) -> str:
    """Codes, as the clean data write them: "MAR;EGY"."""
    return CODES_SEPARATOR.join(values)
