"""Section 5: every evaluative question of the CAAC matrix with the evidence that answers it."""

import re
from dataclasses import replace

from tests.conftest import ROOT
from tests.test_evaluation import _ratings
from toolkit.model.config import load_config
from toolkit.report import question_findings
from toolkit.report.evaluation import CRITERIA_FR, evaluative

CONFIG = load_config(ROOT / "programme.toml")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html)).replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


def _section(caac_portfolio):
    return {
        criterion: str(question_findings.criterion_findings(caac_portfolio, criterion, CONFIG))
        for criterion in CRITERIA_FR
    }


def test_every_evaluative_question_stands_with_its_judgement_criteria(caac_portfolio):
    section = "".join(_section(caac_portfolio).values())
    questions = evaluative(caac_portfolio.questions)
    assert section.count('<section class="ev-question">') == len(questions) == 14
    for question in questions.to_dict("records"):
        block = section.split(f'<h4 id="{question["question_id"]}">')[1].split("</section>")[0]
        assert _text(question["judgement_criteria"]).replace("&#x27;", "'") in _text(block)
    # The descriptive questions of the capitalisation are the annex's, not the findings'.
    assert "Quelles sont les principales difficultés rencontrées" not in section


def test_a_question_quotes_two_passages_cited_at_their_line_and_links_to_all(caac_portfolio):
    coherence = _section(caac_portfolio)["coherence"]
    block = coherence.split('<h4 id="q-coherence-1">')[1].split("</section>")[0]
    quotes = block.split('<ul class="ev-quotes">')[1].split("</ul>")[0]
    assert quotes.count("<li>") == 2
    # CA-G44 and Cap Solidarités are the operations 004 cites most for this question (6 and 5 passages).
    assert "— CA-G44, " in quotes and "— Cap Solidarités, " in quotes
    assert re.search(r'href="documents/004_7f76860180fe7761\.html#l\d+"', quotes)
    assert 'href="annexes.html#passages-q-coherence-1">les 23 passages rattachés</a>' in block
    assert "Sources qui répondent : 23 passages (capitalisation)." in _text(block)


def test_the_targets_and_the_outliers_stand_under_the_question_they_answer_once(caac_portfolio):
    section = _section(caac_portfolio)
    whole = "".join(section.values())
    efficacy = section["efficacite"].split('<h4 id="q-efficacite-2">')[0]
    assert "Cibles par statut d'atteinte" in _text(efficacy) or "Aucune des 30 cibles" in _text(efficacy)
    efficiency = section["efficience"].split('<h4 id="q-efficience-2">')[0]
    assert "CA-G44 : budget de 526 561 €, 5,2 fois la médiane des opérations (102 100 €)" in _text(efficiency)
    assert _text(whole).count("5,2 fois la médiane") == 1
    # An indicator of the results framework carries its target and its status.
    assert "Plateformes de concertation mises en place en Guinée — cible : 2 plateformes" in _text(whole)
    assert "statut : non renseigné (1 cible)" in _text(whole)
    # An indicator whose detail follows says so, and keeps the count its detail does not give.
    assert (
        "Budget total et financement du CFSI par opération — budget et financement pour chacune des 9 opérations ; écarts à la médiane ci-dessous"
        in _text(whole)
    )
    assert "Cibles chiffrées des fiches atteintes — statuts ci-dessous" in _text(whole)


def test_a_question_nothing_answers_says_so_in_one_line(caac_portfolio):
    durability = _section(caac_portfolio)["durabilite"]
    block = durability.split('<h4 id="q-durabilite-3">')[1].split("</section>")[0]
    assert "Aucun passage ni aucune donnée ne répond encore à cette question." in _text(block)
    # Its indicators still to document stand under their heading.
    assert "Indicateurs de la matrice et données" in _text(block) and "À documenter" in _text(block)
    assert "Ce que disent les documents" not in block


def test_a_contradiction_touching_a_questions_passages_is_a_point_of_attention(caac_portfolio):
    efficacy = _section(caac_portfolio)["efficacite"]
    block = efficacy.split('<h4 id="q-efficacite-2">')[1].split("</section>")[0]
    assert (
        "Cadre de concertation de la ZAE : représentants de chaque maillon — les passages se contredisent ; "
        "en cause : IRG, Capitalisation CAAC, 2018, l. 730 (annexe E)." in _text(block)
    )
    assert 'href="annexes.html#chiffres-publies"' in block
    impact = _section(caac_portfolio)["impact"].split('<h4 id="q-impact-2">')[0]
    # A pair annex E keeps "à rapprocher" is not called a contradiction; a contradicted figure is named.
    assert "Bâtiment de la coopérative de Comasagua : à venir ou réalisé — les passages diffèrent sans dire" in _text(
        impact
    )
    assert "Chiffre publié « triplement en 3 ans »" in _text(impact)


