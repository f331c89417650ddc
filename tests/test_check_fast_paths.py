"""`okrsite check`'s quick ways give what its long ways give, on careless input.

- A check-in's usual value (`checkin._plain_value`) against `_value` alone: the same values, locations
  and messages, in both number styles, for every kind of key result and the ways people get values wrong,
  a value's confidence and note and milestones by title among them.
- The usual number (`numbers._PLAIN`) against the long way of reading numbers.
- A check-in's body read in one pass (`checkin._read_body`) against the line-by-line reading it replaced.
- A page's address made with string work (`paths.page_address`) against the pathlib way.
- A location made for every value (`source._Located`) against the place a second parse finds.
- The stale key results the lint asks for (`rollup.stale_key_results`) against a whole roll-up's.
- The front-matter split of `source.read_markdown` against the line-by-line split it replaced.
- `okrsite check` run as the program (which ends its process at once) against `main()` in-process;
  without okrsite.yml it does not walk the content folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from unittest import mock

import pytest

from conftest import DEMO, ROOT, Project
from okrsite import cli, numbers, paths
from okrsite import content_files as content_files_module
from okrsite.diagnostics import Report, format_text
import okrsite.load as load_module
from okrsite.load import checkin as checkin_module
from okrsite.load import shown_below, shown_path
from okrsite.load import source as source_module
from okrsite.load.source import read_markdown
from okrsite.model import Location
from okrsite.rollup import Status, rollup_cycle, stale_key_results

OBJECTIVE = """\
---
objective: Every kind of key result
owner: bjorn
key_results:
  - id: share
    title: Share from 10 % to 20 %
    start: 10 %
    target: 20 %
  - id: revenue
    title: Revenue to 2.6M EUR
    start: 1M EUR
    target: 2.6M EUR
  - id: latency
    title: Latency from 300 ms to 200 ms
    start: 300 ms
    target: 200 ms
  - id: users
    title: Users from 1,200 to 5,000
    start: 1,200
    target: 5,000
  - id: shipped
    title: Ship it
    target: true
  - id: steps
    title: Steps done
    milestones: [Research done, Prototype tested, Launched]
  - id: uptime
    title: Keep uptime
    maintain: ">= 99.9 %"
  - id: renamed
    title: A key result with an old name
    moved_from: "#old-name"
    start: 0
    target: 10
