"""The programme configuration (``programme.toml``): names, thresholds, scales."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from toolkit.errors import ConfigurationError
from toolkit.paths import DEFAULT_CONFIG


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
    funders: str
    evaluator: str
    evaluation_date: str
    status: StatusThresholds
    exact_tolerance: float
    about_tolerance: float
    disaggregation_tolerance: float
    rating_scale: dict[str, str]  # code -> label, best first
    confidence_levels: tuple[str, ...]


def _section(data: dict, name: str, path: Path) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise ConfigurationError(f"{path}: section [{name}] is missing", path=str(path))
    return section


@cache
def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    if not path.is_file():
        raise ConfigurationError(f"programme configuration not found: {path}", path=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{path} is not valid TOML: {error}", path=str(path)) from None
    programme = _section(data, "programme", path)
    status = _section(data, "status", path)
    reconciliation = _section(data, "reconciliation", path)
    ratings = _section(data, "ratings", path)
    thresholds = StatusThresholds(float(status["achieved"]), float(status["partially_achieved"]))
    if not 0 <= thresholds.partially_achieved <= thresholds.achieved:
        raise ConfigurationError(f"{path}: [status] needs 0 <= partially_achieved <= achieved", path=str(path))
    try:
        return Config(
            name=str(programme["name"]),
            short_name=str(programme.get("short_name", programme["name"])),
            organisation=str(programme.get("organisation", "")),
            report_title=str(programme["report_title"]),
            period=str(programme.get("period", "")),
            funders=str(programme.get("funders", "")),
            evaluator=str(data.get("evaluation", {}).get("evaluator", "")),
            evaluation_date=str(data.get("evaluation", {}).get("date", "")),
            status=thresholds,
            exact_tolerance=float(reconciliation.get("exact_tolerance", 0.0)),
            about_tolerance=float(reconciliation.get("about_tolerance", 0.1)),
            disaggregation_tolerance=float(data.get("indicators", {}).get("disaggregation_tolerance", 0.0)),
            rating_scale={str(item["code"]): str(item["label"]) for item in ratings["scale"]},
            confidence_levels=tuple(str(level) for level in ratings["confidence"]),
        )
    except KeyError as missing:
        raise ConfigurationError(f"{path}: setting {missing} is missing", path=str(path)) from None
