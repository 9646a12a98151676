"""Incremental builds, end to end on the small invented programme: only what changed is executed again."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, copy_example, rewrite
from toolkit.build.pipeline import build
from toolkit.build.tasks import BuildOptions
from toolkit.model.paths import BuildPaths

pytestmark = pytest.mark.e2e

PUITS, LATRINES = "puits-kayes", "latrines-thies"
HEAVY = ("pandas", "great_expectations", "papermill", "jupyter_client", "nbconvert")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of a programme's data and texts, built once; the tests then change it in order."""
    paths = copy_example(tmp_path_factory.mktemp("incremental") / "programme")
    # A warning (a count of the text that people.csv lacks), so that a build with nothing changed
    # has findings to list again.
    rewrite(paths.raw / "operations.csv", "Indirects : 6 000 habitants", "Indirects : 5 000 à 6 000 habitants")
    first = build(paths, BuildOptions(jobs=2), echo=lambda _: None)
    assert first.failures == [] and len(first.executed) == 5  # two operations, data quality, annexes, programme
    return paths


def _stats(paths: BuildPaths) -> dict[str, int]:
    return {p.relative_to(paths.reports).as_posix(): p.stat().st_mtime_ns for p in paths.reports.rglob("*.html")}


def _cli(paths: BuildPaths) -> list[str]:
    return [
        "build",
        *("--raw", str(paths.raw), "--clean", str(paths.clean), "--reports", str(paths.reports)),
        *("--notebooks", str(paths.notebooks), "--narrative", str(paths.narrative), "--jobs", "2"),
        *("--config", str(paths.config)),
    ]


def test_1_a_build_with_nothing_changed_loads_nothing_heavy_and_starts_no_kernel(project):
    before = _stats(project)
    code = (
        "import sys; from toolkit.cli.main import main; code = main(sys.argv[1:]);"
        f"print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})); sys.exit(code)"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code, *_cli(project)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    # 1, as the last build: the example's survey holds faulty submissions on purpose.
    assert finished.returncode == 1, finished.stderr
    assert "Rien n'a changé depuis le dernier build : 5 pages à jour" in finished.stdout
    assert "LOADED []" in finished.stdout
    # The last build's findings are still listed: the programme team sees the same report.
    assert "[people.untranscribed]" in finished.stdout
    assert _stats(project) == before


def test_2_one_changed_row_runs_that_operation_the_programme_and_its_annexes_only(project):
    before = _stats(project)
    rewrite(
        project.raw / "observations.csv",
        "kayes-comites;actual;2019-09;2021-08;9;",
        "kayes-comites;actual;2019-09;2021-08;10;",
    )
    said: list[str] = []
    result = build(project, BuildOptions(jobs=2), echo=said.append)
    assert any(line.startswith("Validation et nettoyage") for line in said)  # a raw table changed
    # The annexes show every operation's values (results framework, roll-ups): they run again too.
    assert sorted(result.executed) == ["annexes", "programme", PUITS]
    assert len(result.cached) == 2
    after = _stats(project)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["annexes.html", "index.html", f"operations/{PUITS}.html"]
    summary = (project.reports / "build-summary.csv").read_text(encoding="utf-8")
    assert f"operations/{PUITS}.html,ok,executed" in summary
    assert f"operations/{LATRINES}.html,ok,cached" in summary


def _clean_texts(paths: BuildPaths) -> dict[str, str]:
    return {p.relative_to(paths.clean).as_posix(): p.read_text(encoding="utf-8") for p in paths.clean.rglob("*.csv")}


def test_3_an_operation_text_runs_that_operation_page_only(project):
    before, clean_before = _stats(project), _clean_texts(project)
    (project.narrative / "operations").mkdir(exist_ok=True)
    (project.narrative / "operations" / f"{LATRINES}.md").write_text("Texte de l'évaluatrice.\n", encoding="utf-8")
    said: list[str] = []
    result = build(project, BuildOptions(jobs=2), echo=said.append)
    assert result.executed == [LATRINES]
    # The texts are checked with the data (check/narrative_refs.py): a text edited runs the clean
    # stage again, and a text without problems leaves the clean data, findings and row counts as they were.
    assert any(line.startswith("Validation et nettoyage") for line in said)
    assert _clean_texts(project) == clean_before
    assert any("[people.untranscribed]" in line for line in result.findings)
    assert any("operations.csv : 2 lignes" in line for line in said), said
    after = _stats(project)
    assert sorted(name for name in after if after[name] != before[name]) == [f"operations/{LATRINES}.html"]
    assert "Texte de l'évaluatrice." in (project.reports / "operations" / f"{LATRINES}.html").read_text(
        encoding="utf-8"
    )


def test_3b_an_annex_the_evaluator_writes_runs_the_annexes_page_only(project):
    before = _stats(project)
    (project.narrative / "annexes").mkdir(exist_ok=True)
    (project.narrative / "annexes" / "outils-de-collecte.md").write_text("Guide d'entretien.\n", encoding="utf-8")
    result = build(project, BuildOptions(jobs=2), echo=lambda _: None)
    assert result.executed == ["annexes"]
    after = _stats(project)
    assert sorted(name for name in after if after[name] != before[name]) == ["annexes.html"]
    assert "Guide d'entretien." in (project.reports / "annexes.html").read_text(encoding="utf-8")


def test_4_a_page_edited_by_hand_is_rebuilt(project):
    page = project.reports / "operations" / f"{LATRINES}.html"
    page.write_text("modifié à la main", encoding="utf-8")
    result = build(project, BuildOptions(jobs=2), echo=lambda _: None)
    assert result.executed == [LATRINES]
    assert "modifié à la main" not in page.read_text(encoding="utf-8")


def test_5_force_runs_everything(project):
    result = build(project, BuildOptions(jobs=2, force=True), echo=lambda _: None)
    assert len(result.executed) == 5 and result.cached == []
