"""What each chart shows, as plain data: no matplotlib here.

A `Chart` carries everything a page needs (the file it is drawn into, its
title, its alt text in words, the same numbers as a table) and a `Drawing`:
the lines, bars, axes and colours that `draw` turns into SVG. The drawing is
all the drawer sees, so its content hash is the cache key: a chart is drawn
again only when what it shows changed.

Only visible objectives are drawn or named; team progress (as in the
roll-up's totals) may count confidential objectives, never show them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .. import routes
from ..format import forecast_text, target_text, value_text
from ..i18n import Translator
from ..model import COMPANY, Kind
from ..rollup import Band, KeyResultRollup, ObjectiveRollup, Status, grade_band, kr_progress, weighted_mean
from ..site import CycleView, Site

DRAWING_VERSION = "1"  # raise when draw.py draws the same data differently: every cached chart is redrawn

# Colour names a drawing uses; draw.py maps them to the status badges' light and dark colours.
INK, MUTED, GRID = "ink", "muted", "grid"
BAND_COLOUR = {Band.MISSED: "off_track", Band.PROGRESS: "at_risk", Band.DELIVERED: "on_track"}
WIDE = 5.4  # inches: a page column on a phone at about its own size, on a desktop at 1.5x
STATUS_ORDER = (Status.ON_TRACK, Status.DONE, Status.AT_RISK, Status.OFF_TRACK, Status.STALE, Status.NOT_STARTED)


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    ticks: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str  # a status value, or INK / MUTED / GRID
    style: str = "solid"  # solid, dashed (forecast), dotted (pace), dashdot (target)
    markers: bool = False
    label: str = ""  # written at the line's end (the number of an objective in the table)


@dataclass(frozen=True)
class Mark:
    """A milestone crossed: a diamond on the line, its share written above."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    text: str  # written at the bar's end


