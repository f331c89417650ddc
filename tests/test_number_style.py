"""A company's number style (issue 14): `okrsite.yml` declares `number_style`, else the site's
language decides (Swedish: `20 000` and `1,5`). What the site prints, what `okrsite new checkin`
and `okrsite checkin` write and what the loader reads are the same style, and what is ambiguous
in that style is a located error with both readings.

The companies are small and written here: a Swedish one (mkdocs.yml beside the content says
`theme.language: sv`, okrsite.yml declares nothing) and an English one, one key result of each kind.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from okrsite.authoring.checkin import checkin_text, read_set_options, write_checkin, write_checkin_template
from okrsite.authoring.values import checkin_value
from okrsite.build import build
from okrsite.diagnostics import Report
from okrsite.format import value_text
from okrsite.i18n import Translator
from okrsite.load import content_language
from okrsite.model import Kind
from okrsite.numbers import COMMA, POINT, format_number, parse_quantity
from okrsite.blocks import restore_blocks
from okrsite.validate import check

TODAY = dt.date(2026, 11, 20)
ROOT = Path(__file__).resolve().parent.parent
NBSP, NNBSP = "\u00a0", "\u202f"

ORGANISATION = """\
company: Fjällbruk AB
cycles: [2026-Q4]
people:
  asa: Åsa Öberg
teams:
  drift: {name: Drift, lead: asa, members: [asa]}
"""

# One key result of each kind (model.Kind), targets written in the style of the language.
OBJECTIVE = {
    "sv": """\
---
objective: Driften går av sig själv
key_results:
  - {id: kunder, title: Aktiva kunder, start: 12 000, target: 20 000}
  - {id: fel, title: Fel per vecka, start: "1 234,5", target: "-0,5"}
  - {id: andel, title: Andel automatiserat, kind: percentage, start: 0, target: "87,5 %"}
  - {id: intakt, title: Intäkt, kind: currency, currency: SEK, start: 0, target: "2,6M SEK"}
  - {id: larm, title: Larmen flyttade, target: done}
  - id: flytt
    title: Flytten
    milestones: [Plan klar, Servrar flyttade, Gamla avstängda]
  - {id: svarstid, title: Svarstid, maintain: "<= 1,5 s", unit: s, start: "1,2 s"}
---
""",
    "en": """\
---
objective: Operations run themselves
key_results:
  - {id: kunder, title: Active customers, start: "12,000", target: "20,000"}
  - {id: fel, title: Faults a week, start: "1,234.5", target: -0.5}
  - {id: andel, title: Share automated, kind: percentage, start: 0, target: 87.5 %}
  - {id: intakt, title: Revenue, kind: currency, currency: SEK, start: 0, target: 2.6M SEK}
  - {id: larm, title: Alarms moved, target: done}
  - id: flytt
    title: The move
    milestones: [Plan done, Servers moved, Old ones off]
  - {id: svarstid, title: Response time, maintain: "<= 1.5 s", unit: s, start: 1.2 s}
