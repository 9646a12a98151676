"""The programme configuration (``programme.toml``): names, data folders, thresholds, scales.

One file per programme: another programme is evaluated by pointing the toolkit at its file,
without touching the code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from toolkit.model.currencies import MoneySettings, money_settings
from toolkit.model.errors import ConfigurationError
from toolkit.model.language import DEFAULT as DEFAULT_LANGUAGE
from toolkit.model.language import LOCALES
from toolkit.model.paths import DEFAULT_CLEAN, DEFAULT_CONFIG, DEFAULT_NARRATIVE, DEFAULT_RAW, DEFAULT_REPORTS

# [data] keys and their defaults, relative to the configuration file's folder.
FOLDER_DEFAULTS = {
    "raw": DEFAULT_RAW,
    "narrative": DEFAULT_NARRATIVE,
    "clean": DEFAULT_CLEAN,
    "reports": DEFAULT_REPORTS,
}


@dataclass(frozen=True)
class Vocabulary:
    """The programme's own classifications, which its raw data must use."""

    themes: tuple[str, ...] = ()  # operations.themes
    axes: dict[str, str] = field(default_factory=dict)  # questions.axis: code -> label
    question_themes: dict[str, str] = field(default_factory=dict)  # questions.theme: code -> label


@dataclass(frozen=True)
class DataFolders:
    """Where the programme's data lives and its outputs go, as the configuration names them."""

    raw: Path
    narrative: Path
    clean: Path
    reports: Path


# A CAAC page takes 1 to 3 s; a page at ten minutes is stuck, not slow.
DEFAULT_PAGE_TIMEOUT = 600.0
# Megabytes of address space (RLIMIT_AS: everything a page's process maps, reserved or used).
# Measured on the CAAC build (docs/architecture.md, "Where notebooks run"): a page's process
# peaks at 1.6 GB with the fork engine, a page's kernel at 2.5 GB with --engine kernel, most of it
# reserved and never used (Arrow's allocator reserves 1 GB at its first allocation); 4 GB leave
# each at least 1.6 GB for data beyond CAAC's, and still stop a runaway page before it takes a
# laptop's memory.
DEFAULT_PAGE_MEMORY = 4096
# The decompressed size past which a raw workbook is refused before it is opened. A workbook is a
# zip: a few kilobytes can declare gigabytes, which openpyxl would decompress. A programme's tables
# take a few megabytes once decompressed (ten thousand rows of thirty columns, some 15 MB of sheet
# XML); two hundred leave room for ten times that and for the styles and images Excel adds, and
# still refuse a workbook that would take gigabytes of memory to read.
DEFAULT_MAX_WORKBOOK_MB = 200


@dataclass(frozen=True)
class StatusThresholds:
    achieved: float = 100.0
    partially_achieved: float = 50.0


@dataclass(frozen=True)
class Config:
    name: str
    short_name: str
    organisation: str
    report_title: str
    period: str
    operation_noun: tuple[str, str]  # what the programme calls an operation: singular, plural
    funders: str
    evaluator: str
    evaluation_date: str
    status: StatusThresholds
    exact_tolerance: float
    about_tolerance: float
    disaggregation_tolerance: float
    rating_scale: dict[str, str]  # code -> label, best first
    confidence_levels: tuple[str, ...]
    folders: DataFolders
    vocabulary: Vocabulary
    page_timeout: float = DEFAULT_PAGE_TIMEOUT  # seconds; past it a page fails alone
    page_memory: int = DEFAULT_PAGE_MEMORY  # megabytes of address space a page's process may map
    # [ingest] max_workbook_mb: megabytes a raw workbook (a table, a survey's form or answers) may
    # hold once decompressed; past it the workbook is refused unread.
    max_workbook_mb: int = DEFAULT_MAX_WORKBOOK_MB
    period_source: str = ""  # the line that gives the period ("004_….txt l. 308"), cited with it
    # The grammatical gender of that noun, which the sentences agree with: "f" (une opération
    # menée) or "m" (un projet mené).
    operation_gender: str = "f"
    # The reporting currency of totals, medians and shares, and the rates the ECB does not publish.
    money: MoneySettings = field(default_factory=MoneySettings)
    # The language of the reports and messages: "fr" (the default) or "en" (model/language.py).
    language: str = DEFAULT_LANGUAGE

    def closed_lists(self) -> dict[tuple[str, str], dict[str, str]]:
        """The programme's closed lists, as ``schema.programme_tables`` takes them."""
        return {
            ("operations", "themes"): {theme.lower(): theme for theme in self.vocabulary.themes},
            ("questions", "axis"): _accepted(self.vocabulary.axes),
            ("questions", "theme"): _accepted(self.vocabulary.question_themes),
            ("ratings", "rating"): _accepted(self.rating_scale),
            ("ratings", "confidence"): _accepted({level: level for level in self.confidence_levels}),
        }


def _accepted(labels: dict[str, str]) -> dict[str, str]:
    """Each code, written as its code or as its label, in any case."""
    return {text.lower(): code for code, label in labels.items() for text in (code, label)}


def _gender(programme: dict, path: Path) -> str:
    gender = str(programme.get("operation_gender", "f"))
    if gender not in ("f", "m"):
        raise ConfigurationError(
            f"{path} : [programme] operation_gender vaut « f » (une opération) ou « m » (un projet), pas « {gender} »",
            path=str(path),
        )
    return gender


# How the configuration error names each language, in the French of the other errors.
_LANGUAGE_NAMES = {"fr": "français", "en": "anglais"}


