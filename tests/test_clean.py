"""Cleaning the real CAAC data, and what happens when it is broken on purpose."""

import pandas as pd
import pytest

from tests.conftest import assert_rows_accounted_for, rewrite
from toolkit.clean.tables import clean_tables
from toolkit.results.derive import run_clean

# The nine fiches of 003, figure by figure: duration (months), budget and grant (EUR),
# and the first words of the fiche's people texts, kept verbatim (003).
FICHES = {
    "batik-echangeons": (25, 98525, 64040, "Directement : 35", "Indirectement : 800", "MAR;EGY;TUN;FRA"),
    "cap-solidarites-jeunes": (36, 90115, 58575, "Directs : 190", "Indirects : 240", "FRA"),
    "cgt-banane": (30, 108548, 66440, "Directs : 13 600", "Indirects : 115 000", "GTM;HND;NIC;CRI;PAN;COL;ECU;PER;FRA"),
    "cag44-jeunes-ruraux": (36, 526561, 66440, "Directs : 200 jeunes", None, "GIN;FRA"),
    "essor-tchad": (30, 102050, 66333, "Directs : 7 services", "Indirects : 250", "TCD;FRA"),
    "geres-konseguela": (24, 104710, 66440, "Directs : commune", "Indirects : 4 130", "MLI"),
    "grdr-migrants-ess": (30, 101620, 65620, "Directs : 500", "Indirects : 600", "MLI;FRA"),
    "gret-femmes-migrantes": (24, 102100, 66000, "Directs : 35", "Indirects : 300 000", "VNM;FRA"),
    "spf-comasagua-montauban": (30, 102220, 66440, "Directs : au Salvador", "Indirects : au Salvador", "SLV;FRA"),
}


def test_the_nine_operations_carry_exactly_the_fiches_figures(caac_clean):
    operations = caac_clean.clean("operations").set_index("operation_id")
    assert list(operations.index) == list(FICHES)
    for operation_id, (months, budget, grant, direct, indirect, countries) in FICHES.items():
        row = operations.loc[operation_id]
        assert row["duration_months"] == months, operation_id
        assert row["budget"] == budget, operation_id
        assert row["grant"] == grant, operation_id
        assert str(row["direct_beneficiaries"]).startswith(direct), operation_id
        if indirect is None:
            assert pd.isna(row["indirect_beneficiaries"]), operation_id
        else:
            assert str(row["indirect_beneficiaries"]).startswith(indirect), operation_id
        assert row["countries"] == countries, operation_id
        assert row["phase"] == 1


def test_every_count_of_the_fiches_is_a_group_of_people_csv(caac_clean):
    assert not [f.describe() for f in caac_clean.findings if f.rule == "people.untranscribed"]


def test_a_count_left_out_of_people_csv_is_a_warning_on_the_fiche_text(raw_copy):
    # 003 l. 242-243: "40 représentants d'associations"; drop that group from the transcription.
    rewrite(
        raw_copy / "people.csv",
        "cag44-jeunes-ruraux;direct;40;représentants d'associations;oui;;;;003_373f3e170bffc0e1.txt l. 242-243\n",
        "",
    )
    result = clean_tables(raw_copy)
    (finding,) = [f for f in result.findings if f.rule == "people.untranscribed"]
    assert (finding.file, finding.row, finding.column, finding.severity) == (
        "operations.csv",
        5,
        "direct_beneficiaries",
        "warning",
    )
    assert finding.message.startswith("la fiche compte 40 que people.csv ne reprend pour aucun groupe")
    assert_rows_accounted_for(result)


def test_real_data_has_no_errors_and_every_row_is_accounted_for(caac_clean):
    assert caac_clean.error_count == 0, caac_clean.findings_frame.query("severity == 'error'").to_string()
    accounting = caac_clean.accounting.set_index("table")
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all()
    assert accounting.loc["operations", "clean_rows"] == 9


def test_grant_share_and_iati_roles_are_derived(caac_clean):
    operations = caac_clean.clean("operations").set_index("operation_id")
    assert operations.loc["batik-echangeons", "grant_share"] == pytest.approx(64040 / 98525, abs=1e-4)
    participants = caac_clean.clean("participants")
    leads = participants[participants["role"] == "2"]
    assert len(leads) == 9
    assert set(leads["role_name"]) == {"Accountable"}
    assert set(participants["role"]) <= {"1", "2", "3", "4"}


def test_people_reached_become_target_observations(caac_clean):
    observations = caac_clean.clean("observations")
    direct = observations[
        (observations["indicator_id"] == "people-reached-direct") & (observations["operation_id"] == "cgt-banane")
    ]
    assert list(direct["value_type"]) == ["target"]
    assert list(direct["value"]) == [13600]
    # people.csv row 6 transcribes 003 l. 155-157, "Directs : 13 600 travailleurs et responsables syndicaux".
    origin = direct[["derived_table", "derived_row", "derived_column"]].iloc[0].tolist()
    assert origin == ["people", 6, "count"]


def test_people_reached_keep_ranges_and_estimates_and_say_what_they_leave_out(caac_clean):
    observations = caac_clean.clean("observations").set_index(["operation_id", "indicator_id"])
    geres = observations.loc[("geres-konseguela", "people-reached-indirect")]
    assert (geres["value"], geres["qualifier"]) == (28910, "about")
    assert pd.isna(geres["comment"])  # the 4 130 ménages are the same people, not a group left out
    cag44 = observations.loc[("cag44-jeunes-ruraux", "people-reached-direct")]
    assert cag44["value"] == 350
    assert cag44["comment"] == "Non additionnés : 200 familles (hors total des personnes)."
    # No persons counted: no observation at all rather than a zero (003 l. 92: 240 structures).
    assert ("cap-solidarites-jeunes", "people-reached-indirect") not in observations.index


