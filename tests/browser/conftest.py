"""Fixtures for the browser tests: the demo site on a local web server, one
Chromium for the whole session, and pages that record what goes wrong in them.

What they need besides the test extra (`.ci/run` installs both): Debian's
Chromium at /usr/bin/chromium (`apt-get install chromium`) and axe-core in
tests/browser/node_modules (`npm ci --prefix tests/browser`). Deselect these
tests with `-m "not browser"`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, ROOT, missing, serve

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `browser` fixture, so `-m "not browser"` still runs everywhere
    sync_playwright = None

# Everything but the local server is blocked: the intranet site must not need
# the internet (no Google Fonts, no CDN), and a test must never wait on it.
_EXTERNAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])[a-z]+://")


@pytest.fixture(scope="session")
def site_url(demo_site) -> str:
    """The demo company's site (built once by tests/conftest.py) served over HTTP: its base URL."""
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if sync_playwright is None:
        missing("Playwright is not installed: pip install '.[test]'")
    if not CHROMIUM.is_file():
        missing(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (bash .ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts: `new_page(viewport=..., color_scheme="dark")`.

    Each page records `console_errors`, `page_errors` (uncaught exceptions) and
    `external_requests` (blocked); `support.trouble(page)` lists them."""
    contexts = []

    def open_new(**options):
        context = browser.new_context(**{"viewport": DESKTOP, "color_scheme": "light", **options})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors, page.page_errors, page.external_requests = [], [], []

        def on_console(message):
            if message.type == "error":
                where = message.location.get("url", "")
                page.console_errors.append(f"{message.text}" + (f" ({where})" if where else ""))

        def on_route(route):
            page.external_requests.append(route.request.url)
            route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: page.page_errors.append(str(error)))
        context.route(_EXTERNAL, on_route)  # the context's: workers' requests too
        return page

    yield open_new
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280x900, light colour scheme) that records its errors."""
    return new_page()


@pytest.fixture(scope="session")
def build_site(request):
    """tests/conftest.py's `build_site(out, config, today)`: `okrsite build --strict` as a user runs it."""
    parent = ROOT / "tests" / "conftest.py"
    for plugin in request.config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == parent:
            return plugin.build_site
    raise LookupError("tests/conftest.py is not loaded")
