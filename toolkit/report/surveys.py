"""The surveys' results as a page shows them: counts and shares with their n, a scale as a diverging bar.

Survey data are primary data: a page shows counts, never an answer written by a respondent nor
anything that identifies one. Each question says its n (the submissions that answered it) and the
submissions without an answer apart; under n = 10 it gives counts only and says why. A scale is
drawn as a diverging stacked bar (the steps below the middle to the left of zero, above it to the
right, the middle step split across zero), through report/figures.py's conventions: a title that
states what the data show, the alternative text opening with it, a caption, and its source (the
survey, its collection period and n).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from toolkit.model import sitemap
from toolkit.model.language import _, ngettext, pgettext
from toolkit.report import figures
from toolkit.results.surveys import SMALL_N, QuestionResult, SurveyData, positive_share, question_result
from toolkit.text import fmt
from toolkit.text.html import Col, Html, escape, table

SURVEYS_ANCHOR = "enquetes"


def survey_source(data: SurveyData, survey_id: str) -> str:
    """A survey as a figure or a list cites it: its title, collection period and submissions."""
    survey = data.survey(survey_id)
    count = data.submission_count(survey_id)
    return _("{title}, {period}, n = {count}").format(
        title=survey.get("title") or survey_id,
        period=fmt.period(survey.get("opens"), survey.get("closes")),
        count=ngettext("{count} soumission", "{count} soumissions", count).format(count=fmt.number(count)),
    )


def _missing(result: QuestionResult) -> str:
    """The submissions without an answer, said apart: never counted as zeros."""
    if not result.missing:
        return ""
    return " " + ngettext(
        "({count} soumission sans réponse à cette question, non posée ou laissée vide : non comptée)",
        "({count} soumissions sans réponse à cette question, non posée ou laissée vide : non comptées)",
        result.missing,
    ).format(count=fmt.number(result.missing))


def _n(result: QuestionResult) -> str:
    """``n = 35`` and the submissions without an answer, counted apart."""
    return _("n = {n}").format(n=fmt.number(result.n)) + _missing(result)


def too_few(result: QuestionResult) -> str:
    return _("n = {n} : trop peu de réponses pour des parts (n < {limit})").format(
        n=fmt.number(result.n), limit=fmt.number(SMALL_N)
    )


def _counts(result: QuestionResult) -> str:
    """Each choice with its count, and its share where n allows one."""
    listed = [*result.counts, *result.off_scale]
    if result.small:
        return fmt.semicolons(
            _("{choice} : {count}").format(choice=count.label, count=fmt.number(count.count)) for count in listed
        )
    return fmt.semicolons(
        _("{choice} : {count} ({share})").format(
            choice=count.label, count=fmt.number(count.count), share=fmt.percent(count.share, 0)
        )
        for count in listed
    )


def _numbers(result: QuestionResult) -> str:
    values = pd.Series(result.values, dtype="float64")
    if values.empty:
        return _("aucune réponse")
    return _("médiane {median}, de {low} à {high}").format(
        median=fmt.figure(values.median()), low=fmt.figure(values.min()), high=fmt.figure(values.max())
    )


def result_item(result: QuestionResult) -> str:
    """One survey question as a list item: its label, n, and its counts (shares from n = 10)."""
    label = f"<strong>{escape(result.label)}</strong>"
    if result.n == 0:
        return f"<li>{label} — {escape(_('aucune réponse'))} ({escape(_n(result))})</li>"
    if result.type in ("integer", "decimal"):
        return f"<li>{label} — {escape(_n(result))} : {escape(_numbers(result))}</li>"
    head = too_few(result) + _missing(result) if result.small else _n(result)
    multiple = (
        " " + _("(plusieurs choix possibles : les parts dépassent 100 % ensemble)")
        if result.type == "select_multiple" and not result.small
        else ""
    )
    return f"<li>{label} — {escape(head + multiple)} : {escape(_counts(result))}</li>"


def likert_bars(results: list[QuestionResult]) -> pd.DataFrame:
    """The segments of a diverging stacked bar: per question and step, where it starts and its width,
    in percent of the answers on the scale; the middle step of an odd scale straddles zero."""
    rows = []
    for position, result in enumerate(results):
        total = result.on_scale
        shares = [100 * count.count / total if total else 0.0 for count in result.counts]
        steps = len(shares)
        below = sum(shares[: steps // 2]) + (shares[steps // 2] / 2 if steps % 2 else 0)
        left = -below
        for count, share in zip(result.counts, shares, strict=True):
            rows.append(
                {"item": position, "step": int(count.choice), "label": count.label, "left": left, "width": share}
            )
            left += share
    return pd.DataFrame(rows, columns=["item", "step", "label", "left", "width"])


def _likert_title(results: list[QuestionResult]) -> str:
    """The figure's message: the share of answers in the upper half of the scale."""
    shares = [(positive_share(result), result) for result in results]
    best_share, best = max(shares, key=lambda pair: pair[0] or 0)
    upper = [count.label for count in best.counts if int(count.choice) > (len(best.counts) + 1) / 2]
    if len(results) == 1:
        return _("{share} des réponses dans le haut de l'échelle ({steps})").format(
            share=fmt.percent(best_share or 0, 0), steps=" ou ".join(fmt.quoted(label) for label in upper)
        )
    return _("Le plus de réponses dans le haut de l'échelle : « {question} » ({share})").format(
        question=best.label, share=fmt.percent(best_share or 0, 0)
    )


