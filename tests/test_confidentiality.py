"""The names a note declares confidential: found by the clean stage in what the pages would show,
masked in its findings, and kept out of every published page by the build's last check."""

from pathlib import Path

import pytest

from toolkit.build.outcomes import WITHHELD, mark_withheld, withhold_pages
from toolkit.check.confidentiality import (
    Declared,
    NameFinder,
    check_names,
    masked,
    read_declared,
    visible_text,
)
from toolkit.ingest.readers import read_raw
from toolkit.model import rules, schema

DOCUMENTS = (
    "document;title;short_title;author;author_short;date;kind;lines;description;confidential;place;role;withheld_names\n"
    "rapport.txt;Rapport;;Réseau;;2021;article;;;;;;\n"
    'e1.txt;Entretien;;Évaluatrice;;2022-01;entretien;;;;Kayes, Mali;président de comité;"Mamadou Keïta; Awa Diarra"\n'
    "e2.txt;Entretien avec Bakary Traoré;;Évaluatrice;;2022-01;entretien;;;;Kayes, Mali;maire adjoint;Bakary Traoré\n"
)
NOTE = [
    "Personne rencontrée : Mamadou Keïta, président du comité.",  # 1: never cited
    "Le puits donne de l'eau toute l'année.",  # 2: cited
    "La trésorière, AWA DIARRA, tient la caisse.",  # 3: cited, the name in capitals
    "Les Keïtani du village voisin ne sont pas venus.",  # 4: cited, a longer word is not the name
]
EVIDENCE = (
    "operation_id;question_id;source;excerpt\n"
    "puits;q-1;e1.txt l. 2-4;Le puits donne de l'eau toute l'année.\n"
    "puits;q-1;rapport.txt l. 1;selon mamadou keita, le puits marche\n"
)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents.csv").write_text(DOCUMENTS, encoding="utf-8")
    (folder / "evidence.csv").write_text(EVIDENCE, encoding="utf-8")
    (folder / "documents" / "e1.txt").write_text("\n".join(NOTE) + "\n", encoding="utf-8")
    (folder / "documents" / "e2.txt").write_text("Notes.\n", encoding="utf-8")
    (folder / "documents" / "rapport.txt").write_text("Un rapport public.\n", encoding="utf-8")
    narrative = tmp_path / "narrative" / "operations"
    narrative.mkdir(parents=True)
    (narrative / "puits.md").write_text("Texte.\n\nLe maire adjoint, M. Bakary  Traore, l'a dit.\n", encoding="utf-8")
    return folder


def _findings(raw: Path):
    raws = [read_raw(raw, schema.DOCUMENTS), read_raw(raw, schema.EVIDENCE)]
    return check_names(raws, raw, raw.parent / "narrative")


def test_a_declared_name_found_anywhere_a_page_would_show_it_is_an_error_that_never_prints_it(raw):
    found = _findings(raw)
    assert {(f.rule, f.severity) for f in found} == {(rules.CONFIDENTIAL_NAME.id, "error")}
    places = sorted((f.file, f.row, f.column, f.value) for f in found)
    assert places == [
        # documents.csv's own title names a declared name (column title, row 4)
        ("documents.csv", 4, "title", "B… (12 lettres)"),
        # the note's cited line 3, the name in capitals; its line 1 names one too but is never shown
        ("documents/e1.txt", 3, "", "A… (9 lettres)"),
        # an excerpt, without accents or capitals
        ("evidence.csv", 3, "excerpt", "M… (12 lettres)"),
        # the evaluator's narrative, accents dropped and two spaces inside the name
        ("narrative/operations/puits.md", 3, "", "B… (12 lettres)"),
    ]
    messages = " ".join(f.message + f.value for f in found)
    for name in ("Keïta", "Keita", "Diarra", "Traoré", "Traore", "Mamadou", "Bakary", "Awa"):
        assert name.lower() not in messages.lower()
    (excerpt,) = [f for f in found if f.file == "evidence.csv"]
    assert "la note « Entretien 1 » déclare confidentiel (documents.csv, ligne 3)" in excerpt.message
    (narrative,) = [f for f in found if f.file.startswith("narrative")]
    assert "la note « Entretien 2 » déclare" in narrative.message


def test_nothing_declared_nothing_looked_for(raw):
    text = (raw / "documents.csv").read_text(encoding="utf-8")
    (raw / "documents.csv").write_text(
        text.replace('"Mamadou Keïta; Awa Diarra"', "").replace("Bakary Traoré", ""), encoding="utf-8"
    )
    assert _findings(raw) == []
    assert read_declared(raw) == []


def test_a_name_is_found_as_a_whole_word_whatever_its_case_and_accents():
    finder = NameFinder([Declared("Ndèye Faye", "Entretien 3", 5), Declared("Diop", "Entretien 3", 5)])
    assert [d.name for d in finder.find("selon NDEYE  faye, directrice")] == ["Ndèye Faye"]
    assert [d.name for d in finder.find("M. Diop’s school; diop.")] == ["Diop"]
    assert finder.find("Diops, Fayeville, ndeyefaye") == []
    assert not NameFinder([Declared(" ", "Entretien 1", 2)])
    assert masked("Ndèye Faye") == "N… (9 lettres)" and masked("Li") == "L… (2 lettres)"


