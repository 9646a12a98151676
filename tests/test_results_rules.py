"""Cross-row rules of the results framework: each holds on the real CAAC data and, when the data
are broken, fires on the row a user has to fix, whose observation then goes to quarantine."""

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import assert_rows_accounted_for, edit_raw
from toolkit.check.results_rules import (
    check_achievement_periods,
    check_cumulative,
    check_disaggregations,
    check_periods,
    check_units,
    check_values,
)
from toolkit.clean.tables import clean_tables
from toolkit.model.findings import ERROR, WARNING

RULES = (
    "indicator.unit",
    "value.percentage",
    "value.number_required",
    "value.comment_required",
    "dimensions.format",
    "period.outside_operation",
    "dimensions.sum",
    "cumulative.decrease",
    "achievement.period",
)

SPF_SOURCE = "001_62b3f33ff500d6e8.txt l. 33"
ESSOR_SOURCE = "003_373f3e170bffc0e1.txt l. 338"
GRDR_ODD_COMMENT = (
    "Selon le rapport, le GRDR, l'APES et leurs partenaires internationaux contribuent à l'atteinte des ODD 1, 10 "
    "et 17. Non daté : le rapport ne date pas ce résultat."
)
APPENDED_ROW = 44  # the real observations.csv ends at row 43


def _line(operation, indicator, value_type, start, end, value, dimensions="", source=SPF_SOURCE):
    return ";".join((operation, indicator, value_type, start, end, value, "", dimensions, "", source))


def _apply(raw: Path, edits) -> None:
    """Each edit is (file, old, new); an edit without old text appends new as the file's last row."""
    for file, old, new in edits:
        edit_raw(raw, file, old, new)


def _quarantined_rows(result, file: str) -> set[int]:
    quarantine = result.tables[file.removesuffix(".csv")].quarantine
    return {int(row) for row in quarantine["raw_row"]}


# --------------------------------------------------------------------------- the real data


@pytest.mark.parametrize("rule", RULES)
def test_rule_holds_on_the_real_data(caac_clean, rule):
    assert not [f.describe() for f in caac_clean.findings if f.rule == rule and f.severity == ERROR]


# The real data raise no results-rule warning: groups that are not persons (structures,
# organisations) stay in people.csv and never reach the persons indicators, and undated
# actuals meet the undated targets of the fiches.
KNOWN_WARNINGS: dict[str, set] = {}


@pytest.mark.parametrize("rule", RULES)
def test_warnings_on_the_real_data_are_exactly_the_known_ones(caac_clean, rule):
    found = {
        (f.file, f.row, f.column, f.operation_id)
        for f in caac_clean.findings
        if f.rule == rule and f.severity == WARNING
    }
    assert found == KNOWN_WARNINGS.get(rule, set())


def test_structures_are_kept_as_a_group_and_never_counted_as_persons(caac_clean):
    # 003 l. 92: "Indirects : 240 structures".
    people = caac_clean.clean("people")
    (row,) = people[(people["operation_id"] == "cap-solidarites-jeunes") & (people["reach"] == "indirect")].to_dict(
        "records"
    )
    assert (row["count"], row["group"], row["persons"]) == (240, "structures", False)
    observations = caac_clean.clean("observations")
    assert observations[
        (observations["operation_id"] == "cap-solidarites-jeunes")
        & (observations["indicator_id"] == "people-reached-indirect")
    ].empty
    assert caac_clean.tables["observations"].quarantine.empty


# --------------------------------------------------------------------------- broken copies


def _changed(old: str, new: str, file: str = "observations.csv") -> tuple:
    return (file, old, new)


def _appended(line: str) -> tuple:
    return ("observations.csv", None, line)


def _garden(value: str, dimensions: str = "") -> str:
    """An undated actual of the people SPF's Montauban garden mobilises, as 001 l. 33 gives its 300."""
    return _line("spf-comasagua-montauban", "spf-personnes-precaires-jardin", "actual", "", "", value, dimensions)


