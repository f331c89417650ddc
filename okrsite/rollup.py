"""The roll-up: progress, expected pace, status, forecast and grade.

Pure functions over the model, each taking an explicit `today`, so the same
content and date always give the same numbers. The formulas are the domain
brief's (`shared/OKR-PRACTICE.md`); the guide's "Status, progress and
grades" section says them in words.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass, field, replace

from .model import (
    COMPANY,
    CheckIn,
    CheckInValue,
    Company,
    Cycle,
    Defaults,
    KeyResult,
    Kind,
    Objective,
    Organisation,
    Visibility,
)


class Status(str, enum.Enum):
    """Ordered weakest first: an objective takes its weakest key result's."""

    OFF_TRACK = "off_track"
    AT_RISK = "at_risk"
    STALE = "stale"
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DONE = "done"

    @property
    def rank(self) -> int:
        return list(Status).index(self)


class Band(str, enum.Enum):
    MISSED = "missed"  # 0.0-0.3
    PROGRESS = "progress"  # 0.4-0.6
    DELIVERED = "delivered"  # 0.7-1.0


# --- the formulas ---------------------------------------------------------


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def numeric_progress(start: float, target: float, current: float, decreasing: bool = False) -> float:
    """(current - start) / (target - start), clamped; start > target works downward.

    With start == target there is no distance to cover: the KR is reached when
    the current value is at the target or beyond it in the KR's direction.
    """
    if target == start:
        reached = current <= target if decreasing else current >= target
        return 1.0 if reached else 0.0
    return clamp((current - start) / (target - start))


def maintain_progress(threshold: float, current: float | None, above: bool) -> float:
    if current is None:
        return 0.0
    return 1.0 if (current >= threshold if above else current <= threshold) else 0.0


def milestones_progress(kr: KeyResult, done: tuple[str, ...]) -> float:
    total = sum(m.weight for m in kr.milestones)
    if total <= 0:  # all weights zero: count the steps instead
        return len(set(done) & {m.id for m in kr.milestones}) / len(kr.milestones) if kr.milestones else 0.0
    return sum(m.weight for m in kr.milestones if m.id in done) / total


def keeps_a_level(kr: KeyResult) -> bool:
    """A key result with a level to hold, not a distance to cover: a maintain one, or a number
    whose start is its target. It is never "done": it holds (on track) or it does not (off track)."""
    if kr.kind is Kind.MAINTAIN:
        return True
    return kr.kind in (Kind.INCREASE, Kind.DECREASE) and kr.start is not None and kr.start == kr.target


def kr_progress(kr: KeyResult, current: float | None, done: tuple[str, ...] = ()) -> float:
    """Progress of one key result in 0..1 at a value (None: no value yet)."""
    if kr.kind is Kind.MILESTONES:
        return milestones_progress(kr, done)
    if kr.kind is Kind.BOOLEAN:
        return 1.0 if current else 0.0
    if kr.kind is Kind.MAINTAIN and kr.target is not None:  # the loader refuses a maintain KR without one
        return maintain_progress(kr.target, current, kr.maintain_above)
    if kr.target is None or current is None:
        return 0.0
    return numeric_progress(kr.start or 0.0, kr.target, current, kr.kind is Kind.DECREASE)


def weighted_mean(pairs) -> float:
    """Mean of (value, weight) pairs; if the weights sum to zero, the plain mean."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    total = sum(weight for _, weight in pairs)
    if total <= 0:
        return sum(value for value, _ in pairs) / len(pairs)
    return sum(value * weight for value, weight in pairs) / total


def expected_progress(start: dt.date, end: dt.date, today: dt.date) -> float:
    """The elapsed share of the period: linear pace from 0 at `start` to 1 at `end`."""
    span = (end - start).days
    if span <= 0:
        return 1.0 if today >= start else 0.0
    return clamp((today - start).days / span)


def pace_status(progress: float, expected: float, defaults: Defaults) -> Status:
    if progress >= 1.0:
        return Status.DONE
    if expected <= 0 or progress >= defaults.on_track * expected:
        return Status.ON_TRACK
    if progress >= defaults.at_risk * expected:
        return Status.AT_RISK
    return Status.OFF_TRACK


def lowered_by_confidence(status: Status, confidence: float | None, defaults: Defaults) -> Status:
    """A team's own doubt counts: low confidence caps the status."""
    if confidence is None or status is Status.DONE:
        return status
    if confidence < defaults.confidence_off_track:
        return Status.OFF_TRACK
    if confidence < defaults.confidence_at_risk and status.rank > Status.AT_RISK.rank:
        return Status.AT_RISK
    return status


