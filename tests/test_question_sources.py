"""The kinds of evidence each evaluative question draws on, counted, on the real CAAC data."""

from dataclasses import replace

import pandas as pd

from tests.test_evaluation import _raw
from toolkit.report import evaluation
from toolkit.results.question_sources import MONITORING_DATA, PASSAGES, source_kinds


def test_a_question_counts_its_distinct_passages_and_the_kind_of_their_documents(caac_portfolio):
    cited = {e["source"] for e in _raw("evidence.csv") if e["question_id"] == "q-coherence-1"}
    # Q3 (public policies): passages of the IRG capitalisation only, nothing in the data measures it.
    assert source_kinds(caac_portfolio, "q-coherence-1") == {PASSAGES: len(cited), "capitalisation": len(cited)}


def test_a_question_counts_the_indicators_the_data_measure(caac_portfolio):
    # Q7 (means): the fiches' budgets and grants measure one of its two indicators; no passage answers it.
    assert source_kinds(caac_portfolio, "q-efficience-1") == {MONITORING_DATA: 1}
    # Q6: two indicators with targets in the data (003 l. 274, 329), one to be documented.
    assert source_kinds(caac_portfolio, "q-efficacite-2")[MONITORING_DATA] == 2


def test_a_question_with_nothing_attached_counts_nothing(caac_portfolio):
    assert source_kinds(caac_portfolio, "q-durabilite-3") == {}
    assert source_kinds(caac_portfolio, "no-such-question") == {}


def test_a_passage_counts_once_however_many_operations_cite_it(caac_portfolio):
    evidence = caac_portfolio.evidence
    first = evidence[evidence["question_id"] == "q-pertinence-2"].iloc[[0]]
    twice = replace(caac_portfolio, evidence=pd.concat([evidence, first.assign(operation_id="cgt-banane")]))
    assert source_kinds(twice, "q-pertinence-2") == source_kinds(caac_portfolio, "q-pertinence-2")


def test_each_document_kind_counts_its_passages(caac_portfolio):
    evidence = caac_portfolio.evidence.copy()
    rows = evidence.index[evidence["question_id"] == "q-pertinence-2"]
    evidence.loc[rows[0], "source"] = "003_373f3e170bffc0e1.txt l. 43"  # a fiche: a presentation
    counts = source_kinds(replace(caac_portfolio, evidence=evidence), "q-pertinence-2")
    assert counts["présentation"] == 1 and counts["capitalisation"] == len(rows) - 1
    assert counts[PASSAGES] == len(rows)
    assert list(counts)[:2] == [PASSAGES, "capitalisation"]  # the kind most passages come from first
    assert set(counts) - {PASSAGES, MONITORING_DATA} <= set(caac_portfolio.documents["kind"])


def test_every_evaluative_question_but_two_draws_on_passages(caac_portfolio):
    questions = evaluation.evaluative(caac_portfolio.questions)["question_id"]
    without = [q for q in questions if PASSAGES not in source_kinds(caac_portfolio, q)]
    assert without == ["q-efficience-1", "q-durabilite-3"]  # Q7 (budgets: data only) and Q14 (nothing yet)


def test_the_passages_of_the_evaluators_notes_count_under_their_own_kind(caac_portfolio):
    from toolkit.model.language import using
    from toolkit.model.vocabulary import DocumentKind, label_of

    documents = caac_portfolio.documents.copy()
    documents.loc[documents["kind"] == "capitalisation", "kind"] = DocumentKind.INTERVIEW.value
    counts = source_kinds(replace(caac_portfolio, documents=documents), "q-coherence-1")
    assert counts == {PASSAGES: counts[PASSAGES], "entretien": counts[PASSAGES]}
    # What section 5 shows for each kind (report/question_findings.py labels them), in either language.
    assert [label_of(kind, DocumentKind) for kind in ("entretien", "groupe de discussion", "visite de terrain")] == [
        "entretien",
        "groupe de discussion",
        "visite de terrain",
    ]
    with using("en"):
        assert label_of("groupe de discussion", DocumentKind) == "focus group"
        assert label_of("visite de terrain", DocumentKind) == "site visit"
