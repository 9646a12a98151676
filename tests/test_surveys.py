"""The surveys checked (a Great Expectations suite made from the form) and cleaned (clean/surveys.py), and
bad survey input through the real clean command on a copy of the example programme."""

import pandas as pd
import pytest

from tests.conftest import copy_example, edit_raw, rewrite
from tests.survey_forms import answer, write_answers, write_form
from toolkit.check.surveys import Window, check_answers, submission_day
from toolkit.cli.main import main
from toolkit.ingest.survey_answers import read_answers
from toolkit.ingest.xlsform import read_form

WINDOW = Window("2021-11", "2021-12")
OPERATIONS = ["puits-kayes", "latrines-thies"]


def _checked(tmp_path, rows):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    answers = read_answers(write_answers(tmp_path / "a.csv", rows), form, "survey-t", "surveys/a.csv")
    return check_answers(answers, form, WINDOW, "projet", OPERATIONS)


def test_answers_that_follow_their_form_pass_every_expectation(tmp_path):
    rows = [
        answer("u1"),
        answer("u2", utilise="non", satisfaction="", services="", distance=""),  # not asked: not required
        answer("u3", satisfaction="nsp", montant="", distance=""),  # distance's condition cannot be evaluated
        answer("u4", projet="latrines-thies", sent="2021-12-31T23:59:00"),
    ]
    assert _checked(tmp_path, rows) == []


def test_each_broken_rule_is_a_finding_on_its_row_column_and_value(tmp_path):
    rows = [
        answer("u1", satisfaction="6"),  # row 2: outside its list
        answer("u2", services="boisson piscine"),  # row 3: one choice of the multiple answer is not in the list
        answer("u3", satisfaction=""),  # row 4: required, asked (utilise = oui), missing
        answer("u4", montant="500 F"),  # row 5: not an integer
        answer("u5", distance="loin"),  # row 6: not a decimal
        answer("u1"),  # row 7: the submission of row 2 again
        answer("u7", sent="2022-01-15T10:00:00"),  # row 8: filled in after the collection closed
        answer("u8", projet="ailleurs"),  # row 9: not an operation (nor a choice)
        answer("u9", sent="le 3 mars"),  # row 10: a date that cannot be read
    ]
    found = {(f.row, f.column, f.value, f.rule) for f in _checked(tmp_path, rows)}
    assert found == {
        (2, "usage/satisfaction", "6", "survey.choice"),
        (3, "usage/services", "boisson piscine", "survey.choice"),
        (4, "usage/satisfaction", "", "survey.required"),
        (5, "montant", "500 F", "survey.number"),
        (6, "distance", "loin", "survey.number"),
        (7, "_uuid", "u1", "key.unique"),
        (8, "today", "2022-01-15", "survey.window"),
        (9, "projet", "ailleurs", "survey.choice"),
        (9, "projet", "ailleurs", "reference"),
        (10, "today", "le 3 mars", "survey.window"),
    }
    messages = {f.rule: f.message for f in _checked(tmp_path, rows)}
    assert messages["key.unique"].endswith("(même clé qu'à la ligne 2)")
    assert "(1 novembre 2021 – 31 décembre 2021)" in messages["survey.window"]


def test_a_submission_is_dated_from_iso_or_french_timestamps():
    assert str(submission_day("2021-11-10T09:00:00.120+01:00")) == "2021-11-10"
    assert str(submission_day("10/11/2021 09:00")) == "2021-11-10"
    assert submission_day("31/02/2021") is None and submission_day("hier") is None


@pytest.fixture
def example(tmp_path):
    return copy_example(tmp_path / "programme")


def _clean(paths) -> int:
    arguments = ["clean", "--config", paths.config, "--raw", paths.raw, "--clean", paths.clean]
    return main([str(argument) for argument in arguments])


