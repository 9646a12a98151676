"""One page's work (papermill, then nbconvert), and the libraries it needs, imported once.

The build's fork server imports this module before it forks the pages' processes
(``toolkit.build.isolation.PRELOAD``): everything a page notebook imports is then already in memory
in each page's process. The list follows what the notebooks in ``notebooks/`` import; a
library missing here still works, it is only imported by each page again.
"""

# ruff: noqa: E402 - the imports below come after declining those the pages do without

from __future__ import annotations

import os

from toolkit.model.lean_imports import decline_unused_imports

# One thread for OpenBLAS (numpy's and scipy's, which the page libraries load): the build runs as
# many pages at once as there are cores, and each OpenBLAS thread maps about 40 MB of buffers and
# stack at import, per copy of the library; the fork server's and each kernel's address space,
# which the page memory limit counts (isolation._limit_memory), would otherwise grow with the
# machine's cores. Set before numpy is first imported here, and inherited by every kernel.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The fork server is a fresh interpreter: jsonschema, which nbconvert brings in, must find
# rfc3987_syntax declined before it is first imported (0.8 s of the preload otherwise).
decline_unused_imports()

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
import papermill  # noqa: F401
import seaborn  # noqa: F401

from toolkit.build.render import export_html, warm_up
from toolkit.build.run import execute
from toolkit.build.tasks import PageTask
from toolkit.ingest.countries import country_codes, country_name_fr
from toolkit.model.config import load_config  # noqa: F401
from toolkit.model.language import using
from toolkit.report import context, evaluation, figures, framework, narrative, pages, quality  # noqa: F401
from toolkit.results import slices  # noqa: F401
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


def run_page(
    task: PageTask, on_cell: Callable[[int], None] | None = None, on_kernel: Callable[[int], None] | None = None
) -> str:
    """Execute one notebook and export its page; the page's path. ``on_cell`` is told the number
    of each code cell as it starts, ``on_kernel`` the process group of a kernel started for it."""
    # The page's process starts in French (the fork server's default): the programme's language for
    # what the cells show (the notebook activates it too, through page_inputs) and for the export.
    with using(task.run.language):
        executed = execute(
            Path(task.notebook),
            task.executed_path,
            task.parameters,
            cwd=Path(task.cwd),
            operation_id=task.operation_id,
            engine=task.run.engine,
            on_cell=on_cell,
            on_kernel=on_kernel,
        )
        export_html(executed, Path(task.html), title=task.title, breadcrumb=task.breadcrumb, footer=task.footer)
    return task.html
