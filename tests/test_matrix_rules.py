"""The evaluation matrix: questions, the evidence filed under them and the evaluator's ratings obey
their rules on the real CAAC data, and a broken row is reported where it is and quarantined."""

import pytest

from tests.conftest import ROOT, assert_rows_accounted_for, edit_raw, raw_record_count
from toolkit.check.validate import validate
from toolkit.clean.tables import clean_tables
from toolkit.ingest.convert import convert
from toolkit.ingest.readers import read_table
from toolkit.model import schema
from toolkit.model.config import load_config
from toolkit.model.findings import ERROR

CRITERIA = {"pertinence", "coherence", "efficacite", "efficience", "impact", "durabilite"}
RATINGS_HEADER = "operation_id;criterion;question_id;rating;confidence;justification;evaluator;date"
JUSTIFICATION = "Les besoins des femmes visées sont décrits par la fiche et confirmés par le rapport de capitalisation."
FIRST_EVIDENCE = "004_7f76860180fe7761.txt l. 560;"  # the source of evidence.csv row 2, cited once


def _rating(
    operation="batik-echangeons",
    question="q-pertinence-1",
    rating="3",
    confidence="moyenne",
    justification=None,
    criterion="",
):
    justification = JUSTIFICATION if justification is None else justification
    return ";".join((operation, criterion, question, rating, confidence, justification, "", ""))


# (file, text to replace or None to append a row, new text, rule, row, column, value shown in the finding)
BREAKS = [
    pytest.param("ratings.csv", None, _rating(rating="5"), "codelist", 2, "rating", "5", id="rating-off-scale"),
    pytest.param(
        "ratings.csv", None, _rating(justification=""), "required_if", 2, "justification", "", id="rating-unjustified"
    ),
    pytest.param(
        "ratings.csv", None, _rating(question=""), "required_if_missing", 2, "criterion", "", id="rating-of-nothing"
    ),
    pytest.param(
        "ratings.csv",
        None,
        _rating(question="", criterion="qualite"),
        "codelist",
        2,
        "criterion",
        "qualite",
        id="rating-unknown-criterion",
    ),
    pytest.param(
        "ratings.csv",
        None,
        _rating(question="q-inconnue-1"),
        "reference",
        2,
        "question_id",
        "q-inconnue-1",
        id="rating-unknown-question",
    ),
    pytest.param(
        "ratings.csv",
        None,
        _rating(operation="operation-inconnue"),
        "reference",
        2,
        "operation_id",
        "operation-inconnue",
        id="rating-unknown-operation",
    ),
    pytest.param(
        "evidence.csv",
        FIRST_EVIDENCE,
        "004_7f76860180fe7761.txt l. 1900;",  # 004 has 1806 lines
        "source.lines",
        2,
        "source",
        "004_7f76860180fe7761.txt l. 1900",
        id="evidence-past-last-line",
    ),
    pytest.param(
        "evidence.csv",
        FIRST_EVIDENCE,
        "005_inconnu.txt l. 560;",
        "source.document",
        2,
        "source",
        "005_inconnu.txt l. 560",
        id="evidence-unknown-document",
    ),
    pytest.param(
        "questions.csv",
        "q-pertinence-1;pertinence;",
        "q-pertinence-1;utilite;",
        "codelist",
        2,
        "criterion",
        "utilite",
        id="question-unknown-criterion",
    ),
    pytest.param(
        "indicators.csv",
        "Séminaire international de restitution organisé;output;unit;séminaires;incremental;oui;;",
        "Séminaire international de restitution organisé;output;unit;séminaires;incremental;oui;18.1;",
        "sdg.unknown",
        17,
        "sdg",
        "18.1",
        id="indicator-unknown-sdg",
    ),
]


@pytest.mark.parametrize("rule", sorted({param.values[3] for param in BREAKS}))
def test_rule_holds_on_the_real_data(caac_clean, rule):
    assert not [f.describe() for f in caac_clean.findings if f.rule == rule and f.severity == ERROR]


