"""The facts that decide how far the evaluation can go, stated at the top of the synthesis.

A board member reads the first page and perhaps no other: it must say whether the targets can be
measured, what the sources are worth as proof, which published figures the data contradict and
which operations stand apart. Each fact is computed from the data, cited, and linked to the
section that holds its detail. None is a judgement; the evaluator's synthesis follows the box.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from toolkit.model import sitemap
from toolkit.model.language import _, ngettext, npgettext
from toolkit.model.schema import PEOPLE_INDICATORS
from toolkit.model.vocabulary import ClaimVerdict, DocumentKind, PairVerdict, is_note, label_of
from toolkit.report import pages
from toolkit.results.citations import Citer
from toolkit.results.crosscheck import published_figures
from toolkit.results.portfolio import Portfolio, attention_points, lead_names
from toolkit.text import fmt
from toolkit.text.html import Html, escape, link

QUALITY_PAGE = sitemap.DATA_QUALITY
PUBLISHED_ANNEX = sitemap.href(sitemap.ANNEXES, anchor="chiffres-publies")


def document_kinds(documents: pd.DataFrame) -> Counter:
    kinds = documents["kind"] if "kind" in documents else pd.Series(dtype="str")
    return Counter(str(kind) for kind in kinds.dropna())


def _see(text: str, href: str) -> str:
    """The link from a fact to the section that holds its detail (an f-string: ``Html + str``
    would escape the markup)."""
    return f'<span class="ev-see">→ {link(text, href)}</span>'


def unreported_targets(achievement: pd.DataFrame) -> str:
    unknown = int(achievement["achievement"].isna().sum())
    return ngettext(
        "Sur {targets}, {count} n'a aucune réalisation rapportée pour la même période : leur atteinte n'est pas connue.",
        "Sur {targets}, {count} n'ont aucune réalisation rapportée pour la même période : leur atteinte n'est pas "
        "connue.",
        1 if unknown == 1 else 2,  # French: "0 n'ont"
    ).format(targets=fmt.counted(len(achievement), "cible chiffrée", "cibles chiffrées"), count=fmt.number(unknown))


def _targets(portfolio: Portfolio, citer: Citer) -> str | None:
    achievement = portfolio.achievement
    if achievement.empty:
        return None
    observations = portfolio.observations
    stated = citer.documents_cited(observations.loc[observations["value_type"] == "target", "source"])
    if achievement["achievement"].notna().any():
        text = escape(unreported_targets(achievement))
    else:  # "Sur 30, 30 n'ont…" says less plainly that none has
        publics = int(achievement["indicator_id"].isin(PEOPLE_INDICATORS.values()).sum())
        text = escape(
            ngettext(
                "Aucune des {targets} (dont {publics} public visé) n'a de réalisation rapportée : leur atteinte "
                "n'est pas connue.",
                "Aucune des {targets} (dont {publics} publics visés) n'a de réalisation rapportée : leur atteinte "
                "n'est pas connue.",
                publics,
            ).format(
                targets=fmt.counted(len(achievement), "cible chiffrée", "cibles chiffrées"),
                publics=fmt.number(publics),
            )
        )
    if stated:
        text += ' <span class="ev-source">(' + escape(_("cibles : {documents}").format(documents=stated)) + ")</span>"
    return text + " " + _see(_("Efficacité"), "#critere-efficacite")


def no_evaluation(count: int, kinds: Counter) -> str:
    """No source document is an evaluation: every value is what the programme's documents declare."""
    # "article : 1, capitalisation : 1": the counts inside one pair of brackets, none nested.
    described = ", ".join(
        _("{kind} : {count}").format(kind=label_of(kind, DocumentKind), count=fmt.number(number))
        for kind, number in sorted(kinds.items())
    )
    subject = (
        _("Le seul document source n'est pas une évaluation")
        if count == 1
        else _("Aucun des {count} documents sources n'est une évaluation").format(count=fmt.number(count))
    )
    if described:
        subject = _("{subject} ({kinds})").format(subject=subject, kinds=described)
    return _(
        "{subject} : toutes les valeurs transcrites dans ce rapport sont celles que déclarent les documents "
        "sources, aucune n'a été vérifiée par une évaluation indépendante."
    ).format(subject=subject)


