"""What a page shows, as a plain value: `build` renders a page again only when its value differs from
the last build's (`okrsite serve` keeps that build between edits).

A value is made of what the page's template reads, taken from the model field by field (text,
numbers with their type, dates, tuples), so `==` between two builds says whether the page could
differ. A location counts for nothing: no page shows a line. Anything else (a view, an object
this module does not know) never equals anything, so its page is rendered. A template not listed
in `READS` is rendered on every build; one that starts to read something new must say so here
(tests/test_live.py compares the preview with clean builds after many kinds of edit).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import fields, is_dataclass

from .model import CheckIn, KeyResult, Location
from .site import CycleView, Site, SitePage


class Values:
    """Plain values of model objects, each object made into one once per build."""

    def __init__(self, before: Values | None = None):
        """`before`: the last build's, when nothing it made values of has changed since but what is new
        (`build` compares the settings, and the `added` of every key result, the one field set after
        loading): an object that is still there has the same value, found at once, so that two pages
        made of the same objects compare equal at the first element."""
        self._made: dict[int, tuple[object, object]] = {}  # by id; the object kept so its id stays its own
        self._before = before._made if before is not None else {}
        self._fields: dict[type, tuple[str, ...]] = {}
        self._plain = set(_PLAIN)  # and the enums met

    def keep_only_own(self) -> None:
        """Forget the last build's values not asked again: what the next build gets is this one's alone."""
        self._before = {}

    def __call__(self, thing):
        kind = type(thing)
        if kind in self._plain:
            return thing
        made = self._made.get(id(thing))
        if made is None:
            made = self._before.get(id(thing))  # the object is held there, so the id is still its own
            if made is not None:
                self._made[id(thing)] = made
        if made is not None:
            return made[1]
        if kind is int:  # 1 and 1.0 are equal but print differently
            return "int", thing
        if kind is Location:  # no page shows a line
            return None
        if issubclass(kind, enum.Enum):
            self._plain.add(kind)
            return thing
        value = self._value(thing)
        self._made[id(thing)] = (thing, value)
        return value

    def _value(self, thing):
        plain = self._plain
        if isinstance(thing, (list, tuple)):
            return tuple([item if type(item) in plain else self(item) for item in thing])
        if isinstance(thing, dict):
            return tuple([(self(key), item if type(item) in plain else self(item)) for key, item in thing.items()])
        if isinstance(thing, (set, frozenset)):
            return frozenset(self(item) for item in thing)
        kind = type(thing)
        if kind is CycleView:  # which cycle: its pages' addresses, whether it runs and has an all-hands page
            return "view", self(thing.cycle), thing.current, thing.has_all_hands  # the rest: its page's reader
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = _compared_fields(kind)
        if not names:
            return object()  # unknown, or a view compared by identity: equal to nothing, so the page is rendered
        value = [kind.__name__]
        for name in names:
            item = getattr(thing, name)
            value.append(item if type(item) in plain else self(item))
        if kind is KeyResult:
            value.append(thing.ref)  # its objective's id
        return tuple(value)


_PLAIN = {str, float, bool, type(None), dt.date}


# Fields no page prints: a check-in's values show through the roll-ups and moves a page holds (an objective's
# page shows the moves of its own key results), its body through its wins and blockers.
_NOT_SHOWN: dict[type, tuple[str, ...]] = {CheckIn: ("values", "body")}


def _compared_fields(kind: type) -> tuple[str, ...]:
    if not is_dataclass(kind) or not kind.__dataclass_params__.eq:  # type: ignore[attr-defined]
        return ()
    hidden = _NOT_SHOWN.get(kind, ())
    return tuple(f.name for f in fields(kind)
                 if f.compare and f.type not in ("Location", Location) and f.name not in hidden)


def _cycle(view: CycleView, v: Values) -> tuple:
    """What every page of a cycle reads of it: its name and dates, whether it runs, its pace."""
    return v(view.cycle), view.current, view.rollup.finished, v(view.rollup.expected)


def _chart(chart, v: Values):
    """What a page shows of a chart (okrsite/_charts.html): not the drawing, only its size."""
    if chart is None:
        return None
    return (chart.name, chart.title, chart.alt, v(chart.table), v(chart.legend), v(chart.drawing.width),
            v(chart.drawing.height))


def _shown(site: Site, objective_id: str, v: Values):
    found = site.objectives.get(objective_id)
    return None if found is None else (v(found[0].cycle), v(found[1]))


def _objective(context: dict, site: Site, charts, v: Values) -> tuple:
    view, rolled = context["view"], context["rolled"]
    objective = rolled.objective
    return (
        _cycle(view, v), v(rolled),
        tuple(_shown(site, ref.partition("#")[0], v) for ref in objective.aligns_to),
        tuple((v(child_view.cycle), v(child)) for child_view, child in site.children_of(objective.id)),
        tuple(v(site.dependents_of(k.kr)) for k in rolled.key_results),
        tuple(_shown(site, ref.partition("#")[0], v) for k in rolled.key_results for ref in k.kr.depends_on),
        tuple(_chart(charts.key_result(view, k), v) for k in rolled.key_results),
        v(view.entries_of(objective=objective)),
    )


def _team(context: dict, site: Site, charts, v: Values) -> tuple:
    view, team = context["view"], context["team"]
    teams = view.rollup.teams
    return (
        # the team's roll-up holds all its objectives, so also the visible ones the page lists
        _cycle(view, v), v(teams.get(team)), tuple(v(teams.get(child)) for child in site.subteams(team)),
        v(view.entries_of(team=team)),
        tuple((other.cycle.id, other.has_team_page(team)) for other in site.cycles),
        _chart(charts.team(view, team), v), v(context.get("checkin")),
    )


def _changelog(context: dict, site: Site, charts, v: Values) -> tuple:
    view = context["view"]
    return _cycle(view, v), len(view.entries), v(context["entries"]), context["part"], tuple(context["parts"])


def _person(context: dict, site: Site, charts, v: Values) -> tuple:
    person = context["person"]
    owned = tuple((v(view.cycle), view.rollup.finished, v(rolled), v(krs))
                  for view, rolled, krs in site.owned_by(person.id))
    return v(person), owned, v(site.open_actions(person=person.id))


def _charts(found, v: Values) -> tuple:
    return tuple(_chart(chart, v) for chart in found)


def _dashboard(context: dict, site: Site, charts, v: Values) -> tuple:
    view = context["view"]
    return (
        _cycle(view, v), v(view.rollup), v(view.entries[:8]), v(site.running_besides(view)),
        _charts(charts.company(view) + charts.cycle_end(view), v) if charts else None,
    )


def _alignment(context: dict, site: Site, charts, v: Values) -> tuple:
    """The cycle's visible objectives, and every objective below them in the tree (of any cycle), each with
    its children in order; the objectives the loose ones align to."""
    view = context["view"]
    shown = view.rollup.visible_objectives()
    tree, todo, seen = [], list(shown), {id(o) for o in shown}
    while todo:
        children = site.children_of(todo.pop(0).objective.id)
        tree.append(tuple((v(child_view), v(child)) for child_view, child in children))
        for _, child in children:
            if id(child) not in seen:
                seen.add(id(child))
                todo.append(child)
    aligned = tuple(_shown(site, ref.partition("#")[0], v) for o in shown for ref in o.objective.aligns_to)
    return _cycle(view, v), v(shown), tuple(tree), aligned


def _all_hands(context: dict, site: Site, charts, v: Values) -> tuple:
    view = context["view"]
    return (_cycle(view, v), v(view.rollup), v(context["hands"]),
            _charts(charts.cycle_end(view), v) if charts else None)


def _year(context: dict, site: Site, charts, v: Values) -> tuple:
    return (v(context["year"]),)  # its cells hold the scores; of each cycle, the addresses (`CycleView`)


def _cycles(context: dict, site: Site, charts, v: Values) -> tuple:
    rows = tuple((v(view), _cycle(view, v), v(view.rollup.company_progress), v(view.rollup.company_status),
                  v(view.rollup.company_grade), bool(view.rollup.visible_objectives())) for view in site.cycles)
    return rows, tuple((year.id, year.name) for year in context["years"])


def _teams(context: dict, site: Site, charts, v: Values) -> tuple | None:
    view = site.current  # the people and teams themselves are in the settings
    return None if view is None else (v(view), _cycle(view, v), v(view.rollup.teams))


def _people(context: dict, site: Site, charts, v: Values) -> tuple:
    return tuple((person, len(site.owned_by(person))) for person in site.company.organisation.people)


def _digest(context: dict, site: Site, charts, v: Values) -> tuple:
    digest = context["digest"]  # the rest of the context: functions of what it holds and the settings
    r = digest.view.rollup
    return _cycle(digest.view, v), v((r.company_progress, r.company_status, r.company_grade, r.days_left)), v(digest)


# By template: what it reads besides the site-wide settings (`build` compares those first).
READS: dict[str, Callable[[dict, Site, object, Values], tuple | None]] = {
    "objective.html": _objective,
    "team.html": _team,
    "changelog.html": _changelog,
    "person.html": _person,
    "dashboard.html": _dashboard,
    "alignment.html": _alignment,
    "allhands.html": _all_hands,
    "year.html": _year,
    "cycles.html": _cycles,
    "teams.html": _teams,
    "people.html": _people,
    "digest.html": _digest,
}


def page_inputs(page: SitePage, site: Site, charts, v: Values) -> tuple | None:
    """The page's value, or None: render it on every build."""
    read = READS.get(page.template)
    if read is None:
        return None
    return page.src, page.title, page.template, page.hide, read(page.context, site, charts, v)
