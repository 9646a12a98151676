"""The XLSForm reader: questions with their group paths, French labels, requirements and scales."""

from openpyxl import Workbook

from tests.survey_forms import CHOICES, SURVEY, write_form
from toolkit.ingest.xlsform import read_form, relevance


def test_a_form_gives_its_questions_lists_labels_and_group_paths(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    assert form.readable and form.title == "Enquête test"
    assert [q.name for q in form.questions] == [
        "projet",
        "utilise",
        "satisfaction",
        "services",
        "montant",
        "distance",
        "commentaire",
    ]
    assert [f.name for f in form.fields if not f.is_question] == ["start", "today"]  # metadata; the note has no column
    satisfaction = form.field("satisfaction")
    assert satisfaction.label == "Êtes-vous satisfait ?"  # the French label, not the English one
    assert satisfaction.required and satisfaction.relevant == "${utilise} = 'oui'"
    assert satisfaction.paths() == ("satisfaction", "usage/satisfaction", "usage-satisfaction", "usage.satisfaction")
    assert form.field("montant").paths() == ("montant",)  # after end_group, outside it
    assert form.field("services").list_name == "services"


def test_a_list_named_one_to_n_is_a_scale_and_its_other_choices_are_not_steps(tmp_path):
    form = read_form(write_form(tmp_path / "form.xlsx"))
    assert [c.name for c in form.scale(form.field("satisfaction"))] == ["1", "2", "3", "4", "5"]
    assert form.scale(form.field("utilise")) == []
    two = [row for row in CHOICES if row[0] != "echelle"] + [("echelle", "1", "Bas"), ("echelle", "2", "Haut")]
    assert read_form(write_form(tmp_path / "two.xlsx", choices=two)).scale(form.field("satisfaction")) == []


def test_a_form_that_cannot_be_read_is_a_finding_naming_the_form(tmp_path):
    workbook = Workbook()
    workbook.active.title = "questions"
    workbook.save(tmp_path / "wrong.xlsx")
    form = read_form(tmp_path / "wrong.xlsx", "surveys/wrong.xlsx")
    assert not form.readable
    [finding] = form.findings
    assert (finding.file, finding.rule, finding.severity) == ("surveys/wrong.xlsx", "survey.form", "error")
    assert "la feuille survey manque" in finding.message
    assert read_form(tmp_path / "absent.xlsx").findings[0].rule == "survey.form"


def test_a_select_whose_list_is_missing_is_a_finding_on_its_row(tmp_path):
    survey = [*SURVEY, ("select_one inconnue", "autre", "Autre", "", "", "")]
    form = read_form(write_form(tmp_path / "form.xlsx", survey=survey))
    [finding] = form.findings
    assert (finding.row, finding.column, finding.value) == (len(survey), "type", "select_one inconnue")
    assert "la liste « inconnue » n'est pas dans la feuille choices" in finding.message


def test_only_one_comparison_or_selected_is_an_evaluable_relevance():
    assert relevance("${utilise} = 'oui'") == ("utilise", "=", "oui")
    assert relevance("${utilise} != 'non'") == ("utilise", "!=", "non")
    assert relevance("selected(${services}, 'boisson')") == ("services", "selected", "boisson")
    assert relevance("${utilise} = 'oui' and ${montant} > 0") is None


def test_a_form_name_typed_with_decomposed_accents_or_as_a_number_reads_as_its_answers_write_it(tmp_path):
    """NFD ("e" + U+0301) looks like NFC ("é"), and a choice typed as the number 1 is the answer "1"."""
    choices = [*CHOICES, ("echelle", 6, "Tre\u0300s bien")]
    form = read_form(write_form(tmp_path / "form.xlsx", choices=choices))
    assert [(c.name, c.label) for c in form.choices["echelle"]][-1] == ("6", "Très bien")


def test_a_formula_never_calculated_in_a_form_is_an_error_on_its_cell_and_the_form_is_not_used(tmp_path):
    survey = [*SURVEY, ("text", '=CONCAT("re", "marque")', "Remarque", "", "", "")]
    form = read_form(write_form(tmp_path / "form.xlsx", survey=survey), "surveys/form.xlsx")
    [finding] = form.findings
    assert (finding.file, finding.row, finding.column, finding.value, finding.rule) == (
        "surveys/form.xlsx (feuille survey)",
        len(survey),
        "name",
        '=CONCAT("re", "marque")',
        "cell.formula",
    )
    assert not form.readable


def test_a_damaged_form_is_a_finding_in_french_and_one_past_the_size_limit_too(tmp_path):
    import zipfile

    path = write_form(tmp_path / "form.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            archive.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    [finding] = read_form(path).findings
    assert finding.rule == "survey.form"
    assert "form.xlsx ne se lit pas comme un classeur Excel : une de ses feuilles est tronquée" in finding.message
    [finding] = read_form(write_form(tmp_path / "grand.xlsx"), limit_mb=0).findings
    assert "grand.xlsx occuperait" in finding.message and "[ingest] max_workbook_mb" in finding.message


def test_a_form_that_is_a_link_out_of_the_raw_folder_is_refused_unread(tmp_path):
    surveys = tmp_path / "raw" / "surveys"
    surveys.mkdir(parents=True)
    (surveys / "form.xlsx").symlink_to(write_form(tmp_path / "ailleurs.xlsx"))
    [finding] = read_form(surveys / "form.xlsx", "surveys/form.xlsx").findings
    assert (finding.file, finding.rule, finding.severity) == ("surveys/form.xlsx", "file.outside", "error")
    assert "hors du dossier raw" in finding.message
