"""The source documents: their files read and counted, and each rendered as a page of numbered lines."""

import lxml.html
import pandas as pd

from tests.conftest import RAW, edit_raw
from toolkit.check.documents import FILE_FOUND
from toolkit.ingest.documents import DocumentTexts, documents_dir, read_lines, safe_name
from toolkit.model import rules
from toolkit.report.documents import cited_ranges, document_page
from toolkit.results.derive import prepare

CAPITALISATION = "004_7f76860180fe7761.txt"


def test_lines_are_counted_in_each_file_as_a_reader_numbers_them(caac_clean):
    documents = caac_clean.clean("documents").set_index("document")
    # 000 ends without a final line break: its last line still counts (55, as `cat -n` shows).
    assert documents["lines"].to_dict() == {
        "000_54330da43feb5e27.txt": 55,
        "001_62b3f33ff500d6e8.txt": 67,
        "002_7dd0c94f2aa27c9d.txt": 59,
        "003_373f3e170bffc0e1.txt": 616,
        CAPITALISATION: 1806,
    }
    assert documents[FILE_FOUND].all()
    assert read_lines(RAW / "documents" / CAPITALISATION)[559].startswith("La particularité du programme CAAC")


def test_a_missing_file_is_a_warning_and_its_references_are_not_checked_against_it(raw_copy):
    (raw_copy / "documents" / CAPITALISATION).unlink()
    result = prepare(raw_copy)
    found = [f for f in result.findings if f.rule == rules.DOCUMENT_FILE.id]
    assert [(f.file, f.row, f.column, f.value, f.severity) for f in found] == [
        ("documents.csv", 6, "document", CAPITALISATION, "warning")
    ]
    assert "introuvable dans le dossier documents" in found[0].message
    # Nothing is lost: the document stays, its citations too, and no quotation is called wrong.
    assert len(result.clean("documents")) == 5 and len(result.clean("evidence")) == 447
    assert not [f for f in result.findings if f.rule in (rules.QUOTE_LINES.id, rules.SOURCE_LINES.id)]


def test_a_document_that_is_a_link_out_of_its_folder_is_never_read(raw_copy, tmp_path):
    """A symbolic link in data/raw/documents to a file elsewhere on the machine: its text would reach
    the document's page. It is reported and left unread, as a missing file is."""
    elsewhere = tmp_path / "ailleurs.txt"
    elsewhere.write_text("Un secret de la machine.\n", encoding="utf-8")
    (raw_copy / "documents" / CAPITALISATION).unlink()
    (raw_copy / "documents" / CAPITALISATION).symlink_to(elsewhere)
    result = prepare(raw_copy)
    found = [f for f in result.findings if f.rule == rules.FILE_OUTSIDE.id]
    assert [(f.file, f.row, f.column, f.value, f.severity) for f in found] == [
        ("documents.csv", 6, "document", CAPITALISATION, "warning")
    ]
    assert "lien symbolique vers un fichier hors du dossier documents" in found[0].message
    assert not result.clean("documents").set_index("document").at[CAPITALISATION, FILE_FOUND]
    assert CAPITALISATION not in DocumentTexts.load(raw_copy / "documents", [CAPITALISATION]).lines


def test_a_documents_folder_that_is_a_link_out_of_the_raw_folder_is_never_read(raw_copy, tmp_path):
    """The folder itself is the link: every file in it is elsewhere on the machine."""
    import shutil

    elsewhere = tmp_path / "ailleurs"
    shutil.move(raw_copy / "documents", elsewhere)
    (raw_copy / "documents").symlink_to(elsewhere, target_is_directory=True)
    result = prepare(raw_copy)
    found = [f for f in result.findings if f.rule == rules.FILE_OUTSIDE.id]
    assert len(found) == len(result.clean("documents")) == 5
    assert not result.clean("documents")[FILE_FOUND].any()
    assert not DocumentTexts.load(raw_copy / "documents", [CAPITALISATION]).lines


def test_a_typed_count_the_file_contradicts_is_a_warning_and_the_file_wins(raw_copy):
    edit_raw(raw_copy, "documents.csv", ";capitalisation;;", ";capitalisation;1 800;")
    result = prepare(raw_copy)
    (found,) = [f for f in result.findings if f.rule == rules.DOCUMENT_LINES.id]
    assert (found.file, found.row, found.column, found.value) == ("documents.csv", 6, "lines", "1 800")
    assert "compte 1 806 lignes" in found.message.replace("\u202f", " ").replace("\xa0", " ")
    assert result.clean("documents").set_index("document").at[CAPITALISATION, "lines"] == 1806


