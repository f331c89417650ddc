"""The quick front-matter reader (okrsite/load/quick_yaml.py) gives exactly what the YAML loader gives.

Every file is read twice, with the quick reader and with the YAML loader alone, and the two must
agree on the values (types included: 1, 1.0 and True are told apart), on where each plain float
was written, on the body, and on every message: the demo, a generated company, the check corpus,
careless hand-written front-matter with each of its careless variants, and generated YAML.
Then `okrsite check` must print the same on whole companies (decimal comma included) both ways.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from conftest import DEMO, ROOT, TODAY, Project
from okrsite.diagnostics import Report, format_text
from okrsite.load import quick_yaml
from okrsite.load.source import _Constructor, read_markdown, read_yaml
from okrsite.validate import check

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True, database=None)


@contextmanager
def loader_only():
    with mock.patch.object(quick_yaml, "parse", lambda text, construct: None):
        yield


def typed(value):
    """`value` with every scalar's type spelled out, so that 1 == 1.0 == True no longer holds."""
    if isinstance(value, dict):
        return ("dict", [(typed(key), typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def read(path: Path) -> tuple:
    report = Report()
    reader = read_yaml if path.suffix == ".yml" else read_markdown
    source = reader(path, path.name, path.name, report)
    messages = [str(diagnostic) for diagnostic in report.diagnostics]
    if source is None:
        return None, messages
    return (typed(source.meta), source._float_positions, source.body, source.body_line, messages,
            str(source.at()), str(source.at("values")))


def assert_same_both_ways(path: Path) -> bool:
    """Whether the quick reader took the file; it fails the test if the two readings differ."""
    quick = read(path)
    with loader_only():
        slow = read(path)
    assert quick == slow, path
    return quick_read(path)


def quick_read(path: Path) -> bool:
    taken = []
    real = quick_yaml.parse
    with mock.patch.object(quick_yaml, "parse", lambda text, construct: taken.append(real(text, construct))):
        read(path)
    return bool(taken) and taken[0] is not None


def content_of(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.suffix in (".md", ".yml") and path.is_file())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "content"
    generate(root, teams=6, cycles=("2026-Q3", "2026-Q4"), checkins_until=TODAY)
    return root


def test_the_demo_and_a_generated_company_read_the_same_and_mostly_the_quick_way(synthetic):
    for folder in (DEMO, synthetic):
        files = content_of(folder)
        taken = [assert_same_both_ways(path) for path in files]
        assert sum(taken) >= 0.9 * len(files), folder  # else the quick reader would be pointless


def test_the_check_corpus_reads_the_same():
    files = content_of(ROOT / "tests" / "corpus")
    assert len(files) > 50
    for path in files:
        assert_same_both_ways(path)


# Front-matter as hurried people write it; each is also tried with the careless variants below.
CARELESS = [
    "checkin: 2026-11-20\nvalues:\n  nps: 48\n  churn: 4.2 %\n",
    "checkin: 2026-11-20\n\nvalues:\n\n  nps: 48\n\n  churn: 4,2 %\n",
    "checkin: 2026-11-20   \nvalues:   \n  nps: 48   \n",
    "checkin:2026-11-20\nvalues:\n  nps: 48\n",
    "checkin: 2026-11-20\nvalues:\n  nps:48\n",
    "done: yes\nother: no\nlights: on\ndark: off\nY: y\nn: N\nup: True\ndown: FALSE\n",
    "a: 1_000\nb: .5\nc: 1e3\nd: 1.0e+3\ne: 0x10\nf: 0o17\ng: 017\nh: 0b101\ni: 1:30\nj: -0\nk: +5\nl: -.5\n",
    "a: .inf\nb: -.Inf\nc: .NaN\nd: 1.5\ne: 1.500\nf: 1,5\ng: 1 234,5\nh: 1.234,5\ni: 0.\nj: 12:30.5\n",
    "a: ~\nb: null\nc: Null\nd:\ne: ''\nf: \"\"\ng: NULL\n",
    "objective: Göra kunderna nöjda åäö ÅÄÖ\nowner: björn\nnote: Därför – “citat” och ’apostrof’ 🚀\n",
    "title: \"Answer # within an hour\"\nnote: 'it''s # fine'\nother: a#b\nlast: a # comment\n",
    "title: Why: because\n",
    "title: at 12:30 today\nurl: https://example.com/a?b=c#d\nratio: 3:2\n",
    "title: ends with colon:\n",
    "values:\n  nps: 48\n  nps: 50\n",
    "nps: 1\nnps: 2\n",
    "values: {nps: 48, churn: \"4,2 %\"}\nlist: [a, b, 'c d', \"e\"]\nempty: []\nnone: {}\n",
    "values: {nps: 48, nps: 50}\n",
    "values: {nps: {value: 1.5, note: x}, churn: [a, [b, c]]}\n",
    "values: {nps: 48,}\nx: [a, b,]\n",
    "values: {nps:48}\n",
    "values: {nps: 48\n  , churn: 3}\n",
    "list: [a,\n  b]\n",
    "aligns_to: [company/delight#nps, company/delight #nps]\n",
    "key_results:\n  - id: nps\n    title: NPS\n    start: 40\n    target: 60.5\n  - id: churn\n    start: 5 %\n",
    "key_results:\n- id: nps\n  target: 60.5\n- id: churn\n",
    "key_results:\n  -   id: nps\n      target: 1.5\n  - - 1.5\n    - b\n  -\n    id: x\n",
    "items:\n  - a\n  - 1.5\n  - 2026-11-20\n  - yes\n  -\n  - # comment\n",
    "milestones:\n  - Draft\n  - Done\n  x: 1\n",
    "a:\n  b:\n    c:\n      d: 1.5\n    e: 2\n  f: 3\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: 1\n  b: 2\n",
    "title: a long\n  title over two lines\nother: x\n",
    "title: >\n  folded\n  text\nnote: |\n  kept\n",
    "base: &base {a: 1}\nother: *base\nmerged:\n  <<: *base\n  b: 2\n",
    "date: !!str 2026-11-20\nn: !!int '5'\n",
    "due: 2026-09-31\nwhen: 2026-11-20T10:00:00Z\nday: 2026-1-5\nstamp: 2026-11-20 10:00:00\n",
    "# leading comment\ncheckin: 2026-11-20  # the date\n# between\nvalues:  # the values\n  nps: 48  # up\n",
    "  checkin: 2026-11-20\n  values:\n    nps: 48\n",
    "- a\n- b\n",
    "just text\n",
    "key with spaces: 1\nkey : 2\n\"quoted\": 3\n'single': 4\n? complex\n: 5\n",
    "2026: year\n1.5: x\ntrue: t\nnull: n\n",
    "a: \"escaped \\\" quote\"\nb: \"tab\\tin\"\nc: \"unclosed\n",
    "a: 'two\n  lines'\n",
    "a: -\nb: - x\nc: --x\nd: -5\ne: ?x\nf: :x\ng: ,x\nh: @x\ni: `x\nj: %x\n",
    "a: =\nb: <<\nc: !x\nd: |x\n",
    "a: \"x\"y\nb: 'x' # c\nc: \"x\"# c\nd: [a]b\ne: [a] # c\nf: [a]# c\n",
    "a: \u00a0x\u00a0\nb: x\u00a0#\u00a0y\nc: \u200bzero width\n",
    "a: b\n...\nc: d\n",
    "a: b\n---\nc: d\n",
    "%YAML 1.1\n",
    "a: [b, {c: d}]\n",
    "a: {b: [1.5, 2.5], c: 1.5}\n",
    "a: [-1, +1, .5, 'x']\n",
    "a: [\"a, b\", 'c, d', e f]\n",
    "k" * 1100 + ": v\n",
    "k" + " " * 1100 + ": v\n",
    "a: {k" + " " * 1100 + ": v}\n",
    "k" * 1000 + ": v\n",
    "a: \u0085next line\n",
    "a: \u2028b\n",
    "a: x\ufeffy\n",
    "a: \x07bell\n",
    "values:\n  nps: 48\n   churn: 3\n",
    "values:\n  nps: 48\n churn: 3\n",
    "a:\n- b\nc: d\n",
    "a:\n  - b\n  c: d\n",
    "a:\n  - b: 1\n    c: 1.5\n  - d\n",
]


def careless_variants(front_matter: str) -> list[bytes]:
    """The file as written, with CRLF, a BOM, trailing spaces and tabs, a blank line around it."""
    text = f"---\n{front_matter}---\nBody text.\n"
    return [
        text.encode(),
        text.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + text.encode(),
        text.replace("\n", "  \n").encode(),
        text.replace("  ", "\t").encode(),
        text.replace(": ", ":\t", 1).encode(),
        text.replace("---\n", "---\n\n", 1).encode(),
        f"---\n{front_matter}\n---\nBody text.\n".encode(),
        text.replace("\n", "\r").encode(),
    ]


@pytest.mark.parametrize("front_matter", CARELESS)
def test_careless_front_matter_reads_the_same(tmp_path, front_matter):
    path = tmp_path / "file.md"
    for data in careless_variants(front_matter):
        path.write_bytes(data)
        assert_same_both_ways(path)


def test_the_quick_reader_takes_the_usual_shapes_and_leaves_the_unusual(tmp_path):
    path = tmp_path / "file.md"
    usual = [text for text in CARELESS if text.startswith(("checkin: 2026-11-20\nvalues:\n  nps: 48\n  churn", "values: {nps: 48, churn",
                                                            "key_results:\n  - id", "# leading", "done: yes"))]
    assert len(usual) == 5
    unusual = ["title: a long\n  title over two lines\n", "values:\n  nps: 48\n  nps: 50\n",
               "base: &base {a: 1}\nother: *base\n", "title: >\n  folded\n", "a: \"escaped \\\" quote\"\n"]
    for front_matter, taken in [(text, True) for text in usual] + [(text, False) for text in unusual]:
        path.write_text(f"---\n{front_matter}---\n", encoding="utf-8")
        assert quick_read(path) is taken, front_matter


def test_a_value_is_built_by_the_loaders_own_constructors():
    data, floats = quick_yaml.parse("a: 1.5\nb: [2.5]\nc:\n  - d: 3.5\nday: 2026-11-20\nbad: 2026-02-30\n",
                                    _Constructor().scalar)
    assert data == {"a": 1.5, "b": [2.5], "c": [{"d": 3.5}], "day": dt.date(2026, 11, 20), "bad": "2026-02-30"}
    assert floats == {("a",): (0, 3), ("c", 0, "d"): (3, 7)}  # a list's own scalars are not noted


# Generated YAML: PyYAML's own writer in block and flow styles, and random YAML-ish text.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), st.text(max_size=20),
    st.sampled_from(["1,5", "4.2 %", "yes", "on", "1_000", "0x10", "~", "a: b", "a #b", "#x", "x:", "- x",
                     "2026-11-31", "€2.6M", "'", '"', "[x]", "{x}", "å", "1:30"]),
)
keys = st.one_of(st.sampled_from(["checkin", "values", "nps", "title", "key_results", "id", "a b", "2026"]),
                 st.text(min_size=1, max_size=8))
documents = st.dictionaries(keys, st.recursive(
    scalars, lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=3)),
    max_leaves=12), min_size=1, max_size=6)
