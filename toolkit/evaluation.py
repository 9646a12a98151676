"""Report blocks of the evaluation matrix: questions, evidence and the evaluator's ratings.

The toolkit lays the evidence out and shows the ratings the evaluator entered; where there
is none it says "à apprécier" and never fills the gap.
"""

from __future__ import annotations

import pandas as pd

from toolkit import fmt
from toolkit.config import Config
from toolkit.html import Col, Html, bullet_list, escape, heading, paragraph, table
from toolkit.portfolio import Portfolio, short_name

CRITERIA_FR = {
    "pertinence": "Pertinence",
    "coherence": "Cohérence",
    "efficacite": "Efficacité",
    "efficience": "Efficience",
    "impact": "Impact",
    "durabilite": "Durabilité",
}
TO_ASSESS = "à apprécier"


def rating_text(rating: pd.Series | dict | None, config: Config) -> str:
    if rating is None or fmt.is_missing(rating.get("rating")):
        return TO_ASSESS
    code = str(rating["rating"])
    label = config.rating_scale.get(code, code)
    confidence = rating.get("confidence")
    return f"{label} ({code})" + ("" if fmt.is_missing(confidence) else f", confiance {confidence}")


def _ratings_of(portfolio: Portfolio, operation_id: str) -> pd.DataFrame:
    ratings = portfolio.ratings[portfolio.ratings["operation_id"] == operation_id]
    return ratings.merge(portfolio.questions[["question_id", "criterion"]], on="question_id", how="left")


