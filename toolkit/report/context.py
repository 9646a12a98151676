"""The parts of the report the sources can fill: context, scope, method and limits.

Only facts go here, each with its citation: what the documents say of the programme
(context.csv), what the data count (operations, countries, documents, questions, targets) and
what follows from the data's own shape (targets with no actual, no evaluation among the
sources). Judgements stay the evaluator's, in the narrative files.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from toolkit.model import sitemap
from toolkit.model.cells import join_codes
from toolkit.model.config import Config
from toolkit.model.schema import CONTEXT_TOPICS
from toolkit.model.vocabulary import ClaimVerdict, DocumentKind, PairVerdict, label_of
from toolkit.results.citations import Citer
from toolkit.results.crosscheck import document_pairs, published_figures
from toolkit.results.portfolio import Portfolio, country_names, portfolio_totals
from toolkit.text import fmt
from toolkit.text.html import Html, escape, link, paragraph

TOPIC_FR = {
    "programme": "Le programme",
    "financement": "Financement",
    "gouvernance": "Membres et opérations",
    "antécédents": "Antécédents",
    "suivi": "Suivi du programme",
    "évaluations": "Évaluation finale",
    "phases": "Phases suivantes",
}
QUALITY_PAGE = sitemap.DATA_QUALITY


def _cited(text: object, source: object, citer: Citer) -> str:
    """A sentence with its citation before the final full stop, as French typography places it."""
    sentence = str(text).strip().rstrip(".")
    return f'{escape(sentence)} <span class="ev-source">({citer.html(source)})</span>.'


def programme_context(portfolio: Portfolio) -> Html:
    """What the documents say of the programme, topic by topic, each sentence with its source."""
    facts = portfolio.context
    if facts.empty:
        return paragraph(
            "Aucun fait de contexte n'est transcrit dans les données : l'évaluateur rédige le contexte dans sa section."
        )
    citer = Citer.of(portfolio.documents)
    blocks = []
    for topic in CONTEXT_TOPICS:
        rows = facts[facts["topic"] == topic].to_dict("records")
        if rows:
            sentences = " ".join(_cited(row["text"], row["source"], citer) for row in rows)
            blocks.append(f"<p><strong>{escape(TOPIC_FR.get(topic, topic))}.</strong> {sentences}</p>")
    return Html("".join(blocks)) + paragraph(
        "Faits rapportés par les documents, chacun suivi de sa source ; la mise en perspective revient à l'évaluateur.",
        "ev-source",
    )


def _countries_cited(portfolio: Portfolio) -> Html:
    """The lines that give each operation's countries, cited once each."""
    column = "source_countries" if "source_countries" in portfolio.operations else "source"
    return Citer.of(portfolio.documents).html(" + ".join(portfolio.operations[column].dropna().astype(str)))


def _where(codes: list[str]) -> str:
    """ "en France et dans 16 autres pays (…)", "dans 2 pays (…)"; "" when the data name no country."""
    others = sorted(country_names(join_codes(code for code in codes if code != "FRA")), key=fmt.sort_key)
    listed = f" ({', '.join(others)})" if others else ""
    if "FRA" in codes:
        return (
            f"en France et dans {len(others)} {'autre' if len(others) == 1 else 'autres'} pays{listed}"
            if others
            else "en France"
        )
    return f"dans {len(others)} pays{listed}" if others else ""


