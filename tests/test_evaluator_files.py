"""The evaluator's files: written once with their guidance, never overwriting what the evaluator wrote."""

import csv

from tests.conftest import RAW
from toolkit.cli.main import main
from toolkit.report import narrative
from toolkit.report.evaluator_files import write_templates

OPERATIONS = ["batik-echangeons", "cgt-banane"]


def _ratings(raw):
    return list(csv.DictReader((raw / "ratings.csv").read_text(encoding="utf-8").splitlines(), delimiter=";"))


def test_every_slot_of_the_report_gets_a_file_with_its_heading_and_guidance(tmp_path, raw_copy):
    written = write_templates(tmp_path / "narrative", raw_copy, OPERATIONS)
    assert len(written.created) == len(narrative.SLOTS) + len(OPERATIONS) == 22
    impact = (tmp_path / "narrative" / "criteres" / "impact.md").read_text(encoding="utf-8")
    assert impact.startswith("<!-- 5. Constats — Impact") and "la réponse aux questions d'impact" in impact
    # The guidance is a comment: the report still shows the slot as to be written.
    assert narrative.text(tmp_path / "narrative" / "criteres" / "impact.md") == ""
    assert "À rédiger par l'évaluateur" in narrative.slot(tmp_path / "narrative", "criteres/impact")
    # The management response is the programme's to write, and its placeholder says so.
    response = narrative.slot(tmp_path / "narrative", "reponse-direction")
    assert "À rédiger par la direction du programme" in response and "évaluateur" not in response


def test_the_ratings_grid_has_a_row_per_criterion_and_operation_and_for_the_programme(tmp_path, raw_copy):
    written = write_templates(tmp_path / "narrative", raw_copy, OPERATIONS)
    rows = _ratings(raw_copy)
    assert written.ratings_added == len(rows) == 6 * (len(OPERATIONS) + 1)
    assert {(row["operation_id"], row["criterion"]) for row in rows} >= {
        ("programme", "durabilite"),
        ("cgt-banane", "impact"),
    }
    assert all(row["rating"] == "" and row["question_id"] == "" for row in rows)


def test_nothing_the_evaluator_wrote_is_overwritten(tmp_path, raw_copy):
    mine = tmp_path / "narrative" / "synthese.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("Ma synthèse.\n", encoding="utf-8")
    with (raw_copy / "ratings.csv").open("a", encoding="utf-8") as ratings:
        ratings.write("cgt-banane;impact;;3;moyenne;Effets documentés.;Évaluatrice;2026-11\n")
    written = write_templates(tmp_path / "narrative", raw_copy, OPERATIONS)
    assert mine.read_text(encoding="utf-8") == "Ma synthèse.\n" and mine in written.kept
    rows = _ratings(raw_copy)
    given = [row for row in rows if (row["operation_id"], row["criterion"]) == ("cgt-banane", "impact")]
    assert len(given) == 1 and given[0]["rating"] == "3" and given[0]["justification"] == "Effets documentés."
    assert written.ratings_added == 6 * (len(OPERATIONS) + 1) - 1
    again = write_templates(tmp_path / "narrative", raw_copy, OPERATIONS)
    assert again.created == [] and again.ratings_added == 0


def test_the_command_writes_the_caac_files_and_the_data_stay_valid(tmp_path, raw_copy, capsys):
    code = main(["evaluator-templates", "--raw", str(raw_copy), "--narrative", str(tmp_path / "narrative")])
    assert code == 0
    assert "29 écrits, 0 déjà présents" in capsys.readouterr().out  # 20 slots and 9 operations
    assert len(_ratings(raw_copy)) == 60  # (9 operations + the programme) × 6 criteria
    assert main(["validate", "--raw", str(raw_copy)]) == 0
    assert (RAW / "ratings.csv").read_text(encoding="utf-8").count("\n") == 1  # the embedded data untouched


def test_a_criterion_file_starts_from_its_questions_and_their_evidence(tmp_path, raw_copy, caac_portfolio):
    write_templates(tmp_path / "narrative", raw_copy, OPERATIONS, caac_portfolio.questions, caac_portfolio.evidence)
    efficacy = (tmp_path / "narrative" / "criteres" / "efficacite.md").read_text(encoding="utf-8")
    # Numbered as section 5 numbers them (Q5 is the first question of effectiveness), with its
    # judgement criteria and where its evidence is.
    assert "Q5. Dans quelle mesure les résultats chiffrés des fiches" in efficacy
    assert "Critères de jugement : Les valeurs réalisées documentées atteignent" in efficacy
    assert "section 5 (index.html#q-efficacite-1)" in efficacy
    assert "annexe B (annexes.html#passages-q-efficacite-1)" in efficacy
    assert "operations/essor-tchad.html" in efficacy
    assert "Solidité des preuves : …   Confiance : …" in efficacy
    # All of it a comment: the report still shows the slot as to be written.
    assert narrative.text(tmp_path / "narrative" / "criteres" / "efficacite.md") == ""
    recommendations = (tmp_path / "narrative" / "recommandations.md").read_text(encoding="utf-8")
    for asked in ("## R1 —", "- Destinataire :", "- Priorité :", "- Échéance :", "- Découle de : C1, C3"):
        assert asked in recommendations
    assert "- Repose sur : Q1, Q3" in (tmp_path / "narrative" / "conclusions.md").read_text(encoding="utf-8")


def test_the_management_response_answers_each_written_recommendation(tmp_path, raw_copy):
    folder = tmp_path / "narrative"
    folder.mkdir()
    (folder / "recommandations.md").write_text(
        "## R1 — Financer les comités\n\n- Découle de : C2\n\n## R2 — Suivre les pannes\n", encoding="utf-8"
    )
    written = write_templates(folder, raw_copy, OPERATIONS)
    assert folder / "recommandations.md" in written.kept  # never overwritten
    response = (folder / "reponse-direction.md").read_text(encoding="utf-8")
    assert "## R1 — Financer les comités\n\nAcceptée, partiellement acceptée ou refusée" in response
    assert "## R2 — Suivre les pannes" in response
    assert narrative.text(folder / "reponse-direction.md") == ""