def weakest(statuses) -> Status | None:
    statuses = list(statuses)
    return min(statuses, key=lambda s: s.rank) if statuses else None


def weakest_with_pace(statuses, pace: Status) -> Status:
    """A roll-up's status: the weakest of what it holds and of the pace of its own progress."""
    return min([*statuses, pace], key=lambda s: s.rank)


def trend_forecast(points: list[tuple[float, float]], at: float) -> float | None:
    """Least-squares line through (day, value) points, read at day `at`."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return mean_y + slope * (at - mean_x)


def grade_band(grade: float) -> Band:
    """0.0-0.3 missed, 0.4-0.6 progress, 0.7-1.0 delivered, on the grade in tenths."""
    tenths = math.floor(grade * 10 + 0.5 + 1e-9)
    if tenths <= 3:
        return Band.MISSED
    if tenths <= 6:
        return Band.PROGRESS
    return Band.DELIVERED


# --- the roll-up of one cycle -----------------------------------------------


@dataclass(frozen=True)
class Point:
    """One check-in of one key result."""

    date: dt.date
    value: float
    progress: float
    confidence: float | None = None
    note: str = ""
    checkin: str = ""  # the check-in's id
    done: tuple[str, ...] = ()  # milestones: the ones done by then


@dataclass
class KeyResultRollup:
    kr: KeyResult
    series: list[Point]  # every check-in value up to today, in order
    current: float | None  # the last value, or the start without check-ins
    done_milestones: tuple[str, ...]
    progress: float
    expected: float
    status: Status
    confidence: float | None
    last_checkin: dt.date | None
    forecast: float | None  # the value the trend reaches at the end (or due date)
    forecast_progress: float | None
    crossed: dict[float, dt.date]  # 0.5 and 1.0: when progress first reached them
    grade: float | None  # the progress at the cycle's end, once it has ended


@dataclass
class ObjectiveRollup:
    objective: Objective
    key_results: list[KeyResultRollup]
    progress: float
    expected: float
    status: Status
    computed_grade: float | None  # the final progress, once the cycle has ended
    grade: float | None  # the retrospective's override, else the computed grade
    band: Band | None

    @property
    def visible(self) -> bool:
        return self.objective.visible


@dataclass
class TeamRollup:
    team: str  # a team id, or COMPANY
    objectives: list[ObjectiveRollup]
    progress: float
    status: Status
    grade: float | None
    band: Band | None


@dataclass
class CycleRollup:
    cycle: Cycle
    today: dt.date
    expected: float
    days_left: int
    finished: bool
    objectives: dict[str, ObjectiveRollup] = field(default_factory=dict)  # drafts left out
    teams: dict[str, TeamRollup] = field(default_factory=dict)  # COMPANY included when it has objectives
    company_progress: float = 0.0
    company_status: Status = Status.NOT_STARTED
    company_grade: float | None = None
    hidden: int = 0  # confidential objectives counted in the totals but never shown
    # What it read: each key result's check-ins and their values, by KR ref (see `_unchanged`).
    points: dict[str, list[tuple[CheckIn, CheckInValue]]] = field(default_factory=dict, compare=False, repr=False)

    def visible_objectives(self, team: str | None = None) -> list[ObjectiveRollup]:
        return [
            o for o in self.objectives.values() if o.visible and (team is None or o.objective.team == team)
        ]


def running_cycle(cycles, today: dt.date) -> Cycle | None:
    """The shortest of `cycles` running today (a quarter before its year), if any."""
    running = [c for c in cycles if c.contains(today)]
    return min(running, key=lambda c: ((c.end - c.start).days, c.start)) if running else None


def current_cycle(organisation: Organisation, today: dt.date) -> Cycle | None:
    """The cycle the dashboard follows: of the main kind (`main_cycle`, a quarter by default) if one is
    running today, else the shortest running; else the last one to have ended; else the next."""
    cycles = list(organisation.cycles.values())
    main = organisation.defaults.main_cycle
    running = running_cycle([c for c in cycles if c.kind == main], today) or running_cycle(cycles, today)
    if running:
        return running
    ended = [c for c in cycles if c.end < today]
    if ended:
        return max(ended, key=lambda c: (c.end, -(c.end - c.start).days))
    return min(cycles, key=lambda c: (c.start, (c.end - c.start).days)) if cycles else None


def rollup_cycle(company: Company, cycle_id: str, today: dt.date, before: CycleRollup | None = None) -> CycleRollup:
    """`before`: the same cycle's roll-up on the same `today` with the same organisation and the same `added`
    of every key result (`okrsite serve`'s last build, when `build` found its settings the same): an
    objective that is the same object and whose key results have the same check-in points is taken
    from it as it is."""
    organisation = company.organisation
    defaults = organisation.defaults
    cycle = organisation.cycles[cycle_id]
    as_of = min(today, cycle.end)  # after its end a cycle freezes at its last values
    result = CycleRollup(
        cycle=cycle,
        today=today,
        expected=expected_progress(cycle.start, cycle.end, today),
        days_left=max(0, (cycle.end - today).days),
        finished=today > cycle.end,
    )
    history = result.points = _history(company.checkins, as_of)
    counted = [
        o
        for o in company.objectives.values()
        if o.cycle == cycle_id and o.visibility is not Visibility.DRAFT
        and (o.visible or defaults.include_confidential)
    ]
    result.hidden = sum(1 for o in counted if not o.visible)
    for objective in counted:
        result.objectives[objective.id] = (_unchanged(before, objective, history, defaults)
                                           or _objective(objective, cycle, today, history, defaults))
    _progress_from_aligned(company, result, defaults)

    by_team: dict[str, list[ObjectiveRollup]] = {}
    for rolled in result.objectives.values():
        by_team.setdefault(rolled.objective.team, []).append(rolled)
    for team_id in sorted(by_team, key=lambda t: (t != COMPANY, t)):
        result.teams[team_id] = _team(team_id, by_team[team_id], result, defaults)

    # Without objectives of its own, the company is all its teams' objectives (the dashboard says so).
    company_level = by_team.get(COMPANY) or list(result.objectives.values())
    result.company_progress = weighted_mean((o.progress, o.objective.weight) for o in company_level)
    result.company_status = _status_of_group(company_level, result.company_progress, result, defaults)
    if result.finished and company_level:
        result.company_grade = weighted_mean((o.grade, o.objective.weight) for o in company_level)
    return result


def stale_key_results(company: Company, cycle_id: str, today: dt.date) -> list[tuple[KeyResult, dt.date]]:
    """The key results `rollup_cycle` calls stale, in its order, each with the day its staleness counts
    from: all `okrsite check` asks of a roll-up (the whole one was a twentieth of a large check)."""
    defaults = company.organisation.defaults
    cycle = company.organisation.cycles[cycle_id]
    if not cycle.contains(today):
        return []  # stale only while the cycle runs (`_kr_status`)
    history = _history(company.checkins, min(today, cycle.end))
    stale = []
    for objective in company.objectives.values():
        if (objective.cycle != cycle_id or objective.visibility is Visibility.DRAFT
                or not (objective.visible or defaults.include_confidential)):
            continue
        for kr in objective.key_results:
            points = history.get(kr.ref)
            last = _point(kr, *points[-1]) if points else None
            progress = last.progress if last else kr_progress(kr, kr.start)
            expected = expected_progress(cycle.start, kr.due or cycle.end, today)
            if _kr_status(kr, cycle, today, progress, expected, last, defaults) is Status.STALE:
                stale.append((kr, last.date if last else max(cycle.start, kr.added or cycle.start)))
    return stale


def _unchanged(before: CycleRollup | None, objective: Objective, history, defaults: Defaults) -> ObjectiveRollup | None:
    """`before`'s roll-up of the objective if it read the same: the same objective (never changed once
    loaded, but for `added`, which the caller compared) and the same points. Not one that takes its
    progress from those aligned to it: `_progress_from_aligned` changes that roll-up after it is made."""
    if before is None or _takes_from_aligned(objective, defaults):
        return None
    rolled = before.objectives.get(objective.id)
    if rolled is None or rolled.objective is not objective:
        return None
    points = before.points
    if any(points.get(kr.ref) != history.get(kr.ref) for kr in objective.key_results):
        return None
    return rolled


def _takes_from_aligned(objective: Objective, defaults: Defaults) -> bool:
    return objective.progress_from_aligned or (defaults.company_progress == "aligned" and objective.team == COMPANY)


def _history(checkins: list[CheckIn], as_of: dt.date) -> dict[str, list[tuple[CheckIn, CheckInValue]]]:
    """Each KR's check-ins up to `as_of` with its value there, oldest first."""
    history: dict[str, list[tuple[CheckIn, CheckInValue]]] = {}
    for checkin in checkins:  # already sorted by date
        if checkin.date > as_of:
            break
        for value in checkin.values:
            history.setdefault(value.kr, []).append((checkin, value))
    return history


