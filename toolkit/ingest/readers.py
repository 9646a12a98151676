"""Read a raw table the way it comes: CSV from any spreadsheet, keeping spreadsheet row numbers.

Everything is read as text; typing is the converter's job, so that a bad cell becomes a
finding on its row instead of a failure of the whole file.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from toolkit.ingest.documents import inside, outside_finding
from toolkit.ingest.encoding import bad_byte_line, decode
from toolkit.model import rules
from toolkit.model.config import DEFAULT_MAX_WORKBOOK_MB
from toolkit.model.errors import InputFileError, InputTooLarge
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.language import _
from toolkit.model.schema import Table
from toolkit.text.fmt import plain_number

ROW = "_row"  # spreadsheet row number of each record (the header is row 1)
# Long quoted texts (evidence excerpts, comments) are legitimate: lift the csv module's 128 KiB cap.
csv.field_size_limit(2**31 - 1)


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


def sniff_delimiter(header_line: str) -> str:
    """``;`` (French Excel) or ``,``: whichever splits the header into more columns."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _normalise_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def locate(raw_dir: Path, table: Table) -> Path:
    """The raw file of ``table``: ``<name>.csv``, else ``<name>.xlsx`` (the CSV path when neither exists)."""
    for suffix in (".csv", ".xlsx"):
        candidate = raw_dir / f"{table.name}{suffix}"
        if candidate.is_file():
            return candidate
    return raw_dir / table.file


class Uncalculated(str):
    """A formula cell the workbook holds no calculated value for: empty as text, it keeps its
    formula so that the cell is reported rather than read as an empty one."""

    formula: str

    def __new__(cls, formula: str) -> Uncalculated:
        cell = super().__new__(cls, "")
        cell.formula = formula
        return cell


class SpreadsheetError(str):
    """A cell where the spreadsheet shows an error of its formula ("#DIV/0!"): empty as text, it keeps
    the error so that the cell is reported rather than read as data."""

    error: str

    def __new__(cls, error: str) -> SpreadsheetError:
        cell = super().__new__(cls, "")
        cell.error = error
        return cell


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees: 98525 -> '98525', a date -> '2015-03-01'."""
    if value is None:
        return ""
    if isinstance(value, Uncalculated | SpreadsheetError):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


MEGABYTE = 1024 * 1024
# Where the limit on a workbook's decompressed size is set, as its message names it.
WORKBOOK_LIMIT_SETTING = "[ingest] max_workbook_mb"


def check_workbook_size(path: Path, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB) -> None:
    """Refuse a workbook whose parts, decompressed, would exceed ``limit_mb`` megabytes.

    A workbook is a zip, and a few kilobytes of it can declare gigabytes. The sizes its directory
    declares are enough to go by: Python's zipfile, which openpyxl reads through, stops a part at
    its declared size and checks its CRC there, so a part that declares less than it holds reads
    as a broken workbook, never as more data. Raises InputTooLarge (exit code 2).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: opening it says so, in its own words
    if declared > limit_mb * MEGABYTE:
        size = declared / MEGABYTE
        raise InputTooLarge(
            _(
                "{file} occuperait {size} Mo une fois décompressé, au-delà de la limite de {limit} Mo : "
                "il n'est pas lu. Si ce classeur est bien le bon, relever la limite (réglage {setting} "
                "du fichier programme.toml)"
            ).format(
                file=path.name,
                size=plain_number(round(size, 1)),
                limit=plain_number(limit_mb),
                setting=WORKBOOK_LIMIT_SETTING,
            ),
            file=path.name,
            size_mb=size,
            limit_mb=limit_mb,
            setting=WORKBOOK_LIMIT_SETTING,
        )


def _unreadable_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged workbook raises, from the zip, the XML parsers and openpyxl itself."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import LxmlError
    from openpyxl.utils.exceptions import InvalidFileException

    return (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ParseError, LxmlError)


