"""Where each content file lands in the site: no two in one place, none outside.

Every Markdown file in `content/` becomes a page at an address made from
its path (`a/b.md` and `a/b/index.md` both become `/a/b/`), and okrsite
makes pages and files of its own (`okrsite.routes` says where). This check runs with
`okrsite check`, before any build, and reports as errors, at the file:

- two files that would get the same address, also when they differ only in
  case (`Intro.md`, `intro.md`: one file on Windows and macOS checkouts);
- a file where okrsite puts a page of its own;
- file and folder names that cannot be checked out everywhere (Windows'
  reserved names `CON`, `NUL`, `COM1`..., the characters `<>:"|?*\\`,
  control characters, a trailing dot or space);
- a symbolic link leading outside `content/` (MkDocs would copy what it
  points at into the site).

Ids cannot hold `/`, `..` or `\\` (they are lowercase letters, digits, `-`
and `_`, checked where they are read), so no page can be written outside
the site folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from . import routes
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
    path = PurePosixPath(src)
    stem = path.with_suffix("").as_posix()
    if path.stem.lower() in ("index", "readme"):  # MkDocs makes README.md a folder's index page
        stem = path.parent.as_posix()
    return "" if stem in ("", ".") else stem + "/"


def generated_pages(company: Company) -> list[str]:
    """Every page okrsite may make, whichever cycle is the running one."""
    organisation = company.organisation
    return routes.every_page(organisation.cycles, [COMPANY, *organisation.teams], organisation.people)


def check_paths(content: Path, company: Company, report: Report, shown) -> None:
    """Report every file whose place in the site is taken, unportable or outside `content/`.

    `shown(path)` is how a path is printed in messages."""
    root = content.resolve()
    taken: dict[str, str] = {}  # address, case folded -> who has it
    for address in map(page_address, generated_pages(company)):
        taken.setdefault(address.casefold(), "")
    checkins = {f"{checkin.id}.md" for checkin in company.checkins}
    for path, rel in _files(content):
        location = Location(shown(path))
        bad = next((part for part in PurePosixPath(rel).parts if _unportable(part)), None)
        if bad is not None:
            report.error(location, "unportable-name", name=bad)
            continue
        if path.is_symlink():
            target = path.resolve()
            if target != root and root not in target.parents:
                report.error(location, "symlink-outside", target=os.readlink(path))
                continue
        if PurePosixPath(rel).parts[0] in GENERATED_FOLDERS or rel in GENERATED_FILES:
            report.error(location, "generated-place", path=rel)
            continue
        if path.suffix not in MARKDOWN or rel in checkins:
            continue  # check-ins are data, not pages; other files keep their own names
        address = page_address(rel)
        other = taken.get(address.casefold())
        if other is not None:
            report.error(location, "same-address", address=f"/{address}", other=other or None)
        else:
            taken[address.casefold()] = rel


def _unportable(name: str) -> bool:
    return bool(_UNPORTABLE.search(name)) or reserved_name(name) or name.endswith((".", " "))


def _files(content: Path):
    """Every file and symbolic link below `content`, in the loader's order, as (path, rel)."""
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]  # os.walk does not enter them
        for name in sorted(files + links):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(content).as_posix()
            if rel != "okrsite.yml":
                yield path, rel
