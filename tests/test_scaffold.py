"""`okrsite new cycle|objective|checkin` and `okrsite checkin`, run as a user runs them on a copy
of the demo company; `okrsite check` passes on everything they write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from okrsite.authoring import AuthoringError
from okrsite.authoring.carry import unfinished
from okrsite.authoring.checkin import read_set_options, write_checkin
from okrsite.authoring.files import write_new
from okrsite.authoring.values import yaml_value
from okrsite.cli import ask
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.rollup import keeps_a_level, rollup_cycle
from okrsite.validate import check

from conftest import DEMO, TODAY


def okrsite(cwd: Path, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {**os.environ, "OKRSITE_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "okrsite", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, stdin=stdin, timeout=120)


def files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*") if p.is_file()}


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))


def loaded(content: Path):
    report = Report()
    return check(content, TODAY, report), report


def assert_checks(cwd: Path) -> None:
    result = okrsite(cwd, "check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """The demo company in tmp_path/content, with 2027-Q1 declared: the folder a user works in."""
    shutil.copytree(DEMO, tmp_path / "content")
    organisation = tmp_path / "content" / "okrsite.yml"
    text = organisation.read_text(encoding="utf-8")
    organisation.write_text(text.replace("  - 2026-Q4 ", "  - 2027-Q1\n  - 2026-Q4 ", 1), encoding="utf-8")
    return tmp_path


# --- okrsite new cycle ------------------------------------------------------------------


def test_new_cycle_carries_unfinished_objectives_starting_at_their_last_values(demo_copy):
    content = demo_copy / "content"
    company, _ = loaded(content)
    q4 = rollup_cycle(company, "2026-Q4", TODAY)
    result = okrsite(demo_copy, "new", "cycle", "2027-Q1", "--from", "2026-Q4")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(content).as_posix() for p in (content / "2027-Q1").rglob("*.md"))
    unfinished = sorted(f"2027-Q1/{o.objective.team}/{o.objective.slug}.md" for o in q4.objectives.values()
                        if o.progress < 1)
    assert written == unfinished
    assert not list((content / "2027-Q1").rglob("checkins")), "check-ins are never copied"
    assert "draft" not in " ".join(written) and not (content / "2027-Q1/sales/dach-2027.md").exists()
    assert front(content / "2027-Q1/company/project-fjord.md")["visibility"] == "confidential"
    assert_checks(demo_copy)

    after, report = loaded(content)
    assert not report.errors
    nps = after.key_result("2027-Q1/mobile/joyful-app#nps")
    before = q4.objectives["2026-Q4/mobile/joyful-app"].key_results
    old = next(k for k in before if k.kr.id == "nps")
    assert (nps.start, nps.target) == (old.current, old.kr.target)
    onboarding = after.key_result("2027-Q1/mobile/joyful-app#onboarding")
    old_steps = next(k for k in before if k.kr.id == "onboarding")
    assert [m.id for m in onboarding.milestones] == [
        m.id for m in old_steps.kr.milestones if m.id not in old_steps.done_milestones]
    done_krs = {k.kr.id for k in before if k.progress >= 1 and not keeps_a_level(k.kr)}  # a level held comes along
    assert not done_krs & {kr.id for kr in after.objectives["2027-Q1/mobile/joyful-app"].key_results}


def test_new_cycle_never_overwrites(demo_copy):
    content = demo_copy / "content"
    assert okrsite(demo_copy, "new", "cycle", "2027-Q1", "--from", "2026-Q4").returncode == 0
    mine = content / "2027-Q1/mobile/joyful-app.md"
    mine.write_text(mine.read_text(encoding="utf-8") + "\nMy own edit.\n", encoding="utf-8")
    snapshot = files(content)
    again = okrsite(demo_copy, "new", "cycle", "2027-Q1", "--from", "2026-Q4")
    assert again.returncode == 0
    assert "exists already" in again.stderr
    assert files(content) == snapshot


def test_new_cycle_takes_only_the_objectives_and_key_results_named(demo_copy):
    content = demo_copy / "content"
    result = okrsite(demo_copy, "new", "cycle", "2027-Q1", "--from", "2026-Q4",
                     "--objective", "web/accessibility", "--kr", "mobile/joyful-app#nps")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(content / "2027-Q1").as_posix() for p in (content / "2027-Q1").rglob("*.md"))
    assert written == ["mobile/joyful-app.md", "web/accessibility.md"]
    assert [kr["id"] for kr in front(content / "2027-Q1/mobile/joyful-app.md")["key_results"]] == ["nps"]
    assert_checks(demo_copy)


def test_new_cycle_names_an_unknown_choice_and_writes_nothing(demo_copy):
    content = demo_copy / "content"
    snapshot = files(content)
    result = okrsite(demo_copy, "new", "cycle", "2027-Q1", "--from", "2026-Q4", "--kr", "mobile/joyful-app#npz")
    assert result.returncode == 1
    assert "mobile/joyful-app#nps" in result.stderr and "Traceback" not in result.stderr
    assert files(content) == snapshot


def test_new_cycle_not_in_okrsite_yml_says_what_to_add(tmp_path):
    shutil.copytree(DEMO, tmp_path / "content")
    snapshot = files(tmp_path / "content")
    result = okrsite(tmp_path, "new", "cycle", "2027-Q1", "--from", "2026-Q4")
    assert result.returncode == 1
    assert "okrsite.yml" in result.stderr and "- 2027-Q1" in result.stderr
    assert files(tmp_path / "content") == snapshot


def test_new_cycle_renames_a_key_result_whose_id_is_taken_in_the_next_cycle(tmp_path):
    shutil.copytree(DEMO, tmp_path / "content")
    result = okrsite(tmp_path, "new", "cycle", "2026-Q4", "--from", "2026-Q3", "--all")
    assert result.returncode == 0, result.stderr
    assert_checks(tmp_path)


def test_the_prompt_asks_per_objective_and_key_result(demo_copy):
    company, _ = loaded(demo_copy / "content")
    carries = unfinished(company, "2026-Q4", TODAY)
    answers = iter(["n"] * (len(carries) - 1) + ["y"] + ["y", "n"] + ["n"] * 10)
    asked = []

    def read(question):
        asked.append(question)
        return next(answers)

    kept = ask(carries, Translator(), read=read, write=lambda text: None)
    assert [c.objective.id for c in kept] == [carries[-1].objective.id]
    assert kept[0].chosen == [carries[-1].key_results[0][0].id]
    assert carries[-1].objective.title in asked[len(carries) - 1]


# --- okrsite new objective / new checkin ------------------------------------------------------


def test_new_objective_writes_a_file_that_checks(demo_copy):
    content = demo_copy / "content"
    result = okrsite(demo_copy, "new", "objective", "--team", "mobile", "--title", "Win: the Android crowd #1")
    assert result.returncode == 0, result.stderr
    path = content / "2026-Q4/mobile/win-the-android-crowd-1.md"
    meta = front(path)
    assert meta["objective"] == "Win: the Android crowd #1" and meta["owner"] == "bjorn"
    assert_checks(demo_copy)
    again = okrsite(demo_copy, "new", "objective", "--team", "mobile", "--title", "Win: the Android crowd #1")
    assert again.returncode == 1 and "exists already" in again.stderr
    bad_team = okrsite(demo_copy, "new", "objective", "--team", "mobil")
    assert bad_team.returncode == 1 and "mobile" in bad_team.stderr and "Traceback" not in bad_team.stderr


def test_new_objective_in_a_named_cycle(demo_copy):
    result = okrsite(demo_copy, "new", "objective", "--team", "web", "--cycle", "2027-Q1")
    assert result.returncode == 0, result.stderr
    assert (demo_copy / "content/2027-Q1/web/new-objective.md").is_file()
    assert_checks(demo_copy)


def test_new_checkin_carries_the_key_results_of_the_teams_current_okrs(demo_copy):
    content = demo_copy / "content"
    result = okrsite(demo_copy, "new", "checkin", "--team", "mobile", "--author", "bjorn")
    assert result.returncode == 0, result.stderr
    path = content / f"2026-Q4/mobile/checkins/{TODAY.isoformat()}.md"
    company, _ = loaded(DEMO)
    expected = {kr.id for o in company.objectives.values() if (o.cycle, o.team) == ("2026-Q4", "mobile")
                for kr in o.key_results}
    assert set(front(path)["values"]) == expected
    assert_checks(demo_copy)


# --- okrsite checkin ------------------------------------------------------------------------


def test_checkin_writes_a_complete_checkin(demo_copy):
    content = demo_copy / "content"
    result = okrsite(demo_copy, "checkin", "mobile", "--set", "nps=49", "--set", "uninstalls=1,050",
                     "--set", "onboarding=[Research with 12 technicians]", "--confidence", "0.7",
                     "-m", "The permission prompt shipped.", "--author", "chen")
    assert result.returncode == 0, result.stderr
    assert_checks(demo_copy)
    company, _ = loaded(content)
    mine = [c for c in company.checkins if c.team == "mobile" and c.date == TODAY]
    assert len(mine) == 1 and mine[0].author == "chen" and mine[0].confidence == 0.7
    values = {v.kr.rpartition("#")[2]: v.value for v in mine[0].values}
    assert values == {"nps": 49, "uninstalls": 1050, "onboarding": 1}
    assert "The permission prompt shipped." in mine[0].body


@pytest.mark.parametrize("args, says", [
    (["--set", "nps=abc"], "is not a number"),
    (["--set", "nps=5m"], "5m"),
    (["--set", "onboarding=[Nope]"], "Nope"),
    (["--set", "crash-free-q4=99.7 ms"], "ms"),
    (["--set", "npz=3"], "nps"),
    (["--set", "nps"], "KR=VALUE"),
    (["--set", "nps=abc", "--set", "uninstalls=null"], "uninstalls=null: write it as KR=VALUE"),
    (["--set", "nps=50", "--confidence", "7"], "confidence"),
    (["--set", "nps=50", "--set", "nps=51"], "twice"),
    ([], "--set"),
])
def test_a_wrong_value_writes_nothing(demo_copy, args, says):
    content = demo_copy / "content"
    snapshot = files(content)
    result = okrsite(demo_copy, "checkin", "mobile", *args)
    assert result.returncode == 1, result.stdout
    assert says in result.stderr and "Traceback" not in result.stderr
    assert files(content) == snapshot


def test_a_key_result_checked_in_already_that_day_is_refused(demo_copy):
    assert okrsite(demo_copy, "checkin", "mobile", "--set", "nps=49").returncode == 0
    snapshot = files(demo_copy / "content")
    again = okrsite(demo_copy, "checkin", "mobile", "--set", "nps=50")
    assert again.returncode == 1 and "already" in again.stderr
    assert files(demo_copy / "content") == snapshot
    other = okrsite(demo_copy, "checkin", "mobile", "--set", "uninstalls=1000")
    assert other.returncode == 0, other.stderr
    assert (demo_copy / f"content/2026-Q4/mobile/checkins/{TODAY.isoformat()}-2.md").is_file()
    assert_checks(demo_copy)


def test_a_checkin_written_meanwhile_is_never_overwritten_nor_contradicted(demo_copy):
    """What the second of two simultaneous runs sees: the tree as it was loaded, then the first's file."""
    content = demo_copy / "content"
    company, _ = loaded(content)  # loaded before the other run wrote its file
    t = Translator()
    first = okrsite(demo_copy, "checkin", "mobile", "--set", "nps=49")
    assert first.returncode == 0
    written = files(content)
    found, _, cycle = read_set_options(company, "mobile", TODAY, ["nps=50"], None, t)
    with pytest.raises(AuthoringError, match="meanwhile"):
        write_checkin(company, content, "mobile", TODAY, found, cycle, None, None, None, t)
    assert files(content) == written
    found, _, cycle = read_set_options(company, "mobile", TODAY, ["uninstalls=1000"], None, t)
    path = write_checkin(company, content, "mobile", TODAY, found, cycle, None, None, None, t)
    assert path.name == f"{TODAY.isoformat()}-2.md"
    assert_checks(demo_copy)


