"""Where every page and file of the site lives, and the URLs between them: the one home of addresses.

A page is named by its Markdown source below the docs folder (`teams/mobile/index.md`),
as MkDocs names it; a file by its path in the site (`okrs.json`). The running cycle has
the short addresses (`/`, `/teams/mobile/`, `/alignment/`, `/changelog/`); every other
cycle keeps its own under `/cycles/<cycle>/` and `/teams/<team>/<cycle>/` (functions
taking `cycle=None` give the running cycle's). Objectives keep the address of their
file, whatever the date. Pages, exports, feeds, charts, the nav, the templates and
`okrsite check`'s reserved places all ask here; nothing else spells an address.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .forge import Forge

# --- pages -------------------------------------------------------------------

TEAMS = "teams/index.md"
PEOPLE = "people/index.md"
CYCLES = "cycles/index.md"
DIGEST = "digest/index.md"


def dashboard(cycle: str | None = None) -> str:
    return f"cycles/{cycle}/index.md" if cycle else "index.md"


def alignment(cycle: str | None = None) -> str:
    return f"cycles/{cycle}/alignment.md" if cycle else "alignment/index.md"


def changelog(cycle: str | None = None, part: int = 1) -> str:
    """Its first part holds the newest check-ins; older parts follow under it (changelog/2/, ...)."""
    if part > 1:
        return f"cycles/{cycle}/changelog/{part}.md" if cycle else f"changelog/{part}.md"
    return f"cycles/{cycle}/changelog.md" if cycle else "changelog/index.md"


def team(team_id: str, cycle: str | None = None) -> str:
    return f"teams/{team_id}/{cycle}.md" if cycle else f"teams/{team_id}/index.md"


def all_hands(cycle: str) -> str:
    return f"cycles/{cycle}/all-hands.md"


def year(year_id: str) -> str:
    return f"years/{year_id}.md"


def objective(objective_id: str) -> str:
    return f"{objective_id}.md"


def person(person_id: str) -> str:
    return f"people/{person_id}.md"


# --- files -------------------------------------------------------------------

OKRS_JSON = "okrs.json"
OKRS_SCHEMA = "okrs.schema.json"
# The schemas of what people write, for editors: published beside okrs.schema.json.
CONTENT_SCHEMAS = ("okrsite.yml.schema.json", "objective.schema.json", "checkin.schema.json")
COMPANY_FEED = "feed.xml"


def cycle_csv(cycle: str) -> str:
    """Beside a past cycle's dashboard."""
    return f"cycles/{cycle}/okrs.csv"


def team_feed(team_id: str) -> str:
    return f"teams/{team_id}/feed.xml"


def key_result_chart(objective_id: str, kr_id: str) -> str:
    """A chart's name: its files are `chart_svg(name)` and `chart_svg(name, dark=True)`."""
    return f"charts/objectives/{objective_id}/{kr_id}"


def cycle_chart(cycle: str, what: str) -> str:
    return f"charts/cycles/{cycle}/{what}"


def team_chart(cycle: str, team_id: str) -> str:
    return f"charts/cycles/{cycle}/teams/{team_id}"


def chart_svg(name: str, dark: bool = False) -> str:
    return f"{name}.dark.svg" if dark else f"{name}.svg"


# --- every place okrsite takes -------------------------------------------------


def every_page(cycles: Iterable[str], teams: Iterable[str], people: Iterable[str]) -> list[str]:
    """Every page okrsite may make for these ids, whichever cycle is the running one
    (objectives' pages aside: they keep their file's address)."""
    cycles, teams = list(cycles), list(teams)
    pages = [dashboard(), TEAMS, PEOPLE, CYCLES, alignment(), changelog(), DIGEST]
    for cycle in cycles:
        pages += [dashboard(cycle), alignment(cycle), changelog(cycle), all_hands(cycle)]
    for team_id in teams:
        pages.append(team(team_id))
        pages += [team(team_id, cycle) for cycle in cycles]
    pages += [person(person_id) for person_id in people]
    return pages


def _every_place_of_one() -> list[str]:
    """One of each page and file, for the folders and files at the site's root they take."""
    charts = [key_result_chart("o", "kr"), cycle_chart("c", "x"), team_chart("c", "t")]
    return [*every_page(["c"], ["t"], ["p"]), year("y"), OKRS_JSON, OKRS_SCHEMA, *CONTENT_SCHEMAS, COMPANY_FEED,
            cycle_csv("c"), team_feed("t"), *(chart_svg(name, dark) for name in charts for dark in (False, True))]


ROOT_FOLDERS = tuple(sorted({place.split("/")[0] for place in _every_place_of_one() if "/" in place}))
ROOT_FILES = tuple(sorted(place for place in _every_place_of_one() if "/" not in place))


# --- URLs --------------------------------------------------------------------


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part and part != "."]


def _relative(there: list[str], base: list[str]) -> str:
    """posixpath.relpath for the site's own clean paths, without its trips to the file system."""
    common = 0
    for a, b in zip(there, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + there[common:]) or "."


@dataclass(frozen=True)
class Urls:
    """URLs as MkDocs makes them: `directory_urls` (teams/mobile/) or not (teams/mobile.html),
    and absolute below `site_url` where one is set."""

    directory_urls: bool = True
    site_url: str | None = None
    forge: Forge | None = None  # mkdocs.yml's repo_url and edit_uri: where a new check-in is written

    def page(self, src: str) -> str:
        """The URL of a page from the site's root: teams/mobile.md -> teams/mobile/."""
        stem = src.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def absolute(self, src: str) -> str:
        """A page's URL below `site_url`; from the site's root without one."""
        return self.base + self.page(src)

    @property
    def base(self) -> str:
        return (self.site_url.rstrip("/") + "/") if self.site_url else ""

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A link from one page to another (and an anchor on it)."""
        here, there = self.page(from_src), self.page(to_src)
        base = here.rstrip("/") if self.directory_urls else posixpath.dirname(here)
        target = posixpath.relpath(there.rstrip("/") or ".", base or ".")
        if self.directory_urls:
            target = target + "/" if target != "." else "./"
        return target + (f"#{anchor}" if anchor else "")

    def links_from(self, from_src: str) -> Callable[..., str]:
        """`link` from one page, for a page's every link: its place worked out once, each address once."""
        here = self.page(from_src)
        base = _parts(here.rstrip("/") if self.directory_urls else posixpath.dirname(here))
        made: dict[tuple[str, str], str] = {}

        def link(to_src: str, anchor: str = "") -> str:
            found = made.get((to_src, anchor))
            if found is None:
                target = _relative(_parts(self.page(to_src).rstrip("/")), base)
                if self.directory_urls:
                    target = target + "/" if target != "." else "./"
                found = made[(to_src, anchor)] = target + (f"#{anchor}" if anchor else "")
            return found
        return link

    def file(self, from_src: str, path: str) -> str:
        """A link from a page to a file that is not a page (a chart's SVG, okrs.json, a feed)."""
        return posixpath.relpath(path, posixpath.dirname(self.page(from_src)) or ".")

    def from_file(self, from_path: str, target: str) -> str:
        """A link from a file (a feed) to `target`, a URL from the site's root: absolute below
        `site_url`, else relative to the file."""
        if self.base:
            return self.base + target
        relative = posixpath.relpath(target.rstrip("/") or ".", posixpath.dirname(from_path) or ".")
        return relative + "/" if target.endswith("/") or not target else relative