def workbook_problem(error: BaseException) -> str:
    """What is wrong with a workbook that cannot be read, in French: the libraries' messages are
    English and name their own internals, so only a line and a column number are taken from them."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import LxmlError
    from openpyxl.utils.exceptions import InvalidFileException

    if isinstance(error, InvalidFileException):
        return _("ce n'est pas un classeur .xlsx (un .xls, un .ods ou un .xlsm protégé ne se lit pas)")
    if isinstance(error, ParseError | LxmlError):
        where = xml_position(error)
        return _("une de ses feuilles est tronquée ou abîmée{where}").format(where=where)
    if isinstance(error, KeyError):
        return _("une partie du classeur manque")
    if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
        return _("le fichier ne peut pas être ouvert")
    return _("l'archive du classeur est abîmée ou ce n'est pas un classeur Excel")


def xml_position(error: BaseException) -> str:
    """`` (ligne 12, colonne 4)`` of an XML parser's error, or "" when it gives none."""
    line = getattr(error, "lineno", None)
    column = getattr(error, "offset", None)
    position = getattr(error, "position", None)  # xml.etree's ParseError: (line, column)
    if line is None and position:
        line, column = position
    if not isinstance(line, int) or line <= 0:
        return ""
    if isinstance(column, int) and column > 0:
        return _(" (ligne {line}, colonne {column})").format(line=line, column=column)
    return _(" (ligne {line})").format(line=line)


# libxml2's errors, by what a person can do about them (lxml's ``error.code``, named as in etree.ErrorTypes).
_XML_ENCODING = ("ERR_INVALID_ENCODING", "ERR_INVALID_CHAR", "ERR_UNSUPPORTED_ENCODING", "ERR_UNKNOWN_ENCODING")
_XML_CUT = ("ERR_TAG_NOT_FINISHED", "ERR_DOCUMENT_END", "ERR_DOCUMENT_EMPTY", "ERR_LTSLASH_REQUIRED", "ERR_GT_REQUIRED")


def xml_problem(error: BaseException) -> str:
    """What an XML parser's error means, in French, with its line and column: lxml's own message
    is English and speaks of the parser, not of the file."""
    from lxml import etree

    codes = {getattr(etree.ErrorTypes, name, None) for name in _XML_ENCODING}
    cut = {getattr(etree.ErrorTypes, name, None) for name in _XML_CUT}
    code = getattr(error, "code", None)
    if code in codes:
        problem = _("ses octets ne sont pas dans l'encodage qu'il déclare (UTF-8 quand il n'en déclare pas)")
    elif code in cut:
        problem = _("il s'arrête avant la fin de son contenu (fichier tronqué ou vide)")
    elif code == etree.ErrorTypes.ERR_TAG_NAME_MISMATCH:
        problem = _("une balise fermante ne correspond pas à la balise ouverte")
    elif code == etree.ErrorTypes.ERR_UNDECLARED_ENTITY:
        problem = _("il utilise une entité (&nom;) qui n'est pas définie")
    else:
        problem = _("sa syntaxe XML est incorrecte")
    return problem + xml_position(error)


def unreadable_workbook(path: Path, error: BaseException) -> InputFileError:
    """The error of a workbook that cannot be read: what is wrong, then what to do."""
    return InputFileError(
        _(
            "{file} ne se lit pas comme un classeur Excel : {problem} ; l'ouvrir dans Excel ou LibreOffice "
            "et l'enregistrer de nouveau au format .xlsx"
        ).format(file=path.name, problem=workbook_problem(error)),
        file=path.name,
    )


def open_workbook(path: Path, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB) -> Any:
    """The workbook at ``path`` opened to be read once, with the values its cells were last
    calculated to; InputFileError (in French) when it is too large or cannot be opened."""
    from openpyxl import load_workbook

    check_workbook_size(path, limit_mb)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except _unreadable_errors() as error:
        raise unreadable_workbook(path, error) from None


def _calculated_empty(element: Any, value_tag: str) -> bool:
    """Whether a formula cell without a value was calculated to the empty text: Excel and
    LibreOffice write it as a text result (``t="str"``) with an empty ``<v>``. A program that writes
    a formula without calculating it (openpyxl among them) leaves ``<v>`` out or empty on a cell
    of no text type, where an empty value is no number."""
    return element.find(value_tag) is not None and element.get("t") in ("str", "s", "inlineStr")


