"""Who moved a key result's goalposts, and when: the history of each key
result's target and start, read from git.

One `git log` over the content folder lists every commit that touched a file
there, with the blobs before and after; one `git cat-file --batch` reads
the objective files among them, each blob parsed once. Without git, outside
a work tree, or in a shallow clone (where history is cut off) the history is
unavailable, and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .load import MARKDOWN
from .numbers import NumberError, parse_quantity

_Loader: type[yaml.CSafeLoader | yaml.SafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

NO_BLOB = "0" * 40
MAX_BLOB = 1_000_000  # bytes: larger files are not objectives anyone wrote by hand
FIELDS = ("target", "start")


@dataclass(frozen=True)
class Change:
    """One commit's change to one key result's target or start (as written in the file)."""

    field: str  # "target" or "start"
    old: str | None  # None: first set
    new: str | None  # None: removed
    author: str
    date: dt.date
    commit: str


@dataclass
class History:
    available: bool
    reason: str = ""  # why not: "unavailable" (no git) or "shallow"
    changes: dict[str, list[Change]] = field(default_factory=dict)  # by key result ref, oldest first
    added: dict[str, dt.date] = field(default_factory=dict)  # by key result ref: the day of its first commit

    def of(self, ref: str) -> list[Change]:
        return self.changes.get(ref, [])

    def newest_first(self, ref: str) -> list[Change]:
        """Latest commit first; within a commit, target before start."""
        changes = self.of(ref)
        commits = {c.commit: index for index, c in enumerate(changes)}
        return sorted(changes, key=lambda c: -commits[c.commit])


MAX_PATHSPECS = 200  # objectives read by name; for more, the whole folder's history is as cheap


def read_history(content: Path, objectives: list[str] | None = None) -> History:
    """The history of the content folder, or of only these objectives' files (their ids)."""
    from . import git  # here: a check asks git only when a key result needs its history (`needing_added`)

    place = git.locate(content)
    if place is None:
        return History(False, "unavailable")
    if place.shallow:
        return History(False, "shallow")
    limited = objectives is not None and len(objectives) <= MAX_PATHSPECS
    paths = [f"{place.prefix}{objective}.md" for objective in objectives or ()] if limited else [place.prefix or "."]
    try:
        log = git.run(place.top, "--literal-pathspecs", "log", "--no-merges", "--reverse", "--raw", "--no-abbrev",
                      "--no-renames", "-z", "--format=%x01%H%x1f%an%x1f%as", "--", *paths)
    except git.GitError:  # a repository without commits yet
        return History(True)
    commits = _commits(log, place.prefix)
    blobs = {sha for _, _, _, files in commits for _, old, new in files for sha in (old, new) if sha != NO_BLOB}
    try:
        texts = git.read_blobs(place.top, sorted(blobs))
    except git.GitError:
        return History(False, "unavailable")
    parsed: dict[str, dict] = {}

    def goalposts(sha: str) -> dict:
        if sha == NO_BLOB:
            return {}
        if sha not in parsed:
            parsed[sha] = _goalposts(texts.get(sha))
        return parsed[sha]

    history = History(True)
    for commit, author, day, files in commits:
        for objective_id, old_sha, new_sha in files:
            before, after = goalposts(old_sha), goalposts(new_sha)
            for kr_id, values in after.items():
                was = before.get(kr_id)
                history.added.setdefault(f"{objective_id}#{kr_id}", day)
                for name in FIELDS:
                    old = was.get(name) if was else None
                    new = values.get(name)
                    if not _same(old, new):
                        history.changes.setdefault(f"{objective_id}#{kr_id}", []).append(
                            Change(name, old, new, author, day, commit))
    return history


Commit = tuple[str, str, dt.date, list[tuple[str, str, str]]]  # sha, author, date, [(objective id, old, new)]


def _commits(log: bytes, prefix: str) -> list[Commit]:
    """(sha, author, date, [(objective id, old blob, new blob)]) for each commit, oldest first."""
    commits: list[Commit] = []
    tokens = iter(log.split(b"\0"))
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(b"\x01"):
            sha, author, day = token[1:].decode("utf-8", "replace").split("\x1f")
            commits.append((sha, author, dt.date.fromisoformat(day), []))
        elif token.startswith(b":") and commits:
            _, _, old, new, _ = token[1:].decode().split(" ")
            path = next(tokens, b"").decode("utf-8", "surrogateescape")
            objective_id = _objective_id(path, prefix)
            if objective_id:
                commits[-1][3].append((objective_id, old, new))
    return commits


def _objective_id(path: str, prefix: str) -> str | None:
    """An objective's id is its path below the content folder without .md; check-ins are not objectives."""
    if not path.startswith(prefix):
        return None
    relative = PurePosixPath(path[len(prefix):])
    if relative.suffix not in MARKDOWN or "checkins" in relative.parts[:-1]:
        return None
    return str(relative.with_suffix(""))


def _goalposts(text: bytes | None) -> dict[str, dict[str, str]]:
    """{kr id: {"target": "70", "start": "42"}} from an objective file's front-matter, as written;
    {} for anything else (a plain page, a check-in, a broken file)."""
    if not text or len(text) > MAX_BLOB or not text.startswith(b"---") or b"key_results" not in text:
        return {}
    source = text.decode("utf-8", "replace").replace("\r\n", "\n")
    end = source.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data = yaml.load(source[3:end], Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("key_results"), list):
        return {}
    found = {}
    for kr in data["key_results"]:
        if isinstance(kr, dict) and isinstance(kr.get("id"), str):
            target = kr.get("maintain", kr.get("target"))
            found[kr["id"]] = {name: _written(value) for name, value in (("target", target), ("start", kr.get("start")))
                               if _scalar(value)}
    return found


def _scalar(value) -> bool:
    """Only numbers and text are targets; anything else (a list, an alias to a huge tree) is skipped unread."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 200


def _written(value) -> str:
    return str(value).strip()


def _same(old: str | None, new: str | None) -> bool:
    """1,200 and 1200 are the same target; anything that does not read as a number is compared as text."""
    if old is None or new is None:
        return old is new
    try:
        a, b = parse_quantity(old), parse_quantity(new)
    except NumberError:
        return old == new
    return a == b


def mark_added(company, content: Path, today: dt.date) -> None:
    """Each key result's `added` where it can matter: the day of the commit that first held it; today
    for one that is not committed yet. Unknown (None) without history, and for a day after `today`
    (a build evaluated at an earlier date does not know what came later)."""
    objectives = needing_added(company, today)
    if not objectives:
        return  # nothing to ask git
    history = read_history(content, objectives)
    if not history.available:
        return
    for objective_id in objectives:
        for kr in company.objectives[objective_id].key_results:
            added = history.added.get(kr.ref, today)
            kr.added = added if added <= today else None


def needing_added(company, today: dt.date) -> list[str]:
    """The objectives with a key result whose status can hang on the day it was added: one without a
    check-in yet, in a running cycle that began longer ago than a key result takes to go stale (staleness
    counts from the later of the cycle's start and that day; nothing else asks it)."""
    checked_in = {value.kr for checkin in company.checkins if checkin.date <= today for value in checkin.values}
    stale_after = company.organisation.defaults.stale_after_days
    cycles = company.organisation.cycles
    found = []
    for objective in company.objectives.values():
        cycle = cycles.get(objective.cycle)
        if cycle is None or not cycle.contains(today) or (today - cycle.start).days <= stale_after:
            continue
        if any(kr.ref not in checked_in for kr in objective.key_results):
            found.append(objective.id)
    return found