def _alt(results: list[QuestionResult]) -> str:
    parts = []
    for result in results:
        steps = fmt.semicolons(
            _("{choice} : {share}").format(choice=count.label, share=fmt.percent(count.count / result.on_scale, 0))
            for count in result.counts
        )
        parts.append(
            _("« {question} » (n = {n}) : {steps}").format(question=result.label, n=result.on_scale, steps=steps)
        )
    return _(
        "Barres divergentes, une par question, les réponses du bas de l'échelle à gauche de zéro. {parts}."
    ).format(parts=" ".join(parts))


def _caption(results: list[QuestionResult]) -> str:
    apart = [
        _("« {question} » : {counts} hors échelle").format(
            question=result.label,
            counts=fmt.semicolons(f"{count.label} {fmt.number(count.count)}" for count in result.off_scale),
        )
        for result in results
        if any(count.count for count in result.off_scale)
    ]
    counted = fmt.semicolons(
        _("« {question} » : n = {n}").format(question=result.label, n=fmt.number(result.on_scale)) for result in results
    )
    caption = _(
        "Part de chaque réponse parmi les réponses sur l'échelle ({counted}) ; le palier du milieu est partagé de "
        "part et d'autre de zéro."
    ).format(counted=counted)
    return f"{caption} {fmt.semicolons(apart)}." if apart else caption


def likert_figure(results: list[QuestionResult], source: str, sources_href: str = "#sources") -> Html:
    """Scale questions (n of at least SMALL_N each) as one diverging stacked bar each, in one figure."""
    figures.apply_style()
    bars = likert_bars(results)
    steps = results[0].counts
    palette = sns.color_palette("RdBu", len(steps))
    figure, axis = plt.subplots(figsize=(8, 0.7 * len(results) + 1.8))
    for index, count in enumerate(steps):
        own = bars[bars["step"] == int(count.choice)]
        axis.barh(own["item"], own["width"], left=own["left"], color=palette[index], label=count.label, height=0.6)
        for row in own.to_dict("records"):
            if row["width"] >= 9:
                colour = "white" if index in (0, len(steps) - 1) else figures.DARK
                shown = pgettext("a percentage on a chart's axis", "{value} %").format(value=fmt.number(row["width"]))
                axis.text(
                    row["left"] + row["width"] / 2,
                    row["item"],
                    shown,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=colour,
                )
    axis.axvline(0, color="#333333", linewidth=1)
    axis.set_xlim(-100, 100)
    axis.xaxis.set_major_formatter(
        FuncFormatter(
            lambda value, _position: pgettext("a percentage on a chart's axis", "{value} %").format(
                value=fmt.number(abs(value))
            )
        )
    )
    axis.set_yticks(range(len(results)), [figures.wrapped(result.label, 32) for result in results])
    axis.set_ylim(len(results) - 0.5, -0.5)
    axis.grid(False, axis="y")
    axis.set_xlabel(_("Part des réponses sur l'échelle"))
    axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=min(len(steps), 3), frameon=False, fontsize=8)
    return figures.figure_html(
        figure,
        title=_likert_title(results),
        alt=_alt(results),
        caption=_caption(results),
        source=source,
        sources_href=sources_href,
    )


