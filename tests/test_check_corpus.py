"""The broken-input corpus: every kind of mistake `okrsite check` must catch.

Each case is data in `tests/corpus/`: either one file, `<case>.md` (or
`.yml`), holding the broken file's exact bytes, which the test writes to the
case's path below the base project's `content/` (often over a base file: a
one-line edit of it); or a folder, `<case>/`, holding a small tree that is
copied into `content/` (for mistakes that need two files).

For every case the checker must report exactly one problem, the expected one:
at exactly `content/<path>:<line>:<col>`, with the expected severity and
code, and with the words a user needs to fix it (`text` must appear in the
printed line, message and hint). The command line must say the same, exit 1
on errors, and never show a traceback: one process runs it over every case,
and the tests of the command line as a whole spawn `python -m okrsite`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
TODAY = "2026-11-26"

# Paths below content/ that the cases write to.
OBJ = "2026-Q4/mobile/joyful-app.md"  # the base team objective (cases overwrite it with one line changed)
CHK = "2026-Q4/mobile/checkins/2026-11-20.md"  # the base team check-in (likewise)
NEW_CHK = "2026-Q4/mobile/checkins/2026-11-25.md"  # a second check-in of the team
Q3 = "2026-Q3/mobile/faster-onboarding.md"  # a new objective in the finished cycle (no stale warnings)
NOTES = "2026-Q4/mobile/notes.md"


@dataclass(frozen=True)
class Case:
    name: str  # tests/corpus/<name>.<ext> or tests/corpus/<name>/
    path: str  # below content/: where the file is written, and where the diagnostic must point
    line: int
    col: int
    code: str
    text: str  # what the user must read: part of the message or the hint
    severity: str = "error"

    def __str__(self) -> str:
        return self.name


CASES = [
    # Unknown keys, with a did-you-mean, at each level.
    Case("objective-unknown-key", OBJ, 4, 1, "unknown-key",
         "unknown key 'visiblity' in an objective. Hint: Did you mean 'visibility'?"),
    Case("kr-unknown-key", OBJ, 14, 5, "unknown-key", "unknown key 'ownr' in a key result. Hint: Did you mean 'owner'?"),
    Case("kr-unknown-key-target", Q3, 8, 5, "unknown-key", "unknown key 'targt' in a key result. Hint: Did you mean 'target'?"),
    Case("checkin-unknown-key", CHK, 4, 1, "unknown-key",
         "unknown key 'confidense' in a check-in. Hint: Did you mean 'confidence'?"),
    Case("checkin-value-unknown-key", CHK, 6, 24, "unknown-key",
         "unknown key 'confidance' in the value of 'app-nps'. Hint: Did you mean 'confidence'?"),
    # Types, choices, ranges and required fields.
    Case("kr-wrong-type", OBJ, 10, 10, "wrong-type", "'kpi' in a key result should be text, not a list"),
    Case("objective-wrong-type", Q3, 4, 16, "wrong-type",
         "'retrospective' in an objective should be a mapping (key: value lines), not text"),
    Case("visibility-bad-choice", OBJ, 4, 13, "bad-choice",
         "'confidental' is not a valid visibility. Hint: Did you mean 'confidential'?"),
    Case("weight-out-of-range", OBJ, 4, 9, "out-of-range", "'weight' is 5000, outside 0..1000"),
    Case("objective-missing-title", Q3, 2, 1, "missing-field", "an objective needs 'objective'"),
    Case("kr-missing-id", OBJ, 18, 5, "missing-field", "a key result needs 'id'. Hint: For example: id: halve-crash-reports"),
    Case("kr-missing-title", OBJ, 18, 5, "missing-field", "a key result needs 'title'"),
    Case("checkin-missing-date", NEW_CHK, 2, 1, "missing-field", "a check-in needs 'checkin'"),
    # Duplicates.
    Case("kr-duplicate-id-in-objective", OBJ, 18, 9, "duplicate-id",
         "the key result id 'app-nps' is used twice. Hint: It is first defined at content/2026-Q4/mobile/joyful-app.md:6:9"),
    Case("kr-duplicate-id-across-objectives", "2026-Q3/mobile/b-speed.md", 9, 9, "duplicate-kr",
         "the key result id 'crash-free' is used twice in team mobile, cycle 2026-Q3. Hint: Check-ins name key "
         "results by id, so rename one; the other is in 2026-Q3/mobile/a-stability"),
    Case("yaml-duplicate-key", OBJ, 4, 1, "duplicate-key", "the key 'owner' appears twice in the same mapping"),
    Case("checkin-duplicate-value", "2026-Q4/mobile/checkins/2026-11-20-chen.md", 5, 12, "duplicate-value",
         "2026-Q4/mobile/joyful-app#app-nps is checked in twice on 2026-11-20. Hint: The other value is in "
         "content/2026-Q4/mobile/checkins/2026-11-20.md"),
    # References between files, and folders that name teams and cycles.
    Case("aligns-to-unknown", OBJ, 4, 12, "unknown-objective",
         "'company/delite' is not an objective. Hint: Did you mean 'company/delight'?"),
    Case("aligns-to-self", OBJ, 4, 12, "aligns-to-self", "the objective aligns to itself"),
    Case("depends-on-unknown-kr", OBJ, 10, 18, "unknown-key-result-ref",
         "'company/delight#nsp' is not a key result. Hint: Did you mean 'company/delight#nps'?"),
    Case("depends-on-unknown-objective", OBJ, 10, 17, "unknown-objective", "'platform/fast-api' is not an objective"),
    Case("alignment-cycle", "2026-Q4/company/delight.md", 2, 12, "alignment-cycle",
         "alignment goes round in a circle: 2026-Q4/company/delight -> 2026-Q4/mobile/joyful-app -> "
         "2026-Q4/company/delight"),
    Case("dependency-cycle", OBJ, 6, 9, "dependency-cycle",
         "key results depend on each other in a circle: 2026-Q4/mobile/joyful-app#app-nps -> "
         "2026-Q4/mobile/joyful-app#uninstalls -> 2026-Q4/mobile/joyful-app#app-nps"),
    Case("checkin-unknown-kr", NEW_CHK, 5, 3, "unknown-kr",
         "'uninstals' is not a key result of team mobile in a cycle running on this date. Hint: Did you mean 'uninstalls'?"),
    Case("unknown-team", "okrs/faster-onboarding.md", 5, 7, "unknown-reference",
         "unknown team 'mobil'. Hint: Did you mean 'mobile'?"),
    Case("checkin-unknown-team", "updates/2026-11-25.md", 3, 7, "unknown-reference",
         "unknown team 'mobil'. Hint: Did you mean 'mobile'?"),
    Case("unknown-folder-team", "2026-Q3/mobil/faster-onboarding.md", 2, 1, "unknown-folder",
         "the folder 'mobil' is not a known team. Hint: Did you mean 'mobile'?"),
    Case("unknown-cycle", "okrs/faster-onboarding.md", 4, 8, "unknown-reference", "unknown cycle '2026-Q5'"),
    Case("unknown-owner-objective", Q3, 3, 8, "unknown-reference", "unknown person 'bjron'. Hint: Did you mean 'bjorn'?"),
    Case("unknown-owner-kr", OBJ, 14, 12, "unknown-reference", "unknown person 'chn'. Hint: Did you mean 'chen'?"),
    Case("path-disagrees", Q3, 4, 7, "path-disagrees",
         "the front-matter says team: platform, but the file is in the folder 'mobile'"),
    Case("action-unknown-person", CHK, 14, 1, "unknown-reference", "unknown person 'chenn'. Hint: Did you mean 'chen'?"),
    # Check-in dates and values.
    Case("checkin-outside-cycle", "2026-Q4/mobile/checkins/2026-09-30.md", 2, 10, "checkin-outside-cycle",
         "the check-in date 2026-09-30 is outside the cycle 2026-Q4 (2026-10-01 to 2026-12-31)"),
    Case("checkin-text-for-number", NEW_CHK, 5, 12, "not-a-number", "'fifty' is not a number"),
    Case("checkin-list-for-number", NEW_CHK, 5, 12, "value-wrong-kind", "its value should be a number, not '[52]'"),
    Case("checkin-number-for-milestones", NEW_CHK, 5, 13, "value-wrong-kind",
         "'redesign' is a key result of kind milestones; its value should be a list of the milestones done, not '1.5'"),
    Case("checkin-bad-boolean", "2026-Q3/platform/checkins/2026-09-20.md", 5, 9, "value-wrong-kind",
         "'soc2' is a key result of kind boolean; its value should be true or false, not 'maybe'"),
    Case("checkin-ambiguous-comma", NEW_CHK, 5, 12, "ambiguous-comma",
         "'1,5' is ambiguous: a comma may be a decimal or a thousands separator"),
    Case("checkin-ambiguous-m", NEW_CHK, 5, 15, "ambiguous-m", "'5m' is ambiguous: 'm' could mean million or metres"),
    Case("checkin-unit-mismatch", NEW_CHK, 5, 12, "unit-mismatch", "'app-nps' is written in %"),
    Case("checkin-not-finite", NEW_CHK, 5, 12, "not-finite", "is not a finite number"),
    Case("checkin-scientific-notation", NEW_CHK, 5, 12, "not-a-number", "'5e1' is not a number"),
    Case("checkin-unknown-milestone", NEW_CHK, 5, 14, "unknown-milestone",
         "'Research dne' is not a milestone of 'redesign'. Hint: Did you mean 'Research done'?"),
    Case("checkin-bad-confidence", CHK, 4, 13, "bad-confidence", "confidence '1.5' is outside 0..1"),
    Case("checkin-impossible-date", "2026-Q4/mobile/checkins/2026-11-30.md", 2, 10, "bad-date",
         "'2026-11-31' is not a date (checkin)"),
    Case("action-bad-due", CHK, 14, 1, "bad-date", "'2026-11-31' is not a date (due)"),
    Case("action-without-owner", CHK, 14, 1, "action-without-owner",
         "the action 'ship the permission prompt, due 2026-11-27' has no owner. Hint: Name one with @person.",
         severity="warning"),
    # Reading files: encodings, front-matter, YAML.
    Case("yaml-malformed", Q3, 6, 31, "yaml-syntax", "malformed YAML: mapping values are not allowed"),
    Case("yaml-bad-indentation", Q3, 8, 4, "yaml-syntax", "malformed YAML"),
    Case("unclosed-front-matter", Q3, 1, 1, "unclosed-front-matter",
         "the front-matter starts with '---' but never ends"),
    Case("not-utf8", Q3, 2, 13, "not-utf8", "the file is not UTF-8 text (byte 0xf6)"),
    Case("not-utf8-after-multibyte", Q3, 2, 21, "not-utf8", "the file is not UTF-8 text (byte 0xf6)"),
    Case("empty-file", NOTES, 1, 1, "empty-file", "the file is empty"),
    Case("blank-file", NOTES, 1, 1, "empty-file", "the file is empty"),
    Case("front-matter-list", NOTES, 2, 1, "front-matter-not-mapping", "the front-matter must be 'key: value' lines"),
    Case("stray-yaml", "2026-Q4/mobile/joyful-app.yml", 1, 1, "stray-yaml",
         "'joyful-app.yml' is neither an objective, a check-in nor a page"),
    Case("unknown-file-kind", NOTES, 2, 1, "unknown-file-kind",
         "its front-matter has 'objectve'. Hint: Did you mean 'objective'?"),
    Case("two-kinds", Q3, 4, 1, "two-kinds", "the front-matter has both 'objective' and 'checkin'"),
    Case("path-uppercase", "2026-Q3/mobile/Faster-Onboarding.md", 1, 1, "bad-path",
         "the path part 'Faster-Onboarding' cannot be an id (lowercase letters, digits, '-' and '_'). "
         "Hint: Rename it to 'faster-onboarding'"),
    Case("path-space", "2026-Q3/mobile/faster onboarding.md", 1, 1, "bad-path",
         "the path part 'faster onboarding' cannot be an id (lowercase letters, digits, '-' and '_'). "
         "Hint: Rename it to 'faster-onboarding'"),
    Case("yaml-alias-bomb", Q3, 2, 1, "yaml-too-large", "the YAML expands to more than 200000 values"),
    Case("yaml-too-deep", Q3, 2, 1, "yaml-too-deep", "the YAML nests deeper than 64 levels"),
    # Dates and the rules of an objective.
    Case("due-not-a-date", OBJ, 17, 10, "bad-date", "'end of November' is not a date (due)"),
    Case("due-impossible-date", Q3, 9, 10, "bad-date", "'2026-09-31' is not a date (due)"),
    Case("due-outside-cycle", OBJ, 17, 10, "due-outside-cycle",
         "the due date 2027-01-15 is outside the cycle 2026-Q4 (2026-10-01 to 2026-12-31)"),
    Case("grade-without-reason", Q3, 5, 10, "grade-needs-reason",
         "a grade in the retrospective overrides the computed one and needs a reason"),
    Case("kind-contradicts-values", Q3, 7, 11, "kind-contradicts-values", "go the other way"),
    Case("maintain-unreadable", Q3, 7, 15, "bad-maintain", "'99.5 %' is not a threshold to maintain"),
    Case("milestones-empty", Q3, 11, 17, "milestones-empty", "a milestones key result needs a list of milestones"),
    Case("kr-scientific-notation", Q3, 7, 12, "not-a-number", "'1e3' is not a number"),
    # YAML that is not text, and line breaks only YAML sees (U+2028, U+0085) before an error.
    Case("objective-binary-title", Q3, 2, 12, "yaml-syntax", "malformed YAML: okrsite reads no binary values"),
    Case("objective-set-owner", Q3, 3, 8, "yaml-syntax", "malformed YAML: okrsite reads no set values"),
    Case("line-separators-in-titles", Q3, 8, 5, "unknown-key", "unknown key 'targt' in a key result"),
    # Values beyond the finite range (charts, sums and okrs.json would break).
    Case("kr-target-huge-integer", Q3, 8, 13, "too-large",
         "'11111111111111111111...11111111 (400 characters)' is larger than okrsite counts (at most "
         "1,000,000,000,000,000 either way)"),
    Case("kr-start-huge-magnitude", Q3, 7, 12, "too-large", "'2000000 bn' is larger than okrsite counts"),
    Case("kr-start-minus-max-float", Q3, 15, 12, "too-large", "'-1e+308' is larger than okrsite counts"),
    Case("checkin-value-huge-integer", NEW_CHK, 5, 12, "too-large", "(400 characters)' is larger than okrsite counts"),
    Case("checkin-value-near-max-float", NEW_CHK, 5, 12, "too-large", "'1.7e+308' is larger than okrsite counts"),
    Case("currency-needs-code", Q3, 11, 11, "currency-needs-code", "a currency key result needs a currency code"),
    # Where files land in the site (okrsite/paths.py): no two in one place, none where okrsite writes.
    Case("page-same-address", "guide/okrs/index.md", 1, 1, "same-address",
         "the page would get the address /guide/okrs/, which another file gets too. Hint: It is guide/okrs.md"),
    Case("page-same-address-case", "guide/intro.md", 1, 1, "same-address",
         "the address /guide/intro/, which another file gets too. Hint: It is guide/Intro.md: rename or move one"),
    Case("page-at-generated-place", "teams/mobile.md", 1, 1, "generated-place",
         "'teams/mobile.md' is where okrsite puts pages of its own. Hint: Move it to a folder of its own"),
    Case("page-readme-top", "README.md", 1, 1, "generated-place", "'README.md' is where okrsite puts pages"),
    Case("page-unportable-name", "guide/CON.md", 1, 1, "unportable-name",
         "the name 'CON.md' cannot be checked out on every computer. Hint: Rename it"),
    Case("objective-reserved-name", "2026-Q3/mobile/aux.md", 1, 1, "unportable-name",
         "the name 'aux.md' cannot be checked out on every computer"),
    Case("team-reserved-id", "okrsite.yml", 11, 8, "reserved-id", "'con' cannot be an id"),
    Case("person-index-id", "okrsite.yml", 8, 10, "reserved-id", "'index' cannot be an id"),
    Case("include-confidential-not-boolean", "okrsite.yml", 13, 25, "wrong-type",
         "'include_confidential' in defaults should be true or false, not text"),
    # A moved or renamed key result's history (moved_from)
    Case("kr-moved-from-unused", OBJ, 18, 17, "moved-from-unused",
         "no check-in names '2026-Q4/mobile/onboarding#redesign-v1'"),
    Case("kr-moved-from-twice", OBJ, 12, 17, "moved-from-twice",
         "two key results claim the history of '#old-nps'; 2026-Q4/mobile/joyful-app#nps claims it too"),
]


def corpus_entry(case: Case) -> Path:
    folder = CORPUS / case.name
    if folder.is_dir():
        return folder
    return CORPUS / (case.name + Path(case.path).suffix)


def install(project, case: Case) -> None:
    """Write the case's broken file (or tree) into the base project."""
    entry = corpus_entry(case)
    if entry.is_dir():
        for path in sorted(entry.rglob("*")):
            if path.is_file():
                project.write(path.relative_to(entry).as_posix(), path.read_bytes())
        assert (project.content / case.path).is_file(), f"{case.name}: {case.path} is not in its corpus folder"
    else:
        project.write(case.path, entry.read_bytes())


