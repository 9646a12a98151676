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
from toolkit.model.rules import ERROR, RULES, WARNING

SEVERITY_FR = {ERROR: "erreur", WARNING: "avertissement"}  # how a page or the terminal names a severity

COLUMNS = ["file", "row", "column", "value", "rule", "severity", "message", "table", "operation_id"]


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

    def __post_init__(self) -> None:
        declared = RULES.get(self.rule)
        if declared is None or self.severity not in declared.severities:
            raise UndeclaredRule(
                "un constat nomme une règle ou une gravité que toolkit/model/rules.py ne déclare pas "
                "(défaut de la boîte à outils, à signaler)",
                rule=self.rule,
                severity=self.severity,
            )

    def as_record(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in COLUMNS}

    def describe(self) -> str:
        """One line for a terminal, in French: where, what, which rule.

        ``erreur : operations.csv, ligne 4, colonne « budget », valeur « 12x » [parse.amount] : …``
        """
        severity = SEVERITY_FR.get(self.severity, self.severity)
        where = f"{self.file}, ligne {self.row}" if self.row is not None else self.file
        column = f", colonne « {self.column} »" if self.column else ""
        value = f", valeur « {self.value} »" if self.value else ""
        line = f"{severity} : {where}{column}{value} [{self.rule}] : {self.message}"
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
    """One terminal line per finding, errors first, at most ``limit`` of them."""
    listed = [f for f in findings if f.severity == ERROR] + [f for f in findings if f.severity != ERROR]
    lines = [finding.describe() for finding in listed[:limit]]
    if len(listed) > limit:
        lines.append(f"… et {len(listed) - limit} de plus")
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
    return f"constats : {plural(errors, 'erreur')}, {plural(warnings, 'avertissement')} (détail dans findings.csv)"
