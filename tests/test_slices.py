"""What each page may see of the clean data, and the fingerprint that decides whether it runs again."""

import subprocess
import sys
from dataclasses import replace

import pandas as pd
import pytest

from toolkit.clean.tables import write_clean
from toolkit.model.errors import ConfigurationError
from toolkit.results.portfolio import load
from toolkit.results.slices import (
    PEER_COLUMNS,
    operation_fingerprints,
    operation_view,
    quality_fingerprint,
    quality_view,
)

BATIK, CGT = "batik-echangeons", "cgt-banane"


def _with(portfolio, table: str, frame: pd.DataFrame):
    return replace(portfolio, **{table: frame})


def test_an_operation_view_holds_only_that_operations_rows(caac_portfolio):
    view = operation_view(caac_portfolio, BATIK)
    for table in ("participants", "observations", "evidence", "achievement", "findings"):
        rows = getattr(view, table)
        assert set(rows["operation_id"]) <= {BATIK}, table
    assert len(view.observations) == (caac_portfolio.observations["operation_id"] == BATIK).sum() > 0
    assert set(view.indicators["indicator_id"]) == set(view.observations["indicator_id"])
    assert view.claims.empty and view.accounting.empty
    assert len(view.questions) == len(caac_portfolio.questions)


def test_other_operations_keep_only_the_columns_the_page_compares(caac_portfolio):
    view = operation_view(caac_portfolio, BATIK)
    assert list(view.operations["operation_id"]) == caac_portfolio.operation_ids
    own = view.operation(BATIK)
    assert own["zone"] == caac_portfolio.operation(BATIK)["zone"]
    other = view.operation(CGT)
    assert other["budget"] == caac_portfolio.operation(CGT)["budget"]
    hidden = [c for c in view.operations.columns if c not in PEER_COLUMNS]
    assert hidden and other[hidden].isna().all()


def test_an_unknown_operation_has_no_view(caac_portfolio):
    with pytest.raises(ConfigurationError, match="no-such-operation"):
        operation_view(caac_portfolio, "no-such-operation")


def test_a_change_to_one_operations_rows_changes_only_its_fingerprint(caac_portfolio):
    before = operation_fingerprints(caac_portfolio)
    observations = caac_portfolio.observations.copy()
    row = observations.index[observations["operation_id"] == BATIK][0]
    observations.loc[row, "comment"] = "texte modifié"
    after = operation_fingerprints(_with(caac_portfolio, "observations", observations))
    assert after[BATIK] != before[BATIK]
    assert {k: v for k, v in after.items() if k != BATIK} == {k: v for k, v in before.items() if k != BATIK}


def test_a_change_another_page_shows_changes_every_operation_fingerprint(caac_portfolio):
    """A budget appears in every operation's comparison figure: every page must run again."""
    before = operation_fingerprints(caac_portfolio)
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == CGT, "budget"] += 1
    after = operation_fingerprints(_with(caac_portfolio, "operations", operations))
    assert all(after[k] != before[k] for k in before)


def test_a_change_no_other_page_shows_changes_only_that_operations_fingerprint(caac_portfolio):
    before = operation_fingerprints(caac_portfolio)
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == CGT, "zone"] = "Ailleurs"
    after = operation_fingerprints(_with(caac_portfolio, "operations", operations))
    assert [k for k in before if after[k] != before[k]] == [CGT]


def test_a_programme_wide_table_changes_every_fingerprint(caac_portfolio):
    before = operation_fingerprints(caac_portfolio)
    questions = caac_portfolio.questions.copy()
    questions.loc[0, "question"] = "Une autre question ?"
    after = operation_fingerprints(_with(caac_portfolio, "questions", questions))
    assert all(after[k] != before[k] for k in before)


def test_fingerprints_are_the_same_in_every_process(caac_clean, tmp_path):
    """Stable, not salted per process as Python's hash() of a string is: the build compares them across runs."""
    write_clean(caac_clean, tmp_path)
    code = (
        "import sys; from toolkit.results.portfolio import load; from toolkit.results.slices import operation_fingerprints;"
        "print(operation_fingerprints(load(sys.argv[1]))[sys.argv[2]])"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(tmp_path), BATIK], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout.strip() == operation_fingerprints(load(tmp_path))[BATIK]


