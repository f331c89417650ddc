"""`okrsite serve` on broken content: every page answers at once with the errors, in the site's look,
and turns back into the site when the content is fixed (issue 14)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import restore_chart_cache
from .support import ROOT, SCREENSHOTS

pytestmark = pytest.mark.browser

CHECKIN = "content/2026-Q4/mobile/checkins/2026-11-20.md"
GOOD, BROKEN = "  uninstalls: 1,080\n", "  uninstalls: 1,5\n"  # the mistake: a comma that reads two ways


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    """The answer's status; a request that hangs fails the test (urllib's timeout)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served_demo(tmp_path, chart_cache):
    """A copy of the demo previewed with `okrsite serve`, as a person runs it; yields (folder, base URL)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}"),
                                         encoding="utf-8")
    restore_chart_cache(chart_cache, tmp_path)
    with open(tmp_path / "serve.log", "w", encoding="utf-8") as log:  # what it says: read by the tests
        yield from _serving(tmp_path, log)


def _serving(tmp_path, log):
    """Run `okrsite serve` in tmp_path until the generator is closed; yields (folder, base URL)."""
    port = _free_port()
    env = {**os.environ, "OKRSITE_TODAY": "2026-11-26", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "okrsite", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # the first build of the demo: up to a minute on a busy machine
            try:
                if _status(url + "/") == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.1)
        else:
            pytest.fail("okrsite serve did not answer within a minute")
        yield tmp_path, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_broken_checkin_shows_its_error_in_the_browser_and_the_fix_brings_the_site_back(served_demo, new_page):
    folder, url = served_demo
    page = new_page()
    page.goto(url + "/teams/mobile/")
    page.wait_for_selector(".md-content")
    checkin = folder / CHECKIN
    text = checkin.read_text(encoding="utf-8")
    assert GOOD in text

    checkin.write_text(text.replace(GOOD, BROKEN), encoding="utf-8")
    edited = time.monotonic()
    # The open page reloads itself into the error page within the 2 seconds: `serve` keeps its
    # configuration and stops at the check (0.2-0.3 s on the demo); 1.3 s measured in this test at load 2.5.
    page.wait_for_selector(".okr-build-errors", timeout=2_000)
    print(f"error page {time.monotonic() - edited:.1f} s after the edit")
    errors = page.locator(".okr-build-errors li")
    assert errors.count() == 1
    shown = errors.first.inner_text()
    assert f"{CHECKIN}, line 7" in shown and "'1,5'" in shown and "Hint:" in shown
    assert page.locator("h1").inner_text() == "The site could not be built"
    assert page.evaluate("document.documentElement.lang") == "en"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "preview-errors.png"), full_page=True)

    # Nothing hangs while the content is broken: pages answer with the errors, assets and the
    # live-reload poll as before.
    assert _status(url + "/alignment/") == 500
    assert _status(url + "/does-not-exist/") == 500
    assert _status(url + "/assets/okrsite.css") == 200
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(url + "/2026-Q4/mobile/joyful-app/", timeout=10)
    assert b"okr-build-errors" in answer.value.read()

    checkin.write_text(text, encoding="utf-8")
    fixed = time.monotonic()
    # Only what the fix changed is rebuilt (2.6 s measured at load 2.5, was 15-27 s); the page comes back by itself.
    page.wait_for_selector(".md-content", timeout=30_000)
    assert page.locator(".okr-build-errors").count() == 0
    assert "mobile" in page.url
    print(f"site back {time.monotonic() - fixed:.1f} s after the fix")


def test_an_edited_checkin_shows_on_the_team_page_after_rebuilding_only_what_it_changed(served_demo, new_page):
    folder, url = served_demo
    page = new_page()
    page.goto(url + "/teams/mobile/")
    page.wait_for_selector(".md-content")
    assert "1,080" in page.locator(".md-content").inner_text()

    checkin = folder / CHECKIN
    checkin.write_text(checkin.read_text(encoding="utf-8").replace(GOOD, "  uninstalls: 1,040\n"), encoding="utf-8")
    edited = time.monotonic()
    # The open page reloads itself with the new value (about a second measured, see the closing note).
    page.wait_for_function("() => document.querySelector('.md-content')?.innerText.includes('1,040')",
                           timeout=30_000)
    print(f"new value on the team page {time.monotonic() - edited:.1f} s after the edit")
    said = (folder / "serve.log").read_text(encoding="utf-8")
    assert "page(s) and" in said and said.count("Documentation built") == 1  # updated in place, no full build
