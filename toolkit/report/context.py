"""The parts of the report the sources can fill: context, scope, method and limits.

Only facts go here, each with its citation: what the documents say of the programme
(context.csv), what the data count (operations, countries, documents, questions, targets) and
what follows from the data's own shape (targets with no actual, no evaluation among the
sources). Judgements stay the evaluator's, in the narrative files.
"""

from __future__ import annotations

from toolkit.ingest.countries import country_name
from toolkit.model import sitemap
from toolkit.model.cells import join_codes, split_values
from toolkit.model.config import Config
from toolkit.model.language import N_, _, ngettext, npgettext, pgettext
from toolkit.model.schema import CONTEXT_TOPICS
from toolkit.model.vocabulary import is_note
from toolkit.report.surveys import survey_source
from toolkit.results.citations import Citer
from toolkit.results.portfolio import Portfolio, portfolio_totals
from toolkit.results.surveys import SurveyData
from toolkit.text import fmt
from toolkit.text.html import Html, escape, link, paragraph

TOPIC_FR = {
    "programme": N_("Le programme"),
    "financement": N_("Financement"),
    "gouvernance": N_("Membres et opérations"),
    "antécédents": N_("Antécédents"),
    "suivi": N_("Suivi du programme"),
    "évaluations": N_("Évaluation finale"),
    "phases": N_("Phases suivantes"),
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
            _(
                "Aucun fait de contexte n'est transcrit dans les données : l'évaluateur rédige le contexte dans sa section."
            )
        )
    citer = Citer.of(portfolio.documents)
    blocks = []
    for topic in CONTEXT_TOPICS:
        rows = facts[facts["topic"] == topic].to_dict("records")
        if rows:
            sentences = " ".join(_cited(row["text"], row["source"], citer) for row in rows)
            title = escape(_(TOPIC_FR[topic]) if topic in TOPIC_FR else topic)
            blocks.append(f"<p><strong>{title}.</strong> {sentences}</p>")
    return Html("".join(blocks)) + paragraph(
        _(
            "Faits rapportés par les documents, chacun suivi de sa source ; la mise en perspective revient à l'évaluateur."
        ),
        "ev-source",
    )


def _countries_cited(portfolio: Portfolio) -> Html:
    """The lines that give each operation's countries, cited once each."""
    column = "source_countries" if "source_countries" in portfolio.operations else "source"
    return Citer.of(portfolio.documents).html(" + ".join(portfolio.operations[column].dropna().astype(str)))


def _where(codes: list[str]) -> str:
    """ "en France et dans 16 autres pays (…)", "dans 2 pays (…)"; "" when the data name no country."""
    others = sorted(
        (country_name(code) for code in split_values(join_codes(code for code in codes if code != "FRA"))),
        key=fmt.sort_key,
    )
    listed = ", ".join(others)
    if "FRA" in codes and not others:
        return _("en France")
    if not others:
        return ""
    sentence = (
        ngettext(
            "en France et dans {count} autre pays ({countries})",
            "en France et dans {count} autres pays ({countries})",
            len(others),
        )
        if "FRA" in codes
        else ngettext("dans {count} pays ({countries})", "dans {count} pays ({countries})", len(others))
    )
    return sentence.format(count=len(others), countries=listed)


def scope(portfolio: Portfolio, config: Config) -> Html:
    """Operations, period and countries covered, counted from the data, in words that agree with the
    programme's noun for an operation (its number and its gender)."""
    totals = portfolio_totals(portfolio)
    count, feminine = totals["operations"], config.operation_gender == "f"
    phases = sorted({int(p) for p in portfolio.operations["phase"].dropna()})
    of_programme = (
        _("de la phase {phase} du programme").format(phase=phases[0])
        if len(phases) == 1
        else _("des phases {phases} du programme").format(phases=", ".join(map(str, phases)))
        if phases
        else _("du programme")
    )
    period = escape(config.period)
    if config.period_source:
        period += f' ; <span class="ev-source">{Citer.of(portfolio.documents).html(config.period_source)}</span>'
    if count == 1:
        what = (
            pgettext("one operation, named by a feminine noun", "une {noun}")
            if feminine
            else pgettext("one operation, named by a masculine noun", "un {noun}")
        ).format(noun=escape(config.operation_noun[0]))
    else:
        what = _("les {count} {nouns}").format(count=fmt.number(count), nouns=escape(config.operation_noun[1]))
    where = _where(totals["countries"])
    # French agrees with the noun's gender; the count decides the number (0 operations are plural).
    number = 1 if count == 1 else 2
    if feminine:
        sentence = npgettext(
            "the operations named by a feminine noun",
            "L'évaluation porte sur {what} {of_programme} ({period}), menée{where}, selon les lignes qui la "
            "nomment {sources}.",
            "L'évaluation porte sur {what} {of_programme} ({period}), menées{where}, selon les lignes qui les "
            "nomment {sources}.",
            number,
        )
    else:
        sentence = npgettext(
            "the operations named by a masculine noun",
            "L'évaluation porte sur {what} {of_programme} ({period}), mené{where}, selon les lignes qui le "
            "nomment {sources}.",
            "L'évaluation porte sur {what} {of_programme} ({period}), menés{where}, selon les lignes qui les "
            "nomment {sources}.",
            number,
        )
    text = sentence.format(
        what=what,
        of_programme=escape(of_programme),
        period=period,
        where=" " + escape(where) if where else "",
        # Each citation stands beside what it holds: the period's line, then the lines of the countries.
        sources=f'<span class="ev-source">({_countries_cited(portfolio)})</span>',
    )
    if len(portfolio.phase2):
        text += " " + _("Les projets annoncés pour les phases suivantes sont listés en annexe et ne sont pas évalués.")
    return paragraph(Html(text))


