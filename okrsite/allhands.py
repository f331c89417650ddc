"""The all-hands page of a cycle: the quarter as leadership presents it.

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

from .model import COMPANY, Cycle
from .rollup import Band, ObjectiveRollup, grade_band
from .site import CycleView, Site

BANDS = (Band.DELIVERED, Band.PROGRESS, Band.MISSED)  # best first, as an all-hands reads them
RETRO_QUESTIONS = ("reached", "helped", "blocked", "change", "learned")
HIGHLIGHTS_PER_TEAM = 3


@dataclass(frozen=True)
class TeamScore:
    team: str
    score: float  # the grade once the cycle has ended, else the progress so far
    band: Band
    objectives: int  # visible ones


@dataclass(frozen=True)
class Outcome:
    """One objective's result: its score, and the retrospective's override with its reason."""

    rolled: ObjectiveRollup
    score: float
    band: Band
    final_progress: float
    overridden: bool  # the retrospective set a grade other than the final progress
    reason: str


@dataclass(frozen=True)
class Highlight:
    team: str
    date: dt.date
    text: str


@dataclass(frozen=True)
class Lesson:
    rolled: ObjectiveRollup
    answers: list[tuple[str, str]]  # (question key, answer), in the retrospective's order


@dataclass(frozen=True)
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
    retro = rolled.objective.retrospective
    if rolled.grade is not None and rolled.computed_grade is not None:  # set together, once the cycle ended
        score, final = rolled.grade, rolled.computed_grade
        overridden = retro is not None and retro.grade is not None and abs(score - final) > 1e-9
    else:  # running: its progress so far
        score = final = rolled.progress
        overridden = False
    reason = retro.reason if retro is not None and overridden else ""
    return Outcome(rolled, score, grade_band(score), final, overridden, reason)


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