def _cached_values_parser() -> type:
    """openpyxl's sheet parser, made to tell a formula never calculated from an empty cell: with
    the cached values it reads both as None."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CachedValues(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict:
            cell = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is not None and cell["value"] is None and not _calculated_empty(element, VALUE_TAG):
                cell["value"] = Uncalculated("=" + (formula.text or "…"))
            elif element.get("t") == "e":
                cell["value"] = SpreadsheetError(str(cell["value"] or "#?"))
            return cell

    return CachedValues


def sheet_values(sheet: Any) -> Iterator[list[object]]:
    """The rows of a read-only sheet from its first row, each as its cells' values up to its last
    cell, a formula never calculated as ``Uncalculated``. The sheet is read once, as openpyxl reads it."""
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = _cached_values_parser()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in parser.parse():
            for _missing in range(expected, number):
                yield []
            expected = number + 1
            values: list[object] = [None] * max((cell["column"] for cell in cells), default=0)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield values


def sheet_records(path: Path, sheet: Any) -> list[list[str]]:
    """Every row of ``sheet`` (of the workbook at ``path``) as text cells; InputFileError (in
    French) when the sheet is damaged."""
    try:
        return [[_cell_text(value) for value in row] for row in sheet_values(sheet)]
    except _unreadable_errors() as error:
        raise unreadable_workbook(path, error) from None


def xlsx_records(path: Path, sheet_name: str | None = None, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB) -> list[list[str]]:
    """The first sheet of a one-table workbook, or the sheet ``sheet_name`` of a whole-programme one."""
    workbook = open_workbook(path, limit_mb)
    try:
        if sheet_name is None:
            sheet = workbook.worksheets[0]
        else:
            # People retype sheet names: "Operations" or " operations " is still the operations sheet.
            named = {name.strip().lower(): name for name in workbook.sheetnames}
            if sheet_name not in named:
                raise InputFileError(
                    f"la feuille « {sheet_name} » manque dans le classeur {path.name} "
                    f"(ses feuilles : {', '.join(workbook.sheetnames)}) : une feuille par table est attendue",
                    file=path.name,
                )
            sheet = workbook[named[sheet_name]]
        return sheet_records(path, sheet)
    finally:
        workbook.close()


def csv_records(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = decode(data)
    except UnicodeDecodeError:
        line = bad_byte_line(data)
        if line is not None:
            raise InputFileError(
                f"{path.name} est en UTF-8 sauf à la ligne {line}, qui contient des octets qui n'en sont pas : "
                "corriger cette ligne ou l'enregistrer de nouveau au format « CSV UTF-8 »",
                file=path.name,
                row=line,
            ) from None
        raise InputFileError(
            f"{path.name} n'est encodé ni en UTF-8 ni en Windows-1252 : l'enregistrer de nouveau au format « CSV UTF-8 »",
            file=path.name,
        ) from None
    if "\x00" in text:
        raise InputFileError(
            f"{path.name} n'est pas un fichier texte (CSV) : l'enregistrer au format CSV ou .xlsx", file=path.name
        )
    # One spelling of each accented letter: "é" typed as e + combining accent (macOS, some exports)
    # must meet a code list's "é", and a quotation its document's.
    text = unicodedata.normalize("NFC", text)
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line), strict=True)
    try:
        return list(reader)
    except csv.Error:
        # Refusing the file beats reading it wrong: an unclosed quote would swallow every row after it.
        raise InputFileError(
            f"{path.name} ne peut pas être lu comme un CSV vers la ligne {reader.line_num} : "
            "un guillemet est-il ouvert sans être refermé ?",
            file=path.name,
            line=reader.line_num,
        ) from None


def _has_sheet(path: Path, name: str) -> bool:
    """Whether a whole-programme workbook has the sheet of table ``name`` (retyped names included)."""
    try:
        workbook = open_workbook(path)
    except InputFileError:
        return True  # unreadable or too large: read_table says so, for the table it reads
    try:
        return name in {sheet.strip().lower() for sheet in workbook.sheetnames}
    finally:
        workbook.close()


def is_workbook(raw: Path) -> bool:
    """Whether the raw data is one workbook with a sheet per table, rather than a folder of files."""
    return raw.suffix.lower() == ".xlsx" and not raw.is_dir()


def read_raw(raw: Path, table: Table, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB) -> RawTable:
    """``table`` from the raw data: a folder with a file per table, or a workbook with a sheet per
    table. ``limit_mb``: the decompressed size past which a workbook is refused (``Config.max_workbook_mb``)."""
    if is_workbook(raw):
        if table.optional and not _has_sheet(raw, table.name):
            return _absent(table, f"{raw.name} (feuille {table.name})")
        return read_table(raw, table, sheet=table.name, limit_mb=limit_mb)
    path = locate(raw, table)
    if path.exists() and not inside(raw, path):
        return _outside(raw, path, table)
    if table.optional and not path.is_file():
        return _absent(table, table.file)
    return read_table(path, table, limit_mb=limit_mb)


def _outside(raw: Path, path: Path, table: Table) -> RawTable:
    """A raw table that is a link out of the raw folder: refused unread, as a document is, so that
    nothing else on the machine becomes the programme's data."""
    return RawTable(table, path.name, _no_rows(table), [outside_finding(path.name, path, raw, table.name)])


