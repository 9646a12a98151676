"""Rules of the results framework that span several rows or tables.

The Great Expectations suites check each row against its own table; these rules compare
observations with each other (units of a series, disaggregations against their total,
cumulative series over time) and with the indicator and operation they belong to. Each
broken rule is a finding located on the row a user has to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pandas as pd

from toolkit.ingest.parse import parse_people_reached
from toolkit.ingest.people import groups_by_reach
from toolkit.model import rules
from toolkit.model.cells import split_values
from toolkit.model.findings import ERROR, WARNING, Finding
from toolkit.model.language import _, pgettext
from toolkit.model.periods import first_day, last_day
from toolkit.model.schema import derived_origin
from toolkit.model.values import is_missing
from toolkit.model.vocabulary import ValueType
from toolkit.text.fmt import plain_number

PERCENTAGE, QUALITATIVE = "2", "5"
QUANTITATIVE = {"1", "2"}
DIMENSION = re.compile(r"^[^=;]+=[^=;]+$")
PERIOD = ["period_start", "period_end"]
TIME_DIMENSIONS = {"année", "annee", "year", "an"}


def _derived_unit_note() -> str:
    """Why a unit mismatch on a value derived from a fiche is only a warning: the value stays as written."""
    return " (" + _("valeur gardée telle que la fiche l'indique, exclue des totaux") + ")"


def _finding(row: dict, column: str, value: object, rule: str, severity: str, message: str) -> Finding:
    """A finding where the user fixes it: observations.csv, or the cell of the table a row was derived from."""
    file, number = "observations.csv", int(row["raw_row"]) if pd.notna(row.get("raw_row")) else None
    origin = derived_origin(row)
    if origin:
        table, number, column = origin
        file = f"{table}.csv"
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return Finding(
        file, number, column, text, rule, severity, message, file.removesuffix(".csv"), str(row["operation_id"])
    )


def _text(value: object) -> str:
    """Missing values as '' so that an empty period matches an empty period (NaN never equals NaN)."""
    return value if isinstance(value, str) else ""


def _dimensions(value: object) -> dict[str, str]:
    if not isinstance(value, str) or not value.strip():
        return {}
    return dict(part.split("=", 1) for part in split_values(value) if "=" in part)


def _strings(values: pd.Series) -> pd.Series:
    """Text with missing as '' and surrounding spaces removed, for vectorised masks."""
    return values.astype("string").fillna("").str.strip()


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _candidates(observations: pd.DataFrame, mask: pd.Series) -> list[dict]:
    """Only the rows a vectorised pre-check could not clear go through the row-by-row rule:
    at portfolio scale, turning every row into a dictionary costs more than the rules."""
    return observations[mask.fillna(False).astype(bool).to_numpy()].to_dict("records")


def _units(indicators: pd.DataFrame) -> dict[str, object]:
    return indicators.set_index("indicator_id")["unit"].to_dict()


def _measures(indicators: pd.DataFrame) -> dict[str, str]:
    return indicators.set_index("indicator_id")["measure"].astype("str").to_dict()


def _bounds(operations: pd.DataFrame) -> dict[str, dict]:
    return operations.set_index("operation_id")[["start", "end"]].to_dict("index")


def check_units(observations: pd.DataFrame, indicators: pd.DataFrame) -> Iterator[Finding]:
    units = _units(indicators)
    stated = _strings(observations["unit"])
    expected = _strings(observations["indicator_id"].map(units))
    for row in _candidates(observations, (stated != "") & (expected != "") & (stated != expected)):
        yield from _row_unit(row, units)


def _row_unit(row: dict, units: dict[str, object]) -> Iterator[Finding]:
    stated, expected = row.get("unit"), units.get(row["indicator_id"])
    if isinstance(stated, str) and stated.strip() and isinstance(expected, str) and stated.strip() != expected.strip():
        derived = derived_origin(row) is not None
        yield _finding(
            row,
            "unit",
            row.get("value_text") if derived else stated,
            rules.INDICATOR_UNIT.id,
            WARNING if derived else ERROR,
            rules.INDICATOR_UNIT.say(stated=stated, expected=expected, note=_derived_unit_note() if derived else ""),
        )


def check_values(observations: pd.DataFrame, indicators: pd.DataFrame) -> Iterator[Finding]:
    measures = _measures(indicators)
    measure = observations["indicator_id"].map(measures)
    value, upper = _numbers(observations["value"]), _numbers(observations["value_max"])
    outside = (value < 0) | (value > 100) | (upper < 0) | (upper > 100)
    missing = value.isna() & (_strings(observations["value_text"]) == "")
    suspect = (
        ((measure == PERCENTAGE) & outside)
        | (measure.isin(QUANTITATIVE) & missing)
        | ((measure == QUALITATIVE) & (_strings(observations["comment"]) == ""))
        | (_strings(observations["dimensions"]) != "")
    )
    for row in _candidates(observations, suspect):
        yield from _row_values(row, measures)


def _row_values(row: dict, measures: dict[str, str]) -> Iterator[Finding]:
    measure = measures.get(row["indicator_id"])
    value = row.get("value")
    has_value = value is not None and not pd.isna(value)
    written = _text(row.get("value_text")).strip()
    upper = row.get("value_max")
    values = [float(v) for v in (value, upper) if v is not None and not pd.isna(v)]
    if measure == PERCENTAGE and any(not 0 <= v <= 100 for v in values):
        yield _finding(
            row,
            "value",
            written or value,
            rules.VALUE_PERCENTAGE.id,
            ERROR,
            rules.VALUE_PERCENTAGE.say(),
        )
    if measure in QUANTITATIVE and not has_value and not written:
        yield _finding(
            row,
            "value",
            "",
            rules.VALUE_NUMBER_REQUIRED.id,
            ERROR,
            rules.VALUE_NUMBER_REQUIRED.say(),
        )
    if measure == QUALITATIVE and not _text(row.get("comment")).strip():
        yield _finding(
            row,
            "comment",
            "",
            rules.VALUE_COMMENT_REQUIRED.id,
            ERROR,
            rules.VALUE_COMMENT_REQUIRED.say(),
        )
    dimensions = row.get("dimensions")
    if isinstance(dimensions, str) and dimensions.strip():
        bad = [part for part in split_values(dimensions) if not DIMENSION.match(part)]
        if bad:
            yield _finding(
                row,
                "dimensions",
                dimensions,
                rules.DIMENSIONS_FORMAT.id,
                ERROR,
                rules.DIMENSIONS_FORMAT.say(),
            )


def check_periods(observations: pd.DataFrame, operations: pd.DataFrame) -> Iterator[Finding]:
    """An observation's period lies within its operation's dates, where both are known; a
    baseline may start before the operation, since it is measured before the work begins.

    Compared as periods: "2015" starts on 2015-01-01 and "2018" ends on 2018-12-31.
    """
    bounds = _bounds(operations)
    starts = operations.set_index("operation_id")["start"]
    ends = operations.set_index("operation_id")["end"]
    start, end = (_strings(observations["operation_id"].map(days)) for days in (starts, ends))
    period_start, period_end = _strings(observations["period_start"]), _strings(observations["period_end"])
    baseline = observations["value_type"].astype("string") == ValueType.BASELINE
    early = (start != "") & (period_start != "") & (_days(period_start, first_day) < _days(start, first_day))
    early &= ~baseline.fillna(False)
    # A baseline's year (IATI's baseline/@year) dates when it was measured: it ends after the
    # operation only when its whole year does, so "2021" stands in an operation ending 2021-07-31.
    late_day = _days(period_end, last_day).where(~baseline.fillna(False), _days(period_end, first_day))
    late = (end != "") & (period_end != "") & (late_day > _days(end, last_day))
    for row in _candidates(observations, early | late):
        yield from _row_period(row, bounds)


def _days(values: pd.Series, day: Callable[[str], str]) -> pd.Series:
    """``day`` applied once per distinct value: a portfolio repeats a few periods many times."""
    return values.map({value: day(value) if value else "" for value in values.unique()})


def _row_period(row: dict, bounds: dict[str, dict]) -> Iterator[Finding]:
    known = bounds.get(row["operation_id"])
    if known:
        start, end = _text(known.get("start")), _text(known.get("end"))
        period_start, period_end = _text(row.get("period_start")), _text(row.get("period_end"))
        before = first_day(period_start) < first_day(start) if start and period_start else False
        if before and row.get("value_type") != ValueType.BASELINE:
            message = rules.PERIOD_OUTSIDE_OPERATION.say(
                # Translators: "the period {overrun} the operation ({bound}: {date})".
                overrun=pgettext("a period against its operation", "commence avant"),
                bound=pgettext("the bound of an operation", "début"),
                date=start,
            )
            yield _finding(row, "period_start", period_start, rules.PERIOD_OUTSIDE_OPERATION.id, ERROR, message)
        measured = first_day if row.get("value_type") == ValueType.BASELINE else last_day
        if end and period_end and measured(period_end) > last_day(end):
            message = rules.PERIOD_OUTSIDE_OPERATION.say(
                overrun=pgettext("a period against its operation", "se termine après"),
                bound=pgettext("the bound of an operation", "fin"),
                date=end,
            )
            yield _finding(row, "period_end", period_end, rules.PERIOD_OUTSIDE_OPERATION.id, ERROR, message)


def _within(part: dict, total: dict) -> bool:
    return (
        str(part.get("period_start") or "") >= str(total.get("period_start") or "")
        and str(part.get("period_end") or "")[:4] <= str(total.get("period_end") or "9999")[:4]
    )


def check_disaggregations(observations: pd.DataFrame, tolerance: float) -> Iterator[Finding]:
    """Parts broken down by one dimension add up to their total; rows with several keys never join a sum."""
    series = ["operation_id", "indicator_id", "value_type"]
    # Only series with at least one broken-down row have a sum to check: at portfolio scale
    # most have none, and building their records is most of the cost.
    dimensions = observations["dimensions"].fillna("").astype("str").str.strip()
    broken_down = observations.loc[dimensions != "", series].drop_duplicates()
    if broken_down.empty:
        return
    observations = observations.merge(broken_down, on=series, how="inner")
    for _series, group in observations.groupby(series, dropna=False):
        rows = group.to_dict("records")
        totals = [r for r in rows if not _dimensions(r.get("dimensions"))]
        for total in totals:
            by_key: dict[str, list[dict]] = {}
            for part in rows:
                dims = _dimensions(part.get("dimensions"))
                if len(dims) != 1:
                    continue  # a part with several keys would be counted twice in a one-key sum
                key = next(iter(dims))
                same_period = all(_text(part.get(end)) == _text(total.get(end)) for end in PERIOD)
                if same_period or (key.lower() in TIME_DIMENSIONS and _within(part, total)):
                    by_key.setdefault(key, []).append(part)
            for key, parts in by_key.items():
                values = [p.get("value") for p in parts]
                if (
                    any(v is None or pd.isna(v) for v in values)
                    or total.get("value") is None
                    or pd.isna(total.get("value"))
                ):
                    continue  # a part or the total has no number: the sum cannot be checked
                added, expected = float(sum(values)), float(total["value"])
                if abs(added - expected) > tolerance * abs(expected):
                    message = rules.DIMENSIONS_SUM.say(key=key, added=plain_number(added), total=plain_number(expected))
                    # A total derived from a fiche is not a row of observations.csv: the parts
                    # entered against it are what the user can fix, and what quarantine holds.
                    flagged = parts if derived_origin(total) else [total]
                    for row in flagged:
                        yield _finding(
                            row,
                            "value",
                            row.get("value_text") or row.get("value"),
                            rules.DIMENSIONS_SUM.id,
                            ERROR,
                            message,
                        )


def check_cumulative(observations: pd.DataFrame, indicators: pd.DataFrame) -> Iterator[Finding]:
    """Each actual of a cumulative series is at least the one before it (series ordered by period end)."""
    cumulative = set(indicators.loc[indicators["aggregation"] == "cumulative", "indicator_id"])
    actual = observations["indicator_id"].isin(cumulative) & (observations["value_type"] == ValueType.ACTUAL)
    series = observations[actual.to_numpy()].assign(_value=lambda f: _numbers(f["value"]))
    series = series[series["_value"].notna()].sort_values("period_end", kind="stable")
    keys = ["operation_id", "indicator_id", "dimensions"]
    series["_previous"] = series.groupby(keys, dropna=False, sort=False)["_value"].shift(1)
    for row in series[series["_value"] < series["_previous"]].to_dict("records"):
        yield _finding(
            row,
            "value",
            row.get("value_text") or row["value"],
            rules.CUMULATIVE_DECREASE.id,
            ERROR,
            rules.CUMULATIVE_DECREASE.say(previous=plain_number(row["_previous"])),
        )


def check_achievement_periods(observations: pd.DataFrame) -> Iterator[Finding]:
    """An actual that has targets, none for its own period, cannot be set against them."""
    series = ["operation_id", "indicator_id", "dimensions"]
    keys = observations[[*series, *PERIOD]].apply(_strings).assign(_position=range(len(observations)))
    targets = keys[(observations["value_type"] == ValueType.TARGET).to_numpy()]
    actuals = keys[(observations["value_type"] == ValueType.ACTUAL).to_numpy()]
    # Joins, not loops: the check stays linear in the number of observations.
    with_targets = actuals.merge(targets[series].drop_duplicates(), on=series, how="inner")
    matched = with_targets.merge(
        targets[[*series, *PERIOD]].drop_duplicates(), on=[*series, *PERIOD], how="left", indicator=True
    )
    positions = sorted(matched.loc[matched["_merge"] == "left_only", "_position"])
    for row in observations.iloc[positions].to_dict("records"):
        start, end = _text(row.get("period_start")), _text(row.get("period_end"))
        yield _finding(
            row, "period_start", f"{start}–{end}", rules.ACHIEVEMENT_PERIOD.id, WARNING, rules.ACHIEVEMENT_PERIOD.say()
        )


def check_results(
    observations: pd.DataFrame, indicators: pd.DataFrame, operations: pd.DataFrame, tolerance: float
) -> list[Finding]:
    return [
        *check_units(observations, indicators),
        *check_values(observations, indicators),
        *check_periods(observations, operations),
        *check_disaggregations(observations, tolerance),
        *check_cumulative(observations, indicators),
        *check_achievement_periods(observations),
    ]


PEOPLE_COLUMNS = {"direct": "direct_beneficiaries", "indirect": "indirect_beneficiaries"}


def check_people_transcribed(operations: pd.DataFrame, people: pd.DataFrame) -> Iterator[Finding]:
    """Every count the fiche's people text gives (operations.csv) is a group of people.csv.

    The text is kept verbatim and the groups are transcribed by hand: a count left out would
    silently drop a public from the pages, so each missing number is a warning on the fiche text.
    """
    if "raw_row" not in operations:
        return
    transcribed = {
        key: {
            float(group[name]) for group in groups for name in ("count", "count_max") if not is_missing(group.get(name))
        }
        for key, groups in groups_by_reach(people.to_dict("records")).items()
    }
    for operation in operations.to_dict("records"):
        for reach, column in PEOPLE_COLUMNS.items():
            text = _text(operation.get(column))
            if not text.strip():
                continue
            stated = {quantity.number for quantity in parse_people_reached(text).quantities}
            missing = sorted(stated - transcribed.get((operation["operation_id"], reach), set()))
            if missing:
                numbers = ", ".join(plain_number(value) for value in missing)
                yield Finding(
                    "operations.csv",
                    int(operation["raw_row"]),
                    column,
                    text,
                    rules.PEOPLE_UNTRANSCRIBED.id,
                    WARNING,
                    rules.PEOPLE_UNTRANSCRIBED.say(
                        numbers=numbers,
                        reach=pgettext("people reached", "directs")
                        if reach == "direct"
                        else pgettext("people reached", "indirects"),
                    ),
                    "operations",
                    str(operation["operation_id"]),
                )
