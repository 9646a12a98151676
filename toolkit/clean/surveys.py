"""The surveys declared in surveys.csv: each form read, its answers checked, split and written long.

For each survey: the form (``<raw>/surveys/<form>``) is read, the rows of surveys.csv are checked
against it (each tied field a question of the form; the survey's columns the same on each of its
rows), the answers (``<raw>/surveys/<answers>``) are read and checked with their suite
(check/surveys.py), and each submission with an error goes to quarantine with its reasons, as a
raw table's row does; the others are the clean answers. Every submission is accounted for.

The clean answers are written long, one row per counted answer: a select_one its choice, a
select_multiple one row per choice ticked, an integer or decimal its number. Free text, dates and
the export's identifiers of persons are not copied: the reports count answers, they never show one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from toolkit.check.surveys import Window, check_answers
from toolkit.ingest.documents import beside_raw
from toolkit.ingest.readers import ROW, RawTable
from toolkit.ingest.survey_answers import Answers, read_answers
from toolkit.ingest.xlsform import SELECT_MULTIPLE, Form, read_form
from toolkit.model import rules, schema
from toolkit.model.config import DEFAULT_MAX_WORKBOOK_MB
from toolkit.model.findings import ERROR, Finding
from toolkit.model.language import _
from toolkit.model.values import is_missing
from toolkit.text.fmt import quoted

RAW_ROW = "raw_row"
# The columns of surveys.csv that say the survey itself: the same on each of its rows.
SETTINGS = ("title", "form", "answers", "opens", "closes", "operation_id", "operation_field")
ANSWER_COLUMNS = ["survey_id", "submission", "operation_id", "field", "value", RAW_ROW]
SUBMISSION_COLUMNS = ["survey_id", "submission", "operation_id", "day", RAW_ROW]
FIELD_COLUMNS = ["survey_id", "field", "type", "list_name", "label", "required", "scale", "position"]
CHOICE_COLUMNS = ["survey_id", "list_name", "choice", "label", "position"]
COUNTED = ("select_one", SELECT_MULTIPLE, "integer", "decimal")
# The clean files the pages read, beside the raw tables' clean files.
FILES = {
    "answers": "survey_answers.csv",
    "submissions": "survey_submissions.csv",
    "fields": "survey_fields.csv",
    "choices": "survey_choices.csv",
}


def surveys_dir(raw: Path) -> Path:
    """The folder of the surveys' files: inside the raw folder, or beside a raw workbook."""
    return beside_raw(raw, schema.SURVEYS_FOLDER)


def table_name(survey_id: str) -> str:
    return f"survey-{survey_id}"


@dataclass
class SurveyResult:
    """One survey's answers: the raw table, its clean submissions and its quarantine."""

    raw: RawTable
    clean_rows: int = 0
    quarantine: pd.DataFrame = field(default_factory=pd.DataFrame)

    def accounting(self) -> dict[str, object]:
        return {
            "table": self.raw.table.name,
            "file": self.raw.file,
            "raw_rows": self.raw.row_count,
            "clean_rows": self.clean_rows,
            "quarantined_rows": len(self.quarantine),
            "blank_rows": self.raw.blank_rows,
        }


@dataclass
class SurveysResult:
    surveys: list[SurveyResult] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # by FILES key
    findings: list[Finding] = field(default_factory=list)  # on the surveys' files
    table_findings: list[Finding] = field(default_factory=list)  # on surveys.csv's rows
    titles: dict[str, str] = field(default_factory=dict)  # the forms' own titles, by survey

    def accounting(self) -> list[dict[str, object]]:
        return [survey.accounting() for survey in self.surveys]


