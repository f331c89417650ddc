"""Check-in files: `okrsite new checkin` writes one to edit, with every key result of the
team's running OKRs at its last value; `okrsite checkin --set KR=VALUE` writes a complete
one. Key results are found and values read as the loader finds and reads them, and a key
result already checked in on that date is refused before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..diagnostics import Report
from ..forge import Forge
from ..format import plain_number, written_number
from ..i18n import Translator, reading_words
from ..load.checkin import SECTIONS, KeyResultIndex, parse_value, read_confidence
from ..load.fields import Fields, suggest
from ..load.moves import old_team
from ..load.source import SourceFile, parse_yaml
from ..model import Company, Cycle, KeyResult, Kind
from ..numbers import NumberStyle
from ..rollup import rollup_cycle
from . import AuthoringError
from .files import write_dated
from .place import check_author, check_team
from .templates import render_file
from .values import checkin_value, written_target


def team_key_results(company: Company, team: str, cycle: Cycle) -> list[KeyResult]:
    return [kr for o in company.objectives.values() if o.team == team and o.cycle == cycle.id
            for kr in o.key_results]


def checked_in(company: Company, team: str, day: dt.date) -> set[str]:
    """KR refs the team has checked in on that date already."""
    return {v.kr for c in company.checkins if c.team == team and c.date == day for v in c.values}


def write_checkin_template(company: Company, content: Path, team: str, day: dt.date, cycle: Cycle,
                           author: str | None, t: Translator) -> Path:
    """A check-in to edit: each key result not checked in that day, at its value on that day."""
    text = checkin_text(company, team, day, cycle, author, t)
    return write_dated(content / cycle.id / team / "checkins", day, text)


def checkin_text(company: Company, team: str, day: dt.date, cycle: Cycle, author: str | None, t: Translator,
                 date_text: str | None = None, skip_checked_in: bool = True) -> str:
    """The check-in `okrsite new checkin` writes, and the site's Check in button prefills (with
    `date_text` a placeholder the reader's browser fills in): every key result of the team's running
    OKRs not checked in that day (`skip_checked_in`), at its value on that day, in the company's number style; the
    confidence to fill in and the body's headings in the content's language (`t`)."""
    check_team(company, team, t)
    if not cycle.contains(day):
        raise AuthoringError(t.label("new.date_outside", date=day, cycle=cycle.id, start=cycle.start, end=cycle.end))
    krs = team_key_results(company, team, cycle)
    if not krs:
        raise AuthoringError(t.label("new.no_key_results", team=team, cycle=cycle.id))
    style = company.organisation.number_style
    done_today = checked_in(company, team, day) if skip_checked_in else set()
    rolled = rollup_cycle(company, cycle.id, day)
    rows = []
    for kr in krs:
        if kr.ref in done_today:
            continue
        objective = rolled.objectives.get(kr.objective.id)
        k = objective.key_results[kr.objective.key_results.index(kr)] if objective else None
        current = k.current if k else kr.start
        done = k.done_milestones if k else ()
        target = t.label("value.done") if kr.kind is Kind.BOOLEAN else (
            t.label("value.steps", done=len(kr.milestones), total=len(kr.milestones))
            if kr.kind is Kind.MILESTONES else written_target(kr, style) or "–")
        rows.append({"key": kr.id, "value": checkin_value(kr, current, done, style), "title": kr.title,
                     "target": target})
    if not rows:
        raise AuthoringError(t.label("new.all_checked_in", team=team, date=day))
    return render_file("checkin.md", date=date_text or day.isoformat(), author=author, rows=rows, t=t.label,
                       headings=headings(t.language), confidence_example=_confidence_example(company, style))


TODAY = "__TODAY__"  # where the reader's browser puts its date (theme/assets/checkin.js)


@dataclass(frozen=True)
class CheckInButton:
    """A team page's Check in button: the forge's new-file page for today's check-in."""

    href: str  # with TODAY for the date
    text: str  # the check-in `okrsite new checkin` would write, TODAY for its date
    prefilled: bool  # the forge's page holds the text (GitHub, Gitea); else the reader pastes it (GitLab)
    token: str = TODAY


def check_in_button(company: Company, team: str, cycle: Cycle, today: dt.date, t: Translator,
                    forge: Forge) -> CheckInButton | None:
    """The button for a team of a running cycle, with the check-in written as `okrsite new checkin`
    writes it on `today` (the build's); None when the team has nothing to check in."""
    try:
        # Every key result: the reader checks in on a later day than the site was built, mostly.
        text = checkin_text(company, team, today, cycle, None, t, date_text=TODAY, skip_checked_in=False)
    except AuthoringError:
        return None
    href, prefilled = forge.new_file(f"{cycle.id}/{team}/checkins/{TODAY}.md", text)
    return CheckInButton(href, text, prefilled)


def headings(language: str) -> dict[str, str]:
    """A check-in body's headings in a language, as the loader reads them (its `reading:` words)."""
    words = reading_words(by_language=True).get(language) or {}
    english = reading_words(by_language=True)["en"]
    return {section: (words.get(section) or english[section])[0].capitalize() for section in SECTIONS}


