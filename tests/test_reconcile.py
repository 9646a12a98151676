"""Programme claims against the operation data: the verdicts on the real CAAC data, and the rules."""

import pytest

from toolkit.model.vocabulary import ClaimVerdict
from toolkit.results.reconcile import Computed, verdict

CONSISTENT, INCONSISTENT, NOT_RECOMPUTABLE = (
    ClaimVerdict.CONSISTENT,
    ClaimVerdict.INCONSISTENT,
    ClaimVerdict.NOT_RECOMPUTABLE,
)

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


def test_members_24_against_the_23_names_the_same_report_lists(claims):
    # 004 l. 216 and 322 say 24; its footnote l. 326 names 23.
    members = claims[claims["subject"] == "members"]
    assert set(members["computed_value"]) == {23}
    assert set(members.loc[members["source"].str.startswith("004"), "verdict"]) == {INCONSISTENT}
    # 000 (2023) and 001 (2020) count the members at another date than 004's list (2018).
    assert claims.loc["000-members", "verdict"] == claims.loc["001-members", "verdict"] == NOT_RECOMPUTABLE


def test_lead_members_9_in_003_and_10_in_004_each_by_its_own_count(claims):
    # 003 l. 8: 9 members, one lead per fiche. 004 l. 216: 10, which counts UNMFREO, a partner in the
    # fiches and in 004's own table (l. 330) but a lead in its other table (l. 1312): the documents
    # disagree on who leads, so the data cannot call the 10 consistent.
    assert claims.loc["003-lead-members", "verdict"] == CONSISTENT
    assert claims.loc["004-lead-members", "verdict"] == NOT_RECOMPUTABLE
    reason = claims.loc["004-lead-members", "reason"]
    assert "en comptant UNMFREO, que les fiches nomment partenaire" in reason
    assert "les documents ne s'accordent pas sur qui porte les opérations" in reason


def test_people_reached_are_not_recomputed_from_the_publics_the_fiches_aim_at(claims):
    # 001 l. 27 says 460 000 people benefited; the fiches give the publics they aim at.
    people = claims.loc["001-people-reached"]
    assert people["verdict"] == NOT_RECOMPUTABLE
    assert people["reason"].startswith("les fiches donnent des publics visés, non des personnes effectivement touchées")
    assert claims.loc["003-partners", "verdict"] == NOT_RECOMPUTABLE
    assert "minorant" in claims.loc["003-partners", "reason"]


def test_the_programme_period_and_its_four_years_are_recomputed(claims):
    # 001 l. 27 and 004 l. 216, 308: 2014-2018, four years; the fiches' 24 to 36 months fit in it.
    for claim_id in ("001-period", "004-period", "004-period-4", "001-period-2", "004-period-3", "004-duration-3"):
        assert claims.loc[claim_id, "verdict"] == CONSISTENT, claim_id
    assert "24 à 36 mois" in claims.loc["001-period", "reason"]
    # 004 l. 1308 "Depuis 2015" falls within the period; 001 l. 14 "Mis en place en 2014" starts it.
    assert claims.loc["004-period-5", "verdict"] == CONSISTENT
    assert claims.loc["001-start", "verdict"] == CONSISTENT
    # 004 l. 292 gives the pilot operations 4 years; the fiches plan 24 to 36 months, and how long
    # the operations really lasted is not known.
    assert claims.loc["004-period-2", "verdict"] == NOT_RECOMPUTABLE
    assert claims.loc["004-period-2", "computed_value"] == 3


def test_continents_counted_with_one_america(claims):
    # 004 l. 216: "14 pays sur 4 continents": Africa, America, Asia and Europe (France).
    assert claims.loc["004-continents", "computed_value"] == 4
    assert claims.loc["004-continents", "verdict"] == CONSISTENT
    assert "Afrique, Amérique, Asie, Europe" in claims.loc["004-continents", "reason"]


def test_members_without_an_operation_from_who_takes_part(claims):
    # 004 l. 326 lists 23 members; 10 take part in an operation (the nine leads and UNMFREO,
    # 004 l. 1312); 004 l. 352 says 12 have none.
    row = claims.loc["004-members-without-operation"]
    assert (row["computed_value"], row["verdict"]) == (13, INCONSISTENT)
    assert "UNMFREO" in row["reason"]


def test_phase_two_projects_announced_against_those_described(claims):
    # 002 l. 7 announces 7 projects; the page describes 6 (l. 9-33).
    row = claims.loc["002-phase2-projects"]
    assert (row["computed_value"], row["verdict"]) == (6, NOT_RECOMPUTABLE)


def test_goals_and_growth_words_are_checked_against_what_the_same_report_says(claims):
    # 004 l. 1300: 8 priority goals; l. 1484-1492 tie 15 goals to three operations: another count.
    goals = claims.loc["004-sdg-goals"]
    assert (goals["computed_value"], goals["verdict"]) == (15, NOT_RECOMPUTABLE)
    # 004 l. 880 and 1173: "triplement"; l. 1486: from 70 to 300 dollars, 4.29 times.
    growth = claims.loc["004-growth"]
    assert (growth["computed_value"], growth["verdict"]) == (4.29, INCONSISTENT)
    # The values' unit is their indicator's (indicators.csv: dollars US), said with them.
    assert growth["reason"].startswith("de 70 (référence) à 300 dollars US (réalisation) : multiplié par 4,29")


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
        ("exact", 8, 15, False, INCONSISTENT),  # a lower bound already above an exact claim settles it
        ("at_most", 20, 25, False, INCONSISTENT),
        ("at_most", 20, 15, True, CONSISTENT),
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


def test_a_programme_without_a_members_list_has_no_count_of_members_not_zero():
    """Another programme has no platform of members: a published count of them is not
    recomputable, never set against an empty list as if there were none."""
    import pandas as pd

    from toolkit.results.reconcile import Data, _members

    empty = pd.DataFrame(columns=["organisation", "source"])
    data = Data(operations=pd.DataFrame(), participants=pd.DataFrame(), members=empty, people=pd.DataFrame())
    computed = _members(data, {"source": "rapport.txt l. 3", "value": 24})
    assert computed.value is None and computed.basis == "les données ne contiennent pas la liste des membres"


def test_reasons_and_descriptions_in_english():
    import pandas as pd

    from toolkit.model import language
    from toolkit.results.reconcile import Data, reconcile

    operations = pd.DataFrame({"operation_id": ["a", "b"], "countries": ["MLI;FRA", "SEN"], "lead_org": ["X", "Y"]})
    empty = pd.DataFrame()
    data = Data(operations=operations, participants=empty, members=empty, people=empty, period=(2014, 2018))
    claims = pd.DataFrame(
        {"subject": ["operations", "countries", "duration"], "scope": ["", "", ""], "value": [2.0, 3.0, 4.0]}
    )
    with language.using("en"):
        rows = reconcile(claims, data, TOLERANCES).to_dict("records")
        lower = verdict({"value": 1.0, "qualifier": "exact"}, Computed(2.0, "2 found", complete=False), TOLERANCES)
    assert [row["description"] for row in rows] == ["Operations", "Countries", "Duration"]
    assert rows[0]["reason"] == "2 operations in the data"
    assert rows[1]["reason"] == "3 distinct countries, France included"
    assert rows[2]["reason"] == "programme's period 2014-2018 (configuration): 4 years"
    assert lower == (INCONSISTENT, "already more than the published figure, from part of the data: 2 found")
