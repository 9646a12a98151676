"""Great Expectations suites built from the schema, and their results as findings.

Each expectation carries, in its ``meta``, the rule name, severity and the values of the
message the finding will show (the rule's template, ``toolkit/model/rules.py``), so that a
failing expectation becomes a finding without any lookup table.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from toolkit.check.quotations import figure_found, quotation_found
from toolkit.ingest.documents import DocumentTexts
from toolkit.ingest.parse import parse_source_refs
from toolkit.ingest.readers import ROW, RawTable
from toolkit.model import rules, schema
from toolkit.model.codelists import codelist
from toolkit.model.errors import ParseError
from toolkit.model.findings import ERROR, Finding
from toolkit.model.periods import first_day, last_day
from toolkit.text.fmt import plain_number

# Partial dates ("2015", "2015-03") are compared as periods: a start is its first day and an
# end its last, so that "2018" does not count as before "2018-05".
_FIRST = "__first_"
_LAST = "__last_"
_WITHIN = "__within_lines_"
_QUOTED = "__quoted_"  # whether a verbatim text is at the lines its source column cites


# Figures found at their lines as numbers, each with the other numbers that may write it: a
# duration of 24 months is also "2 ans".
def _no_other(_value: float | None) -> tuple[float, ...]:
    return ()


def _in_years(value: float | None) -> tuple[float, ...]:
    return () if value is None else (value / 12,)


_FIGURES = {schema.AMOUNT: _no_other, schema.DURATION: _in_years, schema.INTEGER: _no_other}


def _plain(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


_RUNS = itertools.count()  # unique names for suites and data sources in the shared context  # whether every line a source cell cites exists in its document
UNITS_FR = {"months": "mois"}  # schema units as a French message names them


@cache
def _context() -> Any:
    # Imported lazily: great_expectations costs seconds to import and most CLI calls
    # (--help, usage errors) never validate anything.
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


# Message values that only a failing row can give: the row a duplicated key repeats.
_ROW_VALUES = {rules.KEY_UNIQUE.id: ("first_row",)}


def _meta(rule: rules.Rule, column: str, values: dict[str, str] | None = None, severity: str = ERROR) -> dict:
    """The rule, column and severity of the findings, and their message from the rule's template.

    A duplicated key's message also names the row it repeats, which only the results know: its
    meta keeps the values and _run_suite fills the message in, row by row.
    """
    values = values or {}
    row_values = dict.fromkeys(_ROW_VALUES.get(rule.id, ()), "")
    # Filled in now even then, so that a wrong name fails as the suite is built, not when a row first fails.
    message = rule.say(**values, **row_values)
    meta = {"rule": rule.id, "column": column, "severity": severity}
    return meta | ({"values": values} if row_values else {"message": message})


def build_suite(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> Any:
    """The expectation suite of ``table``; ``reference_ids`` gives the keys of referenced tables."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    suite = gx.ExpectationSuite(name=f"{table.name}_suite")
    for column in table.columns:
        target = column.target
        if column.required:
            suite.add_expectation(
                gxe.ExpectColumnValuesToNotBeNull(
                    column=target,
                    meta=_meta(rules.REQUIRED, column.name, {"column": column.name}),
                )
            )
        # Required depending on another column: when it is filled in, or when it is empty.
        for rule, other, condition in (
            (rules.REQUIRED_IF, column.required_if, lambda name: Column(name).is_not_null()),
            (rules.REQUIRED_IF_MISSING, column.required_if_missing, lambda name: Column(name).is_null()),
        ):
            if other:
                suite.add_expectation(
                    gxe.ExpectColumnValuesToNotBeNull(
                        column=target,
                        row_condition=condition(other),
                        meta=_meta(rule, column.name, {"column": column.name, "other": other}),
                    )
                )
        if column.kind == schema.SDG:
            codes = "|".join(re.escape(code) for code in sorted(sdg_codes(), key=len, reverse=True))
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=target,
                    regex=rf"^(?:{codes})(?:; (?:{codes}))*$",
                    meta=_meta(rules.SDG_UNKNOWN, column.name),
                )
            )
        if column.kind == schema.SLUG:
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=target,
                    regex=schema.SLUG_PATTERN,
                    meta=_meta(rules.FORMAT_SLUG, column.name),
                )
            )
        if column.minimum is not None or column.maximum is not None:
            bounds = (
                f"comprise entre {plain_number(column.minimum)} et {plain_number(column.maximum)}"
                if column.maximum is not None
                else (f"d'au moins {plain_number(column.minimum)}")
            )
            shown_unit = UNITS_FR.get(column.unit, column.unit)
            unit = f" {shown_unit}" if shown_unit and " " not in shown_unit else ""
            suite.add_expectation(
                gxe.ExpectColumnValuesToBeBetween(
                    column=target,
                    min_value=column.minimum,
                    max_value=column.maximum,
                    meta=_meta(rules.RANGE, column.name, {"bounds": bounds, "unit": unit}),
                )
            )
        # An empty list is a programme's open column: nothing to check it against.
        if column.kind == schema.CODE and column.codes:
            codes = sorted(set(column.codes.values()))
            labels = sorted({label for label in column.codes if label.lower() not in {c.lower() for c in codes}})
            shown = ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")
            if labels:
                shown += " (ou un libellé : " + ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "") + ")"
            suite.add_expectation(
                gxe.ExpectColumnValuesToBeInSet(
                    column=target,
                    value_set=codes,
                    meta=_meta(
                        rules.CODELIST,
                        column.name,
                        {"problem": "valeur non acceptée", "allowed": f"utiliser l'une des valeurs {shown}"},
                    ),
                )
            )
        if column.kind == schema.LABELS and column.allowed:
            choice = "|".join(re.escape(label) for label in column.allowed)
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=target,
                    regex=rf"^(?:{choice})(?:; (?:{choice}))*$",
                    meta=_meta(
                        rules.CODELIST,
                        column.name,
                        {
                            "problem": "chaque libellé doit être l'un des suivants",
                            "allowed": f"{' ; '.join(column.allowed)} (plusieurs libellés se séparent par « ; »)",
                        },
                    ),
                )
            )
    documents = sorted(set(reference_ids.get("documents", ())))
    if documents and table.name != "documents":
        _expect_known_documents(suite, table, documents)
    if len(table.key) == 1:
        key_column = table.column(table.key[0])
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeUnique(
                column=key_column.target,
                meta=_meta(
                    rules.KEY_UNIQUE,
                    key_column.name,
                    {
                        "problem": f"la colonne « {key_column.name} » doit être unique",
                        "remedy": "cette valeur est déjà utilisée",
                    },
                ),
            )
        )
    else:
        suite.add_expectation(
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=[table.column(name).target for name in table.key],
                ignore_row_if="never",
                meta=_meta(
                    rules.KEY_UNIQUE,
                    table.key[0],
                    {
                        "problem": f"deux lignes ont la même clé ({', '.join(table.key)})",
                        "remedy": "supprimer le doublon ou les distinguer",
                    },
                ),
            )
        )
    for reference in table.references:
        allowed = sorted(set(reference_ids.get(reference.table, ())) | set(reference.also_allowed))
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeInSet(
                column=table.column(reference.column).target,
                value_set=allowed,
                meta=_meta(rules.REFERENCE, reference.column, {"table": reference.table, "key": reference.key}),
            )
        )
    for rule in table.pair_rules:
        left, right = _pair_columns(table, rule)
        suite.add_expectation(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=left,
                column_B=right,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                meta=_meta(rule.rule, _raw_name(table, rule.right)),
            )
        )
    return suite


