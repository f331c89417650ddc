"""A git repository made from the demo company, with a few commits, for the
tests of `okrsite diff` and of the history on the site.

    base    2026-10-01  Astrid   the demo content as it is (tag `base`)
    +1      2026-11-26  Björn    a check-in: the mobile team's values of 26 Nov
    +2      2026-11-26  Björn    the mobile NPS target moved from 50 to 55 (the cycle began 1 Oct)
    +3      2026-11-26  Chen     a new web objective

Names and dates are fixed, so the output is the same on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import DEMO, ROOT

OBJECTIVE = "content/2026-Q4/mobile/joyful-app.md"

CHECKIN = """\
---
checkin: 2026-11-26
author: bjorn
confidence: 0.8
values:
  uninstalls: 1,040
  nps: {value: 49, confidence: 0.8}
---

## Wins
- NPS up four points.
"""

NEW_OBJECTIVE = """\
---
objective: Make the customer portal load in a blink
owner: chen
key_results:
  - id: lcp
    title: Cut the portal's largest contentful paint from 3.2 s to 1.5 s
    start: 3.2 s
    target: 1.5 s
  - id: errors
    title: Halve the portal's JavaScript errors
    start: 400
    target: 200
---
Fast pages sell.
"""

PEOPLE = {
    "astrid": ("Astrid Lindqvist", "astrid@nordlys.example", "2026-10-01T09:00:00+02:00"),
    "bjorn": ("Björn Ek", "bjorn@nordlys.example", "2026-11-26T10:00:00+01:00"),
    "chen": ("Chen Li", "chen@nordlys.example", "2026-11-26T11:00:00+01:00"),
}


def git(repo: Path, *args: str, who: str = "astrid") -> str:
    name, email, date = PEOPLE[who]
    env = {
        **os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, who: str) -> None:
    git(repo, "add", "-A", who=who)
    git(repo, "commit", "-q", "-m", message, who=who)


def make_repo(repo: Path) -> Path:
    """The demo site's sources (content, theme, mkdocs.yml) in a new repository with the commits above."""
    repo.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEMO, repo / "content")
    shutil.copytree(ROOT / "theme", repo / "theme")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "The demo company's OKRs", "astrid")
    git(repo, "tag", "base")

    (repo / "content/2026-Q4/mobile/checkins/2026-11-26.md").write_text(CHECKIN, encoding="utf-8")
    commit(repo, "Mobile check-in of 26 Nov", "bjorn")

    objective = repo / OBJECTIVE
    text = objective.read_text(encoding="utf-8")
    assert "    start: 34\n    target: 50\n" in text
    objective.write_text(text.replace("    start: 34\n    target: 50\n", "    start: 34\n    target: 55\n"),
                         encoding="utf-8")
    commit(repo, "Mobile: aim higher on NPS", "bjorn")

    (repo / "content/2026-Q4/web/fast-portal.md").write_text(NEW_OBJECTIVE, encoding="utf-8")
    commit(repo, "Web: a fast portal", "chen")
    return repo