def _point(kr: KeyResult, checkin: CheckIn, value: CheckInValue) -> Point:
    confidence = value.confidence if value.confidence is not None else checkin.confidence
    return Point(checkin.date, value.value, kr_progress(kr, value.value, value.done_milestones), confidence,
                 value.note, checkin.id, value.done_milestones)


def _key_result(kr: KeyResult, cycle: Cycle, today: dt.date, history, defaults: Defaults) -> KeyResultRollup:
    series = [_point(kr, checkin, value) for checkin, value in history.get(kr.ref, ())]
    last = series[-1] if series else None
    current = last.value if last else kr.start
    done = last.done if last else ()
    progress = last.progress if last else kr_progress(kr, current)
    end = kr.due or cycle.end
    expected = expected_progress(cycle.start, end, today)
    status = _kr_status(kr, cycle, today, progress, expected, last, defaults)

    forecast = forecast_progress = None
    if last is not None and today > cycle.end:
        forecast, forecast_progress = current, progress
    else:
        days_to_end = (end - cycle.start).days
        by_value = kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES)
        points: list[tuple[float, float]] = [((p.date - cycle.start).days, p.value if by_value else p.progress)
                                             for p in series]
        if kr.start is not None and by_value and not any(x == 0 for x, _ in points):
            points.insert(0, (0, kr.start))
        elif not by_value and not any(x == 0 for x, _ in points):
            points.insert(0, (0, 0.0))
        trend = trend_forecast(points, days_to_end)
        if trend is not None:
            if by_value:
                forecast, forecast_progress = trend, kr_progress(kr, trend, done)
            else:
                forecast_progress = clamp(trend)
    crossed: dict[float, dt.date] = {}
    for point in series:
        for mark in (0.5, 1.0):
            if mark not in crossed and point.progress >= mark:
                crossed[mark] = point.date
    grade = progress if today > cycle.end else None
    confidence = last.confidence if last else None
    return KeyResultRollup(
        kr, series, current, done, progress, expected, status, confidence, last.date if last else None,
        forecast, forecast_progress, crossed, grade,
    )


