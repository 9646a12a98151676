"""Publishing a build: staged pages move into the reports folder, stale files go, and what a failed page leaves is said."""

from pathlib import Path

from toolkit.build.publish import failure_record, publish
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
