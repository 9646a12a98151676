"""The warnings the evaluator has examined (``reviewed.csv``): marked, never dropped.

An acknowledgement names a warning by its file, rule, column and value as findings.csv gives them,
and by its row only when the row is filled in. Rows move when a row is added above them, values
rarely do: an acknowledgement without a row survives unrelated edits of its file, and stops
matching (a finding of its own) when the value it accepted changes, which is when it should be
looked at again. Its cost: one acknowledgement covers every row where the same value raises the
same warning in that column; the row pins it to one.

An error cannot be acknowledged: its row stays in quarantine, and the acknowledgement that names it
is a finding, as is one that names nothing.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from toolkit.model import rules
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.values import is_missing


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def _matches(finding: Finding, review: dict) -> bool:
    row = review.get("row")
    return (
        finding.file == _text(review.get("file"))
        and finding.rule == _text(review.get("rule"))
        and finding.column == _text(review.get("column"))
        and finding.value.strip() == _text(review.get("finding_value"))
        and (is_missing(row) or finding.row == int(row))
    )


def apply_reviews(findings: list[Finding], reviewed: pd.DataFrame, file: str) -> list[Finding]:
    """``findings`` with each acknowledged warning marked reviewed (its reason and date with it), then
    a finding for each acknowledgement that names an error or nothing. ``file``: reviewed.csv's name."""
    marked = list(findings)
    problems = []
    for review in reviewed.to_dict("records"):
        hits = [i for i, finding in enumerate(findings) if _matches(finding, review)]
        row = None if is_missing(review.get("raw_row")) else int(review["raw_row"])
        errors = [findings[i] for i in hits if findings[i].severity == ERROR]
        for error in errors[:1]:
            say = rules.REVIEWED_ERROR.say(
                rule=error.rule, row=error.row if error.row is not None else "—", file=error.file
            )
            problems.append(Finding(file, row, "", error.rule, rules.REVIEWED_ERROR.id, WARNING, say, table="reviewed"))
        warnings = [i for i in hits if findings[i].severity == WARNING]
        if not hits:
            say = rules.REVIEWED_UNMATCHED.say(file=_text(review.get("file")), rule=_text(review.get("rule")))
            value = _text(review.get("finding_value"))
            problems.append(Finding(file, row, "", value, rules.REVIEWED_UNMATCHED.id, WARNING, say, table="reviewed"))
        for i in warnings:
            marked[i] = replace(
                marked[i],
                reviewed=True,
                review_reason=_text(review.get("reason")),
                review_date=_text(review.get("date")),
            )
    return [*marked, *problems]
