"""The publishing of the new set of reports in one step.

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
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

from toolkit.build.outcomes import SUMMARY
from toolkit.build.run import FAILED_SUFFIX
from toolkit.model import sitemap

LOG_DIR = ".logs"  # the pages' logs of the build that made the set


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
