"""The Atom feeds of check-ins: valid Atom, newest first, one entry per shown check-in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path


from okrsite.feeds import MAX_ENTRIES
from okrsite.site import build_site as site_of

from conftest import TODAY
from exports_content import SECRETS

A = "{http://www.w3.org/2005/Atom}"


def parse(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == A + "feed"
    return root


def check_atom(feed: ET.Element) -> list[ET.Element]:
    """RFC 4287's required elements; the entries, newest first."""
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(A + tag) or "").strip(), f"feed without {tag}"
    assert feed.findtext(f"{A}author/{A}name")
    assert feed.find(f"{A}link[@rel='self']") is not None
    entries = feed.findall(A + "entry")
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(A + tag) or "").strip(), f"entry without {tag}"
        assert entry.find(f"{A}link[@rel='alternate']").get("href")
        assert entry.find(A + "content").get("type") == "html"
    updated = [e.findtext(A + "updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    if entries:
        assert feed.findtext(A + "updated") == updated[0]
    ids = [e.findtext(A + "id") for e in entries]
    assert len(ids) == len(set(ids))
    return entries


def shown_checkins(company) -> dict[str, list[str]]:
    """The ids of the check-ins the changelog pages show, by team."""
    site = site_of(company, TODAY)
    found: dict[str, set[str]] = {}
    for view in site.cycles:
        for entry in view.entries:
            found.setdefault(entry.checkin.team, set()).add(entry.checkin.id)
    return {team: sorted(ids) for team, ids in found.items()}


def test_the_demos_feeds(demo, demo_site):
    company, _ = demo
    by_team = shown_checkins(company)
    every = sorted({c for ids in by_team.values() for c in ids})
    feed = parse(demo_site / "feed.xml")
    entries = check_atom(feed)
    assert len(every) > MAX_ENTRIES and len(entries) == MAX_ENTRIES  # the latest, not the whole year
    newest = sorted((c for c in company.checkins if c.id in every), key=lambda c: (c.date, c.id), reverse=True)
    assert [e.findtext(A + "id").rpartition(":")[2] for e in entries] == [c.id for c in newest[:MAX_ENTRIES]]
    teams = [t for t in company.organisation.teams if t in by_team]
    assert "mobile" in teams
    for team in teams:
        entries = check_atom(parse(demo_site / f"teams/{team}/feed.xml"))
        assert len(entries) == min(MAX_ENTRIES, len(by_team[team])), team
        assert {e.find(A + "category").get("term") for e in entries} == {team}


def test_an_entry_says_what_moved(demo_site):
    entries = parse(demo_site / "teams/mobile/feed.xml").findall(A + "entry")
    first = entries[0]
    assert first.findtext(A + "title") == "Mobile: check-in of 20 Nov 2026"
    assert first.findtext(A + "updated") == "2026-11-20T00:00:00Z"
    assert first.findtext(f"{A}author/{A}name") == "Björn Ek"
    content = first.findtext(A + "content")
    assert "Cut weekly uninstalls by 15 %: 1,104 → <strong>1,080</strong>" in content
    assert "<strong>Wins</strong>" in content
    # Relative links without a site_url: from teams/mobile/feed.xml to the team's page.
    assert first.find(f"{A}link[@rel='alternate']").get("href") == "./"
    q3 = next(e for e in entries if e.findtext(A + "updated").startswith("2026-09-25"))
    assert q3.find(f"{A}link[@rel='alternate']").get("href") == "2026-Q3/"


def test_pages_announce_the_feeds(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Nordlys OKRs" href="feed.xml">' in home
    # A team's page links its feed, in every cycle; the head announces only the company's (Material
    # reads each <link rel="alternate"> as a language version and fetches a sitemap.xml beside it).
    team = (demo_site / "teams/mobile/2026-Q3/index.html").read_text(encoding="utf-8")
    assert 'href="../../../feed.xml">' in team
    assert '<a href="../feed.xml" type="application/atom+xml">Mobile: check-ins</a>' in team
    team = (demo_site / "teams/mobile/index.html").read_text(encoding="utf-8")
    assert '<a href="feed.xml" type="application/atom+xml">Mobile: check-ins</a>' in team


def test_absolute_links_and_tag_ids_with_a_site_url_and_no_secrets(small_site):
    # The small company with secrets, its 20 Nov win written "Up <b>4</b> & more", built with SMALL_SITE_URL.
    site = small_site.site
    feed = parse(site / "teams/mobile/feed.xml")
    entries = check_atom(feed)
    assert feed.findtext(A + "id") == "https://okrs.example.com/intranet/teams/mobile/feed.xml"
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://okrs.example.com/intranet/teams/mobile/feed.xml"
    # One shown check-in: the 24 Nov one touched only the confidential objective.
    assert [e.findtext(A + "id") for e in entries] == [
        "tag:okrs.example.com,2026-11-20:2026-Q4/mobile/checkins/2026-11-20"]
    assert entries[0].find(f"{A}link[@rel='alternate']").get("href") == "https://okrs.example.com/intranet/teams/mobile/"
    # Text from the content arrives as text: escaped once for HTML, once more for XML.
    assert "Up &lt;b&gt;4&lt;/b&gt; &amp; more" in entries[0].findtext(A + "content")
    assert len(check_atom(parse(site / "feed.xml"))) == 2
    # Nothing of the confidential or draft objective anywhere in the site, the year's pages included.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv"):
            text = path.read_text(encoding="utf-8").lower()
            leaks = [s for s in SECRETS if s.lower() in text]
            assert not leaks, (path, leaks)
