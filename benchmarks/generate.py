"""A seeded synthetic portfolio: N operations × M indicators × P periods, as raw files the toolkit reads.

The files imitate what an evaluator receives: French number formats (`98 525 €` with a
narrow no-break space, decimal commas), `;` and `,` delimiters, one file saved by Excel on
Windows (cp1252, CRLF), two with a BOM. A handful of realistic faults are planted so that
the cleaning has findings and quarantine to produce, never a refused file.

    python benchmarks/generate.py --operations 100 --indicators 5 --periods 4 --seed 1 --out DIR

writes DIR/raw/*.csv, the two source documents they cite in DIR/raw/documents/, DIR/programme.toml
and an empty DIR/narrative/. The documents are written from what the rows cite: every verbatim
text (a claim, an objective, an excerpt) stands at the lines its row's source cites, and each
document has exactly the lines the references need.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FICHES = "900_fiches_synthetiques.txt"  # one fiche per operation
SUIVI = "901_suivi_synthetique.txt"  # one line per operation and indicator
FICHE_LINES = 40
FIRST_YEAR = 2016
NNBSP = "\u202f"  # narrow no-break space: French thousands separator in amounts
NBSP = "\u00a0"  # no-break space: the one cp1252 (Excel on Windows) can hold

COUNTRIES = (
    "Sénégal",
    "Mali",
    "Maroc",
    "Tunisie",
    "Egypte",
    "Burkina Faso",
    "Guinée",
    "Tchad",
    "Haïti",
    "Bolivie",
    "Pérou",
    "Cambodge",
    "Madagascar",
    "Bénin",
    "Togo",
    "Niger",
    "Cameroun",
    "Colombie",
    "Nicaragua",
    "Mauritanie",
)
THEMES = (
    "insertion socio-économique",
    "promotion des droits sociaux",
    "mobilité internationale",
    "développement local",
)
CRITERIA = ("pertinence", "coherence", "efficacite", "efficience", "impact", "durabilite")
SDGS = ("8.6", "5", "17.17", "4.4", "8.8", "1")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# The faults planted, as the findings they must produce: (file, rule, severity).
FAULTS = (
    ("observations.csv", "parse.date", "error"),  # a month 13
    ("observations.csv", "key.unique", "error"),  # a row typed in twice
    ("participants.csv", "parse.country", "error"),  # a country that does not exist
    ("operations.csv", "people.untranscribed", "warning"),  # "9 à 15 jeunes" transcribed as 9 in people.csv
)


@dataclass
class Portfolio:
    root: Path
    operation_ids: list[str]
    observation_rows: int
    faults: tuple[tuple[str, str, str], ...] = FAULTS
    files: dict[str, int] = field(default_factory=dict)  # raw file -> data rows

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def config(self) -> Path:
        return self.root / "programme.toml"

    @property
    def narrative(self) -> Path:
        return self.root / "narrative"

    @property
    def untouched_operation(self) -> str:
        """An operation no fault touches: the one a benchmark may change."""
        return self.operation_ids[-1]


def fr_int(value: int, space: str = NNBSP) -> str:
    """13600 -> '13 600' with French digit grouping."""
    return f"{value:,}".replace(",", space)


def fr_decimal(value: float) -> str:
    """72.5 -> '72,5'."""
    return f"{value:.1f}".replace(".", ",")


def period(index: int) -> str:
    """Monthly reporting periods from January of FIRST_YEAR: 0 -> '2016-01'."""
    return f"{FIRST_YEAR + index // 12}-{index % 12 + 1:02d}"


class Document:
    """A source document written from what the rows cite: the pieces of text each of its lines holds."""

    def __init__(self, name: str, length: int) -> None:
        self.name = name
        self.length = length
        self.pieces: dict[int, list[str]] = {}

    def say(self, line: int, text: str) -> None:
        """Write ``text`` on ``line`` (1-based), after what the line already holds."""
        if not 1 <= line <= self.length or text.splitlines() != [text]:
            raise ValueError(f"{self.name}: {text!r} cannot stand on line {line} of {self.length}")
        self.pieces.setdefault(line, []).append(text)

    def cite(self, source: str, text: str, at: int = 1) -> str:
        """Write ``text`` on the ``at``-th line of the range ``source`` cites in this document, and
        return ``source``, for the row that cites it."""
        document, _, lines = source.partition(" l. ")
        first, _, last = lines.partition("-")
        if document != self.name or not 1 <= at <= int(last or first) - int(first) + 1:
            raise ValueError(f"{source!r} has no line {at} in {self.name}")
        self.say(int(first) + at - 1, text)
        return source

    def write(self, folder: Path, filler: Callable[[int], str] | None = None) -> None:
        """The document as UTF-8 text, one line per number; ``filler(line)`` where nothing is cited
        alone (without a filler, every line must have been written)."""
        pieces = self.pieces
        if filler is None and len(pieces) != self.length:
            raise ValueError(f"{self.name}: {self.length - len(pieces)} lines with nothing written on them")
        fill = filler or str
        text = "\n".join(" ".join(pieces[n]) if n in pieces else fill(n) for n in range(1, self.length + 1))
        (folder / self.name).write_text(text + "\n", encoding="utf-8")


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8") -> int:
    # Excel on French Windows writes cp1252 with CRLF; everything else here is Unix-style.
    newline = "\r\n" if encoding == "cp1252" else "\n"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


def _fiche(index: int, first: int = 1, last: int = FICHE_LINES) -> str:
    start = index * FICHE_LINES
    lines = f"{start + first}" if first == last else f"{start + first}-{start + last}"
    return f"{FICHES} l. {lines}"


def programme_toml(operations: int) -> str:
    """The repository's programme.toml with the synthetic programme's names: same thresholds and scale."""
    text = (ROOT / "programme.toml").read_text(encoding="utf-8")
    names = {
        "name": "Portefeuille synthétique de référence",
        "short_name": "SYNTH",
        "organisation": "Plate-forme synthétique",
        "report_title": f"Portefeuille synthétique ({operations} opérations) — rapport d'évaluation",
        "funders": "Bailleur synthétique",
    }
    for key, value in names.items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', text, count=1)
    return text


# Columns of claims.csv the synthetic programme leaves empty: no growth claim, no explanation, no span.
CLAIM_EXTRA_COLUMNS = ("operation_id", "indicator_id", "explanation", "source_explanation", "span")
SHARED_ISSUES = ("Jeunes et insertion", "Droits des travailleurs", "Économie des territoires")


def _operations(
    rng: np.random.Generator, ids: list[str], members: list[str], periods: int, fiches: Document
) -> list[list[str]]:
    budgets = rng.integers(40_000, 900_000, len(ids))
    shares = rng.uniform(0.3, 0.8, len(ids))
    direct = rng.integers(20, 20_000, len(ids))
    last = period(periods - 1)
    rows = []
    for i, operation_id in enumerate(ids):
        countries = [COUNTRIES[(i + k * 7) % len(COUNTRIES)] for k in range(1 + i % 3)] + ["France"]
        # Dates written three ways, as fiches and spreadsheets do; all mean January of FIRST_YEAR.
        start = (f"{FIRST_YEAR}-01", f"01/{FIRST_YEAR}", f"janvier {FIRST_YEAR}")[i % 3]
        end_year, end_month = int(last[:4]), int(last[5:])
        end = (last, f"{end_month:02d}/{end_year}", f"{MONTHS[end_month - 1]} {end_year}")[i % 3]
        rows.append(
            [
                operation_id,
                "1",
                f"Opération pilote {i + 1} : coopération entre territoires",
                members[i % len(members)],
                f"AM{i % len(members) + 1}",
                " / ".join(countries[:-1]) + " / France",
                ", ".join(countries),
                f"Région {i + 1} ({countries[0]}), Île-de-France",
                f"Directs : {fr_int(int(direct[i]))} personnes",
                f"Indirects : {fr_int(int(direct[i]) * 4)} habitants",
                f"{periods} mois",
                f"{fr_int(int(budgets[i]))} €",
                f"{fr_int(int(budgets[i] * shares[i]))} €",
                start,
                end,
                "; ".join(THEMES[(i + k) % len(THEMES)] for k in range(1 + i % 2)),
                _fiche(i),
                _fiche(i, 2, 4),
                SHARED_ISSUES[i % len(SHARED_ISSUES)],
                _fiche(i, 5, 5),
                _fiche(i, 12, 12),  # the budget and the grant stand on the fiche's line 12
                _fiche(i, 12, 12),
                _fiche(i, 13, 13),  # and the duration on line 13
                "",  # value_date: the amounts are in euros, the reporting currency
            ]
        )
        row = rows[-1]
        fiches.cite(row[16], f"Fiche {i + 1} — {row[2]} ({operation_id}), portée par {row[3]} ({row[4]}).")
        fiches.cite(row[17], f"Pays : {row[6]}.")
        fiches.cite(row[16], f"Zone : {row[5]}.", at=3)
        fiches.cite(row[16], f"Territoires : {row[7]}.", at=4)
        fiches.cite(row[19], f"Enjeu partagé : {row[18]}.")
        fiches.cite(row[16], f"Budget : {row[11]}, dont une subvention de {row[12]}.", at=12)
        fiches.cite(row[16], f"Durée : {row[10]}, de {row[13]} à {row[14]}.", at=13)
        fiches.cite(row[16], f"Thèmes : {row[15]}.", at=14)
    return rows


def _fiche_filler(line: int) -> str:
    """A line of a fiche that no row cites alone: the fiche's account of its activities."""
    index, number = divmod(line - 1, FICHE_LINES)
    return f"Fiche {index + 1}, activité {number - 13} : ateliers et échanges entre les territoires partenaires."


