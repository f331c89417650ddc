"""A key result that moves to another objective, or is renamed, keeps its history
(`moved_from`), and a wrong `moved_from` is reported where it is written."""

from __future__ import annotations

import pytest

from okrsite.rollup import rollup_cycle

from conftest import TODAY

OBJ = "2026-Q4/mobile/joyful-app.md"
PLATFORM = "2026-Q4/platform/retention.md"


def history(company, ref):
    kr = company.key_result(ref)
    rolled = rollup_cycle(company, kr.objective.cycle, TODAY).objectives[kr.objective.id]
    return [(p.date.isoformat(), p.value) for k in rolled.key_results if k.kr is kr for p in k.series]


def errors(report):
    return [(d.code, d.location.path.rpartition("content/")[2], d.location.line, d.location.col)
            for d in report.errors]


def test_a_renamed_key_result_keeps_its_check_ins(project):
    project.edit(OBJ, "  - id: app-nps\n", "  - id: nps\n    moved_from: \"#app-nps\"\n")
    company, report = project.check()
    assert not report.errors, report.sorted()
    assert history(company, "2026-Q4/mobile/joyful-app#nps") == [("2026-11-20", 52.0)]
    assert company.key_result("2026-Q4/mobile/joyful-app#nps").moved_from == "2026-Q4/mobile/joyful-app#app-nps"


def test_a_key_result_moved_to_another_team_keeps_its_check_ins(project):
    project.edit(OBJ, """  - id: uninstalls
    title: Cut weekly uninstalls by 15 %
    start: 1,200
    target: 1,020
    owner: chen
""", "")
    project.write(PLATFORM, """\
---
objective: Keep people using the app
owner: chen
key_results:
  - id: weekly-uninstalls
    title: Cut weekly uninstalls by 15 %
    start: 1,200
    target: 1,020
    moved_from: mobile/joyful-app#uninstalls
  - id: api-errors
    title: API errors per million requests from 40 to 10
    start: 40
    target: 10
---
""")
    company, report = project.check()
    assert not report.errors, report.sorted()
    assert history(company, "2026-Q4/platform/retention#weekly-uninstalls") == [("2026-11-20", 1150.0)]
    # The check-in stays the mobile team's; its value now belongs to platform's key result.
    checkin = next(c for c in company.checkins if c.team == "mobile")
    assert "2026-Q4/platform/retention#weekly-uninstalls" in [v.kr for v in checkin.values]


def test_an_old_ref_written_with_its_objective_counts_too(project):
    project.edit(OBJ, "  - id: app-nps\n", "  - id: nps\n    moved_from: \"#app-nps\"\n")
    project.write("2026-Q4/mobile/checkins/2026-11-25.md", "---\ncheckin: 2026-11-25\nvalues:\n  joyful-app#app-nps: 55\n---\n")
    company, report = project.check()
    assert not report.errors, report.sorted()
    assert history(company, "2026-Q4/mobile/joyful-app#nps") == [("2026-11-20", 52.0), ("2026-11-25", 55.0)]


@pytest.mark.parametrize("written, code", [
    ("joyful-app", "moved-from-bad"),
    ("mobile/joyful-app#Bad Id", "moved-from-bad"),
    ("2026-Q3/mobile/joyful-app#app-nps", "moved-from-other-cycle"),
    ("#uninstalls", "moved-from-exists"),
    ("mobile/gone#never-checked-in", "moved-from-unused"),
])
def test_a_wrong_moved_from_is_reported_where_it_is_written(project, written, code):
    project.edit(OBJ, "    milestones: [Research done, Prototype tested]\n",
                 f"    milestones: [Research done, Prototype tested]\n    moved_from: \"{written}\"\n")
    _, report = project.check()
    assert errors(report) == [(code, OBJ, 18, 17)], report.sorted()
    assert written.partition("#")[0] in str(report.errors[0]) or code == "moved-from-unused"


def test_two_key_results_cannot_claim_the_same_history(project):
    project.edit(OBJ, "  - id: app-nps\n", "  - id: nps\n    moved_from: \"#app-nps\"\n")
    project.write(PLATFORM, """\
---
objective: Keep people using the app
owner: chen
key_results:
  - id: nps-too
    title: App NPS, again
    start: 42
    target: 70
    moved_from: mobile/joyful-app#app-nps
  - id: api-errors
    title: API errors per million requests from 40 to 10
    start: 40
    target: 10
---
""")
    _, report = project.check()
    assert errors(report) == [("moved-from-twice", PLATFORM, 9, 17)], report.sorted()
    assert "2026-Q4/mobile/joyful-app#nps claims it too" in str(report.errors[0])
