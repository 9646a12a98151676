"""The Great Expectations a table's suite holds, made from the schema by registered factories.

One factory per column kind (``BY_KIND``), registered with ``for_kinds`` beside its code, as
pandera registers a check method: adding a kind to the schema means adding its factory here,
and a kind without one stops the suite being built instead of leaving its column unchecked.
Around the kind's own expectations, ``COLUMN_FACTORIES`` holds what any column may declare
(required, required with another column, bounds) and ``TABLE_FACTORIES`` the rules of the whole
table (cited documents and quotations, the key, references, pairs of columns). ``build_suite``
only runs them, in that order.

Each expectation carries, in its ``meta``, the rule name, severity and the values of the
message the finding will show (the rule's template, ``toolkit/model/rules.py``), so that a
failing expectation becomes a finding without any lookup table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from toolkit.model import rules, schema
from toolkit.model.cells import VALUES_SEPARATOR
from toolkit.model.codelists import codelist
from toolkit.model.errors import ToolkitError
from toolkit.model.findings import ERROR
from toolkit.model.language import N_, _
from toolkit.model.vocabulary import ColumnKind
from toolkit.text.fmt import plain_number, semicolons

# Columns the validation frame computes (check/validate.py) for the expectations to read.
# Partial dates ("2015", "2015-03") are compared as periods: a start is its first day and an
# end its last, so that "2018" does not count as before "2018-05".
FIRST = "__first_"
LAST = "__last_"
WITHIN = "__within_lines_"  # whether every line a source cell cites exists in its document
QUOTED = "__quoted_"  # whether a verbatim text is at the lines its source column cites
# Two amounts compare only in one currency: the amount where the pair shares its currency, else missing.
SAME_CURRENCY = "__same_currency_"

UNITS_FR = {"months": N_("mois")}  # schema units as a message names them (in French, the message id)

# A factory gives the expectations of one column of a table, or of a whole table: plain lists,
# so that a factory is tested on its own, without a suite or a Great Expectations context.
ColumnFactory = Callable[[schema.Column, schema.Table], list[Any]]
TableFactory = Callable[[schema.Table, Mapping[str, Iterable[str]]], list[Any]]


class UnknownColumnKind(ToolkitError):
    """A column's kind has no expectation factory: a toolkit bug, refused rather than left unchecked."""

    def __init__(self, message: str, *, kind: str, table: str, column: str) -> None:
        super().__init__(message, kind=kind, table=table, column=column)
        self.kind = kind
        self.table = table
        self.column = column


# Keyed by the schema's kind constants. A member of a str enum hashes and compares as its
# value, so the registry answers the same whether the schema's kinds are strings or enum members.
BY_KIND: dict[str, ColumnFactory] = {}


def for_kinds(*kinds: str) -> Callable[[ColumnFactory], ColumnFactory]:
    """Register the decorated factory as the expectations of columns of ``kinds``.

    A kind registered twice fails on import: which of two factories wins must never depend on
    the order of the code.
    """

    def register(factory: ColumnFactory) -> ColumnFactory:
        for kind in kinds:
            if kind in BY_KIND:
                raise ValueError(
                    f"column kind '{kind}' has two expectation factories: {BY_KIND[kind].__name__}, {factory.__name__}"
                )
            BY_KIND[kind] = factory
        return factory

    return register


# Message values that only a failing row can give: the row a duplicated key repeats.
_ROW_VALUES = {rules.KEY_UNIQUE.id: ("first_row",)}


def finding_meta(rule: rules.Rule, column: str, values: dict[str, str] | None = None, severity: str = ERROR) -> dict:
    """The rule, column and severity of the findings, and their message from the rule's template.

    A duplicated key's message also names the row it repeats, which only the results know: its
    meta keeps the values and check/validate.py fills the message in, row by row.
    """
    values = values or {}
    row_values = dict.fromkeys(_ROW_VALUES.get(rule.id, ()), "")
    # Filled in now even then, so that a wrong name fails as the suite is built, not when a row first fails.
    message = rule.say(**values, **row_values)
    meta = {"rule": rule.id, "column": column, "severity": severity}
    return meta | ({"values": values} if row_values else {"message": message})


