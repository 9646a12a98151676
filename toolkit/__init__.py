"""Reproducible evaluation toolkit for development-cooperation programmes."""

import sys

__version__ = "0.1.0"

# jsonschema (under nbformat and Great Expectations) imports rfc3987_syntax when it is installed
# (JupyterLab's jupyter-events brings it) to check the "iri" string formats, which no schema the
# toolkit validates uses. That module compiles a grammar when imported: 0.8 s of the start of every
# process that validates or runs pages (each command, the pages' fork server, each test worker).
# Marked absent, jsonschema skips those two formats. The cost is measured in docs/benchmarks.md.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