def test_a_typed_count_serves_a_document_whose_file_is_missing(raw_copy):
    (raw_copy / "documents" / CAPITALISATION).unlink()
    edit_raw(raw_copy, "documents.csv", ";capitalisation;;", ";capitalisation;1806;")
    edit_raw(raw_copy, "evidence.csv", f"{CAPITALISATION} l. 560;", f"{CAPITALISATION} l. 1900;")
    result = prepare(raw_copy)
    assert [(f.row, f.column) for f in result.findings if f.rule == rules.SOURCE_LINES.id] == [(2, "source")]


def test_document_names_never_leave_the_folder(tmp_path):
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    assert not safe_name("../secret.txt") and not safe_name(".hidden") and safe_name(CAPITALISATION)
    assert DocumentTexts.load(tmp_path / "documents", ["../secret.txt"]).lines == {}
    assert documents_dir(tmp_path / "raw.xlsx") == tmp_path / "documents"


def _page(confidential=False, ranges=frozenset({(3, 5), (8, 8)})):
    row = {"document": "notes.txt", "title": "Notes d'entretien", "short_title": "Notes", "author": "Évaluatrice"}
    lines = tuple(f"ligne {n} <b>texte</b>" for n in range(1, 11))
    return lxml.html.fromstring(f"<div>{document_page(row, lines, set(ranges), confidential=confidential)}</div>")


def test_every_line_has_its_number_and_anchor_and_a_range_its_own_on_its_first_line():
    page = _page()
    lines = page.xpath("//div[contains(@class, 'ev-line')]")
    assert [line.get("id") for line in lines] == [f"l{n}" for n in range(1, 11)]
    assert [line.xpath("string(a[@class='ev-ln'])") for line in lines] == [str(n) for n in range(1, 11)]
    assert lines[2].xpath("span[@class='ev-range']/@id") == ["l3-5"]
    # Cited lines are marked; the range's lines carry its class, which the page's own rule highlights.
    assert [line.get("id") for line in lines if "ev-cited" in line.get("class")] == ["l3", "l4", "l5", "l8"]
    assert [line.get("id") for line in lines if "ev-r3-5" in line.get("class")] == ["l3", "l4", "l5"]
    assert "body:has(#l3-5:target) .ev-r3-5" in page.xpath("string(//style)")
    assert lines[0].xpath("string(span[@class='ev-text'])") == "ligne 1 <b>texte</b>"  # shown as text, never run
    assert not page.xpath("//b")


def test_a_confidential_document_shows_only_its_cited_lines_and_says_what_it_leaves_out():
    page = _page(confidential=True)
    assert [line.get("id") for line in page.xpath("//div[contains(@class, 'ev-line')]")] == ["l3", "l4", "l5", "l8"]
    gaps = [gap.text_content() for gap in page.xpath("//p[@class='ev-gap']")]
    assert gaps == [
        "[…] lignes 1 à 2 non publiées (document confidentiel)",
        "[…] lignes 6 à 7 non publiées (document confidentiel)",
        "[…] lignes 9 à 10 non publiées (document confidentiel)",
    ]
    assert "ligne 1 " not in page.text_content() and "Document confidentiel" in page.text_content()


def test_the_cited_ranges_are_gathered_from_every_source_column(caac_clean):
    tables = {name: result.clean for name, result in caac_clean.tables.items()}
    ranges = cited_ranges(tables)
    assert (1309, 1310) in ranges[CAPITALISATION]  # operations.source_shared_issue
    assert (560, 560) in ranges[CAPITALISATION]  # evidence
    assert set(ranges) == set(caac_clean.clean("documents")["document"])
    assert cited_ranges({"evidence": pd.DataFrame({"source": ["rapport, page 4"]})}) == {}


