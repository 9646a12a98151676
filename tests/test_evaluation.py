"""Report blocks of the evaluation matrix: evidence laid out, ratings only as the evaluator gave them."""

from dataclasses import replace

import pandas as pd

from tests.conftest import ROOT
from toolkit import evaluation
from toolkit.config import load_config

CONFIG = load_config(ROOT / "programme.toml")


def test_without_ratings_every_criterion_is_to_be_assessed(caac_portfolio):
    strip = evaluation.ratings_strip(caac_portfolio, "cgt-banane", CONFIG)
    assert strip.count("à apprécier") == 6
    overview = evaluation.ratings_overview(caac_portfolio, CONFIG)
    assert "aucune note n'a encore été saisie" in overview


def test_given_ratings_are_shown_with_label_confidence_and_justification(caac_portfolio):
    ratings = pd.DataFrame(
        [
            {
                "operation_id": "cgt-banane",
                "question_id": "q-efficacite-1",
                "rating": "3",
                "confidence": "moyenne",
                "justification": "Cibles de formation tenues.",
                "evaluator": "E.",
                "date": "2026",
            }
        ]
    )
    rated = replace(caac_portfolio, ratings=ratings)
    strip = evaluation.ratings_strip(rated, "cgt-banane", CONFIG)
    assert "Satisfaisant (3), confiance moyenne" in strip
    assert strip.count("à apprécier") == 5
    assessment = evaluation.operation_assessment(rated, "cgt-banane", CONFIG)
    assert "Cibles de formation tenues." in assessment
    overview = evaluation.ratings_overview(rated, CONFIG)
    assert "Vue d&#x27;ensemble : critères × opérations" in overview
    assert "<td>3</td>" in overview


def test_evidence_map_counts_distinct_passages(caac_portfolio):
    block = evaluation.evidence_map(caac_portfolio, CONFIG)
    evidence = caac_portfolio.evidence.merge(caac_portfolio.questions[["question_id", "theme"]], on="question_id")
    gret = evidence[(evidence["operation_id"] == "gret-femmes-migrantes") & (evidence["theme"] == "1.1")]
    assert f'<td class="num">{gret["source"].nunique()}</td>' in block
    assert block.count("<tr>") == 10  # header + nine operations


def test_operation_evidence_quotes_passages_with_their_lines(caac_portfolio):
    block = evaluation.operation_evidence(caac_portfolio, "gret-femmes-migrantes", CONFIG)
    assert "004_7f76860180fe7761.txt l. " in block
    assert "« " in block


def test_programme_criterion_lists_its_questions(caac_portfolio):
    block = evaluation.programme_criterion(caac_portfolio, "efficacite", CONFIG)
    questions = caac_portfolio.questions[caac_portfolio.questions["criterion"] == "efficacite"]
    assert block.count("<tr>") == len(questions) + 1


def test_the_criterion_of_a_question_is_said_to_be_the_transcribers(caac_portfolio):
    block = evaluation.operation_assessment(caac_portfolio, "cgt-banane", CONFIG)
    assert "est le classement du transcripteur de la matrice, non celui des documents" in block
    annex = evaluation.matrix_annex(caac_portfolio, CONFIG)
    assert "Critère (classement du transcripteur)" in annex
