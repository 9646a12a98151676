"""A second programme, evaluated with its own configuration and data and no change to the code.

examples/programme-fictif is a small invented programme beside CAAC: other themes, axes,
status bands and rating scale.
"""

import csv
import re

import lxml.html
import pytest

from tests.conftest import EPOCH, ROOT, assert_same_outputs, copy_example
from toolkit.cli.main import main

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "examples" / "programme-fictif"
NBSP = "\u00a0"
# The pages set French no-break spaces; the expectations below are typed with ordinary ones.
SPACES = str.maketrans({NBSP: " ", "\u202f": " "})


def build_example(out, *options: str) -> int:
    """The real build of the example, its date fixed as a reproducible build fixes it. Raw data and
    texts come from what the configuration names; only the outputs are redirected."""
    arguments = ["--config", str(EXAMPLE / "programme.toml"), "--clean", str(out / "clean")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return main(["build", *arguments, "--reports", str(out / "reports"), "--jobs", "2", *options])


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    return out, build_example(out)


def test_a_jupyter_kernel_builds_the_same_bytes_as_the_forked_pages(example_build, tmp_path):
    """The build runs the cells in forked processes (the default engine); this one in Jupyter
    kernels, as JupyterLab does: byte-identical clean data and pages. The example is the programme
    compared: its pages hold every kind of block (figures, tables, quotations, a survey's scale)
    in a third of the time CAAC's would take."""
    assert build_example(tmp_path, "--engine", "kernel") == example_build[1]
    assert_same_outputs(example_build[0], tmp_path)


def test_the_second_programme_builds_clean(example_build):
    out, code = example_build
    # 1: its survey's answers hold four faulty submissions on purpose, for the data-quality page.
    assert code == 1
    findings = (out / "clean" / "findings.csv").read_text(encoding="utf-8")
    errors = [line for line in findings.splitlines() if ",error," in line]
    assert len(errors) == 4 and all(line.startswith("surveys/usagers-reponses.csv,") for line in errors)
    # Its texts are numbered and referenced as the check expects: no finding on them.
    assert "narrative." not in findings
    pages = sorted(p.relative_to(out / "reports").as_posix() for p in (out / "reports").rglob("*.html"))
    assert pages == [
        "annexes.html",
        "data-quality.html",
        "documents/entretien-01.html",
        "documents/entretien-02.html",
        "documents/entretien-03.html",
        "documents/ets-rapport-final.html",
        "documents/groupe-01.html",
        "index.html",
        "operations/latrines-thies.html",
        "operations/puits-kayes.html",
    ]


def test_its_reports_speak_of_it_and_not_of_caac(example_build):
    reports = example_build[0] / "reports"
    index = (reports / "index.html").read_text(encoding="utf-8").translate(SPACES)
    assert "Eau, toilettes et santé — rapport d'évaluation (données fictives)" in index
    assert "Texte fictif de l'évaluatrice" in index  # its narrative folder, named by its configuration
    annexes = (reports / "annexes.html").read_text(encoding="utf-8")
    assert "ont-ils un accès durable aux ouvrages" in annexes  # its own matrix
    assert "2 projets dans 2 pays" in index  # what it calls its operations
    page = (reports / "operations" / "puits-kayes.html").read_text(encoding="utf-8").translate(SPACES)
    assert "Projet de la phase 1 · porteur : Association Puits du Sahel" in page
    for page in reports.rglob("*.html"):
        # The figures' base64 data may spell anything ("CAAC" among others): only the text counts.
        text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page.read_text(encoding="utf-8"))
        for caac in ("CAAC", "CFSI", "Coopérer Autrement", "capitalisation", "pilote"):
            assert caac not in text, f"{caac!r} in {page.name}"


def test_its_own_bands_and_scale_are_applied(example_build):
    clean = example_build[0] / "clean"
    achievement = (clean / "achievement.csv").read_text(encoding="utf-8")
    # 91.7 % of the target: reached under this programme's 90 % band (CAAC's would say partial).
    assert "puits-kayes,kayes-points-eau,,2020-09,2021-08,2,14,,13,91.7,,Atteint," in achievement
    page = (example_build[0] / "reports" / "operations" / "puits-kayes.html").read_text(encoding="utf-8")
    assert "Moyen (B), confiance forte" in page  # its three-level rating scale, its confidence levels


