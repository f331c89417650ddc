"""`okrsite serve` after the edits a hurried editor makes, one after another: each time the served site is
the one a clean build of the same content makes, byte for byte, and an everyday edit renders fewer pages
than a full build. On a small Swedish company written here (a fiscal year from May, three teams, one
aligning to another's objective) every kind of edit; on the demo a random series of them.

The clean builds run in one separate process (`CleanBuilds`): a build in this process would share the
preview's plugins, and a fresh interpreter per build would take most of the test's time."""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import DEMO, ROOT, Project, write_config
from okrsite import routes
from okrsite.adapter.live import Preview

ADDRESS = "127.0.0.1:8766"  # never opened: the served site's address is part of its pages
TODAY = "2026-11-26"  # in FY27-Q3 (November to January) of a fiscal year from May

CLEAN_BUILDER = """\
import json, logging, sys
from okrsite.adapter.live import Preview
logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
for line in sys.stdin:
    config, site, address = json.loads(line)
    try:
        preview = Preview(config, site, address)
        preview.rebuild()
        preview.config.plugins.on_shutdown()
        print(json.dumps(None), flush=True)
    except BaseException as error:
        print(json.dumps(repr(error)), flush=True)
"""

ORGANISATION = """\
company: Fjällbruk AB
fiscal_year_start: 5
cycles: [FY27-Q2, FY27-Q3, FY27]
people:
  asa: Åsa Öberg
  goran: {name: Göran Ståhl, title: Driftchef}
  maja: Maja Nyström
teams:
  ledning: {name: Ledning, lead: asa, members: [asa]}
  salj: {name: Sälj & Kundvård, parent: ledning, lead: maja, members: [maja, asa]}
  drift: {name: Drift & Underhåll, parent: ledning, lead: goran, members: [goran]}
"""

FILES = {
    "okrsite.yml": ORGANISATION,
    "FY27/company/tillvaxt.md": """\
---
objective: Växa lönsamt i Norden
owner: asa
key_results:
  - id: intakter
    title: Intäkter från 40 till 55 Mkr
    start: 40
    target: 55
    unit: Mkr
---
Ett år av lönsam tillväxt.
""",
    "FY27-Q3/salj/nya-kunder.md": """\
---
objective: Vinna nya kunder i Norge
owner: maja
aligns_to: FY27/company/tillvaxt
key_results:
  - id: avtal
    title: Nya avtal från 0 till 12
    start: 0
    target: 12
  - id: nojdhet
    title: Kundnöjdhet från 7,1 till 8,5
    start: 7,1
    target: 8,5
---
""",
    "FY27-Q3/drift/stabil-drift.md": """\
---
objective: Stabil drift för nya kunder
owner: goran
aligns_to: FY27-Q3/salj/nya-kunder
key_results:
  - id: driftstopp
    title: Driftstopp från 12 till 2 timmar
    start: 12
    target: 2
    unit: h
  - id: flytt
    title: Flytta till nya hallen
    milestones: [Avtal klart, Flytt klar]
---
""",
    "FY27-Q2/drift/rutiner.md": """\
---
objective: Skriva driftrutiner
owner: goran
key_results:
  - id: rutiner
    title: Rutiner från 0 till 10
    start: 0
    target: 10
---
""",
    "FY27-Q2/drift/checkins/2026-10-20.md": "---\ncheckin: 2026-10-20\nauthor: goran\nvalues:\n  rutiner: 8\n---\n",
    "FY27-Q3/salj/checkins/2026-11-10.md": """\
---
checkin: 2026-11-10
author: maja
confidence: 0,7
values:
  avtal: 3
  nojdhet: 7,4
---
## Wins
- Två avtal i Bergen.
""",
    "FY27-Q3/salj/checkins/2026-11-20.md": """\
---
checkin: 2026-11-20
author: maja
values:
  avtal: 5
---
""",
    "FY27-Q3/drift/checkins/2026-11-18.md": """\
---
checkin: 2026-11-18
author: goran
values:
  driftstopp: 9
  flytt: [Avtal klart]
---
""",
    "FY27/company/checkins/2026-11-15.md": "---\ncheckin: 2026-11-15\nauthor: asa\nvalues:\n  intakter: 44\n---\n",
    "guide/rutiner.md": "# Så skriver vi OKR\n\nEtt nyckelresultat har en start och ett mål.\n",
}

SALJ_CHECKIN = "FY27-Q3/salj/checkins/2026-11-20.md"
DRIFT = "FY27-Q3/drift/stabil-drift.md"
SALJ = "FY27-Q3/salj/nya-kunder.md"


