"""What the surveys' clean answers say, question by question: counts and shares with their n.

``n`` is the number of submissions that answered the question: a submission without an answer
(not asked, skipped, or set aside) is never a zero, it is counted apart (``missing``). A share is a
count over n; for a select_multiple, over the submissions that ticked at least one choice, so its
shares add up to more than 100 %. Below ``SMALL_N`` answers a page gives counts only. A scale
(a select_one whose choices are named 1 to N, ``ingest/xlsform.py``) keeps its steps in order and
counts the choices off the scale (« ne sait pas ») apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.model.values import is_missing

SMALL_N = 10  # below this many answers, shares say little: counts only
FILES = {
    "surveys": "surveys.csv",
    "answers": "survey_answers.csv",
    "submissions": "survey_submissions.csv",
    "fields": "survey_fields.csv",
    "choices": "survey_choices.csv",
}


@dataclass(frozen=True)
class SurveyData:
    """The clean survey files: the ties of surveys.csv and the answers, long."""

    surveys: pd.DataFrame
    answers: pd.DataFrame
    submissions: pd.DataFrame
    fields: pd.DataFrame
    choices: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in FILES}

    def tied(self, question_id: str) -> list[tuple[str, str]]:
        """The (survey, field) pairs surveys.csv ties to an evaluative question, in its order, each once,
        and only those whose field the clean answers know (a field of a survey set aside has none)."""
        rows = self.surveys[self.surveys["question_id"] == question_id] if len(self.surveys) else self.surveys
        known = set(zip(self.fields["survey_id"], self.fields["field"], strict=True)) if len(self.fields) else set()
        pairs = [(str(row["survey_id"]), str(row["field"])) for row in rows.to_dict("records")]
        return [pair for pair in dict.fromkeys(pairs) if pair in known]

    def survey(self, survey_id: str) -> dict:
        """The survey's first row of surveys.csv (title, files, period, operation)."""
        return self.surveys[self.surveys["survey_id"] == survey_id].iloc[0].to_dict()

    def submission_count(self, survey_id: str) -> int:
        return int((self.submissions["survey_id"] == survey_id).sum()) if len(self.submissions) else 0


def _empty(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="str") for name in names})


def load_surveys(clean_dir: str | Path) -> SurveyData:
    """The clean survey files; a file missing (a clean folder from before surveys) reads as empty."""
    folder = Path(clean_dir)
    frames = {}
    for name, file in FILES.items():
        path = folder / file
        frame = pd.read_csv(path, dtype="str", keep_default_na=False) if path.is_file() else pd.DataFrame()
        frames[name] = frame.replace({"": None})
    for name in ("surveys", "answers", "submissions", "fields", "choices"):
        if frames[name].empty and not len(frames[name].columns):
            frames[name] = _empty(_COLUMNS[name])
    return SurveyData(**frames)


_COLUMNS = {
    "surveys": ["survey_id", "title", "opens", "closes", "operation_id", "operation_field", "field", "question_id"],
    "answers": ["survey_id", "submission", "operation_id", "field", "value", "raw_row"],
    "submissions": ["survey_id", "submission", "operation_id", "day", "raw_row"],
    "fields": ["survey_id", "field", "type", "list_name", "label", "required", "scale", "position"],
    "choices": ["survey_id", "list_name", "choice", "label", "position"],
}


def operation_slice(data: SurveyData, operation_id: str) -> SurveyData:
    """What an operation's page reads of the surveys: the answers and submissions that concern it, and
    the ties, questions and choices of the surveys they belong to."""
    answers = data.answers[data.answers["operation_id"] == operation_id]
    submissions = data.submissions[data.submissions["operation_id"] == operation_id]
    surveys = set(submissions["survey_id"])
    return SurveyData(
        data.surveys[data.surveys["survey_id"].isin(surveys)].reset_index(drop=True),
        answers.reset_index(drop=True),
        submissions.reset_index(drop=True),
        data.fields[data.fields["survey_id"].isin(surveys)].reset_index(drop=True),
        data.choices[data.choices["survey_id"].isin(surveys)].reset_index(drop=True),
    )


@dataclass(frozen=True)
class Count:
    choice: str
    label: str
    count: int
    share: float  # count / n


@dataclass(frozen=True)
class QuestionResult:
    """One survey question's answers counted."""

    survey_id: str
    field: str
    label: str
    type: str
    submissions: int  # the survey's submissions (of the slice)
    n: int  # those that answered
    counts: list[Count] = field(default_factory=list)  # every choice, in the form's order (a scale: its steps)
    off_scale: list[Count] = field(default_factory=list)  # a scale's other choices, counted apart
    values: tuple[float, ...] = ()  # an integer or decimal question's answers
    scale: bool = False  # an ordered scale: ``counts`` are its steps, lowest first

    @property
    def missing(self) -> int:
        """Submissions without an answer: never zeros, counted apart."""
        return self.submissions - self.n

    @property
    def small(self) -> bool:
        return self.n < SMALL_N

    @property
    def on_scale(self) -> int:
        """The answers on the scale's steps (n without the off-scale choices)."""
        return sum(count.count for count in self.counts)


def _is_true(value: object) -> bool:
    return not is_missing(value) and str(value).strip().lower() in ("true", "1", "oui")


def question_result(data: SurveyData, survey_id: str, field_name: str) -> QuestionResult:
    """The counts of one survey question in ``data`` (the whole survey, or an operation's slice)."""
    fields = data.fields
    definition = fields[(fields["survey_id"] == survey_id) & (fields["field"] == field_name)].iloc[0].to_dict()
    answers = data.answers[(data.answers["survey_id"] == survey_id) & (data.answers["field"] == field_name)]
    n = int(answers["submission"].nunique())
    base = {
        "survey_id": survey_id,
        "field": field_name,
        "label": str(definition.get("label") or field_name),
        "type": str(definition["type"]),
        "submissions": data.submission_count(survey_id),
        "n": n,
    }
    if definition["type"] in ("integer", "decimal"):
        values = tuple(float(value) for value in pd.to_numeric(answers["value"], errors="coerce").dropna())
        return QuestionResult(**base, values=values)
    choices = data.choices[
        (data.choices["survey_id"] == survey_id) & (data.choices["list_name"] == definition["list_name"])
    ]
    given = answers["value"].value_counts()
    counted = [
        Count(
            str(row["choice"]),
            str(row["label"]),
            int(given.get(row["choice"], 0)),
            float(given.get(row["choice"], 0) / n) if n else 0.0,
        )
        for row in choices.to_dict("records")
    ]
    if not _is_true(definition.get("scale")):
        return QuestionResult(**base, counts=counted)
    steps = sorted((count for count in counted if count.choice.isdigit()), key=lambda count: int(count.choice))
    others = [count for count in counted if not count.choice.isdigit()]
    return QuestionResult(**base, counts=steps, off_scale=others, scale=True)


def positive_share(result: QuestionResult) -> float | None:
    """A scale's share of answers above its middle step, over the answers on the scale; None without any."""
    if not result.on_scale:
        return None
    middle = (len(result.counts) + 1) / 2
    return sum(count.count for count in result.counts if int(count.choice) > middle) / result.on_scale
