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
