"""`okrsite init`: what a new company gets, in-process and fast (tests/browser/test_adoption.py runs it from a wheel).

A hurried person runs it twice, in a folder that has a README already,
presses Enter at every question or types a wrong answer; none of that may
lose a file or leave a repository that does not check clean.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import setuptools
import tomllib
import yaml

import okrsite
from conftest import ROOT
from okrsite.cli import main
from okrsite.init import Answers, next_quarter, quarter, starter_files
from okrsite.load.organisation import cycle_dates

TODAY = "2026-12-03"
STARTER = ROOT / "okrsite" / "starter"
COMMON = {"mkdocs.yml", "content/okrsite.yml", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
          ".vscode/settings.json", ".vscode/okrsite.yml.schema.json",
          "README.md"}


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO()))  # not a tty: nothing is asked


def init(folder: Path, *options: str) -> int:
    return main(["init", str(folder), "--today", TODAY, *options])


def written(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_without_a_terminal_it_takes_the_defaults(tmp_path, no_terminal, capsys):
    assert init(tmp_path / "okrs") == 0
    folder = tmp_path / "okrs"
    guide = {f"content/guide/{name}" for name in
             ("index.md", "checking-in.md", "proposing-an-objective.md", "grading.md")}
    assert written(folder) == COMMON | guide | {".github/workflows/okrs.yml"}
    organisation = yaml.safe_load((folder / "content/okrsite.yml").read_text(encoding="utf-8"))
    assert organisation["company"] == "Example AB" and organisation["fiscal_year_start"] == 1
    assert organisation["cycles"] == ["2026-Q4", "2027-Q1"]  # the one running today and the next
    assert list(organisation["teams"]) == ["first-team"]
    mkdocs = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == "Example AB OKRs" and mkdocs["theme"]["language"] == "en"
    assert "repo_url" not in mkdocs and "custom_dir" not in mkdocs["theme"]
    assert mkdocs["plugins"] == ["search", "okrsite"]
    assert capsys.readouterr().out.count("wrote ") == len(written(folder))


def test_every_setting_is_there_commented_with_its_default(tmp_path, no_terminal):
    from okrsite.load.organisation import LINT_KEYS
    from okrsite.model import Defaults

    init(tmp_path)
    text = (tmp_path / "content/okrsite.yml").read_text(encoding="utf-8")
    assert "\ndefaults:" not in text  # all commented: the defaults are the code's
    commented = dict(re.findall(r"^#\s+(\w+): (\S+)", text, re.MULTILINE))
    defaults = Defaults()
    for name in ("on_track", "at_risk", "stale_after_days", "confidence_scale", "confidence_at_risk",
                 "confidence_off_track", "company_progress"):
        assert commented[name] == str(getattr(defaults, name)), name
    assert commented["include_confidential"] == "true"
    for name in LINT_KEYS:
        value = getattr(defaults.lints, name)
        assert commented[name] == (str(value).lower() if isinstance(value, bool) else str(value)), name


def test_it_never_overwrites_and_says_what_it_left_alone(tmp_path, no_terminal, capsys):
    (tmp_path / "README.md").write_text("Our own readme\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/okrsite.yml").write_text("company: Ours\n", encoding="utf-8")
    assert init(tmp_path) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "Our own readme\n"
    assert (tmp_path / "content/okrsite.yml").read_text(encoding="utf-8") == "company: Ours\n"
    out, err = capsys.readouterr()
    assert "README.md is there already: left alone" in err
    assert "okrsite.yml is there already: left alone" in err
    assert "wrote" in out and "README.md" not in out and (tmp_path / "mkdocs.yml").is_file()

    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert init(tmp_path, "--company", "Someone Else") == 0  # again: every file is there now
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
    out, err = capsys.readouterr()
    assert "wrote" not in out and err.count("left alone") == len(before)


def test_in_a_terminal_it_asks_for_what_is_missing(tmp_path, monkeypatch, capsys):
    stdin = io.StringIO()
    stdin.isatty = lambda: True
    monkeypatch.setattr("sys.stdin", stdin)
    answers = iter(["Fjällräv AB", "fr", "sv", "", "4"])  # a wrong language asks again; Enter keeps github
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or next(answers))
    assert init(tmp_path, "--repo-url", "https://git.example/fjallrav/okrs") == 0
    assert len(asked) == 5 and not any("address" in prompt for prompt in asked)  # --repo-url was given
    assert "choose one of: en, sv" in capsys.readouterr().err
    organisation = yaml.safe_load((tmp_path / "content/okrsite.yml").read_text(encoding="utf-8"))
    assert organisation["company"] == "Fjällräv AB" and organisation["fiscal_year_start"] == 4
    assert organisation["cycles"] == ["FY27-Q3", "FY27-Q4"]  # April's fiscal year: December is in its third quarter
    mkdocs = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["repo_url"] == "https://git.example/fjallrav/okrs" and mkdocs["theme"]["language"] == "sv"
    assert (tmp_path / ".github/workflows/okrs.yml").is_file()


def test_a_swedish_company_reads_swedish(tmp_path, no_terminal):
    init(tmp_path, "--company", "Åkesson & Söner AB", "--language", "sv", "--ci", "gitlab")
    assert (tmp_path / ".gitlab-ci.yml").is_file() and not (tmp_path / ".github").exists()
    mkdocs = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == "OKR:er – Åkesson & Söner AB"
    assert mkdocs["site_description"] == "Vad Åkesson & Söner AB försöker åstadkomma, och hur det går."
    guide = sorted(path.name for path in (tmp_path / "content/guide").iterdir())
    assert guide == ["avstamning.md", "betyg.md", "foresla-ett-mal.md", "index.md"]
    for path in (tmp_path / "content/guide").iterdir():
        text = path.read_text(encoding="utf-8")
        assert " the " not in text and " och " in text, path.name
    assert "GitLab" in (tmp_path / "content/guide/avstamning.md").read_text(encoding="utf-8")
    for name in (".gitlab-ci.yml", "README.md", "requirements.txt", ".gitignore", ".pre-commit-config.yaml"):
        comments = " ".join(re.findall(r"#\s+(.*)", (tmp_path / name).read_text(encoding="utf-8")))
        assert " the " not in comments, name


def test_every_word_of_the_starter_files_comes_in_english_and_swedish():
    english = yaml.safe_load((STARTER / "en/words.yml").read_text(encoding="utf-8"))
    swedish = yaml.safe_load((STARTER / "sv/words.yml").read_text(encoding="utf-8"))
    assert english.keys() == swedish.keys()
    assert not [key for key in english if english[key] == swedish[key]]
    used = set()
    for template in STARTER.rglob("*"):
        if template.is_file():
            used |= set(re.findall(r"\bw\.(\w+)", template.read_text(encoding="utf-8")))
    assert used == set(english)  # no word missing, none left over
    assert len(list((STARTER / "en/guide").iterdir())) == len(list((STARTER / "sv/guide").iterdir()))


@pytest.mark.parametrize("start", range(1, 13))
def test_the_cycles_are_the_quarter_running_today_and_the_next(start):
    day = dt.date(2025, 1, 1)
    while day < dt.date(2027, 1, 1):
        first, last, _ = cycle_dates(quarter(day, start), start)
        assert first <= day <= last, (day, start)
        assert cycle_dates(next_quarter(day, start), start)[0] == last + dt.timedelta(days=1)
        day += dt.timedelta(days=5)


def test_the_pipelines_install_the_pinned_release_and_run_every_job(tmp_path):
    github = starter_files(Answers(ci="github"), dt.date(2026, 12, 3))
    gitlab = starter_files(Answers(ci="gitlab"), dt.date(2026, 12, 3))
    assert github["requirements.txt"].splitlines()[-1] == f"okrsite=={okrsite.__version__}"
    assert f"rev: v{okrsite.__version__}" in github[".pre-commit-config.yaml"]
    assert "id: okrsite-check" in github[".pre-commit-config.yaml"]
    for pipeline in (github[".github/workflows/okrs.yml"], gitlab[".gitlab-ci.yml"]):
        assert "pip install ." not in pipeline and "pip install -r requirements.txt" in pipeline
        for command in ("okrsite check", "okrsite diff", "okrsite build --strict", "okrsite digest",
                        "OKR_DIGEST_WEBHOOK"):
            assert command in pipeline, command
    workflow = yaml.load(github[".github/workflows/okrs.yml"], Loader=yaml.BaseLoader)
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["17 4 * * *"]  # the digest is off
    assert "secrets.OKR_DIGEST_WEBHOOK" in github[".github/workflows/okrs.yml"]


def test_what_it_writes_checks_and_builds_strictly_in_a_fiscal_year(tmp_path, no_terminal, monkeypatch, capsys):
    init(tmp_path, "--company", "Fjäll AB", "--language", "sv", "--fiscal-year-start", "7", "--ci", "none")
    assert main(["check", "--strict", "--content", str(tmp_path / "content"), "--today", TODAY]) == 0
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert main(["build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "--today", TODAY]) == 0
    page = (tmp_path / "site/guide/betyg/index.html").read_text(encoding="utf-8")
    assert "Så fungerar betyg" in page and "OKR:er – Fjäll AB" in page
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "assets/okrsite.css" in home and "assets/okrsite.js" in home
    tabs = [re.sub(r"<[^>]+>|\s+", " ", tab).strip() for tab in re.findall(r'class="md-tabs__link">(.*?)</a>', home, re.S)]
    assert tabs[-1] == "Guide" and "Så fungerar betyg" not in tabs  # the guide is one section, not four tabs
    assert str(ROOT) not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                    for p in tmp_path.rglob("*") if p.is_file() and p.suffix in {".html", ".yml"})


def test_version():
    with pytest.raises(SystemExit) as done, pytest.MonkeyPatch.context() as patch:
        out = io.StringIO()
        patch.setattr("sys.stdout", out)
        main(["--version"])
    assert done.value.code == 0 and out.getvalue().strip() == f"okrsite {okrsite.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", okrsite.__version__)
    assert "version" not in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_wheel_lists_every_package():
    """pyproject.toml names the packages (okrsite.theme lives in theme/): a new one must be added there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(setuptools.find_packages(str(ROOT), include=["okrsite*"]))
    assert found <= set(config["packages"]), f"add {sorted(found - set(config['packages']))} to pyproject.toml"
    assert config["package-dir"] == {"okrsite.theme": "theme"}


