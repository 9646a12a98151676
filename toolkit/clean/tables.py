"""Raw tables to clean tables plus quarantine, with every row accounted for.

Order of work for each table: read (file-level findings), convert (cell findings),
validate with Great Expectations (rule findings), then split: a row with at least one
error goes to quarantine with its reasons, every other row is clean. Warnings never
drop a row. ``raw rows = clean rows + quarantined rows`` is checked for every table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from toolkit.check.attributions import check_attributions
from toolkit.check.discrepancies import check_concerned_operations
from toolkit.check.documents import read_documents
from toolkit.check.results_rules import check_people_transcribed, check_results
from toolkit.check.validate import validate
from toolkit.clean.conversion import CONVERSION_COLUMNS, to_reporting_currency
from toolkit.clean.surveys import FILES as SURVEY_FILES
from toolkit.clean.surveys import SurveysResult, clean_surveys
from toolkit.ingest.convert import clean_columns, convert
from toolkit.ingest.convert import retyped as _retyped
from toolkit.ingest.documents import DocumentTexts, documents_dir
from toolkit.ingest.parse import canonical_dimensions
from toolkit.ingest.people import group_label, groups_by_reach, person_total
from toolkit.ingest.readers import ROW, RawTable, read_raw
from toolkit.model import rules, schema
from toolkit.model.codelists import codelist
from toolkit.model.config import Config, load_config
from toolkit.model.errors import ToolkitError
from toolkit.model.findings import ERROR, Finding, count_line, plural, to_frame
from toolkit.model.live_text import neutralised_frame
from toolkit.model.outputs import write_csv
from toolkit.model.vocabulary import ValueType
from toolkit.text.fmt import quoted

RAW_ROW = "raw_row"  # in clean and quarantine tables: the row of the raw file the record came from
ACCOUNTING_COLUMNS = ["table", "file", "raw_rows", "clean_rows", "quarantined_rows", "blank_rows"]


class AccountingError(ToolkitError):
    """Rows were lost between the raw file and the clean and quarantine tables: a toolkit bug."""


@dataclass
class TableResult:
    raw: RawTable
    clean: pd.DataFrame
    quarantine: pd.DataFrame

    def accounting(self) -> dict[str, object]:
        return {
            "table": self.raw.table.name,
            "file": self.raw.file,
            "raw_rows": self.raw.row_count,
            "clean_rows": int(_typed(self.clean).sum()),
            "quarantined_rows": len(self.quarantine),
            "blank_rows": self.raw.blank_rows,
        }


@dataclass
class CleanResult:
    tables: dict[str, TableResult]
    findings: list[Finding] = field(default_factory=list)
    achievement: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Each amount converted into the reporting currency, or left in its own with the reason.
    conversions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONVERSION_COLUMNS))
    # The surveys' answers, accounted for like the tables' rows (clean/surveys.py).
    surveys: SurveysResult = field(default_factory=SurveysResult)

    @property
    def findings_frame(self) -> pd.DataFrame:
        return to_frame(self.findings)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def accounting(self) -> pd.DataFrame:
        rows = [result.accounting() for result in self.tables.values()] + self.surveys.accounting()
        return pd.DataFrame(rows, columns=ACCOUNTING_COLUMNS)

    def clean(self, name: str) -> pd.DataFrame:
        return self.tables[name].clean

    def accounting_lines(self) -> list[str]:
        """Each table's rows, as a terminal says them, then the count of findings."""
        lines = []
        for row in self.accounting.to_dict("records"):
            blank = f" ({plural(row['blank_rows'], 'ligne', 'vide', 'ignorée')})" if row["blank_rows"] else ""
            lines.append(
                f"  {row['file']} : {plural(row['raw_rows'], 'ligne')} = {plural(row['clean_rows'], 'propre')} "
                f"+ {row['quarantined_rows']} en quarantaine{blank}"
            )
        return [*lines, "  " + count_line(self.findings)]


SHADOWED = {rules.REQUIRED.id, rules.SOURCE_DOCUMENT.id, rules.SOURCE_LINES.id}


