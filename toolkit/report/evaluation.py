"""Report blocks of the evaluation matrix: questions, evidence and the evaluator's ratings.

The toolkit lays the evidence out and shows the ratings the evaluator entered; where there
is none it says "à apprécier" and never fills the gap.
"""

from __future__ import annotations

import pandas as pd

from toolkit.model import sitemap, vocabulary
from toolkit.model.config import Config
from toolkit.model.language import N_, _, ngettext, pgettext
from toolkit.model.schema import PROGRAMME_ID
from toolkit.model.vocabulary import ClaimVerdict
from toolkit.report.quality import finding_anchor
from toolkit.report.quotes import clean_quote, misspellings
from toolkit.results import matrix
from toolkit.results.citations import Citer
from toolkit.results.portfolio import Portfolio, lead_names
from toolkit.results.question_evidence import in_line_order
from toolkit.results.question_sources import MONITORING_DATA, PASSAGES, source_kinds
from toolkit.results.surveys import SurveyData
from toolkit.text import fmt
from toolkit.text.html import Col, Html, bullet_list, escape, heading, link, paragraph, table

# The six OECD-DAC criteria, in French; ``criterion_label`` gives them in the active language.
CRITERIA_FR = {
    "pertinence": N_("Pertinence"),
    "coherence": N_("Cohérence"),
    "efficacite": N_("Efficacité"),
    "efficience": N_("Efficience"),
    "impact": N_("Impact"),
    "durabilite": N_("Durabilité"),
}
TO_ASSESS = N_("à apprécier")
REJECTED = N_("rejetée par la validation")


def criterion_label(criterion: object) -> str:
    """An OECD-DAC criterion's name in the active language; a code that is not one is shown as it is."""
    return _(CRITERIA_FR[criterion]) if criterion in CRITERIA_FR else str(criterion)


def _criteria() -> dict[str, str]:
    """Each criterion's code and its name in the active language, in the matrix's order."""
    return {criterion: _(label) for criterion, label in CRITERIA_FR.items()}


def rating_text(rating: pd.Series | dict | None, config: Config) -> str:
    if rating is None or fmt.is_missing(rating.get("rating")):
        return _(TO_ASSESS)
    code = str(rating["rating"])
    label = config.rating_scale.get(code, code)
    confidence = rating.get("confidence")
    if fmt.is_missing(confidence):
        return _("{label} ({code})").format(label=label, code=code)
    return _("{label} ({code}), confiance {confidence}").format(label=label, code=code, confidence=confidence)


def with_criteria(portfolio: Portfolio) -> pd.DataFrame:
    """Every rating with its criterion: its own, or for a rating of one question, that question's."""
    ratings = portfolio.ratings
    if ratings.empty:
        return ratings.assign(criterion=pd.Series(dtype="str"), level=pd.Series(dtype="str"))
    by_question = portfolio.questions.set_index("question_id")["criterion"]
    own = ratings["criterion"] if "criterion" in ratings else pd.Series(index=ratings.index, dtype="str")
    question = ratings["question_id"] if "question_id" in ratings else pd.Series(index=ratings.index, dtype="str")
    return ratings.assign(
        criterion=own.where(own.notna(), question.map(by_question)),
        # A rating of the criterion as a whole is the one the overview shows; ratings of single
        # questions are listed beside it.
        level=question.isna().map({True: "criterion", False: "question"}),
    )


def _ratings_of(portfolio: Portfolio, operation_id: str) -> pd.DataFrame:
    ratings = with_criteria(portfolio)
    return ratings[ratings["operation_id"] == operation_id]


def rejected_ratings(portfolio: Portfolio) -> pd.DataFrame:
    """The ratings validation set aside (quarantined rows of ratings.csv), one row each: its operation,
    criterion (its question's, for a rating of one question), row and reasons, from the error findings
    on it (each carries the row's key), so that a page reads them from the findings it already has."""
    columns = ["operation_id", "criterion", "row", "reason"]
    findings = portfolio.findings
    if findings.empty or "key" not in findings:
        return pd.DataFrame(columns=columns)
    errors = findings[(findings["table"] == "ratings") & (findings["severity"] == "error") & findings["row"].notna()]
    by_question = portfolio.questions.set_index("question_id")["criterion"].to_dict()
    rows = []
    for row, group in errors.groupby("row", sort=True):
        key = dict(part.split("=", 1) for part in str(group["key"].iloc[0]).split("; ") if "=" in part)
        criterion = key.get("criterion") or by_question.get(key.get("question_id"), "")
        reason = " ; ".join(dict.fromkeys(str(m) for m in group["message"]))
        rows.append((key.get("operation_id", ""), criterion, int(row), reason))
    return pd.DataFrame(rows, columns=columns)


