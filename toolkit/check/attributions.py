"""Whether a passage filed under an operation speaks of it: the attribution in its parentheses.

A capitalisation quotes the actors and says who spoke: "« … » (Batik International)",
"(Kalifa, GERES Mali)", "(Opération pilote GRET/CGT)". A passage whose attributions name the lead
organisations of other operations, and never the lead of the operation it is filed under, is about
another operation: shown on this one's page it would credit the words to the wrong actors. An
attribution shared with the operation's own lead ("(GRET/CGT)" under the CGT's operation) or a
list that includes it is fine, and so is one that names no lead at all (a partner, a person).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from toolkit.model import rules, schema
from toolkit.model.findings import ERROR, Finding
from toolkit.model.values import is_missing
from toolkit.text.fmt import semicolons

_PARENTHESES = re.compile(r"\(([^()]{1,200})\)")


def lead_names(operation: dict) -> set[str]:
    """The names a document may give an operation's lead: its short name, its full name, the part of
    the full name before a comma ("Geres, Groupe …") and an acronym it gives in parentheses."""
    names = set()
    for column in ("lead_short", "lead_org"):
        value = operation.get(column)
        if is_missing(value):
            continue
        full = str(value).strip()
        names.add(full)
        names.add(full.split(",")[0].strip())
        names.update(match.strip() for match in _PARENTHESES.findall(full))
        names.add(_PARENTHESES.sub("", full).strip())
    return {name for name in names if len(name) >= 2}


def _names_in(text: str, names: Iterable[str]) -> bool:
    return any(
        re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags=re.IGNORECASE) is not None for name in names
    )


def attributions(excerpt: str) -> list[str]:
    """The parenthesised parts of an excerpt: where a capitalisation names who spoke."""
    return [part.strip() for part in _PARENTHESES.findall(excerpt)]


def check_attributions(evidence: pd.DataFrame, operations: pd.DataFrame, file: str = "evidence.csv") -> list[Finding]:
    """An error for each evidence row whose excerpt is attributed to other operations' leads only."""
    if evidence.empty or operations.empty or "excerpt" not in evidence:
        return []
    leads = {str(op["operation_id"]): lead_names(op) for op in operations.to_dict("records")}
    findings = []
    for row in evidence.to_dict("records"):
        operation_id = str(row.get("operation_id"))
        own = leads.get(operation_id)
        if own is None or operation_id == schema.PROGRAMME_ID or is_missing(row.get("excerpt")):
            continue
        said = attributions(str(row["excerpt"]))
        naming_leads = [part for part in said if any(_names_in(part, names) for names in leads.values())]
        if not naming_leads or any(_names_in(part, own) for part in naming_leads):
            continue
        others = sorted(
            other
            for other, names in leads.items()
            if other != operation_id and any(_names_in(p, names) for p in naming_leads)
        )
        findings.append(
            Finding(
                file,
                int(row["raw_row"]),
                "excerpt",
                str(row["excerpt"]),
                rules.EVIDENCE_ATTRIBUTION.id,
                ERROR,
                rules.EVIDENCE_ATTRIBUTION.say(
                    attribution=semicolons(f"({part})" for part in naming_leads),
                    others=", ".join(others),
                    operation=operation_id,
                ),
                "evidence",
                operation_id,
            )
        )
    return findings