def test_a_grant_above_its_budget_is_refused_and_the_operation_keeps_its_row(raw_copy, tmp_path):
    rewrite(raw_copy / "operations.csv", "98 525 €;64 040 €", "98 525 €;164 040 €")
    result = run_clean(raw_copy, tmp_path / "clean")
    finding = next(f for f in result.findings if f.rule == "grant_le_budget")
    assert (finding.file, finding.row, finding.column, finding.severity) == ("operations.csv", 2, "grant", "error")
    assert finding.value == "164 040 €"
    quarantine = pd.read_csv(tmp_path / "clean" / "quarantine" / "operations.csv", sep=",")
    assert quarantine.empty
    clean = pd.read_csv(tmp_path / "clean" / "operations.csv", keep_default_na=False)
    assert len(clean) == 9
    batik = clean[clean["operation_id"] == "batik-echangeons"].iloc[0]
    # The refused grant is emptied, not kept as the wrong figure; the budget beside it stands.
    assert (batik["grant"], batik["grant_currency"], batik["refused"]) == ("", "", "grant")
    assert batik["budget"] == 98525.0
    findings = pd.read_csv(tmp_path / "clean" / "findings.csv")
    assert list(findings.columns[:7]) == ["file", "row", "column", "value", "rule", "severity", "message"]


def test_unknown_country_duplicate_key_and_undefined_operation(raw_copy):
    rewrite(raw_copy / "operations.csv", "Guinée, France;Territoires", "Guinée, Atlantide;Territoires")
    rewrite(raw_copy / "operations.csv", "essor-tchad;1", "cgt-banane;1")
    rewrite(raw_copy / "participants.csv", "grdr-migrants-ess;", "grdr-migrant-ess;")
    result = clean_tables(raw_copy)
    rules = {(f.table, f.rule, f.row) for f in result.findings if f.severity == "error"}
    assert ("operations", "parse.country", 5) in rules
    assert ("operations", "key.unique", 6) in rules
    assert ("operations", "key.unique", 4) not in rules  # the first cgt-banane row stays clean
    (duplicate,) = [f for f in result.findings if f.rule == "key.unique" and f.table == "operations"]
    assert duplicate.message == (
        "la colonne « operation_id » doit être unique : cette valeur est déjà utilisée (même clé qu'à la ligne 4)"
    )
    assert any(table == "participants" and rule == "reference" for table, rule, _ in rules)
    accounting = result.accounting.set_index("table")
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all()


def test_clean_csv_uses_plain_numbers(tmp_path):
    from tests.conftest import RAW

    run_clean(RAW, tmp_path)
    text = (tmp_path / "operations.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    for column in (
        "operation_id",
        "phase",
        "lead_org",
        "countries",
        "duration_months",
        "budget",
        "grant",
        "direct_beneficiaries",
        "indirect_beneficiaries",
    ):
        assert column in header
    assert ",98525," in text and ",64040," in text
    assert "98 525" not in text


def test_an_operation_whose_documents_give_no_budget_grant_duration_or_country_is_kept(tmp_path):
    """Required means required by the report: another programme's operation without CAAC's grant,
    or whose documents are silent on its budget, duration or countries, keeps its page."""
    from tests.conftest import copy_example

    paths = copy_example(tmp_path / "programme")
    operations = pd.read_csv(paths.raw / "operations.csv", sep=";", dtype=str, keep_default_na=False)
    blanked = ["countries", "duration", "budget", "grant", "source_countries", "source_budget", "source_grant"]
    operations.loc[0, [*blanked, "source_duration"]] = ""
    operations.to_csv(paths.raw / "operations.csv", sep=";", index=False)
    from toolkit.model.config import load_config

    result = run_clean(paths.raw, tmp_path / "clean", load_config(paths.config))
    # The example's survey holds faulty submissions on purpose; the tables hold no error.
    errors = [f.message for f in result.findings if f.severity == "error" and not f.file.startswith("surveys/")]
    assert errors == []
    clean = pd.read_csv(tmp_path / "clean" / "operations.csv")
    assert len(clean) == 2 and clean.loc[0, ["budget", "grant", "duration_months"]].isna().all()


@pytest.mark.parametrize("limit", [100, 300])
def test_the_workbook_size_limit_is_the_programmes_setting(raw_copy, limit):
    """[ingest] max_workbook_mb reaches the reader: below the 250 MB the workbook's zip declares it
    is refused naming the programme's limit; above, the size is no longer what stops it."""
    import contextlib
    import dataclasses
    import shutil

    from tests.test_fault_corpus import FAULTS
    from toolkit.model.config import load_config
    from toolkit.model.errors import InputFileError, InputTooLarge

    (raw_copy / "phase2.csv").unlink()
    shutil.copyfile(FAULTS / "phase2_declares_250_mb.xlsx", raw_copy / "phase2.xlsx")
    config = dataclasses.replace(load_config(), max_workbook_mb=limit)
    if limit < 250:
        with pytest.raises(InputTooLarge) as raised:
            clean_tables(raw_copy, config)
        assert raised.value.limit_mb == limit and f"limite de {limit} Mo" in raised.value.message
    else:
        # Past the size check, the sheet (whose header lies about its size) is read as far as it goes.
        with contextlib.suppress(InputFileError):
            result = clean_tables(raw_copy, config)
            assert result.tables["phase2"].raw.file == "phase2.xlsx"
