"""The built site, read as files: every page type, the right numbers where a
reader sees them, links that resolve, nothing confidential, and a failed build
that keeps the last good site.

The figures a page must show are worked out here from the content, by the
rules of the guide (progress = (current - start) / (target - start), clamped;
milestones done / all; an objective the mean of its key results; days left to
the cycle's last day), not copied from a built page. One build of the demo
(`demo_site`) and one of a small company written in conftest (`small_site`)
serve every test that only reads.
"""

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
from okrsite.model import Visibility
from okrsite.rollup import rollup_cycle

from conftest import DEMO, HAND_WRITTEN_PAGE, TODAY, Project, build_site, write_config

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
    """The parts of a built page the tests read: links, ids, progress bars, the title, the
    <h1>, the article's text and its figures (<dt> label -> <dd> text)."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.bars: list[dict] = []
        self.title = ""
        self.h1 = ""
        self.figures: dict[str, str] = {}
        self.article = ""
        self._open: list[str] = []  # the tags this parser collects text for, innermost last
        self._article = 0  # depth inside the page's <article>
        self._dt = self._dd = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("role") == "progressbar":
            self.bars.append(attrs)
        if tag in ("title", "h1", "dt", "dd"):
            self._open.append(tag)
        if tag == "article" and (self._article or "md-content__inner" in (attrs.get("class") or "")):
            self._article += 1  # the page's article and the cards nested in it
        if tag == "dd":
            self._dd = ""

    def handle_data(self, data):
        if "title" in self._open:
            self.title += data
        if "h1" in self._open:
            self.h1 += data
        if "dt" in self._open:
            self._dt += data
        if "dd" in self._open:
            self._dd += data
        if self._article:
            self.article += data

    def handle_endtag(self, tag):
        if tag in self._open:
            self._open.remove(tag)
        if tag == "article" and self._article:
            self._article -= 1
        if tag == "dd":
            self.figures[self._dt.strip()] = self._dd.strip()
            self._dt = ""
        if tag == "h1":
            self.h1 = self.h1.replace("\u00b6", "").strip()  # the permalink's pilcrow is not the heading

    @property
    def words(self) -> str:
        """The article's text with spaces collapsed, as a reader reads it."""
        return re.sub(r"\s+", " ", self.article).strip()


