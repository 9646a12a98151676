"""Execute parameterised notebooks with papermill.

Parameters reach a notebook as data (papermill writes them as literals in an injected
cell), never as code built from strings. A failed run's output is kept under a name that
says so and never replaces a good one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from toolkit.model.errors import NotebookFailed

KERNEL = "python3"  # in a virtual environment ipykernel's bundled kernel runs that environment's Python
# How a page's cells run, by the name the command line gives them, and papermill's engine for
# each: "fork", in the page's own process forked warm (toolkit.build.engine); "kernel", a Jupyter kernel.
FORK, KERNEL_ENGINE = "fork", "kernel"
PAPERMILL_ENGINES: dict[str, str | None] = {FORK: "toolkit", KERNEL_ENGINE: None}


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


def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    cwd: Path,
    operation_id: str | None = None,
    engine: str | None = None,
) -> Path:
    """Run ``notebook`` with ``parameters`` and write the executed copy to ``output``.

    ``engine`` is papermill's engine name: None for a Jupyter kernel (nbclient), or
    ``toolkit.build.engine.NAME`` to run the cells in this process. Raises NotebookFailed naming the
    failing cell; the partial output is then left at ``<output stem>.failed.ipynb`` for the
    evaluator to open.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if engine is not None:
        import toolkit.build.engine  # noqa: F401 - registers the in-process engine with papermill

    logging.getLogger("papermill").setLevel(logging.WARNING)
    output.parent.mkdir(parents=True, exist_ok=True)
    pending = running_path(output)
    failed = failed_path(output)
    # Figures need a real (inline) backend inside the kernel: an inherited MPLBACKEND=Agg
    # makes every figure vanish from the report.
    os.environ.pop("MPLBACKEND", None)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(pending),
            parameters=parameters,
            kernel_name=KERNEL,
            engine_name=engine,
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
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