---
"""

# Values as hurried people write them: good ones in every spelling, and wrong ones of every sort.
CARELESS_VALUES = [
    ("share", ["12.5 %", "12 %", "13", "12,5 %", "1,5 %", "fifty", "12.5 ms", "-1 %", "12.5%", "1e3 %"]),
    ("revenue", ["1.5M EUR", "€1.5M", "EUR 2M", "1.5M SEK", "1500000", "1,500,000 EUR", "2 miljoner EUR", "5m"]),
    ("latency", ["250 ms", "250", "250 s", "0.25", "250ms", "2.5e2 ms", "1_000 ms"]),
    ("users", ["1,500", "1500", "1 500", "1.500", "1.5k", "1,5", "1_500", "-3", "1e16", "1,50", ".inf"]),
    ("shipped", ["true", "yes", "no", "done", "1", "0", "2", "maybe", "'true'", "[true]"]),
    ("steps", ["[Research done]", "1", "[research-done, Launched]", "Research done", "[Nope]", "4", "[]", "true"]),
    ("uptime", ["99.95 %", "99.95", "1e2 %", "[99]"]),
    ("renamed", ["5", None]),  # None: not in that check-in
    ("old-name", [None, None, None, "7", None, None]),  # the name it had, written plainly once: a use of `moved_from`
    ("nps-typo", ["5"]),
    ("123", ["4"]),
]


def careless_project(tmp_path: Path, number_style: str | None) -> Project:
    project = Project(tmp_path)
    if number_style:
        project.edit("okrsite.yml", "company: Testbolaget AB\n", f'company: Testbolaget AB\nnumber_style: "{number_style}"\n')
    project.write("2026-Q4/mobile/kinds.md", OBJECTIVE)
    for round_ in range(max(len(values) for _, values in CARELESS_VALUES)):
        lines = []
        for key, values in CARELESS_VALUES:
            value = values[round_ % len(values)]
            if value is None:
                continue
            lines.append(f"  {key}: {value}")
            if round_ % 3 == 1:  # the same value again as a mapping, in a check-in of its own below
                lines[-1] = f"  {key}: {{value: {value}, note: careless}}"
        day = 1 + round_
        project.write(f"2026-Q4/mobile/checkins/2026-11-{day:02d}.md",
                      f"---\ncheckin: 2026-11-{day:02d}\nvalues:\n" + "\n".join(lines) + "\n---\n")
    return project


def _described(project: Project) -> tuple[str, list]:
    company, report = project.check()
    values = [(checkin.id, value.kr, repr(value.value), value.done_milestones, value.confidence, value.note,
               str(value.location)) for checkin in company.checkins for value in checkin.values]
    return format_text(report.sorted()), values


def _both_ways(project: Project) -> tuple[tuple, tuple, list[bool]]:
    """The check read with the quick way where it applies, read the long way only, and where the quick way
    applied, value by value."""
    quick = checkin_module._plain_value
    taken = []

    def counted(*args):
        value = quick(*args)
        taken.append(value is not None)
        return value

    with mock.patch.object(checkin_module, "_plain_value", counted):
        both_ways = _described(project)
    with mock.patch.object(checkin_module, "_plain_value", lambda *args: None):
        long_way = _described(project)
    return both_ways, long_way, taken


@pytest.mark.parametrize("number_style", [None, "1,234.5", "1 234,5"])
def test_the_usual_value_reads_as_the_long_way_reads_it(tmp_path, number_style):
    project = careless_project(tmp_path, number_style)
    both_ways, long_way, taken = _both_ways(project)
    assert both_ways == long_way
    assert "error" in both_ways[0] and len(both_ways[1]) > 20  # the careless values did get read, and refused
    assert any(taken) and not all(taken)  # both ways were taken


# A value with its confidence and note, and milestones by title, as hurried people write them: each line is a
# check-in's `values:` of its own.
CARELESS_MAPPINGS = [
    "share: {value: 12.5 %, confidence: 0.7, note: On track}",
    "share: {value: 12.5 %, confidence: 70 %}", "share: {value: 12.5 %, confidence: 7}",
    "share: {value: 12.5 %, confidence: 1.5}", "share: {value: 12.5 %, confidence: -0.1}",
    "share: {value: 12.5 %, confidence: [0.5]}", "share: {value: 12.5 %, confidence: true}",
    "share: {value: 12.5 %, confidence: 2026-11-20}", "share: {value: 12.5 %, confidence: high}",
    "share: {value: 12.5 %, confidence: 50 EUR}", "share: {value: 12.5 %, confidence: '0,5'}",
    "share: {value: 12.5 %, confidance: 0.5}", "share: {value: 12.5 %, note: [a, b]}",
    "share: {value: 12.5 %, note: {a: b}}", "share: {value: 12.5 %, note: true}", "share: {value: 12.5 %, note: 42}",
    "share: {value: 12.5 %, note: 2026-11-20}", "share: {value: 12.5 %, note: '  padded  '}",
    "share: {value: 12.5 %, note: ''}", "share: {value: 12.5 %, note: null}", "share: {value: , note: x}",
    "share: {note: no value}", "share: {}", "share: {value: {value: 12}}", "share: {value: [12]}",
    "share: {value: null, confidence: 0.5}", "share: {value: true}", "share: {1: 2}",
    "shipped: {value: true, confidence: 0.9}", "shipped: {value: yes}", "shipped: {value: 1}",
    "steps: [Research done, Research done, prototype-tested]", "steps: [research done]", "steps: [Research  done!]",
    "steps: [Research done, 2]", "steps: [Research done, [Launched]]", "steps: [Research done, null]",
    "steps: [Research done, Nope]", "steps: {value: [Launched], note: late}", "steps: {value: 2}",
    "steps: {value: Launched}", "steps: []", "steps: [true]", "steps: [1.5]",
    "users: [1,500]", "users: {value: '1,500', confidence: 0.5}", "revenue: {value: 1.5M EUR, note: x}",
    "renamed: {value: 5}", "old-name: {value: 5}", "nps-typo: {value: 5}",
]


@pytest.mark.parametrize("number_style", [None, "1 234,5"])
def test_a_value_with_its_confidence_and_note_reads_as_the_long_way_reads_it(tmp_path, number_style):
    project = careless_project(tmp_path, number_style)
    for number, line in enumerate(CARELESS_MAPPINGS):
        day = f"2026-12-{1 + number % 28:02d}"
        project.write(f"2026-Q4/mobile/checkins/{day}-{number}.md",
                      f"---\ncheckin: {day}\nconfidence: 0.5\nvalues:\n  {line}\n---\n")
    both_ways, long_way, taken = _both_ways(project)
    assert both_ways == long_way
    assert sum(taken) > 20 and not all(taken)
    notes = {value[5] for value in both_ways[1]}
    assert {"On track", "padded", "42", "2026-11-20", "late"} <= notes  # notes as text, trimmed


def _number_read(raw: str):
    try:
        quantity = numbers._parse_text.__wrapped__(raw, ".")
    except numbers.NumberError as error:
        return error.code, error.args_
    return repr(quantity.value), quantity.unit, quantity.currency


def test_the_usual_number_reads_as_the_long_way_reads_it():
    pieces = ["", "0", "7", "12", "123", "1234", "007", "1,234", "12,345,678", "1,23", "1,2345", ",5", ".5", "5.",
              "1.5", "12.25", "%", " %", "  %", "-", "+", " ", "k", " EUR", "€", "e3", "_", "1_000", "\u0663", "\u00a0%",
              ",", "\n", "%%", "9" * 16]
    written = {a + b + c for a in pieces for b in pieces for c in pieces[:18]}
    written |= {"1,000,000,000,000,000", "1,000,000,000,000,001", "999999999999999.9", "58.3 %", "1,863"}
    quick = {raw: _number_read(raw) for raw in written}
    with mock.patch.object(numbers, "_PLAIN", re.compile("(?!)")):  # never matches: the long way every time
        long_way = {raw: _number_read(raw) for raw in written}
    assert quick == long_way
    assert quick["1,863"] == ("1863.0", "", "") and quick["58.3 %"] == ("58.3", "%", "")


# A front-matter's closing line and what surrounds it, as people and editors leave them.
SPLITS = [
    "---\na: 1\n---\nbody\n", "---\na: 1\n---", "---\na: 1\n...\nbody", "---\na: 1\n---  \t\nbody\n",
    "---\na: 1\n---\x0c\nbody\n", "---\na: 1\n---\u00a0\nbody", "---\na: 1\n----\nb: 2\n---\nbody",
    "---\na: 1\n  ---\nb: 2\n---\n", "---\na: 1\n---x\n---\n", "---\n---\nbody\n", "---\n\n---\n\nbody\n\n",
    "---", "---\n", "---\na: 1\n", "--- \na: 1\n--- \nx", "---\na: 1\n...\n---\nbody", "---\na: 1\n\n---\n\n\n",
    "---\na: 1\n---\n---\n", "---\na: 1\n---\u2028\nbody", "text\n---\na: 1\n---\n", "\n---\na: 1\n---\n",
]


def _split_line_by_line(text: str):
    """The split `read_markdown` made before: every line of the file, closing at the first `---`/`...`."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "unclosed"


