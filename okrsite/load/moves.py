"""A key result that moved to another objective, or was renamed, keeps its history.

The key result says where it was: `moved_from: <objective>#<old-id>` (the
objective as in `aligns_to`: full id, `team/slug`, or `#old-id` for a rename
within the same objective). Check-ins that name the old key result (by its
old id in the old team, or as `<old objective>#<old-id>`) then count for the
new one. Checked here: the reference is well formed, in the same cycle, no
longer a key result of its own, and claimed by one key result only; after
the check-ins are read, that some check-in did name it.
"""

from __future__ import annotations

from ..diagnostics import Report
from ..model import Company, KeyResult, Location, Objective, Organisation
from .fields import ID_PATTERN
from .references import kr_positions
from .source import SourceFile


def resolve_moves(
    company: Company, sources: dict[str, SourceFile], report: Report
) -> dict[str, tuple[KeyResult, Location]]:
    """Each valid `moved_from` as a full ref, by that ref; invalid ones are reported and dropped."""
    claimed: dict[str, tuple[KeyResult, Location]] = {}
    organisation = company.organisation
    for objective in company.objectives.values():
        for index, kr in enumerate(objective.key_results):
            if not kr.moved_from:
                continue
            source = sources[objective.id]
            location = source.at("key_results", kr_positions(source).get(kr.id, index), "moved_from")
            written, kr.moved_from = kr.moved_from, ""
            full = full_ref(written, objective, organisation)
            if full is None:
                report.error(location, "moved-from-bad", ref=written)
                continue
            cycle = full.partition("/")[0]
            if cycle != objective.cycle:
                report.error(location, "moved-from-other-cycle", ref=written, other=cycle, cycle=objective.cycle)
                continue
            if company.key_result(full) is not None:
                report.error(location, "moved-from-exists", ref=written)
                continue
            if full in claimed:
                report.error(location, "moved-from-twice", ref=written, other=claimed[full][0].ref)
                continue
            kr.moved_from = full
            claimed[full] = (kr, location)
    return claimed


def full_ref(written: str, objective: Objective, organisation: Organisation) -> str | None:
    """`#old`, `slug#old`, `team/slug#old` or `cycle/team/slug#old` as a full ref; None if malformed."""
    objective_part, hash_, kr_id = written.strip().partition("#")
    if not hash_ or not ID_PATTERN.match(kr_id):
        return None
    if not objective_part:
        return f"{objective.id}#{kr_id}"
    parts = objective_part.split("/")
    if parts[0] in organisation.cycles and len(parts) >= 3:
        cycle, rest = parts[0], parts[1:]
    else:
        cycle, rest = objective.cycle, parts if len(parts) >= 2 else [objective.team, *parts]
    if not all(ID_PATTERN.match(part) for part in rest):
        return None
    return f"{cycle}/{'/'.join(rest)}#{kr_id}"


def old_team(ref: str, company: Company) -> str:
    """The team a moved key result was in: its old objective's, or the folder's in `<cycle>/<team>/...`."""
    objective_id = ref.partition("#")[0]
    if objective_id in company.objectives:
        return company.objectives[objective_id].team
    return objective_id.split("/")[1]


def report_unused(moves: dict[str, tuple[KeyResult, Location]], used: set[str], report: Report) -> None:
    for ref, (_kr, location) in moves.items():
        if ref not in used:
            report.error(location, "moved-from-unused", ref=ref)
