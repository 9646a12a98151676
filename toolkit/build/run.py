"""Execute parameterised notebooks with papermill.

Parameters reach a notebook as data (papermill writes them as literals in an injected
cell), never as code built from strings. A failed run's output is kept under a name that
says so and never replaces a good one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from toolkit.model.errors import NotebookFailed

KERNEL = "python3"  # in a virtual environment ipykernel's bundled kernel runs that environment's Python


class PageEngine(StrEnum):
    """How a page's cells run, by the name the command line gives it: ``fork``, in the page's own
    process forked warm; ``kernel``, in a Jupyter kernel. Both are papermill engines of
    ``toolkit.build.engine``, which pyproject.toml registers under the ``papermill.engine`` entry point."""

    FORK = "fork"
    KERNEL = "kernel"

    @property
    def papermill_name(self) -> str:
        return f"toolkit-{self.value}"


FAILED_SUFFIX = ".failed.ipynb"


def failed_path(output: Path) -> Path:
    """Where a failed run's partial notebook is kept, beside the output it did not produce."""
    return output.with_name(f"{output.stem}{FAILED_SUFFIX}")


def running_path(output: Path) -> Path:
    """Where papermill writes a notebook while it runs; it becomes ``output`` once the run succeeds."""
    return output.with_name(f".{output.stem}.running.ipynb")


def keep_partial(output: Path) -> bool:
    """After a run that died (killed, out of time), keep what it had written at ``failed_path``,
    for the evaluator to open at the cell that was running; whether there was anything to keep."""
    running = running_path(output)
    if not running.is_file():
        return False
    running.replace(failed_path(output))
    return True


def _literal(path: Path) -> str:
    """A path papermill takes as it is: it formats its paths with the page's parameters, so a folder
    named "{operation_id}" would become another folder, outside the reports."""
    return str(path).replace("{", "{{").replace("}", "}}")


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    cwd: Path,
    operation_id: str | None = None,
    engine: PageEngine = PageEngine.FORK,
    on_cell: Callable[[int], None] | None = None,
    on_kernel: Callable[[int], None] | None = None,
) -> Path:
    """Run ``notebook`` with ``parameters`` and write the executed copy to ``output``.

    ``on_cell`` is told the number of each code cell as it starts, ``on_kernel`` the process
    group of a Jupyter kernel started for the page (``PageEngine.KERNEL``). Raises NotebookFailed naming
    the failing cell; the partial output is then left at ``<output stem>.failed.ipynb`` for the
    evaluator to open.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    output.parent.mkdir(parents=True, exist_ok=True)
    pending = running_path(output)
    failed = failed_path(output)
    # Figures need a real (inline) backend inside the kernel: an inherited MPLBACKEND=Agg
    # makes every figure vanish from the report.
    os.environ.pop("MPLBACKEND", None)
    try:
        papermill.execute_notebook(
            _literal(notebook),
            _literal(pending),
            parameters=parameters,
            kernel_name=KERNEL,
            engine_name=PageEngine(engine).papermill_name,
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            on_cell=on_cell,
            on_kernel=on_kernel,
        )
    except PapermillExecutionError as error:
        pending.replace(failed)
        raise NotebookFailed(
            f"{notebook.name} (cellule {error.exec_count}) : {error.ename}: {error.evalue}",
            notebook=str(failed),
            operation_id=operation_id,
            cell=error.exec_count,
            error=f"{error.ename}: {error.evalue}",
        ) from None
    except Exception:
        keep_partial(output)  # a kernel that died mid-page: what it had run is still worth opening
        raise
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    failed.unlink(missing_ok=True)
    pending.replace(output)
    return output
