"""Staleness counts from when a key result existed (issue 14): the later of the cycle's start and the
day the key result was added, from git when the content is in a repository, else the cycle's start."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from conftest import TODAY

NEW = "2026-Q4/mobile/fresh.md"
FRESH = """\
---
objective: Answer every support chat within a minute
owner: bjorn
key_results:
  - id: first-reply
    title: Median first reply from 5 min to 1 min
    start: 5 min
    target: 1 min
  - id: coverage
    title: Chat staffed from 8 to 18 every weekday
    kind: boolean
---
"""


def _git(root: Path, *args: str, day: str = "2026-10-01") -> None:
    when = f"{day}T09:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Astrid", "GIT_AUTHOR_EMAIL": "astrid@example.com",
           "GIT_COMMITTER_NAME": "Astrid", "GIT_COMMITTER_EMAIL": "astrid@example.com", "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)


def _commit(root: Path, day: str) -> None:
    _git(root, "add", "-A", day=day)
    _git(root, "commit", "-q", "-m", "content", day=day)


def _stale(project, today: dt.date = TODAY) -> list[str]:
    _, report = project.check(today)
    return [f"{w.location.line}: {w.message}" for w in report.warnings
            if w.code == "stale-kr" and w.location.path.endswith(NEW)]


def test_a_new_objective_is_not_stale_the_day_it_is_written(project):
    _git(project.root, "init", "-q")
    _commit(project.root, "2026-10-01")
    result = subprocess.run([sys.executable, "-m", "okrsite", "new", "objective", "--team", "mobile", "--today",
                             TODAY.isoformat(), "--title", "Answer every chat"], cwd=project.root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    _, report = project.check()
    assert [w for w in report.warnings if w.code == "stale-kr"] == []  # written today, not committed yet
    # What the template left for a person to replace is named, line by line (an error with --strict).
    left = [(w.location.path.rpartition("content/")[2], w.location.line, w.message)
            for w in report.sorted() if w.code == "placeholder-text"]
    written = "2026-Q4/mobile/answer-every-chat.md"
    text = (project.content / written).read_text(encoding="utf-8").splitlines()
    body, first, second = ("Why this matters, in Markdown: context, links, pictures.",
                           "Raise a measurable number from 0 to 100 (edit me)", "Something that is done or not (edit me)")
    assert left == [  # each at the line of the text itself, where an editor's cursor should go
        (written, text.index(f"    title: {first}") + 1, f"'{first}' is still the placeholder `okrsite new` wrote"),
        (written, text.index(f"    title: {second}") + 1, f"'{second}' is still the placeholder `okrsite new` wrote"),
        (written, text.index(body) + 1, f"'{body}' is still the placeholder `okrsite new` wrote"),
    ]


def test_a_committed_key_result_counts_from_the_day_it_was_added(project):
    _git(project.root, "init", "-q")
    _commit(project.root, "2026-10-01")
    project.write(NEW, FRESH)
    assert _stale(project) == []
    _commit(project.root, "2026-11-20")
    assert _stale(project) == []  # six days
    assert _stale(project, dt.date(2026, 12, 10)) == [
        "5: 'first-reply' has had no check-in for 20 days (since 2026-11-20)",
        "9: 'coverage' has had no check-in for 20 days (since 2026-11-20)",
    ]
    # Evaluated at a day before it was committed, the cycle's start counts (nothing later is known).
    assert _stale(project, dt.date(2026, 11, 19)) == [
        "5: 'first-reply' has had no check-in for 49 days (since 2026-10-01)",
        "9: 'coverage' has had no check-in for 49 days (since 2026-10-01)",
    ]


def test_without_git_the_cycle_start_counts(project):
    project.write(NEW, FRESH)
    assert _stale(project) == [
        "5: 'first-reply' has had no check-in for 56 days (since 2026-10-01)",
        "9: 'coverage' has had no check-in for 56 days (since 2026-10-01)",
    ]


def test_a_placeholder_is_named_at_its_own_line_in_any_language_and_layout(project):
    """Swedish placeholders too, a key result written as a one-line mapping, a body after blank lines."""
    from okrsite.i18n import Translator

    sv = Translator("sv")
    title, kr_title, body = (sv.label(key) for key in ("new.objective_title", "new.example_kr_increase",
                                                       "new.objective_body"))
    text = (f"---\nowner: bjorn\nobjective: {title}\nkey_results:\n  - {{id: a, start: 0, target: 5, title: {kr_title}}}\n"
            f"  - id: b\n    target: 3\n    title: Riktig titel\n---\n\n\n{body}\n")
    project.write("2026-Q4/mobile/sv.md", text)
    _, report = project.check()
    left = [(w.location.line, w.location.col, w.message.split("'")[1]) for w in report.sorted()
            if w.code == "placeholder-text"]
    assert left == [(3, 12, title), (5, 41, kr_title), (12, 1, body)]
