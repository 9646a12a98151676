"""The build's two papermill engines, registered through papermill's ``papermill.engine`` entry point.

``toolkit-kernel`` runs a page in a Jupyter kernel, as papermill's own nbclient engine does;
``toolkit-fork`` runs the cells with IPython in the calling process, no kernel. Both hand papermill
a ``PageManager``, a subclass of its execution manager, that tells the build which cell a page has
reached; nothing of papermill is patched.

Why the fork engine:

Starting a Jupyter kernel and importing pandas, matplotlib, seaborn and this toolkit again for
every page is most of a page's cost. This engine executes the cells in an IPython shell inside
the process that calls papermill; the build calls it in a process forked, for each page, from
one that has already imported those libraries (``toolkit.build.isolation``), so a page starts warm and
still starts clean. papermill does everything else as usual: parameters, the executed notebook,
the error that names the failing cell.

The outputs are those a kernel records: streams, ``display_data`` (rich HTML, figures),
``execute_result`` and ``error`` with IPython's own traceback. ipykernel produces them the same
way, by giving the shell a display publisher, a display hook and a traceback hook of its own.

ploomber-engine does something similar; it is not used because it brings ploomber-core (and its
telemetry) and reads errors back from captured text rather than from the shell.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from itertools import count

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.manager import AsyncKernelManager
from papermill.engines import Engine, NBClientEngine, NotebookExecutionManager
from traitlets import Type
from traitlets.config import Config


class _Sink:
    """The outputs of the cell being run."""

    def __init__(self) -> None:
        self.outputs: list = []

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        # A kernel sends a stream in chunks that the notebook joins: one output per run of text.
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


class _Stream(io.TextIOBase):
    def __init__(self, sink: _Sink, name: str) -> None:
        self.sink, self.name = sink, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.sink.stream(self.name, text)
        return len(text)


class _Publisher(DisplayPublisher):
    """``display(...)``: a display_data output, as ipykernel's publisher sends it. A display with an
    id can be updated later, in its cell or another: the outputs that showed it take the new value,
    as nbclient does for a kernel, and an update of an id never shown adds nothing."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):  # noqa: ARG002 - IPython's signature
        display_id = (transient or {}).get("display_id")
        if update:
            for shown in self.shell.displays.get(display_id, []):
                shown.data, shown.metadata = data, metadata or {}
            return
        output = nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})
        self.shell.sink.outputs.append(output)
        if display_id:
            self.shell.displays.setdefault(display_id, []).append(output)

    def clear_output(self, wait=False):  # noqa: ARG002 - IPython's signature
        self.shell.sink.outputs.clear()


class _Hook(DisplayHook):
    """A cell's last expression: an execute_result carrying the cell's execution count."""

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shell.sink.outputs.append(
            nbformat.v4.new_output(
                "execute_result",
                data=format_dict,
                metadata=md_dict or {},
                execution_count=self.shell.execution_count,
            )
        )

    def finish_displayhook(self) -> None:
        pass


class PageShell(InteractiveShell):
    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_Hook)

    def __init__(self, **kwargs) -> None:
        self.sink = _Sink()
        self.displays: dict[str, list] = {}  # display_id -> the outputs that show it, in any cell
        super().__init__(**kwargs)

    def enable_gui(self, gui=None) -> None:  # no event loop to integrate: figures are inline
        pass

    def _showtraceback(self, etype, evalue, stb) -> None:
        self.sink.outputs.append(
            nbformat.v4.new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=list(stb))
        )

    def run(self, source: str) -> tuple[list, bool]:
        """Run one cell; its outputs, and whether it raised."""
        self.sink = _Sink()
        with redirect_stdout(_Stream(self.sink, "stdout")), redirect_stderr(_Stream(self.sink, "stderr")):
            result = self.run_cell(source, store_history=True)
        return self.sink.outputs, not result.success


