"""Where things live. Defaults are relative to the directory the command runs in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW = Path("data/raw")
DEFAULT_CLEAN = Path("data/clean")
DEFAULT_REPORTS = Path("reports")
DEFAULT_NOTEBOOKS = Path("notebooks")
DEFAULT_NARRATIVE = Path("data/narrative")
DEFAULT_CONFIG = Path("programme.toml")


@dataclass(frozen=True)
class BuildPaths:
    raw: Path = DEFAULT_RAW
    clean: Path = DEFAULT_CLEAN
    reports: Path = DEFAULT_REPORTS
    notebooks: Path = DEFAULT_NOTEBOOKS
    narrative: Path = DEFAULT_NARRATIVE
    config: Path = DEFAULT_CONFIG
