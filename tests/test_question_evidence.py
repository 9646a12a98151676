"""What bears on each evaluative question, computed from the CAAC evidence, matrix and discrepancies."""

import pandas as pd

from toolkit.results import question_evidence


def test_a_questions_passages_are_distinct_and_in_line_order(caac_portfolio):
    filed = question_evidence.passages(caac_portfolio, "q-coherence-1")
    # CA-G44 6, Cap Solidarités 5, ESSOR 4, GERES 3, CGT 2, GRET 2, Grdr 1: 23 passages of 004.
    assert len(filed) == 23
    assert not filed.duplicated(["operation_id", "source"]).any()
    # In line order as numbers: l. 608 before l. 1012, not as text.
    lines = [int(source.rsplit("l. ", 1)[1].split("-")[0]) for source in filed["source"]]
    assert lines == sorted(lines) and lines[0] < 1000 < lines[-1]


def test_the_passages_shown_first_are_one_per_most_cited_operation(caac_portfolio):
    shown = question_evidence.shown_passages(question_evidence.passages(caac_portfolio, "q-coherence-1"))
    assert list(shown["operation_id"]) == ["cag44-jeunes-ruraux", "cap-solidarites-jeunes"]
    # A passage another question already quotes is passed over for the operation's next one.
    taken = frozenset(shown["source"][:1])
    again = question_evidence.shown_passages(question_evidence.passages(caac_portfolio, "q-coherence-1"), taken=taken)
    assert again["source"].iloc[0] != shown["source"].iloc[0] and again["operation_id"].iloc[0] == "cag44-jeunes-ruraux"
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


def test_no_passage_is_quoted_under_two_questions(caac_portfolio):
    questions = caac_portfolio.questions
    ids = list(questions.loc[questions["kind"] == "évaluative", "question_id"])
    shown = question_evidence.shown_by_question(caac_portfolio, ids)
    quoted = [source for frame in shown.values() for source in frame["source"]]
    assert len(quoted) == len(set(quoted)) > 20
    # 004 l. 1175 (ESSOR's FIP platform) is filed under Q6 and Q13: quoted under one only.
    assert quoted.count("004_7f76860180fe7761.txt l. 1175") <= 1


def test_a_contradiction_bears_on_a_question_when_it_sets_one_of_its_lines_against_another(caac_portfolio):
    bearing = question_evidence.bearing_discrepancies(caac_portfolio, "q-efficacite-2")
    # The ZAE's framework (004): "au moins deux représentants" (l. 730) against a list of one each.
    assert list(bearing["discrepancy_id"]) == ["cadre-concertation-zae-representants"]
    assert [str(ref) for ref in bearing["touched"].iloc[0]] == ["004_7f76860180fe7761.txt l. 730"]
    assert question_evidence.bearing_discrepancies(caac_portfolio, "q-durabilite-3").empty
    # The lines of a question's data count too: the fiches' durations (003) against IRG's "4 ans".
    durations = question_evidence.bearing_discrepancies(caac_portfolio, "q-efficience-2")
    assert list(durations["discrepancy_id"]) == ["duree-operations-pilotes"]


def test_a_contradicted_published_figure_bears_on_the_question_that_quotes_it(caac_portfolio):
    from toolkit.results.crosscheck import published_figures

    figures = published_figures(caac_portfolio.claims)
    wrong = figures[figures["verdict"] == "inconsistent"]
    # The "triplement" of 004 l. 1173, which Q10 quotes, against 70 to 300 dollars (l. 1486).
    assert list(question_evidence.bearing_figures(wrong, caac_portfolio, "q-impact-1")["subject"]) == ["growth"]
    assert question_evidence.bearing_figures(wrong, caac_portfolio, "q-coherence-1").empty
