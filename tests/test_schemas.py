"""The JSON Schemas for what people write (okrsite.yml, objective and check-in front-matter), shipped in
the package for editors (issue 14): every demo file passes them, and a sample of the broken-file corpus
fails them, as `okrsite check` does."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import DEMO

CORPUS = Path(__file__).resolve().parent / "corpus"
SCHEMAS = ("okrsite.yml", "objective", "checkin")


def _schema(name: str) -> dict:
    return json.loads(resources.files("okrsite").joinpath("schema", f"{name}.schema.json").read_text("utf-8"))


def _plain(value):
    """As an editor's YAML language server sees it: dates are text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _front_matter(text: str):
    return _plain(yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---")))


def _problems(kind: str, data) -> list[str]:
    return [error.message for error in jsonschema.Draft202012Validator(_schema(kind)).iter_errors(data)]


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(_schema(name))


def test_every_demo_file_passes_its_schema():
    checked = dict.fromkeys(SCHEMAS, 0)
    for path in sorted(DEMO.rglob("*")):
        if path.name == "okrsite.yml":
            kind, data = "okrsite.yml", _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---"):
            data = _front_matter(path.read_text(encoding="utf-8"))
            kind = "checkin" if "checkin" in data else "objective" if "objective" in data else None
            if kind is None:
                continue  # a page
        else:
            continue
        assert _problems(kind, data) == [], path
        checked[kind] += 1
    assert checked["okrsite.yml"] == 1 and checked["objective"] > 20 and checked["checkin"] > 40, checked


@pytest.mark.parametrize("case, kind, problem", [
    ("checkin-unknown-key.md", "checkin", "'confidense' was unexpected"),
    ("checkin-value-unknown-key.md", "checkin", "is not valid under any of the given schemas"),
    ("checkin-missing-date.md", "checkin", "None is not of type 'string'"),
    ("include-confidential-not-boolean.yml", "okrsite.yml", "'counted' is not of type 'boolean'"),
    ("kr-missing-id.md", "objective", "'id' is a required property"),
    ("kr-missing-title.md", "objective", "'title' is a required property"),
    ("kr-unknown-key-target.md", "objective", "'targt' was unexpected"),
    ("kr-unknown-key.md", "objective", "'ownr' was unexpected"),
    ("objective-unknown-key.md", "objective", "'visiblity' was unexpected"),
    ("visibility-bad-choice.md", "objective", "'confidental' is not one of"),
    ("front-matter-list.md", "objective", "is not of type 'object'"),
    ("due-not-a-date.md", "objective", "'end of November' does not match"),
])
def test_broken_files_of_the_corpus_fail_their_schema(case, kind, problem):
    text = (CORPUS / case).read_text(encoding="utf-8")
    data = _plain(yaml.safe_load(text)) if case.endswith(".yml") else _front_matter(text)
    problems = _problems(kind, data)
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.mark.parametrize("language", ["en", "sv"])
def test_init_maps_the_schema_for_the_editor_and_writes_an_okrsite_yml_that_passes_it(language):
    from okrsite.init import Answers, starter_files

    files = starter_files(Answers(company="Fjällbruk AB", language=language, ci="none"), dt.date(2026, 12, 3))
    settings = json.loads(files[".vscode/settings.json"])
    assert settings == {"yaml.schemas": {"./.vscode/okrsite.yml.schema.json": ["content/okrsite.yml"]}}
    assert json.loads(files[".vscode/okrsite.yml.schema.json"]) == _schema("okrsite.yml")
    assert _problems("okrsite.yml", _plain(yaml.safe_load(files["content/okrsite.yml"]))) == []


def test_the_site_publishes_the_schemas(demo_site):
    for name in SCHEMAS:
        assert json.loads((demo_site / f"{name}.schema.json").read_text(encoding="utf-8")) == _schema(name)
