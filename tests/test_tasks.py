"""What a build is asked to do and what a page's worker is given: frozen, checked, picklable."""

import dataclasses
import pickle

import pytest

from toolkit.build.executors import Executor
from toolkit.build.run import PageEngine
from toolkit.build.tasks import BuildOptions, PageRun, PageTask
from toolkit.model.errors import ConfigurationError


def test_options_take_the_command_lines_words_and_refuse_a_misspelt_one_in_french():
    options = BuildOptions(engine="kernel", executor="dask", scheduler="tcp://127.0.0.1:8786")
    assert options.engine is PageEngine.KERNEL and options.executor is Executor.DASK
    with pytest.raises(ConfigurationError, match="moteur inconnu « noyau » : choisir « fork » ou « kernel »"):
        BuildOptions(engine="noyau")
    with pytest.raises(ConfigurationError, match="exécuteur inconnu « cluster »"):
        BuildOptions(executor="cluster")


def test_options_cannot_change_under_a_running_build():
    options = BuildOptions(jobs=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 4  # type: ignore[misc]
    # Only what changes the written pages is in the build's fingerprint, not how they run.
    assert BuildOptions(jobs=1, engine="kernel").cache_key == BuildOptions(jobs=2).cache_key
    assert BuildOptions(strict=True).cache_key != BuildOptions().cache_key


def test_a_page_task_crosses_a_process_boundary_whole():
    task = PageTask(
        name="cgt-banane",
        notebook="notebooks/operation.ipynb",
        executed="reports/.building/operations/cgt-banane.ipynb",
        html="reports/.building/operations/cgt-banane.html",
        cwd="notebooks",
        title="Banane équitable",
        footer="pied",
        parameters={"operation_id": "cgt-banane"},
        breadcrumb=(("Rapport", "../index.html"), ("Banane équitable", "")),
        operation_id="cgt-banane",
        run=PageRun(PageEngine.KERNEL, page_timeout=30, page_memory=512, log="reports/.logs/pages.log"),
    )
    assert pickle.loads(pickle.dumps(task)) == task
    assert task.executed_path.name == "cgt-banane.ipynb"
