"""Figures stay readable, small and reproducible whatever the size of the portfolio."""

import base64
import re
import struct
from dataclasses import replace

import pandas as pd
import pytest

from benchmarks.generate import change_one_value, generate
from toolkit.model.config import StatusThresholds, load_config
from toolkit.report import figures, framework
from toolkit.results.derive import run_clean
from toolkit.results.portfolio import load
from toolkit.results.slices import operation_view
from toolkit.text import fmt


def _png_size(html: str) -> tuple[int, int]:
    data = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))
    return struct.unpack(">II", data[16:24])  # the PNG header's width and height


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A synthetic portfolio with more operations than a bar chart holds."""
    folder = tmp_path_factory.mktemp("large")
    portfolio = generate(folder / "portfolio", operations=figures.MAX_BARS + 12, indicators=1, periods=1, seed=5)
    run_clean(portfolio.raw, folder / "clean", load_config(portfolio.config))
    return load(folder / "clean")


@pytest.fixture(scope="module")
def periodic(tmp_path_factory):
    """A synthetic portfolio whose operations report an actual for every target of several periods."""
    folder = tmp_path_factory.mktemp("periodic")
    portfolio = generate(folder / "portfolio", operations=3, indicators=3, periods=3, seed=2)
    change_one_value(portfolio.raw, "op-0002")  # its first period's rate now differs from the others
    run_clean(portfolio.raw, folder / "clean", load_config(portfolio.config))
    return load(folder / "clean")


@pytest.fixture
def drawn(monkeypatch):
    """What the next figure drew: its bars' widths, its tick labels and its lines, read off the real
    matplotlib figure just before it is exported."""
    seen: dict[str, list] = {}
    export = figures.figure_html

    def read_then_export(figure, **kwargs):
        axis = figure.axes[0]
        seen["widths"] = [float(bar.get_width()) for bar in axis.patches if bar.get_width()]
        seen["labels"] = [tick.get_text().replace("\n", " ") for tick in axis.get_yticklabels()]
        seen["lines"] = len(axis.lines)
        seen["lines_at"] = [float(line.get_xdata()[0]) for line in axis.lines]
        return export(figure, **kwargs)

    monkeypatch.setattr(figures, "figure_html", read_then_export)
    return seen


def test_the_progress_chart_draws_the_rates_of_the_table_one_bar_per_target(periodic, drawn):
    operation = "op-0002"
    view = operation_view(periodic, operation)
    achievement = periodic.achievement[
        (periodic.achievement["operation_id"] == operation) & periodic.achievement["achievement"].notna()
    ]
    # Each target has a rate for several periods, and they differ: a chart that averages them shows a
    # rate the table does not.
    assert (achievement.groupby("indicator_id").size() > 1).all()
    assert achievement.groupby("indicator_id")["achievement"].nunique().max() > 1
    figures.progress(view, operation, StatusThresholds())
    rows = framework.indicator_rows(view, operation)
    rated = rows[rows["achievement"].notna()]
    # Every target the programme's counts include is a row of the table and a bar, not only each
    # series' last one.
    assert len(rated) == len(achievement)
    assert drawn["widths"] == pytest.approx([float(rate) for rate in rated["achievement"]])
    assert drawn["lines"] == 1  # the threshold's line, and no error bar
    for label, title, period in zip(
        drawn["labels"], rated["indicator_title"], rated["achievement_period"], strict=True
    ):
        assert label == f"{title}, {period}"


def test_the_budget_chart_never_merges_two_operations_that_share_a_lead(caac_portfolio, drawn):
    from dataclasses import replace

    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "gret-femmes-migrantes", "lead_short"] = "CGT"
    figures.budget_and_grant(replace(caac_portfolio, operations=operations))
    # A bar for each operation's budget and one for its grant, the two CGT-led ones apart.
    assert len(drawn["widths"]) == 2 * len(operations)
    assert sorted(drawn["widths"]) == sorted([*operations["budget"], *operations["grant"]])
    assert {"CGT (cgt-banane)", "CGT (gret-femmes-migrantes)"} <= set(drawn["labels"])


def test_a_small_portfolio_gets_one_bar_per_operation(caac_portfolio):
    html = str(figures.budget_and_grant(operation_view(caac_portfolio, "cgt-banane"), highlight="cgt-banane"))
    assert "en barres" in html and "L'opération de CGT est en gras" in html.replace("&#x27;", "'")


def _plain(html) -> str:
    return str(html).replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "'")


def _title(html: str) -> str:
    return re.search(r'<strong class="ev-figure-title">(.*?)</strong>', html).group(1)


def test_the_budget_figure_titles_the_operation_that_stands_out_and_by_how_much(caac_portfolio):
    # 003 l. 253: CA-G44's budget is 526 561 €; the nine budgets of 003 have a median of 102 100 €
    # (GRET's, l. 529), and 526 561 / 102 100 = 5,16.
    html = _plain(figures.budget_and_grant(caac_portfolio))
    message = "Le budget le plus élevé est celui de CA-G44 (526 561 €), 5,2 fois le budget médian (102 100 €)."
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    caption = re.search(r"<figcaption>(.*?)<span", html).group(1)
    assert _title(html) == "CA-G44 : un budget 5,2 fois la médiane"
    assert alt.startswith("CA-G44 : un budget 5,2 fois la médiane. ")
    assert message in alt and message in caption


def test_a_budget_chart_without_an_outlier_titles_the_plain_range(caac_portfolio):
    operations = caac_portfolio.operations.copy()
    operations.loc[operations["operation_id"] == "cag44-jeunes-ruraux", "budget"] = 110_000.0
    html = _plain(figures.budget_and_grant(replace(caac_portfolio, operations=operations)))
    # The smallest budget of 003 is 90 115 € (l. 101), the largest now 110 000 €: no more than twice the median.
    assert _title(html) == f"Budgets de {_plain(fmt.money(operations['budget'].min(), 'EUR'))} à 110 000 €"
    assert _title(html).startswith("Budgets de 90 115 €")
    assert "fois la médiane" not in _title(html)
    assert re.search(r'alt="([^"]+)"', html).group(1).startswith(_title(html) + ". ")


def test_the_persons_figure_counts_persons_on_a_linear_scale_and_names_the_largest(caac_portfolio):
    html = str(figures.people_reached(caac_portfolio)).replace("\u202f", " ")
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    assert "échelle linéaire" in alt and "logarithmique" not in html
    # 003: the CGT fiche counts 13 600 persons reached directly, more than the other fiches together.
    assert "CGT vise le plus de personnes directement (13 600, plus que les" in alt


def test_a_large_portfolio_gets_a_distribution_of_fixed_size(large, caac_portfolio):
    operation = large.operation_ids[3]
    page = str(figures.budget_and_grant(operation_view(large, operation), highlight=operation))
    index = str(figures.budget_and_grant(large))
    people = str(figures.people_reached(large))
    assert "Nuage de points" in page and "losange" in page
    assert f"des {len(large.operation_ids)} opérations" in index
    # Same height as drawn for three rows of dots, however many operations there are.
    heights = {_png_size(html)[1] for html in (page, index)}
    assert max(heights) < 400, heights
    assert _png_size(people)[1] < 400
    bars = str(figures.budget_and_grant(caac_portfolio))
    assert _png_size(bars)[1] > 0


def test_the_progress_chart_counts_the_targets_by_the_tables_status_and_draws_the_configured_band(periodic, drawn):
    """A programme that calls a target reached below 100 %: the chart's title and line follow its band,
    as the table's status does, never a fixed 100 %."""
    from toolkit.results.indicators import achievement_table

    operation = "op-0002"
    rates = periodic.achievement.loc[periodic.achievement["operation_id"] == operation, "achievement"].dropna()
    band = StatusThresholds(achieved=float(rates[rates < 100].max()), partially_achieved=1.0)
    banded = replace(periodic, achievement=achievement_table(periodic.observations, periodic.indicators, band))
    view = operation_view(banded, operation)
    html = _plain(figures.progress(view, operation, band))
    rows = framework.indicator_rows(view, operation)
    rated = rows[rows["achievement"].notna()]
    reached = int((rated["status"] == "Atteint").sum())
    assert reached > int((rated["achievement"] >= 100).sum())  # a rate under 100 % is reached here
    assert f"Cibles au statut « Atteint » : {reached} sur {len(rated)}" in html
    assert drawn["lines_at"] == [band.achieved]
    assert f"ligne verticale à {fmt.figure(band.achieved)}" in html


