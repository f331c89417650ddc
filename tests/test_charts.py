"""Charts: the numbers and words of each chart, confidential objectives kept out,
byte-identical output, and a cache that redraws exactly what changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrsite.charts import Charts, specs
from okrsite.charts.cache import ChartCache, start
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.site import build_site
from okrsite.validate import check

from conftest import DEMO, ROOT, TODAY
from conftest import build_site as build_with_okrsite

EN = Translator("en")


def _site(content: Path, today: dt.date = TODAY):
    company = check(content, today, Report())
    assert company is not None
    return build_site(company, today)


def _charts(site) -> Charts:
    """The charts the pages show, as a build decides them."""
    return Charts(site, EN)


def _kr(site, ref):
    objective_id, _, kr_id = ref.partition("#")
    view, rolled = site.objectives[objective_id]
    return view, next(k for k in rolled.key_results if k.kr.id == kr_id)


def _line(chart, style):
    return [line for line in chart.drawing.lines if line.style == style]


# --- what each chart shows ------------------------------------------------------


def test_key_result_history_values_pace_target_forecast(project):
    site = _site(project.content)
    view, k = _kr(site, "2026-Q4/mobile/joyful-app#app-nps")
    chart = specs.key_result_chart(view, k, EN)
    span = (dt.date(2026, 12, 31) - dt.date(2026, 10, 1)).days
    values = _line(chart, "solid")[0]
    assert values.points == ((50.0, 52.0),)  # 20 Nov is day 50 of the cycle
    assert values.colour == k.status.value == "off_track"  # 36% against 62% expected
    assert _line(chart, "dotted")[0].points == ((0.0, 42.0), (span, 70.0))  # the expected pace, start to target
    assert _line(chart, "dashdot")[0].points == ((0.0, 70.0), (span, 70.0))  # the target
    forecast = _line(chart, "dashed")[0]
    assert forecast.points[0] == (50.0, 52.0) and forecast.points[1][0] == span
    assert forecast.points[1][1] == pytest.approx(42 + 10 / 50 * span) == pytest.approx(k.forecast)
    assert chart.drawing.today == 56.0
    assert {text for _, text in chart.drawing.y.ticks} == {"42", "70"}
    assert chart.name == "charts/objectives/2026-Q4/mobile/joyful-app/app-nps"
    assert chart.alt == (
        "Raise app NPS from 42 to 70: from 42 to a target of 70. 1 check-in, on 20 Nov 2026: "
        "52 (36% of the way). Expected by now: 62%. Forecast: 60 by 31 Dec 2026. Status: off track."
    )
    assert chart.table.rows[0][:4] == ("20 Nov 2026", "52", "36%", "57.38")  # pace: 42 + 28 x 50/91
    assert chart.table.rows[-1][0] == "Forecast, 31 Dec 2026"


def test_values_below_the_start_are_drawn_as_they_are(project):
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "app-nps: 52", "app-nps: 30")
    site = _site(project.content)
    view, k = _kr(site, "2026-Q4/mobile/joyful-app#app-nps")
    chart = specs.key_result_chart(view, k, EN)
    assert _line(chart, "solid")[0].points == ((50.0, 30.0),)
    assert chart.drawing.y.low < 30 < 70 < chart.drawing.y.high
    assert "30 (0% of the way)" in chart.alt


def test_milestones_are_drawn_as_progress_with_the_crossing_marked(project):
    site = _site(project.content)
    view, k = _kr(site, "2026-Q4/mobile/joyful-app#redesign")
    chart = specs.key_result_chart(view, k, EN)
    assert _line(chart, "solid")[0].points == ((50.0, 0.5),)
    assert chart.drawing.marks == (specs.Mark(50.0, 0.5, "50%"),)
    assert "Reached 50% on 20 Nov 2026." in chart.alt
    assert ("crossed", "milestone crossed (50%, 100%)") in chart.legend


def test_team_burnup_follows_each_objective_against_the_pace(project):
    site = _site(project.content)
    view = site.current
    chart = specs.team_chart(view, "mobile", site, EN)
    rolled = view.rollup.visible_objectives("mobile")[0]
    pace, line = chart.drawing.lines
    assert pace.points == ((0.0, 0.0), (91.0, 1.0)) and pace.style == "dotted"
    assert line.points[0] == (0.0, 0.0) and line.points[-1] == (50.0, pytest.approx(rolled.progress))
    assert line.label == "1" and line.colour == rolled.status.value
    assert chart.table.rows == (("1", "Make the mobile app a joy to use", EN.percent(rolled.progress),
                                 EN.label("status." + rolled.status.value)),)
    assert "Mobile: progress over the cycle" in chart.alt and "Make the mobile app a joy to use" in chart.alt


def test_company_charts_count_statuses_and_compare_teams(demo):
    company, _ = demo
    site = build_site(company, TODAY)
    view = site.current
    charts = Charts(site, EN).company(view)
    assert [c.name.rsplit("/", 1)[1] for c in charts] == ["company", "statuses", "teams"]
    statuses = charts[1]
    visible_krs = [k for o in view.rollup.visible_objectives() for k in o.key_results]
    assert sum(bar.value for bar in statuses.drawing.bars) == len(visible_krs)
    on_track = sum(1 for k in visible_krs if k.status.value == "on_track")
    assert statuses.drawing.bars[0] == specs.Bar("on track", float(on_track), "on_track", str(on_track))
    teams = charts[2]
    mobile = next(b for b in teams.drawing.bars if b.label == "Mobile")
    assert mobile.value == view.rollup.teams["mobile"].progress
    assert teams.drawing.reference == view.rollup.expected
    assert f"Mobile {EN.percent(mobile.value)}" in teams.alt


def test_cycle_end_charts_grade_distribution_and_team_grades(demo):
    company, _ = demo
    site = build_site(company, TODAY)
    q3 = next(v for v in site.cycles if v.cycle.id == "2026-Q3")
    charts = Charts(site, EN)
    assert charts.cycle_end(site.current) == []  # only once a cycle has ended
    grades, team_grades = charts.cycle_end(q3)
    graded = [o.grade for o in q3.rollup.visible_objectives()]
    assert sum(bar.value for bar in grades.drawing.bars) == len(graded)
    for tenth, bar in enumerate(grades.drawing.bars):
        assert bar.value == sum(1 for g in graded if round(g * 10) == tenth)
    assert f"Grades of {len(graded)} objectives in 2026-Q3" in grades.alt
    assert team_grades.drawing.reference == 0.7
    for bar in team_grades.drawing.bars:
        team = next(t for t in q3.rollup.teams if site.company.organisation.teams.get(t) and
                    site.company.organisation.teams[t].name == bar.label)
        assert bar.value == q3.rollup.teams[team].grade
        assert bar.colour == specs.BAND_COLOUR[q3.rollup.teams[team].band]


CONFIDENTIAL = """\
---
objective: Acquire Fjordbit secretly
visibility: confidential
key_results:
  - id: signed
    title: Term sheet signed with Fjordbit
    start: 0
    target: 1
