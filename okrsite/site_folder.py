"""Where a site may be built: never over the content or the project that holds it.

A build replaces its site folder whole, so a site folder that is the content
folder, the project folder (where mkdocs.yml is), a folder holding either,
or a folder inside the content would lose files that exist nowhere else.
Paths are compared after following links, and as the file system sees them
(`os.path.samefile`), so `content/`, `./content`, a link to it or `Content`
on a case-insensitive disk are all the same folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .i18n import Translator


class UnsafeSiteFolder(ValueError):
    """The site folder would replace the content or the project; nothing was touched."""


def check_site_folder(site: Path, content: Path, project: Path, translator: Translator | None = None) -> None:
    """Raise UnsafeSiteFolder when building into `site` would replace `content` or `project`."""
    t = translator or Translator()
    try:
        site, content, project = (Path(os.path.abspath(p)).resolve() for p in (site, content, project))
    except (OSError, RuntimeError):  # a link loop: nothing can be said to be safe
        raise UnsafeSiteFolder(t.label("site_folder.unresolvable", site=site)) from None
    for folder, label in ((project, "site_folder.project"), (content, "site_folder.content")):
        if _inside(folder, site):
            raise UnsafeSiteFolder(t.label(label, site=site, folder=folder))
    if _inside(site, content):
        raise UnsafeSiteFolder(t.label("site_folder.in_content", site=site, folder=content))


def _inside(inner: Path, outer: Path) -> bool:
    """`inner` is `outer` or lies somewhere below it."""
    for folder in (inner, *inner.parents):
        if folder == outer:
            return True
        try:
            if os.path.samefile(folder, outer):
                return True
        except OSError:  # one of them does not exist (yet)
            continue
    return False
