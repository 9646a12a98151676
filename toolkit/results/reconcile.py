"""The programme's published figures, recomputed from the operation data where that is possible.

Each claim gets the computed value, a verdict and a one-line reason:
``consistent``, ``inconsistent`` or ``not_recomputable``. A recomputation is only
compared when it counts the same thing as the claim; when the data give a lower bound
(some figures unknown) the verdict is drawn only if the bound alone decides it. Where
two documents state different values, each claim keeps its own verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pycountry

from toolkit.ingest.people import UNCOUNTED, left_out_as, person_total, persons_text, sum_person_totals
from toolkit.model.cells import split_values
from toolkit.model.language import N_, _, ngettext, pgettext
from toolkit.model.vocabulary import ClaimVerdict, ValueType, label
from toolkit.results.citations import citation_of
from toolkit.results.money import comparable
from toolkit.text import fmt

# What each subject is called, in French; translated where it is shown (``_``).
SUBJECT_FR = {
    "members": N_("Membres de la plate-forme"),
    "lead_members": N_("Membres porteurs d'opérations"),
    "members_without_operation": N_("Membres sans opération"),
    "operations": N_("Opérations"),
    "partners": N_("Partenaires"),
    "countries": N_("Pays"),
    "continents": N_("Continents"),
    "people_reached": N_("Personnes touchées"),
    "budget": N_("Budget du programme"),
    "period": N_("Période"),
    "duration": N_("Durée"),
    "phase2_projects": N_("Projets de la phase 2"),
    "sdg_goals": N_("Objectifs de développement durable"),
    "growth": N_("Évolution d'un indicateur"),
    "next_phase": N_("Phase suivante"),
}


def subject_label(subject: str) -> str:
    """A published figure's subject as a reader names it, in the report's language."""
    if subject == "countries":  # "Pays" is "Country" as a column of countries, "Countries" as a subject
        return pgettext("the subject of a published figure", "Pays")
    return _(SUBJECT_FR[subject]) if subject in SUBJECT_FR else subject


# Subjects stated in the documents but outside what the operation data can tell.
NOT_IN_DATA = {"next_phase": N_("concerne la phase suivante, hors du champ des données évaluées")}


@dataclass(frozen=True)
class Computed:
    """A recomputed figure: ``complete`` False means a lower bound (some figures unknown)."""

    value: float | None
    basis: str
    comparable: bool = True
    complete: bool = True
    value_max: float | None = None  # a recomputed period's last year, set against a claimed range


@dataclass(frozen=True)
class Data:
    operations: pd.DataFrame
    participants: pd.DataFrame
    members: pd.DataFrame
    people: pd.DataFrame
    sdgs: pd.DataFrame = field(default_factory=pd.DataFrame)
    phase2: pd.DataFrame = field(default_factory=pd.DataFrame)
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    period: tuple[int, int] | None = None  # the programme's years, from its configuration
    documents: pd.DataFrame = field(default_factory=pd.DataFrame)  # to name a document as a reader cites it
    conversions: pd.DataFrame = field(default_factory=pd.DataFrame)  # amounts in the reporting currency
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)  # an indicator's unit, where its values have none


Recompute = Callable[[Data, dict], Computed]


def _document(source: object) -> str:
    return str(source or "").split(" ")[0]


def _list_document(data: Data) -> str:
    """The document the members list is transcribed from."""
    sources = {_document(source) for source in data.members.get("source", pd.Series(dtype="str")).dropna()}
    return sources.pop() if len(sources) == 1 else ""


def _cited(data: Data, document: str) -> str:
    """A document as the pages cite it ("IRG, Capitalisation CAAC, 2018"), its file name if unlisted."""
    if document and len(data.documents) and "document" in data.documents:
        rows = data.documents[data.documents["document"] == document]
        if len(rows):
            return citation_of(rows.iloc[0].to_dict())
    return document


def _members(data: Data, claim: dict) -> Computed:
    if data.members.empty:  # a programme without a members list: nothing to count, not zero members
        return Computed(None, _("les données ne contiennent pas la liste des membres"))
    count = len(data.members)
    listed_in = _list_document(data)
    if listed_in and _document(claim.get("source")) != listed_in:
        # Membership changes: a count published in another document, at another date, is not
        # set against this list.
        return Computed(
            float(count),
            ngettext(
                "{count} nom dans la liste des membres {of_document}, un autre document que celui qui publie ce "
                "chiffre, à une autre date",
                "{count} noms dans la liste des membres {of_document}, un autre document que celui qui publie ce "
                "chiffre, à une autre date",
                count,
            ).format(count=count, of_document=fmt.of(_cited(data, listed_in))),
            comparable=False,
        )
    return Computed(
        float(count),
        ngettext(
            "{count} nom dans la liste des membres que le même document donne ({document})",
            "{count} noms dans la liste des membres que le même document donne ({document})",
            count,
        ).format(count=count, document=_cited(data, listed_in)),
    )


def _members_with_operation(data: Data) -> list[str]:
    if "member" not in data.participants:
        return []
    return sorted(set(data.participants["member"].dropna()) & set(data.members["organisation"]))


def _lead_members(data: Data, claim: dict) -> Computed:
    """The fiches name one lead per operation; a document may count co-leads too. The claim is set
    against the count whose definition gives its figure, and the reason says which."""
    leads = data.operations["lead_org"].nunique()
    taking_part = _members_with_operation(data)
    by_fiche = ngettext(
        "{count} porteur distinct dans les fiches des opérations",
        "{count} porteurs distincts dans les fiches des opérations",
        leads,
    ).format(count=leads)
    if taking_part and len(taking_part) != leads and claim.get("value") == len(taking_part):
        # The figure counts a member the fiches name as a partner: whether that member leads is what
        # the documents disagree on, so the data cannot settle it.
        extra = ", ".join(sorted(set(taking_part) - set(_fiche_lead_members(data))))
        return Computed(
            float(len(taking_part)),
            _(
                "{count} membres prennent part à une opération en comptant {extra}, que les fiches nomment "
                "partenaire ; {by_fiche} : les documents ne s'accordent pas sur qui porte les opérations"
            ).format(count=len(taking_part), extra=extra, by_fiche=by_fiche),
            comparable=False,
        )
    return Computed(float(leads), by_fiche)


def _fiche_lead_members(data: Data) -> list[str]:
    if "member" not in data.participants:
        return []
    leads = data.participants[data.participants["role"] == "2"]
    return sorted(set(leads["member"].dropna()))


def _members_without_operation(data: Data, _claim: dict) -> Computed:
    if "member" not in data.participants or data.members.empty:
        return Computed(None, _("les données ne disent pas quels membres prennent part à une opération"))
    taking_part = _members_with_operation(data)
    without = len(data.members) - len(taking_part)
    listed_in = _cited(data, _list_document(data)) or _("la liste des membres")
    return Computed(
        float(without),
        _(
            "{count} membres dans la liste {of_document}, dont {taking_part} prennent part à une opération "
            "({names}) : {without} sans opération"
        ).format(
            count=len(data.members),
            of_document=fmt.of(listed_in),
            taking_part=len(taking_part),
            names=", ".join(taking_part),
            without=without,
        ),
    )


def _operations(data: Data, _claim: dict) -> Computed:
    count = len(data.operations)
    said = ngettext("{count} opération dans les données", "{count} opérations dans les données", count)
    return Computed(float(count), said.format(count=count))


def _partners(data: Data, _claim: dict) -> Computed:
    partners = data.participants[data.participants["role"] == "4"]["organisation"].nunique()
    return Computed(
        float(partners),
        ngettext(
            "{count} partenaire principal distinct ; les fiches ne citent que les partenaires principaux",
            "{count} partenaires principaux distincts ; les fiches ne citent que les partenaires principaux",
            partners,
        ).format(count=partners),
        complete=False,
    )


def _country_codes(data: Data) -> set[str]:
    return {code for codes in data.operations["countries"] for code in split_values(codes)}


def _countries(data: Data, claim: dict) -> Computed:
    codes = _country_codes(data)
    if "hors france" in str(claim.get("scope") or "").lower():
        others = len(codes - {"FRA"})
        said = ngettext("{count} pays distinct hors France", "{count} pays distincts hors France", others)
        return Computed(float(others), said.format(count=others))
    said = ngettext("{count} pays distinct, France comprise", "{count} pays distincts, France comprise", len(codes))
    return Computed(float(len(codes)), said.format(count=len(codes)))


# Continents as French usage and the UN M49 geoscheme count them: one America.
CONTINENTS_FR = {
    "AF": N_("Afrique"),
    "NA": N_("Amérique"),
    "SA": N_("Amérique"),
    "AS": N_("Asie"),
    "EU": N_("Europe"),
    "OC": N_("Océanie"),
}


def continent_fr(code: str) -> str | None:
    """The continent of an ISO 3166-1 alpha-3 country code, in French; None when unknown."""
    from pycountry_convert import country_alpha2_to_continent_code

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    try:
        return CONTINENTS_FR.get(country_alpha2_to_continent_code(country.alpha_2))
    except KeyError:
        return None


def _continents(data: Data, _claim: dict) -> Computed:
    codes = _country_codes(data)
    continents = {continent_fr(code) for code in codes}
    if None in continents or not codes:
        return Computed(None, _("un pays des opérations n'a pas de continent connu"))
    names = sorted((_(name) for name in continents - {None}), key=fmt.sort_key)  # type: ignore[arg-type]
    return Computed(
        float(len(names)),
        ngettext(
            "{count} continent ({names}), France comprise ; l'Amérique compte pour un continent (géoschéma M49 "
            "des Nations unies)",
            "{count} continents ({names}), France comprise ; l'Amérique compte pour un continent (géoschéma M49 "
            "des Nations unies)",
            len(names),
        ).format(count=len(names), names=", ".join(names)),
    )


def _people(data: Data, _claim: dict) -> Computed:
    if data.operations.empty or data.people.empty:
        return Computed(None, _("aucun public d'opération dans les données"))
    people = data.people[data.people["operation_id"].isin(data.operations["operation_id"])]
    totals = [person_total(part.to_dict("records")) for _, part in people.groupby(["operation_id", "reach"])]
    summed = sum_person_totals(totals)
    if summed.total is None:
        return Computed(None, _("aucun groupe compté en personnes dans les fiches"))
    basis = _("les fiches donnent des publics visés, non des personnes effectivement touchées : {persons}").format(
        persons=persons_text(summed)
    )
    unquantified = [item for item in summed.left_out if left_out_as(item, UNCOUNTED)]
    if unquantified:
        basis += ngettext(
            ", sans {count} groupe de personnes non chiffré",
            ", sans {count} groupes de personnes non chiffrés",
            len(unquantified),
        ).format(count=len(unquantified))
    others = len(summed.left_out) - len(unquantified)
    if others:
        basis += ngettext(
            " ni {count} groupe qui n'est pas compté en personnes (familles, structures, unité non précisée…)",
            " ni {count} groupes qui ne sont pas comptés en personnes (familles, structures, unité non précisée…)",
            others,
        ).format(count=others)
    return Computed(summed.total, basis, comparable=False)


def _budget(data: Data, _claim: dict) -> Computed:
    if "budget" not in data.operations:
        return Computed(None, _("aucun budget d'opération dans les données"), comparable=False)
    budgets, basis = comparable(data.operations, data.conversions, "budget")
    summed = budgets.sum(min_count=1)
    if pd.isna(summed):
        return Computed(None, _("aucun budget d'opération dans les données"), comparable=False)
    total = float(summed)
    return Computed(
        total,
        _(
            "la somme des budgets des opérations ({total}) n'est pas le budget du programme : aucun document ne "
            "dit ce que le budget du programme couvre d'autre"
        ).format(total=basis.amount(total)),
        comparable=False,
    )


def _durations(data: Data) -> pd.Series:
    return data.operations["duration_months"].dropna() if "duration_months" in data.operations else pd.Series()


def _period(data: Data, claim: dict) -> Computed:
    """A period ("2014-2018") or a year ("2014", "depuis 2015") against the programme's period and
    the operations' own dates and durations."""
    if data.period is None:
        return Computed(None, _("la configuration ne donne pas la période du programme"))
    first, last = data.period
    durations = _durations(data)
    span = (last - first) * 12
    basis = _("période du programme {first}-{last} (configuration)").format(first=first, last=last)
    if len(durations):
        fits = (
            _(" ; les durées des fiches ({shortest} à {longest} mois) y tiennent")
            if durations.max() <= span
            else _(" ; les durées des fiches ({shortest} à {longest} mois) n'y tiennent pas")
        )
        basis += fits.format(shortest=fmt.number(durations.min()), longest=fmt.number(durations.max()))
    dated = data.operations.dropna(subset=["start"]) if "start" in data.operations else pd.DataFrame()
    outside = [
        row["operation_id"]
        for row in dated.to_dict("records")
        if int(str(row["start"])[:4]) < first or int(str(row.get("end") or row["start"])[:4]) > last
    ]
    if len(dated):
        known = fmt.counted(len(dated), "opération", "opérations")
        basis += (
            _(" ; dates connues pour {operations}, hors de la période : {outside}").format(
                operations=known, outside=", ".join(outside)
            )
            if outside
            else _(" ; dates connues pour {operations}, dans la période").format(operations=known)
        )
    if claim.get("qualifier") != "range":
        basis += _(" ; le programme commence en {first}").format(first=first)
    return Computed(float(first), basis, value_max=float(last))