---
"""


def test_confidential_objectives_are_never_drawn_nor_named(project):
    project.write("2026-Q4/mobile/fjordbit.md", CONFIDENTIAL)
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "app-nps: 52", "app-nps: 52\n  fjordbit#signed: 1")
    site = _site(project.content)
    charts = _charts(site).used()
    assert charts
    words = " ".join(
        " ".join([c.name, c.title, c.alt, *c.table.headers, *(cell for row in c.table.rows for cell in row),
                  *(bar.label for bar in c.drawing.bars), *(line.label for line in c.drawing.lines)])
        for c in charts
    ).lower()
    assert "fjordbit" not in words and "term sheet" not in words
    burnup = next(c for c in charts if c.name.endswith("/teams/mobile"))
    assert len(burnup.drawing.lines) == 2  # the pace and the one public objective


def test_alt_texts_and_tables_are_swedish_in_swedish(project):
    site = build_site(check(project.content, TODAY, Report()), TODAY)
    view, k = _kr(site, "2026-Q4/mobile/joyful-app#app-nps")
    chart = specs.key_result_chart(view, k, Translator("sv"))
    assert chart.alt.startswith("Raise app NPS from 42 to 70: från 42 till målvärdet 70.")
    assert "20 nov. 2026" in chart.alt or "20 nov 2026" in chart.alt
    assert chart.table.headers[0] == "Datum"


def test_the_charts_decided_from_the_data_are_the_charts_the_pages_show(project):
    """Charts are decided before rendering; a page that shows one more, or one fewer, is caught here."""
    import posixpath
    import re

    from okrsite.build import build
    from okrsite.blocks import restore_blocks
    from okrsite.routes import Urls

    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]", "cycles: [2026-Q3, 2026-Q4, 2026, 2027-Q1]")
    later = dt.date(2027, 1, 15)  # 2026-Q4 has ended (its grades charts), 2027-Q1 runs
    company, report = project.check(later)
    assert not report.errors, report.sorted()
    for urls in (Urls(), Urls(directory_urls=False)):
        built = build(company, later, ROOT / "theme" / "okrsite", EN, urls=urls)
        shown = set()
        for src, page in built.pages.items():
            folder = posixpath.dirname(urls.page(src))
            for link in re.findall(r'src="([^"]+\.svg)"', restore_blocks(page.markdown, page.blocks)):
                shown.add(posixpath.normpath(posixpath.join(folder, link)))
        decided = {path for chart in built.charts for path in (chart.light, chart.dark)}
        assert decided and shown == decided
        assert {c.name for c in built.charts} >= {f"charts/cycles/2026-Q4/{n}" for n in ("grades", "team-grades")}


def test_the_charts_are_handed_over_to_be_drawn_before_any_page_is_rendered(project, monkeypatch):
    """A cold build draws them on the second core while okrsite renders its pages, not after."""
    import okrsite.build as building

    events: list = []
    render_pages = building.render_pages
    monkeypatch.setattr(building, "render_pages", lambda *a, **k: events.append("render") or render_pages(*a, **k))
    company, report = project.check(TODAY)
    assert not report.errors, report.sorted()
    built = building.build(company, TODAY, ROOT / "theme" / "okrsite", EN, draw=events.append)
    assert built.charts and events == [built.charts, "render"]
    events.clear()
    building.build(company, TODAY, ROOT / "theme" / "okrsite", EN, charts=False, draw=events.append)
    assert events == [(), "render"]  # charts off: nothing to draw, and no worker started for it


def test_the_exports_are_made_before_the_chart_workers_start(project, monkeypatch):
    """Making okrs.json holds the whole roll-up as plain data for a moment (200 MB on 120 teams): that
    moment comes before the chart workers (90 MB each) start, and the exports are then held as UTF-8."""
    import okrsite.build as building

    events: list = []
    site_files = building.export.site_files
    monkeypatch.setattr(building.export, "site_files", lambda *a, **k: events.append("exports") or site_files(*a, **k))
    company, report = project.check(TODAY)
    assert not report.errors, report.sorted()
    built = building.build(company, TODAY, ROOT / "theme" / "okrsite", EN, draw=lambda charts: events.append("draw"))
    assert events == ["exports", "draw"]
    assert built.files and all(isinstance(content, bytes) for content in built.files.values())
    assert json.loads(built.files["okrs.json"])["schema_version"]


def test_charts_being_drawn_hold_only_where_their_files_go(tmp_path):
    """The charts' words and tables (45 MB on 120 teams) are not kept to the end of the build."""
    sample = _sample_charts()
    pending = start(sample, ChartCache(tmp_path / "cache"))
    assert [(c.light, c.dark) for c in pending.charts] == [(c.light, c.dark) for c in sample]
    assert not any(isinstance(c, specs.Chart) for c in pending.charts)
    assert pending.result().drawn == 3


