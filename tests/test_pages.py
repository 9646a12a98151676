"""The French blocks of the pages, on the real data and on hostile text."""

from dataclasses import replace

import pandas as pd

from tests.conftest import ROOT
from toolkit.model import language
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


def test_a_refused_cell_is_said_refused_and_the_others_stand(caac_portfolio):
    operations = caac_portfolio.operations.copy()
    batik = operations["operation_id"] == "batik-echangeons"
    operations.loc[batik, ["grant", "grant_currency", "grant_reporting", "grant_share"]] = None
    operations.loc[batik, "refused"] = "grant"
    block = pages.finances(replace(caac_portfolio, operations=operations), "batik-echangeons")
    assert "refusé (voir la qualité des données)" in block
    assert f"98{NNBSP}525{NBSP}€" in block  # the budget beside it stands


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
        "Publics visés directement : aucun groupe compté en personnes ; non additionnés : "
        "7 services publics (hors total des personnes) ; 9 OSC (hors total des personnes) ; "
        "2 organisations professionnelles (hors total des personnes)."
    ) in block
    # The uncounted companies and centres are not persons: the 250 young people stay an exact count.
    assert "Publics visés indirectement : 250 personnes ; non additionnés : les entreprises" in block


def test_an_operation_whose_fiche_counts_nobody_for_a_reach_says_so(caac_portfolio):
    # 003 l. 237-245: Guinée 44's fiche gives only direct beneficiaries.
    block = pages.people(caac_portfolio, "cag44-jeunes-ruraux")
    assert "Publics visés indirectement : non renseigné, la fiche n&#x27;en donne pas." in block


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
    # 15 030 before the SPF's 243 « et leurs familles » (003 l. 577) left the persons, as its rule says.
    assert f"au moins 14{NNBSP}787 personnes (estimation comprise) + autres publics" in block


def test_claims_table_shows_each_claim_with_its_verdict_in_french(caac_portfolio):
    block = pages.claims(caac_portfolio)
    assert "460 000" in block
    for verdict in ("cohérent", "incohérent", "non recalculable"):
        assert f"<td>{verdict}</td>" in block
    assert "not_recomputable" not in block


def test_each_operation_page_leads_to_the_previous_and_next_operation(caac_portfolio):
    from toolkit.report.pages import operation_nav
    from toolkit.results.slices import operation_view

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


def test_a_count_whose_unit_the_fiche_does_not_name_keeps_its_word_and_stays_out_of_persons(caac_portfolio):
    # 003 l. 158-159: "Indirects : 115 000 (hors France)".
    block = pages.people(caac_portfolio, "cgt-banane")
    # The fiche does not say what the 115 000 count: kept as « bénéficiaires », never added to persons.
    assert "Publics visés indirectement : aucun groupe compté en personnes ; non additionnés : " in block
    assert f"115{NNBSP}000 bénéficiaires (hors total des personnes)." in block


def test_a_cost_per_person_is_not_computed_and_the_page_says_why(caac_portfolio):
    # 003 l. 577: "243 femmes et jeunes agriculteurs et leurs familles" mixes persons and families.
    assert "non calculé : des publics directs de la fiche ne sont pas comptés en personnes" in pages.finances(
        caac_portfolio, "spf-comasagua-montauban"
    )
    # 003 l. 36-38: Batik's 35 « personnes concernées » are persons, counted exactly.
    assert "non calculé" not in pages.finances(caac_portfolio, "batik-echangeons")
    # 003 l. 240-241: 200 families among the direct publics.
    assert "non calculé : des publics directs de la fiche ne sont pas comptés en personnes" in pages.finances(
        caac_portfolio, "cag44-jeunes-ruraux"
    )


def _pair(operations: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "discrepancy_id": "jardin-public",
                "operations": operations,
                "kind": "chiffre et description",
                "subject": "Public du jardin solidaire de Montauban",
                "first": "une dizaine de «futurs jardiniers »",
                "first_source": "003_373f3e170bffc0e1.txt l. 578",
                "second": "entre 300 personnes en situation de précarité",
                "second_source": "001_62b3f33ff500d6e8.txt l. 33",
                "verdict": "Les documents donnent des chiffres différents pour le même public.",
            }
        ]
    )


