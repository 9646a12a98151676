"""The programme's published figures set against each other: one row per figure, and documents
compared with documents.

``reconcile`` sets each claim against the operation data. This module reads its result and
answers two other questions a reviewer asks: which documents state the same figure (one row
for "24 membres", with every place it is written), and where two documents, or two passages,
state the same thing differently (9 against 10 members leading operations, 2014 against
"depuis 2015", "triplement" against 70 to 300 dollars). Where a document explains a figure, its
words go with the row.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from toolkit.model.language import _, ngettext
from toolkit.model.values import text_or_empty
from toolkit.model.vocabulary import ClaimVerdict, PairVerdict, ValueType
from toolkit.results.reconcile import subject_label
from toolkit.text import fmt

# Subjects whose figure documents restate: each is compared across the documents that give it.
COMPARED = ("members", "lead_members", "operations", "partners", "countries", "continents", "period", "duration")
FIGURE_COLUMNS = [
    "subject",
    "description",
    "figure",
    "sources",
    "statements",
    "computed_value",
    "computed_value_max",
    "verdict",
    "reason",
    "reason_sources",
]
PAIR_COLUMNS = [
    "subject",
    "description",
    "first",
    "first_sources",
    "second",
    "second_sources",
    "verdict",
    "reason",
    "reason_sources",  # the other lines a recorded pair's verdict names
]


def figure_text(claim: dict) -> str:
    """A published figure as written, with its unit and the span the document gives it: ``24 membres``,
    ``plus de 70 partenaires``, ``triplement en 3 ans``."""
    span = text_or_empty(claim.get("span"))
    return f"{_figure_text(claim)} {span}" if span else _figure_text(claim)


def _figure_text(claim: dict) -> str:
    unit = text_or_empty(claim.get("unit"))
    written = text_or_empty(claim.get("value_text")) or text_or_empty(claim.get("value"))
    if claim.get("subject") in ("period", "next_phase") and unit in ("année", "années"):
        return written  # "2014-2018", "2019": a year needs no unit
    if unit in ("", "€"):
        return written  # "2014-2018", "1,7 millions d'euros": the words already say what they count
    return f"{written} {unit}"


def _number_key(claim: dict) -> tuple:
    return (
        claim.get("subject"),
        None if fmt.is_missing(claim.get("value")) else float(claim["value"]),
        None if fmt.is_missing(claim.get("value_max")) else float(claim["value_max"]),
        text_or_empty(claim.get("qualifier")),
        text_or_empty(claim.get("reason")),
        text_or_empty(claim.get("verdict")),
    )


def published_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per published figure: the same number stated in several places is one row listing them all;
    a document's explanation of it goes with the reason, its lines in ``reason_sources``."""
    rows = []
    groups: dict[tuple, list[dict]] = {}
    for claim in claims.to_dict("records"):
        groups.setdefault(_number_key(claim), []).append(claim)
    for members in groups.values():
        first = members[0]
        explanation = next((c for c in members if text_or_empty(c.get("explanation"))), None)
        reason = text_or_empty(first.get("reason"))
        explained: tuple[str, ...] = ()
        if explanation is not None:
            # The explanation's lines go with the reason, where a page links each one.
            reason = _("{reason} — le document l'explique : « {explanation} »").format(
                reason=reason, explanation=explanation["explanation"]
            )
            explained = (str(explanation["source_explanation"]),)
        rows.append(
            {
                "subject": first["subject"],
                # One scope: the claim's own description; several: what they all count.
                "description": first.get("description")
                if len({text_or_empty(c.get("scope")) for c in members}) == 1
                else subject_label(str(first["subject"])),
                "figure": fmt.semicolons(dict.fromkeys(figure_text(c) for c in members)),
                "sources": tuple(dict.fromkeys(str(c["source"]) for c in members)),
                "statements": tuple(dict.fromkeys(str(c["statement"]) for c in members)),
                "computed_value": first.get("computed_value"),
                "computed_value_max": first.get("computed_value_max"),
                "verdict": first.get("verdict"),
                "reason": reason,
                "reason_sources": explained,
            }
        )
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def _documents(claims: list[dict]) -> set[str]:
    return {str(source).split(" ")[0] for claim in claims for source in str(claim["source"]).split(" + ")}


