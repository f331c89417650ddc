"""Fixtures: a small valid company written into tmp_path, and the demo content.

`project` writes a minimal, valid content tree; a test changes or adds one
file and checks what `okrsite check` says about it (Lektor's fixture chain).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from okrsite.diagnostics import Report
from okrsite.validate import check

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "content"
TODAY = dt.date(2026, 11, 26)

ORGANISATION = """\
company: Testbolaget AB
cycles: [2026-Q3, 2026-Q4, 2026]
people:
  astrid: Astrid Lindqvist
  bjorn: {name: Björn Ek, title: Head of Mobile}
  chen: Chen Li
  layla: ليلى حداد
teams:
  product: {name: Product & Engineering, lead: astrid}
  mobile: {name: Mobile, parent: product, lead: bjorn, members: [bjorn, chen]}
  platform: {name: Platform, parent: product, lead: chen, members: [chen, layla]}
"""

COMPANY_OBJECTIVE = """\
---
objective: Delight our customers
owner: astrid
key_results:
  - id: nps
    title: Company NPS from 40 to 60
    start: 40
    target: 60
  - id: churn
    title: Monthly churn from 5 % to 3 %
    start: 5 %
    target: 3 %
---
Customers who love us stay.
"""

MOBILE_OBJECTIVE = """\
---
objective: Make the mobile app a joy to use
owner: bjorn
aligns_to: company/delight
key_results:
  - id: app-nps
    title: Raise app NPS from 42 to 70
    start: 42
    target: 70
  - id: uninstalls
    title: Cut weekly uninstalls by 15 %
    start: 1,200
    target: 1,020
    owner: chen
  - id: redesign
    title: Ship the redesigned onboarding
    milestones: [Research done, Prototype tested]
---
"""

MOBILE_CHECKIN = """\
---
checkin: 2026-11-20
author: bjorn
confidence: 0.8
values:
  app-nps: 52
  uninstalls: 1,150
  redesign: [Research done]
---
## Wins
- NPS up four points.

## Actions
- @chen: ship the permission prompt, due 2026-11-27
"""

COMPANY_CHECKIN = """\
---
checkin: 2026-11-20
author: astrid
values:
  nps: 48
  churn: 4.2 %
---
"""

BASE_FILES = {
    "okrsite.yml": ORGANISATION,
    "2026-Q4/company/delight.md": COMPANY_OBJECTIVE,
    "2026-Q4/company/checkins/2026-11-20.md": COMPANY_CHECKIN,
    "2026-Q4/mobile/joyful-app.md": MOBILE_OBJECTIVE,
    "2026-Q4/mobile/checkins/2026-11-20.md": MOBILE_CHECKIN,
}


class Project:
    """A content tree in a temporary folder, changed file by file."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        for rel, text in BASE_FILES.items():
            self.write(rel, text)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> Path:
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def check(self, today: dt.date = TODAY):
        """Load and validate like `okrsite check`: (company, report)."""
        report = Report()
        return check(self.content, today, report), report


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


@pytest.fixture(scope="session")
def demo():
    """The demo company, loaded once for every test that reads it."""
    report = Report()
    return check(DEMO, TODAY, report), report


def build_site(out: Path, config: Path = ROOT / "mkdocs.yml", today: str = "2026-11-26", extra_env=None):
    """Run `okrsite build --strict` as a user would; the completed process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "okrsite", "build", "--strict", "--today", today, "-f", str(config), "-d", str(out)],
        cwd=config.parent, capture_output=True, text=True, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo company built once per test session, shared by every site test."""
    out = tmp_path_factory.mktemp("demo") / "site"
    # The build date pinned as a release would pin it (the golden outputs are compared against this build).
    result = build_site(out, extra_env={"SOURCE_DATE_EPOCH": str(calendar.timegm(TODAY.timetuple()))})
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def chart_cache(demo_site) -> Path:
    """The charts the demo build drew, in its cache (.cache/okrsite beside mkdocs.yml)."""
    cache = ROOT / ".cache" / "okrsite"
    assert cache.is_dir(), f"the demo build left no chart cache in {cache}"
    return cache


def restore_chart_cache(cache: Path, beside: Path) -> None:
    """Put the demo's drawn charts where a build of a copy of the demo looks for them, as the CI templates
    restore .cache/okrsite: a copy of the demo then draws only what it changed. (Drawing every chart from
    an empty cache is the chart tests' subject, not every copy's.)"""
    shutil.copytree(cache, beside / ".cache" / "okrsite", dirs_exist_ok=True)


def write_config(project: Project, site_url: str | None = None, **theme) -> Path:
    """An mkdocs.yml beside the project's content, as a user of okrsite writes it."""
    lines = [
        "site_name: Test OKRs",
        f"docs_dir: {project.content}",
        *([f"site_url: {site_url}"] if site_url else []),
        "theme:",
        "  name: material",
        f"  custom_dir: {ROOT / 'theme'}",
        "  font: false",
        *(f"  {key}: {value}" for key, value in theme.items()),
        "plugins: [search, okrsite]",
        "markdown_extensions: [attr_list, md_in_html, tables, toc]",
    ]
    config = project.root / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


SMALL_SITE_URL = "https://okrs.example.com/intranet/"

HAND_WRITTEN_PAGE = """\
---
title: Writing a good key result
---

# Writing a good key result

A key result says where a number starts and where it should end, so anyone can work out the progress.

| Part | Example |
| --- | --- |
| start | 42 |
| target | 70 |
"""


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Project:
    """The `project` company plus a team that never checked in, a confidential and a draft objective, a
    hand-written page and markup in a check-in, built once with a site URL (`.site`). Tests that read it
    work their expected figures out of this content, not out of the demo's."""
    from exports_content import add_teams_and_secrets

    project = Project(tmp_path_factory.mktemp("small"))
    add_teams_and_secrets(project)
    project.write("guide/key-results.md", HAND_WRITTEN_PAGE)
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "NPS up four points.", "Up <b>4</b> & more")
    project.site = project.root / "site"
    result = build_site(project.site, write_config(project, SMALL_SITE_URL))
    assert result.returncode == 0, result.stderr
    return project