# (edits, rule, row of observations.csv, column, value shown in the finding)
ERROR_BREAKS = [
    pytest.param(
        [_changed("geres-energie-renouvelable;target;;;100 %;", "geres-energie-renouvelable;target;;;140 %;")],
        "value.percentage",
        31,
        "value",
        "140 %",
        id="percentage-140",
    ),
    pytest.param(
        [_changed("essor-jeunes-formes;target;;;50;", "essor-jeunes-formes;target;;;;")],
        "value.number_required",
        28,
        "value",
        "",
        id="target-without-value",
    ),
    pytest.param(
        [_changed(f";{GRDR_ODD_COMMENT};", ";;")],
        "value.comment_required",
        43,
        "comment",
        "",
        id="qualitative-without-comment",
    ),
    pytest.param(
        [_appended(_garden("150", "sexe:femmes"))],
        "dimensions.format",
        APPENDED_ROW,
        "dimensions",
        "sexe:femmes",
        id="dimension-with-colon",
    ),
    pytest.param(
        [_changed("spf-personnes-precaires-jardin;actual;;;", "spf-personnes-precaires-jardin;actual;2014;2016;")],
        "period.outside_operation",
        37,
        "period_start",
        "2014",
        id="starts-before-spf",
    ),
    pytest.param(
        [_changed("spf-universites-partenaires;actual;;;", "spf-universites-partenaires;actual;2016;2019;")],
        "period.outside_operation",
        38,
        "period_end",
        "2019",
        id="ends-after-spf",
    ),
    pytest.param(
        [_appended(_garden("100", "sexe=femmes")), _appended(_garden("150", "sexe=hommes"))],
        "dimensions.sum",
        37,
        "value",
        "300",
        id="sexe-parts-short-of-total",
    ),
    pytest.param(
        # The document's 2016 figure is "7/11"; 11 makes the years add up to 49, 7 does not.
        [_changed(";2016;2016;7/11;", ";2016;2016;7;")],
        "dimensions.sum",
        10,
        "value",
        "49",
        id="year-parts-short-of-total",
    ),
    pytest.param(
        [
            _changed("universités;latest;", "universités;cumulative;", file="indicators.csv"),
            _appended(_line("spf-comasagua-montauban", "spf-universites-partenaires", "actual", "2015", "2016", "5")),
        ],
        "cumulative.decrease",
        38,
        "value",
        "trois",
        id="cumulative-falls",
    ),
    pytest.param(
        [
            _changed(
                "spf-personnes-precaires-jardin;actual;;;300;;",
                "spf-personnes-precaires-jardin;actual;;;300;familles;",
            )
        ],
        "indicator.unit",
        37,
        "unit",
        "familles",
        id="raw-unit-differs",
    ),
]


@pytest.mark.parametrize(("edits", "rule", "row", "column", "value"), ERROR_BREAKS)
def test_rule_fails_on_the_row_to_fix_and_quarantines_it(raw_copy, edits, rule, row, column, value):
    _apply(raw_copy, edits)
    result = clean_tables(raw_copy)
    errors = [(f.file, f.row, f.column, f.rule, f.value) for f in result.findings if f.severity == ERROR]
    assert errors == [("observations.csv", row, column, rule, value)]
    quarantine = result.tables["observations"].quarantine
    assert list(quarantine["raw_row"]) == [row]
    assert f"[{rule}] « {column} » : " in quarantine.loc[0, "reasons"]
    clean = result.clean("observations")
    assert row not in set(clean.loc[clean["derived_row"].isna(), "raw_row"])
    assert_rows_accounted_for(result)


def test_every_rule_has_a_break():
    broken = {param.values[1] for param in ERROR_BREAKS}
    assert broken | {"achievement.period"} == set(RULES)


def test_parts_that_add_up_within_the_tolerance_raise_nothing(raw_copy):
    edits = [
        # 148 + 149 = 297: 1 % short of 300, the edge of programme.toml's tolerance.
        _appended(_garden("148", "sexe=femmes")),
        _appended(_garden("149", "sexe=hommes")),
        # With 11 for 2016 every year has a number, so the year check runs instead of being skipped.
        _changed(";2016;2016;7/11;", ";2016;2016;11;"),
    ]
    _apply(raw_copy, edits)
    result = clean_tables(raw_copy)
    assert not [f.describe() for f in result.findings if f.rule == "dimensions.sum"]
    assert result.error_count == 0
    assert result.tables["observations"].quarantine.empty
    clean = result.clean("observations").set_index("raw_row")
    assert clean.loc[16, "value"] == 11
    assert {APPENDED_ROW, APPENDED_ROW + 1} <= set(clean.index)
    assert_rows_accounted_for(result)