def test_the_example_survey_is_cleaned_long_with_every_submission_accounted_for(example, capsys):
    assert _clean(example) == 1  # the example's survey holds four faulty submissions on purpose
    out = capsys.readouterr().out
    assert "surveys/usagers-reponses.csv : 39 lignes = 35 propres + 4 en quarantaine" in out
    quarantine = pd.read_csv(example.clean / "quarantine" / "survey-usagers-2021.csv", dtype=str)
    assert list(quarantine["raw_row"]) == ["6", "11", "15", "23"]
    assert quarantine["reasons"].str.startswith("[").all()
    answers = pd.read_csv(example.clean / "survey_answers.csv", dtype=str)
    assert set(answers["field"]) == {"projet", "utilise", "satisfaction", "services", "cotise", "montant", "comite"}
    assert answers["submission"].nunique() == 35  # free text (commentaire) is never copied
    accounting = pd.read_csv(example.clean / "accounting.csv").set_index("table")
    assert accounting.loc["survey-usagers-2021", ["raw_rows", "clean_rows", "quarantined_rows"]].tolist() == [39, 35, 4]


def test_a_form_and_its_answers_that_disagree_are_findings_both_ways(example, capsys):
    answers = example.raw / "surveys" / "usagers-reponses.csv"
    rewrite(answers, "entretien/comite;", "entretien/comité;")
    rewrite(answers, "2021-11-09;puits-kayes;oui;5;", "2021-11-09;puits-kayes;peut-être;5;")
    assert _clean(example) == 1
    out = capsys.readouterr().out
    assert (
        "avertissement : surveys/usagers-reponses.csv, colonne « entretien/comité », valeur « entretien/comité » "
        "[survey.column_unknown] : la colonne « entretien/comité » n'est pas une question du questionnaire : "
        "elle est ignorée"
    ) in out
    assert "surveys/usagers-reponses.csv, colonne « comite » [survey.column_missing]" in out
    assert (
        "erreur : surveys/usagers-reponses.csv, ligne 2, colonne « usage/utilise », valeur « peut-être » "
        "[survey.choice] : la réponse n'est pas un choix de la liste « oui_non » du questionnaire : "
        "écrire l'un de oui, non"
    ) in out
    assert "surveys/usagers-reponses.csv : 39 lignes = 34 propres + 5 en quarantaine" in out


def test_a_tied_field_the_form_lacks_and_a_survey_row_that_contradicts_the_first_are_quarantined(example, capsys):
    rewrite(example.raw / "surveys.csv", ";projet;comite;q-durabilite-1", ";projet;comité;q-durabilite-1")
    rewrite(example.raw / "surveys.csv", "2021-11;2021-12;;projet;cotise", "2021-10;2021-12;;projet;cotise")
    settings = "usagers-2021;Enquête auprès des usagers des ouvrages;usagers-questionnaire.xlsx;usagers-reponses.csv"
    edit_raw(example.raw, "surveys.csv", None, f"{settings};2021-11;2021-12;;projet;start;q-durabilite-1")
    assert _clean(example) == 1
    out = capsys.readouterr().out
    assert (
        "erreur : surveys.csv, ligne 7, colonne « field », valeur « comité » [survey.field] : « comité » n'est pas "
        "une question du questionnaire « surveys/usagers-questionnaire.xlsx » : écrire le nom (colonne name) d'une "
        "question de sa feuille survey"
    ) in out
    assert "surveys.csv, ligne 8, colonne « field », valeur « start » [survey.field]" in out
    assert "surveys.csv, ligne 5, colonne « opens », valeur « 2021-10 » [survey.settings]" in out
    assert "[survey.settings]" not in out.replace(
        "ligne 5, colonne « opens », valeur « 2021-10 » [survey.settings]", ""
    )
    assert "surveys.csv : 7 lignes = 4 propres + 3 en quarantaine" in out
    assert "surveys/usagers-reponses.csv : 39 lignes = 35 propres + 4 en quarantaine" in out  # the survey still runs
