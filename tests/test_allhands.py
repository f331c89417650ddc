"""The all-hands page of each cycle and the year view: what they gather (okrsite.allhands, okrsite.years)
and what the built demo site shows (one shared build, `demo_site`)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from okrsite import allhands
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.model import COMPANY
from okrsite.rollup import Band, grade_band, rollup_cycle
from okrsite.site import build_site
from okrsite.years import years as years_of
from okrsite.validate import check

from conftest import DEMO, TODAY

ALLHANDS_Q3 = "cycles/2026-Q3/all-hands/index.html"
ALLHANDS_Q4 = "cycles/2026-Q4/all-hands/index.html"
YEAR = "years/2026/index.html"


@pytest.fixture(scope="module")
def site():
    report = Report()
    company = check(DEMO, TODAY, report)
    assert not report.errors
    return build_site(company, TODAY)


def view(site, cycle_id):
    return next(v for v in site.cycles if v.cycle.id == cycle_id)


def text(page: str) -> str:
    """A page's main text, tags dropped, entities decoded, spaces collapsed."""
    main = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


# --- what okrsite.allhands gathers -------------------------------------------------


def test_finished_cycle_sorts_every_visible_objective_into_its_grade_band(site):
    q3 = view(site, "2026-Q3")
    hands = allhands.all_hands(site, q3)
    assert hands.finished and hands.company_score == q3.rollup.company_grade
    placed = {o.rolled.objective.id: band for band, items in hands.outcomes.items() for o in items}
    assert placed == {o.objective.id: o.band for o in q3.rollup.visible_objectives()}
    assert hands.outcomes[Band.DELIVERED] and hands.outcomes[Band.MISSED]


def test_teams_are_scored_by_their_grade(site):
    q3 = view(site, "2026-Q3")
    hands = allhands.all_hands(site, q3)
    scores = {s.team: (s.score, band) for band, items in hands.teams.items() for s in items}
    expected = {t: (r.grade, r.band) for t, r in q3.rollup.teams.items() if t != COMPANY}
    assert scores == expected


def test_a_retrospective_grade_shows_the_final_progress_and_the_reason(site):
    hands = allhands.all_hands(site, view(site, "2026-Q3"))
    outcomes = {o.rolled.objective.id: o for items in hands.outcomes.values() for o in items}
    rating = outcomes["2026-Q3/mobile/store-rating"]
    assert rating.overridden and rating.score == 0.6
    assert rating.final_progress == rating.rolled.computed_grade != 0.6
    assert rating.reason.startswith("The computed 0.8 flatters us.")
    offline = outcomes["2026-Q3/mobile/offline-first"]
    assert not offline.overridden and offline.reason == ""


def test_highlights_are_the_latest_wins_of_each_team(site):
    q3 = view(site, "2026-Q3")
    hands = allhands.all_hands(site, q3)
    teams = [team for team, _ in hands.highlights]
    assert teams[0] == COMPANY and len(teams) == len(set(teams))
    for team, items in hands.highlights:
        assert 1 <= len(items) <= allhands.HIGHLIGHTS_PER_TEAM
        newest = next(e.checkin for e in q3.entries if e.checkin.team == team and e.checkin.wins)
        assert items[0].text == newest.wins[0] and items[0].date == newest.date
        assert [h.date for h in items] == sorted((h.date for h in items), reverse=True)


def test_lessons_gather_every_retrospective_answer(site):
    q3 = view(site, "2026-Q3")
    hands = allhands.all_hands(site, q3)
    lessons = [lesson for _, items in hands.lessons for lesson in items]
    with_retro = [o for o in q3.rollup.visible_objectives() if o.objective.retrospective]
    assert len(lessons) == len(with_retro)
    store = next(lesson for lesson in lessons if lesson.rolled.objective.id == "2026-Q3/mobile/store-rating")
    assert [key for key, _ in store.answers] == list(allhands.RETRO_QUESTIONS)


def test_next_cycle_is_the_following_one_of_the_same_length(site):
    assert allhands.next_cycle(site, view(site, "2026-Q3").cycle).cycle.id == "2026-Q4"
    assert allhands.next_cycle(site, view(site, "2026-Q4").cycle) is None
    hands = allhands.all_hands(site, view(site, "2026-Q3"))
    ids = [o.objective.id for o in hands.next_objectives]
    assert ids and all(i.startswith("2026-Q4/company/") for i in ids)
    assert "2026-Q4/company/project-fjord" not in ids  # confidential


