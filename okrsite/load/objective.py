"""An objective file: its front-matter, key results and retrospective."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..diagnostics import Report
from ..i18n import placeholders
from ..model import COMPANY, KeyResult, Kind, Milestone, Objective, Organisation, Retrospective, Visibility
from ..numbers import PERCENT, NumberError, Quantity, parse_quantity
from ..untrusted import body_problem
from .fields import Fields, slugify, suggest, type_name
from .source import SourceFile

OBJECTIVE_KEYS = (
    "objective", "team", "cycle", "owner", "aligns_to", "weight", "visibility", "progress", "key_results",
    "retrospective",
)
KEY_RESULT_KEYS = (
    "id", "title", "kind", "start", "target", "unit", "currency", "owner", "weight", "due", "kpi", "depends_on",
    "milestones", "maintain", "moved_from",
)
KIND_NAMES = ("increase", "decrease", "percentage", "currency", "boolean", "milestones", "maintain")
MILESTONE_KEYS = ("title", "weight")
MAX_KEY_RESULTS = 100  # OKR practice says 2 to 5 (a lint); past this it is a mistake or an attack
RETROSPECTIVE_KEYS = ("grade", "reason", "reached", "helped", "blocked", "change", "learned")

_MAINTAIN = re.compile(r"^(?P<op>>=|<=|≥|≤|>|<|at least|at most|above|below)\s*(?P<value>.+)$", re.IGNORECASE)
_ABOVE = (">=", "≥", ">", "at least", "above")


def read_objective(
    source: SourceFile, organisation: Organisation, path_cycle: str | None, path_team: str | None, report: Report
) -> Objective | None:
    top = Fields(source, (), source.meta, report, "an objective", OBJECTIVE_KEYS, organisation.number_style)
    title = top.text("objective", required=True)
    cycle = _placed(top, "cycle", path_cycle, organisation.cycles, "cycle", organisation.unreadable)
    team = _placed(top, "team", path_team, [COMPANY, *organisation.teams], "team", organisation.unreadable)
    if title is None or cycle is None or team is None:
        return None
    objective = Objective(
        id=source.rel.removesuffix(".md"),
        title=title,
        team=team,
        cycle=cycle,
        owner=person(top, "owner", organisation),
        aligns_to=top.idents("aligns_to"),
        body=source.body,
        location=source.at("objective"),
    )
    _placeholders(top, "objective", title)
    body = source.body.strip()
    if body in placeholders():  # the text's own line, below the front-matter
        first = next(n for n, line in enumerate(source.body.split("\n")) if line.strip())
        report.warning(source.line(source.body_line + first), "placeholder-text", text=body)
    problem = body_problem(source.body)
    if problem is not None:  # rendering it would take hours or end in a RecursionError
        line, code, args = problem
        report.error(source.line(source.body_line + line - 1), code, **args)
        return None
    weight = top.number("weight", 0, 1000)
    if weight is not None:
        objective.weight = weight
    objective.visibility = Visibility(top.choice("visibility", [v.value for v in Visibility], "public"))
    objective.progress_from_aligned = top.choice("progress", ("key_results", "aligned"), "key_results") == "aligned"
    count = len(top.list("key_results"))
    if count > MAX_KEY_RESULTS:  # bounds the pages and charts of one objective
        report.error(top.at("key_results"), "too-many-key-results", count=count, limit=MAX_KEY_RESULTS)
        return None
    seen: dict[str, KeyResult] = {}
    for index in range(count):
        entry = top.child("key_results", index, "a key result", KEY_RESULT_KEYS)
        kr = _key_result(entry, organisation, objective) if entry is not None else None
        if entry is None or kr is None:
            declared = top.raw("key_results")[index]
            if entry is not None and isinstance(declared, dict) and isinstance(declared.get("id"), str):
                objective.unread_key_results.append(declared["id"])
            continue
        if kr.id in seen:
            report.error(entry.at("id"), "duplicate-id", kind="key result", id=kr.id, other=seen[kr.id].location)
            continue
        seen[kr.id] = kr
        objective.key_results.append(kr)
    retrospective = top.mapping("retrospective", "the retrospective", RETROSPECTIVE_KEYS)
    if retrospective:
        objective.retrospective = _retrospective(retrospective)
    return objective


def _placed(top: Fields, key: str, from_path: str | None, known, kind: str, unreadable=frozenset()) -> str | None:
    """A cycle or team: from the folder, or stated; when both, they agree. One named in okrsite.yml
    that could not be read there is not reported again."""
    stated = top.text(key)
    if from_path is not None and from_path not in known:
        if stated is None:  # a folder that is not a team: most likely a typo
            unknown_folder(top.report, top.source, kind, from_path, known, unreadable)
            return None
        from_path = None  # a free layout: the front-matter says where it belongs
    if stated is None:
        if from_path is None:
            top.missing(key)
        return from_path
    if from_path is not None and stated != from_path:
        top.report.error(top.at(key), "path-disagrees", field=key, stated=stated, folder=from_path)
        return None
    if stated not in known:
        if stated not in unreadable:
            top.report.error(top.at(key), "unknown-reference", kind=kind, ref=stated,
                             suggestion=suggest(stated, known))
        return None
    return stated


def unknown_folder(report: Report, source: SourceFile, kind: str, folder: str, known, unreadable) -> None:
    """A folder that is no known team, said once for the folder (at its first file read, an
    objective before its check-ins), and not at all when okrsite.yml declares it but could not read it."""
    path = PurePosixPath(source.shown)
    where = str(path.parent.parent if path.parent.name == "checkins" else path.parent)
    if folder not in unreadable and report.first_time(("unknown-folder", where)):
        report.error(source.at(), "unknown-folder", kind=kind, ref=folder, suggestion=suggest(folder, known))


def _placeholders(entry: Fields, key: str, text: str | None) -> None:
    """Text left from `okrsite new`'s templates, warned of at its own line (an error with --strict)."""
    if text in placeholders():
        entry.report.warning(entry.at(key), "placeholder-text", text=text)