@pytest.mark.parametrize("text", SPLITS)
def test_the_front_matter_splits_where_it_split_line_by_line(tmp_path, text):
    path = tmp_path / "file.md"
    path.write_text(text, encoding="utf-8")
    report, parsed = Report(), []

    def parse_yaml(source, yaml_text, first_line, report):  # what the split hands to the YAML reader
        parsed.append((yaml_text, first_line))
        return True

    with mock.patch.object(source_module, "parse_yaml", parse_yaml):
        source = read_markdown(path, "file.md", "file.md", report)
    expected = _split_line_by_line(text)
    if expected is None:  # no front-matter: the page as it is, or a located error
        assert (source is None and report.diagnostics) or (source.meta is None and source.body == text)
    elif expected == "unclosed":
        assert source is None and [d.code for d in report.diagnostics] == ["unclosed-front-matter"]
    else:
        yaml_text, body, body_line = expected
        assert source is not None and not report.diagnostics
        assert (source.body, source.body_line) == (body, body_line)
        assert parsed == ([(yaml_text, 2)] if yaml_text.strip() else [])


def _in_process(args: list[str]) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return out.getvalue(), err.getvalue(), code


@pytest.mark.parametrize("number_style", [None, "1 234,5"])
def test_check_as_the_program_says_what_main_says(tmp_path, number_style):
    project = careless_project(tmp_path, number_style)
    project.write("2026-Q4/mobile/checkins/2026-11-30.md~", "backup\n")
    for options in (["--format", "text"], ["--format", "json"], ["--format", "github", "--strict"]):
        args = ["check", "--content", str(project.content), "--today", "2026-11-26", *options]
        ran = subprocess.run([sys.executable, "-m", "okrsite", *args], cwd=ROOT, capture_output=True, text=True)
        assert (ran.stdout, ran.stderr, ran.returncode) == _in_process(args)
        assert ran.returncode == 1 and ran.stdout