def test_a_running_cycle_is_scored_by_its_progress_so_far(site):
    q4 = view(site, "2026-Q4")
    hands = allhands.all_hands(site, q4)
    assert not hands.finished and hands.as_of == TODAY
    assert hands.company_score == q4.rollup.company_progress
    assert hands.company_band == grade_band(q4.rollup.company_progress)
    assert hands.lessons == [] and hands.next_cycle is None


def test_the_year_holds_its_quarters_and_the_yearly_cycle(site):
    years = years_of(site)
    assert [y.id for y in years] == ["2026"]
    year = years[0]
    assert [v.cycle.id for v in year.cycles] == ["2026-Q3", "2026-Q4"] and year.yearly.cycle.id == "2026"
    rows = {row.team: row for row in year.rows}
    q3 = view(site, "2026-Q3").rollup
    assert rows["mobile"].cells[0].score == q3.teams["mobile"].grade
    assert rows["mobile"].cells[1].score == view(site, "2026-Q4").rollup.teams["mobile"].progress
    assert rows[COMPANY].year.score is not None
    assert all(cell.trend == 0 for row in year.rows for cell in row.cells[1:]), "no trend against a running cycle"


def test_quarters_without_a_yearly_cycle_make_a_calendar_year(project):
    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]", "cycles: [2026-Q3, 2026-Q4, 2027-Q1]")
    company, report = project.check()
    assert not report.errors, report.sorted()
    built = build_site(company, TODAY)
    assert [(y.id, [v.cycle.id for v in y.cycles]) for y in years_of(built)] == [
        ("2026", ["2026-Q3", "2026-Q4"]), ("2027", ["2027-Q1"])]


def test_trend_compares_finished_cycles(project):
    project.write("2026-Q3/mobile/old.md", """\
---
objective: Last quarter
owner: bjorn
key_results:
  - {id: a, title: From 0 to 10, start: 0, target: 10}
  - {id: b, title: From 0 to 10 too, start: 0, target: 10}
---
""")
    project.write("2026-Q3/mobile/checkins/2026-09-20.md", "---\ncheckin: 2026-09-20\nvalues: {a: 2, b: 2}\n---\n")
    company, report = project.check(dt.date(2027, 1, 15))
    assert not report.errors, report.sorted()
    built = build_site(company, dt.date(2027, 1, 15))
    mobile = next(row for row in years_of(built)[0].rows if row.team == "mobile")
    q3, q4 = mobile.cells
    assert q3.finished and q4.finished and q4.score > q3.score + 0.05
    assert (q3.trend, q4.trend) == (0, 1)


# --- the built pages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def q3(demo):
    """The finished cycle of the demo, rolled up from its content, and its graded-over objective."""
    company, _ = demo
    rolled = rollup_cycle(company, "2026-Q3", TODAY)
    overridden = [o for o in rolled.visible_objectives()
                  if o.objective.retrospective and o.objective.retrospective.grade is not None]
    assert overridden, "the demo's 2026-Q3 should have an objective graded in its retrospective"
    return rolled, overridden[0]


def test_the_finished_cycle_has_every_section(demo_site, q3):
    rolled, graded = q3
    page = (demo_site / ALLHANDS_Q3).read_text(encoding="utf-8")
    ids = re.findall(r'<section class="okr-slide[^"]*" id="([^"]+)"', page)
    assert ids[:6] == ["score", "teams", "objectives-delivered", "objectives-progress", "objectives-missed", "charts"]
    assert ids[6] == "highlights" and ids[-1] == "next"
    # A slide of lessons for each team with a retrospective, the company's first.
    teams = {o.objective.team for o in rolled.visible_objectives() if o.objective.retrospective}
    assert [i for i in ids if i.startswith("lessons-")] == [
        f"lessons-{team}" for team in sorted(teams, key=lambda team: (team != COMPANY, team))]
    words = text(page)
    assert "2026-Q3: how we did" in words and "Mid-cycle" not in words
    retro = graded.objective.retrospective
    first_sentence = retro.reason.split(". ")[0]
    assert (f"Final progress {graded.computed_grade:.1f}, graded {retro.grade:.1f} in the retrospective: "
            f"{first_sentence}") in words
    assert page.count('class="okr-chart"') == 2


