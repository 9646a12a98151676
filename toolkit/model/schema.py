"""The data model: every raw table, its columns, and the rules they obey.

This module is the single source of truth. The converter reads the ``kind`` of each
column to parse its raw text, the validation suites are built from the constraints
declared here, and the data dictionary is generated from the descriptions. Nothing
about a column is written down anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from toolkit.model import rules
from toolkit.model.codelists import codelist
from toolkit.model.values import is_missing
from toolkit.model.vocabulary import DISAGREEING, ColumnKind, DocumentKind, ValueType

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An identifier names files ("<id>.html", "<id>.failed.ipynb", "<id>.ipynb" in the staging folder):
# a file name has at most 255 bytes on the usual file systems, and the longest suffix the build adds
# is 13; the rest is room for what a later version may add.
SLUG_MAX = 200
# The names an operation's identifier may not take: the programme's own (its rows use it as their
# operation_id), and the device names a Windows file system refuses for a file ("con.html"), where
# a reviewer may unpack the reports.
WINDOWS_DEVICES = ("con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10)))
PROGRAMME_ID = "programme"  # observations about the programme as a whole use this operation_id
# The indicators cleaning derives from each operation's people table (publics aimed at, by reach).
PEOPLE_INDICATORS = {
    "direct": "people-reached-direct",
    "indirect": "people-reached-indirect",
}

# A clean observation derived from another table (people reached, from a group of people.csv)
# names its origin in three columns; they are empty on the rows typed in observations.csv.
DERIVED_TABLE, DERIVED_ROW, DERIVED_COLUMN = "derived_table", "derived_row", "derived_column"
# In the clean table of a Table that refuses cells: the raw columns whose cell broke a rule and was
# emptied, joined by "; " (the finding says why).
REFUSED = "refused"


def derived_origin(row: Mapping[str, object]) -> tuple[str, int, str] | None:
    """The table, raw row and column a clean observation was derived from; None for a typed row."""
    number = row.get(DERIVED_ROW)
    if is_missing(number):
        return None
    return str(row[DERIVED_TABLE]), int(number), str(row[DERIVED_COLUMN])  # type: ignore[call-overload]


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    description: str
    required: bool = False
    unit: str = ""
    clean_name: str | None = None  # the clean table's column, when it differs from the raw one
    minimum: float | None = None
    maximum: float | None = None
    codes: dict[str, str] = field(default_factory=dict)  # accepted label (lower case) -> code
    allowed: tuple[str, ...] = ()  # for LABELS: the closed list
    required_if: str = ""  # required whenever this other column has a value
    required_if_missing: str = ""  # required whenever this other column is empty
    quotes: str = ""  # the SOURCE column whose lines hold this text word for word (rule quote.lines)
    reserved: tuple[str, ...] = ()  # values it may not take (rule format.reserved)

    @property
    def target(self) -> str:
        return self.clean_name or self.name


@dataclass(frozen=True)
class PairRule:
    """``left <op> right`` on the clean values of one row; rows missing either side are skipped."""

    left: str
    op: str  # ">=" only for now: the rules the programme needs
    right: str
    rule: rules.Rule  # its finding's message is the rule's template


@dataclass(frozen=True)
class Reference:
    """A column whose values must be keys defined in another table (or an extra allowed value)."""

    column: str
    table: str
    key: str
    also_allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    pair_rules: tuple[PairRule, ...] = ()
    references: tuple[Reference, ...] = ()
    may_be_empty: bool = False  # a header-only file is normal (e.g. ratings before the evaluator rates)
    optional: bool = False  # a programme may have no file for it at all: read as an empty table
    # An error in a column that is neither in the key nor required empties that cell, listed in the
    # clean column REFUSED, instead of quarantining the row: the row stands for something the report
    # must show whatever one of its facts says (an operation keeps its page with its budget refused).
    refuses_cells: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def refusable(self, name: str) -> bool:
        """Whether an error in raw column ``name`` empties the cell rather than quarantining the row."""
        if not self.refuses_cells or name in self.key or name not in self.raw_names:
            return False
        column = self.column(name)
        return not (column.required or column.required_if or column.required_if_missing)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def raw_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _codes_with_labels(list_name: str, labels: dict[str, str]) -> dict[str, str]:
    """Accept every active code of an IATI list, its English name, and the French labels given."""
    accepted: dict[str, str] = {}
    for code, name in codelist(list_name).items():
        accepted[code.lower()] = code
        accepted[name.lower()] = code
    accepted.update({label.lower(): code for label, code in labels.items()})
    return accepted


# Roles, measures and levels as readers read them (IATI codes); the data may also use the
# shorter or older words each *_CODES accepts beside them.
ROLE_LABELS_FR = {
    "1": "Financeur",
    "2": "Porteur du projet",
    "3": "Gestionnaire des fonds",
    "4": "Partenaire de mise en œuvre",
}
MEASURE_LABELS_FR = {"1": "Nombre", "2": "Pourcentage", "3": "Nominal", "4": "Ordinal", "5": "Qualitatif"}
ROLE_CODES = _codes_with_labels(
    "OrganisationRole",
    {
        ROLE_LABELS_FR["1"]: "1",
        ROLE_LABELS_FR["2"]: "2",
        "Porteur": "2",
        "Partenaire principal": "4",
        "Partenaire": "4",
    },
)
ORG_TYPE_CODES = _codes_with_labels("OrganisationType", {})
LEVEL_LABELS_FR = {"1": "Produit", "2": "Effet", "3": "Impact", "9": "Autre"}
LEVEL_CODES = _codes_with_labels("ResultType", {LEVEL_LABELS_FR["1"]: "1", "Extrant": "1", LEVEL_LABELS_FR["2"]: "2"})
MEASURE_CODES = _codes_with_labels(
    "IndicatorMeasure",
    {"Unité": "1", **{MEASURE_LABELS_FR[code]: code for code in ("1", "2", "4", "5")}},
)
# Plain strings, as a column's codes always are: the clean cell holds the value, not the member.
VALUE_TYPE_CODES = {value_type.value: value_type.value for value_type in ValueType} | {
    # The French words a transcriber may type instead (the data's language, not the pages').
    "référence": ValueType.BASELINE.value,
    "cible": ValueType.TARGET.value,
    "réalisé": ValueType.ACTUAL.value,
    "réalisation": ValueType.ACTUAL.value,
}
AGGREGATION_CODES = {label: label for label in ("incremental", "cumulative", "latest")}
CLAIM_SUBJECTS = (
    "members",
    "lead_members",
    "members_without_operation",
    "operations",
    "partners",
    "countries",
    "continents",
    "people_reached",
    "budget",
    "period",
    "duration",
    "phase2_projects",
    "sdg_goals",
    "growth",
    "next_phase",
)

_SOURCE = Column(
    "source",
    ColumnKind.SOURCE,
    "Where the row's figures come from: document file name and line range, several joined by ' + '.",
    required=True,
    unit="`<document> l. <first>-<last>`",
)

DOCUMENT_KINDS = {kind.value: kind.value for kind in DocumentKind}

DOCUMENTS = Table(
    name="documents",
    description="The source documents every source reference points to.",
    key=("document",),
    columns=(
        Column("document", ColumnKind.TEXT, "File name of the document, as source references write it.", required=True),
        Column("title", ColumnKind.TEXT, "Title of the document.", required=True),
        Column(
            "short_title",
            ColumnKind.TEXT,
            "A few words that name the document in a citation (“Capitalisation CAAC”); the title where empty.",
        ),
        Column("author", ColumnKind.TEXT, "Author or publisher."),
        Column(
            "author_short",
            ColumnKind.TEXT,
            "The author or body as a citation names it (“IRG”, “CFSI”); the author where empty.",
        ),
        Column("date", ColumnKind.PARTIAL_DATE, "Date of publication, as precise as known.", unit="YYYY[-MM[-DD]]"),
        Column(
            "kind",
            ColumnKind.CODE,
            "What sort of document it is: the report's limits say what a capitalisation or a presentation "
            "can and cannot show.",
            codes=DOCUMENT_KINDS,
        ),
        Column(
            "lines",
            ColumnKind.INTEGER,
            "Number of lines of the document. Counted in the document's file, which is kept in the "
            "`documents` folder beside the raw tables; leave it empty. Typed here, it serves only for a "
            "document whose file is not there, and a value that disagrees with the file is a warning.",
            minimum=1,
        ),
        Column("description", ColumnKind.TEXT, "What the document is and what the data take from it."),
        Column(
            "confidential",
            ColumnKind.BOOLEAN,
            "Whether the document may not be published whole (interview notes, an unpublished report): "
            "the report then shows only the passages it cites, never the document. Empty means public, "
            "except for the evaluator's notes (kinds entretien, groupe de discussion, visite de terrain), which "
            "are confidential unless the cell says false.",
        ),
        Column(
            "place",
            ColumnKind.TEXT,
            "For a note: where the interview, the group or the visit took place, as the report names it "
            "(“Kayes, Mali”, “Mali”). A note's citation gives it.",
        ),
        Column(
            "role",
            ColumnKind.TEXT,
            "For a note: the informants' role, never a name (“partenaire”, “responsable de comité”, "
            "“femmes usagères”). A note's citation gives it.",
        ),
        Column(
            "withheld_names",
            ColumnKind.TEXT,
            "For a note: the names that must never appear in a page (the informants, people the note "
            "names), joined by “; ”. Never shown and never copied to the clean data: the clean stage "
            "reports a text the pages would show that holds one, and the build withholds a page that "
            "shows one.",
        ),
    ),
)

MEMBERS = Table(
    name="members",
    description=(
        "Member organisations of the platform, as a document lists them: a fact of programmes run by a "
        "platform of members, such as CAAC. A programme without one keeps the header alone; the report then "
        "recomputes no published count of members."
    ),
    key=("organisation",),
    columns=(
        Column(
            "organisation",
            ColumnKind.TEXT,
            "Name of the member organisation, as the document spells it.",
            required=True,
        ),
        Column(
            "source",
            ColumnKind.SOURCE,
            "Where the list comes from: document file name and line range.",
            required=True,
            unit="`<document> l. <first>-<last>`",
        ),
    ),
)

ACRONYMS = Table(
    name="acronyms",
    description="Acronyms and short names the documents use, with their meaning, for the report's list of acronyms.",
    key=("acronym",),
    may_be_empty=True,
    columns=(
        Column("acronym", ColumnKind.TEXT, "The acronym or short name as written (“CA-G44”).", required=True),
        Column("meaning", ColumnKind.TEXT, "What it stands for, as the document spells it out.", required=True),
        _SOURCE,
        Column(
            "misspellings",
            ColumnKind.TEXT,
            "Other spellings the documents use by mistake, joined by '; ': quotations keep them, marked [sic].",
        ),
    ),
)

# The order in which the report's context section tells them.
CONTEXT_TOPICS = {
    topic: topic
    for topic in ("programme", "financement", "gouvernance", "antécédents", "suivi", "évaluations", "phases")
}

CONTEXT = Table(
    name="context",
    description=(
        "Facts about the programme that the documents state (partners and funders, budget, governance, "
        "earlier programmes, monitoring, evaluations, phases): one sentence each, in the transcriber's "
        "words, close to the source line it cites. The report's context section is written from them."
    ),
    key=("fact_id",),
    may_be_empty=True,
    columns=(
        Column("fact_id", ColumnKind.SLUG, "Identifier of the fact.", required=True),
        Column(
            "topic",
            ColumnKind.CODE,
            "Paragraph of the context section it belongs to.",
            required=True,
            codes=CONTEXT_TOPICS,
        ),
        Column(
            "text",
            ColumnKind.TEXT,
            "The fact as one French sentence; no judgement, nothing the source does not say.",
            required=True,
        ),
        _SOURCE,
    ),
)

OPERATIONS = Table(
    name="operations",
    description="One row per pilot operation, as its fiche describes it.",
    key=("operation_id",),
    columns=(
        Column(
            "operation_id",
            ColumnKind.SLUG,
            "Stable identifier of the operation; used in file names and links. Neither "
            f"“{PROGRAMME_ID}” (the programme's own rows) nor a name Windows reserves for a device (con, nul, com1…).",
            required=True,
            reserved=(PROGRAMME_ID, *WINDOWS_DEVICES),
        ),
        Column(
            "phase",
            ColumnKind.INTEGER,
            "Programme phase (for CAAC, 1: the 2014-2018 pilot operations); empty for a programme without "
            "phases, as import-iati leaves it.",
            minimum=1,
            maximum=9,
        ),
        Column("title", ColumnKind.TEXT, "Title of the operation, verbatim from its fiche.", required=True),
        Column(
            "lead_org",
            ColumnKind.TEXT,
            "Lead organisation (“Porteur du projet”), a member of the platform; empty where the source "
            "names none (« non renseigné »).",
        ),
        Column(
            "lead_short",
            ColumnKind.TEXT,
            "The lead organisation's short name as the documents write it (“CGT”, “CA-G44”), for tables and "
            "figures; the full name where it is empty.",
        ),
        Column("zone", ColumnKind.TEXT, "The fiche's geographic header, verbatim."),
        Column(
            "countries",
            ColumnKind.COUNTRIES,
            "Countries the operation works in; raw: country names; clean: ISO 3166-1 alpha-3 codes joined by ';'. "
            "Empty where the documents do not say: the pages write « non renseigné ».",
        ),
        Column("territories", ColumnKind.TEXT, "Territories (“Localisation du projet/territoires”), verbatim."),
        Column(
            "direct_beneficiaries",
            ColumnKind.TEXT,
            "People reached directly, the fiche's text verbatim; each group it counts is a row of people.csv.",
        ),
        Column(
            "indirect_beneficiaries",
            ColumnKind.TEXT,
            "People reached indirectly, the fiche's text verbatim; each group it counts is a row of people.csv.",
        ),
        Column(
            "duration",
            ColumnKind.DURATION,
            "Planned duration; empty where the documents do not give it (« non renseigné »).",
            clean_name="duration_months",
            unit="months",
            minimum=1,
            maximum=240,
            quotes="source_duration",
        ),
        Column(
            "budget",
            ColumnKind.AMOUNT,
            "Total budget of the operation, in the currency its source states (“98 525 €”, “243 313 GBP”); "
            "clean: the amount, its ISO 4217 code in budget_currency, and in budget_reporting the amount "
            "in the programme's reporting currency. Empty where the documents do not give it "
            "(« non renseigné », and left out of totals with a note).",
            minimum=0.01,
            # Wide: a budget in yen, rupiah or CFA francs runs to many digits.
            maximum=1e15,
            quotes="source_budget",
        ),
        Column(
            "grant",
            ColumnKind.AMOUNT,
            "Grant awarded by the programme (“Financement accordé”), in the currency its source states: a "
            "fact of programmes that fund operations, such as CAAC; a programme without one leaves it empty, "
            "and its pages say « non renseigné » where they would show it. Clean columns as for budget.",
            minimum=0.01,
            maximum=1e15,
            quotes="source_grant",
        ),
        Column(
            "start",
            ColumnKind.PARTIAL_DATE,
            "Start of the operation, where a document gives it.",
            unit="YYYY[-MM[-DD]]",
        ),
        Column(
            "end", ColumnKind.PARTIAL_DATE, "End of the operation, where a document gives it.", unit="YYYY[-MM[-DD]]"
        ),
        Column(
            "themes",
            ColumnKind.LABELS,
            "Themes of the programme the operation addresses ([vocabulary] themes): the transcriber's classification.",
        ),
        _SOURCE,
        Column("source_countries", ColumnKind.SOURCE, "Where the list of countries comes from."),
        Column(
            "shared_issue",
            ColumnKind.TEXT,
            "The shared issue (“enjeu partagé”) a programme document groups the operation under, verbatim: "
            "a CAAC notion; empty for a programme without one, and the page says « non renseigné ».",
            required_if="source_shared_issue",
        ),
        Column(
            "source_shared_issue",
            ColumnKind.SOURCE,
            "Where the document groups the operation.",
            required_if="shared_issue",
        ),
        # The line of each figure the financing tables show, so that each cites its own line rather
        # than the whole fiche; the figure as written must stand there (rule quote.lines).
        Column(
            "source_budget", ColumnKind.SOURCE, "The line that gives the budget; empty: the operation's source stands."
        ),
        Column(
            "source_grant", ColumnKind.SOURCE, "The line that gives the grant; empty: the operation's source stands."
        ),
        Column(
            "source_duration",
            ColumnKind.SOURCE,
            "The line that gives the duration; empty: the operation's source stands.",
        ),
        Column(
            "value_date",
            ColumnKind.PARTIAL_DATE,
            "The date at which budget and grant are valued (IATI's value-date), which picks the exchange rate "
            "when they are converted into the reporting currency; empty: the operation's start.",
            unit="YYYY[-MM[-DD]]",
        ),
    ),
    pair_rules=(
        PairRule("budget", ">=", "grant", rules.GRANT_LE_BUDGET),
        PairRule("end", ">=", "start", rules.START_LE_END),
    ),
    refuses_cells=True,
)

# The operations' amounts, each with its currency and its converted value in the clean table.
AMOUNT_COLUMNS = tuple(column.name for column in OPERATIONS.columns if column.kind == ColumnKind.AMOUNT)

PARTICIPANTS = Table(
    name="participants",
    description="Every organisation taking part in an operation, with its IATI role.",
    key=("operation_id", "organisation", "role"),
    columns=(
        Column("operation_id", ColumnKind.SLUG, "Operation the organisation takes part in.", required=True),
        Column("organisation", ColumnKind.TEXT, "Name of the organisation, as the document spells it.", required=True),
        Column(
            "role",
            ColumnKind.CODE,
            "Role in the operation; raw: French label or IATI code; clean: IATI OrganisationRole code "
            "(1 funding, 2 accountable, 3 extending, 4 implementing).",
            required=True,
            codes=ROLE_CODES,
        ),
        Column(
            "org_type",
            ColumnKind.CODE,
            "IATI OrganisationType code, where the name says what kind of body it is.",
            codes=ORG_TYPE_CODES,
        ),
        Column("country", ColumnKind.COUNTRIES, "Country where the organisation is based, where the document says so."),
        _SOURCE,
        Column(
            "member",
            ColumnKind.TEXT,
            "The organisation's entry in members.csv when it is a member of the platform, as that list spells it.",
        ),
    ),
    references=(
        Reference("operation_id", "operations", "operation_id"),
        Reference("member", "members", "organisation"),
    ),
)

REACH_CODES = {
    "direct": "direct",
    "directs": "direct",
    "directement": "direct",
    "indirect": "indirect",
    "indirects": "indirect",
    "indirectement": "indirect",
}

PEOPLE_GROUPS = Table(
    name="people",
    description=(
        "The groups of people (or bodies) an operation's fiche says it reaches, one row per group "
        "as the fiche counts or names it."
    ),
    key=("operation_id", "reach", "group", "place"),
    may_be_empty=True,
    columns=(
        Column("operation_id", ColumnKind.SLUG, "Operation whose fiche names the group.", required=True),
        Column("reach", ColumnKind.CODE, "Reached directly or indirectly.", required=True, codes=REACH_CODES),
        Column(
            "count",
            ColumnKind.MEASURED_VALUE,
            "The count as written (“200”, “9 à 15”, “environ 28 910”, “une dizaine”); empty when the "
            "fiche names the group without a count.",
            minimum=0,
        ),
        Column(
            "group",
            ColumnKind.TEXT,
            "Who is counted, in the fiche's words (“jeunes”, “familles”, “structures”).",
            required=True,
        ),
        Column(
            "persons",
            ColumnKind.BOOLEAN,
            "Whether the group counts persons (oui) or something else: households, organisations, services (non).",
            required=True,
        ),
        Column(
            "place",
            ColumnKind.TEXT,
            "Where the fiche places the group (“Salvador”, “hors France”); empty when it does not.",
        ),
        Column(
            "restates",
            ColumnKind.BOOLEAN,
            "oui when the count restates the group of the row above in another unit (“4 130 ménages soit "
            "environ 28 910 personnes”): the two are the same people and never add up.",
        ),
        Column("note", ColumnKind.TEXT, "What a reader needs to know about the count."),
        _SOURCE,
    ),
    references=(Reference("operation_id", "operations", "operation_id"),),
)

LOGFRAME_KINDS = {"objectif": "objectif", "résultat attendu": "résultat attendu", "activité": "activité"}

LOGFRAME = Table(
    name="logframe",
    description=(
        "What each operation's fiche set out to do: its objective, its expected results and its main "
        "activities, one row per sentence or bullet, verbatim."
    ),
    key=("item_id",),
    may_be_empty=True,
    columns=(
        Column("operation_id", ColumnKind.SLUG, "Operation whose fiche states the item.", required=True),
        Column(
            "item_id",
            ColumnKind.SLUG,
            "Identifier of the item: <operation_id>-o1, -r1, -a1 in the fiche's order.",
            required=True,
        ),
        Column("kind", ColumnKind.CODE, "objectif, résultat attendu or activité.", required=True, codes=LOGFRAME_KINDS),
        Column("text", ColumnKind.TEXT, "The item as the fiche writes it.", required=True, quotes="source"),
        _SOURCE,
    ),
    references=(Reference("operation_id", "operations", "operation_id"),),
)

SDGS = Table(
    name="sdgs",
    description=(
        "The Sustainable Development Goals (or targets) a document links an operation, or the programme, "
        "to: one row per goal and statement, never the transcriber's choice."
    ),
    key=("operation_id", "sdg", "source"),
    may_be_empty=True,
    columns=(
        Column(
            "operation_id",
            ColumnKind.SLUG,
            f"Operation the document links to the goal, or “{PROGRAMME_ID}”.",
            required=True,
        ),
        Column(
            "sdg", ColumnKind.SDG, "The goal (e.g. 7) or target (e.g. 8.6) as the document names it.", required=True
        ),
        Column(
            "statement",
            ColumnKind.TEXT,
            "The words of the document that make the link, verbatim.",
            required=True,
            quotes="source",
        ),
        _SOURCE,
    ),
    references=(Reference("operation_id", "operations", "operation_id", also_allowed=(PROGRAMME_ID,)),),
)

CLAIMS = Table(
    name="claims",
    description="Statements about the programme as a whole, as published, each with its source.",
    key=("claim_id",),
    columns=(
        Column("claim_id", ColumnKind.SLUG, "Identifier of the claim.", required=True),
        Column(
            "subject", ColumnKind.CODE, "What the claim counts.", required=True, codes={s: s for s in CLAIM_SUBJECTS}
        ),
        Column(
            "statement",
            ColumnKind.TEXT,
            "The sentence that makes the claim, verbatim excerpt.",
            required=True,
            quotes="source",
        ),
        Column(
            "value",
            ColumnKind.CLAIM_VALUE,
            "The value as written (“plus de 70”, “1,7 millions d'euros”).",
            required=True,
        ),
        Column("unit", ColumnKind.TEXT, "Unit of the value."),
        Column("scope", ColumnKind.TEXT, "What exactly is counted, where the document says it."),
        _SOURCE,
        Column(
            "operation_id",
            ColumnKind.SLUG,
            "For a figure about one operation (growth of an indicator): that operation.",
        ),
        Column(
            "indicator_id",
            ColumnKind.SLUG,
            "For a growth claim (“triplement”): the indicator whose baseline and actual it summarises.",
            required_if="operation_id",
        ),
        Column(
            "explanation",
            ColumnKind.TEXT,
            "Where a document explains how it counts the figure: its words, verbatim.",
            required_if="source_explanation",
            quotes="source_explanation",
        ),
        Column("source_explanation", ColumnKind.SOURCE, "Where the explanation stands.", required_if="explanation"),
        Column(
            "span",
            ColumnKind.TEXT,
            "The time the figure took or covers, in the document's words (“en 3 ans”), when the document "
            "gives it with the figure: shown with it wherever it is shown.",
        ),
    ),
    references=(
        Reference("operation_id", "operations", "operation_id"),
        Reference("indicator_id", "indicators", "indicator_id"),
    ),
)

PHASE2 = Table(
    name="phase2",
    description=(
        "Projects a document announces for a later phase, as it describes them; listed apart, never "
        "evaluated with the operations. A programme without a later phase keeps the header alone, and the "
        "report does not mention one."
    ),
    key=("project_id",),
    may_be_empty=True,
    columns=(
        Column("project_id", ColumnKind.SLUG, "Identifier of the project.", required=True),
        Column(
            "phase", ColumnKind.INTEGER, "Programme phase the project belongs to.", required=True, minimum=2, maximum=9
        ),
        Column(
            "title",
            ColumnKind.TEXT,
            "The document's heading for the project, verbatim.",
            required=True,
            quotes="source",
        ),
        Column(
            "leads",
            ColumnKind.TEXT,
            "The organisations that carry it, as the document names them, joined by '; '.",
            required=True,
        ),
        Column("partners", ColumnKind.TEXT, "Other organisations the document names, joined by '; '."),
        Column("territories", ColumnKind.TEXT, "Territories the document names, verbatim."),
        Column("countries", ColumnKind.COUNTRIES, "Countries other than France that the document names."),
        Column("support", ColumnKind.TEXT, "The support the document announces, verbatim."),
        _SOURCE,
    ),
)

# What sort of disagreement a pair of passages shows: the kinds a careful reader looks for.
DISCREPANCY_KINDS = {
    "nombre et liste": "nombre et liste",  # a count against the items another passage names
    "chiffre et description": "chiffre et description",  # a figure against the description of the same group
    "parties et total": "parties et total",  # parts (by year, by group) against the total given with them
    "tous et certains": "tous et certains",  # a statement about every operation that some passages contradict
    "dates": "dates",
    "état": "état",  # done in one passage, to come in another
    "définition": "définition",  # one name, two meanings
}

# Whether two passages contradict each other, or differ without the documents saying that they
# speak of the same thing (a fiche's planned public and a later account of "300 personnes").
DISCREPANCY_STATUSES = {verdict.value: verdict.value for verdict in DISAGREEING}

DISCREPANCIES = Table(
    name="discrepancies",
    description=(
        "Passages of the documents that disagree, as a reader sets them side by side: two statements, "
        "each with its lines, and what the documents allow one to say of them. The figures the toolkit can "
        "compare itself (claims.csv) are not repeated here."
    ),
    key=("discrepancy_id",),
    may_be_empty=True,
    optional=True,
    columns=(
        Column("discrepancy_id", ColumnKind.SLUG, "Identifier of the pair.", required=True),
        Column(
            "operations",
            ColumnKind.TEXT,
            "The operations the pair concerns (operation_id, several joined by '; '); empty when it concerns "
            "the programme as a whole. Each operation's page lists the pairs that concern it.",
        ),
        Column("kind", ColumnKind.CODE, "What sort of disagreement it is.", required=True, codes=DISCREPANCY_KINDS),
        Column("subject", ColumnKind.TEXT, "What the two passages are about, in a few French words.", required=True),
        Column(
            "first",
            ColumnKind.TEXT,
            "The first statement, word for word; pieces of one passage joined by ' […] '.",
            required=True,
            quotes="first_source",
        ),
        Column("first_source", ColumnKind.SOURCE, "Where the first statement stands.", required=True),
        Column(
            "second",
            ColumnKind.TEXT,
            "The statement that disagrees with it, word for word; pieces joined by ' […] '.",
            required=True,
            quotes="second_source",
        ),
        Column("second_source", ColumnKind.SOURCE, "Where the second statement stands.", required=True),
        Column(
            "verdict",
            ColumnKind.TEXT,
            "What the documents allow one to say of the pair, in French: the difference, never a cause or an "
            "explanation that no document gives.",
            required=True,
        ),
        Column(
            "status",
            ColumnKind.CODE,
            "discordants when the passages contradict each other; à rapprocher when they differ and the "
            "documents do not say that they speak of the same thing.",
            required=True,
            codes=DISCREPANCY_STATUSES,
        ),
        Column(
            "verdict_source",
            ColumnKind.SOURCE,
            "The other lines the verdict names (another fiche, the acronyms' list), so that each opens at its "
            "line; empty when it names none.",
        ),
    ),
)

INDICATORS = Table(
    name="indicators",
    description="Indicator definitions (IATI 2.03 result indicators).",
    key=("indicator_id",),
    columns=(
        Column("indicator_id", ColumnKind.SLUG, "Identifier of the indicator.", required=True),
        Column("title", ColumnKind.TEXT, "Title, in French.", required=True),
        Column(
            "level", ColumnKind.CODE, "IATI ResultType: output, outcome or impact.", required=True, codes=LEVEL_CODES
        ),
        Column(
            "measure",
            ColumnKind.CODE,
            "IATI IndicatorMeasure: unit, percentage, nominal, ordinal or qualitative.",
            required=True,
            codes=MEASURE_CODES,
        ),
        Column("unit", ColumnKind.TEXT, "Unit label of the values."),
        Column(
            "aggregation",
            ColumnKind.CODE,
            "How values add up over time and space.",
            required=True,
            codes=AGGREGATION_CODES,
        ),
        Column("ascending", ColumnKind.BOOLEAN, "Whether a higher value is better (oui/non)."),
        Column(
            "sdg",
            ColumnKind.SDG,
            "UN Sustainable Development Goals or targets the indicator measures (e.g. 8.6), joined by '; '.",
        ),
        Column("means_of_verification", ColumnKind.TEXT, "How the value is verified (document, survey, register)."),
        Column("definition", ColumnKind.TEXT, "What is counted and how."),
        _SOURCE,
    ),
)

OBSERVATIONS = Table(
    name="observations",
    description="Observed values of indicators, one per operation, indicator, value type, period and disaggregation.",
    key=("operation_id", "indicator_id", "value_type", "period_start", "period_end", "dimensions"),
    columns=(
        Column(
            "operation_id",
            ColumnKind.SLUG,
            f"Operation, or “{PROGRAMME_ID}” for the programme as a whole.",
            required=True,
        ),
        Column("indicator_id", ColumnKind.SLUG, "Indicator observed.", required=True),
        Column(
            "value_type",
            ColumnKind.CODE,
            "baseline, target or actual. An actual is transcribed only where a source reports what was "
            "achieved or observed; a design feature, a plan or a description of the intended set-up (“une zone "
            "reposant sur des énergies 100 % renouvelables”) is not a result, and its source line must state one.",
            required=True,
            codes=VALUE_TYPE_CODES,
        ),
        Column("period_start", ColumnKind.PARTIAL_DATE, "Start of the period the value covers.", unit="YYYY[-MM[-DD]]"),
        Column("period_end", ColumnKind.PARTIAL_DATE, "End of the period the value covers.", unit="YYYY[-MM[-DD]]"),
        Column(
            "value",
            ColumnKind.MEASURED_VALUE,
            "The value as written; clean: the number, when there is exactly one.",
            minimum=0,
        ),
        Column(
            "unit",
            ColumnKind.TEXT,
            "Unit of the value when it differs from the indicator's unit label; empty otherwise.",
        ),
        Column("dimensions", ColumnKind.TEXT, "Disaggregation as key=value pairs joined by ';' (e.g. année=2015)."),
        Column("comment", ColumnKind.TEXT, "Remarks on the value."),
        _SOURCE,
        Column(
            "place",
            ColumnKind.TEXT,
            "Where the source places the value, as it names the place, with the country in brackets when the "
            "place is not one (“Kindia et Boké (Guinée)”); empty when the source does not place it.",
        ),
        Column(
            "span",
            ColumnKind.TEXT,
            "The time the value took or covers as the source words it when it gives no dates (“en 3 ans”): "
            "shown with the value, never turned into a period; empty otherwise.",
        ),
    ),
    pair_rules=(PairRule("period_end", ">=", "period_start", rules.PERIOD_START_LE_END),),
    references=(
        Reference("operation_id", "operations", "operation_id", also_allowed=(PROGRAMME_ID,)),
        Reference("indicator_id", "indicators", "indicator_id"),
    ),
)

CRITERIA = {
    "pertinence": "pertinence",
    "relevance": "pertinence",
    "coherence": "coherence",
    "cohérence": "coherence",
    "efficacite": "efficacite",
    "efficacité": "efficacite",
    "effectiveness": "efficacite",
    "efficience": "efficience",
    "efficiency": "efficience",
    "impact": "impact",
    "durabilite": "durabilite",
    "durabilité": "durabilite",
    "sustainability": "durabilite",
}

QUESTION_KINDS = {"évaluative": "évaluative", "capitalisation": "capitalisation"}

QUESTIONS = Table(
    name="questions",
    description="The evaluation matrix: questions by OECD-DAC criterion and by the programme's axes.",
    key=("question_id",),
    columns=(
        Column("question_id", ColumnKind.SLUG, "Identifier of the question.", required=True),
        Column("criterion", ColumnKind.CODE, "OECD-DAC criterion.", required=True, codes=CRITERIA),
        Column(
            "axis",
            ColumnKind.CODE,
            "Axis of the programme ([vocabulary] axes).",
        ),
        Column(
            "theme", ColumnKind.CODE, "Theme of the programme the question belongs to ([vocabulary] question_themes)."
        ),
        Column("question", ColumnKind.TEXT, "The evaluation question, in French.", required=True),
        Column(
            "kind",
            ColumnKind.CODE,
            "évaluative (answered by the evaluator's judgement, in the findings by criterion) or capitalisation "
            "(a descriptive question a document asks, listed in an annex); évaluative when empty.",
            codes=QUESTION_KINDS,
        ),
        Column("judgement_criteria", ColumnKind.TEXT, "What would show a positive answer."),
        Column("source", ColumnKind.SOURCE, "Where the question comes from, when a document asks it."),
    ),
)

EVIDENCE = Table(
    name="evidence",
    description="Passages of the documents that bear on a question for an operation.",
    key=("operation_id", "question_id", "source"),
    columns=(
        Column("operation_id", ColumnKind.SLUG, "Operation the passage cites.", required=True),
        Column("question_id", ColumnKind.SLUG, "Question the passage bears on.", required=True),
        Column(
            "source",
            ColumnKind.SOURCE,
            "The passage: document and lines.",
            required=True,
            unit="`<document> l. <first>-<last>`",
        ),
        Column("excerpt", ColumnKind.TEXT, "A short verbatim quote of the passage.", required=True, quotes="source"),
    ),
    references=(
        Reference("operation_id", "operations", "operation_id", also_allowed=(PROGRAMME_ID,)),
        Reference("question_id", "questions", "question_id"),
    ),
)

# What the toolkit computes from its own data for an indicator of the matrix that no single
# indicator of indicators.csv measures.
MATRIX_DATA = {
    "cibles": "cibles",
    "budget": "budget",
    "duree": "duree",
    "durée": "duree",
    "personnes": "personnes",
    "projets": "projets",
}

MATRIX_INDICATORS = Table(
    name="matrix_indicators",
    description=(
        "The indicators column of the evaluation matrix: for an evaluative question, what would measure the "
        "answer, and the data of this toolkit that informs it, if any."
    ),
    key=("question_id", "indicator"),
    may_be_empty=True,
    columns=(
        Column("question_id", ColumnKind.SLUG, "Evaluative question the indicator serves.", required=True),
        Column("indicator", ColumnKind.TEXT, "The indicator, in French, as the matrix states it.", required=True),
        Column("indicator_id", ColumnKind.SLUG, "An indicator of indicators.csv whose targets and actuals inform it."),
        Column(
            "computed",
            ColumnKind.CODE,
            "What the toolkit computes for it from the data: cibles (achievement of every target), budget, "
            "durée (planned duration), personnes (publics aimed at, in persons) or projets (projects of the next "
            "phase).",
            codes=MATRIX_DATA,
        ),
    ),
    references=(
        Reference("question_id", "questions", "question_id"),
        Reference("indicator_id", "indicators", "indicator_id"),
    ),
)

RATINGS = Table(
    name="ratings",
    description=(
        "The evaluator's ratings, one per operation and criterion (the report's rating overview), or per "
        "operation and question; never generated by the toolkit."
    ),
    key=("operation_id", "criterion", "question_id"),
    may_be_empty=True,
    columns=(
        Column("operation_id", ColumnKind.SLUG, f"Operation rated, or “{PROGRAMME_ID}”.", required=True),
        Column(
            "criterion",
            ColumnKind.CODE,
            "OECD-DAC criterion rated; for a rating of one question, its criterion may be left empty.",
            required_if_missing="question_id",
            codes=CRITERIA,
        ),
        Column(
            "question_id", ColumnKind.SLUG, "Question answered, for a rating of one question; empty for a criterion."
        ),
        Column(
            "rating",
            ColumnKind.CODE,
            "A code of the evaluator's rating scale ([ratings] scale), or its label.",
        ),
        Column("confidence", ColumnKind.CODE, "Confidence in the rating, one of the levels of [ratings] confidence."),
        Column("justification", ColumnKind.TEXT, "Why this rating: required for every rating.", required_if="rating"),
        Column("evaluator", ColumnKind.TEXT, "Who gave the rating."),
        Column("date", ColumnKind.PARTIAL_DATE, "When the rating was given.", unit="YYYY[-MM[-DD]]"),
    ),
    references=(
        Reference("operation_id", "operations", "operation_id", also_allowed=(PROGRAMME_ID,)),
        Reference("question_id", "questions", "question_id"),
    ),
)

# The surveys' own files live in this folder of the raw folder (beside a raw workbook).
SURVEYS_FOLDER = "surveys"

SURVEYS = Table(
    name="surveys",
    description=(
        "The evaluator's surveys and what each informs: one row per survey question tied to an evaluative "
        "question, carrying its survey's columns (files, collection period, operation). One table rather than "
        "a table of surveys and a table of ties: a survey informs a few questions, and a row that says the "
        "whole tie reads on its own; the survey's columns are repeated on its rows, and a row that gives "
        "another value than the first row of its survey is an error (rule survey.settings). The form "
        "(XLSForm .xlsx, sheets survey and choices) and the answers (a KoboToolbox export, CSV with ',' or "
        "';' or .xlsx, or an ODK Central CSV) are kept in the `surveys` folder beside the raw tables. A "
        "select_one whose choices are named 1 to N (N from 3 to 7; other choices such as « ne sait pas » "
        "are counted apart) is read as an ordered scale, 1 the lowest, and drawn as a diverging bar."
    ),
    key=("survey_id", "field", "question_id"),
    may_be_empty=True,
    optional=True,
    columns=(
        Column("survey_id", ColumnKind.SLUG, "Identifier of the survey.", required=True),
        Column(
            "title",
            ColumnKind.TEXT,
            "The survey's name as the report cites it; the form's form_title (settings sheet) where empty.",
        ),
        Column("form", ColumnKind.TEXT, "File name of the XLSForm questionnaire in the surveys folder.", required=True),
        Column(
            "answers",
            ColumnKind.TEXT,
            "File name of the answers as exported (KoboToolbox CSV or .xlsx, ODK Central CSV) in the surveys folder.",
            required=True,
        ),
        Column(
            "opens",
            ColumnKind.PARTIAL_DATE,
            "First day of collection: a submission dated before it is an error.",
            required=True,
            unit="YYYY[-MM[-DD]]",
        ),
        Column(
            "closes",
            ColumnKind.PARTIAL_DATE,
            "Last day of collection (a month or a year covers its last day).",
            required=True,
            unit="YYYY[-MM[-DD]]",
        ),
        Column(
            "operation_id",
            ColumnKind.SLUG,
            "The operation every answer concerns; empty for a survey of the programme or one whose answers name "
            "their operation (operation_field). Its page shows the survey's results.",
        ),
        Column(
            "operation_field",
            ColumnKind.TEXT,
            "The form's question whose answer is the operation_id the submission concerns (a select_one whose "
            "choices are named by operation_id); each operation's page shows its own answers.",
        ),
        Column(
            "field",
            ColumnKind.TEXT,
            "The form's question (its name) that informs the evaluative question.",
            required=True,
        ),
        Column("question_id", ColumnKind.SLUG, "The evaluative question it informs.", required=True),
    ),
    pair_rules=(PairRule("closes", ">=", "opens", rules.PERIOD_START_LE_END),),
    references=(
        Reference("operation_id", "operations", "operation_id"),
        Reference("question_id", "questions", "question_id"),
    ),
)

REVIEWED = Table(
    name="reviewed",
    description=(
        "The warnings the evaluator has examined and accepts, each with the reason and the date: the "
        "data-quality page lists them apart from the open ones and the terminal stops repeating them. "
        "A warning matches when its file, rule, column and value as written are these (and its row, when "
        "the row is given: leave it empty so that the acknowledgement survives rows added above). An "
        "error cannot be acknowledged."
    ),
    key=("file", "rule", "row", "column", "finding_value"),
    may_be_empty=True,
    optional=True,
    columns=(
        Column("file", ColumnKind.TEXT, "The file of the warning, as findings.csv names it.", required=True),
        Column("row", ColumnKind.INTEGER, "Its row, as findings.csv gives it; empty for any row.", minimum=1),
        Column("column", ColumnKind.TEXT, "Its column, as findings.csv names it (empty when it names none)."),
        Column("rule", ColumnKind.TEXT, "Its rule id (findings.csv's rule column).", required=True),
        Column("finding_value", ColumnKind.TEXT, "Its value as findings.csv gives it (empty when it gives none)."),
        Column("reason", ColumnKind.TEXT, "Why the warning is accepted as it is.", required=True),
        Column("date", ColumnKind.PARTIAL_DATE, "When it was examined.", unit="YYYY[-MM[-DD]]", required=True),
    ),
)

# Order matters: a table is cleaned after the tables it references.
TABLES: tuple[Table, ...] = (
    DOCUMENTS,
    ACRONYMS,
    CONTEXT,
    MEMBERS,
    OPERATIONS,
    PARTICIPANTS,
    PEOPLE_GROUPS,
    LOGFRAME,
    SDGS,
    PHASE2,
    INDICATORS,
    OBSERVATIONS,
    CLAIMS,
    DISCREPANCIES,
    QUESTIONS,
    MATRIX_INDICATORS,
    EVIDENCE,
    RATINGS,
    SURVEYS,
    REVIEWED,
)


def order_problems(tables: tuple[Table, ...]) -> list[str]:
    """Why ``tables`` cannot be cleaned in that order: a table comes before a table it reads. A
    reference resolves against the keys of the tables already read, a source against the documents,
    and a pair of passages against the operations; cleaning reads the tables in this order."""
    position = {candidate.name: index for index, candidate in enumerate(tables)}
    problems = []
    for index, candidate in enumerate(tables):
        needs = {reference.table for reference in candidate.references}
        if any(column.kind == ColumnKind.SOURCE for column in candidate.columns) and candidate.name != "documents":
            needs.add("documents")
        if candidate.name == "discrepancies":
            needs.add("operations")  # its operations column lists operation ids (check/discrepancies.py)
        problems += [
            f"{candidate.name} reads {needed}, which comes after it"
            for needed in sorted(needs)
            if needed in position and position[needed] > index
        ]
    return problems


# Declared in an order, checked here: a table moved before one it reads fails on import, not silently.
if order_problems(TABLES):
    raise ValueError(f"the schema's tables are out of order: {'; '.join(order_problems(TABLES))}")


def table(name: str) -> Table:
    for candidate in TABLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def programme_tables(lists: Mapping[tuple[str, str], Mapping[str, str]]) -> tuple[Table, ...]:
    """TABLES with a programme's closed lists: ``{(table, column): {accepted label: code}}``.

    A CODE column takes the mapping as its codes, a LABELS column the codes as its allowed
    labels. A list the programme leaves empty leaves its column open: any text is kept.
    """
    tables = []
    for table in TABLES:
        columns = []
        for column in table.columns:
            accepted = lists.get((table.name, column.name))
            if accepted and column.kind == ColumnKind.CODE:
                column = replace(column, codes=dict(accepted))
            elif accepted and column.kind == ColumnKind.LABELS:
                column = replace(column, allowed=tuple(dict.fromkeys(accepted.values())))
            columns.append(column)
        tables.append(replace(table, columns=tuple(columns)))
    return tuple(tables)