def test_the_chart_workers_leave_once_the_last_chart_is_drawn(tmp_path):
    """Not when the build asks for the charts at its end: a worker holds about 90 MB."""
    import concurrent.futures
    import multiprocessing
    import time

    from okrsite.charts.cache import PARALLEL_FROM

    drawings = {c.drawing: c for c in _charts(_site(DEMO)).used()}
    sample = list(drawings.values())[:PARALLEL_FROM]
    assert len(sample) == PARALLEL_FROM
    pending = start(sample, ChartCache(tmp_path / "cache"), workers=2)
    assert pending.pool is not None
    concurrent.futures.wait([future for _, future in pending.futures])
    deadline = time.monotonic() + 60  # a bound for a busy machine, not a measure
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()
    rendered = pending.result().write(tmp_path / "site")
    assert rendered.drawn == PARALLEL_FROM and len(_chart_files(tmp_path / "site")) == 2 * PARALLEL_FROM


def _many_charts():
    from okrsite.charts.cache import PARALLEL_FROM

    drawings = {c.drawing: c for c in _charts(_site(DEMO)).used()}
    return list(drawings.values())[:PARALLEL_FROM]


def test_the_workers_write_what_they_draw_into_the_cache_and_the_build_holds_no_chart(tmp_path):
    """The build keeps no chart's bytes the cache has (40 MB on 120 teams): the site's files are links to
    the entries the workers wrote, the same bytes as drawn in this process without a cache."""
    sample = _many_charts()
    pending = start(sample, ChartCache(tmp_path / "cache"), workers=2)
    assert pending.pool is not None
    rendered = pending.result()
    assert rendered.drawn == len(sample) and rendered.held == {}
    assert len(_cache_entries(tmp_path / "cache")) == len(sample)
    rendered.write(tmp_path / "site")
    entries = {_inode(entry) for entry in (tmp_path / "cache").rglob("*.svg")}
    site = _chart_files(tmp_path / "site")
    assert len(site) == 2 * len(sample) and all(_inode(tmp_path / "site" / name) in entries for name in site)
    alone = start(sample, ChartCache(None), workers=1)  # no cache: the worker sends its charts back
    assert alone.result().files == site

    again = start(sample, ChartCache(tmp_path / "cache"))  # warm: nothing read until it is written
    assert again.cached == len(sample) and again.pool is None
    warm = again.result()
    assert warm.held == {} and warm.files == site


