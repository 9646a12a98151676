import pandas as pd
import pytest

from toolkit.model.config import StatusThresholds
from toolkit.results.indicators import AggregationError, achievement, achievement_table, rollup, rollup_by, status

BANDS = StatusThresholds(achieved=100, partially_achieved=50)


@pytest.mark.parametrize(
    ("target", "actual", "ascending", "baseline", "expected"),
    [
        (50, 40, True, None, 80.0),  # 40 of 50 young people trained
        (50, 60, True, None, 120.0),
        (100, 70, True, 20, 62.5),  # (70 - 20) / (100 - 20)
        (10, 20, False, 30, 50.0),  # descending: (30 - 20) / (30 - 10)
        (10, 10, False, 30, 100.0),
        (10, 20, False, None, 50.0),  # descending without baseline: target / actual
        (0, 5, True, None, None),  # no target to divide by
        (30, 30, True, 30, None),  # target equals baseline: no span
        (None, 5, True, None, None),
        (5, None, True, None, None),
    ],
)
def test_achievement_is_direction_aware(target, actual, ascending, baseline, expected):
    result = achievement(target, actual, ascending=ascending, baseline=baseline)
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (100, "Atteint"),
        (130, "Atteint"),
        (99.9, "Partiellement atteint"),
        (50, "Partiellement atteint"),
        (49.9, "Non atteint"),
        (None, "Non renseigné"),
    ],
)
def test_status_bands_follow_the_configured_thresholds(percent, expected):
    assert status(percent, BANDS) == expected
    assert status(75, StatusThresholds(achieved=70, partially_achieved=40)) == "Atteint"


def observation(operation, value_type, value, start=None, end=None, indicator="young-trained", dims=None):
    return {
        "operation_id": operation,
        "indicator_id": indicator,
        "value_type": value_type,
        "period_start": start,
        "period_end": end,
        "value": value,
        "dimensions": dims,
    }


def test_achievement_only_where_target_and_actual_share_a_period():
    observations = pd.DataFrame(
        [
            observation("essor", "target", 50, "2015", "2017"),
            observation("essor", "actual", 40, "2015", "2017"),
            observation("geres", "target", 10, "2015", "2017"),
            observation("geres", "actual", 10, "2016", "2016"),  # another period: not comparable
            observation("gret", "target", 20),
        ]
    )
    indicators = pd.DataFrame({"indicator_id": ["young-trained"], "ascending": [True]})
    table = achievement_table(observations, indicators, BANDS).set_index("operation_id")
    assert table.loc["essor", "achievement"] == 80.0
    assert table.loc["essor", "status"] == "Partiellement atteint"
    assert table.loc["geres", "status"] == "Non renseigné"
    assert "période" in table.loc["geres", "reason"]
    assert pd.isna(table.loc["gret", "actual"])


def test_the_table_computes_what_achievement_computes_row_by_row():
    # Every combination of direction, baseline and zero the table works out over whole columns.
    cases = [
        (target, actual, baseline, up)
        for target in (0, 40, 50.5)
        for actual in (0, 10, 60)
        for baseline in (None, 0, 40, 80)
        for up in (True, False)
    ]
    rows, indicators = [], {}
    for number, (target, actual, baseline, up) in enumerate(cases):
        operation, indicator = f"op-{number}", "more" if up else "less"
        indicators[indicator] = up
        rows.append(observation(operation, "target", target, "2016", "2016", indicator))
        rows.append(observation(operation, "actual", actual, "2016", "2016", indicator))
        if baseline is not None:
            rows.append(observation(operation, "baseline", baseline, "2014", "2014", indicator))
    table = achievement_table(
        pd.DataFrame(rows),
        pd.DataFrame({"indicator_id": list(indicators), "ascending": list(indicators.values())}),
        BANDS,
    ).set_index("operation_id")
    for number, (target, actual, baseline, up) in enumerate(cases):
        row = table.loc[f"op-{number}"]
        expected = achievement(target, actual, ascending=up, baseline=baseline)
        if expected is None:
            assert pd.isna(row["achievement"]) and row["status"] == "Non renseigné", (target, actual, baseline, up)
            assert row["reason"] != "", (target, actual, baseline, up)
        else:
            assert row["achievement"] == round(expected, 1), (target, actual, baseline, up)
            assert row["status"] == status(expected, BANDS) and row["reason"] == ""


