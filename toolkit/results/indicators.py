"""Achievement, status and roll-ups of indicators.

Derived, never entered: achievement is computed only where a target and an actual cover
the same period, and roll-ups refuse to add values that do not add up (different units,
different aggregation methods, percentages).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.model.config import StatusThresholds
from toolkit.model.errors import ToolkitError
from toolkit.model.language import N_, _
from toolkit.model.qualifiers import UPPER_BOUNDS, sum_qualifier, sum_upper_bound
from toolkit.model.values import is_missing
from toolkit.model.vocabulary import AchievementStatus, ValueType

PERIOD = ["period_start", "period_end"]
SERIES = ["operation_id", "indicator_id", "dimensions"]
UNIT_MEASURE = "1"  # IATI IndicatorMeasure: a count
# The aggregation methods as a message names them (French, the message ids of their translations).
AGGREGATION_FR = {"incremental": N_("incrémental"), "cumulative": N_("cumulé"), "latest": N_("dernière valeur")}


class AggregationError(ToolkitError):
    """Values that must not be added together were asked to be."""


def achievement(target: object, actual: object, *, ascending: bool = True, baseline: object = None) -> float | None:
    """Percentage of the target reached, direction-aware; None when it cannot be computed.

    Ascending: (actual - baseline) / (target - baseline), or actual / target without a baseline.
    Descending (lower is better): (baseline - actual) / (baseline - target), or target / actual
    without a baseline.
    """
    if is_missing(target) or is_missing(actual):
        return None
    target, actual = float(target), float(actual)  # type: ignore[arg-type]
    if is_missing(baseline):
        if ascending:
            return None if target == 0 else 100.0 * actual / target
        return None if actual == 0 else 100.0 * target / actual
    baseline = float(baseline)  # type: ignore[arg-type]
    span = (target - baseline) if ascending else (baseline - target)
    gained = (actual - baseline) if ascending else (baseline - actual)
    return None if span == 0 else 100.0 * gained / span


def status(percent: float | None, thresholds: StatusThresholds) -> AchievementStatus:
    if percent is None or pd.isna(percent):
        return AchievementStatus.NOT_REPORTED
    if percent >= thresholds.achieved:
        return AchievementStatus.ACHIEVED
    if percent >= thresholds.partially_achieved:
        return AchievementStatus.PARTIAL
    return AchievementStatus.NOT_ACHIEVED


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    """Series keys with missing parts made comparable (an empty period matches an empty period)."""
    return frame.assign(**{c: frame[c].astype("str").where(frame[c].notna(), "") for c in [*SERIES, *PERIOD]})


def achievement_table(
    observations: pd.DataFrame, indicators: pd.DataFrame, thresholds: StatusThresholds
) -> pd.DataFrame:
    """One row per target: its actual for the same period (if any), baseline, achievement and status.

    A range target ("3 à 4") keeps both bounds: ``achievement`` is measured against the bound
    that meets the target (the low one when higher is better, the high one otherwise) and
    decides the status; ``achievement_other_bound`` is measured against the other one.
    """
    columns = [
        *SERIES,
        *PERIOD,
        "baseline",
        "target",
        "target_max",
        "actual",
        "achievement",
        "achievement_other_bound",
        "status",
        "reason",
    ]
    if observations.empty:
        return pd.DataFrame(columns=columns)
    keyed = _key(observations)
    ascending = indicators.set_index("indicator_id")["ascending"].to_dict() if "ascending" in indicators else {}
    # Joins and one loop over plain arrays: row-by-row pandas lookups are slow at portfolio scale.
    targets = keyed[keyed["value_type"] == ValueType.TARGET]
    actuals = (
        keyed.loc[keyed["value_type"] == ValueType.ACTUAL, [*SERIES, *PERIOD, "value"]]
        .drop_duplicates([*SERIES, *PERIOD])  # the first actual of a period, if it was entered twice
        .rename(columns={"value": "_actual"})
    )
    baselines = (
        keyed.loc[
            (keyed["value_type"] == ValueType.BASELINE) & keyed["value"].notna(), [*SERIES, "period_end", "value"]
        ]
        .sort_values("period_end", kind="stable")
        .drop_duplicates(SERIES, keep="last")  # the latest baseline of a series
        .drop(columns="period_end")
        .rename(columns={"value": "_baseline"})
    )
    merged = targets.merge(actuals, on=[*SERIES, *PERIOD], how="left").merge(baselines, on=SERIES, how="left")
    # Whole columns at once: a portfolio has hundreds of thousands of targets.
    if "value_max" not in merged:
        merged["value_max"] = None
    target, target_max, actual, baseline = (
        merged[name].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        for name in ("value", "value_max", "_actual", "_baseline")
    )
    high = np.where(np.isnan(target_max), target, target_max)
    up = np.array([ascending.get(indicator) is not False for indicator in merged["indicator_id"]], dtype=bool)
    at_low, at_high = _achievement(target, actual, baseline, up), _achievement(high, actual, baseline, up)
    percent = np.where(up, at_low, at_high)
    other = np.where(np.isnan(target_max) | (target_max == target), np.nan, np.where(up, at_high, at_low))
    reason = _reasons(np.where(up, target, high), actual, baseline, up)
    table = merged[[*SERIES, *PERIOD]].replace("", None)
    return table.assign(
        baseline=_floats(baseline),
        target=_floats(target),
        target_max=_floats(np.where(np.isnan(target_max) | (target_max == target), np.nan, target_max)),
        actual=_floats(actual),
        achievement=_rounded(percent, table.index),
        achievement_other_bound=_rounded(other, table.index),
        status=_statuses(percent, thresholds),
        reason=reason,
    ).reset_index(drop=True)[columns]


def _rounded(percent: np.ndarray, index: pd.Index) -> pd.Series:
    # Python's round, not numpy's: the two disagree on some halves, and the figures must not move.
    return pd.Series([None if np.isnan(p) else round(float(p), 1) for p in percent], index=index, dtype="float64")


def _floats(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="float64")


# Why no achievement rate is given, for each way `achievement` can have none; achievement.csv holds
# them in the active language.
NO_ACTUAL = N_("aucune réalisation pour la période de la cible")
NO_TARGET_NUMBER = N_("cible sans valeur numérique")
ZERO_TARGET = N_(
    "la cible vaut 0 et aucune valeur de référence n'est donnée : un taux rapporté à zéro ne se calcule pas"
)
ZERO_ACTUAL_DOWN = N_(
    "la réalisation vaut 0 sur un indicateur où moins est mieux, sans valeur de référence : "
    "le taux (cible ÷ réalisation) ne se calcule pas"
)
TARGET_AT_BASELINE = N_("la cible est égale à la valeur de référence : il n'y avait pas d'écart à combler")


def _reasons(target: np.ndarray, actual: np.ndarray, baseline: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Why each target has no achievement rate ("" where it has one); ``target`` is the bound
    that decides the rate. The conditions mirror `achievement`'s, in the same order."""
    no_baseline = np.isnan(baseline)
    return np.select(
        [
            np.isnan(actual),
            np.isnan(target),
            no_baseline & up & (target == 0),
            no_baseline & ~up & (actual == 0),
            ~no_baseline & (target == baseline),
        ],
        [_(reason) for reason in (NO_ACTUAL, NO_TARGET_NUMBER, ZERO_TARGET, ZERO_ACTUAL_DOWN, TARGET_AT_BASELINE)],
        "",
    )


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
        [AchievementStatus.NOT_REPORTED, AchievementStatus.ACHIEVED, AchievementStatus.PARTIAL],
        AchievementStatus.NOT_ACHIEVED,
    )