def test_workers_with_a_cache_they_cannot_write_send_their_charts_back(tmp_path):
    sample = _many_charts()
    (tmp_path / "not-a-folder").write_text("a file where the cache should be", encoding="utf-8")
    pending = start(sample, ChartCache(tmp_path / "not-a-folder"), workers=2)
    assert pending.pool is not None
    rendered = pending.result()
    assert len(rendered.held) == len(sample)
    rendered.write(tmp_path / "site")
    start(sample, ChartCache(tmp_path / "cache"), workers=2).result().write(tmp_path / "other")
    assert _chart_files(tmp_path / "site") == _chart_files(tmp_path / "other")


def test_a_cache_cleared_while_the_build_runs_is_said_not_missed(tmp_path):
    from okrsite.charts.cache import ChartMissing

    sample = _sample_charts()
    start(sample, ChartCache(tmp_path / "cache")).result().write(tmp_path / "a")
    pending = start(sample, ChartCache(tmp_path / "cache"))  # every chart kept, none read yet
    shutil.rmtree(tmp_path / "cache")
    with pytest.raises(ChartMissing, match="cleared while the build ran"):
        pending.result().write(tmp_path / "b")


def test_the_core_and_okrsite_check_do_not_import_matplotlib():
    code = ("import sys, okrsite.charts, okrsite.charts.cache, okrsite.charts.palette, okrsite.adapter.plugin, okrsite.cli; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- drawing, determinism and the cache -------------------------------------------


def _config(tmp: Path, content: Path, cache: Path, name: str = "mkdocs.yml") -> Path:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = str(content)
    cfg["theme"]["custom_dir"] = str(ROOT / "theme")
    cfg["plugins"] = ["search", {"okrsite": {"cache_dir": str(cache)}}]
    path = tmp / name
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _chart_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "charts").rglob("*.svg"))}


def _cache_entries(cache: Path) -> set[str]:
    """The drawings kept: each a light and a dark entry."""
    light = {p.name.removesuffix(".svg") for p in cache.rglob("*.svg") if not p.name.endswith(".dark.svg")}
    assert {p.name.removesuffix(".dark.svg") for p in cache.rglob("*.dark.svg")} == light
    return light


