"""Cells that hold several values: read leniently, written in the two spellings the clean data use."""

import pandas as pd
import pytest

from toolkit.ingest.convert import CONVERTERS
from toolkit.ingest.parse import canonical_dimensions
from toolkit.model import schema
from toolkit.model.cells import join_codes, join_values, split_values


@pytest.mark.parametrize(
    ("cell", "values"),
    [
        (" a ;b; ", ["a", "b"]),
        ("MAR;EGY", ["MAR", "EGY"]),
        ("cinéma; jeunesse", ["cinéma", "jeunesse"]),
        (";;", []),
        ("", []),
        ("a, b", ["a, b"]),  # a comma is part of a value unless the reader allows it as a separator
    ],
)
def test_split_values_strips_and_drops_empty_values(cell, values):
    assert split_values(cell) == values


@pytest.mark.parametrize("cell", [None, float("nan"), pd.NA])
def test_a_missing_cell_has_no_values(cell):
    assert split_values(cell) == []


def test_commas_separate_values_only_when_asked():
    assert split_values("8.6, 5 ;7", commas=True) == ["8.6", "5", "7"]


def test_the_two_written_spellings_read_back_the_same_values():
    values = ["MAR", "EGY", "SEN"]
    assert join_codes(values) == "MAR;EGY;SEN"
    assert join_values(values) == "MAR; EGY; SEN"
    assert split_values(join_codes(values)) == split_values(join_values(values)) == values


def _convert(table: str, column: str, raw: str) -> object:
    declared = schema.table(table).column(column)
    return CONVERTERS[declared.kind](declared, raw).values[declared.target]


def test_the_clean_data_keep_their_spellings():
    # Countries and disaggregations are written without a space, labels and SDG codes with one.
    assert _convert("operations", "countries", "Maroc, Egypte") == "MAR;EGY"
    assert _convert("indicators", "sdg", "ODD 8.6, 5 ;") == "8.6; 5"
    assert _convert("operations", "themes", " jeunesse ;culture") == "jeunesse; culture"
    assert canonical_dimensions("sexe = femmes ; année=2015") == "sexe=femmes;année=2015"