def ratings_strip(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    """En bref: one line per criterion with the ratings given, or 'à apprécier'."""
    ratings = _ratings_of(portfolio, operation_id)
    rows = []
    for criterion, label in CRITERIA_FR.items():
        given = ratings[(ratings["criterion"] == criterion) & ratings["rating"].notna()]
        rows.append((label, "; ".join(rating_text(r, config) for r in given.to_dict("records")) or TO_ASSESS))
    return table("Appréciation par critère (notes de l'évaluateur)", [Col("Critère"), Col("Appréciation")], rows)


def _passages(evidence: pd.DataFrame) -> pd.DataFrame:
    return evidence.drop_duplicates(["operation_id", "source"]).sort_values("source", kind="stable")


def operation_evidence(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    """The passages of the documents citing the operation, grouped by the programme's question themes."""
    evidence = portfolio.evidence[portfolio.evidence["operation_id"] == operation_id].merge(
        portfolio.questions[["question_id", "theme"]], on="question_id", how="left"
    )
    if evidence.empty:
        return paragraph("Aucun passage des documents n'est rattaché à cette opération.")
    themes = config.vocabulary.question_themes
    if not themes:  # a programme without question themes: one list
        passages = _passages(evidence)
        return bullet_list(f"« {p['excerpt']} » — {p['source']}" for p in passages.to_dict("records"))
    blocks = []
    for theme, label in themes.items():
        passages = _passages(evidence[evidence["theme"] == theme])
        if passages.empty:
            continue
        blocks.append(heading(f"{label} ({len(passages)} passages)", 4))
        blocks.append(bullet_list(f"« {p['excerpt']} » — {p['source']}" for p in passages.to_dict("records")))
    return Html("".join(blocks))


# Who sorted the questions: the documents ask some of them (by axis and theme), none by criterion.
CLASSIFICATION_NOTE = (
    "Le rattachement de chaque question à un critère du CAD de l'OCDE est le classement du transcripteur de la "
    "matrice, non celui des documents ; une question sans source a été formulée par lui."
)


def operation_assessment(portfolio: Portfolio, operation_id: str, config: Config) -> Html:
    """Per criterion: its questions, what would show a positive answer, the evidence, the rating."""
    ratings = _ratings_of(portfolio, operation_id).set_index("question_id") if not portfolio.ratings.empty else None
    evidence = portfolio.evidence[portfolio.evidence["operation_id"] == operation_id]
    counts = evidence.groupby("question_id").size().to_dict()
    blocks = []
    for criterion, label in CRITERIA_FR.items():
        questions = portfolio.questions[portfolio.questions["criterion"] == criterion]
        rows = []
        for question in questions.to_dict("records"):
            rating = (
                ratings.loc[question["question_id"]]
                if ratings is not None and question["question_id"] in ratings.index
                else None
            )
            theme = question.get("theme")
            found = counts.get(question["question_id"], 0)
            where = f"{found} passages (thème {theme})" if found else "aucun passage rattaché"
            justification = (
                "" if rating is None or fmt.is_missing(rating.get("justification")) else rating["justification"]
            )
            rows.append(
                (
                    question["question"],
                    question.get("judgement_criteria"),
                    where,
                    rating_text(rating, config),
                    justification,
                )
            )
        blocks.append(heading(label, 3, anchor=f"critere-{criterion}"))
        blocks.append(
            table(
                f"{label} : questions, éléments de preuve et appréciation",
                [
                    Col("Question"),
                    Col("Critères de jugement"),
                    Col("Éléments de preuve"),
                    Col("Appréciation"),
                    Col("Justification"),
                ],
                rows,
            )
        )
    return Html("".join(blocks)) + paragraph(CLASSIFICATION_NOTE, "caac-source")


def evidence_map(portfolio: Portfolio, config: Config) -> Html:
    """Operations × question themes: how many passages cite each operation for each theme."""
    evidence = portfolio.evidence.merge(portfolio.questions[["question_id", "theme"]], on="question_id", how="left")
    passages = evidence.drop_duplicates(["operation_id", "theme", "source"])
    counts = passages.groupby(["operation_id", "theme"]).size()
    themes = config.vocabulary.question_themes
    rows = []
    for operation in portfolio.operations.to_dict("records"):
        cells = [fmt.number(counts.get((operation["operation_id"], theme), 0)) for theme in themes]
        rows.append((short_name(operation["lead_org"]) + " — " + operation["title"], *cells))
    return table(
        "Carte des éléments de preuve : passages des documents par opération et par thème",
        [Col("Opération"), *(Col(label, numeric=True) for label in themes.values())],
        rows,
    )


def ratings_overview(portfolio: Portfolio, config: Config) -> Html:
    """Criteria × operations, once the evaluator has rated; until then, says so."""
    rated = portfolio.ratings.dropna(subset=["rating"]) if "rating" in portfolio.ratings else portfolio.ratings
    if rated.empty:
        return Html(
            '<div class="caac-placeholder"><p><strong>Appréciations à venir</strong> : aucune note n\'a encore été '
            "saisie par l'évaluateur (fichier ratings.csv vide). La vue d'ensemble critères × opérations apparaîtra "
            "ici dès les premières notes ; la boîte à outils n'en produit jamais.</p></div>"
        )
    merged = rated.merge(portfolio.questions[["question_id", "criterion"]], on="question_id", how="left")
    columns = [*portfolio.operation_ids, "programme"]
    labels = {
        **portfolio.operations.set_index("operation_id")["lead_org"].map(short_name).to_dict(),
        "programme": "Programme",
    }
    rows = []
    for criterion, label in CRITERIA_FR.items():
        cells = []
        for operation_id in columns:
            given = merged[(merged["criterion"] == criterion) & (merged["operation_id"] == operation_id)]
            cells.append(" / ".join(str(code) for code in given["rating"]) or TO_ASSESS)
        rows.append((label, *cells))
    scale = " ; ".join(f"{code} {text}" for code, text in config.rating_scale.items())
    return table(
        "Vue d'ensemble : critères × opérations", [Col("Critère"), *(Col(labels[c]) for c in columns)], rows
    ) + paragraph(f"Échelle : {scale}.", "caac-source")


def programme_criterion(portfolio: Portfolio, criterion: str, config: Config) -> Html:
    """A criterion for the programme: questions, judgement criteria, evidence by operation, programme rating."""
    questions = portfolio.questions[portfolio.questions["criterion"] == criterion]
    evidence = portfolio.evidence
    names = portfolio.operations.set_index("operation_id")["lead_org"].map(short_name).to_dict()
    ratings = _ratings_of(portfolio, "programme").set_index("question_id") if not portfolio.ratings.empty else None
    rows = []
    for question in questions.to_dict("records"):
        cited = evidence[evidence["question_id"] == question["question_id"]].groupby("operation_id").size()
        where = ", ".join(f"{names.get(o, o)} ({n})" for o, n in cited.items()) or "aucun passage rattaché"
        rating = (
            ratings.loc[question["question_id"]]
            if ratings is not None and question["question_id"] in ratings.index
            else None
        )
        rows.append(
            (
                question["question"],
                question.get("judgement_criteria"),
                where,
                rating_text(rating, config),
                question.get("source"),
            )
        )
    return table(
        f"{CRITERIA_FR[criterion]} : questions, critères de jugement, éléments de preuve par opération, appréciation",
        [
            Col("Question"),
            Col("Critères de jugement"),
            Col("Éléments de preuve (passages)"),
            Col("Appréciation du programme"),
            Col("Source de la question"),
        ],
        rows,
    ) + paragraph(CLASSIFICATION_NOTE, "caac-source")


def matrix_summary(portfolio: Portfolio) -> Html:
    counts = portfolio.questions.groupby("criterion").size()
    rows = [(label, fmt.number(counts.get(criterion, 0))) for criterion, label in CRITERIA_FR.items()]
    rows.append(("Ensemble", fmt.number(len(portfolio.questions))))
    return table(
        "Matrice d'évaluation : nombre de questions par critère du CAD de l'OCDE",
        [Col("Critère"), Col("Questions", numeric=True)],
        rows,
    )


def matrix_annex(portfolio: Portfolio, config: Config) -> Html:
    return table(
        "Matrice d'évaluation complète",
        [
            Col("Question"),
            Col("Critère (classement du transcripteur)"),
            Col("Axe"),
            Col("Thème"),
            Col("Critères de jugement"),
            Col("Source"),
        ],
        (
            (
                q["question"],
                CRITERIA_FR.get(q["criterion"], q["criterion"]),
                config.vocabulary.axes.get(str(q.get("axis")), q.get("axis")),
                config.vocabulary.question_themes.get(str(q.get("theme")), q.get("theme")),
                q.get("judgement_criteria"),
                q.get("source"),
            )
            for q in portfolio.questions.to_dict("records")
        ),
    )


def rating_scale(config: Config) -> Html:
    return table(
        "Échelle de notation de l'évaluateur",
        [Col("Note"), Col("Signification")],
        list(config.rating_scale.items()),
    ) + paragraph(f"Niveaux de confiance : {', '.join(config.confidence_levels)}.", "caac-source")


def glossary() -> Html:
    terms = [
        ("Cible", "valeur qu'une opération prévoyait d'atteindre pour un indicateur (fiche de l'opération)."),
        (
            "Réalisation",
            "valeur effectivement atteinte, rapportée par un document ; absente, elle est « non renseigné », jamais zéro.",
        ),
        (
            "Taux d'atteinte",
            "part de la cible atteinte, calculée seulement quand cible et réalisation portent sur la même période.",
        ),
        (
            "Verdict",
            "confrontation d'un chiffre publié avec le recalcul à partir des données : cohérent, incohérent ou non recalculable.",
        ),
        (
            "Élément de preuve",
            "passage d'un document, cité par ses lignes, qui se rapporte à une opération et à une question.",
        ),
        (
            "Quarantaine",
            "lignes de données écartées pour une erreur, conservées avec leur motif dans data/clean/quarantine.",
        ),
        (
            "IATI",
            "norme internationale de publication des données de l'aide (version 2.03) dont le modèle de données reprend les listes de codes.",
        ),
        (
            "CAD de l'OCDE",
            "critères d'évaluation du Comité d'aide au développement : pertinence, cohérence, efficacité, efficience, impact, durabilité.",
        ),
    ]
    return Html("<dl>" + "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in terms) + "</dl>")
