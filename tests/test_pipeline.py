"""Publishing the staged pages: what a build leaves in the reports folder, beside what it built."""

from pathlib import Path

from toolkit.build.pipeline import publish


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
