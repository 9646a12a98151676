"""Read a REFI-QDA project (``.qdpx``): its codebook, its text sources and their coded segments.

A ``.qdpx`` file is a zip archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and a ``sources/`` folder with the sources' files. NVivo, MAXQDA,
ATLAS.ti, QualCoder and Taguette write it. The project is checked against the REFI-QDA project
schema shipped in ``model/reference/refi-qda-1.0`` (read with a parser that resolves no entity and
fetches nothing), then read with ``lxml``: a young parsing library was not worth a dependency for
five elements.

A coded segment is a ``PlainTextSelection`` of a ``TextSource``: ``startPosition`` and
``endPosition`` count characters (code points) of the source's plain text, its line breaks as
they are written (a Windows line break is two characters), except in ATLAS.ti's exports, which
count one (QualCoder's importer makes the same exception). A tool that counted UTF-16 units would
disagree with these offsets only after a character outside the Basic Multilingual Plane (an emoji),
which interview transcripts rarely hold. Its ``Coding`` elements point at codes of the codebook
(``CodeRef/@targetGUID``), which may nest.

A file that cannot be read as a REFI-QDA project raises ``InputFileError`` (exit code 2) with a
French message naming the file and what is wrong; a source that is not text (PDF, picture, audio,
video), or whose text cannot be read, is set aside with its name and the reason.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from toolkit.ingest.readers import xml_problem
from toolkit.model.errors import InputFileError
from toolkit.model.language import N_, _

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = {"q": NAMESPACE}
PROJECT_FILE = "project.qde"
SCHEMA = ("reference", "refi-qda-1.0", "Project-mrt2019.xsd")
# Secure reading: no entity expansion, no DTD, nothing fetched from the network.
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_INTERNAL = "internal://"
# The other kinds of source a project may hold, as the page names them to the evaluator.
_NOT_TEXT = {
    "PDFSource": N_("PDF"),
    "PictureSource": N_("image"),
    "AudioSource": N_("audio"),
    "VideoSource": N_("vidéo"),
}
# A source's variable that gives the interview's date ("date", "Date de l'entretien").
_DATE_VARIABLES = ("date", "date de l'entretien", "date of interview")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    path: tuple[str, ...]  # the names from the codebook's top to this code
    parent: str | None  # the parent code's guid

    @property
    def label(self) -> str:
        """The code as the mapping table and the messages name it: ``Questions > q-impact-1``."""
        return " > ".join(self.path)


@dataclass(frozen=True)
class Segment:
    guid: str
    start: int
    end: int
    codes: tuple[str, ...]  # guids of the codes applied to it, in the project's order


@dataclass
class TextSource:
    guid: str
    name: str  # the project's name for it: may be a person's name, never written to a file name
    text: str
    date: str = ""
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class SetAside:
    """A source the import cannot read: its name, kind and why."""

    name: str
    kind: str
    reason: str


@dataclass
class Project:
    file: str
    name: str
    origin: str
    codes: dict[str, Code]
    sources: list[TextSource]
    set_aside: list[SetAside]


def read_project(path: Path) -> Project:
    """The project in ``path``; InputFileError (exit 2) when it is not a readable REFI-QDA project."""
    archive = _open(path)
    with archive:
        root = _root(path.name, archive)
        origin = root.get("origin") or ""
        codes = _codes(root)
        variables = _date_variables(root)
        sources, set_aside = [], []
        for element in root.iterfind("q:Sources/*", _NS):
            local = etree.QName(element).localname
            name = element.get("name") or element.get("guid") or ""
            if local != "TextSource":
                set_aside.append(SetAside(name, _(_NOT_TEXT.get(local, local)), _("ce n'est pas un texte")))
                continue
            text, problem = _source_text(element, archive)
            if text is None:
                set_aside.append(SetAside(name, _("texte"), problem))
                continue
            if "atlas" in origin.casefold():
                text = text.replace("\r\n", "\n")
            source = TextSource(element.get("guid"), name, text, _source_date(element, variables))
            source.segments = [_segment(selection) for selection in element.iterfind("q:PlainTextSelection", _NS)]
            sources.append(source)
    return Project(path.name, root.get("name") or "", origin, codes, sources, set_aside)


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise InputFileError(_("le projet REFI-QDA {file} est introuvable").format(file=path), file=path.name)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InputFileError(
            _(
                "{file} n'est pas un projet REFI-QDA : ce n'est pas une archive zip (un fichier .qdpx exporté "
                "de NVivo, MAXQDA, ATLAS.ti, QualCoder ou Taguette est attendu)"
            ).format(file=path.name),
            file=path.name,
        ) from None


@cache
def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    with resources.as_file(resources.files("toolkit.model").joinpath(*SCHEMA)) as schema:
        return etree.XMLSchema(etree.parse(str(schema), parser))


def _root(file: str, archive: zipfile.ZipFile):
    """``project.qde``'s root element, checked against the REFI-QDA schema."""
    try:
        data = archive.read(PROJECT_FILE)
    except KeyError:
        raise InputFileError(
            _("{file} n'est pas un projet REFI-QDA : l'archive ne contient pas de {project}").format(
                file=file, project=PROJECT_FILE
            ),
            file=file,
        ) from None
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        raise InputFileError(
            _("{file} : {project} ne se lit pas comme un fichier XML : {problem}").format(
                file=file, project=PROJECT_FILE, problem=xml_problem(error)
            ),
            file=file,
        ) from None
    if root.tag != f"{{{NAMESPACE}}}Project":
        qualified = etree.QName(root)
        raise InputFileError(
            _(
                "{file} n'est pas un projet REFI-QDA : l'élément racine de {project} est « {tag} » dans l'espace "
                "de noms « {namespace} », au lieu de « Project » dans « {expected} »"
            ).format(
                file=file,
                project=PROJECT_FILE,
                tag=qualified.localname,
                namespace=qualified.namespace or "",
                expected=NAMESPACE,
            ),
            file=file,
        )
    schema = _schema()
    if not schema.validate(root):
        first = schema.error_log[0]
        raise InputFileError(
            _(
                "{file} : {project} ne suit pas le schéma des projets REFI-QDA (ligne {line}, élément « {element} »"
                "{attribute}) : l'exporter de nouveau depuis le logiciel d'analyse"
            ).format(
                file=file,
                project=PROJECT_FILE,
                line=first.line,
                element=_element(first),
                attribute=_missing_attribute(first.message),
            ),
            file=file,
        )
    return root


