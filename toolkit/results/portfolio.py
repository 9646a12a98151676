"""The clean data as the notebooks use it: load once, then ask for one operation or the whole programme.

Everything a page computes (shares, costs per person, totals, the programme's claims set
against the operation data) is computed here, where it is tested, and not in a notebook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from toolkit.ingest.countries import country_name
from toolkit.ingest.parse import SourceRef, parse_source_refs
from toolkit.ingest.people import PersonTotal, person_total
from toolkit.model import schema
from toolkit.model.cells import split_values
from toolkit.model.errors import ConfigurationError
from toolkit.model.language import _
from toolkit.model.live_text import restored_frame
from toolkit.model.vocabulary import ColumnKind, ValueType
from toolkit.results.money import Basis, comparable
from toolkit.text import fmt

TABLES = (
    "documents",
    "acronyms",
    "context",
    "members",
    "operations",
    "participants",
    "people",
    "logframe",
    "sdgs",
    "phase2",
    "claims",
    "discrepancies",
    "indicators",
    "observations",
    "questions",
    "matrix_indicators",
    "evidence",
    "ratings",
    "achievement",
    "conversions",
    "findings",
    "accounting",
)
TEXT_KINDS = {
    ColumnKind.TEXT,
    ColumnKind.SLUG,
    ColumnKind.CODE,
    ColumnKind.LABELS,
    ColumnKind.COUNTRIES,
    ColumnKind.PARTIAL_DATE,
    ColumnKind.SOURCE,
    ColumnKind.SDG,
}
# Read as text whatever they look like: codes such as "1" or "2.1", dates such as "2015".
TEXT_COLUMNS = {column.target for table in schema.TABLES for column in table.columns if column.kind in TEXT_KINDS} | {
    schema.REFUSED,
    *(f"{name}_currency" for name in schema.AMOUNT_COLUMNS),
}


@dataclass(frozen=True)
class Portfolio:
    documents: pd.DataFrame
    acronyms: pd.DataFrame
    context: pd.DataFrame
    members: pd.DataFrame
    operations: pd.DataFrame
    participants: pd.DataFrame
    people: pd.DataFrame
    logframe: pd.DataFrame
    sdgs: pd.DataFrame
    phase2: pd.DataFrame
    claims: pd.DataFrame
    discrepancies: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    questions: pd.DataFrame
    matrix_indicators: pd.DataFrame
    evidence: pd.DataFrame
    ratings: pd.DataFrame
    achievement: pd.DataFrame
    conversions: pd.DataFrame
    findings: pd.DataFrame
    accounting: pd.DataFrame

    @property
    def operation_ids(self) -> list[str]:
        return list(self.operations["operation_id"])

    def operation(self, operation_id: str) -> pd.Series:
        match = self.operations[self.operations["operation_id"] == operation_id]
        if match.empty:
            known = ", ".join(self.operation_ids)
            raise ConfigurationError(
                f"aucune opération « {operation_id} » dans les données propres ; opérations connues : {known}",
                operation_id=operation_id,
            )
        return match.iloc[0]

    def discrepancies_of(self, operation_id: str) -> pd.DataFrame:
        """The pairs of disagreeing passages that concern the operation."""
        from toolkit.check.discrepancies import concerned

        frame = self.discrepancies
        if frame.empty:
            return frame
        return frame[[operation_id in concerned(cell) for cell in frame["operations"]]]

    def participants_of(self, operation_id: str) -> pd.DataFrame:
        return self.participants[self.participants["operation_id"] == operation_id]

    def observations_of(self, operation_id: str) -> pd.DataFrame:
        observed = self.observations[self.observations["operation_id"] == operation_id]
        titles = self.indicators[["indicator_id", "title", "unit", "measure"]].rename(
            columns={"title": "indicator_title", "unit": "indicator_unit", "measure": "indicator_measure"}
        )
        return observed.merge(titles, on="indicator_id", how="left")

    def persons_groups(self) -> pd.DataFrame:
        """The groups of people.csv that count persons (the others are never added to persons)."""
        people = self.people
        return people[people["persons"].fillna(False).astype(bool)] if len(people) else people

    def people_of(self, operation_id: str) -> pd.DataFrame:
        return self.people[self.people["operation_id"] == operation_id]

    def persons_reached(self) -> pd.DataFrame:
        """Per operation and reach (direct, indirect), the persons its fiche counts: the groups that
        count persons, each once, with the groups the sum leaves out. Operations whose fiche counts
        no persons for a reach have no row: absence is not zero."""
        rows = []
        for (operation_id, reach), part in self.people.groupby(["operation_id", "reach"], sort=False):
            total = person_total(part.to_dict("records"))
            rows.append({"operation_id": operation_id, "reach": reach, **asdict(total)})
        return pd.DataFrame(
            rows,
            columns=[
                "operation_id",
                "reach",
                "total",
                "total_max",
                "qualifier",
                "counted",
                "left_out",
                "place",
                "estimated",
            ],
        )

    def logframe_of(self, operation_id: str) -> pd.DataFrame:
        return self.logframe[self.logframe["operation_id"] == operation_id]

    def targets_by_item(self, operation_id: str) -> dict[str, list[dict]]:
        """The operation's targets under the fiche item whose lines state them: a tie read from
        the source references, so that no one has to decide which result a target measures."""
        items = [
            (item["item_id"], ref)
            for item in self.logframe_of(operation_id).to_dict("records")
            for ref in parse_source_refs(str(item["source"]))
        ]
        observed = self.observations_of(operation_id)
        tied: dict[str, list[dict]] = {}
        for target in observed[observed["value_type"] == ValueType.TARGET].to_dict("records"):
            refs = parse_source_refs(str(target["source"]))
            for item_id, item_ref in items:
                if any(_overlaps(ref, item_ref) for ref in refs):
                    tied.setdefault(item_id, []).append(target)
                    break
        return tied

    def person_total(self, operation_id: str, reach: str) -> PersonTotal | None:
        """The persons one operation's fiche counts for ``reach``; None when it names no group for it."""
        groups = self.people[(self.people["operation_id"] == operation_id) & (self.people["reach"] == reach)]
        return None if groups.empty else person_total(groups.to_dict("records"))

    def findings_of(self, operation_id: str) -> pd.DataFrame:
        return self.findings[self.findings["operation_id"] == operation_id]


