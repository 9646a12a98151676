"""Every figure a reviewer checks, found on the rendered page as its source states it.

The expectations come from ``tests/fidelity/sources.toml``, transcribed by hand from the
source documents independently of ``data/raw/``. The tests read the built HTML (the text a
reader sees, in the table and row where the figure belongs), not the clean CSV files.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import lxml.html
import pytest

SOURCES = tomllib.loads((Path(__file__).parent / "fidelity" / "sources.toml").read_text(encoding="utf-8"))
OPERATIONS = {operation["id"]: operation for operation in SOURCES["operation"]}
REACH_FR = {"direct": "Directs", "indirect": "Indirects"}
FICHES = "003_373f3e170bffc0e1.txt"
# How the pages cite each document (author, short title, year), as documents.csv describes them.
CITED_AS = {
    "000_54330da43feb5e27.txt": "CFSI, Table ronde ESS Niort, 2023",
    "001_62b3f33ff500d6e8.txt": "La Fonda, Tribune Fonda n° 247, 2020",
    "002_7dd0c94f2aa27c9d.txt": "CFSI, Appel à projets phase 2, 2022",
    "003_373f3e170bffc0e1.txt": "CFSI, Les actions pilotes, s. d.",
    "004_7f76860180fe7761.txt": "IRG, Capitalisation CAAC, 2018",
}


def plain(text: str) -> str:
    """Text as a reader compares it: every kind of space one space, typographic quotes plain."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")
    return " ".join(text.split())


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", plain(text).casefold())
    return "".join(char for char in decomposed if char.isalnum())


def tables(page: Path) -> dict[str, list[dict[str, str]]]:
    """Each table of the page by its caption: its rows as {header: cell text}."""
    root = lxml.html.parse(str(page)).getroot()
    for line_break in root.iter("br"):  # a cell's lines stay apart, as the browser shows them
        line_break.tail = "\n" + (line_break.tail or "")
    found = {}
    for element in root.iter("table"):
        caption = element.find("caption")
        headers = [plain(th.text_content()) for th in element.iterfind("thead/tr/th")]
        rows = [
            dict(zip(headers, (plain(cell.text_content()) for cell in tr if cell.tag in ("th", "td")), strict=True))
            for tr in element.iterfind("tbody/tr")
        ]
        found[plain(caption.text_content()) if caption is not None else ""] = rows
    return found


def cites(cell: str, line: int, document: str = FICHES) -> bool:
    """Whether a citation cell ("CFSI, Les actions pilotes, s. d., l. 12-69, l. 80 ; IRG, …") cites
    ``document`` at ``line``, alone or within a range."""
    label = CITED_AS[document]
    for part in plain(cell).split(" ; "):
        start = part.find(label + ",")
        if start >= 0:
            for first, last in re.findall(r"l\. (\d+)(?:-(\d+))?", part[start + len(label) :]):
                if int(first) <= line <= int(last or first):
                    return True
    return False


@pytest.fixture(scope="module")
def pages(built):
    out, result = built
    assert not result.failures, result.failures
    operations = sorted((out / "reports" / "operations").glob("*.html"))
    assert len(operations) == len(OPERATIONS)
    return {page.stem: tables(page) for page in operations}, out / "reports"


def _identity(page: Path) -> dict[str, str]:
    root = lxml.html.parse(str(page)).getroot()
    terms = root.xpath("//dl/dt")
    return {plain(dt.text_content()): plain(dt.getnext().text_content()) for dt in terms}


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_budget_grant_duration_and_countries_as_the_fiche_states_them(pages, operation_id):
    expected = OPERATIONS[operation_id]
    found, reports = pages
    finances = {row["Poste"]: row for row in found[operation_id]["Financement de l'opération"]}
    budget, grant = finances["Budget total (fiche)"], finances["Subvention accordée par le programme (fiche)"]
    assert budget["Montant"] == plain(expected["budget"]) and cites(budget["Source"], expected["budget_line"])
    assert grant["Montant"] == plain(expected["grant"]) and cites(grant["Source"], expected["grant_line"])
    # Each figure cites its own line, not the whole fiche.
    assert not cites(budget["Source"], expected["grant_line"]) and not cites(grant["Source"], expected["budget_line"])
    identity = _identity(reports / "operations" / f"{operation_id}.html")
    duration, cited = identity["Durée prévue"].split(" (", 1)
    assert duration == plain(expected["duration"]) and cites(cited, expected["duration_line"])
    shown = {folded(name) for name in identity["Pays"].split(", ")}
    assert shown == {folded(name) for name in expected["countries"]}


