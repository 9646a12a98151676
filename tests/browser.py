"""Open a report page as a reviewer does, from a file, with the network cut off, and note what goes wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

LAPTOP = 1280  # CSS pixels: a laptop screen

# Anything but the page's own files and embedded data is a request leaving the machine.
LEAVES_THE_MACHINE = re.compile(r"^(?!(file|data|about):)")


@dataclass
class Visit:
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    text: str = ""
    hidden_in_print: dict[str, bool] = field(default_factory=dict)
    width: int = 0  # of the whole page, in CSS pixels: wider than the window means sideways scrolling


def visit(browser, page: Path, screenshot: Path | None = None, print_hidden: tuple[str, ...] = ()) -> Visit:  # noqa: ANN001
    seen = Visit()
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, offline=True, locale="fr-FR")

    def block(route) -> None:  # noqa: ANN001 - Playwright's Route
        seen.blocked_requests.append(route.request.url)
        route.abort()

    context.route(LEAVES_THE_MACHINE, block)
    tab = context.new_page()
    tab.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
    tab.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    tab.on("requestfailed", lambda request: seen.failed_requests.append(request.url))

    def dialog(opened) -> None:  # noqa: ANN001 - Playwright's Dialog
        seen.dialogs.append(opened.message)
        opened.dismiss()

    tab.on("dialog", dialog)
    tab.goto(page.resolve().as_uri(), wait_until="load")
    seen.hrefs = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    seen.text = tab.inner_text("body")
    seen.width = tab.evaluate("document.documentElement.scrollWidth")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(screenshot), full_page=True)
    if print_hidden:
        tab.emulate_media(media="print")
        seen.hidden_in_print = {selector: not tab.is_visible(selector) for selector in print_hidden}
    context.close()
    return seen


def broken_links(page: Path, hrefs: list[str]) -> list[str]:
    """Internal links whose file, or whose anchor in that file, does not exist."""
    broken = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in {"http", "https", "mailto"}:
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
        if not target.is_file():
            broken.append(href)
            continue
        if parts.fragment and target.suffix == ".html":
            html = target.read_text(encoding="utf-8")
            if f'id="{parts.fragment}"' not in html and f"id='{parts.fragment}'" not in html:
                broken.append(href)
    return broken
