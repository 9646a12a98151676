"""What the pages compute from the clean CAAC data."""

import pytest

from toolkit.clean import write_clean
from toolkit.errors import ConfigurationError
from toolkit.portfolio import claims_against_data, cost_per_direct_beneficiary, load, recompute_claim, short_name


@pytest.fixture(scope="module")
def portfolio(caac_clean, tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    write_clean(caac_clean, folder)
    return load(folder)


def test_load_reads_every_table(portfolio):
    assert len(portfolio.operations) == 9
    assert portfolio.operation("cgt-banane")["budget_eur"] == 108548


def test_unknown_operation_is_a_clear_error(portfolio):
    with pytest.raises(ConfigurationError, match="no operation 'atlantide'"):
        portfolio.operation("atlantide")


def test_missing_clean_folder_says_what_to_run(tmp_path):
    with pytest.raises(ConfigurationError, match="make report"):
        load(tmp_path)


def test_cost_per_direct_beneficiary_only_with_a_single_number(portfolio):
    assert cost_per_direct_beneficiary(portfolio.operation("batik-echangeons")) == pytest.approx(98525 / 35)
    assert cost_per_direct_beneficiary(portfolio.operation("essor-tchad")) is None


def test_recomputed_claims(portfolio):
    assert recompute_claim(portfolio, "operations")[0] == 9
    assert recompute_claim(portfolio, "countries", "pays hors France")[0] == 16
    assert recompute_claim(portfolio, "countries", "")[0] == 17
    assert recompute_claim(portfolio, "budget")[0] == 1336449
    assert recompute_claim(portfolio, "members")[0] is None


def test_every_claim_appears_with_its_source(portfolio):
    compared = claims_against_data(portfolio)
    assert len(compared) == len(portfolio.claims)
    assert compared["source"].str.contains(r"\.txt l\. \d").all()
    people = compared[compared["subject"] == "people_reached"].iloc[0]
    assert people["value"] == 460000
    assert "non comptés" in people["basis"]


def test_short_names_fit_an_axis():
    assert short_name("Geres, Groupe Energies Renouvelables et Environnement") == "Geres"
    assert len(short_name("Confédération Générale du Travail (CGT) et ses partenaires")) <= 28
