"""The evaluator's texts checked like data: numbers, references, links and files.

Conclusions, recommendations and lessons are numbered by their headings (``## C1 — titre`` in
conclusions.md, ``## R1 — …`` in recommandations.md, ``## L1 — …`` in enseignements.md). A
recommendation says what it follows from in a line ``Découle de : C1, C3``, a conclusion what it
rests on in ``Repose sur : Q2, Q5`` (the evaluative questions as section 5 numbers them, or their
ids). Every reference of that shape (``C9``, ``Q42``) in the programme's texts must name something
that exists; every relative Markdown link must lead to a page of the report and an anchor on it;
every file of the folder must fill a slot. Each problem is a warning naming the file and line:
the texts are being written, the report still builds, and the warning stays until it is fixed.

Nothing here reads a report: the pages, their anchors and the numbering are known from the clean
data and the declarations below, so the clean stage checks the texts before any page runs.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.ingest.documents import inside, read_text
from toolkit.model import rules, sitemap
from toolkit.model.findings import WARNING, Finding
from toolkit.model.language import _

# Which file numbers which items, and their letter; the anchor of item "C1" is "c1".
NUMBERED = {"conclusions": "C", "recommandations": "R", "enseignements": "L"}
ITEM_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?:\*\*)?([CRL])(\d+)\b")
# The lines that cite: "Découle de : C1, C3" (a recommendation), "Repose sur : Q2" (a conclusion).
FOLLOWS_FROM, RESTS_ON = "Découle de", "Repose sur"
FIELD = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([^:*_]{2,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$")
NUMBER = re.compile(r"\b([CRLQ])(\d+)\b")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# An image's address: inline, ``![texte](adresse)`` or ``![texte](<adresse avec espaces>)``; or by a
# reference, ``![texte][ref]``, ``![texte][]`` or ``![texte]``, whose ``[ref]: adresse`` line names it.
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+\"[^\"]*\")?\s*\)")
REFERENCED_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?![(\[:])")
DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(?:<([^>]*)>|(\S+))")
# The pictures a text may show, embedded in its page; any other file of the folder fills no slot.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:…: not checked
LINE_ANCHOR = re.compile(r"^l(\d+)(?:-(\d+))?$")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# The anchors the notebooks' headings declare (``<h2 id="…">``), page by page; a test keeps this
# table in step with the notebooks. Other anchors (questions, documents, items) come from the data.
HEADINGS = {
    sitemap.INDEX: [
        "sommaire",
        "fiche",
        "synthese",
        "introduction",
        "contexte",
        "operations",
        "methodologie",
        "equipe",
        "constats",
        "critere-pertinence",
        "critere-coherence",
        "critere-efficacite",
        "critere-efficience",
        "critere-impact",
        "critere-durabilite",
        "transversal",
        "appreciation",
        "conclusions",
        "recommandations",
        "enseignements",
        "reponse",
        "annexes",
    ],
    sitemap.ANNEXES: [
        "matrice",
        "descriptives",
        "passages",
        "questions-descriptives",
        "cadre",
        "agregations",
        "chiffres-publies",
        "phase-suivante",
        "documents",
        "sigles",
        "glossaire",
        "termes-de-reference",
        "personnes-et-sites",
        "outils-de-collecte",
    ],
    sitemap.OPERATIONS: ["sources"],
    sitemap.DATA_QUALITY: [],
}


@dataclass(frozen=True)
class Programme:
    """What the texts may refer to, from the clean data."""

    operation_ids: tuple[str, ...] = ()
    questions: Mapping[str, str] = field(default_factory=dict)  # "Q1" -> question id, section 5's numbering
    document_lines: Mapping[str, int] = field(default_factory=dict)  # a document page's stem -> its lines
    document_anchors: tuple[str, ...] = ()  # "doc-<stem>" of every document (annex G)


def item_anchor(number: str) -> str:
    return number.lower()


def project_root(folder: Path) -> Path | None:
    """The project a narrative folder belongs to: the nearest folder above it holding a programme.toml
    (None when there is none: the texts are then named from their own folder)."""
    folder = Path(folder).resolve()
    return next((p for p in folder.parents if (p / "programme.toml").is_file()), None)


def shown_path(path: Path, root: Path) -> str:
    """A file as the evaluator finds it: relative to the project's folder, with ``/``."""
    # The folder resolved, not the file: a file that is a link is named where it is, not where it leads.
    path = Path(path)
    try:
        return (path.parent.resolve() / path.name).relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def readable(text: str) -> list[str]:
    """The text's lines with its HTML comments blanked (the templates' guidance), line numbers kept."""
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).split("\n")


def items(lines: list[str], letter: str) -> dict[str, int]:
    """The numbers a file gives its items ("C1" → its line), first occurrence only."""
    found: dict[str, int] = {}
    for number, line in _headings(lines):
        if number[0] == letter:
            found.setdefault(number, line)
    return found


def _headings(lines: list[str]) -> Iterable[tuple[str, int]]:
    for index, line in enumerate(lines, start=1):
        match = ITEM_HEADING.match(line)
        if match:
            yield match[1] + match[2], index