def _confidence_example(company: Company, style: NumberStyle) -> str:
    scale = company.organisation.defaults.confidence_scale
    return plain_number(7) if scale == 10 else str(written_number(0.7, style))


@dataclass
class Setting:
    arg: str  # as typed: nps=52
    key: str  # as written in the file
    text: str  # the value as typed
    kr: KeyResult


def _argument(label: str, key: str, raw, report: Report, style: NumberStyle) -> Fields:
    """A command-line argument as the loader's value and confidence readers take it: its problems
    are reported at the argument (`label`)."""
    return Fields(SourceFile(label, ""), (), {key: raw}, report, label, (key,), style)


def _typed(raw, text: str, style: NumberStyle):
    """YAML reads `1.500` as 1.5; with a decimal comma that is ambiguous: the text as typed is read."""
    return text if isinstance(raw, float) and style.decimal != "." else raw


def _parse_scalar(text: str, label: str, report: Report):
    """The value as the loader reads it in a check-in's `values:` mapping."""
    source = SourceFile(label, "")
    if not parse_yaml(source, f"value: {text}", 1, report) or not isinstance(source.meta, dict):
        return None
    return source.meta.get("value")


def read_set_options(company: Company, team: str, day: dt.date, pairs: list[str], confidence: str | None,
                     t: Translator) -> tuple[list[Setting], float | None, Cycle]:
    """Every `--set KR=VALUE` checked against its key result's kind, as the loader would; raises with
    every problem at once."""
    check_team(company, team, t)
    organisation = company.organisation
    report = Report(t)
    problems: list[str] = []
    found: list[Setting] = []
    index = KeyResultIndex(company.objectives, moved_teams=lambda ref: old_team(ref, company))
    for pair in pairs:
        key, equals, text = pair.partition("=")
        key, text = key.strip(), text.strip()
        if not equals or not key or not text or "\n" in text:
            problems.append(t.label("checkin.bad_set", arg=pair))
            continue
        matches, _, _ = index.named(team, key, day, None, organisation)
        if len(matches) != 1:
            known = sorted({kr.id for kr in index.by_team.get(team, [])
                            if organisation.cycles[kr.objective.cycle].contains(day)})
            code = "checkin.ambiguous_kr" if matches else "checkin.unknown_kr"
            problems.append(t.label(code, arg=pair, team=team, date=day,
                                    choices=", ".join(kr.ref for kr in matches) if matches else
                                    ", ".join(known) or "–",
                                    suggestion=suggest(key, known) or "–"))
            continue
        label = f"--set {pair}"
        before = len(report.errors)
        raw = _typed(_parse_scalar(text, label, report), text, organisation.number_style)
        entry = _argument(label, "value", raw, report, organisation.number_style)
        if raw is not None and parse_value(entry, "value", raw, matches[0]) is not None:
            found.append(Setting(pair, key, text, matches[0]))
        elif raw is None and len(report.errors) == before:  # null, ~: no value
            problems.append(t.label("checkin.bad_set", arg=pair))
    level = None
    if confidence is not None:
        raw = _typed(_parse_scalar(confidence, "--confidence", report), confidence, organisation.number_style)
        argument = _argument("--confidence", "confidence", raw, report, organisation.number_style)
        level = read_confidence(argument, "confidence", organisation)
    problems += [f"{d.location.path}: {d.message}." + (f" {d.hint}" if d.hint else "") for d in report.errors]
    refs = [s.kr.ref for s in found]
    for ref in sorted({r for r in refs if refs.count(r) > 1}):
        problems.append(t.label("checkin.twice", kr=ref))
    cycles = {s.kr.objective.cycle for s in found}
    if len(cycles) > 1:
        problems.append(t.label("checkin.two_cycles", cycles=", ".join(sorted(cycles))))
    if not pairs:
        problems.append(t.label("checkin.nothing_set"))
    if problems:
        raise AuthoringError("\n".join(problems))
    return found, level, organisation.cycles[found[0].kr.objective.cycle]


def write_checkin(company: Company, content: Path, team: str, day: dt.date, found: list[Setting], cycle: Cycle,
                  confidence_text: str | None, message: str | None, author: str | None, t: Translator) -> Path:
    """Write the check-in; a key result already checked in on that date (in the tree as loaded,
    or in a file another run wrote meanwhile) is refused before anything is written."""
    check_author(company, author, t)
    already = checked_in(company, team, day)
    clash = [s for s in found if s.kr.ref in already]
    if clash:
        raise AuthoringError(t.label("checkin.already", krs=", ".join(s.kr.id for s in clash), date=day))
    text = render_file("checkin.md", date=day.isoformat(), author=author, t=t.label, confidence=confidence_text,
                       headings=headings(t.language),
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
            raise AuthoringError(t.label("checkin.race", krs=", ".join(taken), path=path))

    return write_dated(content / cycle.id / team / "checkins", day, text, conflicts)