class CleanBuilds:
    """One process that makes a clean build of a site on request, each from a fresh configuration."""

    def __init__(self):
        env = {**os.environ, "OKRSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen([sys.executable, "-c", CLEAN_BUILDER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)

    def start(self, config: Path, site: Path) -> None:
        """Start a build: it runs beside the preview's (the machine has two cores)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps([str(config), str(site), ADDRESS]) + "\n")
        self.process.stdin.flush()

    def result(self) -> str | None:
        """None, or why the build stopped."""
        assert self.process.stdout is not None
        answer = self.process.stdout.readline()
        assert answer, "the clean build's process ended"
        return json.loads(answer)

    def close(self):
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def clean_builds():
    builds = CleanBuilds()
    yield builds
    builds.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


class Served:
    """A project served by a `Preview`, compared with a clean build after each edit."""

    def __init__(self, root: Path, config: Path, clean_builds: CleanBuilds):
        self.root, self.config, self.clean_builds = root, config, clean_builds
        self.preview = Preview(config, root / "served", ADDRESS)
        self.preview.rebuild()
        self.pages = self.preview.rendered  # a full build renders every okrsite page
        self.edits = 0

    def edit(self, name: str, change: Callable[[], object]) -> None:
        """Make the change, rebuild the preview and require the site a clean build makes (or, where the
        clean build stops on the content, the preview to stop too and keep the site it had)."""
        self.edits += 1
        before = _files(self.preview.site_dir)
        change()
        clean = self.root / f"clean-{self.edits}"
        self.clean_builds.start(self.config, clean)
        try:
            self.preview.rebuild()
            stopped = None
        except PluginError as error:
            stopped = str(error)
        problem = self.clean_builds.result()
        if problem is not None:
            assert stopped is not None, f"after {name}: the clean build stopped ({problem}), the preview did not"
            assert _files(self.preview.site_dir) == before, f"after {name}: the stopped preview changed the site"
            return
        assert stopped is None, f"after {name}: the preview stopped ({stopped}), a clean build did not"
        served, built = _files(self.preview.site_dir), _files(clean)
        assert served.keys() == built.keys(), f"after {name}: {sorted(served.keys() ^ built.keys())}"
        differ = [path for path in built if served[path] != built[path]]
        assert not differ, f"after {name}, these differ from a clean build: {differ[:20]}"
        shutil.rmtree(clean)

    def close(self):
        self.preview.config.plugins.on_shutdown()


@pytest.fixture
def swedish(tmp_path, monkeypatch, clean_builds):
    monkeypatch.setenv("OKRSITE_TODAY", TODAY)
    logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
    project = Project(tmp_path)
    shutil.rmtree(project.content)
    for rel, text in FILES.items():
        project.write(rel, text)
    served = Served(tmp_path, write_config(project, language="sv"), clean_builds)
    yield project, served
    served.close()


def _new_checkin(project: Project) -> None:
    project.write("FY27-Q3/drift/checkins/2026-11-25.md", (
        "---\ncheckin: 2026-11-25\nauthor: goran\nconfidence: 0,6\nvalues:\n  driftstopp: 7\n---\n"
        "## Blockers\n- Reservdelar saknas.\n"))


def test_every_kind_of_edit_leaves_the_site_a_clean_build_makes(swedish):
    project, served = swedish
    preview = served.preview
    team_page = preview.site_dir / "teams" / "salj" / "index.html"

    served.edit("a check-in's value", lambda: project.edit(SALJ_CHECKIN, "avtal: 5", "avtal: 6"))
    assert (preview.full_builds, preview.updates) == (1, 1)
    assert 0 < preview.rendered < served.pages, "an everyday edit renders only the pages that show it"
    assert ">6<" in team_page.read_text(encoding="utf-8") or " 6 " in team_page.read_text(encoding="utf-8")

    served.edit("a check-in's win, no value", lambda: project.edit("FY27-Q3/salj/checkins/2026-11-10.md",
                                                                   "Två avtal i Bergen.", "Tre avtal i Bergen."))
    assert "Tre avtal i Bergen." in team_page.read_text(encoding="utf-8")
    served.edit("a new check-in", lambda: _new_checkin(project))
    assert "Reservdelar saknas." in (preview.site_dir / "teams" / "drift" / "index.html").read_text(encoding="utf-8")
    served.edit("a deleted check-in", lambda: (project.content / "FY27/company/checkins/2026-11-15.md").unlink())
    served.edit("an objective's title", lambda: project.edit(SALJ, "Vinna nya kunder i Norge",
                                                             "Vinna nya kunder i Norge och Danmark"))
    served.edit("an objective's owner and weight", lambda: project.edit(DRIFT, "owner: goran\n",
                                                                      "owner: maja\nweight: 2\n"))
    served.edit("aligned elsewhere", lambda: project.edit(DRIFT, "aligns_to: FY27-Q3/salj/nya-kunder",
                                                          "aligns_to: FY27/company/tillvaxt#intakter"))
    served.edit("a key result's target", lambda: project.edit(SALJ, "target: 12", "target: 15"))
    served.edit("a page's status on an objective", lambda: project.edit(SALJ, "owner: maja\n",
                                                                        "owner: maja\nstatus: draft\n"))
    served.edit("made a draft instead", lambda: project.edit(SALJ, "status: draft", "visibility: draft"))
    served.edit("public again", lambda: project.edit(SALJ, "visibility: draft\n", ""))
    served.edit("a retrospective", lambda: project.edit("FY27-Q2/drift/rutiner.md", "    target: 10\n", (
        "    target: 10\nretrospective:\n  grade: 0,9\n  reason: Två rutiner skrevs om.\n"
        "  learned: Börja med de viktigaste.\n")))
    served.edit("a hand-written page", lambda: project.edit("guide/rutiner.md", "ett mål.", "ett mål och ett datum."))
    served.edit("a backup copy beside a check-in", lambda: shutil.copy(
        project.content / SALJ_CHECKIN, project.content / (SALJ_CHECKIN + "~")))
    served.edit("the backup removed, a blank line in a front-matter", lambda: (
        (project.content / (SALJ_CHECKIN + "~")).unlink(), project.edit(SALJ, "owner: maja\n", "owner: maja\n\n")))
    served.edit("a value made unreadable", lambda: project.edit(SALJ_CHECKIN, "avtal: 6", "avtal: sex"))
    served.edit("and fixed", lambda: project.edit(SALJ_CHECKIN, "avtal: sex", "avtal: 7"))
    assert preview.updates >= 9  # the rest may rebuild in full (a page's title in the navigation, say)


def test_what_serve_keeps_goes_when_what_it_was_made_of_changes(swedish):
    """Between edits the preview keeps the model objects of unchanged files and what was made of them: the
    objectives, each check-in, an unchanged objective's roll-up, its changelog entries, key result charts,
    feed entries and plain values. Each edit here changes what one of those was made of from another file
    or another cycle."""
    project, served = swedish
    preview = served.preview
    # The year's key result gets a check-in dated inside the running quarter: the year's roll-up and the
    # quarter's changelog change, the quarter's roll-ups do not.
    served.edit("a check-in of the year's key result, dated in the quarter", lambda: project.write(
        "FY27/company/checkins/2026-11-22.md", "---\ncheckin: 2026-11-22\nauthor: asa\nvalues:\n  intakter: 47\n---\n"))
    served.edit("the year takes its progress from its quarters", lambda: project.edit(
        "FY27/company/tillvaxt.md", "owner: asa\n", "owner: asa\nprogress: aligned\n"))
    updates = preview.updates
    # Only a quarter's check-in changes; the year's objective (another cycle, its file unchanged) follows.
    served.edit("a quarter's check-in moves the year's progress", lambda: project.edit(SALJ_CHECKIN, "avtal: 5",
                                                                                       "avtal: 11"))
    assert preview.updates == updates + 1, "the everyday edit was an update, with what it kept"
    # Shown in the feed entries and the changelog of check-ins whose files did not change.
    served.edit("a key result's unit", lambda: project.edit(SALJ, "    target: 12\n", "    target: 12\n    unit: st\n"))
    served.edit("a key result's title", lambda: project.edit(SALJ, "title: Nya avtal från 0 till 12",
                                                             "title: Nya avtal från 0 till 15"))
    served.edit("a kept check-in deleted", lambda: (project.content / "FY27-Q3/salj/checkins/2026-11-10.md").unlink())
    served.edit("a team renamed", lambda: project.edit("okrsite.yml", "Sälj & Kundvård", "Sälj och Kundvård"))
    served.edit("a person's name", lambda: project.edit("okrsite.yml", "Maja Nyström", "Maja Lind"))
    updates = preview.updates
    served.edit("a check-in's value after all that", lambda: project.edit(SALJ_CHECKIN, "avtal: 11", "avtal: 12"))
    assert preview.updates == updates + 1


def _kept(preview: Preview) -> dict:
    """The okrsite pages of the last build, as made (a page kept from the build before is the same object)."""
    return dict(preview.okrsite.built.pages)


def test_the_pages_that_show_the_whole_company_follow_what_they_show(swedish):
    """Dashboards, alignment, all-hands, the year, the cycles, teams and people indexes and the digest are
    rendered again only when what they show changed: each edit here changes what one of them shows."""
    project, served = swedish
    preview = served.preview
    past = {routes.dashboard("FY27-Q2"), routes.alignment("FY27-Q2"), routes.all_hands("FY27-Q2")}
    before = _kept(preview)
    charts = {path: path.stat().st_mtime_ns for path in preview.site_dir.rglob("*.svg")}
    served.edit("a running quarter's value", lambda: project.edit(SALJ_CHECKIN, "avtal: 5", "avtal: 8"))
    after = _kept(preview)
    assert all(after[src] is before[src] for src in past), "an ended quarter's pages were kept"
    assert after[routes.dashboard()] is not before[routes.dashboard()]
    rewritten = [path for path, written in charts.items() if path.stat().st_mtime_ns != written]
    assert 0 < len(rewritten) < len(charts), "only the charts the edit changed were written again"
    # An ended quarter: its grade on its dashboard, its all-hands, the year and the cycles' table.
    served.edit("an ended quarter's value", lambda: project.edit("FY27-Q2/drift/checkins/2026-10-20.md",
                                                                 "rutiner: 8", "rutiner: 4"))
    assert "0,4" in (preview.site_dir / "cycles" / "FY27-Q2" / "all-hands" / "index.html").read_text(encoding="utf-8")
    served.edit("an all-hands grade set by hand", lambda: project.edit("FY27-Q2/drift/rutiner.md", "    target: 10\n", (
        "    target: 10\nretrospective:\n  grade: 0,8\n  reason: Rutinerna räckte.\n")))
    served.edit("the company's objective, on the year's dashboard", lambda: project.edit(
        "FY27/company/checkins/2026-11-15.md", "intakter: 44", "intakter: 50"))
    served.edit("a new owner: the people index counts what each owns", lambda: project.edit(
        DRIFT, "owner: goran\n", "owner: asa\n"))
    served.edit("an objective aligned to one of another cycle", lambda: project.edit(
        "FY27-Q2/drift/rutiner.md", "owner: goran\n", "owner: goran\naligns_to: FY27/company/tillvaxt\n"))
    served.edit("the digest: an action due this week", lambda: project.write("FY27-Q3/salj/checkins/2026-11-24.md", (
        "---\ncheckin: 2026-11-24\nauthor: maja\nvalues:\n  nojdhet: 7,8\n---\n## Wins\n- Nöjdare kunder.\n"
        "## Actions\n- @maja: ring Bergen, due 2026-11-28\n")))
    served.edit("a check-in deleted", lambda: (project.content / "FY27-Q3/salj/checkins/2026-11-24.md").unlink())
    served.edit("and the same file back", lambda: project.write("FY27-Q3/salj/checkins/2026-11-24.md", (
        "---\ncheckin: 2026-11-24\nauthor: maja\nvalues:\n  nojdhet: 7,8\n---\n## Wins\n- Nöjdare kunder.\n"
        "## Actions\n- @maja: ring Bergen, due 2026-11-28\n")))
    served.edit("a person's name, shown on every index", lambda: project.edit("okrsite.yml", "Göran Ståhl", "Göran Ek"))
    served.edit("a team's lead", lambda: project.edit("okrsite.yml", "lead: goran", "lead: asa"))
    served.edit("an objective made confidential", lambda: project.edit(SALJ, "owner: maja\n",
                                                                      "owner: maja\nvisibility: confidential\n"))
    served.edit("a value of the confidential objective", lambda: project.edit(SALJ_CHECKIN, "avtal: 8", "avtal: 9"))
    served.edit("public again", lambda: project.edit(SALJ, "visibility: confidential\n", ""))
    updates = preview.updates
    before = _kept(preview)
    served.edit("only a win's words", lambda: project.edit("FY27-Q3/salj/checkins/2026-11-10.md",
                                                           "Två avtal i Bergen.", "Två nya avtal i Bergen."))
    assert preview.updates == updates + 1
    after = _kept(preview)
    assert [src for src in after if after[src] is not before[src]], "the pages showing the win were rendered"
    assert after[routes.alignment()] is before[routes.alignment()], "the alignment shows no wins"


def _git(root: Path, *args: str, day: str) -> None:
    when = f"{day}T09:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Åsa", "GIT_AUTHOR_EMAIL": "asa@example.com", "GIT_COMMITTER_NAME": "Åsa",
           "GIT_COMMITTER_EMAIL": "asa@example.com", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)


def _commit(root: Path, day: str) -> None:
    _git(root, "add", "-A", "content", day=day)  # not the sites built beside it
    _git(root, "commit", "-q", "-m", "content", day=day)


def test_a_key_results_added_day_follows_its_check_ins_while_its_objective_is_kept(swedish):
    """A key result's `added` (from git) is set after loading, on the objectives the preview keeps, and only
    while one of its objective's key results has no check-in: a check-in file alone changes it."""
    project, served = swedish
    _git(project.root, "init", "-q", day="2026-11-05")
    served.edit("the content committed", lambda: _commit(project.root, "2026-11-05"))
    served.edit("a new key result, committed later", lambda: (project.edit(DRIFT, "Flytt klar]\n", (
        "Flytt klar]\n  - id: larm\n    title: Larm inom 5 minuter\n    kind: boolean\n")),
        _commit(project.root, "2026-11-20")))
    served.edit("its first check-in", lambda: project.write(
        "FY27-Q3/drift/checkins/2026-11-24.md", "---\ncheckin: 2026-11-24\nauthor: goran\nvalues:\n  larm: true\n---\n"))
    served.edit("the check-in taken back", lambda: (project.content / "FY27-Q3/drift/checkins/2026-11-24.md").unlink())


# What a hurried editor does to the demo, drawn at random: (name, file, old, new); files that no longer hold
# `old` are skipped.
DEMO_EDITS = [
    ("a value", "2026-Q4/mobile/checkins/2026-11-20.md", "uninstalls: 1,080", "uninstalls: 1,050"),
    ("a win", "2026-Q4/mobile/checkins/2026-11-20.md", "the lowest since spring", "the lowest this year"),
    ("a milestone done", "2026-Q4/mobile/checkins/2026-11-20.md", "Beta with three pilot customers]",
     "Beta with three pilot customers, Released to everyone]"),
    ("a title", "2026-Q4/mobile/joyful-app.md", "Make the field app a joy to use", "Make the app a joy"),
    ("an owner", "2026-Q4/mobile/joyful-app.md", "owner: bjorn\naligns_to", "owner: asa\naligns_to"),
    ("a draft", "2026-Q4/mobile/joyful-app.md", "owner: bjorn\n", "owner: bjorn\nvisibility: draft\n"),
    ("aligned elsewhere", "2026-Q4/mobile/joyful-app.md", "aligns_to: company/field-app-everyone-uses",
     "aligns_to: company/enterprise-ready"),
    ("a company weight", "2026-Q4/company/enterprise-ready.md", "owner: sofia\n", "owner: sofia\nweight: 3\n"),
    ("a target", "2026-Q4/company/field-app-everyone-uses.md", "to 40,000", "to 42,000"),
    ("a blank line", "2026-Q4/company/close-the-year-strong.md", "owner: marcus\n", "owner: marcus\n\n"),
]


def _demo_edit(project: Project, file: str, old: str, new: str) -> Callable[[], object]:
    def change():
        path = project.content / file
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        else:  # an edit made already: a new check-in instead
            _demo_checkin(project)
    return change


def _demo_checkin(project: Project) -> None:
    """The mobile team's check-in of the next free day after 20 November."""
    day = next(day for day in range(21, 27) if not (project.content / f"2026-Q4/mobile/checkins/2026-11-{day}.md").exists())
    project.write(f"2026-Q4/mobile/checkins/2026-11-{day}.md", (
        f"---\ncheckin: 2026-11-{day}\nauthor: chen\nvalues:\n  uninstalls: {1000 + day}\n---\n## Wins\n- Day {day}.\n"))


def test_a_random_series_of_edits_to_the_demo(tmp_path, monkeypatch, clean_builds):
    monkeypatch.setenv("OKRSITE_TODAY", TODAY)
    logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
    project = Project(tmp_path)
    shutil.rmtree(project.content)
    shutil.copytree(DEMO, project.content)
    if (ROOT / ".cache" / "okrsite").is_dir():  # the charts drawn before: a test of edits, not of drawing
        shutil.copytree(ROOT / ".cache" / "okrsite", tmp_path / ".cache" / "okrsite")
    served = Served(tmp_path, write_config(project), clean_builds)
    try:
        chosen = random.Random(16).sample(DEMO_EDITS, 2)
        for name, file, old, new in chosen:
            served.edit(name, _demo_edit(project, file, old, new))
        served.edit("a new check-in", lambda: _demo_checkin(project))
        assert served.preview.updates >= 2
    finally:
        served.close()
