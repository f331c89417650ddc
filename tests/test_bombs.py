"""Resource bombs: a clear error or a bounded build, never a hang or a memory blow-up.

Each input runs through the real command line in a child process with a
memory limit (RLIMIT_AS) and a time limit, so a regression fails the test
instead of taking the machine down:

| input | expected |
|---|---|
| YAML alias bomb, ten levels of nine (a billion values) | `yaml-too-large` at its line |
| YAML nested 100,000 levels deep in flow style | `yaml-syntax` at its line (libyaml's own limit) |
| a 20 MB objective | `file-too-large`; a 20 MB picture beside it is left alone |
| 10,000 key results in one objective, and a check-in of all of them | `too-many-key-results` once |
| 100 key results (the limit), all checked in | builds |
| Markdown bodies nested 600 to 5,000 levels, 20,000 brackets | `body-too-deep` / `body-too-many-brackets` at the line |
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

from conftest import Project, write_config

GIB = 1024 ** 3
OBJ = "2026-Q4/platform/bomb.md"


def run_limited(project: Project, *args: str, memory: int = GIB, seconds: int = 120) -> subprocess.CompletedProcess:
    """`okrsite ARGS` in a child process that may use `memory` bytes of address space."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "okrsite", *args, "--today", "2026-11-26"], cwd=project.root,
                            capture_output=True, text=True, env=env, timeout=seconds, preexec_fn=limit)
    result.seconds = time.monotonic() - started
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-3000:]
    return result


def check(project: Project) -> subprocess.CompletedProcess:
    return run_limited(project, "check", "--content", "content")


