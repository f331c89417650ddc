"""Load a content tree into the model, reporting every problem on the way.

Files are read in a fixed order (sorted paths), so the model and the
messages are the same on every machine. The organisation comes first: every
other file is read against its cycles, teams and people.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ..diagnostics import Report
from ..model import CheckIn, Company, Location, Organisation, Page
from .checkin import KeyResultIndex, read_checkin
from .fields import ID_PATTERN, slugify, suggest
from .objective import read_objective
from .organisation import read_organisation
from .references import resolve_references
from .source import SourceFile, read_markdown, read_yaml

ORGANISATION_FILE = "okrsite.yml"
PAGE_KEYS = ("title", "description", "template", "hide", "search", "tags", "icon", "status", "subtitle")
KIND_KEYS = ("objective", "checkin")
MARKDOWN = (".md", ".markdown")
YAML = (".yml", ".yaml")


def shown_path(path: Path) -> str:
    """Paths in messages are relative to where the user stands, when they can be."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load(content: Path, report: Report) -> Company | None:
    """The whole company, or None when there is no usable organisation file."""
    organisation_path = content / ORGANISATION_FILE
    if not organisation_path.is_file():
        report.error(Location(shown_path(organisation_path)), "missing-organisation", content=shown_path(content))
        return None
    source = read_yaml(organisation_path, shown_path(organisation_path), ORGANISATION_FILE, report)
    if source is None:
        return None
    company = Company(read_organisation(source, report))

    objectives, checkins, unreadable = [], [], []
    for path, rel in _content_files(content):
        shown = shown_path(path)
        if path.suffix in YAML:
            report.error(Location(shown), "stray-yaml", name=path.name, organisation=ORGANISATION_FILE)
            continue
        if path.suffix not in MARKDOWN:
            continue  # images, PDFs: assets of the plain pages
        source = read_markdown(path, shown, rel, report)
        if source is None:
            if _looks_like_objective(path):
                unreadable.append(rel)
            continue
        kind = _kind(source, report)
        if kind == "page":
            company.pages.append(Page(rel, Location(shown)))
        elif kind == "objective":
            objectives.append(source)
        elif kind == "checkin":
            checkins.append(source)

    organisation = company.organisation
    sources: dict[str, SourceFile] = {}
    for source in objectives:
        if not _ids_ok(source, organisation, report):
            continue
        objective = read_objective(source, organisation, *_placement(source, organisation), report)
        if objective:
            company.objectives[objective.id] = objective
            sources[objective.id] = source
        else:
            unreadable.append(source.rel)
    _unique_key_results(company, report)
    resolve_references(company, sources, report)
    # A team with an unreadable objective file would get one error per check-in value: say it once.
    incomplete = {_placement_of(rel, organisation)[1] for rel in unreadable}
    index = KeyResultIndex(company.objectives, incomplete)
    for source in checkins:
        checkin = read_checkin(source, organisation, index, *_placement(source, organisation), report)
        if checkin:
            company.checkins.append(checkin)
    company.checkins.sort(key=lambda c: (c.date, c.id))
    _unique_values(company.checkins, report)
    return company


def _content_files(content: Path):
    """Every file below `content`, hidden ones left out, in a stable order."""
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(content).as_posix()
            if rel != ORGANISATION_FILE:
                yield path, rel


def _looks_like_objective(path: Path) -> bool:
    """For a file that could not be read: was it meant to be an objective?"""
    try:
        return re.search(rb"^objective\s*:", path.read_bytes(), re.MULTILINE) is not None
    except OSError:
        return False


def _kind(source: SourceFile, report: Report) -> str | None:
    """objective, checkin or page, from the front-matter's keys."""
    meta = source.meta
    if meta is None:
        return "page"
    kinds = [key for key in KIND_KEYS if key in meta]
    if len(kinds) == 1:
        return kinds[0]
    if len(kinds) > 1:
        report.error(source.key_at(kinds[1]), "two-kinds")
        return None
    strange = [key for key in meta if key not in PAGE_KEYS]
    if not strange:
        return "page"
    key = strange[0]
    report.error(source.key_at(key), "unknown-file-kind", key=key,
                 suggestion=suggest(key, KIND_KEYS + PAGE_KEYS))
    return None


def _ids_ok(source: SourceFile, organisation: Organisation, report: Report) -> bool:
    """An objective's path is its id and URL: only safe, lowercase parts (and cycle ids)."""
    parts = PurePosixPath(source.rel.removesuffix(".md")).parts
    bad = [part for part in parts if not ID_PATTERN.match(part) and part not in organisation.cycles]
    if bad:
        report.error(Location(source.shown), "bad-path", part=bad[0], suggestion=slugify(bad[0]))
        return False
    return True


def _placement(source: SourceFile, organisation: Organisation) -> tuple[str | None, str | None]:
    return _placement_of(source.rel, organisation)


def _placement_of(rel: str, organisation: Organisation) -> tuple[str | None, str | None]:
    """Cycle and team from a `<cycle>/<team>/...` path, when it follows the layout."""
    parts = PurePosixPath(rel).parts
    if len(parts) >= 3 and parts[0] in organisation.cycles:
        return parts[0], parts[1]  # an unknown team folder is reported where it is read
    return None, None


def _unique_key_results(company: Company, report: Report) -> None:
    """Check-ins name a KR by its id alone, so ids are unique in a team's cycle."""
    seen: dict[tuple[str, str, str], str] = {}
    for objective in company.objectives.values():
        for kr in objective.key_results:
            key = (objective.team, objective.cycle, kr.id)
            if key in seen and seen[key] != objective.id:
                report.error(kr.location, "duplicate-kr", id=kr.id, team=objective.team, cycle=objective.cycle,
                             other=seen[key])
            seen.setdefault(key, objective.id)


def _unique_values(checkins: list[CheckIn], report: Report) -> None:
    """Several files may check in one team on one date, but not the same KR twice."""
    seen: dict[tuple, CheckIn] = {}
    for checkin in checkins:
        for value in checkin.values:
            key = (checkin.date, value.kr)
            if key in seen:
                report.error(value.location, "duplicate-value", kr=value.kr, date=checkin.date,
                             other=seen[key].location.path)
            else:
                seen[key] = checkin
