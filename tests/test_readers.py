import shutil
from pathlib import Path

import pytest

from tests.conftest import RAW
from toolkit.ingest.readers import ROW, read_raw, read_table
from toolkit.model import schema
from toolkit.model.errors import InputFileError


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "participants.csv"
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "operation_id;organisation;role;org_type;country;source;member\n"


def test_semicolon_file_keeps_spreadsheet_row_numbers(tmp_path):
    raw = read_table(
        write(tmp_path, HEADER + "a;Org A;Partenaire;;;d.txt l. 1\n\na;Org B;Porteur;;;d.txt l. 2\n"),
        schema.PARTICIPANTS,
    )
    assert list(raw.frame[ROW]) == [2, 4]
    assert raw.blank_rows == 1
    assert list(raw.frame["organisation"]) == ["Org A", "Org B"]


def test_comma_delimited_cp1252_with_stray_spaces(tmp_path):
    text = HEADER.replace(";", ",") + " a , Société Générale des Œuvres ,Partenaire,,, d.txt l. 3 \n"
    raw = read_table(write(tmp_path, text, "cp1252"), schema.PARTICIPANTS)
    assert raw.frame.loc[0, "organisation"] == "Société Générale des Œuvres"
    assert raw.frame.loc[0, "operation_id"] == "a"


def test_utf8_bom_is_not_part_of_the_first_column(tmp_path):
    raw = read_table(write(tmp_path, "\ufeff" + HEADER + "a;Org;Partenaire;;;d.txt l. 1\n"), schema.PARTICIPANTS)
    assert raw.frame.loc[0, "operation_id"] == "a"
    assert not raw.findings


def test_quoted_cell_over_two_lines_is_one_row(tmp_path):
    raw = read_table(
        write(tmp_path, HEADER + 'a;"Org\nsur deux lignes";Partenaire;;;d.txt l. 1\nb;Org;Porteur;;;d.txt l. 2\n'),
        schema.PARTICIPANTS,
    )
    assert list(raw.frame[ROW]) == [2, 3]


def test_missing_unexpected_and_duplicated_columns_are_findings(tmp_path):
    text = "operation_id;organisation;organisation;surprise;role;source\na;Org;Autre;x;Partenaire;d.txt l. 1\n"
    raw = read_table(write(tmp_path, text), schema.PARTICIPANTS)
    rules = {(f.rule, f.column, f.severity) for f in raw.findings}
    assert ("columns.duplicated", "organisation", "error") in rules
    assert ("columns.unexpected", "surprise", "warning") in rules
    assert ("columns.missing", "org_type", "warning") in rules
    assert raw.frame.loc[0, "organisation"] == "Org"
    assert raw.frame.loc[0, "org_type"] == ""


def test_extra_cells_in_a_row_are_an_error_on_that_row(tmp_path):
    raw = read_table(write(tmp_path, HEADER + "a;Org;Partenaire;;;d.txt l. 1;;de trop\n"), schema.PARTICIPANTS)
    assert [(f.rule, f.row, f.value) for f in raw.findings] == [("row.extra_cells", 2, "de trop")]


def test_empty_and_header_only_files(tmp_path):
    empty = read_table(write(tmp_path, ""), schema.PARTICIPANTS)
    assert [f.rule for f in empty.findings] == ["file.empty"]
    assert empty.row_count == 0
    header_only = read_table(write(tmp_path, HEADER), schema.PARTICIPANTS)
    assert [f.rule for f in header_only.findings] == ["file.no_rows"]


def test_missing_file_raises_with_the_file_name(tmp_path):
    with pytest.raises(InputFileError, match="participants.csv"):
        read_table(tmp_path / "participants.csv", schema.PARTICIPANTS)


