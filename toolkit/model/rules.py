"""Every rule the toolkit can report, declared once: its id, its severity, the stage that checks
it, what it checks (in French, for the data-quality page and the docs), the template of the
message its findings carry and the fields they fill.

The French texts are declared here and are their own message ids (``N_``): another language's
catalogue translates each of them (``toolkit/model/locale/<language>/rules.po``), and ``say``,
``what`` and ``template`` give them in the active language (``model/language.py``), the
template's placeholders unchanged.

Code reports a rule through its declaration (``rules.PARSE_AMOUNT``), never by a string of its
own; a finding whose rule is not declared here is refused when it is made
(``toolkit.model.findings.Finding``). Its message is the rule's French template filled in with
the values of the case (``rules.MONEY_NO_RATE.say(currency="XDR", reporting="EUR")``): the
wording lives here, beside what the rule checks, and a check only supplies what varies. A
template names its values (``{currency}``); ``say`` refuses a missing or an unknown one, and a
template that does not parse is refused when it is declared. A new rule is one declaration
plus its check, and the data dictionary and the data-quality page list it without another edit.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cached_property

from toolkit.model.language import N_, _

ERROR = "error"
WARNING = "warning"

# The stages, in the order the data meets them; ``Rule.stage_label`` shows them in the active language.
FILE = N_("fichier")
CELL = N_("cellule")
TABLE = N_("table")
ACROSS = N_("lignes et tables")
IATI = N_("import IATI")
TEXTS = N_("textes de l'évaluateur")
STAGES = (FILE, CELL, TABLE, ACROSS, IATI, TEXTS)

# Which place a finding names, besides the file: the row, the column, the value as written.
WHOLE_FILE = ("file",)
A_COLUMN = ("file", "column")
A_ROW = ("file", "row", "value")
A_CELL = ("file", "row", "column", "value")


def template_placeholders(template: str) -> frozenset[str]:
    """The names a message template asks for; ValueError when it is not a template ``say`` can fill.

    Only plain names: a positional field (``{}``), an attribute or index (``{a.b}``), a conversion
    or a format spec would make the set of values a caller must pass a guess.
    """
    names = set()
    for _text, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"the placeholder {{{name}}} of {template!r} is not a plain name")
        names.add(name)
    return frozenset(names)


@dataclass(frozen=True)
class Rule:
    id: str
    severities: tuple[str, ...]  # what its findings can be; the first is the usual one
    stage: str
    checks: str  # what it checks, in French as declared (the message id of its translations)
    message: str  # the French message of its findings as declared: a str.format template with named placeholders
    fields: tuple[str, ...] = A_CELL
    defect: bool = False  # reports a fault of the toolkit itself: no data can be made to trigger it

    def __post_init__(self) -> None:
        if not self.message.strip():
            raise ValueError(f"rule {self.id!r} has no message template")
        # Parsed now, so that a broken template fails when the catalogue is imported, not when
        # some rare finding is first made.
        try:
            template_placeholders(self.message)
        except ValueError as err:
            raise ValueError(f"rule {self.id!r}: {err}") from err

    @property
    def severity(self) -> str:
        return self.severities[0]

    @cached_property
    def placeholders(self) -> frozenset[str]:
        return template_placeholders(self.message)

    @property
    def what(self) -> str:
        """What the rule checks, in the active language."""
        return _(self.checks)

    @property
    def template(self) -> str:
        """The template of its findings' message in the active language, with the same placeholders."""
        return _(self.message)

    @property
    def stage_label(self) -> str:
        return _(self.stage)

    def say(self, **values: object) -> str:
        """The message of one finding in the active language: the template filled in with exactly the
        values it names."""
        missing, unknown = self.placeholders - values.keys(), values.keys() - self.placeholders
        if missing or unknown:
            raise TypeError(
                f"rule {self.id!r}: message values missing {sorted(missing)}, unknown {sorted(unknown)}; "
                f"its template asks for {sorted(self.placeholders)}"
            )
        return self.template.format(**values)


RULES: dict[str, Rule] = {}


def declare(
    rule_id: str,
    stage: str,
    checks: str,
    *,
    message: str,
    severities: tuple[str, ...] = (ERROR,),
    fields: tuple[str, ...] = A_CELL,
    defect: bool = False,
) -> Rule:
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} is declared twice")
    if stage not in STAGES:
        raise ValueError(f"rule {rule_id!r}: unknown stage {stage!r}")
    rule = Rule(rule_id, severities, stage, checks, message, fields, defect)
    RULES[rule_id] = rule
    return rule


def is_declared(rule_id: str) -> bool:
    return rule_id in RULES