def test_the_quality_view_has_findings_accounting_and_titles_only(caac_portfolio):
    view = quality_view(caac_portfolio)
    assert len(view.findings) == len(caac_portfolio.findings)
    assert len(view.accounting) == len(caac_portfolio.accounting)
    assert list(view.operations.columns) == ["operation_id", "title"]
    assert view.observations.empty and view.evidence.empty


def test_the_quality_fingerprint_follows_findings_not_values(caac_portfolio):
    before = quality_fingerprint(caac_portfolio)
    observations = caac_portfolio.observations.copy()
    observations.loc[0, "comment"] = "autre"
    assert quality_fingerprint(_with(caac_portfolio, "observations", observations)) == before
    findings = caac_portfolio.findings.copy()
    findings.loc[0, "message"] = "autre"
    assert quality_fingerprint(_with(caac_portfolio, "findings", findings)) != before
    assert quality_fingerprint(caac_portfolio, [b"quarantine"]) != before


def test_a_pair_of_disagreeing_passages_is_seen_by_each_operation_it_concerns(caac_portfolio):
    pairs = pd.DataFrame(
        {
            "discrepancy_id": ["deux", "programme"],
            "operations": [f"{BATIK}; {CGT}", None],
            "kind": ["dates", "dates"],
            "subject": ["a", "b"],
        }
    )
    portfolio = _with(caac_portfolio, "discrepancies", pairs)
    assert list(operation_view(portfolio, BATIK).discrepancies["discrepancy_id"]) == ["deux"]
    assert list(operation_view(portfolio, CGT).discrepancies["discrepancy_id"]) == ["deux"]
    assert operation_view(portfolio, "essor-tchad").discrepancies.empty
    before = operation_fingerprints(portfolio)
    changed = operation_fingerprints(_with(portfolio, "discrepancies", pairs.assign(subject=["a2", "b"])))
    assert {op for op in before if before[op] != changed[op]} == {BATIK, CGT}


def test_a_programme_level_row_no_operation_page_reads_runs_no_operation_page(caac_portfolio):
    """The members of the platform and the programme's own observations are the programme
    report's and the annexes': an operation page's view holds none of them."""
    before = operation_fingerprints(caac_portfolio)
    members = caac_portfolio.members.copy()
    members.loc[0, "organisation"] = "Autre organisation"
    observations = caac_portfolio.observations.copy()
    programme_rows = observations.index[observations["operation_id"] == "programme"]
    observations.loc[programme_rows[0], "value"] = 999
    changed = _with(_with(caac_portfolio, "members", members), "observations", observations)
    assert operation_fingerprints(changed) == before
    assert operation_view(caac_portfolio, BATIK).members.empty


def test_an_operation_page_reads_only_the_misspellings_of_the_acronyms(caac_portfolio):
    """It marks them [sic] in the passages it quotes; an acronym's meaning is the annexes'."""
    before = operation_fingerprints(caac_portfolio)
    acronyms = caac_portfolio.acronyms.copy()
    acronyms.loc[0, "meaning"] = "Un autre développement"
    assert operation_fingerprints(_with(caac_portfolio, "acronyms", acronyms)) == before
    acronyms.loc[0, "misspellings"] = "ADESSAF"
    after = operation_fingerprints(_with(caac_portfolio, "acronyms", acronyms))
    assert all(after[k] != before[k] for k in before)
    view = operation_view(caac_portfolio, BATIK).acronyms
    assert list(view.columns) == ["misspellings"] and view["misspellings"].notna().all()


def test_an_operation_page_key_holds_its_own_survey_answers_and_no_one_elses():
    import pandas as pd

    from tests.test_survey_results import _data
    from toolkit.results.slices import operation_survey_view, survey_fingerprints
    from toolkit.results.surveys import SurveyData

    mine, theirs = _data(["4"] * 10, ["oui"] * 10), _data(["1"] * 12, ["non"] * 12, operation="op-b")
    both = SurveyData(**{name: pd.concat([mine.frames()[name], theirs.frames()[name]]) for name in mine.frames()})
    before = survey_fingerprints(both, ["op-a", "op-b"])
    answers = both.answers.copy()
    answers.loc[answers["operation_id"] == "op-b", "value"] = "oui"
    after = survey_fingerprints(SurveyData(**{**both.frames(), "answers": answers}), ["op-a", "op-b"])
    assert before["op-a"] == after["op-a"] and before["op-b"] != after["op-b"]
    assert set(operation_survey_view(both, "op-a").answers["operation_id"]) == {"op-a"}
