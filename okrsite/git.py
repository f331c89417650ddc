"""Reading a git repository without touching its work tree: where a folder
sits in it, what a revision holds, and many blobs through one process.

Used by `diff` (two revisions' content trees) and `history` (who changed a
key result's target). Every call is plumbing (`rev-parse`, `ls-tree`,
`cat-file`, `log`), so the output does not depend on the user's git
configuration or language.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """git is missing, or refused: the message is git's own first line."""


def _environment() -> dict:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_LITERAL_PATHSPECS="1")
    return env


def run(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args], cwd=cwd, input=input, capture_output=True,
            env=_environment(), check=False,
        )
    except (FileNotFoundError, NotADirectoryError, PermissionError) as error:
        raise GitError(f"git could not run: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Place:
    """A folder inside a git work tree."""

    top: Path  # the work tree's root
    prefix: str  # the folder below the root, '' or ending in '/'
    shallow: bool  # a shallow clone: history is cut off


def locate(folder: Path) -> Place | None:
    """Where `folder` sits in its git work tree; None when it is in none (or git is missing)."""
    try:
        lines = run(folder, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    except GitError:
        return None
    top, prefix, shallow = (lines.decode("utf-8", "surrogateescape").split("\n") + ["", "", ""])[:3]
    if not top:
        return None
    return Place(Path(top), prefix, shallow.strip() == "true")


def commit_of(top: Path, revision: str) -> str | None:
    """The commit a revision names (a branch, tag, sha, HEAD~2), or None."""
    if not revision or revision.startswith("-"):
        return None
    try:
        found = run(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
        return found.decode().strip()
    except GitError:
        return None


def read_blobs(top: Path, names: list[str]) -> dict[str, bytes | None]:
    """The contents of many objects (`sha` or `rev:path`) through one `git cat-file --batch`."""
    names = list(dict.fromkeys(names))
    if not names:
        return {}
    if any("\n" in name for name in names):
        raise GitError("an object name with a line break")
    output = run(top, "cat-file", "--batch", input="".join(f"{name}\n" for name in names).encode("utf-8"))
    found: dict[str, bytes | None] = {}
    at = 0
    for name in names:
        end = output.find(b"\n", at)
        if end < 0:
            raise GitError("git cat-file stopped early")
        header = output[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = output[at:at + size]
            at += size + 1
        elif len(header) == 3:  # a tree or commit: skip its body
            at += int(header[2]) + 1
            found[name] = None
        else:  # "<name> missing" or "ambiguous"
            found[name] = None
    return found


def export_tree(top: Path, commit: str, prefix: str, destination: Path, suffixes: tuple[str, ...]) -> bool:
    """Write the files below `prefix` at `commit` (those ending in `suffixes`) into `destination`,
    without a checkout. False when the revision has no such folder."""
    listing = run(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    wanted: dict[str, str] = {}  # relative path -> blob sha
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, sha = meta.decode().split(" ")
        name = path.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not name.startswith(prefix):  # no symbolic links
            continue
        relative = PurePosixPath(name[len(prefix):])
        if relative.suffix.lower() not in suffixes or any(part in ("", ".", "..") for part in relative.parts):
            continue
        wanted[str(relative)] = sha
    if not wanted and prefix:
        return False
    blobs = read_blobs(top, list(wanted.values()))
    for name, sha in wanted.items():
        target = destination.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs.get(sha) or b"")
    return True
