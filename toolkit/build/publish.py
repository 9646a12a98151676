"""The end of a build: what it says of each page, stand-ins for the pages that failed or that show
a name declared confidential, and the publishing of the new set of reports in one step.

The last check before publishing (``withhold_pages``) reads the visible text of every page the
reports folder is about to hold, and puts a stand-in in the place of one that shows a name a note
declares confidential (documents.csv ``withheld_names``, check/confidentiality.py): whatever let the
name through (a figure's label, a narrative file, a text the clean stage does not read), it is not
published. The build counts each such page as a data error (exit code 1) and names it with the note,
never with the name.

**Publishing is one step for the whole set.** The reports folder stays a real folder at the same
path (every page is where it always was); the new set is assembled beside it, in
``.<name>.publishing`` in the same parent folder, and the two folders are then exchanged by one
system call (Linux ``renameat2`` with ``RENAME_EXCHANGE``). A build killed at any instant leaves
the reports folder holding the old set (before the exchange) or the new one (after it), never a
mix; the other folder is a leftover the next build removes. The new set is the old one as the
build leaves it: every file of the old set is hard-linked into it (same file, same size and
modification time, so the manifest still recognises a page kept from the last build) except the
stale ones (a page of an operation or a document gone from the data, an operation's files of
another outcome, a failed notebook that is no longer, the notebook of a withheld page) and those of
the last build itself (its log folder and ``build-summary.csv``); the staged files are moved in;
and the manifest is written into it before the exchange, so that pages and manifest change
together. What another command wrote into the folder (the PDF, the workbook, the IATI file) is
carried over like a kept page, and so is the build lock ``.build.lock``: a hard link is the same
file, so a second build that opens it after the exchange finds it locked all the same.

Where the folders cannot be exchanged in one call (a system without ``renameat2`` or a file system
that refuses the flag) the old folder is renamed aside and the new one put in its place: two
renames, between which a kill leaves no reports folder, put back by the next build (``recover``).
Where the set cannot be assembled beside the folder at all (a reports folder that is a mount point,
a parent folder that cannot be written, a file system without hard links) the staged files are
moved in one by one, as before: each file is replaced in one step, and the next build's manifest
check redoes a page whose files it no longer recognises."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from html import escape
from pathlib import Path

from toolkit.build.plan import INDEX_LABEL, Page, SitePlan
from toolkit.build.run import FAILED_SUFFIX
from toolkit.model import sitemap
from toolkit.model.errors import NotebookFailed
from toolkit.model.language import _

EXECUTED, CACHED, FAILED = "executed", "cached", "failed"
WITHHELD = "withheld"  # a page's status in build-summary.csv: built, not published (a confidential name)
LOG_DIR = ".logs"  # the pages' logs of the build that made the set
SUMMARY = "build-summary.csv"


def failure_record(failure: NotebookFailed, reports: Path) -> dict[str, object]:
    """What the index and the build summary say of a failed page: plain data, for the notebook parameters."""
    notebook = Path(failure.notebook)
    try:
        href = notebook.resolve().relative_to(reports.resolve()).as_posix()
    except ValueError:
        href = notebook.name
    if not notebook.is_file():
        href = ""  # the page's process ended before it wrote a notebook: no link to a missing file
    return {
        "page": failure.operation_id or notebook.stem.removesuffix(".failed"),
        "error": failure.error or failure.message,
        "cell": failure.cell,
        "notebook": href,
    }


def summary_rows(
    executed: list[Page], kept: list[Page], failures: list[NotebookFailed], plan: SitePlan, stage: Path
) -> list[dict[str, object]]:
    """One row per page of ``build-summary.csv``: built, kept or failed."""
    rows: list[dict[str, object]] = [{"page": page.html, "status": "ok", "run": EXECUTED} for page in executed]
    rows += [{"page": page.html, "status": "ok", "run": CACHED} for page in kept]
    html = {name: page.html for name, page in plan.by_name().items()}
    for failure in failures:
        record = failure_record(failure, stage)
        rows.append(
            {**record, "page": html.get(failure.page or "", str(record["page"])), "status": "failed", "run": FAILED}
        )
    return rows


def write_summary(reports: Path, rows: list[dict[str, object]]) -> Path:
    """``build-summary.csv``: every page, built, kept or failed, with the error, the cell and the failed notebook."""
    import pandas as pd

    from toolkit.model.outputs import write_csv

    columns = ["page", "status", "run", "error", "cell", "notebook"]
    frame = pd.DataFrame(rows, columns=columns).sort_values(["status", "page"], kind="stable")
    path = reports / SUMMARY
    write_csv(path, frame)
    return path


def stand_in_for_failed_pages(failures: list[NotebookFailed], plan: SitePlan, stage: Path, footer) -> None:
    """Where a page failed, a page that says so: the other pages link to it, and a reviewer who
    follows the link reads why it is missing rather than a browser's error. It is not recorded
    in the manifest: a build whose inputs changed (or --force) runs the page again.

    ``footer(page)`` is the provenance footer of ``page``."""
    from toolkit.build.render import export_notice

    by_name = plan.by_name()
    for failure in failures:
        page = by_name.get(failure.page or "")
        if page is None or (stage / page.html).is_file():
            continue
        cause = escape(failure.error or failure.message)
        said = (
            _("Cette page n'a pas pu être construite lors du dernier build (cellule {cell}) : {cause}.").format(
                cell=failure.cell, cause=cause
            )
            if failure.cell
            else _("Cette page n'a pas pu être construite lors du dernier build : {cause}.").format(cause=cause)
        )
        listed = (
            ""
            if page is plan.programme
            else "<p>" + _("Le rapport du programme liste les pages en échec et leur cause.") + "</p>"
        )
        body = f'<h1>{escape(page.title)}</h1><p class="ev-failed-page">{said}</p>{listed}'
        try:
            export_notice(
                stage / page.html, title=page.title, breadcrumb=page.breadcrumb, footer=footer(page), body=body
            )
        except Exception:  # the failure is listed anyway: a missing stand-in must not stop the build
            (stage / page.html).unlink(missing_ok=True)


@dataclass(frozen=True)
class Withheld:
    """A page not published because it shows a name declared confidential: the page and the notes
    that declare the names it shows (never the names)."""

    page: str  # relative to the reports folder
    notes: tuple[str, ...]

    @property
    def notice(self) -> str:
        from toolkit.check.confidentiality import withheld_notice

        return withheld_notice(self.notes)

    @property
    def line(self) -> str:
        """The build's line for it, in the terminal with the findings."""
        return _("erreur : {page} : {notice}").format(page=self.page, notice=self.notice)