def _duration(data: Data, claim: dict) -> Computed:
    """A duration in years: of the operations when the claim says so, else of the programme."""
    durations = _durations(data)
    if "opération" in str(claim.get("scope") or "").lower():
        if not len(durations):
            return Computed(None, _("aucune durée d'opération dans les données"))
        longest = float(durations.max()) / 12
        return Computed(
            longest,
            _(
                "les fiches donnent des durées prévues de {shortest} à {longest} mois (la plus longue : {years} ans) "
                "; leurs durées effectives ne sont pas connues"
            ).format(
                shortest=fmt.number(durations.min()), longest=fmt.number(durations.max()), years=fmt.figure(longest)
            ),
            comparable=False,
        )
    if data.period is None:
        return Computed(None, _("la configuration ne donne pas la période du programme"))
    first, last = data.period
    said = ngettext(
        "période du programme {first}-{last} (configuration) : {years} an",
        "période du programme {first}-{last} (configuration) : {years} ans",
        last - first,
    )
    return Computed(float(last - first), said.format(first=first, last=last, years=last - first))


def _phase2_projects(data: Data, _claim: dict) -> Computed:
    if data.phase2.empty:
        return Computed(None, _("les données ne contiennent pas les projets de la phase 2"))
    # A page may describe fewer projects than it announces: what it describes is a lower bound.
    return Computed(
        float(len(data.phase2)),
        ngettext(
            "le document décrit {count} projet, sans dire ce qu'il en est des autres",
            "le document décrit {count} projets, sans dire ce qu'il en est des autres",
            len(data.phase2),
        ).format(count=len(data.phase2)),
        complete=False,
    )


