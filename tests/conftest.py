"""Shared fixtures: the real CAAC data, cleaned once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit.clean import clean_tables, write_clean
from toolkit.portfolio import load

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="session")
def caac_clean():
    """The CAAC raw data validated and cleaned (in memory)."""
    return clean_tables(RAW)


@pytest.fixture(scope="session")
def caac_portfolio(caac_clean, tmp_path_factory):
    """The cleaned CAAC data written out and loaded back, as the notebooks see it."""
    folder = tmp_path_factory.mktemp("clean")
    write_clean(caac_clean, folder)
    return load(folder)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the CAAC raw data, for tests that break it on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_raw(raw: Path, file: str, old: str | None, new: str) -> None:
    """Replace ``old`` by ``new`` in one raw file; without ``old``, append ``new`` as its last row."""
    path = raw / file
    if old is None:
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), f"{file} does not end with a line break"
        path.write_text(text + new + "\n", encoding="utf-8")
    else:
        rewrite(path, old, new)


def assert_rows_accounted_for(result) -> None:
    """Every raw row of every table ended up clean or quarantined."""
    accounting = result.accounting
    assert (accounting["raw_rows"] == accounting["clean_rows"] + accounting["quarantined_rows"]).all(), accounting