def withhold_pages(stage: Path, reports: Path, kept: Iterable[str], declared: list, footer: str) -> list[Withheld]:
    """Every page about to be published (staged, or ``kept`` from the last build in ``reports``)
    that shows a declared name, replaced in ``stage`` by a stand-in that says why without the name."""
    from toolkit.check.confidentiality import NameFinder, names_shown

    finder = NameFinder(declared)
    if not finder:
        return []
    staged = {path.relative_to(stage).as_posix(): path for path in stage.rglob("*.html")}
    pages = {**{name: reports / name for name in kept if name.endswith(".html")}, **staged}
    withheld = []
    for name, path in sorted(pages.items()):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        found = names_shown(text, finder)
        if found:
            page = Withheld(name, tuple(dict.fromkeys(item.note for item in found)))
            _stand_in_for_withheld(stage / name, page, footer)
            _drop_notebooks(name, stage)
            withheld.append(page)
    return withheld


def _drop_notebooks(page: str, stage: Path) -> None:
    """The executed notebook beside a withheld page holds the same outputs: not published (the one
    the last build published is not carried over, ``publish``'s ``withheld``)."""
    stem = page.removesuffix(".html")
    for suffix in (".ipynb", FAILED_SUFFIX):
        (stage / f"{stem}{suffix}").unlink(missing_ok=True)


