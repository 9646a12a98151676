"""Every validation rule: it passes on the real CAAC data and fails, at the right place, when broken."""

import pytest

from tests.conftest import rewrite
from toolkit.check.validate import build_suite, period_bounds
from toolkit.clean.tables import clean_tables
from toolkit.model import schema

# (file, text in the real file, replacement, rule, row, column)
BREAKS = [
    (
        "operations.csv",
        "batik-echangeons;1;Échangeons : pour l'insertion économique et professionnelle des femmes;",
        "batik-echangeons;1;;",
        "required",
        2,
        "title",
    ),
    ("operations.csv", "batik-echangeons;1", "Batik_Echangeons;1", "format.slug", 2, "operation_id"),
    ("operations.csv", ";25 mois;", ";0 mois;", "range", 2, "duration"),
    ("operations.csv", ";98 525 €;", ";-98 525 €;", "range", 2, "budget"),
    ("operations.csv", "98 525 €;64 040 €", "98 525 €;164 040 €", "grant_le_budget", 2, "grant"),
    ("operations.csv", ";2015;2018;", ";2019;2018;", "start_le_end", 10, "start"),
    ("operations.csv", ";2015;2018;", ";2015-13;2018;", "parse.date", 10, "start"),
    ("operations.csv", ";98 525 €;", ";98 525 XYZ;", "parse.amount", 2, "budget"),
    ("operations.csv", ";98 525 €;", ";beaucoup;", "parse.amount", 2, "budget"),
    ("operations.csv", ";insertion socio-économique;003", ";santé;003", "codelist", 2, "themes"),
    ("operations.csv", "Maroc, Egypte, Tunisie, France", "Maroc, Atlantide", "parse.country", 2, "countries"),
    ("operations.csv", "batik-echangeons;1;", "batik-echangeons;un;", "parse.integer", 2, "phase"),
    (
        "participants.csv",
        "batik-echangeons;Centre Hubertine Auclert;Partenaire principal",
        "batik-echangeons;Centre Hubertine Auclert;Sponsor",
        "codelist",
        3,
        "role",
    ),
    (
        "participants.csv",
        "batik-echangeons;Centre Hubertine",
        "batik-echangeon;Centre Hubertine",
        "reference",
        3,
        "operation_id",
    ),
    (
        "participants.csv",
        "batik-echangeons;Centre Hubertine Auclert;",
        "batik-echangeons;Batik International;Porteur du projet;;;003_373f3e170bffc0e1.txt l. 18\nbatik-echangeons;Centre Hubertine Auclert;",
        "key.unique",
        3,
        "operation_id",
    ),
    ("participants.csv", "003_373f3e170bffc0e1.txt l. 18 +", "page dix-huit +", "parse.source", 2, "source"),
    ("participants.csv", "003_373f3e170bffc0e1.txt l. 18 +", "005_inconnu.txt l. 18 +", "source.document", 2, "source"),
    ("claims.csv", ";plus de 70;", ";beaucoup;", "parse.claim", None, "value"),
    ("indicators.csv", ";output;unit;", ";sortie;unit;", "codelist", 2, "level"),
    ("indicators.csv", "incremental;oui;", "incremental;peut-être;", "parse.boolean", 2, "ascending"),
    (
        "observations.csv",
        "programme;cap-carnets-reponses;actual;2014;2018",
        "programme;cap-carnets-reponses;actual;2019;2018",
        "period_start_le_end",
        2,
        "period_start",
    ),
    (
        "observations.csv",
        "programme;cap-carnets-reponses;",
        "programme;indicateur-inconnu;",
        "reference",
        2,
        "indicator_id",
    ),
    (
        "observations.csv",
        "programme;cap-carnets-reponses;actual;",
        "programme;cap-carnets-reponses;prévu;",
        "codelist",
        2,
        "value_type",
    ),
]


@pytest.mark.parametrize("rule", sorted({b[3] for b in BREAKS}))
def test_rule_holds_on_the_real_data(caac_clean, rule):
    assert not [f for f in caac_clean.findings if f.rule == rule and f.severity == "error"]


