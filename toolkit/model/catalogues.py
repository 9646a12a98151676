"""The message catalogues' upkeep: what Babel extracts from the code, which catalogue file each
message goes to, and the update ``make messages`` runs.

Every message the code marks (``_``, ``N_``, ``ngettext``, ``pgettext``, ``npgettext``, and
``counted`` given both forms of its noun) is extracted by Babel's own Python extractor, with the
keywords and files declared here once: ``make messages`` and the test that holds every message
translated read the same list.

A language's catalogue is several ``.po`` files, one per area of the code (``AREAS``): a message
goes to the area of the first file that uses it. People converting different parts of the code
add messages to different files, sorted by message and without line numbers, so that their
changes do not meet in one place. Loading merges them (``model/language.py``).

The update keeps every translation whose French text is unchanged, proposes the translation of a
close French text as *fuzzy* (a fuzzy translation is not used, and the test fails until someone
checks it and removes the flag), gives each new message an empty translation, and drops the
messages the code no longer has. The headers' dates are left as they are: two branches that add
messages do not conflict on them.

Run from a source checkout (the notebooks are extracted too): ``python -m toolkit.model.catalogues``.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from toolkit.model.language import LOCALE_DIR, LOCALES, SOURCE

ROOT = Path(__file__).resolve().parents[2]
# The folders whose Python files hold messages (the notebooks as their paired scripts), and the
# notebooks' markdown cells, cut into messages as the build translates them (``build/translate.py``).
SOURCES = ("toolkit", "notebooks")
METHODS = [("**.py", "python"), ("**.ipynb", "toolkit.build.translate:extract_notebook")]
# Babel's keyword specifications: the argument(s) that are the message, ``c`` marking a context.
# ``counted(count, singular, plural)`` is extracted only when both forms are written out.
KEYWORDS: dict[str, tuple | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "counted": (2, 3),
}
# A comment on the line before a message, starting so, is shown to translators.
COMMENT_TAGS = ("Translators:",)
# The catalogue file of a message: the first prefix its first file starts with.
AREAS = (
    ("toolkit/model/rules.py", "rules"),
    ("toolkit/check/", "check"),
    # The report's parts, each its own file: the pages, the figures and context, the framework and
    # evaluation matrix, and the rest, converted by different people at the same time.
    ("toolkit/report/pages.py", "pages"),
    ("toolkit/results/portfolio.py", "pages"),
    ("toolkit/results/money.py", "pages"),
    ("toolkit/results/reconcile.py", "pages"),
    ("toolkit/report/figures.py", "figures"),
    ("toolkit/report/context.py", "figures"),
    ("toolkit/report/framework.py", "framework"),
    ("toolkit/report/evaluation.py", "framework"),
    ("toolkit/results/", "results"),
    ("toolkit/report/", "report"),
    ("notebooks/", "notebooks"),
    ("toolkit/ingest/", "ingest"),
    ("toolkit/interop/", "interop"),
    ("toolkit/build/", "build"),
    ("toolkit/cli/", "build"),
    ("toolkit/", "common"),
)
PROJECT = "evaluation-toolkit"
WIDTH = 100  # the catalogues' line width; long French messages wrap less


def area_of(path: str) -> str:
    return next(area for prefix, area in AREAS if path.startswith(prefix))


def _key(message: Message) -> tuple[str, str | None]:
    singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return singular, message.context


def extract(root: Path = ROOT) -> Catalog:
    """Every message the code marks, each with the files that use it; ValueError when one French text
    is used both with and without plural forms (the catalogue could hold only one of them)."""
    template = Catalog(project=PROJECT, fuzzy=False)
    plural: dict[tuple[str, str | None], bool] = {}
    for source in SOURCES:
        for filename, lineno, text, comments, context in extract_from_dir(
            root / source, METHODS, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
        ):
            path = f"{source}/{Path(filename).as_posix()}"
            message = Message(text, locations=[(path, lineno)], auto_comments=comments, context=context)
            key = _key(message)
            if plural.setdefault(key, message.pluralizable) != message.pluralizable:
                raise ValueError(f"{path}:{lineno}: {key[0]!r} is used both with and without plural forms")
            template[text] = message
    return template


def by_area(template: Catalog) -> dict[str, list[Message]]:
    """The template's messages split into the catalogue files they belong to."""
    areas: dict[str, list[Message]] = {}
    for message in template:
        if message.id:
            first = sorted(path for path, _line in message.locations)[0]
            areas.setdefault(area_of(first), []).append(message)
    return areas


def read_catalogue(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def _area_catalogue(language: str, previous: Iterable[Message], existing: Catalog | None) -> Catalog:
    """An area's catalogue before its update: the header it had (a new file's is made now) and every
    translation of the language, for exact and fuzzy matching."""
    catalogue = Catalog(
        locale=language,
        project=PROJECT,
        header_comment=f"# {LOCALES[language]} translations of the {PROJECT}'s French messages.",
        creation_date=existing.creation_date if existing else None,
        revision_date=existing.revision_date if existing else None,
        fuzzy=False,
    )
    for message in previous:
        # A copy: the update changes the messages it is given, and every area starts from them all.
        catalogue[message.id] = copy.deepcopy(message)
    return catalogue


def updated(language: str, root: Path = ROOT) -> dict[Path, bytes]:
    """The text of each catalogue file of ``language`` as the code's messages make it, and an empty
    text for a file whose area no longer has any message."""
    folder = LOCALE_DIR / language
    files = {path.stem: read_catalogue(path, language) for path in sorted(folder.glob("*.po"))}
    previous = [message for catalogue in files.values() for message in catalogue if message.id]
    texts: dict[Path, bytes] = {}
    for area, messages in by_area(extract(root)).items():
        template = Catalog(project=PROJECT, fuzzy=False)
        for message in messages:
            template[message.id] = message
        catalogue = _area_catalogue(language, previous, files.get(area))
        catalogue.update(template, update_creation_date=False)
        buffer = BytesIO()
        write_po(
            buffer,
            catalogue,
            width=WIDTH,
            sort_output=True,
            ignore_obsolete=True,
            include_previous=True,
            include_lineno=False,
        )
        texts[folder / f"{area}.po"] = buffer.getvalue()
    for area in files.keys() - {path.stem for path in texts}:
        texts[folder / f"{area}.po"] = b""
    return texts


def update(root: Path = ROOT) -> list[Path]:
    """Write every language's catalogue files; the files that changed."""
    changed = []
    for language in LOCALES:
        if language == SOURCE:
            continue
        for path, text in updated(language, root).items():
            if not text:
                path.unlink()
                changed.append(path)
            elif not path.is_file() or path.read_bytes() != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text)
                changed.append(path)
    return changed


def main() -> int:
    for path in update():
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