def _participants(ids: list[str], members: list[str], fiches: Document) -> list[list[str]]:
    rows = []
    for i, operation_id in enumerate(ids):
        country = COUNTRIES[i % len(COUNTRIES)]
        fiches.cite(_fiche(i, 5, 5), f"Porteur : {members[i % len(members)]}, France.")
        fiches.cite(_fiche(i, 6, 7), f"Partenaire principal : Association partenaire {i + 1} de {country}, {country}.")
        fiches.cite(_fiche(i, 8, 8), f"Partenaire principal : Commune partenaire {i + 1}, collectivité, {country}.")
        fiches.cite(_fiche(i, 9, 9), "Financeur : Bailleur synthétique.")
        rows += [
            [operation_id, members[i % len(members)], "Porteur du projet", "", "France", _fiche(i, 5, 5)],
            [
                operation_id,
                f"Association partenaire {i + 1} de {country}",
                "Partenaire principal",
                "",
                country,
                _fiche(i, 6, 7),
            ],
            [operation_id, f"Commune partenaire {i + 1}", "Partenaire principal", "11", country, _fiche(i, 8, 8)],
            [operation_id, "Bailleur synthétique", "Financeur", "", "", _fiche(i, 9, 9)],
        ]
    return rows


def _indicators(count: int, suivi: Document) -> list[list[str]]:
    rows = [
        [
            f"people-reached-{kind}",
            f"Personnes touchées {label}ement",
            "output",
            "unit",
            "personnes",
            "incremental",
            "oui",
            "",
            "Fiches des opérations",
            f"Bénéficiaires {label}s déclarés par les fiches.",
            f"{FICHES} l. 1-{FICHE_LINES}",
        ]
        for kind, label in (("direct", "direct"), ("indirect", "indirect"))
    ]
    for j in range(count):
        percentage = j % 5 == 4
        aggregation = "latest" if percentage else ("cumulative" if j % 4 == 3 else "incremental")
        rows.append(
            [
                f"ind-{j + 1:02d}",
                f"Indicateur synthétique {j + 1}" + (" (taux)" if percentage else ""),
                ("output", "outcome", "Effet")[j % 3],  # a French label among the codes, as transcribers write
                "Pourcentage" if percentage else "unit",
                "%" if percentage else ("personnes", "sessions", "structures")[j % 3],
                aggregation,
                "non" if j % 7 == 6 else "oui",
                "ODD " + SDGS[j % len(SDGS)] if j % 2 else SDGS[j % len(SDGS)],
                "Rapports de suivi des opérations",
                "Valeur déclarée par période de suivi mensuelle.",
                f"{SUIVI} l. {j + 1}",
            ]
        )
        row = rows[-1]
        suivi.cite(row[10], f"{row[0]} — {row[1]} ({row[4]}) : {row[9]}")
    return rows