@dataclass(frozen=True)
class Drawing:
    kind: str  # "lines" (a time axis), "hbars" (one row per label) or "vbars"
    width: float  # inches; the page scales the SVG to its column
    height: float
    x: Axis
    y: Axis
    lines: tuple[Line, ...] = ()
    marks: tuple[Mark, ...] = ()
    bars: tuple[Bar, ...] = ()
    reference: float | None = None  # bars: a vertical (hbars) or horizontal (vbars) line: pace, or 0.7
    today: float | None = None  # lines: where today is on the time axis

    def key(self, *extra: str) -> str:
        """A content hash of what is drawn (and of anything else that changes the picture). The repr holds
        every field, nested, and floats to their last digit: the same in every process, and several times
        cheaper than JSON of `asdict` (2,700 keys on a large company)."""
        return hashlib.sha256(repr((DRAWING_VERSION, extra, self)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    name: str  # from okrsite.routes: charts/cycles/2026-Q4/teams/mobile
    title: str
    alt: str  # what the chart shows, in words
    table: Table  # the same numbers
    legend: tuple[tuple[str, str], ...]  # (kind of mark, words): value, pace, forecast, target, crossed, today
    drawing: Drawing

    @property
    def light(self) -> str:
        return routes.chart_svg(self.name)

    @property
    def dark(self) -> str:
        return routes.chart_svg(self.name, dark=True)


# --- axes ---------------------------------------------------------------------


def time_axis(start: dt.date, end: dt.date, t: Translator) -> Axis:
    """Days from the cycle's start, a tick at each month's first day (every second or third in long cycles)."""
    span = max(1, (end - start).days)
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        if (day.year, day.month) == (dt.MAXYEAR, 12):
            break  # the calendar's last month
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if not months or months[0] != start:
        months.insert(0, start)
    step = 1 if len(months) <= 6 else 2 if len(months) <= 12 else 3
    names = t.format("months")
    ticks = tuple(((d - start).days, names[d.month - 1] if d.day == 1 else f"{d.day} {names[d.month - 1]}")
                  for d in months[::step])
    return Axis(0.0, float(span), ticks)


def share_axis(t: Translator, high: float = 1.0) -> Axis:
    return Axis(0.0, high, tuple((v, t.percent(v)) for v in (0.0, 0.5, 1.0)))


def _padded(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def _day(view: CycleView, day: dt.date) -> float:
    return float((day - view.cycle.start).days)


# --- key result history: one small chart per key result ------------------------


def key_result_chart(view: CycleView, k: KeyResultRollup, t: Translator) -> Chart:
    kr = k.kr
    cycle, rollup = view.cycle, view.rollup
    end = kr.due or cycle.end
    end_x = _day(view, end)
    by_value = kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES)
    colour = k.status.value

    def y(point_value: float, progress: float) -> float:
        return point_value if by_value else progress

    values = [(_day(view, p.date), y(p.value, p.progress)) for p in k.series]
    lines, ys = [], [v for _, v in values]
    start_y = kr.start if by_value else 0.0
    goal_y = kr.target if by_value else 1.0
    if kr.kind is Kind.MAINTAIN and goal_y is not None:
        lines.append(Line(((0.0, goal_y), (_day(view, cycle.end), goal_y)), INK, "dashdot"))
        ys.append(goal_y)
        if start_y is not None:
            ys.append(start_y)
    elif start_y is not None and goal_y is not None:
        if not rollup.finished:  # graded, not paced
            lines.append(Line(((0.0, start_y), (end_x, goal_y)), MUTED, "dotted"))
        lines.append(Line(((0.0, goal_y), (_day(view, cycle.end), goal_y)), INK, "dashdot"))
        ys += [start_y, goal_y]
    forecast_y = k.forecast if by_value else k.forecast_progress
    if values and forecast_y is not None and not rollup.finished:
        lines.append(Line((values[-1], (end_x, forecast_y)), colour, "dashed"))
        ys.append(forecast_y)
    if values:
        lines.append(Line(tuple(values), colour, "solid", markers=True))
    # One mark a day: 50 % and 100 % reached at one check-in (a maintain key result jumps from 0 to 1)
    # would print two labels on one spot; the higher says both.
    reached = {day: share for share, day in sorted(k.crossed.items())}
    marks = []
    for day, share in sorted(reached.items()):
        point = next(p for p in k.series if p.date == day)
        marks.append(Mark(_day(view, day), y(point.value, point.progress), t.percent(share)))
    if by_value and ys:
        low, high = _padded(ys)
        ticks = tuple(sorted({(v, value_text(kr, v, t)) for v in (start_y, goal_y) if v is not None}))
        y_axis = Axis(low, high, ticks)
    else:
        y_axis = Axis(-0.08, 1.12, ((0.0, t.percent(0.0)), (1.0, t.percent(1.0))))
    today = None if rollup.finished or not cycle.contains(rollup.today) else _day(view, rollup.today)
    drawing = Drawing("lines", 4.2, 2.3, time_axis(cycle.start, cycle.end, t), y_axis, tuple(lines),
                      tuple(marks), today=today)
    return Chart(
        name=routes.key_result_chart(kr.objective.id, kr.id),
        title=kr.title,
        alt=_key_result_alt(view, k, t),
        table=_key_result_table(view, k, t),
        legend=_legend(t, "value", "pace" if kr.kind is not Kind.MAINTAIN and not rollup.finished else None, "target",
                       "forecast" if forecast_y is not None and values and not rollup.finished else None,
                       "crossed" if marks else None, "today" if today is not None else None),
        drawing=drawing,
    )


def _key_result_alt(view: CycleView, k: KeyResultRollup, t: Translator) -> str:
    kr = k.kr
    if kr.start is not None and kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES, Kind.MAINTAIN):
        words = [t.label("chart.kr_alt", title=kr.title, start=value_text(kr, kr.start, t), target=target_text(kr, t))]
    else:  # no start to name: a sentence without a dash standing in for it
        words = [t.label("chart.kr_alt_no_start", title=kr.title, target=target_text(kr, t))]
    if k.series:
        last = k.series[-1]
        words.append(t.label("chart.kr_alt_now", count=len(k.series), value=value_text(kr, last.value, t),
                             date=t.date(last.date), progress=t.percent(last.progress)))
    else:
        words.append(t.label("chart.kr_alt_none"))
    if not view.rollup.finished:
        words.append(t.label("chart.alt_expected", expected=t.percent(k.expected)))
        if k.forecast_progress is not None and k.series:
            shown = (forecast_text(kr, k.forecast, (p.value for p in k.series), t) if k.forecast is not None
                     else t.percent(k.forecast_progress))
            words.append(t.label("chart.kr_alt_forecast", value=shown, date=t.date(kr.due or view.cycle.end)))
        words.append(t.label("chart.alt_status", status=t.label("status." + k.status.value)))
    elif k.grade is not None:
        words.append(t.label("chart.alt_grade", grade=t.grade(k.grade)))
    for share, day in sorted(k.crossed.items()):
        words.append(t.label("chart.kr_alt_crossed", mark=t.percent(share), date=t.date(day)))
    return " ".join(words)


def _key_result_table(view: CycleView, k: KeyResultRollup, t: Translator) -> Table:
    kr = k.kr
    end = kr.due or view.cycle.end
    span = max(1, (end - view.cycle.start).days)
    start, target = kr.start, kr.target
    by_value = kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES, Kind.MAINTAIN)

    def pace(day: dt.date) -> str:
        share = min(1.0, max(0.0, (day - view.cycle.start).days / span))
        if by_value and start is not None and target is not None:
            return value_text(kr, start + (target - start) * share, t)
        return t.percent(share)

    rows: list[tuple[str, ...]] = [
        (t.date(p.date), value_text(kr, p.value, t), t.percent(p.progress), pace(p.date),
         t.percent(p.confidence) if p.confidence is not None else "–", p.note) for p in k.series]
    headers: tuple[str, ...] = (t.label("label.date"), t.label("label.value"), t.label("label.progress"),
                                t.label("chart.pace"), t.label("label.confidence"), t.label("label.note"))
    if view.rollup.finished:  # graded, not paced: no pace column, no forecast
        return Table(headers[:3] + headers[4:], tuple(row[:3] + row[4:] for row in rows))
    if k.forecast_progress is not None and k.series:
        shown = forecast_text(kr, k.forecast, (p.value for p in k.series), t) if k.forecast is not None else "–"
        rows.append((t.label("chart.forecast_on", date=t.date(end)), shown, t.percent(k.forecast_progress),
                     pace(end), "", ""))
    return Table(headers, tuple(rows))


