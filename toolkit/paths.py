"""Where things live. Defaults are relative to the directory the command runs in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW = Path("data/raw")
DEFAULT_CLEAN = Path("data/clean")
DEFAULT_REPORTS = Path("reports")
DEFAULT_NOTEBOOKS = Path("notebooks")


@dataclass(frozen=True)
class BuildPaths:
    raw: Path = DEFAULT_RAW
    clean: Path = DEFAULT_CLEAN
    reports: Path = DEFAULT_REPORTS
    notebooks: Path = DEFAULT_NOTEBOOKS

    def resolved(self) -> BuildPaths:
        return BuildPaths(self.raw.resolve(), self.clean.resolve(), self.reports.resolve(), self.notebooks.resolve())