def test_the_same_data_draws_the_same_bytes(large):
    operation = large.operation_ids[0]
    view = operation_view(large, operation)
    assert str(figures.budget_and_grant(view, highlight=operation)) == str(
        figures.budget_and_grant(view, highlight=operation)
    )


def test_every_figure_links_to_the_documents_it_comes_from(caac_portfolio, periodic):
    view = operation_view(caac_portfolio, "batik-echangeons")
    # The CAAC targets are undated, so no CAAC operation has a progress chart: the synthetic one does.
    on_operation_page = [
        figures.budget_and_grant(view, highlight="batik-echangeons"),
        figures.progress(operation_view(periodic, "op-0002"), "op-0002", StatusThresholds()),
    ]
    assert all("<figure" in str(html) for html in on_operation_page)
    on_index = [figures.budget_and_grant(caac_portfolio), figures.countries(caac_portfolio)]
    assert all('href="#sources">références des documents</a>' in str(html) for html in on_operation_page)
    assert all('href="annexes.html#documents">références des documents</a>' in str(html) for html in on_index)
    # Sources are cited as a reader cites them, never by file name.
    assert all("CFSI, Les actions pilotes, s. d." in str(html) for html in on_index)
    assert not any(".txt" in str(html) or ".csv" in str(html) for html in [*on_index, *on_operation_page])


