"""Writing a content file complete or not at all, and never over another file.

The text is written under a hidden temporary name (the loader skips dot-files) and
hard-linked to its real name, which fails when that name exists. So two runs that
write the same file each get their own, and the second sees the first's whole file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path


def write_new(path: Path, text: str) -> bool:
    """Create `path` with `text`, complete or not at all; False when it exists already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(100):
        temporary = path.parent / f".{path.name}.{os.getpid()}.{attempt}.tmp"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - a hundred stale temporary files
        raise OSError(f"cannot create a temporary file beside {path}")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            os.link(temporary, path)  # atomic, and fails if `path` exists
        except FileExistsError:
            return False
        return True
    finally:
        temporary.unlink(missing_ok=True)


def write_dated(folder: Path, day: dt.date, text: str, conflicts: Callable[[Path], None] | None = None) -> Path:
    """`<date>.md`, or `<date>-2.md`, ... when taken; `conflicts(path)` may refuse after reading a taken one."""
    for number in range(1, 1000):
        path = folder / (f"{day.isoformat()}.md" if number == 1 else f"{day.isoformat()}-{number}.md")
        if write_new(path, text):
            return path
        if conflicts:
            conflicts(path)
    raise OSError(f"no free file name for {day} in {folder}")  # pragma: no cover
