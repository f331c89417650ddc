"""While previewing, broken content answers every page request with its errors.

MkDocs' live-reload server keeps the last good site and waits for a build
that succeeds, so a mistake leaves the browser waiting without a word. Here
the server's build step and its web app are wrapped: a failed build still
ends (readers are not held), the errors are kept, and every page request is
answered with an error page listing them; the page carries MkDocs' reload
script, so the next good build reloads it into the site. The files of the
last good build stay where they are.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..i18n import Translator
from ..render import error_page

log = logging.getLogger("mkdocs.plugins.okrsite")

_PAGE = re.compile(r"(/|\.html?)$|/[^./]*$")  # a page, not an asset (a stylesheet, an image)


@dataclass(frozen=True)
class Failure:
    summary: str  # what stopped a build that found no error in the content (a template, mkdocs.yml)
    diagnostics: list[Diagnostic]


class PreviewErrors:
    """The errors of the latest build, or None after one that succeeded."""

    def __init__(self, site_name: str, translator: Translator, templates):
        self.site_name, self.translator, self.templates = site_name, translator, templates
        self._failure: Failure | None = None
        self._stopped_on: Failure | None = None  # what the plugin said while the build was running
        self._lock = threading.Lock()

    def stopped_on(self, diagnostics: list[Diagnostic]) -> None:
        """The plugin stops the build on these errors (MkDocs turns its exception into a bare Abort)."""
        self._stopped_on = Failure("", diagnostics)

    @property
    def failure(self) -> Failure | None:
        with self._lock:
            return self._failure

    def guard(self, builder):
        """The server's build step, ending normally when it fails so no request waits for a good build."""
        def build_or_keep_errors():
            self._stopped_on = None
            try:
                builder()
            except Exception as error:
                if self._stopped_on is None:
                    log.error(f"okrsite: {error}")
                self._set(self._stopped_on or Failure(str(error) or type(error).__name__, []))
            else:
                self._set(None)
        return build_or_keep_errors

    def _set(self, failure: Failure | None) -> None:
        with self._lock:
            self._failure = failure

    def app(self, server):
        """The server's web app, answering page requests with the error page while the content is broken."""
        serve_site = server.serve_request

        def serve_request(environ, start_response):
            failure, path = self.failure, environ.get("PATH_INFO", "")
            if failure is None or path.startswith("/livereload/") or not _PAGE.search(path):
                return serve_site(environ, start_response)
            page = error_page(self.templates, self.translator, self.site_name, failure.diagnostics, failure.summary)
            body = server._inject_js_into_html(page.encode(), server._visible_epoch)  # MkDocs' reload script
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(body))),
                                                         ("Cache-Control", "no-store")])
            return [body]
        return serve_request


def install(server, site_name: str, translator: Translator, templates) -> PreviewErrors:
    """Hook `PreviewErrors` into MkDocs' live-reload server (from the plugin's on_serve)."""
    errors = PreviewErrors(site_name, translator, templates)
    server.builder = errors.guard(server.builder)
    server.set_app(errors.app(server))
    return errors
