"""The source documents as text: where they live, their lines, and the passage a reference cites.

A source reference (``004_….txt l. 560-562``) is only as good as the file it points into. The
documents are kept beside the raw tables, in a ``documents`` folder, under the names
``documents.csv`` gives them; their number of lines is counted here rather than typed, and the
checks read a cited passage through here to compare a quotation with it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.ingest.encoding import bad_byte_line, decode
from toolkit.model import rules

if TYPE_CHECKING:
    from toolkit.model.findings import Finding

FOLDER = "documents"


def beside_raw(raw: Path, folder: str) -> Path:
    """A folder of files that are not tables (documents, surveys): inside the raw folder, or beside a
    raw workbook, which cannot hold them."""
    workbook = raw.is_file() or raw.suffix.lower() == ".xlsx"
    return (raw.parent if workbook else raw) / folder


def documents_dir(raw: Path) -> Path:
    """The folder of the source documents."""
    return beside_raw(raw, FOLDER)


def safe_name(document: str) -> bool:
    """A document name that stays inside the documents folder (no path, no hidden file)."""
    return bool(document) and document == Path(document).name and not document.startswith(".")


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, its symbolic links followed, stays inside ``folder``: a link in the data's
    folders that leads elsewhere on the machine would put that file's text in the pages."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def document_file(folder: Path, name: str) -> Path | None:
    """The file of the document ``name`` in ``folder``, if it may be read: a plain name, and no link
    leading out of the folder."""
    return folder / name if safe_name(name) and _within(folder, name) else None


def leads_outside(folder: Path, name: str) -> bool:
    """A plain name whose file is a link out of ``folder``, or out of the folder that holds it (the
    raw folder): reported, and never read."""
    return safe_name(name) and (folder / name).exists() and not _within(folder, name)


def _within(folder: Path, name: str) -> bool:
    # The folder itself may be the link: a documents folder leading to /etc holds /etc's files.
    return inside(folder.parent, folder) and inside(folder, folder / name)


def outside_finding(file: str, path: Path, folder: Path, table: str = "") -> Finding:
    """The error on a data file (``file`` as findings name it) that is a link out of ``folder``: it
    is refused unread, and with it the rows it holds."""
    # Imported here: the build reads this module's folders on every run, and findings bring pandas.
    from toolkit.model.findings import ERROR, Finding

    message = rules.FILE_OUTSIDE.say(file=path.name, folder=folder.name)
    return Finding(file, None, "", "", rules.FILE_OUTSIDE.id, ERROR, message, table)


def read_text(path: Path) -> str:
    """A text file of the evaluator's (UTF-8, or Windows-1252 as Notepad saves it), in one spelling
    of each accented letter (NFC), as every reader of the toolkit reads its input. A file that is
    neither, or UTF-8 but for a stray byte, is refused naming its line."""
    from toolkit.model.errors import InputFileError

    data = path.read_bytes()
    try:
        text = decode(data)
    except UnicodeDecodeError:
        line = bad_byte_line(data)
        said = (
            f"{path.name} est en UTF-8 sauf à la ligne {line}, qui contient des octets qui n'en sont pas : "
            "corriger cette ligne ou l'enregistrer de nouveau en UTF-8"
            if line is not None
            else f"{path.name} n'est encodé ni en UTF-8 ni en Windows-1252 : l'enregistrer de nouveau en UTF-8"
        )
        raise InputFileError(said, file=path.name, row=line) from None
    return unicodedata.normalize("NFC", text)


def read_lines(path: Path) -> tuple[str, ...] | None:
    """The lines of a text document as a reader numbers them (a last line without a final line
    break counts); None when the file is missing, is not a plain file (a pipe would wait for a
    writer for ever) or is not UTF-8 text."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # One spelling of each accented letter, as the raw tables are read: a quotation typed "é" must
    # meet the document's "é" written e + combining accent (macOS, some PDF-to-text tools).
    return tuple(unicodedata.normalize("NFC", text).splitlines())


@dataclass(frozen=True)
class DocumentTexts:
    """The texts of the documents a programme cites, by file name; a document whose file could not
    be read is absent."""

    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, names: Iterable[str]) -> DocumentTexts:
        texts = {}
        for name in dict.fromkeys(str(name) for name in names):
            path = document_file(folder, name)
            if path is not None:
                read = read_lines(path)
                if read is not None:
                    texts[name] = read
        return cls(texts)

    def line_counts(self) -> dict[str, int]:
        return {name: len(lines) for name, lines in self.lines.items()}

    def passage(self, document: str, first: int, last: int) -> str | None:
        """Lines ``first`` to ``last`` (1-based, inclusive) joined by line breaks; None when the
        document is unknown or the lines are not in it."""
        lines = self.lines.get(document)
        if lines is None or first < 1 or last < first or last > len(lines):
            return None
        return "\n".join(lines[first - 1 : last])

    @property
    def digest(self) -> str:
        """What the texts hold, for a memo of results that depend on them."""
        return self.digest_of(self.lines)

    def digest_of(self, names: Iterable[str]) -> str:
        """What the texts of ``names`` hold (a name without a text counts as such)."""
        digest = hashlib.sha256()
        for name in sorted(set(names)):
            text = self.lines.get(name)
            digest.update(name.encode() + b"\0" + ("\n".join(text).encode() if text is not None else b"\1") + b"\0")
        return digest.hexdigest()
