"""The site's data for other tools: `okrs.json` (the whole roll-up, in the
versioned schema `schema/okrs.schema.json`, shipped beside it) and one CSV of
key results per cycle.

Read from the site's data (`site.Site`), so a file says what the pages say:
confidential and draft objectives are not in it, and the totals count
confidential objectives exactly as the dashboard does (`confidential_counted`
says how many). No MkDocs, no clock: the same content and `today` give the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib import resources

from . import routes
from .model import KeyResult, Kind
from .rollup import KeyResultRollup, ObjectiveRollup
from .routes import Urls
from .site import CycleView, Entry, Site

SCHEMA_VERSION = 1
CSV_COLUMNS = (
    "cycle", "team", "team_name", "objective_id", "objective", "kr_id", "key_result", "kind", "start", "current",
    "target", "unit", "currency", "progress", "expected", "status", "confidence", "grade", "owner", "last_checkin",
)


def site_files(site: Site, urls: Urls = Urls(), before: dict | None = None, made: dict | None = None) -> dict[str, str]:
    """Every export file by its path in the site. `okrsite serve` passes the texts of objectives and
    check-ins its last build made (`made`, when its settings were the same) as `before`, and one to fill."""
    reuse = _Reuse(before, made)
    files = {
        routes.OKRS_JSON: _okrs_text(site, urls, reuse),
        routes.OKRS_SCHEMA: schema_text(),
        **{name: schema_text(name) for name in routes.CONTENT_SCHEMAS},
    }
    for view in site.cycles:
        files[routes.cycle_csv(view.cycle.id)] = cycle_csv(site, view, reuse)
    return files


class _Reuse:
    """Texts by the identity of what they were made of, and what else they read: an unchanged
    objective's roll-up or check-in entry (the serve keeps them between builds) is not written again."""

    def __init__(self, before: dict | None = None, made: dict | None = None):
        self.before = before or {}
        self.made = made  # None: a build with no next one keeps nothing

    def text(self, kind: str, thing: object, also: object, make: Callable[..., str], *args) -> str:
        """`make(*args)`'s text, or the last build's when made of the same `thing` (and `also`)."""
        if self.made is None:
            return make(*args)
        key = (kind, id(thing))
        found = self.before.get(key)
        if found is None or found[0] is not thing or found[1] != also:
            found = (thing, also, make(*args))
        self.made[key] = found
        return found[2]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def schema_text(name: str = routes.OKRS_SCHEMA) -> str:
    return (resources.files("okrsite") / "schema" / name).read_text("utf-8")


# --- okrs.json ---------------------------------------------------------------


def okrs(site: Site, urls: Urls = Urls()) -> dict:
    """The whole roll-up as plain data (see okrs.schema.json for every field)."""
    return {**_okrs_head(site), "cycles": [_cycle(site, view, urls.absolute) for view in site.cycles]}


def _okrs_text(site: Site, urls: Urls, reuse: _Reuse) -> str:
    """`okrs` as compact JSON and a line end, made of the texts of its parts (the same bytes) in one join:
    each `+` of the whole would copy it (tens of MB on a large company)."""
    parts = [_json(_okrs_head(site))[:-1], ',"cycles":[']
    for number, view in enumerate(site.cycles):
        parts.append("," if number else "")
        parts.extend(_cycle_parts(site, view, urls.absolute, reuse))
    parts.append("]}\n")
    return "".join(parts)


def _okrs_head(site: Site) -> dict:
    organisation = site.company.organisation
    return {
        "$schema": routes.OKRS_SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "company": organisation.company,
        "as_of": site.today.isoformat(),
        "current_cycle": site.current.cycle.id if site.current else None,
        "people": [
            {"id": p.id, "name": p.name, "title": p.title or None, "email": p.email or None}
            for p in organisation.people.values()
        ],
        "teams": [
            {"id": team.id, "name": team.name, "parent": team.parent, "lead": team.lead, "members": list(team.members)}
            for team in organisation.teams.values()
        ],
    }


def _cycle(site: Site, view: CycleView, url) -> dict:
    return {
        **_cycle_head(site, view, url),
        "objectives": [_objective(site, o, url) for o in view.rollup.visible_objectives()],
        "checkins": [_checkin(e) for e in reversed(view.entries)],
    }


def _cycle_parts(site: Site, view: CycleView, url, reuse: _Reuse) -> list[str]:
    parts = [_json(_cycle_head(site, view, url))[:-1], ',"objectives":[']
    for number, o in enumerate(view.rollup.visible_objectives()):
        parts.append("," if number else "")
        parts.append(reuse.text("json", o, _refs_shown(site, o), _objective_json, site, o, url))
    parts.append('],"checkins":[')
    for number, e in enumerate(reversed(view.entries)):
        parts.append("," if number else "")
        parts.append(reuse.text("json", e, None, _checkin_json, e))
    parts.append("]}")
    return parts


def _objective_json(site: Site, o: ObjectiveRollup, url) -> str:
    return _json(_objective(site, o, url))


def _checkin_json(entry: Entry) -> str:
    return _json(_checkin(entry))


def _refs_shown(site: Site, o: ObjectiveRollup) -> tuple:
    """What an objective's part reads besides its roll-up: which objectives it names are shown."""
    return (tuple(_shown_refs(site, o.objective.aligns_to)),
            tuple(tuple(_shown_refs(site, k.kr.depends_on)) for k in o.key_results))


