"""Report blocks of the results framework, on the real CAAC data."""

from dataclasses import replace

from toolkit.model.vocabulary import AchievementStatus
from toolkit.report import framework

NOT_REPORTED = AchievementStatus.NOT_REPORTED


def test_indicator_rows_show_targets_and_not_reported_actuals(caac_portfolio):
    rows = framework.indicator_rows(caac_portfolio, "essor-tchad").set_index("indicator_id")
    assert rows.loc["essor-jeunes-formes", "target_text"] == "50 jeunes"
    assert rows.loc["essor-jeunes-formes", "actual_text"] == "non renseigné"
    assert rows.loc["essor-jeunes-formes", "status"] == NOT_REPORTED


def test_a_range_target_stays_a_range_with_its_unit(caac_portfolio):
    # 003 l. 190: "Voyage d'étude de 3-4 représentants/formateurs de COLSIBA".
    rows = framework.indicator_rows(caac_portfolio, "cgt-banane").set_index("indicator_id")
    assert (
        rows.loc["cgt-colsiba-representants-voyage-etude", "target_text"] == "3 à 4 représentants (Guadeloupe, France)"
    )


def test_achievement_against_a_range_names_both_bounds():
    row = {"achievement": 100.0, "achievement_other_bound": 75.0, "ascending": True}
    assert framework.achievement_text(row) == "100,0\u00a0% de la borne basse, 75,0\u00a0% de la borne haute"
    falling = {"achievement": 100.0, "achievement_other_bound": 80.0, "ascending": False}
    assert framework.achievement_text(falling) == "80,0\u00a0% de la borne basse, 100,0\u00a0% de la borne haute"
    assert framework.achievement_text({"achievement": None}) == ""


def test_indicator_table_tells_status_by_shape_and_word(caac_portfolio):
    block = framework.indicator_table(caac_portfolio, "spf-comasagua-montauban")
    assert 'class="ev-status ev-status-non-renseigne"' in block
    assert "–</span> Non renseigné" in block
    # Seven columns that fit a laptop screen: the means of verification is in the results framework.
    assert block.count('<th scope="col"') == 7
    assert "Moyen de vérification" not in block.split("</thead>")[0]


def test_spf_income_keeps_its_baseline_and_actual(caac_portfolio):
    rows = framework.indicator_rows(caac_portfolio, "spf-comasagua-montauban").set_index("indicator_id")
    income = rows.loc["spf-revenus-agriculteurs"]
    # 004 l. 1486: "des revenus mensuels passant de 70 à 300 dollars US en 3 ans", at Comasagua, undated.
    assert income["baseline_text"] == "70 dollars US (Comasagua, Salvador ; non daté)"
    # The rise took "3 ans" by the report, which gives no years: the span stays with the value.
    assert income["actual_text"] == "300 dollars US (Comasagua, Salvador ; en 3 ans, non daté)"


def test_results_framework_lists_every_indicator_and_no_goal_that_no_document_names(caac_portfolio):
    block = framework.results_framework(caac_portfolio)
    assert block.count("<tr>") == len(caac_portfolio.indicators) + 1
    assert ">ODD<" not in block and "8.6" not in block


def test_goals_are_those_the_documents_name_each_with_its_line(caac_portfolio):
    block = framework.sdg_links(caac_portfolio)
    # 004 l. 1300: the programme's 8 goals; l. 1492: Grdr's 1, 10 and 17; l. 1484: Geres's 7 and 13.
    assert "<td>ODD 1, ODD 2, ODD 5, ODD 7, ODD 8, ODD 10, ODD 12, ODD 17</td>" in block
    assert "<td>ODD 1, ODD 10, ODD 17</td>" in block and "<td>ODD 7, ODD 13</td>" in block
    assert '<a href="documents/004_7f76860180fe7761.html#l1492">IRG, Capitalisation CAAC, 2018, l. 1492</a>' in block
    assert block.count("<tr>") == 5  # header, programme, Geres, SPF, Grdr


def test_rollups_by_country_never_copy_a_result_to_every_country(caac_portfolio):
    table = framework.rollup_by(
        caac_portfolio.observations,
        caac_portfolio.indicators,
        framework._groups(caac_portfolio, "country"),
        "target",
    )
    direct = table[table["indicator_id"] == "people-reached-direct"].set_index("group")
    # Only Geres (Mali, 003 l. 376-387: 30 meuniers and more) works in one country of its own.
    assert direct.loc["Mali", "total"] == 30 and direct.loc["Mali", "qualifier"] == "at_least"
    # 003 l. 155: CGT's 13 600 workers belong to the operation, not to each of its nine countries.
    assert "Guatemala" not in direct.index and "Honduras" not in direct.index
    # Batik, CGT, Guinée 44, Grdr and SPF count direct persons in several countries; Essor and
    # Gret count services and practitioners (003 l. 303-304, 517), which are not persons.
    assert direct.loc[framework.MANY_COUNTRIES, "operations"] == 5
    placed = table.set_index("indicator_id")["group"]
    # 003 l. 274: "deux plateformes de concertation territoriales (Kindia et Boké)", in Guinea.
    assert placed["cag44-plateformes-concertation"] == "Guinée"
    # 003 l. 491: "ébauche en Nord-Pas de Calais d'un Espace Migration Développement".
    assert placed["grdr-espace-migration-developpement"] == "France"
    # 003 l. 551: a campaign "en France et au Vietnam" belongs to the operation, not to one country.
    assert placed["gret-campagne-syndicale"] == framework.MANY_COUNTRIES
    level = framework.rollups(caac_portfolio, "level")
    assert "Produit" in level


