"""What a reviewer sees: every page of the CAAC build opened in headless Chromium, offline."""

import re
import shutil

import pytest

from tests.browser import BLOCKING_IMPACTS, LAPTOP, broken_links, visit
from tests.conftest import ROOT, operation_pages

pytestmark = pytest.mark.e2e

# Saved for a person to look at after `make test`; ignored by git.
SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE_RESULTS = ROOT / "test-output" / "axe"


PAGES = 12 + 5  # the programme's three, the nine operations', the five source documents'


def _every_page(reports):
    """Every page of the build: the programme's (index, data quality, any other), the nine operations',
    then the five source documents'."""
    pages = [
        *sorted(reports.glob("*.html")),
        *sorted((reports / "operations").glob("*.html")),
        *sorted((reports / "documents").glob("*.html")),
    ]
    assert {"index.html", "annexes.html", "data-quality.html"} <= {page.name for page in pages}
    assert len(list((reports / "operations").glob("*.html"))) == 9 and len(pages) == PAGES
    return pages


def _is_document(page):
    return page.parent.name == "documents"


# The five document pages are one template over different texts: axe-core checks it on the short
# ones (0.8 s each), not again on 616 and 1,806 lines (2.9 s and 7.4 s of the suite's budget).
AXE_DOCUMENT_LINES = 100


# The nine operation pages are one notebook over different data: axe-core checks three whose
# blocks differ most (the budget outlier and its figure, two countries and money indicators, a
# page with few indicators), not all nine (1.4 s each, 9 s of the suite's budget). Every page is
# still opened, measured and checked for broken links.
AXE_OPERATIONS = {"cag44-jeunes-ruraux", "spf-comasagua-montauban", "batik-echangeons"}


def _screenshot(page) -> bool:
    return not _is_document(page) and (page.parent.name != "operations" or page.stem in AXE_OPERATIONS)


def _axe_checks(page) -> bool:
    if page.parent.name == "operations":
        return page.stem in AXE_OPERATIONS
    if not _is_document(page):
        return True
    return page.read_text(encoding="utf-8").count('class="ev-line') <= AXE_DOCUMENT_LINES


@pytest.fixture(scope="module")
def visits(built, chromium):
    """Every page opened once, as a reviewer's browser opens it: screenshot, axe-core and layout
    measured in the same visit (three visits a page cost half a minute of the suite)."""
    # No results or screenshots left over from a page that is gone or no longer shot.
    shutil.rmtree(AXE_RESULTS, ignore_errors=True)
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    return {
        page: visit(
            chromium,
            page,
            # A document of 1,806 lines is a screenshot too tall to be worth keeping; of the nine
            # operation pages, the three axe-core checks are kept.
            SCREENSHOTS / f"{page.stem}.png" if _screenshot(page) else None,
            accessibility=_axe_checks(page),
            axe_json=AXE_RESULTS / f"{page.stem}.json",
            layout=True,
        )
        for page in _every_page(built[0] / "reports")
    }


def test_every_page_opens_offline_without_error_request_or_broken_link(visits):
    pages = list(visits)
    assert len(pages) == PAGES
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
    assert all((SCREENSHOTS / f"{page.stem}.png").stat().st_size > 10_000 for page in pages if _screenshot(page))


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
    assert len(visits) == PAGES
    checked = [page for page in visits if _axe_checks(page)]
    assert len([page for page in checked if _is_document(page)]) == 3  # 000, 001, 002
    problems = {}
    for page, seen in ((page, visits[page]) for page in checked):
        assert seen.axe.get("testEngine", {}).get("name") == "axe-core", f"axe-core did not run on {page.name}"
        assert seen.lang == "fr", f"{page.name} is not declared French: lang={seen.lang!r}"
        if seen.violations:
            problems[page.name] = [str(violation) for violation in seen.violations]
    assert problems == {}, "axe-core (see test-output/axe/):\n" + "\n".join(
        f"{name}: {violation}" for name, found in problems.items() for violation in found
    )


def test_no_table_is_cut_off_and_nothing_scrolls_sideways_on_a_laptop(visits):
    assert len(visits) == PAGES
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


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()  # the no-break spaces of numbers included


def test_every_figure_has_a_title_that_its_alternative_text_repeats(visits):
    """A figure's title says its message; a reader of the alternative text gets the same message first."""
    checked = [
        page for page in visits if page.name in {"index.html", "annexes.html"} or page.parent.name == "operations"
    ]
    assert len(checked) == 11
    problems = []
    for page in checked:
        for figure in visits[page].figures:
            title = _words(figure["title"])
            if not title:
                problems.append(f"{page.name}: a figure without a title (alt « {figure['alt'][:80]} »)")
            elif title not in _words(figure["alt"]):
                problems.append(f"{page.name}: « {title} » is not in the alt text « {figure['alt'][:120]} »")
    assert problems == []
    assert sum(len(visits[page].figures) for page in checked) >= 3  # the index's and the annex's charts


