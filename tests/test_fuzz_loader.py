"""Fuzzing the loader: generated front-matter never makes `check()` raise.

Hypothesis writes random YAML-ish front-matter (the real keys and random
ones, every scalar type YAML has: numbers, dates, text in any script, empty
values, nested lists and mappings) and broken YAML text into an objective,
a check-in and okrsite.yml of the small test company. Whatever it writes,
`check()` either loads the company or reports diagnostics that each point
at a file, a line and a column; it never raises. Bounded so the suite stays
fast: 60 examples per file kind (each one writes a company and checks it),
the same ones every run (derandomised); OKRSITE_FUZZ_EXAMPLES=1000 runs a
longer hunt before a release.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_FILES, TODAY, Project
from okrsite.diagnostics import Report
from okrsite.load.checkin import CHECKIN_KEYS, VALUE_KEYS
from okrsite.load.objective import KEY_RESULT_KEYS, MILESTONE_KEYS, OBJECTIVE_KEYS, RETROSPECTIVE_KEYS
from okrsite.load.organisation import CYCLE_KEYS, DEFAULT_KEYS, ORGANISATION_KEYS, TEAM_KEYS
from okrsite.validate import check

REAL_KEYS = sorted(set(OBJECTIVE_KEYS + KEY_RESULT_KEYS + MILESTONE_KEYS + RETROSPECTIVE_KEYS + CHECKIN_KEYS
                       + VALUE_KEYS + ORGANISATION_KEYS + CYCLE_KEYS + DEFAULT_KEYS + TEAM_KEYS))
IDS = ["app-nps", "uninstalls", "redesign", "nps", "churn", "mobile", "platform", "company", "bjorn", "chen",
       "2026-Q4", "2026-Q3", "company/delight", "2026-Q4/company/delight#nps", "#app-nps"]

EXAMPLES = int(os.environ.get("OKRSITE_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True, database=None)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.text(max_size=30),
    st.sampled_from(IDS + ["5,000,000", "2.6M EUR", "99.9 %", "1,5", "5m", ">= 99.5 %", "0.7", "70 %", "true",
                           "2026-11-31", "yes", "done", "-4.5", "€2.6M", "1e3", "NaN", "∞", "<script>"]),
)
keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(min_size=1, max_size=12))
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
front_matter = st.dictionaries(keys, values, max_size=8)
broken_yaml = st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"%@#,?\n\t 0.9é🙂\\")), max_size=80)


def _check(project: Project) -> None:
    report = Report()
    company = check(project.content, TODAY, report)  # must not raise
    for diagnostic in report.diagnostics:
        location = diagnostic.location
        assert location.path and location.line >= 1 and location.col >= 1, diagnostic
        assert str(diagnostic)
    if company is None:
        assert report.errors


class _Fresh:
    """A new base project per example (Hypothesis runs many examples in one test call)."""

    def __enter__(self) -> Project:
        self.root = Path(tempfile.mkdtemp(prefix="okrsite-fuzz-"))
        return Project(self.root)

    def __exit__(self, *exc):
        shutil.rmtree(self.root, ignore_errors=True)


def _document(meta, kind: str | None) -> str:
    if isinstance(meta, dict) and kind is not None:
        meta = {kind: meta.pop(kind, "A generated objective" if kind == "objective" else "2026-11-21"), **meta}
    try:
        text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        text = repr(meta)
    return "---\n" + text + "---\nBody.\n"


@SETTINGS
@given(meta=front_matter, objective_key=st.booleans())
def test_objective_front_matter(meta, objective_key):
    with _Fresh() as project:
        project.write("2026-Q4/mobile/joyful-app.md", _document(meta, "objective" if objective_key else None))
        _check(project)


@SETTINGS
@given(meta=front_matter, value_map=st.dictionaries(st.sampled_from(IDS) | keys, values, max_size=5))
def test_checkin_front_matter(meta, value_map):
    meta = {**meta, "values": value_map}
    with _Fresh() as project:
        project.write("2026-Q4/mobile/checkins/2026-11-21.md", _document(meta, "checkin"))
        _check(project)


@SETTINGS
@given(meta=front_matter, keep=st.sampled_from(["company", "cycles", "people", "teams", "defaults"]))
def test_organisation(meta, keep):
    base = yaml.safe_load(BASE_FILES["okrsite.yml"])
    base[keep] = meta if keep != "company" else meta or "X"
    with _Fresh() as project:
        try:
            project.write("okrsite.yml", yaml.safe_dump(base, allow_unicode=True, sort_keys=False))
        except yaml.YAMLError:
            return
        _check(project)


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(text=broken_yaml, where=st.sampled_from(["okrsite.yml", "2026-Q4/mobile/joyful-app.md",
                                                 "2026-Q4/mobile/checkins/2026-11-20.md"]))
def test_broken_yaml_text(text, where):
    with _Fresh() as project:
        project.write(where, text if where.endswith(".yml") else "---\nobjective: x\n" + text + "\n---\n")
        _check(project)


# --- okrsite's loader reads what PyYAML reads -------------------------------------------------------
# It answers the parser's question (which tag?) its own shorter way, builds plain documents without
# PyYAML's constructor, and notes where each plain float was typed (a decimal comma's `1.500`), so
# that no file is parsed twice for it. The data, the tags and the places must stay PyYAML's.

SPELLINGS = ["", "~", "null", "NULL", "yes", "No", "on", "OFF", "y", "true", "False", "0", "-0", "017", "0o17",
             "0x1F", "0b101", "1_000", "1:30", "-1:30:00", ".5", "1.", "1.500", "+1.5", "1e3", "1.5e3", "6.85e+5",
             "1_000.5", ".inf", "-.Inf", ".NaN", "2026-01-01", "2026-1-1", "2026-01-01 10:00:00",
             "2026-01-01T10:00:00Z", "=", "<<", "a b", "'5'", '"5"', "!!str 5", "!!float 1.500", "!!int '7'",
             "1,5", "1 500", "5.0M", "99.9 %", "\u00a01.5", "4.7 # a comment"]


def _tags(node) -> list:
    if isinstance(node, yaml.ScalarNode):
        return [node.tag]
    children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else node.value
    return [node.tag, *(tag for child in children for tag in _tags(child))]


def _floats(data, path=()):
    """The key paths of every float in mappings, as `written` asks for them."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, float) and isinstance(data, dict):
            yield (*path, key)
        yield from _floats(value, (*path, key))


