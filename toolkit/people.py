"""Which stated units count persons: a fiche's "240 structures" is not 240 people."""

from __future__ import annotations

# First words of a people-reached unit that count persons (not households or organisations).
PERSON_WORDS = frozenset(
    {
        "personnes",
        "personne",
        "jeunes",
        "femmes",
        "hommes",
        "travailleurs",
        "travailleuses",
        "enfants",
        "agriculteurs",
        "habitants",
        "participants",
        "bénéficiaires",
        "élèves",
        "étudiants",
        "salariés",
        "représentants",
        "membres",
    }
)


def counts_persons(unit: object) -> bool:
    """An empty unit (a bare number of people) or one whose first word names persons."""
    if not isinstance(unit, str) or not unit.strip():
        return True
    return unit.split()[0].lower() in PERSON_WORDS
