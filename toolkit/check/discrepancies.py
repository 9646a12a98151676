"""The operations a pair of disagreeing passages concerns: each must be an operation of the programme.

The column lists several operation ids (``cag44-jeunes-ruraux; gret-femmes-migrantes``), which a
suite's reference check, one value per cell, cannot read; each id is checked here, against every id
operations.csv defines, like the references of the suites.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from toolkit.ingest.readers import ROW, RawTable
from toolkit.model import rules
from toolkit.model.cells import split_values
from toolkit.model.findings import ERROR, Finding

OPERATIONS = "operations"


def concerned(cell: object) -> list[str]:
    """The operation ids of an ``operations`` cell, in order; none for the programme as a whole."""
    return split_values(cell)


def check_concerned_operations(raw: RawTable, typed: pd.DataFrame, operation_ids: Iterable[str]) -> list[Finding]:
    """An error for each row naming an operation that operations.csv does not define."""
    known = set(operation_ids)
    findings = []
    if OPERATIONS not in typed:
        return findings
    for row, cell in zip(typed[ROW], typed[OPERATIONS], strict=True):
        unknown = [operation for operation in concerned(cell) if operation not in known]
        if unknown:
            findings.append(
                Finding(
                    raw.file,
                    int(row),
                    OPERATIONS,
                    str(cell),
                    rules.REFERENCE.id,
                    ERROR,
                    rules.REFERENCE.say(table="operations", key="operation_id"),
                    raw.table.name,
                )
            )
    return findings
