"""The OKR model: plain dataclasses, filled by `load`, read by `rollup`.

Nothing here does I/O or math; every object remembers where it was written
(`Location`) so that later checks can point at the file and line.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .numbers import POINT, NumberStyle

COMPANY = "company"  # the reserved team id of the company's own objectives


class Location:
    """Where something was written: path, 1-based line and column.

    Line and column may be worked out only when first asked for (`resolve`):
    most locations are never shown, and finding them costs a second parse.
    """

    __slots__ = ("_col", "_line", "_resolve", "path")

    def __init__(self, path: str, line: int = 1, col: int = 1, resolve: Callable[[], tuple[int, int]] | None = None):
        self.path = path  # as shown to the user, e.g. content/2026-Q4/mobile/app.md
        self._line, self._col, self._resolve = line, col, resolve

    def _resolved(self) -> tuple[int, int]:
        if self._resolve is not None:
            self._line, self._col = self._resolve()
            self._resolve = None
        return self._line, self._col

    @property
    def line(self) -> int:
        return self._resolved()[0]

    @property
    def col(self) -> int:
        return self._resolved()[1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and (self.path, *self._resolved()) == (other.path, *other._resolved())

    def __hash__(self) -> int:
        return hash((self.path, *self._resolved()))

    def __repr__(self) -> str:
        return f"Location({self.path!r}, {self.line}, {self.col})"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# Where an object built in code (not read from a file) was "written": every loaded
# object has its own location, so checks can point at one without asking first.
NOWHERE = Location("")


class Kind(str, enum.Enum):
    INCREASE = "increase"
    DECREASE = "decrease"
    BOOLEAN = "boolean"
    MILESTONES = "milestones"
    MAINTAIN = "maintain"


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    CONFIDENTIAL = "confidential"
    DRAFT = "draft"


@dataclass
class Cycle:
    id: str
    name: str
    start: dt.date
    end: dt.date  # inclusive
    yearly: bool = False
    location: Location = NOWHERE

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def kind(self) -> str:
        """year, half or quarter by its length, however it is named or dated; else other (a campaign)."""
        days = (self.end - self.start).days + 1
        if self.yearly:
            return "year"
        return "quarter" if 89 <= days <= 92 else "half" if 181 <= days <= 184 else "other"


@dataclass
class Person:
    id: str
    name: str
    email: str = ""
    title: str = ""


@dataclass
class Team:
    id: str
    name: str
    lead: str | None = None
    members: list[str] = field(default_factory=list)
    parent: str | None = None
    location: Location = NOWHERE


@dataclass
class Lints:
    """OKR-practice warnings; None turns a numeric one off."""

    min_key_results: int | None = 2
    max_key_results: int | None = 5
    max_objectives: int | None = 5
    measurable_target: bool = True
    owner: bool = True
    stale: bool = True


@dataclass
class Defaults:
    on_track: float = 0.95
    at_risk: float = 0.75
    stale_after_days: int = 14
    confidence_scale: int = 1  # 1: 0.0-1.0, 10: 1-10
    confidence_at_risk: float = 0.5  # on the 0-1 scale
    confidence_off_track: float = 0.3
    company_progress: str = "objectives"  # or "aligned"
    main_cycle: str = "quarter"  # the kind of cycle the dashboard follows while several run
    include_confidential: bool = True
    lints: Lints = field(default_factory=Lints)


@dataclass
class Organisation:
    company: str
    fiscal_year_start: int = 1
    cycles: dict[str, Cycle] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    defaults: Defaults = field(default_factory=Defaults)
    number_style: NumberStyle = POINT  # how values are written, read and printed (okrsite.yml `number_style`)
    # Cycle, person and team ids okrsite.yml declares but could not read (reported there): named in
    # other files they are known, not reported again, so a reader fixes okrsite.yml first.
    unreadable: frozenset[str] = frozenset()

    def team_name(self, team_id: str) -> str:
        """The company's name for its own objectives, a team's name, else the id as written."""
        if team_id == COMPANY:
            return self.company
        team = self.teams.get(team_id)
        return team.name if team else team_id

    def person_name(self, person_id: str | None) -> str:
        """A person's name, else the id as written ('' for nobody)."""
        person = self.people.get(person_id) if person_id else None
        return person.name if person else (person_id or "")


