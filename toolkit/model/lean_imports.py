"""Imports a process of the toolkit can do without, declined before anything imports them.

jsonschema (under nbformat and Great Expectations) imports ``rfc3987_syntax`` when it is
installed (JupyterLab's jupyter-events brings it) to check the "iri" string formats, which no
schema the toolkit validates uses. That module compiles a grammar when imported: 0.8 s of the
start of every process that validates or runs pages. Marked absent in ``sys.modules``,
jsonschema skips those two formats. The processes that call this are the commands, the pages'
fork server and the test run; the cost is measured in docs/benchmarks.md.
"""

from __future__ import annotations

import sys

UNUSED = ("rfc3987_syntax",)


def decline_unused_imports() -> None:
    """Make the modules of ``UNUSED`` unimportable in this process, unless already imported."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