---
""",
}

# The values checked in last, by key result: a value of every kind, with decimals where they can be.
VALUES = {"kunder": 15_250.0, "fel": 1.125, "andel": 62.5, "intakt": 1_450_000.0, "larm": 1.0, "flytt": 2.0,
          "svarstid": 1.35}


def company_in(root: Path, language: str, style: str | None = None) -> Path:
    """A company whose site speaks `language`; its okrsite.yml declares `style` if given."""
    content = root / "content"
    (content / "2026-Q4" / "drift").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(f"site_name: Fjällbruk\ntheme:\n  name: material\n  language: {language}\n",
                                     encoding="utf-8")
    declared = f'number_style: "{style}"\n' if style else ""
    (content / "okrsite.yml").write_text(ORGANISATION + declared, encoding="utf-8")
    (content / "2026-Q4" / "drift" / "drift.md").write_text(OBJECTIVE[language], encoding="utf-8")
    return content


def checked(content: Path, language: str = "en"):
    report = Report(Translator(language))
    return check(content, TODAY, report), report


def checkin_file(content: Path, day: str, values: str) -> Path:
    path = content / "2026-Q4" / "drift" / "checkins" / f"{day}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ncheckin: {day}\nvalues:\n{textwrap.indent(values, '  ')}---\n", encoding="utf-8")
    return path


def key_results(company):
    return {kr.id: kr for o in company.objectives.values() for kr in o.key_results}


# --- the style: declared, or the language's -----------------------------------------------------


def test_a_swedish_company_reads_its_own_numbers_by_default(tmp_path):
    content = company_in(tmp_path, "sv")
    company, report = checked(content, "sv")
    assert report.errors == []
    assert company.organisation.number_style is COMMA
    krs = key_results(company)
    assert (krs["kunder"].start, krs["kunder"].target) == (12_000, 20_000)
    assert (krs["fel"].start, krs["fel"].target) == (1234.5, -0.5)
    assert krs["andel"].target == 87.5 and krs["andel"].unit == "%"
    assert (krs["intakt"].target, krs["intakt"].currency) == (2_600_000, "SEK")
    assert (krs["svarstid"].target, krs["svarstid"].start) == (1.5, 1.2)


def test_the_declared_style_wins_over_the_language(tmp_path):
    content = company_in(tmp_path, "en", style="1 234,5")
    checkin_file(content, "2026-11-10", "andel: 1,5 %\n")
    company, report = checked(content)
    assert company.organisation.number_style is COMMA
    # The English objective's "12,000" is ambiguous in a decimal comma's style: refused, not read as 12.
    assert {d.code for d in report.errors} == {"ambiguous-number", "number-other-style"}
    assert company.checkins[0].values[0].value == 1.5


def test_an_unknown_style_is_a_located_error_naming_the_two(tmp_path):
    content = company_in(tmp_path, "en")
    (content / "okrsite.yml").write_text(ORGANISATION + "number_style: swedish\n", encoding="utf-8")
    _, report = checked(content)
    [error] = report.errors
    assert (error.code, error.location.line) == ("bad-choice", 7)
    assert "1,234.5" in error.hint and "1 234,5" in error.hint


# --- a careless person's inputs, in a Swedish company --------------------------------------------


@pytest.mark.parametrize(
    "written, value",
    [
        (f"20{NBSP}000", 20_000),  # a no-break space, as a word processor or the site itself puts it
        (f"20{NNBSP}000", 20_000),  # the narrow one the Swedish site prints
        ("1,5 %", 1.5),
        ("-0,5", -0.5),
        ("1 234,5", 1234.5),
        ("1.5", 1.5),  # a dot that cannot be a thousands dot is a decimal point
        ("0,500", 0.5),
    ],
)
def test_a_swedish_checkin_reads_numbers_as_swedes_write_them(tmp_path, written, value):
    content = company_in(tmp_path, "sv")
    key = "andel" if "%" in written else "fel"
    checkin_file(content, "2026-11-10", f"{key}: {written}\n")
    company, report = checked(content, "sv")
    assert report.errors == []
    assert company.checkins[0].values[0].value == value


@pytest.mark.parametrize(
    "written, readings",
    [
        ("1,500", ("1,5", "1 500")),
        ("1.500", ("1 500", "1,5")),  # YAML reads 1.500 as 1.5: the text as typed is what counts
        ("12.500 SEK", ("12 500", "12,5")),
    ],
)
def test_what_reads_two_ways_is_a_located_error_giving_both(tmp_path, written, readings):
    content = company_in(tmp_path, "sv")
    path = checkin_file(content, "2026-11-10", f"kunder: 52\nfel: {written}\n")
    company, report = checked(content)
    [error] = report.errors
    assert error.code == "ambiguous-number"
    assert (error.location.path, error.location.line, error.location.col) == (str(path), 5, 8)
    assert f"'{written}' reads two ways: {readings[0]} or {readings[1]}" in error.message
    assert "1 234,5" in error.hint
    assert [v.kr.rpartition("#")[2] for v in company.checkins[0].values] == ["kunder"]  # the rest is read


@pytest.mark.parametrize(
    "written, code, said",
    [
        ("20 000.", "not-a-number", "1 200"),  # a stray dot at the end
        (".", "not-a-number", "1 200"),
        ("1,,5", "not-a-number", "1 200"),
        ("1,500,000", "number-other-style", "1 500 000"),  # an English habit, read right but refused
        ("1.234,5", "number-other-style", "1 234,5"),
    ],
)
def test_a_stray_mark_or_another_style_is_refused_with_how_to_write_it(tmp_path, written, code, said):
    content = company_in(tmp_path, "sv")
    checkin_file(content, "2026-11-10", f"fel: {written}\n")
    _, report = checked(content)
    [error] = report.errors
    assert (error.code, error.location.line) == (code, 4)
    assert said in error.hint


def test_the_english_style_still_refuses_a_decimal_comma(tmp_path):
    content = company_in(tmp_path, "en")
    checkin_file(content, "2026-11-10", "fel: 1,5\n")
    _, report = checked(content)
    [error] = report.errors
    assert error.code == "ambiguous-comma" and 'number_style: "1 234,5"' in error.hint


# --- one style: printed, written, read back, per language and kind -----------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("key", sorted(VALUES))
def test_the_site_the_writers_and_the_loader_agree(tmp_path, language, key):
    """A value formatted as the site prints it reads back as the same number; the writers' spelling
    of it, written into a check-in, loads back to the same number."""
    content = company_in(tmp_path, language)
    company, report = checked(content, language)
    assert report.errors == []
    style = company.organisation.number_style
    assert style is (COMMA if language == "sv" else POINT)
    kr = key_results(company)[key]
    value = VALUES[key]
    t = Translator(language).numbers_in(style)
    if kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES):
        shown = value_text(kr, value, t)  # rounded as the site rounds: 1.125 is 1.12, 1.45M is 1.4M
        assert parse_quantity(shown, style).value == float(format_number(value, group="").rstrip("MB")) * (
            1e6 if value >= 1e6 else 1), shown
        if style is COMMA:
            assert "," in shown or value.is_integer(), shown
    done = tuple(m.id for m in kr.milestones[: int(value)]) if kr.kind is Kind.MILESTONES else ()
    written = checkin_value(kr, value, done, style)
    assert written is not None
    checkin_file(content, "2026-11-10", f"{key}: {written}\n")
    company, report = checked(content, language)
    assert report.errors == [], written
    assert company.checkins[0].values[0].value == value, written


def test_new_checkin_writes_a_swedish_companys_numbers_and_headings_as_it_reads_them(tmp_path):
    content = company_in(tmp_path, "sv")
    checkin_file(content, "2026-11-10", "".join(f"{key}: {value}\n" for key, value in (
        ("kunder", "15 250"), ("fel", "1,1250"), ("andel", "62,5 %"), ("intakt", "1450000 SEK"), ("larm", "true"),
        ("flytt", "[Plan klar, Servrar flyttade]"), ("svarstid", "1,35 s"))))
    company, report = checked(content, "sv")
    assert report.errors == []
    t = Translator(content_language(content))
    path = write_checkin_template(company, content, "drift", TODAY, company.organisation.cycles["2026-Q4"], "asa", t)
    text = path.read_text(encoding="utf-8")
    for line in ("kunder: 15250", "fel: 1,125", "andel: 62,5 %", "intakt: 1450000 SEK", "larm: true",
                 "flytt: [Plan klar, Servrar flyttade]", "svarstid: 1,35 s", "# confidence: 0,7",
                 "## Vinster", "## Hinder", "## Åtgärder"):
        assert line in text, (line, text)
    company, report = checked(content, "sv")
    assert report.errors == []
    latest = {v.kr.rpartition("#")[2]: v.value for c in company.checkins if c.date == TODAY for v in c.values}
    assert latest == {**VALUES, "fel": 1.125}
    # The Check in button's text is the same writer's, with the date left to the reader's browser.
    prefilled = checkin_text(company, "drift", dt.date(2026, 11, 21), company.organisation.cycles["2026-Q4"],
                             None, t, date_text="DATE")
    assert prefilled.startswith("---\ncheckin: DATE\n") and "fel: 1,125" in prefilled


def test_checkin_set_reads_and_writes_the_swedish_style(tmp_path):
    content = company_in(tmp_path, "sv")
    company, _ = checked(content, "sv")
    t = Translator("sv")
    with pytest.raises(Exception) as refused:
        read_set_options(company, "drift", TODAY, ["fel=1.500"], None, t)
    assert "1 500" in str(refused.value) and "1,5" in str(refused.value)
    found, level, cycle = read_set_options(company, "drift", TODAY, ["fel=1,5", "kunder=20 000"], "0,6", t)
    assert level == 0.6
    path = write_checkin(company, content, "drift", TODAY, found, cycle, "0,6", None, "asa", t)
    company, report = checked(content, "sv")
    assert report.errors == [], path.read_text(encoding="utf-8")
    assert {v.kr.rpartition("#")[2]: v.value for v in company.checkins[0].values} == {"fel": 1.5, "kunder": 20_000}


def test_the_swedish_site_prints_what_is_typed_back(tmp_path):
    content = company_in(tmp_path, "sv")
    checkin_file(content, "2026-11-10", "kunder: 15 250\nfel: 1,5\n")
    company, report = checked(content, "sv")
    assert report.errors == []
    built = build(company, TODAY, ROOT / "theme" / "okrsite", Translator("sv"), charts=False)
    page = restore_blocks(built.pages["teams/drift/index.md"].markdown, built.pages["teams/drift/index.md"].blocks)
    assert f"15{NNBSP}250" in page and "1,5" in page and "20\u202f000" in page


def test_an_english_companys_swedish_site_prints_in_the_declared_style(tmp_path):
    content = company_in(tmp_path, "en", style="1,234.5")
    checkin_file(content, "2026-11-10", "kunder: 15,250\nfel: 1.5\n")
    company, report = checked(content)
    assert report.errors == []
    built = build(company, TODAY, ROOT / "theme" / "okrsite", Translator("sv"), charts=False)
    page = restore_blocks(built.pages["teams/drift/index.md"].markdown, built.pages["teams/drift/index.md"].blocks)
    assert "15,250" in page and f"15{NNBSP}250" not in page



def test_the_schemas_accept_a_swedish_companys_files(tmp_path):
    """What an editor checks as it is typed (the JSON Schemas published at the site's root) takes a
    Swedish company's numbers, and its declared style, as the loader does."""
    import yaml
    from test_schemas import _front_matter, _plain, _problems

    content = company_in(tmp_path, "sv", style="1 234,5")
    checkin = checkin_file(content, "2026-11-10", f"kunder: 20{NBSP}000\nfel: '-0,5'\nandel: 1,5 %\n")
    company, report = checked(content, "sv")
    assert report.errors == [] and len(company.checkins[0].values) == 3
    organisation = _plain(yaml.safe_load((content / "okrsite.yml").read_text(encoding="utf-8")))
    assert organisation["number_style"] == "1 234,5" and _problems("okrsite.yml", organisation) == []
    assert _problems("objective", _front_matter((content / "2026-Q4/drift/drift.md").read_text("utf-8"))) == []
    assert _problems("checkin", _front_matter(checkin.read_text("utf-8"))) == []
    assert _problems("okrsite.yml", {**organisation, "number_style": "swedish"}) != []


# --- what a hurried person types: every message, its place and its order ---------------------------
# Written out whole: the loader reads values faster now (a plain float's place noted while parsing, not
# found by a second parse), and none of that may move or reword a message.


def test_a_careless_swedish_checkin_gets_the_same_messages_in_the_same_places(tmp_path, monkeypatch):
    content = company_in(tmp_path, "sv")
    checkin_file(content, "2026-11-10",
                 "kunder:   15 250\n"  # odd spacing
                 "fel: 1.500\n"  # YAML reads 1.5; typed, it reads two ways
                 "andel: {value: 1.500, confidence: 0,7}\n"  # a decimal comma inside a flow mapping
                 "intakt: !!float 1.500\n"  # a float on purpose
                 f"svarstid: 1{NBSP}500 s\n"
                 "larm: ja\n"
                 "flytt: 2\n"
                 "fel: 1.25\n"  # twice: the last one counts
                 "okänd: 5\n"
                 "konfidens: 0.7\n")
    checkin_file(content, "2026-11-17",
                 f"kunder: 15{NBSP}250\n"
                 "fel: 0.500\n"
                 "andel: {value: 62.5 %, confidens: 0.7}\n"
                 "intakt: 1.45M SEK\n"
                 "svarstid: 1.35\n")
    monkeypatch.chdir(tmp_path)
    _, report = checked(content)
    where = "content/2026-Q4/drift/checkins/2026-11-"
    keys = "Its key results are: andel, fel, flytt, intakt, kunder, larm, svarstid."
    assert [str(d) for d in report.sorted()] == [
        f"{where}10.md:6:18: error: '1.500' reads two ways: 1 500 or 1,5. Hint: Write 1 500 or 1,5: the number "
        "style here is 1 234,5.",
        f"{where}10.md:6:39: error: unknown key '7' in the value of 'andel'. Hint: Allowed keys: value, confidence, "
        "note.",
        f"{where}10.md:9:9: error: 'larm' is a key result of kind boolean; its value should be true or false, not "
        "'ja'.",
        f"{where}10.md:11:3: error: the key 'fel' appears twice in the same mapping. Hint: Keep one of them: YAML "
        "would silently use the last.",
        f"{where}10.md:12:3: error: 'okänd' is not a key result of team drift in a cycle running on this date. "
        f"Hint: {keys}",
        f"{where}10.md:13:3: error: 'konfidens' is not a key result of team drift in a cycle running on this date. "
        f"Hint: {keys}",
        f"{where}17.md:6:26: error: unknown key 'confidens' in the value of 'andel'. Hint: Did you mean "
        "'confidence'?",
        "content/2026-Q4/drift/drift.md:2:12: warning: the objective has 7 key results; more than 5 dilutes focus. "
        "Hint: Keep the few that matter most, or split the objective.",
        "content/2026-Q4/drift/drift.md:2:12: warning: the objective has no owner. Hint: Add owner: <person id>, "
        "so everyone knows who to ask.",
        "content/2026-Q4/drift/drift.md:8:10: warning: 'larm' has had no check-in for 50 days (since 2026-10-01). "
        "Hint: Check in its current value, even if it has not moved.",
    ]


def test_a_careless_english_checkin_gets_the_same_messages_in_the_same_places(project, monkeypatch):
    project.write("2026-Q4/mobile/checkins/2026-11-13.md",
                  "---\ncheckin: 2026-11-13\nconfidence:  70 %\nvalues:\n"
                  "  app-nps:    48   \n"
                  f"  uninstalls: 1{NBSP}180\n"  # a no-break space between thousands
                  "  redesign: research done\n"
                  "  churn: 4,5 %\n"  # another team's key result, with a decimal comma
                  "---\n")
    project.write("2026-Q4/mobile/checkins/2026-11-06.md",
                  "---\ncheckin: 2026-11-06\nconfidence: 0,7\nvalues:\n"
                  "  app-nps: {vaule: 45}\n"
                  "  uninstalls: 1,190.\n"
                  "  redesign: 1\n"
                  "  app_nps: 44\n"
                  "---\n")
    monkeypatch.chdir(project.root)
    _, report = project.check()
    where = "content/2026-Q4/mobile/checkins/2026-11-"
    examples = "Hint: Write it as 42, 1,200, 5.0M, 99.9 % or 2.6M EUR."
    assert [str(d) for d in report.sorted()] == [
        f"{where}06.md:3:13: error: confidence '0,7' is outside 0..1. Hint: Use the confidence scale from "
        "okrsite.yml (defaults: confidence_scale).",
        f"{where}06.md:5:12: error: the value of 'app-nps' needs 'value'. Hint: For example: value: 52",
        f"{where}06.md:5:13: error: unknown key 'vaule' in the value of 'app-nps'. Hint: Did you mean 'value'?",
        f"{where}06.md:6:15: error: '1,190.' is not a number. {examples}",
        f"{where}06.md:8:3: error: 'app_nps' is not a key result of team mobile in a cycle running on this date. "
        "Hint: Did you mean 'app-nps'?",
        f"{where}13.md:6:15: error: '1{NBSP}180' is not a number. {examples}",
        f"{where}13.md:8:3: error: 'churn' is not a key result of team mobile in a cycle running on this date. "
        "Hint: Its key results are: app-nps, redesign, uninstalls.",
    ]