def field_of(line: str) -> tuple[str, str] | None:
    """``("Découle de", "C1, C3")`` for a line that gives a field of an item; None otherwise."""
    match = FIELD.match(line)
    return (match[1].strip(), match[2].strip()) if match else None


class _Checker:
    def __init__(self, folder: Path, programme: Programme, slots: Iterable[str], root: Path | None) -> None:
        self.folder, self.programme = Path(folder), programme
        self.root = root or project_root(folder) or self.folder.resolve().parent
        self.slots = set(slots)
        self.findings: list[Finding] = []
        # A text that is a link out of the folder is never read: its file's text would reach the pages.
        outside = [
            name
            for name in sorted(self.slots)
            if (self.folder / f"{name}.md").exists() and not inside(self.folder, self.folder / f"{name}.md")
        ]
        for name in outside:
            self.findings.append(
                Finding(
                    self.file(name),
                    None,
                    "",
                    "",
                    rules.FILE_OUTSIDE.id,
                    WARNING,
                    rules.FILE_OUTSIDE.say(file=f"{name}.md", folder=self.folder.name),
                )
            )
        self.texts = {
            name: readable(read_text(self.folder / f"{name}.md"))
            for name in self.slots
            if (self.folder / f"{name}.md").is_file() and name not in outside
        }
        self.numbers = {letter: items(self.texts.get(name, []), letter) for name, letter in NUMBERED.items()}

    def file(self, name: str) -> str:
        return shown_path(self.folder / f"{name}.md", self.root)

    def add(self, rule: rules.Rule, name: str, row: int | None, value: str, **values: object) -> None:
        self.findings.append(Finding(self.file(name), row, "", value, rule.id, WARNING, rule.say(**values)))

    def known(self, letter: str) -> str:
        names = list(self.programme.questions) if letter == "Q" else list(self.numbers[letter])
        return ", ".join(names) or "—"

    def reference(self, name: str, row: int, token: str, letter: str = "") -> None:
        """A reference to an item or a question: its number, or (``letter`` "Q") a question's id."""
        letter = letter or token[0]
        if letter == "Q":
            exists = token in self.programme.questions or token in self.programme.questions.values()
        else:
            exists = token in self.numbers[letter]
        if exists:
            return
        what = {
            "C": _("aucune conclusion"),
            "R": _("aucune recommandation"),
            "L": _("aucun enseignement"),
            "Q": _("aucune question évaluative"),
        }[letter]
        self.add(rules.NARRATIVE_REFERENCE, name, row, token, reference=token, what=what, known=self.known(letter))

    def check_numbers(self, name: str, lines: list[str]) -> None:
        seen: dict[str, int] = {}
        for number, row in _headings(lines):
            if name in NUMBERED and number[0] == NUMBERED[name]:
                if number in seen:
                    self.add(rules.NARRATIVE_DUPLICATE, name, row, number, number=number, first=seen[number])
                seen.setdefault(number, row)
            else:
                self.reference(name, row, number)  # a management response's "## R1": the R1 it answers
        for index, line in enumerate(lines, start=1):
            if ITEM_HEADING.match(line):
                continue
            given = field_of(line)
            cited = given[1] if given and given[0].lower() in (FOLLOWS_FROM.lower(), RESTS_ON.lower()) else ""
            for match in NUMBER.finditer(line):
                self.reference(name, index, match[0])
            for token in re.split(r"[,;]|\bet\b", cited):
                token = token.strip().strip(".")
                # A question's id ("q-efficacite-1"): a word with a hyphen; free words are not references.
                if "-" in token and " " not in token:
                    self.reference(name, index, token, "Q")

    def check_cited(self, lines: list[str]) -> None:
        """Each recommendation has a "Découle de" line citing at least one number."""
        numbers = sorted(self.numbers["R"].items(), key=lambda item: item[1])
        for position, (number, row) in enumerate(numbers):
            end = numbers[position + 1][1] if position + 1 < len(numbers) else len(lines) + 1
            cites = [
                field_of(line)
                for line in lines[row : end - 1]
                if field_of(line) and field_of(line)[0].lower() == FOLLOWS_FROM.lower()
            ]
            if not any(NUMBER.search(value) for _name, value in cites):
                self.add(rules.NARRATIVE_UNCITED, "recommandations", row, number, number=number)

    def page_of(self, name: str) -> str:
        """The page a slot's text is shown on."""
        if name.startswith(sitemap.OPERATIONS + "/"):
            return sitemap.operation_page(name.split("/", 1)[1])
        if name.startswith(sitemap.NARRATIVE_ANNEXES + "/"):
            return sitemap.ANNEXES
        return sitemap.INDEX

    def anchors(self, page: str) -> set[str] | None:
        """The anchors of a page of the report; None when the report has no such page."""
        programme = self.programme
        if page == sitemap.INDEX:
            numbered = {item_anchor(n) for numbers in self.numbers.values() for n in numbers}
            return {*HEADINGS[page], *programme.questions.values(), *numbered}
        if page == sitemap.ANNEXES:
            passages = {f"passages-{q}" for q in programme.questions.values()}
            return {*HEADINGS[page], *programme.questions.values(), *passages, *programme.document_anchors}
        if page == sitemap.DATA_QUALITY:
            return {"op-aucune", *(f"op-{o}" for o in (*programme.operation_ids, "programme"))}
        folder, _slash, stem = page.rpartition("/")
        if folder == sitemap.OPERATIONS and stem.removesuffix(".html") in programme.operation_ids:
            return set(HEADINGS[sitemap.OPERATIONS])
        if folder == sitemap.DOCUMENTS and stem.removesuffix(".html") in programme.document_lines:
            return set()  # its line anchors are checked against its count
        return None

    def link(self, name: str, row: int, target: str) -> None:
        if EXTERNAL.match(target):
            return
        here = self.page_of(name)
        path, _hash, anchor = target.partition("#")
        page = posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here
        anchors = self.anchors(page)
        if anchors is None:
            problem = _("le rapport n'a pas de page {page}").format(page=page)
        elif not anchor or anchor in anchors or self._line_exists(page, anchor):
            return
        else:
            problem = _("la page {page} n'a pas de repère « {anchor} »").format(page=page, anchor=anchor)
        self.add(rules.NARRATIVE_LINK, name, row, target, target=target, problem=problem)

    def _line_exists(self, page: str, anchor: str) -> bool:
        folder, _slash, stem = page.rpartition("/")
        match = LINE_ANCHOR.match(anchor)
        if folder != sitemap.DOCUMENTS or not match:
            return False
        count = self.programme.document_lines.get(stem.removesuffix(".html"), 0)
        first, last = int(match[1]), int(match[2] or match[1])
        return 1 <= first <= last <= count

    def check_links(self, name: str, lines: list[str]) -> None:
        defined = {_label(m[1]): m[2] or m[3] for line in lines if (m := DEFINITION.match(line))}
        for index, line in enumerate(lines, start=1):
            for match in LINK.finditer(line):
                self.link(name, index, match[1])
            for match in IMAGE.finditer(line):
                self.image(name, index, match[1] or match[2])
            for match in REFERENCED_IMAGE.finditer(line):
                target = defined.get(_label(match[2] or match[1]))
                if target is not None:
                    self.image(name, index, target)

    def image(self, name: str, row: int, target: str) -> None:
        """An image must be a picture of the texts' folder: the report is read offline, and an image
        at another address would be fetched by the reader's browser (or not shown at all)."""
        problem = local_image_problem(self.folder, self.folder / f"{name}.md", target)
        if problem:
            self.add(rules.NARRATIVE_IMAGE, name, row, target, target=target, problem=problem)