@pytest.mark.parametrize(
    ("file", "old", "new", "rule", "row", "column"), BREAKS, ids=[f"{b[3]}-{b[5]}" for b in BREAKS]
)
def test_rule_fails_where_the_data_is_broken(raw_copy, file, old, new, rule, row, column):
    rewrite(raw_copy / file, old, new)
    result = clean_tables(raw_copy)
    located = [f for f in result.findings if f.rule == rule and f.file == file and f.column == column]
    assert located, (
        f"no {rule} finding on {file}/{column}: {[f.describe() for f in result.findings if f.severity == 'error']}"
    )
    finding = located[0]
    assert finding.severity == "error"
    if row is not None:
        assert finding.row == row
    assert finding.message
    accounting = result.accounting.set_index("file")
    table = next(t for t in schema.TABLES if t.file == file)
    if table.refusable(column):
        # The row stays, its cell emptied and named as refused: an operation keeps its page.
        clean = result.tables[table.name].clean
        (kept,) = clean.loc[clean["raw_row"] == row, schema.REFUSED]
        assert column in kept.split("; ")
    else:
        assert accounting.loc[file, "quarantined_rows"] >= 1
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all()


def test_suites_are_built_from_the_schema():
    from toolkit.check.validate import gx_context

    gx_context()  # building a suite needs the Great Expectations context, whatever ran before
    suite = build_suite(schema.OPERATIONS, {})
    types = [e.expectation_type for e in suite.expectations]
    # One not-null expectation per required column, and one (with a row condition) per required_if.
    assert types.count("expect_column_values_to_not_be_null") == sum(
        c.required or bool(c.required_if) for c in schema.OPERATIONS.columns
    )
    assert "expect_column_pair_values_a_to_be_greater_than_b" in types
    assert "expect_column_values_to_be_unique" in types


def test_partial_dates_compare_as_periods():
    import pandas as pd

    first, last = period_bounds(pd.Series(["2018", "2018-02", "2018-05-03", None]))
    assert [str(d.date()) for d in first[:3]] == ["2018-01-01", "2018-02-01", "2018-05-03"]
    assert [str(d.date()) for d in last[:3]] == ["2018-12-31", "2018-02-28", "2018-05-03"]
    assert pd.isna(first[3])


def test_range_messages_give_their_bounds_and_unit_the_french_way():
    from toolkit.check.validate import gx_context

    gx_context()  # building a suite needs the Great Expectations context
    suite = build_suite(schema.OPERATIONS, {})
    ranges = {e.meta["column"]: e.meta["message"] for e in suite.expectations if e.meta["rule"] == "range"}
    assert ranges["duration"] == "la valeur doit être comprise entre 1 et 240 mois"
    assert ranges["budget"] == "la valeur doit être comprise entre 0,01 et 1 000 000 000 000 000"
    assert ranges["phase"] == "la valeur doit être comprise entre 1 et 9"


def test_sdg_targets_are_read_in_any_case(raw_copy):
    # 6.b is a UN target written in lower case; evaluators type it either way, with a prefix or not.
    rewrite(
        raw_copy / "indicators.csv",
        "essor-jeunes-formes;Jeunes vulnérables dont le dispositif implanté contribue à la formation et à l'insertion;output;unit;jeunes;incremental;oui;;",
        "essor-jeunes-formes;Jeunes vulnérables dont le dispositif implanté contribue à la formation et à l'insertion;output;unit;jeunes;incremental;oui;ODD 6.B;",
    )
    result = clean_tables(raw_copy)
    assert not [f for f in result.findings if f.rule == "sdg.unknown"]
    assert "6.b" in set(result.tables["indicators"].clean["sdg"])


def test_an_unchanged_table_is_not_validated_twice_and_a_changed_one_is(raw_copy, monkeypatch):
    from toolkit.check import validate as module

    runs = []
    real = module._run_suite
    monkeypatch.setattr(module, "_run_suite", lambda raw, *args: runs.append(raw.table.name) or real(raw, *args))
    first = clean_tables(raw_copy)
    runs.clear()
    again = clean_tables(raw_copy)
    assert runs == [] and again.findings == first.findings  # every table remembered
    rewrite(raw_copy / "operations.csv", "batik-echangeons;1;", "batik-echangeons;12;")
    changed = clean_tables(raw_copy)
    assert "operations" in runs  # the edited table goes through Great Expectations again
    assert [(f.rule, f.row) for f in changed.findings if f.table == "operations" and f.rule == "range"] == [
        ("range", 2)
    ]


