"""A survey's answers checked with a Great Expectations suite made from its form.

Like a raw table's suite (check/expectations.py), each expectation carries in its ``meta`` the
rule, the column as the file names it and the finding's message, and check/validate.py turns its
failing rows into findings. What the form says becomes an expectation:

- a select_one answer is one of its list's choices; each choice of a select_multiple answer too;
- an integer or decimal answer is a number;
- a required question has its answer, unless its ``relevant`` condition is false or cannot be
  evaluated: only one comparison (``${q} = 'x'``, ``${q} != 'x'``) or ``selected(${q}, 'x')`` is
  evaluated, and a question with any other condition is never required (the checks would otherwise
  call missing an answer the form never asked for);
- one row per submission: no identifier (``_uuid``, ``KEY``, ``instanceID``) twice;
- each submission dated (sent, else finished, else its day) within the survey's collection period;
- the answer that names the operation is an operation of the programme.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.check.expectations import finding_meta
from toolkit.check.validate import findings_of, gx_context, validated
from toolkit.ingest.readers import ROW
from toolkit.ingest.survey_answers import Answers
from toolkit.ingest.xlsform import DECIMAL, INTEGER, SELECT_MULTIPLE, SELECT_ONE, Field, Form, relevance
from toolkit.model import rules
from toolkit.model.findings import Finding
from toolkit.model.language import _
from toolkit.model.periods import first_day, last_day
from toolkit.text.fmt import date as format_date

APPLIES = "__applies_"  # 1 where a required question must have its answer, missing elsewhere
DAY = "__day"  # the submission's day as an ordinal, -1 when its date cannot be read
NUMBERS = {INTEGER: r"^-?\d+$", DECIMAL: r"^-?\d+(?:[.,]\d+)?$"}
_SUITES = itertools.count()


@dataclass(frozen=True)
class Window:
    """A survey's collection period, as surveys.csv writes it (partial dates)."""

    opens: str
    closes: str

    @property
    def first(self) -> datetime.date:
        return datetime.date.fromisoformat(first_day(self.opens))

    @property
    def last(self) -> datetime.date:
        return datetime.date.fromisoformat(last_day(self.closes))


def submission_day(text: object) -> datetime.date | None:
    """The day of an export's timestamp: ISO (``2021-03-05T10:12:33.120+01:00``, ``2021-03-05``) or as a
    French spreadsheet shows it (``05/03/2021 10:12``); None when it cannot be read."""
    value = str(text or "").strip()
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    french = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return datetime.date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        return None
    return None


def _choices(form: Form, question: Field) -> list[str]:
    return [choice.name for choice in form.choices.get(question.list_name, [])]


def _allowed(names: list[str], multiple: bool) -> str:
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    if multiple:
        return _("chaque choix doit être l'un de {choices} (séparés par des espaces)").format(choices=shown)
    return _("écrire l'un de {choices}").format(choices=shown)


def _choice_expectations(form: Form, question: Field, column: str, safe: str) -> list[Any]:
    import great_expectations.expectations as gxe

    names = _choices(form, question)
    values = {"list": question.list_name, "allowed": _allowed(names, question.type == SELECT_MULTIPLE)}
    meta = finding_meta(rules.SURVEY_CHOICE, column, values)
    if question.type == SELECT_ONE:
        return [gxe.ExpectColumnValuesToBeInSet(column=safe, value_set=names, meta=meta)]
    choice = "|".join(re.escape(name) for name in names)
    return [gxe.ExpectColumnValuesToMatchRegex(column=safe, regex=rf"^(?:{choice})(?:\s+(?:{choice}))*$", meta=meta)]


def _number_expectations(question: Field, column: str, safe: str) -> list[Any]:
    import great_expectations.expectations as gxe

    kind = _("un nombre entier") if question.type == INTEGER else _("un nombre")
    meta = finding_meta(rules.SURVEY_NUMBER, column, {"kind": kind, "column": question.name, "type": question.type})
    return [gxe.ExpectColumnValuesToMatchRegex(column=safe, regex=NUMBERS[question.type], meta=meta)]


def _required_expectation(question: Field, column: str, safe: str) -> list[Any]:
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    if not question.required:
        return []
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=safe,
            row_condition=Column(APPLIES + safe).is_not_null(),
            meta=finding_meta(rules.SURVEY_REQUIRED, column, {"column": question.name}),
        )
    ]


