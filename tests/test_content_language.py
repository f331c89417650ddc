"""Writing a check-in in the company's language loses nothing (issue 14): Swedish headings and
`senast` are read as the English ones, and a heading okrsite does not read is a warning naming it."""

from __future__ import annotations

import json
import re

from conftest import ROOT, TODAY

from okrsite.build import build
from okrsite.i18n import Translator
from okrsite.blocks import restore_blocks

SWEDISH_CHECKIN = """\
---
checkin: 2026-11-24
author: bjorn
confidence: 0.7
values:
  app-nps: 55
---
## Vinster
- Betyget i appbutiken steg till 4,6.

## Hinder
- Granskningen i butikerna tar två veckor.

## Åtgärder
- @chen: skicka in versionen till butikerna, senast 2026-12-04
- @bjorn: boka användartester (klart senast 2026-12-10)
"""


def test_a_swedish_checkin_reaches_the_site_okrs_json_and_the_feed(project):
    project.write("2026-Q4/mobile/checkins/2026-11-24.md", SWEDISH_CHECKIN)
    company, report = project.check()
    assert report.errors == [] and not [w for w in report.warnings if w.code == "unknown-checkin-heading"]
    checkin = next(c for c in company.checkins if c.date.isoformat() == "2026-11-24")
    assert checkin.wins == ["Betyget i appbutiken steg till 4,6."]
    assert checkin.blockers == ["Granskningen i butikerna tar två veckor."]
    assert [(a.owner, a.text, a.due.isoformat()) for a in checkin.actions] == [
        ("chen", "skicka in versionen till butikerna", "2026-12-04"),
        ("bjorn", "boka användartester", "2026-12-10"),
    ]

    built = build(company, TODAY, ROOT / "theme" / "okrsite", Translator("sv"), charts=False)
    exported = json.dumps(json.loads(built.files["okrs.json"]), ensure_ascii=False)
    for text in ("Betyget i appbutiken steg till 4,6.", "Granskningen i butikerna tar två veckor.",
                 "skicka in versionen till butikerna", "2026-12-04"):
        assert text in exported, text
    feeds = "".join(content if isinstance(content, str) else content.decode() for path, content in built.files.items()
                    if path.endswith((".xml", ".atom")))
    assert "Betyget i appbutiken steg till 4,6." in feeds
    team = built.pages["teams/mobile/index.md"]
    words = re.sub(r"\s+", " ", restore_blocks(team.markdown, team.blocks))
    assert "skicka in versionen till butikerna" in words


def test_a_heading_okrsite_does_not_read_is_a_warning_naming_it_and_the_headings_it_reads(project):
    project.write("2026-Q4/mobile/checkins/2026-11-24.md", SWEDISH_CHECKIN.replace("## Hinder", "## Bekymmer"))
    _, report = project.check()
    [warning] = [w for w in report.warnings if w.code == "unknown-checkin-heading"]
    assert warning.location.path.endswith("2026-11-24.md") and warning.location.line == 11
    assert "'Bekymmer'" in warning.message
    assert warning.hint == "The headings a check-in's lists are read under: Wins, Blockers, Actions, Vinster, Hinder, Åtgärder."
    assert report.errors == []


def test_english_headings_are_read_in_any_company_and_deeper_headings_are_not_warned_about(project):
    project.write("2026-Q4/mobile/checkins/2026-11-24.md", SWEDISH_CHECKIN.replace("## Vinster", "## Wins:")
                  .replace("## Hinder", "### Details"))
    company, report = project.check()
    assert not [w for w in report.warnings if w.code == "unknown-checkin-heading"]
    checkin = next(c for c in company.checkins if c.date.isoformat() == "2026-11-24")
    assert checkin.wins == ["Betyget i appbutiken steg till 4,6."] and checkin.blockers == []
