"""`okrsite.yml`: the company, its cycles, people, teams and defaults."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..diagnostics import Report
from ..model import COMPANY, Cycle, Defaults, Lints, Organisation, Person, Team
from ..numbers import POINT, STYLES, NumberStyle
from .fields import Fields, suggest, type_name
from .names import reserved_id
from .source import SourceFile

ORGANISATION_KEYS = ("company", "fiscal_year_start", "cycles", "people", "teams", "defaults", "number_style")
CYCLE_KEYS = ("id", "name", "start", "end")
CYCLE_KINDS = ("quarter", "half", "year", "other")  # Cycle.kind
PERSON_KEYS = ("name", "email", "title")
TEAM_KEYS = ("name", "lead", "members", "parent")
DEFAULT_KEYS = (
    "on_track", "at_risk", "stale_after_days", "confidence_scale", "confidence_at_risk",
    "confidence_off_track", "company_progress", "include_confidential", "main_cycle", "lints",
)
LINT_KEYS = ("min_key_results", "max_key_results", "max_objectives", "measurable_target", "owner", "stale")

_QUARTER = re.compile(r"^(?P<fy>FY)?(?P<year>\d{2}|\d{4})(?:-(?P<part>[QH])(?P<n>\d))?$")


def cycle_dates(cycle_id: str, fiscal_year_start: int) -> tuple[dt.date, dt.date, bool] | None:
    """Start, inclusive end and yearliness of a named cycle: 2026-Q3, 2026, FY27-Q1, 2026-H2."""
    match = _QUARTER.match(cycle_id)
    if not match:
        return None
    year = int(match["year"])
    if len(match["year"]) == 2:
        if not match["fy"]:
            return None
        year += 2000
    first_month = 1
    if match["fy"] and fiscal_year_start != 1:
        year -= 1  # a fiscal year is named by the calendar year it ends in
        first_month = fiscal_year_start
    if match["part"] is None:
        months, offset, yearly = 12, 0, True
    else:
        n = int(match["n"])
        months = 3 if match["part"] == "Q" else 6
        if not 1 <= n <= 12 // months:
            return None
        offset, yearly = (n - 1) * months, False
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # FY0001 begins in year 0
        return None
    start = _add_months(dt.date(year, first_month, 1), offset)
    last = _add_months(start, months - 1)  # the last month; its last day, not the next month's first less one
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])  # 9999-Q4 ends on 9999-12-31
    return start, end, yearly


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def read_organisation(source: SourceFile, report: Report, style: NumberStyle = POINT) -> Organisation:
    """`style`: the number style of the site's language, unless okrsite.yml declares its own."""
    top = Fields(source, (), source.meta, report, "okrsite.yml", ORGANISATION_KEYS)
    organisation = Organisation(company=top.text("company", required=True, example="Nordlys AB") or "")
    organisation.number_style = top.style = STYLES[top.choice("number_style", list(STYLES), style.name)]
    fiscal = top.number("fiscal_year_start", 1, 12)
    if fiscal is not None:
        organisation.fiscal_year_start = int(fiscal)
    organisation.cycles = _cycles(top, organisation.fiscal_year_start)
    organisation.people = _people(top)
    organisation.teams = _teams(top, organisation.people)
    defaults = top.mapping("defaults", "defaults", DEFAULT_KEYS)
    if defaults:
        organisation.defaults = _defaults(defaults)
    organisation.unreadable = _declared(top) - {*organisation.cycles, *organisation.people, *organisation.teams}
    return organisation


def _declared(top: Fields) -> frozenset[str]:
    """Every cycle, person and team id okrsite.yml names as declared, read or not."""
    cycles = top.raw("cycles") if isinstance(top.raw("cycles"), list) else []
    ids = [item.get("id") if isinstance(item, dict) else item for item in cycles]
    for key in ("people", "teams"):
        ids += list(top.raw(key)) if isinstance(top.raw(key), dict) else []
    return frozenset(str(i) for i in ids if isinstance(i, (str, int)) and not isinstance(i, bool))


def _cycles(top: Fields, fiscal_year_start: int) -> dict[str, Cycle]:
    cycles: dict[str, Cycle] = {}
    for index, item in enumerate(top.list("cycles")):
        if isinstance(item, (str, int)) and not isinstance(item, bool):
            item = {"id": str(item)}
            entry = Fields(top.source, ("cycles", index), item, top.report, "a cycle", CYCLE_KEYS)
        else:
            child = top.child("cycles", index, "a cycle", CYCLE_KEYS)
            if child is None:
                continue
            entry = child
        cycle_id = entry.text("id", required=True, example="2026-Q4")
        if cycle_id is None:
            continue
        location = entry.at("id") if isinstance(top.raw("cycles")[index], dict) else entry.at()
        if cycle_id in cycles:
            top.report.error(location, "duplicate-id", kind="cycle", id=cycle_id, other=cycles[cycle_id].location)
            continue
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", cycle_id):
            top.report.error(location, "bad-id", field="id", value=cycle_id, suggestion=None)
            continue
        if reserved_id(cycle_id):
            top.report.error(location, "reserved-id", value=cycle_id)
            continue
        start, end = entry.date("start"), entry.date("end")
        named = cycle_dates(cycle_id, fiscal_year_start)
        if start is None or end is None:
            if entry.has("start") or entry.has("end"):
                continue  # a bad date was reported already
            if named is None:
                top.report.error(location, "cycle-needs-dates", id=cycle_id)
                continue
            start, end, yearly = named
        else:
            yearly = named[2] if named else (end - start).days > 200
        if end < start:
            top.report.error(entry.at("end"), "cycle-ends-before-start", id=cycle_id, start=start, end=end)
            continue
        name = entry.text("name") or cycle_id
        cycles[cycle_id] = Cycle(cycle_id, name, start, end, yearly, location)
    if not cycles and top.raw("cycles") is None:
        top.missing("cycles", "[2026-Q3, 2026-Q4]")
    return cycles


