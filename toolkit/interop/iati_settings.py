"""The starting ``programme.toml`` of a programme imported from an IATI activity file.

Without one, a build of the imported tables would read the project's own configuration and
carry another programme's name and title. The import writes one beside the raw folder, with
what the file says: the publisher, the years its activities span, IATI's word for them, and
the data folders, and the language its texts are in (``xml:lang``) when the reports can be written
in it. Its names and labels are written in that language. It never replaces a configuration that
is already there: the evaluator's edits stand.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from toolkit.model.currencies import DEFAULT_REPORTING_CURRENCY, iso_4217
from toolkit.model.language import DEFAULT as DEFAULT_LANGUAGE
from toolkit.model.language import LOCALES, _, using
from toolkit.model.outputs import write_text_atomic

CONFIG_NAME = "programme.toml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _evaluation_conventions() -> tuple[str, ...]:
    """What an IATI file cannot say: the evaluation's own conventions, written at the common values
    of OECD-DAC practice for the evaluator to set to the terms of reference; the labels in the
    active language."""
    scale = (
        ("4", _("Très satisfaisant")),
        ("3", _("Satisfaisant")),
        ("2", _("Peu satisfaisant")),
        ("1", _("Insatisfaisant")),
        ("NE", _("Non évaluable")),
    )
    confidence = (_("élevée"), _("moyenne"), _("faible"))
    return (
        "[status]",
        "# A target's status from its achievement (% of target): achieved at or above `achieved`,",
        "# partially achieved at or above `partially_achieved`, not achieved below.",
        "achieved = 100.0",
        "partially_achieved = 50.0",
        "",
        "[reconciliation]",
        "# How close a recomputed figure must be to a published one to be called consistent.",
        "exact_tolerance = 0.0",
        "about_tolerance = 0.10",
        "",
        "[ratings]",
        "# The evaluator's rating scale and confidence levels.",
        "scale = [",
        *(f"    {{ code = {_toml_string(code)}, label = {_toml_string(label)} }}," for code, label in scale),
        "]",
        f"confidence = [{', '.join(_toml_string(level) for level in confidence)}]",
    )


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string: the same quotes and the same backslash escapes.
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class StartingSettings:
    """What an IATI file says of the programme its activities make up."""

    file: str  # the file's name
    publisher: str = ""  # the reporting organisation's name
    publisher_ref: str = ""  # its IATI organisation identifier
    period: str = ""  # the years the activities span: "2012-2016"
    language: str = DEFAULT_LANGUAGE  # the language of its texts, when a report can be written in it
    currency: str = DEFAULT_REPORTING_CURRENCY  # the currency most of its activities state their budget in

    @classmethod
    def of(
        cls,
        file: str,
        publisher: str,
        ref: str,
        operations: Iterable[Mapping[str, str]],
        texts_language: str = DEFAULT_LANGUAGE,
    ) -> StartingSettings:
        """From the publisher the file names, the operations rows imported and the language of its texts."""
        operations = list(operations)
        return cls(file, publisher, ref, _years(operations), texts_language, _main_currency(operations))


def _primary(tag: str | None) -> str:
    """The language of an xml:lang tag, without its region: ``en-GB`` → ``en``."""
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def _title_language(activity) -> str:
    """The language of an activity's title as the import reads it (its first narrative with text, or
    the element's own text in a 1.0x file): that narrative's xml:lang, else the activity's, which
    IATI makes the default language of its narratives."""
    default = activity.get(XML_LANG)
    title = activity.find("title")
    if title is None:
        return _primary(default)
    for narrative in title.findall("narrative"):
        if (narrative.text or "").strip():
            return _primary(narrative.get(XML_LANG) or default)
    return _primary(title.get(XML_LANG) or default)


def texts_language(root) -> str:
    """The language most of the file's activity titles are written in, when the reports can be
    written in it ("fr", "en"); the default language otherwise (another language, or none said)."""
    found = Counter(_title_language(activity) for activity in root.findall("iati-activity"))
    most = next((code for code, _count in found.most_common() if code), "")
    return most if most in LOCALES else DEFAULT_LANGUAGE


def _main_currency(operations: list[Mapping[str, str]]) -> str:
    """The currency most activities state their budget in (else their grant: "1198000 USD"), one
    vote per activity: reporting in it leaves the fewest activities to convert."""
    votes: Counter[str] = Counter()
    for row in operations:
        for text in (row.get("budget") or "", row.get("grant") or ""):
            code = text.split()[-1] if text.split() else ""
            if code in iso_4217():
                votes[code] += 1
                break
    return votes.most_common(1)[0][0] if votes else DEFAULT_REPORTING_CURRENCY


def _years(operations: Iterable[Mapping[str, str]]) -> str:
    """The years the activities span, from their earliest start to their latest end: "2012-2016"."""
    operations = list(operations)
    starts = [row["start"][:4] for row in operations if (row.get("start") or "")[:4].isdigit()]
    ends = [row["end"][:4] for row in operations if (row.get("end") or "")[:4].isdigit()]
    first, last = min(starts, default=""), max(ends, default="")
    if first and last and first != last:
        return f"{first}-{last}"
    return first or last


def starting_config(settings: StartingSettings, raw: str) -> str:
    """The text of the starting configuration; ``raw`` is the raw folder relative to it. Its names
    and labels are in the language of the file's texts."""
    with using(settings.language):
        return _starting_config(settings, raw)


def _starting_config(settings: StartingSettings, raw: str) -> str:
    if settings.publisher:
        name = _("Activités IATI de {publisher}").format(publisher=settings.publisher)
    else:
        name = _("Activités IATI ({file})").format(file=settings.file)
    programme = {
        "name": name,
        "short_name": settings.publisher_ref or Path(settings.file).stem,
        "organisation": settings.publisher,
        "report_title": _("{name} — rapport d'évaluation").format(name=name),
        "period": settings.period,
        "operation": _("activité"),
        "operations": _("activités"),
        "operation_gender": "f",
        "language": settings.language,
    }
    lines = [
        f"# Written by import-iati from {settings.file}: what the file says of the programme. Read it,",
        "# correct the names and the period where the file is silent or terse; the import never replaces it.",
        "",
        "[programme]",
        *(f"{key} = {_toml_string(value)}" for key, value in programme.items()),
        "",
        "[data]",
        "# Relative to this file.",
        f"raw = {_toml_string(raw)}",
        'narrative = "narrative"',
        'clean = "clean"',
        'reports = "reports"',
        "",
        "[money]",
        "# Totals, medians and shares across activities in other currencies are converted into this one",
        "# (ECB reference rates on each amount's value-date). Rates the ECB does not publish (XOF aside,",
        '# fixed to the euro) go in a table: rates = [{ currency = "KES", rate = 117.5, date = "2019-06-28",',
        '# source = "…" }], in units of the currency for one unit of the reporting currency.',
        f"reporting_currency = {_toml_string(settings.currency)}",
        "",
        *_evaluation_conventions(),
    ]
    return "\n".join(lines) + "\n"


def write_starting_config(out_dir: Path, settings: StartingSettings) -> tuple[Path, bool]:
    """Write the starting configuration beside the raw folder ``out_dir``; its path, and whether it
    was written (False: one was already there and is kept)."""
    path = out_dir.resolve().parent / CONFIG_NAME
    if path.exists():
        return path, False
    raw = Path(os.path.relpath(out_dir.resolve(), path.parent)).as_posix()
    write_text_atomic(path, starting_config(settings, raw))
    return path, True