def test_check_as_the_program_exits_clean_when_all_is_well(project):
    args = ["check", "--content", str(project.content), "--today", "2026-11-26"]
    ran = subprocess.run([sys.executable, "-m", "okrsite", *args], cwd=ROOT, capture_output=True, text=True)
    assert (ran.stdout, ran.stderr, ran.returncode) == _in_process(args)
    assert ran.returncode == 0 and "files checked" in ran.stderr


def test_without_okrsite_yml_the_folder_is_not_walked(project):
    (project.content / "okrsite.yml").unlink()
    args = ["check", "--content", str(project.content), "--today", "2026-11-26"]
    with mock.patch.object(cli, "content_files", side_effect=AssertionError("walked")):
        out, err, code = _in_process(args)
    assert code == 1
    assert out.startswith(f"{project.content / 'okrsite.yml'}:1:1: error: no organisation file")
    assert err == "0 files checked: 1 error, 0 warnings\n"


@pytest.mark.parametrize("where", ["above", "inside", "below", "beside", "far"])
def test_paths_in_messages_are_each_files_own_shown_path(tmp_path, monkeypatch, where):
    (tmp_path / "a" / "content" / "2026-Q4" / "web").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    standing = {"above": tmp_path, "inside": tmp_path / "a" / "content", "below": tmp_path / "a" / "content" / "2026-Q4",
                "beside": tmp_path / "b", "far": Path("/")}[where]
    monkeypatch.chdir(standing)
    rels = ["okrsite.yml", "2026-Q4/web/x.md", "2026-Q4/web/checkins/2026-11-20.md", "..x.md", "2026-Q4/..y/z.md"]
    content = tmp_path / "a" / "content"
    for given in {content, Path(os.path.relpath(content)), Path(os.path.relpath(content) + "/"),
                  Path(os.path.relpath(content)) / ".." / "content"}:
        shown = shown_below(given)
        assert [shown(rel) for rel in rels] == [shown_path(given / rel) for rel in rels], given


