"""Sources as a reader cites them: body, short title, year, lines; never a file name."""

import pandas as pd

from toolkit.results.citations import Citer, anchor, citation_of


def test_a_document_is_cited_by_its_body_short_title_and_year(caac_portfolio):
    rows = caac_portfolio.documents.set_index("document")
    assert citation_of(rows.loc["004_7f76860180fe7761.txt"].to_dict()) == "IRG, Capitalisation CAAC, 2018"
    # 003 gives no date: "s. d.", as bibliographies write it.
    assert citation_of(rows.loc["003_373f3e170bffc0e1.txt"].to_dict()) == "CFSI, Les actions pilotes, s. d."


def test_without_short_fields_the_full_author_and_title():
    row = {"author": "Réseau fictif pour l'eau", "title": "Rapport final", "date": "2021-12"}
    assert citation_of(row) == "Réseau fictif pour l'eau, Rapport final, 2021"


def test_a_source_cell_becomes_linked_citations_grouped_by_document(caac_portfolio):
    citer = Citer.of(caac_portfolio.documents, from_operations=True)
    cell = "003_373f3e170bffc0e1.txt l. 12-69 + 004_7f76860180fe7761.txt l. 328 + 003_373f3e170bffc0e1.txt l. 80"
    assert (
        citer.text(cell) == "CFSI, Les actions pilotes, s. d., l. 12-69, l. 80 ; IRG, Capitalisation CAAC, 2018, l. 328"
    )
    html = citer.html(cell)
    # Each reference opens its document's page at the first line it cites, a range at its own anchor.
    assert html == (
        '<a href="../documents/003_373f3e170bffc0e1.html#l12-69">CFSI, Les actions pilotes, s. d., l. 12-69</a>, '
        '<a href="../documents/003_373f3e170bffc0e1.html#l80">l. 80</a> ; '
        '<a href="../documents/004_7f76860180fe7761.html#l328">IRG, Capitalisation CAAC, 2018, l. 328</a>'
    )
    assert ".txt" not in html  # the page's name keeps the file's stem, never its name


def test_the_anchor_is_the_annex_row_of_the_document(caac_portfolio):
    assert anchor("004_7f76860180fe7761.txt") == "doc-004_7f76860180fe7761"
    assert Citer.of(caac_portfolio.documents).href("004_7f76860180fe7761.txt") == "documents/004_7f76860180fe7761.html"


def test_a_document_without_its_text_is_linked_to_its_row_in_the_annex(caac_portfolio):
    documents = caac_portfolio.documents.assign(
        file_found=caac_portfolio.documents["document"] != "004_7f76860180fe7761.txt"
    )
    citer = Citer.of(documents)
    ref = "004_7f76860180fe7761.txt l. 560 + 003_373f3e170bffc0e1.txt l. 47"
    assert citer.html(ref) == (
        '<a href="annexes.html#doc-004_7f76860180fe7761">IRG, Capitalisation CAAC, 2018, l. 560</a> ; '
        '<a href="documents/003_373f3e170bffc0e1.html#l47">CFSI, Les actions pilotes, s. d., l. 47</a>'
    )


def test_an_unknown_document_or_unreadable_cell_is_shown_as_written():
    citer = Citer.of(pd.DataFrame(columns=["document", "title", "author", "date"]))
    assert citer.text("inconnu.txt l. 3") == "inconnu.txt, l. 3"
    assert citer.text("page 12 du rapport") == "page 12 du rapport"


def test_documents_cited_by_a_column_once_each_without_lines(caac_portfolio):
    citer = Citer.of(caac_portfolio.documents)
    cited = citer.documents_cited(caac_portfolio.operations["source"])
    assert cited.split(" ; ")[0] == "CFSI, Les actions pilotes, s. d."
    assert "l. " not in cited and len(cited.split(" ; ")) == len(set(cited.split(" ; ")))


def test_a_note_is_cited_by_kind_number_role_place_and_date_never_by_a_name():
    documents = pd.DataFrame(
        [
            {"document": "rapport.txt", "title": "Rapport", "author": "Réseau", "date": "2021", "kind": "article"},
            {"document": "e-a.txt", "title": "Aminata", "kind": "entretien", "role": "partenaire", "place": "Mali"},
            {"document": "g-a.txt", "title": "Groupe", "kind": "groupe de discussion", "date": "2022-01"},
            {
                "document": "e-b.txt",
                "title": "Entretien avec Aminata",
                "author": "Évaluatrice",
                "kind": "entretien",
                "role": "partenaire",
                "place": "Mali",
                "date": "2027-03",
            },
        ]
    )
    citer = Citer.of(documents)
    # Numbered among the notes of their kind, in the table's order: the second interview is "Entretien 2".
    assert citer.label("e-b.txt") == "Entretien 2 — partenaire, Mali, mars 2027"
    assert citer.label("e-a.txt") == "Entretien 1 — partenaire, Mali"
    assert citer.label("g-a.txt") == "Groupe de discussion 1 — janvier 2022"
    assert citer.text("e-b.txt l. 12-14") == "Entretien 2 — partenaire, Mali, mars 2027, l. 12-14"
    assert citer.label("rapport.txt") == "Réseau, Rapport, 2021"
    # The clean stage's number wins over the order of a table that lost rows (a quarantined note).
    row = {"document": "v.txt", "kind": "visite de terrain", "note_number": 3.0, "place": "Thiès, Sénégal"}
    assert citation_of(row) == "Visite de terrain 3 — Thiès, Sénégal"


def test_a_note_is_cited_in_english_on_english_pages():
    from toolkit.model.language import using

    row = {"document": "e.txt", "kind": "entretien", "note_number": 1, "role": "partenaire", "date": "2027-03"}
    with using("en"):
        assert citation_of(row) == "Interview 1 — partenaire, March 2027"
