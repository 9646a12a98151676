"""What the data hold for each indicator of the evaluation matrix, counted from the CAAC data."""

from dataclasses import replace

import pandas as pd
import pytest

from toolkit.results import matrix


def test_an_indicator_of_the_results_framework_is_summarised_by_its_values(caac_portfolio):
    # SPF's farmers' income: a baseline (70) and an actual (300), no target (004 l. 1486).
    summary = matrix.data_summary(caac_portfolio, {"indicator_id": "spf-revenus-agriculteurs"})
    assert summary == "référence : 70 dollars US ; cible : aucune rapportée ; réalisation : 300 dollars US en 3 ans"
    # Guinée 44's two platforms (003 l. 274): a target, and no document reports them set up.
    assert matrix.data_summary(caac_portfolio, {"indicator_id": "cag44-plateformes-concertation"}) == (
        "cible : 2 plateformes ; réalisation : aucune rapportée"
    )


def test_computed_measures_count_the_operations_the_data_cover(caac_portfolio):
    # All nine fiches give a budget, a grant and a duration (003).
    assert matrix.data_summary(caac_portfolio, {"computed": "budget"}) == (
        "budget et financement pour chacune des 9 opérations"
    )
    assert matrix.data_summary(caac_portfolio, {"computed": "duree"}) == "durée prévue pour chacune des 9 opérations"
    # Where some lack one, the count says how many have it.
    seven = caac_portfolio.operations.copy()
    seven.loc[seven.index[:2], "grant"] = float("nan")
    assert matrix.data_summary(replace(caac_portfolio, operations=seven), {"computed": "budget"}) == (
        "budget pour 9 des 9 opérations, financement pour 7"
    )
    # 002 describes six projects of the next phase.
    assert matrix.data_summary(caac_portfolio, {"computed": "projets"}) == ("6 projets décrits pour la phase suivante")


def test_an_indicator_nothing_measures_has_no_summary_and_no_sources(caac_portfolio):
    row = {"indicator": "Effets non prévus", "indicator_id": None, "computed": None}
    assert matrix.data_summary(caac_portfolio, row) is None
    assert matrix.data_sources(caac_portfolio, row) == []


def test_the_data_sources_are_those_of_the_rows_summarised(caac_portfolio):
    sources = matrix.data_sources(caac_portfolio, {"indicator_id": "spf-revenus-agriculteurs"})
    assert len(sources) == 2 and all("004_7f76860180fe7761.txt l. 1486" in source for source in sources)


def test_the_targets_summary_says_apart_the_publics_aimed_at(caac_portfolio):
    # 18 targets of the fiches and 12 publics aimed at in persons (direct and indirect; the CGT's
    # 115 000 « bénéficiaires » are not persons); no actual: 004 l. 1546 describes the GERES zone as
    # designed, which is not a result.
    assert matrix.data_summary(caac_portfolio, {"computed": "cibles"}) == (
        "30 cibles chiffrées (dont 12 publics visés) ; 0 avec une réalisation de même période"
    )


def test_without_targets_the_summary_says_so():
    assert matrix.targets_summary(pd.DataFrame(columns=["status"])) == "aucune cible chiffrée"


def test_an_unknown_measure_is_refused(caac_portfolio):
    with pytest.raises(ValueError, match="unknown computed measure"):
        matrix.data_summary(caac_portfolio, {"computed": "nombre-de-pages"})


def test_the_summaries_read_in_english(caac_portfolio):
    from toolkit.model import language

    with language.using("en"):
        assert matrix.data_summary(caac_portfolio, {"computed": "budget"}) == (
            "budget and funding for each of the 9 operations"
        )
        assert matrix.data_summary(caac_portfolio, {"computed": "projets"}) == "6 projects described for the next phase"
        assert matrix.data_summary(caac_portfolio, {"computed": "cibles"}) == (
            "30 numeric targets (including 12 target publics); 0 with an actual for the same period"
        )
        assert matrix.data_summary(caac_portfolio, {"indicator_id": "cag44-plateformes-concertation"}) == (
            "target: 2 plateformes; actual: none reported"
        )
        assert matrix.targets_summary(pd.DataFrame(columns=["status"])) == "no numeric target"