def errors(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def objective(krs: str = "", body: str = "", head: str = "") -> str:
    return f"---\nobjective: A bomb\nowner: chen\n{head}key_results:\n{krs}---\n{body}"


def kr_list(count: int) -> str:
    return "".join(f"  - id: kr-{i}\n    title: Key result {i}\n    start: 0\n    target: 100\n" for i in range(count))


def test_alias_bomb(project):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    project.write(OBJ, objective(kr_list(2), head="\n".join(lines) + "\n"))
    result = check(project)
    assert result.returncode == 1
    assert errors(result) == [f"content/{OBJ}:2:1: error: the YAML expands to more than 200000 values (aliases "
                              "repeated inside aliases?). Hint: Write the values out instead of using YAML aliases "
                              "(*name)."], result.stdout


def test_yaml_nested_100000_levels(project):
    project.write(OBJ, objective(head="deep: " + "[" * 100_000 + "]" * 100_000 + "\n"))
    result = check(project)
    assert result.returncode == 1
    [error] = errors(result)
    assert error.startswith(f"content/{OBJ}:4:") and "malformed YAML" in error, error


def test_a_20_mb_file_is_refused_and_a_20_mb_picture_left_alone(project):
    project.write(OBJ, objective(kr_list(2), body="All work and no play. " * 1_000_000))
    project.write("2026-Q4/platform/diagram.png", os.urandom(20 * 1024 * 1024))
    assert (project.content / OBJ).stat().st_size > 20_000_000
    result = check(project)
    assert result.returncode == 1
    assert errors(result) == [f"content/{OBJ}:1:1: error: the file is 22.0 MB, more than okrsite reads (5 MB). "
                              "Hint: Split it, or move large attachments out of content/."], result.stdout


def test_ten_thousand_key_results(project):
    project.write(OBJ, objective(kr_list(10_000)))
    values = "".join(f"  kr-{i}: {i % 100}\n" for i in range(10_000))
    project.write("2026-Q4/platform/checkins/2026-11-21.md", f"---\ncheckin: 2026-11-21\nvalues:\n{values}---\n")
    result = check(project)
    assert result.returncode == 1
    assert errors(result) == [f"content/{OBJ}:5:3: error: the objective has 10000 key results, more than okrsite "
                              "reads (100). Hint: Split it into objectives of two to five key results each."], \
        result.stdout[:2000]


def test_a_hundred_key_results_build(project):
    project.write(OBJ, objective(kr_list(100)))
    values = "".join(f"  kr-{i}: {i}\n" for i in range(100))
    project.write("2026-Q4/platform/checkins/2026-11-21.md", f"---\ncheckin: 2026-11-21\nvalues:\n{values}---\n")
    config = write_config(project)
    result = run_limited(project, "build", "-f", str(config), "-d", str(project.root / "site"), memory=3 * GIB,
                         seconds=600)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (project.root / "site/2026-Q4/platform/bomb/index.html").read_text(encoding="utf-8")
    assert page.count('class="okr-kr"') == 100


@pytest.mark.parametrize("name, body, line, code", [
    ("list markers on one line", "Intro\n\n" + "- " * 1000 + "x\n", 3, "body-too-deep"),
    ("indented list", "".join("  " * i + "- item\n" for i in range(1000)), 41, "body-too-deep"),
    ("quotes", "> " * 5000 + "deep\n", 1, "body-too-deep"),
    ("numbered and quoted", "1. > " * 600 + "x\n", 1, "body-too-deep"),
    ("brackets", "Text\n" + "[" * 20_000 + "x" + "](" * 20_000 + "\n", 2, "body-too-many-brackets"),
])
def test_markdown_bodies_that_would_not_render(project, name, body, line, code):
    project.write(OBJ, objective(kr_list(2), body=body))
    result = check(project)
    assert result.returncode == 1
    body_line = 5 + 2 * 4 + 1  # the front-matter's lines, then the body
    [error] = errors(result)
    assert error.startswith(f"content/{OBJ}:{body_line + line - 1}:1: error: "), error
    assert code.replace("body-too-deep", "nests lists or quotes").replace("body-too-many-brackets", "'[' brackets") \
        in error


# Files that never end or never open: errors at the file, found without opening them.
def test_special_files_and_endless_links_are_errors_without_reading_them(project, tmp_path):
    import socket

    team = project.content / "2026-Q4/platform"
    team.mkdir(parents=True)
    os.mkfifo(team / "fifo.md")
    os.mkfifo(team / "pipe.png")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(team / "socket.md"))
    os.symlink("/dev/zero", team / "zero.md")
    os.symlink("/dev/urandom", team / "random.png")
    os.symlink("self.md", team / "self.md")
    os.symlink("ping.md", team / "pong.md")
    os.symlink("pong.md", team / "ping.md")
    os.symlink("loop", team / "loop")
    try:
        result = check(project)
    finally:
        server.close()
    assert result.returncode == 1
    where = "content/2026-Q4/platform"
    assert errors(result) == [
        f"{where}/fifo.md:1:1: error: the file is a FIFO, not a plain file; okrsite cannot read it. "
        "Hint: Remove it from content/.",
        f"{where}/loop:1:1: error: the link leads in a circle (loop). Hint: Remove the link, or point it at a file.",
        f"{where}/ping.md:1:1: error: the link leads in a circle (pong.md). Hint: Remove the link, or point it at a file.",
        f"{where}/pipe.png:1:1: error: the file is a FIFO, not a plain file; okrsite cannot read it. "
        "Hint: Remove it from content/.",
        f"{where}/pong.md:1:1: error: the link leads in a circle (ping.md). Hint: Remove the link, or point it at a file.",
        f"{where}/random.png:1:1: error: the link points outside content/ (to /dev/urandom). "
        "Hint: Copy the file into content/ instead: the site would publish whatever the link points at.",
        f"{where}/self.md:1:1: error: the link leads in a circle (self.md). Hint: Remove the link, or point it at a file.",
        f"{where}/socket.md:1:1: error: the file is a socket, not a plain file; okrsite cannot read it. "
        "Hint: Remove it from content/.",
        f"{where}/zero.md:1:1: error: the link points outside content/ (to /dev/zero). "
        "Hint: Copy the file into content/ instead: the site would publish whatever the link points at.",
    ], result.stdout