def test_the_worked_example_reads_as_a_finished_report(example_build):
    """Every slot written and every criterion rated: what a finished evaluation looks like."""
    reports = example_build[0] / "reports"
    index = (reports / "index.html").read_text(encoding="utf-8").replace("&#x27;", "'").translate(SPACES)
    assert "À rédiger par l'évaluateur" not in index and "Appréciations à venir" not in index
    # The rating overview as a figure, its message computed from raw/ratings.csv: 18 ratings,
    # 6 A, 7 B, 2 C, 3 NE; durability is rated lowest (C for Puits du Sahel and the programme).
    alt = re.search(r'alt="[^"]*?(Grille des appréciations[^"]+)"', index).group(1)
    assert "Sur 18 appréciations : 6 « Bon », 7 « Moyen », 2 « Faible », 3 « Non évaluable »." in alt
    assert "Le critère le moins bien apprécié est durabilité (note la plus basse : Puits du Sahel, Programme)." in alt
    # Conclusions and recommendations tied to findings, and the programme's answer to them.
    # Numbered, each with its anchor; a recommendation's addressee, priority and deadline, and the
    # conclusions it follows from linked to them; the management's answer under each number.
    assert '<h3 id="c2">C2 — L\'entretien repose sur des comités sans ressources propres</h3>' in index
    assert '<h3 id="r1">R1 — Financer une année d\'accompagnement des comités</h3>' in index
    assert "<li>Destinataire : direction du programme</li>" in index
    assert "<li>Priorité : haute</li>" in index and "<li>Échéance : avant la fin de la phase suivante</li>" in index
    assert '<li>Découle de : <a href="#c1">C1</a>, <a href="#c2">C2</a></li>' in index
    assert '<li>Repose sur : <a href="#q-efficacite-1">Q1</a></li>' in index
    assert '<h3><a href="#r1">R1</a> — Acceptée</h3>' in index
    assert (
        "Appréciation du programme (Durabilité) : Faible (C), confiance forte — Comités sans ressources propres (C2)."
        in index
    )
    page = (
        (reports / "operations" / "puits-kayes.html")
        .read_text(encoding="utf-8")
        .replace("&#x27;", "'")
        .translate(SPACES)
    )
    assert "À rédiger par l'évaluateur" not in page and "Faible (C), confiance forte" in page


def test_its_survey_answers_the_questions_it_is_tied_to_and_each_project_page_shows_its_own(example_build):
    """Section 5 shows the survey tied to a question with its n and its scale drawn; an operation page
    its own submissions, a question under ten answers in counts; the data-quality page the faulty rows."""
    reports = example_build[0] / "reports"
    index = lxml.html.parse(str(reports / "index.html")).getroot()
    question = index.xpath('//section[h4[@id="q-durabilite-1"]]')[0]
    text = _words(question).translate(SPACES)
    assert "Ce que disent les enquêtes" in text
    assert (
        "Enquête : Enquête auprès des usagers des ouvrages, novembre 2021 – décembre 2021, n = 35 soumissions." in text
    )
    assert "Votre ménage cotise-t-il à la caisse d'entretien ? — n = 35 : Oui : 14 (40 %) ; Non : 21 (60 %)" in text
    assert (
        "Montant de la cotisation mensuelle (FCFA) — n = 14 (21 soumissions sans réponse à cette question, non posée ou laissée vide : non comptées)"
        in text
    )
    [alt] = [img.get("alt") for img in question.xpath(".//figure//img")]
    assert alt.translate(SPACES).startswith("25 % des réponses dans le haut de l'échelle")
    assert "(n = 32)" in alt  # the 3 « ne sait pas » are off the scale
    assert "1 enquête (3 questions)" in text
    page = lxml.html.parse(str(reports / "operations" / "latrines-thies.html")).getroot()
    surveyed = _words(page.xpath('//h3[@id="enquetes"]/..')[0]).translate(SPACES)
    assert "n = 14 soumissions" in surveyed
    assert (
        "Êtes-vous satisfait du service rendu par l'ouvrage ? — n = 4 : trop peu de réponses pour des parts" in surveyed
    )
    assert "commentaire" not in surveyed.lower() and "La pompe" not in surveyed  # free text is never shown
    quality = (reports / "data-quality.html").read_text(encoding="utf-8")
    assert "survey.window" in quality
    # Its quarantine named by the file to fix, each row by its submission's identifier.
    assert "Lignes en quarantaine : surveys/usagers-reponses.csv" in quality.translate(SPACES)
    assert "392f3d36-0f4a-4b32-bb3a-4ea483b0d194" in quality


