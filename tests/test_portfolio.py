"""What the pages compute from the clean CAAC data."""

import pandas as pd
import pytest

from toolkit.model.errors import ConfigurationError
from toolkit.results.portfolio import cost_per_person_reached, lead_name, lead_names, load


def test_load_reads_every_table(caac_portfolio):
    assert len(caac_portfolio.operations) == 9
    assert caac_portfolio.operation("cgt-banane")["budget"] == 108548


def test_unknown_operation_is_a_clear_error(caac_portfolio):
    with pytest.raises(ConfigurationError, match="aucune opération « atlantide »"):
        caac_portfolio.operation("atlantide")


def test_missing_clean_folder_says_what_to_run(tmp_path):
    with pytest.raises(ConfigurationError, match="make report"):
        load(tmp_path)


def _cost(portfolio, operation_id):
    return cost_per_person_reached(portfolio.operation(operation_id), portfolio.person_total(operation_id, "direct"))


def test_cost_per_person_only_where_every_direct_group_is_persons_counted_exactly(caac_portfolio):
    # 003 l. 33 and 38: a budget of 98 525 € for 35 persons.
    assert _cost(caac_portfolio, "batik-echangeons") == pytest.approx(98525 / 35)
    # 003 l. 303-304: services, OSC and organisations, not persons.
    assert _cost(caac_portfolio, "essor-tchad") is None
    # 003 l. 240-245: 200 families are left out of the persons, so the cost would be wrong.
    assert _cost(caac_portfolio, "cag44-jeunes-ruraux") is None


def test_persons_reached_add_each_group_of_persons_once(caac_portfolio):
    totals = caac_portfolio.persons_reached().set_index(["operation_id", "reach"])
    # 003 l. 240-245: 200 jeunes + 40 + 110 représentants; the 200 familles are not persons.
    cag44 = totals.loc[("cag44-jeunes-ruraux", "direct")]
    assert cag44["total"] == 350 and cag44["left_out"] == ("200 familles (hors total des personnes)",)
    # 003 l. 390-392: "4 130 ménages soit environ 28 910 personnes" is one public, counted once.
    geres = totals.loc[("geres-konseguela", "indirect")]
    assert (geres["total"], geres["qualifier"]) == (28910, "about")
    # 003 l. 384-387: 30 meuniers, and buyers and users without a count: at least 30.
    assert (
        totals.loc[("geres-konseguela", "direct"), "total"],
        totals.loc[("geres-konseguela", "direct"), "qualifier"],
    ) == (30, "at_least")
    # 003 l. 92: 240 structures and nothing else: no persons, and no zero either.
    assert pd.isna(totals.loc[("cap-solidarites-jeunes", "indirect"), "total"])


def test_a_lead_organisation_is_named_by_its_short_name_from_the_data_never_cut(caac_portfolio):
    # The short names are those the capitalisation report writes (004 l. 234: "CA-G44").
    names = lead_names(caac_portfolio.operations)
    assert names["cag44-jeunes-ruraux"] == "CA-G44"
    assert names["cgt-banane"] == "CGT"
    assert names["spf-comasagua-montauban"] == "SPF"
    assert not any("…" in name for name in names.values())
    # Two operations with one lead are told apart by their ids; the others keep the lead's name.
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "gret-femmes-migrantes", "lead_short"] = "CGT"
    shared = lead_names(operations)
    assert shared["cgt-banane"] == "CGT (cgt-banane)"
    assert shared["gret-femmes-migrantes"] == "CGT (gret-femmes-migrantes)"
    assert shared["spf-comasagua-montauban"] == "SPF"
    # Without a short name, the full name, whole.
    full = "Geres, Groupe Energies Renouvelables et Environnement"
    assert lead_name({"lead_org": full, "lead_short": None}) == full


def test_country_names_and_attention_points_follow_the_language(caac_portfolio):
    from toolkit.model import language
    from toolkit.results.portfolio import attention_points, country_names

    assert country_names("MAR;EGY") == ["Maroc", "Égypte"]
    with language.using("en"):
        assert country_names("MAR;EGY") == ["Morocco", "Egypt"]
        notes = [text for _, text, _ in attention_points(caac_portfolio)]
    assert "CA-G44: grant of €66,440, 12.6% of the budget, against 64.6% for the median operation" in notes