def _cycle_head(site: Site, view: CycleView, url) -> dict:
    r = view.rollup
    teams_shown = {o.objective.team for o in r.visible_objectives()}
    return {
        "id": view.cycle.id,
        "name": view.cycle.name,
        "start": view.cycle.start.isoformat(),
        "end": view.cycle.end.isoformat(),
        "yearly": view.cycle.yearly,
        "current": view.current,
        "finished": r.finished,
        "expected": r.expected,
        "days_left": r.days_left,
        "progress": r.company_progress,
        "status": r.company_status.value,
        "grade": r.company_grade,
        "confidential_counted": r.hidden,
        "url": url(view.dashboard),
        "csv": routes.cycle_csv(view.cycle.id),
        "teams": [
            {"id": team_id, "name": site.company.organisation.team_name(team_id), "progress": team.progress,
             "status": team.status.value, "grade": team.grade, "band": team.band.value if team.band else None,
             "url": url(view.team_page(team_id))}
            for team_id, team in r.teams.items() if team_id in teams_shown
        ],
    }


def _objective(site: Site, o: ObjectiveRollup, url) -> dict:
    objective = o.objective
    retro = objective.retrospective
    return {
        "id": objective.id,
        "title": objective.title,
        "team": objective.team,
        "owner": objective.owner,
        "aligns_to": _shown_refs(site, objective.aligns_to),
        "weight": objective.weight,
        "progress": o.progress,
        "expected": o.expected,
        "status": o.status.value,
        "grade": o.grade,
        "computed_grade": o.computed_grade,
        "band": o.band.value if o.band else None,
        "retrospective": None if retro is None else {
            "grade": retro.grade, "reason": retro.reason or None, "reached": retro.reached or None,
            "helped": retro.helped or None, "blocked": retro.blocked or None, "change": retro.change or None,
            "learned": retro.learned or None,
        },
        "url": url(routes.objective(objective.id)),
        "key_results": [_key_result(site, k) for k in o.key_results],
    }


def _shown_refs(site: Site, refs: list[str]) -> list[str]:
    """References to visible objectives only: a confidential one's id is not shown either."""
    return [ref for ref in refs if ref.partition("#")[0] in site.objectives]


def _key_result(site: Site, k: KeyResultRollup) -> dict:
    kr = k.kr
    return {
        "id": kr.id,
        "ref": kr.ref,
        "title": kr.title,
        "kind": kr.kind.value,
        "unit": kr.unit or None,
        "currency": kr.currency or None,
        "start": kr.start,
        "target": kr.target,
        "maintain": _maintain(kr),
        "owner": kr.owner,
        "weight": kr.weight,
        "due": kr.due.isoformat() if kr.due else None,
        "kpi": kr.kpi or None,
        "depends_on": _shown_refs(site, kr.depends_on),
        "milestones": [
            {"id": m.id, "title": m.title, "weight": m.weight, "done": m.id in k.done_milestones}
            for m in kr.milestones
        ],
        "current": k.current,
        "progress": k.progress,
        "expected": k.expected,
        "status": k.status.value,
        "confidence": k.confidence,
        "last_checkin": k.last_checkin.isoformat() if k.last_checkin else None,
        "forecast": k.forecast,
        "forecast_progress": k.forecast_progress,
        "grade": k.grade,
        "series": [
            {"date": p.date.isoformat(), "value": p.value, "progress": p.progress, "confidence": p.confidence,
             "note": p.note or None, "checkin": p.checkin}
            for p in k.series
        ],
    }


def _maintain(kr: KeyResult) -> str | None:
    if kr.kind is not Kind.MAINTAIN:
        return None
    return "at_least" if kr.maintain_above else "at_most"


def _checkin(entry: Entry) -> dict:
    c = entry.checkin
    return {
        "id": c.id,
        "team": c.team,
        "date": c.date.isoformat(),
        "author": c.author,
        "confidence": c.confidence,
        "moves": [
            {"kr": m.kr.ref, "before": m.before, "after": m.after, "progress": m.progress,
             "confidence": m.confidence, "note": m.note or None}
            for m in entry.moves
        ],
        "wins": list(c.wins),
        "blockers": list(c.blockers),
        "actions": [
            {"text": a.text, "owner": a.owner, "due": a.due.isoformat() if a.due else None, "done": a.done}
            for a in c.actions
        ],
    }


# --- CSV per cycle -------------------------------------------------------------


def cycle_csv(site: Site, view: CycleView, reuse: _Reuse | None = None) -> str:
    """One row per visible key result of the cycle; numbers as plain decimals, dates as YYYY-MM-DD."""
    reuse = reuse or _Reuse()
    rows = [_csv_rows([CSV_COLUMNS])]
    for o in view.rollup.visible_objectives():
        rows.append(reuse.text("csv", o, None, _objective_csv, site, view, o))
    return "".join(rows)


def _objective_csv(site: Site, view: CycleView, o: ObjectiveRollup) -> str:
    return _csv_rows(_objective_rows(site, view, o))


def _csv_rows(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _objective_rows(site: Site, view: CycleView, o: ObjectiveRollup) -> list[list]:
    objective = o.objective
    team_name = _text(site.company.organisation.team_name(objective.team))
    return [
        [
            view.cycle.id, objective.team, team_name, objective.id,
            _text(objective.title), k.kr.id, _text(k.kr.title), k.kr.kind.value,
            _number(k.kr.start), _number(k.current), _number(k.kr.target), _text(k.kr.unit), k.kr.currency,
            _number(k.progress), _number(k.expected), k.status.value,
            _number(k.confidence), _number(k.grade), k.kr.owner or "",
            k.last_checkin.isoformat() if k.last_checkin else "",
        ]
        for k in o.key_results
    ]


def _text(value: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) starts with an apostrophe instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value: float | None) -> str:
    """'' for none, '42' for a whole number, else up to 10 significant digits: '0.6153846154'."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"