def _element(entry) -> str:
    """The element a schema error is on (``TextSource``), named by the validator's message or else
    its path: the message itself, English, is not shown."""
    named = re.match(r"Element '(?:\{[^}]*\})?([^']+)'", entry.message or "")
    if named:
        return named[1]
    last = (entry.path or "").rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\[\d+\]$", "", last).rsplit(":", 1)[-1] or "?"


def _missing_attribute(message: str) -> str:
    """``, attribut « name » manquant`` when the schema error is a required attribute left out (the
    commonest fault of a hand-edited project), else ""."""
    missing = re.search(r"The attribute '([^']+)' is required but missing", message or "")
    return _(", attribut « {name} » manquant").format(name=missing[1]) if missing else ""


def _codes(root) -> dict[str, Code]:
    codes: dict[str, Code] = {}

    def walk(element, path: tuple[str, ...], parent: str | None) -> None:
        for child in element.iterfind("q:Code", _NS):
            code = Code(child.get("guid"), child.get("name"), (*path, child.get("name")), parent)
            codes[code.guid] = code
            walk(child, code.path, code.guid)

    codes_element = root.find("q:CodeBook/q:Codes", _NS)
    if codes_element is not None:
        walk(codes_element, (), None)
    return codes


def _source_text(element, archive: zipfile.ZipFile) -> tuple[str | None, str]:
    """The plain text of a TextSource, or None and why it cannot be read."""
    inline = element.find("q:PlainTextContent", _NS)
    if inline is not None:
        return inline.text or "", ""
    path = element.get("plainTextPath") or ""
    if not path.startswith(_INTERNAL):
        reason = _("son texte n'est pas dans l'archive ({path})").format(path=path) if path else _("pas de texte")
        return None, reason
    member = f"sources/{path[len(_INTERNAL) :]}"
    try:
        data = archive.read(member)
    except KeyError:
        return None, _("{member} manque dans l'archive").format(member=member)
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        return None, _("{member} n'est pas du texte UTF-8 (octet {position})").format(
            member=member, position=error.start
        )


def _date_variables(root) -> set[str]:
    return {
        variable.get("guid")
        for variable in root.iterfind("q:Variables/q:Variable", _NS)
        if (variable.get("name") or "").strip().casefold() in _DATE_VARIABLES
    }


def _source_date(element, variables: set[str]) -> str:
    """The interview's date from the source's date variable (YYYY-MM-DD, or as written: 2027-03)."""
    for value in element.iterfind("q:VariableValue", _NS):
        reference = value.find("q:VariableRef", _NS)
        if reference is None or reference.get("targetGUID") not in variables:
            continue
        for tag in ("DateValue", "DateTimeValue", "TextValue"):
            written = (value.findtext(f"q:{tag}", "", _NS) or "").strip()[:10]
            if _PARTIAL_DATE.match(written):
                return written
    return ""


def _segment(selection) -> Segment:
    codes = tuple(reference.get("targetGUID") for reference in selection.iterfind("q:Coding/q:CodeRef", _NS))
    return Segment(selection.get("guid"), int(selection.get("startPosition")), int(selection.get("endPosition")), codes)
