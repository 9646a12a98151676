"""The files the evaluator fills in, written once with their headings and guidance.

`make evaluator-templates` writes every narrative file the report reads (one per slot of
``narrative.SLOTS`` and one per operation) and adds to ratings.csv one empty row per criterion
and operation, and per criterion for the programme. Nothing that exists is overwritten: a file
already there is left as it is, a rating already given keeps its row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from toolkit.check.narrative_refs import ITEM_HEADING, readable
from toolkit.model import sitemap
from toolkit.model.language import _
from toolkit.model.outputs import write_text_atomic
from toolkit.model.schema import CRITERIA, PROGRAMME_ID, RATINGS
from toolkit.model.slots import OPERATION_SLOT, SLOTS, Slot
from toolkit.model.values import is_missing
from toolkit.report.evaluation import evaluative, question_numbers
from toolkit.report.question_findings import passages_anchor

RATINGS_FILE = RATINGS.file


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    ratings_added: int = 0


def template_text(slot: Slot, subject: str = "", body: str = "") -> str:
    """A narrative file's starting text: its heading, then the guidance (and ``body``, what the slot
    starts from) as an HTML comment, which the report never shows (an unwritten file still reads
    "À rédiger" on the page). In the active language: an English programme's evaluator gets English files."""
    heading = _(slot.heading)
    title = f"{heading} — {subject}" if subject else heading
    write = _("À écrire ici : {guidance}.").format(guidance=_(slot.guidance))
    unseen = _("Ce commentaire n'apparaît pas dans le rapport.")
    middle = f"\n{body.replace('--', '—')}\n" if body else ""
    return f"<!-- {title}\n\n{write}\n{middle}\n{unseen} -->\n"


