"""Fingerprints of files and values: SHA-256 over names and bytes, stable across machines.

The build keys its pages with them, and a report names the fingerprint of the data it read;
they import nothing heavy, so a build with nothing to do answers before pandas loads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path


def files_in(folder: Path) -> list[Path]:
    """The files under ``folder``; a file stands for itself (raw data given as one workbook)."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """SHA-256 over names and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(root).as_posix() if root else path.name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def hash_folder(folder: Path) -> str:
    return hash_files(files_in(folder), folder)


def hash_text(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