def test_an_operation_page_lists_the_disagreements_of_its_sources_and_never_calls_them_no_problem(caac_portfolio):
    spf, batik = "spf-comasagua-montauban", "batik-echangeons"
    portfolio = replace(caac_portfolio, discrepancies=_pair(f"{spf}; cgt-banane"))
    block = pages.findings(portfolio, spf)
    assert "Aucun problème n&#x27;a été relevé" not in block and "Aucun problème n'a été relevé" not in block
    assert "Public du jardin solidaire de Montauban" in block
    assert '<a href="../documents/003_373f3e170bffc0e1.html#l578">' in block
    # The growth word 004 writes of the SPF, set against its own values: it concerns this operation too.
    assert "triplement" in block and "multiplié par 4,29" in block
    assert "Public du jardin" in pages.findings(portfolio, "cgt-banane")
    # An operation no pair, finding or figure concerns: its page may say so, and says of what.
    quiet = pages.findings(portfolio, batik)
    assert "Aucun problème n&#x27;a été relevé pour cette opération : ni dans la vérification" in quiet


def test_the_figures_that_set_an_operation_apart_are_on_its_page(caac_portfolio):
    block = pages.findings(caac_portfolio, "cag44-jeunes-ruraux")
    assert "Points d'attention" in block and f"budget de 526{NNBSP}561{NBSP}€" in block
    assert "Aucun problème n&#x27;a été relevé pour cette opération :" not in block


def test_recorded_pairs_join_the_documents_against_documents_table(caac_portfolio):
    portfolio = replace(caac_portfolio, discrepancies=_pair(""))
    block = pages.document_pairs(portfolio)
    row = block.split("Public du jardin solidaire de Montauban")[1].split("</tr>")[0]
    assert "« une dizaine de «futurs jardiniers » »" in row.replace("&#x27;", "'")
    assert "discordants" in row and "Les documents donnent des chiffres différents pour le même public." in row


def test_the_fiche_counts_one_operation_in_the_singular_and_names_no_empty_place(caac_portfolio):
    """ "1 projets dans 2 pays" and "en France et dans 0 pays" were written for a small programme."""
    config = replace(load_config(ROOT / "programme.toml"), operation_noun=("projet", "projets"))
    one = caac_portfolio.operations.iloc[[0]].assign(countries="KEN;UGA")
    text = str(pages.fiche_signaletique(replace(caac_portfolio, operations=one), config, "abc"))
    assert "1 projet dans 2 pays" in text and "1 projets" not in text
    assert pages._countries_phrase(["FRA"]) == "en France" and pages._countries_phrase([]) == ""
    assert pages._operations_phrase(9, config, ["FRA", "MAR"]) == "9 projets en France et dans 1 pays"
    assert pages._operations_phrase(2, config, []) == "2 projets"


def test_a_programme_that_grants_nothing_has_its_budget_alone(caac_portfolio):
    """Another programme's operations may have no grant of the programme: no "dont non renseigné"."""
    config = load_config(ROOT / "programme.toml")
    without = caac_portfolio.operations.assign(grant=float("nan"))
    text = str(pages.fiche_signaletique(replace(caac_portfolio, operations=without), config, "abc"))
    assert "dont non renseigné" not in text and "de subventions du programme" not in text
    with_grants = str(pages.fiche_signaletique(caac_portfolio, config, "abc"))
    assert "de subventions du programme" in with_grants


def test_a_budget_total_that_misses_budgets_says_how_many(caac_portfolio):
    config = load_config(ROOT / "programme.toml")
    operations = caac_portfolio.operations.copy()
    operations.loc[0, "budget"] = float("nan")
    text = str(pages.fiche_signaletique(replace(caac_portfolio, operations=operations), config, "abc"))
    assert f"(budget non renseigné pour 1 {config.operation_noun[0]}, hors total)" in text
    assert "hors total" not in str(pages.fiche_signaletique(caac_portfolio, config, "abc"))


def test_finances_in_english(caac_portfolio):
    with language.using("en"):
        block = pages.finances(caac_portfolio, "batik-echangeons")
    assert "<caption>The operation&#x27;s funding</caption>" in block
    assert "Total budget (project sheet)" in block and "€98,525" in block
    assert "Grant awarded by the programme (project sheet)" in block and "65.0%" in block
    assert "Cost per person directly targeted (computed²)" in block and "€2,815" in block
    assert "Budget total" not in block and "fiche" not in block


def test_an_operation_among_the_others_in_english(caac_portfolio):
    with language.using("en"):
        block = pages.among_others(caac_portfolio, "batik-echangeons")
    assert "Budget: €98,525, ranked 8 of 9 operations sorted from the largest budget to the smallest" in block
    assert "(median: €102,100)" in block and "All operations compared" in block