def _stand_in_for_withheld(html: Path, page: Withheld, footer: str) -> None:
    """A page that names neither the name nor what the page was (its title may show the name)."""
    from toolkit.build.render import export_notice

    folder = Path(page.page).parent.as_posix()
    folder = "" if folder == "." else folder
    title = _("Page non publiée")
    body = f'<h1>{escape(title)}</h1><p class="ev-failed-page">{escape(page.notice)}</p>'
    html.parent.mkdir(parents=True, exist_ok=True)
    try:
        export_notice(
            html,
            title=title,
            breadcrumb=[(_(INDEX_LABEL), sitemap.href(sitemap.INDEX, from_folder=folder)), (title, "")],
            footer=footer,
            body=body,
        )
    except Exception:  # the page is still withheld: a plain page rather than the one that shows the name
        html.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def mark_withheld(rows: list[dict[str, object]], withheld: list[Withheld]) -> list[dict[str, object]]:
    """The summary's rows with each withheld page's status and reason."""
    reasons = {page.page: page.notice for page in withheld}
    marked = [
        {**row, "status": WITHHELD, "error": reasons.pop(str(row["page"]))} if row["page"] in reasons else row
        for row in rows
    ]
    # A document's page has no row of its own: one for it.
    return marked + [{"page": page, "status": WITHHELD, "run": "", "error": reason} for page, reason in reasons.items()]


def publish(
    stage: Path,
    reports: Path,
    operation_ids: set[str],
    keep: set[str] = frozenset(),
    documents: set[str] = frozenset(),
    withheld: set[str] = frozenset(),
    finish: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Publish the staged files and drop the stale ones, the whole set in one step (module docstring).

    ``keep``: files of pages that were up to date and stay as they are; ``documents``: the
    document pages of this build (any other in the documents folder is a document now gone);
    ``withheld``: pages replaced by a stand-in, whose notebooks go. ``finish(folder)`` is called
    with the folder that is about to become the reports (the build writes its manifest there).
    """
    reports.mkdir(parents=True, exist_ok=True)
    staged = {path.relative_to(stage).as_posix() for path in stage.rglob("*") if path.is_file()}
    dropped = _stale(reports, stage, staged, operation_ids, keep, documents, withheld)
    folder = _assemble(stage, reports, staged, dropped)
    if folder is None:
        _in_place(stage, reports, staged, dropped)
        folder = reports
    if finish is not None:
        finish(folder)
    if folder != reports:
        _swap(folder, _real(reports))
    shutil.rmtree(stage, ignore_errors=True)
    return [reports / relative for relative in sorted(staged) if relative.endswith(".html")]


def aside(reports: Path) -> Path:
    """Where the next set is assembled, and where the previous one is once they are exchanged."""
    real = _real(reports)
    return real.parent / f".{real.name}.publishing"


def previous(reports: Path) -> Path:
    """Where the old set waits while the new one is renamed in, where folders cannot be exchanged."""
    real = _real(reports)
    return real.parent / f".{real.name}.previous"


def recover(reports: Path) -> None:
    """Put back the reports folder a build killed between its two renames left aside (no lock needed:
    it acts only when the folder is missing, and of two builds doing it, one rename wins)."""
    if not os.path.lexists(_real(reports)) and previous(reports).is_dir():
        with suppress(OSError):
            os.rename(previous(reports), _real(reports))


def discard_leftovers(reports: Path) -> None:
    """What a killed build left beside the reports folder; for the holder of the build lock only."""
    recover(reports)
    for leftover in (aside(reports), previous(reports)):
        shutil.rmtree(leftover, ignore_errors=True)


def _real(reports: Path) -> Path:
    # A reports folder that is a link to another place: the link stays, the folder it names is exchanged.
    return Path(os.path.realpath(reports))


def _stale(
    reports: Path,
    stage: Path,
    staged: set[str],
    operation_ids: set[str],
    keep: set[str],
    documents: set[str],
    withheld: set[str],
) -> set[str]:
    """The old set's files the new one does not carry over (the staged files replace theirs)."""
    # The last build's own account of itself: this build stages its own.
    dropped = {SUMMARY, *(f"{LOG_DIR}/{relative}" for relative in _old_files(reports / LOG_DIR, stage))}
    folder = reports / sitemap.DOCUMENTS
    if folder.is_dir():
        dropped |= {
            relative
            for path in folder.iterdir()
            if path.is_file() and (relative := path.relative_to(reports).as_posix()) not in documents
        }
    # A programme page's partial notebook from an earlier failure: the page was built again this
    # time (or failed again, and its new partial notebook is staged), so the old one must go.
    dropped |= {path.name for path in reports.glob(f"*{FAILED_SUFFIX}") if path.name not in staged}
    operations = reports / sitemap.OPERATIONS
    for path in operations.iterdir() if operations.is_dir() else ():
        stem = path.name.split(".")[0]
        relative = path.relative_to(reports).as_posix()
        # Another operation's files, or this operation's outputs of another outcome (a page
        # that failed this time, a failed notebook that now succeeds), must not linger.
        if path.is_file() and (stem not in operation_ids or (relative not in staged and relative not in keep)):
            dropped.add(relative)
    # The executed notebook beside a withheld page holds the same outputs: not carried over.
    for page in withheld:
        dropped |= {page.removesuffix(".html") + suffix for suffix in (".ipynb", FAILED_SUFFIX)}
    return dropped


def _old_files(root: Path, stage: Path) -> Iterator[str]:
    """The files (and links) of the old set under ``root``, relative to it: the staging folder is
    not part of the set."""
    skip, real = _real(stage), _real(root)
    for folder, directories, files in os.walk(real):
        directories[:] = [name for name in directories if Path(folder, name) != skip]
        relative = Path(folder).relative_to(real)
        for name in files + [name for name in directories if os.path.islink(Path(folder, name))]:
            yield (relative / name).as_posix()


def _assemble(stage: Path, reports: Path, staged: set[str], dropped: set[str]) -> Path | None:
    """The new set, beside the reports folder: the old set's files it carries over linked, the
    staged files moved in. None where it cannot be assembled there (the module docstring says why)."""
    real = _real(reports)
    next_set = aside(reports)
    if len({os.stat(folder).st_dev for folder in (real, real.parent, stage if stage.exists() else real)}) != 1:
        return None  # a mount point, or a staging folder elsewhere: no rename or link between them
    shutil.rmtree(next_set, ignore_errors=True)  # a killed build's, who held the lock before us
    try:
        next_set.mkdir()
        # The folder's own permissions (a folder shared with a group, say) go with it.
        os.chmod(next_set, stat.S_IMODE(os.stat(real).st_mode))
        for relative in _old_files(reports, stage):
            if relative not in dropped and relative not in staged:
                (next_set / relative).parent.mkdir(parents=True, exist_ok=True)
                os.link(real / relative, next_set / relative, follow_symlinks=False)
    except OSError:
        shutil.rmtree(next_set, ignore_errors=True)
        return None
    for relative in sorted(staged):
        (next_set / relative).parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, next_set / relative)
    (next_set / sitemap.OPERATIONS).mkdir(exist_ok=True)
    return next_set


