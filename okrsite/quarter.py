"""The quarter as leadership presents it: the all-hands page of a cycle, and the year view.

Plain data gathered from the site's roll-ups (no HTML, no MkDocs): the
company's score, each team in its grade band, objectives achieved, partly
achieved and missed, highlights from the check-ins' wins, what the
retrospectives say, and the next cycle's company objectives. A running cycle
gives the same as of `today`, scored by its progress so far.

Only visible objectives appear; the check-ins are the changelog's entries,
which already leave out those that touched nothing but confidential objectives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import COMPANY, Cycle, Retrospective
from .rollup import Band, ObjectiveRollup, grade_band

if TYPE_CHECKING:  # pages imports this module
    from .pages import CycleView, Site

BANDS = (Band.DELIVERED, Band.PROGRESS, Band.MISSED)  # best first, as an all-hands reads them
RETRO_QUESTIONS = ("reached", "helped", "blocked", "change", "learned")
HIGHLIGHTS_PER_TEAM = 3


@dataclass
class TeamScore:
    team: str
    score: float  # the grade once the cycle has ended, else the progress so far
    band: Band
    objectives: int  # visible ones


@dataclass
class Outcome:
    """One objective's result: its score, and the retrospective's override with its reason."""

    rolled: ObjectiveRollup
    score: float
    band: Band
    final_progress: float
    overridden: bool  # the retrospective set a grade other than the final progress
    reason: str


@dataclass
class Highlight:
    team: str
    date: dt.date
    text: str


@dataclass
class Lesson:
    rolled: ObjectiveRollup
    answers: list[tuple[str, str]]  # (question key, answer), in the retrospective's order


@dataclass
class AllHands:
    view: CycleView
    finished: bool  # False: the page is as of `as_of`, mid-cycle
    as_of: dt.date
    company_score: float | None  # None when the company has no visible objectives
    company_band: Band | None
    teams: dict[Band, list[TeamScore]]
    outcomes: dict[Band, list[Outcome]]
    highlights: list[tuple[str, list[Highlight]]]  # per team, newest first
    lessons: list[tuple[str, list[Lesson]]]  # per team
    next_cycle: CycleView | None
    next_objectives: list[ObjectiveRollup] = field(default_factory=list)

    @property
    def graded(self) -> int:
        return sum(len(items) for items in self.outcomes.values())


def all_hands_page(view: CycleView) -> str:
    return f"cycles/{view.cycle.id}/all-hands.md"


def has_all_hands(view: CycleView) -> bool:
    """A cycle that has begun has one; an upcoming one has nothing to show yet."""
    return view.rollup.today >= view.cycle.start


def all_hands(site: Site, view: CycleView) -> AllHands:
    r = view.rollup
    shown = r.visible_objectives()
    company_score = None
    if shown:
        company_score = r.company_grade if r.finished and r.company_grade is not None else r.company_progress
    teams: dict[Band, list[TeamScore]] = {band: [] for band in BANDS}
    for team_id, team in r.teams.items():
        visible = [o for o in team.objectives if o.visible]
        if team_id == COMPANY or not visible:
            continue
        score = team.grade if team.grade is not None else team.progress
        teams[grade_band(score)].append(TeamScore(team_id, score, grade_band(score), len(visible)))
    for scores in teams.values():
        scores.sort(key=lambda s: (-s.score, s.team))
    outcomes: dict[Band, list[Outcome]] = {band: [] for band in BANDS}
    for rolled in shown:
        outcome = _outcome(rolled)
        outcomes[outcome.band].append(outcome)
    for items in outcomes.values():
        items.sort(key=lambda o: (o.rolled.objective.team != COMPANY, -o.score, o.rolled.objective.id))
    following = next_cycle(site, view.cycle)
    next_objectives = following.rollup.visible_objectives(COMPANY) if following else []
    return AllHands(
        view=view,
        finished=r.finished,
        as_of=min(r.today, view.cycle.end),
        company_score=company_score,
        company_band=grade_band(company_score) if company_score is not None else None,
        teams=teams,
        outcomes=outcomes,
        highlights=highlights(view),
        lessons=lessons(shown),
        next_cycle=following,
        next_objectives=next_objectives,
    )


def _outcome(rolled: ObjectiveRollup) -> Outcome:
    retro: Retrospective | None = rolled.objective.retrospective
    if rolled.grade is not None:
        score, final = rolled.grade, rolled.computed_grade
    else:  # running: its progress so far
        score = final = rolled.progress
    overridden = bool(retro and retro.grade is not None and rolled.grade is not None
                      and abs(rolled.grade - rolled.computed_grade) > 1e-9)
    return Outcome(rolled, score, grade_band(score), final, overridden, retro.reason if overridden else "")


def highlights(view: CycleView, per_team: int = HIGHLIGHTS_PER_TEAM) -> list[tuple[str, list[Highlight]]]:
    """The latest wins of each team's check-ins (the company's first), newest first."""
    found: dict[str, list[Highlight]] = {}
    for entry in view.entries:  # newest first
        checkin = entry.checkin
        for text in checkin.wins:
            kept = found.setdefault(checkin.team, [])
            if len(kept) < per_team and all(h.text != text for h in kept):
                kept.append(Highlight(checkin.team, checkin.date, text))
    return sorted(found.items(), key=lambda pair: (pair[0] != COMPANY, pair[0]))


def lessons(shown: list[ObjectiveRollup]) -> list[tuple[str, list[Lesson]]]:
    """Every retrospective's answers, per team (the company's first)."""
    by_team: dict[str, list[Lesson]] = {}
    for rolled in shown:
        retro = rolled.objective.retrospective
        if retro is None:
            continue
        answers = [(key, getattr(retro, key)) for key in RETRO_QUESTIONS if getattr(retro, key)]
        if answers:
            by_team.setdefault(rolled.objective.team, []).append(Lesson(rolled, answers))
    return sorted(by_team.items(), key=lambda pair: (pair[0] != COMPANY, pair[0]))


def next_cycle(site: Site, cycle: Cycle) -> CycleView | None:
    """The cycle of the same length that follows this one (a quarter's next quarter)."""
    following = [
        v for v in site.cycles
        if v.cycle.yearly == cycle.yearly and v.cycle.start > cycle.end and v.cycle.id != cycle.id
    ]
    return min(following, key=lambda v: v.cycle.start) if following else None


# --- the year view -----------------------------------------------------------


@dataclass
class YearCell:
    view: CycleView
    score: float | None  # grade once ended, progress so far while running; None: nothing there
    finished: bool
    trend: int  # +1 up, -1 down, 0 level or nothing to compare with (against the previous cycle)


@dataclass
class YearRow:
    team: str
    cells: list[YearCell]  # one per cycle of the year, in order
    year: YearCell | None  # the yearly cycle's, when there is one


@dataclass
class Year:
    id: str  # the yearly cycle's id (2026, FY27), or the calendar year
    name: str
    cycles: list[CycleView]  # the shorter cycles of the year, oldest first
    yearly: CycleView | None
    rows: list[YearRow]

    @property
    def src(self) -> str:
        return f"years/{self.id}.md"


def years(site: Site) -> list[Year]:
    """Each yearly cycle with the shorter cycles inside it; calendar years for cycles outside any."""
    found: list[Year] = []
    placed: set[str] = set()
    for view in site.cycles:
        if view.cycle.yearly:
            inside = [v for v in site.cycles if not v.cycle.yearly
                      and view.cycle.start <= v.cycle.start and v.cycle.end <= view.cycle.end]
            placed.update(v.cycle.id for v in inside)
            found.append(Year(view.cycle.id, view.cycle.name, inside, view, []))
    loose: dict[int, list[CycleView]] = {}
    for view in site.cycles:
        if not view.cycle.yearly and view.cycle.id not in placed:
            loose.setdefault(view.cycle.start.year, []).append(view)
    taken = {y.id for y in found}
    for year, views in sorted(loose.items()):
        if str(year) not in taken:
            found.append(Year(str(year), str(year), views, None, []))
    for year in found:
        year.rows = _year_rows(site, year)
    return sorted(found, key=lambda y: ((y.yearly or y.cycles[0]).cycle.start, y.id))


def _year_rows(site: Site, year: Year) -> list[YearRow]:
    teams = [COMPANY, *site.company.organisation.teams]
    rows = []
    for team in teams:
        cells, previous = [], None
        for view in year.cycles:
            cell = _cell(view, team, previous)
            cells.append(cell)
            if cell.score is not None:
                previous = cell.score
        yearly = _cell(year.yearly, team, None) if year.yearly else None
        if any(c.score is not None for c in cells) or (yearly and yearly.score is not None):
            rows.append(YearRow(team, cells, yearly))
    return rows


def _cell(view: CycleView, team: str, previous: float | None) -> YearCell:
    r = view.rollup
    rolled = r.teams.get(team)
    score = None
    if rolled is not None and any(o.visible for o in rolled.objectives) and r.today >= view.cycle.start:
        score = rolled.grade if rolled.grade is not None else rolled.progress
    trend = 0  # grades compare with grades: a running cycle's progress so far has no trend yet
    if score is not None and previous is not None and r.finished and abs(score - previous) >= 0.05:
        trend = 1 if score > previous else -1
    return YearCell(view, score, r.finished, trend)


def year_of(site_years: list[Year], view: CycleView) -> Year | None:
    return next((y for y in site_years if view in y.cycles or y.yearly is view), None)