def test_an_actual_no_target_covers_is_a_warning_that_keeps_its_row(raw_copy):
    # The fiche's target for young people trained has no period; this actual has one.
    actual = _line("essor-tchad", "essor-jeunes-formes", "actual", "2014", "2018", "40", source=ESSOR_SOURCE)
    _apply(raw_copy, [_appended(actual)])
    result = clean_tables(raw_copy)
    found = [f for f in result.findings if f.rule == "achievement.period" and f.row == APPENDED_ROW]
    assert [(f.file, f.column, f.value, f.severity, f.operation_id) for f in found] == [
        ("observations.csv", "period_start", "2014–2018", WARNING, "essor-tchad")
    ]
    assert result.error_count == 0
    assert result.tables["observations"].quarantine.empty
    assert APPENDED_ROW in set(result.clean("observations")["raw_row"])
    assert_rows_accounted_for(result)


def test_an_error_on_a_derived_total_sends_a_row_to_quarantine(raw_copy):
    # SPF's fiche counts 7 676 people reached indirectly (003 l. 582, undated); these parts make 6 815.
    people = ("spf-comasagua-montauban", "people-reached-indirect", "target", "", "")
    _apply(
        raw_copy, [_appended(_line(*people, "3815", "sexe=femmes")), _appended(_line(*people, "3000", "sexe=hommes"))]
    )
    result = clean_tables(raw_copy)
    errors = [f for f in result.findings if f.severity == ERROR]
    # The total comes from the fiche: the two parts entered against it are what gets fixed.
    assert [(f.rule, f.file) for f in errors] == [("dimensions.sum", "observations.csv")] * 2
    assert_rows_accounted_for(result)
    for finding in errors:
        assert finding.row in _quarantined_rows(result, finding.file), finding.describe()


# --------------------------------------------------------------------------- the functions on small frames

INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["count", "share", "statement", "stock"],
        "measure": ["1", "2", "5", "1"],
        "unit": ["personnes", "%", None, "universités"],
        "aggregation": ["incremental", "latest", "latest", "cumulative"],
    }
)


def _observations(*rows: dict) -> pd.DataFrame:
    """Rows shaped like clean observations, numbered from spreadsheet row 2."""
    defaults = {
        "operation_id": "op",
        "indicator_id": "count",
        "value_type": "actual",
        "period_start": "2015",
        "period_end": "2015",
        "value": None,
        "value_text": "",
        "value_max": None,
        "unit": None,
        "dimensions": None,
        "comment": None,
        "derived_table": "",
        "derived_row": None,
        "derived_column": "",
    }
    return pd.DataFrame([{**defaults, "raw_row": number, **row} for number, row in enumerate(rows, start=2)])


def _where(findings) -> list[tuple]:
    return [(f.file, f.row, f.column, f.rule, f.severity) for f in findings]


def test_unit_of_a_raw_row_must_be_its_indicators():
    observations = _observations(
        {"value": 10.0, "unit": "personnes"},
        {"value": 10.0, "unit": " personnes "},
        {"value": 10.0, "unit": "familles"},
    )
    findings = list(check_units(observations, INDICATORS))
    assert _where(findings) == [("observations.csv", 4, "unit", "indicator.unit", ERROR)]
    assert findings[0].value == "familles"


def test_unit_of_a_derived_row_is_a_warning_on_the_people_cell_it_comes_from():
    observations = _observations(
        {
            "operation_id": "cap-solidarites-jeunes",
            "value": 240.0,
            "value_text": "240 structures",
            "unit": "structures",
            "raw_row": None,
            "derived_table": "people",
            "derived_row": 5,
            "derived_column": "count",
        }
    )
    (finding,) = check_units(observations, INDICATORS)
    assert _where([finding]) == [("people.csv", 5, "count", "indicator.unit", WARNING)]
    assert (finding.value, finding.table, finding.operation_id) == (
        "240 structures",
        "people",
        "cap-solidarites-jeunes",
    )


@pytest.mark.parametrize(
    ("value", "text", "flagged"), [(0.0, "0 %", False), (100.0, "100 %", False), (140.0, "140 %", True)]
)
def test_a_percentage_lies_between_0_and_100(value, text, flagged):
    observations = _observations({"indicator_id": "share", "value": value, "value_text": text})
    findings = [f for f in check_values(observations, INDICATORS) if f.rule == "value.percentage"]
    assert [(f.row, f.value) for f in findings] == ([(2, text)] if flagged else [])


