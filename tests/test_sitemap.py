"""One site map: the paths the build writes are the ones the pages link to."""

import pytest

from toolkit.model import sitemap


@pytest.mark.parametrize(
    ("target", "from_folder", "anchor", "expected"),
    [
        (sitemap.INDEX, sitemap.OPERATIONS, "operations", "../index.html#operations"),
        (sitemap.ANNEXES, sitemap.DOCUMENTS, "doc-004", "../annexes.html#doc-004"),
        (sitemap.DATA_QUALITY, sitemap.TOP, "op-cgt-banane", "data-quality.html#op-cgt-banane"),
        (sitemap.operation_page("cgt-banane"), sitemap.TOP, "", "operations/cgt-banane.html"),
        (sitemap.operation_page("cgt-banane"), sitemap.OPERATIONS, "", "cgt-banane.html"),
        (sitemap.document_page("004_x"), sitemap.OPERATIONS, "l560-562", "../documents/004_x.html#l560-562"),
    ],
)
def test_a_link_is_relative_to_the_page_it_is_written_on(target, from_folder, anchor, expected):
    assert sitemap.href(target, from_folder=from_folder, anchor=anchor) == expected


def test_the_report_code_names_no_page_file_but_through_the_site_map():
    """Outside the site map, no module of the toolkit writes a page's file name in a string."""
    import re

    from tests.conftest import ROOT

    pages = "|".join(re.escape(name) for name in (sitemap.INDEX, sitemap.ANNEXES, sitemap.DATA_QUALITY))
    folders = f"(?:{sitemap.OPERATIONS}|{sitemap.DOCUMENTS})/[^\"']*\\.html"
    written = re.compile(rf"[\"'/](?:{pages}|{folders})")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "toolkit").rglob("*.py")
        if path.name != "sitemap.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not line.lstrip().startswith("#") and written.search(line)
    ]
    assert found == []
    assert written.search('f"operations/{operation_id}.html"') and written.search("'../annexes.html#x'")