def survey_anchor(survey_id: str) -> str:
    """The survey's row in the annex of sources, where its figures' source links lead."""
    return f"enquete-{survey_id}"


def survey_results(data: SurveyData, survey_id: str, fields: list[str], from_folder: str = sitemap.TOP) -> Html:
    """One survey's tied questions: a line citing the survey, each question's counts, its scales drawn
    (their source linked to the survey's row in the annex of sources, from a page of ``from_folder``)."""
    results = [question_result(data, survey_id, name) for name in fields]
    source = survey_source(data, survey_id)
    items = "".join(result_item(result) for result in results)
    drawn = [result for result in results if result.scale and not result.small]
    sources_href = sitemap.href(sitemap.ANNEXES, from_folder=from_folder, anchor=survey_anchor(survey_id))
    figure = likert_figure(drawn, source, sources_href) if drawn else ""
    said = _("Enquête : {source}.").format(source=source)
    return Html(f'<p class="ev-source">{escape(said)}</p><ul>{items}</ul>{figure}')


def question_surveys(data: SurveyData, question_id: str) -> Html:
    """What the surveys tied to an evaluative question say, survey by survey; nothing when none is tied."""
    tied = data.tied(question_id)
    blocks = [
        survey_results(data, survey_id, [name for sid, name in tied if sid == survey_id])
        for survey_id in dict.fromkeys(survey_id for survey_id, _name in tied)
    ]
    return Html("".join(blocks))


def operation_surveys(data: SurveyData) -> Html:
    """An operation's page: the results of every tied question of the surveys that concern it (``data`` is
    its slice, ``results/surveys.py operation_slice``), under a heading; nothing when no survey does."""
    if data.submissions.empty:
        return Html("")
    blocks = []
    for survey_id in dict.fromkeys(data.surveys["survey_id"]):
        fields = list(dict.fromkeys(data.surveys.loc[data.surveys["survey_id"] == survey_id, "field"]))
        known = set(data.fields.loc[data.fields["survey_id"] == survey_id, "field"])
        blocks.append(survey_results(data, survey_id, [name for name in fields if name in known], sitemap.OPERATIONS))
    heading = f'<h3 id="{SURVEYS_ANCHOR}">{escape(_("Ce que disent les enquêtes"))}</h3>'
    intro = _(
        "Réponses aux questions d'enquête rattachées aux questions évaluatives, parmi les soumissions qui le "
        "concernent : des comptes, jamais une réponse écrite ni un répondant."
    )
    return Html(heading + f'<p class="ev-source">{escape(intro)}</p>' + "".join(blocks))


def surveys_annex(data: SurveyData, accounting: pd.DataFrame, numbers: dict[str, str] | None = None) -> Html:
    """The evaluator's surveys among the sources: each with its period, its files, the submissions
    kept and set aside by the checks, and the evaluative questions its questions are tied to (by their
    numbers in section 5 when ``numbers`` gives them). The source links of the surveys' figures lead
    to its row."""
    surveys = data.surveys.drop_duplicates("survey_id").to_dict("records") if len(data.surveys) else []
    rows = []
    for survey in surveys:
        survey_id = str(survey["survey_id"])
        counted = accounting[accounting["table"] == f"survey-{survey_id}"] if "table" in accounting else accounting[:0]
        tied = data.surveys[data.surveys["survey_id"] == survey_id]
        rows.append(
            (
                survey.get("title") or survey_id,
                fmt.period(survey.get("opens"), survey.get("closes")),
                f"{survey.get('form')} ; {survey.get('answers')}",
                fmt.number(data.submission_count(survey_id)),
                fmt.number(int(counted["quarantined_rows"].sum())) if len(counted) else "—",
                ", ".join(dict.fromkeys((numbers or {}).get(str(q), str(q)) for q in tied["question_id"])),
            )
        )
    return table(
        _("Enquêtes de l'évaluateur : période, fichiers, soumissions retenues et écartées, questions éclairées"),
        [
            Col(_("Enquête")),
            Col(_("Période de collecte")),
            Col(_("Questionnaire ; réponses")),
            Col(_("Soumissions retenues"), numeric=True),
            Col(_("Soumissions écartées"), numeric=True),
            Col(_("Questions évaluatives")),
        ],
        rows,
        row_ids=[survey_anchor(str(survey["survey_id"])) for survey in surveys],
    )
