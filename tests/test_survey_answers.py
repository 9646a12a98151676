"""A survey's answers as KoboToolbox and ODK Central export them, matched to the form column by column."""

from tests.survey_forms import HEADER, answer, write_answers, write_form
from toolkit.ingest.survey_answers import read_answers
from toolkit.ingest.xlsform import read_form


def test_a_kobotoolbox_export_is_matched_by_group_path_with_its_metadata_and_choice_columns_known(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    answers = read_answers(write_answers(tmp_path / "a.csv", [answer("u1"), answer("u2")]), form, "survey-t")
    assert answers.raw.findings == []  # _id, _index, the 0/1 column of each choice: all known
    assert answers.columns["satisfaction"] == "usage/satisfaction" and answers.columns["montant"] == "montant"
    assert (answers.identifier, answers.date) == ("_uuid", "today")  # the form's day, not its sending
    assert list(answers.raw.frame["_row"]) == [2, 3]  # spreadsheet rows, the header being row 1
    assert answers.raw.table.name == "survey-t" and answers.raw.row_count == 2


def test_an_odk_central_export_joins_groups_with_hyphens_and_names_submissions_by_key(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    header = ["SubmissionDate", "projet", "usage-utilise", "usage-satisfaction", "usage-services", "montant"]
    header += ["distance", "commentaire", "meta-instanceID", "KEY"]
    row = ["2021-11-10T09:00:00.000Z", "puits-kayes", "oui", "4", "boisson", "500", "2", "", "uuid:1", "uuid:1"]
    answers = read_answers(write_answers(tmp_path / "odk.csv", [row], header, ","), form, "survey-t")
    assert answers.columns["utilise"] == "usage-utilise"
    assert (answers.identifier, answers.date) == ("KEY", "SubmissionDate")
    assert answers.raw.findings == []


def test_a_column_the_form_does_not_know_and_a_question_without_a_column_are_warnings(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    header = [("usage/satisfait" if name == "usage/satisfaction" else name) for name in HEADER]
    answers = read_answers(write_answers(tmp_path / "a.csv", [answer("u1")], header), form, "survey-t", "surveys/a.csv")
    found = {(f.rule, f.severity, f.column) for f in answers.raw.findings}
    assert found == {
        ("survey.column_unknown", "warning", "usage/satisfait"),
        ("survey.column_missing", "warning", "satisfaction"),
    }
    assert all(f.file == "surveys/a.csv" and f.row is None for f in answers.raw.findings)


def test_an_answers_file_that_cannot_be_read_is_one_error_and_no_row(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    answers = read_answers(tmp_path / "absent.csv", form, "survey-t", "surveys/absent.csv")
    [finding] = answers.raw.findings
    assert (finding.rule, finding.severity, finding.file) == ("survey.answers", "error", "surveys/absent.csv")
    assert answers.raw.row_count == 0


def test_a_form_finished_on_the_device_is_dated_by_its_end_not_by_when_it_was_sent(tmp_path):
    """Collected offline, a form may be sent weeks later: its ``end`` says when the interview was held."""
    form = read_form(write_form(tmp_path / "form.xlsx"))
    header = ["end", *HEADER]
    row = ["2021-11-18T08:29:00.000+00:00", *answer("u1", sent="2022-01-15T10:02:12")]
    answers = read_answers(write_answers(tmp_path / "a.csv", [row], header), form, "survey-t")
    assert answers.date == "end"


def test_a_formula_never_calculated_in_an_xlsx_export_is_an_error_on_its_row(tmp_path):
    from openpyxl import Workbook

    form = read_form(write_form(tmp_path / "form.xlsx"))
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(answer("u1"))
    row = answer("u2")
    row[HEADER.index("montant")] = "=2*250"
    workbook.active.append(row)
    workbook.save(tmp_path / "a.xlsx")
    answers = read_answers(tmp_path / "a.xlsx", form, "survey-t", "surveys/a.xlsx")
    [finding] = answers.raw.findings
    assert (finding.file, finding.row, finding.column, finding.value, finding.rule, finding.severity) == (
        "surveys/a.xlsx",
        3,
        "montant",
        "=2*250",
        "cell.formula",
        "error",
    )
    assert list(answers.raw.frame["montant"]) == ["500", ""]


def test_answers_that_are_a_link_out_of_the_raw_folder_are_refused_unread_and_so_is_a_linked_surveys_folder(
    tmp_path,
):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    write_answers(elsewhere / "a.csv", [answer("u1")])
    raw = tmp_path / "raw"
    (raw / "surveys").mkdir(parents=True)
    (raw / "surveys" / "a.csv").symlink_to(elsewhere / "a.csv")
    answers = read_answers(raw / "surveys" / "a.csv", form, "survey-t", "surveys/a.csv")
    [finding] = answers.raw.findings
    assert (finding.rule, finding.severity, finding.row) == ("file.outside", "error", None)
    assert answers.raw.row_count == 0
    (raw / "surveys" / "a.csv").unlink()
    (raw / "surveys").rmdir()
    (raw / "surveys").symlink_to(elsewhere)
    assert read_answers(raw / "surveys" / "a.csv", form, "survey-t").raw.findings[0].rule == "file.outside"


def test_an_unreadable_answers_file_says_so_without_the_errors_internals(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 pas un classeur")
    [finding] = read_answers(tmp_path / "a.xlsx", form, "survey-t").raw.findings
    assert "a.xlsx ne se lit pas comme un classeur Excel" in finding.message and "file=" not in finding.message
