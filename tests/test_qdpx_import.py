"""import-qdpx: a coded REFI-QDA project (tests/fixtures/qdpx) imported into a copy of CAAC's raw
data through the real command, then cleaned by the real ``clean`` command."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import RAW, ROOT
from toolkit.check.quotations import quoted_in
from toolkit.cli.main import main
from toolkit.interop.qdpx_codes import MAPPING_FILE
from toolkit.interop.qdpx_import import EXCERPT_LIMIT, excerpt, line_range, line_starts
from toolkit.interop.qdpx_read import read_project

FIXTURE = ROOT / "tests" / "fixtures" / "qdpx" / "entretiens-caac.qdpx"
CONFIG = ROOT / "programme.toml"
# The fixture's notes, named by the first 8 hex digits of their sources' guids.
NOTE_1, NOTE_2, NOTE_3 = "entretien-d5bfbb91.txt", "entretien-16bd4207.txt", "entretien-4b909bfa.txt"
UNMAPPED = "Thèmes libres > Difficultés de communication"
# What the fixture's coded segments must become, read off its texts by hand: interview 1's answer on
# the committee is its lines 4-5 (line 1 a heading, 2 blank, 3 the question), and so on.
EXPECTED = {
    ("essor-tchad", "q-efficacite-2", f"{NOTE_1} l. 4-5"),
    ("essor-tchad", "q-efficacite-2", f"{NOTE_1} l. 6"),
    ("essor-tchad", "q-impact-1", f"{NOTE_1} l. 9-10"),
    ("grdr-migrants-ess", "q-impact-4", f"{NOTE_2} l. 5"),
    ("grdr-migrants-ess", "q-impact-4", f"{NOTE_2} l. 6-7"),
    ("grdr-migrants-ess", "q-efficacite-2", f"{NOTE_2} l. 6-7"),
    ("programme", "q-efficacite-1", f"{NOTE_3} l. 3"),
}
# The two segments of the unmapped code, once the table files it under q-impact-4 and essor-tchad
# (interview 2's is about GRDR's cooperative, but the table maps a code, not a segment).
AFTER_MAPPING = {
    ("essor-tchad", "q-impact-4", f"{NOTE_1} l. 13"),
    ("essor-tchad", "q-impact-4", f"{NOTE_2} l. 8"),
}


def run(*arguments: str) -> int:
    return main([*arguments, "--config", str(CONFIG)])


def import_into(raw: Path, project: Path = FIXTURE) -> int:
    return run("import-qdpx", str(project), "--raw", str(raw))


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows: the raw files are written with ";", the clean ones with ","."""
    text = path.read_text(encoding="utf-8-sig")
    header = text.split("\n", 1)[0]
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in header else ","))


def keys(path: Path, documents: tuple[str, ...] = (NOTE_1, NOTE_2, NOTE_3)) -> set[tuple[str, str, str]]:
    return {
        (row["operation_id"], row["question_id"], row["source"])
        for row in rows(path)
        if row["source"].split(" l. ")[0] in documents
    }