@pytest.mark.parametrize(("file", "old", "new", "rule", "row", "column", "value"), BREAKS)
def test_rule_fails_where_the_matrix_is_broken(raw_copy, file, old, new, rule, row, column, value):
    edit_raw(raw_copy, file, old, new)
    result = clean_tables(raw_copy)
    errors = [(f.file, f.row, f.column, f.rule, f.value) for f in result.findings if f.severity == ERROR]
    assert errors == [(file, row, column, rule, value)]
    quarantine = result.tables[file.removesuffix(".csv")].quarantine
    assert list(quarantine["raw_row"]) == [row]
    assert f"[{rule}]" in quarantine.loc[0, "reasons"]
    assert_rows_accounted_for(result)


def test_a_justified_rating_on_the_scale_stays_clean(raw_copy):
    edit_raw(raw_copy, "ratings.csv", None, _rating(rating="3", confidence="moyenne"))
    result = clean_tables(raw_copy)
    assert not [f.describe() for f in result.findings if f.severity == ERROR]
    assert not [f.describe() for f in result.findings if f.table == "ratings"]
    ratings = result.tables["ratings"]
    assert ratings.quarantine.empty
    records = ratings.clean[["operation_id", "question_id", "rating", "confidence", "justification"]].to_dict("records")
    assert records == [
        {
            "operation_id": "batik-echangeons",
            "question_id": "q-pertinence-1",
            "rating": "3",
            "confidence": "moyenne",
            "justification": JUSTIFICATION,
        }
    ]
    assert_rows_accounted_for(result)


def test_the_message_for_a_rating_off_the_scale_names_the_scale(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(f"{RATINGS_HEADER}\n{_rating(rating='5')}\n", encoding="utf-8")
    # The scale is the programme's: the table as programme.toml closes its lists.
    tables = {
        table.name: table for table in schema.programme_tables(load_config(ROOT / "programme.toml").closed_lists())
    }
    raw = read_table(path, tables["ratings"])
    typed, _ = convert(raw)
    findings = validate(raw, typed, {"operations": ["batik-echangeons"], "questions": ["q-pertinence-1"]})
    (finding,) = [f for f in findings if f.rule == "codelist"]
    assert finding.message.startswith("valeur non acceptée : utiliser l'une des valeurs 1, 2, 3, 4, NE"), (
        finding.message
    )


# --------------------------------------------------------------------------- the real matrix


def test_every_evidence_row_cites_a_known_operation_and_question(caac_clean):
    evidence = caac_clean.tables["evidence"]
    written = raw_record_count("evidence.csv")
    assert written > 0 and evidence.raw.row_count == len(evidence.clean) == written
    assert evidence.quarantine.empty
    operations = set(caac_clean.clean("operations")["operation_id"])
    questions = caac_clean.clean("questions").set_index("question_id")
    assert set(evidence.clean["operation_id"]) <= operations
    assert set(evidence.clean["question_id"]) <= set(questions.index)
    # Filed passage by passage (data/raw/README.md): most evaluative questions have passages
    # of their own, not every question of a theme the same ones.
    per_question = evidence.clean.groupby("question_id")["source"].apply(frozenset)
    assert per_question.nunique() == len(per_question)


def test_the_toolkit_never_invents_a_rating(caac_clean):
    ratings = caac_clean.tables["ratings"]
    assert ratings.raw.row_count == 0
    assert ratings.clean.empty
    assert ratings.quarantine.empty
    assert not [f.describe() for f in caac_clean.findings if f.table == "ratings"]


def test_the_questions_cover_the_six_oecd_dac_criteria(caac_clean):
    assert set(schema.CRITERIA.values()) == CRITERIA
    questions = caac_clean.tables["questions"]
    assert questions.quarantine.empty
    assert set(questions.clean["criterion"]) == CRITERIA


def test_goals_are_those_the_documents_name_and_exist(caac_clean):
    # 004 l. 1492: Grdr and its partners contribute to goals 1, 10 and 17.
    sdgs = caac_clean.clean("sdgs")
    assert sorted(sdgs.loc[sdgs["operation_id"] == "grdr-migrants-ess", "sdg"], key=int) == ["1", "10", "17"]
    assert not [f.describe() for f in caac_clean.findings if f.rule == "sdg.unknown"]
    # No document names a goal for an indicator: none is filled in.
    assert caac_clean.clean("indicators")["sdg"].isna().all()