def _build(config: Path, out: Path):
    result = build_with_okrsite(out, config)
    assert result.returncode == 0, result.stderr
    return _chart_files(out)


def test_every_chart_is_a_light_and_a_dark_svg(tmp_path):
    from okrsite.charts.palette import DARK, LIGHT

    site = _site(DEMO)
    charts = _charts(site).used()
    sample = [c for c in charts if c.drawing.kind == "lines"][:2] + [c for c in charts if c.drawing.kind != "lines"]
    rendered = start(sample, ChartCache(None)).result()
    assert rendered.drawn == len({c.drawing.key("x") for c in sample}) and rendered.cached == 0
    for chart in sample:
        light, dark = rendered.files[chart.light].decode(), rendered.files[chart.dark].decode()
        assert light.startswith("<?xml") and "<svg" in light
        assert "<dc:date>" not in light and "Matplotlib v" not in light  # nothing that changes between builds
        assert LIGHT["ink"] in light and DARK["ink"] not in light
        assert DARK["ink"] in dark and LIGHT["ink"] not in dark
        for label in (bar.label for bar in chart.drawing.bars):  # text stays text
            assert f">{label.replace('&', '&amp;')}</text>" in light


@pytest.fixture(scope="module")
def two_demo_builds(tmp_path_factory):
    """The demo built twice, into two folders, each with an empty cache of its own."""
    tmp = tmp_path_factory.mktemp("charts-demo")
    builds = []
    for name in ("a", "b"):
        config = _config(tmp, DEMO.resolve(), tmp / f"cache-{name}", f"mkdocs-{name}.yml")
        builds.append(_build(config, tmp / f"site-{name}"))
    return builds


def test_two_builds_give_byte_identical_charts(two_demo_builds):
    a, b = two_demo_builds
    assert len(a) > 100  # every key result, team and dashboard: light and dark
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:5]


def test_the_demo_shows_every_kind_of_chart(two_demo_builds):
    names = set(two_demo_builds[0])
    for name in ("charts/cycles/2026-Q4/company.svg", "charts/cycles/2026-Q4/statuses.svg",
                 "charts/cycles/2026-Q4/teams.svg", "charts/cycles/2026-Q4/teams/mobile.svg",
                 "charts/cycles/2026-Q3/grades.svg", "charts/cycles/2026-Q3/team-grades.dark.svg",
                 "charts/objectives/2026-Q4/mobile/joyful-app/nps.svg"):
        assert name in names
    assert not [n for n in names if "project-fjord" in n or "dach-2027" in n]  # confidential, draft


def test_a_changed_checkin_redraws_exactly_the_charts_it_touches(project, tmp_path):
    cache = tmp_path / "cache"
    config = _config(tmp_path, project.content, cache)
    before_charts = {c.name: c.drawing for c in _charts(_site(project.content)).used()}
    before = _build(config, tmp_path / "site")
    entries = _cache_entries(cache)
    assert len(entries) == len({d.key() for d in before_charts.values()})

    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "uninstalls: 1,150", "uninstalls: 1,100")
    after_charts = {c.name: c.drawing for c in _charts(_site(project.content)).used()}
    after = _build(config, tmp_path / "site")
    changed_specs = {name for name in after_charts if after_charts[name] != before_charts.get(name)}
    # The key result, its team's burn-up, and the company's comparison of teams; nothing else.
    assert "charts/objectives/2026-Q4/mobile/joyful-app/uninstalls" in changed_specs
    assert "charts/cycles/2026-Q4/teams/mobile" in changed_specs
    assert "charts/objectives/2026-Q4/mobile/joyful-app/app-nps" not in changed_specs
    assert "charts/cycles/2026-Q4/company" not in changed_specs
    changed_files = {name for name in after if after[name] != before.get(name)}
    assert changed_files == {f"{n}.svg" for n in changed_specs} | {f"{n}.dark.svg" for n in changed_specs}
    new_entries = _cache_entries(cache) - entries  # drawn this time: one per changed drawing
    assert len(new_entries) == len({after_charts[n].key() for n in changed_specs})

    shutil.rmtree(cache)  # clearing the cache is always safe: the same files again
    assert _build(config, tmp_path / "site") == after


