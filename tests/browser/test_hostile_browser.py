"""Hostile text in a real browser: nothing runs, the layout holds.

The project of `tests/hostile` (every hostile input in every text field)
is built, served and opened in Chromium at desktop and phone widths. On each
page that shows hostile text: a `dialog` handler records any alert(),
confirm() or prompt() (none may open, also after clicking every link of the
objective's body and after searching), no `<script>` element carries the
marker, no element carries an `on*` attribute or a `javascript:` address,
and the 10,000-character word wraps instead of widening the page.
"""

from __future__ import annotations

import sys

import pytest

from .support import DESKTOP, PHONE, ROOT, SCREENSHOTS, open_page, serve

sys.path.insert(0, str(ROOT / "tests"))
from hostile import MARK, write_hostile_project

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "objective": "/2026-Q4/mobile/joyful-app/",
    "long-objective": "/2026-Q4/longteam/long/",
    "company-objective": "/2026-Q4/company/delight/",
    "past-objective": "/2026-Q3/mobile/store-rating/",
    "team": "/teams/mobile/",
    "long-team": "/teams/longteam/",
    "maths-team": "/teams/maths/",
    "past-team": "/teams/mobile/2026-Q3/",
    "teams": "/teams/",
    "alignment": "/alignment/",
    "changelog": "/changelog/",
    "people": "/people/",
    "person": "/people/astrid/",
    "long-person": "/people/chen/",
    "cycles": "/cycles/",
}

# Anything a script from the content could have left behind.
LIVE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/[\\s\\x00-\\x1f]+/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`<${el.localName} ${name}>`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(name)
          && /^(javascript|vbscript|data):/.test(value)) found.push(`<${el.localName} ${name}=${attr.value}>`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes(MARK) || (s.src && !s.src.startsWith(location.origin))) found.push(`<script> ${s.src}`);
  }
  for (const tag of ['iframe', 'object', 'embed']) {
    for (const el of document.querySelectorAll(tag)) found.push(`<${tag}>`);
  }
  return found;
}""".replace("MARK", repr(MARK))

OVERFLOW = """() => {
  const content = document.querySelector('.md-content');
  return {page: document.scrollingElement.scrollWidth, screen: window.innerWidth,
          content: content.scrollWidth, content_box: content.clientWidth};
}"""


@pytest.fixture(scope="module")
def hostile_url(build_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    project = type("Project", (), {})()
    project.root, project.content = root, root / "content"

    def write(rel, text):
        path = project.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    project.write = write
    write_hostile_project(project)
    config = root / "mkdocs.yml"
    config.write_text("\n".join([
        "site_name: Hostile OKRs",
        f"docs_dir: {project.content}",
        "theme:", "  name: material", f"  custom_dir: {ROOT / 'theme'}", "  font: false",
        "  features: [navigation.tabs, navigation.sections, navigation.indexes, search.suggest, search.highlight]",
        "extra_css: [assets/okrsite.css]", "extra_javascript: [assets/okrsite.js]",
        "plugins: [search, okrsite]",
        "markdown_extensions: [attr_list, md_in_html, tables, {toc: {permalink: true}}, pymdownx.superfences]",
    ]) + "\n", encoding="utf-8")
    result = build_site(root / "site", config)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


def _watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_no_script_runs_and_the_layout_holds(new_page, hostile_url, name, device):
    viewport = DESKTOP if device == "desktop" else PHONE
    page = new_page(viewport=viewport)
    dialogs = _watch_dialogs(page)
    open_page(page, hostile_url + PAGES[name], settle=True)
    page.mouse.move(viewport["width"] // 2, viewport["height"] // 2)  # an onmouseover would fire now
    page.wait_for_timeout(100)
    assert not dialogs, dialogs
    assert page.evaluate(LIVE) == []
    assert not page.page_errors, page.page_errors
    layout = page.evaluate(OVERFLOW)
    assert layout["page"] <= layout["screen"], layout  # no sideways scrolling of the whole page
    assert layout["content"] <= layout["content_box"] + 1, layout  # nor of the main content (tables scroll inside)
    if name in ("objective", "long-objective", "long-team") or (device == "desktop" and name == "home"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"hostile-{name}-{device}.png", full_page=False, animations="disabled")


def test_clicking_the_bodys_links_runs_nothing(new_page, hostile_url):
    page = new_page()
    dialogs = _watch_dialogs(page)
    open_page(page, hostile_url + PAGES["objective"])
    links = page.locator(".okr-context a")
    assert links.count() >= 5
    for index in range(links.count()):
        link = links.nth(index)
        if link.get_attribute("href") is None:  # the inert ones: click them, nothing may happen
            link.click()
    page.wait_for_timeout(200)
    assert not dialogs, dialogs
    assert page.url.endswith(PAGES["objective"])


@pytest.mark.parametrize("query", ["script", "onerror", "javascript"])
def test_search_results_show_hostile_text_as_text(new_page, hostile_url, query):
    """Material's search renders its index as HTML: the index must hold escaped text."""
    page = new_page()
    dialogs = _watch_dialogs(page)
    open_page(page, hostile_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.wait_for_timeout(300)
    assert not dialogs, dialogs
    assert page.evaluate(LIVE) == []
    assert page.locator(".md-search-result img, .md-search-result svg[onload], .md-search-result iframe").count() == 0
