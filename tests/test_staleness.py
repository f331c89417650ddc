"""Staleness without a commit: the same content built on a later day says what has
gone stale or fallen behind, and counts the days left down (what the scheduled CI build does)."""

from __future__ import annotations

import datetime as dt
import json

from okrsite.digest import build_digest
from okrsite.export import okrs
from okrsite.site import build_site as site_of

from conftest import build_site, write_config


def statuses(data: dict, cycle: str) -> dict[str, str]:
    found = next(c for c in data["cycles"] if c["id"] == cycle)
    return {k["ref"]: k["status"] for o in found["objectives"] for k in o["key_results"]}


def test_a_later_build_of_the_same_content_flags_stale_key_results(project):
    """Built on 26 Nov and again on 10 Dec, nothing changed in between."""
    config = write_config(project)
    before, after = project.root / "nov26", project.root / "dec10"
    files = {p.relative_to(project.content): p.read_bytes() for p in project.content.rglob("*") if p.is_file()}
    assert build_site(before, config, today="2026-11-26").returncode == 0
    assert build_site(after, config, today="2026-12-10").returncode == 0
    assert {p.relative_to(project.content): p.read_bytes() for p in project.content.rglob("*") if p.is_file()} == files

    first = json.loads((before / "okrs.json").read_text(encoding="utf-8"))
    second = json.loads((after / "okrs.json").read_text(encoding="utf-8"))
    # The last check-in is of 20 Nov: 6 days old on 26 Nov, 20 days (more than 14) on 10 Dec.
    assert set(statuses(first, "2026-Q4").values()) == {"off_track", "at_risk"}
    assert set(statuses(second, "2026-Q4").values()) == {"stale"}
    q4 = [next(c for c in data["cycles"] if c["id"] == "2026-Q4") for data in (first, second)]
    assert [c["days_left"] for c in q4] == [35, 21]
    # Expected pace: 56 and 70 of 91 days.
    assert [round(c["expected"], 3) for c in q4] == [round(56 / 91, 3), round(70 / 91, 3)]
    home = [(site / "index.html").read_text(encoding="utf-8") for site in (before, after)]
    assert "35 days left" in home[0] and "21 days left" in home[1]


def test_a_key_result_falls_off_track_as_the_days_pass(project):
    """Rolled up at two dates: on pace in October, behind in December, with no new check-in."""
    project.write("2026-Q4/mobile/checkins/2026-10-10.md", """\
---
checkin: 2026-10-10
author: bjorn
values:
  app-nps: 47
---
""")
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "app-nps: 52", "app-nps: 47")
    company, _ = project.check()
    early = okrs(site_of(company, dt.date(2026, 10, 12)))
    late = okrs(site_of(company, dt.date(2026, 11, 26)))
    ref = "2026-Q4/mobile/joyful-app#app-nps"
    # (47-42)/28 = 18 % against 12 % expected on 12 Oct (11 of 91 days): on track;
    # the same 18 % against 62 % expected on 26 Nov: off track.
    assert statuses(early, "2026-Q4")[ref] == "on_track"
    assert statuses(late, "2026-Q4")[ref] == "off_track"


def test_the_digest_names_teams_gone_quiet(project):
    company, _ = project.check()
    on_time = site_of(company, dt.date(2026, 11, 26))
    later = site_of(company, dt.date(2026, 12, 10))
    assert build_digest(on_time, dt.date(2026, 11, 19)).quiet == []
    quiet = build_digest(later, dt.date(2026, 12, 3)).quiet
    # Company (2 KRs) and mobile (3 KRs): last check-in 20 Nov, 20 days before 10 Dec.
    assert [(q.team, q.last, q.stale) for q in quiet] == [
        ("company", dt.date(2026, 11, 20), 2), ("mobile", dt.date(2026, 11, 20), 3)]
