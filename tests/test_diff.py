"""`okrsite diff BASE HEAD` on a git repository made from the demo company
(tests/okr_repo.py): a check-in, a moved target and a new objective."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO
from okr_repo import OBJECTIVE, commit, git, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("diff") / "okrs")


def diff(repo: Path, *args: str, today: str = "2026-11-26") -> subprocess.CompletedProcess:
    env = {**os.environ, "OKRSITE_TODAY": today, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run([sys.executable, "-m", "okrsite", "diff", *args], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=120)


def clone(repo: Path, where: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(repo), str(where)], check=True, capture_output=True)
    return where


EXPECTED = """\
## OKR changes: base → HEAD

> [!WARNING]
> **Moving the goalposts: a target or start changed in a cycle that has already begun.**
>
> - Mobile · Make the field app a joy to use 📱 · **Raise app NPS from 34 to 50** (`nps`): target 50 → 55 (2026-Q4 began 1 Oct 2026)

### Objectives

- added: **Make the customer portal load in a blink** (Web, 2026-Q4, `2026-Q4/web/fast-portal`)

### Values checked in

- Mobile · Make the field app a joy to use 📱 · **Cut weekly uninstalls by 15 %**: 1,080 → 1,040 (26 Nov 2026, Björn Ek)
- Mobile · Make the field app a joy to use 📱 · **Raise app NPS from 34 to 50**: 45 → 49 (26 Nov 2026, Björn Ek)

### Roll-up before → after (as of 26 Nov 2026)

**2026-Q4**

- **Mobile**: 71% → 74%
  - **Make the field app a joy to use 📱**: 76% → 82%
