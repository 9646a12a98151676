"""Publishing a build: staged pages move into the reports folder, stale files go, and what a failed page leaves is said."""

from contextlib import suppress
from pathlib import Path

import pytest

from toolkit.build.outcomes import failure_record
from toolkit.build.publish import publish
from toolkit.model.errors import NotebookFailed
from toolkit.report import pages


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _write(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, encoding="utf-8")


def test_a_programme_page_that_recovers_loses_its_old_partial_notebook(tmp_path):
    reports, stage = tmp_path / "reports", tmp_path / "reports" / ".building"
    # The last build: the annexes failed (their partial notebook kept), the index was built.
    _write(reports, "index.html", "index.ipynb", "annexes.failed.ipynb", "data-quality.failed.ipynb")
    # This build: the annexes succeed; the data-quality page fails again.
    _write(stage, "annexes.html", "annexes.ipynb", "data-quality.failed.ipynb")
    publish(stage, reports, set(), keep={"index.html", "index.ipynb"})
    assert _files(reports) == {
        "index.html",
        "index.ipynb",
        "annexes.html",
        "annexes.ipynb",
        "data-quality.failed.ipynb",
    }
    assert (reports / "data-quality.failed.ipynb").read_text(encoding="utf-8") == "data-quality.failed.ipynb"


def test_an_operation_or_a_document_gone_from_the_data_loses_its_page(tmp_path):
    reports, stage = tmp_path / "reports", tmp_path / "reports" / ".building"
    _write(reports, "operations/a.html", "operations/b.html", "documents/x.html", "documents/y.html")
    _write(stage, "operations/a.html", "documents/x.html")
    publish(stage, reports, {"a"}, documents={"documents/x.html"})
    assert _files(reports) == {"operations/a.html", "documents/x.html"}


def test_a_failed_page_links_its_notebook_only_when_there_is_one(tmp_path):
    kept = tmp_path / "operations" / "puits-kayes.failed.ipynb"
    kept.parent.mkdir()
    kept.write_text("{}", encoding="utf-8")
    died = NotebookFailed("m", notebook=str(tmp_path / "annexes.failed.ipynb"), error="signal SIGKILL")
    records = [
        failure_record(
            NotebookFailed("m", notebook=str(kept), operation_id="puits-kayes", cell=4, error="x"), tmp_path
        ),
        failure_record(died, tmp_path),
    ]
    assert [record["notebook"] for record in records] == ["operations/puits-kayes.failed.ipynb", ""]
    block = str(pages.failed_pages(records))
    assert 'href="operations/puits-kayes.failed.ipynb"' in block
    # The page whose process ended before writing a notebook says so, with no link to a missing file.
    assert block.count("<a ") == 1 and pages.NO_NOTEBOOK.replace("'", "&#x27;") in block


# The last build's set: a programme page, an operation kept (a) and one rebuilt (c), one gone from the
# data (b), a document kept and one gone, a failed notebook that goes, what other commands wrote (the
# PDF, the workbook), the manifest, the build lock, the last build's logs and summary.
OLD = {
    "index.html": "ancien index",
    "index.ipynb": "ancien carnet",
    "annexes.failed.ipynb": "échec ancien",
    "operations/a.html": "a gardée",
    "operations/a.ipynb": "a carnet",
    "operations/b.html": "b disparue",
    "operations/c.html": "c ancienne",
    "documents/x.html": "x gardé",
    "documents/y.html": "y disparu",
    "rapport-evaluation.pdf": "pdf",
    "donnees-propres.xlsx": "classeur",
    ".cache/manifest.json": "ancien manifeste",
    ".build.lock": "",
    ".logs/pages.log": "anciens journaux",
    ".logs/operations/b.log": "journal de b",
    "build-summary.csv": "ancien bilan",
}
STAGED = {
    "index.html": "nouvel index",
    "annexes.html": "annexes",
    "operations/c.html": "c nouvelle",
    ".logs/pages.log": "nouveaux journaux",
    "build-summary.csv": "nouveau bilan",
}
KEEP = {"operations/a.html", "operations/a.ipynb", "index.html", "index.ipynb"}
GONE = {"annexes.failed.ipynb", "operations/b.html", "documents/y.html", ".logs/operations/b.log"}
NEW = {**{name: text for name, text in OLD.items() if name not in GONE}, **STAGED}
NEW[".cache/manifest.json"] = "nouveau manifeste"


def _contents(folder: Path) -> dict[str, str]:
    """The set a reader finds in the reports folder (the staging folder is not part of it)."""
    if not folder.is_dir():
        return {}
    return {
        name: (folder / name).read_text(encoding="utf-8")
        for name in _files(folder)
        if not name.startswith(".building/")
    }


def _last_and_next_build(tmp_path: Path) -> tuple[Path, Path]:
    reports = tmp_path / "reports"
    for name, text in OLD.items():
        _write_text(reports / name, text)
    stage = reports / ".building"
    for name, text in STAGED.items():
        _write_text(stage / name, text)
    return reports, stage


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _publish(stage: Path, reports: Path) -> None:
    from toolkit.model.outputs import write_text_atomic

    def manifest(folder: Path) -> None:
        write_text_atomic(folder / ".cache" / "manifest.json", "nouveau manifeste")

    publish(stage, reports, {"a", "c"}, keep=KEEP, documents={"documents/x.html"}, finish=manifest)