def criterion_body(criterion: str, questions: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """A criterion file's start: its evaluative questions as section 5 numbers them, each with its
    judgement criteria, where its evidence is (section 5, annex B, the operation pages), and a line
    for the strength of the evidence and the confidence."""
    numbers = question_numbers(questions)
    asked = evaluative(questions)
    asked = asked[asked["criterion"] == criterion]
    if asked.empty:
        return _("Aucune question évaluative de ce critère dans la matrice (questions.csv).")
    parts = [_("Les questions de ce critère, numérotées comme dans la section 5 du rapport :")]
    for question in asked.to_dict("records"):
        qid = question["question_id"]
        parts.append(f"\n{numbers[qid]}. {question['question']}")
        if not is_missing(question.get("judgement_criteria")):
            parts.append(_("   Critères de jugement : {criteria}").format(criteria=question["judgement_criteria"]))
        parts.append(
            _("   Éléments de preuve : section 5 ({section}) ; tous les passages en annexe B ({annex})").format(
                section=sitemap.href(sitemap.INDEX, anchor=qid),
                annex=sitemap.href(sitemap.ANNEXES, anchor=passages_anchor(qid)),
            )
        )
        cited = evidence.loc[evidence["question_id"] == qid, "operation_id"] if len(evidence) else []
        pages = [sitemap.operation_page(o) for o in dict.fromkeys(str(o) for o in cited) if o != PROGRAMME_ID]
        if pages:
            parts.append(_("   Pages des opérations citées : {pages}").format(pages=", ".join(pages)))
        parts.append(_("   Solidité des preuves : …   Confiance : … (à reporter dans ratings.csv, colonne confidence)"))
    first = asked["question_id"].iloc[0]
    link = _("Un lien vers une question s'écrit [{number}](#{anchor}).").format(number=numbers[first], anchor=first)
    parts.append("\n" + link)
    return "\n".join(parts)


def items_body(name: str) -> str:
    """How the conclusions, recommendations and lessons are numbered, and what each one says."""
    if name == "conclusions":
        return _(
            "Une conclusion par titre numéroté, puis les questions ou constats sur lesquels elle repose :\n\n"
            "## C1 — titre de la conclusion\n\n- Repose sur : Q1, Q3\n\nTexte de la conclusion."
        )
    if name == "recommandations":
        return _(
            "Une recommandation par titre numéroté, avec son destinataire, sa priorité, son échéance et les "
            "conclusions dont elle découle :\n\n## R1 — titre de la recommandation\n\n- Destinataire : …\n"
            "- Priorité : haute, moyenne ou basse\n- Échéance : …\n- Découle de : C1, C3\n\nTexte de la recommandation."
        )
    return _("Un enseignement par titre numéroté :\n\n## L1 — titre de l'enseignement\n\nTexte de l'enseignement.")


def response_body(narrative_dir: Path) -> str:
    """The management response: one entry per recommendation of recommandations.md, by its number."""
    path = narrative_dir / "recommandations.md"
    lines = readable(path.read_text(encoding="utf-8")) if path.is_file() else []
    headings = [line.lstrip("# ").strip() for line in lines if (m := ITEM_HEADING.match(line)) and m[1] == "R"]
    answer = _("Acceptée, partiellement acceptée ou refusée ; actions prévues ; responsable ; échéance.")
    if not headings:
        return _("Une réponse par recommandation, sous son numéro :\n\n## R1 — acceptée\n\n{answer}").format(
            answer=answer
        )
    entries = [f"## {heading}\n\n{answer}" for heading in headings]
    return _("Une réponse par recommandation, sous son numéro :") + "\n\n" + "\n\n".join(entries)


def slot_body(slot: Slot, narrative_dir: Path, questions: pd.DataFrame | None, evidence: pd.DataFrame | None) -> str:
    folder, _slash, criterion = slot.name.partition("/")
    if folder == "criteres" and questions is not None:
        return criterion_body(criterion, questions, evidence if evidence is not None else pd.DataFrame())
    if slot.name in ("conclusions", "recommandations", "enseignements"):
        return items_body(slot.name)
    if slot.name == "reponse-direction":
        return response_body(narrative_dir)
    return ""


def _write_once(path: Path, text: str, written: Written) -> None:
    if path.exists():
        written.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    written.created.append(path)


def _rating_rows(operation_ids: list[str]) -> list[dict[str, str]]:
    return [
        {"operation_id": operation_id, "criterion": criterion}
        for operation_id in [*operation_ids, PROGRAMME_ID]
        # CRITERIA maps every accepted spelling to its code: one row per code, in the schema's order.
        for criterion in dict.fromkeys(CRITERIA.values())
    ]


def _add_ratings(path: Path, operation_ids: list[str], written: Written) -> None:
    """Append the (operation, criterion) rows ratings.csv lacks; keep every row it has, as it is."""
    columns = list(RATINGS.raw_names)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    rows = list(csv.DictReader(text.splitlines(), delimiter=";")) if text.strip() else []
    have = {(row.get("operation_id"), row.get("criterion")) for row in rows if not row.get("question_id")}
    missing = [row for row in _rating_rows(operation_ids) if (row["operation_id"], row["criterion"]) not in have]
    if not missing:
        return
    lines = [] if text.strip() else [";".join(columns)]
    lines += [";".join(row.get(column, "") for column in columns) for row in missing]
    body = text if not text or text.endswith("\n") else text + "\n"
    write_text_atomic(path, body + "\n".join(lines) + "\n")
    written.ratings_added = len(missing)


def write_templates(
    narrative_dir: Path,
    raw_dir: Path,
    operation_ids: list[str],
    questions: pd.DataFrame | None = None,
    evidence: pd.DataFrame | None = None,
) -> Written:
    """Every narrative file the report reads, written once; the criteria's files start from the
    evaluative ``questions`` and their ``evidence`` when given (the clean tables)."""
    written = Written()
    for slot in SLOTS:
        body = slot_body(slot, narrative_dir, questions, evidence)
        _write_once(narrative_dir / f"{slot.name}.md", template_text(slot, body=body), written)
    for operation_id in operation_ids:
        path = narrative_dir / "operations" / f"{operation_id}.md"
        _write_once(path, template_text(OPERATION_SLOT, operation_id), written)
    _add_ratings(raw_dir / RATINGS_FILE, operation_ids, written)
    return written