@dataclass
class Milestone:
    id: str  # slug of the title
    title: str
    weight: float = 1.0


@dataclass
class KeyResult:
    id: str
    title: str
    kind: Kind
    start: float | None = None  # None for boolean and milestones
    target: float | None = None  # the threshold for maintain
    maintain_above: bool = True  # maintain: value >= target (else <=)
    unit: str = ""  # "%", "ms", ...; "" when none
    currency: str = ""  # ISO code, e.g. EUR
    owner: str | None = None
    weight: float = 1.0
    due: dt.date | None = None
    kpi: str = ""
    depends_on: list[str] = field(default_factory=list)  # raw refs, resolved in `load`
    milestones: list[Milestone] = field(default_factory=list)
    moved_from: str = ""  # the full ref this KR had before a move or rename: its check-ins count here
    added: dt.date | None = None  # the day it was written, from git (None: not known; the cycle's start counts)
    location: Location = NOWHERE
    # Set by whoever puts the KR into an objective (the loader), so readers never check for None.
    objective: Objective = field(init=False, repr=False, compare=False)

    @property
    def ref(self) -> str:
        """The global id: objective id + '#' + KR id, also its URL anchor."""
        return f"{self.objective.id}#{self.id}"


@dataclass
class Retrospective:
    grade: float | None = None  # an override of the computed grade
    reason: str = ""
    reached: str = ""
    helped: str = ""
    blocked: str = ""
    change: str = ""
    learned: str = ""
    location: Location = NOWHERE


@dataclass
class Objective:
    id: str  # the file's path below content/ without .md; also its URL
    title: str
    team: str
    cycle: str
    owner: str | None = None
    aligns_to: list[str] = field(default_factory=list)  # objective ids or KR refs
    weight: float = 1.0
    visibility: Visibility = Visibility.PUBLIC
    progress_from_aligned: bool = False
    key_results: list[KeyResult] = field(default_factory=list)
    # Ids of key results declared here but not read (their errors are reported): still known by
    # name, so what names them is not told they do not exist (one mistake, one error).
    unread_key_results: list[str] = field(default_factory=list)
    retrospective: Retrospective | None = None
    body: str = ""
    location: Location = NOWHERE

    @property
    def slug(self) -> str:
        return PurePosixPath(self.id).name

    @property
    def visible(self) -> bool:
        return self.visibility is Visibility.PUBLIC


@dataclass
class Action:
    text: str
    owner: str | None = None
    due: dt.date | None = None
    done: bool = False
    location: Location = NOWHERE


@dataclass
class CheckInValue:
    kr: str  # the KR's global ref (objective id#kr id)
    value: float  # numbers as written; boolean 0/1; milestones: count of done
    done_milestones: tuple[str, ...] = ()  # milestone ids, for milestones KRs
    confidence: float | None = None  # normalised to 0..1
    note: str = ""
    location: Location = NOWHERE


@dataclass
class CheckIn:
    id: str  # path below content/ without .md
    team: str
    date: dt.date
    author: str | None = None
    confidence: float | None = None  # normalised to 0..1
    values: list[CheckInValue] = field(default_factory=list)
    wins: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    body: str = ""
    location: Location = NOWHERE


@dataclass
class Page:
    """A hand-written Markdown page: rendered as it is."""

    path: str  # below content/
    location: Location = NOWHERE


@dataclass
class Company:
    """Everything loaded from one content tree."""

    organisation: Organisation
    objectives: dict[str, Objective] = field(default_factory=dict)
    checkins: list[CheckIn] = field(default_factory=list)  # sorted by date, then id
    pages: list[Page] = field(default_factory=list)

    def key_result(self, ref: str) -> KeyResult | None:
        objective_id, _, kr_id = ref.partition("#")
        objective = self.objectives.get(objective_id)
        if objective is None:
            return None
        return next((kr for kr in objective.key_results if kr.id == kr_id), None)
