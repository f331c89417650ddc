"""Build the site with MkDocs and put it in place only when it is complete.

MkDocs writes straight into its site folder; here it writes into a fresh
folder beside it, which replaces the old one only after a build that
succeeded, so readers and a failed build never see half a site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path


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
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
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
    """Replace `target` by `new` with two renames: a reader sees the old site or the new one."""
    os.chmod(new, 0o755)  # mkdtemp makes it private; a web server must read it
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, address: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: any change in the content or the theme rebuilds and reloads."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _show_mkdocs_messages(logging.INFO)  # "Serving on http://..." and each rebuild
    mkdocs_serve(config_file=str(config_file), dev_addr=address, livereload=True, watch_theme=True)
