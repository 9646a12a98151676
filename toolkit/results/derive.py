"""The results derived from the clean tables, computed once cleaning is done.

Cleaning (``toolkit.clean``) decides which raw rows are clean; this step adds what follows
from them: the programme's published figures recomputed and compared with the data, and each
indicator's achievement. ``prepare`` runs both steps, ``run_clean`` writes what they give.

``prepare`` also looks for the names the notes declare confidential in every text the pages take
from the data (``check/confidentiality.py``), the evaluator's narrative files among them: the
clean stage is where findings are made, so it is handed the narrative folder. The names stay in
the raw data: the clean and quarantined documents tables are written without them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from toolkit.check.acknowledgements import apply_reviews
from toolkit.check.confidentiality import NAMES, check_names, wide_citations
from toolkit.check.narrative_refs import Programme, check_narrative
from toolkit.clean.tables import CleanResult, clean_tables, write_clean
from toolkit.ingest.readers import ROW
from toolkit.model import schema
from toolkit.model.config import Config, load_config
from toolkit.model.findings import Finding
from toolkit.model.slots import SLOTS
from toolkit.model.values import is_missing
from toolkit.results.citations import anchor as document_anchor
from toolkit.results.citations import document_page
from toolkit.results.indicators import achievement_table
from toolkit.results.reconcile import Data, reconcile


def programme_years(period: str) -> tuple[int, int] | None:
    """The first and last years of a configured period such as "2014-2018"; None when it is not one."""
    years = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", period or "")
    return (int(years[1]), int(years[2])) if years else None


def derive(result: CleanResult, config: Config) -> CleanResult:
    """The published figures reconciled with the clean data, and the achievement table."""
    claims = result.tables["claims"]
    claims.clean = reconcile(
        claims.clean,
        Data(
            result.clean("operations"),
            result.clean("participants"),
            result.clean("members"),
            result.clean("people"),
            sdgs=result.clean("sdgs"),
            phase2=result.clean("phase2"),
            observations=result.clean("observations"),
            period=programme_years(config.period),
            documents=result.clean("documents"),
            conversions=result.conversions,
            indicators=result.clean("indicators"),
        ),
        (config.exact_tolerance, config.about_tolerance),
    )
    result.achievement = achievement_table(result.clean("observations"), result.clean("indicators"), config.status)
    return result


def texts_programme(result: CleanResult) -> Programme:
    """What the evaluator's texts may refer to, from the clean tables."""
    questions = result.clean("questions")
    kind = questions["kind"].fillna("évaluative") if "kind" in questions else None
    evaluative = questions if kind is None else questions[kind == "évaluative"]
    documents = result.clean("documents")
    found = documents[documents["file_found"].fillna(False).astype(bool) & documents["lines"].notna()]
    return Programme(
        operation_ids=tuple(str(o) for o in result.clean("operations")["operation_id"]),
        # Section 5's numbering (report/evaluation.py question_numbers): the evaluative questions in order.
        questions={f"Q{n}": str(q) for n, q in enumerate(evaluative["question_id"], start=1)},
        document_lines={
            document_page(d).rsplit("/", 1)[1].removesuffix(".html"): int(n)
            for d, n in zip(found["document"], found["lines"], strict=True)
        },
        document_anchors=tuple(document_anchor(d) for d in documents["document"]),
    )


def _keyed(result: CleanResult, findings: list[Finding]) -> list[Finding]:
    """Each finding on a row of a table with the row's key as written, so that a page can say which
    record an error set aside (a rejected rating's criterion)."""
    keys: dict[tuple[str, int], str] = {}
    for name, table in result.tables.items():
        frame, columns = table.raw.frame, schema.table(name).key
        if frame.empty or not set(columns) <= set(frame.columns):
            continue
        for record in frame[[ROW, *columns]].to_dict("records"):
            said = [f"{c}={record[c]}" for c in columns if not is_missing(record[c]) and str(record[c]).strip()]
            keys[(name, int(record[ROW]))] = "; ".join(said)
    return [replace(f, key=keys.get((f.table, f.row), "")) if f.row is not None else f for f in findings]


def check_texts(result: CleanResult, config: Config, narrative_dir: Path | None = None) -> CleanResult:
    """The evaluator's texts checked against the clean data, every finding keyed to its row, and the
    warnings the evaluator acknowledged (reviewed.csv) marked as reviewed. The narrative folder is
    the configuration's ([data] narrative) unless the command names another."""
    folder = Path(narrative_dir) if narrative_dir is not None else config.folders.narrative
    texts = check_narrative(folder, texts_programme(result), [slot.name for slot in SLOTS])
    reviewed = result.tables.get("reviewed")
    findings = _keyed(result, [*result.findings, *texts])
    if reviewed is not None:
        findings = apply_reviews(findings, reviewed.clean, reviewed.raw.file)
    result.findings = findings
    return result


def prepare(raw_dir: Path, config: Config | None = None, narrative: Path | None = None) -> CleanResult:
    """The raw tables cleaned, the evaluator's texts checked, then their derived results, and the
    confidential names looked for (nothing is written). ``narrative``: the evaluator's texts; the
    configuration's folder ([data] narrative) unless the command names another."""
    config = config or load_config()
    folder = Path(narrative) if narrative is not None else config.folders.narrative
    result = derive(check_texts(clean_tables(raw_dir, config), config, folder), config)
    return withhold_names(result, raw_dir, folder)


def withhold_names(result: CleanResult, raw_dir: Path, narrative: Path | None) -> CleanResult:
    """The findings of the confidential names found, and the names dropped from the documents tables."""
    raws = [table.raw for table in result.tables.values()]
    result.findings.extend([*check_names(raws, raw_dir, narrative), *wide_citations(raws, raw_dir)])
    documents = result.tables.get("documents")
    if documents is not None:
        documents.clean = documents.clean.drop(columns=[NAMES], errors="ignore")
        documents.quarantine = documents.quarantine.drop(columns=[NAMES], errors="ignore")
    return result


def run_clean(
    raw_dir: Path, clean_dir: Path, config: Config | None = None, narrative: Path | None = None
) -> CleanResult:
    """Clean, derive and write everything the pages read into ``clean_dir``."""
    result = prepare(raw_dir, config, narrative)
    write_clean(result, clean_dir)
    return result
