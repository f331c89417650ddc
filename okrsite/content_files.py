"""Which files of a content folder okrsite reads, which the site publishes, and which are refused.

A content folder holds `okrsite.yml`, Markdown files named `*.md`
(objectives and check-ins, which are data and never published as they are,
and hand-written pages), and the images and attachments of those pages
(`ASSETS`), published as they are. Anything else is a located error of
`okrsite check`, so nothing reaches the site unread:

- other Markdown extensions MkDocs would publish (`.markdown`, `.mkd`, `.MD`...):
  an objective saved under one would become a page;
- copies and backups (`x.md.orig`, `x.md~`, `#x.md#`, `x.md.bak`) and any
  other kind of file: MkDocs would copy them byte for byte;
- a file of any name whose text starts like an objective's or check-in's
  front-matter (`x.txt` holding a copy);
- FIFOs, sockets and devices (reading them blocks or never ends), links to
  folders (MkDocs would publish the folder a second time, unread), links
  outside `content/` and link loops.

Hidden files and folders (`.git`, `.x.md.swp`) are skipped, as MkDocs skips them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # mkdocs.utils.markdown_extensions
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico")
ATTACHMENTS = (".pdf", ".csv", ".txt", ".xlsx", ".docx", ".pptx", ".odt", ".ods", ".odp", ".zip", ".mp4", ".webm")
ASSETS = IMAGES + ATTACHMENTS
YAML = (".yml", ".yaml")
SNIFF_BYTES = 4096
# Front-matter at the start of a file (after blank lines, spaces or byte order marks)
# naming an objective or check-in.
_DATA_FRONT_MATTER = re.compile(
    rb"\A(?:\xef\xbb\xbf|\s)*-{3,}[ \t]*\r?\n(?:[^\n]*\n)*?[ \t]*(objective|checkin)[ \t]*:"
)


@dataclass(frozen=True)
class ContentFile:
    path: Path
    rel: str  # POSIX, below the content folder
    kind: str  # "markdown", "yaml", "asset" or "refused"
    problem: tuple[str, dict] | None = None  # message code and fields, when refused


def content_files(content: Path) -> list[ContentFile]:
    """Every file below `content` but okrsite.yml, hidden ones left out, in a stable order; never
    follows a link to a folder, never opens anything."""
    root = content.resolve()
    found = []

    def unreadable(error: OSError) -> None:  # a folder that cannot be listed
        path = Path(error.filename)
        found.append(ContentFile(path, path.relative_to(content).as_posix(), "refused",
                                 ("unreadable", {"reason": error.strerror or str(error)})))

    # os.walk's order (a folder's files, then its folders in turn), listed with scandir, whose entries
    # know a plain file from a link or folder without an lstat each (a tenth of a large check's walk).
    waiting = [(os.fspath(content), "")]  # folders to list, the next last
    while waiting:
        top, prefix = waiting.pop()
        try:
            with os.scandir(top) as listing:
                entries = sorted((entry for entry in listing if not entry.name.startswith(".")),
                                 key=lambda entry: entry.name)
        except OSError as error:
            unreadable(error)
            continue
        folder = Path(top)
        folders = []
        for entry in entries:
            rel = prefix + entry.name
            if _is_folder(entry) and not entry.is_symlink():  # os.walk does not enter links to folders
                folders.append((os.path.join(top, entry.name), rel + "/"))
            elif rel == "okrsite.yml":
                continue
            elif entry.is_file(follow_symlinks=False):  # a plain file: what an lstat would say
                found.append(_by_name(folder / entry.name, rel))
            else:
                found.append(_judge(folder / entry.name, rel, root))
        waiting.extend(reversed(folders))
    return found


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # as os.walk takes it
        return False


def _judge(path: Path, rel: str, root: Path) -> ContentFile:
    def refused(code: str, **fields) -> ContentFile:
        return ContentFile(path, rel, "refused", (code, fields))

    try:
        mode = path.lstat().st_mode  # for anything but a link, what `stat` would say
    except OSError as error:
        return refused("unreadable", reason=error.strerror or str(error))
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python before 3.13
            return refused("symlink-loop", target=os.readlink(path))
        except OSError as error:
            if error.errno == errno.ELOOP:
                return refused("symlink-loop", target=os.readlink(path))
            return refused("unreadable", reason=error.strerror or str(error))
        if target != root and root not in target.parents:
            return refused("symlink-outside", target=os.readlink(path))
        if target.is_dir():
            return refused("symlink-folder", target=os.readlink(path))
        try:
            mode = path.stat().st_mode
        except OSError as error:
            return refused("unreadable", reason=error.strerror or str(error))
    if not stat.S_ISREG(mode):
        return refused("special-file", what=_special(mode))
    return _by_name(path, rel)


def _by_name(path: Path, rel: str) -> ContentFile:
    """A regular file (or a link to one inside the content folder), by its name."""

    written = rel[rel.rfind("/") + 1 :]  # `path.name`, without pathlib's work for each of thousands of files
    if written.endswith(".md") and len(written) > 3:  # `path.suffix == ".md"`
        return ContentFile(path, rel, "markdown")

    def refused(code: str, **fields) -> ContentFile:
        return ContentFile(path, rel, "refused", (code, fields))

    name = written.lower()
    if name.endswith(MARKDOWN_EXTENSIONS):
        return refused("markdown-extension", suggestion=written[: written.rfind(".")] + ".md")
    if name.endswith(YAML):
        return ContentFile(path, rel, "yaml")
    if name.endswith(ASSETS) and ".md." not in name:
        return ContentFile(path, rel, "asset")
    return refused("unknown-file", name=written)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "folder" if stat.S_ISDIR(mode) else "special file"


def data_copy(path: Path) -> bool:
    """An asset whose first bytes are an objective's or check-in's front-matter: a copy under another name."""
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    return _DATA_FRONT_MATTER.match(head) is not None


def published(rel: str, pages) -> bool:
    """Whether the site may publish the content file `rel` as it is: a hand-written page okrsite
    read (`pages`: their paths) or an asset. Objectives, check-ins and anything `check` refused are not."""
    name = rel.rsplit("/", 1)[-1].lower()
    if rel in pages:
        return True
    return name.endswith(ASSETS) and ".md." not in name and not name.startswith(".")