def test_the_pre_commit_hook_init_configures_is_this_repositorys_and_passes(tmp_path, no_terminal):
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    init(tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (used,) = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    hook = hooks[used]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    program, *arguments = hook["entry"].split()
    assert program == "okrsite"
    assert main([*arguments, "--content", str(tmp_path / "content"), "--today", TODAY]) == 0


def test_a_file_where_a_folder_must_go_is_a_message_not_a_traceback(tmp_path, no_terminal, capsys):
    (tmp_path / "content").write_text("not a folder\n", encoding="utf-8")
    assert init(tmp_path, "--company", "  ") == 1  # a blank name is no name: the default
    err = capsys.readouterr().err
    assert err.count("cannot write") == 5 and "content/guide/grading.md" in err and "Traceback" not in err
    assert (tmp_path / "content").read_text(encoding="utf-8") == "not a folder\n"
    assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == "Example AB OKRs"


@pytest.mark.parametrize("language, ci, host, style", [("en", "github", "github.com", "1,234.5"),
                                                       ("sv", "gitlab", "gitlab.com", "1 234,5")])
def test_once_the_forge_address_is_filled_in_the_check_in_button_and_edit_links_work(
        tmp_path, no_terminal, monkeypatch, language, ci, host, style):
    """Without --repo-url the starter's mkdocs.yml holds the two lines commented, to fill in; its
    okrsite.yml names the number style the language gives, commented."""
    from okrsite.forge import forge_of

    init(tmp_path, "--company", "Fjäll AB", "--language", language, "--ci", ci)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nrepo_url:" not in text and "\nedit_uri:" not in text
    placeholder = f"# repo_url: https://{host}/OWNER/REPOSITORY\n"
    assert placeholder in text
    text = text.replace(placeholder, f"repo_url: https://{host}/fjall/okr\n").replace("# edit_uri:", "edit_uri:")
    config.write_text(text, encoding="utf-8")
    filled = yaml.load(text, Loader=yaml.BaseLoader)
    forge = forge_of(filled["repo_url"], filled["edit_uri"])
    assert forge is not None and (forge.kind, forge.branch, forge.docs) == (ci, "main", "content/")
    organisation = (tmp_path / "content/okrsite.yml").read_text(encoding="utf-8")
    assert f'# number_style: "{style}"' in organisation
    (tmp_path / "content/okrsite.yml").write_text(organisation.replace("# number_style:", "number_style:"),
                                                  encoding="utf-8")
    content = str(tmp_path / "content")
    assert main(["new", "objective", "--team", "first-team", "--content", content, "--today", TODAY,
                 "--title", "Kunderna märker skillnad"]) == 0
    assert main(["check", "--content", content, "--today", TODAY]) == 0
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert main(["build", "--strict", "-f", str(config), "--today", TODAY]) == 0
    team = (tmp_path / "site/teams/first-team/index.html").read_text(encoding="utf-8")
    assert "data-okr-checkin=" in team and f"https://{host}/fjall/okr/" in team
    assert ("data-okr-copy=" in team) == (ci == "gitlab")
    objective = next((tmp_path / "site").glob("20*/first-team/*/index.html")).read_text(encoding="utf-8")
    assert f"https://{host}/fjall/okr/{'-/' if ci == 'gitlab' else ''}edit/main/content/" in objective