def _absent(table: Table, file: str) -> RawTable:
    """An optional table the programme has no file for: no row, nothing to report."""
    return RawTable(table, file, _no_rows(table))


def _no_rows(table: Table) -> pd.DataFrame:
    """The frame of a table without a row: its columns all the same, so that no later stage has
    to ask whether a column exists."""
    return pd.DataFrame({name: pd.Series(dtype="str") for name in table.raw_names} | {ROW: pd.Series(dtype="int64")})


def read_table(path: Path, table: Table, sheet: str | None = None, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB) -> RawTable:
    """Read ``path`` (CSV or .xlsx; of a workbook, the sheet ``sheet``) as ``table``; problems with
    the file or its header become findings.

    Raises InputFileError only when there is no table at all to read (missing file, not a table).
    """
    file = path.name if sheet is None else f"{path.name} (feuille {sheet})"
    records = _records(path, table, sheet, limit_mb)
    # The header is the first record with any text: people leave blank lines above a table.
    header_index = next((index for index, record in enumerate(records) if _has_text(record)), None)
    if header_index is None:
        empty = _file_finding(file, table, rules.FILE_EMPTY, rules.FILE_EMPTY.say())
        return RawTable(table, file, _no_rows(table), [empty])
    header = [_normalise_header(name) for name in records[header_index]]
    positions, findings = _header_findings(header, table, file)
    rows = _data_rows(records, header_index, len(header), table, file)
    findings += rows.findings
    if path.suffix.lower() == ".xlsx":
        findings += formula_findings(
            file, table.name, rows.records, rows.numbers, {at: name for name, at in positions.items()}
        )
    if not rows.records:
        if not table.may_be_empty:
            findings.append(_file_finding(file, table, rules.FILE_NO_ROWS, rules.FILE_NO_ROWS.say(), severity=WARNING))
        return RawTable(table, file, _no_rows(table), findings, rows.blank)
    return RawTable(table, file, _frame(table, positions, rows), findings, rows.blank)


def _records(path: Path, table: Table, sheet: str | None, limit_mb: int) -> list[list[str]]:
    """Every record of the file (or of its sheet) as text cells, whichever the format."""
    if not path.is_file():
        expected = f"un fichier {path.name}" if sheet is None else f"le classeur {path.name}"
        raise InputFileError(
            f"la table brute « {table.name} » est introuvable : {expected} est attendu", file=str(path)
        )
    return xlsx_records(path, sheet, limit_mb) if path.suffix.lower() == ".xlsx" else csv_records(path)


