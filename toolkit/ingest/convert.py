"""Turn a raw text table into typed values, one column kind at a time.

A cell that cannot be read becomes an empty value plus a finding on its row; the row
itself is only dropped later, by the error findings, so that nothing is lost silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.ingest import parse
from toolkit.ingest.countries import country_codes
from toolkit.ingest.readers import ROW, RawTable
from toolkit.model import rules, schema
from toolkit.model.cells import join_codes, join_values, split_values
from toolkit.model.errors import AmbiguousValue, ParseError
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.vocabulary import ColumnKind

TRUE_WORDS = {"oui", "vrai", "true", "yes", "1", "o", "y"}
FALSE_WORDS = {"non", "faux", "false", "no", "0", "n"}


@dataclass
class Cell:
    """What one raw cell becomes: values for one or more clean columns, and maybe a problem."""

    values: dict[str, object]
    rule: str = ""
    severity: str = ""
    message: str = ""


Converter = Callable[[schema.Column, str], Cell]


def _problem(values: dict[str, object], error: ParseError, severity: str) -> Cell:
    return Cell(values, error.rule, severity, error.message)


def _text(column: schema.Column, raw: str) -> Cell:
    return Cell({column.target: raw})


def _integer(column: schema.Column, raw: str) -> Cell:
    try:
        return Cell({column.target: parse.parse_integer(raw)})
    except ParseError as error:
        return _problem({column.target: None}, error, ERROR)


def _amount(column: schema.Column, raw: str) -> Cell:
    # The amount keeps the currency its source states; conversion for totals is a later step
    # (clean/conversion.py), which needs the programme's settings and the row's date.
    currency = f"{column.target}_currency"
    try:
        money = parse.parse_amount(raw)
    except ParseError as error:
        return _problem({column.target: None, currency: None}, error, ERROR)
    return Cell({column.target: money.amount, currency: money.currency})


def _duration(column: schema.Column, raw: str) -> Cell:
    try:
        return Cell({column.target: parse.parse_duration_months(raw)})
    except AmbiguousValue as error:
        return _problem({column.target: None}, error, WARNING)
    except ParseError as error:
        return _problem({column.target: None}, error, ERROR)


def _countries(column: schema.Column, raw: str) -> Cell:
    try:
        return Cell({column.target: join_codes(country_codes(raw))})
    except ParseError as error:
        return _problem({column.target: None}, error, ERROR)


def _code(column: schema.Column, raw: str) -> Cell:
    # A label is mapped onto its code; an unknown one is kept as written so that the
    # Great Expectations code-list check reports it with its row.
    return Cell({column.target: column.codes.get(raw.strip().lower(), raw.strip())})


def _labels(column: schema.Column, raw: str) -> Cell:
    allowed = {label.lower(): label for label in column.allowed}
    return Cell({column.target: join_values(allowed.get(part.lower(), part) for part in split_values(raw))})


_SDG_PREFIX = re.compile(r"^(?:ODD|SDG)", re.IGNORECASE)


def _sdg(column: schema.Column, raw: str) -> Cell:
    # "ODD 8.6", "SDG 5", "8.6 ; 5.5", "6.B" -> "8.6; 5.5; 6.b" (the UN writes the means-of-
    # implementation targets in lower case); whether each code exists is the suite's check.
    codes = [_SDG_PREFIX.sub("", part).strip().rstrip(".").lower() for part in split_values(raw, commas=True)]
    return Cell({column.target: join_values(codes)})


def _partial_date(column: schema.Column, raw: str) -> Cell:
    try:
        return Cell({column.target: parse.parse_partial_date(raw)})
    except ParseError as error:
        return _problem({column.target: None}, error, ERROR)


def _valued(column: schema.Column, raw: str, severity: str) -> Cell:
    name = column.target
    try:
        parsed = parse.parse_claim_value(raw)
    except ParseError as error:
        values = {name: None, f"{name}_text": raw, "qualifier": "", f"{name}_max": None}
        return _problem(values, error, severity)
    return Cell(
        {name: parsed.value, f"{name}_text": raw, "qualifier": parsed.qualifier, f"{name}_max": parsed.value_max}
    )


def _claim_value(column: schema.Column, raw: str) -> Cell:
    return _valued(column, raw, ERROR)


def _measured_value(column: schema.Column, raw: str) -> Cell:
    # A document's own ambiguity ("7/11") is kept verbatim and reported, not rejected.
    return _valued(column, raw, WARNING)


def _boolean(column: schema.Column, raw: str) -> Cell:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return Cell({column.target: True})
    if word in FALSE_WORDS:
        return Cell({column.target: False})
    return Cell({column.target: None}, rules.PARSE_BOOLEAN.id, ERROR, rules.PARSE_BOOLEAN.say(value=raw))


def _source(column: schema.Column, raw: str) -> Cell:
    try:
        refs = parse.parse_source_refs(raw)
    except ParseError as error:
        return _problem({column.target: raw}, error, ERROR)
    return Cell({column.target: " + ".join(str(ref) for ref in refs)})


CONVERTERS: dict[str, Converter] = {
    ColumnKind.TEXT: _text,
    ColumnKind.SLUG: _text,
    ColumnKind.INTEGER: _integer,
    ColumnKind.AMOUNT: _amount,
    ColumnKind.DURATION: _duration,
    ColumnKind.COUNTRIES: _countries,
    ColumnKind.CODE: _code,
    ColumnKind.LABELS: _labels,
    ColumnKind.PARTIAL_DATE: _partial_date,
    ColumnKind.CLAIM_VALUE: _claim_value,
    ColumnKind.MEASURED_VALUE: _measured_value,
    ColumnKind.BOOLEAN: _boolean,
    ColumnKind.SOURCE: _source,
    ColumnKind.SDG: _sdg,
}

# Extra clean columns some kinds write, so that an empty cell still yields every column.
_EMPTY_EXTRAS: dict[str, Callable[[str], dict[str, object]]] = {
    ColumnKind.CLAIM_VALUE: lambda n: {n: None, f"{n}_text": "", "qualifier": "", f"{n}_max": None},
    ColumnKind.MEASURED_VALUE: lambda n: {n: None, f"{n}_text": "", "qualifier": "", f"{n}_max": None},
    ColumnKind.AMOUNT: lambda n: {n: None, f"{n}_currency": None},
}


def _empty_cell(column: schema.Column) -> Cell:
    return Cell(_EMPTY_EXTRAS.get(column.kind, lambda n: {n: None})(column.target))


def clean_columns(column: schema.Column) -> list[str]:
    """Every clean column a raw column writes (an amount writes its currency too)."""
    return list(_empty_cell(column).values)


def convert(raw: RawTable) -> tuple[pd.DataFrame, list[Finding]]:
    """Typed frame (one row per raw row, ROW kept) and the findings of cells that did not parse.

    Column by column, each distinct text converted once: converters are pure, and a portfolio
    repeats its dates, sources and codes over many rows.
    """
    table = raw.table
    frame = raw.frame
    if frame.empty:
        # An empty table still has every clean column, so that readers of the clean CSV find them.
        columns = [ROW] + [name for c in table.columns for name in _empty_cell(c).values]
        return pd.DataFrame({name: pd.Series(dtype="int64" if name == ROW else "str") for name in columns}), []
    findings: list[Finding] = []
    rows = frame[ROW].to_numpy()
    operations = frame["operation_id"].astype("str").to_numpy() if "operation_id" in table.raw_names else None
    typed: dict[str, object] = {ROW: rows}
    for column in table.columns:
        codes, texts = pd.factorize(frame[column.name].astype("str").to_numpy())
        cells = [CONVERTERS[column.kind](column, text) if text.strip() else _empty_cell(column) for text in texts]
        for name in dict.fromkeys(name for cell in cells for name in cell.values):
            distinct = np.empty(len(cells), dtype=object)
            distinct[:] = [cell.values.get(name) for cell in cells]
            typed[name] = distinct[codes]
        flagged = np.array([bool(cell.rule) for cell in cells])[codes]
        for position in np.flatnonzero(flagged):
            cell, text = cells[codes[position]], texts[codes[position]]
            operation = str(operations[position]) if operations is not None else ""
            findings.append(
                Finding(
                    raw.file,
                    int(rows[position]),
                    column.name,
                    text,
                    cell.rule,
                    cell.severity,
                    cell.message,
                    table.name,
                    operation,
                )
            )
    return _typed(pd.DataFrame(typed)), findings


def retyped(frame: pd.DataFrame) -> pd.DataFrame:
    """The nullable dtypes of a typed frame, again, after some of its values were emptied."""
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable dtypes, so that missing stays missing (never 0) and CSV output stays plain."""
    for name in frame.columns:
        values = frame[name]
        if name == ROW:
            continue
        # A column comes from one converter: its distinct values tell its type.
        distinct = pd.unique(values.dropna().to_numpy())
        if not len(distinct):
            continue
        if all(isinstance(v, bool) for v in distinct):
            frame[name] = values.astype("boolean")
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in distinct):
            frame[name] = values.astype("Float64")
        else:
            frame[name] = values.astype("str").where(values.notna(), None)
    return frame
