"""Achievement, status and roll-ups of indicators.

Derived, never entered: achievement is computed only where a target and an actual cover
the same period, and roll-ups refuse to add values that do not add up (different units,
different aggregation methods, percentages).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.config import StatusThresholds
from toolkit.errors import ToolkitError

ACHIEVED, PARTIAL, NOT_ACHIEVED, NOT_REPORTED = "Atteint", "Partiellement atteint", "Non atteint", "Non renseigné"
PERIOD = ["period_start", "period_end"]
SERIES = ["operation_id", "indicator_id", "dimensions"]
UNIT_MEASURE = "1"  # IATI IndicatorMeasure: a count
AGGREGATION_FR = {"incremental": "incrémental", "cumulative": "cumulé", "latest": "dernière valeur"}


class AggregationError(ToolkitError):
    """Values that must not be added together were asked to be."""


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA


def achievement(target: object, actual: object, *, ascending: bool = True, baseline: object = None) -> float | None:
    """Percentage of the target reached, direction-aware; None when it cannot be computed.

    Ascending: (actual - baseline) / (target - baseline), or actual / target without a baseline.
    Descending (lower is better): (baseline - actual) / (baseline - target), or target / actual
    without a baseline.
    """
    if _missing(target) or _missing(actual):
        return None
    target, actual = float(target), float(actual)  # type: ignore[arg-type]
    if _missing(baseline):
        if ascending:
            return None if target == 0 else 100.0 * actual / target
        return None if actual == 0 else 100.0 * target / actual
    baseline = float(baseline)  # type: ignore[arg-type]
    span = (target - baseline) if ascending else (baseline - target)
    gained = (actual - baseline) if ascending else (baseline - actual)
    return None if span == 0 else 100.0 * gained / span


def status(percent: float | None, thresholds: StatusThresholds) -> str:
    if percent is None or pd.isna(percent):
        return NOT_REPORTED
    if percent >= thresholds.achieved:
        return ACHIEVED
    if percent >= thresholds.partially_achieved:
        return PARTIAL
    return NOT_ACHIEVED


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    """Series keys with missing parts made comparable (an empty period matches an empty period)."""
    return frame.assign(**{c: frame[c].astype("str").where(frame[c].notna(), "") for c in [*SERIES, *PERIOD]})


def achievement_table(
    observations: pd.DataFrame, indicators: pd.DataFrame, thresholds: StatusThresholds
) -> pd.DataFrame:
    """One row per target: its actual for the same period (if any), baseline, achievement and status."""
    columns = [*SERIES, *PERIOD, "baseline", "target", "actual", "achievement", "status", "reason"]
    if observations.empty:
        return pd.DataFrame(columns=columns)
    keyed = _key(observations)
    ascending = indicators.set_index("indicator_id")["ascending"].to_dict() if "ascending" in indicators else {}
    # Joins and one loop over plain arrays: row-by-row pandas lookups are slow at portfolio scale.
    targets = keyed[keyed["value_type"] == "target"]
    actuals = (
        keyed.loc[keyed["value_type"] == "actual", [*SERIES, *PERIOD, "value"]]
        .drop_duplicates([*SERIES, *PERIOD])  # the first actual of a period, if it was entered twice
        .rename(columns={"value": "_actual"})
    )
    baselines = (
        keyed.loc[(keyed["value_type"] == "baseline") & keyed["value"].notna(), [*SERIES, "period_end", "value"]]
        .sort_values("period_end", kind="stable")
        .drop_duplicates(SERIES, keep="last")  # the latest baseline of a series
        .drop(columns="period_end")
        .rename(columns={"value": "_baseline"})
    )
    merged = targets.merge(actuals, on=[*SERIES, *PERIOD], how="left").merge(baselines, on=SERIES, how="left")
    # Whole columns at once: a portfolio has hundreds of thousands of targets.
    target, actual, baseline = (
        merged[name].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        for name in ("value", "_actual", "_baseline")
    )
    up = np.array([ascending.get(indicator) is not False for indicator in merged["indicator_id"]], dtype=bool)
    percent = _achievement(target, actual, baseline, up)
    reason = np.select(
        [np.isnan(actual), np.isnan(target), np.isnan(percent)],
        [
            "aucune réalisation pour la période de la cible",
            "cible sans valeur numérique",
            "la cible est égale à la valeur de référence",
        ],
        "",
    )
    table = merged[[*SERIES, *PERIOD]].replace("", None)
    # Python's round, not numpy's: the two disagree on some halves, and the figures must not move.
    rounded = [None if np.isnan(p) else round(float(p), 1) for p in percent]
    return table.assign(
        baseline=_floats(baseline),
        target=_floats(target),
        actual=_floats(actual),
        achievement=pd.Series(rounded, index=table.index, dtype="float64"),
        status=_statuses(percent, thresholds),
        reason=reason,
    ).reset_index(drop=True)[columns]


def _floats(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="float64")


def _achievement(target: np.ndarray, actual: np.ndarray, baseline: np.ndarray, up: np.ndarray) -> np.ndarray:
    """`achievement` over arrays: NaN wherever the scalar version gives None."""
    with np.errstate(divide="ignore", invalid="ignore"):
        plain = np.where(up, 100.0 * actual / target, 100.0 * target / actual)
        plain[np.where(up, target == 0, actual == 0)] = np.nan
        span = np.where(up, target - baseline, baseline - target)
        gained = np.where(up, actual - baseline, baseline - actual)
        based = 100.0 * gained / span
        based[span == 0] = np.nan
    return np.where(np.isnan(baseline), plain, based)


def _statuses(percent: np.ndarray, thresholds: StatusThresholds) -> np.ndarray:
    return np.select(
        [np.isnan(percent), percent >= thresholds.achieved, percent >= thresholds.partially_achieved],
        [NOT_REPORTED, ACHIEVED, PARTIAL],
        NOT_ACHIEVED,
    )


@dataclass(frozen=True)
class Rollup:
    unit: str
    aggregation: str
    total: float
    operations: int


def rollup(rows: pd.DataFrame) -> Rollup:
    """Add up the values of several operations for one indicator group, or refuse.

    ``rows`` has ``operation_id``, ``value``, ``unit``, ``aggregation``, ``measure`` and
    ``period_end``. Incremental values add up; cumulative and latest values add up only
    as each operation's latest value. Different units, different aggregation methods and
    anything but counts are refused.
    """
    present = rows.dropna(subset=["value"])
    units = set(present["unit"].fillna(""))
    if len(units) > 1:
        raise AggregationError(f"unités différentes ({', '.join(sorted(units))})")
    methods = set(present["aggregation"])
    if len(methods) > 1:
        names = ", ".join(AGGREGATION_FR.get(method, method) for method in sorted(methods))
        raise AggregationError(f"modes d'agrégation différents ({names})")
    if set(present["measure"]) - {UNIT_MEASURE}:
        raise AggregationError("seules les valeurs de type nombre s'additionnent (mesure IATI 1, unité)")
    if present.empty:
        return Rollup(next(iter(units), ""), next(iter(methods), ""), 0.0, 0)
    method = methods.pop()
    if method == "incremental":
        total = float(present["value"].sum())
    else:
        latest = present.sort_values("period_end", na_position="first").groupby("operation_id")["value"].last()
        total = float(latest.sum())
    return Rollup(units.pop(), method, total, int(present["operation_id"].nunique()))


def rollup_by(
    observations: pd.DataFrame, indicators: pd.DataFrame, groups: pd.DataFrame, value_type: str
) -> pd.DataFrame:
    """Roll-ups of ``value_type`` values by group (level, theme, SDG, country...).

    ``groups`` maps ``operation_id`` and/or ``indicator_id`` to a ``group`` label. Each
    (group, indicator) is rolled up separately, so that different indicators, units and
    aggregation methods never meet in one sum; a group whose values cannot be added says why.
    """
    merged = observations[observations["value_type"] == value_type].merge(
        indicators[["indicator_id", "title", "unit", "aggregation", "measure"]].rename(
            columns={"unit": "indicator_unit"}
        ),
        on="indicator_id",
    )
    merged["unit"] = (
        merged["unit"].where(merged["unit"].notna(), merged["indicator_unit"])
        if "unit" in merged
        else merged["indicator_unit"]
    )
    on = [c for c in ("operation_id", "indicator_id") if c in groups.columns]
    merged = merged.merge(groups, on=on)
    rows = []
    for (group, indicator_id), part in merged.groupby(["group", "indicator_id"], sort=True):
        try:
            result = rollup(part)
            rows.append(
                {
                    "group": group,
                    "indicator_id": indicator_id,
                    "title": part["title"].iloc[0],
                    "unit": result.unit,
                    "aggregation": result.aggregation,
                    "total": result.total,
                    "operations": result.operations,
                    "refused": "",
                }
            )
        except AggregationError as refused:
            rows.append(
                {
                    "group": group,
                    "indicator_id": indicator_id,
                    "title": part["title"].iloc[0],
                    "unit": "",
                    "aggregation": "",
                    "total": None,
                    "operations": int(part["operation_id"].nunique()),
                    "refused": refused.message,
                }
            )
    return pd.DataFrame(
        rows, columns=["group", "indicator_id", "title", "unit", "aggregation", "total", "operations", "refused"]
    )