def own_evidence(portfolio: Portfolio, survey_data: SurveyData | None = None) -> str:
    """The evaluator's own evidence beside the programme's documents: the notes, counted, and each
    survey with its submissions kept and set aside. Empty when there is none."""
    notes = int(portfolio.documents["kind"].map(is_note).sum()) if "kind" in portfolio.documents else 0
    said = []
    if notes:
        said.append(
            _(
                "S'y ajoute 1 note de l'évaluateur (entretien, groupe de discussion ou visite de terrain), qui "
                "désigne les personnes rencontrées par leur rôle et leur lieu, jamais par leur nom ; seuls ses "
                "passages cités sont publiés."
            )
            if notes == 1
            else _(
                "S'y ajoutent {count} notes de l'évaluateur (entretiens, groupes de discussion, visites de "
                "terrain), qui désignent les personnes rencontrées par leur rôle et leur lieu, jamais par leur "
                "nom ; seuls leurs passages cités sont publiés."
            ).format(count=fmt.number(notes))
        )
    surveyed = survey_data.surveys.drop_duplicates("survey_id") if survey_data is not None else None
    for survey_id in surveyed["survey_id"] if surveyed is not None and len(surveyed) else ():
        accounting = portfolio.accounting
        row = accounting[accounting["table"] == f"survey-{survey_id}"] if "table" in accounting else accounting[:0]
        set_aside = int(row["quarantined_rows"].sum()) if len(row) else 0
        said.append(
            ngettext(
                "Une enquête de l'évaluateur complète ces sources ({survey}) : ses réponses sont contrôlées contre "
                "son questionnaire, et {count} soumission est écartée avec son motif.",
                "Une enquête de l'évaluateur complète ces sources ({survey}) : ses réponses sont contrôlées contre "
                "son questionnaire, et {count} soumissions sont écartées avec leur motif.",
                set_aside,
            ).format(survey=survey_source(survey_data, str(survey_id)), count=fmt.number(set_aside))
        )
    return " ".join(said)


def methodology(portfolio: Portfolio, survey_data: SurveyData | None = None) -> Html:
    """How the evidence was gathered and checked, in plain words, with the data's own counts; the
    evaluator's notes and surveys are said apart from the programme's documents."""
    kinds = portfolio.documents.get("kind")
    documents = portfolio.documents if kinds is None else portfolio.documents[~kinds.map(is_note).astype(bool)]
    passages = portfolio.evidence.drop_duplicates(["operation_id", "source"])
    tables = len(portfolio.accounting)
    rows = int(portfolio.accounting["raw_rows"].sum()) if tables else 0
    sources = ngettext(
        "<strong>Sources.</strong> L'évaluation s'appuie sur {documents} du programme, listé en {annex}. Chaque "
        "chiffre en est transcrit tel que le document l'écrit (plage, qualificatif, unité, lieu, période) avec la "
        "ligne d'où il vient ; une valeur absente reste absente, jamais zéro.",
        "<strong>Sources.</strong> L'évaluation s'appuie sur {documents} du programme, listés en {annex}. Chaque "
        "chiffre en est transcrit tel que le document l'écrit (plage, qualificatif, unité, lieu, période) avec la "
        "ligne d'où il vient ; une valeur absente reste absente, jamais zéro.",
        1 if len(documents) == 1 else 2,  # French: "0 document … listés"
    ).format(
        documents=fmt.counted(len(documents), "document", "documents"),
        annex=link(_("annexe"), sitemap.href(sitemap.ANNEXES, anchor="documents")),
    )
    own = own_evidence(portfolio, survey_data)
    if own:
        sources += " " + escape(own)
    matrix = _(
        "<strong>Matrice d'évaluation.</strong> Les questions évaluatives (section 5), réparties sur "
        "les six critères du CAD de l'OCDE et accompagnées de critères de jugement, organisent les constats ; "
        "les questions descriptives posées par les documents eux-mêmes orientent leur lecture ({annexes}). "
        "{passages} passages des documents sont rattachés aux opérations qu'ils citent et aux questions qu'ils "
        "éclairent."
    ).format(
        annexes=link(_("annexes A et B"), sitemap.href(sitemap.ANNEXES, anchor="matrice")),
        passages=fmt.number(len(passages)),
    )
    checks = _(
        "<strong>Vérification des données.</strong> Les {rows} lignes des {tables} tables de données sont "
        "contrôlées (formats, listes de codes, cohérence entre colonnes et entre tables) ; une ligne en erreur est "
        "écartée avec son motif, jamais corrigée en silence. Les chiffres que le programme publie sont recalculés à "
        "partir des données des opérations, et les documents sont confrontés entre eux. Le détail est sur la page "
        "{page}."
    ).format(rows=fmt.number(rows), tables=fmt.number(tables), page=link(_("Qualité des données"), QUALITY_PAGE))
    judgement = _(
        "<strong>Appréciation.</strong> Les notes, conclusions et recommandations sont celles de l'évaluateur, "
        "sur l'échelle ci-dessous ; la boîte à outils n'en produit aucune."
    )
    limits = _(
        "<strong>Limites.</strong> Les limites qui tiennent aux sources et aux données (cibles sans réalisation, "
        "nature des documents, chiffres publiés contredits, vérification des données) sont établies une fois, en "
        "tête du rapport : {box}."
    ).format(box=link(_("L'essentiel"), "#essentiel"))
    return Html("".join(f"<p>{part}</p>" for part in (sources, matrix, checks, judgement, limits)))
