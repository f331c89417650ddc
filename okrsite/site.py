"""The site model: each cycle's roll-up with its check-ins, the indexes pages ask, and the pages to make.

Plain data, no MkDocs and no HTML, frozen once built: `build` decides the
pages (`SitePage`) from it and renders each into Markdown with a theme
template. Where a page lives is `routes`' to say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import routes
from .history import History
from .model import COMPANY, Action, CheckIn, Company, Cycle, KeyResult, Objective
from .rollup import CycleRollup, KeyResultRollup, ObjectiveRollup, Status, current_cycle, rollup_cycle

CHANGELOG_PART = 100  # check-ins a changelog page shows; older ones go to its next part


@dataclass(frozen=True)
class SitePage:
    src: str  # the page's path below the docs folder, e.g. teams/mobile/index.md
    title: str
    template: str  # a template in the theme's okrsite/ folder
    context: dict = field(default_factory=dict)  # what the template shows, besides the site
    hide: tuple[str, ...] = ("toc",)  # Material's sidebars to leave out: wide tables need the room


@dataclass(frozen=True)
class Move:
    """What one check-in did to one key result."""

    kr: KeyResult
    before: float | None  # the previous value, or the start
    after: float
    progress: float
    confidence: float | None
    note: str


@dataclass(frozen=True)
class Entry:
    """A check-in as the changelog shows it: visible key results only."""

    checkin: CheckIn
    moves: list[Move]


@dataclass(frozen=True, eq=False)  # a view is itself: compared by identity
class CycleView:
    """One cycle's roll-up with its check-ins and its pages' addresses."""

    cycle: Cycle
    rollup: CycleRollup
    current: bool
    entries: list[Entry]  # newest first
    by_team: dict[str, list[Entry]] = field(default_factory=dict)
    by_objective: dict[str, list[Entry]] = field(default_factory=dict)  # each with that objective's moves only
    teams_shown: set[str] = field(default_factory=set)  # teams with visible objectives in the cycle
    changelog_place: dict[str, int] = field(default_factory=dict)  # check-in id -> its place in `entries`
    # Each shown check-in's entry by check-in id, with the key result roll-ups it was made from (see `_entries`).
    made_of: dict[str, tuple[CheckIn, tuple, Entry]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.teams_shown.update(o.objective.team for o in self.rollup.visible_objectives())
        for place, entry in enumerate(self.entries):
            self.changelog_place.setdefault(entry.checkin.id, place)
        for entry in self.entries:
            self.by_team.setdefault(entry.checkin.team, []).append(entry)
            moved: dict[str, list[Move]] = {}
            for move in entry.moves:
                moved.setdefault(move.kr.objective.id, []).append(move)
            for objective_id, moves in moved.items():
                self.by_objective.setdefault(objective_id, []).append(Entry(entry.checkin, moves))

    @property
    def _routed(self) -> str | None:
        return None if self.current else self.cycle.id

    @property
    def dashboard(self) -> str:
        return routes.dashboard(self._routed)

    @property
    def alignment(self) -> str:
        return routes.alignment(self._routed)

    @property
    def changelog(self) -> str:
        return routes.changelog(self._routed)

    def changelog_parts(self) -> list[tuple[str, list[Entry]]]:
        """The changelog's pages, newest check-ins first: a large company's year is many pages, not one."""
        size = CHANGELOG_PART
        chunks = [self.entries[i:i + size] for i in range(0, len(self.entries), size)] or [[]]
        return [(routes.changelog(self._routed, number), chunk) for number, chunk in enumerate(chunks, 1)]

    def changelog_of(self, checkin_id: str) -> str:
        """The changelog page that shows a check-in."""
        return routes.changelog(self._routed, self.changelog_place.get(checkin_id, 0) // CHANGELOG_PART + 1)

    @property
    def all_hands(self) -> str:
        return routes.all_hands(self.cycle.id)

    def team_page(self, team: str) -> str:
        return routes.team(team, self._routed)

    @property
    def has_all_hands(self) -> bool:
        """A cycle that has begun has one; an upcoming one has nothing to show yet."""
        return self.rollup.today >= self.cycle.start

    def has_team_page(self, team: str) -> bool:
        """A team with visible objectives in the cycle has a page; in the running cycle every team has."""
        return team in self.teams_shown or (self.current and team != COMPANY)

    def attention(self) -> list[tuple[ObjectiveRollup, KeyResultRollup]]:
        """Key results that are off track, at risk or stale: what needs a look."""
        worrying = (Status.OFF_TRACK, Status.AT_RISK, Status.STALE)
        found = [(o, k) for o in self.rollup.visible_objectives() for k in o.key_results if k.status in worrying]
        return sorted(found, key=lambda pair: (pair[1].status.rank, pair[1].progress))

    def entries_of(self, objective: Objective | None = None, team: str | None = None) -> list[Entry]:
        """The check-ins of one team, or those that moved one objective (its moves only)."""
        if objective is not None:
            return self.by_objective.get(objective.id, [])
        return self.by_team.get(team, []) if team else self.entries


@dataclass(frozen=True, eq=False)
class Site:
    company: Company
    today: dt.date
    cycles: list[CycleView]  # oldest first
    current: CycleView | None
    objectives: dict[str, tuple[CycleView, ObjectiveRollup]]  # every visible objective
    history: History | None = None  # targets and starts from git; None when not read
    # Indexes the pages ask again and again: built once, so a page costs the same in a large company.
    children: dict[str, list[tuple[CycleView, ObjectiveRollup]]] = field(default_factory=dict)
    dependents: dict[str, list[KeyResult]] = field(default_factory=dict)  # by KR ref
    owned: dict[str, list[tuple[CycleView, ObjectiveRollup, list[KeyResultRollup]]]] = field(default_factory=dict)
    actions: list[tuple[CheckIn, Action]] = field(default_factory=list)  # the running cycle's open ones, soonest first
    actions_of: dict[str, list[tuple[CheckIn, Action]]] = field(default_factory=dict)  # by owner, soonest first

    def __post_init__(self):
        if self.current is not None:
            still_open = [(entry.checkin, action) for entry in self.current.entries
                          for action in entry.checkin.actions if not action.done]
            self.actions.extend(sorted(still_open, key=lambda pair: (pair[1].due or dt.date.max, pair[0].date)))
            for checkin, action in self.actions:
                if action.owner:
                    self.actions_of.setdefault(action.owner, []).append((checkin, action))
        for view, rolled in self.objectives.values():
            for parent in {ref.partition("#")[0] for ref in rolled.objective.aligns_to}:
                self.children.setdefault(parent, []).append((view, rolled))
            owners: dict[str, list[KeyResultRollup]] = {}
            if rolled.objective.owner:
                owners[rolled.objective.owner] = []
            for k in rolled.key_results:
                for ref in k.kr.depends_on:
                    self.dependents.setdefault(ref, []).append(k.kr)
                if k.kr.owner:
                    owners.setdefault(k.kr.owner, []).append(k)
            for person, krs in owners.items():
                self.owned.setdefault(person, []).append((view, rolled, krs))
        for found in self.owned.values():
            found.sort(key=lambda item: (item[0].cycle.start, item[1].objective.id), reverse=True)

    # --- questions the pages ask ---------------------------------------------

    def children_of(self, objective_id: str) -> list[tuple[CycleView, ObjectiveRollup]]:
        """Visible objectives aligned to an objective or one of its key results."""
        return self.children.get(objective_id, [])

    def team_members(self, team_id: str) -> list[str]:
        team = self.company.organisation.teams.get(team_id)
        if team is None:
            return []
        # the lead first, then the members in the order written: never a set's order, which moves with the hash seed
        written = [team.lead] if team.lead else []
        return list(dict.fromkeys([*written, *team.members]))

    def running_besides(self, view: CycleView) -> list[CycleView]:
        """The other cycles running today, shortest first: a year, a half, a campaign beside the quarter."""
        running = [v for v in self.cycles if v is not view and v.cycle.contains(self.today)]
        return sorted(running, key=lambda v: ((v.cycle.end - v.cycle.start).days, v.cycle.start))

    def subteams(self, team_id: str) -> list[str]:
        return [t.id for t in self.company.organisation.teams.values() if t.parent == team_id]

    def owned_by(self, person: str) -> list[tuple[CycleView, ObjectiveRollup, list[KeyResultRollup]]]:
        """Objectives a person owns, or owns key results of, newest cycle first."""
        return self.owned.get(person, [])

    def open_actions(self, person: str | None = None, team: str | None = None):
        """Actions from the running cycle's check-ins, soonest due first."""
        actions = self.actions if person is None else self.actions_of.get(person, [])
        return [(checkin, action) for checkin, action in actions if team is None or checkin.team == team]

    def dependents_of(self, kr: KeyResult) -> list[KeyResult]:
        return self.dependents.get(kr.ref, [])

    def alignment_roots(self, view: CycleView) -> tuple[list[ObjectiveRollup], list[ObjectiveRollup]]:
        """The tops of a cycle's alignment tree, and the objectives outside it.

        A top aligns to nothing in this cycle and is the company's own or has
        supporters; the rest align to nothing here and support nothing."""
        shown = view.rollup.visible_objectives()
        here = {o.objective.id for o in shown}
        tops = [o for o in shown if not any(ref.partition("#")[0] in here for ref in o.objective.aligns_to)]
        tree = [o for o in tops if o.objective.team == COMPANY or self.children_of(o.objective.id)]
        in_tree = {o.objective.id for o in tree}
        return tree, [o for o in tops if o.objective.id not in in_tree]