# --- progress over a cycle: team burn-up and the company's objectives ------------


def progress_series(view: CycleView, rolled: ObjectiveRollup) -> tuple[tuple[float, float], ...]:
    """An objective's progress at the cycle's start and after each check-in of one of its key results."""
    days = sorted({p.date for k in rolled.key_results for p in k.series})
    points = [(0.0, weighted_mean((kr_progress(k.kr, k.kr.start), k.kr.weight) for k in rolled.key_results))]
    for day in days:
        shares = []
        for k in rolled.key_results:
            seen = [p for p in k.series if p.date <= day]
            shares.append((seen[-1].progress if seen else kr_progress(k.kr, k.kr.start), k.kr.weight))
        points.append((_day(view, day), weighted_mean(shares)))
    if rolled.objective.progress_from_aligned or points[-1][1] != rolled.progress:
        points.append((_day(view, min(view.rollup.today, view.cycle.end)), rolled.progress))  # the roll-up's figure
    return tuple(points)


def burnup_chart(view: CycleView, objectives: list[ObjectiveRollup], name: str, title: str,
                 t: Translator) -> Chart | None:
    if not objectives:
        return None
    rollup = view.rollup
    span = _day(view, view.cycle.end)
    lines = [] if rollup.finished else [Line(((0.0, 0.0), (span, 1.0)), MUTED, "dotted")]  # graded, not paced
    rows = []
    for number, o in enumerate(objectives, 1):
        points = progress_series(view, o)
        colour = BAND_COLOUR[o.band] if rollup.finished and o.band else o.status.value
        lines.append(Line(points, colour, "solid", markers=True, label=str(number)))
        verdict = t.grade(o.grade) if rollup.finished and o.grade is not None else t.label("status." + o.status.value)
        rows.append((str(number), o.objective.title, t.percent(o.progress), verdict))
    today = None if rollup.finished or not view.cycle.contains(rollup.today) else _day(view, rollup.today)
    drawing = Drawing("lines", WIDE, 2.5, time_axis(view.cycle.start, view.cycle.end, t), share_axis(t, 1.08),
                      tuple(lines), today=today)
    third = t.label("label.grade") if rollup.finished else t.label("label.status")
    table = Table(("#", t.label("summary.objective"), t.label("label.progress"), third), tuple(rows))
    summary = "; ".join(f"{number}. {title_} {progress} ({verdict})" for number, title_, progress, verdict in rows)
    alt = t.label("chart.burnup_alt", title=title, cycle=view.cycle.name, count=len(rows), objectives=summary)
    if not rollup.finished:
        alt += " " + t.label("chart.alt_expected", expected=t.percent(rollup.expected))
    legend = _legend(t, "value", None if rollup.finished else "pace", "today" if today is not None else None)
    return Chart(name, title, alt, table, legend, drawing)


