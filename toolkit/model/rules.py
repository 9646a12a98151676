"""Every rule the toolkit can report, declared once: its id, its severity, the stage that checks
it, what it checks (in French, for the data-quality page and the docs) and the fields its
findings fill.

Code reports a rule through its declaration (``rules.PARSE_AMOUNT``), never by a string of its
own; a finding whose rule is not declared here is refused when it is made
(``toolkit.model.findings.Finding``), so a new rule is one declaration plus its check, and the
data dictionary and the data-quality page list it without another edit.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# The stages, in the order the data meets them.
FILE = "fichier"
CELL = "cellule"
TABLE = "table"
ACROSS = "lignes et tables"
IATI = "import IATI"
STAGES = (FILE, CELL, TABLE, ACROSS, IATI)

# Which place a finding names, besides the file: the row, the column, the value as written.
WHOLE_FILE = ("file",)
A_COLUMN = ("file", "column")
A_ROW = ("file", "row", "value")
A_CELL = ("file", "row", "column", "value")


@dataclass(frozen=True)
class Rule:
    id: str
    severities: tuple[str, ...]  # what its findings can be; the first is the usual one
    stage: str
    checks: str  # what it checks, in French
    fields: tuple[str, ...] = A_CELL
    defect: bool = False  # reports a fault of the toolkit itself: no data can be made to trigger it

    @property
    def severity(self) -> str:
        return self.severities[0]


RULES: dict[str, Rule] = {}


def declare(
    rule_id: str,
    stage: str,
    checks: str,
    *,
    severities: tuple[str, ...] = (ERROR,),
    fields: tuple[str, ...] = A_CELL,
    defect: bool = False,
) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} is declared twice")
    if stage not in STAGES:
        raise ValueError(f"rule {rule_id!r}: unknown stage {stage!r}")
    rule = Rule(rule_id, severities, stage, checks, fields, defect)
    RULES[rule_id] = rule
    return rule


def is_declared(rule_id: str) -> bool:
    return rule_id in RULES


# The file and its header (ingest/readers.py).
FILE_EMPTY = declare("file.empty", FILE, "le fichier n'est pas vide", fields=WHOLE_FILE)
FILE_NO_ROWS = declare(
    "file.no_rows",
    FILE,
    "une table qui ne peut pas être vide a au moins une ligne",
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
COLUMNS_MISSING = declare(
    "columns.missing",
    FILE,
    "l'en-tête a chaque colonne (erreur pour une colonne obligatoire, avertissement sinon)",
    severities=(ERROR, WARNING),
    fields=A_COLUMN,
)
COLUMNS_UNEXPECTED = declare(
    "columns.unexpected", FILE, "l'en-tête n'a pas de colonne inconnue", severities=(WARNING,), fields=A_COLUMN
)
COLUMNS_DUPLICATED = declare(
    "columns.duplicated", FILE, "l'en-tête ne nomme pas deux fois une colonne", fields=A_COLUMN
)
ROW_EXTRA_CELLS = declare("row.extra_cells", FILE, "une ligne n'a pas plus de cellules que l'en-tête", fields=A_ROW)

# One cell read as its kind (ingest/parse.py, countries.py, convert.py).
PARSE_AMOUNT = declare("parse.amount", CELL, "un montant se lit comme un nombre suivi de sa devise (98 525 €)")
PARSE_CLAIM = declare(
    "parse.claim",
    CELL,
    "un chiffre se lit comme un seul nombre, avec son qualificatif (avertissement dans les observations, "
    "où le texte du document est gardé tel quel)",
    severities=(ERROR, WARNING),
)
PARSE_DATE = declare("parse.date", CELL, "une date se lit comme une année, un mois ou un jour (2015, 2015-03)")
PARSE_DURATION = declare(
    "parse.duration",
    CELL,
    "une durée se lit en mois ou en années (25 mois) ; une durée ambiguë est un avertissement",
    severities=(ERROR, WARNING),
)
PARSE_INTEGER = declare("parse.integer", CELL, "un nombre entier s'écrit en chiffres, sans décimale")
PARSE_SOURCE = declare("parse.source", CELL, "une source nomme un document et ses lignes (fichier.txt l. 12-14)")
PARSE_COUNTRY = declare("parse.country", CELL, "un pays se reconnaît (nom français ou code ISO 3166-1)")
PARSE_BOOLEAN = declare("parse.boolean", CELL, "une case oui/non vaut oui ou non")
AMOUNT_CURRENCY = declare("amount.currency", CELL, "un montant est dans la devise de sa colonne")

# One table, by its Great Expectations suite (check/validate.py, model/schema.py).
REQUIRED = declare("required", TABLE, "une colonne obligatoire est remplie")
REQUIRED_IF = declare("required_if", TABLE, "une colonne est remplie dès qu'une autre l'est")
REQUIRED_IF_MISSING = declare("required_if_missing", TABLE, "une colonne est remplie quand une autre est vide")
RANGE = declare("range", TABLE, "une valeur est dans les bornes de sa colonne")
CODELIST = declare("codelist", TABLE, "une valeur est dans la liste fermée de sa colonne (IATI ou programme)")
SDG_UNKNOWN = declare("sdg.unknown", TABLE, "un ODD est un objectif ou une cible de la liste officielle")
FORMAT_SLUG = declare("format.slug", TABLE, "un identifiant s'écrit en minuscules, chiffres et tirets")
KEY_UNIQUE = declare("key.unique", TABLE, "une ligne n'en répète pas une autre (clé de la table)", fields=A_ROW)
REFERENCE = declare("reference", TABLE, "une référence désigne une ligne qui existe dans l'autre table")
SOURCE_DOCUMENT = declare("source.document", TABLE, "une source cite un document de documents.csv")
SOURCE_LINES = declare("source.lines", TABLE, "une source cite des lignes qui existent dans son document")
GRANT_LE_BUDGET = declare("grant_le_budget", TABLE, "la subvention ne dépasse pas le budget de l'opération")
START_LE_END = declare("start_le_end", TABLE, "une opération ne se termine pas avant de commencer")
PERIOD_START_LE_END = declare("period_start_le_end", TABLE, "une période ne se termine pas avant de commencer")
VALIDATION_EXCEPTION = declare(
    "validation.exception",
    TABLE,
    "chaque vérification a pu s'exécuter (sinon, un défaut à signaler)",
    fields=A_COLUMN,
    defect=True,
)

# Across rows and tables: the results framework (check/results_rules.py).
INDICATOR_UNIT = declare(
    "indicator.unit", ACROSS, "les valeurs d'un indicateur sont dans son unité", severities=(ERROR, WARNING)
)
VALUE_PERCENTAGE = declare("value.percentage", ACROSS, "un pourcentage est entre 0 et 100")
VALUE_NUMBER_REQUIRED = declare("value.number_required", ACROSS, "un indicateur chiffré a une valeur chiffrée")
VALUE_COMMENT_REQUIRED = declare("value.comment_required", ACROSS, "un indicateur qualitatif a son commentaire")
PERIOD_OUTSIDE_OPERATION = declare(
    "period.outside_operation", ACROSS, "une période est comprise dans celle de l'opération"
)
DIMENSIONS_SUM = declare("dimensions.sum", ACROSS, "les parts d'une ventilation s'additionnent à leur total")
DIMENSIONS_FORMAT = declare(
    "dimensions.format", ACROSS, "une ventilation s'écrit clé:valeur, séparées par des points-virgules"
)
CUMULATIVE_DECREASE = declare("cumulative.decrease", ACROSS, "une série cumulée ne baisse jamais")
ACHIEVEMENT_PERIOD = declare(
    "achievement.period", ACROSS, "une cible et sa réalisation portent sur la même période", severities=(WARNING,)
)
PEOPLE_UNTRANSCRIBED = declare(
    "people.untranscribed", ACROSS, "chaque public de la fiche est transcrit dans people.csv", severities=(WARNING,)
)

# An IATI activity file read into the raw tables (interop/iati_import.py).
IATI_NO_ACTIVITY = declare(
    "iati.no_activity", IATI, "le fichier contient au moins une activité", severities=(WARNING,), fields=WHOLE_FILE
)
IATI_VERSION_1 = declare(
    "iati.version_1", IATI, "le fichier suit la version 2 de la norme", severities=(WARNING,), fields=WHOLE_FILE
)
IATI_VERSION_MISSING = declare(
    "iati.version_missing", IATI, "le fichier dit sa version de la norme", severities=(WARNING,), fields=WHOLE_FILE
)
IATI_MISSING_IDENTIFIER = declare("iati.missing_identifier", IATI, "une activité a son identifiant IATI")
IATI_MISSING_TITLE = declare("iati.missing_title", IATI, "une activité a un titre")
IATI_ORG_NAME_MISSING = declare("iati.org_name_missing", IATI, "une organisation a un nom", severities=(WARNING,))
IATI_ORG_ROLE = declare("iati.org_role", IATI, "le rôle d'une organisation est un code de la liste IATI")
IATI_ORG_TYPE = declare(
    "iati.org_type", IATI, "le type d'une organisation est un code de la liste IATI", severities=(WARNING,)
)
IATI_PHASE_DEFAULT = declare("iati.phase_default", IATI, "une activité dit sa phase", severities=(WARNING,))
IATI_DATE_INVALID = declare("iati.date_invalid", IATI, "une date est une date ISO")
IATI_PLACEHOLDER_DATE = declare(
    "iati.placeholder_date", IATI, "une date n'est pas une valeur de remplissage", severities=(WARNING,)
)
IATI_CURRENCY_MISSING = declare("iati.currency_missing", IATI, "un montant dit sa devise")
IATI_CURRENCY_MIXED = declare(
    "iati.currency_mixed", IATI, "les montants d'une activité sont dans une seule devise", severities=(WARNING,)
)
IATI_BUDGET_CURRENCIES = declare(
    "iati.budget_currencies", IATI, "les budgets de l'activité s'additionnent dans une même devise"
)
IATI_COUNTRY_CODE = declare("iati.country_code", IATI, "un pays destinataire est un code ISO 3166-1 connu")
IATI_COUNTRY_CODE_MISSING = declare(
    "iati.country_code_missing", IATI, "un pays destinataire a son code", severities=(WARNING,)
)
IATI_REGION_NOT_COUNTRY = declare(
    "iati.region_not_country", IATI, "une région destinataire n'est pas prise pour un pays", severities=(WARNING,)
)
IATI_RESULT_TYPE = declare("iati.result_type", IATI, "le type d'un résultat est un code de la liste IATI")
IATI_MEASURE_MISSING = declare("iati.measure_missing", IATI, "un indicateur dit sa mesure")
IATI_MEASURE_UNKNOWN = declare("iati.measure_unknown", IATI, "la mesure d'un indicateur est un code de la liste IATI")
IATI_AGGREGATION_UNKNOWN = declare(
    "iati.aggregation_unknown", IATI, "le mode d'agrégation d'un indicateur est connu", severities=(WARNING,)
)
IATI_VALUE_NOT_NUMBER = declare(
    "iati.value_not_number",
    IATI,
    "une valeur d'indicateur est un nombre (avertissement quand elle est reprise telle quelle)",
    severities=(ERROR, WARNING),
)