def _language(programme: dict, path: Path) -> str:
    language = programme.get("language", DEFAULT_LANGUAGE)
    if not isinstance(language, str) or language not in LOCALES:
        accepted = " ou ".join(f"« {code} » ({_LANGUAGE_NAMES[code]})" for code in LOCALES)
        raise ConfigurationError(f"{path} : [programme] language vaut {accepted}, pas « {language} »", path=str(path))
    return language


def _section(data: dict, name: str, path: Path) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise ConfigurationError(f"{path} : la section [{name}] manque", path=str(path))
    return section


@cache
def _where(error: tomllib.TOMLDecodeError) -> str:
    """Where tomllib stopped, in French: its own words are English, and say less than the place."""
    place = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    if place is None:
        return ""
    return f" (ligne {place[1]}, colonne {place[2]}) : vérifier la syntaxe à cet endroit"


def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    if not path.is_file():
        raise ConfigurationError(f"configuration du programme introuvable : {path}", path=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{path} n'est pas un fichier TOML valide{_where(error)}", path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigurationError(
            f"{path} n'est pas enregistré en UTF-8 : l'enregistrer en UTF-8", path=str(path)
        ) from None
    programme = _section(data, "programme", path)
    status = _section(data, "status", path)
    reconciliation = _section(data, "reconciliation", path)
    ratings = _section(data, "ratings", path)
    thresholds = StatusThresholds(float(status["achieved"]), float(status["partially_achieved"]))
    if not 0 <= thresholds.partially_achieved <= thresholds.achieved:
        raise ConfigurationError(f"{path} : [status] demande 0 <= partially_achieved <= achieved", path=str(path))
    try:
        return Config(
            name=str(programme["name"]),
            short_name=str(programme.get("short_name", programme["name"])),
            organisation=str(programme.get("organisation", "")),
            report_title=str(programme["report_title"]),
            period=str(programme.get("period", "")),
            period_source=str(programme.get("period_source", "")),
            operation_noun=(
                str(programme.get("operation", "opération")),
                str(programme.get("operations", programme.get("operation", "opération") + "s")),
            ),
            funders=str(programme.get("funders", "")),
            operation_gender=_gender(programme, path),
            language=_language(programme, path),
            evaluator=str(data.get("evaluation", {}).get("evaluator", "")),
            evaluation_date=str(data.get("evaluation", {}).get("date", "")),
            status=thresholds,
            exact_tolerance=float(reconciliation.get("exact_tolerance", 0.0)),
            about_tolerance=float(reconciliation.get("about_tolerance", 0.1)),
            disaggregation_tolerance=float(data.get("indicators", {}).get("disaggregation_tolerance", 0.0)),
            rating_scale={str(item["code"]): str(item["label"]) for item in ratings["scale"]},
            confidence_levels=tuple(str(level) for level in ratings["confidence"]),
            folders=_folders(data.get("data", {}), path),
            vocabulary=_vocabulary(data.get("vocabulary", {}), path),
            page_timeout=_page_timeout(data.get("build", {}), path),
            page_memory=_page_memory(data.get("build", {}), path),
            max_workbook_mb=_max_workbook_mb(data.get("ingest", {}), path),
            money=money_settings(data.get("money"), path),
        )
    except KeyError as missing:
        raise ConfigurationError(f"{path} : le réglage {missing} manque", path=str(path)) from None


def _page_timeout(section: dict, path: Path) -> float:
    value = section.get("page_timeout", DEFAULT_PAGE_TIMEOUT)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigurationError(
            f"{path} : [build] page_timeout doit être un nombre de secondes supérieur à 0, pas {value!r}",
            path=str(path),
        )
    return float(value)


def _page_memory(section: dict, path: Path) -> int:
    return _megabytes(section, "build", "page_memory", DEFAULT_PAGE_MEMORY, path)


def _max_workbook_mb(section: dict, path: Path) -> int:
    return _megabytes(section, "ingest", "max_workbook_mb", DEFAULT_MAX_WORKBOOK_MB, path)


def _megabytes(section: dict, name: str, key: str, default: int, path: Path) -> int:
    value = section.get(key, default)
    # Past 2**43 MB a byte count no longer fits the system's limits (an OverflowError in each page).
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**43:
        raise ConfigurationError(
            f"{path} : [{name}] {key} doit être un nombre entier de mégaoctets supérieur à 0, pas {value!r}",
            path=str(path),
        )
    return value


def _folders(section: dict, path: Path) -> DataFolders:
    unknown = sorted(set(section) - set(FOLDER_DEFAULTS))
    if unknown:
        known = ", ".join(FOLDER_DEFAULTS)
        raise ConfigurationError(
            f"{path} : [data] n'a pas de réglage {unknown[0]!r} (réglages connus : {known})", path=str(path)
        )
    for key, value in section.items():
        # A path no system can open: said here, not as a ValueError from the first file opened.
        if not isinstance(value, str) or not value.strip() or "\x00" in value:
            raise ConfigurationError(
                f"{path} : [data] {key} doit être un chemin de dossier, pas {value!r}", path=str(path)
            )
    # Relative to the file, not to wherever the command runs: the file travels with its data.
    base = path.parent
    return DataFolders(**{key: base / str(section.get(key, default)) for key, default in FOLDER_DEFAULTS.items()})


def _vocabulary(section: dict, path: Path) -> Vocabulary:
    def coded(key: str) -> dict[str, str]:
        items = section.get(key, [])
        if not all(isinstance(item, dict) and "code" in item and "label" in item for item in items):
            raise ConfigurationError(
                f"{path} : [vocabulary] {key} est une liste de {{ code = ..., label = ... }}", path=str(path)
            )
        return {str(item["code"]): str(item["label"]) for item in items}

    return Vocabulary(
        themes=tuple(str(theme) for theme in section.get("themes", [])),
        axes=coded("axes"),
        question_themes=coded("question_themes"),
    )