def _people_rows(found: dict, operation_id: str) -> list[dict[str, str]]:
    return found[operation_id]["Publics visés selon la fiche, groupe par groupe"]


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_every_group_of_people_with_its_count_unit_place_and_line(pages, operation_id):
    found, _ = pages
    rows = _people_rows(found, operation_id)
    for group in OPERATIONS[operation_id]["people"]:
        if group["figure"].endswith("%"):
            # A share of a group ("dont 49,7 % de femmes") is not a group: it is kept as a remark.
            assert any(plain(group["figure"]) in row["Remarque"] for row in rows), group
            continue
        figure = plain(group["figure"]) or "non chiffré"
        unit_word = folded(group["unit"].split()[0])
        matches = [
            row
            for row in rows
            if row["Publics"] == REACH_FR[group["reach"]]
            and row["Nombre"] == figure
            and unit_word in folded(row["Groupe"])
        ]
        assert len(matches) == 1, (group, rows)
        row = matches[0]
        assert row["Personnes"] == ("oui" if group["persons"] else "non"), group
        if group["place"]:
            assert plain(group["place"]) in row["Lieu"], group
        else:
            assert row["Lieu"] == "—", group
        assert cites(row["Source"], group["line"]), group


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_no_operation_reads_not_reported_when_its_fiche_counts_people(pages, operation_id):
    found, _ = pages
    rows = _people_rows(found, operation_id)
    assert rows, "the fiche counts people: the page must show them"
    assert not any("non renseigné" in row["Nombre"] for row in rows)


TARGETS = [(operation_id, target) for operation_id, op in OPERATIONS.items() for target in op.get("target", [])]


@pytest.mark.parametrize(("operation_id", "target"), TARGETS, ids=[f"{o}-{t['line']}" for o, t in TARGETS])
def test_every_target_keeps_its_range_and_unit(pages, operation_id, target):
    found, _ = pages
    rows = found[operation_id]["Indicateurs : référence, cible, réalisation, taux d'atteinte et statut"]
    unit = target["unit"]
    expected = plain(f"{target['figure']}" if unit == "%" else f"{target['figure']} {unit}")
    matches = [row for row in rows if row["Cible"].startswith(expected) and cites(row["Source"], target["line"])]
    assert matches, (expected, [(row["Cible"], row["Source"]) for row in rows])


# The programme-level figures of the second list, each found in the claims table of the annexes.
CLAIMS = [claim for claim in SOURCES["claim"] if claim["subject"] != "other"]


@pytest.fixture(scope="module")
def published(built):
    out, _ = built
    found = tables(out / "reports" / "annexes.html")
    return found["Chiffres publiés sur le programme, un par ligne, face aux données des opérations"]


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c['document'][:3]}-{c['line']}-{c['subject']}" for c in CLAIMS])
def test_every_published_figure_is_in_the_claims_table_with_its_line(published, claim):
    rows = [row for row in published if cites(row["Où il est écrit"], claim["line"], claim["document"])]
    figure = plain(claim["figure"])
    assert any(figure in row["Chiffre publié"] for row in rows), (claim, [r["Chiffre publié"] for r in rows])
    assert all(row["Verdict"] in {"cohérent", "incohérent", "non recalculable"} for row in rows)


# ---- the kinds of error a second reviewer finds (issue 24), read on the rendered pages ----------

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "raw" / "documents"


def _line(document: str, line: int) -> str:
    return (DOCUMENTS / document).read_text(encoding="utf-8").splitlines()[line - 1]


def _text(page: Path) -> str:
    return plain(lxml.html.parse(str(page)).getroot().text_content())


@pytest.mark.parametrize("case", SOURCES["design"], ids=lambda case: f"{case['operation']}-{case['line']}")
def test_a_design_is_never_shown_as_a_result(pages, case):
    found, reports = pages
    assert plain(case["words"]) in plain(_line(case["document"], case["line"]))
    rows = found[case["operation"]]["Indicateurs : référence, cible, réalisation, taux d'atteinte et statut"]
    assert not [row for row in rows if cites(row["Source"], case["line"], case["document"])]
    assert not [row for row in rows if row["Statut"].endswith("Atteint")], rows