def _kr_status(kr: KeyResult, cycle: Cycle, today: dt.date, progress: float, expected: float, last: Point | None,
               defaults: Defaults) -> Status:
    if today < cycle.start:
        return Status.NOT_STARTED
    holds = keeps_a_level(kr)
    if not holds and progress >= 1.0:
        return Status.DONE
    if cycle.contains(today):
        since = last.date if last else max(cycle.start, kr.added or cycle.start)  # from when it existed
        if (today - since).days > defaults.stale_after_days:
            return Status.STALE
        if last is None:
            return Status.NOT_STARTED
    if holds:
        status = Status.ON_TRACK if progress >= 1.0 else Status.OFF_TRACK
    else:
        status = pace_status(progress, expected, defaults)
    return lowered_by_confidence(status, last.confidence if last else None, defaults)


def _objective(objective: Objective, cycle: Cycle, today: dt.date, history, defaults: Defaults) -> ObjectiveRollup:
    krs = [_key_result(kr, cycle, today, history, defaults) for kr in objective.key_results]
    progress = weighted_mean((k.progress, k.kr.weight) for k in krs)
    expected = expected_progress(cycle.start, cycle.end, today)
    status = weakest(k.status for k in krs) or pace_status(progress, expected, defaults)
    rolled = ObjectiveRollup(objective, krs, progress, expected, status, None, None, None)
    _grade(rolled, today > cycle.end)
    return rolled


def _grade(rolled: ObjectiveRollup, finished: bool) -> None:
    if not finished:
        return
    rolled.computed_grade = rolled.progress
    retro = rolled.objective.retrospective
    rolled.grade = retro.grade if retro and retro.grade is not None else rolled.computed_grade
    rolled.band = grade_band(rolled.grade)


