"""Report blocks of the evaluation matrix: evidence laid out, ratings only as the evaluator gave them."""

import csv
from dataclasses import replace

import pandas as pd

from tests.conftest import RAW, ROOT
from toolkit.model.config import load_config
from toolkit.report import evaluation

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


def _raw(name: str) -> list[dict]:
    with (RAW / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter=";"))


def test_evidence_map_counts_distinct_passages_per_criterion(caac_portfolio):
    block = evaluation.evidence_map(caac_portfolio)
    # Counted from the raw files, without the code under test: GRET's distinct passages filed
    # under an evaluative question of coherence.
    coherence = {
        q["question_id"] for q in _raw("questions.csv") if q["criterion"] == "coherence" and q["kind"] == "évaluative"
    }
    passages = {
        e["source"]
        for e in _raw("evidence.csv")
        if e["operation_id"] == "gret-femmes-migrantes" and e["question_id"] in coherence
    }
    assert passages  # GRET is cited for coherence: the check below would hold for an empty map otherwise
    row = block.split('<th scope="row">GRET</th>')[1].split("</tr>")[0]
    cells = row.replace('<td class="num">', "").split("</td>")
    assert cells[1] == str(len(passages))  # Pertinence, then Cohérence
    assert block.count("<tr>") == 10  # header + nine operations


def test_each_passage_is_shown_under_the_question_it_answers(caac_portfolio):
    block = evaluation.operation_evidence(caac_portfolio, "essor-tchad")
    # 004 l. 1604: ESSOR's platform anchored in the national vocational-training policy, filed
    # under Q3 (policies) only among the evaluative questions.
    q3 = block.split('href="../annexes.html#q-coherence-1">Q3</a>')[1].split("<h4>")[0]
    assert "inscription de l&#x27;opération pilote dans une politique publique nationale" in q3
    filed = [
        e for e in _raw("evidence.csv") if e["operation_id"] == "essor-tchad" and e["question_id"] == "q-coherence-1"
    ]
    assert f"{len(filed)} passages" in q3 and q3.count("<li>") == len(filed)
    # A heading that only names the lead (004 l. 539-540, "ESSOR") answers no question: it is not shown.
    assert "l. 539-540" not in block
    assert "Sur les questions descriptives des documents" in block


def test_the_matrix_gives_indicators_with_what_the_data_hold_and_its_sources(caac_portfolio):
    annex = evaluation.matrix_annex(caac_portfolio)
    assert '<th scope="col">Méthodes</th><th scope="col">Indicateurs</th><th scope="col">Sources</th>' in annex
    targets = annex.split('<tr id="q-efficacite-1">')[1].split("</tr>")[0]
    assert "30 cibles chiffrées (dont 12 publics visés) ; 0 avec une réalisation de même période" in targets
    assert "CFSI, Les actions pilotes" in targets and "(données)" in targets
    policies = annex.split('<tr id="q-coherence-1">')[1].split("</tr>")[0]
    cited = {e["source"] for e in _raw("evidence.csv") if e["question_id"] == "q-coherence-1"}
    # The passages come from one document: their number is said once, in the methods.
    assert f"<td>analyse documentaire ({len(cited)} passages)</td>" in policies
    assert (
        "IRG, Capitalisation CAAC, 2018</a> (passages)" in policies
        and f"{len(cited)} passages)" not in (policies.split("<td>")[-1])
    )
    assert "à documenter" in policies  # nothing in the data measures public policies
    # Q8's data are the fiches' durations: only 003 holds them (l. 43, 96, …), the IRG report a passage.
    timing = annex.split('<tr id="q-efficience-2">')[1].split("</tr>")[0]
    assert "<td>analyse documentaire (1 passage) ; données transcrites des documents (1 indicateur)</td>" in timing
    sources = timing.split("<td>")[-1]
    assert "IRG, Capitalisation CAAC, 2018</a> (passages)" in sources and "La Fonda" not in sources
    assert "CFSI, Les actions pilotes, s. d.</a> (données)" in sources
    # A document cited for passages and for data (the IRG report, for Q10's incomes) is named once, with both.
    impact = annex.split('<tr id="q-impact-1">')[1].split("</tr>")[0].split("<td>")[-1]
    assert impact.count("IRG, Capitalisation CAAC, 2018</a>") == 1 and "(passages, données)" in impact
    # Q14 has neither passage nor data: no method is claimed for it.
    assert "<td>—</td>" in annex.split('<tr id="q-durabilite-3">')[1].split("</tr>")[0]