def _rejected_cell(rejected: pd.DataFrame, from_folder: str) -> Html:
    """ "Rejetée par la validation", each reason linked to its finding on the data-quality page."""
    reasons = [
        link(
            r["reason"],
            sitemap.href(sitemap.DATA_QUALITY, from_folder=from_folder, anchor=finding_anchor("ratings", r["row"])),
        )
        for r in rejected.to_dict("records")
    ]
    return Html(f'<span class="ev-rejected">{escape(_(REJECTED))}</span> ({fmt.semicolons(reasons)})')


def criterion_rating(
    ratings: pd.DataFrame,
    criterion: str,
    config: Config,
    rejected: pd.DataFrame | None = None,
    from_folder: str = sitemap.TOP,
) -> tuple[str, str]:
    """The rating shown for a criterion (the criterion's own, else each question's) and its justification;
    without one, the ratings of it validation rejected (``rejected``, for the same operation), else "à apprécier"."""
    given = ratings[(ratings["criterion"] == criterion) & ratings["rating"].notna()]
    if given.empty:
        refused = rejected[rejected["criterion"] == criterion] if rejected is not None else ()
        if len(refused):
            return _rejected_cell(refused, from_folder), ""
        return _(TO_ASSESS), ""
    own = given[given["level"] == "criterion"]
    chosen = own if not own.empty else given
    texts = "; ".join(rating_text(r, config) for r in chosen.to_dict("records"))
    reasons = " ".join(str(r) for r in chosen["justification"].dropna())
    return texts, reasons


def operation_evidence(portfolio: Portfolio, operation_id: str) -> Html:
    """The passages of the documents citing the operation, under the evaluative question each one
    answers; passages that answer only the documents' descriptive questions come last."""
    evidence = portfolio.evidence[portfolio.evidence["operation_id"] == operation_id]
    if evidence.empty:
        return paragraph(_("Aucun passage des documents n'est rattaché à cette opération."))
    citer = Citer.of(portfolio.documents, from_operations=True)
    sic = misspellings(portfolio.acronyms)

    def quoted(passages: pd.DataFrame) -> Html:
        return bullet_list(
            Html(f"« {escape(clean_quote(p['excerpt'], sic))} » — {citer.html(p['source'])}")
            for p in passages.to_dict("records")
        )

    numbers = question_numbers(portfolio.questions)
    blocks = []
    for question in evaluative(portfolio.questions).to_dict("records"):
        passages = in_line_order(evidence[evidence["question_id"] == question["question_id"]])
        if passages.empty:
            continue
        number = link(
            numbers[question["question_id"]],
            sitemap.href(sitemap.ANNEXES, from_folder=sitemap.OPERATIONS, anchor=question["question_id"]),
        )
        title = _("{number} ({criterion}) {question} — {passages}").format(
            number=number,
            criterion=criterion_label(question["criterion"]),
            question=escape(question["question"]),
            passages=fmt.counted(len(passages), "passage", "passages"),
        )
        blocks.append(heading(Html(title), 4))
        blocks.append(quoted(passages))
    answered = evidence[evidence["question_id"].isin(list(numbers))]["source"]
    others = in_line_order(evidence[~evidence["source"].isin(answered)])
    if len(others):
        blocks.append(
            heading(
                _("Sur les questions descriptives des documents — {passages}").format(
                    passages=fmt.counted(len(others), "passage", "passages")
                ),
                4,
            )
        )
        blocks.append(quoted(others))
    return Html("".join(blocks))


# Who sorted the questions: the documents ask some of them (by axis and theme), none by criterion.
CLASSIFICATION_NOTE = N_(
    "Le rattachement de chaque question à un critère du CAD de l'OCDE est le classement du transcripteur de la "
    "matrice, non celui des documents ; une question sans source a été formulée par lui."
)