ZERO_TARGET = "la cible vaut 0 et aucune valeur de référence n'est donnée : un taux rapporté à zéro ne se calcule pas"
ZERO_ACTUAL = (
    "la réalisation vaut 0 sur un indicateur où moins est mieux, sans valeur de référence : "
    "le taux (cible ÷ réalisation) ne se calcule pas"
)
AT_BASELINE = "la cible est égale à la valeur de référence : il n'y avait pas d'écart à combler"


@pytest.mark.parametrize(
    ("target", "target_max", "actual", "baseline", "up", "reason"),
    [
        (0, None, 10, None, True, ZERO_TARGET),  # "0 accidents" as a target of a count that should rise
        (0, None, 0, None, True, ZERO_TARGET),
        (5, None, 0, None, False, ZERO_ACTUAL),  # lower is better and nothing is left: target / 0
        (30, None, 45, 30, True, AT_BASELINE),
        (30, None, 10, 30, False, AT_BASELINE),
        (20, 30, 25, 30, False, AT_BASELINE),  # a range, lower is better: its high bound decides, and is the baseline
        (0, 10, 5, None, True, ZERO_TARGET),  # a range, higher is better: its low bound decides
        (0, None, 0, 0, True, AT_BASELINE),  # zero target with a zero baseline: the baseline is what says so
        (10, None, None, None, True, "aucune réalisation pour la période de la cible"),
        (None, None, 10, None, True, "cible sans valeur numérique"),
    ],
)
def test_a_target_without_a_rate_says_truly_why(target, target_max, actual, baseline, up, reason):
    rows = [{**observation("op", "target", target, "2016", "2016"), "value_max": target_max}]
    if actual is not None:
        rows.append(observation("op", "actual", actual, "2016", "2016"))
    if baseline is not None:
        rows.append(observation("op", "baseline", baseline, "2014", "2014"))
    indicators = pd.DataFrame({"indicator_id": ["young-trained"], "ascending": [up]})
    (row,) = achievement_table(pd.DataFrame(rows), indicators, BANDS).to_dict("records")
    assert pd.isna(row["achievement"]) and row["status"] == "Non renseigné"
    assert row["reason"] == reason


def frame(rows):
    return pd.DataFrame(rows, columns=["operation_id", "value", "unit", "aggregation", "measure", "period_end"])


def test_rollup_adds_incremental_counts():
    result = rollup(
        frame(
            [
                ("a", 10, "jeunes", "incremental", "1", "2016"),
                ("b", 5, "jeunes", "incremental", "1", "2016"),
                ("c", None, "jeunes", "incremental", "1", None),
            ]
        )
    )
    assert (result.total, result.operations, result.unit) == (15, 2, "jeunes")


def test_rollup_takes_each_operations_latest_cumulative_value():
    result = rollup(
        frame(
            [
                ("a", 10, "jeunes", "cumulative", "1", "2016"),
                ("a", 25, "jeunes", "cumulative", "1", "2017"),
                ("b", 5, "jeunes", "cumulative", "1", "2017"),
            ]
        )
    )
    assert result.total == 30


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("a", 10, "jeunes", "incremental", "1", None), ("b", 5, "structures", "incremental", "1", None)],
            r"^unités différentes \(jeunes, structures\)$",
        ),
        (
            [("a", 10, "jeunes", "incremental", "1", None), ("b", 5, "jeunes", "cumulative", "1", None)],
            r"^modes d'agrégation différents \(cumulé, incrémental\)$",
        ),
        ([("a", 40.0, "%", "latest", "2", None)], r"^seules les valeurs de type nombre s'additionnent"),
    ],
)
def test_rollup_refuses_to_mix(rows, message):
    with pytest.raises(AggregationError, match=message):
        rollup(frame(rows))