def _shell() -> PageShell:
    config = Config()
    # A page's cells are not the evaluator's: they stay out of IPython's history database in the
    # home folder, which every page would otherwise write to, cell by cell, under one lock.
    config.HistoryManager.enabled = False
    shell = PageShell.instance(colors="nocolor", config=config)
    # The inline backend, as a kernel has it: figures a cell leaves open are shown when it ends.
    shell.enable_matplotlib("inline")
    return shell


class PageManager(NotebookExecutionManager):
    """papermill's execution manager, telling ``on_cell`` the number of each code cell as it starts
    (the build names the running cell of a page that runs too long), whichever engine runs it."""

    def __init__(self, nb, *, on_cell: Callable[[int], None] | None = None, **kwargs) -> None:
        super().__init__(nb, **kwargs)
        self.on_cell = on_cell
        self.code_cells = count(1)
        self.quiet = False

    def cell_start(self, cell, cell_index=None, **kwargs):
        if cell.cell_type == "code" and self.on_cell is not None:
            self.on_cell(next(self.code_cells))
        return super().cell_start(cell, cell_index, **kwargs)

    def save(self, **kwargs):
        if not self.quiet:
            super().save(**kwargs)


class ForkPageManager(PageManager):
    """papermill writes the whole notebook, figures included, when a cell starts and again when it
    completes. The second write is skipped: the next cell's start, or the end of the page, writes
    the same outputs. A page that dies in a cell still leaves the notebook as that cell began."""

    def cell_complete(self, cell, cell_index=None, **kwargs):
        self.quiet = True
        try:
            return super().cell_complete(cell, cell_index, **kwargs)
        finally:
            self.quiet = False


class _PageEngine(Engine):
    """papermill's ``Engine.execute_notebook``, with the manager class this engine names."""

    manager = PageManager

    @classmethod
    def execute_notebook(
        cls,
        nb,
        kernel_name,
        output_path=None,
        progress_bar=True,
        log_output=False,
        autosave_cell_every=30,
        on_cell: Callable[[int], None] | None = None,
        **kwargs,
    ):
        nb_man = cls.manager(
            nb,
            on_cell=on_cell,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


class PageKernelManager(AsyncKernelManager):
    """A kernel manager that tells ``on_start`` the process group of the kernel it started.

    jupyter_client starts a kernel in a session of its own, which a signal to the page's process
    group does not reach: the build must know the kernel's group to end it with a page that it
    stops (out of time, Ctrl-C) or that died."""

    on_start: Callable[[int], None] | None = None

    @classmethod
    def reporting_to(cls, on_start: Callable[[int], None]) -> type[PageKernelManager]:
        # nbclient makes the manager from a class (and then owns and shuts it down): the
        # callback travels as a class attribute of a subclass made for this page.
        return type(cls.__name__, (cls,), {"on_start": staticmethod(on_start)})

    async def start_kernel(self, **kwargs) -> None:
        await super().start_kernel(**kwargs)
        provisioner = self.provisioner
        group = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)
        if self.on_start is not None and group:
            self.on_start(int(group))


class KernelEngine(_PageEngine, NBClientEngine):
    """A Jupyter kernel per page, through nbclient, as papermill's default engine."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, on_kernel: Callable[[int], None] | None = None, **kwargs):
        if on_kernel is not None:
            kwargs["kernel_manager_class"] = PageKernelManager.reporting_to(on_kernel)
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)


class ForkEngine(_PageEngine):
    """Runs the cells one after the other; stops at the first error, as nbclient does."""

    manager = ForkPageManager

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):  # noqa: ARG003 - papermill's API
        shell = _shell()
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                nb_man.cell_start(cell, index)
                cell.outputs, failed = shell.run(cell.source)
                cell.execution_count = shell.execution_count - 1
                if failed:
                    nb_man.cell_exception(cell, cell_index=index)
                nb_man.cell_complete(cell, cell_index=index)
                if failed:
                    break
        finally:
            sys.stdout.flush()
            PageShell.clear_instance()
