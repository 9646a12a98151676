"""Section 5 of the report: each evaluative question with the evidence that answers it.

An evaluator judges a question where its evidence stands, and a reviewer checks the judgement
there: the question's judgement criteria, what the data compute for the indicators the matrix
ties to it (with each target's status), two of the passages filed under it, quoted and cited,
the contradictions between documents and the contradicted published figures that touch the lines
its evidence stands on, and one line saying which kinds of source speak to it. The strength of
that evidence is the evaluator's to record (the confidence of their rating of the question).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from toolkit.model import sitemap
from toolkit.model.config import Config
from toolkit.model.language import N_, _, ngettext
from toolkit.model.schema import PROGRAMME_ID
from toolkit.model.vocabulary import AchievementStatus, ClaimVerdict, DocumentKind, PairVerdict, label_of
from toolkit.report import framework, pages, surveys
from toolkit.report.evaluation import (
    TO_ASSESS,
    criterion_label,
    criterion_rating,
    evaluative,
    question_numbers,
    surveys_counted,
    with_criteria,
)
from toolkit.report.quotes import clean_quote, misspellings
from toolkit.results import matrix, question_evidence, question_sources
from toolkit.results.citations import Citer
from toolkit.results.crosscheck import published_figures
from toolkit.results.portfolio import Portfolio, lead_names
from toolkit.results.surveys import SurveyData
from toolkit.text import fmt
from toolkit.text.html import Html, escape, link

# The computed quantities whose detail a question carries whole, where the matrix ties them to it:
# the targets' statuses answer effectiveness, the operations far from the others efficiency.
DETAILED = {"cibles": framework.achievement_overview, "budget": pages.points_of_attention}
# What an indicator carried whole says in the list, before its detail: the outliers do not list
# every budget, so the count of budgets stays; the targets' statuses say all their count would.
DETAIL_NOTE = {"cibles": (N_("statuts ci-dessous"), False), "budget": (N_("écarts à la médiane ci-dessous"), True)}
# Where that detail goes when no question of the matrix asks for it.
DEFAULT_CRITERION = {"cibles": "efficacite", "budget": "efficience"}
JUDGEMENT_CRITERIA = N_("Critères de jugement.")


def passages_anchor(question_id: str) -> str:
    return f"passages-{question_id}"


def _block(title: str, body: str) -> str:
    return f'<div class="ev-evidence"><p class="ev-evidence-title"><strong>{escape(title)}</strong></p>{body}</div>'


def _statuses(portfolio: Portfolio, indicator_id: str) -> str:
    """The targets of one indicator counted by status ("non renseigné (1 cible)")."""
    achievement = portfolio.achievement
    own = achievement[achievement["indicator_id"] == indicator_id]
    if own.empty:
        return ""
    counts = Counter(own["status"])
    return fmt.semicolons(
        _("{status} ({targets})").format(
            targets=ngettext("{count} cible", "{count} cibles", count).format(count=fmt.number(count)),
            status=label_of(status, AchievementStatus).lower(),
        )
        for status, count in counts.items()
    )


def _indicators(portfolio: Portfolio, question_id: str, codes: set[str]) -> tuple[str, str]:
    """What the data hold for each indicator the matrix ties to the question; the indicators nothing
    measures yet are named together in one line."""
    rows = portfolio.matrix_indicators
    own = rows[rows["question_id"] == question_id].to_dict("records") if len(rows) else []
    measured, unmeasured = [], []
    for row in own:
        if row.get("computed") in codes:  # its detail follows the list, said once
            note, summarised = DETAIL_NOTE[row["computed"]]
            said = f"{matrix.data_summary(portfolio, row)} ; {_(note)}" if summarised else _(note)
            measured.append(f"<li>{escape(row['indicator'])} — <em>{escape(said)}</em></li>")
            continue
        summary = matrix.data_summary(portfolio, row)
        if summary is None:
            unmeasured.append(str(row["indicator"]))
            continue
        statuses = "" if fmt.is_missing(row.get("indicator_id")) else _statuses(portfolio, str(row["indicator_id"]))
        said = _("{summary} ; statut : {statuses}").format(summary=summary, statuses=statuses) if statuses else summary
        measured.append(f"<li>{escape(row['indicator'])} — <em>{escape(said)}</em></li>")
    listed = f"<ul>{''.join(measured)}</ul>" if measured else ""
    if not unmeasured:
        return listed, ""
    said = _("À documenter (aucune donnée transcrite) : {indicators}.").format(indicators=fmt.semicolons(unmeasured))
    return listed, f"<p>{escape(said)}</p>"


def _details(portfolio: Portfolio, codes: set[str]) -> str:
    return "".join(str(DETAILED[code](portfolio)) for code in DETAILED if code in codes)


def _quoted(passage: dict, names: dict[str, str], sic: tuple[str, ...], citer: Citer) -> str:
    """One passage as a list item: the quotation, its operation, its citation at the line. A passage of
    the evaluator's notes is said by the person the citation describes, the operation after it: the
    operation's name first would read as if its lead organisation said it."""
    operation = names.get(passage["operation_id"], passage["operation_id"])
    quotation = escape(clean_quote(passage["excerpt"], sic))
    if citer.cites_notes(passage["source"]):
        return f"<li>« {quotation} » — {citer.html(passage['source'])} ({escape(operation)})</li>"
    return f"<li>« {quotation} » — {escape(operation)}, {citer.html(passage['source'])}</li>"


