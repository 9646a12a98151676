"""What a reviewer sees: every page of the CAAC build opened in headless Chromium, offline."""

import shutil

import pytest

from tests.browser import BLOCKING_IMPACTS, LAPTOP, broken_links, visit
from tests.conftest import ROOT, operation_pages

pytestmark = pytest.mark.e2e

# Saved for a person to look at after `make test`; ignored by git.
SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE_RESULTS = ROOT / "test-output" / "axe"


def _every_page(reports):
    """Every page of the build: the programme's (index, data quality, any other), then the nine operations'."""
    pages = [*sorted(reports.glob("*.html")), *sorted((reports / "operations").glob("*.html"))]
    assert {"index.html", "annexes.html", "data-quality.html"} <= {page.name for page in pages}
    assert len(list((reports / "operations").glob("*.html"))) == 9 and len(pages) == 12
    return pages


@pytest.fixture(scope="module")
def visits(built, chromium):
    """Every page opened once, as a reviewer's browser opens it: screenshot, axe-core and layout
    measured in the same visit (three visits a page cost half a minute of the suite)."""
    shutil.rmtree(AXE_RESULTS, ignore_errors=True)  # no results left over from a page that is gone
    return {
        page: visit(
            chromium,
            page,
            SCREENSHOTS / f"{page.stem}.png",
            accessibility=True,
            axe_json=AXE_RESULTS / f"{page.stem}.json",
            layout=True,
        )
        for page in _every_page(built[0] / "reports")
    }


def test_every_page_opens_offline_without_error_request_or_broken_link(visits):
    pages = list(visits)
    assert len(pages) == 12
    problems = {}
    for page in pages:
        seen = visits[page]
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


# A page broken on purpose: the accessibility and layout checks of tests.browser must see what is wrong.
BROKEN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cassée</title><style>
main { width: 600px; margin: 0 auto; padding: 0 20px; }
.output { overflow: auto; }
td { white-space: nowrap; }
</style></head><body><main>
<p style="color: #bbbbbb">Texte presque invisible</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div class="output"><table><caption>Trop large</caption><tr><th>En-tête</th></tr><tr><td>{long}</td></tr></table></div>
<table><caption>Étroite</caption><tr><th>Court</th></tr></table>
</main></body></html>
"""


def test_axe_runs_offline_and_reports_what_a_page_breaks(chromium, tmp_path):
    page = tmp_path / "cassee.html"
    page.write_text(BROKEN.replace("{long}", "mot"), encoding="utf-8")
    seen = visit(chromium, page, accessibility=True, axe_json=tmp_path / "axe.json")
    assert seen.blocked_requests == [] and seen.console_errors == []
    assert seen.axe["testEngine"]["name"] == "axe-core"
    assert {"image-alt", "html-has-lang", "color-contrast"} <= {violation.rule for violation in seen.violations}
    assert all(violation.impact in BLOCKING_IMPACTS and violation.targets for violation in seen.violations)
    assert '"violations"' in (tmp_path / "axe.json").read_text(encoding="utf-8")


def test_the_layout_check_sees_a_table_cut_off_by_a_scrolling_output(chromium, tmp_path):
    page = tmp_path / "cassee.html"
    page.write_text(BROKEN.replace("{long}", "très long " * 100), encoding="utf-8")
    seen = visit(chromium, page, layout=True)
    assert [(table["caption"], table["container"]) for table in seen.tables_cut_off] == [("Trop large", "div.output")]
    assert seen.tables_cut_off[0]["overflow"] > 1000
    assert [box["element"] for box in seen.scrolling] == ["div.output"]


def test_every_page_passes_axe_without_a_serious_or_critical_violation(visits):
    """axe-core (from the pinned wheel, offline) on every page; its full results are in test-output/axe/."""
    assert len(visits) == 12
    problems = {}
    for page, seen in visits.items():
        assert seen.axe.get("testEngine", {}).get("name") == "axe-core", f"axe-core did not run on {page.name}"
        assert seen.lang == "fr", f"{page.name} is not declared French: lang={seen.lang!r}"
        if seen.violations:
            problems[page.name] = [str(violation) for violation in seen.violations]
    assert problems == {}, "axe-core (see test-output/axe/):\n" + "\n".join(
        f"{name}: {violation}" for name, found in problems.items() for violation in found
    )


def test_no_table_is_cut_off_and_nothing_scrolls_sideways_on_a_laptop(visits):
    assert len(visits) == 12
    problems = []
    for page, seen in visits.items():
        problems += [
            f"{page.name}: table « {table['caption']} » passes the right edge of {table['container']} "
            f"by {table['overflow']} px"
            for table in seen.tables_cut_off
        ]
        problems += [
            f"{page.name}: {box['element']} (overflow-x: {box['overflowX']}) is {box['excess']} px wider inside "
            f"than it shows: « {box['text']} »"
            for box in seen.scrolling
        ]
    assert problems == [], f"at {LAPTOP} px wide:\n" + "\n".join(problems)


def test_an_operation_page_links_back_and_to_its_neighbours(built, chromium):
    reports = built[0] / "reports"
    operations = operation_pages(reports)
    seen = visit(chromium, reports / "operations" / "cgt-banane.html")
    assert "../index.html" in seen.hrefs and "../data-quality.html#op-cgt-banane" in seen.hrefs
    neighbours = {f"{page.stem}.html" for page in operations} & set(seen.hrefs)
    assert len(neighbours) == 2, neighbours
    assert "Opération précédente" in seen.text and "Opération suivante" in seen.text


def test_printing_hides_the_navigation(built, chromium):
    page = built[0] / "reports" / "operations" / "cgt-banane.html"
    seen = visit(chromium, page, print_hidden=(".ev-breadcrumb", ".ev-pager"))
    assert seen.shown_on_screen == {".ev-breadcrumb": True, ".ev-pager": True}
    assert seen.hidden_in_print == {".ev-breadcrumb": True, ".ev-pager": True}


def test_the_index_has_a_table_of_contents_and_a_card_per_operation(built, chromium):
    seen = visit(chromium, built[0] / "reports" / "index.html")
    assert "Sommaire" in seen.text
    cards = [href for href in seen.hrefs if href.startswith("operations/") and href.endswith(".html")]
    assert len(set(cards)) == 9


def test_pages_stay_within_their_size_budget(built):
    reports = built[0] / "reports"
    assert (reports / "index.html").stat().st_size < 5_000_000
    for page in operation_pages(reports):
        assert page.stat().st_size < 1_500_000, page.name
