"""One page's work (papermill, then nbconvert), and the libraries it needs, imported once.

The build's fork server imports this module before it forks the pages' processes
(``toolkit.build.isolation.PRELOAD``): everything a page notebook imports is then already in memory
in each page's process. The list follows what the notebooks in ``notebooks/`` import; a
library missing here still works, it is only imported by each page again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# The page notebooks' own imports, what executing and exporting a page imports, and what the
# page's IPython shell imports when it starts (its completer and magics, the inline backend).
import IPython.core.completer
import IPython.core.magics
import IPython.display  # noqa: F401
import matplotlib.pyplot  # noqa: F401
import matplotlib_inline.backend_inline  # noqa: F401
import nbconvert  # noqa: F401
import pandas  # noqa: F401
import papermill
import seaborn  # noqa: F401

from toolkit.build import engine, slices  # noqa: F401
from toolkit.build.render import export_html, warm_up
from toolkit.build.run import execute
from toolkit.ingest.countries import country_codes, country_name_fr
from toolkit.model.config import load_config  # noqa: F401
from toolkit.report import context, evaluation, figures, framework, narrative, pages, quality  # noqa: F401
from toolkit.results.portfolio import load  # noqa: F401
from toolkit.text import fmt


def _first_use() -> None:
    """Work every page does once, done here once for all of them: the exporter's templates, the
    French locale data babel reads on first use and pycountry's database (each about a fifth of
    a second a page otherwise)."""
    warm_up()
    fmt.number(1234.5, 1)
    fmt.date("2015-03-01")
    fmt.period("2015-03", "2016")
    country_codes("France")
    country_name_fr("FRA")


_first_use()


def _report_cells(on_cell: Callable[[int], None]) -> None:
    """Tell ``on_cell`` each code cell's number as it starts, whichever engine runs it.

    papermill has no hook for this; both engines go through its execution manager's
    ``cell_start``, which is wrapped here. The page's process is its own, so the change ends
    with it.
    """
    manager = papermill.engines.NotebookExecutionManager
    original = manager.cell_start
    counter = iter(range(1, 1_000_000))

    def cell_start(self, cell, cell_index=None, **kwargs):
        if cell.cell_type == "code":
            on_cell(next(counter))
        return original(self, cell, cell_index, **kwargs)

    manager.cell_start = cell_start


def run_page(task: dict, on_cell: Callable[[int], None] | None = None) -> str:
    """Execute one notebook and export its page; the page's path."""
    if on_cell is not None:
        _report_cells(on_cell)
    executed = execute(
        Path(task["notebook"]),
        Path(task["executed"]),
        task["parameters"],
        cwd=Path(task["cwd"]),
        operation_id=task.get("operation_id"),
        engine=task.get("engine", engine.NAME),
    )
    export_html(executed, Path(task["html"]), title=task["title"], breadcrumb=task["breadcrumb"], footer=task["footer"])
    return task["html"]