- **Web**: 73% → 49%, on track → at risk
"""


def test_a_pull_request_in_okr_terms(repo):
    result = diff(repo, "base", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED


def test_head_defaults_to_the_checked_out_commit(repo):
    assert diff(repo, "base").stdout == EXPECTED


def test_one_commit_at_a_time(repo):
    checkin = diff(repo, "base", "HEAD~2").stdout
    assert "### Values checked in" in checkin and "Moving the goalposts" not in checkin
    assert "### Objectives" not in checkin
    moved = diff(repo, "HEAD~2", "HEAD~1").stdout
    assert "target 50 → 55" in moved and "### Values checked in" not in moved
    assert "### Roll-up" in moved  # a higher target lowers the progress
    assert "- **Make the field app a joy to use 📱**: 87% → 82%" in moved  # NPS 49 of 34 -> 50, then of 34 -> 55
    assert diff(repo, "HEAD", "HEAD").stdout.endswith("No changes to the OKRs.\n")


def test_a_target_changed_before_its_cycle_begins_is_no_warning(repo):
    result = diff(repo, "HEAD~2", "HEAD~1", today="2026-09-15")
    assert result.returncode == 0, result.stderr
    assert "Moving the goalposts" not in result.stdout
    assert ("- changed: Mobile · Make the field app a joy to use 📱 · **Raise app NPS from 34 to 50**: "
            "target 50 → 55") in result.stdout


def test_renamed_and_removed(repo, tmp_path):
    work = clone(repo, tmp_path / "work")
    path = work / OBJECTIVE
    text = path.read_text(encoding="utf-8")
    text = text.replace("objective: Make the field app a joy to use 📱", "objective: Make the field app a delight")
    text = text.replace("title: Raise app NPS from 34 to 50", "title: Raise app NPS to 55")
    path.write_text(text, encoding="utf-8")
    (work / "content/2026-Q4/web/fast-portal.md").unlink()
    commit(work, "Renames", "bjorn")
    out = diff(work, "origin/main", "HEAD").stdout
    assert "- renamed: Make the field app a joy to use 📱 → **Make the field app a delight** " \
           "(`2026-Q4/mobile/joyful-app`)" in out
    assert "- renamed: Mobile · Make the field app a delight · Raise app NPS from 34 to 50 → " \
           "**Raise app NPS to 55** (`nps`)" in out
    assert "- removed: **Make the customer portal load in a blink** (2026-Q4, `2026-Q4/web/fast-portal`)" in out


def test_confidential_and_draft_objectives_never_show(repo, tmp_path):
    work = clone(repo, tmp_path / "work")
    for rel, target in (("content/2026-Q4/company/project-fjord.md", "    target: 40\n"),
                        ("content/2026-Q4/sales/dach-2027.md", "    target: 5\n")):
        path = work / rel
        text = path.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("objective:"))
        assert target in text
        path.write_text(text.replace(title, "objective: Secret renamed").replace(target, "    target: 77\n"),
                        encoding="utf-8")
    commit(work, "Secret changes", "astrid")
    result = diff(work, "origin/main", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "Secret" not in result.stdout and "fjord" not in result.stdout and "dach" not in result.stdout
    assert "Moving the goalposts" not in result.stdout


def test_errors_on_either_side_name_the_revision_file_and_line(repo, tmp_path):
    work = clone(repo, tmp_path / "work")
    path = work / OBJECTIVE
    path.write_text(path.read_text(encoding="utf-8").replace("    target: 55\n", "    tagret: 55\n"),
                    encoding="utf-8")
    commit(work, "A typo", "bjorn")
    git(work, "tag", "broken")
    for args in (("origin/main", "broken"), ("broken", "origin/main")):
        result = diff(work, *args)
        assert result.returncode == 1
        assert result.stdout == ""
        assert "okrsite: the content at broken (" in result.stderr
        assert "content/2026-Q4/mobile/joyful-app.md:" in result.stderr
        assert "unknown key 'tagret'" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_revision_is_a_usage_error(repo):
    result = diff(repo, "no-such-branch", "HEAD")
    assert result.returncode == 2
    assert "unknown revision 'no-such-branch'" in result.stderr and "Traceback" not in result.stderr
    assert diff(repo, "--", "--output=x", "HEAD").returncode == 2  # never an option of git


def test_outside_git_is_a_usage_error(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "okrsite", "diff", "--content", str(content), "main", "HEAD"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "is not in a git work tree" in result.stderr


def test_adopting_okrsite_everything_is_new(tmp_path):
    import shutil

    repo = tmp_path / "adopt"
    repo.mkdir()
    (repo / "README.md").write_text("Our OKRs\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Start", "astrid")
    shutil.copytree(DEMO, repo / "content")
    commit(repo, "Adopt okrsite", "astrid")
    result = diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "- added: **Make the field app a joy to use 📱** (Mobile, 2026-Q4, `2026-Q4/mobile/joyful-app`)" \
        in result.stdout
    assert "fjord" not in result.stdout and "dach-2027" not in result.stdout


# Titles are typed by anyone with write access; the PR comment is Markdown that GitHub renders for reviewers.
PIXEL = "![px](https://tracker.example/p.png)"
HOSTILE_TITLES = [
    f"Faster {PIXEL} onboarding",
    "[Click to approve](https://evil.example/login) now",
    "<img src=https://tracker.example/q.png> and <b>bold</b>",
    "Ping @everyone and see https://evil.example/x or www.evil.example",
    "**loud** _noise_ `code` | table | ~~gone~~ &lt;b&gt;",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_titles_reach_the_pull_request_as_text(tmp_path, title):
    import markdown

    repo = make_repo(tmp_path / "okrs")
    objective = repo / OBJECTIVE
    text = objective.read_text(encoding="utf-8")
    first = text.split("objective: ", 1)[1].split("\n", 1)[0]
    objective.write_text(text.replace(first, yaml_quoted(title), 1), encoding="utf-8")  # renamed, and in every line
    commit(repo, "A hostile title", "bjorn")
    result = diff(repo, "base", "HEAD")
    assert result.returncode == 0, result.stderr
    html = markdown.markdown(result.stdout)
    for tag in ("<img", "<a ", "<b>", "<strong>loud", "<em>noise", "<code>code", "<del>", "<table"):
        assert tag not in html, (tag, result.stdout)
    assert "https://" not in result.stdout and "www.evil" not in result.stdout  # no bare address to link
    # What a reader sees: CommonMark (GitHub) drops the backslash before any ASCII punctuation.
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", result.stdout)
    assert f"**{title}**" in shown and title in shown.split("renamed: ")[1], shown


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
