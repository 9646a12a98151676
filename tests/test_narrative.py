from toolkit.report.narrative import PLACEHOLDER, section


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