def _quotes(portfolio: Portfolio, question_id: str, shown: pd.DataFrame, citer: Citer) -> tuple[str, str, int]:
    """The passages shown for the question, the heading that says whose words they are, and the
    number of passages filed under it."""
    filed = question_evidence.passages(portfolio, question_id)
    if filed.empty:
        return "", "", 0
    names = lead_names(portfolio.operations)
    sic = misspellings(portfolio.acronyms)
    records = shown.to_dict("records")
    quoted = "".join(_quoted(p, names, sic, citer) for p in records)
    # A question with passages has at least one: "le passage" or "les N passages", never "les 1".
    every = link(
        _("le passage rattaché")
        if len(filed) == 1
        else _("les {count} passages rattachés").format(count=fmt.number(len(filed))),
        sitemap.href(sitemap.ANNEXES, anchor=passages_anchor(question_id)),
    )
    more = _("Voir {every}.").format(every=every)
    listed = f'<ul class="ev-quotes">{quoted}</ul>' if quoted else ""
    notes = {citer.cites_notes(p["source"]) for p in records}
    heading = (
        _("Ce que disent les personnes rencontrées")
        if notes == {True}
        else _("Ce que disent les documents et les personnes rencontrées")
        if True in notes
        else _("Ce que disent les documents")
    )
    # The full list is the web edition's (annex B); the printed report keeps the quotes it shows.
    return f'{listed}<p class="ev-source ev-web-only">{more}</p>', heading, len(filed)


def _lines(touched: list, citer: Citer) -> str:
    return citer.html(" + ".join(str(ref) for ref in touched))


def _contradictions(portfolio: Portfolio, question_id: str, citer: Citer) -> str:
    """The contradictions and the contradicted published figures that touch the lines the question's
    evidence stands on, each with its verdict as annex E gives it and the lines in question."""
    annex = link(_("annexe E"), sitemap.href(sitemap.ANNEXES, anchor="chiffres-publies"))
    items = []
    for row in question_evidence.bearing_discrepancies(portfolio, question_id).to_dict("records"):
        said = (
            _("{subject} — les passages se contredisent ; en cause : {lines} ({annex}).")
            if row.get("status") == PairVerdict.DISCORDANT
            else _(
                "{subject} — les passages diffèrent sans dire s'ils parlent de la même chose ; en cause : "
                "{lines} ({annex})."
            )
        )
        items.append(said.format(subject=escape(row["subject"]), lines=_lines(row["touched"], citer), annex=annex))
    figures = published_figures(portfolio.claims)
    wrong = figures[figures["verdict"] == ClaimVerdict.INCONSISTENT] if len(figures) else figures
    for row in question_evidence.bearing_figures(wrong, portfolio, question_id).to_dict("records"):
        items.append(
            _(
                "Chiffre publié « {figure} » ({subject}) : son recalcul ne concorde pas ; en cause : {lines} ({annex})."
            ).format(
                figure=escape(row["figure"]),
                subject=escape(row["description"]),
                lines=_lines(row["touched"], citer),
                annex=annex,
            )
        )
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else ""


def _kinds_line(portfolio: Portfolio, question_id: str) -> str:
    """Which kinds of source speak to the question, and how many of each (the matrix annex counts
    the same, ``question_sources``)."""
    counts = question_sources.source_kinds(portfolio, question_id)
    parts = [
        _("{passages} ({kind})").format(
            kind=label_of(kind, DocumentKind), passages=fmt.counted(count, "passage", "passages")
        )
        for kind, count in counts.items()
        if kind not in (question_sources.PASSAGES, question_sources.MONITORING_DATA)
    ]
    measured = counts.get(question_sources.MONITORING_DATA, 0)
    if measured:
        parts.append(
            ngettext(
                "{count} indicateur renseigné par les données transcrites",
                "{count} indicateurs renseignés par les données transcrites",
                measured,
            ).format(count=fmt.number(measured))
        )
    return fmt.semicolons(parts)