# Lines that made a regular expression take time growing with the square of their length.
WINS = "---\ncheckin: 2026-11-21\nvalues:\n  a: 1\n---\n"
LINE_BOMBS = [
    ("spaces between owner and text", "## Actions\n- @chen: ship" + " " * 300_000 + "it\n"),
    ("spaces between text and an owner", "## Actions\n- ship" + " " * 300_000 + "it @chen\n"),
    ("spaces before due", "## Actions\n- @chen ship it (" + " " * 300_000 + "due 2026-13-45)\n"),
    ("many # in a heading", "#" * 6 + " " + "#" * 300_000 + "x\n- a win\n"),
    ("spaces in a heading", "## Wins" + " " * 300_000 + "x\n- a win\n"),
    ("spaces and # in a heading", "## " + " #" * 200_000 + "\n- a win\n"),
    ("an item of spaces", "## Wins\n-" + " " * 300_000 + "\n"),
    ("indent without a marker", "## Wins\n" + " " * 300_000 + "x\n"),
]


@pytest.mark.parametrize("name, body", LINE_BOMBS, ids=[bomb[0] for bomb in LINE_BOMBS])
def test_long_lines_in_a_checkin_are_read_in_linear_time(project, name, body):
    project.write(OBJ, objective("  - id: a\n    title: A\n    start: 0\n    target: 10\n"))
    project.write("2026-Q4/platform/checkins/2026-11-21.md", WINS + body)
    result = run_limited(project, "check", "--content", "content", seconds=60)
    found = errors(result)
    if name == "spaces before due":
        assert found == ["content/2026-Q4/platform/checkins/2026-11-21.md:7:1: error: '2026-13-45' is not a date "
                         "(due). Hint: Write dates as YYYY-MM-DD, e.g. 2026-11-20."], result.stdout[-2000:]
    else:
        assert found == [], result.stdout[-2000:]


def fences(count: int, filler: int = 0) -> str:
    """`count` code fences opened with a language and never closed, 600 KB in all."""
    per = max(1, (600_000 - filler) // max(count, 1))
    return "".join(f"```python\n{'x = 1' + ' ' * (per - 17)}\n\n" for _ in range(count))


def test_many_unclosed_code_fences_are_refused_at_the_line(project):
    project.write(OBJ, objective(kr_list(2), body="Intro\n\n" + fences(20_000)))
    result = check(project)
    assert result.returncode == 1
    body_line = 5 + 2 * 4 + 1
    assert errors(result) == [f"content/{OBJ}:{body_line + 2 + 20 * 3}:1: error: the text opens more than 20 code "
                              "fences (``` or ~~~) that are never closed. Hint: Close each code block with the same "
                              "fence that opened it."], result.stdout[-2000:]


def test_many_unclosed_code_fences_in_a_hand_written_page_are_refused(project):
    project.write("guide/notes.md", "# Notes\n\n" + "~~~ {.python}\ncode\n" * 30_000)
    result = check(project)
    assert errors(result) == ["content/guide/notes.md:43:1: error: the text opens more than 20 code fences "
                              "(``` or ~~~) that are never closed. Hint: Close each code block with the same fence "
                              "that opened it."], result.stdout[-2000:]


def test_closed_fences_and_a_few_unclosed_ones_build(project):
    closed = "".join(f"```python\nx = {i}\n```\n\n" for i in range(5_000))
    body = "Intro\n\n" + closed + fences(20, filler=len(closed))
    project.write(OBJ, objective(kr_list(2), body=body))
    project.write("guide/notes.md", "# Notes\n\n" + closed + fences(20, filler=len(closed)))
    assert len(body) > 500_000
    config = write_config(project)
    result = run_limited(project, "build", "-f", str(config), "-d", str(project.root / "site"), memory=3 * GIB,
                         seconds=300)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (project.root / "site/2026-Q4/platform/bomb/index.html").read_text(encoding="utf-8")
    assert page.count("x = 4999") == 1


def test_a_chain_of_a_thousand_objectives_rolls_up_without_recursion(project):
    # Each takes its progress from the next; the last has the only check-in. Depth is the content's to choose.
    count = 1000
    for n in range(count):
        head = "progress: aligned\n" if n < count - 1 else ""
        aligns = f"aligns_to: platform/step-{n - 1}\n" if n else ""
        krs = f"  - id: s{n}\n    title: Step {n}\n    start: 0\n    target: 100\n"
        project.write(f"2026-Q4/platform/step-{n}.md", objective(krs, head=head + aligns))
    project.write("2026-Q4/platform/checkins/2026-11-21.md",
                  f"---\ncheckin: 2026-11-21\nvalues:\n  s{count - 1}: 40\n---\n")
    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]", "cycles: [2026-Q3, 2026-Q4, 2026]\n"
                 "defaults:\n  lints: {max_objectives: false, stale: false}")
    result = run_limited(project, "summary", "--content", "content", seconds=300)
    assert result.returncode == 0, result.stderr[-2000:]
    # Every step shows the last one's 40 %, carried up the whole chain.
    assert result.stdout.count("A bomb") == count, result.stdout[-3000:]
    assert len([line for line in result.stdout.splitlines() if "A bomb" in line and " 40 %" in line]) == count


