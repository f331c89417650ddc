"""Files in, model out: what the loader makes of a valid content tree."""

import datetime as dt
import subprocess
import sys

from okrsite.model import Kind, Visibility


def test_objective_takes_id_cycle_and_team_from_its_path(project):
    company, report = project.check()
    assert not report.errors
    objective = company.objectives["2026-Q4/mobile/joyful-app"]
    assert (objective.cycle, objective.team, objective.owner) == ("2026-Q4", "mobile", "bjorn")
    assert objective.slug == "joyful-app"
    # A short reference is stored in full, so later steps never guess.
    assert objective.aligns_to == ["2026-Q4/company/delight"]


def test_key_results_get_their_kinds(project):
    company, _ = project.check()
    krs = {kr.id: kr for kr in company.objectives["2026-Q4/mobile/joyful-app"].key_results}
    assert (krs["app-nps"].kind, krs["app-nps"].start, krs["app-nps"].target) == (Kind.INCREASE, 42, 70)
    assert (krs["uninstalls"].kind, krs["uninstalls"].start, krs["uninstalls"].target) == (Kind.DECREASE, 1200, 1020)
    assert krs["redesign"].kind is Kind.MILESTONES
    assert [m.id for m in krs["redesign"].milestones] == ["research-done", "prototype-tested"]
    churn = company.objectives["2026-Q4/company/delight"].key_results[1]
    assert (churn.kind, churn.unit, churn.start, churn.target) == (Kind.DECREASE, "%", 5, 3)
    assert krs["app-nps"].ref == "2026-Q4/mobile/joyful-app#app-nps"


def test_every_kind_loads(project):
    project.write(
        "2026-Q4/platform/fast.md",
        """---
objective: A fast, boring platform
owner: chen
key_results:
  - {id: uptime, title: Uptime, maintain: ">= 99.9 %"}
  - {id: p95, title: p95 latency, maintain: "at most 300 ms", start: 340 ms}
  - {id: soc2, title: SOC 2 report published, kind: boolean}
  - {id: arr, title: Platform ARR, start: 2.0M EUR, target: 2.6M EUR}
  - {id: coverage, title: Test coverage, kind: percentage, start: 61, target: 80}
---
""",
    )
    company, report = project.check()
    assert not report.errors, [str(d) for d in report.errors]
    krs = {kr.id: kr for kr in company.objectives["2026-Q4/platform/fast"].key_results}
    assert (krs["uptime"].kind, krs["uptime"].target, krs["uptime"].unit, krs["uptime"].maintain_above) == (
        Kind.MAINTAIN, 99.9, "%", True)
    assert (krs["p95"].target, krs["p95"].start, krs["p95"].unit, krs["p95"].maintain_above) == (300, 340, "ms", False)
    assert krs["soc2"].kind is Kind.BOOLEAN
    assert (krs["arr"].currency, krs["arr"].start, krs["arr"].target) == ("EUR", 2_000_000, 2_600_000)
    assert (krs["coverage"].unit, krs["coverage"].kind) == ("%", Kind.INCREASE)


def test_checkin_values_and_body(project):
    company, _ = project.check()
    checkin = next(c for c in company.checkins if c.team == "mobile")
    assert (checkin.date, checkin.author, checkin.confidence) == (dt.date(2026, 11, 20), "bjorn", 0.8)
    values = {v.kr.partition("#")[2]: v for v in checkin.values}
    assert values["app-nps"].value == 52
    assert values["uninstalls"].value == 1150
    assert (values["redesign"].value, values["redesign"].done_milestones) == (1, ("research-done",))
    assert checkin.wins == ["NPS up four points."]
    [action] = checkin.actions
    assert (action.owner, action.due, action.text) == ("chen", dt.date(2026, 11, 27), "ship the permission prompt")


def test_utf8_titles_names_emoji_and_rtl_round_trip(project):
    title = "Gör appen ljuvlig 📱 — جعل التطبيق رائعا"
    project.edit("2026-Q4/mobile/joyful-app.md", "Make the mobile app a joy to use", title)
    company, report = project.check()
    assert not report.errors
    assert company.objectives["2026-Q4/mobile/joyful-app"].title == title
    assert company.organisation.people["layla"].name == "ليلى حداد"
    assert company.organisation.people["bjorn"].name == "Björn Ek"