def lookalike_meta(rule: rules.Rule, column: str, values: dict[str, str], accepted: list[str]) -> dict:
    """``finding_meta`` of a closed list, with what it accepts and the message's values: a failing
    value that only looks like one of them (a Cyrillic letter, an invisible space) gets a hint,
    row by row (check/validate.py)."""
    return finding_meta(rule, column, values) | {"values": values, "lookalikes": accepted}


def build_suite(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> Any:
    """The expectation suite of ``table``; ``reference_ids`` gives the keys of referenced tables."""
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=f"{table.name}_suite")
    for expectation in expectations(table, reference_ids):
        suite.add_expectation(expectation)
    return suite


def expectations(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    """Every expectation of ``table`` in suite order: column by column, then the table's rules.

    Raises UnknownColumnKind when a column's kind has no factory.
    """
    by_column = [found for column in table.columns for factory in COLUMN_FACTORIES for found in factory(column, table)]
    return by_column + [found for factory in TABLE_FACTORIES for found in factory(table, reference_ids)]


# What any column may declare, whatever its kind.


def _required(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    if not column.required:
        return []
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column.target,
            meta=finding_meta(rules.REQUIRED, column.name, {"column": column.name}),
        )
    ]


def _required_with_another(column: schema.Column, _table: schema.Table) -> list[Any]:
    """Required depending on another column: when it is filled in, or when it is empty."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    conditions = (
        (rules.REQUIRED_IF, column.required_if, lambda name: Column(name).is_not_null()),
        (rules.REQUIRED_IF_MISSING, column.required_if_missing, lambda name: Column(name).is_null()),
    )
    return [
        gxe.ExpectColumnValuesToNotBeNull(
            column=column.target,
            row_condition=condition(other),
            meta=finding_meta(rule, column.name, {"column": column.name, "other": other}),
        )
        for rule, other, condition in conditions
        if other
    ]


def _of_its_kind(column: schema.Column, table: schema.Table) -> list[Any]:
    """The expectations the column's kind registered; a kind nobody registered is refused."""
    factory = BY_KIND.get(column.kind)
    if factory is None:
        raise UnknownColumnKind(
            _(
                "la colonne « {column} » de la table « {table} » est d'un type que la validation "
                "ne connaît pas (défaut de la boîte à outils, à signaler)"
            ).format(column=column.name, table=table.name),
            kind=column.kind,
            table=table.name,
            column=column.name,
        )
    return factory(column, table)


def _within_bounds(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    if column.minimum is None and column.maximum is None:
        return []
    # The end of "la valeur doit être {bounds}{unit}" (rule "range").
    bounds = (
        _("comprise entre {minimum} et {maximum}").format(
            minimum=plain_number(column.minimum), maximum=plain_number(column.maximum)
        )
        if column.maximum is not None
        else _("d'au moins {minimum}").format(minimum=plain_number(column.minimum))
    )
    shown_unit = _(UNITS_FR[column.unit]) if column.unit in UNITS_FR else column.unit
    unit = f" {shown_unit}" if shown_unit and " " not in shown_unit else ""
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column.target,
            min_value=column.minimum,
            max_value=column.maximum,
            meta=finding_meta(rules.RANGE, column.name, {"bounds": bounds, "unit": unit}),
        )
    ]


# The kind's expectations come after the requirements and before the bounds.
COLUMN_FACTORIES: tuple[ColumnFactory, ...] = (_required, _required_with_another, _of_its_kind, _within_bounds)


# One factory per column kind.


@for_kinds(
    ColumnKind.TEXT,
    ColumnKind.INTEGER,
    ColumnKind.AMOUNT,
    ColumnKind.DURATION,
    ColumnKind.COUNTRIES,
    ColumnKind.PARTIAL_DATE,
    ColumnKind.CLAIM_VALUE,
    ColumnKind.MEASURED_VALUE,
    ColumnKind.BOOLEAN,
)
def _read_by_the_converter(_column: schema.Column, _table: schema.Table) -> list[Any]:
    """Nothing of the kind's own: a cell that does not read as its kind is already the converter's
    finding (ingest/convert.py), and a number's bounds are the column's (``_within_bounds``)."""
    return []


