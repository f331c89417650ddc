"""Load a content tree into the model, reporting every problem on the way.

Files are read in a fixed order (sorted paths), so the model and the
messages are the same on every machine. The organisation comes first: every
other file is read against its cycles, teams and people.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content_files import ContentFile, content_files, data_copy
from ..diagnostics import ERROR, RANK_CHECKIN, RANK_OBJECTIVE, RANK_ORGANISATION, RANK_OTHER, Report
from ..i18n import Translator
from ..model import CheckIn, Company, Location, Objective, Organisation, Page
from ..numbers import NumberStyle, style_with_decimal
from ..untrusted import body_problem
from .checkin import KeyResultIndex, read_checkin
from .fields import ID_PATTERN, slugify, suggest
from .moves import old_team, report_unused, resolve_moves
from .objective import read_objective
from .organisation import cycle_dates, read_organisation
from .references import resolve_references
from .source import ReadFiles, SourceFile, read_markdown, read_yaml

ORGANISATION_FILE = "okrsite.yml"
PAGE_KEYS = ("title", "description", "template", "hide", "search", "tags", "icon", "status", "subtitle")
KIND_KEYS = ("objective", "checkin")
MARKDOWN = (".md", ".markdown")
# Files, from which parsing is shared among worker processes. Workers never save CPU (their start, sending
# the parsed files back: 6 % more on the 60-team company's 3,800 files) and saved no wall time there on two
# busy cores; on a far larger tree they may still shorten the wait.
PARALLEL_FROM = 10_000
MAX_WORKERS = 4
YAML = (".yml", ".yaml")
_RANKS = {"objective": RANK_OBJECTIVE, "checkin": RANK_CHECKIN}  # a file's kind -> its rank in the report


def shown_path(path: Path) -> str:
    """Paths in messages are relative to where the user stands, when they can be."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def shown_below(content: Path) -> Callable[[str], str]:
    """`shown_path` of the files below `content`, by their POSIX path below it: the folder's relative
    path is worked out once, not once a file."""
    try:
        folder = os.path.relpath(content)
    except ValueError:  # another drive on Windows
        return lambda rel: str(content / rel)
    if set(folder.split(os.sep)) == {os.pardir}:  # the user stands inside the folder: file by file
        return lambda rel: shown_path(content / rel)
    if os.sep == "/" and folder != os.curdir:  # `rel` is POSIX and normalised, as `content_files` makes it:
        # joined to the normalised `folder`, it needs no normpath, and whether it leads out is the folder's
        if folder.startswith(".."):
            outside = str(content / "x")[:-1]  # the folder as it was given, with its separator
            return lambda rel: outside + rel
        inside = folder + "/"
        return lambda rel: inside + rel

    def shown(rel: str) -> str:
        relative = os.path.normpath(os.path.join(folder, rel))
        return str(content / rel) if relative.startswith("..") else relative

    return shown


def load(content: Path, report: Report, language: str | None = None,
         files: list[ContentFile] | None = None, read: ReadFiles | None = None) -> Company | None:
    """The whole company, or None when there is no usable organisation file. `language` is the
    site's (else mkdocs.yml's beside the content folder): its numbers' style, unless okrsite.yml says;
    `files`: the content folder's, when the caller has walked it already; `read`: the files as read
    by the last build (`okrsite serve` keeps them), parsed again only where they changed."""
    with collector_paused(serving=read is not None):
        files = content_files(content) if files is None else files
        return _load(content, report, number_style(content, language), files, read)


def number_style(content: Path, language: str | None = None) -> NumberStyle:
    """The number style of the site's language (default: the content's, `content_language`)."""
    return style_with_decimal(Translator(language or content_language(content)).format("decimal"))


def content_language(content: Path) -> str:
    """The site's language: `theme.language` in the mkdocs.yml beside the content folder, else English."""
    return site_language(content.parent / "mkdocs.yml")


def site_language(config_file: Path) -> str:
    """`theme.language` in a site's mkdocs.yml, else English."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TaggedLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "en"
    theme = config.get("theme") if isinstance(config, dict) else None
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) else "en"


class _TaggedLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (!ENV, !relative): read as plain values."""


_TaggedLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TaggedLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@contextlib.contextmanager
def collector_paused(serving: bool = False):
    """Loading makes many small objects that all live on; the cycle collector
    would walk them again and again (a fifth of the time on a large tree).
    `serving`: inside `okrsite serve`, which keeps its last build frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made meanwhile is still in the youngest generation: its next collection would walk it
        # all (a quarter of a large check). Moved to the oldest, it waits for a full collection instead;
        # while `okrsite serve` keeps its last build frozen, it joins that (unfreezing would thaw it all;
        # asking gc.get_freeze_count() walks every frozen object, 0.1 s on 60 teams).
        gc.freeze()
        if not serving:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _load(content: Path, report: Report, style: NumberStyle, files: list[ContentFile],
          read: ReadFiles | None) -> Company | None:
    organisation_path = content / ORGANISATION_FILE
    report.ranks[shown_path(organisation_path)] = RANK_ORGANISATION
    if not organisation_path.is_file():
        report.error(Location(shown_path(organisation_path)), "missing-organisation", content=shown_path(content))
        return None
    source = read_yaml(organisation_path, shown_path(organisation_path), ORGANISATION_FILE, report)
    if source is None:
        return None
    company = Company(read_organisation(source, report, style))
    organisation_text = source.yaml_text

    markdown = []
    show = shown_below(content)
    for file in files:
        location = Location(show(file.rel))
        if file.problem:
            code, fields = file.problem
            report.error(location, code, **fields)
        elif file.kind == "yaml":
            report.error(location, "stray-yaml", name=file.path.name, organisation=ORGANISATION_FILE)
        elif file.kind == "markdown":
            markdown.append((file.path, location.path, file.rel))
        elif data_copy(file.path):
            report.error(location, "data-copy", name=file.path.name)

    objectives, checkins, unreadable = [], [], []
    for (path, shown, rel), source in zip(markdown, _read_markdown_files(markdown, report, read), strict=True):
        if source is None:
            report.ranks[shown] = RANK_CHECKIN if "checkins" in rel.split("/") else RANK_OBJECTIVE
            if _looks_like_objective(path):
                unreadable.append(rel)
            continue
        kind = _kind(source, report)
        report.ranks[shown] = _RANKS.get(kind or "", RANK_OTHER)
        if kind == "page":
            problem = body_problem(source.body)  # MkDocs renders pages with the same Markdown library
            if problem is not None:
                line, code, args = problem
                report.error(source.line(source.body_line + line - 1), code, **args)
            company.pages.append(Page(rel, Location(shown)))
        elif kind == "objective":
            objectives.append(source)
        elif kind == "checkin":
            checkins.append(source)

    organisation = company.organisation
    undeclared = _undeclared_cycles(content, [*objectives, *checkins], organisation, report)
    objectives = [source for source in objectives if source not in undeclared]
    checkins = [source for source in checkins if source not in undeclared]
    made_of = (organisation_text, style, tuple(objectives), tuple(unreadable))
    read_before = read.objectives if read is not None else None
    if read_before is not None and read_before.made_of == made_of:
        objectives_read = read_before.again(company, report)
    else:
        objectives_read = _read_objectives(company, objectives, report, made_of)
    unreadable.extend(objectives_read.unread)
    # A team with an unreadable objective file would get one error per check-in value: say it once.
    incomplete = {_placement_of(rel, organisation)[1] for rel in unreadable}
    index = KeyResultIndex(company.objectives, incomplete, lambda ref: old_team(ref, company))
    checkins_before = read.checkins if read is not None else {}
    checkins_read: dict[str, tuple] = {}
    for source in checkins:
        kept = checkins_before.get(source.rel)
        if kept is not None and kept[0] is source and kept[1] is objectives_read:  # as read before: see below
            checkin, messages = kept[2], kept[3]
            report.diagnostics.extend(messages)
        else:
            mark = len(report.diagnostics)
            checkin = read_checkin(source, organisation, index, *_placement(source, organisation), report)
            messages = report.diagnostics[mark:]
        # Kept for the next load of `okrsite serve` while its file and the objectives are the same objects:
        # the same reading. Not when it used a moved key result (`used_moves` is the index's), nor with
        # an error, whose words can hang on other files (`Report.first_time`): errors stop the build anyway.
        if checkin and not objectives_read.moves and not any(m.severity == ERROR for m in messages):
            checkins_read[source.rel] = (source, objectives_read, checkin, messages)
        if checkin:
            company.checkins.append(checkin)
    report_unused(objectives_read.moves, index.used_moves, report)
    if read is not None:
        read.checkins = checkins_read
        read.objectives = objectives_read if not any(m.severity == ERROR for m in objectives_read.messages) else None
    company.checkins.sort(key=lambda c: (c.date, c.id))
    _unique_values(company.checkins, report)
    return company


@dataclass
class ObjectivesRead:
    """The objectives as read from `made_of` (okrsite.yml's text, the number style, the objective files
    in order, the unreadable ones), with what reading them said. Read as a whole, since reading resolves
    references across files (`resolve_references`, `resolve_moves` change the objectives)."""

    made_of: tuple
    objectives: dict[str, Objective]
    messages: list
    unread: list[str]  # objective files that could not be read
    moves: dict

    def again(self, company: Company, report: Report) -> ObjectivesRead:
        """The same objectives for a load of the same files (`okrsite serve` keeps them): as a fresh read
        leaves them, so `added` is taken off again (`history.mark_added` sets it after each load)."""
        for objective in self.objectives.values():
            for kr in objective.key_results:
                kr.added = None
        company.objectives.update(self.objectives)
        report.diagnostics.extend(self.messages)
        return self


def _read_objectives(company: Company, objectives: list[SourceFile], report: Report, made_of: tuple) -> ObjectivesRead:
    organisation = company.organisation
    mark = len(report.diagnostics)
    sources: dict[str, SourceFile] = {}
    unread = []
    for source in objectives:
        if not _ids_ok(source, organisation, report):
            continue
        objective = read_objective(source, organisation, *_placement(source, organisation), report)
        if objective:
            company.objectives[objective.id] = objective
            sources[objective.id] = source
        else:
            unread.append(source.rel)
    _unique_key_results(company, report)
    resolve_references(company, sources, report)
    moves = resolve_moves(company, sources, report)
    return ObjectivesRead(made_of, dict(company.objectives), report.diagnostics[mark:], unread, moves)


def _read_markdown_files(files: list[tuple[Path, str, str]], report: Report,
                         read: ReadFiles | None = None) -> list[SourceFile | None]:
    """Every file read and parsed, with its messages in the files' order; what `read` kept of an
    unchanged file is taken as it is."""
    found: list[tuple[SourceFile | None, list] | None] = [None] * len(files)
    data: list[bytes | None] = [None] * len(files)
    if read is not None:
        for index, (path, shown, rel) in enumerate(files):
            data[index], found[index] = read.get(path, shown, rel)
        read.keep_only({path for path, _, _ in files})
    missing = [index for index, kept in enumerate(found) if kept is None]
    for index, (source, diagnostics) in zip(missing, _parse_markdown_files([files[i] for i in missing], report),
                                            strict=True):
        found[index] = source, diagnostics
        if read is not None:
            path, shown, rel = files[index]
            read.keep(path, data[index], shown, rel, source, diagnostics)
    sources = []
    for kept in found:
        assert kept is not None
        report.diagnostics.extend(kept[1])
        sources.append(kept[0])
    return sources


def _parse_markdown_files(files: list[tuple[Path, str, str]],
                          report: Report) -> list[tuple[SourceFile | None, list]]:
    """Each file's source and messages; a large tree is shared among the machine's cores,
    since parsing YAML is most of the time a check takes."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) < PARALLEL_FROM or workers < 2:
        return [_parse(path, shown, rel, Report(report.translator)) for path, shown, rel in files]
    from concurrent.futures import ProcessPoolExecutor  # imported only for a tree this large

    size = -(-len(files) // (workers * 4))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    parsed: list[tuple[SourceFile | None, list]] = []
    with ProcessPoolExecutor(workers, mp_context=_process_context()) as pool:
        for chunk in pool.map(_read_chunk, chunks):
            parsed.extend(chunk)
    return parsed


def _read_chunk(files: list[tuple[Path, str, str]]) -> list[tuple[SourceFile | None, list]]:
    return [_parse(path, shown, rel, Report()) for path, shown, rel in files]


def _parse(path: Path, shown: str, rel: str, report: Report) -> tuple[SourceFile | None, list]:
    return read_markdown(path, shown, rel, report), report.diagnostics


def _process_context():
    """Fork is cheapest, but only safe while this process runs a single thread
    (`mkdocs serve` runs a server thread beside the build)."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


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
    parts = source.rel.removesuffix(".md").split("/")  # POSIX and normalised, as `content_files` makes it
    bad = [part for part in parts if not ID_PATTERN.match(part) and part not in organisation.cycles]
    if bad:
        report.error(Location(source.shown), "bad-path", part=bad[0], suggestion=slugify(bad[0]))
        return False
    return True


def _undeclared_cycles(content: Path, sources: list[SourceFile], organisation: Organisation,
                       report: Report) -> list[SourceFile]:
    """Files in a folder named like a cycle that okrsite.yml does not declare (`2026-Q4/mobile/...`
    beside `cycles: [2026-Q5]`): not read, and said once for the folder rather than once per file
    and field; not at all when okrsite.yml declares the cycle but could not read it (said there)."""
    by_folder: dict[str, list[SourceFile]] = {}
    for source in sources:
        parts = source.rel.split("/")
        if (len(parts) >= 3 and parts[0] not in organisation.cycles and not (source.meta or {}).get("cycle")
                and cycle_dates(parts[0], organisation.fiscal_year_start) is not None):
            by_folder.setdefault(parts[0], []).append(source)
    for folder, files in by_folder.items():
        if folder not in organisation.unreadable:
            where = shown_path(content / folder)
            report.ranks[where] = RANK_OBJECTIVE
            report.error(Location(where), "undeclared-cycle-folder", folder=folder, count=len(files),
                         declared=", ".join(organisation.cycles) or "–")
    return [source for files in by_folder.values() for source in files]


def _placement(source: SourceFile, organisation: Organisation) -> tuple[str | None, str | None]:
    return _placement_of(source.rel, organisation)


def _placement_of(rel: str, organisation: Organisation) -> tuple[str | None, str | None]:
    """Cycle and team from a `<cycle>/<team>/...` path, when it follows the layout."""
    parts = rel.split("/")
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
    """Several files may check in one team on one date, but not the same KR twice. `checkins` are
    sorted by date: each day's are looked at together."""
    day = None
    seen: dict[str, CheckIn] = {}  # the check-in that first gave each key result a value on `day`
    for checkin in checkins:
        if checkin.date != day:
            day, seen = checkin.date, {}
        for value in checkin.values:
            if value.kr in seen:
                report.error(value.location, "duplicate-value", kr=value.kr, date=checkin.date,
                             other=seen[value.kr].location.path)
            else:
                seen[value.kr] = checkin