def build_site(company: Company, today: dt.date, history: History | None = None, before: Site | None = None) -> Site:
    """`before`: the last site of `okrsite serve`, when its settings were the same (see `rollup_cycle`)."""
    organisation = company.organisation
    current = current_cycle(organisation, today)
    views_before = {view.cycle.id: view for view in before.cycles} if before is not None else {}
    views = []
    for cycle in sorted(organisation.cycles.values(), key=lambda c: (c.start, -(c.end - c.start).days)):
        view_before = views_before.get(cycle.id)
        rolled = rollup_cycle(company, cycle.id, today, view_before.rollup if view_before else None)
        made_of: dict[str, tuple[CheckIn, tuple, Entry]] = {}
        entries = _entries(company, rolled, view_before.made_of if view_before else {}, made_of)
        views.append(CycleView(cycle, rolled, cycle is current, entries, made_of=made_of))
    current_view = next((v for v in views if v.current), None)
    objectives = {
        o.objective.id: (view, o) for view in views for o in view.rollup.objectives.values() if o.visible
    }
    return Site(company, today, views, current_view, objectives, history)


def _entries(company: Company, rolled: CycleRollup, made_before: dict[str, tuple[CheckIn, tuple, Entry]],
             made_of: dict[str, tuple[CheckIn, tuple, Entry]]) -> list[Entry]:
    """The cycle's check-ins, newest first, showing only what may be shown.

    A check-in is hidden when everything it touched is confidential. An entry is all made of the check-in
    and the roll-ups of the key results it names (neither changes once made): one made of the same objects
    by the last build (`made_before`, `okrsite serve`'s) is taken as it is. Only entries with moves are
    kept (in `made_of`): those are shown whatever else is hidden."""
    series: dict[str, KeyResultRollup] = {
        k.kr.ref: k for o in rolled.objectives.values() if o.visible for k in o.key_results
    }
    # Every confidential or draft KR of the company, not only this cycle's: a check-in dated in
    # a yearly cycle too may name only another cycle's confidential KRs.
    hidden = {kr.ref for o in company.objectives.values() if not o.visible for kr in o.key_results}
    entries = []
    for checkin in company.checkins:
        if not rolled.cycle.contains(checkin.date) or checkin.date > rolled.today:
            continue
        rollups = tuple(series.get(value.kr) for value in checkin.values)
        kept = made_before.get(checkin.id)
        if kept is not None and kept[0] is checkin and all(a is b for a, b in zip(kept[1], rollups, strict=True)):
            made_of[checkin.id] = kept
            entries.append(kept[2])
            continue
        moves = []
        for k in rollups:
            if k is None:
                continue
            points = k.series
            index = next((i for i, p in enumerate(points) if p.checkin == checkin.id), None)
            if index is None:
                continue
            point = points[index]
            before = points[index - 1].value if index else k.kr.start
            moves.append(Move(k.kr, before, point.value, point.progress, point.confidence, point.note))
        touched_hidden = any(value.kr in hidden for value in checkin.values)
        if moves or not touched_hidden:
            entries.append(Entry(checkin, moves))
            if moves:
                made_of[checkin.id] = (checkin, rollups, entries[-1])
    entries.sort(key=lambda e: (e.checkin.date, e.checkin.id), reverse=True)
    return entries