def _sdg_goals(data: Data, _claim: dict) -> Computed:
    links = data.sdgs[data.sdgs["operation_id"].isin(data.operations["operation_id"])] if len(data.sdgs) else data.sdgs
    if links.empty:
        return Computed(None, _("aucun document ne rattache une opération à des objectifs"))
    goals = sorted({str(code).split(".")[0] for code in links["sdg"]}, key=int)
    described = links["operation_id"].nunique()
    # The programme's priority goals and the goals an operation says it serves are not one count.
    return Computed(
        float(len(goals)),
        _(
            "les objectifs prioritaires du programme ne se déduisent pas des objectifs que chaque opération dit "
            "servir : les documents en rattachent {goals} à {described} des {operations} opérations (ODD {codes})"
        ).format(goals=len(goals), described=described, operations=len(data.operations), codes=", ".join(goals)),
        comparable=False,
    )


def _unit_of(data: Data, series: pd.DataFrame) -> str:
    """The unit of a series of values: its own, else its indicator's (''when neither says)."""
    own = series["unit"].dropna() if "unit" in series else pd.Series(dtype="str")
    if len(own):
        return str(own.iloc[-1])
    indicators = data.indicators
    if indicators.empty or "unit" not in indicators or series.empty:
        return ""
    units = indicators.loc[indicators["indicator_id"] == series["indicator_id"].iloc[0], "unit"].dropna()
    return str(units.iloc[0]) if len(units) else ""


