"""Build everything the site holds from the loaded company, without MkDocs.

One function, `build`: the site model, the pages it makes (with the digest
page), the charts those pages show (decided from the data, before any page is
rendered), every page rendered into Markdown, the generated files (exports and
feeds) and the navigation, returned as one frozen `Built`. The MkDocs adapter
only hands that over; tests and other tools can call it directly.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import export, feeds, routes
from .allhands import all_hands
from .authoring.checkin import check_in_button
from .charts import Chart, Charts, specs
from .digest import digest_page
from .history import History
from .i18n import Translator
from .inputs import Values, page_inputs
from .model import COMPANY, Company
from .render import CompiledTemplates, RenderedPage, render_pages
from .rollup import KeyResultRollup, ObjectiveRollup
from .routes import Urls
from .site import Site, SitePage, build_site
from .years import years


@dataclass(frozen=True)
class Built:
    site: Site
    pages: dict[str, RenderedPage]  # by path below the docs folder: Markdown and its HTML blocks
    files: dict[str, bytes]  # exports and feeds, by path in the site, as UTF-8
    charts: tuple[Chart, ...]  # what the pages show, to draw
    nav: tuple  # MkDocs' `nav`: titles and page paths, nested
    # What the pages were made from, for the next build of `okrsite serve` (okrsite.inputs).
    settings: object = None  # what every page reads: today, the organisation, templates, addresses...
    inputs: dict[str, tuple | None] = field(default_factory=dict)  # each page's, by path; None: rendered every time
    rendered: int = 0  # pages rendered by this build; the others were the last build's
    # What the next build takes over when the settings are the same, by the identity of what it was made of
    # (the loader keeps the model objects of unchanged files, `load.ObjectivesRead`, and nothing changes them
    # once loaded but `added`, which the settings hold): the roll-ups of unchanged objectives (in `site`),
    # the plain values of objects (`Values`), key result charts and feed entries.
    values: Values | None = None
    charts_made: dict[int, tuple[KeyResultRollup, Chart]] = field(default_factory=dict)  # by id of the roll-up
    feed_contents: dict = field(default_factory=dict)  # feeds._Writer.contents
    export_parts: dict = field(default_factory=dict)  # export._Reuse.made
    team_charts: dict = field(default_factory=dict)  # by (cycle, team): the objectives' roll-ups, the chart


def build(company: Company, today: dt.date, templates: Path | Sequence[Path], t: Translator,
          history: History | None = None, urls: Urls = Urls(), charts: bool = True,
          compiled: CompiledTemplates | None = None, before: Built | None = None,
          draw: Callable[[tuple[Chart, ...]], object] | None = None, remember: bool = True) -> Built:
    """`compiled` and `before` (the last build) are what `okrsite serve` keeps: a page whose inputs are
    the same as in `before` is not rendered again. `draw` is given the charts as soon as they are decided,
    so that they are drawn while the pages render. `remember=False` (a build with no next one) skips
    working out the pages' inputs (55 MB and 2 s on 60 teams)."""
    t = t.numbers_in(company.organisation.number_style)  # the site prints numbers as people write them
    templates_read = tuple(str(path) for path in ([templates] if isinstance(templates, Path) else templates))
    added = [(kr.ref, kr.added) for objective in company.objectives.values() for kr in objective.key_results]
    settings = Values()((today, company.organisation, t.language, templates_read, urls, charts, history, added))
    same = before is not None and before.settings == settings
    last = before if same else None  # what this build may take over (see `Built`)
    site = build_site(company, today, history, last.site if last else None)
    pages = [with_check_in(page, company, today, t, urls) for page in site_pages(site, t)]
    # Before the charts are handed over: making okrs.json takes a large company's whole roll-up as plain data
    # (200 MB more for a moment on 120 teams), which should not meet the chart workers (90 MB each).
    feed_contents: dict = {}
    export_parts: dict = {}
    files = {path: text.encode() for path, text in {
        **export.site_files(site, urls, last.export_parts if last else None, export_parts if remember else None),
        **feeds.site_files(site, t, urls, last.feed_contents if last else None, feed_contents)}.items()}
    charts_made: dict[int, tuple[KeyResultRollup, Chart]] = {}

    def key_result_chart(view, k, t):  # all it reads: the roll-up, and of the view the cycle and `today`
        chart = last.charts_made.get(id(k)) if last is not None else None
        charts_made[id(k)] = chart if chart is not None and chart[0] is k else (k, specs.key_result_chart(view, k, t))
        return charts_made[id(k)][1]

    team_charts: dict[tuple[str, str], tuple[tuple[ObjectiveRollup, ...], Chart | None]] = {}

    def team_chart(view, team, site, t):  # all it reads: the team's visible objectives' roll-ups, the cycle, `today`
        objectives = tuple(view.rollup.visible_objectives(team))
        chart = last.team_charts.get((view.cycle.id, team)) if last is not None else None
        if chart is None or len(chart[0]) != len(objectives) or any(
                a is not b for a, b in zip(chart[0], objectives, strict=True)):
            chart = (objectives, specs.team_chart(view, team, site, t))
        team_charts[(view.cycle.id, team)] = chart
        return chart[1]

    shown = Charts(site, t, enabled=charts, key_result_chart=key_result_chart, team_chart=team_chart)
    if draw is not None:
        draw(tuple(shown.used()))
    values = Values(last.values if last else None)
    inputs = {page.src: page_inputs(page, site, shown, values) for page in pages} if remember else {}
    values.keep_only_own()  # else each build's would hold the one before it
    last_inputs = last.inputs if last is not None else {}
    again = [page for page in pages if inputs.get(page.src) is None or inputs[page.src] != last_inputs.get(page.src)]
    made = render_pages(again, site, templates, t, urls, shown, compiled)  # compiled: kept by `serve`
    kept = before.pages if before is not None else {}
    rendered = {page.src: made[page.src] if page.src in made else kept[page.src] for page in pages}
    if not remember:  # no next build to take them over
        return Built(site, rendered, files, tuple(shown.used()), nav(site, t), settings, rendered=len(again))
    return Built(site, rendered, files, tuple(shown.used()), nav(site, t), settings, inputs, len(again),
                 values, charts_made, feed_contents, export_parts, team_charts)


