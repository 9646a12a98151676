"""Programme claims against the operation data: the verdicts on the real CAAC data, and the rules."""

import pytest

from toolkit.reconcile import CONSISTENT, INCONSISTENT, NOT_RECOMPUTABLE, Computed, verdict

TOLERANCES = (0.0, 0.10)


@pytest.fixture(scope="module")
def claims(caac_clean):
    return caac_clean.clean("claims").set_index("claim_id")


def test_every_claim_has_a_verdict_and_a_reason(claims):
    assert set(claims["verdict"]) <= {CONSISTENT, INCONSISTENT, NOT_RECOMPUTABLE}
    assert claims["reason"].str.len().gt(0).all()
    for column in ("description", "value", "computed_value", "verdict", "reason", "source"):
        assert column in claims.columns


def test_countries_16_in_003_hold_and_14_in_004_do_not(claims):
    assert claims.loc["003-countries", "computed_value"] == 16
    assert claims.loc["003-countries", "verdict"] == CONSISTENT
    assert claims.loc["004-countries", "verdict"] == INCONSISTENT


def test_nine_operations_hold_in_every_document(claims):
    operations = claims[claims["subject"] == "operations"]
    assert len(operations) >= 3
    assert set(operations["verdict"]) == {CONSISTENT}


def test_members_24_against_the_23_names_listed(claims):
    members = claims[claims["subject"] == "members"]
    assert set(members["computed_value"]) == {23}
    assert set(members["verdict"]) == {INCONSISTENT}


def test_lead_members_9_in_003_and_10_in_004(claims):
    assert claims.loc["003-lead-members", "verdict"] == CONSISTENT
    assert claims.loc["004-lead-members", "verdict"] == INCONSISTENT


def test_people_reached_and_partners_cannot_be_decided_from_lower_bounds(claims):
    people = claims.loc["001-people-reached"]
    assert people["verdict"] == NOT_RECOMPUTABLE
    assert "minorant" in people["reason"]
    assert claims.loc["003-partners", "verdict"] == NOT_RECOMPUTABLE


def test_programme_budget_is_not_the_sum_of_operation_budgets(claims):
    budget = claims.loc["004-budget"]
    assert budget["computed_value"] == 1336449
    assert budget["verdict"] == NOT_RECOMPUTABLE


@pytest.mark.parametrize(
    ("qualifier", "claimed", "computed", "complete", "expected"),
    [
        ("exact", 9, 9, True, CONSISTENT),
        ("exact", 10, 9, True, INCONSISTENT),
        ("more_than", 70, 80, True, CONSISTENT),
        ("more_than", 70, 70, True, INCONSISTENT),
        ("about", 100, 108, True, CONSISTENT),
        ("about", 100, 120, True, INCONSISTENT),
        ("more_than", 70, 80, False, CONSISTENT),  # a lower bound above the claim settles "plus de"
        ("more_than", 70, 27, False, NOT_RECOMPUTABLE),
        ("exact", 460000, 166746, False, NOT_RECOMPUTABLE),
    ],
)
def test_verdict_rules(qualifier, claimed, computed, complete, expected):
    result, reason = verdict(
        {"value": claimed, "qualifier": qualifier}, Computed(computed, "base", complete=complete), TOLERANCES
    )
    assert result == expected
    assert reason


def test_not_comparable_or_missing_computation_is_not_recomputable():
    assert (
        verdict({"value": 1.7e6, "qualifier": "exact"}, Computed(1336449, "autre chose", comparable=False), TOLERANCES)[
            0
        ]
        == NOT_RECOMPUTABLE
    )
    assert verdict({"value": 4, "qualifier": "exact"}, Computed(None, "pas de données"), TOLERANCES) == (
        NOT_RECOMPUTABLE,
        "pas de données",
    )
