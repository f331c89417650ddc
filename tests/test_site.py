"""The built demo site, read as files: every page type, the right numbers,
links that resolve, nothing confidential, and a failed build that keeps the
last good site. One build of the demo serves every test here (`demo_site`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from okrsite.diagnostics import Report
from okrsite.load import load
from okrsite.rollup import rollup_cycle

from conftest import DEMO, ROOT, TODAY, build_site

PAGES = {
    "home": "index.html",
    "teams": "teams/index.html",
    "team": "teams/mobile/index.html",
    "department": "teams/product/index.html",
    "team in a past cycle": "teams/mobile/2026-Q3/index.html",
    "objective": "2026-Q4/mobile/joyful-app/index.html",
    "past objective": "2026-Q3/mobile/store-rating/index.html",
    "yearly objective": "2026/company/grow-arr/index.html",
    "alignment": "alignment/index.html",
    "people": "people/index.html",
    "person": "people/bjorn/index.html",
    "cycles": "cycles/index.html",
    "past cycle": "cycles/2026-Q3/index.html",
    "past alignment": "cycles/2026-Q3/alignment/index.html",
    "changelog": "changelog/index.html",
    "past changelog": "cycles/2026-Q3/changelog/index.html",
    "hand-written page": "guide/how-we-do-okrs/index.html",
}


class Page(HTMLParser):
    """The parts of a built page the tests read: links, ids, progress bars, text."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.bars: list[dict] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("role") == "progressbar":
            self.bars.append(attrs)
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def read(site: Path, rel: str) -> Page:
    return Page((site / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_rollup():
    report = Report()
    company = load(DEMO, report)
    return company, rollup_cycle(company, "2026-Q4", TODAY)


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_type_is_built(demo_site, kind):
    assert (demo_site / PAGES[kind]).is_file(), f"no {kind} page at {PAGES[kind]}"


def test_home_shows_the_company_progress_and_every_team(demo_site, demo_rollup):
    company, rolled = demo_rollup
    home = read(demo_site, "index.html")
    first = home.bars[0]  # the company's, at the top
    assert first["aria-label"] == "Company progress"
    assert int(first["aria-valuenow"]) == round(rolled.company_progress * 100)
    text = (demo_site / "index.html").read_text(encoding="utf-8")
    for team_id, team in rolled.teams.items():
        if team_id != "company" and any(o.visible for o in team.objectives):
            assert f'href="teams/{team_id}/"' in text
    assert "35</dd>" in text  # days left: 31 Dec - 26 Nov


def test_objective_page_shows_each_key_result(demo_site, demo_rollup):
    _, rolled = demo_rollup
    objective = rolled.objectives["2026-Q4/mobile/joyful-app"]
    page = read(demo_site, "2026-Q4/mobile/joyful-app/index.html")
    by_label = {bar.get("aria-label"): int(bar["aria-valuenow"]) for bar in page.bars}
    assert by_label[objective.objective.title] == round(objective.progress * 100)
    for k in objective.key_results:
        assert by_label[k.kr.title] == round(k.progress * 100)
        assert k.kr.id in page.ids  # the key result's own anchor: objective#kr
    assert page.title.startswith("Make the field app a joy to use")


def test_team_page_lists_lead_members_and_changelog(demo_site):
    text = (demo_site / "teams/mobile/index.html").read_text(encoding="utf-8")
    assert "Björn Ek" in text
    assert 'href="../../people/bjorn/"' in text
    assert text.count('class="okr-entry"') >= 7  # a weekly check-in since October
    assert "uninstalls" in text.lower()


def test_every_link_resolves(demo_site):
    """Every relative link points at a page that exists, and at an anchor it has."""
    pages = {
        path.relative_to(demo_site).as_posix(): path
        for path in demo_site.rglob("*.html")
        if path.name != "404.html"  # served at any depth, so its links are absolute
    }
    parsed: dict[str, Page] = {}
    broken = []
    for rel, path in sorted(pages.items()):
        page = parsed.setdefault(rel, read(demo_site, rel))
        for href in page.links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel}: {href}")
                continue
            if url.fragment and target.suffix == ".html":
                target_rel = target.relative_to(demo_site.resolve()).as_posix()
                ids = parsed.setdefault(target_rel, read(demo_site, target_rel)).ids
                if url.fragment not in ids:
                    broken.append(f"{rel}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_navigation_is_short(demo_site):
    """Objectives are linked from pages, not listed in every page's navigation."""
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary'):home.index('class="md-content"')]
    assert "joyful-app" not in nav
    assert nav.count("<a ") < 60


def test_confidential_and_draft_objectives_are_nowhere(demo_site):
    secrets = ("Project Fjord", "project-fjord", "Prepare our entry into Germany", "dach-2027")
    leaks = [
        f"{path.relative_to(demo_site)}: {secret}"
        for path in demo_site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt")
        for secret in secrets
        if secret in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert not leaks, leaks
    # Counted in the totals, and the page says so.
    assert "1 confidential objective(s) are counted" in (demo_site / "index.html").read_text(encoding="utf-8")


def test_search_index_holds_objectives_key_results_teams_and_people(demo_site):
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    for words in ("Make the field app a joy to use", "Cut weekly uninstalls", "Mobile", "Björn Ek"):
        assert words in text, words


def test_hand_written_pages_render_beside_the_generated_ones(demo_site):
    text = (demo_site / "guide/how-we-do-okrs/index.html").read_text(encoding="utf-8")
    assert "<h1" in text and "OKR" in text


def test_past_cycle_shows_grades_not_pace(demo_site):
    text = (demo_site / "cycles/2026-Q3/index.html").read_text(encoding="utf-8")
    assert 'class="okr-grade okr-grade--' in text
    assert "Needs attention" not in text


# --- building from a small project ----------------------------------------


def write_config(project, **extra) -> Path:
    lines = [
        "site_name: Test OKRs",
        f"docs_dir: {project.content}",
        "theme:",
        "  name: material",
        f"  custom_dir: {ROOT / 'theme'}",
        "  font: false",
        *(f"  {key}: {value}" for key, value in extra.items()),
        "plugins: [search, okrsite]",
        "markdown_extensions: [attr_list, md_in_html, tables, toc]",
    ]
    config = project.root / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def test_bad_content_fails_the_build_and_keeps_the_last_good_site(project):
    config = write_config(project)
    site = project.root / "site"
    assert build_site(site, config).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    project.edit("2026-Q4/mobile/joyful-app.md", "target: 70", "tagret: 70")
    result = build_site(site, config)
    assert result.returncode == 1
    assert "joyful-app.md:9:5: error: unknown key 'tagret' in a key result. Hint: Did you mean 'target'?" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site.")]  # no half-built folder left


def test_plain_mkdocs_build_works_too(project):
    config = write_config(project)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(project.root / "out")],
        capture_output=True, text=True, env={"OKRSITE_TODAY": "2026-11-26", "NO_MKDOCS_2_WARNING": "1",
                                             "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    home = (project.root / "out/index.html").read_text(encoding="utf-8")
    assert "Delight our customers" in home


def test_titles_and_text_from_the_content_are_escaped(project):
    project.edit("2026-Q4/mobile/joyful-app.md", "Make the mobile app a joy to use",
                 "Ship <b>bold</b> & \\\"quoted\\\" <script>alert(1)</script>")
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "NPS up four points.", "Up <img src=x onerror=alert(1)>")
    config = write_config(project)
    site = project.root / "site"
    result = build_site(site, config)
    assert result.returncode == 0, result.stderr
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        assert "<img src=x" not in text, path
        assert "<b>bold</b>" not in text, path
    page = (site / "2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    assert "Ship &lt;b&gt;bold&lt;/b&gt;" in page


def test_serve_rebuilds_when_the_content_changes(project):
    """`okrsite serve` previews the site and rebuilds when a file in content/ changes."""
    import socket
    import time
    import urllib.request

    config = write_config(project)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "okrsite", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--today",
         "2026-11-26"],
        cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )

    def page_title(deadline: float) -> str:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2026-Q4/mobile/joyful-app/", timeout=5) as r:
                    return re.search(r"<title>([^<]*)", r.read().decode("utf-8")).group(1)
            except OSError:
                time.sleep(0.5)
        raise AssertionError("the preview server did not answer")

    try:
        assert page_title(time.monotonic() + 120).startswith("Make the mobile app a joy to use")
        project.edit("2026-Q4/mobile/joyful-app.md", "Make the mobile app a joy to use", "Make the app a delight")
        deadline = time.monotonic() + 120
        while not page_title(deadline).startswith("Make the app a delight"):
            assert time.monotonic() < deadline, "the preview did not rebuild"
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