def _settings_findings(rows: pd.DataFrame, file: str) -> list[Finding]:
    """A row that gives its survey another file, period or operation than the survey's first row."""
    found = []
    for survey_id, own in rows.groupby("survey_id", sort=False):
        first = own.iloc[0]
        for _index, row in own.iloc[1:].iterrows():
            for column in SETTINGS:
                mine, theirs = row.get(column), first.get(column)
                if is_missing(mine) and is_missing(theirs) or str(mine) == str(theirs):
                    continue
                message = rules.SURVEY_SETTINGS.say(
                    column=column,
                    survey=survey_id,
                    first="" if is_missing(theirs) else theirs,
                    first_row=first[RAW_ROW],
                )
                value = "" if is_missing(mine) else str(mine)
                found.append(
                    Finding(file, int(row[RAW_ROW]), column, value, rules.SURVEY_SETTINGS.id, ERROR, message, "surveys")
                )
    return found


def _field_findings(rows: pd.DataFrame, form: Form, file: str) -> list[Finding]:
    """Each tied field a question of the form, and the field naming the operation (said once, on the
    survey's first row)."""
    found = []
    for position, row in enumerate(rows.to_dict("records")):
        for column in ("field", "operation_field") if position == 0 else ("field",):
            name = row.get(column)
            if is_missing(name):
                continue
            question = form.field(str(name))
            if question is not None and question.is_question:
                continue
            problem = (
                _("c'est une métadonnée du questionnaire, pas une question posée")
                if question is not None
                else _("écrire le nom (colonne name) d'une question de sa feuille survey")
            )
            message = rules.SURVEY_FIELD.say(value=name, form=quoted(form.file), problem=problem)
            found.append(
                Finding(file, int(row[RAW_ROW]), column, str(name), rules.SURVEY_FIELD.id, ERROR, message, "surveys")
            )
    return found


def _reasons(findings: list[Finding]) -> dict[int, list[str]]:
    reasons: dict[int, list[str]] = {}
    for finding in findings:
        if finding.severity == ERROR and finding.row is not None:
            column = f" {quoted(finding.column)}" if finding.column else ""
            reasons.setdefault(finding.row, []).append(f"[{finding.rule}]{column} : {finding.message}")
    return reasons


def _operation_of(answers: Answers, settings: dict) -> pd.Series:
    """The operation each submission concerns: the survey's, else the answer that names it, else none."""
    frame = answers.raw.frame
    if not is_missing(settings.get("operation_id")):
        return pd.Series(str(settings["operation_id"]), index=frame.index)
    column = answers.columns.get(str(settings.get("operation_field") or ""))
    if column is None:
        return pd.Series("", index=frame.index)
    return frame[column].fillna("").astype(str)


def _long(survey_id: str, answers: Answers, form: Form, clean: pd.DataFrame, operations: pd.Series) -> pd.DataFrame:
    """The counted answers of the clean submissions, one row per answer (per choice of a multiple one)."""
    rows = []
    identifier = answers.identifier
    for index, submission in clean.iterrows():
        key = str(submission[identifier]) if identifier else str(submission[ROW])
        for question in form.questions:
            column = answers.columns.get(question.name)
            if question.type not in COUNTED or column is None or not str(submission[column]).strip():
                continue
            given = str(submission[column]).strip()
            values = given.split() if question.type == SELECT_MULTIPLE else [given.replace(",", ".")]
            rows += [
                [survey_id, key, operations[index], question.name, value, int(submission[ROW])] for value in values
            ]
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def _submissions(survey_id: str, answers: Answers, clean: pd.DataFrame, operations: pd.Series) -> pd.DataFrame:
    from toolkit.check.surveys import submission_day

    identifier = answers.identifier
    return pd.DataFrame(
        [
            [
                survey_id,
                str(row[identifier]) if identifier else str(row[ROW]),
                operations[index],
                "" if not answers.date else str(submission_day(row[answers.date]) or ""),
                int(row[ROW]),
            ]
            for index, row in clean.iterrows()
        ],
        columns=SUBMISSION_COLUMNS,
    )


