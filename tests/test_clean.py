"""Cleaning the real CAAC data, and what happens when it is broken on purpose."""

import pandas as pd
import pytest

from tests.conftest import rewrite
from toolkit.clean import clean_tables, run_clean

# The nine fiches of 003, figure by figure: duration (months), budget and grant (EUR),
# people reached directly and indirectly (None where the fiche gives no single number).
FICHES = {
    "batik-echangeons": (25, 98525, 64040, 35, 800, "MAR;EGY;TUN;FRA"),
    "cap-solidarites-jeunes": (36, 90115, 58575, 190, 240, "FRA"),
    "cgt-banane": (30, 108548, 66440, 13600, 115000, "GTM;HND;NIC;CRI;PAN;COL;ECU;PER;FRA"),
    "cag44-jeunes-ruraux": (36, 526561, 66440, None, None, "GIN;FRA"),
    "essor-tchad": (30, 102050, 66333, None, None, "TCD;FRA"),
    "geres-konseguela": (24, 104710, 66440, None, 28910, "MLI"),
    "grdr-migrants-ess": (30, 101620, 65620, 500, 600, "MLI;FRA"),
    "gret-femmes-migrantes": (24, 102100, 66000, 35, None, "VNM;FRA"),
    "spf-comasagua-montauban": (30, 102220, 66440, None, 7676, "SLV;FRA"),
}


def _value(value):
    return None if pd.isna(value) else value


def test_the_nine_operations_carry_exactly_the_fiches_figures(caac_clean):
    operations = caac_clean.clean("operations").set_index("operation_id")
    assert list(operations.index) == list(FICHES)
    for operation_id, (months, budget, grant, direct, indirect, countries) in FICHES.items():
        row = operations.loc[operation_id]
        assert row["duration_months"] == months, operation_id
        assert row["budget_eur"] == budget, operation_id
        assert row["grant_eur"] == grant, operation_id
        assert _value(row["direct_beneficiaries"]) == direct, operation_id
        assert _value(row["indirect_beneficiaries"]) == indirect, operation_id
        assert row["countries"] == countries, operation_id
        assert row["phase"] == 1


def test_units_and_verbatim_texts_are_kept(caac_clean):
    operations = caac_clean.clean("operations").set_index("operation_id")
    assert operations.loc["cap-solidarites-jeunes", "indirect_beneficiaries_unit"] == "structures"
    assert operations.loc["cgt-banane", "direct_beneficiaries_text"].startswith("Directs : 13 600 travailleurs")
    assert bool(operations.loc["geres-konseguela", "indirect_beneficiaries_approximate"]) is True


def test_texts_without_a_single_number_are_warnings_not_guesses(caac_clean):
    findings = caac_clean.findings_frame
    people = findings[findings["rule"] == "people.not_single_number"]
    flagged = set(zip(people["operation_id"], people["column"], strict=True))
    assert ("cag44-jeunes-ruraux", "direct_beneficiaries") in flagged
    assert ("essor-tchad", "indirect_beneficiaries") in flagged
    assert set(people["severity"]) == {"warning"}


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
    assert direct["derived_from"].iloc[0] == "people.csv row 6 column count"


def test_people_reached_keep_ranges_and_estimates_and_say_what_they_leave_out(caac_clean):
    observations = caac_clean.clean("observations").set_index(["operation_id", "indicator_id"])
    geres = observations.loc[("geres-konseguela", "people-reached-indirect")]
    assert (geres["value"], geres["qualifier"]) == (28910, "about")
    assert pd.isna(geres["comment"])  # the 4 130 ménages are the same people, not a group left out
    cag44 = observations.loc[("cag44-jeunes-ruraux", "people-reached-direct")]
    assert cag44["value"] == 350
    assert cag44["comment"] == "Non additionnés : 200 familles (pas des personnes)."
    # No persons counted: no observation at all rather than a zero (003 l. 92: 240 structures).
    assert ("cap-solidarites-jeunes", "people-reached-indirect") not in observations.index


def test_grant_above_budget_goes_to_quarantine_with_its_reason(raw_copy, tmp_path):
    rewrite(raw_copy / "operations.csv", "98 525 €;64 040 €", "98 525 €;164 040 €")
    result = run_clean(raw_copy, tmp_path / "clean")
    finding = next(f for f in result.findings if f.rule == "grant_le_budget")
    assert (finding.file, finding.row, finding.column, finding.severity) == ("operations.csv", 2, "grant", "error")
    assert finding.value == "164 040 €"
    quarantine = pd.read_csv(tmp_path / "clean" / "quarantine" / "operations.csv", sep=",")
    assert list(quarantine["operation_id"]) == ["batik-echangeons"]
    assert quarantine.loc[0, "reasons"] == (
        "[grant_le_budget] « grant » : la subvention dépasse le budget de l'opération : vérifier les deux montants"
    )
    clean = pd.read_csv(tmp_path / "clean" / "operations.csv")
    assert len(clean) == 8
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
        "budget_eur",
        "grant_eur",
        "direct_beneficiaries",
        "indirect_beneficiaries",
    ):
        assert column in header
    assert ",98525," in text and ",64040," in text
    assert "98 525" not in text