def fill_mapping(raw: Path, code: str, question: str, operation: str) -> None:
    path = raw / MAPPING_FILE
    table = rows(path)
    for row in table:
        if row["code"] == code:
            row["question_id"], row["operation_id"] = question, operation
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(table[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def variant(tmp_path: Path, old: str, new: str, name: str = "variant.qdpx") -> Path:
    """The fixture with one change in its project.qde."""
    target = tmp_path / name
    with zipfile.ZipFile(FIXTURE) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "project.qde":
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new, 1).encode("utf-8")
            copy.writestr(item, data)
    return target


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    """CAAC's raw data with the fixture imported (its table then filled and imported again), and
    the clean data the real ``clean`` command writes from it; the first import's exit code and output."""
    folder = tmp_path_factory.mktemp("qdpx")
    raw = folder / "raw"
    shutil.copytree(RAW, raw)
    first = import_into(raw)
    fill_mapping(raw, UNMAPPED, "q-impact-4", "essor-tchad")
    second = import_into(raw)
    assert run("clean", "--raw", str(raw), "--clean", str(folder / "clean")) in (0, 1)
    return raw, folder / "clean", first, second


def test_the_notes_are_written_without_the_sources_names_and_their_rows_filed_as_interviews(cleaned):
    raw, clean, *_ = cleaned
    notes = [row for row in rows(raw / "documents.csv") if row["document"].startswith("entretien-")]
    assert [(row["document"], row["title"], row["kind"], row["date"]) for row in notes] == [
        (NOTE_1, "Entretien 1", "entretien", "2027-03-14"),
        (NOTE_2, "Entretien 2", "entretien", ""),
        (NOTE_3, "Entretien 3", "entretien", ""),
    ]
    assert all(row["role"] == row["place"] == row["withheld_names"] == row["confidential"] == "" for row in notes)
    # The source's own name in the project ("Mme A. - …") reaches no file name and no row.
    assert not any("Mme" in path.name for path in (raw / "documents").iterdir())
    assert "Mme A." not in (raw / "documents.csv").read_text(encoding="utf-8")
    # The text as the project holds it, without the BOM, its Windows line breaks kept.
    written = (raw / "documents" / NOTE_1).read_bytes()
    assert not written.startswith(b"\xef\xbb\xbf") and b"\r\n" in written
    clean_documents = rows(clean / "documents.csv")
    assert {NOTE_1, NOTE_2, NOTE_3} <= {row["document"] for row in clean_documents}


def test_the_passages_are_clean_at_the_lines_their_segments_cover(cleaned):
    raw, clean, *_ = cleaned
    assert keys(raw / "evidence.csv") == EXPECTED | AFTER_MAPPING
    # Clean, not quarantined: the lines exist and every excerpt reads at its lines.
    assert keys(clean / "evidence.csv") == EXPECTED | AFTER_MAPPING
    quarantine = clean / "quarantine" / "evidence.csv"
    if quarantine.exists():
        assert not keys(quarantine)
    # CAAC's own passages are all still there.
    assert len(rows(raw / "evidence.csv")) == len(rows(RAW / "evidence.csv")) + len(EXPECTED | AFTER_MAPPING)


def test_the_lines_agree_with_the_offsets_counted_another_way(cleaned):
    """Each segment's lines counted here from line breaks before its offsets, not with the import's
    function: the line of a character is one more than the line breaks before it."""
    raw, *_ = cleaned
    project = read_project(FIXTURE)
    names = {NOTE_1: project.sources[0], NOTE_2: project.sources[1], NOTE_3: project.sources[2]}
    sources = {row["source"] for row in rows(raw / "evidence.csv") if row["source"].startswith("entretien-")}
    for document, source in names.items():
        text = (raw / "documents" / document).read_bytes().decode("utf-8").replace("\r\n", "\n")
        for segment in source.segments:
            before = source.text[: segment.start].replace("\r\n", "\n")
            piece = source.text[segment.start : segment.end].replace("\r\n", "\n").strip()
            first = before.count("\n") + 1
            last = first + piece.count("\n")
            assert piece in text
            cited = f"{document} l. {first}" if first == last else f"{document} l. {first}-{last}"
            assert cited in sources, cited


def test_a_code_mapped_to_nothing_is_reported_with_its_segments_and_exits_1(cleaned, tmp_path, capsys):
    *_, first, second = cleaned
    assert first == 1 and second == 0
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    assert import_into(raw) == 1
    out = capsys.readouterr().out
    assert f"code sans question ni opération : « {UNMAPPED} » (2 segments non importés)" in out
    assert keys(raw / "evidence.csv") == EXPECTED
    table = {row["code"]: row for row in rows(raw / MAPPING_FILE)}
    assert table[UNMAPPED]["segments"] == "2"
    assert table[UNMAPPED]["question_id"] == table[UNMAPPED]["operation_id"] == ""


def test_reimporting_replaces_the_projects_rows_and_keeps_the_evaluators(cleaned, tmp_path):
    raw, *_ = cleaned
    again = tmp_path / "raw"
    shutil.copytree(raw, again)
    documents = (again / "documents.csv").read_text(encoding="utf-8")
    assert f"{NOTE_2};Entretien 2;;;;;entretien;;;;;;\n" in documents
    documents = documents.replace(
        f"{NOTE_2};Entretien 2;;;;;entretien;;;;;;", f"{NOTE_2};Entretien 2;;;;;entretien;;;;Kayes, Mali;animateur;"
    )
    (again / "documents.csv").write_text(documents, encoding="utf-8")
    evidence = (again / "evidence.csv").read_bytes()
    mapping = (again / MAPPING_FILE).read_bytes()
    assert import_into(again) == 0
    assert (again / "documents.csv").read_text(encoding="utf-8") == documents
    assert (again / "evidence.csv").read_bytes() == evidence
    assert (again / MAPPING_FILE).read_bytes() == mapping


def test_a_segment_outside_its_source_is_reported_and_the_others_imported(tmp_path, raw_copy, capsys):
    project = variant(tmp_path, 'startPosition="345" endPosition="417"', 'startPosition="345" endPosition="99999"')
    assert import_into(raw_copy, project) == 1
    out = capsys.readouterr().out
    length = len(read_project(FIXTURE).sources[0].text)
    assert (
        f"segment écarté : « Mme A. - groupement N'Djamena » ({NOTE_1}), caractères 345 à 99999 hors du texte, "
        f"qui compte {length} caractères"
    ) in out
    assert keys(raw_copy / "evidence.csv") == EXPECTED - {("essor-tchad", "q-efficacite-2", f"{NOTE_1} l. 6")}


def test_a_source_that_is_not_text_is_reported_and_skipped(tmp_path, raw_copy, capsys):
    pdf = '<PDFSource guid="11111111-2222-3333-4444-555555555555" name="Compte rendu.pdf" path="internal://x.pdf"/>'
    project = variant(tmp_path, "</Sources>", f"{pdf}</Sources>")
    assert import_into(raw_copy, project) == 1  # the unmapped code, not the PDF
    out = capsys.readouterr().out
    assert "source écartée : « Compte rendu.pdf » (PDF) : ce n'est pas un texte" in out
    assert keys(raw_copy / "evidence.csv") == EXPECTED


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: _write(tmp / "p.qdpx", b"not a zip"),
            "p.qdpx n'est pas un projet REFI-QDA : ce n'est pas une archive zip",
        ),
        (
            lambda tmp: _zip(tmp / "p.qdpx", {"autre.xml": b"<a/>"}),
            "p.qdpx n'est pas un projet REFI-QDA : l'archive ne contient pas de project.qde",
        ),
        (
            lambda tmp: _zip(tmp / "p.qdpx", {"project.qde": b"<Project"}),
            "p.qdpx : project.qde ne se lit pas comme un fichier XML : il s'arrête avant la fin de son contenu "
            "(fichier tronqué ou vide) (ligne 1, colonne",
        ),
        (
            lambda tmp: _zip(tmp / "p.qdpx", {"project.qde": b'<Project xmlns="urn:autre" name="x"/>'}),
            "l'élément racine de project.qde est « Project » dans l'espace de noms « urn:autre »",
        ),
        (
            lambda tmp: variant(tmp, 'name="Entretiens CAAC (exemple)"', "", "p.qdpx"),
            "p.qdpx : project.qde ne suit pas le schéma des projets REFI-QDA (ligne 2, élément « Project », "
            "attribut « name » manquant) : l'exporter de nouveau depuis le logiciel d'analyse",
        ),
        (lambda tmp: tmp / "absent.qdpx", "le projet REFI-QDA"),
    ],
)
def test_an_unusable_file_is_refused_in_french_with_exit_2(tmp_path, raw_copy, capsys, make, message):
    project = make(tmp_path)
    before = (raw_copy / "evidence.csv").read_bytes()
    assert import_into(raw_copy, project) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert (raw_copy / "evidence.csv").read_bytes() == before
    assert not (raw_copy / MAPPING_FILE).exists()


