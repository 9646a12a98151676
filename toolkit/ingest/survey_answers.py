"""A survey's answers as KoboToolbox or ODK Central export them, matched column by column to its form.

KoboToolbox exports a CSV (``;`` or ``,``) or an .xlsx: one row per submission, a column per
question named by the question or by its group path (``menage/taille``), the answers as choice
names (``xml values``), a select_multiple as its choices joined by spaces, with one 0/1 column
per choice beside it (``services/eau``) when the export asks for both, and metadata columns
(``_uuid``, ``_submission_time``, ``_index``, ``start``, ``end``…). ODK Central exports a CSV whose
group paths are joined by ``-`` (``meta-instanceID``), with ``KEY`` and ``SubmissionDate``. Both
are read here into one raw table, every cell as text, each row with its spreadsheet row; a column
the form does not know and a question without a column are findings, never a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.ingest.documents import inside, outside_finding
from toolkit.ingest.readers import ROW, RawTable, csv_records, formula_findings, xlsx_records
from toolkit.ingest.xlsform import SELECT_MULTIPLE, Field, Form
from toolkit.model import rules, schema
from toolkit.model.config import DEFAULT_MAX_WORKBOOK_MB
from toolkit.model.errors import InputFileError
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.language import _
from toolkit.model.vocabulary import ColumnKind

# The submission's identifier, by export: one row per submission is checked on it.
ID_COLUMNS = ("_uuid", "KEY", "meta/instanceID", "meta-instanceID", "instanceID")
# The date a submission is checked against the survey's period: when the enumerator finished the
# form on the device (``end``), else the day the form records (``today``), else when it was sent.
# Collected offline, a form is often sent days or weeks after the interview: the sending date would
# put an interview held inside the period outside it.
DATE_COLUMNS = ("end", "today", "_submission_time", "SubmissionDate")
# Columns an export adds that are no question: KoboToolbox's start with "_" (``_id``, ``_index``,
# ``_validation_status``…), ODK Central's are these.
EXPORT_COLUMNS = {
    "KEY",
    "SubmissionDate",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "instanceID",
    "meta/instanceID",
    "meta-instanceID",
    "meta/instanceName",
    "meta-instanceName",
    "meta/rootUuid",
    "meta-rootUuid",
    "meta/deprecatedID",
    "meta-deprecatedID",
    "formhub/uuid",
    "__version__",
}


@dataclass
class Answers:
    """The answers of one survey: the raw table (one text column per column of the file) and
    where each field of the form is in it."""

    raw: RawTable
    columns: dict[str, str] = field(default_factory=dict)  # field name -> column of the file
    identifier: str = ""  # the column that identifies a submission, "" when the export has none
    date: str = ""  # the column the submission is dated by, "" when none


def _table(name: str, header: list[str]) -> schema.Table:
    """A table made for one answers file: its own columns, all text."""
    columns = tuple(schema.Column(column, ColumnKind.TEXT, "") for column in header)
    return schema.Table(name=name, description="", columns=columns, key=())


def _is_export_column(column: str) -> bool:
    return column.startswith("_") or column in EXPORT_COLUMNS


def _is_choice_column(column: str, form: Form, matched: dict[str, str]) -> bool:
    """A 0/1 column of one choice of a select_multiple (``services/eau``), beside its summary column."""
    for name, summary in matched.items():
        question = form.field(name)
        if question is None or question.type != SELECT_MULTIPLE:
            continue
        for joiner in "/-.":
            prefix = summary + joiner
            if column.startswith(prefix) and column[len(prefix) :] in {
                choice.name for choice in form.choices.get(question.list_name, [])
            }:
                return True
    return False


def _match(header: list[str], form: Form) -> dict[str, str]:
    """Where each field of the form is in the header: its name, or its group path."""
    matched: dict[str, str] = {}
    for candidate in form.fields:
        column = next((path for path in candidate.paths() if path in header), None)
        if column is not None:
            matched[candidate.name] = column
    return matched


def _header_findings(file: str, table: str, header: list[str], form: Form, matched: dict[str, str]) -> list[Finding]:
    found = []
    known = set(matched.values())
    for column in header:
        if not column or column in known or _is_export_column(column) or _is_choice_column(column, form, matched):
            continue
        message = rules.SURVEY_COLUMN_UNKNOWN.say(column=column)
        found.append(Finding(file, None, column, column, rules.SURVEY_COLUMN_UNKNOWN.id, WARNING, message, table))
    for question in form.questions:
        if question.name not in matched:
            message = rules.SURVEY_COLUMN_MISSING.say(column=question.name)
            found.append(
                Finding(file, None, question.name, "", rules.SURVEY_COLUMN_MISSING.id, WARNING, message, table)
            )
    return found


def unreadable(file: str, table: str, problem: str) -> Finding:
    return Finding(file, None, "", "", rules.SURVEY_ANSWERS.id, ERROR, rules.SURVEY_ANSWERS.say(problem=problem), table)


def _records(path: Path, limit_mb: int) -> list[list[str]]:
    if not path.is_file():
        raise InputFileError(_("le fichier est introuvable dans le dossier des enquêtes"), file=path.name)
    return xlsx_records(path, limit_mb=limit_mb) if path.suffix.lower() == ".xlsx" else csv_records(path)


def _no_answers(file: str, table: str, finding: Finding) -> Answers:
    return Answers(RawTable(_table(table, []), file, pd.DataFrame({ROW: []}), [finding]))


def read_answers(
    path: Path,
    form: Form,
    table: str,
    shown: str | None = None,
    root: Path | None = None,
    limit_mb: int = DEFAULT_MAX_WORKBOOK_MB,
) -> Answers:
    """The answers file at ``path`` read against ``form`` as the raw table ``table``; a file that
    cannot be read is one finding and no row. ``root``: the folder it must not lead out of, by
    default the one that holds the surveys folder (the raw folder); ``limit_mb``: the decompressed
    size past which a workbook is refused."""
    file = shown or path.name
    root = root or path.parent.parent
    if path.exists() and not inside(root, path):
        return _no_answers(file, table, outside_finding(file, path, root, table))
    try:
        records = _records(path, limit_mb)
    except InputFileError as error:
        return _no_answers(file, table, unreadable(file, table, error.message))
    start = next((index for index, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if start is None:
        return _no_answers(file, table, unreadable(file, table, _("le fichier est vide")))
    header = [cell.strip().lstrip("\ufeff") for cell in records[start]]
    matched = _match(header, form)
    rows, numbers, written, blank = [], [], [], 0
    for number, record in enumerate(records[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in record):
            blank += 1
            continue
        rows.append([record[i].strip() if i < len(record) else "" for i in range(len(header))])
        numbers.append(number)
        written.append(record)
    names = [column or f"({index + 1})" for index, column in enumerate(header)]
    frame = pd.DataFrame(rows, columns=names, dtype="object") if rows else pd.DataFrame(columns=names, dtype="object")
    frame[ROW] = pd.Series(numbers, dtype="int64")
    findings = _header_findings(file, table, header, form, matched)
    findings += formula_findings(file, table, written, numbers, dict(enumerate(names)))
    raw = RawTable(_table(table, names), file, frame, findings, blank)
    identifier = next((column for column in ID_COLUMNS if column in header), "")
    date = next((column for column in DATE_COLUMNS if column in header), "")
    return Answers(raw, matched, identifier, date)


def field_column(answers: Answers, question: Field) -> str | None:
    return answers.columns.get(question.name)