def _form_frames(survey_id: str, form: Form) -> tuple[pd.DataFrame, pd.DataFrame]:
    fields = [
        [survey_id, q.name, q.type, q.list_name, q.label, q.required, bool(form.scale(q)), position]
        for position, q in enumerate(form.questions)
        if q.type in COUNTED
    ]
    choices = [
        [survey_id, list_name, choice.name, choice.label, position]
        for list_name, listed in form.choices.items()
        for position, choice in enumerate(listed)
    ]
    return pd.DataFrame(fields, columns=FIELD_COLUMNS), pd.DataFrame(choices, columns=CHOICE_COLUMNS)


def _one_survey(
    folder: Path, survey_id: str, rows: pd.DataFrame, operation_ids: list[str], result: SurveysResult, limit_mb: int
) -> None:
    settings = rows.iloc[0].to_dict()
    form = read_form(folder / str(settings["form"]), f"{schema.SURVEYS_FOLDER}/{settings['form']}", limit_mb=limit_mb)
    result.findings += form.findings
    if not form.readable:
        return
    result.table_findings += _field_findings(rows, form, "surveys.csv")
    shown = f"{schema.SURVEYS_FOLDER}/{settings['answers']}"
    answers = read_answers(folder / str(settings["answers"]), form, table_name(survey_id), shown, limit_mb=limit_mb)
    window = Window(str(settings["opens"]), str(settings["closes"]))
    operations = _operation_of(answers, settings)
    checked = check_answers(answers, form, window, str(settings.get("operation_field") or ""), operation_ids)
    by_row = dict(zip(answers.raw.frame[ROW], operations, strict=True))
    findings = [replace(f, operation_id=by_row.get(f.row, "") if f.row is not None else "") for f in checked]
    found = answers.raw.findings + findings
    result.findings += found
    reasons = _reasons(found)
    if any(f.severity == ERROR and f.row is None for f in found):  # the file itself is unreadable
        reasons = {int(row): [f"[{rules.SURVEY_ANSWERS.id}]"] for row in answers.raw.frame[ROW]}
    frame = answers.raw.frame
    bad = frame[ROW].isin(reasons.keys())
    quarantine = frame[bad].rename(columns={ROW: RAW_ROW})
    quarantine.insert(0, RAW_ROW, quarantine.pop(RAW_ROW))
    quarantine["reasons"] = [" | ".join(reasons[int(row)]) for row in quarantine[RAW_ROW]]
    clean = frame[~bad]
    result.surveys.append(SurveyResult(answers.raw, len(clean), quarantine.reset_index(drop=True)))
    fields, choices = _form_frames(survey_id, form)
    for key, part in (
        ("answers", _long(survey_id, answers, form, clean, operations)),
        ("submissions", _submissions(survey_id, answers, clean, operations)),
        ("fields", fields),
        ("choices", choices),
    ):
        result.frames[key] = pd.concat([result.frames[key], part], ignore_index=True)
    if not form.title:
        return
    result.titles[survey_id] = form.title


def clean_surveys(
    raw: Path, declared: pd.DataFrame, operation_ids: list[str], limit_mb: int = DEFAULT_MAX_WORKBOOK_MB
) -> SurveysResult:
    """Every survey of surveys.csv's clean rows (``declared``): read, checked, split; a workbook past
    ``limit_mb`` megabytes decompressed is refused. Nothing is written."""
    result = SurveysResult(
        frames={
            "answers": pd.DataFrame(columns=ANSWER_COLUMNS),
            "submissions": pd.DataFrame(columns=SUBMISSION_COLUMNS),
            "fields": pd.DataFrame(columns=FIELD_COLUMNS),
            "choices": pd.DataFrame(columns=CHOICE_COLUMNS),
        }
    )
    if declared.empty:
        return result
    result.table_findings += _settings_findings(declared, "surveys.csv")
    folder = surveys_dir(raw)
    for survey_id, rows in declared.groupby("survey_id", sort=False):
        _one_survey(folder, str(survey_id), rows, operation_ids, result, limit_mb)
    return result
