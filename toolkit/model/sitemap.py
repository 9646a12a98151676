"""Where each page of a report lives, and the links from one page to another.

The build writes the pages at these paths and the report's code links them with ``href``: a page
renamed or moved here is renamed for both, and no link can point at an old name. Paths are
relative to the reports folder, with ``/`` whatever the system.
"""

from __future__ import annotations

INDEX = "index.html"  # the programme report
ANNEXES = "annexes.html"
# The folder of the evaluator's texts (in the narrative folder) that the annexes page shows, not the index.
NARRATIVE_ANNEXES = "annexes"
DATA_QUALITY = "data-quality.html"
OPERATIONS = "operations"  # the folder of the operation pages
DOCUMENTS = "documents"  # the folder of the source documents' pages
BUILD_SUMMARY = "build-summary.csv"
TOP = ""  # the folder of the index, the annexes and the data-quality page


def operation_page(operation_id: str) -> str:
    return f"{OPERATIONS}/{operation_id}.html"


def document_page(stem: str) -> str:
    """The page of a source document, by its URL-safe name."""
    return f"{DOCUMENTS}/{stem}.html"


def href(target: str, *, from_folder: str = TOP, anchor: str = "") -> str:
    """The link to ``target`` written on a page of ``from_folder``, at ``anchor`` if given."""
    # By the strings alone: a link never depends on the working directory (relpath reads it).
    inside = f"{from_folder}/" if from_folder else ""
    if inside and target.startswith(inside):
        link = target[len(inside) :]
    else:
        link = "../" * len(from_folder.split("/")) * bool(from_folder) + target
    return f"{link}#{anchor}" if anchor else link
