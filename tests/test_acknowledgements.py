"""Warnings the evaluator examined (reviewed.csv): marked, listed apart, never dropped; errors refused."""

import pandas as pd

from tests.conftest import copy_example
from toolkit.check.acknowledgements import apply_reviews
from toolkit.cli.main import main
from toolkit.model import rules
from toolkit.model.findings import ERROR, WARNING, Finding, finding_lines, to_frame
from toolkit.report import quality
from toolkit.results.portfolio import Portfolio

WARNED = Finding("operations.csv", 4, "budget", "12", rules.DOCUMENT_LINES.id, WARNING, "w", "operations")
FAILED = Finding("operations.csv", 5, "budget", "1x", rules.PARSE_AMOUNT.id, ERROR, "e", "operations")


def _reviews(*rows: dict) -> pd.DataFrame:
    base = {"row": pd.NA, "column": "budget", "reason": "vérifié", "date": "2022-03", "raw_row": 2}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_an_acknowledged_warning_is_marked_with_its_reason_and_not_repeated():
    review = {"file": "operations.csv", "rule": WARNED.rule, "finding_value": "12"}
    findings = apply_reviews([WARNED, FAILED], _reviews(review), "reviewed.csv")
    assert findings[0].reviewed and findings[0].review_reason == "vérifié" and findings[0].review_date == "2022-03"
    assert not findings[1].reviewed and len(findings) == 2
    lines = finding_lines(findings)
    assert lines[-1] == "1 avertissement examiné non répété"
    assert not any("[document.lines]" in line for line in lines)
    # findings.csv keeps it, with its review.
    frame = to_frame(findings)
    assert frame["reviewed"].tolist() == [True, False]


def test_a_row_pins_the_acknowledgement_to_that_row():
    moved = apply_reviews(
        [WARNED],
        _reviews({"file": "operations.csv", "rule": WARNED.rule, "finding_value": "12", "row": 9}),
        "reviewed.csv",
    )
    assert not moved[0].reviewed
    assert moved[1].rule == rules.REVIEWED_UNMATCHED.id and moved[1].row == 2 and moved[1].severity == WARNING


def test_an_error_cannot_be_acknowledged_away():
    review = {"file": "operations.csv", "rule": FAILED.rule, "finding_value": "1x"}
    findings = apply_reviews([WARNED, FAILED], _reviews(review), "reviewed.csv")
    assert not findings[1].reviewed
    refused = findings[2]
    assert (refused.file, refused.row, refused.rule, refused.severity) == (
        "reviewed.csv",
        2,
        rules.REVIEWED_ERROR.id,
        WARNING,
    )
    assert "ligne 5 de operations.csv" in refused.message


def test_the_data_quality_page_lists_the_reviewed_apart(caac_portfolio):
    findings = to_frame(
        apply_reviews(
            [WARNED, FAILED], _reviews({"file": "operations.csv", "rule": WARNED.rule, "finding_value": "12"}), "r.csv"
        )
    )
    portfolio = Portfolio(**{**caac_portfolio.__dict__, "findings": findings})
    listed = quality.reviewed(portfolio)
    assert "vérifié" in listed and "2022-03" in listed and "document.lines" in listed
    register = quality.register(portfolio)
    assert "document.lines" not in register and "parse.amount" in register
    assert 'id="constat-operations-5"' in register


def test_clean_lists_the_texts_findings_and_the_acknowledgements(tmp_path, capsys):
    """The real command on a copy of the example: a misspelled criterion file, a recommendation
    citing C9, one of them acknowledged, and an acknowledgement of nothing."""
    paths = copy_example(tmp_path / "ets")
    (paths.narrative / "criteres" / "efficiacite.md").write_text("Texte.\n", encoding="utf-8")
    recommendations = paths.narrative / "recommandations.md"
    recommendations.write_text(
        recommendations.read_text(encoding="utf-8").replace("Découle de : C2", "Découle de : C9"), encoding="utf-8"
    )
    (paths.raw / "reviewed.csv").write_text(
        "file;row;column;rule;finding_value;reason;date\n"
        "narrative/criteres/efficiacite.md;;;narrative.file;;brouillon gardé pour mémoire;2022-03\n"
        "operations.csv;;budget;document.lines;9;plus d'actualité;2022-03\n",
        encoding="utf-8",
    )
    contexte = paths.narrative / "contexte.md"
    contexte.write_text(
        contexte.read_text(encoding="utf-8").rstrip("\n") + "\n\n![Logo](https://exemple.invalid/logo.png)\n",
        encoding="utf-8",
    )
    image_line = len(contexte.read_text(encoding="utf-8").splitlines())
    code = main(["clean", "--config", str(paths.config)])
    out = capsys.readouterr().out
    assert (
        f"avertissement : narrative/contexte.md, ligne {image_line}, valeur « https://exemple.invalid/logo.png » "
        "[narrative.image]" in out
    )
    # 1 comes from the example's faulty survey rows alone: the texts' findings are warnings.
    assert code == 1 and "erreur : narrative" not in out
    assert (
        "avertissement : narrative/recommandations.md, ligne 6, valeur « C9 » [narrative.reference] : "
        "« C9 » ne désigne aucune conclusion (numéros donnés : C1, C2)" in out
    )
    assert "avertissement : reviewed.csv, ligne 3" in out and "[reviewed.unmatched]" in out
    assert "efficiacite" not in out.replace("reviewed.csv, ligne 3", "")  # acknowledged: not repeated
    assert "1 avertissement examiné non répété" in out
    findings = pd.read_csv(paths.clean / "findings.csv", dtype="str")
    kept = findings[findings["rule"] == "narrative.file"]
    assert kept["reviewed"].tolist() == ["True"] and "criteres/efficacite.md" in kept["message"].iloc[0]
