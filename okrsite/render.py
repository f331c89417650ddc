"""Turn each page of the site into Markdown with the theme's Jinja templates.

The templates (`theme/okrsite/*.html`) write HTML blocks with Markdown
headings between them, so MkDocs renders, indexes for search and builds the
table of contents as for any page. Autoescaping is on: every value from the
content is escaped unless a template says otherwise.
"""

from __future__ import annotations

import contextlib
import gc
import html
import multiprocessing
import os
import pickle
import sys
import threading
import types
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.runtime
import yaml
from markupsafe import Markup

from . import routes
from .blocks import PLACEHOLDER, pack_blocks, unpack_blocks
from .format import (
    change_text,
    date_text,
    forecast_text,
    grade_text,
    number_text,
    percent_text,
    target_text,
    value_text,
)
from .i18n import Translator
from .model import COMPANY, Kind
from .rollup import Band, KeyResultRollup, Status, grade_band
from .routes import Urls
from .site import Site, SitePage
from .untrusted import render_markdown

SPLIT_FROM = 200  # pages: fewer are rendered sooner than a worker is started and its pages taken back
CHUNK = 256 * 1024  # bytes of pages the worker sends at a time: all at the end was 3 copies of half the site at once


@dataclass(frozen=True)
class RenderedPage:
    markdown: str  # what MkDocs reads: front-matter, headings, Markdown, placeholders
    packed: bytes  # the HTML blocks the placeholders stand for, packed (`pack_blocks`)

    @property
    def blocks(self) -> list[str]:
        return unpack_blocks(self.packed)


@jinja2.pass_context
def html_block(context, html_text) -> Markup:
    """`{% filter html %}`: HTML that Markdown need not read. It is kept aside and put
    back into the page's HTML after MkDocs has rendered the Markdown around it:
    parsing thousands of tags as Markdown was most of a large site's build time."""
    blocks = context["blocks"]
    blocks.append(str(html_text))
    return Markup("\n\n" + PLACEHOLDER.format(len(blocks) - 1) + "\n\n")


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once and kept in memory by their source's checksum: `okrsite serve` renders
    every page again after each edit, and compiling the templates cost more than some pages."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a plain function or macro straight away: Jinja asks of every call whether
    the callee wants the context passed, and a 60-team site makes a million calls (about 1 s of CPU).
    Anything marked `pass_context` & co. still goes through Jinja's own `call`."""

    def call(__self, __obj, *args, **kwargs):  # Jinja's names: a call may pass `self=` or `obj=`
        if type(__obj) in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                              types.BuiltinMethodType, jinja2.runtime.Macro})


class Renderer:
    def __init__(self, site: Site, templates: Path | Sequence[Path], t: Translator, urls: Urls = Urls(), charts=None,
                 compiled: CompiledTemplates | None = None):
        self.urls = urls
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),  # a folder, or a list searched in order
            bytecode_cache=compiled,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.context_class = _Context
        # A large company shows the same labels, dates, percentages and values on page after page:
        # each is spelled once. Values by the key result itself (its identity: it lives as long as this).
        labels: dict[str, str] = {}
        spelled: dict[tuple, str] = {}

        def label(key: str, **args) -> str:
            if args:
                return t.label(key, **args)
            text = labels.get(key)
            if text is None:
                text = labels[key] = t.label(key)
            return text

        def once(key: tuple, spell) -> str:
            text = spelled.get(key)
            if text is None:
                text = spelled[key] = spell()
            return text

        self.env.filters.update(
            percent=lambda share: once(("%", repr(share)), lambda: percent_text(share, t)),
            date=lambda day, year=True: once(("d", day, year), lambda: date_text(day, t, year)),
            number=lambda value, unit="", currency="", decimals=None: number_text(value, t, unit, currency, decimals),
            grade=lambda grade: grade_text(grade, t), band=grade_band, html=html_block,
        )
        self.env.globals.update(
            site=site, organisation=site.company.organisation, t=label, COMPANY=COMPANY, Status=Status, Band=Band,
            Kind=Kind, value=lambda kr, value: once((id(kr), repr(value)), lambda: value_text(kr, value, t)),
            target=lambda kr: target_text(kr, t),
            change=lambda kr, before, after: once((id(kr), repr(before), repr(after)),
                                                  lambda: change_text(kr, before, after, t)),
            forecast=lambda k: forecast_text(k.kr, k.forecast, (p.value for p in k.series), t),
            sparkline=sparkline, grade_band=grade_band, team_name=site.company.organisation.team_name,
            person=site.company.organisation.person_name,
            routes=routes, charts=charts,
        )

    def page_markdown(self, page: SitePage) -> RenderedPage:
        """The page as MkDocs reads it: front-matter, then Markdown with placeholders for HTML."""
        link = self.urls.links_from(page.src)

        def asset(path: str) -> str:
            """A file below the docs folder that is not a page (a chart's SVG, okrs.json, a feed)."""
            return self.urls.file(page.src, path)

        def markdown_of(text: str, file_src: str) -> Markup:
            """Markdown from the content, rendered under okrsite.untrusted's policy (no raw HTML)."""
            return Markup(render_markdown(text, file_src, self.urls.page(page.src), self.urls.page))

        blocks: list[str] = []
        body = self.env.get_template(page.template).render(page=page, link=link, asset=asset, blocks=blocks,
                                                           markdown=markdown_of, **page.context)
        # MkDocs' themes print the title without escaping it: escape it here.
        meta: dict[str, object] = {"title": html.escape(page.title, quote=False)}
        if page.hide:
            meta["hide"] = list(page.hide)
        markdown = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body
        return RenderedPage(markdown, pack_blocks(blocks))