def test_a_raw_folder_that_is_not_a_folder_is_refused(tmp_path, capsys):
    assert import_into(tmp_path / "donnees.xlsx") == 2
    assert "donnees.xlsx n'est pas un dossier de données brutes" in capsys.readouterr().err


def test_a_table_id_that_is_neither_a_question_nor_an_operation_is_reported(raw_copy, capsys):
    import_into(raw_copy)
    fill_mapping(raw_copy, UNMAPPED, "q-inconnue", "essor-tchad")
    assert import_into(raw_copy) == 1
    out = capsys.readouterr().out
    assert f"question_id inconnu dans la table des codes : « q-inconnue » (code « {UNMAPPED} »)" in out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# --------------------------------------------------------------------------- lines and excerpts


def test_lines_count_windows_breaks_once_and_skip_the_break_a_segment_ends_on():
    text = "un\r\ndeux\r\ntrois\r\n"
    starts = line_starts(text)
    assert line_range(starts, text, text.index("deux"), text.index("trois")) == (2, 2)  # ends on "\r\n"
    assert line_range(starts, text, text.index("deux"), len(text)) == (2, 3)
    assert line_range(starts, text, 2, 4) is None  # a line break alone
    assert len(starts) - 1 == len(text.splitlines())


def test_offsets_are_code_points_not_bytes():
    text = "Œuvre « commune »\nsuite"
    start = text.index("suite")
    assert start < len(text[:start].encode("utf-8"))  # bytes would count further
    assert line_range(line_starts(text), text, start, start + 5) == (2, 2)