def test_xlsx_workbook_reads_like_csv_with_excel_row_numbers(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["operation_id", "organisation", "role", "org_type", "country", "source"])
    sheet.append(["a", "Org A", "Partenaire", 11, None, "d.txt l. 1"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["a", "Org B", "Porteur", None, "France", "d.txt l. 2"])
    workbook.save(tmp_path / "participants.xlsx")
    raw = read_table(tmp_path / "participants.xlsx", schema.PARTICIPANTS)
    assert list(raw.frame[ROW]) == [2, 4]
    assert raw.blank_rows == 1
    assert raw.frame.loc[0, "org_type"] == "11"
    assert raw.frame.loc[1, "country"] == "France"
    assert raw.file == "participants.xlsx"


def test_a_broken_workbook_is_an_input_error_naming_the_file(tmp_path):
    (tmp_path / "participants.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputFileError, match="participants.xlsx"):
        read_table(tmp_path / "participants.xlsx", schema.PARTICIPANTS)


def test_locate_prefers_csv_then_xlsx(tmp_path):
    from toolkit.ingest.readers import locate

    assert locate(tmp_path, schema.PARTICIPANTS).name == "participants.csv"
    (tmp_path / "participants.xlsx").write_bytes(b"")
    assert locate(tmp_path, schema.PARTICIPANTS).name == "participants.xlsx"
    (tmp_path / "participants.csv").write_text("x", encoding="utf-8")
    assert locate(tmp_path, schema.PARTICIPANTS).name == "participants.csv"


def _programme_workbook(raw: Path, out: Path) -> Path:
    """The CAAC raw tables as evaluators often receive them: one workbook, a sheet per table."""
    import csv

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in schema.TABLES:
        # Sheet names as people type them: capitalised.
        sheet = workbook.create_sheet(table.name.capitalize())
        with (raw / table.file).open(encoding="utf-8-sig", newline="") as stream:
            for record in csv.reader(stream, delimiter=";"):
                sheet.append(record)
    workbook.save(out)
    return out


def test_a_workbook_with_a_sheet_per_table_reads_as_the_folder_of_files(caac_clean, tmp_path):
    from toolkit.results.derive import prepare

    workbook = _programme_workbook(RAW, tmp_path / "caac.xlsx")
    shutil.copytree(RAW / "documents", tmp_path / "documents")  # the documents' texts, beside the workbook
    from_files, from_workbook = caac_clean, prepare(workbook)
    for name, result in from_files.tables.items():
        assert from_workbook.tables[name].clean.equals(result.clean), name
    assert len(from_workbook.findings) == len(from_files.findings)
    # Findings name the workbook and the sheet, so the evaluator knows where to look.
    assert {f.file for f in from_workbook.findings} == {"caac.xlsx (feuille observations)"}


def test_a_workbook_without_one_of_the_tables_is_refused_naming_the_sheet(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "operations"
    workbook.save(tmp_path / "donnees.xlsx")
    with pytest.raises(InputFileError, match="la feuille « participants » manque dans le classeur donnees.xlsx"):
        read_raw(tmp_path / "donnees.xlsx", schema.PARTICIPANTS)


def test_findings_come_in_reading_order_header_then_missing_columns_then_rows(tmp_path):
    text = (
        "\n;\norganisation;surprise;organisation;operation_id;role;source;;\n"
        "Org;x;Autre;a;Partenaire;d.txt l. 1;;\n"
        "Org B;;;b;Porteur;d.txt l. 2;;;de trop\n"
    )
    raw = read_table(write(tmp_path, text), schema.PARTICIPANTS)
    assert [(f.rule, f.row, f.column, f.severity) for f in raw.findings] == [
        ("columns.unexpected", None, "surprise", "warning"),
        ("columns.duplicated", None, "organisation", "error"),
        ("columns.missing", None, "org_type", "warning"),
        ("columns.missing", None, "country", "warning"),
        ("columns.missing", None, "member", "warning"),
        ("row.extra_cells", 5, "", "error"),
    ]
    # Blank lines above the header keep the spreadsheet's numbers and are not rows of the table.
    assert list(raw.frame[ROW]) == [4, 5] and raw.blank_rows == 0
    assert list(raw.frame.columns) == [*schema.PARTICIPANTS.raw_names, ROW]


def test_a_required_column_missing_from_the_header_is_an_error(tmp_path):
    raw = read_table(write(tmp_path, "organisation;role;source\nOrg;Partenaire;d.txt l. 1\n"), schema.PARTICIPANTS)
    assert ("columns.missing", "operation_id", "error") in {(f.rule, f.column, f.severity) for f in raw.findings}
    assert raw.frame.loc[0, "operation_id"] == ""


def test_a_short_row_reads_empty_and_empty_trailing_cells_are_no_finding(tmp_path):
    raw = read_table(write(tmp_path, HEADER + "a;Org\nb;Org B;Porteur;;;d.txt l. 2;;;;\n"), schema.PARTICIPANTS)
    assert not raw.findings
    assert list(raw.frame.loc[0, ["role", "source"]]) == ["", ""]
    assert raw.frame.loc[1, "source"] == "d.txt l. 2"


def test_blank_lines_only_is_an_empty_file_and_a_table_that_may_be_empty_says_nothing(tmp_path):
    blank = read_table(write(tmp_path, "\n ; ;\n\n"), schema.PARTICIPANTS)
    assert [f.rule for f in blank.findings] == ["file.empty"]
    path = tmp_path / "ratings.csv"
    path.write_text(";".join(schema.RATINGS.raw_names) + "\n\n;;\n", encoding="utf-8")
    ratings = read_table(path, schema.RATINGS)
    assert ratings.findings == [] and ratings.row_count == 0 and ratings.blank_rows == 2
    assert list(ratings.frame.columns) == [*schema.RATINGS.raw_names, ROW]


def test_text_with_decomposed_accents_is_read_composed_from_a_workbook_too(tmp_path):
    """NFD ("e" + U+0301) and NFC ("é") look the same: a code list must see the same."""
    from openpyxl import Workbook

    from toolkit.ingest.readers import xlsx_records

    workbook = Workbook()
    workbook.active.append(["kind"])
    workbook.active.append(["pre\u0301sentation"])
    workbook.save(tmp_path / "documents.xlsx")
    assert xlsx_records(tmp_path / "documents.xlsx") == [["kind"], ["présentation"]]


def _workbook_with_formulas(path: Path) -> Path:
    """A workbook as a program writes it: formulas that no spreadsheet has calculated (openpyxl
    saves them without a value), one of them calculated to "" by hand as Excel writes it."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["operation_id", "organisation", "role", "org_type", "country", "source"])
    sheet.append(["a", '=UPPER("org a")', "Partenaire", None, None, "d.txt l. 1"])
    sheet.append(["b", "=C2", "Porteur", None, None, "d.txt l. 2"])
    workbook.save(path)
    # B3 as Excel leaves a formula it calculated to the empty text: a text result, an empty value.
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<c r="B3">', b'<c r="B3" t="str">'))
    assert zipfile.is_zipfile(path)
    return path


def _rewrite_member(path: Path, member: str, change) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, change(data) if info.filename == member else data)


def test_a_formula_never_calculated_is_an_error_on_its_cell_not_an_empty_cell(tmp_path):
    raw = read_table(_workbook_with_formulas(tmp_path / "participants.xlsx"), schema.PARTICIPANTS)
    (found,) = [f for f in raw.findings if f.rule == "cell.formula"]
    assert (found.file, found.row, found.column, found.value, found.severity) == (
        "participants.xlsx",
        2,
        "organisation",
        '=UPPER("org a")',
        "error",
    )
    assert '« =UPPER("org a") »' in found.message and "jamais calculée" in found.message
    # Read as empty, as a calculated "" is, but only the uncalculated one is reported.
    assert list(raw.frame["organisation"]) == ["", ""]


def test_an_error_a_formula_gave_is_an_error_on_its_cell_not_data(tmp_path):
    """ "#DIV/0!" is what Excel shows where a formula failed; read as text it would be clean data."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["operation_id", "organisation", "role", "org_type", "country", "source"])
    sheet.append(["a", "#DIV/0!", "Partenaire", None, None, "d.txt l. 1"])
    workbook.save(tmp_path / "participants.xlsx")
    assert b't="e"' in _member(tmp_path / "participants.xlsx", "xl/worksheets/sheet1.xml")
    raw = read_table(tmp_path / "participants.xlsx", schema.PARTICIPANTS)
    (found,) = [f for f in raw.findings if f.rule == "cell.error"]
    assert (found.row, found.column, found.value, found.severity) == (2, "organisation", "#DIV/0!", "error")
    assert "l'erreur « #DIV/0! » de sa formule" in found.message
    assert list(raw.frame["organisation"]) == [""]


def _member(path: Path, member: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def test_a_formula_with_its_calculated_value_reads_as_that_value(tmp_path):
    path = _workbook_with_formulas(tmp_path / "participants.xlsx")
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</f><v></v>", b"</f><v>42</v>", 1))
    raw = read_table(path, schema.PARTICIPANTS)
    assert not [f for f in raw.findings if f.rule == "cell.formula"]
    assert raw.frame.loc[0, "organisation"] == "42"


def test_a_workbook_larger_than_the_limit_once_decompressed_is_refused_unopened(tmp_path, monkeypatch):
    import openpyxl

    from toolkit.model.errors import InputTooLarge

    path = _workbook_with_formulas(tmp_path / "participants.xlsx")

    def opened(*_args, **_kwargs):
        pytest.fail("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", opened)
    with pytest.raises(InputTooLarge) as raised:
        read_table(path, schema.PARTICIPANTS, limit_mb=0)
    error = raised.value
    assert (error.file, error.limit_mb, error.setting) == ("participants.xlsx", 0, "[ingest] max_workbook_mb")
    assert 0 < error.size_mb < 1
    assert error.message.startswith("participants.xlsx occuperait 0 Mo une fois décompressé")
    assert "limite de 0 Mo" in error.message and "[ingest] max_workbook_mb" in error.message


def test_a_zip_that_declares_less_than_it_holds_reads_no_further_than_it_declares(tmp_path):
    """The size check trusts the declared sizes: a part that lies about its size must not
    decompress past it (zipfile stops there and fails on the CRC), or a bomb could pass the check."""
    import zipfile

    path = _workbook_with_formulas(tmp_path / "participants.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # The declared uncompressed size, in the local header (offset 22) and the central directory (24).
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(sheet.filename)] != sheet.filename.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    for offset in (sheet.header_offset + 22, central + 24):
        data[offset : offset + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 10
    with pytest.raises(InputFileError, match="participants.xlsx ne se lit pas comme un classeur Excel"):
        read_table(path, schema.PARTICIPANTS)


def test_a_workbook_whose_sheet_is_cut_short_is_refused_in_french_with_what_to_do(tmp_path):
    path = _workbook_with_formulas(tmp_path / "participants.xlsx")
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(InputFileError) as raised:
        read_table(path, schema.PARTICIPANTS)
    message = raised.value.message
    assert message.startswith("participants.xlsx ne se lit pas comme un classeur Excel : une de ses feuilles")
    assert "tronquée ou abîmée (ligne 1, colonne" in message
    assert "l'enregistrer de nouveau au format .xlsx" in message
    # Nothing of the parser's English reaches the message.
    assert not any(word in message for word in ("error", "no element", "unclosed", "token", "XML"))


def test_a_raw_table_that_is_a_link_out_of_the_raw_folder_is_refused_unread(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    elsewhere = tmp_path / "ailleurs.csv"
    elsewhere.write_text(HEADER + "a;Org secrète;Partenaire;;;d.txt l. 1\n", encoding="utf-8")
    (raw / "participants.csv").symlink_to(elsewhere)
    table = read_raw(raw, schema.PARTICIPANTS)
    assert table.frame.empty
    assert [(f.file, f.row, f.rule, f.severity) for f in table.findings] == [
        ("participants.csv", None, "file.outside", "error")
    ]
    assert "lien symbolique vers un fichier hors du dossier raw" in table.findings[0].message
    # A link that stays in the folder is an ordinary file.
    (raw / "participants.csv").unlink()
    (raw / "copie.csv").write_text(HEADER + "a;Org;Partenaire;;;d.txt l. 1\n", encoding="utf-8")
    (raw / "participants.csv").symlink_to(raw / "copie.csv")
    assert list(read_raw(raw, schema.PARTICIPANTS).frame["organisation"]) == ["Org"]