yamlish = st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"%@#,?\n 0.9é🙂\\1e")), max_size=80)


@SETTINGS
@given(document=documents, flow=st.sampled_from([False, None, True]), indent=st.sampled_from([2, 4]))
def test_generated_yaml_reads_the_same(tmp_path_factory, document, flow, indent):
    text = yaml.safe_dump(document, default_flow_style=flow, indent=indent, allow_unicode=True, sort_keys=False)
    path = tmp_path_factory.mktemp("generated") / "file.md"
    path.write_text(f"---\n{text}---\n", encoding="utf-8")
    assert_same_both_ways(path)


@SETTINGS
@given(text=yamlish)
def test_yaml_like_text_reads_the_same(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yamlish") / "file.md"
    path.write_text(f"---\na: 1\n{text}\n---\n", encoding="utf-8")
    assert_same_both_ways(path)


# Front-matter of `key: value` lines, at the left or two spaces in, as a check-in's: read in one pass
# (`_Reader.flat`), it must give what reading it line by line gives (`_Reader.mapping`), or leave it to that.
FLAT = [
    "checkin: 2026-11-20\nauthor: björn\nconfidence: 0.7\nvalues:\n  nps: 48\n  churn: 4.2 %\n  x: 1.500\n",
    "values:\n  a: {value: 1.5, note: y}\n  b: [a, 1.5]\n  c: 'q'\n  d: \"e\"\n  e: 2026-11-20\n  f: yes\n  g: ~\n",
    "a:\n  b: 1\n  c:\n  d: 2\ne: 3\nf:\n", "a:\n  b: 1\n   c: 2\n", "a:\n b: 1\n", "a: 1\n  b: 2\n",
    "a:\n  b:\n    c: 1\n", "a:\n  b: 1\n  b: 2\n", "a:\n  b: 1\na:\n  c: 1\n", "a:\n  b: 1\nc:\n  b: 2\n",
    "values: # the values\n  nps: 1 # up\n", "values:  #\n  nps: 1\n", "a:\n  yes: 1\n", "a:\n  1.5: x\n",
    "  a: 1\n", "a: 1\n\nb: 2\n", "a: 1\n# c\nb: 2\n", "a: 1\n  # c\nb: 2\n", "a:\n  - b\n", "- a\n",
    "a: b: c\n", "a: b:\n", "a:b\n", "a : 1\nb   :   2   \n", "a: x #y\nb: x#y\n", "a: [1, 2\n", "a: {b: 1}}\n",
    "k" * 1100 + ": v\n", "a:\n  " + "k" * 1100 + ": v\n", "a:\n  k" + " " * 1100 + ": v\n", "k" * 998 + ": v\n",
    "a: 1\n" * 3, "a: 'it''s'\nb: \"x\" y\n", "a: 0x10\nb: 1_000\nc: .inf\nd: 1:30\ne: -.5\n",
    "a: 2026-02-30\nb: 2026-11-20 10:00:00\n",
]


def line_by_line(text: str):
    with mock.patch.object(quick_yaml._Reader, "flat", lambda reader, text: None):
        return quick_yaml.parse(text, _Constructor().scalar)


def typed_reading(reading):
    return None if reading is None else (typed(reading[0]), reading[1])


@pytest.mark.parametrize("text", FLAT)
def test_a_flat_front_matter_reads_in_one_pass_as_line_by_line(text):
    for variant in (text, text.rstrip("\n"), text.replace("\n  ", "\n    "), text.replace(": ", ":  ")):
        assert typed_reading(quick_yaml.parse(variant, _Constructor().scalar)) == typed_reading(line_by_line(variant))
    taken = []
    real = quick_yaml._Reader.flat
    with mock.patch.object(quick_yaml._Reader, "flat", lambda reader, text: taken.append(real(reader, text)) or taken[-1]):
        quick_yaml.parse(FLAT[0], _Constructor().scalar)
    assert taken[0] is not None  # a check-in's usual front-matter is read in one pass


flat_documents = st.dictionaries(keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=4)), min_size=1,
                                  max_size=6)


