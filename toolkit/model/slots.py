"""The report's narrative slots, declared once: the places only a person writes, each a Markdown file of
the narrative folder. The report (``report/narrative.py``), the templates (``make evaluator-templates``)
and the texts' check (``check/narrative_refs.py``, which runs with the clean stage) all read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model.language import N_

PLACEHOLDER = N_("À rédiger par l'évaluateur")  # translated where shown
# The management response is the programme's answer to the evaluator, never the evaluator's text.
BY_MANAGEMENT = N_("À rédiger par la direction du programme")


@dataclass(frozen=True)
class Slot:
    """A place in the report that only a person writes: its file, its heading, what goes in it, and
    who writes it (the evaluator, or for the management response, the programme's management)."""

    name: str  # the file, relative to the narrative folder, without ".md"
    heading: str  # in French (a message id): ``_(slot.heading)`` where shown
    guidance: str  # the same
    author: str = PLACEHOLDER  # the placeholder naming who writes it, a message id as well


# Every slot of the programme report and of its annexes page (``sitemap.NARRATIVE_ANNEXES``, the
# annexes the evaluator writes), in reading order: the report and the templates (`make evaluator-templates`) both read this list.
SLOTS = (
    Slot(
        "synthese",
        N_("1. Synthèse"),
        N_("la synthèse de l'évaluation (objet, méthode, conclusions clés, recommandations, limites)"),
    ),
    Slot("introduction", N_("2. Introduction"), N_("l'objet et les utilisateurs de l'évaluation")),
    Slot(
        "contexte",
        N_("3. Contexte et logique d'intervention"),
        N_("la théorie du changement du programme et sa lecture du contexte"),
    ),
    Slot(
        "methodologie",
        N_("4. Méthodologie"),
        N_("la démarche propre à l'évaluateur (entretiens, visites) et ses limites"),
    ),
    Slot(
        "equipe",
        N_("4. Méthodologie — Équipe, indépendance et éthique"),
        N_(
            "l'équipe d'évaluation, son indépendance à l'égard du programme, et les règles d'éthique suivies "
            "(consentement, confidentialité, protection des personnes interrogées)"
        ),
    ),
    Slot("criteres/pertinence", N_("5. Constats — Pertinence"), N_("la réponse aux questions de pertinence")),
    Slot("criteres/coherence", N_("5. Constats — Cohérence"), N_("la réponse aux questions de cohérence")),
    Slot("criteres/efficacite", N_("5. Constats — Efficacité"), N_("la réponse aux questions d'efficacité")),
    Slot("criteres/efficience", N_("5. Constats — Efficience"), N_("la réponse aux questions d'efficience")),
    Slot("criteres/impact", N_("5. Constats — Impact"), N_("la réponse aux questions d'impact")),
    Slot("criteres/durabilite", N_("5. Constats — Durabilité"), N_("la réponse aux questions de durabilité")),
    Slot(
        "transversal",
        N_("5. Constats — Genre et thèmes transversaux"),
        N_("l'égalité femmes-hommes, les droits humains, l'environnement et les autres thèmes transversaux"),
    ),
    Slot("appreciation", N_("6. Appréciation d'ensemble"), N_("l'appréciation d'ensemble")),
    Slot("conclusions", N_("7. Conclusions"), N_("les conclusions, chacune rattachée aux constats")),
    Slot(
        "recommandations", N_("8. Recommandations"), N_("les recommandations, numérotées et rattachées aux conclusions")
    ),
    Slot("enseignements", N_("9. Enseignements"), N_("les enseignements transférables")),
    Slot(
        "reponse-direction",
        N_("10. Réponse de la direction"),
        N_("la réponse du programme à chaque recommandation (acceptée ou non, actions, échéances)"),
        BY_MANAGEMENT,
    ),
    Slot(
        "annexes/termes-de-reference",
        N_("Annexe J — Termes de référence"),
        N_("les termes de référence de l'évaluation, ou leur résumé"),
    ),
    Slot(
        "annexes/personnes-et-sites",
        N_("Annexe K — Personnes et sites rencontrés"),
        N_("les personnes rencontrées par fonction et par lieu, jamais par leur nom, et les sites visités"),
    ),
    Slot(
        "annexes/outils-de-collecte",
        N_("Annexe L — Outils de collecte"),
        N_("les guides d'entretien, questionnaires et grilles d'observation utilisés"),
    ),
)
OPERATION_SLOT = Slot(
    "operations/<operation_id>",
    N_("Appréciation et enseignements"),
    N_("l'appréciation d'ensemble et les enseignements de l'opération"),
)
