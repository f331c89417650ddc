"""The command line as a user runs it."""

import subprocess
import sys

from okrsite.cli import main


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "okrsite", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    assert "check" in result.stdout and "summary" in result.stdout


def test_no_subcommand_is_a_usage_error():
    assert run().returncode == 2


def test_summary_prints_the_roll_up_of_the_running_cycle(project, capsys):
    assert main(["summary", "--content", str(project.content), "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    # 2026-11-26 is 56 of the 91 days from 1 Oct to 31 Dec: 56 / 91 = 0.615.
    assert "Testbolaget AB: 2026-Q4 (2026-10-01 to 2026-12-31)" in out
    assert "62 % of the cycle elapsed, 35 days left" in out
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines() if line.strip()}
    # Company: NPS (48-40)/(60-40) = 0.40, churn (4.2-5)/(3-5) = 0.40; mean 0.40.
    assert "40 %" in lines["Testbolaget AB"]
    # Mobile: (52-42)/28 = 0.357, (1150-1200)/(1020-1200) = 0.278, 1 of 2 milestones = 0.5;
    # mean 0.378, below 0.75 x 0.615 = 0.46: off track.
    assert "38 %" in lines["Mobile"] and "off track" in lines["Mobile"]
    assert "uninstalls: 1,150 / 1,020" in out


def test_summary_of_a_named_cycle_and_today_from_the_environment(project):
    env = {"OKRSITE_TODAY": "2027-01-15", "PATH": ""}
    result = run("summary", "--content", str(project.content), "--cycle", "2026-Q4", env=env)
    assert result.returncode == 0, result.stderr
    assert "finished on 2026-12-31" in result.stdout
    # Grades appear once the cycle has ended: the company's is its progress, 0.4.
    company_line = next(line for line in result.stdout.splitlines() if line.startswith("Testbolaget AB "))
    assert company_line.rstrip().endswith("0.4 progress")


def test_bad_today_is_a_usage_error(project):
    result = run("summary", "--content", str(project.content), "--today", "26/11/2026")
    assert result.returncode == 2
    assert "--today must be a date as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_cycle_is_a_usage_error(project):
    result = run("summary", "--content", str(project.content), "--cycle", "2031-Q1", "--today", "2026-11-26")
    assert result.returncode == 2
    assert "unknown cycle '2031-Q1'" in result.stderr


def test_summary_refuses_broken_content_with_the_check_messages(project):
    project.edit("2026-Q4/mobile/joyful-app.md", "target: 70", "tagret: 70")
    result = run("summary", "--content", str(project.content), "--today", "2026-11-26")
    assert result.returncode == 1
    assert "joyful-app.md:9:5: error: unknown key 'tagret' in a key result. Hint: Did you mean 'target'?" in result.stderr


def test_missing_content_folder_is_a_usage_error(tmp_path):
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no content folder" in result.stderr


def test_check_loads_no_template_or_chart_library(project):
    """A check in CI or a pre-commit hook pays for what it reads, not for the site's machinery:
    Jinja, matplotlib, MkDocs and Python-Markdown stay unloaded, from the parser that names every command on, and
    so does what starts worker processes, for a tree this small."""
    code = (
        "import sys; from okrsite.cli import main; "
        f"code = main(['check', '--content', {str(project.content)!r}, '--today', '2026-11-26']); "
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'matplotlib', 'mkdocs', 'material', "
        "'multiprocessing', 'concurrent', 'markdown'}); "
        "print(code, loaded)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr
    assert "files checked" in result.stderr