@SETTINGS
@given(document=flat_documents)
def test_generated_flat_yaml_reads_in_one_pass_as_line_by_line(document):
    text = yaml.safe_dump(document, default_flow_style=False, indent=2, allow_unicode=True, sort_keys=False)
    assert typed_reading(quick_yaml.parse(text, _Constructor().scalar)) == typed_reading(line_by_line(text))


def test_no_implicit_resolver_takes_a_comma_or_a_percent_sign():
    """What lets `quick_yaml._resolve_with` call `1,863` and `58.3 %` text without asking each resolver: no
    pattern holds `,` or `%`, nor anything that could stand for them (`.`, a negated class, `\\S`, `\\W`, `\\D`)."""
    patterns = {pattern.pattern for resolvers in quick_yaml._RESOLVERS.values() for _, pattern in resolvers}
    assert len(patterns) >= 5
    for source in patterns:
        unescaped = re.sub(r"\\.", "", source)
        assert not any(part in unescaped for part in (",", "%", ".", "[^")), source
        assert not any(part in source for part in ("\\S", "\\W", "\\D", "\\,", "\\%")), source
    written = ["1", "1.5", "0x1f", "1_000", "1:30", ".inf", "2026-11-20", "2026-11-20 10:00:00", "yes", "null", "~",
               "<<", "=", "-1.5e+3"]
    for text in written:
        assert quick_yaml._resolve_with.__wrapped__(text) != quick_yaml.STR_TAG, text
        for at in range(len(text) + 1):
            for mark in ",%":
                changed = text[:at] + mark + text[at:]
                assert quick_yaml._resolve_with.__wrapped__(changed) == quick_yaml.STR_TAG
                assert all(not pattern.match(changed) for resolvers in quick_yaml._RESOLVERS.values()
                           for _, pattern in resolvers), changed


def checked(content: Path) -> str:
    report = Report()
    check(content, TODAY, report)
    return format_text(report.sorted())


def test_check_prints_the_same_both_ways_on_whole_companies(synthetic, project: Project, tmp_path):
    for index, front_matter in enumerate(CARELESS):  # a careless company: every snippet as a check-in
        for number, data in enumerate(careless_variants(front_matter)[:4]):
            project.write(f"2026-Q4/mobile/checkins/2026-10-{1 + index % 28:02d}-{number}.md", data)
        project.write(f"2026-Q4/mobile/careless-{index}.md", f"---\nobjective: Careless {index}\n{front_matter}---\n")
    comma = tmp_path / "comma"
    generate(comma, teams=3, cycles=("2026-Q4",), checkins_until=TODAY)
    organisation = comma / "okrsite.yml"
    organisation.write_text('number_style: "1 234,5"\n' + organisation.read_text(encoding="utf-8"), encoding="utf-8")
    for content in (DEMO, synthetic, project.content, comma):
        quick = checked(content)
        with loader_only():
            assert checked(content) == quick, content
        if content == project.content:
            assert quick.count(": error: ") > 50