def test_rollups_say_one_figure_of_the_same_operations_once(caac_portfolio):
    # 004 l. 1486, 1492: SPF and Grdr both name SDG 1 and SDG 10; the same two targets add up alike.
    sdg = framework.rollups(caac_portfolio, "sdg", note=False)
    assert '<th scope="row">ODD 1, ODD 10</th>' in sdg and sdg.count("au moins 582") == 1
    assert "agrégé à part" not in sdg


def test_the_rollups_section_says_its_method_once(caac_portfolio):
    section = framework.rollups_section(caac_portfolio)
    assert section.count("Chaque indicateur est agrégé à part") == 1
    assert section.count("<table") == len(framework.ROLLUPS)
    assert section.index("agrégé à part") > section.rindex("</table>")


def test_achievement_overview_is_a_sentence_when_no_target_has_a_rate(caac_portfolio):
    # CAAC: every fiche target lacks an actual of its period, so a table would be nine rows of zeros.
    block = framework.achievement_overview(caac_portfolio)
    assert "<table" not in block and "Statuts :" not in block
    assert block == (
        "<p>Aucune des 30 cibles des 9 opérations n&#x27;a de taux d&#x27;atteinte (aucune réalisation pour la "
        "période de la cible) : leur statut est « Non renseigné ».</p>"
    )


def test_achievement_overview_keeps_its_table_when_rates_exist(caac_portfolio):
    achievement = caac_portfolio.achievement.copy()
    cgt = achievement.index[achievement["operation_id"] == "cgt-banane"]
    achievement.loc[cgt[0], ["achievement", "status", "reason"]] = [100.0, AchievementStatus.ACHIEVED, ""]
    achievement.loc[cgt[1], ["achievement", "status", "reason"]] = [40.0, AchievementStatus.NOT_ACHIEVED, ""]
    block = framework.achievement_overview(replace(caac_portfolio, achievement=achievement))
    assert "Cibles par statut d&#x27;atteinte, par opération" in block and "Statuts :" in block
    # CGT's row: 1 achieved, 0 partial, 1 not achieved, 1 not reported, 3 targets.
    assert (
        '<td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">3</td>'
        in block
    )
    assert block.count("<tr>") == 10  # the header and the nine operations


def test_achievement_overview_names_each_reason_with_its_count(caac_portfolio):
    achievement = caac_portfolio.achievement.copy()
    achievement.loc[achievement.index[:2], "reason"] = "cible sans valeur numérique"
    block = framework.achievement_overview(replace(caac_portfolio, achievement=achievement))
    assert "(aucune réalisation pour la période de la cible : 28 ; cible sans valeur numérique : 2)" in block
    one = framework.achievement_overview(replace(caac_portfolio, achievement=achievement.iloc[:1]))
    assert "La seule cible de l&#x27;opération n&#x27;a pas de taux d&#x27;atteinte" in one


def test_the_results_framework_tables_are_in_english_for_an_english_programme(caac_portfolio):
    from toolkit.model.language import using

    operation_id = caac_portfolio.operation_ids[0]
    with using("en"):
        indicators = str(framework.indicator_table(caac_portfolio, operation_id))
        definitions = str(framework.results_framework(caac_portfolio))
        many = framework._place("FRA;SEN")
    assert "Indicators: baseline, target, actual, achievement rate and status" in indicators
    assert "Means of verification" in definitions and "Moyen" not in definitions
    assert many == "Several countries (place not recorded)"
    assert framework._place("SEN") == "Sénégal"  # French again outside the block


def test_a_rollup_shows_its_remark_column_only_when_a_value_was_refused(caac_portfolio):
    assert ">Remarque</th>" not in framework.rollups(caac_portfolio, "level")  # CAAC: every total adds up
    observations = caac_portfolio.observations.copy()
    direct = observations.index[
        (observations["indicator_id"] == "people-reached-direct") & (observations["value_type"] == "target")
    ]
    observations.loc[direct[0], "unit"] = "familles"
    block = framework.rollups(replace(caac_portfolio, observations=observations), "level")
    assert ">Remarque</th>" in block and "non additionné" in block