def test_a_confidential_document_is_published_with_its_cited_passages_only(tmp_path, raw_copy):
    """Through the build's own planning and page writer (nbconvert): the notes of an interview the
    data cite at two lines are published as those two lines, never whole."""
    from toolkit.build.document_pages import plan_documents, write_document

    notes = [f"Entretien, ligne {n} : propos de l'informateur {n}." for n in range(1, 41)]
    (raw_copy / "documents" / "entretiens.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    edit_raw(raw_copy, "documents.csv", None, "entretiens.txt;Notes d'entretien;Entretiens;Évaluatrice;;2024;;;;oui")
    edit_raw(
        raw_copy,
        "evidence.csv",
        None,
        "batik-echangeons;q-coherence-3;entretiens.txt l. 12-13;propos de l'informateur 12. […] propos de l'informateur 13.",
    )
    result = prepare(raw_copy)
    assert not [f for f in result.findings if f.file in ("documents.csv", "evidence.csv")]
    tables = {name: table.clean for name, table in result.tables.items()}
    (page,) = [p for p in plan_documents(raw_copy, tables, "code") if p.html == "documents/entretiens.html"]
    assert page.confidential
    write_document(page, tmp_path, "Rapport", "pied de page")
    html = (tmp_path / "documents" / "entretiens.html").read_text(encoding="utf-8")
    assert "informateur 12." in html and "informateur 13." in html
    assert not any(f"informateur {n}." in html for n in (*range(1, 12), *range(14, 41)))
    assert "lignes 1 à 11 non publiées" in html and "lignes 14 à 40 non publiées" in html
    assert 'id="l12-13"' in html


def _notes(tmp_path, rows: str):
    from toolkit.check.documents import notes
    from toolkit.ingest.convert import convert
    from toolkit.ingest.readers import read_raw
    from toolkit.model import schema

    header = "document;title;short_title;author;author_short;date;kind;lines;description;confidential;place;role\n"
    (tmp_path / "documents.csv").write_text(header + rows, encoding="utf-8")
    raw = read_raw(tmp_path, schema.DOCUMENTS)
    return notes(raw, convert(raw)[0])


def test_notes_are_numbered_by_kind_and_confidential_unless_their_row_says_false(tmp_path):
    typed, _findings = _notes(
        tmp_path,
        "a.txt;A;;;;;entretien;;;;Mali;partenaire\n"
        "r.txt;R;;;;;article;;;;;\n"
        "g.txt;G;;;;;groupe de discussion;;;;Thiès;usagères\n"
        "b.txt;B;;;;;entretien;;;non;Mali;partenaire\n"
        "c.txt;C;;;;;entretien;;;oui;Mali;partenaire\n",
    )
    rows = typed.set_index("document")
    assert pd.isna(rows.at["r.txt", "note_number"])
    assert [rows.at[d, "note_number"] for d in ("a.txt", "g.txt", "b.txt", "c.txt")] == [1, 1, 2, 3]
    assert [rows.at[d, "confidential"] for d in ("a.txt", "g.txt", "b.txt", "c.txt")] == [True, True, False, True]
    assert pd.isna(rows.at["r.txt", "confidential"])  # a document that is not a note stays public when empty


def test_a_note_without_its_informants_role_or_its_place_is_a_warning(tmp_path):
    _typed, found = _notes(
        tmp_path,
        "a.txt;A;;;;;entretien;;;;;partenaire\nv.txt;V;;;;;visite de terrain;;;;Kayes;\nr.txt;R;;;;;article;;;;;\n",
    )
    assert [(f.rule, f.severity, f.file, f.row, f.column) for f in found] == [
        (rules.NOTE_INFORMANT.id, "warning", "documents.csv", 2, "place"),
        (rules.NOTE_INFORMANT.id, "warning", "documents.csv", 3, "role"),
    ]
    assert "le lieu de l'entretien ou de la visite (colonne place)" in found[0].message


def test_a_note_is_confidential_by_default_wherever_its_page_is_planned():
    from toolkit.build.document_pages import is_confidential

    assert is_confidential({"kind": "entretien", "confidential": None})
    assert is_confidential({"kind": "article", "confidential": "True"})
    assert not is_confidential({"kind": "entretien", "confidential": "False"})
    assert not is_confidential({"kind": "article", "confidential": None})


def test_a_document_written_with_decomposed_accents_reads_composed(tmp_path):
    (tmp_path / "note.txt").write_text("Ce\u0301line a visite\u0301 le puits.\n", encoding="utf-8")
    assert read_lines(tmp_path / "note.txt") == ("Céline a visité le puits.",)


def test_a_code_with_a_lookalike_letter_is_told_what_it_looks_like_and_which_letter_is_foreign(raw_copy):
    """ "аrticle" typed with a Cyrillic "а" (a keyboard left on another layout) looks right and is not."""
    edit_raw(raw_copy, "documents.csv", ";2020-09;article;", ";2020-09;\u0430rticle;")
    result = prepare(raw_copy)
    (found,) = [f for f in result.findings if f.rule == rules.CODELIST.id and f.file == "documents.csv"]
    assert (found.row, found.column, found.value) == (3, "kind", "\u0430rticle")
    assert "« \u0430rticle » ressemble à « article » mais contient « \u0430 » (U+0430 CYRILLIC SMALL LETTER A)" in (
        found.message
    )


def test_an_invisible_character_in_a_code_is_named_and_a_plain_typo_gets_no_hint():
    from toolkit.check.validate import lookalike_hint

    assert lookalike_hint("arti\u200bcle", ["article"]) == (
        "« arti\u200bcle » ressemble à « article » mais contient (U+200B ZERO WIDTH SPACE)"
    )
    assert "U+039F GREEK CAPITAL LETTER OMICRON" in lookalike_hint("ΟDD", ["ODD", "DAC"])
    assert lookalike_hint("artcle", ["article"]) == "" and lookalike_hint("Santé", ["Sante"]) == ""


def test_a_document_that_is_a_pipe_is_not_read_and_nothing_waits_for_it(tmp_path):
    import os

    os.mkfifo(tmp_path / "tube.txt")
    assert read_lines(tmp_path / "tube.txt") is None