# The clean files written for people to open in a spreadsheet, neutralised (model/live_text.py).
NEUTRALISED = ("findings",)


def load(clean_dir: str | Path) -> Portfolio:
    """Read every clean table; a missing one means the build has not run yet."""
    folder = Path(clean_dir)
    frames = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            raise ConfigurationError(
                f"{path} manque : lancer d'abord `make report` (ou `python -m toolkit clean`)", path=str(path)
            )
        frame = pd.read_csv(path, dtype={c: "str" for c in TEXT_COLUMNS}, keep_default_na=True)
        frames[name] = restored_frame(frame) if name in NEUTRALISED else frame
    return Portfolio(**frames)


def quarantined(clean_dir: str | Path, table: str) -> pd.DataFrame:
    """Rows of ``table`` set aside with their reasons (empty when none)."""
    path = Path(clean_dir) / "quarantine" / f"{table}.csv"
    if not path.is_file():
        return pd.DataFrame()
    return restored_frame(pd.read_csv(path, dtype="str", keep_default_na=False))


def figure_source(operation: Mapping, figure: str) -> str:
    """The line a figure of the fiche stands on (``source_budget``, ``source_grant``,
    ``source_duration``); the operation's source when the data do not give it."""
    own = operation.get(f"source_{figure}")
    return str(operation.get("source")) if fmt.is_missing(own) else str(own)


def lead_name(operation: Mapping) -> str:
    """The lead organisation as tables and figures name it: its short name from the data
    (operations.csv, lead_short), else its full name; never a name cut short."""
    short = operation.get("lead_short")
    return str(operation["lead_org"]) if fmt.is_missing(short) else str(short)


def lead_names(operations: pd.DataFrame) -> dict[str, str]:
    """operation_id → lead_name, for every operation of the table; a lead of several operations is
    followed by each one's id, so that no two operations share a label (a chart would merge their bars)."""
    names = {str(row["operation_id"]): lead_name(row) for row in operations.to_dict("records")}
    shared = {name for name, count in Counter(names.values()).items() if count > 1}
    return {key: f"{name} ({key})" if name in shared else name for key, name in names.items()}


def country_names(codes: object) -> list[str]:
    return [country_name(code) for code in split_values(codes)]


def grant_share(operation: pd.Series) -> float | None:
    """Grant over budget, in their own currency when they share one, else converted (clean step)."""
    share = operation.get("grant_share")
    return None if share is None or pd.isna(share) else float(share)


def _overlaps(one: SourceRef, other: SourceRef) -> bool:
    if one.document != other.document or one.first_line is None or other.first_line is None:
        return False
    return one.first_line <= other.last_line and other.first_line <= one.last_line  # type: ignore[operator]


def cost_per_person_reached(operation: pd.Series, direct: PersonTotal | None) -> float | None:
    """Budget divided by the persons reached directly, in the budget's currency, only where that
    count is exact and whole: every direct group counted in persons, none an estimate, a range or
    left out."""
    budget = operation.get("budget")
    if direct is None or direct.total is None or direct.qualifier or direct.total_max is not None or direct.left_out:
        return None
    if pd.isna(budget) or not direct.total:
        return None
    return float(budget) / direct.total