def test_the_ratings_grid_keeps_two_operations_that_share_a_lead_apart(caac_portfolio):
    from dataclasses import replace

    import pandas as pd

    from tests.conftest import ROOT

    config = load_config(ROOT / "programme.toml")
    operations = caac_portfolio.operations.copy()
    # Two operations led by the same organisation, as a portfolio with repeat leads has.
    operations.loc[operations["operation_id"] == "gret-femmes-migrantes", "lead_short"] = "CGT"
    ratings = pd.DataFrame(
        [
            {
                "operation_id": "cgt-banane",
                "criterion": "efficacite",
                "question_id": None,
                "rating": "3",
                "confidence": "moyenne",
                "justification": "x",
            },
            {
                "operation_id": "gret-femmes-migrantes",
                "criterion": "efficacite",
                "question_id": None,
                "rating": "NE",
                "confidence": "faible",
                "justification": "y",
            },
        ]
    )
    block = figures.ratings_heatmap(replace(caac_portfolio, operations=operations, ratings=ratings), config)
    assert "data:image/png;base64," in block


def test_a_small_programmes_figures_speak_of_one_in_the_singular(caac_portfolio):
    """Two operations, or one known budget: no "1 opérations", "les 1 autres", "1 fois le médian"."""
    import pandas as pd

    one_country = pd.DataFrame({"pays": ["Sénégal"], "opérations": [1]})
    assert figures.countries_message(one_country) == "1 pays : Sénégal, avec 1 opération."
    several = pd.DataFrame({"pays": ["France", "Mali", "Maroc"], "opérations": [4, 2, 1]})
    assert figures.countries_message(several) == (
        "3 pays ; France en tête avec 4 opérations ; 1 pays ne compte qu'une opération."
    )
    # No country leads when each has one operation, and a tie names every leader.
    singles = pd.DataFrame({"pays": ["Mali", "Sénégal"], "opérations": [1, 1]})
    assert figures.countries_message(singles) == "2 pays, chacun avec une opération."
    tied = pd.DataFrame({"pays": ["Mali", "Maroc", "Tchad"], "opérations": [2, 2, 1]})
    assert figures.countries_message(tied) == "3 pays ; en tête, à égalité, avec 2 opérations chacun : Mali, Maroc."
    operations = caac_portfolio.operations.copy()
    operations.loc[operations.index[1:], "budget"] = float("nan")
    message = figures.budget_message(replace(caac_portfolio, operations=operations))
    assert message.startswith("Le seul budget renseigné est celui de ") and "fois le budget médian" not in message
    assert message.endswith(f"Budget non renseigné : {len(operations) - 1} opérations.")


def test_the_figures_are_captioned_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.language import using

    with using("en"):
        budget = str(figures.budget_and_grant(caac_portfolio))
        places = str(figures.countries(caac_portfolio))
        message = figures.budget_message(caac_portfolio)
    assert "Total budget and grant of each operation, as bars." in budget and "Source: " in budget
    assert "document references" in budget
    assert "17 countries of intervention.</strong> France: 8 operations; Mali: 2; 1 operation each: " in places
    assert message.startswith("The largest budget is that of ")


def test_an_operation_without_targets_says_so_rather_than_counting_zero(caac_portfolio):
    achievement = caac_portfolio.achievement[caac_portfolio.achievement["operation_id"] != "batik-echangeons"]
    observations = caac_portfolio.observations[caac_portfolio.observations["operation_id"] != "batik-echangeons"]
    block = str(
        figures.progress(
            replace(caac_portfolio, achievement=achievement, observations=observations),
            "batik-echangeons",
            StatusThresholds(),
        )
    )
    assert (
        "l&#x27;opération n&#x27;a pas de cible chiffrée" in block or "l'opération n'a pas de cible chiffrée" in block
    )
    assert " 0 cibles" not in block


def test_labels_are_in_french_order_ties_included(caac_portfolio, drawn):
    counts = figures.operation_counts(["Viêt Nam", "Égypte", "France", "Colombie", "Équateur", "France", "Guatemala"])
    assert list(counts.index) == ["France", "Colombie", "Égypte", "Équateur", "Guatemala", "Viêt Nam"]
    figures.budget_and_grant(caac_portfolio)
    # Batik, CA-G44, Cap Solidarités, CGT…: by name as a reader looks for it, not by operation id.
    assert drawn["labels"] == sorted(drawn["labels"], key=fmt.sort_key)
    assert drawn["labels"][:4] == ["Batik", "CA-G44", "Cap Solidarités", "CGT"]


