"""Who moved a key result's target or start, and when, from git
(okrsite/history.py), and how the objective page shows it; without git and
in a shallow clone the site still builds and says the history is unavailable."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import build_site, restore_chart_cache, write_config
from okr_repo import commit, git, make_repo
from okrsite.history import Change, read_history

NPS = "2026-Q4/mobile/joyful-app#nps"


@pytest.fixture(scope="module")
def repo(tmp_path_factory, chart_cache) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("history") / "okrs")
    restore_chart_cache(chart_cache, repo)
    return repo


@pytest.fixture(autouse=True)
def no_repository_above(tmp_path, monkeypatch):
    """tmp_path may sit inside some repository: git must not find it."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_targets_and_starts_by_commit(repo):
    history = read_history(repo / "content")
    assert history.available
    base = git(repo, "rev-parse", "base").strip()
    moved = git(repo, "rev-parse", "HEAD~1").strip()
    assert history.of(NPS) == [
        Change("target", None, "50", "Astrid Lindqvist", dt.date(2026, 10, 1), base),
        Change("start", None, "34", "Astrid Lindqvist", dt.date(2026, 10, 1), base),
        Change("target", "50", "55", "Björn Ek", dt.date(2026, 11, 26), moved),
    ]
    # A maintain key result's target is its threshold, as written.
    assert history.of("2026-Q4/mobile/joyful-app#crash-free-q4")[0].new == ">= 99.5 %"
    # The new objective's key results were set by the commit that added it; check-ins change no target.
    assert [(c.field, c.new, c.author) for c in history.of("2026-Q4/web/fast-portal#lcp")] == [
        ("target", "1.5 s", "Chen Li"), ("start", "3.2 s", "Chen Li")]
    assert not any("checkins" in ref for ref in history.changes)


def test_the_same_number_written_differently_is_no_change(repo, tmp_path):
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(repo), str(work)], check=True, capture_output=True)
    path = work / "content/2026-Q4/mobile/joyful-app.md"
    path.write_text(path.read_text(encoding="utf-8").replace("start: 1,200", "start: 1200"), encoding="utf-8")
    commit(work, "Reformat", "chen")
    assert len(read_history(work / "content").of("2026-Q4/mobile/joyful-app#uninstalls")) == 2


def test_the_objective_page_shows_who_moved_the_target(repo, tmp_path):
    result = build_site(tmp_path / "site", repo / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    nps = page[page.index('id="nps"'):]
    nps = nps[:nps.index("</section>")]
    assert "Target and start changes (3)" in text(nps)
    assert ("26 Nov 2026 Björn Ek Target 50 → 55 1 Oct 2026 Astrid Lindqvist Target set 50 "
            "1 Oct 2026 Astrid Lindqvist Start set 34") in text(nps)
    assert "unavailable" not in page
    # The history is read for every objective file; only visible objectives' pages show it.
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "project-fjord" not in pages and "Project Fjord" not in pages


def test_without_git_the_site_builds_and_says_so(project):
    # The small company: what is checked is the build and its message, not the demo's size.
    assert read_history(project.content).reason == "unavailable"
    result = build_site(project.root / "site", write_config(project))
    assert result.returncode == 0, result.stderr
    page = (project.root / "site/2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    assert "The history of targets is unavailable: the content is not in a git repository." in text(page)
    assert "Target and start changes" not in page


def test_without_the_git_program_the_history_is_unavailable(repo, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert read_history(repo / "content").reason == "unavailable"


def test_in_a_shallow_clone_the_site_builds_and_says_so(project):
    # The small company in a repository of two commits, cloned with only the last one.
    git(project.root, "init", "-q", "-b", "main")
    commit(project.root, "The small company's OKRs", "astrid")
    project.edit("2026-Q4/mobile/joyful-app.md", "target: 70", "target: 75")
    commit(project.root, "Mobile: aim higher on NPS", "bjorn")
    shallow = project.root / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(shallow)], check=True,
                   capture_output=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    history = read_history(shallow / "content")
    assert (history.available, history.reason) == (False, "shallow")
    result = build_site(shallow / "site", write_config(SimpleNamespace(root=shallow, content=shallow / "content")))
    assert result.returncode == 0, result.stderr
    page = (shallow / "site/2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    assert "this is a shallow clone" in text(page)