def operation_assessment(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    """Six rows, one per criterion: the evaluative questions it covers, the passages that cite the
    operation for them, and the evaluator's rating with its justification."""
    ratings = _ratings_of(portfolio, operation_id)
    rejected = rejected_ratings(portfolio)
    rejected = rejected[rejected["operation_id"] == operation_id]
    evidence = portfolio.evidence[portfolio.evidence["operation_id"] == operation_id]
    questions = evaluative(portfolio.questions)
    rows = []
    for criterion, label in _criteria().items():
        asked = questions[questions["criterion"] == criterion]
        cited = evidence[evidence["question_id"].isin(asked["question_id"])]["source"].nunique()
        rating, justification = criterion_rating(ratings, criterion, config, rejected, sitemap.OPERATIONS)
        rows.append(
            (
                link(label, sitemap.href(sitemap.INDEX, from_folder=sitemap.OPERATIONS, anchor=f"critere-{criterion}")),
                fmt.number(len(asked)),
                fmt.number(cited) if cited else pgettext("no passage", "aucun"),
                rating,
                justification or "—",
            )
        )
    return table(
        _("Appréciation par critère : questions évaluatives, passages des documents et note de l'évaluateur"),
        [
            Col(_(CRITERION)),
            Col(_("Questions"), numeric=True),
            Col(_("Passages"), numeric=True),
            Col(_(RATING)),
            Col(_(JUSTIFICATION)),
        ],
        rows,
    ) + paragraph(
        _(
            "Questions : questions évaluatives du critère (matrice en annexe du rapport de programme) ; passages : "
            "passages distincts des documents qui citent l'opération pour ces questions."
        )
        + " "
        + _(CLASSIFICATION_NOTE),
        "ev-source",
    )


CRITERION, RATING, JUSTIFICATION = N_("Critère"), N_("Appréciation"), N_("Justification")
LEAD, QUESTION = N_("Porteur"), N_("Question")


def evaluative(questions: pd.DataFrame) -> pd.DataFrame:
    """The questions the evaluator answers; the others are the documents' capitalisation questions."""
    kind = questions["kind"] if "kind" in questions else pd.Series(index=questions.index, dtype="str")
    return questions[kind.fillna("évaluative") == "évaluative"]


def capitalisation(questions: pd.DataFrame) -> pd.DataFrame:
    kind = questions["kind"] if "kind" in questions else pd.Series(index=questions.index, dtype="str")
    return questions[kind.fillna("évaluative") == "capitalisation"]


def evidence_map(portfolio: Portfolio) -> Html:
    """Operations × criteria: how many passages cite each operation for the evaluative questions of
    each criterion, and for the documents' descriptive questions."""
    kinds = portfolio.questions.assign(
        group=lambda q: q["criterion"].where(q["question_id"].isin(evaluative(q)["question_id"]), "descriptive")
    )
    evidence = portfolio.evidence.merge(kinds[["question_id", "group"]], on="question_id", how="left")
    # As on the operation pages: a passage counts as descriptive only when it answers no
    # evaluative question.
    answered = evidence[evidence["group"] != "descriptive"][["operation_id", "source"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(evidence[["operation_id", "source"]])
    evidence = evidence[(evidence["group"] != "descriptive") | ~keys.isin(pd.MultiIndex.from_frame(answered))]
    counts = evidence.drop_duplicates(["operation_id", "group", "source"]).groupby(["operation_id", "group"]).size()
    names = lead_names(portfolio.operations)
    groups = [*CRITERIA_FR, "descriptive"]
    rows = [(names[o], *(fmt.number(counts.get((o, group), 0)) for group in groups)) for o in portfolio.operation_ids]
    return table(
        _("Carte des éléments de preuve : passages des documents par porteur et par critère"),
        [
            Col(_(LEAD)),
            *(Col(label, numeric=True) for label in _criteria().values()),
            Col(_("Questions descriptives"), numeric=True),
        ],
        rows,
    ) + paragraph(
        _(
            "Passages distincts rattachés aux questions évaluatives de chaque critère (matrice en annexe A) ; un "
            "passage qui éclaire plusieurs critères compte pour chacun. Questions descriptives : passages qui ne "
            "répondent qu'aux questions descriptives des documents, comme sur les pages des opérations."
        ),
        "ev-source",
    )


NO_RATINGS = '<div class="ev-placeholder"><p>{text}</p></div>'


def _no_ratings(what: str) -> Html:
    """The placeholder of a view of the ratings before the evaluator has given any."""
    text = _(
        "<strong>Appréciations à venir</strong> : aucune note n'a encore été saisie par l'évaluateur. "
        "{what} apparaîtra ici dès les premières notes."
    ).format(what=what)
    return Html(NO_RATINGS.format(text=text))


def _rated(portfolio: Portfolio) -> pd.DataFrame:
    ratings = with_criteria(portfolio)
    return ratings.dropna(subset=["rating"]) if "rating" in ratings else ratings


def programme_ratings(portfolio: Portfolio, config: Config) -> Html:
    """The synthesis' view: one rating per criterion for the programme as a whole."""
    rated = _rated(portfolio)
    rejected = rejected_ratings(portfolio)
    if rated.empty and rejected.empty:
        return _no_ratings(_("L'appréciation du programme par critère"))
    programme = rated[rated["operation_id"] == PROGRAMME_ID]
    refused = rejected[rejected["operation_id"] == PROGRAMME_ID]
    rows = [
        (label, *criterion_rating(programme, criterion, config, refused)) for criterion, label in _criteria().items()
    ]
    return table(
        _("Appréciation du programme par critère (notes de l'évaluateur)"),
        [Col(_(CRITERION)), Col(_(RATING)), Col(_(JUSTIFICATION))],
        [(label, rating, reason or "—") for label, rating, reason in rows],
    )


def ratings_overview(portfolio: Portfolio, config: Config) -> Html:
    """Criteria × operations, once the evaluator has rated; until then, says so."""
    rated = _rated(portfolio)
    rejected = rejected_ratings(portfolio)
    if rated.empty and rejected.empty:
        return _no_ratings(_("La vue d'ensemble critères × opérations"))
    names = lead_names(portfolio.operations)
    rows = []
    for criterion, label in _criteria().items():
        cells = []
        for operation_id in portfolio.operation_ids:
            given = rated[(rated["criterion"] == criterion) & (rated["operation_id"] == operation_id)]
            own = given[given["level"] == "criterion"]
            shown = " / ".join(str(code) for code in (own if not own.empty else given)["rating"])
            refused = rejected[(rejected["criterion"] == criterion) & (rejected["operation_id"] == operation_id)]
            cells.append(shown or (_rejected_cell(refused, sitemap.TOP) if len(refused) else "—"))
        rows.append((label, *cells))
    scale = fmt.semicolons(f"{code} {text}" for code, text in config.rating_scale.items())
    return table(
        _("Vue d'ensemble : critères × opérations"),
        [Col(_(CRITERION)), *(Col(names[o]) for o in portfolio.operation_ids)],
        rows,
    ) + paragraph(_("Échelle : {scale} ; « — » : pas encore apprécié.").format(scale=scale), "ev-source")


def question_numbers(questions: pd.DataFrame) -> dict[str, str]:
    """Q1, Q2…: the evaluative questions numbered in the matrix's order, for references from other pages
    (the texts' check numbers them the same: results/derive.py ``texts_programme``)."""
    return {qid: f"Q{n}" for n, qid in enumerate(evaluative(questions)["question_id"], start=1)}


def numbered_questions(questions: pd.DataFrame) -> dict[str, str]:
    """Each question's number to its id (``{"Q1": "q-efficacite-1"}``): the anchor a text's "Q1" links to."""
    return {number: qid for qid, number in question_numbers(questions).items()}


def _indicators_cell(portfolio: Portfolio, question_id: str) -> Html:
    rows = portfolio.matrix_indicators
    own = rows[rows["question_id"] == question_id] if len(rows) else rows
    if own.empty:
        return Html(escape(_("à définir par l'évaluateur")))
    items = []
    for row in own.to_dict("records"):
        summary = matrix.data_summary(portfolio, row)
        held = _("données : {summary}").format(summary=escape(summary)) if summary else escape(_(TO_DOCUMENT))
        items.append(f"{escape(row['indicator'])} — <em>{held}</em>")
    return bullet_list(Html(item) for item in items)


def _sources_cell(portfolio: Portfolio, question_id: str, citer: Citer) -> Html:
    """The documents whose passages answer the question, then the documents the indicators' data come
    from. Passages are counted by document only when they come from several: the methods column
    gives their total."""
    evidence = portfolio.evidence
    passages: dict[str, int] = {}
    for source in evidence.loc[evidence["question_id"] == question_id, "source"].dropna().astype("str").unique():
        for document in dict.fromkeys(citer.documents(source)):
            passages[document] = passages.get(document, 0) + 1
    rows = portfolio.matrix_indicators
    data: dict[str, None] = {}
    for row in (rows[rows["question_id"] == question_id] if len(rows) else rows).to_dict("records"):
        for source in matrix.data_sources(portfolio, row):
            data.update(dict.fromkeys(citer.documents(source)))
    parts = []
    for document, count in passages.items():
        linked = link(citer.label(document), citer.href(document))
        if len(passages) == 1:  # A document cited for passages and for data is named once, with both.
            said = _("{document} (passages, données)") if document in data else _("{document} (passages)")
            parts.append(said.format(document=linked))
            continue
        said = _("{document} ({passages}, données)") if document in data else _("{document} ({passages})")
        parts.append(said.format(document=linked, passages=fmt.counted(count, "passage", "passages")))
    parts += [
        _("{document} (données)").format(document=link(citer.label(document), citer.href(document)))
        for document in data
        if document not in passages
    ]
    return Html(fmt.semicolons(parts)) if parts else Html(escape(_("aucun passage ni donnée rattachés")))


def matrix_annex(portfolio: Portfolio, survey_data: SurveyData | None = None) -> Html:
    """The evaluation matrix: each evaluative question by its number, linked to where the report asks it
    with its judgement criteria (not restated here), then the kinds of evidence it draws on, its
    indicators (and what the data hold for each) and the documents of its passages and data."""
    questions = evaluative(portfolio.questions)
    numbers = question_numbers(portfolio.questions)
    citer = Citer.of(portfolio.documents)
    records = questions.to_dict("records")
    return table(
        _("Matrice d'évaluation : questions évaluatives, méthodes, indicateurs et sources"),
        [Col(_(CRITERION)), Col(_(QUESTION)), Col(_("Méthodes")), Col(_("Indicateurs")), Col(_("Sources"))],
        (
            (
                criterion_label(q["criterion"]),
                Html(
                    f"<strong>{numbers[q['question_id']]}</strong> "
                    f"{link(q['question'], sitemap.href(sitemap.INDEX, anchor=q['question_id']))}"
                ),
                _methods_cell(portfolio, q["question_id"], survey_data),
                _indicators_cell(portfolio, q["question_id"]),
                _sources_cell(portfolio, q["question_id"], citer),
            )
            for q in records
        ),
        row_ids=[q["question_id"] for q in records],
    ) + paragraph(
        _(
            "Question : ses critères de jugement sont avec elle dans le rapport. Méthodes : analyse documentaire, "
            "avec le nombre de passages distincts des documents du programme rattachés à la question ; entretiens, "
            "groupes de discussion et visites de terrain, avec le nombre de passages des notes de l'évaluateur ; "
            "données transcrites des documents, avec le nombre de ses indicateurs qu'elles mesurent ; enquêtes, avec "
            "le nombre de leurs questions rattachées à la question. Indicateurs : « données » résume ce que les données "
            "transcrites contiennent pour l'indicateur, « à documenter » qu'aucune donnée transcrite ne le mesure "
            "encore. Sources : documents dont des passages sont rattachés à la question (avec le nombre de passages "
            "de chacun quand ils en sont plusieurs), puis documents d'où viennent les données des indicateurs."
        )
        + " "
        + _(CLASSIFICATION_NOTE),
        "ev-source",
    )


TO_DOCUMENT = N_("à documenter")


def capitalisation_annex(portfolio: Portfolio, config: Config) -> Html:
    """The descriptive questions a document asks (the capitalisation's), with where it asks them."""
    questions = capitalisation(portfolio.questions)
    if questions.empty:
        return paragraph(_("Aucune question descriptive des documents n'est transcrite."))
    citer = Citer.of(portfolio.documents)
    return table(
        _("Questions descriptives posées par les documents"),
        [Col(_(QUESTION)), Col(_("Axe")), Col(_("Rattachée au critère")), Col(_("Source"))],
        (
            (
                q["question"],
                config.vocabulary.axes.get(str(q.get("axis")), q.get("axis")),
                criterion_label(q["criterion"]),
                citer.html(q.get("source")),
            )
            for q in questions.to_dict("records")
        ),
    ) + paragraph(
        _(
            "Questions descriptives : elles orientent la lecture des passages, l'évaluateur n'y répond pas par une note."
        ),
        "ev-source",
    )


def rating_scale(config: Config) -> Html:
    return table(
        _("Échelle de notation de l'évaluateur"),
        [Col(_("Note")), Col(_("Signification"))],
        list(config.rating_scale.items()),
    ) + paragraph(_("Niveaux de confiance : {levels}.").format(levels=", ".join(config.confidence_levels)), "ev-source")


def glossary() -> Html:
    terms = [
        (
            pgettext("a glossary term", "Cible"),
            _("valeur qu'une opération prévoyait d'atteindre pour un indicateur (fiche de l'opération)."),
        ),
        (
            _("Réalisation"),
            _(
                "valeur effectivement atteinte, rapportée par un document ; absente, elle est « non renseignée », "
                "jamais zéro."
            ),
        ),
        (
            _("Taux d'atteinte"),
            _("part de la cible atteinte, calculée seulement quand cible et réalisation portent sur la même période."),
        ),
        (
            _("Verdict"),
            _(
                "confrontation d'un chiffre publié avec le recalcul à partir des données : {consistent}, "
                "{inconsistent} ou {not_recomputable}."
            ).format(
                consistent=vocabulary.label(ClaimVerdict.CONSISTENT),
                inconsistent=vocabulary.label(ClaimVerdict.INCONSISTENT),
                not_recomputable=vocabulary.label(ClaimVerdict.NOT_RECOMPUTABLE),
            ),
        ),
        (
            _("Élément de preuve"),
            _("passage d'un document, cité par ses lignes, qui se rapporte à une opération et à une question."),
        ),
        (
            _("Quarantaine"),
            _("lignes de données écartées pour une erreur, conservées avec leur motif dans data/clean/quarantine."),
        ),
        (
            "IATI",
            _(
                "norme internationale de publication des données de l'aide (version 2.03) dont le modèle de données "
                "reprend les listes de codes."
            ),
        ),
        (
            _("CAD de l'OCDE"),
            _(
                "critères d'évaluation du Comité d'aide au développement : pertinence, cohérence, efficacité, "
                "efficience, impact, durabilité."
            ),
        ),
    ]
    return Html("<dl>" + "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in terms) + "</dl>")


def surveys_counted(data: SurveyData | None, question_id: str) -> str:
    """The surveys that answer the question, counted with their questions ("1 enquête (3 questions)"),
    for section 5's line of sources and the matrix annex's methods; empty when none does."""
    tied = data.tied(question_id) if data is not None else []
    if not tied:
        return ""
    count = len({survey_id for survey_id, _field in tied})
    return ngettext("{count} enquête ({questions})", "{count} enquêtes ({questions})", count).format(
        count=fmt.number(count),
        questions=ngettext("{count} question", "{count} questions", len(tied)).format(count=fmt.number(len(tied))),
    )


# The evaluator's own notes, each kind a method of its own in the matrix (other kinds of document
# are one method: the documentary review).
NOTE_METHODS = {
    vocabulary.DocumentKind.INTERVIEW: N_("entretiens ({passages})"),
    vocabulary.DocumentKind.FOCUS_GROUP: N_("groupes de discussion ({passages})"),
    vocabulary.DocumentKind.SITE_VISIT: N_("visites de terrain ({passages})"),
}


def _methods_cell(portfolio: Portfolio, question_id: str, survey_data: SurveyData | None = None) -> str:
    """The methods the question's evidence comes from (`question_sources.source_kinds`): the review of
    the programme's documents, each kind of the evaluator's notes, the monitoring data and the surveys
    tied to it, each with how much of it there is."""
    kinds = source_kinds(portfolio, question_id)
    notes = {kind: kinds[kind] for kind in NOTE_METHODS if kinds.get(kind)}
    reviewed = kinds.get(PASSAGES, 0) - sum(notes.values())
    methods = []
    if reviewed > 0:
        methods.append(
            _("analyse documentaire ({passages})").format(passages=fmt.counted(reviewed, "passage", "passages"))
        )
    for kind, count in notes.items():
        methods.append(_(NOTE_METHODS[kind]).format(passages=fmt.counted(count, "passage", "passages")))
    if kinds.get(MONITORING_DATA):
        methods.append(
            _("données transcrites des documents ({indicators})").format(
                indicators=fmt.counted(kinds[MONITORING_DATA], "indicateur", "indicateurs")
            )
        )
    surveyed = surveys_counted(survey_data, question_id)
    if surveyed:
        methods.append(surveyed)
    return fmt.semicolons(methods) if methods else "—"