def test_its_interview_notes_are_cited_by_role_and_place_and_never_name_anyone(example_build):
    """Three interviews and a focus group (raw/documents/entretien-*.txt, groupe-01.txt): quoted in
    section 5 by their citation, shown by their cited lines only, and the names each note withholds
    (documents.csv withheld_names) in no page, no clean table and no finding."""
    out = example_build[0]
    reports = out / "reports"
    html = (reports / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="constats">') : html.index('<h2 id="appreciation">')]
    findings = " ".join(lxml.html.fromstring(section).text_content().translate(SPACES).split())
    assert "Entretien 1 — président de comité de l'eau, Kayes, Mali, janvier 2022, l. 9" in findings
    assert "Entretien 3 — directrice d'école, Thiès, Sénégal, décembre 2021" in findings
    # The key facts say the notes apart from the programme's one document, which is no evaluation.
    facts = _words(lxml.html.fromstring(html).xpath('//*[contains(@class, "ev-key-facts")]')[0]).translate(SPACES)
    assert "Le seul document source n'est pas une évaluation (rapport de suivi : 1)" in facts
    assert "Les 4 notes de terrain de l'évaluateur (entretien : 3, groupe de discussion : 1)" in facts
    # The method counts the programme's one document, then the notes and the survey with what it set aside.
    method = _words(lxml.html.fromstring(html).xpath('//p[strong[starts-with(., "Sources.")]]')[0])
    assert "L'évaluation s'appuie sur 1 document du programme, listé en annexe." in method.translate(SPACES)
    assert "S'y ajoutent 4 notes de l'évaluateur" in method and "4 soumissions sont écartées" in method
    # The matrix names each method with how much of it there is: notes, data and the survey.
    annexes = lxml.html.parse(str(reports / "annexes.html")).getroot()
    [q1] = annexes.xpath('//tr[@id="q-efficacite-1"]')
    assert _words(q1.xpath("td")[1]).translate(SPACES) == (
        "analyse documentaire (2 passages) ; entretiens (3 passages) ; groupes de discussion (1 passage) ; "
        "données transcrites des documents (2 indicateurs) ; 1 enquête (3 questions)"
    )
    names = []
    with (EXAMPLE / "raw" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            names += [name.strip() for name in row["withheld_names"].split(";") if name.strip()]
    assert len(names) == 8
    outputs = [
        *reports.rglob("*.html"),
        *reports.rglob("*.ipynb"),
        *reports.rglob("*.csv"),
        *(out / "clean").rglob("*"),
    ]
    for path in outputs:
        if path.is_file():
            text = path.read_text(encoding="utf-8").casefold()
            for name in names:
                assert name.casefold() not in text, f"a withheld name in {path.name}"
    assert "withheld_names" not in (out / "clean" / "documents.csv").read_text(encoding="utf-8")
    # The note's page: its cited lines (9, 21), each gap said, never line 3 (the informant's name).
    page = lxml.html.parse(str(reports / "documents" / "entretien-01.html")).getroot()
    shown = [line.get("id") for line in page.xpath("//div[contains(@class, 'ev-line')]")]
    assert shown == ["l9", "l21"]
    assert "Entretien 1 — président de comité de l'eau" in page.xpath("string(//h1)")


def test_a_programme_with_no_operation_yet_still_gets_its_report(tmp_path):
    """Before any operation is entered (or with every one quarantined), the programme's pages are
    built and say so, instead of the index failing on an empty table."""
    paths = copy_example(tmp_path / "programme")
    tables = ("operations", "participants", "people", "members", "observations", "evidence", "ratings", "sdgs")
    for table in (*tables, "surveys"):
        file = paths.raw / f"{table}.csv"
        file.write_text(file.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    arguments = ["--raw", paths.raw, "--clean", paths.clean, "--reports", paths.reports]
    arguments += ["--narrative", paths.narrative, "--config", paths.config, "--jobs", "2"]
    assert main(["build", *map(str, arguments)]) == 0  # warnings only: tables with a header and no rows
    pages = sorted(p.relative_to(paths.reports).as_posix() for p in paths.reports.rglob("*.html"))
    notes = [f"documents/entretien-0{n}.html" for n in (1, 2, 3)] + ["documents/groupe-01.html"]
    # A note cited nowhere still has its page (its gaps said): nothing of it is shown.
    assert pages == sorted(
        ["annexes.html", "data-quality.html", "documents/ets-rapport-final.html", "index.html", *notes]
    )
    index = lxml.html.parse(str(paths.reports / "index.html")).getroot()
    fiche = {_words(dt): _words(dt.getnext()) for dt in index.xpath("//dl/dt")}
    assert fiche["Opérations évaluées"] == "aucune dans les données propres"
    assert fiche["Budget des opérations"] == "non renseigné"
    said = "Aucune opération dans les données propres : la figure n'a rien à montrer."
    assert [_words(p) for p in index.xpath("//p") if _words(p) == said] == [said] * 3  # budgets, persons, countries


def _words(element) -> str:
    return " ".join(element.text_content().split())


def test_a_note_s_words_are_said_by_the_person_met_not_by_the_operation(example_build):
    """Section 5 gives a note's quotation the citation of the person met first, the operation after,
    under a heading that says whose words they are."""
    index = lxml.html.parse(str(example_build[0] / "reports" / "index.html")).getroot()
    question = _words(index.xpath('//section[h4[@id="q-efficacite-1"]]')[0]).translate(SPACES)
    assert "Ce que disent les personnes rencontrées" in question
    assert (
        "» — Entretien 1 — président de comité de l'eau, Kayes, Mali, janvier 2022, l. 9 (Puits du Sahel)" in question
    )


def test_the_project_page_shows_every_target_and_counts_them_by_the_tables_status(example_build):
    """observations.csv rows 2-5: a first-year target (8, actual 7: 83,3 %) and a second (14, actual 13:
    91,7 %, reached under the 90 % band). The page shows both, as the index counts both, and its chart
    counts the reached ones as the table does, against the programme's band."""
    page = (
        (example_build[0] / "reports" / "operations" / "puits-kayes.html")
        .read_text(encoding="utf-8")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .translate(SPACES)
    )
    assert "8 points d'eau (septembre 2019 – août 2020)" in page and "83,3 %" in page
    assert "14 points d'eau (septembre 2020 – août 2021)" in page and "91,7 %" in page
    assert "Cibles au statut « Atteint » : 1 sur 3" in page and "ligne verticale à 90 %" in page
    assert "0 sur 2" not in page


def test_the_survey_is_listed_among_the_sources_where_its_figures_lead(example_build):
    """Annex G lists the survey with its period, files and submissions kept and set aside; the source
    links of its figures, in section 5 and on the operation pages, lead to that row."""
    reports = example_build[0] / "reports"
    annexes = lxml.html.parse(str(reports / "annexes.html")).getroot()
    [row] = annexes.xpath('//tr[@id="enquete-usagers-2021"]')
    cells = [_words(cell).translate(SPACES) for cell in row.xpath("th|td")]
    assert cells == [
        "Enquête auprès des usagers des ouvrages",
        "novembre 2021 – décembre 2021",
        "usagers-questionnaire.xlsx ; usagers-reponses.csv",
        "35",
        "4",
        "Q1, Q2",
    ]
    assert 'href="annexes.html#enquete-usagers-2021"' in (reports / "index.html").read_text(encoding="utf-8")
    page = (reports / "operations" / "puits-kayes.html").read_text(encoding="utf-8")
    assert 'href="../annexes.html#enquete-usagers-2021"' in page