def test_a_table_is_validated_again_only_when_what_it_cites_changes(raw_copy, monkeypatch):
    """An operation added re-runs at most the operations' suite; an operation the other tables cite
    renamed changes their results: their references to it are reported."""
    from toolkit.check import validate as module

    runs = []
    real = module._run_suite
    monkeypatch.setattr(module, "_run_suite", lambda raw, *args: runs.append(raw.table.name) or real(raw, *args))
    clean_tables(raw_copy)
    operations = raw_copy / "operations.csv"
    first = operations.read_text(encoding="utf-8").splitlines()[1]
    operations.write_text(
        operations.read_text(encoding="utf-8") + first.replace("batik-echangeons;", "batik-bis;", 1) + "\n",
        encoding="utf-8",
    )
    runs.clear()
    added = clean_tables(raw_copy)
    # (The memo is the process's: another test may have validated these very operations already.)
    assert set(runs) <= {"operations"}
    rewrite(operations, "batik-echangeons;", "batik-echanges;")
    renamed = clean_tables(raw_copy)
    assert not [f for f in added.findings if f.rule == "reference"]
    assert {f.table for f in renamed.findings if f.rule == "reference"} >= {"participants", "evidence"}


def _participants(*rows: tuple[int, str, str, str]):
    import pandas as pd

    from toolkit.ingest.readers import ROW, RawTable

    frame = pd.DataFrame(rows, columns=[ROW, "operation_id", "organisation", "role"])
    return RawTable(schema.PARTICIPANTS, "participants.csv", frame)


def test_a_repeated_key_is_reported_on_its_repeats_each_naming_the_first_row():
    from toolkit.check.expectations import expectations
    from toolkit.check.validate import _row_findings
    from toolkit.ingest.readers import ROW

    raw = _participants((2, "a", "Org", "Porteur"), (5, "a", "Org", "Porteur"), (7, "a", "Org", "Porteur"))
    (key,) = [e for e in expectations(schema.PARTICIPANTS, {}) if e.meta["rule"] == "key.unique"]
    # Great Expectations lists every row of a duplicated key, in no promised order.
    indexes = [{ROW: row, "operation_id": "a", "organisation": "Org", "role": "Porteur"} for row in (7, 2, 5)]
    found = _row_findings(raw, raw.frame.set_index(ROW), key.meta, indexes)
    assert [(f.row, f.value, f.operation_id) for f in found] == [(7, "a", "a"), (5, "a", "a")]
    assert all(f.message.endswith("(même clé qu'à la ligne 2)") for f in found)


def test_a_check_reported_as_raised_is_a_finding_on_the_whole_file():
    from types import SimpleNamespace

    from toolkit.check.validate import findings_of
    from toolkit.model import rules

    raw = _participants((2, "a", "Org", "Porteur"))
    outcome = SimpleNamespace(
        expectation_config=SimpleNamespace(meta={"rule": "required", "column": "role"}),
        exception_info={"raised_exception": True, "exception_message": "boom"},
        success=False,
        result={},
    )
    (finding,) = findings_of(raw, [outcome])
    assert (finding.rule, finding.row, finding.column, finding.value) == (
        rules.VALIDATION_EXCEPTION.id,
        None,
        "role",
        "",
    )
    assert finding.message == "la vérification « required » n'a pas pu s'exécuter : boom"


def test_a_check_that_cannot_run_is_a_finding_not_a_pass():
    import great_expectations as gx
    import great_expectations.expectations as gxe

    from toolkit.check.validate import findings_of, gx_context, validated
    from toolkit.model import rules

    gx_context()
    raw = _participants((2, "a", "Org", "Porteur"))
    suite = gx.ExpectationSuite(name="broken_suite")
    # A column the frame does not have: Great Expectations raises inside the check.
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(column="absent", meta={"rule": "required", "column": "absent"})
    )
    result = validated(schema.PARTICIPANTS, raw.frame, suite)
    assert [f.rule for f in findings_of(raw, result.results)] == [rules.VALIDATION_EXCEPTION.id]


def test_range_messages_in_english():
    from toolkit.check.validate import gx_context
    from toolkit.model import language

    gx_context()
    with language.using("en"):
        suite = build_suite(schema.OPERATIONS, {})
    ranges = {e.meta["column"]: e.meta["message"] for e in suite.expectations if e.meta["rule"] == "range"}
    assert ranges["duration"] == "the value must be between 1 and 240 months"
    assert ranges["budget"] == "the value must be between 0.01 and 1,000,000,000,000,000"


def test_findings_remembered_in_one_language_are_not_given_in_another(raw_copy):
    from toolkit.model import language

    rewrite(raw_copy / "operations.csv", "batik-echangeons;1;", "batik-echangeons;12;")
    french = [f.message for f in clean_tables(raw_copy).findings if f.rule == "range"]
    with language.using("en"):
        english = [f.message for f in clean_tables(raw_copy).findings if f.rule == "range"]
    assert french == ["la valeur doit être comprise entre 1 et 9"]
    assert english == ["the value must be between 1 and 9"]
