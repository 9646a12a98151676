"""The codes of a REFI-QDA project mapped to the evaluation's questions and operations.

A code named as a question of ``questions.csv`` (``q-efficacite-1``) maps to that question, one
named as an operation of ``operations.csv`` (or ``programme``) to that operation: the names are
compared without case or surrounding spaces. Any other code maps through the mapping table
``<raw>/qdpx_codes.csv``, which the import writes beside the raw data with one row per code
(its guid, its path in the codebook, its number of coded segments) and two columns for the
evaluator to fill: ``question_id`` and ``operation_id`` (several ids joined by ``;``). A filled cell
wins over the code's name. A code that maps to nothing of its own takes its parent's targets, so a
codebook may file its themes under a code named after a question.

The table is the import's own file, not a table of the schema: the build never reads it, and
the ids it holds are checked here, against the same two tables, when a project is imported. The
rows of codes that are not in the project being imported (another project's) are kept as they are.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.interop.qdpx_read import Code
from toolkit.model.cells import split_values
from toolkit.model.outputs import write_text_atomic
from toolkit.model.schema import PROGRAMME_ID

MAPPING_FILE = "qdpx_codes.csv"
COLUMNS = ("code_guid", "code", "segments", "question_id", "operation_id")
TARGETS = ("question_id", "operation_id")


@dataclass(frozen=True)
class Targets:
    questions: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.questions or self.operations)


@dataclass(frozen=True)
class UnknownId:
    """An id of the mapping table that is not a question or an operation of the raw data."""

    code: str
    column: str
    value: str


@dataclass
class Mapping:
    """The mapping table as read, and the targets of each code of one project."""

    rows: dict[str, dict[str, str]]  # code guid -> row of the table, in its order
    targets: dict[str, Targets] = field(default_factory=dict)
    unknown: list[UnknownId] = field(default_factory=list)


def read_mapping(raw: Path) -> dict[str, dict[str, str]]:
    """The rows of the mapping table by code guid ({} when there is none yet)."""
    path = raw / MAPPING_FILE
    if not path.is_file():
        return {}
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    delimiter = ";" if lines and lines[0].count(";") >= lines[0].count(",") else ","
    rows = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=delimiter):
        guid = (row.get("code_guid") or "").strip()
        if guid:
            rows[guid] = {column: (row.get(column) or "").strip() for column in COLUMNS}
    return rows


def map_codes(
    codes: dict[str, Code], rows: dict[str, dict[str, str]], question_ids: set[str], operation_ids: set[str]
) -> Mapping:
    """Each code's questions and operations: its own (table, else name), else its parent's."""
    mapping = Mapping(rows)
    known = {"question_id": question_ids, "operation_id": operation_ids | {PROGRAMME_ID}}
    by_name = {identifier.casefold(): (column, identifier) for column, ids in known.items() for identifier in ids}
    own: dict[str, dict[str, tuple[str, ...]]] = {}
    for guid, code in codes.items():
        row = rows.get(guid, {})
        chosen: dict[str, tuple[str, ...]] = {}
        for column in TARGETS:
            values = tuple(split_values(row.get(column, "")))
            for value in values:
                if value not in known[column]:
                    mapping.unknown.append(UnknownId(code.label, column, value))
            chosen[column] = tuple(value for value in values if value in known[column])
        if not any(chosen.values()) and (code.name or "").strip().casefold() in by_name:
            column, identifier = by_name[code.name.strip().casefold()]
            chosen[column] = (identifier,)
        own[guid] = chosen
    for guid in codes:
        mapping.targets[guid] = Targets(
            _inherited(guid, "question_id", codes, own), _inherited(guid, "operation_id", codes, own)
        )
    return mapping


def _inherited(
    guid: str, column: str, codes: dict[str, Code], own: dict[str, dict[str, tuple[str, ...]]]
) -> tuple[str, ...]:
    seen = set()
    while guid is not None and guid not in seen:
        seen.add(guid)
        if own[guid][column]:
            return own[guid][column]
        guid = codes[guid].parent
    return ()


def write_mapping(raw: Path, mapping: Mapping, codes: dict[str, Code], segments: dict[str, int]) -> Path:
    """The table again: this project's codes with their current path and count, the evaluator's
    targets kept; other projects' rows as they were."""
    rows = dict(mapping.rows)
    for guid, code in codes.items():
        previous = rows.get(guid, {})
        rows[guid] = {
            "code_guid": guid,
            "code": code.label,
            "segments": str(segments.get(guid, 0)),
            **{column: previous.get(column, "") for column in TARGETS},
        }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows.values())
    path = raw / MAPPING_FILE
    write_text_atomic(path, buffer.getvalue())
    return path
