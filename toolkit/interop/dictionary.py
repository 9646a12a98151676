"""The data dictionary, generated from the schema: what each raw table and column holds and
the rules its values obey. docs/data-dictionary.md is this module's output, kept current by a test.
"""

from __future__ import annotations

from toolkit.model import schema
from toolkit.model.rules import RULES, STAGES
from toolkit.model.vocabulary import ColumnKind

KIND_TEXT = {
    ColumnKind.TEXT: "text",
    ColumnKind.SLUG: "identifier: lower-case letters, digits and hyphens",
    ColumnKind.INTEGER: "whole number",
    ColumnKind.AMOUNT: "amount with its currency, written the French way (`98 525 €`, `243 313 GBP`)",
    ColumnKind.DURATION: "duration (`25 mois`, `2 ans`) → months",
    ColumnKind.COUNTRIES: "country names or ISO codes (`Maroc, Egypte`) → ISO 3166 alpha-3 codes",
    ColumnKind.CODE: "a code, or its label",
    ColumnKind.LABELS: "labels from a closed list, separated by `;`",
    ColumnKind.PARTIAL_DATE: "ISO date, whole or partial (`2015`, `2015-03`, `2015-03-01`)",
    ColumnKind.CLAIM_VALUE: "a published figure, possibly qualified (`plus de 70`)",
    ColumnKind.MEASURED_VALUE: "a number, possibly qualified (`environ 300`)",
    ColumnKind.BOOLEAN: "`oui` or `non`",
    ColumnKind.SOURCE: "document references: `<document> l. <first>-<last>` or `<document> § <section>`, joined by ` + `",
    ColumnKind.SDG: "UN SDG goal or target codes (`8.6; 5`)",
}
SHOWN_CODES = 12


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rules(column: schema.Column) -> str:
    rules = []
    if column.required:
        rules.append("required")
    if column.required_if:
        rules.append(f"required when `{column.required_if}` has a value")
    if column.required_if_missing:
        rules.append(f"required when `{column.required_if_missing}` is empty")
    if column.minimum is not None or column.maximum is not None:
        low = "" if column.minimum is None else f"≥ {column.minimum:g}"
        high = "" if column.maximum is None else f"≤ {column.maximum:g}"
        rules.append(" and ".join(part for part in (low, high) if part))
    codes = sorted(set(column.codes.values()))
    if codes:
        shown = ", ".join(f"`{code}`" for code in codes[:SHOWN_CODES])
        more = f" and {len(codes) - SHOWN_CODES} more" if len(codes) > SHOWN_CODES else ""
        rules.append(f"codes: {shown}{more}")
    elif (column.kind == ColumnKind.CODE or column.kind == ColumnKind.LABELS) and not column.allowed:
        rules.append("closed list given by the programme's configuration")
    return "; ".join(rules)


def _table(table: schema.Table) -> list[str]:
    lines = [f"## `{table.file}`", "", table.description, ""]
    lines.append(
        f"Key: {', '.join(f'`{k}`' for k in table.key)}." + (" May hold no row." if table.may_be_empty else "")
    )
    lines += ["", "| column | clean column | what it holds | written as | rules |", "|---|---|---|---|---|"]
    for column in table.columns:
        clean = f"`{column.target}`" if column.target != column.name else ""
        unit = f" ({column.unit})" if column.unit else ""
        lines.append(
            f"| `{column.name}` | {clean} | {_cell(column.description)}{_cell(unit)} "
            f"| {_cell(KIND_TEXT[column.kind])} | {_cell(_rules(column))} |"
        )
    checks = [
        f"`{reference.column}` must be a `{reference.key}` of `{reference.table}.csv`"
        + (f" (or {', '.join(f'`{v}`' for v in reference.also_allowed)})" if reference.also_allowed else "")
        for reference in table.references
    ]
    checks += [f"`{rule.left}` {rule.op} `{rule.right}` (rule `{rule.rule.id}`)" for rule in table.pair_rules]
    if checks:
        lines += ["", "Across columns and tables:", ""] + [f"- {check}" for check in checks]
    return [*lines, ""]


def data_dictionary() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `toolkit/model/schema.py` by `python -m toolkit data-dictionary`; do not edit by hand",
        "(a test fails when this file and the schema disagree).",
        "",
        "Each raw table is a CSV file (`,` or `;`, UTF-8 or Windows-1252), an `.xlsx` file, or a sheet of",
        "one workbook named after the table. Rows are numbered as a spreadsheet numbers them, the header",
        "being row 1. A cell that breaks a rule puts its row in quarantine with the reason; a warning",
        "never removes a row. Columns marked as given by the programme's configuration take their",
        "closed list from `[vocabulary]` and `[ratings]` in `programme.toml`.",
        "",
        "**Text a spreadsheet would run.** A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage",
        "return is read by spreadsheets as a formula, and a formula can send the sheet's data away",
        "(`=HYPERLINK(…)`). The clean data keep such text as written. Two outputs are made for people",
        "to open in a spreadsheet, and are written so that it stays text (`toolkit/model/live_text.py`):",
        "`findings.csv` and `quarantine/*.csv` put a single quote before it, as OWASP recommends (the",
        "toolkit removes exactly that quote when it reads them back, so the pages show the value as",
        "written), and the workbook of `make workbook` writes it as a text cell. Numbers, negative ones",
        "included, are never touched.",
        "",
    ]
    for table in schema.TABLES:
        lines += _table(table)
    lines += _rule_catalogue()
    return "\n".join(lines).rstrip() + "\n"


def _rule_catalogue() -> list[str]:
    """Every rule a finding can name, from the catalogue (``toolkit/model/rules.py``)."""
    lines = [
        "## Rules",
        "",
        "Every rule a finding can name, declared once in `toolkit/model/rules.py`, in the order the data",
        'meets them. "What it checks" is what the data-quality page says the rule checks; "message" is',
        "the template of its findings' message, each `{placeholder}` filled in with the case at hand.",
        "",
        "| rule | stage | severity | what it checks | message |",
        "|---|---|---|---|---|",
    ]
    for stage in STAGES:
        for rule in (r for r in RULES.values() if r.stage == stage):
            severities = " or ".join(rule.severities)
            lines.append(f"| `{rule.id}` | {stage} | {severities} | {_cell(rule.checks)} | {_cell(rule.message)} |")
    return [*lines, ""]