def _progress_from_aligned(company: Company, result: CycleRollup, defaults: Defaults) -> None:
    """Objectives that take their progress from those aligned to them (company ones by default
    when `company_progress: aligned`); the children may be in other cycles (a yearly goal's quarters).

    A child whose cycle has not begun has nothing to report yet: it is left out, not counted at 0.
    The status is the weakest of the objective's own key results, of its running children and of
    the pace of the aligned progress: it never reads better than what its page shows inside it.
    (A child in a finished cycle counts with its final progress; it is graded, not paced.)"""
    takers = [o for o in result.objectives.values() if _takes_from_aligned(o.objective, defaults)]
    if not takers:
        return
    taker_ids = {o.objective.id for o in takers}
    children: dict[str, list[Objective]] = {}
    for objective in company.objectives.values():
        if objective.visibility is Visibility.DRAFT or not (objective.visible or defaults.include_confidential):
            continue
        cycle = company.organisation.cycles.get(objective.cycle)
        if cycle is None or result.today < cycle.start:
            continue  # not begun: no progress to report yet
        for ref in objective.aligns_to:
            children.setdefault(ref.partition("#")[0], []).append(objective)
    other_cycles: dict[str, CycleRollup] = {}

    def rolled_of(objective: Objective) -> ObjectiveRollup | None:
        rolled = result.objectives.get(objective.id)
        if rolled is None:  # a child in another cycle: roll that cycle up once, without this rule
            if objective.cycle not in other_cycles:
                other_cycles[objective.cycle] = rollup_cycle(
                    _without_aligned_rule(company), objective.cycle, result.today
                )
            rolled = other_cycles[objective.cycle].objectives.get(objective.id)
        return rolled

    def own_progress(objective: Objective) -> float | None:
        rolled = rolled_of(objective)
        return rolled.progress if rolled else None

    done: dict[str, float | None] = {}

    def progress_of(top: Objective) -> float | None:
        """Children first, with a stack of our own: a chain of any length, no recursion."""
        on_path: set[str] = set()
        stack = [(top, False)]
        while stack:
            objective, expanded = stack.pop()
            if objective.id in done:
                continue
            if objective.id not in taker_ids:
                done[objective.id] = own_progress(objective)
                continue
            kids = [k for k in children.get(objective.id, []) if k.id not in on_path]
            if not expanded:
                on_path.add(objective.id)
                stack.append((objective, True))
                stack.extend((kid, False) for kid in kids)
                continue
            on_path.discard(objective.id)
            values = [(done[k.id], k.weight) for k in kids if done.get(k.id) is not None]
            done[objective.id] = weighted_mean(values) if values else own_progress(objective)
        return done[top.id]

    aligned = [rolled for rolled in takers if children.get(rolled.objective.id)]
    for rolled in aligned:
        progress = progress_of(rolled.objective)  # None only for another cycle's objective
        rolled.progress = rolled.progress if progress is None else progress
        _grade(rolled, result.finished)
    if result.today < result.cycle.start:
        return
    changed = True
    while changed:  # a status only falls, so this settles a chain of any length
        changed = False
        for rolled in aligned:
            running = [kid for kid in map(rolled_of, children[rolled.objective.id])
                       if kid is not None and kid is not rolled
                       and result.today <= company.organisation.cycles[kid.objective.cycle].end]
            statuses = [k.status for k in rolled.key_results] + [kid.status for kid in running]
            status = weakest_with_pace(statuses, pace_status(rolled.progress, result.expected, defaults))
            changed |= status is not rolled.status
            rolled.status = status


def _without_aligned_rule(company: Company) -> Company:
    """The same company, with no objective taking its progress from others (no recursion across cycles)."""
    organisation = replace(
        company.organisation, defaults=replace(company.organisation.defaults, company_progress="objectives")
    )
    objectives = {k: replace(o, progress_from_aligned=False) for k, o in company.objectives.items()}
    return replace(company, organisation=organisation, objectives=objectives)


def _status_of_group(objectives: list[ObjectiveRollup], progress: float, result: CycleRollup,
                     defaults: Defaults) -> Status:
    """A team's or the company's status: the weakest of its objectives' and of the pace of its own
    progress, so it never reads better than its bar or than what the page shows inside it."""
    if result.today < result.cycle.start or not objectives:
        return Status.NOT_STARTED  # nothing written yet is not "off track"
    return weakest_with_pace((o.status for o in objectives), pace_status(progress, result.expected, defaults))


def _team(team_id: str, objectives: list[ObjectiveRollup], result: CycleRollup, defaults: Defaults) -> TeamRollup:
    progress = weighted_mean((o.progress, o.objective.weight) for o in objectives)
    grade = band = None
    if result.finished:
        grade = weighted_mean((o.grade, o.objective.weight) for o in objectives)
        band = grade_band(grade)
    return TeamRollup(team_id, objectives, progress, _status_of_group(objectives, progress, result, defaults),
                      grade, band)
