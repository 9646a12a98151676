"""Published figures once each, and documents set against documents, on the real CAAC claims."""

import pytest

from toolkit.model.vocabulary import PairVerdict
from toolkit.results.crosscheck import document_pairs, published_figures

CONCORDANT, DISCORDANT = PairVerdict.CONCORDANT, PairVerdict.DISCORDANT

D4 = "004_7f76860180fe7761.txt"


@pytest.fixture(scope="module")
def figures(caac_portfolio):
    return published_figures(caac_portfolio.claims)


@pytest.fixture(scope="module")
def pairs(caac_portfolio):
    return document_pairs(caac_portfolio.claims, caac_portfolio.observations).set_index("description")


def test_a_figure_written_in_several_places_is_one_row_citing_them_all(figures):
    members = figures[(figures["subject"] == "members")].set_index("verdict")
    # 004 l. 140, l. 216 (+ footnote l. 238) and l. 322 (+ footnote l. 326), set against 004's own list.
    assert len(members.loc["inconsistent", "sources"]) == 3
    # 000 l. 13 (2023) and 001 l. 19 (2020) are not set against a list of 2018.
    assert members.loc["not_recomputable", "sources"] == (
        "000_54330da43feb5e27.txt l. 13",
        "001_62b3f33ff500d6e8.txt l. 19",
    )
    assert members.loc["inconsistent", "figure"] == "24 organisations ; 24 membres"


def test_every_claim_is_cited_by_a_published_figure(caac_portfolio, figures):
    cited = [source for sources in figures["sources"] for source in sources]
    assert set(caac_portfolio.claims["source"]) == set(cited)
    assert len(figures) == 22 < len(caac_portfolio.claims) == 43


def test_nine_leads_against_ten_without_an_explanation_the_documents_do_not_give(pairs):
    # 003 l. 8: 9 members; 004 l. 216: 10. The table at 004 l. 1312 lists names: it explains nothing,
    # and the pair of its two tables (l. 328-336 against l. 1309-1318) is recorded in discrepancies.csv.
    row = pairs.loc["Membres porteurs d'opérations"]
    assert (row["first"], row["second"], row["verdict"]) == ("9 membres", "10 membres", DISCORDANT)
    assert row["reason"] == "les documents donnent des chiffres différents." and row["reason_sources"] == ()


def test_countries_16_against_14(pairs):
    row = pairs.loc["Pays"]
    assert (row["first"], row["second"], row["verdict"]) == ("16 pays", "14 pays", DISCORDANT)


def test_a_period_against_a_duration(pairs):
    # 001 l. 27 and 004 l. 308: 2014-2018, "quatre années", "4 ans".
    row = pairs.loc["Période et durée du programme"]
    assert row["verdict"] == CONCORDANT
    assert row["reason"] == "4 ans de la première à la dernière année de la période"


def test_a_start_year_and_a_year_since_agree_with_the_period(pairs):
    # 001 l. 14 "Mis en place en 2014" and 004 l. 1308 "Depuis 2015" both fall within 2014-2018.
    row = pairs.loc["Période"]
    assert row["verdict"] == CONCORDANT
    assert "depuis 2015" in row["first"] and f"{D4} l. 1308" in row["first_sources"]
    # Three different figures: the reason says they are compatible, not that they are the same.
    assert row["reason"].startswith("des chiffres différents mais compatibles")


def test_parts_that_do_not_make_the_whole(pairs):
    # 004 l. 352: 10 leading members and 12 without an operation; l. 216: 24 members.
    row = pairs.loc["Membres porteurs et membres sans opération, face à l'ensemble des membres"]
    # 004 l. 352 counts the 12 "sur la période concernée": the span stays with the figure.
    assert row["first"] == "10 membres + 12 membres sur la période concernée = 22" and row["verdict"] == DISCORDANT


def test_a_growth_word_against_the_figures_it_summarises(pairs):
    # 004 l. 880 and 1173 "triplement"; l. 1486 "de 70 à 300 dollars US en 3 ans".
    row = pairs.loc["Évolution d'un indicateur (revenus des agriculteurs de Comasagua, opération du SPF)"]
    # Both sides keep the span the report gives them: "obtenus en 3 ans", "en 3 ans".
    assert (row["first"], row["second"], row["verdict"]) == (
        "triplement en 3 ans",
        "multiplié par 4,29 en 3 ans",
        DISCORDANT,
    )
    assert f"{D4} l. 1486" in row["second_sources"]


def test_statements_that_agree_are_said_to(pairs):
    assert pairs.loc["Opérations", "verdict"] == CONCORDANT


def test_the_documents_compared_read_in_english(caac_portfolio):
    from toolkit.model import language

    with language.using("en"):
        english = document_pairs(caac_portfolio.claims, caac_portfolio.observations).set_index("description")
    row = english.loc["The programme's period and duration"]
    assert row["reason"] == "4 years from the first to the last year of the period"
    assert english.loc["Countries", "reason"] == "the documents give different figures."
