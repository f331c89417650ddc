"""A cycle's roll-up as a plain-text table for the terminal."""

from __future__ import annotations

import unicodedata

from .i18n import Translator
from .model import COMPANY, Company, Kind, KeyResult
from .numbers import format_number
from .rollup import CycleRollup, KeyResultRollup, grade_band

NAME_WIDTH = 52
BAR_WIDTH = 10


def render_summary(company: Company, rolled: CycleRollup, t: Translator) -> str:
    organisation = company.organisation
    cycle = rolled.cycle

    def row(name, progress, status, grade) -> str:
        # After the end, grades tell the story, not the pace.
        shown = "" if rolled.finished else t.label(f"status.{status.value}")
        return _row(name, _bar(progress), shown, _grade(grade, t))

    lines = [
        t.label("summary.title", company=organisation.company, cycle=cycle.name, start=cycle.start, end=cycle.end),
        t.label("summary.finished", end=cycle.end) if rolled.finished else t.label(
            "summary.as_of", today=rolled.today, elapsed=_percent(rolled.expected), days_left=rolled.days_left
        ),
        "",
        _row("", t.label("summary.progress"), "" if rolled.finished else t.label("summary.status"),
             t.label("summary.grade")),
    ]
    for team_id, team in rolled.teams.items():
        lines.append("")
        if team_id == COMPANY:  # the company's progress is its own objectives'
            lines.append(row(organisation.company, rolled.company_progress, rolled.company_status,
                             rolled.company_grade))
        else:
            lines.append(row(organisation.teams[team_id].name, team.progress, team.status, team.grade))
        for objective in (o for o in team.objectives if o.visible):
            lines.append(row("  " + objective.objective.title, objective.progress, objective.status, objective.grade))
            for k in objective.key_results:
                label = f"    {k.kr.id}: {_value(k, t)} / {_target(k.kr, t)}"
                lines.append(row(label, k.progress, k.status, k.grade))
    if rolled.hidden:
        lines += ["", t.label("summary.confidential", count=rolled.hidden)]
    return "\n".join(lines) + "\n"


def _row(name: str, progress: str, status: str, grade: str) -> str:
    return f"{_fit(name, NAME_WIDTH)}  {progress:<{BAR_WIDTH + 7}}  {status:<11}  {grade}".rstrip()


def _fit(text: str, width: int) -> str:
    """Pad or cut to a display width: wide characters (emoji, CJK) take two cells."""
    cells = [_cells(char) for char in text]
    if sum(cells) <= width:
        return text + " " * (width - sum(cells))
    used, end = 0, 0
    while used + cells[end] <= width - 1:
        used += cells[end]
        end += 1
    return text[:end] + "…" + " " * (width - 1 - used)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _bar(progress: float) -> str:
    filled = round(progress * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {_percent(progress):>5}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def _grade(grade: float | None, t: Translator) -> str:
    """The grade in tenths, with its band in words (0.7 delivered)."""
    if grade is None:
        return ""
    return f"{grade:.1f} {t.label('band.' + grade_band(grade).value)}"


def _value(k: KeyResultRollup, t: Translator) -> str:
    kr = k.kr
    if kr.kind is Kind.MILESTONES:
        return f"{len(k.done_milestones)}"
    if kr.kind is Kind.BOOLEAN:
        return t.label("summary.yes") if k.current else t.label("summary.no")
    if k.current is None:
        return "-"
    return format_number(k.current, kr.unit, kr.currency)


def _target(kr: KeyResult, t: Translator) -> str:
    if kr.kind is Kind.MILESTONES:
        return f"{len(kr.milestones)}"
    if kr.kind is Kind.BOOLEAN:
        return t.label("summary.yes")
    if kr.target is None:
        return "-"
    target = format_number(kr.target, kr.unit, kr.currency)
    if kr.kind is Kind.MAINTAIN:
        return (">= " if kr.maintain_above else "<= ") + target
    return target