def _in_place(stage: Path, reports: Path, staged: set[str], dropped: set[str]) -> None:
    """The fallback: drop the stale files and move the staged ones in, one file at a time."""
    for relative in sorted(dropped):
        (reports / relative).unlink(missing_ok=True)
    shutil.rmtree(reports / LOG_DIR, ignore_errors=True)
    (reports / sitemap.OPERATIONS).mkdir(parents=True, exist_ok=True)
    for relative in sorted(staged):
        target = reports / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, target)


# Linux's renameat2: both paths relative to the working folder; swap them rather than replace.
AT_FDCWD, RENAME_EXCHANGE = -100, 2
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


def _swap(next_set: Path, real: Path) -> None:
    """Put ``next_set`` in the place of the reports folder ``real``, in one step where the system can."""
    try:
        _exchange(next_set, real)
    except (AttributeError, OSError) as error:  # AttributeError: a C library without renameat2
        if isinstance(error, OSError) and error.errno not in UNSUPPORTED:
            raise
        old = previous(real)
        shutil.rmtree(old, ignore_errors=True)
        os.rename(real, old)
        os.rename(next_set, real)
        shutil.rmtree(old, ignore_errors=True)
        return
    shutil.rmtree(next_set, ignore_errors=True)  # the old set, now


def _exchange(first: Path, second: Path) -> None:
    """Exchange two folders by one system call: at every instant each path names one whole folder."""
    import ctypes

    rename = ctypes.CDLL(None, use_errno=True).renameat2
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if rename(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))