def test_the_evaluators_ratings_and_confidence_are_shown_never_made(caac_portfolio):
    ratings = _ratings(
        ("programme", "impact", None, "NE", "faible", "Aucune donnée d'effet."),
        ("programme", None, "q-impact-1", "2", "faible", "Un seul témoignage."),
    )
    impact = _text(question_findings.criterion_findings(replace(caac_portfolio, ratings=ratings), "impact", CONFIG))
    # The criterion's own rating wins over its questions'.
    assert (
        "Appréciation du programme (Impact) : Non évaluable (NE), confiance faible — Aucune donnée d'effet." in impact
    )
    assert "Un seul témoignage" not in impact
    assert "Solidité des preuves, selon l'évaluateur : faible." in impact
    assert impact.count("Solidité des preuves : à apprécier par l'évaluateur.") == 1  # q-impact-2
    unrated = _text(question_findings.criterion_findings(caac_portfolio, "impact", CONFIG))
    assert "Appréciation du programme (Impact) : pas encore notée par l'évaluateur." in unrated


def test_the_passages_annex_lists_every_passage_of_every_question(caac_portfolio):
    annex = str(question_findings.passages_annex(caac_portfolio))
    block = annex.split('<h4 id="passages-q-coherence-1">')[1].split("</ul>")[0]
    assert block.count("<li>") == 23
    assert 'href="index.html#q-coherence-1">Q3</a>' in block
    # In line order as numbers, and a question without passages says so.
    lines = [int(n) for n in re.findall(r"#l(\d+)", block)]
    assert lines == sorted(lines)
    assert "Aucun passage rattaché." in annex.split('id="passages-q-durabilite-3"')[1]


def test_the_findings_are_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.language import using

    with using("en"):
        text = _text(question_findings.criterion_findings(caac_portfolio, "efficacite", CONFIG))
        text += _text(question_findings.introduction())
    assert "Judgement criteria." in text and "Critères de jugement" not in text


def test_a_criterion_without_questions_still_carries_its_computed_detail(caac_portfolio):
    questions = caac_portfolio.questions[caac_portfolio.questions["criterion"] != "efficience"]
    matrix = caac_portfolio.matrix_indicators[
        ~caac_portfolio.matrix_indicators["question_id"].str.startswith("q-efficience")
    ]
    without = replace(caac_portfolio, questions=questions, matrix_indicators=matrix)
    efficiency = _text(question_findings.criterion_findings(without, "efficience", CONFIG))
    assert "La matrice ne pose aucune question évaluative pour ce critère." in efficiency
    assert "CA-G44 : budget de 526 561 €, 5,2 fois la médiane" in efficiency


def test_a_question_tied_to_survey_questions_shows_their_results_and_counts_the_survey(caac_portfolio):
    from dataclasses import replace as changed

    from tests.test_survey_results import _data, _plain

    question = evaluative(caac_portfolio.questions).iloc[0].to_dict()
    surveys = _data(["4"] * 6, ["oui"] * 6)
    surveys = changed(surveys, surveys=surveys.surveys.assign(question_id=question["question_id"]))
    empty = question_findings.question_block(caac_portfolio, question, "Q1", set(), caac_portfolio.evidence.iloc[0:0])
    block = _plain(
        question_findings.question_block(
            caac_portfolio, question, "Q1", set(), caac_portfolio.evidence.iloc[0:0], surveys
        )
    )
    assert "Ce que disent les enquêtes" not in empty
    assert "<strong>Ce que disent les enquêtes</strong>" in block
    assert "Satisfait ?</strong> — n = 6 : trop peu de réponses pour des parts (n &lt; 10)" in block
    assert "1 enquête (2 questions)" in _text(block)
    # The section's introduction names the surveys' results only for a programme that has some.
    assert "enquêtes" in question_findings.introduction(surveys)
    assert "enquêtes" not in question_findings.introduction() and "enquêtes" not in question_findings.introduction(
        changed(surveys, surveys=surveys.surveys.iloc[0:0])
    )
