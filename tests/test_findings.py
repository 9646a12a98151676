"""A finding as the terminal prints it: one French line that says where, what and which rule."""

import pytest

from toolkit.model.findings import ERROR, WARNING, Finding


def test_describe_names_the_cell_in_french():
    finding = Finding("operations.csv", 4, "budget", "12x", "parse.amount", ERROR, "« 12x » n'est pas lisible")
    assert finding.describe() == (
        "erreur : operations.csv, ligne 4, colonne « budget », valeur « 12x » [parse.amount] : « 12x » n'est pas lisible"
    )


def test_describe_leaves_out_what_a_file_level_finding_does_not_have():
    finding = Finding("members.csv", None, "", "", "file.no_rows", WARNING, "le fichier n'a aucune ligne de données")
    assert finding.describe() == "avertissement : members.csv [file.no_rows] : le fichier n'a aucune ligne de données"


def test_describe_keeps_a_multiline_cell_on_one_line():
    finding = Finding("evidence.csv", 7, "excerpt", "ligne un\nligne deux", "required", ERROR, "vide")
    assert "\n" not in finding.describe()
    assert "valeur « ligne un\\nligne deux »" in finding.describe()


def test_a_finding_of_a_rule_the_catalogue_does_not_declare_is_refused():
    from toolkit.model.errors import UndeclaredRule

    with pytest.raises(UndeclaredRule, match="parse.nothing"):
        Finding("operations.csv", 4, "budget", "12x", "parse.nothing", ERROR, "?")
    # A declared rule with a severity it never has is refused too: parse.amount is always an error.
    with pytest.raises(UndeclaredRule, match="parse.amount"):
        Finding("operations.csv", 4, "budget", "12x", "parse.amount", WARNING, "?")
