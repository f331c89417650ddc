"""A cycle's roll-up as a plain-text table for the terminal."""

from __future__ import annotations

import unicodedata

from .format import grade_text, target_text, value_text
from .i18n import Translator
from .model import COMPANY, Company
from .rollup import CycleRollup, grade_band

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
            lines.append(row(organisation.team_name(team_id), team.progress, team.status, team.grade))
        for objective in (o for o in team.objectives if o.visible):
            lines.append(row("  " + objective.objective.title, objective.progress, objective.status, objective.grade))
            for k in objective.key_results:
                label = f"    {k.kr.id}: {value_text(k.kr, k.current, t)} / {target_text(k.kr, t)}"
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
    return f"{grade_text(grade, t)} {t.label('band.' + grade_band(grade).value)}"
