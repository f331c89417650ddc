"""Search on the demo site finds each kind of thing okrsite makes a page or a section for:
an objective, a key result, a team and a person (Material's search indexes a stand-in of
okrsite's HTML: what a person finds must not change)."""

from __future__ import annotations

import pytest

from .support import open_page, trouble

pytestmark = pytest.mark.browser

# (what a person types, the page a result must lead to, a text that result holds, its section)
SEARCHES = {
    "objective": ("technicians door", "/2026-Q4/mobile/offline-maps/", "Get technicians to the right door", ""),
    "key result": ("wrong address", "/2026-Q4/mobile/offline-maps/", "wrong address", "#key-results"),
    "team": ("Customer Success", "/teams/customer-success/", "Customer Success", ""),
    "person": ("Priya Raman", "/people/priya/", "Priya Raman", ""),
}


@pytest.mark.parametrize("kind", SEARCHES)
def test_search_finds(new_page, site_url, kind):
    query, path, shown, section = SEARCHES[kind]
    page = new_page()
    open_page(page, site_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    # e.g. http://127.0.0.1:port/2026-Q4/mobile/offline-maps/?h=address#key-results (search.highlight adds the query)
    ends = f'[href$="{section}"]' if section else ""
    result = page.locator(f'a.md-search-result__link[href*="{path}?"]{ends}').first
    result.wait_for(state="attached")  # the search worker loads search_index.json first
    assert shown.lower() in (result.text_content() or "").lower()  # a section's result may be folded
    assert not trouble(page), trouble(page)
