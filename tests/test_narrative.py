from toolkit.report.narrative import PLACEHOLDER, section, slot, text


def test_missing_file_is_a_visible_placeholder_naming_the_file(tmp_path):
    html = section(tmp_path, "conclusions", "les conclusions de l'évaluation")
    assert PLACEHOLDER in html
    assert "conclusions.md" in html


def test_comment_only_template_counts_as_empty(tmp_path):
    (tmp_path / "synthese.md").write_text("<!-- Écrivez ici la synthèse. -->\n", encoding="utf-8")
    assert PLACEHOLDER in section(tmp_path, "synthese", "la synthèse")


def test_markdown_is_rendered_and_raw_html_is_shown_not_run(tmp_path):
    (tmp_path / "recommandations.md").write_text(
        "1. **Renforcer** le suivi\n\n<script>alert(1)</script>\n", encoding="utf-8"
    )
    html = section(tmp_path, "recommandations", "les recommandations")
    assert "<strong>Renforcer</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_placeholder_names_its_file_from_the_project(tmp_path):
    (tmp_path / "programme.toml").write_text("", encoding="utf-8")
    html = section(tmp_path / "data" / "narrative" / "criteres", "pertinence", "la pertinence")
    assert "(fichier data/narrative/criteres/pertinence.md)" in html


def test_numbered_items_get_anchors_and_their_references_link(tmp_path):
    (tmp_path / "recommandations.md").write_text(
        "## R1 — Financer\n\n- Destinataire : direction\n- Découle de : C1 et C3\n\nVoir R2.\n", encoding="utf-8"
    )
    html = slot(tmp_path, "recommandations")
    assert '<h3 id="r1">R1 — Financer</h3>' in html
    assert '<li>Découle de : <a href="#c1">C1</a> et <a href="#c3">C3</a></li>' in html
    assert "<p>Voir R2.</p>" in html  # only the citing lines link
    (tmp_path / "conclusions.md").write_text("## C1 — Livrés\n\n- Repose sur : Q1, Q9\n", encoding="utf-8")
    html = slot(tmp_path, "conclusions", {"Q1": "q-efficacite-1"})
    assert '<h3 id="c1">C1 — Livrés</h3>' in html and '<a href="#q-efficacite-1">Q1</a>, Q9' in html
    (tmp_path / "reponse-direction.md").write_text("## R1 — Acceptée\n", encoding="utf-8")
    assert '<h3><a href="#r1">R1</a> — Acceptée</h3>' in slot(tmp_path, "reponse-direction")


def test_a_text_typed_in_decomposed_accents_is_read_as_the_rest_of_the_input(tmp_path):
    path = tmp_path / "synthese.md"
    path.write_text("La coope\u0301ration de\u0301centralise\u0301e", encoding="utf-8")
    assert text(path) == "La coopération décentralisée"


def test_a_text_saved_by_notepad_in_windows_1252_is_read_and_one_with_a_stray_byte_is_refused(tmp_path):
    import pytest

    from toolkit.model.errors import InputFileError

    path = tmp_path / "contexte.md"
    path.write_bytes("Un été de coopération".encode("cp1252"))
    assert text(path) == "Un été de coopération"
    path.write_bytes("# Contexte\nUn été\n".encode() + b"d\xe9cid\xe9\n")
    with pytest.raises(InputFileError) as refused:
        text(path)
    assert refused.value.message.startswith(
        "contexte.md est en UTF-8 sauf à la ligne 3, qui contient des octets qui n'en sont pas"
    )