def test_the_high_end_of_a_percentage_range_lies_within_100():
    observations = _observations(
        {"indicator_id": "share", "value": 90.0, "value_max": 140.0, "value_text": "90 à 140 %"}
    )
    assert [f.rule for f in check_values(observations, INDICATORS)] == ["value.percentage"]


def test_a_quantitative_indicator_needs_a_number_unless_its_text_failed_to_parse():
    observations = _observations(
        {"value": None, "value_text": ""},
        # "7/11" has its own parse warning: it is written down, so not missing.
        {"value": None, "value_text": "7/11"},
        {"value": 3.0, "value_text": "trois"},
    )
    assert _where(check_values(observations, INDICATORS)) == [
        ("observations.csv", 2, "value", "value.number_required", ERROR)
    ]


def test_a_qualitative_indicator_needs_more_than_blanks_in_its_comment():
    observations = _observations(
        {"indicator_id": "statement", "comment": "   "},
        {"indicator_id": "statement", "comment": "Le rapport rattache les résultats aux ODD 1 et 2."},
    )
    assert _where(check_values(observations, INDICATORS)) == [
        ("observations.csv", 2, "comment", "value.comment_required", ERROR)
    ]


def test_a_qualitative_indicator_without_a_comment_is_an_error():
    observations = _observations(
        {"indicator_id": "statement", "comment": None},
        {"indicator_id": "statement", "comment": "Le rapport rattache les résultats aux ODD 1 et 2."},
    )
    assert _where(check_values(observations, INDICATORS)) == [
        ("observations.csv", 2, "comment", "value.comment_required", ERROR)
    ]


@pytest.mark.parametrize(
    ("dimensions", "flagged"),
    [("sexe=femmes", False), ("sexe=femmes;année=2015", False), ("sexe:femmes", True), ("sexe=femmes;2015", True)],
)
def test_dimensions_are_key_value_pairs(dimensions, flagged):
    observations = _observations({"value": 1.0, "dimensions": dimensions})
    findings = [f for f in check_values(observations, INDICATORS) if f.rule == "dimensions.format"]
    assert [(f.column, f.value) for f in findings] == ([("dimensions", dimensions)] if flagged else [])


SPF = pd.DataFrame({"operation_id": ["spf", "undated"], "start": ["2015", None], "end": ["2018", None]})


def test_a_period_lies_within_its_operations_years():
    observations = _observations(
        {"operation_id": "spf", "period_start": "2015", "period_end": "2018"},
        {"operation_id": "spf", "period_start": "2015-06", "period_end": "2018-12"},
        {"operation_id": "spf", "period_start": "2014-12", "period_end": "2016"},
        {"operation_id": "spf", "period_start": "2017", "period_end": "2019-01"},
        {"operation_id": "undated", "period_start": "1990", "period_end": "2030"},
        {"operation_id": "unknown", "period_start": "1990", "period_end": "2030"},
    )
    findings = list(check_periods(observations, SPF))
    assert [(f.row, f.column, f.value) for f in findings] == [
        (4, "period_start", "2014-12"),
        (5, "period_end", "2019-01"),
    ]
    assert {f.rule for f in findings} == {"period.outside_operation"}


def test_a_baseline_may_come_before_the_operation_but_not_end_after_it():
    """A baseline is measured before the work begins: before the start is where it belongs."""
    observations = _observations(
        {"operation_id": "spf", "value_type": "baseline", "period_start": "2013", "period_end": "2014"},
        {"operation_id": "spf", "value_type": "target", "period_start": "2013", "period_end": "2016"},
        {"operation_id": "spf", "value_type": "baseline", "period_start": "2013", "period_end": "2019"},
    )
    findings = list(check_periods(observations, SPF))
    assert [(f.row, f.column, f.value) for f in findings] == [(3, "period_start", "2013"), (4, "period_end", "2019")]


def test_a_baseline_measured_in_the_operations_last_year_is_within_it():
    """IATI's baseline/@year: "2021" says when it was measured, not a period that ends on 31 December."""
    operations = pd.DataFrame({"operation_id": ["op"], "start": ["2021-03-01"], "end": ["2021-07-31"]})
    observations = _observations(
        {"value_type": "baseline", "period_start": "2021", "period_end": "2021"},
        {"value_type": "baseline", "period_start": "2022", "period_end": "2022"},
        {"value_type": "target", "period_start": "2021-03", "period_end": "2021"},
    )
    found = [(f.row, f.column, f.value) for f in check_periods(observations, operations)]
    assert found == [(3, "period_end", "2022"), (4, "period_end", "2021")]