def _without_shadowed(findings: list[Finding], cell_findings: list[Finding]) -> list[Finding]:
    """One cause, one message: drop the checks that only repeat a problem already reported.

    A cell the converter could not read is empty to the suite ('required' would call it empty,
    'source.document' would call its reference unknown); a column missing from the header
    makes every one of its cells empty.
    """
    # A formula the workbook never calculated is a cell nobody can read either (ingest/readers.py).
    unread = {(f.table, f.row, f.column) for f in cell_findings}
    unread |= {(f.table, f.row, f.column) for f in findings if f.rule in (rules.CELL_FORMULA.id, rules.CELL_ERROR.id)}
    missing = {(f.table, f.column) for f in findings if f.rule == rules.COLUMNS_MISSING.id}
    # A cell that breaks a rule of its own (a range, a currency, a grant above its budget) is no
    # longer what its line says either: that is the same cause, reported once.
    failing = {(f.table, f.row, f.column) for f in findings if f.rule != rules.QUOTE_LINES.id}
    return [
        f
        for f in findings
        if not (f.rule in SHADOWED and ((f.table, f.row, f.column) in unread or (f.table, f.column) in missing))
        and not (f.rule == rules.QUOTE_LINES.id and (f.table, f.row, f.column) in failing)
    ]


def _column(finding: Finding) -> str:
    """The column a quarantine reason names, quoted as the language quotes ('' when the finding has none)."""
    return f" {quoted(finding.column)}" if finding.column else ""


def _split(raw: RawTable, typed: pd.DataFrame, findings: list[Finding]) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = raw.table
    reasons: dict[int, list[str]] = {}
    refused: dict[int, set[str]] = {}
    for finding in findings:
        if finding.severity != ERROR or finding.row is None:
            continue
        if table.refusable(finding.column):
            refused.setdefault(finding.row, set()).add(finding.column)
        else:
            reasons.setdefault(finding.row, []).append(f"[{finding.rule}]{_column(finding)} : {finding.message}")
    # A file-level error (a required column missing) affects every row.
    file_errors = [f for f in findings if f.severity == ERROR and f.row is None]
    for finding in file_errors:
        for row in raw.frame[ROW]:
            reasons.setdefault(int(row), []).append(f"[{finding.rule}]{_column(finding)} : {finding.message}")
    if table.refuses_cells:
        typed = _refuse(table, typed, refused)

    bad = raw.frame[ROW].isin(reasons.keys())
    quarantine = raw.frame[bad].rename(columns={ROW: RAW_ROW})
    quarantine.insert(0, RAW_ROW, quarantine.pop(RAW_ROW))
    quarantine["reasons"] = [" | ".join(reasons[int(row)]) for row in quarantine[RAW_ROW]]
    clean = typed[~typed[ROW].isin(reasons.keys())].rename(columns={ROW: RAW_ROW})
    clean = clean[[c for c in clean.columns if c != RAW_ROW] + [RAW_ROW]]
    return clean.reset_index(drop=True), quarantine.reset_index(drop=True)


def _refuse(table: schema.Table, typed: pd.DataFrame, refused: dict[int, set[str]]) -> pd.DataFrame:
    """Empty each refused cell (with every clean column it writes) and say which were refused."""
    typed = typed.copy()
    for row, names in refused.items():
        at = typed[ROW] == row
        for name in names:
            for target in clean_columns(table.column(name)):
                if target in typed:
                    typed[target] = typed[target].astype("object").where(~at, None)
    typed[schema.REFUSED] = [
        "; ".join(sorted(refused.get(int(row), ()), key=table.raw_names.index)) for row in typed[ROW]
    ]
    return _retyped(typed)


def _enrich(name: str, clean: pd.DataFrame) -> pd.DataFrame:
    """Values derived from the row itself, computed once here rather than in every report."""
    clean = clean.copy()
    if name == "observations" and "dimensions" in clean:
        # One spelling of each disaggregation, whatever spaces were typed: the rules key series on it.
        clean["dimensions"] = clean["dimensions"].map(canonical_dimensions)
    if name == "participants" and "role" in clean:
        clean["role_name"] = clean["role"].map(codelist("OrganisationRole"))
    if name == "indicators":
        if "level" in clean:
            clean["level_name"] = clean["level"].map(codelist("ResultType"))
        if "measure" in clean:
            clean["measure_name"] = clean["measure"].map(codelist("IndicatorMeasure"))
    return clean


def _typed(clean: pd.DataFrame) -> pd.Series:
    """Which clean rows were typed in the raw file, rather than derived from another table."""
    if schema.DERIVED_ROW not in clean:
        return pd.Series(True, index=clean.index)
    return clean[schema.DERIVED_ROW].isna()


