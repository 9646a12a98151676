"""The build's memory: which inputs each published page was made from.

The manifest lives in ``reports/.cache/manifest.json`` and is replaced atomically after
the pages are published, so a build killed at any moment leaves either the old manifest
(the next build redoes the pages whose files no longer match it) or the new one.

This module imports nothing heavy: a build with nothing changed must answer in well under
a second, before pandas, Great Expectations or a kernel is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from toolkit.model.fingerprints import files_in, hash_files, hash_folder, hash_text
from toolkit.model.outputs import write_text_atomic

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent  # the whole toolkit package, not only build/


def code_fingerprint() -> str:
    """The toolkit's own files: its code, templates, stylesheet and reference lists."""
    return hash_folder(PACKAGE)


def environment_fingerprint() -> str:
    """Python and every installed distribution with its version (the locked environment).

    Reading the names of the ``*.dist-info`` folders is enough: each carries its version,
    and it costs a directory listing rather than importing anything.
    """
    names = sorted(
        entry.name
        for folder in map(Path, sys.path)
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.name.endswith((".dist-info", ".egg-info"))
    )
    return hashlib.sha256("\n".join([sys.version, *names]).encode()).hexdigest()


def stat_of(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


@dataclass
class PageRecord:
    key: str  # fingerprint of every input of the page
    files: dict[str, list[int]]  # published files (relative to reports) with size and mtime


@dataclass
class Manifest:
    inputs: str = ""  # fingerprint of everything a build reads: equal means nothing changed
    pages: dict[str, PageRecord] = field(default_factory=dict)
    clean_files: dict[str, list[int]] = field(default_factory=dict)  # relative to the clean folder
    summary: dict[str, object] = field(default_factory=dict)  # what the last build printed and returned

    @classmethod
    def load(cls, reports: Path) -> Manifest:
        """The last build's manifest; an unreadable or foreign one counts as no manifest."""
        path = reports / CACHE_DIR / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            pages = {name: PageRecord(**record) for name, record in data["pages"].items()}
            return cls(data["inputs"], pages, data["clean_files"], data["summary"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, reports: Path) -> None:
        data = {"format": FORMAT, **asdict(self)}
        write_text_atomic(reports / CACHE_DIR / MANIFEST, json.dumps(data, indent=1, sort_keys=True) + "\n")

    def page_is_current(self, name: str, key: str, reports: Path) -> bool:
        record = self.pages.get(name)
        return record is not None and record.key == key and _unchanged(record.files, reports)

    def outputs_intact(self, reports: Path, clean: Path) -> bool:
        return all(_unchanged(record.files, reports) for record in self.pages.values()) and self.clean_intact(clean)

    def clean_intact(self, clean: Path) -> bool:
        """The clean folder holds the files the last build wrote, as it wrote them, and no other."""
        return (
            bool(self.clean_files)
            and _unchanged(self.clean_files, clean)
            and set(self.clean_files) == {path.relative_to(clean).as_posix() for path in files_in(clean)}
        )


def _unchanged(files: dict[str, list[int]], root: Path) -> bool:
    """Every recorded file is still there, same size and same modification time."""
    try:
        return all(stat_of(root / name) == list(recorded) for name, recorded in files.items())
    except OSError:
        return False


def record_files(root: Path, names: Iterable[str]) -> dict[str, list[int]]:
    return {name: stat_of(root / name) for name in sorted(names)}


def raw_fingerprint(raw: Path) -> str:
    """The raw data: the folder of tables (or the workbook, by its name too), the source documents
    and the surveys' files, which sit beside a workbook rather than inside it."""
    from toolkit.ingest.documents import beside_raw, documents_dir
    from toolkit.model.schema import SURVEYS_FOLDER

    folders = (documents_dir(raw), beside_raw(raw, SURVEYS_FOLDER))
    beside = [hash_folder(folder) for folder in folders if not folder.is_relative_to(raw)]
    return hash_text(raw.name, hash_folder(raw), *beside)


def inputs_fingerprint(
    *,
    raw: Path,
    config: Path,
    narrative: Path,
    notebooks: list[Path],
    clean: Path,
    reports: Path,
    options: dict,
    notebook_hash: Callable[[Path], str],
) -> str:
    """Everything a build reads, hashed: raw data, settings, texts, notebooks, code, environment."""
    return hash_text(
        raw_fingerprint(raw),
        hash_files([config]),
        hash_folder(narrative),
        [notebook_hash(path) for path in notebooks],
        code_fingerprint(),
        environment_fingerprint(),
        # Where the outputs go is an input too: a build into another folder is another build.
        str(clean.resolve()),
        str(reports.resolve()),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        options,
    )
