"""Open a report page as a reviewer does, from a file, with the network cut off, and note what goes wrong."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Anything but the page's own files and embedded data is a request leaving the machine: the
# PDF printer and the tests block the same ones.
from toolkit.build.pdf import LEAVES_THE_MACHINE

LAPTOP = 1280  # CSS pixels: a laptop screen

# axe-core's impacts that fail a page; "moderate" and "minor" ones are in the saved results only.
BLOCKING_IMPACTS = ("serious", "critical")


@cache
def axe_script() -> str:
    """axe-core as shipped inside the pinned axe-playwright-python wheel: read from disk, never fetched."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@dataclass
class Violation:
    """One axe-core rule broken on a page, with a few of the elements that break it."""

    rule: str
    impact: str
    help: str
    targets: list[str]
    count: int  # elements that break it; ``targets`` names at most a few

    def __str__(self) -> str:
        more = f" (+{self.count - len(self.targets)} more)" if self.count > len(self.targets) else ""
        return f"{self.rule} [{self.impact}] {self.help}: {', '.join(self.targets)}{more}"


def violations(results: dict, impacts: tuple[str, ...] = BLOCKING_IMPACTS, shown: int = 5) -> list[Violation]:
    """The violations of axe-core ``results`` whose impact is one of ``impacts``."""
    found = []
    for rule in results.get("violations", []):
        if rule.get("impact") not in impacts:
            continue
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"]]
        found.append(Violation(rule["id"], rule["impact"], rule["help"], targets[:shown], len(targets)))
    return found


# In the browser, an element named for a message: its tag and classes.
_NAME = r"""
const name = (element) => element.tagName.toLowerCase()
  + (typeof element.className === "string" && element.className.trim() ? "." + element.className.trim().split(/\s+/).join(".") : "");
const words = (text, most) => (text || "").trim().replace(/\s+/g, " ").slice(0, most);
"""

# In the browser: every table in <main> whose right edge passes the right edge of what shows it: the
# nearest ancestors that clip or scroll sideways (the lab wraps each output in an overflow:auto
# .jp-OutputArea-output inside an overflow:hidden .jp-OutputArea-child), whose padding box is what
# shows, and in any case <main>'s content box, the reading column.
TABLES_CUT_OFF = (
    "() => {"
    + _NAME
    + r"""
  const main = document.querySelector("main");
  const style = getComputedStyle(main);
  const column = main.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  const found = [];
  for (const table of main.querySelectorAll("table")) {
    let limit = Infinity, container = "main";
    for (let box = table.parentElement; box && box !== main; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === "visible") continue;
      const right = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth;
      if (right < limit) { limit = right; container = name(box); }
    }
    if (column < limit) { limit = column; container = "main"; }
    const right = table.getBoundingClientRect().right;
    if (right > limit + 1) {
      const caption = table.caption ? table.caption.innerText : (table.querySelector("th") || {}).innerText;
      found.push({caption: words(caption, 100), overflow: Math.round(right - limit), container: container});
    }
  }
  return found;
}"""
)

# In the browser: <main>, and every element in it that scrolls or clips sideways (overflow-x other than
# visible), wider inside than it shows. An element that lets its content spill over is not listed: what
# spills is either seen, or clipped by an ancestor, and then that ancestor is wider inside than it shows.
SCROLLS_SIDEWAYS = (
    "() => {"
    + _NAME
    + r"""
  const main = document.querySelector("main");
  const found = [];
  for (const element of [main, ...main.querySelectorAll("*")]) {
    const overflowX = getComputedStyle(element).overflowX;
    if (element !== main && overflowX === "visible") continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      found.push({element: name(element), overflowX: overflowX, excess: element.scrollWidth - element.clientWidth,
                  text: words(element.innerText, 60)});
    }
  }
  return found;
}"""
)