def _walked_as_before(content: Path) -> list:
    """What `content_files` listed when it walked with os.walk and an lstat a file."""
    root, found = content.resolve(), []
    for top, dirs, names in os.walk(content):
        folder = Path(top)
        below = folder.relative_to(content).as_posix()
        prefix = "" if below == "." else below + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        links = [d for d in dirs if (folder / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        for name in sorted(names + links):
            if not name.startswith(".") and prefix + name != "okrsite.yml":
                found.append(content_files_module._judge(folder / name, prefix + name, root))
    return found


def test_the_content_walk_lists_what_os_walk_listed(project, tmp_path):
    content = project.content
    for rel in ["2026-Q4/web/a.md", "2026-Q4/web/B.md", "2026-Q4/web/a.md~", "2026-Q4/web/#a.md#", "2026-Q4/web/ä.md",
                "2026-Q4/web/checkins/2026-11-20.md.orig", "2026-Q4/.hidden/x.md", "2026-Q4/web/.x.md.swp",
                "guide/okrsite.yml", "guide/img.png", "guide/notes.txt", "guide/x.markdown", "Z/late.md",
                "2026-Q4/web-2/x.md", "2026-Q4/web.md"]:
        project.write(rel, "---\ntitle: x\n---\n")
    deep = content / "deep"
    for level in range(120):  # deeper than a careless recursion would like
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", content / "guide" / "out-folder")
    os.symlink(content / "2026-Q4", content / "guide" / "in-folder")
    os.symlink("a.md", content / "2026-Q4" / "web" / "alias.md")
    os.symlink("missing.md", content / "2026-Q4" / "web" / "broken.md")
    os.symlink("loop.md", content / "2026-Q4" / "web" / "loop.md")
    os.symlink(tmp_path / "outside", content / ".hidden-link")
    os.mkfifo(content / "guide" / "pipe.md")
    listed = [(str(f.path), f.rel, f.kind, f.problem) for f in content_files_module.content_files(content)]
    before = [(str(f.path), f.rel, f.kind, f.problem) for f in _walked_as_before(content)]
    assert listed == before
    assert {"symlink-folder", "symlink-outside", "symlink-loop", "special-file", "unknown-file"} <= {
        problem[0] for _, _, _, problem in listed if problem}


def _stale_in_whole_rollup(company, cycle_id: str, today: dt.date) -> list:
    cycle = company.organisation.cycles[cycle_id]
    return [(k.kr, k.last_checkin or max(cycle.start, k.kr.added or cycle.start))
            for rolled in rollup_cycle(company, cycle_id, today).objectives.values()
            for k in rolled.key_results if k.status is Status.STALE]


@pytest.mark.parametrize("include_confidential", [False, True])
def test_the_stale_key_results_are_those_of_the_whole_rollup(tmp_path, include_confidential):
    project = Project(tmp_path)
    shutil.copytree(DEMO, project.content, dirs_exist_ok=True)  # the demo company, not the small one
    lines = "defaults:\n  include_confidential: true\n  stale_after_days: 10\n" if include_confidential else ""
    project.edit("okrsite.yml", "teams:\n", lines + "teams:\n")
    project.write("2026-Q4/web/draft.md", "---\nobjective: A draft\nvisibility: draft\nkey_results:\n"
                  "  - {id: draft-kr, title: Draft, start: 0, target: 5}\n---\n")
    project.write("2026-Q4/web/due-early.md", "---\nobjective: Due early\nkey_results:\n"
                  "  - {id: due-kr, title: Due, start: 0, target: 5, due: 2026-10-15}\n"
                  "  - {id: level, title: Level, maintain: '>= 5'}\n  - {id: flag, title: Flag, target: true}\n---\n")
    company, _ = project.check()
    days = [dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 20), dt.date(2026, 11, 20),
            dt.date(2026, 11, 26), dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    found = 0
    for cycle_id in company.organisation.cycles:
        for today in days:
            stale = stale_key_results(company, cycle_id, today)
            assert stale == _stale_in_whole_rollup(company, cycle_id, today), (cycle_id, today)
            found += len(stale)
    assert found > 10


def test_a_location_is_found_when_first_asked_for_as_a_second_parse_finds_it(tmp_path):
    path = tmp_path / "2026-11-20.md"
    path.write_text("---\ncheckin: 2026-11-20\nvalues:\n  nps: {value: 48, note: x}\n  churn:   4.2 %\n---\n",
                    encoding="utf-8")
    source = read_markdown(path, "shown.md", "2026-11-20.md", Report())
    assert source is not None
    paths = [(), ("checkin",), ("values",), ("values", "nps"), ("values", "nps", "note"), ("values", "churn"),
             ("values", "missing"), ("missing", "deeper")]
    for which, locate in ((0, source.at), (1, source.key_at)):
        for key_path in paths:
            location = locate(*key_path)
            expected = Location("shown.md", *source._locate(which, key_path))
            assert (location, hash(location), str(location)) == (expected, hash(expected), str(expected))
            assert location._source is None  # the file is let go once the place is known
    assert str(source.at("values", "churn")) == "shown.md:5:12" and str(source.key_at("values", "churn")) == "shown.md:5:3"


_LINE_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>.*)$")
_LINE_ITEM = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?:\[(?P<done>[ xX])\]\s+)?(?P<text>.+)$")


