"""The site's structure: which pages exist, where, and the data each one shows.

Plain data, no MkDocs and no HTML: `render` turns each `SitePage` into
Markdown with a theme template, and the plugin hands them to MkDocs.

The running cycle has the short addresses (`/`, `/teams/mobile/`,
`/alignment/`, `/changelog/`); every other cycle keeps its own under
`/cycles/<cycle>/` and `/teams/<team>/<cycle>/`. Objectives keep the address
of their file, whatever the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import quarter
from .i18n import Translator
from .model import COMPANY, CheckIn, Company, Cycle, KeyResult, Objective
from .rollup import CycleRollup, KeyResultRollup, ObjectiveRollup, Status, current_cycle, rollup_cycle

@dataclass
class SitePage:
    src: str  # the page's path below the docs folder, e.g. teams/mobile/index.md
    title: str
    template: str  # a template in the theme's okrsite/ folder
    context: dict = field(default_factory=dict)
    hide: tuple[str, ...] = ("toc",)  # Material's sidebars to leave out: wide tables need the room


@dataclass
class Move:
    """What one check-in did to one key result."""

    kr: KeyResult
    before: float | None  # the previous value, or the start
    after: float
    progress: float
    confidence: float | None
    note: str


@dataclass
class Entry:
    """A check-in as the changelog shows it: visible key results only."""

    checkin: CheckIn
    moves: list[Move]


@dataclass
class CycleView:
    """One cycle's roll-up with its pages' addresses."""

    cycle: Cycle
    rollup: CycleRollup
    current: bool
    entries: list[Entry]  # newest first
    by_team: dict[str, list[Entry]] = field(default_factory=dict)
    by_objective: dict[str, list[Entry]] = field(default_factory=dict)  # each with that objective's moves only

    def __post_init__(self):
        for entry in self.entries:
            self.by_team.setdefault(entry.checkin.team, []).append(entry)
            moved: dict[str, list[Move]] = {}
            for move in entry.moves:
                moved.setdefault(move.kr.objective.id, []).append(move)
            for objective_id, moves in moved.items():
                self.by_objective.setdefault(objective_id, []).append(Entry(entry.checkin, moves))

    @property
    def dashboard(self) -> str:
        return "index.md" if self.current else f"cycles/{self.cycle.id}/index.md"

    @property
    def alignment(self) -> str:
        return "alignment/index.md" if self.current else f"cycles/{self.cycle.id}/alignment.md"

    @property
    def changelog(self) -> str:
        return "changelog/index.md" if self.current else f"cycles/{self.cycle.id}/changelog.md"

    def team_page(self, team: str) -> str:
        return f"teams/{team}/index.md" if self.current else f"teams/{team}/{self.cycle.id}.md"


@dataclass
class Site:
    company: Company
    today: dt.date
    cycles: list[CycleView]  # oldest first
    current: CycleView | None
    objectives: dict[str, tuple[CycleView, ObjectiveRollup]]  # every visible objective
    pages: list[SitePage] = field(default_factory=list)
    # Indexes the pages ask again and again: built once, so a page costs the same in a large company.
    children: dict[str, list[tuple[CycleView, ObjectiveRollup]]] = field(default_factory=dict)
    dependents: dict[str, list[KeyResult]] = field(default_factory=dict)  # by KR ref
    owned: dict[str, list[tuple[CycleView, ObjectiveRollup, list[KeyResultRollup]]]] = field(default_factory=dict)
    history: object = None  # okrsite.history.History (targets and starts from git), None when not read
    years: list[quarter.Year] = field(default_factory=list)  # the year views

    def __post_init__(self):
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

    def objective_page(self, objective_id: str) -> str:
        return f"{objective_id}.md"


def build_site(company: Company, today: dt.date, t: Translator) -> Site:
    organisation = company.organisation
    current = current_cycle(organisation, today)
    views = []
    for cycle in sorted(organisation.cycles.values(), key=lambda c: (c.start, -(c.end - c.start).days)):
        rolled = rollup_cycle(company, cycle.id, today)
        views.append(CycleView(cycle, rolled, cycle is current, _entries(company, rolled)))
    current_view = next((v for v in views if v.current), None)
    objectives = {
        o.objective.id: (view, o) for view in views for o in view.rollup.objectives.values() if o.visible
    }
    site = Site(company, today, views, current_view, objectives)
    site.years = quarter.years(site)
    site.pages = _pages(site, t)
    return site


def _entries(company: Company, rolled: CycleRollup) -> list[Entry]:
    """The cycle's check-ins, newest first, showing only what may be shown.

    A check-in is hidden when everything it touched is confidential."""
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
        moves = []
        for value in checkin.values:
            k = series.get(value.kr)
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
    entries.sort(key=lambda e: (e.checkin.date, e.checkin.id), reverse=True)
    return entries


def _pages(site: Site, t: Translator) -> list[SitePage]:
    organisation = site.company.organisation
    pages = [
        SitePage("teams/index.md", t.label("nav.teams"), "teams.html"),
        SitePage("people/index.md", t.label("nav.people"), "people.html"),
        SitePage("cycles/index.md", t.label("nav.cycles"), "cycles.html"),
    ]
    for view in site.cycles:
        context = {"view": view}
        for src, label, template, hide in (
            (view.dashboard, "nav.dashboard", "dashboard.html", ("navigation", "toc")),
            (view.alignment, "nav.alignment", "alignment.html", ("toc",)),
            (view.changelog, "nav.changelog", "changelog.html", ("toc",)),
        ):
            title = t.label(label) if view.current else t.label("page.of_cycle", page=t.label(label),
                                                                  cycle=view.cycle.name)
            pages.append(SitePage(src, title, template, context, hide))
        teams_here = {o.objective.team for o in view.rollup.visible_objectives()}
        for team_id in [COMPANY, *organisation.teams]:
            if team_id in teams_here or (view.current and team_id != COMPANY):
                name = team_name(site, team_id)
                title = name if view.current else t.label("page.of_cycle", page=name, cycle=view.cycle.name)
                pages.append(SitePage(view.team_page(team_id), title, "team.html", {"view": view, "team": team_id}))
    for objective_id, (view, rolled) in site.objectives.items():
        pages.append(SitePage(site.objective_page(objective_id), rolled.objective.title, "objective.html",
                              {"view": view, "rolled": rolled}, hide=()))
    for person in organisation.people.values():
        pages.append(SitePage(f"people/{person.id}.md", person.name, "person.html", {"person": person}))
    # The all-hands page of each cycle that has begun, and the year views
    for view in site.cycles:
        if quarter.has_all_hands(view):
            pages.append(SitePage(quarter.all_hands_page(view), t.label("allhands.title", cycle=view.cycle.name),
                                  "allhands.html", {"view": view, "hands": quarter.all_hands(site, view)},
                                  ("navigation", "toc")))
    for year in site.years:
        pages.append(SitePage(year.src, t.label("year.title", year=year.name), "year.html", {"year": year}))
    return pages


# --- questions the templates ask -------------------------------------------


def team_name(site: Site, team_id: str) -> str:
    if team_id == COMPANY:
        return site.company.organisation.company
    return site.company.organisation.teams[team_id].name


def children_of(site: Site, objective_id: str) -> list[tuple[CycleView, ObjectiveRollup]]:
    """Visible objectives aligned to an objective or one of its key results."""
    return site.children.get(objective_id, [])


def team_members(site: Site, team_id: str) -> list[str]:
    team = site.company.organisation.teams.get(team_id)
    if team is None:
        return []
    return sorted(set(team.members) | ({team.lead} if team.lead else set()), key=lambda p: p != team.lead)


def subteams(site: Site, team_id: str) -> list[str]:
    return [t.id for t in site.company.organisation.teams.values() if t.parent == team_id]


def owned_by(site: Site, person: str) -> list[tuple[CycleView, ObjectiveRollup, list[KeyResultRollup]]]:
    """Objectives a person owns, or owns key results of, newest cycle first."""
    return site.owned.get(person, [])


def open_actions(site: Site, person: str | None = None, team: str | None = None):
    """Actions from the running cycle's check-ins, soonest due first."""
    if site.current is None:
        return []
    actions = [
        (entry.checkin, action)
        for entry in site.current.entries
        for action in entry.checkin.actions
        if not action.done and (person is None or action.owner == person)
        and (team is None or entry.checkin.team == team)
    ]
    return sorted(actions, key=lambda pair: (pair[1].due or dt.date.max, pair[0].date))