def _compatible(subject: str, one: dict, other: dict) -> bool:
    """Whether two statements of a subject say the same: equal figures, or a first year that is a
    period's first year ("mis en place en 2014" and "2014-2018")."""
    low = (float(one["value"]), None if fmt.is_missing(one.get("value_max")) else float(one["value_max"]))
    high = (float(other["value"]), None if fmt.is_missing(other.get("value_max")) else float(other["value_max"]))
    if low == high:
        return True
    if subject != "period":
        return False
    # A first year agrees with a period that starts then; "depuis 2015" with any period it falls in.
    for year, period, qualifier in ((one, other, one.get("qualifier")), (other, one, other.get("qualifier"))):
        if fmt.is_missing(year.get("value_max")) and not fmt.is_missing(period.get("value_max")):
            first, last, value = float(period["value"]), float(period["value_max"]), float(year["value"])
            if value == first or (qualifier == "since" and first <= value <= last):
                return True
    return False


def _scope_key(claim: dict) -> str:
    # "4 ans des opérations pilotes" and "4 ans du programme" are two different durations.
    if claim.get("subject") == "duration" and "opération" in text_or_empty(claim.get("scope")).lower():
        return "operations"
    return ""


def _side(claims: list[dict]) -> tuple[str, tuple[str, ...]]:
    figures = fmt.semicolons(dict.fromkeys(figure_text(c) for c in claims))
    return figures, tuple(dict.fromkeys(str(c["source"]) for c in claims))


def _differing(claims: list[dict]) -> tuple[str, tuple[str, ...]]:
    """Why documents disagree, with a document's explanation of the difference when one gives it, and
    the explanation's lines (a page links them after the reason)."""
    found = next((c for c in claims if text_or_empty(c.get("explanation"))), None)
    if found is None:
        return _("les documents donnent des chiffres différents."), ()
    reason = _("les documents donnent des chiffres différents. Le document l'explique : « {explanation} ».")
    return reason.format(explanation=found["explanation"]), (str(found["source_explanation"]),)


def _restated(claims: pd.DataFrame) -> Iterator[dict]:
    """The same subject stated by several documents, or differently within one."""
    numbered = claims[claims["value"].notna() & claims["subject"].isin(COMPARED)]
    for (subject, _scope), part in numbered.groupby(
        [numbered["subject"], numbered.apply(_scope_key, axis=1)], sort=False
    ):
        records = part.to_dict("records")
        if len(_documents(records)) < 2 and len({(r["value"], text_or_empty(r.get("value_max"))) for r in records}) < 2:
            continue
        reference = records[0]
        agreeing = [r for r in records if _compatible(subject, reference, r)]
        differing = [r for r in records if not _compatible(subject, reference, r)]
        label = subject_label(subject)
        if _scope_key(reference) == "operations":
            label = _("{subject} des opérations").format(subject=label)
        if not differing:
            figures, sources = _side(agreeing)
            same = (
                len(
                    {
                        (r["value"], text_or_empty(r.get("value_max")), text_or_empty(r.get("qualifier")))
                        for r in agreeing
                    }
                )
                == 1
            )
            reason = (
                _("le même chiffre dans chaque document")
                if same
                else _(
                    "des chiffres différents mais compatibles : une année de début ou une année « depuis » "
                    "comprise dans la période donnée ailleurs"
                )
            )
            yield _pair(subject, label, figures, sources, "", (), PairVerdict.CONCORDANT, reason)
            continue
        first, first_sources = _side(agreeing)
        second, second_sources = _side(differing)
        reason, explained = _differing(records)
        yield _pair(
            subject, label, first, first_sources, second, second_sources, PairVerdict.DISCORDANT, reason, explained
        )


def _period_against_duration(claims: pd.DataFrame) -> Iterator[dict]:
    """A period ("2014-2018") against the programme's duration in years ("quatre années")."""
    periods = claims[(claims["subject"] == "period") & claims["value_max"].notna()].to_dict("records")
    durations = [
        c
        for c in claims[(claims["subject"] == "duration") & claims["value"].notna()].to_dict("records")
        if _scope_key(c) != "operations"
    ]
    if not periods or not durations:
        return
    spans = {float(p["value_max"]) - float(p["value"]) for p in periods}
    years = {float(d["value"]) for d in durations}
    verdict = PairVerdict.CONCORDANT if spans == years else PairVerdict.DISCORDANT
    reason = (
        ngettext(
            "{years} an de la première à la dernière année de la période",
            "{years} ans de la première à la dernière année de la période",
            min(spans),
        ).format(years=fmt.figure(min(spans)))
        if len(spans) == 1
        else _("les périodes publiées n'ont pas toutes la même durée")
    )
    first, first_sources = _side(periods)
    second, second_sources = _side(durations)
    yield _pair(
        "duration", _("Période et durée du programme"), first, first_sources, second, second_sources, verdict, reason
    )


