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


def site_files(site: Site, urls: Urls = Urls()) -> dict[str, str]:
    """Every export file by its path in the site."""
    files = {
        routes.OKRS_JSON: json.dumps(okrs(site, urls), ensure_ascii=False, separators=(",", ":")) + "\n",
        routes.OKRS_SCHEMA: schema_text(),
        **{name: schema_text(name) for name in routes.CONTENT_SCHEMAS},
    }
    for view in site.cycles:
        files[routes.cycle_csv(view.cycle.id)] = cycle_csv(site, view)
    return files


def schema_text(name: str = routes.OKRS_SCHEMA) -> str:
    return (resources.files("okrsite") / "schema" / name).read_text("utf-8")


# --- okrs.json ---------------------------------------------------------------


def okrs(site: Site, urls: Urls = Urls()) -> dict:
    """The whole roll-up as plain data (see okrs.schema.json for every field)."""
    organisation = site.company.organisation
    url = urls.absolute
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
        "cycles": [_cycle(site, view, url) for view in site.cycles],
    }


def _cycle(site: Site, view: CycleView, url) -> dict:
    r = view.rollup
    shown = r.visible_objectives()
    teams_shown = {o.objective.team for o in shown}
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
        "objectives": [_objective(site, o, url) for o in shown],
        "checkins": [_checkin(e) for e in reversed(view.entries)],
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


def cycle_csv(site: Site, view: CycleView) -> str:
    """One row per visible key result of the cycle; numbers as plain decimals, dates as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in view.rollup.visible_objectives():
        objective = o.objective
        for k in o.key_results:
            kr = k.kr
            writer.writerow([
                view.cycle.id, objective.team, _text(site.company.organisation.team_name(objective.team)), objective.id,
                _text(objective.title), kr.id, _text(kr.title), kr.kind.value,
                _number(kr.start), _number(k.current), _number(kr.target), _text(kr.unit), kr.currency,
                _number(k.progress), _number(k.expected), k.status.value,
                _number(k.confidence), _number(k.grade), kr.owner or "",
                k.last_checkin.isoformat() if k.last_checkin else "",
            ])
    return out.getvalue()


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