def person(entry: Fields, key: str, organisation: Organisation) -> str | None:
    value = entry.text(key)
    if value is None:
        return None
    value = value.removeprefix("@")
    if value in organisation.people:
        return value
    if value in organisation.unreadable:
        return None  # declared in okrsite.yml, and reported there
    entry.report.error(entry.at(key), "unknown-reference", kind="person", ref=value,
                       suggestion=suggest(value, [*organisation.people, *organisation.unreadable]))
    return value  # kept as written: content with errors is never rolled up or published


def _key_result(entry: Fields, organisation: Organisation, objective: Objective) -> KeyResult | None:
    title = entry.text("title", required=True)
    kr_id = entry.ident("id")
    if entry.raw("id") is None:
        entry.report.error(entry.at(), "missing-field", field="id", where="a key result",
                           example=slugify(title) if title else None)
    if title is None or kr_id is None:
        return None
    kind_name = entry.choice("kind", KIND_NAMES, "") or None
    _placeholders(entry, "title", title)
    kr = KeyResult(id=kr_id, title=title, kind=Kind.INCREASE, location=entry.at("id"))
    kr.objective = objective
    kr.owner = person(entry, "owner", organisation)
    weight = entry.number("weight", 0, 1000)
    if weight is not None:
        kr.weight = weight
    kr.due = entry.date("due")
    cycle = organisation.cycles[objective.cycle]
    if kr.due and not cycle.contains(kr.due):
        entry.report.error(entry.at("due"), "due-outside-cycle", due=kr.due, cycle=cycle.id, start=cycle.start,
                           end=cycle.end)
        kr.due = None
    kr.kpi = entry.text("kpi") or ""
    kr.moved_from = entry.text("moved_from") or ""  # resolved and checked in `moves`
    kr.depends_on = entry.idents("depends_on")
    kr.unit = entry.text("unit") or ""
    if kr.unit in ("percent", "percentage"):
        kr.unit = PERCENT
    kr.currency = (entry.text("currency") or "").upper()

    if entry.has("milestones") or kind_name == "milestones":
        kr.kind = Kind.MILESTONES
        kr.milestones = _milestones(entry)
        return kr if kr.milestones else None
    if entry.has("maintain") or kind_name == "maintain":
        return _maintain(entry, kr)
    if kind_name == "boolean" or entry.raw("target") is True or str(entry.raw("target")).lower() == "done":
        kr.kind = Kind.BOOLEAN
        return kr
    return _numeric(entry, kr, kind_name)