def scope(portfolio: Portfolio, config: Config) -> Html:
    """Operations, period and countries covered, counted from the data, in words that agree with the
    programme's noun for an operation (its number and its gender)."""
    totals = portfolio_totals(portfolio)
    count, feminine = totals["operations"], config.operation_gender == "f"
    phases = sorted({int(p) for p in portfolio.operations["phase"].dropna()})
    phase_text = (
        f"de la phase {phases[0]}"
        if len(phases) == 1
        else "des phases " + ", ".join(map(str, phases))
        if phases
        else ""
    )
    period = escape(config.period)
    if config.period_source:
        period += f' ; <span class="ev-source">{Citer.of(portfolio.documents).html(config.period_source)}</span>'
    if count == 1:
        what = f"{'une' if feminine else 'un'} {escape(config.operation_noun[0])}"
        done, named = ("menée" if feminine else "mené"), ("la" if feminine else "le")
    else:
        what = f"les {fmt.number(count)} {escape(config.operation_noun[1])}"
        done, named = ("menées" if feminine else "menés"), "les"
    where = _where(totals["countries"])
    later = (
        " Les projets annoncés pour les phases suivantes sont listés en annexe et ne sont pas évalués."
        if len(portfolio.phase2)
        else ""
    )
    # Each citation stands beside what it holds: the period's line, then the lines of the countries.
    return paragraph(
        Html(
            f"L'évaluation porte sur {what} {escape(phase_text) + ' ' if phase_text else ''}du programme ({period}), {done}"
            f"{' ' + escape(where) if where else ''}, selon les lignes qui {named} nomment "
            f'<span class="ev-source">({_countries_cited(portfolio)})</span>.{later}'
        )
    )


def _kinds(documents: pd.DataFrame) -> Counter:
    kinds = documents["kind"] if "kind" in documents else pd.Series(dtype="str")
    return Counter(str(kind) for kind in kinds.dropna())


def _unreported_targets(achievement: pd.DataFrame) -> str:
    unknown = int(achievement["achievement"].isna().sum())
    verb = "n'a" if unknown == 1 else "n'ont"
    return (
        f"Sur {fmt.counted(len(achievement), 'cible chiffrée', 'cibles chiffrées')}, {fmt.number(unknown)} "
        f"{verb} aucune réalisation rapportée pour la même période : leur atteinte n'est pas connue."
    )


def _no_evaluation(count: int, kinds: Counter) -> str:
    """No source document is an evaluation: every value is what the programme's documents declare."""
    # "article : 1, capitalisation : 1": the counts inside one pair of brackets, none nested.
    described = ", ".join(
        f"{label_of(kind, DocumentKind)} : {fmt.number(number)}" for kind, number in sorted(kinds.items())
    )
    subject = (
        "Le seul document source n'est pas une évaluation"
        if count == 1
        else f"Aucun des {fmt.number(count)} documents sources n'est une évaluation"
    )
    return (
        subject
        + (f" ({described})" if described else "")
        + " : toutes les valeurs de ce rapport sont celles que les documents du programme déclarent, "
        "aucune n'a été mesurée ou vérifiée sur le terrain."
    )