def test_the_matrix_links_each_question_to_the_report_and_leaves_its_judgement_criteria_there(caac_portfolio):
    annex = evaluation.matrix_annex(caac_portfolio)
    questions = evaluation.evaluative(caac_portfolio.questions)
    first = questions.iloc[0]
    assert f'<strong>Q1</strong> <a href="index.html#{first["question_id"]}">' in annex
    assert annex.count('<a href="index.html#q-') == len(questions)
    # The report shows each question with its judgement criteria: the annex does not say them again.
    assert "Critères de jugement" not in annex
    assert not any(str(text) in annex for text in questions["judgement_criteria"].dropna())


def test_a_matrix_cell_counts_passages_by_document_when_they_come_from_several(caac_portfolio):
    from dataclasses import replace

    evidence = caac_portfolio.evidence.copy()
    first = evidence.index[evidence["question_id"] == "q-coherence-1"][0]
    evidence.loc[first, "source"] = "003_373f3e170bffc0e1.txt l. 43"
    annex = evaluation.matrix_annex(replace(caac_portfolio, evidence=evidence))
    policies = annex.split('<tr id="q-coherence-1">')[1].split("</tr>")[0].split("<td>")[-1]
    assert "CFSI, Les actions pilotes, s. d.</a> (1 passage)" in policies
    assert "IRG, Capitalisation CAAC, 2018</a> (" in policies and "(passages)" not in policies


def test_capitalisation_questions_go_to_the_annex_with_their_lines(caac_portfolio):
    annex = evaluation.capitalisation_annex(caac_portfolio, CONFIG)
    # 24 questions of 004 (l. 514-523, 896-901, 1223-1227, 1649-1651), each with its line.
    assert annex.count("<tr>") == 24 + 1
    assert '<a href="documents/004_7f76860180fe7761.html#l896">IRG, Capitalisation CAAC, 2018, l. 896</a>' in annex


def test_the_criterion_of_a_question_is_said_to_be_the_transcribers(caac_portfolio):
    block = evaluation.operation_assessment(caac_portfolio, "cgt-banane", CONFIG)
    assert "est le classement du transcripteur de la matrice, non celui des documents" in block
    annex = evaluation.matrix_annex(caac_portfolio)
    assert "est le classement du transcripteur de la matrice" in annex


def test_the_evidence_map_and_the_operation_page_count_descriptive_passages_alike(caac_portfolio):
    block = evaluation.evidence_map(caac_portfolio)
    row = block.split('<th scope="row">CA-G44</th>')[1].split("</tr>")[0]
    descriptive = row.replace('<td class="num">', "").split("</td>")[6]
    page = evaluation.operation_evidence(caac_portfolio, "cag44-jeunes-ruraux")
    listed = page.split("Sur les questions descriptives des documents")[1]
    assert int(descriptive) == listed.count("<li>") > 0


def test_the_evaluation_matrix_is_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.language import using

    with using("en"):
        annex = str(evaluation.matrix_annex(caac_portfolio))
        rating = evaluation.rating_text({"rating": "B", "confidence": "moyenne"}, load_config())
    for criterion in ("Relevance", "Coherence", "Effectiveness", "Efficiency", "Impact", "Sustainability"):
        assert criterion in annex
    assert "Evaluation matrix: evaluation questions, methods, indicators and sources" in annex
    assert rating.endswith("(B), confidence moyenne")


def test_a_rating_validation_rejected_shows_as_rejected_with_its_reasons_linked(caac_portfolio):
    """Not "à apprécier": the row is in quarantine, and the page says so and why (the data-quality register)."""
    rejected = pd.DataFrame(
        [
            {
                "file": "ratings.csv",
                "row": 3,
                "column": "rating",
                "value": "Z",
                "rule": "codelist",
                "severity": "error",
                "message": "« Z » n'est pas sur l'échelle",
                "table": "ratings",
                "operation_id": "cgt-banane",
                "key": "operation_id=cgt-banane; criterion=efficacite",
            }
        ]
    )
    rated = replace(caac_portfolio, findings=pd.concat([caac_portfolio.findings, rejected], ignore_index=True))
    assessment = evaluation.operation_assessment(rated, "cgt-banane", CONFIG)
    assert assessment.count("à apprécier") == 5
    assert (
        '<span class="ev-rejected">rejetée par la validation</span> '
        '(<a href="../data-quality.html#constat-ratings-3">« Z » n&#x27;est pas sur l&#x27;échelle</a>)'
    ) in assessment
    overview = evaluation.ratings_overview(rated, CONFIG)
    assert "aucune note n'a encore été saisie" not in overview
    assert 'href="data-quality.html#constat-ratings-3"' in overview
    # Another operation's rejected rating is not this one's.
    assert evaluation.operation_assessment(rated, "batik-echangeons", CONFIG).count("à apprécier") == 6
