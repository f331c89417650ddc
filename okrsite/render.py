"""Turn each page of the site into Markdown with the theme's templates.

The templates (`theme/okrsite/*.html`) write HTML blocks with Markdown
headings between them, so MkDocs renders, indexes for search and builds the
table of contents as for any page. Autoescaping is on: every value from the
content is escaped unless a template says otherwise.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from . import pages as site_queries
from .i18n import Translator
from .model import COMPANY, Kind, KeyResult
from .pages import Site, SitePage
from .rollup import KeyResultRollup, Status, grade_band
from .untrusted import render_markdown

PLACEHOLDER = "<!--okrsite:{}-->"
_PLACEHOLDERS = re.compile(r"<!--okrsite:(\d+)-->")


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown file: teams/mobile.md -> teams/mobile/."""
    stem = src.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    base = here.rstrip("/") if directory_urls else posixpath.dirname(here)
    target = posixpath.relpath(there.rstrip("/") or ".", base or ".")
    if directory_urls:
        target = target + "/" if target != "." else "./"
    return target + (f"#{anchor}" if anchor else "")


@dataclass
class RenderedPage:
    markdown: str  # what MkDocs reads: front-matter, headings, Markdown, placeholders
    blocks: list[str]  # the HTML blocks the placeholders stand for


@jinja2.pass_context
def html_block(context, html_text) -> Markup:
    """`{% filter html %}`: HTML that Markdown need not read. It is kept aside and put
    back into the page's HTML after MkDocs has rendered the Markdown around it:
    parsing thousands of tags as Markdown was most of a large site's build time."""
    blocks = context["blocks"]
    blocks.append(str(html_text))
    return Markup("\n\n" + PLACEHOLDER.format(len(blocks) - 1) + "\n\n")


def restore_blocks(html_text: str, blocks: list[str]) -> str:
    return _PLACEHOLDERS.sub(lambda match: blocks[int(match.group(1))], html_text)


class Renderer:
    def __init__(self, site: Site, templates: Path, t: Translator, directory_urls: bool = True, charts=None):
        self.site = site
        self.t = t
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),  # a folder, or a list searched in order
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            percent=t.percent, date=t.date, number=t.number, grade=t.grade, html=html_block,
        )
        self.env.globals.update(
            site=site, organisation=site.company.organisation, t=t.label, COMPANY=COMPANY, Status=Status,
            Kind=Kind, value=lambda kr, value: value_text(kr, value, t), target=lambda kr: target_text(kr, t),
            sparkline=sparkline, grade_band=grade_band,
            team_name=lambda team: site_queries.team_name(site, team), person=self.person,
            q=site_queries, charts=charts,
        )

    def render(self, page: SitePage) -> RenderedPage:
        """The page as MkDocs reads it: front-matter, then Markdown with placeholders for HTML."""
        def link(to_src: str, anchor: str = "") -> str:
            return relative_url(page.src, to_src, self.directory_urls, anchor)

        def asset(path: str) -> str:
            """A file below the docs folder that is not a page (a chart's SVG, okrs.json, a feed)."""
            return posixpath.relpath(path, posixpath.dirname(page_url(page.src, self.directory_urls)) or ".")

        def markdown_of(text: str, file_src: str) -> Markup:
            """Markdown from the content, rendered under okrsite.untrusted's policy (no raw HTML)."""
            url_of = lambda src: page_url(src, self.directory_urls)  # noqa: E731
            return Markup(render_markdown(text, file_src, url_of(page.src), url_of))

        blocks: list[str] = []
        body = self.env.get_template(page.template).render(page=page, link=link, asset=asset, blocks=blocks,
                                                           markdown=markdown_of, **page.context)
        # MkDocs' themes print the title without escaping it: escape it here.
        meta = {"title": html.escape(page.title, quote=False)}
        if page.hide:
            meta["hide"] = list(page.hide)
        markdown = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body
        return RenderedPage(markdown, blocks)

    def person(self, person_id: str | None) -> str:
        people = self.site.company.organisation.people
        return people[person_id].name if person_id in people else (person_id or "")


def value_text(kr: KeyResult, value: float | None, t: Translator) -> str:
    """A key result's value as people read it: '52', '2.3M EUR', '99.7 %', 'done', '2 of 4'."""
    if kr.kind is Kind.BOOLEAN:
        return t.label("value.done") if value else t.label("value.not_done")
    if kr.kind is Kind.MILESTONES:
        return t.label("value.steps", done=int(value or 0), total=len(kr.milestones))
    if value is None:
        return "–"
    return t.number(value, kr.unit, kr.currency)


def target_text(kr: KeyResult, t: Translator) -> str:
    if kr.kind is Kind.BOOLEAN:
        return t.label("value.done")
    if kr.kind is Kind.MILESTONES:
        return t.label("value.steps", done=len(kr.milestones), total=len(kr.milestones))
    if kr.target is None:
        return "–"
    shown = t.number(kr.target, kr.unit, kr.currency)
    if kr.kind is Kind.MAINTAIN:
        return ("≥ " if kr.maintain_above else "≤ ") + shown
    return shown


def sparkline(k: KeyResultRollup, width: int = 96, height: int = 24) -> Markup:
    """A key result's progress over its check-ins as a small inline SVG (numbers only)."""
    if not k.series:
        return Markup("")
    first = k.series[0].date
    span = max(1, (k.series[-1].date - first).days)
    points = [((p.date - first).days / span, p.progress) for p in k.series]
    if len(points) == 1:
        points.append((1.0, points[0][1]))
    pad = 2
    coords = " ".join(
        f"{pad + x * (width - 2 * pad):.1f},{height - pad - y * (height - 2 * pad):.1f}" for x, y in points
    )
    last_x, last_y = coords.split(" ")[-1].split(",")
    return Markup(
        f'<svg class="okr-spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true" focusable="false"><polyline points="{coords}" fill="none" '
        f'stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="currentColor"/></svg>'
    )


def render_site(site: Site, templates: Path, t: Translator, directory_urls: bool = True,
                charts=None) -> dict[str, RenderedPage]:
    """Every page, by its path below the docs folder; `charts` (okrsite.charts.Charts) answers the
    templates' `charts.*` and remembers what they showed."""
    renderer = Renderer(site, templates, t, directory_urls, charts)
    return {page.src: renderer.render(page) for page in site.pages}