def test_a_long_segment_is_quoted_by_its_start_and_end_and_still_reads_at_its_lines():
    words = " ".join(f"mot{n}" for n in range(200))
    quoted = excerpt(words.replace(" mot50 ", "\n mot50 "))
    assert len(quoted) < EXCERPT_LIMIT and "[…]" in quoted
    assert quoted.startswith("mot0 ") and quoted.endswith(" mot199")
    assert quoted_in(quoted, words)
    assert not quoted_in(quoted.replace("mot199", "mot200"), words)


def test_atlas_offsets_count_a_windows_break_once(tmp_path):
    project = variant(tmp_path, 'origin="pyrefiqda 0.3.1"', 'origin="ATLAS.ti 23"')
    source = read_project(project).sources[0]
    windows = read_project(FIXTURE).sources[0].text
    assert "\r\n" not in source.text and len(source.text) == len(windows) - windows.count("\r\n")


def test_the_imported_passages_reach_section_5_and_its_annex(cleaned):
    """What the import brought is evidence like any other: section 5 counts the interviews among the
    sources of each question they answer, and annex B quotes them, cited by the note."""
    import lxml.html

    from toolkit.model.config import load_config
    from toolkit.report.question_findings import criterion_findings, passages_annex
    from toolkit.results.portfolio import load

    _, clean, *_ = cleaned
    portfolio = load(clean)

    def text(html) -> str:
        return " ".join(lxml.html.fromstring(str(html)).text_content().replace("\u202f", " ").split())

    impact = lxml.html.fromstring(str(criterion_findings(portfolio, "impact", load_config(CONFIG))))
    [block] = impact.xpath('//section[h4[@id="q-impact-1"]]')  # Q10, which interview 1's l. 9-10 answers
    assert "4 passages (capitalisation) ; 1 passage (entretien) ;" in " ".join(block.text_content().split())
    annex = text(passages_annex(portfolio))
    # No role or place filled in yet (a warning says so): the citation gives the kind, number and date.
    assert "Entretien 1 — 14 mars 2027, l. 4-5" in annex and "Entretien 2, l. 6-7" in annex
