"""`okrsite new objective`: a ready-to-edit objective file for a team."""

from __future__ import annotations

from pathlib import Path

from ..i18n import Translator
from ..load.fields import ID_PATTERN, slugify
from ..model import COMPANY, Company, Cycle
from . import AuthoringError
from .files import write_new
from .place import check_team
from .templates import KeyResultDraft, render_file


def write_objective(company: Company, content: Path, team: str, cycle: Cycle, title: str | None,
                    slug: str | None, t: Translator) -> Path:
    check_team(company, team, t)
    title = title or t.label("new.objective_title")
    slug = slug or slugify(title)
    if not ID_PATTERN.match(slug):
        raise AuthoringError(t.label("new.bad_id", id=slug, suggestion=slugify(slug)))
    organisation = company.organisation
    lead = organisation.teams[team].lead if team in organisation.teams else None
    parents = sorted(o.id.removeprefix(cycle.id + "/") for o in company.objectives.values()
                     if o.cycle == cycle.id and o.team == COMPANY and o.visible and team != COMPANY)
    examples = [
        KeyResultDraft("first-result", t.label("new.example_kr_increase"), [("start", 0), ("target", 100)]),
        KeyResultDraft("second-result", t.label("new.example_kr_boolean"), [("kind", "boolean")]),
    ]
    text = render_file("objective.md", title=title, owner=lead, aligns_to=[], weight=1, visibility="public",
                       progress_from_aligned=False, key_results=examples,
                       notes=[t.label("new.align_to_one", choices=", ".join(parents))] if parents else [],
                       body=t.label("new.objective_body"))
    path = content / cycle.id / team / f"{slug}.md"
    if path.exists() or not write_new(path, text):
        raise AuthoringError(t.label("new.exists", path=path))
    return path
