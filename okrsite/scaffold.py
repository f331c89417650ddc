"""Writing OKRs and check-ins from the command line: the files `okrsite new` and
`okrsite checkin` write, from the templates in `okrsite/file_templates/`.

Everything is decided and validated on the loaded company before a file is
written; a file is never overwritten. A file appears complete or not at all:
it is written under a hidden temporary name (the loader skips dot-files) and
hard-linked to its real name, which fails when that name exists. So two
`okrsite checkin` runs for the same team and date each get their own file,
and the second sees the first's whole file and refuses a key result that the
first already checked in.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import yaml

from .diagnostics import Report
from .i18n import Translator
from .load.checkin import _confidence, _parse_value
from .load.fields import ID_PATTERN, slugify, suggest
from .load.source import SourceFile, _parse_yaml
from .numbers import NumberError, format_number, parse_quantity
from .model import COMPANY, Company, Cycle, Kind, KeyResult, Location, Objective, Visibility
from .rollup import current_cycle, rollup_cycle


class ScaffoldError(Exception):
    """A problem the user can fix; the message is already translated."""


# --- files ---------------------------------------------------------------------


def _yaml(value) -> str:
    """A YAML scalar or flow list that the loader reads back as `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format(value, ".15g") if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml(item) for item in value) + "]"
    text = str(value)
    try:
        plain = "\n" not in text and text == text.strip() and yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    if plain and not re.search(r":\s|\s#|^[-?:,\[\]{}#&*!|>'\"%@`]|[,\[\]{}]", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _environment() -> jinja2.Environment:
    folder = resources.files("okrsite").joinpath("file_templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=False, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml
    return env


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


def write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`, complete or not at all; False when it exists already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(100):
        temporary = path.parent / f".{path.name}.{os.getpid()}.{attempt}.tmp"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - a hundred stale temporary files
        raise OSError(f"cannot create a temporary file beside {path}")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            os.link(temporary, path)  # atomic, and fails if `path` exists
        except FileExistsError:
            return False
        return True
    finally:
        temporary.unlink(missing_ok=True)


# --- key results as written in a file ------------------------------------------


def _number(value: float) -> float | int | str:
    """As people write it (55.5M) when that reads back exactly, else the plain number."""
    short = format_number(value, group="")
    try:
        if parse_quantity(short).value == value and short != format(value, ".15g"):
            return short
    except NumberError:
        pass
    return int(value) if float(value).is_integer() else value


@dataclass
class KeyResultDraft:
    id: str
    title: str
    fields: list[tuple[str, object]] = field(default_factory=list)  # in the order written
    milestones: list[tuple[str, float]] = field(default_factory=list)  # (title, weight)


def carried_key_result(kr: KeyResult, current: float | None, done: tuple[str, ...], keep_due: bool) -> KeyResultDraft:
    """The key result for the next cycle: the same target, starting where it ended."""
    draft = KeyResultDraft(kr.id, kr.title)
    add = draft.fields.append
    if kr.kind is Kind.BOOLEAN:
        add(("kind", "boolean"))
    elif kr.kind is Kind.MILESTONES:
        draft.milestones = [(m.title, m.weight) for m in kr.milestones if m.id not in done]
    elif kr.kind is Kind.MAINTAIN:
        add(("maintain", (">= " if kr.maintain_above else "<= ") + _yaml(_number(kr.target))))
        start = current if current is not None else kr.start
        if start is not None:
            add(("start", _number(start)))
    else:
        add(("start", _number(current if current is not None else kr.start or 0.0)))
        if kr.target is not None:
            add(("target", _number(kr.target)))
    if kr.unit:
        add(("unit", kr.unit))
    if kr.currency:
        add(("currency", kr.currency))
    if kr.owner:
        add(("owner", kr.owner))
    if kr.weight != 1:
        add(("weight", _number(kr.weight)))
    if kr.kpi:
        add(("kpi", kr.kpi))
    if kr.due and keep_due:
        add(("due", kr.due.isoformat()))
    return draft


# --- okrsite new cycle --------------------------------------------------------------


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
    for objective_id, o in sorted(rolled.objectives.items()):
        if o.objective.visibility is Visibility.DRAFT:
            continue
        open_krs = [(k.kr, k.progress, k.current, k.done_milestones) for k in o.key_results if k.progress < 1.0]
        if open_krs:
            found.append(Carry(o.objective, o.progress, open_krs, [k.id for k, *_ in open_krs]))
    return found


def select(carries: list[Carry], objectives: list[str], key_results: list[str], t: Translator) -> list[Carry]:
    """Keep the objectives named (team/slug or the full id) and, when key results are
    named (objective#kr), only those key results of their objectives."""
    by_name = {}
    for carry in carries:
        by_name[carry.short_id] = by_name[carry.objective.id] = carry
    wanted: list[Carry] = []
    for name in objectives:
        if name not in by_name:
            raise ScaffoldError(t.label("new.unknown_objective", name=name,
                                        choices=", ".join(c.short_id for c in carries) or "–"))
        if by_name[name] not in wanted:
            wanted.append(by_name[name])
    picked: dict[str, list[str]] = {}
    for ref in key_results:
        name, _, kr_id = ref.partition("#")
        carry = by_name.get(name)
        if carry is None or kr_id not in [kr.id for kr, *_ in carry.key_results]:
            choices = [f"{c.short_id}#{kr.id}" for c in carries for kr, *_ in c.key_results]
            raise ScaffoldError(t.label("new.unknown_kr", ref=ref, suggestion=suggest(ref, choices) or "–"))
        picked.setdefault(carry.objective.id, []).append(kr_id)
        if carry not in wanted:
            wanted.append(carry)
    if not objectives and not key_results:
        wanted = list(carries)
    for carry in wanted:
        if carry.objective.id in picked:
            carry.chosen = [kr.id for kr, *_ in carry.key_results if kr.id in picked[carry.objective.id]]
    return [c for c in carries if c in wanted]


def ask(carries: list[Carry], t: Translator, read=input, write=print) -> list[Carry]:
    """Ask, objective by objective and key result by key result, what comes along."""
    kept = []
    for carry in carries:
        answer = read(t.label("new.ask_objective", title=carry.objective.title, id=carry.short_id,
                              progress=t.percent(carry.progress)) + " ")
        if not _yes(answer):
            continue
        carry.chosen = []
        for kr, progress, _, _ in carry.key_results:
            if _yes(read("  " + t.label("new.ask_kr", title=kr.title, progress=t.percent(progress)) + " ")):
                carry.chosen.append(kr.id)
        if carry.chosen:
            kept.append(carry)
        else:
            write("  " + t.label("new.no_kr_chosen", id=carry.short_id))
    return kept


def _yes(answer: str) -> bool:
    return answer.strip().lower() in ("", "y", "yes", "j", "ja")


def objective_text(company: Company, carry: Carry, carried_ids: dict[str, str], next_cycle: Cycle,
                   t: Translator) -> str:
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
        carried_key_result(kr, current, done, keep_due=bool(kr.due and next_cycle.contains(kr.due)))
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
    return render(
        "objective.md",
        title=objective.title, owner=objective.owner, aligns_to=aligns, notes=notes, weight=objective.weight,
        visibility=objective.visibility.value, progress_from_aligned=objective.progress_from_aligned,
        key_results=drafts, body=body,
    )


def new_cycle(company: Company, content: Path, next_id: str, chosen: list[Carry], t: Translator,
              write=print) -> tuple[list[Path], list[Path]]:
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


def missing_cycle_hint(next_id: str, t: Translator) -> str:
    return t.label("new.cycle_not_declared", cycle=next_id)


# --- okrsite new objective -------------------------------------------------------------


def running_cycle(company: Company, team: str, today: dt.date, given: str | None, t: Translator) -> Cycle:
    """The cycle to write in: as given, else the shortest cycle running today in which the team
    has objectives, else the one running today."""
    organisation = company.organisation
    if given:
        if given not in organisation.cycles:
            raise ScaffoldError(t.label("new.unknown_cycle", cycle=given, choices=", ".join(organisation.cycles)))
        return organisation.cycles[given]
    used = {o.cycle for o in company.objectives.values() if o.team == team}
    running = [c for c in organisation.cycles.values() if c.contains(today) and c.id in used]
    if running:
        return min(running, key=lambda c: ((c.end - c.start).days, c.start))
    cycle = current_cycle(organisation, today)
    if cycle is None:
        raise ScaffoldError(t.label("new.no_cycle", today=today))
    return cycle


def check_team(company: Company, team: str, t: Translator) -> None:
    teams = [COMPANY, *company.organisation.teams]
    if team not in teams:
        raise ScaffoldError(t.label("new.unknown_team", team=team, suggestion=suggest(team, teams) or "–",
                                    choices=", ".join(teams)))


def new_objective(company: Company, content: Path, team: str, cycle: Cycle, title: str | None,
                  slug: str | None, t: Translator) -> Path:
    check_team(company, team, t)
    title = title or t.label("new.objective_title")
    slug = slug or slugify(title)
    if not ID_PATTERN.match(slug):
        raise ScaffoldError(t.label("new.bad_id", id=slug, suggestion=slugify(slug)))
    organisation = company.organisation
    lead = organisation.teams[team].lead if team in organisation.teams else None
    parents = sorted(o.id.removeprefix(cycle.id + "/") for o in company.objectives.values()
                     if o.cycle == cycle.id and o.team == COMPANY and o.visible and team != COMPANY)
    examples = [
        KeyResultDraft("first-result", t.label("new.example_kr_increase"), [("start", 0), ("target", 100)]),
        KeyResultDraft("second-result", t.label("new.example_kr_boolean"), [("kind", "boolean")]),
    ]
    text = render("objective.md", title=title, owner=lead, aligns_to=[], weight=1, visibility="public",
                  progress_from_aligned=False, key_results=examples,
                  notes=[t.label("new.align_to_one", choices=", ".join(parents))] if parents else [],
                  body=t.label("new.objective_body"))
    path = content / cycle.id / team / f"{slug}.md"
    if path.exists() or not write_new(path, text):
        raise ScaffoldError(t.label("new.exists", path=path))
    return path


# --- okrsite new checkin and okrsite checkin -------------------------------------------


def team_key_results(company: Company, team: str, cycle: Cycle) -> list[KeyResult]:
    return [kr for o in company.objectives.values() if o.team == team and o.cycle == cycle.id
            for kr in o.key_results]


def checked_in(company: Company, team: str, day: dt.date) -> set[str]:
    """KR refs the team has checked in on that date already."""
    return {v.kr for c in company.checkins if c.team == team and c.date == day for v in c.values}


def _value_text(kr: KeyResult, value: float | None, done: tuple[str, ...]) -> str | None:
    if kr.kind is Kind.MILESTONES:
        titles = [m.title for m in kr.milestones if m.id in done]
        return _yaml(titles)
    if kr.kind is Kind.BOOLEAN:
        return "true" if value else "false"
    return None if value is None else _yaml(_number(value))


def checkin_template(company: Company, content: Path, team: str, day: dt.date, cycle: Cycle, author: str | None,
                     t: Translator) -> Path:
    check_team(company, team, t)
    if not cycle.contains(day):
        raise ScaffoldError(t.label("new.date_outside", date=day, cycle=cycle.id, start=cycle.start, end=cycle.end))
    krs = team_key_results(company, team, cycle)
    if not krs:
        raise ScaffoldError(t.label("new.no_key_results", team=team, cycle=cycle.id))
    done_today = checked_in(company, team, day)
    rolled = rollup_cycle(company, cycle.id, day)
    rows = []
    for kr in krs:
        if kr.ref in done_today:
            continue
        k = rolled.objectives[kr.objective.id].key_results[kr.objective.key_results.index(kr)] \
            if kr.objective.id in rolled.objectives else None
        current = k.current if k else kr.start
        done = k.done_milestones if k else ()
        target = t.label("value.done") if kr.kind is Kind.BOOLEAN else (
            t.label("value.steps", done=len(kr.milestones), total=len(kr.milestones))
            if kr.kind is Kind.MILESTONES else _yaml(_number(kr.target)) if kr.target is not None else "–")
        rows.append({"key": kr.id, "value": _value_text(kr, current, done), "title": kr.title, "target": target})
    if not rows:
        raise ScaffoldError(t.label("new.all_checked_in", team=team, date=day))
    text = render("checkin.md", date=day.isoformat(), author=author, rows=rows, t=t.label)
    return _write_dated(content / cycle.id / team / "checkins", day, text)


def _write_dated(folder: Path, day: dt.date, text: str, conflicts=None) -> Path:
    """`<date>.md`, or `<date>-2.md`, ... when taken; `conflicts(path)` may refuse after reading a taken one."""
    for number in range(1, 1000):
        path = folder / (f"{day.isoformat()}.md" if number == 1 else f"{day.isoformat()}-{number}.md")
        if write_new(path, text):
            return path
        if conflicts:
            conflicts(path)
    raise OSError(f"no free file name for {day} in {folder}")  # pragma: no cover


@dataclass
class Setting:
    arg: str  # as typed: nps=52
    key: str  # as written in the file
    text: str  # the value as typed
    kr: KeyResult


class _Argument:
    """What the loader's value and confidence readers need, pointing at a command-line argument."""

    def __init__(self, label: str, data: dict, report: Report):
        self.label, self.data, self.report = label, data, report

    def raw(self, key):
        return self.data.get(key)

    def at(self, key=None, *more) -> Location:
        return Location(self.label)


def _parse_scalar(text: str, label: str, report: Report):
    """The value as the loader reads it in a check-in's `values:` mapping."""
    source = SourceFile(label, "")
    if not _parse_yaml(source, f"value: {text}", 1, report) or not isinstance(source.meta, dict):
        return None
    return source.meta.get("value")


def settings(company: Company, team: str, day: dt.date, pairs: list[str], confidence: str | None,
             t: Translator) -> tuple[list[Setting], float | None, Cycle]:
    """Every `--set KR=VALUE` checked against its key result's kind, as the loader would; raises with
    every problem at once."""
    check_team(company, team, t)
    organisation = company.organisation
    report = Report(t)
    problems: list[str] = []
    found: list[Setting] = []
    candidates = [kr for o in company.objectives.values() if o.team == team
                  and organisation.cycles[o.cycle].contains(day) for kr in o.key_results]
    for pair in pairs:
        key, equals, text = pair.partition("=")
        key, text = key.strip(), text.strip()
        if not equals or not key or not text or "\n" in text:
            problems.append(t.label("checkin.bad_set", arg=pair))
            continue
        objective_part, hash_, kr_id = key.rpartition("#")
        matches = [kr for kr in candidates if kr.id == (kr_id if hash_ else key)
                   and (not hash_ or kr.objective.id == objective_part
                        or kr.objective.id.endswith("/" + objective_part))]
        if len(matches) != 1:
            known = sorted({kr.id for kr in candidates})
            code = "checkin.ambiguous_kr" if matches else "checkin.unknown_kr"
            problems.append(t.label(code, arg=pair, team=team, date=day,
                                    choices=", ".join(kr.ref for kr in matches) if matches else
                                    ", ".join(known) or "–",
                                    suggestion=suggest(key, known) or "–"))
            continue
        label = f"--set {pair}"
        before = len(report.errors)
        raw = _parse_scalar(text, label, report)
        entry = _Argument(label, {"value": raw}, report)
        if raw is not None and _parse_value(entry, "value", raw, matches[0]) is not None:
            found.append(Setting(pair, key, text, matches[0]))
        elif raw is None and len(report.errors) == before:  # null, ~: no value
            problems.append(t.label("checkin.bad_set", arg=pair))
    level = None
    if confidence is not None:
        raw = _parse_scalar(confidence, "--confidence", report)
        level = _confidence(_Argument("--confidence", {"confidence": raw}, report), "confidence", organisation)
    problems += [f"{d.location.path}: {d.message}." + (f" {d.hint}" if d.hint else "") for d in report.errors]
    refs = [s.kr.ref for s in found]
    for ref in {r for r in refs if refs.count(r) > 1}:
        problems.append(t.label("checkin.twice", kr=ref))
    cycles = {s.kr.objective.cycle for s in found}
    if len(cycles) > 1:
        problems.append(t.label("checkin.two_cycles", cycles=", ".join(sorted(cycles))))
    if not pairs:
        problems.append(t.label("checkin.nothing_set"))
    if problems:
        raise ScaffoldError("\n".join(problems))
    return found, level, organisation.cycles[found[0].kr.objective.cycle]


def checkin(company: Company, content: Path, team: str, day: dt.date, found: list[Setting], cycle: Cycle,
            confidence_text: str | None, message: str | None, author: str | None, t: Translator) -> Path:
    """Write the check-in; a key result already checked in on that date (in the tree as loaded,
    or in a file another run wrote meanwhile) is refused before anything is written."""
    if author and author not in company.organisation.people:
        raise ScaffoldError(t.label("checkin.unknown_author", author=author,
                                    suggestion=suggest(author, company.organisation.people) or "–"))
    already = checked_in(company, team, day)
    clash = [s for s in found if s.kr.ref in already]
    if clash:
        raise ScaffoldError(t.label("checkin.already", krs=", ".join(s.kr.id for s in clash), date=day))
    text = render("checkin.md", date=day.isoformat(), author=author, t=t.label, confidence=confidence_text,
                  rows=[{"key": s.key, "value": s.text, "title": s.kr.title, "target": None} for s in found],
                  message=message)
    mine = {s.kr.id for s in found} | {s.key for s in found}

    def conflicts(path: Path) -> None:
        try:
            front = path.read_text(encoding="utf-8").split("\n---", 1)[0]
            values = (yaml.safe_load(front.removeprefix("---")) or {}).get("values") or {}
        except (OSError, yaml.YAMLError, AttributeError):
            return  # not readable as a check-in: the loader will say why; ours goes in a file of its own
        taken = sorted(str(key) for key in values if str(key) in mine or str(key).rpartition("#")[2] in mine)
        if taken:
            raise ScaffoldError(t.label("checkin.race", krs=", ".join(taken), path=path))

    return _write_dated(content / cycle.id / team / "checkins", day, text, conflicts)