def _observations(
    rng: np.random.Generator, ids: list[str], indicators: int, periods: int, suivi: Document
) -> list[list[str]]:
    """A target and an actual per operation, indicator and period; values vectorised, then formatted.
    Each series is one line of the monitoring document, which the series' rows cite."""
    n, m, p = len(ids), indicators, periods
    base = rng.integers(5, 4_000, (n, m, 1))
    step = np.arange(1, p + 1).reshape(1, 1, p)
    cumulative = np.array([j % 4 == 3 and j % 5 != 4 for j in range(m)]).reshape(1, m, 1)
    targets = np.where(cumulative, base * step, base).astype(np.int64) * np.ones((1, 1, p), np.int64)
    # One achievement rate per series keeps cumulative actuals from falling, as they must.
    rate = rng.uniform(0.4, 1.3, (n, m, 1))
    actuals = np.rint(targets * rate).astype(np.int64)
    percent_targets = rng.uniform(40, 95, (n, m, p))
    percent_actuals = np.clip(percent_targets * rate, 0, 100)
    about = rng.random((n, m, p)) < 0.01  # a few actuals written "environ 1 200"
    periods_text = [period(k) for k in range(p)]
    rows = []
    for i, operation_id in enumerate(ids):
        for j in range(m):
            indicator = f"ind-{j + 1:02d}"
            percentage = j % 5 == 4
            line = m + i * m + j + 1
            source = f"{SUIVI} l. {line}"
            values = []
            for k, when in enumerate(periods_text):
                if percentage:
                    target, actual = fr_decimal(percent_targets[i, j, k]), fr_decimal(percent_actuals[i, j, k])
                else:
                    target, actual = fr_int(int(targets[i, j, k])), fr_int(int(actuals[i, j, k]))
                    if about[i, j, k]:
                        actual = f"environ {actual}"
                rows.append([operation_id, indicator, "cible", when, when, target, "", "", "", source, ""])
                rows.append([operation_id, indicator, "réalisé", when, when, actual, "", "", "", source, ""])
                values.append(f"{when} : cible {target}, réalisé {actual}")
            suivi.say(line, f"{operation_id} — {indicator} — " + " ; ".join(values) + ".")
    return rows


