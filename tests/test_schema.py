"""The schema is the single source of truth: the data dictionary and the code lists follow it."""

import re

import pytest

from tests.conftest import RAW
from toolkit.model import schema
from toolkit.model.codelists import codelist


def dictionary_rows() -> dict[tuple[str, str], str]:
    """(table, column) -> the dictionary's 'required' cell, read from data/raw/README.md."""
    rows, table = {}, None
    for line in (RAW / "README.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)\.csv", line)
        if heading:
            table = heading.group(1)
        elif table and line.startswith("| `"):
            cells = line.split("|")
            for name in re.findall(r"`([a-z_]+)`", cells[1]):
                rows[(table, name)] = cells[5].strip()
    return rows


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_dictionary_documents_every_column_as_the_schema_declares_it(table):
    rows = dictionary_rows()
    for column in table.columns:
        assert (table.name, column.name) in rows, f"{table.name}.{column.name} is not in data/raw/README.md"
        assert rows[(table.name, column.name)].startswith("yes" if column.required else "no"), (
            f"{table.name}.{column.name}"
        )


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_raw_files_have_the_schema_columns_in_order(table):
    header = (RAW / table.file).read_text(encoding="utf-8").splitlines()[0].split(";")
    assert tuple(header) == table.raw_names


def test_code_columns_map_onto_iati_codes():
    assert set(schema.ROLE_CODES.values()) == set(codelist("OrganisationRole"))
    assert schema.ROLE_CODES["porteur du projet"] == "2"
    assert schema.ROLE_CODES["implementing"] == "4"
    assert set(schema.LEVEL_CODES.values()) <= set(codelist("ResultType"))
    assert schema.MEASURE_CODES["qualitative"] == "5"


def test_keys_and_references_name_real_columns():
    for table in schema.TABLES:
        for name in table.key:
            table.column(name)
        for reference in table.references:
            table.column(reference.column)
            schema.table(reference.table).column(reference.key)


def test_a_table_placed_before_a_table_it_reads_is_refused():
    assert schema.order_problems(schema.TABLES) == []
    moved = (schema.EVIDENCE, *[table for table in schema.TABLES if table is not schema.EVIDENCE])
    problems = schema.order_problems(moved)
    assert "evidence reads documents, which comes after it" in problems
    assert "evidence reads operations, which comes after it" in problems
    late_operations = tuple(t for t in schema.TABLES if t is not schema.OPERATIONS) + (schema.OPERATIONS,)
    assert "discrepancies reads operations, which comes after it" in schema.order_problems(late_operations)
