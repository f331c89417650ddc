"""Atom feeds of the check-ins: one for the whole company (`feed.xml`) and one
per team (`teams/<team>/feed.xml`), newest first.

Built from the site's check-ins (`site.Entry`: confidential and draft key
results left out, a check-in that touched only those left out entirely) with
`xml.etree`, which escapes every text. Dates are the check-ins' own, never
the clock. Ids are stable: with MkDocs' `site_url` a feed's id is its address
and an entry's a tag URI (`tag:<host>,<check-in date>:<check-in id>`); without
it, URNs from the company's name and the check-in's id. Links are absolute
with `site_url`, else relative to the feed.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from . import routes
from .format import value_text
from .i18n import Translator
from .model import COMPANY, CheckIn
from .routes import Urls
from .site import CycleView, Move, Site

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_ENTRIES = 50  # a reader wants the latest; the changelog pages keep them all


def site_files(site: Site, t: Translator, urls: Urls = Urls(), before: dict | None = None,
               contents: dict | None = None) -> dict[str, str]:
    """The company's feed and every team's, by their paths in the site. `okrsite serve` passes the entries'
    `contents` of its last build as `before` (when its settings were the same), and one to fill."""
    items = feed_items(site)
    writer = _Writer(site, t, urls, before, contents)
    company = site.company.organisation.company
    home = routes.dashboard()
    files = {routes.COMPANY_FEED: writer.feed(routes.COMPANY_FEED, t.label("feed.company", company=company), home,
                                              items)}
    by_team: dict[str, list] = {}
    for item in items:
        by_team.setdefault(item[0].team, []).append(item)
    for team in [COMPANY, *site.company.organisation.teams]:
        # Every team page links its team's feed; the feed links back to the newest of them.
        homes = [view.team_page(team) for view in reversed(site.cycles) if view.has_team_page(team)]
        mine = by_team.get(team, [])
        if homes or mine:
            title = t.label("feed.team", team=site.company.organisation.team_name(team))
            files[routes.team_feed(team)] = writer.feed(routes.team_feed(team), title, homes[0] if homes else home,
                                                        mine)
    return files


def feed_items(site: Site) -> list[tuple[CheckIn, list[Move], CycleView]]:
    """Every shown check-in once, newest first, with its moves across the cycles it counts in
    (a quarter's and the year's) and the shortest of those cycles, whose pages it links to."""
    found: dict[str, tuple[CheckIn, list[Move], CycleView]] = {}
    for view in sorted(site.cycles, key=lambda v: (v.cycle.end - v.cycle.start).days):
        for entry in view.entries:
            _, moves, _ = found.setdefault(entry.checkin.id, (entry.checkin, [], view))
            known = {m.kr.ref for m in moves}
            moves.extend(m for m in entry.moves if m.kr.ref not in known)
    return sorted(found.values(), key=lambda item: (item[0].date, item[0].id), reverse=True)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "company"


def _timestamp(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


class _Writer:
    def __init__(self, site: Site, t: Translator, urls: Urls, before: dict | None = None,
                 contents: dict | None = None):
        self.site, self.t, self.urls = site, t, urls
        self.before = before or {}
        self.host = urlsplit(urls.site_url).hostname if urls.site_url else None
        self.urn = f"urn:okrsite:{_slug(site.company.organisation.company)}"
        # By check-in id, what its entry's content was made of and the content (the company's feed and a
        # team's share entries), and by ("feed", path) each feed's: the next build of `okrsite serve` takes
        # them when made of the same.
        self.contents: dict[str | tuple[str, str], tuple] = {} if contents is None else contents

    def url(self, target: str, feed_path: str) -> str:
        """`target` (a path from the site's root) as the feed links it: absolute, or relative to the feed."""
        return self.urls.from_file(feed_path, target)

    def page(self, src: str, feed_path: str) -> str:
        return self.url(self.urls.page(src), feed_path)

    def feed(self, path: str, title: str, home: str, items) -> str:
        """The feed's text; the last build's when made of the same (`okrsite serve` redoes two feeds an edit)."""
        updated = items[0][0].date if items else self.site.today
        entries = tuple((checkin, self._page(checkin, view), self._content_of(checkin, moves))
                        for checkin, moves, view in items[:MAX_ENTRIES])
        made = self.before.get(("feed", path))
        if made is None or made[0] != (title, home, updated) or len(made[1]) != len(entries) or any(
                old[0] is not new[0] or old[1:] != new[1:] for old, new in zip(made[1], entries, strict=True)):
            made = ((title, home, updated), entries, self._feed(path, title, home, updated, entries))
        self.contents[("feed", path)] = made
        return made[2]

    def _feed(self, path: str, title: str, home: str, updated, entries) -> str:
        feed = ET.Element("feed", xmlns=ATOM)
        self._text(feed, "id", self.urls.base + path if self.urls.base else f"{self.urn}:{path.removesuffix('.xml')}")
        self._text(feed, "title", title)
        self._text(feed, "updated", _timestamp(updated))
        author = ET.SubElement(feed, "author")
        self._text(author, "name", self.site.company.organisation.company)
        ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self.url(path, path))
        ET.SubElement(feed, "link", rel="alternate", type="text/html", href=self.page(home, path))
        self._text(feed, "generator", "okrsite")
        for checkin, page, content in entries:
            self._entry(feed, path, checkin, page, content)
        ET.indent(feed, space=" ")
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

    @staticmethod
    def _page(checkin: CheckIn, view: CycleView) -> str:
        return view.team_page(checkin.team) if view.has_team_page(checkin.team) else view.changelog_of(checkin.id)

    def _content_of(self, checkin: CheckIn, moves: list[Move]) -> str:
        if checkin.id not in self.contents:
            made = self.before.get(checkin.id)  # all it reads: the check-in (not changed once loaded), the moves
            if made is None or made[0] is not checkin or made[1] != moves:
                made = (checkin, moves, self._content(checkin, moves))
            self.contents[checkin.id] = made
        return self.contents[checkin.id][2]

    def _entry(self, feed, path: str, checkin: CheckIn, page: str, content: str) -> None:
        t = self.t
        entry = ET.SubElement(feed, "entry")
        if self.host:
            entry_id = f"tag:{self.host},{checkin.date.isoformat()}:{checkin.id}"
        else:
            entry_id = f"{self.urn}:checkin:{checkin.id}"
        self._text(entry, "id", entry_id)
        team = self.site.company.organisation.team_name(checkin.team)
        self._text(entry, "title", t.label("feed.entry", team=team, date=t.date(checkin.date)))
        self._text(entry, "updated", _timestamp(checkin.date))
        self._text(entry, "published", _timestamp(checkin.date))
        author = ET.SubElement(entry, "author")
        self._text(author, "name", self.site.company.organisation.person_name(checkin.author) or team)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=self.page(page, path))
        ET.SubElement(entry, "category", term=checkin.team, label=team)
        self._text(entry, "content", content).set("type", "html")

    def _content(self, checkin: CheckIn, moves: list[Move]) -> str:
        """The check-in as HTML (escaped once here, and once more by the XML writer, as Atom's type="html" wants)."""
        t = self.t

        def e(text: str) -> str:
            return html.escape(text, quote=False)

        parts = []
        if moves:
            items = "".join(
                f"<li>{e(m.kr.title)}: {e(value_text(m.kr, m.before, t))} → "
                f"<strong>{e(value_text(m.kr, m.after, t))}</strong> ({e(t.percent(m.progress))})</li>"
                for m in moves
            )
            parts.append(f"<ul>{items}</ul>")
        for heading, texts in ((t.label("label.wins"), checkin.wins), (t.label("label.blockers"), checkin.blockers)):
            if texts:
                parts.append(f"<p><strong>{e(heading)}</strong></p><ul>"
                             + "".join(f"<li>{e(text)}</li>" for text in texts) + "</ul>")
        if checkin.actions:
            rows = []
            for action in checkin.actions:
                extra = ""
                if action.owner:
                    extra += f" · @{e(action.owner)}"
                if action.due:
                    extra += f" · {e(t.label('label.due'))} {e(t.date(action.due))}"
                text = f"<s>{e(action.text)}</s>" if action.done else e(action.text)
                rows.append(f"<li>{text}{extra}</li>")
            parts.append(f"<p><strong>{e(t.label('label.actions'))}</strong></p><ul>{''.join(rows)}</ul>")
        return "".join(parts)

    @staticmethod
    def _text(parent, tag: str, text: str):
        child = ET.SubElement(parent, tag)
        child.text = _NOT_XML.sub("", text)  # characters XML 1.0 cannot hold, even escaped
        return child