def team_chart(view: CycleView, team: str, site: Site, t: Translator) -> Chart | None:
    return burnup_chart(view, view.rollup.visible_objectives(team), routes.team_chart(view.cycle.id, team),
                        t.label("chart.burnup", team=site.company.organisation.team_name(team)), t)


def company_progress_chart(view: CycleView, t: Translator) -> Chart | None:
    return burnup_chart(view, view.rollup.visible_objectives(COMPANY), routes.cycle_chart(view.cycle.id, "company"),
                        t.label("chart.company_progress"), t)


# --- bars: statuses, teams, grades -------------------------------------------------


def _hbars(name: str, title: str, alt: str, bars: list[Bar], x: Axis, reference: float | None,
           headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], legend) -> Chart:
    height = 0.55 + 0.24 * len(bars)
    drawing = Drawing("hbars", WIDE, round(height, 2), x, Axis(-0.6, len(bars) - 0.4), bars=tuple(bars),
                      reference=reference)
    return Chart(name, title, alt, Table(headers, tuple(rows)), legend, drawing)


def status_chart(view: CycleView, t: Translator) -> Chart | None:
    krs = [k for o in view.rollup.visible_objectives() for k in o.key_results]
    if not krs:
        return None
    counts = [(s, sum(1 for k in krs if k.status is s)) for s in STATUS_ORDER]
    top = max(c for _, c in counts) or 1
    bars = [Bar(t.label("status." + s.value), float(c), s.value, str(c)) for s, c in counts]
    words = ", ".join(f"{t.label('status.' + s.value)} {c}" for s, c in counts if c)
    alt = t.label("chart.statuses_alt", count=len(krs), cycle=view.cycle.name, statuses=words)
    rows = [(t.label("status." + s.value), str(c), t.percent(c / len(krs))) for s, c in counts]
    return _hbars(routes.cycle_chart(view.cycle.id, "statuses"), t.label("chart.statuses"), alt, bars,
                  _count_axis(top), None, (t.label("label.status"), t.label("chart.key_results"),
                                           t.label("chart.share")), rows, ())


def _count_axis(top: int) -> Axis:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if top / s <= 5)
    return Axis(0.0, top * 1.15, tuple((float(v), str(v)) for v in range(0, top + 1, step)))


def _shown_teams(view: CycleView) -> list[str]:
    """Teams with a visible objective in the cycle (a team of only confidential ones is left out, as on the page)."""
    return [team for team in view.rollup.teams if team != COMPANY and view.rollup.visible_objectives(team)]


