"""Executed notebook to a reviewer's HTML page, in-process with nbconvert.

The page has no code, no prompts and no stderr; it loads nothing from the network; it
carries a breadcrumb and the provenance footer.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from toolkit.outputs import write_text_atomic

TEMPLATE = "caac"


class DropNoise(Preprocessor):
    """Remove what a reviewer must never see: stderr streams and the injected parameters."""

    def preprocess_cell(self, cell, resources, index):  # noqa: ANN001 - nbconvert's signature
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []) or "parameters" in cell.get(
                "metadata", {}
            ).get("tags", []):
                cell.outputs = []
        return cell, resources


def _templates_dir() -> str:
    return str(resources.files("toolkit").joinpath("templates"))


@cache
def _css() -> str:
    return resources.files("toolkit").joinpath("templates", TEMPLATE, "report.css").read_text(encoding="utf-8")


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[_templates_dir()],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "fr"
    exporter.register_preprocessor(DropNoise(), enabled=True)
    return exporter


def export_html(notebook: Path, html: Path, *, title: str, breadcrumb: list[tuple[str, str]], footer: str) -> None:
    """Write ``html`` from the executed ``notebook``; ``breadcrumb`` pairs are (label, href or "")."""
    node = nbformat.read(notebook, as_version=4)
    node.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(
        node,
        resources={"caac": {"css": _css(), "breadcrumb": breadcrumb, "footer": footer}},
    )
    write_text_atomic(html, body)