class Killed(BaseException):
    """The process ends here: no except clause, no cleanup of a finally clause touches a file."""


# Every call that changes the file system, as publishing makes them.
CHANGES = ("link", "replace", "rename", "unlink", "remove", "rmdir", "mkdir", "symlink")


def _killed_at(monkeypatch, step: int | None) -> list[str]:
    """Count the changes publishing makes, and stop it (for good) at change ``step``."""
    import os

    from toolkit.build import publish as module

    made = []

    def watched(name, function):
        def change(*args, **kwargs):
            if step is not None and len(made) >= step:
                raise Killed(name)
            made.append(name)
            return function(*args, **kwargs)

        return change

    for name in CHANGES:
        monkeypatch.setattr(os, name, watched(name, getattr(os, name)))
    exchange = getattr(module, "_exchange", None)  # the one change made through the C library
    if exchange is not None:
        monkeypatch.setattr(module, "_exchange", watched("exchange", exchange))
    return made


def _publish_killed_at_every_step(tmp_path, monkeypatch, after_kill) -> set[str]:
    """Publish once to count its changes, then once killed before each of them: after each kill
    (and ``after_kill``, what the next build does first) the reports hold the old set or the new."""
    reports, stage = _last_and_next_build(tmp_path / "whole")
    with monkeypatch.context() as patched:
        made = _killed_at(patched, None)
        _publish(stage, reports)
    assert _contents(reports) == NEW
    outcomes = set()
    for step in range(len(made)):
        reports, stage = _last_and_next_build(tmp_path / str(step))
        with monkeypatch.context() as patched:
            _killed_at(patched, step)
            with suppress(Killed):
                _publish(stage, reports)
        after_kill(reports)
        found = _contents(reports)
        assert found in (OLD, NEW), (step, made[step], sorted(set(found.items()) ^ set(OLD.items()))[:6])
        outcomes.add("old" if found == OLD else "new")
    return outcomes


def test_a_build_killed_at_any_instant_of_publishing_leaves_the_old_set_or_the_new_never_a_mix(tmp_path, monkeypatch):
    outcomes = _publish_killed_at_every_step(tmp_path, monkeypatch, lambda _reports: None)
    assert outcomes == {"old", "new"}  # killed after the exchange, only the old set's removal was left


def test_where_folders_cannot_be_exchanged_a_kill_between_the_two_renames_is_put_right_by_the_next_build(
    tmp_path, monkeypatch
):
    import errno

    from toolkit.build import publish as module

    def unsupported(first, _second):
        raise OSError(errno.EINVAL, "renameat2 RENAME_EXCHANGE", str(first))

    monkeypatch.setattr(module, "_exchange", unsupported)
    outcomes = _publish_killed_at_every_step(tmp_path, monkeypatch, module.recover)
    assert outcomes == {"old", "new"}


def test_the_new_set_keeps_the_last_build_s_files_as_they_were_and_the_lock_a_second_build_takes(tmp_path):
    """A kept page is the same file (the manifest recognises it by size and modification time);
    the lock is the same file, so a build that opens it after publishing finds it held."""
    import fcntl

    from toolkit.build.publish import aside

    reports, stage = _last_and_next_build(tmp_path)
    reports.chmod(0o750)  # the folder's own permissions go with it too
    kept = {name: (reports / name).stat() for name in ("operations/a.html", "rapport-evaluation.pdf", ".build.lock")}
    with (reports / ".build.lock").open("a+", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _publish(stage, reports)
        with (reports / ".build.lock").open("a+", encoding="utf-8") as second, pytest.raises(BlockingIOError):
            fcntl.flock(second, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert _contents(reports) == NEW and not stage.exists() and not aside(reports).exists()
    assert reports.stat().st_mode & 0o777 == 0o750
    for name, before in kept.items():
        after = (reports / name).stat()
        assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)


def test_a_reports_folder_that_is_a_link_stays_a_link_to_the_new_set(tmp_path):
    elsewhere, stage_parent = tmp_path / "disque" / "rapports", tmp_path / "disque"
    real, stage = _last_and_next_build(stage_parent)
    real.rename(elsewhere)
    reports = tmp_path / "reports"
    reports.symlink_to(elsewhere, target_is_directory=True)
    _publish(elsewhere / ".building", reports)
    assert reports.is_symlink() and _contents(reports) == NEW == _contents(elsewhere)


def test_where_the_set_cannot_be_assembled_beside_the_folder_the_files_are_published_one_by_one(tmp_path, monkeypatch):
    """A file system without hard links (or a reports folder that is a mount point): the same set,
    published in place as before."""
    import errno
    import os

    def refused(source, *_args, **_kwargs):
        raise OSError(errno.EPERM, "link", str(source))

    reports, stage = _last_and_next_build(tmp_path)
    monkeypatch.setattr(os, "link", refused)
    _publish(stage, reports)
    assert _contents(reports) == NEW and not stage.exists()
