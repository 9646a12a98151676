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

from toolkit.model.language import _
from toolkit.model.outputs import write_text_atomic
from toolkit.model.schema import CRITERIA, PROGRAMME_ID, RATINGS
from toolkit.report.narrative import OPERATION_SLOT, SLOTS, Slot

RATINGS_FILE = RATINGS.file


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    ratings_added: int = 0


def template_text(slot: Slot, subject: str = "") -> str:
    """A narrative file's starting text: its heading, then the guidance as an HTML comment, which the
    report never shows (an unwritten file still reads "À rédiger" on the page). In the active
    language: an English programme's evaluator gets English files."""
    heading = _(slot.heading)
    title = f"{heading} — {subject}" if subject else heading
    write = _("À écrire ici : {guidance}.").format(guidance=_(slot.guidance))
    unseen = _("Ce commentaire n'apparaît pas dans le rapport.")
    return f"<!-- {title}\n\n{write}\n{unseen} -->\n"


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


def write_templates(narrative_dir: Path, raw_dir: Path, operation_ids: list[str]) -> Written:
    written = Written()
    for slot in SLOTS:
        _write_once(narrative_dir / f"{slot.name}.md", template_text(slot), written)
    for operation_id in operation_ids:
        path = narrative_dir / "operations" / f"{operation_id}.md"
        _write_once(path, template_text(OPERATION_SLOT, operation_id), written)
    _add_ratings(raw_dir / RATINGS_FILE, operation_ids, written)
    return written