def sdg_codes() -> set[str]:
    return set(codelist("UNSDG-Goals")) | set(codelist("UNSDG-Targets"))


def _expect_known_documents(suite: Any, table: schema.Table, documents: list[str]) -> None:
    """Every reference of a source column names a document listed in documents.csv, within its lines."""
    import great_expectations.expectations as gxe

    known = "|".join(re.escape(document) for document in documents)
    one_reference = rf"(?:{known})(?: (?:l\. |§ )[^+]*?)?"
    for column in table.columns:
        if column.kind == schema.SOURCE:
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=column.target,
                    regex=rf"^{one_reference}(?: \+ {one_reference})*$",
                    meta=_meta(rules.SOURCE_DOCUMENT, column.name),
                )
            )
            suite.add_expectation(
                gxe.ExpectColumnValuesToBeInSet(
                    column=_WITHIN + column.target,
                    value_set=[True],
                    meta=_meta(rules.SOURCE_LINES, column.name),
                )
            )
    for column in table.columns:
        if column.quotes:
            suite.add_expectation(
                gxe.ExpectColumnValuesToBeInSet(
                    column=_QUOTED + column.target,
                    value_set=[True],
                    meta=_meta(rules.QUOTE_LINES, column.name, {"source": column.quotes}),
                )
            )