def _relevant(frame: pd.DataFrame, question: Field, answers: Answers, safe: dict[str, str]) -> pd.Series:
    """True where the question was asked, False where its condition is false, None where it cannot be told."""
    if not question.relevant.strip():
        return pd.Series(True, index=frame.index, dtype="object")
    condition = relevance(question.relevant)
    column = answers.columns.get(condition[0]) if condition else None
    if condition is None or column is None:
        return pd.Series(None, index=frame.index, dtype="object")
    _field, operator, value = condition
    given = frame[safe[column]].fillna("").astype(str)
    if operator == "selected":
        return given.map(lambda text: value in text.split()).astype("object")
    same = given == value
    return (same if operator == "=" else ~same).astype("object")


def _frame(answers: Answers, form: Form, safe: dict[str, str]) -> pd.DataFrame:
    """The answers with safe column names, empty cells missing, and the columns the checks compute."""
    raw = answers.raw.frame
    frame = raw.drop(columns=[ROW]).rename(columns=safe).replace({"": None}).astype("object")
    frame[ROW] = raw[ROW]
    for question in form.questions:
        column = answers.columns.get(question.name)
        if question.required and column is not None:
            asked = _relevant(frame, question, answers, safe)
            frame[APPLIES + safe[column]] = asked.map(lambda told: 1.0 if told is True else None)
    if answers.date:
        days = raw[answers.date].map(lambda text: None if not str(text).strip() else submission_day(text))
        missing = raw[answers.date].astype(str).str.strip() == ""
        frame[DAY] = [
            None if gone else (-1 if day is None else day.toordinal()) for day, gone in zip(days, missing, strict=True)
        ]
    return frame


def _window_expectation(answers: Answers, window: Window) -> list[Any]:
    import great_expectations.expectations as gxe

    if not answers.date:
        return []
    values = {"opens": format_date(window.first.isoformat()), "closes": format_date(window.last.isoformat())}
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=DAY,
            min_value=window.first.toordinal(),
            max_value=window.last.toordinal(),
            meta=finding_meta(rules.SURVEY_WINDOW, answers.date, values),
        )
    ]


def _unique_expectation(answers: Answers, safe: dict[str, str]) -> list[Any]:
    import great_expectations.expectations as gxe

    if not answers.identifier:
        return []
    values = {
        "problem": _("la colonne « {column} » identifie une soumission").format(column=answers.identifier),
        "remedy": _("cette soumission figure deux fois dans l'export"),
    }
    return [
        gxe.ExpectColumnValuesToBeUnique(
            column=safe[answers.identifier], meta=finding_meta(rules.KEY_UNIQUE, answers.identifier, values)
        )
    ]


def _operation_expectation(
    answers: Answers, operation_field: str, operations: Iterable[str], safe: dict[str, str]
) -> list[Any]:
    import great_expectations.expectations as gxe

    column = answers.columns.get(operation_field)
    if not operation_field or column is None:
        return []
    meta = finding_meta(rules.REFERENCE, column, {"table": "operations", "key": "operation_id"})
    return [gxe.ExpectColumnValuesToBeInSet(column=safe[column], value_set=sorted(set(operations)), meta=meta)]


def expectations(
    answers: Answers,
    form: Form,
    window: Window,
    safe: dict[str, str],
    operation_field: str = "",
    operations: Iterable[str] = (),
) -> list[Any]:
    """Every expectation of one survey's answers, question by question, then the submission's own."""
    found: list[Any] = []
    for question in form.questions:
        column = answers.columns.get(question.name)
        if column is None:
            continue  # a finding of the header already (survey.column_missing)
        found += _required_expectation(question, column, safe[column])
        if question.type in (SELECT_ONE, SELECT_MULTIPLE):
            found += _choice_expectations(form, question, column, safe[column])
        elif question.type in NUMBERS:
            found += _number_expectations(question, column, safe[column])
    found += _unique_expectation(answers, safe)
    found += _window_expectation(answers, window)
    return found + _operation_expectation(answers, operation_field, operations, safe)


def check_answers(
    answers: Answers, form: Form, window: Window, operation_field: str = "", operations: Iterable[str] = ()
) -> list[Finding]:
    """The findings of one survey's answers: one per failing row and rule, in the suite's order."""
    import great_expectations as gx

    raw = answers.raw
    if raw.frame.empty:
        return []
    gx_context()  # first: Great Expectations builds a suite only inside an active context
    safe = {column: f"c{index}" for index, column in enumerate(c for c in raw.frame.columns if c != ROW)}
    suite = gx.ExpectationSuite(name=f"{raw.table.name}_suite_{next(_SUITES)}")
    for expectation in expectations(answers, form, window, safe, operation_field, operations):
        suite.add_expectation(expectation)
    result = validated(raw.table, _frame(answers, form, safe), suite)
    return findings_of(raw, result.results)
