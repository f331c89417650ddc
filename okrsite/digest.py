"""The stand-up digest: what moved in a window of days, what is at risk or off
track, who has not checked in, and the actions due next.

Read from the site's data (`site.Site`: each cycle's roll-up and its
check-ins as `Entry`/`Move`, confidential and draft objectives already left
out), so the digest says what the site says. `to_markdown` writes it for chat
or e-mail (`okrsite digest`); `digest_page` makes it a page of the site
(`theme/okrsite/digest.html`). Everything is a function of the content and
`today`: the same input gives the same digest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import routes
from .format import change_text, points_text, value_text
from .i18n import Translator
from .model import COMPANY, Action, CheckIn, Kind
from .rollup import KeyResultRollup, ObjectiveRollup, Status, grade_band, kr_progress
from .site import CycleView, Entry, Site, SitePage

DEFAULT_SINCE = "7d"
_DAYS = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$")


def parse_since(text: str, today: dt.date) -> dt.date:
    """'7d' (days), '2w' (weeks) or a date (YYYY-MM-DD): the first day of the window.
    Raises ValueError with what to write instead."""
    match = _DAYS.match(text)
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return dt.date.fromordinal(max(1, today.toordinal() - days))  # never before the calendar's first day
    try:
        since = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since takes a number of days (7d), of weeks (2w) or a date (YYYY-MM-DD), "
                         f"not {text!r}") from None
    if since > today:
        raise ValueError(f"--since {since} is after today ({today})")
    return since


@dataclass
class KrMove:
    """One key result over the window: its value before and after, and its progress."""

    objective: ObjectiveRollup
    rolled: KeyResultRollup
    before: float | None  # the value before the window's first check-in (the start without one)
    after: float
    progress_before: float
    progress_after: float
    checkins: int  # how many check-ins in the window touched it

    @property
    def change(self) -> float:
        return self.progress_after - self.progress_before

    @property
    def moved(self) -> bool:
        return self.after != self.before or abs(self.change) > 1e-12


@dataclass
class TeamMoves:
    team: str
    entries: list[Entry]  # the team's check-ins in the window, newest first
    moves: list[KrMove]  # key results whose value or progress changed, biggest change first
    unchanged: int  # key results checked in without a change


@dataclass
class Quiet:
    """A team with objectives in the cycle and no check-in in the window."""

    team: str
    last: dt.date | None  # its last check-in in the cycle, if any
    stale: int  # its key results that are stale


@dataclass
class Digest:
    view: CycleView
    since: dt.date
    today: dt.date
    due_until: dt.date  # actions due up to this day are "next"
    moved: list[TeamMoves] = field(default_factory=list)
    risks: list[tuple[ObjectiveRollup, KeyResultRollup]] = field(default_factory=list)
    quiet: list[Quiet] = field(default_factory=list)
    actions: list[tuple[CheckIn, Action]] = field(default_factory=list)

    @property
    def checkins(self) -> int:
        return sum(len(team.entries) for team in self.moved)


def build_digest(site: Site, since: dt.date, view: CycleView | None = None) -> Digest:
    """The digest of one cycle (default: the running one) from `since` to the site's today."""
    view = view or site.current
    if view is None:
        raise ValueError("no cycle is running: name the cycle to digest")
    today = site.today
    horizon = max(dt.timedelta(days=7), today - since)
    until = dt.date.fromordinal(min(dt.date.max.toordinal(), today.toordinal() + horizon.days))  # within the calendar
    digest = Digest(view, since, today, until)
    shown = view.rollup.visible_objectives()
    by_ref = {k.kr.ref: (o, k) for o in shown for k in o.key_results}
    teams = _teams_in_order(site, {o.objective.team for o in shown})

    window = [e for e in view.entries if since <= e.checkin.date <= today]
    for team in teams:
        entries = [e for e in window if e.checkin.team == team]
        if entries:
            digest.moved.append(_team_moves(team, entries, by_ref))
        else:
            last = view.by_team.get(team, [])
            stale = sum(1 for o in shown if o.objective.team == team for k in o.key_results
                        if k.status is Status.STALE)
            digest.quiet.append(Quiet(team, last[0].checkin.date if last else None, stale))

    worrying = (Status.OFF_TRACK, Status.AT_RISK)
    risks = [(o, k) for o in shown for k in o.key_results if k.status in worrying]
    digest.risks = sorted(risks, key=lambda pair: (pair[1].status.rank, round(pair[1].progress, 9),
                                                      pair[1].kr.ref))

    actions = [
        (e.checkin, a) for e in view.entries for a in e.checkin.actions
        if not a.done and a.due is not None and since <= a.due <= digest.due_until
    ]
    digest.actions = sorted(actions, key=lambda pair: (pair[1].due, pair[0].team, pair[0].date, pair[1].text))
    return digest


def _teams_in_order(site: Site, teams: set[str]) -> list[str]:
    order = [COMPANY, *site.company.organisation.teams]
    return [team for team in order if team in teams]


def _team_moves(team: str, entries: list[Entry], by_ref) -> TeamMoves:
    touched: dict[str, list] = {}  # KR ref -> (check-in id, move) in the window, newest first
    for entry in entries:
        for move in entry.moves:
            touched.setdefault(move.kr.ref, []).append((entry.checkin.id, move))
    moves, unchanged = [], 0
    for ref, found in touched.items():
        objective, rolled = by_ref[ref]
        (_, newest), (oldest_id, oldest) = found[0], found[-1]
        first = next(i for i, p in enumerate(rolled.series) if p.checkin == oldest_id)
        progress_before = rolled.series[first - 1].progress if first else _start_progress(rolled)
        kr_move = KrMove(objective, rolled, oldest.before, newest.after, progress_before, newest.progress, len(found))
        if kr_move.moved:
            moves.append(kr_move)
        else:
            unchanged += 1
    # equal changes by id, whatever the float noise
    moves.sort(key=lambda m: (-round(abs(m.change), 9), m.rolled.kr.ref))
    return TeamMoves(team, entries, moves, unchanged)