@for_kinds(ColumnKind.SOURCE)
def _checked_with_the_documents(_column: schema.Column, _table: schema.Table) -> list[Any]:
    """Nothing per column: what a source may cite is known only with the documents the suite is
    built for, so its expectations are the table's (``_cited_documents``)."""
    return []


@for_kinds(ColumnKind.SLUG)
def _slug(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column=column.target,
            regex=schema.SLUG_PATTERN,
            meta=finding_meta(rules.FORMAT_SLUG, column.name),
        ),
        # Checked here, with the row, rather than found by the build when it names a page.
        gxe.ExpectColumnValueLengthsToBeBetween(
            column=column.target,
            max_value=schema.SLUG_MAX,
            meta=finding_meta(rules.FORMAT_SLUG_LENGTH, column.name, {"maximum": str(schema.SLUG_MAX)}),
        ),
        *(
            [
                gxe.ExpectColumnValuesToNotBeInSet(
                    column=column.target,
                    value_set=list(column.reserved),
                    meta=finding_meta(rules.FORMAT_RESERVED, column.name, {"reserved": ", ".join(column.reserved)}),
                )
            ]
            if column.reserved
            else []
        ),
    ]


def sdg_codes() -> set[str]:
    return set(codelist("UNSDG-Goals")) | set(codelist("UNSDG-Targets"))


@for_kinds(ColumnKind.SDG)
def _sdg(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    # Longest first: a target ("17.1") is tried before its goal ("17"); then by code, so that the
    # suite is the same in every process (a set's order changes with the interpreter's hash seed).
    codes = "|".join(re.escape(code) for code in sorted(sdg_codes(), key=lambda code: (-len(code), code)))
    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column=column.target,
            regex=rf"^(?:{codes})(?:{VALUES_SEPARATOR}(?:{codes}))*$",
            meta=finding_meta(rules.SDG_UNKNOWN, column.name),
        )
    ]


@for_kinds(ColumnKind.CODE)
def _code(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    # An empty list is a programme's open column: nothing to check it against.
    if not column.codes:
        return []
    codes = sorted(set(column.codes.values()))
    labels = sorted({label for label in column.codes if label.lower() not in {c.lower() for c in codes}})
    shown = ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")
    if labels:
        shown = _("{codes} (ou un libellé : {labels})").format(
            codes=shown, labels=", ".join(labels[:6]) + (", …" if len(labels) > 6 else "")
        )
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column=column.target,
            value_set=codes,
            meta=lookalike_meta(
                rules.CODELIST,
                column.name,
                {
                    "problem": _("valeur non acceptée"),
                    "allowed": _("utiliser l'une des valeurs {codes}").format(codes=shown),
                },
                sorted(set(codes) | set(labels)),
            ),
        )
    ]


@for_kinds(ColumnKind.LABELS)
def _labels(column: schema.Column, _table: schema.Table) -> list[Any]:
    import great_expectations.expectations as gxe

    # An empty list is a programme's open column, as for a code.
    if not column.allowed:
        return []
    choice = "|".join(re.escape(label) for label in column.allowed)
    return [
        gxe.ExpectColumnValuesToMatchRegex(
            column=column.target,
            regex=rf"^(?:{choice})(?:{VALUES_SEPARATOR}(?:{choice}))*$",
            meta=lookalike_meta(
                rules.CODELIST,
                column.name,
                {
                    "problem": _("chaque libellé doit être l'un des suivants"),
                    "allowed": _("{labels} (plusieurs libellés se séparent par « ; »)").format(
                        labels=semicolons(column.allowed)
                    ),
                },
                list(column.allowed),
            ),
        )
    ]


# The rules of a whole table.