def listing(diagnostics) -> str:
    return "\n".join(str(d) for d in diagnostics) or "(no diagnostics)"


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OKRSITE_TODAY"}
    return subprocess.run(
        [sys.executable, "-m", "okrsite", "check", "--content", "content", "--today", TODAY, *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr, result.stdout + result.stderr


# --- the corpus is complete and consistent ------------------------------------------------------------------------


def test_corpus_has_enough_distinct_cases():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 30
    assert len({case.code for case in CASES}) >= 30


def test_every_corpus_entry_has_a_case():
    entries = {path.name if path.is_dir() else path.stem for path in CORPUS.iterdir() if path.name != "README.md"}
    assert entries == {case.name for case in CASES}
    for case in CASES:
        assert corpus_entry(case).exists(), case.name


# --- each case, in-process ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_reports_exactly_the_expected_problem(project, monkeypatch, case):
    monkeypatch.chdir(project.root)  # paths are shown relative to where the user stands: content/...
    install(project, case)
    _, report = project.check()
    where = (f"content/{case.path}", case.line, case.col)
    found = [d for d in report.diagnostics if d.code == case.code]
    assert found, f"no {case.code} at all; got:\n{listing(report.diagnostics)}"
    at = [d for d in found if (d.location.path, d.location.line, d.location.col) == where]
    assert at, f"{case.code} expected at {':'.join(map(str, where))}; got:\n{listing(report.diagnostics)}"
    diagnostic = at[0]
    assert diagnostic.severity == case.severity
    assert case.text in str(diagnostic), str(diagnostic)
    assert report.diagnostics == [diagnostic], f"expected only one problem; got:\n{listing(report.diagnostics)}"


# --- every case, through the real command line, in one process ------------------------------------------------

# One `python` process runs the command line's own entry point over every case, each in its own folder, and
# says per case what a user would have seen: the exit code, stdout and stderr. An exception escaping the
# command line is written into that case's stderr as the traceback Python would print. (One process instead
# of one per case: spawning ~80 interpreters cost half a minute and proved nothing more.)
DRIVER = """
import contextlib, io, json, os, sys, traceback
from okrsite.cli import main

results = {}
for name, folder in json.loads(sys.stdin.read()).items():
    os.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["check", "--content", "content", "--today", sys.argv[1]])
        except SystemExit as exit:
            code = exit.code
        except BaseException:
            traceback.print_exc()
            code = None
    results[name] = {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
json.dump(results, sys.stdout)
"""


def test_command_line_reports_each_problem_with_its_exit_code(tmp_path):
    from conftest import Project

    folders = {}
    for case in CASES:
        project = Project(tmp_path / case.name)
        install(project, case)
        folders[case.name] = str(project.root)
    env = {k: v for k, v in os.environ.items() if k != "OKRSITE_TODAY"}
    done = subprocess.run([sys.executable, "-c", DRIVER, TODAY], input=json.dumps(folders), capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    wrong = []
    for case in CASES:
        result = results[case.name]
        seen = f"{case.name}: exit {result['code']}\n{result['stdout']}{result['stderr']}"
        if "Traceback" in result["stdout"] + result["stderr"]:
            wrong.append(seen)
            continue
        prefix = f"content/{case.path}:{case.line}:{case.col}: {case.severity}:"
        lines = [line for line in result["stdout"].splitlines() if line.startswith(prefix)]
        if not lines or case.text not in lines[0] or result["code"] != (1 if case.severity == "error" else 0):
            wrong.append(seen)
    assert not wrong, "\n\n".join(wrong)


# --- the command line as a whole ----------------------------------------------------------------------------------


def test_base_project_is_clean(project, monkeypatch):
    monkeypatch.chdir(project.root)
    _, report = project.check()
    assert report.diagnostics == [], listing(report.diagnostics)
    result = run_cli(project.root)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


CASE = {case.name: case for case in CASES}


def test_all_problems_are_reported_at_once(project, monkeypatch):
    monkeypatch.chdir(project.root)
    broken = [CASE["kr-unknown-key"], CASE["checkin-unknown-kr"], CASE["empty-file"]]
    for case in broken:
        install(project, case)
    _, report = project.check()
    got = sorted((d.location.path, d.location.line, d.location.col, d.code) for d in report.diagnostics)
    want = sorted((f"content/{c.path}", c.line, c.col, c.code) for c in broken)
    assert got == want, listing(report.diagnostics)

    result = run_cli(project.root)
    assert_no_traceback(result)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    for case in broken:
        assert any(line.startswith(f"content/{case.path}:{case.line}:{case.col}: error:") for line in lines)
    assert "3 errors, 0 warnings" in result.stderr


def test_json_format(project):
    case = CASE["kr-unknown-key"]
    install(project, case)
    result = run_cli(project.root, "--format", "json")
    assert_no_traceback(result)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    [row] = data["diagnostics"]
    assert row == {
        "path": f"content/{case.path}",
        "line": case.line,
        "col": case.col,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'ownr' in a key result",
        "hint": "Did you mean 'owner'?",
    }


def test_json_format_of_a_clean_project(project):
    result = run_cli(project.root, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"version": 1, "diagnostics": []}


def test_github_format(project):
    case = CASE["aligns-to-unknown"]
    install(project, case)
    result = run_cli(project.root, "--format", "github")
    assert_no_traceback(result)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"::error file=content/{case.path},line={case.line},col={case.col},title=okrsite ")
    assert line.endswith("::'company/delite' is not an objective. Did you mean 'company/delight'?")


def test_github_format_escapes_percent(project):
    case = CASE["checkin-unit-mismatch"]
    install(project, case)
    result = run_cli(project.root, "--format", "github")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"::error file=content/{case.path},line={case.line},col={case.col},")
    assert "written in %25" in line


def test_strict_fails_on_a_warning(project):
    install(project, CASE["action-without-owner"])
    relaxed = run_cli(project.root)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert ": warning: the action" in relaxed.stdout
    strict = run_cli(project.root, "--strict")
    assert_no_traceback(strict)
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert ": warning: the action" in strict.stdout


@pytest.mark.parametrize("args", [("--today", "2026-13-45"), ("--today", "tomorrow")])
def test_bad_today_is_a_usage_error(project, args):
    result = subprocess.run(
        [sys.executable, "-m", "okrsite", "check", "--content", "content", *args],
        cwd=project.root, capture_output=True, text=True, timeout=60,
    )
    assert_no_traceback(result)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--today must be a date as YYYY-MM-DD" in result.stderr


def test_missing_content_folder_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "okrsite", "check", "--content", "nowhere", "--today", TODAY],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert_no_traceback(result)
    assert result.returncode == 2
    assert "no content folder" in result.stderr
