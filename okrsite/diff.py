"""`okrsite diff BASE HEAD`: what a change does in OKR terms, as Markdown.

Both revisions' content trees are read from git (no checkout), loaded and
checked like `okrsite check` does, rolled up at the same `today`, and
compared: objectives and key results added, removed or renamed, values
checked in, the roll-up before and after, and a warning when a target or a
start moves in a cycle that has already begun. Confidential and draft
objectives never appear.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import git
from .diagnostics import Diagnostic, Report
from .format import target_text, value_text
from .i18n import Translator
from .load import MARKDOWN, YAML, shown_path
from .model import Company, KeyResult, Location, Objective, Organisation
from .rollup import rollup_cycle
from .validate import check


class DiffError(Exception):
    """A revision that is not there, or a content folder outside git: a usage error."""


@dataclass
class Side:
    label: str  # the revision as given, e.g. origin/main
    commit: str
    company: Company | None
    errors: list[Diagnostic] = field(default_factory=list)


def load_revisions(content: Path, base: str, head: str, today: dt.date, t: Translator) -> tuple[Side, Side]:
    place = git.locate(content) if content.is_dir() else None
    if place is None:
        raise DiffError(t.label("diff.not_in_git", content=content))
    sides = []
    for revision in (base, head):
        commit = git.commit_of(place.top, revision)
        if commit is None:
            raise DiffError(t.label("diff.unknown_revision", revision=revision))
        sides.append(_load_side(place, revision, commit, content, today, t))
    return sides[0], sides[1]


def _load_side(place: git.Place, label: str, commit: str, content: Path, today: dt.date, t: Translator) -> Side:
    with tempfile.TemporaryDirectory(prefix="okrsite-diff-") as folder:
        tree = Path(folder) / "content"
        tree.mkdir()
        if not git.export_tree(place.top, commit, place.prefix, tree, (*MARKDOWN, *YAML)):
            # The revision before okrsite was adopted: everything is new.
            return Side(label, commit, Company(Organisation(company="")))
        report = Report(t)
        company = check(tree, today, report)
        shown, instead = shown_path(tree), shown_path(content)
        errors = [
            Diagnostic(Location(instead + d.location.path[len(shown):], d.location.line, d.location.col),
                       d.severity, d.code, d.message, d.hint)
            if d.location.path.startswith(shown) else d
            for d in report.sorted() if d.severity == "error"
        ]
        return Side(label, commit, None if errors else company, errors)


# --- the comparison ----------------------------------------------------------


# The characters Markdown (and GitHub's) reads as links, images, emphasis, HTML, entities, mentions or tables,
# and the parts of bare addresses GitHub would turn into links (`https://`, `www.`).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&@])|(?<=:)(/)|(?<=\bwww)(\.)", re.IGNORECASE)


def _md(text: str) -> str:
    """Content text (a title, a name, a unit) as Markdown that shows it as written and does nothing else."""
    return _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(0), " ".join(str(text).split()))


def _shown(company: Company) -> dict[str, Objective]:
    return {o.id: o for o in company.objectives.values() if o.visible}


def render_diff(base: Side, head: Side, today: dt.date, t: Translator) -> str:
    """The Markdown report of what HEAD changes against BASE (both loaded without errors)."""
    before, after = base.company, head.company
    if before is None or after is None:
        raise ValueError("render_diff compares two sides loaded without errors")
    old, new = _shown(before), _shown(after)
    lines = [f"## {t.label('diff.title', base=base.label, head=head.label)}", ""]
    sections = [
        _goalposts(after, old, new, today, t),
        _objectives(after, old, new, t),
        _key_results(after, old, new, today, t),
        _checkins(before, after, new, t),
        _rollup(before, after, today, t),
    ]
    sections = [s for s in sections if s]
    if not sections:
        lines.append(t.label("diff.nothing"))
    for section in sections:
        lines += section + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _where(company: Company, objective: Objective) -> str:
    return f"{_md(company.organisation.team_name(objective.team))} · {_md(objective.title)}"


def _objectives(after: Company, old: dict, new: dict, t: Translator) -> list[str]:
    lines = []
    for objective_id in sorted(new.keys() - old.keys()):
        o = new[objective_id]
        team_name = _md(after.organisation.team_name(o.team))
        lines.append(f"- {t.label('diff.added')}: **{_md(o.title)}** ({team_name}, {o.cycle}, `{o.id}`)")
    for objective_id in sorted(old.keys() - new.keys()):
        o = old[objective_id]
        lines.append(f"- {t.label('diff.removed')}: **{_md(o.title)}** ({o.cycle}, `{o.id}`)")
    for objective_id in sorted(old.keys() & new.keys()):
        if old[objective_id].title != new[objective_id].title:
            was, now = _md(old[objective_id].title), _md(new[objective_id].title)
            lines.append(f"- {t.label('diff.renamed')}: {was} → **{now}** (`{objective_id}`)")
    return [f"### {t.label('diff.objectives')}", "", *lines] if lines else []


def _krs(objective: Objective) -> dict[str, KeyResult]:
    return {kr.id: kr for kr in objective.key_results}


def _moved(old_kr: KeyResult, new_kr: KeyResult, t: Translator) -> list[str]:
    """'target 70 → 75', 'start 42 → 40': the goalposts that changed."""
    changes = []
    if old_kr.target != new_kr.target or old_kr.maintain_above != new_kr.maintain_above:
        changes.append(f"{t.label('diff.target')} {_md(target_text(old_kr, t))} → {_md(target_text(new_kr, t))}")
    if old_kr.start != new_kr.start:
        changes.append(f"{t.label('diff.start')} {_md(value_text(old_kr, old_kr.start, t))} → "
                       f"{_md(value_text(new_kr, new_kr.start, t))}")
    return changes


def _key_results(after: Company, old: dict, new: dict, today: dt.date, t: Translator) -> list[str]:
    lines = []
    for objective_id in sorted(old.keys() & new.keys()):
        o_old, o_new = old[objective_id], new[objective_id]
        krs_old, krs_new = _krs(o_old), _krs(o_new)
        where = _where(after, o_new)
        for kr_id in [k for k in krs_new if k not in krs_old]:
            lines.append(f"- {t.label('diff.added')}: {where} · **{_md(krs_new[kr_id].title)}** (`{kr_id}`)")
        for kr_id in [k for k in krs_old if k not in krs_new]:
            lines.append(f"- {t.label('diff.removed')}: {where} · **{_md(krs_old[kr_id].title)}** (`{kr_id}`)")
        for kr_id in [k for k in krs_new if k in krs_old]:
            a, b = krs_old[kr_id], krs_new[kr_id]
            if a.title != b.title:
                lines.append(f"- {t.label('diff.renamed')}: {where} · {_md(a.title)} → **{_md(b.title)}** (`{kr_id}`)")
            moved = _moved(a, b, t)
            if moved and not _begun(after, o_new, today):  # begun: in the warning above
                lines.append(f"- {t.label('diff.changed')}: {where} · **{_md(b.title)}**: {', '.join(moved)}")
    return [f"### {t.label('diff.key_results')}", "", *lines] if lines else []


def _begun(company: Company, objective: Objective, today: dt.date) -> bool:
    cycle = company.organisation.cycles.get(objective.cycle)
    return cycle is not None and cycle.start <= today


def _goalposts(after: Company, old: dict, new: dict, today: dt.date, t: Translator) -> list[str]:
    lines = []
    for objective_id in sorted(old.keys() & new.keys()):
        o_old, o_new = old[objective_id], new[objective_id]
        if not _begun(after, o_new, today):
            continue
        krs_old = _krs(o_old)
        for kr in o_new.key_results:
            if kr.id in krs_old:
                moved = _moved(krs_old[kr.id], kr, t)
                if moved:
                    cycle = after.organisation.cycles[o_new.cycle]
                    lines.append(f"> - {_where(after, o_new)} · **{_md(kr.title)}** (`{kr.id}`): {', '.join(moved)} "
                                 f"({t.label('diff.began', cycle=_md(cycle.name), date=t.date(cycle.start))})")
    if not lines:
        return []
    return ["> [!WARNING]", f"> **{t.label('diff.goalposts')}**", ">", *lines]


def _checkins(before: Company, after: Company, new: dict, t: Translator) -> list[str]:
    had = {(c.id, v.kr): v.value for c in before.checkins for v in c.values}
    previous: dict[str, float] = {}  # each KR's last value so far, walking HEAD's check-ins in date order
    lines = []
    for checkin in after.checkins:
        for value in checkin.values:
            objective_id = value.kr.partition("#")[0]
            kr = after.key_result(value.kr)
            was = previous.get(value.kr, kr.start if kr else None)
            previous[value.kr] = value.value
            if objective_id not in new or kr is None or had.get((checkin.id, value.kr)) == value.value:
                continue
            author = f", {_md(after.organisation.person_name(checkin.author))}" if checkin.author else ""
            lines.append(f"- {_where(after, new[objective_id])} · **{_md(kr.title)}**: {_md(value_text(kr, was, t))} → "
                         f"{_md(value_text(kr, value.value, t))} ({t.date(checkin.date)}{author})")
    return [f"### {t.label('diff.checkins')}", "", *lines] if lines else []


def _rollup(before: Company, after: Company, today: dt.date, t: Translator) -> list[str]:
    """Each team's and visible objective's progress and status, before → after, where it changed."""
    lines = []
    for cycle_id, cycle in after.organisation.cycles.items():
        if cycle_id not in before.organisation.cycles:
            continue
        was, now = rollup_cycle(before, cycle_id, today), rollup_cycle(after, cycle_id, today)
        rows = []
        if (was.company_progress, was.company_status) != (now.company_progress, now.company_status) and now.teams:
            rows.append(_change(after.organisation.company, was.company_progress, was.company_status,
                                now.company_progress, now.company_status, t))
        for team_id, team in now.teams.items():
            old_team = was.teams.get(team_id)
            if old_team is None:
                continue
            objective_rows = []
            for rolled in team.objectives:
                old_rolled = was.objectives.get(rolled.objective.id)
                if rolled.visible and old_rolled is not None and old_rolled.visible:
                    row = _change(_md(rolled.objective.title), old_rolled.progress, old_rolled.status,
                                  rolled.progress, rolled.status, t)
                    if row:
                        objective_rows.append("  " + row)
            name = _md(after.organisation.team_name(team_id))
            team_row = _change(name, old_team.progress, old_team.status, team.progress, team.status, t)
            if team_row or objective_rows:
                rows.append(team_row or f"- **{name}**")
                rows += objective_rows
        if rows:
            lines += [f"**{_md(cycle.name)}**", "", *rows, ""]
    if not lines:
        return []
    return [f"### {t.label('diff.rollup', date=t.date(today))}", "", *lines[:-1]]


def _change(name: str, progress_was: float, status_was, progress: float, status, t: Translator) -> str:
    """'- **Mobile**: 42% → 55%, at risk → on track', or '' when nothing shows a change."""
    parts = []
    if t.percent(progress_was) != t.percent(progress):
        parts.append(f"{t.percent(progress_was)} → {t.percent(progress)}")
    if status_was != status:
        parts.append(f"{t.label('status.' + status_was.value)} → {t.label('status.' + status.value)}")
    return f"- **{name}**: {', '.join(parts)}" if parts else ""


def render_errors(side: Side, t: Translator) -> str:
    lines = [t.label("diff.errors", revision=side.label, commit=side.commit[:12])]
    lines += [f"  {d}" for d in side.errors]
    return "\n".join(lines) + "\n"
