"""IATI 2.03 code lists shipped with the package (see ``toolkit/reference/README.md``)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def codelist(name: str) -> dict[str, str]:
    """Active codes of an IATI code list, ``code -> English name``.

    Withdrawn codes are left out so that validation rejects them.
    """
    text = resources.files("toolkit.model").joinpath("reference", f"{name}.csv").read_text(encoding="utf-8")
    return {
        row["code"]: row["name"]
        for row in csv.DictReader(text.splitlines())
        if (row.get("status") or "").strip().lower() != "withdrawn"
    }