def portfolio_totals(portfolio: Portfolio) -> dict[str, object]:
    """Counts and sums across operations; the sums in the basis' currency (``results.money``)."""
    operations = portfolio.operations
    budget, basis = comparable(operations, portfolio.conversions, "budget")
    grant, _ = comparable(operations, portfolio.conversions, "grant")
    return {
        "operations": len(operations),
        "budget": float(budget.sum(min_count=1)),
        "grant": float(grant.sum(min_count=1)),
        "basis": basis,
        "countries": sorted({code for codes in operations["countries"] for code in split_values(codes)}),
    }


def refused(operation: Mapping) -> set[str]:
    """The raw columns of an operation whose cell broke a rule and was emptied (schema.REFUSED)."""
    return set(split_values(operation.get(schema.REFUSED)))


def refused_in(operations: pd.DataFrame, name: str) -> pd.Series:
    """Which operations had their ``name`` cell refused."""
    column = operations.get(schema.REFUSED, pd.Series("", index=operations.index))
    return pd.Series([name in split_values(cell) for cell in column], index=operations.index, dtype=bool)


def stated(operation: Mapping, name: str, basis: Basis) -> str:
    """An operation's amount as its source states it, followed by its converted value where the
    figures beside it are converted: ``243 313 £GB (soit 281 024 € après conversion)``."""
    amount, currency = operation.get(name), operation.get(f"{name}_currency")
    shown = fmt.money(amount, currency)
    if basis.converted and currency != basis.currency and not fmt.is_missing(amount):
        converted = operation.get(f"{name}_reporting")
        shown += (
            _(" (soit {amount} après conversion)").format(amount=fmt.money(converted, basis.currency))
            if not fmt.is_missing(converted)
            else _(" (non converti, faute de taux)")
        )
    return shown


def findings_summary(portfolio: Portfolio) -> pd.DataFrame:
    """Findings counted by table, rule and severity, most frequent first."""
    findings = portfolio.findings
    if findings.empty:
        return pd.DataFrame(columns=["table", "rule", "severity", "count"])
    return (
        findings.groupby(["table", "rule", "severity"], dropna=False)
        .size()
        .reset_index(name="count")
        .sort_values(["count", "table", "rule"], ascending=[False, True, True], kind="stable")
        .reset_index(drop=True)
    )


# How far from the median an operation must be for the evaluator to be shown it.
BUDGET_FACTOR = 3.0
GRANT_SHARE_FACTOR = 0.5


def attention_points(portfolio: Portfolio) -> list[tuple[str, str, str]]:
    """Operations far from the others: a budget several times the median, a grant share far below it.
    Not verdicts: facts an evaluator must see and explain. Each note comes with its operation and the
    source of its figures: (operation_id, text, source)."""
    budgets, basis = comparable(portfolio.operations, portfolio.conversions, "budget")
    operations = portfolio.operations.assign(compared=budgets).dropna(subset=["compared", "grant_share"])
    if len(operations) < 3:
        return []
    median_budget = float(operations["compared"].median())
    median_share = float(operations["grant_share"].median())
    notes = []
    for operation in operations.to_dict("records"):
        budget, share = float(operation["compared"]), float(operation["grant_share"])
        if budget >= BUDGET_FACTOR * median_budget:
            notes.append(
                (
                    str(operation["operation_id"]),
                    (
                        _(
                            "{lead} : budget de {budget}, {factor} fois la médiane des opérations ({median} après "
                            "conversion)"
                        )
                        if basis.converted
                        else _("{lead} : budget de {budget}, {factor} fois la médiane des opérations ({median})")
                    ).format(
                        lead=lead_name(operation),
                        budget=stated(operation, "budget", basis),
                        factor=fmt.figure(round(budget / median_budget, 1)),
                        median=fmt.money(median_budget, basis.currency),
                    ),
                    figure_source(operation, "budget"),
                )
            )
        if share <= GRANT_SHARE_FACTOR * median_share:
            notes.append(
                (
                    str(operation["operation_id"]),
                    _(
                        "{lead} : subvention de {grant}, {share} du budget, contre {median} pour l'opération médiane"
                    ).format(
                        lead=lead_name(operation),
                        grant=stated(operation, "grant", basis),
                        share=fmt.percent(share),
                        median=fmt.percent(median_share),
                    ),
                    " + ".join(dict.fromkeys((figure_source(operation, "grant"), figure_source(operation, "budget")))),
                )
            )
    return notes
