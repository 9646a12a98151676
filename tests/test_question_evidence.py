"""What bears on each evaluative question, computed from the CAAC evidence, matrix and discrepancies."""

import pandas as pd

from toolkit.results import question_evidence


def test_a_questions_passages_are_distinct_and_in_line_order(caac_portfolio):
    filed = question_evidence.passages(caac_portfolio, "q-coherence-1")
    # CA-G44 6, Cap Solidarités 5, ESSOR 4, GERES 3, CGT 2, GRET 2, Grdr 1: 23 passages of 004.
    assert len(filed) == 23
    assert not filed.duplicated(["operation_id", "source"]).any()
    assert list(filed["source"]) == sorted(filed["source"])


def test_the_passages_shown_first_are_one_per_most_cited_operation(caac_portfolio):
    shown = question_evidence.shown_passages(question_evidence.passages(caac_portfolio, "q-coherence-1"))
    assert list(shown["operation_id"]) == ["cag44-jeunes-ruraux", "cap-solidarites-jeunes"]
    # Ties go to the operation cited first: one passage each for three operations, limit three.
    filed = pd.DataFrame(
        {"operation_id": ["b", "a", "c", "a"], "source": ["x l. 1", "x l. 2", "x l. 3", "x l. 4"], "excerpt": "…"}
    )
    assert list(question_evidence.shown_passages(filed, limit=3)["operation_id"]) == ["a", "b", "c"]
    assert question_evidence.shown_passages(filed.iloc[0:0]).empty


def test_the_matrix_measures_of_a_question(caac_portfolio):
    assert question_evidence.measures(caac_portfolio, "q-efficacite-1") == {"cibles"}
    assert question_evidence.measures(caac_portfolio, "q-efficience-1") == {"budget"}
    assert question_evidence.measures(caac_portfolio, "q-durabilite-3") == set()


def test_a_contradiction_bears_on_a_question_when_it_sets_one_of_its_passages_against_another(caac_portfolio):
    bearing = question_evidence.bearing_discrepancies(caac_portfolio, "q-efficacite-2")
    # The ZAE's framework (004): "au moins deux représentants" against a list of one each.
    assert list(bearing["discrepancy_id"]) == ["cadre-concertation-zae-representants"]
    assert question_evidence.bearing_discrepancies(caac_portfolio, "q-durabilite-3").empty