def test_bom_and_windows_line_endings_are_forgiven(project):
    text = (project.content / "2026-Q4/mobile/joyful-app.md").read_text(encoding="utf-8")
    project.write("2026-Q4/mobile/joyful-app.md", ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    company, report = project.check()
    assert not report.errors
    assert len(company.objectives["2026-Q4/mobile/joyful-app"].key_results) == 3


def test_visibility_is_recorded(project):
    project.edit("2026-Q4/mobile/joyful-app.md", "owner: bjorn", "owner: bjorn\nvisibility: confidential")
    company, _ = project.check()
    objective = company.objectives["2026-Q4/mobile/joyful-app"]
    assert objective.visibility is Visibility.CONFIDENTIAL and not objective.visible


def test_plain_pages_and_assets_are_left_alone(project):
    project.write("guide/how-we-do-okrs.md", "---\ntitle: How we do OKRs\n---\n# How we do OKRs\n")
    project.write("guide/no-front-matter.md", "# Just Markdown\n")
    project.write("guide/diagram.png", b"\x89PNG\r\n\x1a\n")
    company, report = project.check()
    assert not report.diagnostics
    assert [p.path for p in company.pages] == ["guide/how-we-do-okrs.md", "guide/no-front-matter.md"]


def test_free_layout_states_team_and_cycle(project):
    project.write(
        "objectives/platform-reliability.md",
        "---\nobjective: Reliable platform\nteam: platform\ncycle: 2026-Q4\nowner: chen\nkey_results:\n"
        "  - {id: a, title: A, start: 0, target: 1}\n  - {id: b, title: B, start: 0, target: 1}\n---\n",
    )
    company, report = project.check()
    assert not report.errors
    objective = company.objectives["objectives/platform-reliability"]
    assert (objective.team, objective.cycle) == ("platform", "2026-Q4")


def test_the_core_imports_nothing_of_mkdocs():
    code = (
        "import sys, okrsite.cli, okrsite.load, okrsite.rollup, okrsite.validate, okrsite.summary;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_worker_processes_read_the_company_one_process_reads(project, monkeypatch):
    """A tree of PARALLEL_FROM files or more is parsed in worker processes: the same company, the
    same messages in the same order."""
    import okrsite.load

    project.write("2026-Q4/mobile/checkins/2026-11-13.md", "---\ncheckin: 2026-11-13\nvalues:\n  app-nps: 4,5\n---\n")
    project.write("2026-Q4/mobile/broken.md", "---\nobjective: [unclosed\n---\n")
    project.write("2026-Q4/mobile/notes.md", "# Notes\n")
    one_company, one_report = project.check()
    monkeypatch.setattr(okrsite.load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(okrsite.load, "MAX_WORKERS", 2)
    monkeypatch.setattr(okrsite.load.os, "cpu_count", lambda: 2)  # also on a one-core machine
    company, report = project.check()
    assert [str(d) for d in report.sorted()] == [str(d) for d in one_report.sorted()]
    assert len(report.errors) == 2
    assert sorted(company.objectives) == sorted(one_company.objectives)
    assert [(c.id, [(v.kr, v.value) for v in c.values]) for c in company.checkins] == [
        (c.id, [(v.kr, v.value) for v in c.values]) for c in one_company.checkins]


def test_nothing_keeps_a_loader_alive_once_its_file_is_read():
    """Loading runs with the cycle collector paused: a loader kept by a reference cycle (and libyaml's
    buffers with it) would stay until the end, 60 MB on the 60-team company."""
    import gc
    import weakref

    from okrsite.load.source import _Loader

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader("checkin: 2026-11-20\nvalues:\n  nps: {value: 4.5, note: [a, b]}\n")
        data = loader.construct_plain(loader.get_single_node())
        loader.dispose()
        freed = weakref.ref(loader)
        del loader
        assert data == {"checkin": dt.date(2026, 11, 20), "values": {"nps": {"value": 4.5, "note": ["a", "b"]}}}
        assert freed() is None
    finally:
        if was_enabled:
            gc.enable()