def limitations(portfolio: Portfolio) -> Html:
    """What the evidence cannot show, each point computed from the data."""
    points: list[str | Html] = []
    achievement = portfolio.achievement
    if len(achievement):
        points.append(_unreported_targets(achievement))
    documents = portfolio.documents
    kinds = _kinds(documents)
    citer = Citer.of(documents)
    if DocumentKind.EVALUATION not in kinds:
        points.append(_no_evaluation(len(documents), kinds))
    for row in documents[documents.get("kind", pd.Series(dtype="str")) == DocumentKind.CAPITALISATION].to_dict(
        "records"
    ):
        points.append(
            Html(
                f"{link(citer.label(row['document']), citer.href(row['document']))} est une capitalisation : "
                "elle rapporte ce que disent les acteurs des opérations, ce n'est pas un jugement indépendant."
            )
        )
    facts = portfolio.context
    cited = (
        facts[facts["topic"] == "évaluations"]
        if DocumentKind.EVALUATION not in kinds and len(facts)
        else facts.iloc[0:0]
    )
    for row in cited.to_dict("records"):
        points.append(
            Html(
                "L'évaluation que cite un document "
                f"({citer.html(row['source'])}) ne figure pas parmi les sources de ce rapport : ses constats "
                "n'ont pu être ni lus ni recoupés."
            )
        )
    figures = published_figures(portfolio.claims)
    inconsistent = int((figures["verdict"] == ClaimVerdict.INCONSISTENT).sum()) if len(figures) else 0
    pairs = document_pairs(portfolio.claims, portfolio.observations, discrepancies=portfolio.discrepancies)
    discordant = int((pairs["verdict"] == PairVerdict.DISCORDANT).sum()) if len(pairs) else 0
    to_compare = int((pairs["verdict"] == PairVerdict.TO_COMPARE).sum()) if len(pairs) else 0
    if inconsistent or discordant or to_compare:
        compared = (
            f", et {fmt.counted(to_compare, 'autre sujet diffère', 'autres sujets diffèrent')} d'un passage à l'autre "
            "sans que les documents disent s'ils parlent de la même chose"
            if to_compare
            else ""
        )
        points.append(
            Html(
                f"{fmt.counted(inconsistent, 'chiffre publié', 'chiffres publiés')} sur le programme ne concordent "
                "pas avec leur recalcul (à partir des données des opérations ou d'un autre passage du même document) "
                f"; les documents se contredisent sur {fmt.counted(discordant, 'sujet', 'sujets')}{compared} "
                f"({link('annexe E', sitemap.href(sitemap.ANNEXES, anchor='chiffres-publies'))})."
            )
        )
    errors = int((portfolio.findings["severity"] == "error").sum())
    warnings = int((portfolio.findings["severity"] == "warning").sum())
    points.append(
        Html(
            f"La vérification des données a relevé {fmt.counted(errors, 'erreur')} et "
            f"{fmt.counted(warnings, 'avertissement')} ({link('qualité des données', QUALITY_PAGE)})."
        )
    )
    items = "".join(f"<li>{escape(point)}</li>" for point in points)
    return Html(
        '<aside class="ev-limits" aria-labelledby="limites"><h3 id="limites">Limites de l\'évaluation</h3>'
        f"<ul>{items}</ul></aside>"
    )


def methodology(portfolio: Portfolio) -> Html:
    """How the evidence was gathered and checked, in plain French, with the data's own counts."""
    documents = portfolio.documents
    passages = portfolio.evidence.drop_duplicates(["operation_id", "source"])
    tables = len(portfolio.accounting)
    rows = int(portfolio.accounting["raw_rows"].sum()) if tables else 0
    return Html(
        f"<p><strong>Sources.</strong> L'évaluation s'appuie sur {fmt.counted(len(documents), 'document')} du "
        f"programme, {'listé' if len(documents) == 1 else 'listés'} en "
        f"{link('annexe', sitemap.href(sitemap.ANNEXES, anchor='documents'))}. Chaque chiffre en est transcrit tel "
        "que le document l'écrit (plage, qualificatif, unité, lieu, période) avec la ligne d'où il vient ; une "
        "valeur absente reste absente, jamais zéro.</p>"
        "<p><strong>Matrice d'évaluation.</strong> Les questions évaluatives (voir l'introduction), réparties sur "
        "les six critères du CAD de l'OCDE et accompagnées de critères de jugement, organisent les constats ; "
        "les questions descriptives posées par les documents eux-mêmes orientent leur lecture "
        f"({link('annexes A et B', sitemap.href(sitemap.ANNEXES, anchor='matrice'))}). {fmt.number(len(passages))} passages "
        "des documents sont rattachés aux opérations qu'ils citent et aux questions qu'ils éclairent.</p>"
        f"<p><strong>Vérification des données.</strong> Les {fmt.number(rows)} lignes des {fmt.number(tables)} "
        "tables de données sont contrôlées (formats, listes de codes, cohérence entre colonnes et entre tables) ; "
        "une ligne en erreur est écartée avec son motif, jamais corrigée en silence. Les chiffres que le programme "
        "publie sont recalculés à partir des données des opérations, et les documents sont confrontés entre eux. "
        f"Le détail est sur la page {link('Qualité des données', QUALITY_PAGE)}.</p>"
        "<p><strong>Appréciation.</strong> Les notes, conclusions et recommandations sont celles de l'évaluateur, "
        "sur l'échelle ci-dessous ; la boîte à outils n'en produit aucune.</p>"
    )