def _raw_name(table: schema.Table, target: str) -> str:
    return next((c.name for c in table.columns if c.target == target), target)


def _is_date(table: schema.Table, target: str) -> bool:
    return any(c.target == target and c.kind == schema.PARTIAL_DATE for c in table.columns)


def _pair_columns(table: schema.Table, rule: schema.PairRule) -> tuple[str, str]:
    if _is_date(table, rule.left):
        return _LAST + rule.left, _FIRST + rule.right
    return rule.left, rule.right


def period_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each ISO partial date ("2015" covers 2015-01-01 to 2015-12-31)."""
    text = values.astype("str").where(values.notna(), None)
    # Once per distinct date: a portfolio repeats the same few periods on every row.
    distinct = text.dropna().unique()
    first = pd.to_datetime(text.map({day: first_day(day) for day in distinct}), errors="coerce")
    last = pd.to_datetime(text.map({day: last_day(day) for day in distinct}), errors="coerce")
    return first, last


def _with_period_columns(table: schema.Table, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in table.columns:
        if column.kind == schema.PARTIAL_DATE and column.target in frame:
            frame[_FIRST + column.target], frame[_LAST + column.target] = period_bounds(frame[column.target])
    return frame


def _within_lines(cell: object, document_lines: Mapping[str, int]) -> bool | None:
    if not isinstance(cell, str) or not cell:
        return None
    try:
        refs = parse_source_refs(cell)
    except ParseError:
        return None  # an unreadable reference is reported by the converter already
    for ref in refs:
        last = ref.last_line or ref.first_line
        limit = document_lines.get(ref.document)
        if last is not None and limit is not None and last > limit:
            return False
    return True


def _for_validation(
    table: schema.Table,
    frame: pd.DataFrame,
    document_lines: Mapping[str, int],
    texts: DocumentTexts,
    written: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every schema column present (even when the file lacked it) and plain numpy floats.
    ``written``: the raw text of each row (by spreadsheet row), which a quotation is compared as."""
    frame = frame.copy()
    for column in table.columns:
        if column.quotes and table.column(column.quotes).target in frame:
            source = frame[table.column(column.quotes).target]
            if column.kind in _FIGURES and column.target in frame:
                # A figure is found as a number: "98 525,00 €" in the data is the fiche's "98 525 €".
                frame[_QUOTED + column.target] = [
                    figure_found(_plain(value), cited, texts, also=_FIGURES[column.kind](_plain(value)))
                    for value, cited in zip(frame[column.target], source, strict=True)
                ]
                continue
            # Text as written, the document's own words.
            if written is not None and column.name in written:
                text = frame[ROW].map(written.set_index(ROW)[column.name])
            else:
                text = frame.get(column.target, pd.Series(None, index=frame.index))
            frame[_QUOTED + column.target] = [
                quotation_found(value, cited, texts) for value, cited in zip(text, source, strict=True)
            ]
    for column in table.columns:
        if column.kind == schema.SOURCE and column.target in frame:
            # Once per distinct reference: a portfolio cites the same few lines on many rows.
            cells = frame[column.target]
            within = {cell: _within_lines(cell, document_lines) for cell in cells.dropna().unique()}
            frame[_WITHIN + column.target] = cells.map(within)
    for column in table.columns:
        if column.target not in frame:
            frame[column.target] = None
    for name in frame.columns:
        if str(frame[name].dtype) == "Float64":
            frame[name] = frame[name].astype("float64")
    return _with_period_columns(table, frame)


# Findings of the tables validated in this process, by everything they depend on: a table that
# has not changed since its last validation (the untouched tables of a notebook re-run, or of a
# test's edited copy of the data) is not run through Great Expectations a second time.
_MEMO: OrderedDict[str, list[Finding]] = OrderedDict()
_MEMO_SIZE = 64


def _frame_digest(frame: pd.DataFrame) -> bytes:
    hashed = pd.util.hash_pandas_object(frame.astype("object"), index=True).to_numpy().tobytes()
    return repr([(str(name), str(dtype)) for name, dtype in frame.dtypes.items()]).encode() + hashed


