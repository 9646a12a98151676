"""Report blocks of the results framework: indicators, achievement and status, in the report's language."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from toolkit.ingest.countries import country_codes, country_name
from toolkit.model import schema, vocabulary
from toolkit.model.cells import split_values
from toolkit.model.errors import ParseError
from toolkit.model.language import N_, _, pgettext
from toolkit.model.vocabulary import AchievementStatus, ValueType, label_of
from toolkit.results.citations import Citer
from toolkit.results.indicators import AGGREGATION_FR, rollup_by
from toolkit.results.portfolio import Portfolio, lead_names
from toolkit.text import fmt
from toolkit.text.html import Col, Html, escape, paragraph, table

# Status is never told by colour alone: a shape and a word go with it (WCAG 1.4.1).
STATUS_MARK = {
    AchievementStatus.ACHIEVED: ("●", "atteint"),
    AchievementStatus.PARTIAL: ("◐", "partiel"),
    AchievementStatus.NOT_ACHIEVED: ("○", "non-atteint"),
    AchievementStatus.NOT_REPORTED: ("–", "non-renseigne"),
}
QUALITATIVE = "5"  # IATI IndicatorMeasure
_BRACKETED_COUNTRY = re.compile(r"\s*\(([^()]+)\)\s*$")


def level_label(code: object) -> str:
    """A result level (IATI ResultType) as schema.LEVEL_LABELS_FR names it, in the active language; ""
    for no level."""
    labels = {
        "1": pgettext("result level", "Produit"),
        "2": pgettext("result level", "Effet"),
        "3": pgettext("result level", "Impact"),
        "9": pgettext("result level", "Autre"),
    }
    return labels.get(str(code), schema.LEVEL_LABELS_FR.get(str(code), ""))


def measure_label(code: object) -> object:
    """An indicator's measure (IATI IndicatorMeasure) as schema.MEASURE_LABELS_FR names it, in the active
    language; a code that is not one is shown as it is."""
    labels = {
        "1": pgettext("indicator measure", "Nombre"),
        "2": pgettext("indicator measure", "Pourcentage"),
        "3": pgettext("indicator measure", "Nominal"),
        "4": pgettext("indicator measure", "Ordinal"),
        "5": pgettext("indicator measure", "Qualitatif"),
    }
    return labels.get(str(code), code)


def status_badge(status: str) -> Html:
    mark, css = STATUS_MARK.get(status, STATUS_MARK[AchievementStatus.NOT_REPORTED])
    return Html(
        f'<span class="ev-status ev-status-{css}"><span aria-hidden="true">{mark}</span> '
        f"{escape(label_of(status, AchievementStatus))}</span>"
    )


def observed_value(row: dict, with_period: bool = False) -> str:
    """An observation as its source states it: range, qualifier and unit (its own, else its indicator's),
    then in brackets its place and, ``with_period``, its period."""
    unit = row.get("unit") if not fmt.is_missing(row.get("unit")) else row.get("indicator_unit")
    if str(row.get("indicator_measure")) == QUALITATIVE and fmt.is_missing(row.get("value_text")):
        # A qualitative value is a statement: the observation's comment holds it.
        return fmt.NOT_REPORTED if fmt.is_missing(row.get("comment")) else str(row["comment"])
    shown = fmt.measured(row.get("value"), row.get("value_max"), row.get("qualifier"), unit, row.get("value_text"))
    notes = []
    place = row.get("place")  # where the source places the value, when it does
    if not fmt.is_missing(place):
        # "Kindia et Boké (Guinée)" reads "Kindia et Boké, Guinée" inside the value's own brackets.
        notes.append(_BRACKETED_COUNTRY.sub(r", \1", str(place)))
    if with_period:
        notes.append(period_text(row))
    return f"{shown} ({fmt.semicolons(notes)})" if notes else shown


def _dims(value: object) -> str:
    return "" if fmt.is_missing(value) else str(value)


def _observed(series: list[dict], value_type: ValueType) -> str:
    """The series' last value of one type (baseline, target or actual), as the source states it."""
    match = [row for row in series if row["value_type"] == value_type]
    if not match:
        return fmt.NOT_REPORTED
    last = match[-1]
    if value_type == ValueType.TARGET and _undated(last):
        return observed_value(last)  # a fiche's target is for the operation's own span
    return observed_value(last, with_period=True)


UNDATED = N_("non daté")


def _undated(row: Mapping) -> bool:
    return fmt.is_missing(row.get("period_start")) and fmt.is_missing(row.get("period_end"))


def period_text(row: Mapping) -> str:
    """An observation's period, or "non daté" when its source gives none: no period is stamped on it.
    A span the source gives without dates ("en 3 ans") goes with it."""
    if not _undated(row):
        return fmt.period(row.get("period_start"), row.get("period_end"))
    span = row.get("span")
    return _(UNDATED) if fmt.is_missing(span) else _("{span}, non daté").format(span=span)


def _by_series(frame: pd.DataFrame) -> dict[tuple[str, str], list[dict]]:
    """A frame's rows for each series (indicator and disaggregation), in their order."""
    series: dict[tuple[str, str], list[dict]] = {}
    for row in frame.to_dict("records"):
        series.setdefault((row["indicator_id"], _dims(row.get("dimensions"))), []).append(row)
    return series


def indicator_rows(portfolio: Portfolio, operation_id: str) -> pd.DataFrame:
    """Every indicator the operation has a value for, with its target, actual, achievement and status:
    one row for each of its targets, so the page shows every target the programme's counts include.

    A series with one target (or none) is one row with its last baseline, target and actual. A series
    with a target for each of several periods has a row for each: that period's target, the actual
    for the same period and their rate, the last row keeping an actual that no target's period matches.
    ``achievement_period`` is the period the shown rate is for.
    """
    observed = portfolio.observations_of(operation_id)
    if observed.empty:
        return observed
    achievement = _by_series(portfolio.achievement[portfolio.achievement["operation_id"] == operation_id])
    ascending = portfolio.indicators.set_index("indicator_id")["ascending"].to_dict()
    rows = []
    for key, values in _by_series(observed).items():
        reached = achievement.get(key, [])
        targets = [row for row in values if row["value_type"] == ValueType.TARGET]
        if len(targets) > 1 and len(reached) == len(targets):
            rows.extend(_target_rows(values, targets, reached))
            continue
        rated = [row for row in reached if not fmt.is_missing(row["achievement"])]
        chosen = rated[-1] if rated else (reached[0] if reached else None)
        rows.append(_indicator_row(values, values, chosen, _observed(values, ValueType.TARGET)))
    frame = pd.DataFrame(rows)
    return frame.assign(ascending=frame["indicator_id"].map(ascending))


def _indicator_row(values: list[dict], cited: list[dict], chosen: dict | None, target_text: str, **shown) -> dict:
    return {
        **values[0],
        # Every line the row's values come from: the target's fiche and the actual's report.
        "source": " + ".join(dict.fromkeys(ref for row in cited for ref in str(row["source"]).split(" + "))),
        "baseline_text": _observed(values, ValueType.BASELINE),
        "target_text": target_text,
        "actual_text": shown.get("actual_text", _observed(values, ValueType.ACTUAL)),
        "achievement": None if chosen is None else chosen["achievement"],
        "achievement_other_bound": None if chosen is None else chosen.get("achievement_other_bound"),
        "achievement_period": None if chosen is None else period_text(chosen),
        "status": AchievementStatus.NOT_REPORTED if chosen is None else chosen["status"],
    }


def _target_rows(values: list[dict], targets: list[dict], reached: list[dict]) -> list[dict]:
    """A row for each target of a series that has several, with the achievement table's row of the
    target's period (it has one for each target)."""
    unmatched = list(reached)
    actuals = [row for row in values if row["value_type"] == ValueType.ACTUAL]
    baselines = [row for row in values if row["value_type"] == ValueType.BASELINE]
    periods = {_period_key(target) for target in targets}
    rows = []
    for number, target in enumerate(targets):
        rate = next((row for row in unmatched if _period_key(row) == _period_key(target)), None)
        if rate is not None:
            unmatched.remove(rate)
        # The actual the rate is computed from: the first of the target's period, as the achievement table takes.
        same = [row for row in actuals if _period_key(row) == _period_key(target)][:1]
        if not same and number == len(targets) - 1:
            # An actual for a period no target has is still the source's figure: the last row shows it.
            same = [row for row in actuals if _period_key(row) not in periods][-1:]
        actual_text = observed_value(same[0], with_period=True) if same else fmt.NOT_REPORTED
        shown = observed_value(target) if _undated(target) else observed_value(target, with_period=True)
        rows.append(_indicator_row(values, [*baselines, target, *same], rate, shown, actual_text=actual_text))
    return rows


def _period_key(row: Mapping) -> tuple[str, str]:
    return tuple("" if fmt.is_missing(row.get(part)) else str(row[part]) for part in ("period_start", "period_end"))


def _origin(row: dict) -> tuple[str, int | None]:
    """The raw file and row an observation comes from, to match it with its findings."""
    origin = schema.derived_origin(row)
    if origin:
        return f"{origin[0]}.csv", origin[1]
    return "observations.csv", None if fmt.is_missing(row.get("raw_row")) else int(row["raw_row"])


def _flagged(portfolio: Portfolio, operation_id: str) -> set[tuple[str, int]]:
    findings = portfolio.findings_of(operation_id).dropna(subset=["row"])
    return {(str(f), int(r)) for f, r in zip(findings["file"], findings["row"], strict=True)}


def achievement_text(row: dict) -> str:
    """The achievement rate; against a range target, against each bound, the deciding one first."""
    if fmt.is_missing(row.get("achievement")):
        return ""
    rate = fmt.percent(float(row["achievement"]) / 100)
    other = row.get("achievement_other_bound")
    if fmt.is_missing(other):
        return rate
    other_rate = fmt.percent(float(other) / 100)
    low, high = (rate, other_rate) if row.get("ascending") is not False else (other_rate, rate)
    return _("{low} de la borne basse, {high} de la borne haute").format(low=low, high=high)


def indicator_table(portfolio: Portfolio, operation_id: str) -> Html:
    rows = indicator_rows(portfolio, operation_id)
    if rows.empty:
        return paragraph(_("Aucun indicateur n'est renseigné pour cette opération."))
    definitions = portfolio.indicators.set_index("indicator_id")
    flagged = _flagged(portfolio, operation_id)
    citer = Citer.of(portfolio.documents, from_operations=True)
    body = []
    for row in rows.to_dict("records"):
        definition = definitions.loc[row["indicator_id"]] if row["indicator_id"] in definitions.index else {}
        status = status_badge(str(row["status"]))
        if _origin(row) in flagged:
            flag = escape(_("à vérifier (qualité des données)"))
            status = Html(f'{status}<br><span class="ev-flag">{flag}</span>')
        level = level_label(definition.get("level"))
        body.append(
            (
                Html(
                    escape(row.get("indicator_title") or row["indicator_id"])
                    + (f'<br><span class="ev-source">{escape(level)}</span>' if level else "")
                ),
                row["baseline_text"],
                row["target_text"],
                row["actual_text"],
                achievement_text(row),
                status,
                citer.html(row.get("source")),
            )
        )
    return table(
        _("Indicateurs : référence, cible, réalisation, taux d'atteinte et statut"),
        [
            Col(_(INDICATOR)),
            Col(pgettext("a column heading", "Référence"), feminine=True),
            Col(pgettext("a column heading", "Cible"), feminine=True),
            Col(_("Réalisation"), feminine=True),
            Col(_("Atteinte"), numeric=True, feminine=True),
            Col(_("Statut")),
            Col(_(SOURCE)),
        ],
        body,
    ) + paragraph(
        _(
            "Le taux d'atteinte n'est calculé que lorsque la cible et la réalisation portent sur la même période, ou "
            "qu'aucune des deux n'est datée ; sinon le statut est « Non renseigné ». Une réalisation absente n'est jamais comptée comme zéro. "
            "Une cible donnée comme une plage (« 3 à 4 ») est atteinte dès sa borne basse (sa borne haute quand "
            "la baisse est l'objectif) ; le taux est donné pour chacune des deux bornes. Le moyen de vérification de "
            "chaque indicateur est dans le cadre de résultats, en annexe du rapport de programme."
        ),
        "ev-source",
    )


INDICATOR, SOURCE, LEAD = N_("Indicateur"), N_("Source"), N_("Porteur")
WHOLE_PROGRAMME = N_("Programme (ensemble)")


def results_framework(portfolio: Portfolio) -> Html:
    """The indicator definitions: the programme's results framework (its goals only where a document names them)."""
    indicators = portfolio.indicators
    with_sdg = "sdg" in indicators and indicators["sdg"].notna().any()
    columns = [Col(_(INDICATOR)), Col(_("Niveau")), Col(_("Mesure")), Col(_(UNIT)), Col(_("Agrégation"))]
    columns += [Col(_("ODD"))] if with_sdg else []
    columns += [Col(_("Moyen de vérification")), Col(_(SOURCE))]
    citer = Citer.of(portfolio.documents)
    rows = []
    for row in indicators.to_dict("records"):
        cells = [
            row["title"],
            level_label(row.get("level")) or row.get("level"),
            measure_label(row.get("measure")),
            row.get("unit"),
            _(AGGREGATION_FR[str(row.get("aggregation"))])
            if str(row.get("aggregation")) in AGGREGATION_FR
            else row.get("aggregation"),
        ]
        cells += [row.get("sdg")] if with_sdg else []
        rows.append((*cells, row.get("means_of_verification"), citer.html(row.get("source"))))
    return table(_("Cadre de résultats : définitions des indicateurs (IATI 2.03)"), columns, rows)


UNIT = N_("Unité")


def sdg_links(portfolio: Portfolio) -> Html:
    """The goals each document links to the programme or to an operation, in the document's words."""
    links = portfolio.sdgs
    if links.empty:
        return paragraph(
            _("Aucun document ne rattache le programme ou ses opérations à des objectifs de développement durable.")
        )
    names = lead_names(portfolio.operations)
    citer = Citer.of(portfolio.documents)
    rows = []
    for (operation_id, statement, source), part in links.groupby(["operation_id", "statement", "source"], sort=False):
        goals = ", ".join(_sdg(code) for code in part["sdg"])
        rows.append((names.get(operation_id, _(WHOLE_PROGRAMME)), goals, fmt.quoted(statement), citer.html(source)))
    return table(
        _("Objectifs de développement durable cités par les documents"),
        [Col(_("Programme ou porteur")), Col(_("Objectifs")), Col(_("Ce que dit le document")), Col(_(SOURCE))],
        rows,
    ) + paragraph(
        _(
            "Seuls les objectifs qu'un document nomme sont repris ; aucun n'est attribué par la boîte à outils "
            "ni par le transcripteur des données."
        ),
        "ev-source",
    )


def _sdg(code: object) -> str:
    """A sustainable development goal by its number: "ODD 5"."""
    return _("ODD {number}").format(number=code)


def achievement_overview(portfolio: Portfolio) -> Html:
    """How many targets of each operation have each status; one sentence when no target has a rate,
    since a table of zeros would only restate each operation's count of targets."""
    achievement = portfolio.achievement
    titles = lead_names(portfolio.operations)
    statuses = list(AchievementStatus)
    owners = [*portfolio.operation_ids, schema.PROGRAMME_ID]
    counted = {owner: achievement[achievement["operation_id"] == owner] for owner in owners}
    counted = {owner: mine for owner, mine in counted.items() if not mine.empty}
    if counted and not (achievement["status"] != AchievementStatus.NOT_REPORTED).any():
        return paragraph(_unrated_sentence(achievement, counted))
    rows = []
    for owner, mine in counted.items():
        counts = mine["status"].value_counts()
        rows.append(
            (
                titles.get(owner, _(WHOLE_PROGRAMME)),
                *(fmt.number(counts.get(s, 0)) for s in statuses),
                fmt.number(len(mine)),
            )
        )
    return (
        table(
            _("Cibles par statut d'atteinte, par opération"),
            [
                Col(_(LEAD)),
                *(Col(vocabulary.label(s), numeric=True) for s in statuses),
                Col(_("Cibles"), numeric=True),
            ],
            rows,
        )
        + _statuses_legend()
    )


def _unrated_sentence(achievement: pd.DataFrame, counted: Mapping[str, pd.DataFrame]) -> str:
    """ "None of the 30 targets of the 9 operations has an achievement rate (why): their status is
    not reported.", each reason as achievement.csv gives it, counted when there are several."""
    operations = len([owner for owner in counted if owner != schema.PROGRAMME_ID])
    if operations == 1:
        whose = _("de l'opération")
    elif operations:  # two or more: the plural in both languages
        whose = _("des {count} opérations").format(count=fmt.number(operations))
    else:
        whose = ""
    if schema.PROGRAMME_ID in counted:
        whose = _("{whose} et du programme").format(whose=whose) if whose else pgettext("targets of", "du programme")
    reasons = achievement["reason"].fillna("").astype("str").value_counts()
    why = (
        reasons.index[0]
        if len(reasons) == 1
        else fmt.semicolons(
            _("{reason} : {count}").format(reason=reason, count=fmt.number(count)) for reason, count in reasons.items()
        )
    )
    status = vocabulary.label(AchievementStatus.NOT_REPORTED)
    if len(achievement) == 1:
        said = _("La seule cible {whose} n'a pas de taux d'atteinte ({why}) : son statut est « {status} ».")
    else:
        said = _("Aucune des {count} cibles {whose} n'a de taux d'atteinte ({why}) : leur statut est « {status} ».")
    return said.format(count=fmt.number(len(achievement)), whose=whose, why=why, status=status)


def _statuses_legend() -> Html:
    achieved, partial, not_achieved, not_reported = (vocabulary.label(status) for status in AchievementStatus)
    return paragraph(
        _(
            "Statuts : {achieved} (taux ≥ seuil « atteint » de la configuration), {partial}, {not_achieved}, "
            "{not_reported} (aucun taux ne se calcule : pas de réalisation pour la période de la cible, cible "
            "sans nombre, ou cible nulle ou égale à la valeur de référence)."
        ).format(achieved=achieved, partial=partial, not_achieved=not_achieved, not_reported=not_reported),
        "ev-source",
    )


def programme_outputs(portfolio: Portfolio) -> Html:
    observed = portfolio.observations_of(schema.PROGRAMME_ID)
    citer = Citer.of(portfolio.documents)
    return table(
        _("Réalisations au niveau du programme"),
        [
            Col(_(INDICATOR)),
            Col(_("Type")),
            Col(_("Période"), feminine=True),
            Col(_("Désagrégation"), feminine=True),
            Col(_("Valeur"), feminine=True),
            Col(_("Texte source")),
            Col(_(SOURCE)),
        ],
        (
            (
                row.get("indicator_title") or row["indicator_id"],
                label_of(row["value_type"], ValueType, as_row_type=True),
                period_text(row),
                row.get("dimensions"),
                observed_value(row),
                row.get("value_text"),
                citer.html(row.get("source")),
            )
            for row in observed.to_dict("records")
        ),
    )


def _groups(portfolio: Portfolio, by: str) -> pd.DataFrame:
    """Which group each operation or indicator belongs to, for a roll-up ``by`` level, theme, SDG or country."""
    if by == "level":
        indicators = portfolio.indicators
        return pd.DataFrame(
            {
                "indicator_id": indicators["indicator_id"],
                "group": indicators["level"]
                .astype("str")
                .map({code: level_label(code) for code in schema.LEVEL_LABELS_FR}),
            }
        )
    if by == "sdg":
        # The goals a document links each operation to (sdgs.csv), never the transcriber's choice.
        links = portfolio.sdgs[portfolio.sdgs["operation_id"].isin(portfolio.operation_ids)]
        pairs = sorted({(row["operation_id"], _sdg(row["sdg"])) for row in links.to_dict("records")})
        return pd.DataFrame(pairs, columns=["operation_id", "group"])
    if by == "shared_issue":
        issues = portfolio.operations.dropna(subset=["shared_issue"])
        return pd.DataFrame({"operation_id": issues["operation_id"], "group": issues["shared_issue"]})
    if by == "country":
        return _countries_of_results(portfolio)
    column = "themes"
    pairs = []
    for row in portfolio.operations.to_dict("records"):
        pairs += [(row["operation_id"], part) for part in split_values(row.get(column))]
    return pd.DataFrame(pairs, columns=["operation_id", "group"])


MANY_COUNTRIES = N_("Plusieurs pays (lieu non enregistré)")


def _countries_of_results(portfolio: Portfolio) -> pd.DataFrame:
    """Where each operation's results belong: the country the data place them in, else the operation's
    country when it works in one, else the operation as a whole."""
    default = {row["operation_id"]: _place(row.get("countries")) for row in portfolio.operations.to_dict("records")}
    observed = portfolio.observations[portfolio.observations["operation_id"].isin(default)]
    placed = observed.get("place", pd.Series(index=observed.index, dtype="object"))
    pairs = {}
    for operation_id, indicator_id, place in zip(
        observed["operation_id"], observed["indicator_id"], placed, strict=True
    ):
        country = _country_of(place)
        pairs[(operation_id, indicator_id)] = (
            country or pairs.get((operation_id, indicator_id)) or default[operation_id]
        )
    return pd.DataFrame(
        [(operation_id, indicator_id, group) for (operation_id, indicator_id), group in pairs.items()],
        columns=["operation_id", "indicator_id", "group"],
    )


def _country_of(place: object) -> str | None:
    """The country a place names ("Salvador"), or None ("hors France", a region, nothing)."""
    if fmt.is_missing(place):
        return None
    text = str(place)
    bracketed = _BRACKETED_COUNTRY.search(text)
    for candidate in (text, bracketed[1] if bracketed else ""):
        try:
            codes = country_codes(candidate) if candidate else []
        except ParseError:
            continue
        if len(codes) == 1:
            return country_name(codes[0])
    return None


def _place(countries: object) -> str:
    """Where an operation's results belong: its country when it works in one, else the operation
    as a whole; the data do not say in which of several countries a result was obtained."""
    codes = split_values(countries)
    return country_name(codes[0]) if len(codes) == 1 else _(MANY_COUNTRIES)


ROLLUP_FR = {
    "level": N_("niveau de résultat"),
    "theme": N_("thème (classement du transcripteur)"),
    "shared_issue": N_("enjeu partagé"),
    "sdg": N_("objectif de développement durable"),
    "country": N_("pays"),
}
# A value type in the plural, as a roll-up's caption names the values it adds.
_PLURALS = {ValueType.BASELINE: N_("références"), ValueType.TARGET: N_("cibles"), ValueType.ACTUAL: N_("réalisations")}


ROLLUPS = ("level", "shared_issue", "sdg", "country")


def rollups_section(
    portfolio: Portfolio, groupings: tuple[str, ...] = ROLLUPS, value_type: ValueType = ValueType.TARGET
) -> Html:
    """The roll-ups of every grouping, one after the other, and the method they share said once after them."""
    return Html("".join(rollups(portfolio, by, value_type, note=False) for by in groupings)) + _rollup_note()


def rollups(portfolio: Portfolio, by: str, value_type: ValueType = ValueType.TARGET, *, note: bool = True) -> Html:
    """Totals of one value type by group, each indicator apart; refusals say why values were not added.

    Groups whose rows would say the same (same indicator, total and operations, as SDG 1 and SDG 10
    when the same two operations name both) share one row that names them all. ``note=False`` leaves
    the method note to the caller (`rollups_section` says it once for all groupings)."""
    groups = _groups(portfolio, by)
    table_ = rollup_by(portfolio.observations, portfolio.indicators, groups, value_type)
    label = vocabulary.label(value_type)
    by_words = _(ROLLUP_FR[by])
    # A group with one operation restates that operation's value: it informs nothing a
    # roll-up should, and its row is on the operation's page already.
    table_ = _same_rows_merged(table_[table_["operations"] >= 2], _operations_by_group(portfolio, groups, value_type))
    if table_.empty:
        return paragraph(
            _(
                "Par {group} : aucun indicateur n'a de {value_type} dans plusieurs opérations d'un même groupe, "
                "il n'y a donc rien à agréger."
            ).format(group=by_words, value_type=label)
        )
    refusals = bool(table_["refused"].fillna("").astype("str").str.len().any())
    shown = table(
        _("Agrégation des valeurs ({value_types}) par {group}").format(
            value_types=_(_PLURALS[value_type]), group=by_words
        ),
        [
            Col(by_words.capitalize()),
            Col(_(INDICATOR)),
            Col(_("Total"), numeric=True),
            Col(_(UNIT)),
            Col(_("Opérations"), numeric=True),
            # A column of "—" on every row tells nothing: the remark is shown when a value was refused.
            *([Col(_("Remarque"))] if refusals else []),
        ],
        (
            (
                row["group"],
                row["title"],
                "—" if fmt.is_missing(row["total"]) else fmt.measured(row["total"], row["total_max"], row["qualifier"]),
                row["unit"] or "—",
                fmt.number(row["operations"]),
                *([_refusal_fr(row["refused"])] if refusals else []),
            )
            for row in table_.to_dict("records")
        ),
    )
    return shown + _rollup_note() if note else shown


def _operations_by_group(portfolio: Portfolio, groups: pd.DataFrame, value_type: ValueType) -> dict[tuple, frozenset]:
    """The operations whose values each (group, indicator) roll-up adds, as `rollup_by` joins them."""
    values = portfolio.observations[portfolio.observations["value_type"] == value_type]
    on = [column for column in ("operation_id", "indicator_id") if column in groups.columns]
    joined = values.merge(groups, on=on)
    return {
        (group, indicator_id): frozenset(part["operation_id"])
        for (group, indicator_id), part in joined.groupby(["group", "indicator_id"], sort=False)
    }


def _same_rows_merged(table_: pd.DataFrame, operations: Mapping[tuple, frozenset]) -> pd.DataFrame:
    """One row for the groups whose roll-up of an indicator adds the same operations to the same total,
    its group cell naming each of them: the same figure from the same values is said once."""
    merged: dict[tuple, dict] = {}
    for row in table_.to_dict("records"):
        key = (
            row["indicator_id"],
            operations.get((row["group"], row["indicator_id"]), frozenset({row["group"]})),
            *(str(row[column]) for column in ("total", "total_max", "qualifier", "unit", "refused")),
        )
        if key in merged:
            merged[key]["group"] = f"{merged[key]['group']}, {row['group']}"
        else:
            merged[key] = dict(row)
    return pd.DataFrame(list(merged.values()), columns=table_.columns)


def _rollup_note() -> Html:
    return paragraph(
        _(
            "Chaque indicateur est agrégé à part ; des valeurs d'unités ou de modes d'agrégation différents ne sont jamais additionnées. "
            "Un total qui compte une valeur minorée (« plus de ») est lui-même un minimum (« au moins »), un total qui compte "
            "une estimation (« environ ») en est une, et des plages s'additionnent borne à borne. "
            "Un résultat est rattaché à un pays quand les données lui donnent un lieu qui en est un, ou quand son "
            "opération n'en compte qu'un ; sinon il reste à l'opération (« plusieurs pays ») : un lieu n'est enregistré "
            "que là où la source en nomme un. "
            "Une opération à plusieurs thèmes compte dans chacun : les totaux de thèmes différents ne s'additionnent pas."
        ),
        "ev-source",
    )


def _refusal_fr(refused: object) -> str:
    if fmt.is_missing(refused) or not refused:
        return "—"
    return _("non additionné : {reason}").format(reason=refused)
