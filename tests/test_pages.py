"""The French blocks of the pages, on the real data and on hostile text."""

from dataclasses import replace

from tests.conftest import ROOT
from toolkit.model.config import load_config
from toolkit.report import pages

NNBSP, NBSP = "\u202f", "\u00a0"


def test_header_is_markup_and_the_title_is_escaped(caac_portfolio):
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "batik-echangeons", "title"] = "<script>alert(1)</script>"
    header = pages.operation_header(
        replace(caac_portfolio, operations=operations), "batik-echangeons", load_config(ROOT / "programme.toml")
    )
    assert header.startswith("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    assert "<script>" not in header


def test_finances_in_french(caac_portfolio):
    block = pages.finances(caac_portfolio, "batik-echangeons")
    assert f"98{NNBSP}525{NBSP}€" in block
    assert f"65,0{NBSP}%" in block
    assert f"2{NNBSP}815{NBSP}€" in block  # 98 525 € / 35 persons (003 l. 38), computed and labelled so
    assert "Coût par personne visée directement (calculé²)" in block
    assert "² budget total ÷ personnes que la fiche prévoit de toucher directement" in block


def test_groups_that_are_not_persons_are_shown_and_never_called_not_reported(caac_portfolio):
    # 003 l. 302-307: 7 services publics, 9 OSC, 2 organisations professionnelles; 250 jeunes
    # vulnérables, and companies and training centres without a count.
    block = pages.people(caac_portfolio, "essor-tchad")
    assert "non renseigné" not in block
    assert "<td>services publics</td>" in block and '<td class="num">non chiffré</td>' in block
    assert (
        "Personnes touchées directement : aucun groupe compté en personnes ; non additionnés : "
        "7 services publics (pas des personnes) ; 9 OSC (pas des personnes) ; "
        "2 organisations professionnelles (pas des personnes)."
    ) in block
    # The uncounted companies and centres are not persons: the 250 young people stay an exact count.
    assert "Personnes touchées indirectement : 250 personnes ; non additionnés : les entreprises" in block


def test_an_operation_whose_fiche_counts_nobody_for_a_reach_says_so(caac_portfolio):
    # 003 l. 237-245: Guinée 44's fiche gives only direct beneficiaries.
    block = pages.people(caac_portfolio, "cag44-jeunes-ruraux")
    assert "Personnes touchées indirectement : non renseigné, la fiche n&#x27;en donne pas." in block


def test_participants_by_role(caac_portfolio):
    block = pages.participants(caac_portfolio, "grdr-migrants-ess")
    assert "Porteur du projet" in block and "Financeur" in block and "Partenaire de mise en œuvre" in block


def test_portfolio_table_links_every_operation(caac_portfolio):
    block = pages.portfolio_table(caac_portfolio)
    for operation_id in caac_portfolio.operation_ids:
        assert f'href="operations/{operation_id}.html"' in block
    assert f"1{NNBSP}336{NNBSP}449{NBSP}€" in block
    # 003 l. 8: "en France et dans 16 pays"; persons: the sum of the groups counted in persons.
    assert "<td>France et 16 pays</td>" in block
    # SPF's "une dizaine de « futurs jardiniers »" (003 l. 578) is an estimate inside that minimum.
    assert f"au moins 15{NNBSP}030 personnes (estimation comprise) + autres publics" in block


def test_claims_table_shows_each_claim_with_its_verdict_in_french(caac_portfolio):
    block = pages.claims(caac_portfolio)
    assert "460 000" in block
    for verdict in ("cohérent", "incohérent", "non recalculable"):
        assert f"<td>{verdict}</td>" in block
    assert "not_recomputable" not in block


def test_each_operation_page_leads_to_the_previous_and_next_operation(caac_portfolio):
    from toolkit.build.slices import operation_view
    from toolkit.report.pages import operation_nav

    ids = caac_portfolio.operation_ids
    first, middle, last = (str(operation_nav(operation_view(caac_portfolio, i), i)) for i in (ids[0], ids[1], ids[-1]))
    assert "Opération précédente" not in first and f'href="{ids[1]}.html"' in first
    assert f'href="{ids[0]}.html"' in middle and f'href="{ids[2]}.html"' in middle
    assert "Opération suivante" not in last and f'href="{ids[-2]}.html"' in last
    assert all('href="../index.html#operations"' in page for page in (first, middle, last))


def test_the_fiche_says_what_the_operation_set_out_to_do_with_its_targets_in_place(caac_portfolio):
    block = pages.logframe(caac_portfolio, "cgt-banane")
    # 003 l. 178-179, 184-187, 190-194: two objectives, four expected results, five activities.
    assert block.count("<li>") == 11
    assert "<h3>Objectif</h3>" in block and "<h3>Résultats attendus</h3>" in block
    # Cited as a reader cites it, linked to the line on the document's page.
    assert (
        '(<a href="../documents/003_373f3e170bffc0e1.html#l190">CFSI, Les actions pilotes, s. d., l. 190</a>)' in block
    )
    # The 3-4 representatives of the study tour are stated by the activity of l. 190.
    activity = block.split("Voyage d&#x27;étude de 3-4 représentants")[1].split("</li>")[0]
    assert "<strong>Cible chiffrée :</strong> 3 à 4 représentants" in activity


def test_every_target_of_a_fiche_is_tied_to_the_item_that_states_it(caac_portfolio):
    fiche_targets = caac_portfolio.observations[
        (caac_portfolio.observations["value_type"] == "target")
        & ~caac_portfolio.observations["indicator_id"].str.startswith("people-reached")
    ]
    tied = sum(
        len(found) for op in caac_portfolio.operation_ids for found in caac_portfolio.targets_by_item(op).values()
    )
    # 18 digit targets in the fiches; Guinée 44's "deux territoires" (003 l. 276) is the project's
    # scope, not a target, and is not transcribed as one.
    assert tied == len(fiche_targets) == 18


def test_phase_two_projects_are_listed_apart(caac_portfolio):
    block = pages.phase2(caac_portfolio)
    # 002 l. 9-33: six projects described.
    assert block.count("<tr>") == 7
    assert "ils n&#x27;ont pas de page et n&#x27;entrent dans aucun total" in block
    assert "Essentiel; Guinée 44; Univers-Sel" in block


def test_an_operation_far_from_the_others_is_pointed_out_without_a_verdict(caac_portfolio):
    block = pages.points_of_attention(caac_portfolio)
    # 003 l. 246-256: Guinée 44's budget of 526 561 € with a grant of 66 440 €.
    assert f"budget de 526{NNBSP}561{NBSP}€, 5,2 fois la médiane des opérations (102{NNBSP}100{NBSP}€)" in block
    assert f"12,6{NBSP}% du budget, contre 64,6{NBSP}% pour l&#x27;opération médiane" in block
    assert block.count("<li>") == 2


def test_a_persons_total_keeps_the_place_the_fiche_gives(caac_portfolio):
    # 003 l. 158-159: "Indirects : 115 000 (hors France)".
    block = pages.people(caac_portfolio, "cgt-banane")
    assert f"Personnes touchées indirectement : 115{NNBSP}000 personnes (hors France)." in block


def test_a_cost_per_person_is_not_computed_and_the_page_says_why(caac_portfolio):
    # 003 l. 578-579: "une dizaine" and a group without a count: the number of persons is not exact.
    assert "non calculé : le nombre de personnes visées directement n&#x27;est pas exact" in pages.finances(
        caac_portfolio, "spf-comasagua-montauban"
    )
    # 003 l. 240-241: 200 families among the direct publics.
    assert "non calculé : des publics directs de la fiche ne sont pas comptés en personnes" in pages.finances(
        caac_portfolio, "cag44-jeunes-ruraux"
    )


def test_a_failed_page_links_its_notebook_only_when_there_is_one(tmp_path):
    from toolkit.build.pipeline import _failure_record
    from toolkit.model.errors import NotebookFailed

    kept = tmp_path / "operations" / "puits-kayes.failed.ipynb"
    kept.parent.mkdir()
    kept.write_text("{}", encoding="utf-8")
    died = NotebookFailed("m", notebook=str(tmp_path / "annexes.failed.ipynb"), error="signal SIGKILL")
    records = [
        _failure_record(
            NotebookFailed("m", notebook=str(kept), operation_id="puits-kayes", cell=4, error="x"), tmp_path
        ),
        _failure_record(died, tmp_path),
    ]
    assert [record["notebook"] for record in records] == ["operations/puits-kayes.failed.ipynb", ""]
    block = str(pages.failed_pages(records))
    assert 'href="operations/puits-kayes.failed.ipynb"' in block
    # The page whose process ended before writing a notebook says so, with no link to a missing file.
    assert block.count("<a ") == 1 and pages.NO_NOTEBOOK.replace("'", "&#x27;") in block