def test_simultaneous_checkins_each_get_their_own_file(demo_copy):
    env = {**os.environ, "OKRSITE_TODAY": TODAY.isoformat()}
    runs = [
        subprocess.Popen([sys.executable, "-m", "okrsite", "checkin", "mobile", "--set", f"{kr}={value}"],
                         cwd=demo_copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for kr, value in (("nps", 49), ("uninstalls", 1000), ("maps-usage", 44), ("nps", 50))
    ]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert all(code == 0 for code, _ in results[1:3]), results
    nps = [results[0], results[3]]
    assert sorted(code for code, _ in nps) == [0, 1], nps  # one of the two nps runs wins, the other says why
    assert "nps" in next(err for code, err in nps if code == 1)
    assert len(list((demo_copy / "content/2026-Q4/mobile/checkins").glob(f"{TODAY.isoformat()}*.md"))) == 3
    assert_checks(demo_copy)


def test_new_without_what_prints_its_help(tmp_path):
    result = okrsite(tmp_path, "new")
    assert result.returncode == 2 and "cycle" in result.stdout and "Traceback" not in result.stderr


def test_write_new_never_replaces_a_file(tmp_path):
    path = tmp_path / "a.md"
    assert write_new(path, "first")
    assert not write_new(path, "second")
    assert path.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"], "no temporary file is left behind"


@pytest.mark.parametrize("value", ["plain", "with: colon", "a #hash", "yes", "42", "[list]", "- dash", "\"q\"",
                                   "Ünïcödé 📱", "trailing ", "2026-11-26", "null", "@at", "%p"])
def test_yaml_scalars_read_back_as_written(value):
    assert yaml.safe_load(f"key: {yaml_value(value)}")["key"] == value


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_new_cycle_asks_in_a_terminal(demo_copy):
    """With a terminal on stdin and no --objective/--kr, it asks; answers come line by line."""
    content = demo_copy / "content"
    company, _ = loaded(content)
    carries = unfinished(company, "2026-Q4", TODAY)
    first = carries[0]
    answers = ["y"] + ["y"] + ["n"] * (len(first.key_results) - 1) + ["n"] * (len(carries) - 1)
    primary, secondary = os.openpty()
    try:
        os.write(primary, ("\n".join(answers) + "\n").encode())
        env = {**os.environ, "OKRSITE_TODAY": TODAY.isoformat()}
        result = subprocess.run([sys.executable, "-m", "okrsite", "new", "cycle", "2027-Q1", "--from", "2026-Q4"],
                                cwd=demo_copy, env=env, stdin=secondary, capture_output=True, text=True,
                                timeout=120)
    finally:
        os.close(secondary)
        os.close(primary)
    assert result.returncode == 0, result.stderr
    assert first.objective.title in result.stdout
    written = [p.relative_to(content).as_posix() for p in (content / "2027-Q1").rglob("*.md")]
    assert written == [f"2027-Q1/{first.short_id}.md"]
    krs = front(content / written[0])["key_results"]
    assert [kr["id"] for kr in krs] == [first.key_results[0][0].id]
    assert_checks(demo_copy)
