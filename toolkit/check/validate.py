"""Great Expectations suites built from the schema, and their results as findings.

Each expectation carries, in its ``meta``, the rule name, severity and message the finding
will show, so that a failing expectation becomes a finding without any lookup table.
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


def _meta(rule: str, message: str, column: str, severity: str = ERROR) -> dict[str, str]:
    return {"rule": rule, "message": message, "column": column, "severity": severity}


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
                    meta=_meta(
                        rules.REQUIRED.id,
                        f"la colonne « {column.name} » est obligatoire et cette cellule est vide : la remplir",
                        column.name,
                    ),
                )
            )
        # Required depending on another column: when it is filled in, or when it is empty.
        for rule, other, condition, message in (
            (
                rules.REQUIRED_IF.id,
                column.required_if,
                lambda name: Column(name).is_not_null(),
                "est obligatoire dès que « {other} » est renseignée : remplir cette cellule",
            ),
            (
                rules.REQUIRED_IF_MISSING.id,
                column.required_if_missing,
                lambda name: Column(name).is_null(),
                "est obligatoire quand « {other} » est vide : remplir l'une ou l'autre",
            ),
        ):
            if other:
                suite.add_expectation(
                    gxe.ExpectColumnValuesToNotBeNull(
                        column=target,
                        row_condition=condition(other),
                        meta=_meta(rule, f"la colonne « {column.name} » " + message.format(other=other), column.name),
                    )
                )
        if column.kind == schema.SDG:
            codes = "|".join(re.escape(code) for code in sorted(sdg_codes(), key=len, reverse=True))
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=target,
                    regex=rf"^(?:{codes})(?:; (?:{codes}))*$",
                    meta=_meta(
                        rules.SDG_UNKNOWN.id,
                        "ce code n'est ni un objectif ni une cible de la liste officielle des ODD : écrire par exemple 5 ou 8.6",
                        column.name,
                    ),
                )
            )
        if column.kind == schema.SLUG:
            suite.add_expectation(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=target,
                    regex=schema.SLUG_PATTERN,
                    meta=_meta(
                        rules.FORMAT_SLUG.id,
                        "un identifiant ne contient que des lettres minuscules a-z, des chiffres et des tirets simples "
                        "(par exemple grdr-migrants-ess)",
                        column.name,
                    ),
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
                    meta=_meta(rules.RANGE.id, f"la valeur doit être {bounds}{unit}", column.name),
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
                        rules.CODELIST.id, f"valeur non acceptée : utiliser l'une des valeurs {shown}", column.name
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
                        rules.CODELIST.id,
                        f"chaque libellé doit être l'un des suivants : {' ; '.join(column.allowed)} "
                        "(plusieurs libellés se séparent par « ; »)",
                        column.name,
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
                    rules.KEY_UNIQUE.id,
                    f"la colonne « {key_column.name} » doit être unique : cette valeur est déjà utilisée",
                    key_column.name,
                ),
            )
        )
    else:
        suite.add_expectation(
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=[table.column(name).target for name in table.key],
                ignore_row_if="never",
                meta=_meta(
                    rules.KEY_UNIQUE.id,
                    f"deux lignes ont la même clé ({', '.join(table.key)}) : supprimer le doublon ou les distinguer",
                    table.key[0],
                ),
            )
        )
    for reference in table.references:
        allowed = sorted(set(reference_ids.get(reference.table, ())) | set(reference.also_allowed))
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeInSet(
                column=table.column(reference.column).target,
                value_set=allowed,
                meta=_meta(
                    rules.REFERENCE.id,
                    f"aucune ligne du fichier {reference.table}.csv n'a cette valeur de « {reference.key} » : "
                    "l'y ajouter ou corriger la valeur ici",
                    reference.column,
                ),
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
                meta=_meta(rule.rule, rule.message, _raw_name(table, rule.right)),
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
                    meta=_meta(
                        rules.SOURCE_DOCUMENT.id,
                        "la référence cite un document absent de documents.csv : ajouter le document ou corriger son nom",
                        column.name,
                    ),
                )
            )
            suite.add_expectation(
                gxe.ExpectColumnValuesToBeInSet(
                    column=_WITHIN + column.target,
                    value_set=[True],
                    meta=_meta(
                        rules.SOURCE_LINES.id,
                        "la référence renvoie au-delà de la dernière ligne de son document "
                        "(documents.csv, colonne « lines ») : corriger les lignes citées",
                        column.name,
                    ),
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


def _for_validation(table: schema.Table, frame: pd.DataFrame, document_lines: Mapping[str, int]) -> pd.DataFrame:
    """Every schema column present (even when the file lacked it) and plain numpy floats."""
    frame = frame.copy()
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
) -> str:
    digest = hashlib.sha256(repr(raw.table).encode())
    digest.update(raw.file.encode())
    digest.update(_frame_digest(raw.frame))
    digest.update(_frame_digest(typed))
    for reference in raw.table.references:
        digest.update(repr((reference.table, sorted(map(str, reference_ids.get(reference.table, ()))))).encode())
    digest.update(repr(sorted(document_lines.items())).encode())
    return digest.hexdigest()


def validate(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Run the table's suite on its typed values; one finding per failing row and rule."""
    if typed.empty:
        return []
    try:
        key = _memo_key(raw, typed, reference_ids, document_lines or {})
    except TypeError:  # a cell pandas cannot hash: validate without remembering
        return _run_suite(raw, typed, reference_ids, document_lines)
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return list(_MEMO[key])
    findings = _run_suite(raw, typed, reference_ids, document_lines)
    _MEMO[key] = findings
    if len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return list(findings)


def _run_suite(
    raw: RawTable,
    typed: pd.DataFrame,
    reference_ids: Mapping[str, Iterable[str]],
    document_lines: Mapping[str, int] | None,
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
            batch_parameters={"dataframe": _for_validation(table, typed, document_lines or {})}
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
                    f"la vérification « {meta.get('rule')} » n'a pas pu s'exécuter : "
                    f"{outcome.exception_info.get('exception_message')}",
                    table.name,
                )
            )
            continue
        if outcome.success:
            continue
        column = meta["column"]
        indexes = outcome.result.get("unexpected_index_list") or []
        messages = _first_occurrence_kept(indexes) if meta["rule"] == rules.KEY_UNIQUE.id else {}
        for index in indexes:
            row = int(index[ROW])
            if meta["rule"] == rules.KEY_UNIQUE.id and row not in messages:
                continue
            value = str(raw_by_row.at[row, column]) if column in raw_by_row else ""
            findings.append(
                Finding(
                    raw.file,
                    row,
                    column,
                    value,
                    meta["rule"],
                    meta.get("severity", ERROR),
                    meta["message"] + messages.get(row, ""),
                    table.name,
                    "" if operation_of is None else str(operation_of.at[row]),
                )
            )
    return findings


def _first_occurrence_kept(indexes: list[dict]) -> dict[int, str]:
    """For duplicated keys, the rows after the first, each with a note naming the first.

    The first occurrence stays clean: the repeats are what the user has to remove.
    """
    first: dict[tuple, int] = {}
    notes: dict[int, str] = {}
    for index in sorted(indexes, key=lambda entry: int(entry[ROW])):
        key = tuple(str(value) for name, value in sorted(index.items()) if name != ROW)
        row = int(index[ROW])
        if key in first:
            notes[row] = f" (même clé qu'à la ligne {first[key]})"
        else:
            first[key] = row
    return notes