def own_notes(kinds: Counter) -> str:
    """The evaluator's notes among the sources: what they report, and that only their cited passages
    are published."""
    described = ", ".join(
        _("{kind} : {count}").format(kind=label_of(kind, DocumentKind), count=fmt.number(number))
        for kind, number in sorted(kinds.items())
    )
    count = sum(kinds.values())
    if count == 1:
        return _(
            "La note de terrain de l'évaluateur ({kinds}) rapporte ce que disent les personnes rencontrées ; "
            "seuls ses passages cités sont publiés, sans nom."
        ).format(kinds=described)
    return _(
        "Les {count} notes de terrain de l'évaluateur ({kinds}) rapportent ce que disent les personnes "
        "rencontrées ; seuls leurs passages cités sont publiés, sans nom."
    ).format(count=fmt.number(count), kinds=described)


def _sources(portfolio: Portfolio, citer: Citer) -> list[str]:
    """What the sources are worth as proof: whether one is an evaluation, which report what the
    actors say of themselves, and an evaluation they cite that could not be read."""
    # The evaluator's own notes are not the programme's documents: they are said apart.
    notes = portfolio.documents["kind"].map(is_note) if "kind" in portfolio.documents else None
    documents = portfolio.documents if notes is None else portfolio.documents[~notes.astype(bool)]
    kinds = document_kinds(documents)
    facts = []
    if DocumentKind.EVALUATION not in kinds and len(documents):
        facts.append(escape(no_evaluation(len(documents), kinds)))
    if notes is not None and notes.any():
        facts.append(escape(own_notes(document_kinds(portfolio.documents[notes.astype(bool)]))))
    kind = documents.get("kind", pd.Series(index=documents.index, dtype="str"))
    for row in documents[kind == DocumentKind.CAPITALISATION].to_dict("records"):
        facts.append(
            _(
                "La source {document} est une capitalisation : elle rapporte ce que disent les acteurs des "
                "opérations, ce n'est pas un jugement indépendant."
            ).format(document=link(citer.label(row["document"]), citer.href(row["document"])))
        )
    context = portfolio.context
    if DocumentKind.EVALUATION not in kinds and len(context):
        for row in context[context["topic"] == "évaluations"].to_dict("records"):
            facts.append(
                _(
                    "L'évaluation que cite un document ({source}) ne figure pas parmi les sources de ce rapport : "
                    "ses constats n'ont pu être ni lus ni recoupés."
                ).format(source=citer.html(row["source"]))
            )
    if facts:
        facts[-1] += " " + _see(_("annexe G"), sitemap.href(sitemap.ANNEXES, anchor="documents"))
    return facts


