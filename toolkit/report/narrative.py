"""The evaluator's own text: read from Markdown files kept with the data, never generated.

A missing or empty file shows as a visible placeholder, so that a report never passes an
unwritten judgement off as a finished one. Raw HTML in the files is escaped: the text is
shown, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import mistune

from toolkit.text.html import Html, escape

PLACEHOLDER = "À rédiger par l'évaluateur"


@dataclass(frozen=True)
class Slot:
    """A place in the report that only the evaluator writes: its file, its heading, what goes in it."""

    name: str  # the file, relative to the narrative folder, without ".md"
    heading: str
    guidance: str


# Every slot of the programme report, in reading order: the report and the templates
# (`make evaluator-templates`) both read this list.
SLOTS = (
    Slot(
        "synthese",
        "1. Synthèse",
        "la synthèse de l'évaluation (objet, méthode, conclusions clés, recommandations, limites)",
    ),
    Slot("introduction", "2. Introduction", "l'objet et les utilisateurs de l'évaluation"),
    Slot(
        "contexte",
        "3. Contexte et logique d'intervention",
        "la théorie du changement du programme et sa lecture du contexte",
    ),
    Slot("methodologie", "4. Méthodologie", "la démarche propre à l'évaluateur (entretiens, visites) et ses limites"),
    Slot("criteres/pertinence", "5. Constats — Pertinence", "la réponse aux questions de pertinence"),
    Slot("criteres/coherence", "5. Constats — Cohérence", "la réponse aux questions de cohérence"),
    Slot("criteres/efficacite", "5. Constats — Efficacité", "la réponse aux questions d'efficacité"),
    Slot("criteres/efficience", "5. Constats — Efficience", "la réponse aux questions d'efficience"),
    Slot("criteres/impact", "5. Constats — Impact", "la réponse aux questions d'impact"),
    Slot("criteres/durabilite", "5. Constats — Durabilité", "la réponse aux questions de durabilité"),
    Slot(
        "transversal",
        "5. Constats — Genre et thèmes transversaux",
        "l'égalité femmes-hommes, les droits humains, l'environnement et les autres thèmes transversaux",
    ),
    Slot("appreciation", "6. Appréciation d'ensemble", "l'appréciation d'ensemble"),
    Slot("conclusions", "7. Conclusions", "les conclusions, chacune rattachée aux constats"),
    Slot("recommandations", "8. Recommandations", "les recommandations, numérotées et rattachées aux conclusions"),
    Slot("enseignements", "9. Enseignements", "les enseignements transférables"),
    Slot(
        "reponse-direction",
        "10. Réponse de la direction",
        "la réponse du programme à chaque recommandation (acceptée ou non, actions, échéances)",
    ),
)
OPERATION_SLOT = Slot(
    "operations/<operation_id>",
    "Appréciation et enseignements",
    "l'appréciation d'ensemble et les enseignements de l'opération",
)
_BY_NAME = {slot.name: slot for slot in SLOTS}
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@cache
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def text(path: Path) -> str:
    """The file's text without HTML comments (where templates explain what to write); '' if absent."""
    if not path.is_file():
        return ""
    return COMMENT.sub("", path.read_text(encoding="utf-8")).strip()


def placeholder(what: str, path: Path | None = None) -> Html:
    where = f" (fichier {path.name})" if path is not None else ""
    return Html(
        f'<div class="ev-placeholder"><p><strong>{PLACEHOLDER}</strong> : {escape(what)}{escape(where)}.</p></div>'
    )


def section(narrative_dir: str | Path, name: str, what: str) -> Html:
    """The evaluator's Markdown ``<narrative_dir>/<name>.md`` as HTML, or a placeholder naming the file."""
    path = Path(narrative_dir) / f"{name}.md"
    body = text(path)
    if not body:
        return placeholder(what, path)
    return Html(f'<div class="ev-narrative">{_markdown()(body)}</div>')


def slot(narrative_dir: str | Path, name: str) -> Html:
    """A slot of the programme report (``SLOTS``): the evaluator's text, or a placeholder saying what goes there."""
    return section(narrative_dir, name, _BY_NAME[name].guidance)


def operation_slot(narrative_dir: str | Path, operation_id: str) -> Html:
    return section(Path(narrative_dir) / "operations", operation_id, OPERATION_SLOT.guidance)