def with_check_in(page: SitePage, company: Company, today: dt.date, t: Translator, urls: Urls) -> SitePage:
    """A team page of a running cycle, with the forge known: its Check in button."""
    if page.template != "team.html" or urls.forge is None:
        return page
    view = page.context["view"]
    if not view.cycle.contains(today):
        return page
    button = check_in_button(company, page.context["team"], view.cycle, today, t, urls.forge)
    return replace(page, context={**page.context, "checkin": button}) if button else page


def site_pages(site: Site, t: Translator) -> list[SitePage]:
    """Every page okrsite makes: indexes, each cycle's, objectives, people, all-hands, years, the digest."""
    organisation = site.company.organisation
    year_views = years(site)
    pages = [
        SitePage(routes.TEAMS, t.label("nav.teams"), "teams.html"),
        SitePage(routes.PEOPLE, t.label("nav.people"), "people.html"),
        SitePage(routes.CYCLES, t.label("nav.cycles"), "cycles.html", {"years": year_views}),
    ]
    for view in site.cycles:
        context = {"view": view}
        for src, label, template, hide in (
            (view.dashboard, "nav.dashboard", "dashboard.html", ("navigation", "toc")),
            (view.alignment, "nav.alignment", "alignment.html", ("toc",)),
        ):
            pages.append(SitePage(src, _cycle_title(t, label, view), template, context, hide))
        parts = view.changelog_parts()
        for number, (src, entries) in enumerate(parts, 1):
            title = _cycle_title(t, "nav.changelog", view)
            if number > 1:
                title = t.label("changelog.part_title", page=title, part=number, parts=len(parts))
            pages.append(SitePage(src, title, "changelog.html",
                                  {"view": view, "entries": entries, "part": number,
                                   "parts": [part_src for part_src, _ in parts]}, ("toc",)))
        for team_id in [COMPANY, *organisation.teams]:
            if view.has_team_page(team_id):
                name = site.company.organisation.team_name(team_id)
                title = name if view.current else t.label("page.of_cycle", page=name, cycle=view.cycle.name)
                pages.append(SitePage(view.team_page(team_id), title, "team.html", {"view": view, "team": team_id}))
    for objective_id, (view, rolled) in site.objectives.items():
        pages.append(SitePage(routes.objective(objective_id), rolled.objective.title, "objective.html",
                              {"view": view, "rolled": rolled}, hide=()))
    for person in organisation.people.values():
        pages.append(SitePage(routes.person(person.id), person.name, "person.html", {"person": person}))
    for view in site.cycles:
        if view.has_all_hands:
            pages.append(SitePage(view.all_hands, t.label("allhands.title", cycle=view.cycle.name),
                                  "allhands.html", {"view": view, "hands": all_hands(site, view)},
                                  ("navigation", "toc")))
    for year in year_views:
        pages.append(SitePage(routes.year(year.id), t.label("year.title", year=year.name), "year.html",
                              {"year": year}))
    digest = digest_page(site, t)
    return pages + ([digest] if digest else [])


def _cycle_title(t: Translator, label: str, view) -> str:
    return t.label(label) if view.current else t.label("page.of_cycle", page=t.label(label), cycle=view.cycle.name)


def nav(site: Site, t: Translator) -> tuple:
    """Short and stable: every page renders the whole navigation, so objectives stay out of it."""

    def team_entry(team_id):
        # MkDocs' themes print it unescaped
        title = html.escape(site.company.organisation.team_name(team_id), quote=False)
        children = site.subteams(team_id)
        if not children:
            return {title: routes.team(team_id)}
        return {title: [routes.team(team_id), *(team_entry(child) for child in children)]}

    roots = [team.id for team in site.company.organisation.teams.values() if not team.parent]
    entries = [
        {t.label("nav.dashboard"): routes.dashboard()},
        {t.label("nav.teams"): [routes.TEAMS, *(team_entry(team) for team in roots)]},
        {t.label("nav.alignment"): routes.alignment()},
        {t.label("nav.people"): routes.PEOPLE},
        {t.label("nav.cycles"): routes.CYCLES},
        {t.label("nav.changelog"): routes.changelog()},
    ]
    if site.current:
        entries.append({t.label("nav.digest"): routes.DIGEST})
    return tuple(entries + _sections(page.path for page in site.company.pages))


def _sections(paths) -> list:
    """Hand-written pages: a page at the top is an entry, a folder one section (its index.md first)."""
    entries: list = []
    sections: dict[str, list[str]] = {}
    for path in sorted(paths, key=lambda path: not path.endswith("/index.md")):  # stable: the order otherwise kept
        folder, _, rest = path.partition("/")
        if not rest:
            entries.append(path)
            continue
        if folder not in sections:
            sections[folder] = []
            entries.append({folder.replace("-", " ").replace("_", " ").capitalize(): sections[folder]})
        sections[folder].append(path)
    return entries
