"""The clean data as one workbook for the programme team."""

from openpyxl import load_workbook

from tests.conftest import rewrite
from toolkit.clean.tables import write_clean
from toolkit.interop.workbook import CONTENTS_SHEET, write_workbook
from toolkit.results.derive import run_clean


def test_every_clean_table_and_the_findings_get_a_sheet_with_numbers_as_numbers(caac_clean, tmp_path):
    clean = tmp_path / "clean"
    write_clean(caac_clean, clean)
    written = write_workbook(clean, tmp_path / "out.xlsx")
    workbook = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert workbook.sheetnames[0] == CONTENTS_SHEET
    assert {"operations", "observations", "achievement", "findings", "accounting"} <= set(workbook.sheetnames)
    assert written["operations"] == 9 and written["evidence"] == 447
    operations = list(workbook["operations"].iter_rows(values_only=True))
    header, batik = operations[0], next(row for row in operations if row[0] == "batik-echangeons")
    assert len(operations) == 10
    assert batik[header.index("budget")] == 98525  # a number the team can add up, not text
    assert batik[header.index("countries")] == "MAR;EGY;TUN;FRA"
    contents = {row[0]: row[2] for row in workbook[CONTENTS_SHEET].iter_rows(min_row=2, values_only=True)}
    assert contents["evidence"] == 447


def test_quarantined_rows_get_their_own_sheet_with_their_reasons(raw_copy, tmp_path):
    rewrite(
        raw_copy / "participants.csv",
        "batik-echangeons;Batik International;Porteur du projet;",
        "batik-echangeons;Batik International;beaucoup;",
    )
    run_clean(raw_copy, tmp_path / "clean")
    write_workbook(tmp_path / "clean", tmp_path / "out.xlsx")
    workbook = load_workbook(tmp_path / "out.xlsx", read_only=True)
    rows = list(workbook["quarantaine-participants"].iter_rows(values_only=True))
    assert len(rows) == 2 and "beaucoup" in rows[1]
    assert any("codelist" in str(cell) for cell in rows[1])


def test_text_typed_as_a_formula_stays_text_in_the_workbook_and_the_csvs_people_open(raw_copy, tmp_path, capsys):
    """A title typed as =HYPERLINK(…) and a role typed as a formula go through the real commands:
    a text cell in every sheet (no live formula), quoted in findings.csv and the quarantine, the
    clean table and the pages as written; numbers, negative ones included, stay numbers."""
    import csv

    from toolkit.cli.main import main
    from toolkit.report import quality
    from toolkit.results.portfolio import load

    link = "=HYPERLINK(A1&B3)"  # one quote-free cell of a ';' CSV
    rewrite(raw_copy / "operations.csv", "Échangeons : pour l'insertion", f"{link} Échangeons : pour l'insertion")
    rewrite(
        raw_copy / "participants.csv",
        "batik-echangeons;Batik International;Porteur du projet;",
        "batik-echangeons;Batik International;@SUM(A1:A9);",
    )
    clean = tmp_path / "clean"
    assert main(["clean", "--raw", str(raw_copy), "--clean", str(clean)]) == 1
    assert main(["workbook", "--clean", str(clean), "--out", str(tmp_path / "out.xlsx")]) == 0
    capsys.readouterr()
    workbook = load_workbook(tmp_path / "out.xlsx")
    formulas = [
        cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []
    operations = list(workbook["operations"].iter_rows(values_only=True))
    titles = [row[operations[0].index("title")] for row in operations[1:]]
    assert any(str(title).startswith(link) for title in titles)
    assert any(cell.value == "@SUM(A1:A9)" for row in workbook["quarantaine-participants"].iter_rows() for cell in row)
    # The CSVs people open hold the text behind a quote; the clean table keeps it as written.
    findings = list(csv.DictReader((clean / "findings.csv").open(encoding="utf-8")))
    assert "'@SUM(A1:A9)" in [row["value"] for row in findings]
    assert "'@SUM(A1:A9)" in (clean / "quarantine" / "participants.csv").read_text(encoding="utf-8")
    assert load(clean).operations["title"].str.startswith(link).any()
    assert "@SUM(A1:A9)" in load(clean).findings["value"].tolist()
    assert "'@SUM" not in str(quality.quarantine(clean))