def _read_body_line_by_line(source, checkin, organisation, report) -> None:
    """`checkin._read_body` as it read a body before, one line at a time."""
    section = None
    for offset, line in enumerate(source.body.split("\n")):
        heading = _LINE_HEADING.match(line) if line[:1] == "#" else None
        if heading:
            written = checkin_module._heading_title(heading["title"]).rstrip(":").strip()
            section = checkin_module._SECTION_OF.get(written.lower())
            if section is None and line.startswith("## "):
                report.warning(source.line(source.body_line + offset), "unknown-checkin-heading", heading=written,
                               known=checkin_module._HEADINGS_READ)
            continue
        if section is None:
            continue
        item = _LINE_ITEM.match(line)
        if not item or len(item["indent"]) > 1:
            continue
        text = item["text"].strip()
        if section == "actions":
            location = source.line(source.body_line + offset)
            checkin.actions.append(checkin_module._action(text, item["done"], location, organisation, report))
        else:
            getattr(checkin, section).append(text)


def _bodies_read(project: Project) -> tuple:
    company, report = project.check()
    return format_text(report.sorted()), [
        (c.id, c.wins, c.blockers, [(a.text, a.owner, a.due, a.done, str(a.location)) for a in c.actions])
        for c in company.checkins]


BODY_LINES = ["## Wins", "## Blockers", "## Actions", "## Åtgärder", "## Vinster:", "### Hinder ##", "#Wins", "## Notes",
              "# Actions", "####### Wins", "## ", "", " ", "- a win", "* star", "+ plus", "  - indented two",
              " - indented one", "\t- tab", "-no space", "-", "- ", "- [ ] @bjorn: open, due 2026-12-01",
              "- [x] @bjorn done (due: 2026-12-40)", "- [X]  @nobody late", "- plain action due 2026-11-30",
              "-\t\u2028odd separator", "- \x85next line", "\u00a0- no-break space", "text between", "- @bjorn",
              "- [ ]", "- []  x", "## Wins\x0c", "##\tWins", "- a\x0b- b"]


@pytest.mark.parametrize("seed", range(12))
def test_a_body_reads_in_one_pass_as_line_by_line(tmp_path, seed):
    project = Project(tmp_path)
    chooser = random.Random(seed)
    for number in range(8):
        body = "\n".join(chooser.choice(BODY_LINES) for _ in range(chooser.randint(0, 14)))
        project.write(f"2026-Q4/mobile/checkins/2026-11-{10 + number}.md",
                      f"---\ncheckin: 2026-11-{10 + number}\n---\n{body}" + "\n" * chooser.randint(0, 2))
    one_pass = _bodies_read(project)
    with mock.patch.object(checkin_module, "_read_body", _read_body_line_by_line):
        line_by_line = _bodies_read(project)
    assert one_pass == line_by_line
    assert any(c[3] for c in one_pass[1]) and any(c[1] for c in one_pass[1])  # actions and wins were read


