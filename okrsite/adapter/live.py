"""`okrsite serve`: a preview that keeps its build between edits and redoes only what an edit changed.

The first build is MkDocs' own, with a small recorder plugin that keeps what
it made: the configuration, the files, the navigation, the template
environment and each page's search entries. After an edit in the content,
okrsite checks and builds the company again, parsing only the files whose
bytes changed (`ReadFiles`) and rendering only the pages whose inputs
changed (`okrsite.inputs`; the plugin keeps the last build), and only the
pages and files whose Markdown or bytes changed go through MkDocs' page
pipeline again (plugin events included), are re-indexed and written; the
charts come from their cache. Anything that could
touch every page rebuilds all from a fresh configuration: a page or file
added or removed, a changed navigation or title in it, a template, the theme
folders, mkdocs.yml, okrsite.yml. So the site after any series of edits is
the one a clean build makes (tests/test_live.py compares them byte for byte).

Broken content stops at the check, before anything kept is touched: the
preview's error page shows at once and the next good edit carries on from
the last good build. The page pipeline is MkDocs 1.6's (`_populate_page`,
`_build_page`), a frozen release that pyproject.toml pins.
"""

from __future__ import annotations

import copy
import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation

from ..today import resolve_today

log = logging.getLogger("mkdocs.plugins.okrsite")

RECORDER = "okrsite-preview"  # the recorder's name among the plugins


@dataclass
class Kept:
    """What the last good build made, to change in place after an edit."""

    files: Files
    nav: Navigation
    env: Any  # the theme's jinja2 Environment, after the plugins' on_env
    nav_config: object  # `nav` as the plugins left it (okrsite writes its own)
    made: dict[str, tuple]  # each file's signature by src_uri: its Markdown and HTML blocks, or its bytes
    charts: set[str]  # the chart files in the site
    search: dict[str, list] = field(default_factory=dict)  # each page's search entries, by page URL


class Recorder(BasePlugin):
    """Keeps what MkDocs' build made; runs after every other plugin."""

    def __init__(self, preview: Preview):
        super().__init__()
        self.preview = preview
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None

    @event_priority(-100)
    def on_files(self, files, *, config):
        self.files, self.made = files, self.preview.signatures(files)
        self.nav_config, self.charts = copy.deepcopy(config.nav), self.preview.chart_files()
        return files

    @event_priority(-100)
    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    @event_priority(-100)
    def on_env(self, env, *, config, files):
        self.env = env
        return env