CALENDAR_EDGE = "cycles: [2026-Q3, 2026-Q4, 2026, 9999-Q4, 9999]\n"


@pytest.mark.parametrize("today", ["0001-01-01", "0001-01-08", "9999-12-31", "9999-12-25", "9999-10-01"])
def test_the_edges_of_the_calendar_are_dates_like_any_other(project, today):
    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]\n", CALENDAR_EDGE)
    project.write("9999-Q4/platform/far.md", objective(kr_list(2)).replace("owner: chen\n", "owner: chen\ncycle: 9999-Q4\n"))
    project.write("9999-Q4/platform/checkins/9999-12-31.md", "---\ncheckin: 9999-12-31\nvalues:\n  kr-1: 50\n---\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for args in (["digest"], ["digest", "--since", "9999w"], ["digest", "--cycle", "9999-Q4"], ["summary"], ["check"]):
        result = subprocess.run([sys.executable, "-m", "okrsite", *args, "--content", "content", "--today", today],
                                cwd=project.root, capture_output=True, text=True, env=env, timeout=120)
        assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
        assert result.returncode == 0, (args, result.stderr[-2000:])


def test_a_fiscal_year_before_the_calendar_is_a_located_error(project):
    # FY0001 with a fiscal year starting in July would begin in July of year 0.
    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]\n",
                 "cycles: [2026-Q3, 2026-Q4, 2026, FY0001, FY0001-Q1]\nfiscal_year_start: 7\n")
    result = check(project)
    assert [line.split(" Hint:")[0] for line in errors(result)] == [
        "content/okrsite.yml:2:34: error: the cycle 'FY0001' has no start and end.",
        "content/okrsite.yml:2:42: error: the cycle 'FY0001-Q1' has no start and end."], result.stdout


def test_a_site_of_the_last_cycle_of_the_calendar_builds(project):
    project.edit("okrsite.yml", "cycles: [2026-Q3, 2026-Q4, 2026]\n", "cycles: [2026-Q3, 2026-Q4, 2026, 9999-Q4, 9999]\n")
    project.write("9999-Q4/platform/far.md", objective(kr_list(2)))
    project.write("9999-Q4/platform/checkins/9999-12-31.md", "---\ncheckin: 9999-12-31\nvalues:\n  kr-1: 50\n---\n")
    config = write_config(project)
    result = subprocess.run([sys.executable, "-m", "okrsite", "build", "-f", str(config), "-d", "site", "--today",
                             "9999-12-31"], cwd=project.root, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (project.root / "site/9999-Q4/platform/far/index.html").is_file()


def test_check_of_the_root_folder_is_one_located_error(tmp_path):
    project = Project(tmp_path)
    result = run_limited(project, "check", "--content", "/", seconds=60)
    assert result.returncode == 1
    assert errors(result) == ["/okrsite.yml:1:1: error: no organisation file: okrsite needs okrsite.yml in /. Hint: "
                              "Create it with the company name, cycles, people and teams (see the README's content "
                              "format)."], result.stdout