def _strength(portfolio: Portfolio, question_id: str) -> str:
    """The evaluator's confidence in the question's evidence, where ratings.csv records it."""
    ratings = portfolio.ratings
    if not {"question_id", "confidence"} <= set(ratings.columns):
        given = pd.Series(dtype="str")
    else:
        own = ratings[(ratings["operation_id"] == PROGRAMME_ID) & (ratings["question_id"] == question_id)]
        given = own["confidence"].dropna()
    if given.empty:
        return _("Solidité des preuves : à apprécier par l'évaluateur.")
    return _("Solidité des preuves, selon l'évaluateur : {confidence}.").format(confidence=given.iloc[0])


def introduction(survey_data: SurveyData | None = None) -> Html:
    """How each question's evidence is laid out, said once for the section; the surveys' results are
    named only when a survey is tied to a question."""
    if survey_data is not None and len(survey_data.surveys) and len(survey_data.fields):
        text = _(
            "Chaque question évaluative est suivie de ses critères de jugement, de ce que calculent les données "
            "pour les indicateurs que la matrice lui rattache, de deux passages des documents (un par opération, "
            "des opérations les plus citées pour la question ; tous dans l'annexe B de l'édition web), des "
            "résultats des enquêtes dont des questions lui sont rattachées (comptes et parts, avec leur n), des "
            "contradictions entre passages et des chiffres publiés contredits qui touchent une ligne de ses "
            "passages ou de ses données, et des sources qui y répondent. La solidité des preuves est appréciée "
            "par l'évaluateur, avec le niveau de confiance de son appréciation de la question."
        )
    else:
        text = _(
            "Chaque question évaluative est suivie de ses critères de jugement, de ce que calculent les données "
            "pour les indicateurs que la matrice lui rattache, de deux passages des documents (un par opération, "
            "des opérations les plus citées pour la question ; tous dans l'annexe B de l'édition web), des "
            "contradictions entre passages et des chiffres publiés contredits qui touchent une ligne de ses "
            "passages ou de ses données, et des sources qui y répondent. La solidité des preuves est appréciée "
            "par l'évaluateur, avec le niveau de confiance de son appréciation de la question."
        )
    return Html(f'<p class="ev-source">{escape(text)}</p>')


def question_block(
    portfolio: Portfolio,
    question: dict,
    number: str,
    codes: set[str],
    shown: pd.DataFrame,
    survey_data: SurveyData | None = None,
) -> Html:
    """One evaluative question and what answers it; a question nothing answers says so in one line.
    ``survey_data``: the clean surveys, whose questions tied to this one are shown with their n."""
    citer = Citer.of(portfolio.documents)
    question_id = question["question_id"]
    title = f'<h4 id="{escape(question_id)}">{escape(number)}. {escape(question["question"])}</h4>'
    criteria = question.get("judgement_criteria")
    judged = (
        ""
        if fmt.is_missing(criteria)
        else f"<p><strong>{escape(_(JUDGEMENT_CRITERIA))}</strong> {escape(criteria)}</p>"
    )
    measured, unmeasured = _indicators(portfolio, question_id, codes)
    indicators = measured + _details(portfolio, codes) + unmeasured  # a detail stays under its indicator
    quotes, said, count = _quotes(portfolio, question_id, shown, citer)
    contradictions = _contradictions(portfolio, question_id, citer)
    surveyed = surveys.question_surveys(survey_data, question_id) if survey_data is not None else ""
    line = fmt.semicolons(
        part for part in (_kinds_line(portfolio, question_id), surveys_counted(survey_data, question_id)) if part
    )
    if not (line or codes or contradictions):
        nothing = _("Aucun passage ni aucune donnée ne répond encore à cette question.")
        listed = _block(_("Indicateurs de la matrice et données"), indicators) if indicators else ""
        return Html(f'<section class="ev-question">{title}{judged}{listed}<p>{escape(nothing)}</p></section>')
    blocks = [
        _block(_("Indicateurs de la matrice et données"), indicators) if indicators else "",
        _block(said, quotes) if count else "",
        _block(_("Ce que disent les enquêtes"), surveyed) if surveyed else "",
        _block(_("Points de vigilance"), contradictions) if contradictions else "",
    ]
    evidence = _("Sources qui répondent : {kinds}.").format(kinds=line) if line else ""
    closing = f'<p class="ev-evidence-line">{escape(evidence)} {escape(_strength(portfolio, question_id))}</p>'
    return Html(f'<section class="ev-question">{title}{judged}{"".join(blocks)}{closing}</section>')


