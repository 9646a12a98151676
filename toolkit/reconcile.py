"""The programme's published figures, recomputed from the operation data where that is possible.

Each claim gets the computed value, a verdict and a one-line reason:
``consistent``, ``inconsistent`` or ``not_recomputable``. A recomputation is only
compared when it counts the same thing as the claim; when the data give a lower bound
(some figures unknown) the verdict is drawn only if the bound alone decides it. Where
two documents state different values, each claim keeps its own verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from toolkit import fmt
from toolkit.people import person_total, sum_person_totals

CONSISTENT, INCONSISTENT, NOT_RECOMPUTABLE = "consistent", "inconsistent", "not_recomputable"
SUBJECT_FR = {
    "members": "Membres de la plate-forme",
    "lead_members": "Membres porteurs d'opérations",
    "members_without_operation": "Membres sans opération",
    "operations": "Opérations",
    "partners": "Partenaires",
    "countries": "Pays",
    "continents": "Continents",
    "people_reached": "Personnes touchées",
    "budget": "Budget du programme",
    "period": "Période",
    "phase2_projects": "Projets de la phase 2",
}


@dataclass(frozen=True)
class Computed:
    """A recomputed figure: ``complete`` False means a lower bound (some figures unknown)."""

    value: float | None
    basis: str
    comparable: bool = True
    complete: bool = True


@dataclass(frozen=True)
class Data:
    operations: pd.DataFrame
    participants: pd.DataFrame
    members: pd.DataFrame
    people: pd.DataFrame


def _members(data: Data, scope: str) -> Computed:
    return Computed(float(len(data.members)), f"{len(data.members)} noms dans la liste des membres (members.csv)")


def _lead_members(data: Data, scope: str) -> Computed:
    leads = data.operations["lead_org"].nunique()
    return Computed(float(leads), f"{leads} porteurs distincts dans les fiches des opérations")


def _operations(data: Data, scope: str) -> Computed:
    return Computed(float(len(data.operations)), f"{len(data.operations)} opérations dans les données")


def _partners(data: Data, scope: str) -> Computed:
    partners = data.participants[data.participants["role"] == "4"]["organisation"].nunique()
    return Computed(
        float(partners),
        f"{partners} partenaires principaux distincts ; les fiches ne citent que les partenaires principaux",
        complete=False,
    )


def _countries(data: Data, scope: str) -> Computed:
    codes = {code for codes in data.operations["countries"].dropna() for code in str(codes).split(";")}
    if "hors france" in scope.lower():
        return Computed(float(len(codes - {"FRA"})), f"{len(codes - {'FRA'})} pays distincts hors France")
    return Computed(float(len(codes)), f"{len(codes)} pays distincts, France comprise")


def _people(data: Data, scope: str) -> Computed:
    if data.operations.empty or data.people.empty:
        return Computed(None, "aucun public d'opération dans les données")
    people = data.people[data.people["operation_id"].isin(data.operations["operation_id"])]
    totals = [person_total(part.to_dict("records")) for _, part in people.groupby(["operation_id", "reach"])]
    summed = sum_person_totals(totals)
    if summed.total is None:
        return Computed(None, "aucun groupe compté en personnes dans les fiches")
    shown = fmt.measured(summed.total, summed.total_max, summed.qualifier, "personnes")
    basis = f"somme des groupes que les fiches comptent en personnes, directs et indirects : {shown}"
    unquantified = [item for item in summed.left_out if item.endswith("(non chiffrés)")]
    if unquantified:
        basis += f" ; {len(unquantified)} groupes de personnes non chiffrés n'y sont pas"
    others = len(summed.left_out) - len(unquantified)
    if others:
        basis += f" ; {others} groupes qui ne sont pas des personnes (familles, structures…) non additionnés"
    # An estimate or a range leaves the sum uncertain: only a bound it already satisfies decides.
    exact = not unquantified and summed.qualifier == "" and summed.total_max is None
    return Computed(summed.total, basis, complete=exact)


def _budget(data: Data, scope: str) -> Computed:
    summed = data.operations["budget_eur"].sum(min_count=1) if "budget_eur" in data.operations else None
    if summed is None or pd.isna(summed):
        return Computed(None, "aucun budget d'opération dans les données", comparable=False)
    total = float(summed)
    return Computed(
        total,
        f"la somme des budgets des opérations ({fmt.euros(total)}) ne couvre pas le budget du programme (activités transversales)",
        comparable=False,
    )


RECOMPUTE: dict[str, Callable[[Data, str], Computed]] = {
    "members": _members,
    "lead_members": _lead_members,
    "operations": _operations,
    "partners": _partners,
    "countries": _countries,
    "people_reached": _people,
    "budget": _budget,
}
NOT_IN_DATA = {
    "members_without_operation": "les données ne disent pas quels membres n'ont pas d'opération",
    "continents": "les données ne rattachent pas les pays à des continents",
    "period": "les dates de début et de fin des opérations ne sont pas connues",
    "phase2_projects": "les données ne contiennent pas les projets de la phase 2",
}


def _holds(
    qualifier: str, claimed: float, computed: float, claimed_max: float | None, tolerances: tuple[float, float]
) -> bool:
    exact, about = tolerances
    if qualifier == "more_than":
        return computed > claimed
    if qualifier == "at_least":
        return computed >= claimed
    if qualifier == "less_than":
        return computed < claimed
    if qualifier == "at_most":
        return computed <= claimed
    if qualifier == "range" and claimed_max is not None:
        return claimed <= computed <= claimed_max
    tolerance = about if qualifier == "about" else exact
    return abs(computed - claimed) <= tolerance * abs(claimed)


def verdict(claim: dict, computed: Computed, tolerances: tuple[float, float]) -> tuple[str, str]:
    """The verdict on one claim and its reason, in French for the report."""
    claimed = claim.get("value")
    if computed.value is None or not computed.comparable:
        return NOT_RECOMPUTABLE, computed.basis
    if claimed is None or pd.isna(claimed):
        return NOT_RECOMPUTABLE, "le chiffre publié n'est pas un nombre"
    qualifier = str(claim.get("qualifier") or "exact")
    claimed_max = claim.get("value_max")
    claimed_max = None if claimed_max is None or pd.isna(claimed_max) else float(claimed_max)
    holds = _holds(qualifier, float(claimed), computed.value, claimed_max, tolerances)
    if not computed.complete:
        # A lower bound decides only "plus de"/"au moins" claims it already satisfies.
        if holds and qualifier in {"more_than", "at_least"}:
            return CONSISTENT, computed.basis
        return NOT_RECOMPUTABLE, f"minorant seulement : {computed.basis}"
    return (CONSISTENT if holds else INCONSISTENT), computed.basis


def reconcile(claims: pd.DataFrame, data: Data, tolerances: tuple[float, float]) -> pd.DataFrame:
    """``claims`` with ``description``, ``computed_value``, ``verdict`` and ``reason`` added."""
    rows = []
    for claim in claims.to_dict("records"):
        subject = str(claim.get("subject") or "")
        scope = str(claim.get("scope") or "")
        recompute = RECOMPUTE.get(subject)
        computed = recompute(data, scope) if recompute else Computed(None, NOT_IN_DATA.get(subject, "non recalculable"))
        result, reason = verdict(claim, computed, tolerances)
        description = SUBJECT_FR.get(subject, subject) + (f" ({scope})" if scope else "")
        rows.append(
            {**claim, "description": description, "computed_value": computed.value, "verdict": result, "reason": reason}
        )
    columns = [*claims.columns, "description", "computed_value", "verdict", "reason"]
    return pd.DataFrame(rows, columns=columns)