@pytest.mark.parametrize("case", SOURCES["unit"], ids=lambda case: case["operation"])
def test_a_count_without_its_unit_keeps_the_fiches_word_and_is_not_persons(pages, case):
    found, reports = pages
    assert case["figure"] in plain(_line(FICHES, case["line"]))
    (row,) = [row for row in _people_rows(found, case["operation"]) if row["Nombre"] == plain(case["figure"])]
    assert row["Groupe"] == case["word"] and row["Personnes"] == "non" and cites(row["Source"], case["line"])
    for page in (reports / "operations" / f"{case['operation']}.html", reports / "index.html"):
        assert f"{plain(case['figure'])} personnes" not in _text(page)


@pytest.mark.parametrize("case", SOURCES["attribution"], ids=lambda case: case["speaks_of"])
def test_a_passage_is_filed_under_the_operation_it_speaks_of(pages, case):
    _, reports = pages
    assert plain(case["words"]) in plain(_line(case["document"], case["line"]))
    assert plain(case["words"]) in _text(reports / "operations" / f"{case['speaks_of']}.html")
    for operation_id in case["not_under"]:
        assert plain(case["words"]) not in _text(reports / "operations" / f"{operation_id}.html")


PAIRS_TABLE = "Les documents face aux documents"
OPERATION_PAIRS = "Ce que les sources disent de l'opération de deux façons"


def _pair_rows(rows: list[dict[str, str]], pair: dict, first: str, second: str) -> list[dict[str, str]]:
    one, other = pair["first"], pair["second"]
    return [
        row
        for row in rows
        if plain(one["words"]) in row[first]
        and cites(row[first], one["line"], one["document"])
        and plain(other["words"]) in row[second]
        and cites(row[second], other["line"], other["document"])
    ]


@pytest.mark.parametrize("pair", SOURCES["pair"], ids=lambda p: f"{p['first']['line']}-{p['second']['line']}")
def test_passages_that_disagree_are_set_side_by_side_where_they_bite(pages, pair):
    found, reports = pages
    for side in (pair["first"], pair["second"]):
        assert plain(side["words"]) in plain(_line(side["document"], side["line"]))
    annex = tables(reports / "annexes.html")[PAIRS_TABLE]
    # The annex gives each side's words and, in the next column, their lines.
    merged = [
        {
            "first": f"{row['Un document dit']} {row['Où il le dit']}",
            "second": " ".join((row["Un autre passage dit"], row["Où l'autre le dit"])),
        }
        | {"Verdict": row["Verdict"]}
        for row in annex
    ]
    matches = _pair_rows(merged, pair, "first", "second")
    assert len(matches) == 1 and matches[0]["Verdict"] == pair["verdict"], pair
    for operation_id in pair["operations"]:
        rows = _pair_rows(found[operation_id][OPERATION_PAIRS], pair, "Un passage dit", "Un autre passage dit")
        assert [row["Verdict"] for row in rows] == [pair["verdict"]], operation_id


def test_every_citation_link_opens_the_line_its_text_names(pages):
    """On the index and every operation page: "l. 47" links to #l47 of the document it names, and
    that line of the document page is the line of the file."""
    _, reports = pages
    checked = 0
    shown: dict[Path, dict[str, str]] = {}  # each document page read once: its lines' text by anchor
    for page in [reports / "index.html", *sorted((reports / "operations").glob("*.html"))]:
        for anchor in lxml.html.parse(str(page)).getroot().xpath("//main//a[contains(@href, 'documents/')]"):
            href = anchor.get("href")
            if "#" not in href:
                continue
            target, fragment = href.split("#")
            lines = re.fullmatch(r"l(\d+)(?:-(\d+))?", fragment)
            assert lines, href
            named = re.search(r"l\. (\d+)(?:-(\d+))?$", plain(anchor.text_content()))
            assert named and named.groups() == lines.groups(), (page.name, href, anchor.text_content())
            document = (page.parent / target).resolve()
            if document not in shown:
                root = lxml.html.parse(str(document)).getroot()
                shown[document] = {
                    line.get("id"): plain(line.find_class("ev-text")[0].text_content())
                    for line in root.find_class("ev-line")
                }
            written = _line(document.stem + ".txt", int(lines[1]))
            assert shown[document][f"l{lines[1]}"] == plain(written) or not written.strip()
            checked += 1
    assert checked > 300