def _growth(data: Data, claim: dict) -> Computed:
    """A growth word ("triplement") against the actual and baseline of the indicator it summarises."""
    observed = data.observations
    if observed.empty:
        return Computed(None, _("aucune observation dans les données"))
    series = observed[
        (observed["operation_id"] == claim.get("operation_id"))
        & (observed["indicator_id"] == claim.get("indicator_id"))
    ]
    baseline = series.loc[series["value_type"] == ValueType.BASELINE, "value"].dropna()
    actual = series.loc[series["value_type"] == ValueType.ACTUAL, "value"].dropna()
    if baseline.empty or actual.empty or not float(baseline.iloc[-1]):
        return Computed(None, _("l'indicateur n'a pas de valeur de référence et de réalisation chiffrées"))
    start, end = float(baseline.iloc[-1]), float(actual.iloc[-1])
    factor = round(end / start, 2)
    unit = _unit_of(data, series)
    basis = _("de {baseline} (référence) à {actual} (réalisation) : multiplié par {factor}").format(
        baseline=fmt.figure(start), actual=f"{fmt.figure(end)} {unit}".strip(), factor=fmt.figure(factor)
    )
    word, said = claim.get("value_text"), claim.get("value")
    if not fmt.is_missing(said) and not fmt.is_missing(word):
        # Say which way the word and the values part, so that a gap reads as what it is.
        gap = (
            _(", soit plus que le « {word} » écrit (×{factor})")
            if factor > float(said)
            else _(", soit moins que le « {word} » écrit (×{factor})")
        )
        basis += gap.format(word=word, factor=fmt.figure(float(said)))
    return Computed(factor, basis)