def test_a_chart_of_one_bar_is_a_sentence_with_its_source(caac_portfolio):
    one = replace(caac_portfolio, operations=caac_portfolio.operations.iloc[[2]].reset_index(drop=True))
    operation = one.operations.iloc[0]
    budget = _plain(figures.budget_and_grant(one))
    assert "<figure" not in budget and "<img" not in budget
    assert budget.startswith('<p class="ev-figure-sentence">Une seule opération : ')
    assert _plain(fmt.money(operation["budget"], operation["budget_currency"])) in budget
    assert "Source : CFSI, Les actions pilotes" in budget and "références des documents" in budget
    lone = _plain(figures.countries(replace(one, operations=one.operations.assign(countries="SEN"))))
    assert "<img" not in lone and "1 pays d'intervention.</strong> Sénégal : 1 opération." in lone


def test_countries_mostly_at_one_operation_are_a_compact_list(caac_portfolio):
    html = _plain(figures.countries(caac_portfolio))
    assert "<figure" not in html and "<img" not in html
    # 003: France in 8 operations, Mali in 2, fifteen countries in one each, in French order.
    assert (
        "17 pays d'intervention.</strong> France : 8 opérations ; Mali : 2 ; 1 opération chacun : "
        "Colombie, Costa Rica, Égypte, Équateur, Guatemala, Guinée, " in html
    )
    assert html.count(", ") >= 14 and "Source : CFSI, Les actions pilotes" in html
    spread = pd.Series({"France": 4, "Mali": 2, "Maroc": 1})
    assert not figures.mostly_equal(spread)
    assert figures.mostly_equal(pd.Series({"France": 3, "Mali": 1, "Maroc": 1}))
    assert figures.leader_title(spread, 5) == "France en tête : 4 opérations sur 5"


def test_the_persons_chart_cuts_the_bar_that_would_flatten_the_others(caac_portfolio, monkeypatch):
    panels = []
    export = figures.figure_html

    def read_then_export(figure, **kwargs):
        for axis in figure.axes:
            widths = [bar.get_width() for bar in axis.patches]
            texts = [text.get_text().replace("\u202f", " ") for text in axis.texts]
            panels.append({"title": axis.get_title(), "limit": axis.get_xlim()[1], "widths": widths, "texts": texts})
        return export(figure, **kwargs)

    monkeypatch.setattr(figures, "figure_html", read_then_export)
    html = _plain(figures.people_reached(caac_portfolio))
    assert _title(html) == "Le plus de personnes visées : CGT directement (13 600), GRET indirectement (300 000)"
    direct, indirect = panels  # one panel each, each on its own scale
    assert (direct["title"], indirect["title"]) == ("Directs", "Indirects")
    # 003: GRET's 300 000 persons reached indirectly, ten times the next (GERES, about 28 910).
    assert "300 000, barre coupée" in indirect["texts"] and "environ 28 910" in indirect["texts"]
    assert indirect["limit"] < 300_000 / 3 and max(indirect["widths"]) <= indirect["limit"]
    assert sorted(indirect["widths"])[-2] > indirect["limit"] / 2  # the next bar is not flattened
    assert "13 600, barre coupée" in direct["texts"] and direct["limit"] < 13_600 / 3
    assert "au moins 82 (estimation comprise)" in direct["texts"]


def test_a_count_chart_titles_its_leader(caac_portfolio):
    html = _plain(figures.themes(caac_portfolio))
    # 002 l. 1309-1318: the three shared issues group 4, 3 and 2 operations.
    assert _title(html) == "Jeunes, femmes et insertion en tête : 4 opérations sur 9"
    assert re.search(r'alt="([^"]+)"', html).group(1).startswith(_title(html) + ". ")


def test_the_persons_title_names_one_leader_of_both_counts_once():
    persons = pd.DataFrame(
        {
            "label": ["Puits du Sahel", "Maraîchage"],
            "Directs": [2400.0, 300.0],
            "Indirects": [6000.0, float("nan")],
            "written_Directs": ["2 400", "300"],
            "written_Indirects": ["6 000", ""],
        }
    )
    assert figures.persons_title(persons) == (
        "Le plus de personnes visées : Puits du Sahel, directement (2 400) et indirectement (6 000)"
    )
    assert figures.persons_title(persons.assign(Directs=[300.0, 2400.0], written_Directs=["300", "2 400"])) == (
        "Le plus de personnes visées : Maraîchage directement (2 400), Puits du Sahel indirectement (6 000)"
    )
