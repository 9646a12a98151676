"""An XLSForm questionnaire read as the questions and choice lists its answers are checked against.

XLSForm (the format KoboToolbox and ODK share) is a workbook: the sheet ``survey`` has one row
per question (``type``, ``name``, ``label`` or ``label::Français (fr)``, ``required``,
``relevant``…), groups opened by ``begin_group`` (or ``begin group``) and closed by
``end_group``; the sheet ``choices`` one row per choice (``list_name``, ``name``, ``label``);
the optional sheet ``settings`` its ``form_title``. The workbook is read with openpyxl, as the
raw tables are: pyxform converts a form to XForms and checks a form, not its answers, so it
would add a dependency for nothing the toolkit needs. A form that cannot be read is a finding on
the form (rule ``survey.form``), never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.ingest.documents import inside, outside_finding
from toolkit.ingest.readers import formula_findings, open_workbook, sheet_records
from toolkit.model import rules
from toolkit.model.config import DEFAULT_MAX_WORKBOOK_MB
from toolkit.model.errors import InputFileError
from toolkit.model.findings import ERROR, Finding
from toolkit.model.language import _

# Question types that hold an answer a survey question can be tied to and counted.
SELECT_ONE, SELECT_MULTIPLE = "select_one", "select_multiple"
INTEGER, DECIMAL = "integer", "decimal"
ANSWERED = (SELECT_ONE, SELECT_MULTIPLE, INTEGER, DECIMAL, "text", "date", "datetime", "time", "range")
# Types that write a column in an export without being a question a person answers: the
# metadata a form collects by itself, computed values. A column of theirs is known, never missing.
METADATA = (
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "simserial",
    "subscriberid",
    "email",
    "audit",
    "calculate",
    "hidden",
    "start-geopoint",
)
# Types that write no column at all.
NO_COLUMN = ("note", "begin_group", "end_group", "begin_repeat", "end_repeat", "acknowledge")
TRUE_WORDS = ("yes", "true", "true()", "oui", "1")
# A scale: choices named 1 to N, N from 3 to 7, read in that order (1 the lowest).
SCALE_SIZES = range(3, 8)


@dataclass(frozen=True)
class Choice:
    name: str
    label: str


@dataclass(frozen=True)
class Field:
    """One row of the survey sheet that writes a column: a question or a metadata value."""

    name: str
    type: str  # the base type: select_one, integer, start…
    list_name: str = ""  # for a select: its list of choices
    label: str = ""
    required: bool = False
    relevant: str = ""
    groups: tuple[str, ...] = ()  # the names of the groups it is in, outermost first
    row: int = 0  # its row in the survey sheet

    @property
    def is_question(self) -> bool:
        return self.type in ANSWERED

    def paths(self) -> tuple[str, ...]:
        """The column names an export may give it: its name alone, or its group path joined by "/"
        (KoboToolbox), "-" (ODK Central) or "." (some tools)."""
        if not self.groups:
            return (self.name,)
        return (self.name, *("".join(f"{group}{joiner}" for group in self.groups) + self.name for joiner in "/-."))


@dataclass
class Form:
    file: str
    title: str = ""
    fields: list[Field] = field(default_factory=list)
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not any(finding.severity == ERROR for finding in self.findings)

    def field(self, name: str) -> Field | None:
        return next((candidate for candidate in self.fields if candidate.name == name), None)

    @property
    def questions(self) -> list[Field]:
        return [candidate for candidate in self.fields if candidate.is_question]

    def scale(self, question: Field) -> list[Choice]:
        """The ordered steps of a select_one read as a scale (see SCALE_SIZES), or [] when it is not one."""
        if question.type != SELECT_ONE:
            return []
        steps = [choice for choice in self.choices.get(question.list_name, []) if choice.name.isdigit()]
        numbers = [int(choice.name) for choice in steps]
        if len(numbers) in SCALE_SIZES and sorted(numbers) == list(range(1, len(numbers) + 1)):
            return sorted(steps, key=lambda choice: int(choice.name))
        return []


def _sheet_rows(form: Form, path: Path, workbook: Any, name: str) -> list[dict[str, str]] | None:
    """The rows of a sheet as {header: text}, each with its spreadsheet row as "_row"; None when
    absent. A formula the workbook never calculated is an error on its cell (the form is then not
    used): read as empty, a question would lose its name or its list without a word."""
    named = {sheet.strip().lower(): sheet for sheet in workbook.sheetnames}
    if name not in named:
        return None
    rows = sheet_records(path, workbook[named[name]])
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    shown = f"{form.file} (feuille {name})"
    numbers = list(range(2, len(rows) + 1))
    uncalculated = formula_findings(shown, "", rows[1:], numbers, dict(enumerate(header)))
    form.findings += uncalculated
    # Its row is left out: what else it would be reported for (a question without a name) is the same cause.
    left_out = {finding.row for finding in uncalculated}
    found = []
    for number, row in zip(numbers, rows[1:], strict=True):
        if number in left_out:
            continue
        cells = {key: value.strip() for key, value in zip(header, row, strict=False)}
        if any(cells.values()):
            found.append({**cells, "_row": str(number)})
    return found


def _label(row: dict[str, str]) -> str:
    """The label in French where the form has one (``label::Français (fr)``), else the default label,
    else the first label of any language."""
    labels = {key: value for key, value in row.items() if key == "label" or key.startswith("label::")}
    french = next((value for key, value in labels.items() if "(fr)" in key or "fran" in key), "")
    return french or labels.get("label", "") or next((value for value in labels.values() if value), "")


def _problem(form: Form, problem: str, row: int | None = None, column: str = "", value: str = "") -> None:
    form.findings.append(
        Finding(form.file, row, column, value, rules.SURVEY_FORM.id, ERROR, rules.SURVEY_FORM.say(problem=problem))
    )


def _type(text: str) -> tuple[str, str]:
    """``select_one yes_no`` -> (select_one, yes_no); ``begin group`` -> (begin_group, "")."""
    words = text.split()
    if not words:
        return "", ""
    if words[0] in ("begin", "end") and len(words) > 1:
        return f"{words[0]}_{words[1]}", ""
    base = words[0]
    if base.endswith("_or_other"):  # select_one_or_other is a select_one with a free "other"
        base = base.removesuffix("_or_other")
    return base, words[1] if len(words) > 1 else ""


def _fields(form: Form, rows: list[dict[str, str]]) -> None:
    groups: list[str] = []
    for row in rows:
        kind, list_name = _type(row.get("type", ""))
        number, name = int(row["_row"]), row.get("name", "")
        if kind in ("begin_group", "begin_repeat"):
            groups.append(name)
            continue
        if kind in ("end_group", "end_repeat"):
            if groups:
                groups.pop()
            continue
        if not kind or kind in NO_COLUMN:
            continue
        if not name:
            _problem(form, _("une ligne de la feuille survey n'a pas de nom (colonne name)"), number, "name")
            continue
        if kind in (SELECT_ONE, SELECT_MULTIPLE) and list_name not in form.choices:
            _problem(
                form,
                _("la liste « {list} » n'est pas dans la feuille choices").format(list=list_name),
                number,
                "type",
                row.get("type", ""),
            )
            continue
        form.fields.append(
            Field(
                name=name,
                type=kind,
                list_name=list_name,
                label=_label(row),
                required=row.get("required", "").lower() in TRUE_WORDS,
                relevant=row.get("relevant", ""),
                groups=tuple(groups),
                row=number,
            )
        )


def read_form(
    path: Path, shown: str | None = None, root: Path | None = None, limit_mb: int = DEFAULT_MAX_WORKBOOK_MB
) -> Form:
    """The form at ``path``; ``shown``, the file as findings name it (default: its name). ``root``:
    the folder it must not lead out of, by default the one that holds the surveys folder (the raw
    folder); ``limit_mb``: the decompressed size past which it is refused."""
    form = Form(shown or path.name)
    if not path.is_file():
        _problem(form, _("le fichier est introuvable dans le dossier des enquêtes"))
        return form
    if not inside(root or path.parent.parent, path):
        form.findings.append(outside_finding(form.file, path, root or path.parent.parent))
        return form
    try:
        workbook = open_workbook(path, limit_mb)
    except InputFileError as error:
        _problem(form, error.message)
        return form
    try:
        survey = _sheet_rows(form, path, workbook, "survey")
        choices = _sheet_rows(form, path, workbook, "choices")
        settings = _sheet_rows(form, path, workbook, "settings") or []
    except InputFileError as error:
        _problem(form, error.message)
        return form
    finally:
        workbook.close()
    if survey is None:
        _problem(form, _("la feuille survey manque"))
        return form
    if survey and not {"type", "name"} <= set(survey[0]):
        _problem(form, _("la feuille survey n'a pas les colonnes type et name"))
        return form
    for row in choices or []:
        list_name = row.get("list_name") or row.get("list name", "")
        if list_name and row.get("name", ""):
            form.choices.setdefault(list_name, []).append(Choice(row["name"], _label(row) or row["name"]))
    _fields(form, survey)
    form.title = next((row.get("form_title", "") for row in settings if row.get("form_title")), "")
    return form


# A relevance the checks can evaluate: one comparison of an answer with a value, or selected().
_COMPARISON = re.compile(r"^\$\{(?P<field>[^}]+)\}\s*(?P<op>!=|=)\s*'?(?P<value>[^']*)'?$")
_SELECTED = re.compile(r"^selected\(\s*\$\{(?P<field>[^}]+)\}\s*,\s*'(?P<value>[^']*)'\s*\)$")


def relevance(expression: str) -> tuple[str, str, str] | None:
    """A ``relevant`` expression as (field, operator, value), the operator "=", "!=" or "selected";
    None when it is anything else (and, or, arithmetic…): such a question is never required."""
    text = expression.strip()
    if match := _SELECTED.match(text):
        return match["field"], "selected", match["value"]
    if match := _COMPARISON.match(text):
        return match["field"], match["op"], match["value"].strip()
    return None
