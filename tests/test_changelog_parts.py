"""A changelog is pages of at most CHANGELOG_PART check-ins, newest first, each a click from the next,
each indexed for search; and a page's links, worked out once per page, are the links `Urls.link` makes."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, TODAY

from okrsite import routes
from okrsite.build import build
from okrsite.i18n import Translator
from okrsite.routes import Urls
from okrsite.site import CHANGELOG_PART

TEMPLATES = ROOT / "theme" / "okrsite"


@pytest.fixture(scope="module")
def built(demo):
    company, _ = demo
    return build(company, TODAY, TEMPLATES, Translator(), charts=False)


def test_each_check_in_is_on_one_part_newest_first(built):
    views = [view for view in built.site.cycles if len(view.entries) > CHANGELOG_PART]
    assert views, "the demo has a cycle with more check-ins than a page holds"
    for view in built.site.cycles:
        parts = view.changelog_parts()
        assert parts[0][0] == view.changelog  # the first part keeps the changelog's address
        assert [e for _, entries in parts for e in entries] == view.entries
        assert all(0 < len(entries) <= CHANGELOG_PART for _, entries in parts) or not view.entries
        for src, entries in parts:
            markdown = built.pages[src].markdown + "".join(built.pages[src].blocks)
            assert markdown.count('class="okr-entry"') == len(entries)
            for entry in entries:
                assert view.changelog_of(entry.checkin.id) == src


def test_the_parts_link_to_each_other(built):
    view = next(view for view in built.site.cycles if len(view.entries) > CHANGELOG_PART)
    parts = [src for src, _ in view.changelog_parts()]
    urls = Urls()
    for number, src in enumerate(parts, 1):
        html = "".join(built.pages[src].blocks)
        links = set(re.findall(r'<nav class="okr-pager"[^>]*>(.*?)</nav>', html, re.S)[0].split('href="')[1:])
        targets = {link.partition('"')[0] for link in links}
        assert targets == {urls.link(src, other) for other in parts if other != src}
        assert ("rel=\"next\"" in html) == (number < len(parts)) and ("rel=\"prev\"" in html) == (number > 1)
    assert routes.changelog(view.cycle.id if not view.current else None, 2) == parts[1]


def test_a_short_changelog_is_one_page_without_a_pager(built):
    view = next(view for view in built.site.cycles if 0 < len(view.entries) <= CHANGELOG_PART)
    assert len(view.changelog_parts()) == 1
    assert "okr-pager" not in "".join(built.pages[view.changelog].blocks)


def test_older_check_ins_are_searchable(demo_site):
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].partition("#")[0] for doc in index["docs"]}
    assert "cycles/2026/changelog/2/" in locations
    assert (demo_site / "cycles" / "2026" / "changelog" / "2" / "index.html").is_file()


@pytest.mark.parametrize("urls", [Urls(), Urls(directory_urls=False), Urls(site_url="https://okrs.example/x/")])
def test_a_pages_links_are_the_links_between_its_pages(built, urls):
    pages = [*built.pages, "index.md", "teams/index.md", "changelog/2.md", "cycles/2026/changelog/2.md"]
    for here in pages[::7]:
        link = urls.links_from(here)
        for there in pages:
            for anchor in ("", "kr-1"):
                assert link(there, anchor) == urls.link(here, there, anchor), (here, there)