def generate(out: Path, operations: int, indicators: int, periods: int, seed: int = 1) -> Portfolio:
    """Write a complete raw folder, programme.toml and narrative/ under ``out``; same seed, same bytes."""
    if operations < 3 or indicators < 1 or periods < 1:
        raise ValueError("the faults need at least 3 operations, 1 indicator and 1 period")
    rng = np.random.default_rng(seed)
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (out / "narrative").mkdir(exist_ok=True)
    (out / "programme.toml").write_text(programme_toml(operations), encoding="utf-8")
    ids = [f"op-{i + 1:04d}" for i in range(operations)]
    members = [f"Association membre {k + 1}" for k in range(max(3, operations // 3))]
    # The documents hold exactly the lines the references cite: a fiche per operation; a line per
    # indicator, then one per operation and indicator.
    fiches = Document(FICHES, FICHE_LINES * operations)
    suivi = Document(SUIVI, indicators * (operations + 1))
    files: dict[str, int] = {}

    files["documents.csv"] = _write(
        raw / "documents.csv",
        [
            "document",
            "title",
            "short_title",
            "author",
            "author_short",
            "date",
            "kind",
            "lines",
            "description",
            "confidential",
            "place",
            "role",
            "withheld_names",
        ],
        [
            [
                FICHES,
                "Fiches des opérations synthétiques",
                "Fiches synthétiques",
                "Plate-forme synthétique",
                "PFS",
                f"{FIRST_YEAR}-01",
                "présentation",
                "",  # counted in the file
                "Une fiche par opération.",
                "",
                "",
                "",
                "",
            ],
            [
                SUIVI,
                "Suivi mensuel des indicateurs",
                "Suivi mensuel",
                "Plate-forme synthétique",
                "PFS",
                "2019",
                "rapport de suivi",
                "",
                "Une ligne par opération et indicateur.",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    # No context facts nor acronyms: the pages say so, which is what a new programme sees first.
    files["acronyms.csv"] = _write(raw / "acronyms.csv", ["acronym", "meaning", "source", "misspellings"], [])
    files["context.csv"] = _write(raw / "context.csv", ["fact_id", "topic", "text", "source"], [])
    operation_rows = _operations(rng, ids, members, periods, fiches)
    operation_rows[1][8] = "Directs : 9 à 15 jeunes"  # a range, which people.csv must keep whole
    files["operations.csv"] = _write(
        raw / "operations.csv",
        [
            "operation_id",
            "phase",
            "title",
            "lead_org",
            "lead_short",
            "zone",
            "countries",
            "territories",
            "direct_beneficiaries",
            "indirect_beneficiaries",
            "duration",
            "budget",
            "grant",
            "start",
            "end",
            "themes",
            "source",
            "source_countries",
            "shared_issue",
            "source_shared_issue",
            "source_budget",
            "source_grant",
            "source_duration",
            "value_date",
        ],
        operation_rows,
    )
    files["logframe.csv"] = _write(
        raw / "logframe.csv",
        ["operation_id", "item_id", "kind", "text", "source"],
        [
            [
                operation_id,
                f"{operation_id}-o1",
                "objectif",
                "Coopérer entre territoires.",
                fiches.cite(_fiche(i, 7, 7), "Objectif : Coopérer entre territoires."),
            ]
            for i, operation_id in enumerate(ids)
        ],
    )
    # No document of the synthetic programme announces a later phase or links an operation to a goal.
    files["phase2.csv"] = _write(
        raw / "phase2.csv",
        ["project_id", "phase", "title", "leads", "partners", "territories", "countries", "support", "source"],
        [],
    )
    files["sdgs.csv"] = _write(raw / "sdgs.csv", ["operation_id", "sdg", "statement", "source"], [])

    # Each fiche's groups, as people.csv transcribes them: the count and the group of its text.
    people_rows = [
        [
            row[0],
            reach,
            *row[column].split(" : ", 1)[1].split(" ", 1),
            "oui",
            "",
            "",
            "",
            fiches.cite(_fiche(i, 6, 6), f"{row[column]}."),
        ]
        for i, row in enumerate(operation_rows)
        for reach, column in (("direct", 8), ("indirect", 9))
    ]
    people_rows[2][2] = "9"  # fault: the fiche's "9 à 15 jeunes" loses its upper bound in transcription
    files["people.csv"] = _write(
        raw / "people.csv",
        ["operation_id", "reach", "count", "group", "persons", "place", "restates", "note", "source"],
        people_rows,
    )

    participant_rows = _participants(ids, members, fiches)
    participant_rows[5][4] = "Atlantide"  # fault: no such country
    # Saved from Excel on Windows: cp1252, CRLF and commas.
    files["participants.csv"] = _write(
        raw / "participants.csv",
        ["operation_id", "organisation", "role", "org_type", "country", "source", "member"],
        [[*row, ""] for row in participant_rows],
        ",",
        "cp1252",
    )

    budget = sum(int(row[11].replace(NNBSP, "").removesuffix(" €")) for row in operation_rows)
    claims = [
        [
            "900-operations",
            "operations",
            f"le programme a soutenu {operations} opérations pilotes",
            str(operations),
            "opérations",
            "opérations pilotes",
            _fiche(0, 1, 1),
        ],
        [
            "900-members",
            "members",
            f"la plate-forme réunit {len(members)} membres",
            str(len(members)),
            "membres",
            "membres de la plate-forme",
            _fiche(0, 2, 2),
        ],
        [
            "900-budget",
            "budget",
            "un budget de plus d'un million d'euros",
            f"{fr_decimal(budget / 1e6)} millions d'euros",
            "€",
            "budget des opérations",
            _fiche(0, 3, 3),
        ],
        [
            "900-countries",
            "countries",
            "des opérations dans plus de 10 pays",
            "plus de 10",
            "pays",
            "pays, France comprise",
            _fiche(0, 4, 4),
        ],
    ]
    # The fiche of the first operation opens with the programme's figures, which the claims quote.
    for claim in claims:
        fiches.cite(claim[6], f"Programme : {claim[2]}" + ("" if claim[3] in claim[2] else f" ({claim[3]})") + ".")
    fiches.cite(_fiche(0, 1, 3), "Membres de la plate-forme : " + ", ".join(members) + ".", at=2)
    files["members.csv"] = _write(
        raw / "members.csv", ["organisation", "source"], [[name, _fiche(0, 1, 3)] for name in members]
    )
    files["claims.csv"] = _write(
        raw / "claims.csv",
        ["claim_id", "subject", "statement", "value", "unit", "scope", "source", *CLAIM_EXTRA_COLUMNS],
        [[*claim, *("" for _ in CLAIM_EXTRA_COLUMNS)] for claim in claims],
        encoding="utf-8-sig",
    )
    files["indicators.csv"] = _write(
        raw / "indicators.csv",
        [
            "indicator_id",
            "title",
            "level",
            "measure",
            "unit",
            "aggregation",
            "ascending",
            "sdg",
            "means_of_verification",
            "definition",
            "source",
        ],
        _indicators(indicators, suivi),
        encoding="utf-8-sig",
    )

    observation_rows = _observations(rng, ids, indicators, periods, suivi)
    # Faults on actuals of the first operation, so that no target loses its pair.
    observation_rows[1][4] = f"{FIRST_YEAR}-13"  # a month 13
    observation_rows.insert(4, list(observation_rows[3]))  # the same actual typed in twice
    files["observations.csv"] = _write(
        raw / "observations.csv",
        [
            "operation_id",
            "indicator_id",
            "value_type",
            "period_start",
            "period_end",
            "value",
            "unit",
            "dimensions",
            "comment",
            "source",
            "place",
            "span",
        ],
        [[*row, ""] for row in observation_rows],
        ",",
    )

    questions = [
        [
            f"q-{criterion}-1",
            criterion,
            ("axe-1", "axe-2", "")[c % 3],
            ("1.1", "1.2", "2.1", "2.2", "", "")[c],
            f"Dans quelle mesure les opérations répondent-elles au critère de {criterion} ?",
            "évaluative",
            "Constats convergents des fiches et du suivi.",
            "",
        ]
        for c, criterion in enumerate(CRITERIA)
    ]
    files["questions.csv"] = _write(
        raw / "questions.csv",
        ["question_id", "criterion", "axis", "theme", "question", "kind", "judgement_criteria", "source"],
        questions,
    )
    files["matrix_indicators.csv"] = _write(
        raw / "matrix_indicators.csv",
        ["question_id", "indicator", "indicator_id", "computed"],
        [
            ["q-efficacite-1", "Part des cibles atteintes", "", "cibles"],
            ["q-efficience-1", "Budget et subvention par opération", "", "budget"],
            ["q-pertinence-1", "Besoins établis par un diagnostic partagé", "", ""],
        ],
    )
    evidence = [
        [operation_id, questions[i % 4][0], _fiche(i, 10 + k, 11 + k), f"Extrait de la fiche {i + 1}, passage {k + 1}."]
        for i, operation_id in enumerate(ids)
        for k in range(2)
    ]
    for row in evidence:
        fiches.cite(row[2], row[3])
    files["evidence.csv"] = _write(raw / "evidence.csv", ["operation_id", "question_id", "source", "excerpt"], evidence)
    ratings = [
        [
            ids[0],
            "pertinence",
            "",
            "3",
            "moyenne",
            "Besoins établis par un diagnostic partagé.",
            "Évaluation synthétique",
            "2024-03-15",
        ]
    ]
    files["ratings.csv"] = _write(
        raw / "ratings.csv",
        ["operation_id", "criterion", "question_id", "rating", "confidence", "justification", "evaluator", "date"],
        ratings,
    )

    folder = raw / "documents"
    folder.mkdir(exist_ok=True)
    fiches.write(folder, _fiche_filler)
    suivi.write(folder)  # every line is an indicator or a series
    return Portfolio(out, ids, files["observations.csv"], files=files)


def change_one_value(raw: Path, operation_id: str) -> None:
    """Add 1 to the first actual of ``operation_id`` in observations.csv, leaving every other line as it was."""
    path = raw / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.startswith(f"{operation_id},") and ",réalisé," in line:
            fields = next(csv.reader([line]))
            digits = re.search(rf"[0-9][0-9{NNBSP}]*", fields[5])
            value = int(digits[0].replace(NNBSP, "")) + 1
            fields[5] = fields[5][: digits.start()] + fr_int(value) + fields[5][digits.end() :]
            buffer: list[str] = []
            csv.writer(_Collect(buffer), lineterminator="").writerow(fields)
            lines[number] = buffer[0]
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise ValueError(f"no actual of {operation_id} in {path.name}")


class _Collect:
    """A file-like sink for csv.writer: the changed line is quoted exactly as the generator quotes."""

    def __init__(self, buffer: list[str]) -> None:
        self.write = buffer.append


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operations", type=int, default=9)
    parser.add_argument("--indicators", type=int, default=5)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    portfolio = generate(arguments.out, arguments.operations, arguments.indicators, arguments.periods, arguments.seed)
    print(f"{len(portfolio.operation_ids)} operations, {portfolio.observation_rows} observation rows → {portfolio.raw}")


if __name__ == "__main__":
    main()