def test_a_whole_year_before_a_month_precise_start_is_outside_the_operation():
    operations = pd.DataFrame({"operation_id": ["op"], "start": ["2015-03"], "end": ["2018-05"]})
    observations = _observations({"period_start": "2015", "period_end": "2016"})
    assert [(f.column, f.value) for f in check_periods(observations, operations)] == [("period_start", "2015")]


def test_a_whole_year_past_a_month_precise_end_is_outside_the_operation():
    operations = pd.DataFrame({"operation_id": ["op"], "start": ["2015-03"], "end": ["2018-05"]})
    observations = _observations({"period_start": "2016", "period_end": "2018"})
    assert [(f.column, f.value) for f in check_periods(observations, operations)] == [("period_end", "2018")]


def _years(total: float, parts: dict[str, float | None], start="2014", end="2018") -> pd.DataFrame:
    return _observations(
        {"period_start": start, "period_end": end, "value": total, "value_text": f"{total:g}"},
        *({"period_start": y, "period_end": y, "value": v, "dimensions": f"année={y}"} for y, v in parts.items()),
    )


def test_years_within_the_totals_period_add_up_to_it():
    assert not list(check_disaggregations(_years(49.0, {"2015": 22.0, "2016": 11.0, "2017": 16.0}), 0.01))


def test_years_that_fall_short_of_the_total_are_reported_on_the_total():
    (finding,) = check_disaggregations(_years(49.0, {"2015": 22.0, "2016": 7.0, "2017": 16.0}), 0.01)
    assert _where([finding]) == [("observations.csv", 2, "value", "dimensions.sum", ERROR)]
    assert finding.value == "49"
    assert finding.message == "les valeurs ventilées par « année » font 45 et non le total 49"


def test_years_outside_the_totals_period_are_not_its_parts():
    assert not list(
        check_disaggregations(_years(30.0, {"2015": 10.0, "2016": 20.0, "2017": 99.0}, "2015", "2016"), 0.0)
    )


def test_a_year_without_a_number_leaves_the_sum_unchecked():
    assert not list(check_disaggregations(_years(49.0, {"2015": 22.0, "2016": None, "2017": 16.0}), 0.01))


def _by_sex(total: float, women: float, men: float, *extra: dict) -> pd.DataFrame:
    return _observations(
        {"period_start": "2015", "period_end": "2018", "value": total},
        {"period_start": "2015", "period_end": "2018", "value": women, "dimensions": "sexe=femmes"},
        {"period_start": "2015", "period_end": "2018", "value": men, "dimensions": "sexe=hommes"},
        *extra,
    )


@pytest.mark.parametrize(
    ("women", "men", "flagged"),
    [(148.0, 149.0, False), (148.0, 148.0, True), (150.0, 153.0, False), (150.0, 154.0, True)],
)
def test_parts_may_miss_their_total_by_the_tolerance_only(women, men, flagged):
    findings = list(check_disaggregations(_by_sex(300.0, women, men), 0.01))
    assert [(f.row, f.rule) for f in findings] == ([(2, "dimensions.sum")] if flagged else [])


def test_a_part_with_several_keys_never_joins_a_one_key_sum():
    both = {"period_start": "2015", "period_end": "2018", "value": 80.0, "dimensions": "sexe=femmes;année=2015"}
    assert not list(check_disaggregations(_by_sex(300.0, 150.0, 150.0, both), 0.0))


def test_parts_of_another_period_or_series_are_not_parts():
    other_period = {"period_start": "2016", "period_end": "2016", "value": 500.0, "dimensions": "sexe=autre"}
    target = {
        "value_type": "target",
        "period_start": "2015",
        "period_end": "2018",
        "value": 500.0,
        "dimensions": "sexe=autre",
    }
    other_operation = {
        "operation_id": "other",
        "period_start": "2015",
        "period_end": "2018",
        "value": 500.0,
        "dimensions": "sexe=autre",
    }
    assert not list(check_disaggregations(_by_sex(300.0, 150.0, 150.0, other_period, target, other_operation), 0.0))


