"""`okrsite new cycle`: the previous cycle's unfinished objectives, carried into the next
with each key result starting where it ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..format import plain_number, written_number
from ..i18n import Translator
from ..load.fields import suggest
from ..model import Company, Cycle, KeyResult, Kind, Objective, Visibility
from ..numbers import POINT, NumberStyle
from ..rollup import keeps_a_level, rollup_cycle
from . import AuthoringError
from .files import write_new
from .templates import KeyResultDraft, render_file


@dataclass
class Carry:
    """One unfinished objective of the previous cycle and the key results that come along."""

    objective: Objective
    progress: float
    key_results: list[tuple[KeyResult, float, float | None, tuple[str, ...]]]  # kr, progress, last value, done
    chosen: list[str] = field(default_factory=list)  # KR ids that come along

    @property
    def short_id(self) -> str:
        return f"{self.objective.team}/{self.objective.slug}"


def unfinished(company: Company, previous: str, today: dt.date) -> list[Carry]:
    """The previous cycle's objectives not fully reached, with their unfinished key results.
    Drafts never come along (they were never committed to)."""
    rolled = rollup_cycle(company, previous, today)
    found = []
    for _, o in sorted(rolled.objectives.items()):
        if o.objective.visibility is Visibility.DRAFT:
            continue
        # a level to hold (maintain, or start = target) is never finished: it comes along while it holds
        open_krs = [(k.kr, k.progress, k.current, k.done_milestones) for k in o.key_results
                    if k.progress < 1.0 or keeps_a_level(k.kr)]
        if open_krs:
            found.append(Carry(o.objective, o.progress, open_krs, [k.id for k, *_ in open_krs]))
    return found


def select(carries: list[Carry], objectives: list[str], key_results: list[str], t: Translator) -> list[Carry]:
    """Keep the objectives named (team/slug or the full id) and, when key results are
    named (objective#kr), only those key results of their objectives."""
    by_name = {}
    for named in carries:
        by_name[named.short_id] = by_name[named.objective.id] = named
    wanted: list[Carry] = []
    for name in objectives:
        if name not in by_name:
            raise AuthoringError(t.label("new.unknown_objective", name=name,
                                         choices=", ".join(c.short_id for c in carries) or "–"))
        if by_name[name] not in wanted:
            wanted.append(by_name[name])
    picked: dict[str, list[str]] = {}
    for ref in key_results:
        name, _, kr_id = ref.partition("#")
        carry = by_name.get(name)
        if carry is None or kr_id not in [kr.id for kr, *_ in carry.key_results]:
            choices = [f"{c.short_id}#{kr.id}" for c in carries for kr, *_ in c.key_results]
            raise AuthoringError(t.label("new.unknown_kr", ref=ref, suggestion=suggest(ref, choices) or "–"))
        picked.setdefault(carry.objective.id, []).append(kr_id)
        if carry not in wanted:
            wanted.append(carry)
    if not objectives and not key_results:
        wanted = list(carries)
    for carry in wanted:
        if carry.objective.id in picked:
            carry.chosen = [kr.id for kr, *_ in carry.key_results if kr.id in picked[carry.objective.id]]
    return [c for c in carries if c in wanted]


def carried_key_result(kr: KeyResult, current: float | None, done: tuple[str, ...], keep_due: bool,
                       style: NumberStyle = POINT) -> KeyResultDraft:
    """The key result for the next cycle: the same target, starting where it ended. Unit and
    currency are fields of their own, so the numbers are written bare, in the company's style."""
    draft = KeyResultDraft(kr.id, kr.title)
    add = draft.fields.append
    if kr.kind is Kind.BOOLEAN:
        add(("kind", "boolean"))
    elif kr.kind is Kind.MILESTONES:
        draft.milestones = [(m.title, m.weight) for m in kr.milestones if m.id not in done]
    elif kr.kind is Kind.MAINTAIN:
        assert kr.target is not None  # the loader refuses a maintain KR without its threshold
        threshold = written_number(kr.target, style)  # quoted once, as a whole, by the template
        threshold_text = threshold if isinstance(threshold, str) else plain_number(threshold)
        add(("maintain", (">= " if kr.maintain_above else "<= ") + threshold_text))
        start = current if current is not None else kr.start
        if start is not None:
            add(("start", written_number(start, style)))
    else:
        add(("start", written_number(current if current is not None else kr.start or 0.0, style)))
        if kr.target is not None:
            add(("target", written_number(kr.target, style)))
    if kr.unit:
        add(("unit", kr.unit))
    if kr.currency:
        add(("currency", kr.currency))
    if kr.owner:
        add(("owner", kr.owner))
    if kr.weight != 1:
        add(("weight", written_number(kr.weight)))
    if kr.kpi:
        add(("kpi", kr.kpi))
    if kr.due and keep_due:
        add(("due", kr.due.isoformat()))
    return draft


def objective_text(company: Company, carry: Carry, carried_ids: dict[str, tuple[str, dict[str, str]]],
                   next_cycle: Cycle, t: Translator) -> str:
    """The next cycle's file for one carried objective."""
    objective = carry.objective
    organisation = company.organisation
    aligns, notes = [], []
    for ref in objective.aligns_to:
        target, hash_, kr_id = ref.partition("#")
        parent_cycle = organisation.cycles[company.objectives[target].cycle]
        if target in carried_ids:  # the parent comes along too: align to its new file (and KR, if it came)
            new_id, parent_krs = carried_ids[target]
            aligns.append(new_id + (hash_ + parent_krs[kr_id] if kr_id in parent_krs else ""))
        elif parent_cycle.contains(next_cycle.start) and parent_cycle.contains(next_cycle.end):
            aligns.append(ref)  # a yearly objective that spans the next cycle too
        else:
            notes.append(t.label("new.aligned_before", ref=ref))
    chosen = [(kr, current, done) for kr, _, current, done in carry.key_results if kr.id in carry.chosen]
    drafts = [
        carried_key_result(kr, current, done, keep_due=bool(kr.due and next_cycle.contains(kr.due)),
                           style=company.organisation.number_style)
        for kr, current, done in chosen
    ]
    renamed = carried_ids[objective.id][1]
    for draft in drafts:
        if renamed.get(draft.id, draft.id) != draft.id:
            notes.append(t.label("new.renamed_kr", old=draft.id, new=renamed[draft.id]))
            draft.id = renamed[draft.id]
    for kr, _, _ in chosen:
        if kr.depends_on:
            notes.append(t.label("new.depended_before", kr=kr.id, refs=", ".join(kr.depends_on)))
    body = t.label("new.carried_from", cycle=objective.cycle, id=objective.id)
    if objective.body.strip():
        body += "\n\n" + objective.body.strip()
    return render_file(
        "objective.md",
        title=objective.title, owner=objective.owner, aligns_to=aligns, notes=notes, weight=objective.weight,
        visibility=objective.visibility.value, progress_from_aligned=objective.progress_from_aligned,
        key_results=drafts, body=body,
    )


def write_cycle(company: Company, content: Path, next_id: str, chosen: list[Carry],
                t: Translator) -> tuple[list[Path], list[Path]]:
    """Write the next cycle's files; (written, skipped because they exist)."""
    next_cycle = company.organisation.cycles[next_id]
    taken = {(o.team, kr.id) for o in company.objectives.values() if o.cycle == next_id for kr in o.key_results}
    carried_ids: dict[str, tuple[str, dict[str, str]]] = {}  # old id -> (new id, {old KR id: new KR id})
    for c in chosen:
        ids = {}
        for kr_id in c.chosen:  # KR ids are unique in a team's cycle: one already there gets a suffix
            new_id, number = kr_id, 1
            while (c.objective.team, new_id) in taken:
                number += 1
                new_id = f"{kr_id}-{number}"
            taken.add((c.objective.team, new_id))
            ids[kr_id] = new_id
        carried_ids[c.objective.id] = (f"{next_id}/{c.objective.team}/{c.objective.slug}", ids)
    written, skipped = [], []
    for carry in chosen:
        path = content / next_id / carry.objective.team / f"{carry.objective.slug}.md"
        text = objective_text(company, carry, carried_ids, next_cycle, t)
        if path.exists() or not write_new(path, text):
            skipped.append(path)
        else:
            written.append(path)
    return written, skipped