def _numeric(entry: Fields, kr: KeyResult, kind_name: str | None) -> KeyResult | None:
    start, target = entry.quantity("start"), entry.quantity("target")
    if (entry.has("start") and start is None) or (entry.has("target") and target is None):
        return None  # a bad number was reported already
    if not _units_agree(entry, kr, {"start": start, "target": target}):
        return None
    if kind_name == "percentage":
        kr.unit = kr.unit or PERCENT
    if kind_name == "currency" and not kr.currency:
        entry.report.error(entry.at("kind"), "currency-needs-code")
        return None
    kr.start = start_value = start.value if start else 0.0
    kr.target = target_value = target.value if target else None
    decreasing = target_value is not None and target_value < start_value
    stated = kind_name in ("increase", "decrease")
    if stated and target_value is not None and target_value != start_value and decreasing != (kind_name == "decrease"):
        entry.report.error(entry.at("kind"), "kind-contradicts-values", kind=kind_name,
                           start=entry.style.spell(start_value), target=entry.style.spell(target_value))
        return None
    kr.kind = Kind.DECREASE if decreasing or (kind_name == "decrease") else Kind.INCREASE
    return kr


def _maintain(entry: Fields, kr: KeyResult) -> KeyResult | None:
    kr.kind = Kind.MAINTAIN
    raw = entry.raw("maintain")
    if raw is None:
        entry.missing("maintain", '">= 99.9 %"')
        return None
    match = _MAINTAIN.match(str(raw).strip()) if isinstance(raw, str) else None
    if not match:
        entry.report.error(entry.at("maintain"), "bad-maintain", value=raw)
        return None
    try:
        threshold = parse_quantity(match["value"], entry.style)
    except NumberError as error:
        entry.report.error(entry.at("maintain"), error.code, field="maintain", **error.args_)
        return None
    start = entry.quantity("start")
    if entry.has("start") and start is None:
        return None
    if not _units_agree(entry, kr, {"maintain": threshold, "start": start}):
        return None
    kr.target = threshold.value
    kr.start = start.value if start else None
    kr.maintain_above = match["op"].lower() in _ABOVE
    return kr


def _units_agree(entry: Fields, kr: KeyResult, quantities: dict[str, Quantity | None]) -> bool:
    """Units and currencies written with values must agree with each other and the KR's."""
    for key, quantity in quantities.items():
        if quantity is None:
            continue
        for attribute, written in (("unit", quantity.unit), ("currency", quantity.currency)):
            if not written:
                continue
            declared = getattr(kr, attribute)
            if declared and declared != written:
                entry.report.error(entry.at(key), "unit-mismatch", field=key, written=written, declared=declared)
                return False
            setattr(kr, attribute, written)
    return True


def _milestones(entry: Fields) -> list[Milestone]:
    items = entry.list("milestones")
    if not items:
        if entry.raw("milestones") is None or entry.raw("milestones") == []:
            entry.report.error(entry.at("milestones"), "milestones-empty")
        return []
    milestones: list[Milestone] = []
    for index, item in enumerate(items):
        step = entry.child("milestones", index, "a milestone", MILESTONE_KEYS) if isinstance(item, dict) else None
        if step is not None:
            title = step.text("title", required=True)
            weight = step.number("weight", 0, 1000)
            if title is None:
                continue
            milestone = Milestone(slugify(title), title, 1.0 if weight is None else weight)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            milestone = Milestone(slugify(str(item)), str(item).strip())
        else:
            entry.report.error(entry.at("milestones", index), "wrong-type", field="milestones", where="a key result",
                               expected="a milestone title", got=type_name(item))
            continue
        if any(m.id == milestone.id for m in milestones):
            entry.report.error(entry.at("milestones", index), "duplicate-id", kind="milestone", id=milestone.title,
                               other=None)
            continue
        milestones.append(milestone)
    return milestones


def _retrospective(entry: Fields) -> Retrospective:
    retro = Retrospective(location=entry.at())
    for key in ("reason", "reached", "helped", "blocked", "change", "learned"):
        setattr(retro, key, entry.text(key) or "")
    grade = entry.quantity("grade")
    if grade is not None:
        value = grade.value / 100 if grade.unit == PERCENT else grade.value
        if not 0 <= value <= 1:
            entry.report.error(entry.at("grade"), "out-of-range", field="grade", value=entry.raw("grade"), low=0,
                               high=1)
        elif not retro.reason:
            entry.report.error(entry.at("grade"), "grade-needs-reason")
        else:
            retro.grade = value
    return retro