def _placed(portfolio: Portfolio) -> dict[str, set[str]]:
    """The computed quantities each question carries whole: the first question the matrix ties
    each to, else the first question of its default criterion, else that criterion itself (keyed
    by its code), so that no computed detail leaves the report for want of a question."""
    questions = evaluative(portfolio.questions)
    placed: dict[str, set[str]] = {}
    for code, criterion in DEFAULT_CRITERION.items():
        asking = [qid for qid in questions["question_id"] if code in question_evidence.measures(portfolio, qid)]
        fallback = questions.loc[questions["criterion"] == criterion, "question_id"].tolist()
        chosen = (asking or fallback or [criterion])[0]
        placed.setdefault(chosen, set()).add(code)
    return placed


def criterion_findings(
    portfolio: Portfolio, criterion: str, config: Config, survey_data: SurveyData | None = None
) -> Html:
    """A criterion of section 5: each of its evaluative questions with its evidence (``survey_data``: the
    clean surveys, ``results/surveys.py load_surveys``), then the programme's rating as the evaluator gave it."""
    every = evaluative(portfolio.questions)
    questions = every[every["criterion"] == criterion]
    numbers = question_numbers(portfolio.questions)
    # Chosen over the whole matrix, so that no passage is quoted under two questions of the page.
    shown = question_evidence.shown_by_question(portfolio, list(every["question_id"]))
    placed = _placed(portfolio)
    blocks = [
        question_block(
            portfolio,
            q,
            numbers[q["question_id"]],
            placed.get(q["question_id"], set()),
            shown[q["question_id"]],
            survey_data,
        )
        for q in questions.to_dict("records")
    ]
    if not blocks:
        blocks.append(
            Html("<p>" + escape(_("La matrice ne pose aucune question évaluative pour ce critère.")) + "</p>")
        )
        blocks.append(Html(_details(portfolio, placed.get(criterion, set()))))
    ratings = with_criteria(portfolio)
    rating, justification = criterion_rating(ratings[ratings["operation_id"] == PROGRAMME_ID], criterion, config)
    assessed = (
        _("Appréciation du programme ({criterion}) : {rating} — {justification}.").format(
            criterion=criterion_label(criterion), rating=rating, justification=justification.rstrip(".")
        )
        if justification
        else _("Appréciation du programme ({criterion}) : {rating}.").format(
            criterion=criterion_label(criterion), rating=rating
        )
        if rating != _(TO_ASSESS)
        else _("Appréciation du programme ({criterion}) : pas encore notée par l'évaluateur.").format(
            criterion=criterion_label(criterion)
        )
    )
    return Html("".join(blocks) + f'<p class="ev-rating">{escape(assessed)}</p>')


def passages_annex(portfolio: Portfolio) -> Html:
    """Every passage filed under each evaluative question, quoted and cited, in the order of the
    documents' lines: where the findings' "all passages" links lead. A question with none says so."""
    citer = Citer.of(portfolio.documents)
    names = lead_names(portfolio.operations)
    sic = misspellings(portfolio.acronyms)
    numbers = question_numbers(portfolio.questions)
    parts = []
    for question in evaluative(portfolio.questions).to_dict("records"):
        question_id = question["question_id"]
        filed = question_evidence.passages(portfolio, question_id)
        back = link(numbers[question_id], sitemap.href(sitemap.INDEX, anchor=question_id))
        heading = (
            _("{number} {question} — {passages}").format(
                number=back,
                question=escape(question["question"]),
                passages=fmt.counted(len(filed), "passage", "passages"),
            )
            if len(filed)
            else f"{back} {escape(question['question'])}"
        )
        quoted = "".join(_quoted(p, names, sic, citer) for p in filed.to_dict("records"))
        none = escape(_("Aucun passage rattaché."))
        body = f'<ul class="ev-quotes">{quoted}</ul>' if quoted else f"<p>{none}</p>"
        parts.append(f'<h4 id="{passages_anchor(question_id)}">{heading}</h4>{body}')
    # Some 250 quotations are a reference to open from a question, not pages a board reads: the
    # printed report leaves them to the web edition.
    return Html('<div class="ev-web-only">' + "".join(parts) + "</div>")
