"""What every report says about how it was made: version, commit, date, input data."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit import __version__
from toolkit.model.fingerprints import hash_folder
from toolkit.model.language import _
from toolkit.text import fmt


@dataclass(frozen=True)
class Provenance:
    version: str
    commit: str
    built: datetime  # UTC
    data_hash: str  # first 12 hex digits of the SHA-256 of the raw files

    def footer(self, data_hash: str | None = None) -> str:
        """``data_hash``: the fingerprint of what this page read, when narrower than the raw folder;
        in the active language."""
        made = _("Boîte à outils d'évaluation {version} · version du code {commit} · généré le {moment}").format(
            version=self.version, commit=self.commit, moment=fmt.moment(self.built)
        )
        # Each page names the fingerprint of what it read: an incremental build leaves a page
        # untouched, footer included, as long as that fingerprint has not changed.
        read = (
            _("empreinte des données lues par cette page {fingerprint}").format(fingerprint=data_hash[:12])
            if data_hash
            else _("données brutes {fingerprint}").format(fingerprint=self.data_hash[:12])
        )
        return f"{made} · {read}"


def data_hash(raw_dir: Path) -> str:
    """Hash of the raw files' names and bytes, in a stable order (the build's own fingerprint)."""
    return hash_folder(raw_dir)[:12]


def git_commit(start: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=start,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return _("inconnue")
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else _("inconnue")


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; to the minute, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(second=0, microsecond=0)


def collect(raw_dir: Path, code_dir: Path) -> Provenance:
    return Provenance(__version__, git_commit(code_dir), build_time(), data_hash(raw_dir))
