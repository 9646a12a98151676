"""A programme with ``language = "en"`` gets English pages: the notebooks' headings and sentences,
the template's labels, ``lang``, the footer, and no French typography; anchors stay French so that
links keep working. The markdown cells' translation and the evaluator's templates in English."""

import pytest

from tests.conftest import copy_example, rewrite
from toolkit.build.pipeline import build
from toolkit.build.translate import messages, translated
from toolkit.model.language import using
from toolkit.report.evaluator_files import template_text
from toolkit.report.narrative import OPERATION_SLOT, SLOTS, placeholder


def test_a_markdown_cell_is_cut_into_its_headings_and_paragraphs():
    cell = '# Qualité des données\n\nCe que les rapports ont lu.\n\n<h2 id="matrice">A. Matrice d\'évaluation</h2>'
    assert list(messages(cell)) == ["Qualité des données", "Ce que les rapports ont lu.", "A. Matrice d'évaluation"]
    assert translated(cell) == cell  # French: the cell as written
    with using("en"):
        english = translated(cell)
    assert '<h2 id="matrice">A. Evaluation matrix</h2>' in english
    # A markdown heading keeps the anchor nbconvert makes of its French text.
    assert english.startswith('<h1 id="Qualit%C3%A9-des-donn%C3%A9es">Data quality<a class="anchor-link"')
    assert "\n\nCe que les rapports ont lu.\n\n" in english  # not in the catalogue: left in French


def test_the_evaluator_templates_and_placeholders_are_in_the_active_language(tmp_path):
    with using("en"):
        text = template_text(SLOTS[0])
        operation = template_text(OPERATION_SLOT, "puits-kayes")
        missing = placeholder("the summary", tmp_path / "synthese.md")
    assert text.startswith("<!-- 1. Summary\n\nTo write here: the summary of the evaluation (purpose, method")
    assert "This comment does not appear in the report. -->" in text
    assert operation.startswith("<!-- Assessment and lessons learned — puits-kayes")
    assert "<strong>To be written by the evaluator</strong>: the summary (file synthese.md)." in missing
    assert template_text(SLOTS[0]).startswith("<!-- 1. Synthèse\n\nÀ écrire ici : la synthèse")


@pytest.fixture(scope="module")
def english_reports(tmp_path_factory):
    paths = copy_example(tmp_path_factory.mktemp("english") / "programme")
    rewrite(paths.config, 'language = "fr"', 'language = "en"')
    result = build(paths, echo=lambda _line: None)
    assert not result.failures
    return paths.reports


def test_an_english_programme_gets_english_pages(english_reports):
    index = (english_reports / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert '<h2 id="sommaire">Contents</h2>' in index and '<h2 id="fiche">0. Key facts</h2>' in index
    assert '<a href="#fiche">Key facts</a>' in index  # the table of contents' links keep their anchors
    assert ">Skip to content</a>" in index and 'aria-label="Breadcrumb"' in index
    assert "Evaluation toolkit " in index and " · generated on " in index and "Boîte à outils" not in index
    assert "Sommaire" not in index and "\u202f;" not in index  # no French no-break space before ";"
    annexes = (english_reports / "annexes.html").read_text(encoding="utf-8")
    assert '<h2 id="matrice">A. Evaluation matrix</h2>' in annexes
    assert ">Annexes to the evaluation report<" in annexes and "Programme evaluation report</a>" in annexes
    quality = (english_reports / "data-quality.html").read_text(encoding="utf-8")
    assert ">Data quality<" in quality and "Row accounting: raw rows = clean rows + quarantined rows" in quality
    assert "← Back to the programme report" in quality
    # The evaluator's notes are cited in the pages' language: kind and date translated, role and place as typed.
    assert "Interview 1 — président de comité de l&#x27;eau, Kayes, Mali, January 2022" in index.replace("'", "&#x27;")
    note = (english_reports / "documents" / "groupe-01.html").read_text(encoding="utf-8")
    assert "Focus group 1 — femmes usagères du puits, Kayes, Mali, January 2022" in note
    operation = next((english_reports / "operations").glob("*.html")).read_text(encoding="utf-8")
    assert '<h2 id="Fiche-d\'identit%C3%A9">Identity card<a class="anchor-link"' in operation