class Preview:
    """The site in `site_dir`, built in full once and then as little as each edit needs."""

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str = "127.0.0.1:8000"):
        from mkdocs.livereload import _serve_url

        self.config_file, self.site_dir, self.dev_addr = Path(config_file), Path(site_dir), dev_addr
        self.config = self._load()
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.kept: Kept | None = None
        self.loaded_used = False
        self.outside: dict = {}
        self.full_builds = self.updates = 0  # for the tests: which way each build went
        self.rendered = 0  # okrsite pages the last build rendered (the others were kept from the one before)
        self.frozen = 0  # small objects (blocks) after the last full collection (see `_freeze`)

    def _load(self):
        return load_config(str(self.config_file), site_dir=str(self.site_dir), dev_addr=self.dev_addr)

    @property
    def okrsite(self):
        return self.config.plugins.get("okrsite")

    def rebuild(self) -> None:
        """The server's build step: an update where one can do, else a full build."""
        if self.kept is None or not self._update():
            self.full()
        self._freeze()

    def _freeze(self) -> None:
        """What the next update starts from (the last build, the loaded company) is most of the objects in
        memory: frozen (`gc.freeze`), the cycle collector no longer walks them in every update (0.6-0.8 s of
        a 60-team one). What an update leaves in reference cycles (say an objective read again, and its
        key results) is frozen with them: once the small objects have grown by half, one full collection.
        (Counted with `sys.getallocatedblocks`: `gc.get_freeze_count` walks every frozen object.)"""
        if sys.getallocatedblocks() > self.frozen * 3 // 2:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.frozen = sys.getallocatedblocks()
        else:
            gc.freeze()

    def full(self) -> None:
        """MkDocs' own build from a fresh configuration, keeping what it made."""
        self.kept = None
        if self.loaded_used:
            self.config = self._load()
        self.loaded_used = True  # the first build uses the configuration `__init__` loaded
        config = self.config
        config.site_url = self.serve_url
        if self.okrsite is not None:
            self.okrsite.built = None  # a template or a setting changed: every page is rendered
        recorder = config.plugins[RECORDER] = Recorder(self)
        self.configured_nav = copy.deepcopy(config.nav)
        self.outside = self._outside()  # before building: an edit meanwhile shows as a difference next time
        mkdocs_build(config, serve_url=self.serve_url)
        self.full_builds += 1
        self.rendered = self._rendered()
        if self.okrsite is not None and recorder.files and recorder.nav and recorder.env:
            self.kept = Kept(recorder.files, recorder.nav, recorder.env, recorder.nav_config, recorder.made,
                             recorder.charts, _entries_by_page(self._search_entries()))

    def _update(self) -> bool:
        """Redo what the edit changed; False when that takes a full build."""
        kept, config, okrsite = self.kept, self.config, self.okrsite
        assert kept is not None
        started = time.monotonic()
        if self._outside() != self.outside or okrsite.today != resolve_today(okrsite.config.today, os.environ):
            return False  # a template, mkdocs.yml, okrsite.yml or a new day: every page may change
        okrsite.on_pre_build(config)  # the check: broken content stops here, the kept build untouched
        try:
            changed = self._changed_files(kept)
            if changed is None or not self._rebuild_pages(kept, changed):
                return False
            pages = sum(1 for file in changed if file.page is not None)
            log.info(f"okrsite: {pages} page(s) and {len(changed) - pages} file(s) rebuilt in "
                     f"{time.monotonic() - started:.2f} seconds")
        except Exception as error:
            self.kept = None  # half done: the next build starts afresh
            config.plugins.on_build_error(error=error)
            raise
        self.updates += 1
        self.rendered = self._rendered()
        return True

    def _rendered(self) -> int:
        built = getattr(self.okrsite, "built", None)
        return built.rendered if built is not None else 0

    def _changed_files(self, kept: Kept) -> list[File] | None:
        """The kept files whose content the edit changed (given their new content); None when the
        site's shape changed: files added or removed, or the navigation."""
        config = self.config
        files = get_files(config)
        docs = os.path.abspath(config.docs_dir) + os.sep
        for file in kept.files:  # the theme's files: they change only with a full build
            if not file.generated_by and not (file.abs_src_path or "").startswith(docs) and file.src_uri not in files:
                files.append(file)
        config.nav = copy.deepcopy(self.configured_nav)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        made = self.signatures(files)
        if config.nav != kept.nav_config or made.keys() != kept.made.keys():
            return None
        changed = []
        for file in files:
            before = kept.files.get_file_from_path(file.src_uri)
            if before is None or before.dest_uri != file.dest_uri or before.inclusion != file.inclusion:
                return None
            if made[file.src_uri] != kept.made[file.src_uri]:
                if file.generated_by:
                    before.content_bytes = file.content_bytes
                changed.append(before)
        kept.made = made
        return changed

    def _rebuild_pages(self, kept: Kept, changed: list[File]) -> bool:
        config, files = self.config, kept.files
        pages = [file.page for file in changed if file.page is not None]
        titles = {id(page): page.title for page in pages}
        in_nav = {id(page) for page in kept.nav.pages}
        for page in pages:
            _populate_page(page, config, files)
            if id(page) in in_nav and page.title != titles[id(page)]:
                return False  # every page shows it in the navigation
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        entries = self._search_entries()
        for page in pages:
            mark = len(entries) if entries is not None else 0
            _build_page(page, config, doc_files, kept.nav, kept.env, excluded=page.file.inclusion.is_excluded())
            if entries is not None:
                kept.search[page.url] = entries[mark:]
                del entries[mark:]
        if entries is not None:  # in the order a full build adds them: page by page
            urls = [file.page.url for file in doc_files if file.page is not None]  # the home page's is ''
            entries[:] = [entry for url in urls for entry in kept.search.get(url, [])]
        for file in changed:
            if file.page is None:
                file.copy_file()  # exports, feeds, the content's own assets
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        charts = self.chart_files()
        for gone in kept.charts - charts:
            (self.site_dir / gone).unlink(missing_ok=True)
        kept.charts = charts
        config.plugins.on_post_build(config=config)  # the search index, the charts
        return True

    def signatures(self, files: Files) -> dict[str, tuple]:
        """What each file's output depends on: a generated file's content (and a page's HTML blocks,
        which okrsite puts back into it), a real file's size and time of change."""
        blocks = getattr(self.okrsite, "blocks", {})
        made: dict[str, tuple] = {}
        for file in files:
            if file.generated_by:
                made[file.src_uri] = (file.content_bytes, blocks.get(file.src_uri))
            else:
                stat = os.stat(file.abs_src_path or "")
                made[file.src_uri] = (file.abs_src_path, stat.st_mtime_ns, stat.st_size)
        return made

    def chart_files(self) -> set[str]:
        pending = getattr(self.okrsite, "charts", None)
        return set(getattr(pending, "paths", ()))

    def _search_entries(self) -> list | None:
        """The search plugin's list of entries (Material's), or None without it."""
        for name in ("search", "material/search"):
            entries = getattr(getattr(self.config.plugins.get(name), "search_index", None), "entries", None)
            if isinstance(entries, list):
                return entries
        return None

    def _outside(self) -> dict[str, tuple]:
        """Size and time of change of what rebuilds everything: mkdocs.yml, okrsite.yml, the
        templates okrsite and the company add, and what mkdocs.yml's `watch` names."""
        from .plugin import own_theme_source

        config = self.config
        okrsite = self.okrsite
        places = [str(self.config_file), os.path.join(config.docs_dir, "okrsite.yml"), *config.watch,
                  *own_theme_source()]
        if config.theme.custom_dir:
            places.append(config.theme.custom_dir)
        if okrsite is not None and okrsite.config.templates:
            places.append(okrsite.config.templates)
        found = {}
        for place in places:
            for path in _walk(place):
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
        return found