def _documents(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> list[str]:
    """The documents a source may cite; none for documents.csv itself, which lists them."""
    if table.name == "documents":
        return []
    return sorted(set(reference_ids.get("documents", ())))


def _cited_documents(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    """Every reference of a source column names a document listed in documents.csv, within its lines."""
    import great_expectations.expectations as gxe

    documents = _documents(table, reference_ids)
    if not documents:
        return []
    known = "|".join(re.escape(document) for document in documents)
    one_reference = rf"(?:{known})(?: (?:l\. |§ )[^+]*?)?"
    found = []
    for column in table.columns:
        if column.kind == ColumnKind.SOURCE:
            found += [
                gxe.ExpectColumnValuesToMatchRegex(
                    column=column.target,
                    regex=rf"^{one_reference}(?: \+ {one_reference})*$",
                    meta=finding_meta(rules.SOURCE_DOCUMENT, column.name),
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column=WITHIN + column.target,
                    value_set=[True],
                    meta=finding_meta(rules.SOURCE_LINES, column.name),
                ),
            ]
    return found


def _quotations(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    """A verbatim text reads at the lines its source cites: checked only where the sources are."""
    import great_expectations.expectations as gxe

    if not _documents(table, reference_ids):
        return []
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column=QUOTED + column.target,
            value_set=[True],
            meta=finding_meta(rules.QUOTE_LINES, column.name, {"source": column.quotes}),
        )
        for column in table.columns
        if column.quotes
    ]


def _unique_key(table: schema.Table, _reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    import great_expectations.expectations as gxe

    if len(table.key) == 1:
        key_column = table.column(table.key[0])
        return [
            gxe.ExpectColumnValuesToBeUnique(
                column=key_column.target,
                meta=finding_meta(
                    rules.KEY_UNIQUE,
                    key_column.name,
                    {
                        "problem": _("la colonne « {column} » doit être unique").format(column=key_column.name),
                        "remedy": _("cette valeur est déjà utilisée"),
                    },
                ),
            )
        ]
    return [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=[table.column(name).target for name in table.key],
            ignore_row_if="never",
            meta=finding_meta(
                rules.KEY_UNIQUE,
                table.key[0],
                {
                    "problem": _("deux lignes ont la même clé ({columns})").format(columns=", ".join(table.key)),
                    "remedy": _("supprimer le doublon ou les distinguer"),
                },
            ),
        )
    ]


def _references(table: schema.Table, reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    import great_expectations.expectations as gxe

    found = []
    for reference in table.references:
        allowed = sorted(set(reference_ids.get(reference.table, ())) | set(reference.also_allowed))
        found.append(
            gxe.ExpectColumnValuesToBeInSet(
                column=table.column(reference.column).target,
                value_set=allowed,
                meta=finding_meta(rules.REFERENCE, reference.column, {"table": reference.table, "key": reference.key}),
            )
        )
    return found


def _pairs(table: schema.Table, _reference_ids: Mapping[str, Iterable[str]]) -> list[Any]:
    import great_expectations.expectations as gxe

    found = []
    for rule in table.pair_rules:
        left, right = _pair_columns(table, rule)
        found.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=left,
                column_B=right,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                meta=finding_meta(rule.rule, _raw_name(table, rule.right)),
            )
        )
    return found


def _raw_name(table: schema.Table, target: str) -> str:
    return next((c.name for c in table.columns if c.target == target), target)


def _is_date(table: schema.Table, target: str) -> bool:
    return any(c.target == target and c.kind == ColumnKind.PARTIAL_DATE for c in table.columns)


def _is_amount(table: schema.Table, target: str) -> bool:
    return any(c.target == target and c.kind == ColumnKind.AMOUNT for c in table.columns)


def _pair_columns(table: schema.Table, rule: schema.PairRule) -> tuple[str, str]:
    if _is_date(table, rule.left):
        return LAST + rule.left, FIRST + rule.right
    if _is_amount(table, rule.left):
        return SAME_CURRENCY + rule.left, SAME_CURRENCY + rule.right
    return rule.left, rule.right


TABLE_FACTORIES: tuple[TableFactory, ...] = (_cited_documents, _quotations, _unique_key, _references, _pairs)
