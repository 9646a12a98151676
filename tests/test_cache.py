"""The build's manifest and the fingerprints it compares."""

import json
import os
import shutil

from tests.conftest import NOTEBOOKS
from toolkit.build import cache
from toolkit.build.plan import notebook_fingerprint
from toolkit.model import fingerprints


def test_a_saved_manifest_reads_back(tmp_path):
    (tmp_path / "index.html").write_text("page", encoding="utf-8")
    record = cache.PageRecord("key-1", cache.record_files(tmp_path, ["index.html"]))
    cache.Manifest("inputs", {"index.html": record}, {}, {"errors": 2}).save(tmp_path)
    loaded = cache.Manifest.load(tmp_path)
    assert loaded.inputs == "inputs" and loaded.summary == {"errors": 2}
    assert loaded.page_is_current("index.html", "key-1", tmp_path)
    assert not loaded.page_is_current("index.html", "key-2", tmp_path)
    assert not loaded.page_is_current("other.html", "key-1", tmp_path)


def test_a_page_whose_file_changed_or_vanished_is_not_current(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("page", encoding="utf-8")
    manifest = cache.Manifest(
        "inputs", {"index.html": cache.PageRecord("k", cache.record_files(tmp_path, ["index.html"]))}
    )
    page.write_text("edited by hand", encoding="utf-8")
    assert not manifest.page_is_current("index.html", "k", tmp_path)
    assert not manifest.outputs_intact(tmp_path, tmp_path)
    page.unlink()
    assert not manifest.page_is_current("index.html", "k", tmp_path)


def test_a_damaged_or_foreign_manifest_counts_as_none(tmp_path):
    folder = tmp_path / cache.CACHE_DIR
    folder.mkdir()
    for content in ("{not json", json.dumps({"format": 999, "inputs": "x"}), json.dumps({"format": cache.FORMAT})):
        (folder / cache.MANIFEST).write_text(content, encoding="utf-8")
        assert cache.Manifest.load(tmp_path).inputs == ""
    assert cache.Manifest.load(tmp_path / "nowhere").pages == {}


def test_a_folder_hash_follows_names_and_bytes(tmp_path):
    (tmp_path / "a.csv").write_text("1", encoding="utf-8")
    first = fingerprints.hash_folder(tmp_path)
    assert fingerprints.hash_folder(tmp_path) == first
    (tmp_path / "a.csv").write_text("2", encoding="utf-8")
    second = fingerprints.hash_folder(tmp_path)
    assert second != first
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    assert fingerprints.hash_folder(tmp_path) != second


def test_the_environment_fingerprint_follows_the_installed_versions(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    (site / "pandas-2.2.3.dist-info").mkdir(parents=True)
    (site / "seaborn-0.13.2.dist-info").mkdir()
    monkeypatch.setattr("sys.path", [str(site)])
    first = cache.environment_fingerprint()
    assert cache.environment_fingerprint() == first
    (site / "pandas-2.2.3.dist-info").rename(site / "pandas-2.2.4.dist-info")  # an upgrade
    upgraded = cache.environment_fingerprint()
    assert upgraded != first
    (site / "README.txt").write_text("not a distribution", encoding="utf-8")
    assert cache.environment_fingerprint() == upgraded


def test_the_code_fingerprint_follows_the_code_and_the_templates_not_the_bytecode(tmp_path, monkeypatch):
    package = tmp_path / "toolkit"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    first = cache.code_fingerprint()
    (package / "build" / "__pycache__").mkdir()
    (package / "build" / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")
    assert cache.code_fingerprint() == first
    stylesheet = package / "report" / "templates" / "rapport" / "report.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* a reviewer's tweak */\n", encoding="utf-8")
    styled = cache.code_fingerprint()
    assert styled != first
    (package / "results" / "indicators.py").write_text("# changed\n", encoding="utf-8")
    assert cache.code_fingerprint() not in {first, styled}


def test_running_a_notebook_in_jupyterlab_does_not_change_what_it_does(tmp_path):
    """Outputs and execution counts left by an evaluator's run are not the notebook's code."""
    copy = tmp_path / "operation.ipynb"
    shutil.copy(NOTEBOOKS / "operation.ipynb", copy)
    before = notebook_fingerprint(copy)
    notebook = json.loads(copy.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42\n"}]
    code["execution_count"] = 7
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert notebook_fingerprint(copy) == before
    code["source"] = "print('changed')"
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert notebook_fingerprint(copy) != before


def test_the_manifest_is_replaced_in_one_step(tmp_path):
    cache.Manifest("one").save(tmp_path)
    cache.Manifest("two").save(tmp_path)
    leftovers = [p for p in os.listdir(tmp_path / cache.CACHE_DIR) if p != cache.MANIFEST]
    assert leftovers == []
    assert cache.Manifest.load(tmp_path).inputs == "two"


def test_clean_data_count_as_intact_only_with_the_files_the_last_build_wrote(tmp_path):
    (tmp_path / "operations.csv").write_text("a\n1\n", encoding="utf-8")
    manifest = cache.Manifest("inputs", {}, cache.record_files(tmp_path, ["operations.csv"]), {})
    assert manifest.clean_intact(tmp_path)
    (tmp_path / "extra.csv").write_text("b\n", encoding="utf-8")  # a file the build did not write
    assert not manifest.clean_intact(tmp_path)
    (tmp_path / "extra.csv").unlink()
    (tmp_path / "operations.csv").write_text("a\n22\n", encoding="utf-8")  # edited by hand
    assert not manifest.clean_intact(tmp_path)
    assert not cache.Manifest().clean_intact(tmp_path)  # no record: nothing to trust


def test_the_documents_beside_a_raw_workbook_are_part_of_the_raw_data(tmp_path):
    workbook = tmp_path / "programme.xlsx"
    workbook.write_bytes(b"tables")
    (tmp_path / "documents").mkdir()
    text = tmp_path / "documents" / "001_fiche.txt"
    text.write_text("ligne 1\n", encoding="utf-8")
    before = cache.raw_fingerprint(workbook)
    text.write_text("ligne 1 corrigée\n", encoding="utf-8")
    assert cache.raw_fingerprint(workbook) != before
    # The same bytes under another name are another workbook: its findings name the file.
    (tmp_path / "autre.xlsx").write_bytes(b"tables")
    assert cache.raw_fingerprint(tmp_path / "autre.xlsx") != cache.raw_fingerprint(workbook)


def test_the_surveys_beside_a_raw_workbook_are_part_of_the_raw_data(tmp_path):
    """A survey's answers re-exported beside the workbook clean again, as a changed table does."""
    workbook = tmp_path / "programme.xlsx"
    workbook.write_bytes(b"tables")
    (tmp_path / "surveys").mkdir()
    answers = tmp_path / "surveys" / "reponses.csv"
    answers.write_text("_uuid;cotise\nu1;oui\n", encoding="utf-8")
    before = cache.raw_fingerprint(workbook)
    answers.write_text("_uuid;cotise\nu1;oui\nu2;non\n", encoding="utf-8")
    assert cache.raw_fingerprint(workbook) != before