def _start_progress(rolled: KeyResultRollup) -> float:
    kr = rolled.kr
    return kr_progress(kr, None if kr.kind in (Kind.BOOLEAN, Kind.MILESTONES) else kr.start)


def digest_page(site: Site, t: Translator, since: str = DEFAULT_SINCE) -> SitePage | None:
    """The digest of the running cycle as a page of the site (none without a cycle)."""
    if site.current is None:
        return None
    digest = build_digest(site, parse_since(since, site.today))
    context = {"digest": digest, "digest_delta": lambda move: change_text(move.rolled.kr, move.before, move.after, t),
               "digest_points": lambda change: points_text(change, t)}
    return SitePage(routes.DIGEST, t.label("nav.digest"), "digest.html", context)


# --- Markdown for chat and e-mail ------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    """Content text as Markdown that shows it as written (no links, no emphasis, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(digest: Digest, site: Site, t: Translator) -> str:
    view, rolled = digest.view, digest.view.rollup
    company = site.company.organisation.company

    def name(team: str) -> str:
        return _md(site.company.organisation.team_name(team))

    lines = [
        "# " + t.label("digest.title", company=_md(company), since=t.date(digest.since), today=t.date(digest.today)),
        "",
    ]
    if rolled.finished:
        state = t.label("digest.finished", cycle=_md(view.cycle.name), end=t.date(view.cycle.end))
    else:
        state = t.label("digest.running", cycle=_md(view.cycle.name), elapsed=t.percent(rolled.expected),
                        days=rolled.days_left)
    if rolled.finished and rolled.company_grade is not None:  # after the end, the grade tells the story
        band = grade_band(rolled.company_grade).value
        lines.append(state + " " + t.label("digest.grade", grade=t.grade(rolled.company_grade),
                                            band=t.label("band." + band)))
    else:
        lines.append(state + " " + t.label("digest.company", progress=t.percent(rolled.company_progress),
                                            status=t.label("status." + rolled.company_status.value)))
    if rolled.hidden:
        lines.append(t.label("label.confidential_counted", count=rolled.hidden))

    lines += ["", "## " + t.label("digest.moved"), ""]
    if not digest.moved:
        lines.append(t.label("digest.no_checkins"))
    for team in digest.moved:
        lines.append("### " + t.label("digest.team_checkins", team=name(team.team), count=len(team.entries)))
        lines.append("")
        for m in team.moves:
            kr = m.rolled.kr
            delta = change_text(kr, m.before, m.after, t)
            lines.append("- " + t.label(
                "digest.move", kr=_md(kr.title), before=value_text(kr, m.before, t), after=value_text(kr, m.after, t),
                delta=f" ({delta})" if delta else "", progress_before=t.percent(m.progress_before),
                progress_after=t.percent(m.progress_after), change=points_text(m.change, t),
                status=t.label("status." + m.rolled.status.value),
            ))
        if team.unchanged:
            lines.append("- " + t.label("digest.unchanged", count=team.unchanged))
        for entry in team.entries:
            for heading, items in (("label.wins", entry.checkin.wins), ("label.blockers", entry.checkin.blockers)):
                for item in items:
                    lines.append(f"- {t.label(heading)} ({t.date(entry.checkin.date, year=False)}): {_md(item)}")
        lines.append("")
    if not digest.moved:
        lines.append("")

    lines += ["## " + t.label("digest.risks"), ""]
    for o, k in digest.risks:
        last = t.date(k.last_checkin) if k.last_checkin else t.label("label.never")
        lines.append("- " + t.label(
            "digest.risk", status=t.label("status." + k.status.value), team=name(o.objective.team),
            kr=_md(k.kr.title), progress=t.percent(k.progress), expected=t.percent(k.expected), last=last,
        ))
    if not digest.risks:
        lines.append(t.label("digest.no_risks"))
    lines.append("")

    lines += ["## " + t.label("digest.quiet"), ""]
    for quiet in digest.quiet:
        last = t.date(quiet.last) if quiet.last else t.label("label.never")
        text = t.label("digest.quiet_team", team=name(quiet.team), last=last)
        if quiet.stale:
            text += " " + t.label("digest.stale", count=quiet.stale)
        lines.append("- " + text)
    if not digest.quiet:
        lines.append(t.label("digest.everyone"))
    lines.append("")

    lines += ["## " + t.label("digest.actions", until=t.date(digest.due_until)), ""]
    for checkin, action in digest.actions:
        assert action.due is not None  # build_digest lists only actions with a due date
        owner = _owner(action.owner, site)
        overdue = " " + t.label("digest.overdue") if action.due < digest.today else ""
        lines.append(f"- {t.date(action.due)}{overdue} · {owner}{name(checkin.team)}: {_md(action.text)}")
    if not digest.actions:
        lines.append(t.label("digest.no_actions"))
    return "\n".join(lines).rstrip() + "\n"


def _owner(person: str | None, site: Site) -> str:
    if not person:
        return ""
    organisation = site.company.organisation
    known = person in organisation.people
    return f"@{person} ({_md(organisation.person_name(person))}) · " if known else f"@{person} · "