def formula_findings(
    file: str, table: str, records: list[list[str]], numbers: list[int], columns: dict[int, str]
) -> list[Finding]:
    """An error on each cell of ``records`` (spreadsheet rows ``numbers``) that holds a formula the
    workbook never calculated, or the error a formula gave ("#DIV/0!"), in a column of ``columns``
    (its position -> its name): read as empty, or as text, its row would be wrong without a word."""
    found = []
    for number, record in zip(numbers, records, strict=True):
        for position, cell in enumerate(record):
            if not columns.get(position):
                continue
            if isinstance(cell, Uncalculated):
                rule, value, message = rules.CELL_FORMULA, cell.formula, rules.CELL_FORMULA.say(formula=cell.formula)
            elif isinstance(cell, SpreadsheetError):
                rule, value, message = rules.CELL_ERROR, cell.error, rules.CELL_ERROR.say(error=cell.error)
            else:
                continue
            found.append(Finding(file, number, columns[position], value, rule.id, ERROR, message, table))
    return found


def _has_text(record: list[str]) -> bool:
    return any(cell.strip() for cell in record)


def _file_finding(
    file: str, table: Table, rule: rules.Rule, message: str, column: str = "", value: str = "", severity: str = ERROR
) -> Finding:
    """A finding on the file or one of its columns, not on a row."""
    return Finding(file, None, column, value, rule.id, severity, message, table.name)


def _header_findings(header: list[str], table: Table, file: str) -> tuple[dict[str, int], list[Finding]]:
    """Where each schema column is in the header, and what is wrong with the header.

    A repeated column keeps its first place; an unknown one is a warning, its cells left out and
    the rest of the file read as usual; a missing column reads as empty, which is an error only
    when the column is required.
    """
    positions: dict[str, int] = {}
    findings = []
    for position, name in enumerate(header):
        if not name:
            continue
        if name in positions:
            findings.append(
                _file_finding(
                    file, table, rules.COLUMNS_DUPLICATED, rules.COLUMNS_DUPLICATED.say(column=name), name, name
                )
            )
        elif name not in table.raw_names:
            message = rules.COLUMNS_UNEXPECTED.say(column=name, table=table.name)
            findings.append(_file_finding(file, table, rules.COLUMNS_UNEXPECTED, message, name, name, WARNING))
        else:
            positions[name] = position
    for column in table.columns:
        if column.name not in positions:
            severity = ERROR if column.required else WARNING
            message = rules.COLUMNS_MISSING.say(column=column.name)
            findings.append(_file_finding(file, table, rules.COLUMNS_MISSING, message, column.name, severity=severity))
    return positions, findings


@dataclass
class _Rows:
    """The records under the header that hold any text, with their spreadsheet row numbers."""

    records: list[list[str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    blank: int = 0  # blank rows skipped: counted, so that every raw row is accounted for
    findings: list[Finding] = field(default_factory=list)  # rows with cells beyond the header


def _data_rows(records: list[list[str]], header_index: int, width: int, table: Table, file: str) -> _Rows:
    rows = _Rows()
    # Each CSV record is one spreadsheet row, even when a quoted cell spans several lines.
    for number, record in enumerate(records[header_index + 1 :], start=header_index + 2):
        # The first cell settles most rows without joining the whole record.
        if not (record and record[0].strip()) and not "".join(record).strip():
            rows.blank += 1
            continue
        rows.records.append(record)
        rows.numbers.append(number)
        # Text past the last header cell belongs to no column: said, rather than silently dropped.
        if len(record) > width and "".join(record[width:]).strip():
            extra = "; ".join(cell for cell in record[width:] if cell.strip())
            rows.findings.append(
                Finding(
                    file, number, "", extra, rules.ROW_EXTRA_CELLS.id, ERROR, rules.ROW_EXTRA_CELLS.say(), table.name
                )
            )
    return rows


def _frame(table: Table, positions: dict[str, int], rows: _Rows) -> pd.DataFrame:
    """The schema's columns as text, in the schema's order, and ROW."""
    kept = rows.records
    # Column by column: a missing column, or a short row's missing cells, read as empty.
    columns = {
        name: [record[positions[name]].strip() if positions[name] < len(record) else "" for record in kept]
        if name in positions
        else [""] * len(kept)
        for name in table.raw_names
    }
    # Through Arrow: half the time of building pandas strings from Python lists.
    return pd.DataFrame(
        {name: pd.Series(pa.array(cells, type=pa.large_string()), dtype="str") for name, cells in columns.items()}
        | {ROW: pd.Series(rows.numbers, dtype="int64")}
    )