def test_no_table_or_figure_appears_twice_on_a_page(visits):
    repeated = {}
    for page, seen in visits.items():
        shown = {
            "tables": [_words(caption) for caption in seen.table_captions if _words(caption)],
            "figure images": [figure["src"] for figure in seen.figures if figure["src"]],
            "figure titles": [_words(title) for title in seen.figure_titles if _words(title)],
        }
        for kind, items in shown.items():
            twice = sorted({item[:100] for item in items if items.count(item) > 1})
            if twice:
                repeated[f"{page.parent.name}/{page.name} {kind}"] = twice
    assert repeated == {}
    assert any(seen.table_captions for seen in visits.values())  # the check saw tables at all


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


# In the browser, on a document's page opened at a citation's anchor: where the cited line is, and
# which lines the page shows as cited by that link.
# Every fragment of one document followed in a single call: the page's own hash changes, then what
# the reader sees (the first cited line on screen, the lines the stylesheet highlights). One call a
# document rather than one a citation: two hundred round trips cost a quarter of a minute.
CITED = r"""(fragments) => {
  const mark = getComputedStyle(document.querySelector("main")).getPropertyValue("--ev-cited-target").trim();
  const probe = document.createElement("span");
  probe.style.background = mark;
  document.body.append(probe);
  const highlight = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const lines = [...document.querySelectorAll(".ev-line")];
  const seen = {};
  for (const fragment of fragments) {
    location.hash = fragment;
    const target = document.getElementById(fragment);
    if (!target) { seen[fragment] = null; continue; }
    const line = target.closest(".ev-line");
    const rect = line.getBoundingClientRect();
    seen[fragment] = {
      first: line.id,
      onScreen: rect.top >= 0 && rect.top < window.innerHeight - 20,
      highlighted: lines.filter((element) => getComputedStyle(element).backgroundColor === highlight)
        .map((element) => element.id),
    };
  }
  return seen;
}"""


def test_every_citation_opens_its_document_at_the_cited_line_with_the_range_highlighted(built, chromium):
    """Each citation of the index and of the operation pages, followed offline: its document's page
    opens with the first cited line on screen, and exactly the cited lines highlighted."""
    import re
    from urllib.parse import urlsplit

    import lxml.html

    reports = built[0] / "reports"
    targets: dict = {}
    for page in [reports / "index.html", *operation_pages(reports)]:
        for href in lxml.html.parse(str(page)).getroot().xpath("//main//a/@href"):
            parts = urlsplit(href)
            # A document named as a whole ("IRG, Capitalisation CAAC, 2018 est une capitalisation")
            # opens at its top; a citation of lines opens at them.
            if "documents/" in parts.path and parts.fragment:
                targets.setdefault((page.parent / parts.path).resolve(), set()).add(parts.fragment)
    assert len(targets) == 5 and sum(len(fragments) for fragments in targets.values()) > 200
    context = chromium.new_context(viewport={"width": LAPTOP, "height": 900}, offline=True)
    tab = context.new_page()
    wrong = []
    for document, fragments in sorted(targets.items()):
        tab.goto(document.as_uri(), wait_until="load")
        followed = tab.evaluate(CITED, sorted(fragments))
        for fragment in sorted(fragments):
            numbers = re.fullmatch(r"l(\d+)(?:-(\d+))?", fragment)
            assert numbers, f"{document.name}#{fragment} is not a line"
            first, last = int(numbers[1]), int(numbers[2] or numbers[1])
            seen = followed[fragment]
            expected = {
                "first": f"l{first}",
                "onScreen": True,
                "highlighted": [f"l{n}" for n in range(first, last + 1)],
            }
            if seen != expected:
                wrong.append(f"{document.name}#{fragment}: {seen}")
    context.close()
    assert wrong == []


def test_a_document_page_prints_as_text_and_is_not_in_the_board_pdf(built):
    from toolkit.build import pdf

    page = (built[0] / "reports" / "documents" / "004_7f76860180fe7761.html").read_text(encoding="utf-8")
    assert "<script" not in page  # the highlight is the stylesheet's alone
    assert [pdf.REPORT_PAGE, *pdf.ANNEX_PAGES] == ["index.html", "annexes.html"]  # no document page in print
