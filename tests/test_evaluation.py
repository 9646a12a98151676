"""Report blocks of the evaluation matrix: evidence laid out, ratings only as the evaluator gave them."""

from dataclasses import replace

import pandas as pd

from tests.conftest import ROOT
from toolkit import evaluation
from toolkit.config import load_config

CONFIG = load_config(ROOT / "programme.toml")


def test_without_ratings_every_criterion_is_to_be_assessed(caac_portfolio):
    assessment = evaluation.operation_assessment(caac_portfolio, "cgt-banane", CONFIG)
    assert assessment.count("à apprécier") == 6
    assert "aucune note n'a encore été saisie" in evaluation.ratings_overview(caac_portfolio, CONFIG)
    assert "aucune note n'a encore été saisie" in evaluation.programme_ratings(caac_portfolio, CONFIG)


def _ratings(*rows):
    columns = ["operation_id", "criterion", "question_id", "rating", "confidence", "justification"]
    return pd.DataFrame([dict(zip(columns, row, strict=True)) for row in rows])


def test_an_operation_is_rated_per_criterion_six_rows_not_per_question(caac_portfolio):
    ratings = _ratings(
        ("cgt-banane", "efficacite", None, "3", "moyenne", "Cibles de formation tenues."),
        # A rating of one question counts for its criterion when the criterion has none of its own.
        ("cgt-banane", None, "q-pertinence-2", "2", "faible", "Enjeu formulé par le seul porteur."),
    )
    rated = replace(caac_portfolio, ratings=ratings)
    assessment = evaluation.operation_assessment(rated, "cgt-banane", CONFIG)
    assert assessment.count("<tr>") == 7  # header + six criteria
    assert "Satisfaisant (3), confiance moyenne" in assessment and "Cibles de formation tenues." in assessment
    assert "Peu satisfaisant (2), confiance faible" in assessment
    assert assessment.count("à apprécier") == 4
    overview = evaluation.ratings_overview(rated, CONFIG)
    assert "Vue d&#x27;ensemble : critères × opérations" in overview
    assert "<td>3</td>" in overview and "<td>2</td>" in overview
    # Operations are named by their short names, never cut.
    assert '<th scope="col">CA-G44</th>' in overview and "…" not in overview


def test_the_criterion_rating_wins_over_the_ratings_of_its_questions(caac_portfolio):
    ratings = _ratings(
        ("programme", "impact", None, "NE", "faible", "Aucune donnée d'effet."),
        ("programme", None, "q-impact-1", "2", "faible", "Un seul témoignage."),
    )
    block = evaluation.programme_criterion(replace(caac_portfolio, ratings=ratings), "impact", CONFIG)
    assert "Appréciation du programme : Non évaluable (NE), confiance faible — Aucune donnée d'effet." in block.replace(
        "&#x27;", "'"
    )
    assert "Un seul témoignage" not in block
    synthesis = evaluation.programme_ratings(replace(caac_portfolio, ratings=ratings), CONFIG)
    assert synthesis.count("<tr>") == 7 and "Non évaluable (NE)" in synthesis


def test_evidence_map_counts_distinct_passages(caac_portfolio):
    block = evaluation.evidence_map(caac_portfolio, CONFIG)
    evidence = caac_portfolio.evidence.merge(caac_portfolio.questions[["question_id", "theme"]], on="question_id")
    gret = evidence[(evidence["operation_id"] == "gret-femmes-migrantes") & (evidence["theme"] == "1.1")]
    assert f'<td class="num">{gret["source"].nunique()}</td>' in block
    assert block.count("<tr>") == 10  # header + nine operations


def test_operation_evidence_quotes_whole_sentences_cited_by_document(caac_portfolio):
    block = evaluation.operation_evidence(caac_portfolio, "gret-femmes-migrantes", CONFIG)
    assert "IRG, Capitalisation CAAC, 2018</a>, l. " in block
    assert ".txt" not in block and "**" not in block
    # 004 l. 1744 is cut at 200 characters in the middle of a sentence: the quotation stops at the
    # end of the sentence before, and says where it leaves the text.
    assert "« Ces derniers ont été noués plus particulièrement au sein de trois opérations pilotes" in block


def test_programme_criterion_lists_its_evaluative_questions_only(caac_portfolio):
    block = evaluation.programme_criterion(caac_portfolio, "efficacite", CONFIG)
    questions = caac_portfolio.questions
    asked = questions[(questions["criterion"] == "efficacite") & (questions["kind"] == "évaluative")]
    assert len(asked) == 2  # q-efficacite-1 and -2, the transcriber's; 3 and 4 are the capitalisation's (004)
    assert block.count("<tr>") == len(asked) + 1
    assert "Quelles sont les principales difficultés rencontrées" not in block


def test_capitalisation_questions_go_to_the_annex_with_their_lines(caac_portfolio):
    annex = evaluation.capitalisation_annex(caac_portfolio, CONFIG)
    # 24 questions of 004 (l. 514-523, 896-901, 1223-1227, 1649-1651), each with its line.
    assert annex.count("<tr>") == 24 + 1
    assert "IRG, Capitalisation CAAC, 2018</a>, l. 896" in annex
    summary = evaluation.matrix_summary(caac_portfolio)
    assert '<td class="num">14</td><td class="num">24</td>' in summary


def test_the_criterion_of_a_question_is_said_to_be_the_transcribers(caac_portfolio):
    block = evaluation.operation_assessment(caac_portfolio, "cgt-banane", CONFIG)
    assert "est le classement du transcripteur de la matrice, non celui des documents" in block
    annex = evaluation.matrix_annex(caac_portfolio, CONFIG)
    assert "est le classement du transcripteur de la matrice" in annex