def _sample_charts(count: int = 3):
    """A few of the demo's line charts, each of a drawing of its own."""
    drawings = {c.drawing: c for c in _charts(_site(DEMO)).used() if c.drawing.kind == "lines"}
    return list(drawings.values())[:count]


def _inode(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def test_charts_from_the_cache_are_links_to_it_and_a_changed_one_never_changes_the_cache(tmp_path):
    """A site's chart files are hard links to the cache's entries (writing thousands of new files cost
    seconds of CPU); a chart replaced while serving is a new file, and its old entry stays as it was."""
    sample = _sample_charts()
    first = start(sample, ChartCache(tmp_path / "cache")).result().write(tmp_path / "a")
    assert first.drawn == 3 and first.cached == 0
    entries = {p.name: p for p in (tmp_path / "cache").rglob("*.svg")}
    assert len(entries) == 6  # light and dark, each a link of a file written into the first site
    again = start(sample, ChartCache(tmp_path / "cache")).result()
    assert again.drawn == 0 and again.cached == 3
    again.write(tmp_path / "b")
    for chart in sample:
        for path in (chart.light, chart.dark):
            assert (tmp_path / "b" / path).read_bytes() == (tmp_path / "a" / path).read_bytes()
            assert _inode(tmp_path / "b" / path) == _inode(tmp_path / "a" / path)
            assert _inode(tmp_path / "b" / path) in {_inode(entry) for entry in entries.values()}
    kept = {name: entry.read_bytes() for name, entry in entries.items()}

    # `okrsite serve`: the first chart now shows what the second does, in the same files
    moved = dataclasses.replace(sample[1], name=sample[0].name)
    start([moved], ChartCache(tmp_path / "cache")).result().write(tmp_path / "b")
    assert (tmp_path / "b" / sample[0].light).read_bytes() == (tmp_path / "a" / sample[1].light).read_bytes()
    assert {name: entry.read_bytes() for name, entry in entries.items()} == kept
    assert (tmp_path / "a" / sample[0].light).read_bytes() != (tmp_path / "a" / sample[1].light).read_bytes()


def test_a_cache_of_light_entries_only_and_private_gives_the_same_site(tmp_path):
    """A cache an older okrsite filled: light entries only, readable by their owner only (mkstemp's)."""
    sample = _sample_charts(2)
    start(sample, ChartCache(tmp_path / "fresh")).result().write(tmp_path / "a")
    shutil.copytree(tmp_path / "fresh", tmp_path / "old")
    for entry in (tmp_path / "old").rglob("*.dark.svg"):
        entry.unlink()
    for entry in (tmp_path / "old").rglob("*.svg"):
        entry.chmod(0o600)
    rendered = start(sample, ChartCache(tmp_path / "old")).result().write(tmp_path / "b")
    assert rendered.drawn == 0 and rendered.cached == 2
    assert _chart_files(tmp_path / "b") == _chart_files(tmp_path / "a")
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "b").rglob("*.svg")}
    assert modes == {p.stat().st_mode & 0o777 for p in (tmp_path / "a").rglob("*.svg")} and len(modes) == 1
    assert _cache_entries(tmp_path / "old") == _cache_entries(tmp_path / "fresh")  # the dark entries now too


def test_without_hard_links_the_charts_are_copies(tmp_path, monkeypatch):
    """A cache on another file system (or one without links) costs time, not charts."""
    sample = _sample_charts(2)
    start(sample, ChartCache(tmp_path / "cache")).result().write(tmp_path / "a")

    def no_links(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("okrsite.charts.cache.os.link", no_links)
    start(sample, ChartCache(tmp_path / "cache")).result().write(tmp_path / "b")
    cold = start(sample, ChartCache(tmp_path / "other")).result().write(tmp_path / "c")
    assert cold.drawn == 2
    assert _chart_files(tmp_path / "b") == _chart_files(tmp_path / "c") == _chart_files(tmp_path / "a")
    assert _cache_entries(tmp_path / "other") == _cache_entries(tmp_path / "cache")
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "c").rglob("*.svg"))


