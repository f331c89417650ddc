"""`okrsite init`: a company's OKR repository, ready to commit, from the starter templates in the package.

The starter templates are `okrsite/starter/`: the files every company gets
(`files/`), and per language the words they use (`<language>/words.yml`),
the repository's README and the employees' guide (`<language>/guide/`).
Nothing here writes over a file that is there already.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from . import __version__
from .authoring.files import write_new
from .routes import CONTENT_SCHEMAS

LANGUAGES = ("en", "sv")
FORGES = ("github", "gitlab", "none")

# Where okrsite's source is published: the pre-commit hook is fetched from here at the release's tag.
OKRSITE_REPOSITORY = "https://github.com/okrsite/okrsite"

# Written for every company: (where in the company's repository, starter template).
ORGANISATION_SCHEMA = CONTENT_SCHEMAS[0]
COMMON = (
    ("mkdocs.yml", "files/mkdocs.yml"),
    ("content/okrsite.yml", "files/okrsite.yml"),
    ("requirements.txt", "files/requirements.txt"),
    (".gitignore", "files/gitignore"),
    (".pre-commit-config.yaml", "files/pre-commit-config.yaml"),
    ("README.md", "{language}/README.md"),
)
PIPELINES = {
    "github": ((".github/workflows/okrs.yml", "files/github-workflow.yml"),),
    "gitlab": ((".gitlab-ci.yml", "files/gitlab-ci.yml"),),
    "none": (),
}


@dataclass
class Answers:
    company: str = "Example AB"
    language: str = "en"
    ci: str = "github"
    fiscal_year_start: int = 1  # the month the fiscal year starts
    repo_url: str | None = None


def quarter(day: dt.date, fiscal_year_start: int = 1) -> str:
    """The quarter running on `day`: 2026-Q4 in calendar years, FY27-Q3 when the fiscal year starts in April."""
    months = (day.month - fiscal_year_start) % 12
    if fiscal_year_start == 1:
        return f"{day.year}-Q{months // 3 + 1}"
    ends_in = day.year + (1 if day.month >= fiscal_year_start else 0)  # a fiscal year is named by its last year
    return f"FY{ends_in % 100:02d}-Q{months // 3 + 1}"


def next_quarter(day: dt.date, fiscal_year_start: int = 1) -> str:
    later = dt.date(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1)
    return quarter(later, fiscal_year_start)


def starter_files(answers: Answers, today: dt.date) -> dict[str, str]:
    """Every file `init` writes, by its path in the company's repository."""
    from .authoring.templates import starter_environment  # Jinja, here: every command's parser names init's choices
    from .export import schema_text

    env = starter_environment()
    words_file = resources.files("okrsite") / "starter" / answers.language / "words.yml"
    words = yaml.safe_load(words_file.read_text(encoding="utf-8"))
    context = {
        "company": answers.company, "language": answers.language, "ci": answers.ci,
        "fiscal_year_start": answers.fiscal_year_start, "repo_url": answers.repo_url,
        "cycles": [quarter(today, answers.fiscal_year_start), next_quarter(today, answers.fiscal_year_start)],
        "version": __version__, "okrsite_repository": OKRSITE_REPOSITORY,
        "w": {key: text.format(company=answers.company) for key, text in words.items()},
    }
    guide = f"{answers.language}/guide/"
    templates = [*COMMON, *PIPELINES[answers.ci]] + [
        (f"content/guide/{name[len(guide):]}", name) for name in env.list_templates() if name.startswith(guide)]
    files = {path: env.get_template(name.format(language=answers.language)).render(context)
             for path, name in templates}
    # Editors with the YAML language server (VS Code's YAML extension) check okrsite.yml as it is typed.
    files[f".vscode/{ORGANISATION_SCHEMA}"] = schema_text(ORGANISATION_SCHEMA)
    files[".vscode/settings.json"] = json.dumps(
        {"yaml.schemas": {f"./.vscode/{ORGANISATION_SCHEMA}": ["content/okrsite.yml"]}}, indent=2) + "\n"
    return files


def write_files(folder: Path, files: dict[str, str]) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """Write each file that is not there yet; returns (written, left alone, could not write with why)."""
    written: list[Path] = []
    left: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for relative, text in files.items():
        path = folder / relative
        try:
            (written if write_new(path, text) else left).append(path)
        except OSError as error:  # a file where a folder must go, a folder we may not write in
            failed.append((path, error.strerror or str(error)))
    return written, left, failed
