"""A second real programme: five published IATI activities (four publishers, four currencies, results
with baselines, targets and actuals, a budget of zero, an activity without a budget) imported and
built through the one path the guide gives, and read back from the rendered pages."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT
from toolkit.interop.iati_import import import_iati
from toolkit.interop.iati_settings import write_starting_config
from toolkit.model.config import load_config
from toolkit.model.language import _, using
from toolkit.text import fmt
from toolkit.text.html import escape

FIXTURE = Path(__file__).parent / "fixtures" / "iati" / "iati-multi-publisher-covid-excerpt.xml"

pytestmark = pytest.mark.e2e


def _stated_budgets() -> dict[int, tuple[Decimal, str] | None]:
    """Each activity's budget as the XML states it, by the activity's line, read here without the
    toolkit: the revised budgets where there are any, else the original ones, in the value's currency
    or the activity's default. None: the activity states no budget."""
    stated: dict[int, tuple[Decimal, str] | None] = {}
    for activity in etree.parse(str(FIXTURE)).getroot().iter("iati-activity"):
        identifier = activity.sourceline
        budgets = activity.findall("budget")
        chosen = [b for b in budgets if b.get("type") == "2"] or budgets
        values = [b.find("value") for b in chosen]
        currencies = {v.get("currency") or activity.get("default-currency") for v in values}
        assert len(currencies) <= 1, identifier  # the fixture was chosen with one currency per budget
        stated[identifier] = (sum(Decimal(v.text.strip()) for v in values), currencies.pop()) if values else None
    return stated


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from toolkit.build.pipeline import build
    from toolkit.build.tasks import BuildOptions
    from toolkit.model.paths import BuildPaths

    out = tmp_path_factory.mktemp("real-iati") / "programme" / "raw"
    result = import_iati(FIXTURE, out)
    path, _ = write_starting_config(out, result.settings)
    config = load_config(path)
    folders = config.folders
    paths = BuildPaths(folders.raw, folders.clean, folders.reports, ROOT / "notebooks", folders.narrative, path)
    outcome = build(paths, BuildOptions(jobs=2), echo=lambda _: None)
    with (out / "operations.csv").open(encoding="utf-8") as file:
        # Each operation cites its activity's line: "<file> l. <line>".
        lines = {
            int(row["source"].rsplit(" ", 1)[1]): row["operation_id"] for row in csv.DictReader(file, delimiter=";")
        }
    return lines, config, outcome


def _page(folders, name: str) -> str:
    return (folders.reports / name).read_text(encoding="utf-8")


def test_every_activity_has_its_page_with_its_budget_in_the_currency_the_xml_states(built):
    operations, config, outcome = built
    with using(config.language):  # the file's texts are English: so are its pages and their amounts
        _every_activity_has_its_page(operations, config, outcome)


def _every_activity_has_its_page(operations, config, outcome):
    assert outcome.failures == []
    budgets = _stated_budgets()
    assert set(operations) == set(budgets) and len(budgets) == 5
    pages = {p.stem for p in (config.folders.reports / "operations").glob("*.html")}
    assert pages == set(operations.values())
    for line, budget in budgets.items():
        page = _page(config.folders, f"operations/{operations[line]}.html")
        if budget is None:
            assert f'{_("Budget total (fiche)")}</th><td class="num">{fmt.NOT_REPORTED}</td>' in page
        elif budget[0] == 0:
            # A budget of zero breaks the budget's rule: refused, said so, and the activity keeps its page.
            assert escape(fmt.REFUSED) in page
        else:
            assert escape(fmt.money(budget[0], budget[1])) in page, (line, fmt.money(*budget))


def test_amounts_in_other_currencies_are_converted_for_the_totals_with_their_rate_and_source(built):
    _, config, _ = built
    assert (config.money.reporting_currency, config.language) == ("USD", "en")  # as most activities have them
    index = _page(config.folders, "index.html")
    assert "(converted)" in index and "Exchange rates: EUR converted into USD: 1 EUR = " in index
    annexes = _page(config.folders, "annexes.html")
    assert "ECB reference rate of 2021-05-28" in annexes  # the conversion source, in English
    with using(config.language):
        assert escape(fmt.money(15916, "EUR")) in annexes


def test_a_budget_stated_in_one_value_cites_that_values_line(built):
    """The activity's own line shows its default currency; the budget's line shows the amount and its own."""
    operations, config, _ = built
    for activity in etree.parse(str(FIXTURE)).getroot().iter("iati-activity"):
        values = [budget.find("value") for budget in activity.findall("budget")]
        if len(values) != 1:
            continue
        page = _page(config.folders, f"operations/{operations[activity.sourceline]}.html")
        assert f"#l{values[0].sourceline}" in page, activity.sourceline
