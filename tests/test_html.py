from toolkit.text.html import Col, Html, escape, link, table


def test_text_from_data_is_escaped():
    assert escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in table("t", [Col("a")], [("<script>alert(1)</script>",)])


def test_safe_markup_is_not_escaped_twice():
    anchor = link("Opération <b>", "operations/x.html")
    assert anchor == '<a href="operations/x.html">Opération &lt;b&gt;</a>'
    assert escape(anchor) == str(anchor)


def test_tables_are_semantic_and_mark_missing_values():
    markup = table("Légende", [Col("Nom"), Col("Montant", numeric=True)], [("A", None)])
    assert "<caption>Légende</caption>" in markup
    assert '<th scope="col" class="num">Montant</th>' in markup
    assert '<th scope="row">A</th>' in markup
    assert "non renseigné" in markup


def test_html_displays_as_html_in_notebooks():
    assert Html("<p>x</p>")._repr_html_() == "<p>x</p>"


def test_joined_blocks_stay_markup():
    joined = Html("<p>a</p>") + Html("<p>b</p>")
    assert isinstance(joined, Html)
    assert joined == "<p>a</p><p>b</p>"
    assert Html("<p>a</p>") + "<b>" == "<p>a</p>&lt;b&gt;"


def test_a_missing_value_agrees_with_a_feminine_column():
    markup = table("t", [Col("Indicateur"), Col("Réalisation", feminine=True), Col("Statut")], [("A", None, None)])
    realisation, status = markup.split("<td>")[1:3]
    assert "non renseignée" in realisation
    assert "non renseigné<" in status  # "Statut" is masculine
