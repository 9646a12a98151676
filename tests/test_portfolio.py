"""What the pages compute from the clean CAAC data."""

import pytest

from toolkit.errors import ConfigurationError
from toolkit.portfolio import claims_against_data, cost_per_direct_beneficiary, load, recompute_claim, short_name


def test_load_reads_every_table(caac_portfolio):
    assert len(caac_portfolio.operations) == 9
    assert caac_portfolio.operation("cgt-banane")["budget_eur"] == 108548


def test_unknown_operation_is_a_clear_error(caac_portfolio):
    with pytest.raises(ConfigurationError, match="no operation 'atlantide'"):
        caac_portfolio.operation("atlantide")


def test_missing_clean_folder_says_what_to_run(tmp_path):
    with pytest.raises(ConfigurationError, match="make report"):
        load(tmp_path)


def test_cost_per_direct_beneficiary_only_with_a_single_number(caac_portfolio):
    assert cost_per_direct_beneficiary(caac_portfolio.operation("batik-echangeons")) == pytest.approx(98525 / 35)
    assert cost_per_direct_beneficiary(caac_portfolio.operation("essor-tchad")) is None


def test_recomputed_claims(caac_portfolio):
    assert recompute_claim(caac_portfolio, "operations")[0] == 9
    assert recompute_claim(caac_portfolio, "countries", "pays hors France")[0] == 16
    assert recompute_claim(caac_portfolio, "countries", "")[0] == 17
    assert recompute_claim(caac_portfolio, "budget")[0] == 1336449
    assert recompute_claim(caac_portfolio, "members")[0] is None


def test_every_claim_appears_with_its_source(caac_portfolio):
    compared = claims_against_data(caac_portfolio)
    assert len(compared) == len(caac_portfolio.claims)
    assert compared["source"].str.contains(r"\.txt l\. \d").all()
    people = compared[compared["subject"] == "people_reached"].iloc[0]
    assert people["value"] == 460000
    assert "non comptés" in people["basis"]


def test_short_names_fit_an_axis():
    assert short_name("Geres, Groupe Energies Renouvelables et Environnement") == "Geres"
    assert len(short_name("Confédération Générale du Travail (CGT) et ses partenaires")) <= 28
