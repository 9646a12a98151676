"""The French blocks of the pages, on the real data and on hostile text."""

from dataclasses import replace

import pytest

from toolkit import pages
from toolkit.clean import write_clean
from toolkit.portfolio import load

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def portfolio(caac_clean, tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    write_clean(caac_clean, folder)
    return load(folder)


def test_header_is_markup_and_the_title_is_escaped(portfolio):
    operations = portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "batik-echangeons", "title"] = "<script>alert(1)</script>"
    portfolio = replace(portfolio, operations=operations)
    header = pages.operation_header(portfolio, "batik-echangeons")
    assert header.startswith("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    assert "<script>" not in header


def test_finances_in_french(portfolio):
    block = pages.finances(portfolio, "batik-echangeons")
    assert f"98{NNBSP}525{NBSP}€" in block
    assert f"65,0{NBSP}%" in block
    assert f"2{NNBSP}815{NBSP}€" in block  # 98 525 € / 35 direct beneficiaries


def test_people_not_a_single_number_read_not_reported(portfolio):
    block = pages.people(portfolio, "essor-tchad")
    assert "non renseigné" in block
    assert "7 services publics" in block


def test_participants_by_role(portfolio):
    block = pages.participants(portfolio, "grdr-migrants-ess")
    assert "Porteur du projet" in block and "Financeur" in block and "Partenaire de mise en œuvre" in block


def test_portfolio_table_links_every_operation(portfolio):
    block = pages.portfolio_table(portfolio)
    for operation_id in portfolio.operation_ids:
        assert f'href="operations/{operation_id}.html"' in block
    assert f"1{NNBSP}336{NNBSP}449{NBSP}€" in block


def test_claims_table_lays_out_without_verdict(portfolio):
    block = pages.claims(portfolio)
    assert "460 000" in block
    assert "non recalculable" in block
    for verdict in ("consistent", "inconsistent", "cohérent", "incohérent"):
        assert verdict not in block.lower()
