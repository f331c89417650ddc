"""The MkDocs plugin: a thin adapter that hands the core's pages to MkDocs.

Only event handlers live here; what the pages are and say comes from
`pages` and `render`. The content folder is MkDocs' `docs_dir`: objectives
and check-ins are data, replaced by generated pages; hand-written Markdown
pages stay as they are.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import sys
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import export, feeds
from .charts import Charts
from .charts.cache import DEFAULT_FOLDER as DEFAULT_CACHE
from .charts.cache import ChartCache
from .charts.cache import start as start_charts
from .diagnostics import Report, format_text
from .digest import DIGEST_PAGE, digest_page
from .history import read_history
from .i18n import Translator
from .content_files import published
from .pages import build_site, subteams, team_name
from .render import render_site, restore_blocks
from .reproducible import pin_build_date
from .rollup import resolve_today
from .site_folder import UnsafeSiteFolder, check_site_folder
from .validate import check

log = logging.getLogger("mkdocs.plugins.okrsite")


class OkrsiteConfig(base.Config):
    today = c.Optional(c.Type(str))  # YYYY-MM-DD; default: $OKRSITE_TODAY, else the real date
    templates = c.Optional(c.Dir(exists=True))  # default: the theme's custom_dir + /okrsite
    charts = c.Type(bool, default=True)  # draw the charts (matplotlib); false: pages without them
    cache_dir = c.Optional(c.Type(str))  # drawn charts by content hash; default .cache/okrsite beside mkdocs.yml


class OkrsitePlugin(BasePlugin[OkrsiteConfig]):
    def on_config(self, config):
        try:  # `mkdocs build -d .` would replace the project; publish.build checks before staging
            check_site_folder(config.site_dir, config.docs_dir, os.path.dirname(config.config_file_path))
        except UnsafeSiteFolder as error:
            raise PluginError(f"okrsite: {error}") from None
        self.today = _today(self.config.today)
        pin_build_date(os.environ, self.today)  # sitemap dates say `today`, not the clock
        self.translator = Translator(config.theme.get("language") or "en")
        custom_dir = config.theme.custom_dir
        templates = self.config.templates or (custom_dir and os.path.join(custom_dir, "okrsite"))
        if not templates or not os.path.isdir(templates):
            raise PluginError("okrsite: set theme.custom_dir to the theme folder (it holds okrsite/ templates)")
        self.templates = Path(templates)
        return config

    def on_pre_build(self, config):
        # Check before MkDocs cleans the site folder, so bad content leaves the last good site.
        report = Report(self.translator)
        self.company = check(Path(config.docs_dir), self.today, report)
        for warning in report.sorted():
            if warning.severity != "error":
                log.info(str(warning))  # OKR-practice lints are advice, not build warnings
        if report.errors or self.company is None:
            sys.stderr.write(format_text([d for d in report.sorted() if d.severity == "error"]))
            raise PluginError(f"okrsite: {len(report.errors)} error(s) in the content; the site was not built")

    def on_files(self, files: Files, *, config) -> Files:
        site = build_site(self.company, self.today, self.translator)
        site.pages += [page for page in [digest_page(site, self.translator)] if page]
        site.history = read_history(Path(config.docs_dir))  # who moved the goalposts, from git
        charts = Charts(site, self.translator, enabled=self.config.charts)
        rendered = render_site(site, self.templates, self.translator, config.use_directory_urls, charts)
        urls = (config.use_directory_urls, config.site_url)
        exports = {**export.site_files(site, *urls), **feeds.site_files(site, self.translator, *urls)}
        # Of the content folder, only what okrsite read as a page and the assets are published as they are.
        pages, docs = {page.path for page in self.company.pages}, os.path.abspath(config.docs_dir) + os.sep
        for file in list(files):
            if (file.abs_src_path or "").startswith(docs) and not published(file.src_uri, pages):
                files.remove(file)
            elif file.src_uri in rendered or file.src_uri in exports:
                raise PluginError(f"okrsite: {file.src_uri} would replace a page okrsite generates; rename it")
        self.blocks = {}
        for src, page in rendered.items():
            files.append(File.generated(config, src, content=page.markdown))
            self.blocks[src] = page.blocks
        for path, content in exports.items():
            files.append(File.generated(config, path, content=content))
        # Drawn while MkDocs renders the pages; written into the site once it has (on_post_build).
        self.charts = start_charts(charts.used(), ChartCache(self._cache_dir(config)))
        if config.nav is None:  # a nav in mkdocs.yml wins
            config.nav = self._nav(site)
        self.site = site
        return files

    def on_post_build(self, *, config):
        pending, self.charts = getattr(self, "charts", None), None
        if pending is None:
            return
        drawn = pending.result()
        site = Path(config.site_dir)
        for src, svg in drawn.files.items():
            (site / src).parent.mkdir(parents=True, exist_ok=True)
            (site / src).write_bytes(svg)
        if drawn.files:
            log.info(f"okrsite: {len(drawn.files) // 2} charts, {drawn.drawn} drawn, {drawn.cached} from the cache")

    def on_build_error(self, *, error):
        pending, self.charts = getattr(self, "charts", None), None
        if pending is not None:
            pending.cancel()

    def _cache_dir(self, config) -> Path:
        folder = Path(self.config.cache_dir or DEFAULT_CACHE)
        return folder if folder.is_absolute() else Path(config.config_file_path).parent / folder

    def on_page_content(self, html_text, *, page, config, files):
        # Put back the HTML that Markdown did not need to read (before search indexes the page).
        blocks = self.blocks.pop(page.file.src_uri, None)
        return restore_blocks(html_text, blocks) if blocks else html_text

    def _nav(self, site):
        """Short and stable: every page renders the whole navigation, so objectives stay out of it."""
        t = self.translator
        organisation = site.company.organisation

        def team_entry(team_id):
            title = html.escape(team_name(site, team_id), quote=False)
            children = subteams(site, team_id)
            if not children:
                return {title: f"teams/{team_id}/index.md"}
            return {title: [f"teams/{team_id}/index.md", *(team_entry(child) for child in children)]}

        roots = [team.id for team in organisation.teams.values() if not team.parent]
        nav = [
            {t.label("nav.dashboard"): "index.md"},
            {t.label("nav.teams"): ["teams/index.md", *(team_entry(team) for team in roots)]},
            {t.label("nav.alignment"): "alignment/index.md"},
            {t.label("nav.people"): "people/index.md"},
            {t.label("nav.cycles"): "cycles/index.md"},
            {t.label("nav.changelog"): "changelog/index.md"},
        ]
        if site.current:
            nav.append({t.label("nav.digest"): DIGEST_PAGE})
        nav += [page.path for page in site.company.pages]
        return nav


def _today(configured: str | None) -> dt.date:
    try:
        return resolve_today(configured, os.environ)
    except ValueError as error:
        raise PluginError(f"okrsite: {error}") from None