def _parts_against_whole(claims: pd.DataFrame) -> Iterator[dict]:
    """Members leading operations plus members without one, against all members, in one document."""
    by_subject = {
        subject: claims[(claims["subject"] == subject) & claims["value"].notna()].to_dict("records")
        for subject in ("lead_members", "members_without_operation", "members")
    }
    for without in by_subject["members_without_operation"]:
        document = str(without["source"]).split(" ")[0]
        leads = [c for c in by_subject["lead_members"] if str(c["source"]).startswith(document)]
        members = [c for c in by_subject["members"] if str(c["source"]).startswith(document)]
        if not leads or not members:
            continue
        added = float(leads[0]["value"]) + float(without["value"])
        whole = float(members[0]["value"])
        verdict = PairVerdict.CONCORDANT if added == whole else PairVerdict.DISCORDANT
        yield _pair(
            "members",
            _("Membres porteurs et membres sans opération, face à l'ensemble des membres"),
            f"{figure_text(leads[0])} + {figure_text(without)} = {fmt.figure(added)}",
            (str(leads[0]["source"]), str(without["source"])),
            figure_text(members[0]),
            (str(members[0]["source"]),),
            verdict,
            _("les deux parties font l'ensemble")
            if verdict == PairVerdict.CONCORDANT
            else _("les deux parties ne font pas l'ensemble"),
        )


def _growth_against_values(claims: pd.DataFrame, observations: pd.DataFrame) -> Iterator[dict]:
    """A growth word against the baseline and actual that a document gives for the same indicator."""
    growth = claims[(claims["subject"] == "growth") & claims["computed_value"].notna()].to_dict("records")
    groups: dict[tuple, list[dict]] = {}
    for claim in growth:
        groups.setdefault((claim.get("operation_id"), claim.get("indicator_id")), []).append(claim)
    for (operation_id, indicator_id), part in groups.items():
        series = observations[
            (observations["operation_id"] == operation_id)
            & (observations["indicator_id"] == indicator_id)
            & observations["value_type"].isin([ValueType.BASELINE, ValueType.ACTUAL])
        ]
        sources = tuple(dict.fromkeys(ref for source in series["source"] for ref in str(source).split(" + ")))
        words, word_sources = _side(part)
        verdict = PairVerdict.CONCORDANT if part[0]["verdict"] == ClaimVerdict.CONSISTENT else PairVerdict.DISCORDANT
        spans = {text_or_empty(s) for s in series.get("span", pd.Series(dtype="str")) if text_or_empty(s)}
        over = f" {' ; '.join(sorted(spans))}" if spans else ""
        yield _pair(
            "growth",
            str(part[0].get("description") or subject_label("growth")),
            words,
            word_sources,
            _("multiplié par {factor}").format(factor=fmt.figure(float(part[0]["computed_value"]))) + over,
            sources,
            verdict,
            str(part[0]["reason"]),
        )


def _pair(subject, description, first, first_sources, second, second_sources, verdict, reason, reason_sources=()):
    return dict(
        zip(
            PAIR_COLUMNS,
            (subject, description, first, first_sources, second, second_sources, verdict, reason, reason_sources),
            strict=True,
        )
    )


def _recorded(discrepancies: pd.DataFrame | None) -> Iterator[dict]:
    """The pairs a reader set side by side (discrepancies.csv): the documents disagree, and the
    verdict says only what they allow one to say."""
    if discrepancies is None or discrepancies.empty:
        return
    for row in discrepancies.to_dict("records"):
        yield _pair(
            str(row["kind"]),
            str(row["subject"]),
            fmt.quoted(row["first"]),
            (str(row["first_source"]),),
            fmt.quoted(row["second"]),
            (str(row["second_source"]),),
            text_or_empty(row.get("status")) or PairVerdict.DISCORDANT,
            str(row["verdict"]),
            tuple(source for source in (text_or_empty(row.get("verdict_source")),) if source),
        )


def document_pairs(
    claims: pd.DataFrame, observations: pd.DataFrame, discrepancies: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Documents set against each other: each row two statements (or one restated everywhere) and a verdict.
    ``discrepancies``: the pairs a reader recorded, which follow the ones computed from the claims; the
    lines a reason names besides the pair's own are in ``reason_sources``."""
    rows = [*_recorded(discrepancies)]
    if not claims.empty:
        rows = [
            *_restated(claims),
            *_period_against_duration(claims),
            *_parts_against_whole(claims),
            *_growth_against_values(claims, observations),
            *rows,
        ]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)