@dataclass(frozen=True)
class Rollup:
    unit: str
    aggregation: str
    total: float | None  # None when no operation has a value: absence is not zero
    operations: int
    qualifier: str = ""  # "at_least" or "about" when a value added in is one
    total_max: float | None = None  # upper bound, when range values were added in


def _total_qualifier(qualifiers: set[str]) -> str:
    if qualifiers & UPPER_BOUNDS:
        raise AggregationError(_("une valeur bornée par le haut (« moins de », « jusqu'à ») ne s'additionne pas"))
    return sum_qualifier(qualifiers)


def rollup(rows: pd.DataFrame) -> Rollup:
    """Add up the values of several operations for one indicator group, or refuse.

    ``rows`` has ``operation_id``, ``value``, ``unit``, ``aggregation``, ``measure`` and
    ``period_end`` (and may have ``qualifier`` and ``value_max``). Incremental values add up;
    cumulative and latest values add up only as each operation's latest value. Different
    units, different aggregation methods, anything but counts and upper bounds are refused.
    A total that includes a lower bound ("plus de 135") is itself one ("au moins"), one that
    includes an estimate is an estimate, and ranges add up bound by bound.
    """
    present = rows.dropna(subset=["value"])
    units = set(present["unit"].fillna(""))
    if len(units) > 1:
        raise AggregationError(_("unités différentes ({units})").format(units=", ".join(sorted(units))))
    methods = set(present["aggregation"])
    if len(methods) > 1:
        names = ", ".join(
            _(AGGREGATION_FR[method]) if method in AGGREGATION_FR else method for method in sorted(methods)
        )
        raise AggregationError(_("modes d'agrégation différents ({methods})").format(methods=names))
    if set(present["measure"]) - {UNIT_MEASURE}:
        raise AggregationError(_("seules les valeurs de type nombre s'additionnent (mesure IATI 1, unité)"))
    if present.empty:
        return Rollup(next(iter(units), ""), next(iter(methods), ""), None, 0)
    present = present.assign(
        _qualifier=present["qualifier"].fillna("") if "qualifier" in present else "",
        _high=present["value_max"].fillna(present["value"]) if "value_max" in present else present["value"],
    )
    method = methods.pop()
    if method != "incremental":
        present = present.sort_values("period_end", na_position="first").groupby("operation_id").tail(1)
    qualifier = _total_qualifier(set(present["_qualifier"]) - {"", "exact", "range"})
    total, high = float(present["value"].sum()), float(present["_high"].sum())
    total_max = sum_upper_bound(total, high, qualifier)
    return Rollup(units.pop(), method, total, int(present["operation_id"].nunique()), qualifier, total_max)


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
                    "total_max": result.total_max,
                    "qualifier": result.qualifier,
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
                    "total_max": None,
                    "qualifier": "",
                    "operations": int(part["operation_id"].nunique()),
                    "refused": refused.message,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "group",
            "indicator_id",
            "title",
            "unit",
            "aggregation",
            "total",
            "total_max",
            "qualifier",
            "operations",
            "refused",
        ],
    )
