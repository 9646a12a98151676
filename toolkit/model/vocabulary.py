"""The toolkit's closed vocabularies, each in one place, and the French a reader sees for them.

A member's value is the string written in the data (a CSV cell, a clean table), so it never
changes with the language of the pages; what a page or a message shows for it is ``label``,
read from the one table below, so that translating the pages is editing that table alone. Its
French words are message ids: ``label`` gives them in the active language (model/language.py).
"""

from __future__ import annotations

from enum import StrEnum

from toolkit.model.language import N_, _


class ColumnKind(StrEnum):
    """What a column holds: each kind names a parser (ingest/convert.py) and the columns it writes."""

    TEXT = "text"
    SLUG = "slug"
    INTEGER = "integer"
    AMOUNT = "amount"  # "98 525 €" -> <clean_name> in euros
    DURATION = "duration"  # "25 mois" -> months
    COUNTRIES = "countries"  # "Maroc, Egypte" -> "MAR;EGY"
    CODE = "code"  # a label or code mapped onto a code list
    LABELS = "labels"  # several labels from a closed list, joined by "; "
    PARTIAL_DATE = "partial_date"  # "2015", "2015-03", "2015-03-01"
    CLAIM_VALUE = "claim_value"  # "plus de 70" -> value, qualifier, value_max
    MEASURED_VALUE = "measured_value"  # an observation's value: a number, possibly with a qualifier
    BOOLEAN = "boolean"
    SOURCE = "source"  # "003_x.txt l. 12-70 + 004_y.txt l. 328"
    SDG = "sdg"  # UN SDG goal or target codes joined by "; "


class DocumentKind(StrEnum):
    """What a document is decides what it can prove: a capitalisation reports what the actors say,
    a presentation what the programme says of itself; only an evaluation judges."""

    PRESENTATION = "présentation"
    ARTICLE = "article"
    CAPITALISATION = "capitalisation"
    EVALUATION = "évaluation"
    MONITORING_REPORT = "rapport de suivi"
    # The evaluator's own notes: primary evidence, confidential unless documents.csv says otherwise,
    # cited by their informants' role and place, never by a name (results/citations.py).
    INTERVIEW = "entretien"
    FOCUS_GROUP = "groupe de discussion"
    SITE_VISIT = "visite de terrain"

    @property
    def is_note(self) -> bool:
        return self in NOTE_KINDS


NOTE_KINDS = frozenset({DocumentKind.INTERVIEW, DocumentKind.FOCUS_GROUP, DocumentKind.SITE_VISIT})


def is_note(kind: object) -> bool:
    """Whether a kind as the data hold it (a string, or missing) is one of the notes'."""
    return isinstance(kind, str) and kind in NOTE_KINDS


class ValueType(StrEnum):
    """What an observation's value is for its indicator (IATI's baseline, target and actual)."""

    BASELINE = "baseline"
    TARGET = "target"
    ACTUAL = "actual"


class ClaimVerdict(StrEnum):
    """A published figure set against its recomputation from the operation data (claims.csv)."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_RECOMPUTABLE = "not_recomputable"


class PairVerdict(StrEnum):
    """Two passages of the documents set side by side. The values are French because a reader
    types the last two in the ``status`` column of discrepancies.csv (DISAGREEING)."""

    CONCORDANT = "concordants"
    DISCORDANT = "discordants"
    TO_COMPARE = "à rapprocher"  # they differ, and no document says they speak of the same thing


# The verdicts of a pair that disagrees; a pair a reader records always does, and its status says how.
DISAGREEING = (PairVerdict.DISCORDANT, PairVerdict.TO_COMPARE)


class AchievementStatus(StrEnum):
    """A target's status band, from its achievement (thresholds in programme.toml); achievement.csv
    has always written the French words, so they are the values too."""

    ACHIEVED = "Atteint"
    PARTIAL = "Partiellement atteint"
    NOT_ACHIEVED = "Non atteint"
    NOT_REPORTED = "Non renseigné"


# The vocabularies a page or a message names in French. Column kinds are not among them: they are
# named only in the data dictionary, which is written in English (interop/dictionary.py).
LABELLED: tuple[type[StrEnum], ...] = (DocumentKind, ValueType, ClaimVerdict, PairVerdict, AchievementStatus)

# The one table of the French shown for each member, lower case as it reads inside a sentence.
_FRENCH: dict[StrEnum, str] = {
    DocumentKind.PRESENTATION: N_("présentation"),
    DocumentKind.ARTICLE: N_("article"),
    DocumentKind.CAPITALISATION: N_("capitalisation"),
    DocumentKind.EVALUATION: N_("évaluation"),
    DocumentKind.MONITORING_REPORT: N_("rapport de suivi"),
    DocumentKind.INTERVIEW: N_("entretien"),
    DocumentKind.FOCUS_GROUP: N_("groupe de discussion"),
    DocumentKind.SITE_VISIT: N_("visite de terrain"),
    ValueType.BASELINE: N_("référence"),
    ValueType.TARGET: N_("cible"),
    ValueType.ACTUAL: N_("réalisation"),
    ClaimVerdict.CONSISTENT: N_("cohérent"),
    ClaimVerdict.INCONSISTENT: N_("incohérent"),
    ClaimVerdict.NOT_RECOMPUTABLE: N_("non recalculable"),
    PairVerdict.CONCORDANT: N_("concordants"),
    PairVerdict.DISCORDANT: N_("discordants"),
    PairVerdict.TO_COMPARE: N_("à rapprocher"),
    AchievementStatus.ACHIEVED: N_("Atteint"),
    AchievementStatus.PARTIAL: N_("Partiellement atteint"),
    AchievementStatus.NOT_ACHIEVED: N_("Non atteint"),
    AchievementStatus.NOT_REPORTED: N_("Non renseigné"),
}
# A value named as the kind of a row of values (a table's "Type" column) is worded as what the
# value is, "Réalisé", where a sentence names it by its noun, "réalisation"; the pages show both.
_FRENCH_AS_ROW_TYPE: dict[StrEnum, str] = {
    ValueType.BASELINE: N_("Référence"),
    ValueType.TARGET: N_("Cible"),
    ValueType.ACTUAL: N_("Réalisé"),
}


def label(member: StrEnum, *, as_row_type: bool = False) -> str:
    """What a page or a message shows for ``member``, in the active language; ``as_row_type``: the word a table's
    "Type" column shows for a value type."""
    if as_row_type:
        return _(_FRENCH_AS_ROW_TYPE[member])
    return _(_FRENCH[member])


def label_of(value: object, vocabulary: type[StrEnum], *, as_row_type: bool = False) -> object:
    """The label of a value read from the data; a value that is not a member (a missing one, a word
    the data hold that the vocabulary does not) is returned as it is, for the page to show as is."""
    try:
        member = vocabulary(value)
    except ValueError:
        return value
    return label(member, as_row_type=as_row_type)