def _walk(place: str):
    if os.path.isfile(place):
        yield place
    for top, _, names in os.walk(place):
        for name in names:
            yield os.path.join(top, name)


def _entries_by_page(entries: list | None) -> dict[str, list]:
    """A full build's search entries grouped by the page they point into."""
    grouped: dict[str, list] = {}
    for entry in entries or ():
        grouped.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return grouped


def serve(config_file: Path, address: str = "127.0.0.1:8000") -> None:
    """Build once, serve with live reload, and rebuild what each change in the content, the company's
    theme folder or mkdocs.yml needs."""
    from mkdocs.livereload import LiveReloadServer

    site_dir = Path(tempfile.mkdtemp(prefix="okrsite_"))
    try:
        preview = Preview(config_file, site_dir, address)
        host, port = preview.config.dev_addr
        server = LiveReloadServer(builder=preview.rebuild, host=host, port=port, root=str(site_dir),
                                  mount_path=preview.mount_path)
        server.observer = _observer(preview.config.docs_dir, server.observer)

        def error_page(code: int) -> bytes | None:
            page = site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            preview.rebuild()
            if preview.okrsite is not None and preview.okrsite.config.charts:
                from ..charts import draw  # noqa: F401  matplotlib's 1-2 s now, not on the first edit's charts
            config = preview.config
            server.watch(config.docs_dir)
            server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=preview.rebuild)  # theme folders
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            preview.config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _observer(folder: str, polling):
    """The system's file notifications (inotify on Linux) where they work: no polling while idle, and
    an edit is seen at once. Else MkDocs' own, which looks at every file twice a second."""
    import watchdog.events as events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        return polling

    class ChangesOnly(Observer):  # type: ignore[valid-type,misc]
        """Not the opening and reading of files: every build reads the whole content folder."""

        def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                    follow_symlink=follow_symlink)

    CHANGES = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileClosedEvent, events.FileAttribEvent, events.DirCreatedEvent, events.DirDeletedEvent,
               events.DirMovedEvent]
    probe = Observer()
    try:
        probe.schedule(events.FileSystemEventHandler(), folder, recursive=True)
        probe.start()
    except OSError as error:  # e.g. out of inotify watches
        log.info(f"okrsite: watching files by polling ({error})")
        return polling
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return ChangesOnly()
