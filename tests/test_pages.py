"""The French blocks of the pages, on the real data and on hostile text."""

from dataclasses import replace
from pathlib import Path

from tests.conftest import ROOT
from toolkit import pages
from toolkit.config import load_config

NNBSP, NBSP = "\u202f", "\u00a0"


def test_header_is_markup_and_the_title_is_escaped(caac_portfolio):
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "batik-echangeons", "title"] = "<script>alert(1)</script>"
    header = pages.operation_header(
        replace(caac_portfolio, operations=operations), "batik-echangeons", load_config(ROOT / "programme.toml")
    )
    assert header.startswith("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    assert "<script>" not in header


def test_parameter_summary_names_files_without_their_folders():
    summary = pages.parameter_summary([("programme", "CAAC"), ("configuration", Path("/srv/build/x/programme.toml"))])
    assert summary == (
        '<p class="caac-source">Paramètres de cette page : programme = CAAC · configuration = programme.toml</p>'
    )


def test_finances_in_french(caac_portfolio):
    block = pages.finances(caac_portfolio, "batik-echangeons")
    assert f"98{NNBSP}525{NBSP}€" in block
    assert f"65,0{NBSP}%" in block
    assert f"2{NNBSP}815{NBSP}€" in block  # 98 525 € / 35 direct beneficiaries


def test_people_not_a_single_number_read_not_reported(caac_portfolio):
    block = pages.people(caac_portfolio, "essor-tchad")
    assert "non renseigné" in block
    assert "7 services publics" in block


def test_participants_by_role(caac_portfolio):
    block = pages.participants(caac_portfolio, "grdr-migrants-ess")
    assert "Porteur du projet" in block and "Financeur" in block and "Partenaire de mise en œuvre" in block


def test_portfolio_table_links_every_operation(caac_portfolio):
    block = pages.portfolio_table(caac_portfolio)
    for operation_id in caac_portfolio.operation_ids:
        assert f'href="operations/{operation_id}.html"' in block
    assert f"1{NNBSP}336{NNBSP}449{NBSP}€" in block


def test_claims_table_shows_each_claim_with_its_verdict_in_french(caac_portfolio):
    block = pages.claims(caac_portfolio)
    assert "460 000" in block
    for verdict in ("cohérent", "incohérent", "non recalculable"):
        assert f"<td>{verdict}</td>" in block
    assert "not_recomputable" not in block


def test_each_operation_page_leads_to_the_previous_and_next_operation(caac_portfolio):
    from toolkit.pages import operation_nav
    from toolkit.slices import operation_view

    ids = caac_portfolio.operation_ids
    first, middle, last = (str(operation_nav(operation_view(caac_portfolio, i), i)) for i in (ids[0], ids[1], ids[-1]))
    assert "Opération précédente" not in first and f'href="{ids[1]}.html"' in first
    assert f'href="{ids[0]}.html"' in middle and f'href="{ids[2]}.html"' in middle
    assert "Opération suivante" not in last and f'href="{ids[-2]}.html"' in last
    assert all('href="../index.html#operations"' in page for page in (first, middle, last))