def people_reached_observations(people: pd.DataFrame, operations: pd.DataFrame) -> pd.DataFrame:
    """Each operation's persons reached, as target observations of the two people-reached indicators.

    Derived from the fiche's groups (people.csv) rather than typed twice: only groups that
    count persons are added, each once, and the comment says what the sum leaves out.
    """
    rows = []
    known = set(operations["operation_id"]) if "operation_id" in operations else set()
    for (operation_id, reach), groups in groups_by_reach(people.to_dict("records")).items():
        indicator = schema.PEOPLE_INDICATORS.get(str(reach))
        if operation_id not in known or indicator is None:
            continue
        total = person_total(groups)
        if total.total is None:
            continue
        counted = next(group for group in groups if group_label(group) in total.counted)
        left_out = f"Non additionnés : {' ; '.join(total.left_out)}." if total.left_out else None
        rows.append(
            {
                "operation_id": operation_id,
                "indicator_id": indicator,
                "value_type": ValueType.TARGET.value,
                "period_start": None,
                "period_end": None,
                "value": total.total,
                "value_text": " + ".join(total.counted),
                "qualifier": total.qualifier,
                "value_max": total.total_max,
                "dimensions": None,
                "unit": None,
                "place": total.place or None,
                "comment": left_out,
                # The lines of the groups the total adds, and of the persons it could not count (they
                # make it "au moins"); the groups it leaves out are named in the comment.
                "source": " + ".join(
                    dict.fromkeys(str(group["source"]) for group in groups if _in_total(group, total.counted))
                ),
                schema.DERIVED_TABLE: "people",
                schema.DERIVED_ROW: int(counted[RAW_ROW]),
                schema.DERIVED_COLUMN: "count",
            }
        )
    derived = pd.DataFrame(rows)
    if not derived.empty:
        derived[schema.DERIVED_ROW] = derived[schema.DERIVED_ROW].astype("Int64")
    return derived


def _in_total(group: dict, counted: tuple[str, ...]) -> bool:
    """Whether a group of people.csv makes a persons total: added to it, or persons it could not count."""
    return group_label(group) in counted or (group.get("persons") is True and pd.isna(group.get("count")))


def _quarantine_rows(result: TableResult, findings: list[Finding]) -> None:
    """Move raw rows that a cross-row rule found in error from the clean table to quarantine."""
    reasons: dict[int, list[str]] = {}
    for finding in findings:
        if finding.severity == ERROR and finding.file == result.raw.file and finding.row is not None:
            reasons.setdefault(finding.row, []).append(f"[{finding.rule}]{_column(finding)} : {finding.message}")
    if not reasons:
        return
    clean = result.clean
    moving = clean[RAW_ROW].isin(reasons.keys()) & _typed(clean)
    raw_rows = result.raw.frame[result.raw.frame[ROW].isin(clean.loc[moving, RAW_ROW])].rename(columns={ROW: RAW_ROW})
    raw_rows = raw_rows.assign(reasons=[" | ".join(reasons[int(r)]) for r in raw_rows[RAW_ROW]])
    result.quarantine = pd.concat(
        [result.quarantine, raw_rows[[RAW_ROW, *result.raw.table.raw_names, "reasons"]]], ignore_index=True
    )
    result.clean = clean[~moving].reset_index(drop=True)


