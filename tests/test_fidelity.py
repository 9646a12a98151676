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
    finances = {row["Poste"]: row["Montant"] for row in found[operation_id]["Financement de l'opération"]}
    assert finances["Budget total (fiche)"] == plain(expected["budget"])
    assert finances["Subvention accordée par le programme (fiche)"] == plain(expected["grant"])
    identity = _identity(reports / "operations" / f"{operation_id}.html")
    assert identity["Durée prévue"] == plain(expected["duration"])
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
