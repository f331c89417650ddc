"""What the browser tests share besides fixtures: where things are, a local
web server for a built site, and opening a page the way a person would."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The four pages the product issue names: what a person opens most.
PAGES = {
    "home": "/",
    "team": "/teams/mobile/",
    "objective": "/2026-Q4/mobile/joyful-app/",
    "alignment": "/alignment/",
}
CYCLE = "2026-Q4"
TEAM = "mobile"
OBJECTIVE = "2026-Q4/mobile/joyful-app"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # `format`: the base class's name
        pass  # one line per request would bury pytest's output


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 at a free port, in a background thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def open_page(page, url: str, *, settle: bool = False) -> None:
    """Go to a page and wait until Material's JavaScript has run and the fonts are ready.

    `settle` also waits for the network to go quiet (Material's search worker
    fetches the search index after the load), so late errors are seen too."""
    response = page.goto(url, wait_until="networkidle" if settle else "load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")  # Material's bundle is running
    page.evaluate("() => document.fonts.ready.then(() => true)")


def trouble(page) -> str:
    """What went wrong in a page so far, as a readable list; empty when nothing did."""
    lines = [f"console error: {text}" for text in page.console_errors]
    lines += [f"page error: {text}" for text in page.page_errors]
    lines += [f"request leaving the intranet: {url}" for url in page.external_requests]
    return "\n".join(lines)


def missing(reason: str) -> None:
    """Without the browser or axe-core: skipped on a developer's machine, a failure in CI
    (which installs both), so CI can never pass by skipping."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def too_wide(page, limit: int = 10) -> list[str]:
    """What runs off the screen; what is wider may scroll inside its own box (as wide tables do)."""
    return page.evaluate("""limit => {
      const width = document.documentElement.clientWidth;
      const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
      const inScrollBox = el => {
        for (let up = el.parentElement; up && !up.matches('.md-content'); up = up.parentElement)
          if (scrolls(up)) return true;
        return false;
      };
      return [...document.querySelectorAll('.md-content *')]
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
        .filter(el => !inScrollBox(el))
        .map(el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('')
             + ' (right edge at ' + Math.round(el.getBoundingClientRect().right) + ' px)')
        .slice(0, limit);
    }""", limit)
