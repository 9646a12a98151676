"""What the data already say for each indicator of the evaluation matrix.

An evaluator reading the matrix wants to know, indicator by indicator, whether the toolkit holds
anything that measures it or whether the evidence has to come from reading and interviews. The
matrix (``matrix_indicators.csv``) ties an indicator either to an indicator of the results
framework or to a quantity the toolkit computes; this module states what that data covers, as
counts, never as a verdict.
"""

from __future__ import annotations

import pandas as pd

from toolkit.model.language import _, ngettext
from toolkit.model.schema import PEOPLE_INDICATORS
from toolkit.model.vocabulary import AchievementStatus, ValueType, label
from toolkit.results.portfolio import Portfolio, figure_source
from toolkit.text import fmt


def _covered(portfolio: Portfolio, column: str) -> tuple[int, int]:
    operations = portfolio.operations
    given = int(operations[column].notna().sum()) if column in operations else 0
    return given, len(operations)


def _of_operations(message: str, given: int, total: int, **values: str) -> str:
    """A message counting the operations that have some fact ("budget pour 7 des 9 opérations"),
    chosen by ``ngettext`` for ``total``, with ``{given}``, ``{total}`` and ``values`` filled in."""
    return message.format(given=fmt.number(given), total=fmt.number(total), **values)


def targets_summary(achievement: pd.DataFrame) -> str:
    """Every target's achievement, counted: how many targets (the publics aimed at said apart, since
    they are headcounts rather than results), how many have an actual, how many are met."""
    if achievement.empty:
        return _("aucune cible chiffrée")
    publics = int(achievement["indicator_id"].isin(PEOPLE_INDICATORS.values()).sum())
    reported = achievement[achievement["status"] != AchievementStatus.NOT_REPORTED]
    met = int((reported["status"] == AchievementStatus.ACHIEVED).sum())
    count = fmt.number(len(achievement))
    targets = ngettext("{count} cible chiffrée", "{count} cibles chiffrées", len(achievement)).format(count=count)
    if publics:
        targets = ngettext(
            "{targets} (dont {count} public visé)", "{targets} (dont {count} publics visés)", publics
        ).format(targets=targets, count=fmt.number(publics))
    with_actual = (
        ngettext(
            "{count} avec une réalisation de même période, {met} atteinte",
            "{count} avec une réalisation de même période, {met} atteintes",
            met,
        )
        if len(reported)
        else _("{count} avec une réalisation de même période")
    ).format(count=fmt.number(len(reported)), met=fmt.number(met))
    return _("{targets} ; {with_actual}").format(targets=targets, with_actual=with_actual)


def persons_summary(portfolio: Portfolio) -> str:
    counted = portfolio.persons_groups()
    given = counted["operation_id"].nunique() if len(counted) else 0
    total = len(portfolio.operations)
    if given == total > 1:
        return _(
            "publics visés (directs ou indirects) comptés en personnes pour chacune des {total} opérations"
        ).format(total=fmt.number(total))
    message = ngettext(
        "publics visés comptés en personnes pour {given} des {total} opération",
        "publics visés comptés en personnes pour {given} des {total} opérations",
        total,
    )
    return _of_operations(message, given, total)


def indicator_summary(portfolio: Portfolio, indicator_id: str) -> str:
    """The values recorded for one indicator of the results framework, as the sources give them."""
    observations = portfolio.observations
    own = observations[observations["indicator_id"] == indicator_id]
    if own.empty:
        return _("aucune valeur transcrite")
    units = portfolio.indicators.set_index("indicator_id")["unit"]
    unit = units.get(indicator_id)
    parts = []
    for value_type in ValueType:
        rows = own[own["value_type"] == value_type]
        values = [
            fmt.measured(
                r["value"],
                r.get("value_max"),
                r.get("qualifier"),
                unit if fmt.is_missing(r.get("unit")) else r["unit"],
                r.get("value_text"),
            )
            + ("" if fmt.is_missing(r.get("span")) else f" {r['span']}")
            for r in rows.to_dict("records")
        ]
        if values:
            parts.append(_("{type} : {values}").format(type=label(value_type), values=", ".join(values)))
        elif value_type != ValueType.BASELINE:
            parts.append(_("{type} : aucune rapportée").format(type=label(value_type)))
    return fmt.semicolons(parts)


def data_sources(portfolio: Portfolio, row: dict) -> list[str]:
    """The source cells of the data behind one indicator of the matrix (empty when none)."""
    indicator_id = row.get("indicator_id")
    if not fmt.is_missing(indicator_id):
        observations = portfolio.observations
        return list(observations.loc[observations["indicator_id"] == indicator_id, "source"].dropna())
    computed = row.get("computed")
    if computed == "cibles":
        observations = portfolio.observations
        return list(observations.loc[observations["value_type"] == ValueType.TARGET, "source"].dropna())
    operations = portfolio.operations.to_dict("records")
    if computed == "budget":
        return [figure_source(operation, figure) for operation in operations for figure in ("budget", "grant")]
    if computed == "duree":
        return [figure_source(operation, "duration") for operation in operations]
    if computed == "personnes":
        return list(portfolio.persons_groups()["source"].dropna())
    if computed == "projets":
        return list(portfolio.phase2["source"].dropna())
    return []


def data_summary(portfolio: Portfolio, row: dict) -> str | None:
    """What the data hold for one indicator of the matrix; None when nothing in the data measures it."""
    indicator_id = row.get("indicator_id")
    if not fmt.is_missing(indicator_id):
        return indicator_summary(portfolio, str(indicator_id))
    computed = row.get("computed")
    if fmt.is_missing(computed):
        return None
    if computed == "cibles":
        return targets_summary(portfolio.achievement)
    if computed == "budget":
        budget, total = _covered(portfolio, "budget")
        grant, _total = _covered(portfolio, "grant")
        if budget == grant == total > 1:  # "9 des 9" says less plainly what "chacune" says
            return _("budget et financement pour chacune des {total} opérations").format(total=fmt.number(total))
        message = ngettext(
            "budget pour {given} des {total} opération, financement pour {grant}",
            "budget pour {given} des {total} opérations, financement pour {grant}",
            total,
        )
        return _of_operations(message, budget, total, grant=fmt.number(grant))
    if computed == "duree":
        given, total = _covered(portfolio, "duration_months")
        if given == total > 1:
            return _("durée prévue pour chacune des {total} opérations").format(total=fmt.number(total))
        message = ngettext(
            "durée prévue pour {given} des {total} opération", "durée prévue pour {given} des {total} opérations", total
        )
        return _of_operations(message, given, total)
    if computed == "personnes":
        return persons_summary(portfolio)
    if computed == "projets":
        described = len(portfolio.phase2)
        return ngettext(
            "{count} projet décrit pour la phase suivante", "{count} projets décrits pour la phase suivante", described
        ).format(count=fmt.number(described))
    raise ValueError(f"unknown computed measure {computed!r}")  # the schema's code list prevents it