def _people(top: Fields) -> dict[str, Person]:
    people: dict[str, Person] = {}
    raw = top.raw("people")
    if raw is None:
        return people
    if not isinstance(raw, dict):
        top.wrong_type("people", "a mapping of person ids to names")
        return people
    for person_id, value in raw.items():
        person_id = str(person_id)
        if not top.check_ident(person_id, "people", person_id):
            continue
        if isinstance(value, str):
            people[person_id] = Person(person_id, value.strip() or person_id)
            continue
        if value is None:
            people[person_id] = Person(person_id, person_id)
            continue
        if not isinstance(value, dict):
            top.report.error(top.at("people", person_id), "wrong-type", field=person_id, where="people",
                             expected="a name or a mapping with name, email, title", got=type_name(value))
            continue
        entry = Fields(top.source, ("people", person_id), value, top.report, "a person", PERSON_KEYS)
        people[person_id] = Person(
            person_id, entry.text("name") or person_id, entry.text("email") or "", entry.text("title") or ""
        )
    return people


def _teams(top: Fields, people: dict[str, Person]) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    raw = top.raw("teams")
    if raw is None:
        top.missing("teams", "mobile: {name: Mobile, lead: bjorn}")
        return teams
    if not isinstance(raw, dict):
        top.wrong_type("teams", "a mapping of team ids to teams")
        return teams
    declared = _declared(top)
    for team_id, value in raw.items():
        team_id = str(team_id)
        if not top.check_ident(team_id, "teams", team_id):
            continue
        if team_id == COMPANY:
            top.report.error(top.source.key_at("teams", team_id), "reserved-team", id=COMPANY)
            continue
        if not isinstance(value, dict):
            top.report.error(top.at("teams", team_id), "wrong-type", field=team_id, where="teams",
                             expected="a mapping with name, lead, members, parent", got=type_name(value))
            continue
        entry = Fields(top.source, ("teams", team_id), value, top.report, ("team '{team}'", {"team": team_id}),
                       TEAM_KEYS)
        team = Team(team_id, entry.text("name") or team_id, location=top.source.key_at("teams", team_id))
        team.lead = _person(entry, "lead", people, declared)
        team.members = [m for i, m in enumerate(entry.idents("members"))
                        if _known_person(entry, m, people, i, declared=declared)]
        team.parent = entry.ident("parent")
        teams[team_id] = team
    for team in teams.values():
        if team.parent and team.parent not in teams:
            if team.parent not in declared:
                top.report.error(top.at("teams", team.id, "parent"), "unknown-reference", kind="team",
                                 ref=team.parent, suggestion=suggest(team.parent, teams))
            team.parent = None
    for team in teams.values():  # department loops would hang every tree view
        seen, node = {team.id}, team
        while node.parent:
            if node.parent in seen:
                top.report.error(top.at("teams", team.id, "parent"), "team-parent-cycle", id=team.id)
                team.parent = None
                break
            seen.add(node.parent)
            node = teams[node.parent]
    return teams


def _person(entry: Fields, key: str, people: dict[str, Person], declared: frozenset[str]) -> str | None:
    person = entry.text(key)
    if person is None:
        return None
    return person if _known_person(entry, person, people, declared=declared) else None


def _known_person(entry: Fields, person: str, people: dict[str, Person], index: int | None = None, key=None,
                  declared: frozenset[str] = frozenset()) -> bool:
    if person in people:
        return True
    if person in declared:
        return False  # declared, and reported where it is declared
    field = key or ("members" if index is not None else "lead")
    more = (index,) if index is not None else ()
    entry.report.error(entry.at(field, *more), "unknown-reference", kind="person", ref=person,
                       suggestion=suggest(person, people))
    return False


def _defaults(entry: Fields) -> Defaults:
    defaults = Defaults()
    for key in ("on_track", "at_risk", "confidence_at_risk", "confidence_off_track"):
        value = entry.number(key, 0, 1)
        if value is not None:
            setattr(defaults, key, value)
    stale = entry.number("stale_after_days", 1, 366)
    if stale is not None:
        defaults.stale_after_days = int(stale)
    scale = entry.number("confidence_scale", 1, 10)
    if scale is not None:
        if scale not in (1, 10):
            entry.report.error(entry.at("confidence_scale"), "bad-choice", field="confidence_scale", value=scale,
                               choices="1, 10", suggestion=None)
        else:
            defaults.confidence_scale = int(scale)
    defaults.company_progress = entry.choice("company_progress", ("objectives", "aligned"), "objectives")
    defaults.include_confidential = entry.boolean("include_confidential", True)
    defaults.main_cycle = entry.choice("main_cycle", CYCLE_KINDS, "quarter")
    lints = entry.mapping("lints", "lints", LINT_KEYS)
    if lints:
        for key in ("min_key_results", "max_key_results", "max_objectives"):
            if lints.raw(key) is False:
                setattr(defaults.lints, key, None)
            else:
                value = lints.number(key, 0, 1000)
                if value is not None:
                    setattr(defaults.lints, key, int(value))
        for key in ("measurable_target", "owner", "stale"):
            setattr(defaults.lints, key, lints.boolean(key, getattr(Lints(), key)))
    return defaults