def test_a_running_cycle_says_it_is_mid_cycle_as_of_today(demo_site):
    words = text((demo_site / ALLHANDS_Q4).read_text(encoding="utf-8"))
    assert "Mid-cycle. As of 26 Nov 2026:" in words
    assert "Scores are the progress so far, not grades." in words
    assert "The retrospectives are written when the cycle ends." in words


def test_the_all_hands_pages_are_linked_from_the_cycles_and_dashboards(demo_site):
    cycles = (demo_site / "cycles/index.html").read_text(encoding="utf-8")
    for cycle in ("2026-Q3", "2026-Q4", "2026"):
        assert f'href="../cycles/{cycle}/all-hands/"' in cycles or f'href="{cycle}/all-hands/"' in cycles
    assert 'href="../years/2026/"' in cycles
    assert 'href="cycles/2026-Q4/all-hands/"' in (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="../all-hands/"' in (demo_site / "cycles/2026-Q3/index.html").read_text(encoding="utf-8") \
        or 'href="all-hands/"' in (demo_site / "cycles/2026-Q3/index.html").read_text(encoding="utf-8")


def test_the_year_page_shows_each_teams_grades_side_by_side(demo, demo_site, q3):
    company, _ = demo
    rolled, _ = q3
    page = (demo_site / YEAR).read_text(encoding="utf-8")
    words = text(page)
    assert "2026-Q3" in words and "2026-Q4" in words and "the year's objectives" in words
    name = company.organisation.teams["mobile"].name
    row = re.search(rf'<tr><th scope="row"><a href="[^"]*">{re.escape(name)}</a></th>(.*?)</tr>', page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert len(cells) == 3
    assert f"{rolled.teams['mobile'].grade:.1f}" in cells[0] and "so far" in cells[1] and "–" in cells[2]


def test_the_objective_page_shows_the_final_progress_beside_the_overriding_grade(demo_site, q3):
    _, graded = q3
    retro = graded.objective.retrospective
    assert f"{retro.grade:.1f}" != f"{graded.computed_grade:.1f}"
    words = text((demo_site / f"{graded.objective.id}/index.html").read_text(encoding="utf-8"))
    # The grade, its band (0.4-0.6 is "progress", 0.7 and up "delivered") and what the roll-up computed.
    band = "missed" if retro.grade < 0.35 else "progress" if retro.grade < 0.65 else "delivered"
    assert f"{retro.grade:.1f} {band} (computed: {graded.computed_grade:.1f})" in words
    assert retro.reason.split(". ")[0] in words


def test_the_swedish_all_hands_page_is_in_swedish():
    from okrsite.build import build
    from okrsite.blocks import restore_blocks

    from conftest import ROOT

    report = Report()
    company = check(DEMO, TODAY, report)
    pages = build(company, TODAY, ROOT / "theme" / "okrsite", Translator("sv"), charts=False).pages
    q3 = pages["cycles/2026-Q3/all-hands.md"]
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", restore_blocks(q3.markdown, q3.blocks))))
    for swedish in ("2026-Q3: så gick det", "Företagets betyg", "Teamen efter betygsnivå", "Mål som nåddes",
                    "Höjdpunkter", "Vad vi lärde oss: Mobile", "Nästa: 2026-Q4", "Presentera",
                    "Slutligt framsteg 0.8, betygsatt 0.6 i retrospektiven:"):  # the demo's number_style: 1,234.5
        assert swedish in words, swedish
    for english in ("how we did", "Highlights", "What we learned", "Objectives achieved", "Present "):
        assert english not in words, english
    q4 = pages["cycles/2026-Q4/all-hands.md"]
    assert "Mitt i perioden. Per 26 nov. 2026" in re.sub(r"\s+", " ", html.unescape(
        re.sub(r"<[^>]+>", " ", restore_blocks(q4.markdown, q4.blocks))))
    year = pages["years/2026.md"]
    assert "hittills" in restore_blocks(year.markdown, year.blocks)