def test_the_portfolio_table_in_english(caac_portfolio):
    with language.using("en"):
        block = pages.portfolio_table(caac_portfolio)
    assert "<caption>Portfolio of operations</caption>" in block
    assert ">Lead organisation</th>" in block and "Persons directly targeted" in block
    assert "Morocco, Egypt, Tunisia, France" in block  # country names in the report's language
    assert "<td>France and 16 other countries</td>" in block and "9 operations" in block
    assert "€1,336,449" in block and "Source: " in block


def test_claims_attention_points_and_identity_in_english(caac_portfolio):
    config = load_config(ROOT / "programme.toml")
    with language.using("en"):
        claims = pages.claims(caac_portfolio)
        attention = pages.points_of_attention(caac_portfolio)
        identity = pages.identity(caac_portfolio, "grdr-migrants-ess")
        participants = pages.participants(caac_portfolio, "grdr-migrants-ess")
        fiche = pages.fiche_signaletique(caac_portfolio, config, "abc")
    assert ">Published figure</th>" in claims and "”: the recomputation confirms the published figure;" in claims
    assert "CA-G44: budget of €526,561, 5.2 times the operations&#x27; median (€102,100)" in attention
    assert "<dt>Lead organisation</dt>" in identity and "<dt>Planned duration</dt>" in identity
    assert f"30{NBSP}months" in identity and "<dd>Mali, France</dd>" in identity
    assert "Funder" in participants and "Implementing partner" in participants
    assert "in France and 16 other countries" in fiche and "of which €586,328 in grants from the programme" in fiche


def test_the_countries_are_counted_in_each_language():
    assert pages._countries_total(["FRA", "MLI"]) == "France et 1 pays"
    with language.using("en"):
        assert pages._countries_total(["FRA", "MLI"]) == "France and 1 other country"
        assert pages._countries_phrase(["MLI", "SEN"]) == "in 2 countries"


def test_figures_of_one_sentence_recomputed_alike_share_a_row(caac_portfolio):
    block = pages.claims(caac_portfolio)
    # Fonda l. 38, "En 2019, le CFSI a lancé une nouvelle phase triennale": a year and a duration, one row.
    assert block.count("« En 2019, le CFSI a lancé une nouvelle phase triennale »") == 1
    row = block.split("« En 2019, le CFSI a lancé une nouvelle phase triennale »")[0].rsplit("<tr>", 1)[1]
    assert "Phase suivante (lancement de la phase suivante ; durée de la phase suivante)" in row
    assert "<td>2019 ; triennale</td>" in row
    # Figures written in one place each but recomputed differently keep their own rows.
    assert block.count("« Mis en place en 2014") == 1 and block.count("« Depuis 2015") == 1


def test_a_pair_of_documents_is_not_said_again_where_the_published_figures_say_it(caac_portfolio):
    figures = pages.claims(caac_portfolio)
    pairs = pages.document_pairs(caac_portfolio)
    # 004 l. 880, 1173 "triplement" against l. 1486 "de 70 à 300": one row, in the published figures,
    # which cites l. 1486 in its reason.
    growth = "Évolution d&#x27;un indicateur (revenus des agriculteurs de Comasagua"
    assert growth in figures and growth not in pairs
    row = figures.split(growth)[1].split("</tr>")[0]
    assert ">IRG, Capitalisation CAAC, 2018, l. 1486</a>" in row and "(voir" in row
    # A figure written alike in several documents is named, with its reason, not listed again.
    assert '<th scope="row">Opérations</th>' not in pairs and '<th scope="row">Partenaires</th>' not in pairs
    sentence = pairs.split("Sont aussi « concordants »")[1].split("</p>")[0]
    assert (
        "Membres de la plate-forme, Durée, Opérations, Partenaires (le même chiffre dans chaque document)" in sentence
    )
    assert "Période (des chiffres différents mais compatibles" in sentence
    # Pairs that set two figures against each other stay: 003 l. 8 "9 membres" against 004's "10".
    assert '<th scope="row">Membres porteurs d&#x27;opérations</th>' in pairs and '<th scope="row">Pays</th>' in pairs


def test_every_computed_pair_is_in_one_table_or_the_other(caac_portfolio):
    from toolkit.results.crosscheck import document_pairs as crosscheck_pairs

    computed = crosscheck_pairs(caac_portfolio.claims, caac_portfolio.observations, caac_portfolio.discrepancies)
    pairs, figures = pages.document_pairs(caac_portfolio), pages.claims(caac_portfolio)
    for description in computed["description"]:
        shown = description.replace("'", "&#x27;")
        assert shown in pairs or shown in figures, description
