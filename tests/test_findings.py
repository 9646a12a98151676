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


def test_the_terminal_lines_follow_the_language():
    from toolkit.model import language
    from toolkit.model.findings import count_line, finding_lines

    cell = Finding("operations.csv", 4, "budget", "12x", "parse.amount", ERROR, "“12x” is not readable")
    whole_file = Finding("members.csv", None, "", "", "file.no_rows", WARNING, "no rows")
    assert count_line([cell, whole_file]) == "constats : 1 erreur, 1 avertissement (détail dans findings.csv)"
    with language.using("en"):
        assert cell.describe() == (
            "error: operations.csv, row 4, column “budget”, value “12x” [parse.amount]: “12x” is not readable"
        )
        assert whole_file.describe() == "warning: members.csv [file.no_rows]: no rows"
        assert finding_lines([cell, whole_file], limit=1)[1] == "… and 1 more"
        assert count_line([whole_file]) == "findings: 0 errors, 1 warning (details in findings.csv)"