def _page_address_by_pathlib(src: str) -> str:
    path = PurePosixPath(src)
    stem = path.with_suffix("").as_posix()
    if path.stem.lower() in ("index", "readme"):
        stem = path.parent.as_posix()
    return "" if stem in ("", ".") else stem + "/"


def test_a_page_address_is_what_pathlib_made_of_it():
    names = ["a", "b.md", "index.md", "README.md", "Readme.markdown", "x.", "..", ".", ".md", "a.b.md", "index", "café.md",
             "", "c..md", " .md", "INDEX.MD", "readme.md.md"]
    compared = 0
    for count in (1, 2, 3):
        for parts in itertools.product(names, repeat=count):
            rel = "/".join(parts)
            for src in (rel, rel + "/", "/" + rel, "./" + rel):
                outcomes = []
                for address in (paths.page_address, _page_address_by_pathlib):
                    try:
                        outcomes.append(address(src))
                    except ValueError:  # an empty name
                        outcomes.append(ValueError)
                assert outcomes[0] == outcomes[1], src
                compared += 1
    assert compared > 10_000 and paths.page_address("2026-Q4/web/index.md") == "2026-Q4/web/"


def _by_name_with_pathlib(path: Path, rel: str):
    """`content_files._by_name` as it judged a file before, by pathlib's name and suffix."""
    name = path.name.lower()
    if path.suffix == ".md":
        return content_files_module.ContentFile(path, rel, "markdown")
    if name.endswith(content_files_module.MARKDOWN_EXTENSIONS):
        return content_files_module.ContentFile(path, rel, "refused", (
            "markdown-extension", {"suggestion": path.name[: path.name.rfind(".")] + ".md"}))
    if name.endswith(content_files_module.YAML):
        return content_files_module.ContentFile(path, rel, "yaml")
    if name.endswith(content_files_module.ASSETS) and ".md." not in name:
        return content_files_module.ContentFile(path, rel, "asset")
    return content_files_module.ContentFile(path, rel, "refused", ("unknown-file", {"name": path.name}))


def test_a_file_is_judged_by_its_name_as_pathlib_named_it(tmp_path):
    stems = ["a", "", ".", "..", "a.b", "ä", "A B", "index"]
    endings = ["", ".md", ".MD", ".md.", ".markdown", ".Markdown", ".yml", ".yaml", ".png", ".PNG", ".md.png", ".md~",
               ".txt", ".", ".csv.md", ".mdx"]
    for stem in stems:
        for ending in endings:
            name = stem + ending
            if name in ("", ".", ".."):
                continue
            for folder in ("", "2026-Q4/web/"):
                rel = folder + name
                path = tmp_path / rel
                assert content_files_module._by_name(path, rel) == _by_name_with_pathlib(path, rel), rel


def _unique_values_by_date_and_ref(checkins, report) -> None:
    """`load._unique_values` as it was: one dictionary keyed by (date, key result)."""
    seen: dict = {}
    for checkin in checkins:
        for value in checkin.values:
            key = (checkin.date, value.kr)
            if key in seen:
                report.error(value.location, "duplicate-value", kr=value.kr, date=checkin.date,
                             other=seen[key].location.path)
            else:
                seen[key] = checkin


def test_a_value_checked_in_twice_a_day_is_found_as_before(tmp_path):
    project = careless_project(tmp_path, None)
    for number, line in enumerate(CARELESS_MAPPINGS + ["share: 12 %\n  2026-Q4/mobile/kinds#share: 13 %"]):
        day = f"2026-12-{1 + number % 5:02d}"  # several check-ins a day, some of the same key results
        project.write(f"2026-Q4/mobile/checkins/{day}-{number}.md",
                      f"---\ncheckin: {day}\nvalues:\n  {line}\n---\n")
    by_day = format_text(project.check()[1].sorted())
    with mock.patch.object(load_module, "_unique_values", _unique_values_by_date_and_ref):
        as_before = format_text(project.check()[1].sorted())
    assert by_day == as_before
    assert by_day.count("is checked in twice on") > 5
