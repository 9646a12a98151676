"""What the pages compute from the clean CAAC data."""

import pytest

from toolkit.errors import ConfigurationError
from toolkit.portfolio import cost_per_direct_beneficiary, load, short_name


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


def test_short_names_fit_an_axis():
    assert short_name("Geres, Groupe Energies Renouvelables et Environnement") == "Geres"
    assert len(short_name("Confédération Générale du Travail (CGT) et ses partenaires")) <= 28
