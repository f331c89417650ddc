"""Where each content file lands in the site: no two in one place, none outside.

Every Markdown file in `content/` becomes a page at an address made from
its path (`a/b.md` and `a/b/index.md` both become `/a/b/`), and okrsite
makes pages and files of its own (`okrsite.routes` says where). This check runs with
`okrsite check`, before any build, and reports as errors, at the file:

- two files that would get the same address (pages, images and attachments
  alike), also when the names differ only in case (`Intro.md`, `intro.md`:
  one file on Windows and macOS checkouts) or in Unicode normalisation
  (`café.md` typed on macOS and on Linux: one file on macOS);
- a file where okrsite puts a page of its own;
- file and folder names that cannot be checked out everywhere (Windows'
  reserved names `CON`, `NUL`, `COM1`..., the characters `<>:"|?*\\`,
  control characters, a trailing dot or space);

Which files may be in `content/` at all (special files, links, copies) is
decided once, in `content_files`, and reported by the loader.

Ids cannot hold `/`, `..` or `\\` (they are lowercase letters, digits, `-`
and `_`, checked where they are read), so no page can be written outside
the site folder.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path, PurePosixPath

from . import routes
from .content_files import content_files
from .diagnostics import Report
from .load.names import reserved_name
from .model import COMPANY, Company, Location

_UNPORTABLE = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f]')
# The places okrsite's pages and files take, MkDocs' search index, and the home page's other spellings.
GENERATED_FOLDERS = (*routes.ROOT_FOLDERS, "search")
GENERATED_FILES = (*routes.ROOT_FILES, "README.md", "index.markdown")
MARKDOWN = (".md", ".markdown")


def page_address(src: str) -> str:
    """The address MkDocs gives a Markdown file below content/, as a folder: a/b.md -> a/b/."""
    if src and not src.startswith(("/", "./")) and not src.endswith(("/", "/.")) and "//" not in src \
            and "/./" not in src and src != ".":  # normalised already, as every path here: string work only
        folder, _, name = src.rpartition("/")
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name  # `PurePosixPath.stem`
        address = folder if stem.lower() in ("index", "readme") else f"{folder}/{stem}" if folder else stem
        return address + "/" if address else ""
    path = PurePosixPath(src)
    stem = path.with_suffix("").as_posix()
    if path.stem.lower() in ("index", "readme"):  # MkDocs makes README.md a folder's index page
        stem = path.parent.as_posix()
    return "" if stem in ("", ".") else stem + "/"


def generated_pages(company: Company) -> list[str]:
    """Every page okrsite may make, whichever cycle is the running one."""
    organisation = company.organisation
    return routes.every_page(organisation.cycles, [COMPANY, *organisation.teams], organisation.people)


def check_paths(content: Path, company: Company, report: Report, shown, files=None) -> None:
    """Report every file whose place in the site is taken, unportable or outside `content/`.

    `shown(path)` is how a path is printed in messages."""
    taken: dict[str, str] = {}  # address, as a file system may see it -> who has it
    for address in map(page_address, generated_pages(company)):
        taken.setdefault(_folded(address), "")
    checkins = {f"{checkin.id}.md" for checkin in company.checkins}
    for path, rel in _files(content, files):
        parts = rel.split("/")  # `rel` is POSIX and normalised: PurePosixPath(rel).parts
        bad = next((part for part in parts if _unportable(part)), None)
        if bad is not None:
            report.error(Location(shown(path)), "unportable-name", name=bad)
            continue
        if parts[0] in GENERATED_FOLDERS or rel in GENERATED_FILES:
            report.error(Location(shown(path)), "generated-place", path=rel)
            continue
        if rel in checkins:
            continue  # check-ins are data, not pages
        address = page_address(rel) if path.suffix in MARKDOWN else rel  # other files keep their own names
        other = taken.get(_folded(address))
        if other is not None:
            report.error(Location(shown(path)), "same-address", address=f"/{address}", other=other or None)
        else:
            taken[_folded(address)] = rel


def _folded(address: str) -> str:
    """Case and Unicode normalisation ignored, as Windows and macOS do (`Café.md`, NFC and NFD)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", address).casefold())


@functools.lru_cache(maxsize=4096)  # the same folder names, file after file
def _unportable(name: str) -> bool:
    return bool(_UNPORTABLE.search(name)) or reserved_name(name) or name.endswith((".", " "))


def _files(content: Path, files=None):
    """Every file below `content` the loader did not refuse, in the loader's order, as (path, rel)."""
    return [(file.path, file.rel) for file in (content_files(content) if files is None else files)
            if file.problem is None]