def test_a_warm_build_does_no_drawing_work(tmp_path):
    """Every chart from the cache: matplotlib is never imported, no worker started."""
    sample = _sample_charts()
    start(sample, ChartCache(tmp_path / "cache")).result().write(tmp_path / "a")
    code = (
        "import sys; from pathlib import Path; from okrsite.charts.cache import ChartCache, start\n"
        "from test_charts import _sample_charts\n"
        f"pending = start(_sample_charts(), ChartCache(Path({str(tmp_path / 'cache')!r})))\n"
        f"rendered = pending.result().write(Path({str(tmp_path / 'b')!r}))\n"
        "assert pending.pool is None and rendered.drawn == 0 and rendered.cached == 3\n"
        "assert 'matplotlib' not in sys.modules and 'okrsite.charts.draw' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)
    assert _chart_files(tmp_path / "b") == _chart_files(tmp_path / "a")


def test_a_chart_is_the_same_whatever_was_drawn_before_it():
    """Figures are reused: nothing of one drawing may leak into the next (a colour cycle, a limit)."""
    from okrsite.charts.draw import Painter

    charts = _charts(_site(DEMO)).used()
    sample = [c.drawing for c in charts if c.drawing.kind == "lines"][:12] + \
        [c.drawing for c in charts if c.drawing.kind != "lines"]
    alone = [Painter().svg(d) for d in sample]
    painter = Painter()
    assert [painter.svg(d) for d in reversed(sample)] == list(reversed(alone))


def test_the_drawing_shortcuts_draw_what_matplotlib_draws_without_them(monkeypatch):
    """Line heights remembered per font and no clip path for what is drawn unclipped: the same bytes."""
    from okrsite.charts import draw

    charts = _charts(_site(DEMO)).used()
    sample = [c.drawing for c in charts if c.drawing.kind == "lines"][:12] + \
        [c.drawing for c in charts if c.drawing.kind != "lines"]
    with_shortcuts = draw.draw_many(sample)
    monkeypatch.delattr(draw._Renderer, "_get_font_height_metrics")
    monkeypatch.delattr(draw._Unclipped, "set_clip_path")
    assert draw.draw_many(sample) == with_shortcuts
    assert any(b"clip-path" in svg for svg in with_shortcuts)  # what is clipped still is


def test_no_alt_text_has_a_dash_standing_in_for_a_missing_value():
    """A screen reader reads "from – to a target of 4 of 4" as nonsense: a sentence without the value instead."""
    charts = _charts(_site(DEMO)).used()
    lone_dash = re.compile(r"(?:^|\s)[–-](?:\s|[.,;:]|$)")
    found = [(c.name, c.alt) for c in charts if lone_dash.search(c.alt)]
    assert not found, found[:3]
    steps = [c for c in charts if c.name.endswith("mobile/joyful-app/onboarding")]  # milestones: no start
    assert steps and all(": a target of " in c.alt for c in steps)


@pytest.mark.parametrize("start, target, values, forecast, shown", [
    (1200, 1020, [1150, 1100], 992.52, "993"),  # a count: a whole number
    (42, 70, [52], 53.27, "53"),
    (99.5, 99.9, [99.62], 99.7371, "99.74"),  # as precise as the most precise input, no more
    (2.0e6, 2.6e6, [2.3e6], 2583870.97, "2.6M"),
])
def test_a_forecast_is_printed_to_the_precision_people_wrote(start, target, values, forecast, shown):
    from okrsite.format import forecast_text
    from okrsite.model import Kind, KeyResult

    kr = KeyResult(id="kr", title="kr", kind=Kind.INCREASE if target > start else Kind.DECREASE, start=start,
                   target=target)
    assert forecast_text(kr, forecast, values, EN) == shown


def test_milestone_marks_reached_on_one_day_are_one_label(tmp_path):
    """A maintain key result reaches 50 % and 100 % at its first holding check-in: one "100%" mark, not two
    labels printed on top of each other; every chart of the demo has at most one mark a day."""
    from okrsite.model import Kind

    for chart in _charts(_site(DEMO)).used():
        xs = [mark.x for mark in chart.drawing.marks]
        assert len(xs) == len(set(xs)), (chart.name, chart.drawing.marks)
    site = _site(DEMO)
    holding = [(view, k) for view, rolled in site.objectives.values() for k in rolled.key_results
               if k.kr.kind is Kind.MAINTAIN and k.crossed.get(0.5) == k.crossed.get(1.0) is not None]
    assert holding, "the demo has a maintain key result that holds"
    chart = _charts(site).key_result(*holding[0])
    assert [mark.label for mark in chart.drawing.marks] == ["100%"]


def _text_boxes(svg: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each <text> and its box on the page, from its position, anchor and font size (a generous estimate:
    glyphs are about 0.55 em wide, ascend 0.75 em above the baseline and descend 0.15 em below it)."""
    boxes = []
    for match in re.finditer(rb'<text style="([^"]*)" x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>', svg):
        style, x, y, text = match[1].decode(), float(match[2]), float(match[3]), match[4].decode()
        size = float(re.search(r"font-size: ([\d.]+)px", style)[1])
        anchor = re.search(r"text-anchor: (\w+)", style)[1]
        width = len(text) * size * 0.55
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((text, (left, y - size * 0.75, left + width, y + size * 0.15)))
    return boxes


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("values", [(98, 100), (60, 100), (99.5, 100.0)])
def test_milestone_labels_reached_days_apart_do_not_overlap_in_the_svg(project, values):
    """50 % and 100 % crossed two days and a few points apart: the two labels are both printed, apart."""
    from okrsite.charts.draw import Painter

    project.write("2026-Q4/platform/uptime.md", """\
---
objective: Keep the platform up
owner: chen
key_results:
  - {id: tickets, title: Close 100 support tickets, start: 0, target: 100}
  - {id: docs, title: Write the runbook, kind: boolean}
---
""")
    for day, value in zip(("2026-11-18", "2026-11-20"), values, strict=True):
        project.write(f"2026-Q4/platform/checkins/{day}.md", f"---\ncheckin: {day}\nvalues: {{tickets: {value}}}\n---\n")
    site = _site(project.content)
    view, k = _kr(site, "2026-Q4/platform/uptime#tickets")
    chart = specs.key_result_chart(view, k, EN)
    assert [mark.label for mark in chart.drawing.marks] == ["50%", "100%"]
    boxes = dict(_text_boxes(Painter().svg(chart.drawing)))
    assert {"50%", "100%"} <= boxes.keys()
    assert not _overlap(boxes["50%"], boxes["100%"]), boxes


@pytest.mark.parametrize("language", ["en", "sv"])
def test_no_text_of_any_demo_chart_overlaps_another(demo, language):
    """Axis labels, line-end numbers, milestone marks: on every chart of the demo, none on another."""
    from okrsite.charts.draw import Painter

    painter = Painter()
    charts = Charts(_site(DEMO), Translator(language)).used()
    assert len(charts) > 100 and sum(len(chart.drawing.marks) > 1 for chart in charts) >= 3
    for chart in charts:
        boxes = _text_boxes(painter.svg(chart.drawing))
        clashes = [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:] if _overlap(box, other)]
        assert not clashes, (chart.name, clashes)


def test_a_finished_cycle_s_charts_are_graded_not_paced(demo):
    """No pace line, no "pace" in a legend, no pace column in a table, on any chart of 2026-Q3."""
    site = _site(DEMO)
    finished = [chart for chart in _charts(site).used() if "/2026-Q3/" in chart.name or chart.name.endswith("2026-Q3")]
    assert len(finished) > 10
    pace = EN.label("chart.pace")
    for chart in finished:
        assert not _line(chart, "dotted"), chart.name
        assert "pace" not in {kind for kind, _ in chart.legend}, chart.name
        assert pace not in chart.table.headers, chart.name
    running = [chart for chart in _charts(site).used() if "/2026-Q4/" in chart.name]
    assert any(_line(chart, "dotted") for chart in running), "the running cycle keeps its pace line"
