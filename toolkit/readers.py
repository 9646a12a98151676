"""Read a raw table the way it comes: CSV from any spreadsheet, keeping spreadsheet row numbers.

Everything is read as text; typing is the converter's job, so that a bad cell becomes a
finding on its row instead of a failure of the whole file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.errors import InputFileError
from toolkit.findings import ERROR, WARNING, Finding
from toolkit.schema import Table

ROW = "_row"  # spreadsheet row number of each record (the header is row 1)


@dataclass
class RawTable:
    table: Table
    file: str  # as shown to the user: the file name inside the raw folder
    frame: pd.DataFrame  # one column per schema column (text, "" when empty) plus ROW
    findings: list[Finding] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def row_count(self) -> int:
        return len(self.frame)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding Excel uses on French Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(header_line: str) -> str:
    """``;`` (French Excel) or ``,``: whichever splits the header into more columns."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _normalise_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def read_table(path: Path, table: Table) -> RawTable:
    """Read ``path`` as ``table``; problems with the file or its header become findings.

    Raises InputFileError only when there is no table at all to read (missing file, not text).
    """
    file = path.name
    if not path.is_file():
        raise InputFileError(f"the raw table '{table.name}' is missing: expected a file {file}", file=str(path))
    text = decode(path.read_bytes())
    if "\x00" in text:
        raise InputFileError(f"{file} is not a text (CSV) file", file=file)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    findings: list[Finding] = []

    def file_finding(rule: str, message: str, column: str = "", value: str = "", severity: str = ERROR) -> None:
        findings.append(Finding(file, None, column, value, rule, severity, message, table.name))

    empty = pd.DataFrame({name: pd.Series(dtype="str") for name in table.raw_names} | {ROW: pd.Series(dtype="int64")})
    if not header_line:
        file_finding("file.empty", "the file is empty: it needs a header row and one row per record")
        return RawTable(table, file, empty, findings)

    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line)))
    header_index = next(i for i, record in enumerate(records) if any(cell.strip() for cell in record))
    header = [_normalise_header(name) for name in records[header_index]]

    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        if not name:
            continue
        if name in positions:
            file_finding("columns.duplicated", f"column '{name}' appears twice; only the first is read", name, name)
        elif name not in table.raw_names:
            file_finding(
                "columns.unexpected",
                f"column '{name}' is not part of the '{table.name}' table and is ignored",
                name,
                name,
                WARNING,
            )
        else:
            positions[name] = position
    for column in table.columns:
        if column.name not in positions:
            severity = ERROR if column.required else WARNING
            file_finding(
                "columns.missing",
                f"column '{column.name}' is missing from the header; add it (it is read as empty)",
                column.name,
                severity=severity,
            )

    rows: list[dict[str, object]] = []
    blank_rows = 0
    # Each CSV record is one spreadsheet row, even when a quoted cell spans several lines.
    for number, record in enumerate(records[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in record):
            blank_rows += 1
            continue
        row: dict[str, object] = {
            name: record[position].strip() if position < len(record) else "" for name, position in positions.items()
        }
        for column in table.columns:
            row.setdefault(column.name, "")
        row[ROW] = number
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            extra = "; ".join(cell for cell in record[len(header) :] if cell.strip())
            findings.append(
                Finding(
                    file,
                    number,
                    "",
                    extra,
                    "row.extra_cells",
                    ERROR,
                    "the row has more cells than the header has columns: a delimiter inside a value may need quotes",
                    table.name,
                )
            )
        rows.append(row)

    if not rows:
        if not table.may_be_empty:
            file_finding("file.no_rows", "the file has a header but no data rows", severity=WARNING)
        return RawTable(table, file, empty, findings, blank_rows)
    frame = pd.DataFrame(rows, columns=[*table.raw_names, ROW])
    frame[ROW] = frame[ROW].astype("int64")
    return RawTable(table, file, frame, findings, blank_rows)
