"""The charts in a real browser: on every page that has them, in both colour
schemes and at desktop and phone widths, the scheme's own SVG is shown and
loaded, the other is hidden, each has alt text in words and its table of
numbers; screenshots of the charts for people to look at."""

from __future__ import annotations

import pytest

from .support import DESKTOP, PHONE, SCREENSHOTS, open_page, trouble

pytestmark = pytest.mark.browser

CHART_PAGES = {
    "dashboard": ("/", 3),  # company objectives, key results by status, teams compared
    "team": ("/teams/mobile/", 1),  # the burn-up
    "objective": ("/2026-Q4/mobile/joyful-app/", 4),  # one per key result
    "finished-cycle": ("/cycles/2026-Q3/", 3),  # company, grades, team grades: graded, so no statuses
}

CHARTS_JS = """() => [...document.querySelectorAll('figure.okr-chart')].map(figure => {
  const shown = [...figure.querySelectorAll('img.okr-chart__img')].filter(img => img.getClientRects().length);
  const img = shown[0];
  return {
    shown: shown.length,
    src: img ? new URL(img.currentSrc || img.src).pathname : '',
    loaded: img ? img.complete && img.naturalWidth > 0 : false,
    width: img ? img.getBoundingClientRect().width : 0,
    alt: img ? img.alt : '',
    rows: figure.querySelectorAll('details table tbody tr').length,
  };
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", CHART_PAGES)
def test_charts_show_in_each_scheme(new_page, site_url, name, device, scheme):
    url, count = CHART_PAGES[name]
    viewport = DESKTOP if device == "desktop" else PHONE
    page = new_page(viewport=viewport, color_scheme=scheme, device_scale_factor=1,
                    is_mobile=device == "phone", has_touch=device == "phone")
    open_page(page, site_url + url)
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("() => [...document.querySelectorAll('figure.okr-chart img')]"
                           ".filter(img => img.getClientRects().length).every(img => img.complete)")
    charts = page.evaluate(CHARTS_JS)
    assert len(charts) == count, charts
    for chart in charts:
        assert chart["shown"] == 1, chart  # one of the two files, never both
        assert chart["src"].endswith(".dark.svg") == (scheme == "dark"), chart
        assert chart["loaded"], chart
        assert chart["width"] <= viewport["width"], chart
        assert len(chart["alt"].split()) >= 6, chart  # words, not a file name
    assert any(chart["rows"] for chart in charts)
    first = page.locator("figure.okr-chart").first
    first.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"charts-{name}-{device}-{scheme}.png", animations="disabled")
    assert not trouble(page), trouble(page)