def attention(view: CycleView) -> list[tuple[ObjectiveRollup, KeyResultRollup]]:
    """Key results that are off track, at risk or stale: what needs a look."""
    worrying = (Status.OFF_TRACK, Status.AT_RISK, Status.STALE)
    found = [(o, k) for o in view.rollup.visible_objectives() for k in o.key_results if k.status in worrying]
    return sorted(found, key=lambda pair: (pair[1].status.rank, pair[1].progress))


def dependents_of(site: Site, kr: KeyResult) -> list[KeyResult]:
    return site.dependents.get(kr.ref, [])


def entries_of(view: CycleView, objective: Objective | None = None, team: str | None = None) -> list[Entry]:
    """A cycle's check-ins of one team, or those that moved one objective (its moves only)."""
    if objective is not None:
        return view.by_objective.get(objective.id, [])
    return view.by_team.get(team, []) if team else view.entries


def alignment_roots(site: Site, view: CycleView) -> tuple[list[ObjectiveRollup], list[ObjectiveRollup]]:
    """The tops of a cycle's alignment tree, and the objectives outside it.

    A top aligns to nothing in this cycle and is the company's own or has
    supporters; the rest align to nothing here and support nothing."""
    shown = view.rollup.visible_objectives()
    here = {o.objective.id for o in shown}
    tops = [o for o in shown if not any(ref.partition("#")[0] in here for ref in o.objective.aligns_to)]
    tree = [o for o in tops if o.objective.team == COMPANY or children_of(site, o.objective.id)]
    in_tree = {o.objective.id for o in tree}
    return tree, [o for o in tops if o.objective.id not in in_tree]