def test_a_page_shows_what_a_reader_sees_not_its_markup_scripts_or_styles():
    html = (
        '<html><head><title>Titre</title><style>.keita{}</style></head><body><script>var x="Keïta"</script>'
        '<p title="Awa">un <b>paragraphe</b> &amp; plus</p><img alt="figure de Keïta" src="data:image/png;base64,S2V">'
        '<a href="keita.html">lien</a></body></html>'
    )
    text = visible_text(html)
    assert "Titre" in text and "paragraphe" in text and "& plus" in text and "Awa" in text
    assert "figure de Keïta" in text  # an alternative text is shown
    assert "var x" not in text and ".keita" not in text and "keita.html" not in text


def test_a_page_about_to_be_published_that_shows_a_declared_name_is_replaced_and_reported(tmp_path):
    reports, stage = tmp_path / "reports", tmp_path / "reports" / ".building"
    (stage / "operations").mkdir(parents=True)
    (stage / "index.html").write_text("<p>Selon Mamadou KEITA, le puits marche.</p>", encoding="utf-8")
    (stage / "operations" / "a.html").write_text('<p>Rien.</p><a href="keita.html">l</a>', encoding="utf-8")
    # A page kept from the last build is read too: the names may have been declared since.
    (reports / "documents").mkdir(parents=True)
    (reports / "documents" / "e1.html").write_text("<h1>Entretien avec Awa Diarra</h1>", encoding="utf-8")
    declared = [Declared("Mamadou Keïta", "Entretien 1", 3), Declared("Awa Diarra", "Entretien 1", 3)]
    withheld = withhold_pages(stage, reports, {"documents/e1.html", "index.ipynb"}, declared, "pied")
    assert [(page.page, page.notes) for page in withheld] == [
        ("documents/e1.html", ("Entretien 1",)),
        ("index.html", ("Entretien 1",)),
    ]
    for name in ("documents/e1.html", "index.html"):
        page = (stage / name).read_text(encoding="utf-8")
        assert "Cette page n'est pas publiée" in page.replace("\u202f", " ").replace("&#x27;", "'")
        assert "keita" not in page.lower() and "diarra" not in page.lower()
    assert (stage / "operations" / "a.html").read_text(encoding="utf-8").startswith("<p>Rien.")
    assert "Entretien 1" in withheld[1].line and "index.html" in withheld[1].line
    assert "Keïta" not in withheld[1].line
    rows = mark_withheld([{"page": "index.html", "status": "ok", "run": "executed"}], withheld)
    assert [(row["page"], row["status"]) for row in rows] == [("index.html", WITHHELD), ("documents/e1.html", WITHHELD)]
    assert withhold_pages(stage, reports, set(), [], "pied") == []  # nothing declared: nothing read


def test_the_build_counts_a_withheld_page_as_a_data_error_and_says_it_with_the_findings(raw, tmp_path):
    from toolkit.build.pipeline import BuildResult, _withhold
    from toolkit.model.paths import BuildPaths

    paths = BuildPaths(raw=raw, reports=tmp_path / "reports", narrative=tmp_path / "narrative")
    stage = paths.reports / ".building"
    stage.mkdir(parents=True)
    (stage / "index.html").write_text("<p>Bakary Traoré</p>", encoding="utf-8")
    (stage / "index.ipynb").write_text("{}", encoding="utf-8")  # its notebook holds the same outputs
    result = BuildResult(error_count=2, findings=["erreur : evidence.csv …"])
    (page,) = _withhold(paths, stage, set(), "pied", result)
    assert page.page == "index.html" and result.error_count == 3
    assert result.findings[0] == page.line and not (stage / "index.ipynb").exists()


def test_a_quotation_of_a_note_that_cites_more_lines_than_it_covers_is_a_warning_naming_the_lines_to_cite(raw):
    """The note's page publishes every cited line: l. 2-4 for a quotation of line 2 alone would show
    lines 3 and 4, which nobody quotes. The public report's reference is not the check's business."""
    from toolkit.check.confidentiality import wide_citations

    raws = [read_raw(raw, schema.DOCUMENTS), read_raw(raw, schema.EVIDENCE)]
    [found] = wide_citations(raws, raw)
    assert (found.file, found.row, found.column, found.value) == ("evidence.csv", 2, "source", "e1.txt l. 2-4")
    assert (found.rule, found.severity) == (rules.QUOTE_CONFIDENTIAL_RANGE.id, "warning")
    assert "cite les lignes 2 à 4 du document confidentiel « e1.txt »" in found.message
    assert "ne se lit qu'à la ligne 2" in found.message and "écrire « e1.txt l. 2 »" in found.message
    evidence = raw / "evidence.csv"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("l. 2-4", "l. 2"), encoding="utf-8")
    assert wide_citations([read_raw(raw, schema.DOCUMENTS), read_raw(raw, schema.EVIDENCE)], raw) == []


def test_the_lines_a_quotation_covers_are_found_across_line_breaks_and_cuts():
    from toolkit.check.quotations import quoted_lines

    lines = ["Premier point.", "Le puits donne", "de l'eau toute l'année.", "Fin."]
    assert quoted_lines("Le puits donne de l'eau", lines) == {1, 2}
    assert quoted_lines("Premier […] Fin.", lines) == {0, 3}
    assert quoted_lines("absent", lines) is None
