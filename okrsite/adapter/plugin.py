"""The MkDocs plugin: hands what `okrsite.build` made to MkDocs, event by event.

Only event handlers live here; what the pages are and say comes from
`build`. The content folder is MkDocs' `docs_dir`: objectives and check-ins
are data, replaced by generated pages; hand-written Markdown pages stay as
they are.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from ..blocks import restore_blocks, unpack_blocks
from ..build import Built, build
from ..charts.cache import DEFAULT_FOLDER as DEFAULT_CACHE
from ..charts.cache import ChartCache, ChartMissing, Pending
from ..charts.cache import start as start_charts
from ..content_files import published
from ..diagnostics import Report, format_text
from ..forge import forge_of
from ..heap import give_back_free_pages, give_back_large_blocks
from ..history import read_history
from ..i18n import Translator
from ..load.source import ReadFiles
from ..model import Company
from ..render import CompiledTemplates
from ..reproducible import pin_build_date
from ..routes import Urls
from ..site_folder import UnsafeSiteFolder, check_site_folder
from ..theme_setup import theme_folder, use_packaged_theme
from ..today import resolve_today
from ..validate import check
from . import preview
from .search_text import SearchStandIn

log = logging.getLogger("mkdocs.plugins.okrsite")


class OkrsiteConfig(base.Config):
    today = c.Optional(c.Type(str))  # YYYY-MM-DD; default: $OKRSITE_TODAY, else the real date
    templates = c.Optional(c.Dir(exists=True))  # searched first for okrsite's page templates
    charts = c.Type(bool, default=True)  # draw the charts (matplotlib); false: pages without them
    cache_dir = c.Optional(c.Type(str))  # drawn charts by content hash; default .cache/okrsite beside mkdocs.yml


class OkrsitePlugin(BasePlugin[OkrsiteConfig]):
    company: Company  # checked in on_config: a build stops there on errors
    charts: Pending | None = None  # drawing while MkDocs renders the pages
    preview: preview.PreviewErrors | None = None
    compiled: CompiledTemplates | None = None
    built: Built | None = None  # the last build, while serving: an edit renders only the pages it changed
    keep_built = False
    read: ReadFiles | None = None
    chart_cache: ChartCache | None = None
    charts_in_site: dict[str, str] | None = None  # while serving: what the site holds after the last build

    def on_startup(self, *, command, dirty):
        # Having this handler keeps one plugin across `serve`'s rebuilds (MkDocs' rule), so the
        # preview's error page and the plugin that finds the errors are the same one's.
        give_back_large_blocks()  # a build's large strings come and go: 30 MB less at its peak on 60 teams
        self.preview = None
        self.search = SearchStandIn(False)  # until on_files knows the pages
        self.compiled = CompiledTemplates()  # okrsite's templates, compiled once for all of serve's rebuilds
        self.built = None
        self.keep_built = command == "serve"
        self.read = ReadFiles() if self.keep_built else None  # the content files as the last build read them

    def on_config(self, config):
        try:  # `mkdocs build -d .` would replace the project; publish.build checks before staging
            check_site_folder(config.site_dir, config.docs_dir, os.path.dirname(config.config_file_path))
        except UnsafeSiteFolder as error:
            raise PluginError(f"okrsite: {error}") from None
        self.today = _today(self.config.today)
        pin_build_date(os.environ, self.today)  # sitemap dates say `today`, not the clock
        self.translator = Translator(config.theme.get("language") or "en")
        # The packaged theme after the company's custom_dir; okrsite's CSS and JS without a line in mkdocs.yml.
        try:
            self.templates = use_packaged_theme(config.theme.dirs, config.theme.custom_dir, config.extra_css,
                                                config.extra_javascript, self.config.templates)
        except FileNotFoundError as error:
            raise PluginError(f"okrsite: {error}") from None
        return config

    def on_pre_build(self, config):
        # Check before MkDocs cleans the site folder, so bad content leaves the last good site.
        report = Report(self.translator)
        company = check(Path(config.docs_dir), self.today, report, read=self.read)
        for warning in report.sorted():
            if warning.severity != "error":
                log.info(str(warning))  # OKR-practice lints are advice, not build warnings
        if report.errors or company is None:
            errors = [d for d in report.sorted() if d.severity == "error"]
            sys.stderr.write(format_text(errors))
            if self.preview is not None:
                self.preview.stopped_on(errors)
            count = self.translator.label("check.errors", count=len(report.errors))
            raise PluginError("okrsite: " + self.translator.label("check.stopped", errors=count))
        self.company = company

    def on_files(self, files: Files, *, config) -> Files:
        history = read_history(Path(config.docs_dir))  # who moved the goalposts, from git
        urls = Urls(config.use_directory_urls, config.site_url, forge_of(config.repo_url, config.edit_uri))
        # Drawn while okrsite and MkDocs render the pages; written into the site once they have (on_post_build).
        folder = Path(config.config_file_path).parent / Path(self.config.cache_dir or DEFAULT_CACHE)
        if self.chart_cache is None or self.chart_cache.folder != folder / "charts" or not self.keep_built:
            self.chart_cache = ChartCache(folder)  # kept while serving: a chart drawn as before has its key
        cache = self.chart_cache

        def draw(charts):  # an update (a last build kept) writes only the charts it changed
            self.charts = start_charts(list(charts), cache, in_site=self.charts_in_site if self.built else None)

        built = build(self.company, self.today, self.templates, self.translator, history, urls, self.config.charts,
                      self.compiled, self.built, draw=draw, remember=self.keep_built)
        if self.keep_built:
            self.built = built
        # The exports and feeds: MkDocs keeps a file's content to the end of the build (okrs.json of 120 teams is
        # 24 MB), so a build writes them into the site now, as MkDocs lets a plugin do, and hands MkDocs the
        # written files. While serving, the next update compares them: kept, as UTF-8.
        made: dict[str, str | bytes | None] = {src: page.markdown for src, page in built.pages.items()}
        for path, text in built.files.items():
            made[path] = text if self.keep_built else None
        # Of the content folder, only what okrsite read as a page and the assets are published as they are.
        pages, docs = {page.path for page in self.company.pages}, os.path.abspath(config.docs_dir) + os.sep
        for file in list(files):
            if (file.abs_src_path or "").startswith(docs) and not published(file.src_uri, pages):
                files.remove(file)
            elif file.src_uri in made:
                raise PluginError(f"okrsite: {file.src_uri} would replace a page okrsite generates; rename it")
        for path, content in made.items():
            if content is None:
                file = File.generated(config, path, abs_src_path=_write(config.site_dir, path, built.files[path]))
            else:
                file = File.generated(config, path, content=content)
            if path.removesuffix(".md") in self.company.objectives and os.path.isfile(docs + path):
                file.edit_uri = path  # an objective's page: the edit button opens its own file in the forge
            files.append(file)
        self.converted: dict[str, str] = {}  # the page being written: its HTML as Markdown made it
        self.blocks = {src: page.packed for src, page in built.pages.items()}  # compressed until the page is written
        search = next((plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search"), None)
        self.search = SearchStandIn(search is not None, getattr(search, "search_index", None))
        if config.nav is None:  # a nav in mkdocs.yml wins
            config.nav = list(built.nav)
        del built
        give_back_free_pages()  # what okrsite's build dropped: 20 MB at 120 teams, before MkDocs renders the pages
        return files

    def on_serve(self, server, *, config, builder):
        # Plain `mkdocs serve` watches content/ and mkdocs.yml; a change in the company's theme folder (and
        # in okrsite's, when it runs from a checkout of its source) should reload too. Not Material's
        # installed theme: polling its 14,509 files every half second kept a core busy.
        for folder in (config.theme.custom_dir, *own_theme_source()):
            if folder and os.path.isdir(folder):
                server.watch(folder)
        self.preview = preview.install(server, config.site_name, self.translator, self.templates)
        return server

    def on_page_content(self, html_text, *, page, config, files):
        # The page's HTML blocks go back in as MkDocs writes the page (on_page_context), not here: MkDocs keeps
        # every page's content from converting it to the end of the build, and with the blocks in that is every
        # page of the site in memory at once.
        packed = self.blocks.get(page.file.src_uri)
        if packed:
            self.search.remember(page, html_text, packed)
        return html_text

    # Material's search indexes a light stand-in of the page (okrsite.adapter.search_text), the reader gets the page.
    @event_priority(50)
    def _index_stand_in(self, context, *, page, config, nav):
        packed = self.blocks.pop(page.file.src_uri, None)
        if packed:
            self.converted[page.file.src_uri] = page.content
            page.content = restore_blocks(page.content, unpack_blocks(packed))
        self.search.swap_in(page)
        return context

    @event_priority(-50)
    def _put_back_page(self, context, *, page, config, nav):
        self.search.put_back(page)
        return context

    on_page_context = CombinedEvent(_index_stand_in, _put_back_page)

    def on_post_page(self, output, *, page, config):
        # Written: the page's content is its HTML without the blocks again, as after on_page_content.
        converted = self.converted.pop(page.file.src_uri, None)
        if converted is not None:
            page.content = converted
        return output

    # Before the search plugin writes its index (it makes one string of the whole index, the build's largest
    # moment), so that the chart workers have finished and left by then.
    @event_priority(50)
    def on_post_build(self, *, config):
        self.search.close()
        pending, self.charts = self.charts, None
        if pending is not None:
            try:
                drawn = pending.result().write(Path(config.site_dir))
            except ChartMissing as error:
                raise PluginError(f"okrsite: {error}") from None
            self.charts_in_site = pending.in_site if self.keep_built else None
            if drawn.charts:
                log.info(f"okrsite: {len(drawn.charts)} charts, {drawn.drawn} drawn, {drawn.cached} from the cache")

    def on_build_error(self, *, error):
        self.search.close()
        pending, self.charts = self.charts, None
        if pending is not None:
            pending.cancel()


def _write(site_dir: str, path: str, text: bytes) -> str:
    target = os.path.join(site_dir, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as out:
        out.write(text)
    return target


def own_theme_source() -> list[str]:
    """okrsite's theme folder when it is being worked on (a source checkout), else nothing: an installed
    okrsite's theme changes only on an upgrade."""
    folder = theme_folder()
    return [str(folder)] if (folder.parent / "pyproject.toml").is_file() else []


def _today(configured: str | None) -> dt.date:
    try:
        return resolve_today(configured, os.environ)
    except ValueError as error:
        raise PluginError(f"okrsite: {error}") from None