RECOMPUTE: dict[str, Recompute] = {
    "members": _members,
    "lead_members": _lead_members,
    "members_without_operation": _members_without_operation,
    "operations": _operations,
    "partners": _partners,
    "countries": _countries,
    "continents": _continents,
    "people_reached": _people,
    "budget": _budget,
    "period": _period,
    "duration": _duration,
    "phase2_projects": _phase2_projects,
    "sdg_goals": _sdg_goals,
    "growth": _growth,
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


def verdict(claim: dict, computed: Computed, tolerances: tuple[float, float]) -> tuple[ClaimVerdict, str]:
    """The verdict on one claim and its reason, in the active language, for the report."""
    claimed = claim.get("value")
    if computed.value is None or not computed.comparable:
        return ClaimVerdict.NOT_RECOMPUTABLE, computed.basis
    if claimed is None or pd.isna(claimed):
        return ClaimVerdict.NOT_RECOMPUTABLE, _("le chiffre publié n'est pas un nombre")
    qualifier = str(claim.get("qualifier") or "exact")
    if claim.get("subject") == "growth" and qualifier == "exact":
        qualifier = "about"  # "triplement" is a round word: it holds within the "environ" tolerance
    claimed_max = claim.get("value_max")
    claimed_max = None if claimed_max is None or pd.isna(claimed_max) else float(claimed_max)
    if qualifier == "range" and computed.value_max is not None:
        holds = (float(claimed), claimed_max) == (computed.value, computed.value_max)
    elif qualifier == "since" and computed.value_max is not None:
        holds = computed.value <= float(claimed) <= computed.value_max  # "depuis 2015": within the period
    else:
        holds = _holds(qualifier, float(claimed), computed.value, claimed_max, tolerances)
    if not computed.complete:
        # A lower bound decides a "plus de"/"au moins" claim it already satisfies, and any claim
        # that it already exceeds: the full count can only be larger.
        if holds and qualifier in {"more_than", "at_least"}:
            return ClaimVerdict.CONSISTENT, computed.basis
        if qualifier in {"exact", "less_than", "at_most"} and computed.value > float(claimed):
            return (
                ClaimVerdict.INCONSISTENT,
                _("déjà plus que le chiffre publié, d'après une partie des données : {reason}").format(
                    reason=computed.basis
                ),
            )
        return ClaimVerdict.NOT_RECOMPUTABLE, _("minorant seulement : {reason}").format(reason=computed.basis)
    return (ClaimVerdict.CONSISTENT if holds else ClaimVerdict.INCONSISTENT), computed.basis


def reconcile(claims: pd.DataFrame, data: Data, tolerances: tuple[float, float]) -> pd.DataFrame:
    """``claims`` with ``description``, ``computed_value``, ``verdict`` and ``reason`` added."""
    rows = []
    for claim in claims.to_dict("records"):
        subject = str(claim.get("subject") or "")
        scope = str(claim.get("scope") or "")
        recompute = RECOMPUTE.get(subject)
        computed = (
            recompute(data, claim)
            if recompute
            else Computed(
                None, _(NOT_IN_DATA[subject]) if subject in NOT_IN_DATA else label(ClaimVerdict.NOT_RECOMPUTABLE)
            )
        )
        result, reason = verdict(claim, computed, tolerances)
        description = subject_label(subject) + (f" ({scope})" if scope else "")
        rows.append(
            {
                **claim,
                "description": description,
                "computed_value": computed.value,
                "computed_value_max": computed.value_max,
                "verdict": result,
                "reason": reason,
            }
        )
    columns = [*claims.columns, "description", "computed_value", "computed_value_max", "verdict", "reason"]
    return pd.DataFrame(rows, columns=columns)
