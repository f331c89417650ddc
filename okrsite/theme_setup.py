"""Where okrsite's packaged theme is, and how it joins Material's theme.

The theme's source is `theme/` at the top of the repository; the wheel carries
it as the package `okrsite.theme`. It goes into Material's template search
path right after the company's own `custom_dir`, so a company overrides a
single okrsite template or block the way Material's overrides work, and
okrsite's stylesheets and scripts are added to the site without a line in
the company's `mkdocs.yml`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

TEMPLATES = "okrsite"  # the folder of okrsite's page templates, inside a theme folder
STYLESHEETS = ("assets/okrsite.css", "assets/allhands.css")
SCRIPTS = ("assets/okrsite.js", "assets/allhands.js", "assets/checkin.js")


def theme_folder() -> Path:
    """The packaged theme: `okrsite/theme/` in a wheel, the repository's `theme/` in an editable
    install or when okrsite runs from a checkout of its source (`theme/` beside `okrsite/`)."""
    spec = importlib.util.find_spec("okrsite.theme")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    source = Path(__file__).resolve().parent.parent / "theme"
    if (source / TEMPLATES).is_dir():
        return source
    raise FileNotFoundError("okrsite's theme is not installed beside it: reinstall okrsite")


def use_packaged_theme(theme_dirs: list[str], custom_dir: str | None, extra_css: list, extra_javascript: list,
                       templates: str | None = None) -> list[Path]:
    """Put the packaged theme after the company's `custom_dir` in `theme_dirs` and its assets into
    `extra_css`/`extra_javascript` (each once; the lists are changed in place). Returns the folders
    okrsite's page templates are looked up in, the company's first."""
    packaged = theme_folder()
    if not any(_same(folder, packaged) for folder in theme_dirs):
        theme_dirs.insert(1 if custom_dir else 0, str(packaged))
    extra_css.extend(sheet for sheet in STYLESHEETS if sheet not in extra_css)
    present = {str(script) for script in extra_javascript}
    extra_javascript.extend(script for script in SCRIPTS if script not in present)
    own = [Path(templates)] if templates else []
    if custom_dir and (Path(custom_dir) / TEMPLATES).is_dir():
        own.append(Path(custom_dir) / TEMPLATES)
    return [folder for folder in own if not _same(folder, packaged / TEMPLATES)] + [packaged / TEMPLATES]


def _same(folder, other: Path) -> bool:
    try:
        return Path(folder).resolve() == other.resolve()
    except OSError:
        return False