def _published(portfolio: Portfolio, citer: Citer) -> str | None:
    """The published figures the data contradict, each named with where it is written, and how many
    subjects the documents disagree on."""
    figures = published_figures(portfolio.claims)
    wrong = figures[figures["verdict"] == ClaimVerdict.INCONSISTENT] if len(figures) else figures
    verdicts = pages.pairs_by_verdict(portfolio)
    discordant, to_compare = verdicts[PairVerdict.DISCORDANT], verdicts[PairVerdict.TO_COMPARE]
    if wrong.empty and not discordant and not to_compare:
        return None
    items = "".join(
        "<li>"
        + _("{subject} : {figure} ({sources}) ; recalcul : {computed}.").format(
            subject=escape(row["description"]),
            figure=escape(row["figure"]),
            sources=citer.many(row["sources"]),
            computed=escape(str(row["reason"]).rstrip(".")),
        )
        + "</li>"
        for row in wrong.to_dict("records")
    )
    lead = ngettext(
        "{count} chiffre publié ne concorde pas avec son recalcul à partir des données ou d'un autre passage :",
        "{count} chiffres publiés ne concordent pas avec leur recalcul à partir des données ou d'un autre passage :",
        len(wrong),
    ).format(count=fmt.number(len(wrong)))
    pairs_text = _(
        "Les documents se contredisent sur {subjects} ; {differing} d'un passage à l'autre sans que les documents "
        "disent s'ils parlent de la même chose."
    ).format(
        subjects=fmt.counted(discordant, "sujet", "sujets"),
        differing=fmt.counted(to_compare, "autre sujet diffère", "autres sujets diffèrent"),
    )
    listed = f"{escape(lead)}<ul>{items}</ul>" if items else ""
    return listed + escape(pairs_text) + " " + _see(_("annexe E"), PUBLISHED_ANNEX)


def _lines_of(notes: list[tuple[str, str, str]], owner: str, citer: Citer) -> str:
    """The lines of an operation's notes, each cited once ("l. 253, l. 255", not 253 twice)."""
    refs = [part for who, _text, source in notes if who == owner for part in str(source).split(" + ")]
    return citer.html(" + ".join(dict.fromkeys(refs)))


def _outliers(portfolio: Portfolio, citer: Citer) -> str | None:
    """The operations far from the others, named with the lines of their figures; the figures
    themselves stand under the question they bear on."""
    notes = attention_points(portfolio)
    owners = list(dict.fromkeys(owner for owner, _text, _source in notes))
    if not owners:
        return None
    names = lead_names(portfolio.operations)
    named = ", ".join(f"{escape(names.get(owner, owner))} ({_lines_of(notes, owner, citer)})" for owner in owners)
    said = ngettext(
        "{count} opération s'écarte nettement des autres par son budget ou sa part subventionnée : {names}.",
        "{count} opérations s'écartent nettement des autres par leur budget ou leur part subventionnée : {names}.",
        len(owners),
    )
    return f"{escape(said).format(count=fmt.number(len(owners)), names=named)} {_see(_('Efficience'), '#critere-efficience')}"


def _checks(portfolio: Portfolio) -> str:
    findings = portfolio.findings
    errors = int((findings["severity"] == "error").sum())
    warnings = int((findings["severity"] == "warning").sum())
    return _("La vérification des données a relevé {errors} et {warnings} ({page}).").format(
        errors=npgettext("the data checks' findings", "{count} erreur", "{count} erreurs", errors).format(
            count=fmt.number(errors)
        ),
        warnings=npgettext(
            "the data checks' findings", "{count} avertissement", "{count} avertissements", warnings
        ).format(count=fmt.number(warnings)),
        page=link(_("qualité des données"), QUALITY_PAGE),
    )


def key_facts(portfolio: Portfolio) -> Html:
    """The box that opens the synthesis: the targets that can be measured, what the sources are,
    the published figures the data contradict, the operations far from the others, the checks."""
    citer = Citer.of(portfolio.documents)
    facts = [
        _targets(portfolio, citer),
        *_sources(portfolio, citer),
        _published(portfolio, citer),
        _outliers(portfolio, citer),
        _checks(portfolio),
    ]
    items = "".join(f"<li>{fact}</li>" for fact in facts if fact)
    title = escape(_("L'essentiel : ce que les sources permettent d'établir, et ce qu'elles ne permettent pas"))
    note = escape(
        _(
            "Faits calculés à partir des données, chacun avec sa source ; la synthèse qui suit est celle de l'évaluateur."
        )
    )
    return Html(
        f'<aside class="ev-limits ev-key-facts" aria-labelledby="essentiel"><h3 id="essentiel">{title}</h3>'
        f'<ul>{items}</ul><p class="ev-source">{note}</p></aside>'
    )
