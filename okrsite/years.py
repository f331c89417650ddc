"""The year view: each team's score in every cycle of a year, with its trend.

Plain data gathered from the site's roll-ups (no HTML, no MkDocs): a yearly
cycle with the shorter cycles inside it, or a calendar year for cycles outside
any; a running cycle shows its progress so far.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import COMPANY
from .site import CycleView, Site


@dataclass(frozen=True)
class YearCell:
    view: CycleView
    score: float | None  # grade once ended, progress so far while running; None: nothing there
    finished: bool
    trend: int  # +1 up, -1 down, 0 level or nothing to compare with (against the previous cycle)


@dataclass(frozen=True)
class YearRow:
    team: str
    cells: list[YearCell]  # one per cycle of the year, in order
    year: YearCell | None  # the yearly cycle's, when there is one


@dataclass(frozen=True)
class Year:
    id: str  # the yearly cycle's id (2026, FY27), or the calendar year
    name: str
    cycles: list[CycleView]  # the shorter cycles of the year, oldest first
    yearly: CycleView | None
    rows: list[YearRow]


def years(site: Site) -> list[Year]:
    """Each yearly cycle with the shorter cycles inside it; calendar years for cycles outside any."""
    found: list[Year] = []
    placed: set[str] = set()
    for view in site.cycles:
        if view.cycle.yearly:
            inside = [v for v in site.cycles if not v.cycle.yearly
                      and view.cycle.start <= v.cycle.start and v.cycle.end <= view.cycle.end]
            placed.update(v.cycle.id for v in inside)
            found.append(_year(site, view.cycle.id, view.cycle.name, inside, view))
    loose: dict[int, list[CycleView]] = {}
    for view in site.cycles:
        if not view.cycle.yearly and view.cycle.id not in placed:
            loose.setdefault(view.cycle.start.year, []).append(view)
    taken = {y.id for y in found}
    for year, views in sorted(loose.items()):
        if str(year) not in taken:
            found.append(_year(site, str(year), str(year), views, None))
    return sorted(found, key=lambda y: ((y.yearly or y.cycles[0]).cycle.start, y.id))


def _year(site: Site, year_id: str, name: str, cycles: list[CycleView], yearly: CycleView | None) -> Year:
    rows = []
    for team in [COMPANY, *site.company.organisation.teams]:
        cells, previous = [], None
        for view in cycles:
            cell = _cell(view, team, previous)
            cells.append(cell)
            if cell.score is not None:
                previous = cell.score
        whole = _cell(yearly, team, None) if yearly else None
        if any(c.score is not None for c in cells) or (whole and whole.score is not None):
            rows.append(YearRow(team, cells, whole))
    return Year(year_id, name, cycles, yearly, rows)


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