def _label(text: str) -> str:
    """A reference's label as Markdown matches it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def check_narrative(
    folder: Path, programme: Programme, slots: Iterable[str], root: Path | None = None
) -> list[Finding]:
    """Every finding on the evaluator's texts in ``folder``; ``slots`` are the files the report reads
    (names without ".md", relative to the folder). No folder, no finding."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    slots = [*slots, *(f"{sitemap.OPERATIONS}/{o}" for o in programme.operation_ids)]
    checker = _Checker(folder, programme, slots, root)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        name = path.relative_to(folder).with_suffix("").as_posix()
        if path.suffix != ".md" or name not in checker.slots:
            _unknown_file(checker, path, name)
    for name, lines in checker.texts.items():
        if not name.startswith(sitemap.OPERATIONS + "/") and not name.startswith(sitemap.NARRATIVE_ANNEXES + "/"):
            checker.check_numbers(name, lines)
        checker.check_links(name, lines)
    checker.check_cited(checker.texts.get("recommandations", []))
    return checker.findings


def local_image(folder: Path, text_file: Path, target: str) -> Path | None:
    """The picture an image of ``text_file`` names, if it is a picture inside ``folder``."""
    if EXTERNAL.match(target) or target.startswith("//"):
        return None
    path = (text_file.parent / target).resolve()
    inside = path.is_relative_to(folder.resolve())
    return path if inside and path.is_file() and path.suffix.lower() in IMAGE_TYPES else None


def local_image_problem(folder: Path, text_file: Path, target: str) -> str:
    """Why an image cannot be embedded, in a few French words; '' when it can."""
    if EXTERNAL.match(target) or target.startswith("//"):
        return _("est à une adresse extérieure, que le rapport ne charge pas")
    if local_image(folder, text_file, target) is None:
        return _("n'est pas une image du dossier des textes")
    return ""


def _unknown_file(checker: _Checker, path: Path, name: str) -> None:
    if path.suffix.lower() in IMAGE_TYPES:
        return  # a picture a text shows, embedded in its page
    close = difflib.get_close_matches(name, sorted(checker.slots), n=1, cutoff=0.6)
    suggestion = _(" ; vouliez-vous dire {name}.md ?").format(name=close[0]) if close else ""
    shown = shown_path(path, checker.root)
    checker.findings.append(
        Finding(shown, None, "", "", rules.NARRATIVE_FILE.id, WARNING, rules.NARRATIVE_FILE.say(suggestion=suggestion))
    )
