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
from pathlib import Path

from toolkit.check.confidentiality import NAMES, check_names
from toolkit.clean.tables import CleanResult, clean_tables, write_clean
from toolkit.model.config import Config, load_config
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


def prepare(raw_dir: Path, config: Config | None = None, narrative: Path | None = None) -> CleanResult:
    """The raw tables cleaned, then their derived results (nothing is written). ``narrative``: the
    evaluator's texts, checked for confidential names; the configuration's folder by default."""
    config = config or load_config()
    result = derive(clean_tables(raw_dir, config), config)
    return withhold_names(result, raw_dir, narrative or config.folders.narrative)


def withhold_names(result: CleanResult, raw_dir: Path, narrative: Path | None) -> CleanResult:
    """The findings of the confidential names found, and the names dropped from the documents tables."""
    result.findings.extend(check_names([table.raw for table in result.tables.values()], raw_dir, narrative))
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