def teams_chart(view: CycleView, site: Site, t: Translator) -> Chart | None:
    teams = _shown_teams(view)
    if not teams:
        return None
    rollup = view.rollup
    bars, rows = [], []
    for team in teams:
        rolled = rollup.teams[team]
        name = site.company.organisation.team_name(team)
        status = t.label("status." + rolled.status.value)
        bars.append(Bar(name, rolled.progress, rolled.status.value, t.percent(rolled.progress)))
        rows.append((name, t.percent(rolled.progress), status))
    words = "; ".join(f"{name} {progress} ({status})" for name, progress, status in rows)
    alt = t.label("chart.teams_alt", cycle=view.cycle.name, teams=words)
    reference = None
    if not rollup.finished:
        reference = rollup.expected
        alt += " " + t.label("chart.alt_expected", expected=t.percent(rollup.expected))
    return _hbars(routes.cycle_chart(view.cycle.id, "teams"), t.label("chart.teams"), alt, bars, share_axis(t, 1.12),
                  reference, (t.label("label.team"), t.label("label.progress"), t.label("label.status")), rows,
                  _legend(t, "pace") if reference is not None else ())


def grades_chart(view: CycleView, t: Translator) -> Chart | None:
    """How many objectives got each grade, 0.0 to 1.0 in tenths, coloured by band."""
    graded = [o.grade for o in view.rollup.visible_objectives() if o.grade is not None]
    if not view.rollup.finished or not graded:
        return None
    counts = [0] * 11
    for grade in graded:
        counts[min(10, max(0, int(grade * 10 + 0.5 + 1e-9)))] += 1
    bars = [Bar(t.grade(i / 10), float(c), BAND_COLOUR[grade_band(i / 10)], str(c) if c else "")
            for i, c in enumerate(counts)]
    top = max(counts) or 1
    drawing = Drawing("vbars", WIDE, 2.3, Axis(-0.6, 10.6, tuple((float(i), t.grade(i / 10)) for i in range(11))),
                      _count_axis(top), bars=tuple(bars), reference=None)
    bands = {band: sum(1 for g in graded if grade_band(g) is band) for band in Band}
    words = ", ".join(f"{t.label('band.' + b.value)} {n}" for b, n in bands.items())
    mean = sum(graded) / len(graded)
    alt = t.label("chart.grades_alt", cycle=view.cycle.name, count=len(graded), bands=words, mean=t.grade(mean))
    rows = tuple((t.grade(i / 10), t.label("band." + grade_band(i / 10).value), str(c))
                 for i, c in enumerate(counts) if c)
    table = Table((t.label("label.grade"), t.label("chart.band"), t.label("label.objectives")), rows)
    return Chart(routes.cycle_chart(view.cycle.id, "grades"), t.label("chart.grades"), alt, table, (), drawing)


def team_grades_chart(view: CycleView, site: Site, t: Translator) -> Chart | None:
    rollup = view.rollup
    graded = [(team, r.grade, r.band) for team in _shown_teams(view)
              if (r := rollup.teams[team]).grade is not None and r.band is not None]
    if not rollup.finished or not graded:
        return None
    bars, rows = [], []
    for team, grade, band in graded:
        name = site.company.organisation.team_name(team)
        bars.append(Bar(name, grade, BAND_COLOUR[band], t.grade(grade)))
        rows.append((name, t.grade(grade), t.label("band." + band.value)))
    words = "; ".join(f"{name} {grade} ({band})" for name, grade, band in rows)
    alt = t.label("chart.team_grades_alt", cycle=view.cycle.name, teams=words)
    x = Axis(0.0, 1.12, tuple((v, t.grade(v)) for v in (0.0, 0.3, 0.7, 1.0)))
    return _hbars(routes.cycle_chart(view.cycle.id, "team-grades"), t.label("chart.team_grades"), alt, bars, x, 0.7,
                  (t.label("label.team"), t.label("label.grade"), t.label("chart.band")), rows,
                  _legend(t, "sweet_spot"))


def _legend(t: Translator, *kinds: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((kind, t.label("chart.legend." + kind)) for kind in kinds if kind)
