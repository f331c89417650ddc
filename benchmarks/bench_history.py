"""What does the history from git (okrsite/history.py) cost a build?  A report, not a gate.

Generates the synthetic company of :mod:`benchmarks.synthetic` (60 teams,
~730 objectives, ~3,000 check-ins) into a git repository with a few commits
(all of it; 20 moved targets; a week of new check-ins; a new objective), then

1. times `read_history(content)` alone (the median of `--runs`), and
2. times `okrsite build` of that repository twice: once as it is (history
   read from git) and once with `GIT_CEILING_DIRECTORIES` set so git finds no
   repository (history unavailable): the difference is what history costs.

Run it from the project root:

    .venv/bin/python -m benchmarks.bench_history [--runs 3] [--teams 60] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

if __package__ in (None, ""):
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from benchmarks.bench_site import TODAY, _write_config  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from okrsite.history import read_history  # noqa: E402


def git(repo: pathlib.Path, *args: str, day: str = "2026-10-01T09:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def make_repository(repo: pathlib.Path, teams: int) -> dict:
    content = repo / "content"
    counts = generate(content, teams=teams)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "All OKRs")

    objectives = sorted(p for p in content.rglob("*.md") if "checkins" not in p.parts)
    moved = 0
    for path in objectives:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"(?m)^(    target: )(\d+)$", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, count=1)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            moved += 1
            if moved == 20:
                break
    git(repo, "commit", "-q", "-am", "Moved targets", day="2026-11-02T09:00:00+00:00")

    checkins = sorted(p for p in content.rglob("*.md") if "checkins" in p.parts)[:60]
    for path in checkins:
        path.write_text(path.read_text(encoding="utf-8") + "\nA note.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "A week of check-ins", day="2026-11-09T09:00:00+00:00")

    first = objectives[0]
    copy = re.sub(r"(?m)^(  - id: )(\S+)$", r"\1\2-new", first.read_text(encoding="utf-8"))  # ids unique per team
    (first.parent / "new-objective.md").write_text(copy, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A new objective", day="2026-11-16T09:00:00+00:00")
    return {**counts, "moved": moved}


def timed_build(config: pathlib.Path, out: pathlib.Path, extra_env: dict) -> tuple[float, float]:
    """Wall time and CPU time (the build and every process it waited for, git included)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "okrsite", "build", "-f", str(config), "-d", str(out),
                           "--today", TODAY], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--no-build", action="store_true", help="time read_history only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="okrsite-bench-history-") as folder:
        repo = pathlib.Path(folder) / "okrs"
        repo.mkdir()
        counts = make_repository(repo, args.teams)
        print(f"repository: {counts}, 4 commits")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            history = read_history(repo / "content")
            times.append(time.perf_counter() - start)
        changes = sum(len(c) for c in history.changes.values())
        print(f"read_history: median {statistics.median(times):.3f} s over {args.runs} runs "
              f"({len(history.changes)} key results, {changes} changes)")
        if args.no_build:
            return
        config = repo / "okrsite.yml"
        _write_config(config, repo / "content", okrsite=True, name="Bench")
        (wall, cpu), (wall_plain, cpu_plain) = (
            timed_build(config, pathlib.Path(folder) / "site-git", {}),
            timed_build(config, pathlib.Path(folder) / "site-plain", {"GIT_CEILING_DIRECTORIES": folder}),
        )
        page = next((pathlib.Path(folder) / "site-git").rglob("new-objective/index.html")).read_text("utf-8")
        assert "Target and start changes" in page, "the history is missing from the built site"
        print(f"okrsite build with history:          wall {wall:6.1f} s, CPU {cpu:6.1f} s")
        print(f"without (git finds no repository):   wall {wall_plain:6.1f} s, CPU {cpu_plain:6.1f} s")
        print(f"difference: CPU {cpu - cpu_plain:+.1f} s ({(cpu - cpu_plain) / cpu_plain:+.1%}); wall time on a "
              f"shared machine varies more than that")


if __name__ == "__main__":
    main()