def _read_as_pyyaml_does(text: str) -> None:
    from okrsite.load.source import SourceFile, _Loader, parse_yaml

    try:
        expected = repr(yaml.load(text, Loader=yaml.SafeLoader))
        expected_tags = _tags(yaml.compose(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, ValueError):
        expected = expected_tags = None
    source, report = SourceFile("x.md", "x.md"), Report()
    read = parse_yaml(source, text, first_line=2, report=report)
    if expected is None:
        assert not read and report.errors
        return
    assert read and repr(source.meta) == expected
    loader = _Loader(text)
    assert _tags(loader.get_single_node()) == expected_tags
    loader.dispose()
    for path in _floats(source.meta):  # noted while parsing = found by the second parse
        assert source.value_position(*path) == source._locate(0, path), path


@pytest.mark.parametrize("spelled", SPELLINGS)
def test_a_scalar_is_read_as_pyyaml_reads_it(spelled):
    _read_as_pyyaml_does(f"value: {spelled}\nnested:\n  a: {spelled}\n  b: [{spelled}, x]\n")
    _read_as_pyyaml_does(f"flow: {{value: {spelled}, note: x}}\n")


@pytest.mark.parametrize("text", [
    "value: 1.500\nvalue: 2.5\n",  # a duplicate key: the last one is read, and its place
    "value: 1.500\nvalue: text\nother: 0.5\n",
    "values:\n  nps: 4.7\n  nps: {value: 1.500}\n",
    "2024: 1.500\n1.5: 2.5\ntrue: 0.25\n",  # keys that are not text
    "a: &x 1.500\nb: *x\n",  # an anchor: the long way
    "<<: {a: 1.5}\nb: 2.5\n",  # a merge key: the long way
    "value: 1.5\u2028other: 2.500\n",  # a line break only YAML sees
])
def test_a_document_is_read_as_pyyaml_reads_it(text):
    _read_as_pyyaml_does(text)


@SETTINGS
@given(meta=front_matter)
def test_generated_front_matter_is_read_as_pyyaml_reads_it(meta):
    _read_as_pyyaml_does(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
