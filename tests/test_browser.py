"""What a reviewer sees: every page of the CAAC build opened in headless Chromium, offline."""

import pytest

from tests.browser import LAPTOP, broken_links, visit
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

# Saved for a person to look at after `make test`; ignored by git.
SCREENSHOTS = ROOT / "test-output" / "screenshots"


def _pages(reports):
    return [reports / "index.html", reports / "data-quality.html", *sorted((reports / "operations").glob("*.html"))]


def test_every_page_opens_offline_without_error_request_or_broken_link(built, chromium):
    reports = built[0] / "reports"
    pages = _pages(reports)
    assert len(pages) == 11
    problems = {}
    for page in pages:
        seen = visit(chromium, page, SCREENSHOTS / f"{page.stem}.png")
        found = {
            "console errors": seen.console_errors,
            "failed requests": seen.failed_requests,
            "requests leaving the file": seen.blocked_requests,
            "broken links": broken_links(page, seen.hrefs),
            "wider than a laptop screen": [f"{seen.width} px"] if seen.width > LAPTOP else [],
        }
        if any(found.values()):
            problems[page.name] = {kind: items for kind, items in found.items() if items}
        assert seen.hrefs, f"{page.name} has no link at all"
        assert "Boîte à outils d'évaluation" in seen.text, f"{page.name} has no provenance footer"
    assert problems == {}
    assert all((SCREENSHOTS / f"{page.stem}.png").stat().st_size > 10_000 for page in pages)


def test_an_operation_page_links_back_and_to_its_neighbours(built, chromium):
    reports = built[0] / "reports"
    operations = sorted((reports / "operations").glob("*.html"))
    seen = visit(chromium, reports / "operations" / "cgt-banane.html")
    assert "../index.html" in seen.hrefs and "../data-quality.html#op-cgt-banane" in seen.hrefs
    neighbours = {f"{page.stem}.html" for page in operations} & set(seen.hrefs)
    assert len(neighbours) == 2, neighbours
    assert "Opération précédente" in seen.text and "Opération suivante" in seen.text


def test_printing_hides_the_navigation(built, chromium):
    page = built[0] / "reports" / "operations" / "cgt-banane.html"
    seen = visit(chromium, page, print_hidden=(".caac-breadcrumb", ".caac-pager"))
    assert seen.hidden_in_print == {".caac-breadcrumb": True, ".caac-pager": True}


def test_the_index_has_a_table_of_contents_and_a_card_per_operation(built, chromium):
    seen = visit(chromium, built[0] / "reports" / "index.html")
    assert "Sommaire" in seen.text
    cards = [href for href in seen.hrefs if href.startswith("operations/") and href.endswith(".html")]
    assert len(set(cards)) == 9


def test_pages_stay_within_their_size_budget(built):
    reports = built[0] / "reports"
    assert (reports / "index.html").stat().st_size < 5_000_000
    for page in (reports / "operations").glob("*.html"):
        assert page.stat().st_size < 1_500_000, page.name
