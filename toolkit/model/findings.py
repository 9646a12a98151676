"""Findings: every problem in the raw data, as one tidy table.

A finding names the file, the row as the user counts it in a spreadsheet (header = 1),
the column, the value, the rule and a plain-words message saying what to fix. Errors send
their row to quarantine; warnings never drop a row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from toolkit.model.errors import UndeclaredRule
from toolkit.model.language import N_, _, ngettext, pgettext
from toolkit.model.rules import ERROR, RULES, WARNING

# How a page or the terminal names a severity, in French (the message ids: ``_`` translates them).
SEVERITY_FR = {ERROR: N_("erreur"), WARNING: N_("avertissement")}

COLUMNS = [
    "file",
    "row",
    "column",
    "value",
    "rule",
    "severity",
    "message",
    "table",
    "operation_id",
    # The row's key as written ("operation_id=x; criterion=y"), so that a page can say which record
    # a finding set aside; then the evaluator's acknowledgement of a warning (reviewed.csv), if any.
    "key",
    "reviewed",
    "review_reason",
    "review_date",
]


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None  # None: the problem concerns the whole file or a whole column
    column: str
    value: str
    rule: str
    severity: str
    message: str
    table: str = ""
    operation_id: str = ""
    key: str = ""
    reviewed: bool = False  # a warning the evaluator acknowledged (check/acknowledgements.py)
    review_reason: str = ""
    review_date: str = ""

    def __post_init__(self) -> None:
        declared = RULES.get(self.rule)
        if declared is None or self.severity not in declared.severities:
            raise UndeclaredRule(
                _(
                    "un constat nomme une règle ou une gravité que toolkit/model/rules.py ne déclare pas "
                    "(défaut de la boîte à outils, à signaler)"
                ),
                rule=self.rule,
                severity=self.severity,
            )

    def as_record(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in COLUMNS}

    def describe(self) -> str:
        """One line for a terminal, in the active language: where, what, which rule.

        ``erreur : operations.csv, ligne 4, colonne « budget », valeur « 12x » [parse.amount] : …``
        """
        severity = _(SEVERITY_FR[self.severity]) if self.severity in SEVERITY_FR else self.severity
        where = [self.file]
        if self.row is not None:
            where.append(pgettext("the place of a finding", "ligne {row}").format(row=self.row))
        if self.column:
            where.append(pgettext("the place of a finding", "colonne « {column} »").format(column=self.column))
        if self.value:
            where.append(pgettext("the place of a finding", "valeur « {value} »").format(value=self.value))
        line = _("{severity} : {where} [{rule}] : {message}").format(
            severity=severity, where=", ".join(where), rule=self.rule, message=self.message
        )
        # A cell may span several lines; the terminal line must stay one line.
        return line.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def to_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings sorted the way a person fixes them: file, then row, then column."""
    frame = pd.DataFrame([f.as_record() for f in findings], columns=COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame.sort_values(["file", "row", "column", "rule"], na_position="first", kind="stable").reset_index(
        drop=True
    )


MAX_LISTED = 20  # findings a terminal lists before it says how many more there are


def finding_lines(findings: list[Finding], limit: int = MAX_LISTED) -> list[str]:
    """One terminal line per finding, errors first, at most ``limit`` of them; the warnings the
    evaluator acknowledged are counted in one line, not repeated (findings.csv keeps them)."""
    reviewed = sum(f.reviewed for f in findings)
    findings = [f for f in findings if not f.reviewed]
    listed = [f for f in findings if f.severity == ERROR] + [f for f in findings if f.severity != ERROR]
    lines = [finding.describe() for finding in listed[:limit]]
    if len(listed) > limit:
        lines.append(_("… et {count} de plus").format(count=len(listed) - limit))
    if reviewed:
        lines.append(
            ngettext(
                "{count} avertissement examiné non répété", "{count} avertissements examinés non répétés", reviewed
            ).format(count=reviewed)
        )
    return lines


def plural(count: int, *words: str) -> str:
    """A count for a terminal, its words agreeing (French: 0 and 1 take the singular):
    ``plural(2, "ligne", "vide")`` → ``2 lignes vides``."""
    ending = "s" if count > 1 else ""
    return " ".join([str(count), *(word + ending for word in words)])


def count_line(findings: list[Finding]) -> str:
    """``constats : 2 erreurs, 1 avertissement (détail dans findings.csv)``"""
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    return _("constats : {errors}, {warnings} (détail dans findings.csv)").format(
        errors=ngettext("{count} erreur", "{count} erreurs", errors).format(count=errors),
        warnings=ngettext("{count} avertissement", "{count} avertissements", warnings).format(count=warnings),
    )