# In the browser: every figure with its title, alternative text and image, every list or sentence that
# stands for a chart with its title, and every table's caption, in the order of the page.
FIGURES_AND_TABLES = r"""() => {
  const text = (element) => (element ? element.innerText : "").trim();
  return {
    figures: [...document.querySelectorAll("figure")].map((figure) => {
      const image = figure.querySelector("img");
      return {title: text(figure.querySelector(".ev-figure-title")),
              alt: image ? image.getAttribute("alt") || "" : "", src: image ? image.getAttribute("src") || "" : ""};
    }),
    titles: [...document.querySelectorAll(".ev-figure-title")].map(text),
    captions: [...document.querySelectorAll("table")].map((table) => text(table.caption)),
  };
}"""


@dataclass
class Visit:
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    text: str = ""
    shown_on_screen: dict[str, bool] = field(default_factory=dict)
    hidden_in_print: dict[str, bool] = field(default_factory=dict)
    width: int = 0  # of the whole page, in CSS pixels: wider than the window means sideways scrolling
    lang: str = ""  # <html lang>
    axe: dict = field(default_factory=dict)  # axe-core's full results, when asked for
    violations: list[Violation] = field(default_factory=list)  # those of them that fail a page
    tables_cut_off: list[dict] = field(default_factory=list)  # caption, overflow (px), container
    scrolling: list[dict] = field(default_factory=list)  # element, overflowX, excess (px), text
    # Each <figure>: title (its .ev-figure-title), alt, and src as a digest (the PNGs are large).
    figures: list[dict] = field(default_factory=list)
    figure_titles: list[str] = field(default_factory=list)  # of figures, and of lists and sentences for charts
    table_captions: list[str] = field(default_factory=list)  # "" for a table without a caption


def visit(
    browser,
    page: Path,
    screenshot: Path | None = None,
    print_hidden: tuple[str, ...] = (),
    accessibility: bool = False,
    axe_json: Path | None = None,
    layout: bool = False,
) -> Visit:
    """Open ``page`` offline at a laptop's width. ``accessibility`` runs axe-core on it (its full
    results also written to ``axe_json`` if given); ``layout`` measures tables cut off and sideways
    scrolling inside <main>."""
    seen = Visit()
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, offline=True, locale="fr-FR")

    def block(route) -> None:
        seen.blocked_requests.append(route.request.url)
        route.abort()

    context.route(LEAVES_THE_MACHINE, block)
    tab = context.new_page()
    tab.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
    tab.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    tab.on("requestfailed", lambda request: seen.failed_requests.append(request.url))

    def dialog(opened) -> None:
        seen.dialogs.append(opened.message)
        opened.dismiss()

    tab.on("dialog", dialog)
    tab.goto(page.resolve().as_uri(), wait_until="load")
    seen.hrefs = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    seen.text = tab.inner_text("body")
    seen.width = tab.evaluate("document.documentElement.scrollWidth")
    seen.lang = tab.evaluate("document.documentElement.lang")
    found = tab.evaluate(FIGURES_AND_TABLES)
    seen.figures = [
        {**figure, "src": hashlib.sha256(figure["src"].encode()).hexdigest()} for figure in found["figures"]
    ]
    seen.figure_titles, seen.table_captions = found["titles"], found["captions"]
    if layout:
        seen.tables_cut_off = tab.evaluate(TABLES_CUT_OFF)
        seen.scrolling = tab.evaluate(SCROLLS_SIDEWAYS)
    if accessibility:
        tab.add_script_tag(content=axe_script())
        seen.axe = tab.evaluate("() => axe.run(document)")
        seen.violations = violations(seen.axe)
        if axe_json is not None:
            axe_json.parent.mkdir(parents=True, exist_ok=True)
            axe_json.write_text(json.dumps(seen.axe, ensure_ascii=False, indent=1), encoding="utf-8")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(screenshot), full_page=True)
    if print_hidden:
        # Playwright calls a selector that matches nothing "not visible": first make sure each
        # element is there, and seen on screen, so that hidden in print means something.
        def every(selector: str, visible: bool) -> bool:
            found = tab.locator(selector)
            return found.count() > 0 and all(found.nth(i).is_visible() is visible for i in range(found.count()))

        seen.shown_on_screen = {selector: every(selector, True) for selector in print_hidden}
        tab.emulate_media(media="print")
        seen.hidden_in_print = {selector: every(selector, False) for selector in print_hidden}
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