def test_rollup_by_group_reports_refusals_instead_of_failing():
    observations = pd.DataFrame(
        [
            {**observation("a", "target", 10, indicator="reached"), "unit": None},
            {**observation("b", "target", 240, indicator="reached"), "unit": "structures"},
            {**observation("c", "target", 7, indicator="reached"), "unit": None},
        ]
    )
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": "reached",
                "title": "Personnes touchées",
                "unit": "personnes",
                "aggregation": "incremental",
                "measure": "1",
            }
        ]
    )
    groups = pd.DataFrame({"operation_id": ["a", "b", "c"], "group": ["Afrique", "Afrique", "Asie"]})
    table = rollup_by(observations, indicators, groups, "target").set_index("group")
    assert table.loc["Afrique", "refused"] == "unités différentes (personnes, structures)"
    assert table.loc["Asie", "total"] == 7


def qualified(rows):
    return pd.DataFrame(
        rows,
        columns=["operation_id", "value", "value_max", "qualifier", "unit", "aggregation", "measure", "period_end"],
    )


def test_a_total_with_a_lower_bound_in_it_is_a_lower_bound():
    # 004 l. 400 gives "plus de 135" resources: added to an exact 10, the total is at least 145.
    result = rollup(
        qualified(
            [
                ("a", 135, None, "more_than", "", "incremental", "1", None),
                ("b", 10, None, "exact", "", "incremental", "1", None),
            ]
        )
    )
    assert (result.total, result.qualifier, result.total_max) == (145, "at_least", None)


def test_ranges_add_up_bound_by_bound_and_estimates_stay_estimates():
    result = rollup(
        qualified(
            [
                ("a", 3, 4, "range", "", "incremental", "1", None),
                ("b", 15, 20, "range", "", "incremental", "1", None),
                ("c", 10, None, "about", "", "incremental", "1", None),
            ]
        )
    )
    assert (result.total, result.total_max, result.qualifier) == (28, 34, "about")


def test_an_upper_bound_is_never_added():
    with pytest.raises(AggregationError, match="bornée par le haut"):
        rollup(qualified([("a", 20, None, "at_most", "", "incremental", "1", None)]))


def test_a_group_without_any_value_has_no_total_not_zero():
    result = rollup(frame([("a", None, "jeunes", "incremental", "1", None)]))
    assert result.total is None and result.operations == 0


def test_a_range_target_is_met_at_its_low_bound_and_measured_against_both():
    observations = pd.DataFrame(
        [
            {**observation("cgt", "target", 3), "value_max": 4},
            {**observation("cgt", "actual", 3), "value_max": None},
            {**observation("gret", "target", 15, indicator="practices"), "value_max": 20},
            {**observation("gret", "actual", 12, indicator="practices"), "value_max": None},
        ]
    )
    indicators = pd.DataFrame({"indicator_id": ["young-trained", "practices"], "ascending": [True, True]})
    table = achievement_table(observations, indicators, BANDS).set_index("operation_id")
    assert table.loc["cgt", ["target", "target_max", "achievement", "achievement_other_bound"]].tolist() == [
        3,
        4,
        100.0,
        75.0,
    ]
    assert table.loc["cgt", "status"] == "Atteint"
    assert table.loc["gret", "achievement"] == 80.0 and table.loc["gret", "achievement_other_bound"] == 60.0
    assert table.loc["gret", "status"] == "Partiellement atteint"


def test_a_falling_range_target_is_met_at_its_high_bound():
    observations = pd.DataFrame(
        [{**observation("a", "target", 15), "value_max": 20}, {**observation("a", "actual", 20), "value_max": None}]
    )
    indicators = pd.DataFrame({"indicator_id": ["young-trained"], "ascending": [False]})
    row = achievement_table(observations, indicators, BANDS).iloc[0]
    assert (row["achievement"], row["achievement_other_bound"], row["status"]) == (100.0, 75.0, "Atteint")
