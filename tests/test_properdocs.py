"""ProperDocs, the maintained drop-in fork of MkDocs 1.6, builds the same site.

One test, slow (a fresh virtual environment and a pip install, about a
minute): in a temporary folder it creates a venv, installs `properdocs`,
this project and `mkdocs-material` into it, and runs

    properdocs build --strict -f <repo>/mkdocs.yml -d <tmp>/site

as a user who switched from `mkdocs build` would. How that works, from
ProperDocs' source (1.6.7):

- `properdocs.plugins.get_plugins()` reads the `properdocs.plugins` entry-point
  group *and* MkDocs' `mkdocs.plugins` group (skipping MkDocs' own built-ins),
  so okrsite's `[project.entry-points."mkdocs.plugins"]` is found as is.
- `properdocs/__main__.py` imports `properdocs.replacement`, which makes
  `import mkdocs` and every `mkdocs.*` import resolve to `properdocs.*`: the
  plugin's `from mkdocs.plugins import BasePlugin` gets ProperDocs' class even
  though the real `mkdocs` package is installed too (okrsite and
  mkdocs-material both depend on it).

Nothing is cached outside the temporary folder: pip runs with
--no-cache-dir, and the project is installed from a copy of its sources in
the temporary folder, so the in-tree build does not leave `build/` or
`*.egg-info` in the repository.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent  # the project root, wherever it is checked out
TODAY = "2026-11-26"

# What `pip install <root>` needs; the rest of the checkout (site, content, .venv, .git) stays put.
INSTALL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "okrsite", "theme")  # theme/: the package okrsite.theme

# Run inside the new venv: where ProperDocs finds the okrsite plugin, and whose BasePlugin it subclasses.
PROBE = """\
import properdocs.replacement  # what `properdocs` itself imports first
from properdocs.plugins import get_plugins
import okrsite.adapter.plugin
ep = get_plugins()["okrsite"]
print(ep.group, ep.value, okrsite.adapter.plugin.BasePlugin.__module__)
"""


def _run(cmd, *, timeout, env, cwd=None):
    try:
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{' '.join(map(str, cmd))} took longer than {timeout} s\n{error.stdout or ''}{error.stderr or ''}")
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {result.returncode}\n--- stdout\n{result.stdout[-5000:]}"
        f"\n--- stderr\n{result.stderr[-10000:]}"
    )
    return result


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text[4 : text.index("\n---", 4)])


def test_properdocs_builds_the_okrsite_site(tmp_path):
    src = tmp_path / "okrsite-src"
    src.mkdir()
    for name in INSTALL_SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.is_file():
            shutil.copy2(path, src / name)

    venv = tmp_path / "venv"
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}", PIP_NO_CACHE_DIR="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1")

    _run([sys.executable, "-m", "venv", str(venv)], timeout=120, env=env)
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir",
          "properdocs", str(src), "mkdocs-material"], timeout=420, env=env)

    probe = _run([str(python), "-c", PROBE], timeout=120, env=env).stdout.split()
    assert probe[:2] == ["mkdocs.plugins", "okrsite.adapter.plugin:OkrsitePlugin"], probe
    assert probe[2] == "properdocs.plugins", f"okrsite's BasePlugin is {probe[2]}, not ProperDocs'"

    site = tmp_path / "site"
    properdocs = bindir / ("properdocs.exe" if os.name == "nt" else "properdocs")
    build = _run([str(properdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                 cwd=tmp_path, timeout=300, env={**env, "OKRSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"})
    assert "Documentation built" in build.stderr, build.stderr[-3000:]

    organisation = yaml.safe_load((ROOT / "content" / "okrsite.yml").read_text(encoding="utf-8"))
    objective = _front_matter(ROOT / "content" / "2026-Q4" / "mobile" / "joyful-app.md")
    team = organisation["teams"]["mobile"]
    team_name = team["name"] if isinstance(team, dict) else team

    home = site / "index.html"
    objective_page = site / "2026-Q4" / "mobile" / "joyful-app" / "index.html"
    team_page = site / "teams" / "mobile" / "index.html"
    for page in (home, objective_page, team_page):
        assert page.is_file(), f"{page.relative_to(site)} was not built"

    text = home.read_text(encoding="utf-8")
    generator = re.search(r'<meta name="generator" content="([^"]*)"', text)
    assert generator and "ProperDocs" in generator[1], f"not built by ProperDocs: {generator and generator[1]}"
    assert html.escape(organisation["company"], quote=False) in text

    text = objective_page.read_text(encoding="utf-8")
    assert html.escape(objective["objective"], quote=False) in text
    for kr in objective["key_results"]:  # okrsite rendered the data, not the raw front-matter
        assert html.escape(kr["title"], quote=False) in text, kr["title"]
    assert "key_results:" not in text

    text = team_page.read_text(encoding="utf-8")
    assert html.escape(team_name, quote=False) in text
    assert "joyful-app/" in text  # the team page links its objective
    assert (site / "search" / "search_index.json").is_file()
