"""Checks across files, on the loaded model: loops in alignment and
dependencies, and the OKR-practice lints (warnings, configurable)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from .content_files import ContentFile, content_files
from .diagnostics import Report
from .history import mark_added
from .load import collector_paused, load, shown_path
from .load.source import ReadFiles
from .model import COMPANY, Company, Kind, Objective, Visibility
from .paths import check_paths
from .rollup import stale_key_results


def check(content: Path, today: dt.date, report: Report, language: str | None = None,
          files: list[ContentFile] | None = None, read: ReadFiles | None = None) -> Company | None:
    """Load and validate a content tree, as `okrsite check` and every build do; `files`: the content
    folder's, when the caller has walked it already; `read`: see `load`."""
    files = content_files(content) if files is None else files  # walked once, for the loader and the places
    # also after loading: the first collections would walk every object loaded
    with collector_paused(serving=read is not None):
        company = load(content, report, language, files, read)
        if company is not None:
            mark_added(company, content, today)  # staleness counts from the day a key result was added
            check_paths(content, company, report, shown_path, files)
            validate(company, today, report)
    return company


def validate(company: Company, today: dt.date, report: Report) -> None:
    _loops(company, report)
    _lints(company, today, report)
    for checkin in company.checkins:  # counted only from that day on: most likely a typo
        if checkin.date > today:
            report.warning(checkin.location, "checkin-in-future", date=checkin.date, today=today)


def _loops(company: Company, report: Report) -> None:
    """A circle in alignment or dependencies would make roll-ups and trees endless."""
    alignment = {
        o.id: sorted({ref.partition("#")[0] for ref in o.aligns_to}) for o in company.objectives.values()
    }
    for chain in _cycles(alignment):
        first = company.objectives[chain[0]]
        report.error(first.location, "alignment-cycle", chain=" -> ".join(chain + [chain[0]]))
    key_results = {kr.ref: kr for o in company.objectives.values() for kr in o.key_results}
    dependencies = {ref: list(kr.depends_on) for ref, kr in key_results.items()}
    for chain in _cycles(dependencies):
        report.error(key_results[chain[0]].location, "dependency-cycle", chain=" -> ".join(chain + [chain[0]]))


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each elementary circle found by a depth-first search, once, starting at its smallest node."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 finished
    for root in sorted(graph):
        if state.get(root):
            continue
        path, stack = [root], [(root, iter(graph.get(root, [])))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                chain = path[path.index(child):]
                start = chain.index(min(chain))
                chain = chain[start:] + chain[:start]
                if chain not in found:
                    found.append(chain)
            elif not state.get(child) and child in graph:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return found


def _lints(company: Company, today: dt.date, report: Report) -> None:
    defaults = company.organisation.defaults
    lints = defaults.lints
    counted = [o for o in company.objectives.values() if o.visibility is not Visibility.DRAFT]
    for objective in company.objectives.values():
        count = len(objective.key_results) + len(objective.unread_key_results)  # as written, errors or not
        if lints.min_key_results is not None and count < lints.min_key_results:
            report.warning(objective.location, "few-key-results", count=count, min=lints.min_key_results)
        if lints.max_key_results is not None and count > lints.max_key_results:
            report.warning(objective.location, "many-key-results", count=count, max=lints.max_key_results)
        if lints.owner and not objective.owner:
            report.warning(objective.location, "no-owner")
        if lints.measurable_target:
            for kr in objective.key_results:
                if kr.kind in (Kind.INCREASE, Kind.DECREASE) and (kr.target is None or kr.target == kr.start):
                    report.warning(kr.location, "no-measurable-target", id=kr.id)
        if objective.progress_from_aligned and not any(
            ref.partition("#")[0] == objective.id for o in counted for ref in o.aligns_to
        ):
            report.warning(objective.location, "progress-from-no-children")
    if lints.max_objectives is not None:
        per_team = Counter((o.team, o.cycle) for o in counted)
        first: dict[tuple[str, str], Objective] = {}
        for objective in sorted(counted, key=lambda o: o.id):
            first.setdefault((objective.team, objective.cycle), objective)
        for (team, cycle_id), count in sorted(per_team.items()):
            if count > lints.max_objectives and team != COMPANY:
                report.warning(first[(team, cycle_id)].location, "many-objectives", team=team, cycle=cycle_id,
                               count=count, max=lints.max_objectives)
    if lints.stale:
        for cycle in company.organisation.cycles.values():
            if not cycle.contains(today):
                continue
            for kr, since in stale_key_results(company, cycle.id, today):
                report.warning(kr.location, "stale-kr", id=kr.id, days=(today - since).days, since=since)