def read(site: Path, rel: str) -> Page:
    return Page((site / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_rollup(demo):
    company, _ = demo
    return company, rollup_cycle(company, "2026-Q4", TODAY)


# --- the figures, worked out from the content by the guide's rules -------------------------------------------


def last_value(company, kr):
    """The key result's latest checked-in value (check-ins are sorted by date), or None."""
    values = [v for c in company.checkins for v in c.values if v.kr == kr.ref]
    return values[-1] if values else None


def kr_progress(company, kr) -> float:
    """Progress of a key result as the guide defines it, at its last check-in (or its start)."""
    value = last_value(company, kr)
    kind = kr.kind.value
    if kind == "milestones":
        done = set(value.done_milestones) if value else set()
        return sum(m.weight for m in kr.milestones if m.id in done) / sum(m.weight for m in kr.milestones)
    if kind == "boolean":
        return float(bool(value and value.value))
    current = value.value if value else kr.start
    if kind == "maintain":
        return float(current >= kr.target if kr.maintain_above else current <= kr.target)
    return min(1.0, max(0.0, (current - kr.start) / (kr.target - kr.start)))


def objective_progress(company, objective) -> float:
    """The weighted mean of its key results' progress."""
    pairs = [(kr_progress(company, kr), kr.weight) for kr in objective.key_results]
    return sum(p * w for p, w in pairs) / sum(w for _, w in pairs)


def percent(share: float) -> int:
    return round(share * 100)


def current_objectives(company, cycle="2026-Q4"):
    return [o for o in company.objectives.values() if o.cycle == cycle]


@pytest.fixture(scope="module")
def small(small_site):
    """The small company as the loader reads it, and its built site."""
    company = load(small_site.content, Report())
    return company, small_site.site


def test_the_rules_read_the_small_company_as_a_person_would(small):
    """The helpers above against sums done by hand, so a slip in them cannot hide a slip in the site."""
    company, _ = small
    mobile = company.objectives["2026-Q4/mobile/joyful-app"]
    # NPS 42 -> 70 at 52; uninstalls 1,200 -> 1,020 at 1,150; one of two milestones.
    assert [kr_progress(company, kr) for kr in mobile.key_results] == pytest.approx([10 / 28, 50 / 180, 0.5])
    # p95 never checked in (at its start), uptime kept (its start, 99.95, is above 99.9).
    fast = company.objectives["2026-Q4/platform/fast-api"]
    assert [kr_progress(company, kr) for kr in fast.key_results] == [0.0, 1.0]


def test_the_home_page_shows_the_company_progress_and_the_days_left(small):
    company, site = small
    cycle = company.organisation.cycles["2026-Q4"]
    home = read(site, "index.html")
    company_objectives = [o for o in current_objectives(company) if o.team == "company"]
    expected = percent(sum(objective_progress(company, o) for o in company_objectives) / len(company_objectives))
    first = home.bars[0]  # the company's, at the top
    assert first["aria-label"] == "Company progress"
    assert int(first["aria-valuenow"]) == expected
    assert first["aria-valuetext"].startswith(f"{expected}%")
    assert home.figures["days left"] == str((cycle.end - TODAY).days)
    hidden = [o for o in current_objectives(company) if o.visibility is Visibility.CONFIDENTIAL]
    assert f"{len(hidden)} confidential objective{'' if len(hidden) == 1 else 's'} {'is' if len(hidden) == 1 else 'are'} counted in the totals" in home.words
    for team in {o.team for o in current_objectives(company) if o.visible and o.team != "company"}:
        assert f"teams/{team}/" in home.links, team


def test_each_objective_page_shows_its_progress_and_each_key_results(small):
    company, site = small
    shown = [o for o in current_objectives(company) if o.visible]
    assert len(shown) >= 3
    for objective in shown:
        page = read(site, f"{objective.id}/index.html")
        assert page.title.startswith(objective.title)
        assert page.h1 == objective.title
        shown = {bar.get("aria-label"): int(bar["aria-valuenow"]) for bar in page.bars}
        want = {objective.title: percent(objective_progress(company, objective)),
                **{kr.title: percent(kr_progress(company, kr)) for kr in objective.key_results}}
        assert {label: shown.get(label) for label in want} == want, objective.id
        for kr in objective.key_results:
            assert kr.id in page.ids  # the key result's own anchor: objective#kr


def test_the_demo_pages_agree_with_the_roll_up(demo_site, demo_rollup):
    """The demo, too large to sum by hand: its pages show the roll-up's figures."""
    company, rolled = demo_rollup
    home = read(demo_site, "index.html")
    assert int(home.bars[0]["aria-valuenow"]) == percent(rolled.company_progress)
    assert home.figures["days left"] == str((company.organisation.cycles["2026-Q4"].end - TODAY).days)
    for team_id, team in rolled.teams.items():
        if team_id != "company" and any(o.visible for o in team.objectives):
            assert f"teams/{team_id}/" in home.links, team_id
    objective = rolled.objectives["2026-Q4/mobile/joyful-app"]
    page = read(demo_site, "2026-Q4/mobile/joyful-app/index.html")
    by_label = {bar.get("aria-label"): int(bar["aria-valuenow"]) for bar in page.bars}
    assert by_label[objective.objective.title] == percent(objective.progress)
    for k in objective.key_results:
        by_rules = percent(kr_progress(company, k.kr))  # worked out here, by the guide's rules
        assert (by_label[k.kr.title], percent(k.progress)) == (by_rules, by_rules), k.kr.ref
    assert page.title.startswith(objective.objective.title)


def visible_checkins(company, team, cycle):
    """A team's check-ins in the cycle that a reader may see: those that touch a shown objective."""
    return [c for c in company.checkins
            if c.team == team and cycle.start <= c.date <= cycle.end
            and any(company.objectives[v.kr.partition("#")[0]].visible for v in c.values)]


@pytest.mark.parametrize("which", ["small", "demo"])
def test_team_page_lists_lead_members_and_changelog(which, small, demo, demo_site):
    company, site = small if which == "small" else (demo[0], demo_site)
    organisation = company.organisation
    team = organisation.teams["mobile"]
    page = read(site, "teams/mobile/index.html")
    assert organisation.people[team.lead].name in page.words
    assert f"../../people/{team.lead}/" in page.links
    for member in team.members:
        assert organisation.people[member].name in page.words, member
    text = (site / "teams/mobile/index.html").read_text(encoding="utf-8")
    shown = visible_checkins(company, "mobile", organisation.cycles["2026-Q4"])
    assert shown and text.count('class="okr-entry"') == len(shown)


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_type_is_built(demo_site, kind):
    assert (demo_site / PAGES[kind]).is_file(), f"no {kind} page at {PAGES[kind]}"


def test_every_link_resolves(demo_site):
    """Every relative link points at a page that exists, and at an anchor it has."""
    pages = {
        path.relative_to(demo_site).as_posix(): path
        for path in demo_site.rglob("*.html")
        if path.name != "404.html"  # served at any depth, so its links are absolute
    }
    parsed: dict[str, Page] = {}

    def page(rel: str) -> Page:  # each page parsed once, however many links point at it
        if rel not in parsed:
            parsed[rel] = read(demo_site, rel)
        return parsed[rel]

    broken = []
    for rel, path in sorted(pages.items()):
        for href in page(rel).links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel}: {href}")
                continue
            if (url.fragment and target.suffix == ".html"
                    and url.fragment not in page(target.relative_to(demo_site.resolve()).as_posix()).ids):
                broken.append(f"{rel}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_navigation_is_short(demo, demo_site):
    """Objectives are linked from pages, not listed in every page's navigation."""
    company, _ = demo
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary'):home.index('class="md-content"')]
    assert not [o.id for o in company.objectives.values() if f"{o.id}/" in nav]
    assert nav.count("<a ") < 60


def secrets_of(company) -> list[str]:
    """What a reader must never see of the confidential and draft objectives: titles, file names, key results."""
    hidden = [o for o in company.objectives.values() if not o.visible]
    return [text for o in hidden for text in (o.title, o.slug, *(kr.title for kr in o.key_results))]


def test_confidential_and_draft_objectives_are_nowhere(demo, demo_site):
    company, _ = demo
    secrets = secrets_of(company)
    assert {o.visibility for o in company.objectives.values() if not o.visible} == {Visibility.CONFIDENTIAL,
                                                                                     Visibility.DRAFT}
    leaks = [
        f"{path.relative_to(demo_site)}: {secret}"
        for path in demo_site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".csv")
        for secret in secrets
        if secret in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert not leaks, leaks
    # Counted in the totals, and the page says how many.
    hidden = [o for o in current_objectives(company) if o.visibility is Visibility.CONFIDENTIAL]
    assert f"{len(hidden)} confidential objective{'' if len(hidden) == 1 else 's'} {'is' if len(hidden) == 1 else 'are'} counted" in read(demo_site, "index.html").words


def test_search_index_holds_objectives_key_results_teams_and_people(demo, demo_site):
    company, _ = demo
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    organisation = company.organisation
    for objective in current_objectives(company):
        if objective.visible:
            for words in (objective.title, objective.key_results[0].title, organisation.teams[objective.team].name
                          if objective.team in organisation.teams else organisation.company):
                assert words in text, words
    for person in organisation.people.values():
        assert person.name in text, person.name


def first_heading(markdown: str) -> str:
    return next(line[2:].strip() for line in markdown.splitlines() if line.startswith("# "))


def test_hand_written_pages_render_beside_the_generated_ones(small, demo_site):
    """A page written in Markdown arrives as the reader wrote it: its heading, its text, its table."""
    _, site = small
    page = read(site, "guide/key-results/index.html")
    assert page.h1 == first_heading(HAND_WRITTEN_PAGE)
    paragraph = next(line for line in HAND_WRITTEN_PAGE.splitlines() if line.startswith("A key result says"))
    assert paragraph in page.words
    html = (site / "guide/key-results/index.html").read_text(encoding="utf-8")
    assert re.search(r"<table>.*<th>Part</th>.*<td>target</td>\s*<td>70</td>", html, re.S)
    assert "guide/key-results/" in read(site, "index.html").links  # in the navigation
    # And the demo's guide, whatever its words are today.
    source = (DEMO / "guide/how-we-do-okrs.md").read_text(encoding="utf-8")
    assert read(demo_site, "guide/how-we-do-okrs/index.html").h1 == first_heading(source)


def test_past_cycle_shows_grades_not_pace(demo_site):
    text = (demo_site / "cycles/2026-Q3/index.html").read_text(encoding="utf-8")
    assert 'class="okr-grade okr-grade--' in text
    assert "Needs attention" not in text


PACE = re.compile(r"okr-(?:status|progress|stats__?)-*(on_track|at_risk|off_track|stale|done|not_started)\b")


def test_every_page_of_a_finished_cycle_speaks_in_grades(demo, demo_rollup):
    """Bars, counts and colours by grade band on the dashboard, team, alignment and objective pages of
    2026-Q3; pace nowhere (an aligned objective of a running cycle shown there keeps its status)."""
    from okrsite.build import build
    from okrsite.i18n import Translator
    from okrsite.blocks import restore_blocks
    from okrsite.rollup import grade_band

    from conftest import ROOT

    company, _ = demo
    pages = build(company, TODAY, ROOT / "theme" / "okrsite", Translator(), charts=True).pages
    q3 = rollup_cycle(company, "2026-Q3", TODAY)
    finished = [src for src in pages if src.startswith(("cycles/2026-Q3/", "teams/")) and "2026-Q3" in src]
    assert len(finished) >= 6
    for src in finished:
        text = restore_blocks(pages[src].markdown, pages[src].blocks)
        assert not PACE.findall(text), (src, sorted(set(PACE.findall(text))))
        assert "statuses.svg" not in text and "teams.svg" not in text
    dashboard = restore_blocks(pages["cycles/2026-Q3/index.md"].markdown, pages["cycles/2026-Q3/index.md"].blocks)
    krs = [k for o in q3.visible_objectives() for k in o.key_results]
    for band in ("delivered", "progress", "missed"):
        count = sum(1 for k in krs if grade_band(k.grade).value == band)
        assert re.search(rf'okr-stats__{band}"><dt>[^<]+</dt><dd>{count}</dd>', dashboard), band
    for rolled in q3.visible_objectives():
        page = pages[f"{rolled.objective.id}.md"]
        text = restore_blocks(page.markdown, page.blocks)
        hero = text.split("okr-hero__figure", 1)[1][:200]
        assert f"okr-progress--{grade_band(rolled.grade).value}" in hero, rolled.objective.id


# --- building from a small project ----------------------------------------


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


@pytest.mark.parametrize("language, words", [
    ("en", "this figure is the mean of every team's objectives"),
    ("sv", "siffran är medelvärdet av alla teams mål"),
])
def test_without_company_objectives_the_dashboard_says_whose_figure_it_shows(project, language, words):
    """The guide's rule: the company's figure is then every team's objectives, and the page says so."""
    import html

    from okrsite.build import build
    from okrsite.i18n import Translator
    from okrsite.blocks import restore_blocks

    from conftest import ROOT

    (project.content / "2026-Q4/company/delight.md").unlink()
    (project.content / "2026-Q4/company/checkins/2026-11-20.md").unlink()
    project.edit("2026-Q4/mobile/joyful-app.md", "aligns_to: company/delight\n", "")
    company, report = project.check()
    assert not report.errors, [d.message for d in report.errors]
    pages = build(company, TODAY, ROOT / "theme" / "okrsite", Translator(language), charts=False).pages
    dashboard = pages["index.md"]  # 2026-Q4, running on TODAY
    text = html.unescape(restore_blocks(dashboard.markdown, dashboard.blocks))
    assert words in text
    with_company, _ = Project(project.root / "again").check()
    pages = build(with_company, TODAY, ROOT / "theme" / "okrsite", Translator(language), charts=False).pages
    dashboard = pages["index.md"]  # 2026-Q4, running on TODAY
    assert words not in html.unescape(restore_blocks(dashboard.markdown, dashboard.blocks))


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_cycle_with_no_objectives_yet_is_not_off_track(project, language):
    """A new company (what `okrsite init` leaves) or a new quarter nobody has written for: no figure,
    no status, a sentence saying so, and every team listed with nothing written yet."""
    import html
    import shutil

    from okrsite.build import build
    from okrsite.i18n import Translator
    from okrsite.blocks import restore_blocks
    from okrsite.rollup import Status

    from conftest import ROOT

    shutil.rmtree(project.content / "2026-Q4")
    company, report = project.check()
    assert not report.errors, [d.message for d in report.errors]
    q4 = rollup_cycle(company, "2026-Q4", TODAY)
    assert q4.company_status is Status.NOT_STARTED and not q4.objectives
    t = Translator(language)
    pages = build(company, TODAY, ROOT / "theme" / "okrsite", t, charts=False).pages
    text = html.unescape(restore_blocks(pages["index.md"].markdown, pages["index.md"].blocks))
    assert t.label("dashboard.empty", cycle="2026-Q4") in text
    assert not PACE.findall(text.split("okr-stats", 1)[0]), "a status badge or bar in the hero"
    assert "okr-hero__figure" not in text
    assert t.label("dashboard.company_from_teams") not in text
    assert t.label("dashboard.no_company_objectives") not in text
    for team in company.organisation.teams.values():
        card = re.search(rf'okr-card--empty">\s*<h3[^>]*><a href="[^"]+">{re.escape(team.name)}</a>', text)
        assert card, team.name


def test_the_main_cycle_setting_chooses_the_dashboard_and_links_the_others(project):
    """A six-week campaign beside the quarter and the year: the dashboard follows the quarter (the default)
    and links the other two; `main_cycle: other` makes it follow the campaign; a typo is located."""
    import html

    from okrsite.build import build
    from okrsite.i18n import Translator
    from okrsite.blocks import restore_blocks

    from conftest import ROOT

    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]",
                 "cycles: [2026-Q3, 2026-Q4, 2026, {id: launch, name: Launch push, start: 2026-11-02, end: 2026-12-13}]")

    def dashboard(company):
        pages = build(company, TODAY, ROOT / "theme" / "okrsite", Translator(), charts=False).pages
        return html.unescape(restore_blocks(pages["index.md"].markdown, pages["index.md"].blocks))

    company, report = project.check()
    assert not report.errors
    text = dashboard(company)
    assert "2026-Q4 · 1 Oct 2026 – 31 Dec 2026" in text
    also = re.search(r'okr-also-running">Also running: (.*?)</p>', text)[1]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', also)
    assert links == [("cycles/launch/", "Launch push"), ("cycles/2026/", "2026")]  # shortest first

    project.write("okrsite.yml", (project.content / "okrsite.yml").read_text() + "defaults: {main_cycle: other}\n")
    company, report = project.check()
    assert not report.errors
    text = dashboard(company)
    assert "Launch push · 2 Nov 2026 – 13 Dec 2026" in text
    assert re.findall(r">([^<]+)</a>", re.search(r'okr-also-running">.*?</p>', text)[0]) == ["2026-Q4", "2026"]

    project.edit("okrsite.yml", "main_cycle: other", "main_cycle: quater")
    _, report = project.check()
    [error] = report.errors
    assert error.location.line == len((project.content / "okrsite.yml").read_text().splitlines())
    assert "quarter" in error.message + error.hint
