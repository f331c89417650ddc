"""The digest page in a real browser, light and dark: no serious axe-core
violation, nothing wider than the screen, and a screenshot for people to look at."""

from __future__ import annotations

import pytest

from .support import AXE, PHONE, SCREENSHOTS, missing, open_page, too_wide, trouble

pytestmark = pytest.mark.browser

DIGEST = "/digest/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_digest_page_is_accessible_and_fits(new_page, site_url, scheme):
    if not AXE.is_file():
        missing(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/browser` (bash .ci/run does it)")
    page = new_page(color_scheme=scheme)
    open_page(page, site_url + DIGEST)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"digest-desktop-{scheme}.png", full_page=True, animations="disabled")
    assert page.locator("h1").first.inner_text().strip() == "Digest"
    assert page.locator(".okr-digest__team").count() >= 5  # the demo's teams that checked in on 20 Nov
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} at {' '.join(map(str, n['target']))}" for v in results["violations"]
               if v["impact"] in ("serious", "critical") for n in v["nodes"]
               if (v["id"], " ".join(map(str, n["target"]))) != ("aria-dialog-name", ".md-search")]
    assert not serious, serious
    assert not trouble(page), trouble(page)


def test_digest_page_fits_a_phone(new_page, site_url):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_page(page, site_url + DIGEST)
    page.screenshot(path=SCREENSHOTS / "digest-phone-light.png", full_page=True, animations="disabled")
    wide = too_wide(page)
    assert not wide, wide
