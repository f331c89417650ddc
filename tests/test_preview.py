"""The preview's error page (okrsite.adapter.preview) with a stand-in for MkDocs' live-reload server:
a failed build ends, page requests get the errors in the site's language, assets and the reload
poll go on as before, and a good build brings the site back. The real server is tests/browser's."""

from __future__ import annotations

from mkdocs.exceptions import Abort

from okrsite.adapter import preview
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.model import Location
from okrsite.theme_setup import TEMPLATES, theme_folder


class StandInServer:
    """What preview.install uses of mkdocs.livereload.LiveReloadServer."""

    def __init__(self, builder):
        self.builder, self._visible_epoch, self.app = builder, 7, None

    def set_app(self, app):
        self.app = app

    def serve_request(self, environ, start_response):
        start_response("200 OK", [])
        return [b"the site: " + environ["PATH_INFO"].encode()]

    def _inject_js_into_html(self, content, epoch):
        return content + b"<script>livereload(%d)</script>" % epoch


def _get(server, path):
    answer = {}
    body = b"".join(server.app({"PATH_INFO": path}, lambda status, headers: answer.update(status=status)))
    return answer["status"], body.decode()


def _errors(language):
    report = Report(Translator(language))
    report.error(Location("content/2026-Q4/mobile/checkins/2026-11-20.md", 7, 15), "ambiguous-comma", value="1,5")
    return report.errors


def test_broken_content_answers_every_page_with_its_errors_until_a_build_succeeds():
    broken = {"now": True}
    state = {}

    def build():
        if broken["now"]:
            state["preview"].stopped_on(_errors("sv"))
            raise Abort("Aborted with a BuildError!")  # what MkDocs turns the plugin's error into

    server = StandInServer(build)
    state["preview"] = preview.install(server, "Nordlys OKR", Translator("sv"), [theme_folder() / TEMPLATES])
    server.builder()  # ends: MkDocs' loop then lets waiting requests go

    status, page = _get(server, "/teams/mobile/")
    assert status.startswith("500")
    assert '<html lang="sv">' in page and "Webbplatsen kunde inte byggas" in page and "Nordlys OKR" in page
    assert "content/2026-Q4/mobile/checkins/2026-11-20.md, rad 7" in page and "1,5" in page
    assert page.endswith("<script>livereload(7)</script>")  # reloads itself on the next build
    assert _get(server, "/2026-Q4/mobile/joyful-app/index.html")[0].startswith("500")
    assert _get(server, "/alignment")[0].startswith("500")
    assert _get(server, "/assets/okrsite.css") == ("200 OK", "the site: /assets/okrsite.css")
    assert _get(server, "/livereload/7/1") == ("200 OK", "the site: /livereload/7/1")

    broken["now"] = False
    server.builder()
    assert _get(server, "/teams/mobile/") == ("200 OK", "the site: /teams/mobile/")


def test_a_build_that_stops_outside_the_content_shows_what_stopped_it():
    def build():
        raise ValueError("theme/okrsite/team.html: unexpected '}'")

    server = StandInServer(build)
    preview.install(server, "Test OKRs", Translator("en"), [theme_folder() / TEMPLATES])
    server.builder()
    status, page = _get(server, "/")
    assert status.startswith("500")
    assert "The build stopped on this error:" in page and "unexpected &#39;}&#39;" in page


def test_plain_mkdocs_serve_watches_the_theme_too(tmp_path):
    from types import SimpleNamespace

    from okrsite.adapter.plugin import OkrsitePlugin

    watched = []
    server = StandInServer(lambda: None)
    server.watch = watched.append
    plugin = OkrsitePlugin()
    plugin.translator, plugin.templates = Translator("en"), [theme_folder() / TEMPLATES]
    config = SimpleNamespace(site_name="Test OKRs", theme=SimpleNamespace(custom_dir=str(tmp_path)))
    assert plugin.on_serve(server, config=config, builder=server.builder) is server
    assert watched == [str(tmp_path), str(theme_folder())]  # the company's theme folder and okrsite's
    assert server.app is not None


def test_an_installed_okrsite_watches_only_the_company_theme_folder(tmp_path, monkeypatch):
    """okrsite's own theme changes only on an upgrade when installed from a wheel; Material's is never
    watched (polling its 14,509 files kept a core busy)."""
    from types import SimpleNamespace

    from okrsite.adapter import plugin as plugin_module

    installed = tmp_path / "site-packages" / "okrsite" / "theme"
    (installed / TEMPLATES).mkdir(parents=True)
    monkeypatch.setattr(plugin_module, "theme_folder", lambda: installed)
    company = tmp_path / "company-theme"
    company.mkdir()
    watched = []
    server = StandInServer(lambda: None)
    server.watch = watched.append
    okrsite = plugin_module.OkrsitePlugin()
    okrsite.translator, okrsite.templates = Translator("en"), [installed / TEMPLATES]
    config = SimpleNamespace(site_name="Test OKRs", theme=SimpleNamespace(custom_dir=str(company)))
    okrsite.on_serve(server, config=config, builder=server.builder)
    assert watched == [str(company)]