# The file and its header (ingest/readers.py).
FILE_EMPTY = declare(
    "file.empty",
    FILE,
    N_("le fichier n'est pas vide"),
    message=N_("le fichier est vide : il lui faut une ligne d'en-tête puis une ligne par enregistrement"),
    fields=WHOLE_FILE,
)
FILE_NO_ROWS = declare(
    "file.no_rows",
    FILE,
    N_("une table qui ne peut pas être vide a au moins une ligne"),
    message=N_("le fichier a un en-tête mais aucune ligne de données"),
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
COLUMNS_MISSING = declare(
    "columns.missing",
    FILE,
    N_("l'en-tête a chaque colonne (erreur pour une colonne obligatoire, avertissement sinon)"),
    message=N_("la colonne « {column} » manque dans l'en-tête : l'ajouter (elle est lue comme vide)"),
    severities=(ERROR, WARNING),
    fields=A_COLUMN,
)
COLUMNS_UNEXPECTED = declare(
    "columns.unexpected",
    FILE,
    N_("l'en-tête n'a pas de colonne inconnue"),
    message=N_("la colonne « {column} » ne fait pas partie de la table « {table} » : elle est ignorée"),
    severities=(WARNING,),
    fields=A_COLUMN,
)
COLUMNS_DUPLICATED = declare(
    "columns.duplicated",
    FILE,
    N_("l'en-tête ne nomme pas deux fois une colonne"),
    message=N_("la colonne « {column} » figure deux fois ; seule la première est lue"),
    fields=A_COLUMN,
)
ROW_EXTRA_CELLS = declare(
    "row.extra_cells",
    FILE,
    N_("une ligne n'a pas plus de cellules que l'en-tête"),
    message=N_(
        "la ligne a plus de cellules que l'en-tête n'a de colonnes : "
        "une valeur qui contient le séparateur doit sans doute être mise entre guillemets"
    ),
    fields=A_ROW,
)
CELL_FORMULA = declare(
    "cell.formula",
    FILE,
    N_("une cellule calculée par une formule a sa valeur enregistrée dans le classeur"),
    # A workbook written by a program (an export, a script) holds formulas that no spreadsheet has
    # calculated yet: read without its value, the cell would pass for an empty one.
    message=N_(
        "la cellule contient la formule « {formula} » mais pas sa valeur, que le classeur n'a jamais calculée : "
        "ouvrir le classeur dans Excel ou LibreOffice et l'enregistrer, ou écrire la valeur à la place de la formule"
    ),
)

CELL_ERROR = declare(
    "cell.error",
    FILE,
    N_("une cellule calculée par une formule a une valeur, pas une erreur du tableur"),
    # "#DIV/0!", "#N/A", "#REF!": what the spreadsheet shows where its formula failed. Read as text,
    # it would reach the clean data as if someone had typed it.
    message=N_(
        "la cellule affiche l'erreur « {error} » de sa formule, pas une valeur : corriger la formule dans le "
        "classeur, ou écrire la valeur à sa place"
    ),
)

# One cell read as its kind (ingest/parse.py, countries.py, convert.py). A parser's message has
# one shape: the value as written, what is wrong with it ({problem}: "n'est pas lisible", with
# the reason when there is one, or "est ambigu : ..."), then what to write instead.
PARSE_AMOUNT = declare(
    "parse.amount",
    CELL,
    N_("un montant se lit comme un nombre suivi de sa devise (98 525 €)"),
    message=N_("« {value} » {problem} ; écrire un montant tel que 98 525 €, 1,7 millions d'euros ou 350 k€"),
)
PARSE_CLAIM = declare(
    "parse.claim",
    CELL,
    N_(
        "un chiffre se lit comme un seul nombre, avec son qualificatif (avertissement dans les observations, "
        "où le texte du document est gardé tel quel)"
    ),
    message=N_("« {value} » {problem} ; écrire un chiffre tel que 24, plus de 70, neuf, 1,7 millions ou 2014-2018"),
    severities=(ERROR, WARNING),
)
PARSE_DATE = declare(
    "parse.date",
    CELL,
    N_("une date se lit comme une année, un mois ou un jour (2015, 2015-03)"),
    message=N_("« {value} » {problem} ; écrire une date telle que 2015, 2015-03, 03/2015, 01/03/2015 ou 1er mars 2015"),
)
PARSE_DURATION = declare(
    "parse.duration",
    CELL,
    N_("une durée se lit en mois ou en années (25 mois) ; une durée ambiguë est un avertissement"),
    message=N_("« {value} » {problem} ; écrire une durée telle que 25 mois ou 2 ans"),
    severities=(ERROR, WARNING),
)
PARSE_INTEGER = declare(
    "parse.integer",
    CELL,
    N_("un nombre entier s'écrit en chiffres, sans décimale"),
    message=N_("« {value} » {problem} ; écrire un nombre entier tel que 13 600"),
)
PARSE_SOURCE = declare(
    "parse.source",
    CELL,
    N_("une source nomme un document et ses lignes (fichier.txt l. 12-14)"),
    message=N_(
        "« {value} » {problem} ; écrire des références telles que "
        "« fichier.txt l. 12-70 + autre.txt l. 328 » ou « fichier.txt § Durée »"
    ),
)
PARSE_COUNTRY = declare(
    "parse.country",
    CELL,
    N_("un pays se reconnaît (nom français ou code ISO 3166-1)"),
    message=N_("« {value} » {problem} ; écrire des noms de pays séparés par « , », « ; », « / » ou « et »"),
)
PARSE_BOOLEAN = declare(
    "parse.boolean",
    CELL,
    N_("une case oui/non vaut oui ou non"),
    message=N_("« {value} » n'est ni oui ni non : écrire oui ou non"),
)
# Amounts kept in their currency and converted for totals (clean/conversion.py).
MONEY_NO_RATE = declare(
    "money.no_rate",
    CELL,
    N_("un montant dans une autre devise que celle du rapport a un taux de conversion"),
    message=N_(
        "aucun taux ne convertit {currency} en {reporting} (ni la BCE ni la table [money] rates de "
        "programme.toml) : le montant reste affiché en {currency} et n'entre pas dans les totaux en {reporting} ; "
        "ajouter son taux à [money] rates pour l'y faire entrer"
    ),
    severities=(WARNING,),
)
MONEY_DATE_OUTSIDE = declare(
    "money.date_outside",
    CELL,
    N_("la date de valeur d'un montant à convertir est dans la période de sa table de taux"),
    message=N_(
        "aucun taux de {currency} en {reporting} au {day} : {known} ; le montant reste affiché en "
        "{currency} et n'entre pas dans les totaux en {reporting}"
    ),
    severities=(WARNING,),
)
MONEY_NO_DATE = declare(
    "money.no_date",
    CELL,
    N_("un montant à convertir a une date de valeur (value_date, sinon le début de l'opération)"),
    message=N_(
        "le montant est en {currency} mais ni value_date ni start ne datent la ligne : sans date, pas de "
        "taux ; il reste affiché en {currency} et n'entre pas dans les totaux en {reporting}"
    ),
    severities=(WARNING,),
)

# One table, by its Great Expectations suite (check/expectations.py, model/schema.py).
REQUIRED = declare(
    "required",
    TABLE,
    N_("une colonne obligatoire est remplie"),
    message=N_("la colonne « {column} » est obligatoire et cette cellule est vide : la remplir"),
)
REQUIRED_IF = declare(
    "required_if",
    TABLE,
    N_("une colonne est remplie dès qu'une autre l'est"),
    message=N_("la colonne « {column} » est obligatoire dès que « {other} » est renseignée : remplir cette cellule"),
)
REQUIRED_IF_MISSING = declare(
    "required_if_missing",
    TABLE,
    N_("une colonne est remplie quand une autre est vide"),
    message=N_("la colonne « {column} » est obligatoire quand « {other} » est vide : remplir l'une ou l'autre"),
)
RANGE = declare(
    "range",
    TABLE,
    N_("une valeur est dans les bornes de sa colonne"),
    # {bounds}: "comprise entre 0 et 100" or "d'au moins 0,01"; {unit}: " mois", or nothing.
    message=N_("la valeur doit être {bounds}{unit}"),
)
CODELIST = declare(
    "codelist",
    TABLE,
    N_("une valeur est dans la liste fermée de sa colonne (IATI ou programme)"),
    # A code column and a column of labels say it differently: "valeur non acceptée" and the
    # codes to use, or "chaque libellé doit être l'un des suivants" and the labels.
    message=N_("{problem} : {allowed}"),
)
SDG_UNKNOWN = declare(
    "sdg.unknown",
    TABLE,
    N_("un ODD est un objectif ou une cible de la liste officielle"),
    message=N_(
        "ce code n'est ni un objectif ni une cible de la liste officielle des ODD : écrire par exemple 5 ou 8.6"
    ),
)
FORMAT_SLUG = declare(
    "format.slug",
    TABLE,
    N_("un identifiant s'écrit en minuscules, chiffres et tirets"),
    message=N_(
        "un identifiant ne contient que des lettres minuscules a-z, des chiffres et des tirets simples "
        "(par exemple ecoles-rurales-2019)"
    ),
)
FORMAT_SLUG_LENGTH = declare(
    "format.slug_length",
    TABLE,
    N_("un identifiant est assez court pour nommer les pages et les fichiers du rapport"),
    message=N_(
        "l'identifiant a plus de {maximum} caractères ; il nomme la page et les fichiers du rapport, et un "
        "nom de fichier a au plus 255 octets : le raccourcir"
    ),
)
FORMAT_RESERVED = declare(
    "format.reserved",
    TABLE,
    N_("un identifiant n'est pas un nom réservé (celui du programme, ou un nom de périphérique de Windows)"),
    message=N_("cet identifiant est réservé ({reserved}) : en choisir un autre"),
)
KEY_UNIQUE = declare(
    "key.unique",
    TABLE,
    N_("une ligne n'en répète pas une autre (clé de la table)"),
    # A key of one column, or of several: "la colonne « x » doit être unique" with "cette valeur
    # est déjà utilisée", or "deux lignes ont la même clé (a, b)" with what to do about it.
    message=N_("{problem} : {remedy} (même clé qu'à la ligne {first_row})"),
    fields=A_ROW,
)
REFERENCE = declare(
    "reference",
    TABLE,
    N_("une référence désigne une ligne qui existe dans l'autre table"),
    message=N_(
        "aucune ligne du fichier {table}.csv n'a cette valeur de « {key} » : l'y ajouter ou corriger la valeur ici"
    ),
)
SOURCE_DOCUMENT = declare(
    "source.document",
    TABLE,
    N_("une source cite un document de documents.csv"),
    message=N_("la référence cite un document absent de documents.csv : ajouter le document ou corriger son nom"),
)
SOURCE_LINES = declare(
    "source.lines",
    TABLE,
    N_("une source cite des lignes qui existent dans son document"),
    message=N_(
        "la référence renvoie au-delà de la dernière ligne de son document "
        "(comptée dans son fichier) : corriger les lignes citées"
    ),
)
QUOTE_LINES = declare(
    "quote.lines",
    TABLE,
    N_(
        "une citation se lit, mot pour mot, aux lignes que cite sa source (espaces, retours à la ligne "
        "et mises en gras ignorés, « […] » pour une coupure)"
    ),
    message=N_(
        "le texte ne se lit pas aux lignes que cite la colonne « {source} » : le recopier tel que "
        "le document l'écrit (« […] » marque une coupure) ou corriger les lignes citées"
    ),
)
EVIDENCE_ATTRIBUTION = declare(
    "evidence.attribution",
    ACROSS,
    N_(
        "un passage classé sous une opération ne l'attribue pas aux seuls porteurs d'autres opérations "
        "(une attribution partagée avec son porteur, ou une liste qui le comprend, convient)"
    ),
    message=N_(
        "le passage est attribué à {attribution}, porteur d'une autre opération ({others}), et non au "
        "porteur de « {operation} » : le classer sous l'opération dont il parle"
    ),
)
FILE_OUTSIDE = declare(
    "file.outside",
    TABLE,
    N_("un fichier des dossiers de données est dans ce dossier, pas un lien vers un fichier ailleurs"),
    message=N_(
        "« {file} » est un lien symbolique vers un fichier hors du dossier {folder} : il n'est pas lu, "
        "pour que rien d'autre de la machine n'entre dans les pages ; copier le fichier lui-même dans le dossier"
    ),
    # A warning for a document or a text (the rest of the data is read); an error for a raw table
    # or a survey's file, whose rows are then not read at all.
    severities=(WARNING, ERROR),
)
DOCUMENT_FILE = declare(
    "document.file",
    TABLE,
    N_("chaque document de documents.csv a son fichier texte (UTF-8) dans le dossier des documents"),
    message=N_(
        "le fichier « {document} » est introuvable dans le dossier {folder} ou n'est pas un texte "
        "UTF-8 : l'y déposer sous ce nom ; d'ici là, ses citations ne s'ouvrent pas à leur ligne et ne "
        "sont pas vérifiées"
    ),
    severities=(WARNING,),
)
DOCUMENT_LINES = declare(
    "document.lines",
    TABLE,
    N_("le nombre de lignes saisi d'un document est celui de son fichier"),
    message=N_(
        "le fichier du document compte {counted} lignes : le nombre saisi est ignoré ; "
        "laisser la colonne vide, le nombre est compté dans le fichier"
    ),
    severities=(WARNING,),
)
NOTE_INFORMANT = declare(
    "document.note_informant",
    TABLE,
    N_(
        "une note de l'évaluateur (entretien, groupe de discussion, visite de terrain) dit le rôle de ses "
        "informateurs et le lieu, que sa citation donne"
    ),
    # {what}: "le rôle de ses informateurs" or "le lieu de l'entretien ou de la visite".
    message=N_(
        "la note ne dit pas {what} (colonne {column}) : sa citation l'omet ; l'indiquer, par un rôle ou un lieu, "
        "jamais par un nom"
    ),
    severities=(WARNING,),
)
CONFIDENTIAL_NAME = declare(
    "confidential.name",
    ACROSS,
    N_(
        "aucun nom qu'une note déclare confidentiel (colonne withheld_names de documents.csv) n'apparaît dans un "
        "texte que les pages montrent : extraits, lignes citées des notes, titres, rôles, lieux et descriptions "
        "des documents, textes de l'évaluateur"
    ),
    # The value of its findings is the name masked ("N… (5 lettres)"): a finding is shown on the
    # data-quality page, which must not print the name it reports.
    message=N_(
        "ce texte contient un nom que la note « {note} » déclare confidentiel (documents.csv, ligne {row}) : "
        "le retirer ou le remplacer par un rôle ; une page qui le montrerait n'est pas publiée"
    ),
)
QUOTE_CONFIDENTIAL_RANGE = declare(
    "quote.confidential_range",
    ACROSS,
    N_(
        "un passage d'une note confidentielle cite les lignes où se lit sa citation, pas davantage : la page de "
        "la note publie chaque ligne citée"
    ),
    message=N_(
        "la référence cite {cited} du document confidentiel {document}, mais la citation ne se lit qu'{where} : "
        "sa page publierait des lignes que personne ne cite ; écrire {reference}"
    ),
    severities=(WARNING,),
)
GRANT_LE_BUDGET = declare(
    "grant_le_budget",
    TABLE,
    N_("la subvention ne dépasse pas le budget de l'opération, quand les deux sont dans la même devise"),
    message=N_("la subvention dépasse le budget de l'opération : vérifier les deux montants"),
)
START_LE_END = declare(
    "start_le_end",
    TABLE,
    N_("une opération ne se termine pas avant de commencer"),
    message=N_("l'opération se termine avant de commencer : vérifier les deux dates"),
)
PERIOD_START_LE_END = declare(
    "period_start_le_end",
    TABLE,
    N_("une période ne se termine pas avant de commencer"),
    message=N_("la période se termine avant de commencer : vérifier les deux dates"),
)
VALIDATION_EXCEPTION = declare(
    "validation.exception",
    TABLE,
    N_("chaque vérification a pu s'exécuter (sinon, un défaut à signaler)"),
    # {exception}: Great Expectations' own text, in English.
    message=N_("la vérification « {check} » n'a pas pu s'exécuter : {exception}"),
    fields=A_COLUMN,
    defect=True,
)

# Across rows and tables: the results framework (check/results_rules.py).
INDICATOR_UNIT = declare(
    "indicator.unit",
    ACROSS,
    N_("les valeurs d'un indicateur sont dans son unité"),
    # {note}: what became of a value derived from a fiche (a warning), or nothing (an error).
    message=N_(
        "la valeur est exprimée en « {stated} » mais l'indicateur en « {expected} » : "
        "une seule unité par indicateur{note}"
    ),
    severities=(ERROR, WARNING),
)
VALUE_PERCENTAGE = declare(
    "value.percentage",
    ACROSS,
    N_("un pourcentage est entre 0 et 100"),
    message=N_("un pourcentage est compris entre 0 et 100"),
)
VALUE_NUMBER_REQUIRED = declare(
    "value.number_required",
    ACROSS,
    N_("un indicateur chiffré a une valeur chiffrée"),
    message=N_("un indicateur quantitatif demande un nombre : le saisir"),
)
VALUE_COMMENT_REQUIRED = declare(
    "value.comment_required",
    ACROSS,
    N_("un indicateur qualitatif a son commentaire"),
    message=N_("un indicateur qualitatif demande son constat écrit dans la colonne « comment »"),
)
PERIOD_OUTSIDE_OPERATION = declare(
    "period.outside_operation",
    ACROSS,
    N_("une période est comprise dans celle de l'opération (une référence peut la précéder)"),
    # "commence avant" the operation's "début", or "se termine après" its "fin".
    message=N_("la période {overrun} l'opération ({bound} : {date})"),
)
DIMENSIONS_SUM = declare(
    "dimensions.sum",
    ACROSS,
    N_("les parts d'une ventilation s'additionnent à leur total"),
    message=N_("les valeurs ventilées par « {key} » font {added} et non le total {total}"),
)
DIMENSIONS_FORMAT = declare(
    "dimensions.format",
    ACROSS,
    N_("une ventilation s'écrit clé=valeur, séparées par des points-virgules"),
    message=N_("écrire la ventilation en paires clé=valeur séparées par « ; » (par exemple année=2015)"),
)
CUMULATIVE_DECREASE = declare(
    "cumulative.decrease",
    ACROSS,
    N_("une série cumulée ne baisse jamais"),
    message=N_("une valeur cumulée ne peut pas diminuer (valeur précédente : {previous})"),
)
ACHIEVEMENT_PERIOD = declare(
    "achievement.period",
    ACROSS,
    N_("une cible et sa réalisation portent sur la même période"),
    message=N_("aucune cible ne couvre cette période : aucun taux de réalisation n'est calculé pour elle"),
    severities=(WARNING,),
)
PEOPLE_UNTRANSCRIBED = declare(
    "people.untranscribed",
    ACROSS,
    N_("chaque public de la fiche est transcrit dans people.csv"),
    message=N_(
        "la fiche compte {numbers} que people.csv ne reprend pour aucun groupe de cette opération "
        "({reach}) : y ajouter le groupe, avec sa ligne"
    ),
    severities=(WARNING,),
)

# The evaluator's texts in the narrative folder (check/narrative_refs.py). Warnings: a broken
# reference or link misleads a reader but drops no data, and the report must still build while
# the evaluator writes; the texts are checked at every clean, so the warning stays until fixed.
NARRATIVE_REFERENCE = declare(
    "narrative.reference",
    TEXTS,
    N_(
        "une référence d'un texte de l'évaluateur (C1, R2, L3, Q4 ou l'identifiant d'une question) désigne une "
        "conclusion, une recommandation, un enseignement ou une question qui existe"
    ),
    message=N_("« {reference} » ne désigne {what} (numéros donnés : {known})"),
    severities=(WARNING,),
    fields=A_ROW,
)
NARRATIVE_LINK = declare(
    "narrative.link",
    TEXTS,
    N_("un lien d'un texte de l'évaluateur mène à une page du rapport et à un repère qui existent"),
    message=N_("le lien « {target} » ne mène nulle part : {problem}"),
    severities=(WARNING,),
    fields=A_ROW,
)
NARRATIVE_IMAGE = declare(
    "narrative.image",
    TEXTS,
    N_("une image d'un texte de l'évaluateur est un fichier du dossier des textes, jamais une adresse extérieure"),
    message=N_(
        "l'image « {target} » {problem} : le rapport, lu hors ligne, montre son texte de remplacement à sa "
        "place ; placer l'image (PNG, JPEG, GIF ou WebP) dans le dossier des textes et écrire son chemin"
    ),
    severities=(WARNING,),
    fields=A_ROW,
)
NARRATIVE_FILE = declare(
    "narrative.file",
    TEXTS,
    N_("chaque fichier du dossier des textes remplit une place du rapport"),
    message=N_("ce fichier ne remplit aucune place du rapport : le rapport ne le lit pas{suggestion}"),
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
NARRATIVE_UNCITED = declare(
    "narrative.uncited",
    TEXTS,
    N_("une recommandation dit de quelles conclusions elle découle"),
    message=N_("la recommandation {number} ne cite aucune conclusion : ajouter la ligne « Découle de : C1, … »"),
    severities=(WARNING,),
    fields=A_ROW,
)
NARRATIVE_DUPLICATE = declare(
    "narrative.duplicate",
    TEXTS,
    N_("un numéro de conclusion, de recommandation ou d'enseignement n'est donné qu'une fois"),
    message=N_("le numéro {number} est déjà donné ligne {first} : renuméroter"),
    severities=(WARNING,),
    fields=A_ROW,
)

# The evaluator's acknowledgements of warnings (check/acknowledgements.py, table reviewed.csv).
REVIEWED_ERROR = declare(
    "reviewed.error",
    ACROSS,
    N_("un examen ne porte que sur des avertissements : une erreur se corrige"),
    message=N_(
        "cet examen désigne une erreur ({rule}, ligne {row} de {file}) : une erreur ne s'écarte pas, "
        "elle se corrige ; la ligne reste en quarantaine"
    ),
    severities=(WARNING,),
    fields=A_ROW,
)
REVIEWED_UNMATCHED = declare(
    "reviewed.unmatched",
    ACROSS,
    N_("un examen désigne un avertissement relevé"),
    message=N_(
        "cet examen ne désigne aucun avertissement relevé (fichier {file}, règle {rule}) : "
        "l'avertissement a été corrigé ou sa valeur a changé ; retirer ou mettre à jour la ligne"
    ),
    severities=(WARNING,),
    fields=A_ROW,
)

# An IATI activity file read into the raw tables (interop/iati_import.py).
IATI_NO_ACTIVITY = declare(
    "iati.no_activity",
    IATI,
    N_("le fichier contient au moins une activité"),
    message=N_("le fichier ne contient aucune activité (iati-activity)"),
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
IATI_VERSION_1 = declare(
    "iati.version_1",
    IATI,
    N_("le fichier suit la version 2 de la norme"),
    message=N_(
        "fichier à la version {version} de la norme IATI, remplacée par la version 2 : il est lu avec les "
        "formes 1.0x (textes sans narrative, codes en lettres) ; vérifier les lignes importées"
    ),
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
IATI_VERSION_MISSING = declare(
    "iati.version_missing",
    IATI,
    N_("le fichier dit sa version de la norme"),
    message=N_(
        "le fichier ne dit pas sa version de la norme IATI : il est lu comme un fichier 2.0x, "
        "avec les formes 1.0x acceptées"
    ),
    severities=(WARNING,),
    fields=WHOLE_FILE,
)
IATI_MISSING_IDENTIFIER = declare(
    "iati.missing_identifier",
    IATI,
    N_("une activité a son identifiant IATI"),
    message=N_(
        "l'activité n'a pas d'identifiant IATI : elle est importée sous « {fallback} » ; "
        "ajouter un élément iati-identifier"
    ),
)
IATI_MISSING_TITLE = declare(
    "iati.missing_title",
    IATI,
    N_("une activité a un titre"),
    message=N_("l'activité n'a pas de titre : ajouter un élément title"),
)
IATI_ORG_NAME_MISSING = declare(
    "iati.org_name_missing",
    IATI,
    N_("une organisation a un nom"),
    message=N_("l'organisation participante n'a ni nom ni identifiant : elle n'est pas importée"),
    severities=(WARNING,),
)
IATI_ORG_ROLE = declare(
    "iati.org_role",
    IATI,
    N_("le rôle d'une organisation est un code de la liste IATI"),
    message=N_(
        "le rôle n'est pas un code de la liste IATI OrganisationRole "
        "(1 financeur, 2 responsable, 3 gestionnaire, 4 mise en œuvre) : il est repris tel quel"
    ),
)
IATI_ORG_TYPE = declare(
    "iati.org_type",
    IATI,
    N_("le type d'une organisation est un code de la liste IATI"),
    message=N_("le type n'est pas un code de la liste IATI OrganisationType : il est ignoré"),
    severities=(WARNING,),
)
IATI_DATE_INVALID = declare(
    "iati.date_invalid",
    IATI,
    N_("une date est une date ISO"),
    message=N_("la date n'est pas au format AAAA-MM-JJ : elle est ignorée ; corriger le fichier IATI"),
)
IATI_PLACEHOLDER_DATE = declare(
    "iati.placeholder_date",
    IATI,
    N_("une date n'est pas une valeur de remplissage"),
    message=N_("la date {date} est une valeur de remplissage, pas une date réelle : elle est ignorée"),
    severities=(WARNING,),
)
IATI_CURRENCY_MISSING = declare(
    "iati.currency_missing",
    IATI,
    N_("un montant dit sa devise"),
    message=N_("le montant n'a pas de devise (ni @currency ni default-currency sur l'activité) : il est ignoré"),
)
IATI_CURRENCY_MIXED = declare(
    "iati.currency_mixed",
    IATI,
    N_("les montants d'une activité sont dans une seule devise"),
    message=N_(
        "ce montant est en {currency} alors que la devise par défaut de l'activité est {default} : "
        "les montants de devises différentes ne sont jamais additionnés"
    ),
    severities=(WARNING,),
)
IATI_BUDGET_CURRENCIES = declare(
    "iati.budget_currencies",
    IATI,
    N_("les budgets de l'activité s'additionnent dans une même devise"),
    message=N_(
        "les montants sont en plusieurs devises ({currencies}) : ils ne sont pas additionnés, "
        "la colonne reste vide ; la renseigner à la main dans une seule devise"
    ),
)
IATI_COUNTRY_CODE = declare(
    "iati.country_code",
    IATI,
    N_("un pays destinataire est un code ISO 3166-1 connu"),
    message=N_("« {code} » n'est pas un code de pays ISO 3166-1 : le pays est ignoré"),
)
IATI_COUNTRY_CODE_MISSING = declare(
    "iati.country_code_missing",
    IATI,
    N_("un pays destinataire a son code"),
    message=N_("le pays n'a pas de code ISO 3166-1 : son nom est repris tel quel pour la lecture des pays"),
    severities=(WARNING,),
)
IATI_REGION_NOT_COUNTRY = declare(
    "iati.region_not_country",
    IATI,
    N_("une région destinataire n'est pas prise pour un pays"),
    message=N_(
        "une région n'est pas un pays : elle figure dans la zone, pas dans la liste des pays ; "
        "ajouter les pays concernés (recipient-country) si le fichier les connaît"
    ),
    severities=(WARNING,),
)
IATI_RESULT_TYPE = declare(
    "iati.result_type",
    IATI,
    N_("le type d'un résultat est un code de la liste IATI"),
    message=N_(
        "le type de résultat n'est pas un code de la liste IATI ResultType (1 produit, 2 effet, 3 impact) : "
        "le niveau reste vide"
    ),
)
# What becomes of an indicator without a measure the toolkit knows, and what to write, is the same
# for both rules; each message is written whole, so that it translates as one sentence.
IATI_MEASURE_MISSING = declare(
    "iati.measure_missing",
    IATI,
    N_("un indicateur dit sa mesure"),
    message=N_(
        "l'indicateur n'a pas de mesure (@measure vide ou absent) : la mesure reste vide ; "
        "écrire 1 (unité), 2 (pourcentage), 3 (nominal), 4 (ordinal) ou 5 (qualitatif)"
    ),
)
IATI_MEASURE_UNKNOWN = declare(
    "iati.measure_unknown",
    IATI,
    N_("la mesure d'un indicateur est un code de la liste IATI"),
    message=N_(
        "« {measure} » n'est pas un code de la liste IATI IndicatorMeasure : la mesure reste vide ; "
        "écrire 1 (unité), 2 (pourcentage), 3 (nominal), 4 (ordinal) ou 5 (qualitatif)"
    ),
)
IATI_AGGREGATION_DEFAULT = declare(
    "iati.aggregation_default",
    IATI,
    N_("le mode d'agrégation d'un indicateur importé est déduit de sa mesure et de son aggregation-status"),
    message=N_(
        "la norme IATI ne dit pas comment les valeurs d'un indicateur s'additionnent dans le temps : "
        "« {aggregation} » est retenu ({why}) ; le corriger dans indicators.csv si besoin"
    ),
    severities=(WARNING,),
)
IATI_VALUE_NOT_NUMBER = declare(
    "iati.value_not_number",
    IATI,
    N_("une valeur d'indicateur est un nombre (avertissement quand elle est reprise telle quelle)"),
    # {outcome}: "est reprise telle quelle" (a warning) or "est ignorée" (an error).
    message=N_("« {value} » n'est pas un nombre au sens IATI (chiffres, point décimal) : la valeur {outcome}"),
    severities=(ERROR, WARNING),
)

# Survey data: an XLSForm questionnaire and its answers as KoboToolbox or ODK Central export them
# (ingest/xlsform.py, ingest/survey_answers.py, check/surveys.py, clean/surveys.py).
SURVEY_FORM = declare(
    "survey.form",
    FILE,
    N_("le questionnaire d'une enquête (XLSForm) se lit : feuilles survey et choices, colonnes type et name"),
    message=N_("le questionnaire ne se lit pas : {problem} ; l'enquête est ignorée tant qu'il n'est pas corrigé"),
    fields=A_CELL,
)
SURVEY_ANSWERS = declare(
    "survey.answers",
    FILE,
    N_("les réponses d'une enquête (export KoboToolbox ou ODK Central, CSV ou .xlsx) se lisent"),
    message=N_("les réponses ne se lisent pas : {problem} ; l'enquête est ignorée tant qu'elles ne se lisent pas"),
    fields=WHOLE_FILE,
)
SURVEY_COLUMN_UNKNOWN = declare(
    "survey.column_unknown",
    FILE,
    N_("chaque colonne des réponses est une question du questionnaire ou une métadonnée de l'export"),
    message=N_("la colonne « {column} » n'est pas une question du questionnaire : elle est ignorée"),
    severities=(WARNING,),
    fields=A_COLUMN,
)
SURVEY_COLUMN_MISSING = declare(
    "survey.column_missing",
    FILE,
    N_("chaque question du questionnaire a sa colonne dans les réponses"),
    message=N_(
        "la question « {column} » du questionnaire n'a pas de colonne dans les réponses : "
        "elle est comptée sans aucune réponse ; exporter toutes les questions"
    ),
    severities=(WARNING,),
    fields=A_COLUMN,
)
SURVEY_CHOICE = declare(
    "survey.choice",
    TABLE,
    N_("une réponse à une question à choix est l'un des choix de sa liste (chaque choix d'une réponse multiple)"),
    message=N_("la réponse n'est pas un choix de la liste « {list} » du questionnaire : {allowed}"),
)
SURVEY_REQUIRED = declare(
    "survey.required",
    TABLE,
    N_(
        "une question obligatoire a sa réponse, sauf quand sa condition d'affichage (relevant) est fausse "
        "ou ne peut pas être évaluée"
    ),
    message=N_("la question « {column} » est obligatoire dans le questionnaire et la réponse manque"),
)
SURVEY_NUMBER = declare(
    "survey.number",
    TABLE,
    N_("une réponse à une question integer ou decimal est un nombre"),
    message=N_("la réponse n'est pas {kind} : la question « {column} » est de type {type}"),
)
SURVEY_WINDOW = declare(
    "survey.window",
    TABLE,
    N_("une soumission est datée dans la période de collecte de son enquête"),
    message=N_(
        "la soumission n'est pas datée dans la période de collecte de l'enquête ({opens} – {closes}) "
        "ou sa date ne se lit pas"
    ),
)
SURVEY_FIELD = declare(
    "survey.field",
    ACROSS,
    N_("une question d'enquête rattachée à une question évaluative est une question de son questionnaire"),
    message=N_("« {value} » n'est pas une question du questionnaire {form} : {problem}"),
)
SURVEY_SETTINGS = declare(
    "survey.settings",
    ACROSS,
    N_("les lignes d'une même enquête lui donnent les mêmes fichiers, période et opération"),
    message=N_(
        "la colonne « {column} » de l'enquête « {survey} » vaut « {first} » à la ligne {first_row} : "
        "écrire la même valeur sur chaque ligne de l'enquête"
    ),
)
