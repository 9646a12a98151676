"""Executed notebook to a reviewer's HTML page, in-process with nbconvert.

The page has no code, no prompts and no stderr; it loads nothing from the network; it
carries a breadcrumb and the provenance footer. It is in the active language (the programme's):
its ``lang``, the template's labels and the notebook's markdown cells (``build/translate.py``);
French pages get French typography's no-break spaces, English ones do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from toolkit.build.translate import TranslateMarkdown
from toolkit.model.language import _, active
from toolkit.model.outputs import write_text_atomic
from toolkit.text.typography import french_spacing

TEMPLATE = "rapport"


PARAMETER_TAGS = {"parameters", "injected-parameters"}


class DropNoise(Preprocessor):
    """Remove what a reviewer must never see: the parameter cells and stderr streams.

    Dropping the injected cell also drops the random id papermill gives it, so that two
    builds of the same inputs give the same bytes.
    """

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells if not PARAMETER_TAGS & set(cell.get("metadata", {}).get("tags", []))]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):  # noqa: ARG002 - nbconvert's signature
        if cell.cell_type == "code":
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if not (output.get("output_type") == "stream" and output.get("name") == "stderr")
            ]
        return cell, resources


def _templates_dir() -> str:
    return str(resources.files("toolkit.report").joinpath("templates"))


@cache
def _css() -> str:
    return resources.files("toolkit.report").joinpath("templates", TEMPLATE, "report.css").read_text(encoding="utf-8")


@cache
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
    exporter.register_preprocessor(TranslateMarkdown(), enabled=True)
    return exporter


def _labels() -> dict[str, str]:
    """The template's own texts, in the active language."""
    return {"skip": _("Aller au contenu"), "breadcrumb": _("Fil d'Ariane")}


def warm_up() -> None:
    """Load the exporter and compile its templates ahead of the first page (in the fork server)."""
    _exporter().from_notebook_node(
        nbformat.v4.new_notebook(),
        resources={"page": {"css": _css(), "breadcrumb": [], "footer": "", "labels": _labels()}},
    )


def export_html(notebook: Path, html: Path, *, title: str, breadcrumb: Sequence[tuple[str, str]], footer: str) -> None:
    """Write ``html`` from the executed ``notebook``; ``breadcrumb`` pairs are (label, href or "")."""
    node = nbformat.read(notebook, as_version=4)
    node.metadata["title"] = title
    _write_page(node, html, breadcrumb, footer)


def export_notice(html: Path, *, title: str, breadcrumb: Sequence[tuple[str, str]], footer: str, body: str) -> None:
    """Write ``html`` as a page of the report holding only ``body`` (HTML): the same template,
    stylesheet, breadcrumb and footer as a page made from a notebook."""
    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data", data={"text/html": body})])
    cell.id = "page"  # nbformat draws a random id, which the page would carry: the same inputs, the same bytes
    _write_page(nbformat.v4.new_notebook(cells=[cell], metadata={"title": title}), html, breadcrumb, footer)


def _write_page(node, html: Path, breadcrumb: Sequence[tuple[str, str]], footer: str) -> None:
    exporter = _exporter()
    exporter.language_code = active()  # the page's <html lang>
    page, _resources = exporter.from_notebook_node(
        node, resources={"page": {"css": _css(), "breadcrumb": breadcrumb, "footer": footer, "labels": _labels()}}
    )
    write_text_atomic(html, french_spacing(page) if active() == "fr" else page)