def test_a_cumulative_actual_cannot_fall_in_time_order():
    # File order is not time order: the falling value is the one with the later period.
    observations = _observations(
        {"indicator_id": "stock", "period_start": "2015", "period_end": "2018", "value": 3.0, "value_text": "trois"},
        {"indicator_id": "stock", "period_start": "2015", "period_end": "2016", "value": 5.0},
        {"indicator_id": "stock", "period_start": "2015", "period_end": "2015", "value": 2.0},
    )
    (finding,) = check_cumulative(observations, INDICATORS)
    assert _where([finding]) == [("observations.csv", 2, "value", "cumulative.decrease", ERROR)]
    assert finding.value == "trois"
    assert finding.message == "une valeur cumulée ne peut pas diminuer (valeur précédente : 5)"


def test_only_actuals_of_one_cumulative_series_are_compared():
    observations = _observations(
        {"indicator_id": "stock", "period_end": "2016", "value": 5.0},
        {"indicator_id": "stock", "period_end": "2017", "value": None},
        {"indicator_id": "stock", "period_end": "2018", "value": 6.0},
        {"indicator_id": "stock", "period_end": "2019", "value": 1.0, "dimensions": "sexe=femmes"},
        {"indicator_id": "stock", "period_end": "2019", "value": 1.0, "value_type": "target"},
        {"indicator_id": "stock", "period_end": "2019", "value": 1.0, "operation_id": "other"},
        {"indicator_id": "count", "period_end": "2019", "value": 1.0},
    )
    assert not list(check_cumulative(observations, INDICATORS))


def test_an_actual_is_warned_only_when_its_series_has_targets_for_other_periods():
    observations = _observations(
        {"value_type": "target", "period_start": "2015", "period_end": "2018", "value": 50.0},
        {"value_type": "actual", "period_start": "2015", "period_end": "2018", "value": 40.0},
        {"value_type": "actual", "period_start": "2014", "period_end": "2018", "value": 45.0},
        {"indicator_id": "share", "value_type": "actual", "period_start": "2014", "period_end": "2018", "value": 9.0},
    )
    (finding,) = check_achievement_periods(observations)
    assert _where([finding]) == [("observations.csv", 4, "period_start", "achievement.period", WARNING)]
    assert finding.value == "2014–2018"


def test_an_actual_and_a_target_without_periods_match():
    observations = _observations(
        {"value_type": "target", "period_start": None, "period_end": None, "value": 50.0},
        {"value_type": "actual", "period_start": None, "period_end": None, "value": 40.0},
    ).astype({"period_start": "str", "period_end": "str"})
    assert not list(check_achievement_periods(observations))


def test_a_disaggregation_is_one_key_however_its_spaces_are_typed(raw_copy):
    """ "sexe = femmes" and "sexe=femmes" are one series for every rule: a cumulative series typed
    both ways still may not fall, and the clean table writes the key one way."""
    _apply(
        raw_copy,
        [
            _changed("universités;latest;", "universités;cumulative;", file="indicators.csv"),
            _appended(
                _line(
                    "spf-comasagua-montauban",
                    "spf-universites-partenaires",
                    "actual",
                    "2015",
                    "2015",
                    "4",
                    "type=université",
                )
            ),
            _appended(
                _line(
                    "spf-comasagua-montauban",
                    "spf-universites-partenaires",
                    "actual",
                    "2016",
                    "2016",
                    "2",
                    " type = université ",
                )
            ),
        ],
    )
    result = clean_tables(raw_copy)
    falls = [(f.row, f.rule) for f in result.findings if f.rule == "cumulative.decrease"]
    assert falls == [(APPENDED_ROW + 1, "cumulative.decrease")]
    clean = result.clean("observations")
    written = clean.loc[clean["indicator_id"] == "spf-universites-partenaires", "dimensions"].dropna()
    assert set(written) == {"type=université"}


def test_a_period_outside_its_operation_is_said_in_english():
    from toolkit.model import language

    observations = _observations(
        {"operation_id": "spf", "period_start": "2014-12", "period_end": "2016"},
        {"operation_id": "spf", "period_start": "2017", "period_end": "2019-01"},
    )
    with language.using("en"):
        messages = [f.message for f in check_periods(observations, SPF)]
    assert messages == [
        "the period starts before the operation (start: 2015)",
        "the period ends after the operation (end: 2018)",
    ]
