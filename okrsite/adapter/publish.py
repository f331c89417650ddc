"""Build the site with MkDocs and put it in place only when it is complete.

MkDocs writes straight into its site folder; here it writes into a fresh
folder beside it, which replaces the old one only after a build that
succeeded, so readers and a failed build never see half a site.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..site_folder import check_site_folder


class BuildFailed(Exception):
    pass


def build(config_file: Path, site_dir: Path | None = None, strict: bool = False) -> Path:
    """Build into `site_dir` (default: mkdocs.yml's) and return where the site is."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_messages()
    config = load_config(str(config_file), strict=strict)
    target = Path(site_dir or config.site_dir).resolve()
    check_site_folder(target, Path(config.docs_dir), Path(config_file).parent)  # before anything is touched
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    config.site_dir = str(staging)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(error) or "the build failed") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    return target


def _show_mkdocs_messages(level: int = logging.WARNING) -> None:
    """MkDocs' own command line sets up its logging; when called from here, do the same."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def _swap(new: Path, target: Path) -> None:
    """Put `new` in the place of `target`: a reader sees the old site or the new one, never none.

    On Linux the two folders trade places in one step (renameat2 with
    RENAME_EXCHANGE); elsewhere two renames leave a moment without a site.
    The site stays a real folder either way (CI uploads it as an artefact)."""
    os.chmod(new, 0o755)  # mkdtemp makes it private; a web server must read it
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux, glibc 2.28+); False where that is not possible."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0  # e.g. EINVAL on a file system without it: fall back


def clean_stale(target: Path) -> list[Path]:
    """Remove the staging folders of builds that were killed before they finished.

    Only folders named like ours beside the site (`.<site>.building-<pid>-*`,
    `.<site>.old-<pid>-*`) whose build process is gone: a build running in
    parallel keeps its own."""
    removed = []
    for pattern in (f".{target.name}.building-*", f".{target.name}.old-*"):
        for path in sorted(target.parent.glob(pattern)):
            pid = path.name[len(f".{target.name}."):].split("-")[1]
            if not path.is_dir() or path.is_symlink() or (pid.isdigit() and _running(int(pid))):
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # left by an earlier build in this same process (`serve` rebuilds)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def serve(config_file: Path, address: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: a change in the content, the company's theme folder or mkdocs.yml
    rebuilds what it changed and reloads (okrsite.adapter.live)."""
    from .live import serve as serve_live

    _show_mkdocs_messages(logging.INFO)  # "Serving on http://..." and each rebuild
    serve_live(config_file, address)