def error_page(templates: Path | Sequence[Path], t: Translator, site_name: str, diagnostics, summary: str = "") -> str:
    """The page `okrsite serve` answers with while the content is broken: each diagnostic, or what stopped the build."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("build_errors.html").render(t=t.label, language=t.language, site_name=site_name,
                                                        diagnostics=diagnostics, summary=summary)


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


def render_pages(pages: list[SitePage], site: Site, templates: Path | Sequence[Path], t: Translator,
                 urls: Urls = Urls(), charts=None, compiled: CompiledTemplates | None = None,
                 split_from: int = SPLIT_FROM) -> dict[str, RenderedPage]:
    """Every page, by its path below the docs folder; `charts` (okrsite.charts.Charts) answers the
    templates' `charts.*` from the charts decided before. From `split_from` pages on, when the second core
    is idle, a second process renders pages from the last one back while this one renders from the first
    on, until they meet."""
    renderer = Renderer(site, templates, t, urls, charts, compiled)
    if len(pages) < split_from or not _second_core_idle():
        return {page.src: renderer.page_markdown(page) for page in pages}
    for name in sorted({page.template for page in pages}):
        renderer.env.get_template(name)  # compiled before the fork, once for both processes
    # A run of neighbouring pages each, not every other page: a page of memory either process touches after
    # the fork (a changed reference count is a write) is copied, and neighbouring pages read neighbouring
    # parts of the model (every other page was 7-38 MB more at the peak on 120 teams). Meeting where they
    # meet shares the work out evenly.
    worker = _Worker(renderer, pages)
    made: list[RenderedPage | None] = [None] * len(pages)
    try:
        while (index := worker.claim()) is not None:
            made[index] = renderer.page_markdown(pages[index])
            worker.take_sent()  # as they come, so that neither process holds them all
        from_worker = worker.rest()
    finally:
        worker.stop()
    for index, sent in zip(range(len(pages) - 1, len(pages) - 1 - len(from_worker), -1), from_worker, strict=True):
        if made[index] is None:  # both may have rendered the page where they met: this one's is kept
            made[index] = sent
    # What neither rendered (the worker failed or was killed) is rendered here, in order: an error in a
    # template is raised as without a worker.
    rendered: dict[str, RenderedPage] = {}
    for page, done in zip(pages, made, strict=True):
        rendered[page.src] = done if done is not None else renderer.page_markdown(page)
    return rendered


def _second_core_idle() -> bool:
    """Forking is safe and pays: Linux, two cores for this process, no other thread (`okrsite serve`'s server,
    a pool's manager) and no worker process of this one running (charts being drawn)."""
    return (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2
            and threading.active_count() == 1 and not multiprocessing.active_children())


class _Worker:
    """Pages rendered in a forked copy of this process (it has the site model without copying it), from
    the last one back; it sends them a chunk at a time as it renders them, and closes the pipe when done."""

    def __init__(self, renderer: Renderer, pages: list[SitePage]):
        # Where each process is: this one's next page, the last page the worker took. Each writes only its
        # own, so neither waits for a lock (nor for a worker killed while holding one); where they meet,
        # both may render the same page.
        self.bounds = multiprocessing.get_context("fork").RawArray("q", [0, len(pages)])
        self.connection, theirs = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.get_context("fork").Process(
            target=_render_in_worker, args=(renderer, pages, self.bounds, theirs), daemon=True)
        self.process.start()
        theirs.close()
        self.pages: list[RenderedPage] = []  # from the last page back
        self.answered = False  # it has sent all it will, or gone

    def claim(self) -> int | None:
        """This process's next page, until it meets the worker's."""
        index = self.bounds[0]
        if index >= self.bounds[1]:
            return None
        self.bounds[0] = index + 1
        return index

    def take_sent(self) -> None:
        """Take the chunks sent so far, without waiting."""
        while not self.answered and self.connection.poll():
            self._receive()

    def rest(self) -> list[RenderedPage]:
        """Its pages, from the last page back, once it is done; fewer when it failed."""
        while not self.answered:
            self._receive()
        return self.pages

    def _receive(self) -> None:
        try:
            self.pages.extend(pickle.loads(self.connection.recv_bytes()))
        except (EOFError, OSError):  # done, failed (it says nothing more) or killed
            self.answered = True

    def stop(self) -> None:
        self.connection.close()
        if not self.answered:  # this process stopped first (an error, Ctrl-C): the pages are not wanted
            self.process.terminate()
        self.process.join()


def _render_in_worker(renderer: Renderer, pages: list[SitePage], bounds, connection) -> None:
    # What the worker inherited is not its to collect: scanning it would copy every page of memory it touches.
    gc.freeze()
    ready: list[RenderedPage] = []
    size = 0
    # The build stopped (killed, interrupted: OSError) or a page failed: what was sent stays, the build's
    # process renders the rest and raises the error itself.
    with contextlib.suppress(BaseException):
        while (index := bounds[1] - 1) >= bounds[0]:
            bounds[1] = index
            made = renderer.page_markdown(pages[index])
            ready.append(made)
            size += len(made.markdown) + len(made.packed)
            if size >= CHUNK:
                connection.send_bytes(pickle.dumps(ready, pickle.HIGHEST_PROTOCOL))
                ready, size = [], 0
        if ready:
            connection.send_bytes(pickle.dumps(ready, pickle.HIGHEST_PROTOCOL))
    connection.close()
