"""Resolve `aligns_to` and `depends_on` to full references.

People write short references (`company/delight`, `#nps`); after this step
the model holds only full ones (`2026-Q4/company/delight`,
`2026-Q4/mobile/app#nps`), and unresolvable ones are reported and dropped.
"""

from __future__ import annotations

from ..diagnostics import Report
from ..model import Company, Objective
from .fields import suggest
from .source import SourceFile


def resolve_references(company: Company, sources: dict[str, SourceFile], report: Report) -> None:
    """`sources` maps objective ids to their files, to point at the reference itself."""
    for objective in company.objectives.values():
        source = sources[objective.id]
        objective.aligns_to = _resolve_all(company, objective, objective.aligns_to, source, ("aligns_to",), report)
        positions = kr_positions(source) if any(kr.depends_on for kr in objective.key_results) else {}
        for index, kr in enumerate(objective.key_results):
            if not kr.depends_on:
                continue
            position = positions.get(kr.id, index)
            kr.depends_on = _resolve_all(
                company, objective, kr.depends_on, source, ("key_results", position, "depends_on"), report,
                need_kr=True,
            )


def kr_positions(source: SourceFile) -> dict[str, int]:
    """Where each KR stands in the file's list (dropped KRs shift the model's list), by id:
    one pass, so that an objective with thousands of KRs is not read thousands of times."""
    positions: dict[str, int] = {}
    for index, entry in enumerate((source.meta or {}).get("key_results") or []):
        if isinstance(entry, dict):
            positions.setdefault(str(entry.get("id")), index)
    return positions


def _resolve_all(company, objective, refs, source, path, report, need_kr=False) -> list[str]:
    key = path[-1]
    resolved = []
    for position, ref in enumerate(refs):
        location = source.at(*path, position)
        full = resolve(company, objective, ref)
        if full is None:
            objective_part, _, kr_id = ref.partition("#")
            target_id = _candidate(company, objective, objective_part) if objective_part else objective.id
            if target_id is None:
                report.error(location, "unknown-objective", ref=objective_part,
                             suggestion=suggest(objective_part, _short_ids(company, objective)))
            elif kr_id not in company.objectives[target_id].unread_key_results:  # else reported at the key result
                report.error(location, "unknown-key-result-ref", ref=ref,
                             suggestion=_kr_suggestion(ref, kr_id, company.objectives[target_id]))
            continue
        if need_kr and "#" not in full:
            report.error(location, "unknown-key-result-ref", ref=ref, suggestion=None)
            continue
        if full.partition("#")[0] == objective.id and key == "aligns_to":
            report.error(location, "aligns-to-self")
            continue
        resolved.append(full)
    return resolved


def resolve(company: Company, objective: Objective, ref: str) -> str | None:
    """The full reference for `ref` as written in `objective`, or None."""
    objective_part, hash_, kr_id = ref.partition("#")
    target_id = objective.id if not objective_part else _candidate(company, objective, objective_part)
    if target_id is None:
        return None
    if not hash_:
        return target_id
    target = company.objectives[target_id]
    return f"{target_id}#{kr_id}" if any(kr.id == kr_id for kr in target.key_results) else None


def _candidate(company: Company, objective: Objective, objective_part: str) -> str | None:
    for candidate in (objective_part, f"{objective.cycle}/{objective_part}"):
        if candidate in company.objectives:
            return candidate
    return None


def _short_ids(company: Company, objective: Objective) -> list[str]:
    prefix = objective.cycle + "/"
    return [i.removeprefix(prefix) for i in company.objectives]


def _kr_suggestion(ref: str, kr_id: str, target: Objective) -> str | None:
    best = suggest(kr_id, [kr.id for kr in target.key_results])
    return f"{ref.partition('#')[0]}#{best}" if best else None
