"""A build never replaces the content or the project: `okrsite build -d` into either is refused.

Each refusal is checked through the real command line (exit 2, one clear
message) and by comparing every file of the project before and after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Project
from okrsite.site_folder import UnsafeSiteFolder, check_site_folder
from test_site import write_config


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "okrsite", *args, "--today", "2026-11-26"], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def company(tmp_path) -> Project:
    """A small company in a project of its own, with a git folder and notes a build must not touch."""
    project = Project(tmp_path / "acme")
    write_config(project)
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project.root / "NOTES.txt").write_text("kept\n")
    project.write("2026-Q4/mobile/diagram.png", b"\x89PNG\r\n\x1a\n")
    (project.content / "sub").mkdir()
    (tmp_path / "elsewhere.txt").write_text("a file beside the project\n")
    return project


@pytest.mark.parametrize("where, kind", [
    ("content", "content"),
    ("content/", "content"),
    ("./content/.", "content"),
    ("content/sub", "inside"),
    ("content/sub/", "inside"),
    ("content/new-folder", "inside"),
    ("content/2026-Q4/mobile", "inside"),
    (".", "project"),
    ("./", "project"),
    ("..", "project"),
    ("../..", "project"),
    ("/", "project"),
    ("{root}", "project"),
    ("{root}/content", "content"),
    ("{root}/../acme/content/..", "project"),
    ("link-to-content", "content"),
    ("link-to-project/", "project"),
    ("link-to-content/sub", "inside"),
])
def test_build_into_the_content_or_the_project_is_refused_and_touches_nothing(company, where, kind):
    root = company.root
    (root / "link-to-content").symlink_to(company.content)
    (root / "link-to-project").symlink_to(root)
    before = snapshot(root.parent)
    result = run(root, "build", "-d", where.format(root=root))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    expected = {"content": "is or holds the content folder", "project": "is or holds the project folder",
                "inside": "lies inside the content folder"}[kind]
    assert result.stderr.startswith("okrsite: error: the site folder "), result.stderr
    assert expected in result.stderr and "a build would replace" in result.stderr, result.stderr
    assert snapshot(root.parent) == before
    assert not list(root.parent.rglob(".*building*")) and not (root / "content/new-folder").exists()


def test_a_plain_mkdocs_build_into_the_project_is_refused_too(company):
    # docs_dir outside the project: MkDocs' own check (docs_dir inside site_dir) does not see it.
    config = company.root / "mkdocs.yml"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OKRSITE_TODAY": "2026-11-26"}
    site = company.root.parent / "project-only"
    site.mkdir()
    moved = site / "mkdocs.yml"
    moved.write_text(config.read_text())
    before = snapshot(company.root.parent)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(moved), "-d", str(site)],
                            cwd=site, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode != 0
    assert "is or holds the project folder" in result.stderr, result.stderr[-2000:]
    assert snapshot(company.root.parent) == before


def test_a_site_folder_beside_or_inside_the_project_is_fine(company):
    for where in ("site", "../acme-site"):
        result = run(company.root, "build", "-d", where)
        assert result.returncode == 0, result.stderr[-2000:]
        assert (company.root / where / "index.html").is_file()
    assert (company.root / "NOTES.txt").read_text() == "kept\n"


def test_the_rule_without_mkdocs(tmp_path):
    content, project = tmp_path / "p/content", tmp_path / "p"
    content.mkdir(parents=True)
    for site in (content, project, tmp_path, content / "x" / "y", Path("/")):
        with pytest.raises(UnsafeSiteFolder):
            check_site_folder(site, content, project)
    for site in (project / "site", tmp_path / "site", project / "content-site"):
        check_site_folder(site, content, project)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(UnsafeSiteFolder, match="cannot be resolved"):
        check_site_folder(loop / "site", content, project)