def clean_tables(raw_dir: Path, config: Config | None = None) -> CleanResult:
    """Read, convert, validate and split every table of the schema, then apply the rules that span
    tables (nothing is written). The results derived from the clean tables (published figures
    recomputed, achievement) are not here: ``toolkit.results.derive`` adds them."""
    config = config or load_config()
    results: dict[str, TableResult] = {}
    findings: list[Finding] = []
    reference_ids: dict[str, list[str]] = {}
    document_lines: dict[str, int] = {}
    texts = DocumentTexts()
    for table in schema.programme_tables(config.closed_lists()):
        raw = read_raw(raw_dir, table, config.max_workbook_mb)
        typed, cell_findings = convert(raw)
        if table.name == "documents":
            typed, texts, file_findings = read_documents(raw, typed, documents_dir(raw_dir))
            cell_findings = cell_findings + file_findings
        found = validate(raw, typed, reference_ids, document_lines, texts)
        if table.name == "discrepancies":
            found = found + check_concerned_operations(raw, typed, reference_ids.get("operations", ()))
        table_findings = _without_shadowed(raw.findings + cell_findings + found, cell_findings)
        clean, quarantine = _split(raw, typed, table_findings)
        results[table.name] = TableResult(raw, _enrich(table.name, clean), quarantine)
        findings.extend(table_findings)
        # References resolve against every key the raw file defines: a row that points at
        # a defined but quarantined operation is not wrong itself.
        key = table.key[0] if len(table.key) == 1 else None
        if key:
            reference_ids[table.name] = [str(v) for v in raw.frame[key] if str(v).strip()]
        if table.name == "documents" and not clean.empty:
            counted = clean[clean["lines"].notna()]
            document_lines = dict(zip(counted["document"], counted["lines"].astype("int64"), strict=True))

    operations_result = results["operations"]
    converted = to_reporting_currency(
        operations_result.clean, config.money, operations_result.raw.file, _written(operations_result.raw)
    )
    operations_result.clean = converted.operations
    findings.extend(converted.findings)
    observations = results["observations"]
    derived = people_reached_observations(results["people"].clean, results["operations"].clean)
    typed = observations.clean.assign(
        **{
            schema.DERIVED_TABLE: "",
            schema.DERIVED_ROW: pd.Series(pd.NA, index=observations.clean.index, dtype="Int64"),
            schema.DERIVED_COLUMN: "",
        }
    )
    observations.clean = pd.concat([typed, derived], ignore_index=True)
    indicators, operations = results["indicators"].clean, results["operations"].clean
    if not indicators.empty:
        rule_findings = check_results(observations.clean, indicators, operations, config.disaggregation_tolerance)
        # The rules name the CSV files; the data may have come from workbooks.
        actual = {f"{name}.csv": results[name].raw.file for name in ("observations", "operations")}
        rule_findings = [replace(f, file=actual.get(f.file, f.file)) for f in rule_findings]
        _quarantine_rows(observations, rule_findings)
        findings.extend(rule_findings)
    fiche_file = results["operations"].raw.file  # the rule names operations.csv; the data may be a workbook
    findings.extend(
        replace(finding, file=fiche_file) for finding in check_people_transcribed(operations, results["people"].clean)
    )
    evidence = results["evidence"]
    attributed = check_attributions(evidence.clean, operations, evidence.raw.file)
    _quarantine_rows(evidence, attributed)
    findings.extend(attributed)
    surveys = _surveys(raw_dir, results["surveys"], reference_ids.get("operations", []), config.max_workbook_mb)
    findings.extend(surveys.table_findings + surveys.findings)
    _check_accounting(results, surveys)
    return CleanResult(results, findings, conversions=converted.conversions, surveys=surveys)


def _surveys(raw_dir: Path, declared: TableResult, operation_ids: list[str], limit_mb: int) -> SurveysResult:
    """The surveys surveys.csv declares, read and checked; its rows whose field the form does not know
    (or that contradict their survey's first row) go to quarantine, and a title left empty is the form's."""
    surveys = clean_surveys(raw_dir, declared.clean, operation_ids, limit_mb)
    _quarantine_rows(declared, surveys.table_findings)
    if surveys.titles and not declared.clean.empty:
        titles = declared.clean["survey_id"].map(surveys.titles)
        declared.clean["title"] = declared.clean["title"].where(declared.clean["title"].notna(), titles)
    return surveys


def _written(raw: RawTable) -> dict[tuple[int, str], str]:
    """The amounts as typed, by raw row and column, for the findings of their conversion."""
    frame = raw.frame
    return {
        (int(row), column): str(text)
        for column in schema.AMOUNT_COLUMNS
        if column in frame
        for row, text in zip(frame[ROW], frame[column], strict=True)
    }


def _check_accounting(results: dict[str, TableResult], surveys: SurveysResult) -> None:
    for counts in [result.accounting() for result in results.values()] + surveys.accounting():
        if counts["raw_rows"] != counts["clean_rows"] + counts["quarantined_rows"]:
            raise AccountingError(
                "des lignes ont été perdues pendant le nettoyage (défaut de la boîte à outils, à signaler)",
                file=counts["file"],
                raw=counts["raw_rows"],
                clean=counts["clean_rows"],
                quarantined=counts["quarantined_rows"],
            )


def write_clean(result: CleanResult, clean_dir: Path) -> None:
    """Clean tables, quarantine, findings and row accounting, each as a UTF-8 CSV. The findings and
    the quarantine are for people to open in a spreadsheet: their text that one would run as a
    formula is neutralised (model/live_text.py), and read back restored."""
    for name, table_result in result.tables.items():
        write_csv(clean_dir / f"{name}.csv", table_result.clean)
        write_csv(clean_dir / "quarantine" / f"{name}.csv", neutralised_frame(table_result.quarantine))
    write_csv(clean_dir / "findings.csv", neutralised_frame(result.findings_frame))
    write_csv(clean_dir / "achievement.csv", result.achievement)
    write_csv(clean_dir / "accounting.csv", result.accounting)
    write_csv(clean_dir / "conversions.csv", result.conversions)
    for key, file in SURVEY_FILES.items():
        write_csv(clean_dir / file, result.surveys.frames.get(key, pd.DataFrame()))
    for survey in result.surveys.surveys:
        write_csv(clean_dir / "quarantine" / f"{survey.raw.table.name}.csv", neutralised_frame(survey.quarantine))