def _memo_key(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int],
    texts: DocumentTexts,
) -> str:
    digest = hashlib.sha256(repr(raw.table).encode())
    digest.update(raw.file.encode())
    digest.update(_frame_digest(raw.frame))
    digest.update(_frame_digest(typed))
    for reference in raw.table.references:
        digest.update(repr((reference.table, sorted(map(str, reference_ids.get(reference.table, ()))))).encode())
    digest.update(repr(sorted(document_lines.items())).encode())
    digest.update(texts.digest.encode())
    return digest.hexdigest()


def validate(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None = None,
    texts: DocumentTexts | None = None,
) -> list[Finding]:
    """Run the table's suite on its typed values; one finding per failing row and rule.
    ``texts``: the documents' texts, to find each quotation at its lines."""
    if typed.empty:
        return []
    texts = texts or DocumentTexts()
    try:
        key = _memo_key(raw, typed, reference_ids, document_lines or {}, texts)
    except TypeError:  # a cell pandas cannot hash: validate without remembering
        return _run_suite(raw, typed, reference_ids, document_lines, texts)
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return list(_MEMO[key])
    findings = _run_suite(raw, typed, reference_ids, document_lines, texts)
    _MEMO[key] = findings
    if len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return list(findings)


def _run_suite(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None,
    texts: DocumentTexts,
) -> list[Finding]:
    table = raw.table
    context = _context()
    name = f"{table.name}_{next(_RUNS)}"
    batch_definition = (
        context.data_sources.add_pandas(name)
        .add_dataframe_asset(table.name)
        .add_batch_definition_whole_dataframe("all")
    )
    try:
        # The batch validates the suite directly: a ValidationDefinition would also store the
        # suite and every result in the context, a second or more of bookkeeping at scale.
        batch = batch_definition.get_batch(
            batch_parameters={"dataframe": _for_validation(table, typed, document_lines or {}, texts, raw.frame)}
        )
        result = batch.validate(
            build_suite(table, reference_ids),
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
        )
    finally:
        # The context lives as long as the process: leave nothing behind for the next run.
        context.data_sources.delete(name)

    raw_by_row = raw.frame.set_index(ROW)
    operation_of = raw_by_row.get("operation_id")
    findings: list[Finding] = []
    for outcome in result.results:
        meta = outcome.expectation_config.meta or {}
        if outcome.exception_info and outcome.exception_info.get("raised_exception"):
            findings.append(
                Finding(
                    raw.file,
                    None,
                    meta.get("column", ""),
                    "",
                    rules.VALIDATION_EXCEPTION.id,
                    ERROR,
                    rules.VALIDATION_EXCEPTION.say(
                        check=meta.get("rule"), exception=outcome.exception_info.get("exception_message")
                    ),
                    table.name,
                )
            )
            continue
        if outcome.success:
            continue
        column = meta["column"]
        rule = rules.RULES[meta["rule"]]
        indexes = outcome.result.get("unexpected_index_list") or []
        repeated = _first_occurrence_kept(indexes) if rule is rules.KEY_UNIQUE else {}
        message = meta.get("message")
        for index in indexes:
            row = int(index[ROW])
            if rule is rules.KEY_UNIQUE:
                if row not in repeated:
                    continue
                # The row it repeats: one message per row, not per check.
                message = rule.say(**meta["values"], first_row=repeated[row])
            value = str(raw_by_row.at[row, column]) if column in raw_by_row else ""
            findings.append(
                Finding(
                    raw.file,
                    row,
                    column,
                    value,
                    rule.id,
                    meta.get("severity", ERROR),
                    message,
                    table.name,
                    "" if operation_of is None else str(operation_of.at[row]),
                )
            )
    return findings


def _first_occurrence_kept(indexes: list[dict]) -> dict[int, int]:
    """For duplicated keys, the rows after the first, each with the row of the first.

    The first occurrence stays clean: the repeats are what the user has to remove.
    """
    first: dict[tuple, int] = {}
    repeats: dict[int, int] = {}
    for index in sorted(indexes, key=lambda entry: int(entry[ROW])):
        key = tuple(str(value) for name, value in sorted(index.items()) if name != ROW)
        row = int(index[ROW])
        if key in first:
            repeats[row] = first[key]
        else:
            first[key] = row
    return repeats
