"""What the writers write reads back through the loader to the same value, unit and currency.

For a key result of any kind, spelled as people spell it (`0.4M NOK`, `SEK 1,200`, `99.5 %`,
`280 ms`, `12 kr`, milestone titles with colons and emoji), in a small Swedish company with
a fiscal year from May and two teams: the check-in `okrsite new checkin` writes, the objective
`okrsite new cycle --from` carries over and the check-in `okrsite checkin --set` writes all
load back to what the loader read from the original files. Writing goes through a Swedish
translator: the numbers in a file never take a language's decimal comma.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.authoring.carry import unfinished, write_cycle
from okrsite.authoring.checkin import read_set_options, write_checkin, write_checkin_template
from okrsite.authoring.values import yaml_value
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.model import Kind
from okrsite.numbers import parse_quantity
from okrsite.rollup import keeps_a_level
from okrsite.validate import check

ORGANISATION = """\
company: Fjällbruk AB
fiscal_year_start: 5          # the fiscal year runs May to April; FY27 began 1 May 2026
cycles: [FY27-Q2, FY27-Q3, FY27]
people:
  asa: Åsa Öberg
  goran: {name: Göran Ståhl, title: Driftchef}
teams:
  salj: {name: Sälj & Kundvård, lead: asa, members: [asa]}
  drift: {name: Drift & Underhåll, lead: goran, members: [goran]}
"""

CHECKED_IN = dt.date(2026, 9, 15)  # in FY27-Q2 (August to October 2026)
TEMPLATE_DAY = dt.date(2026, 10, 1)
SET_DAY = dt.date(2026, 10, 2)
AFTER_Q2 = dt.date(2026, 11, 5)  # FY27-Q2 has ended: its unfinished key results carry into FY27-Q3
SWEDISH = Translator("sv")

UNITS = ["", "%", "ms", "days", "kr", "NPS"]
CURRENCIES = ["NOK", "SEK", "EUR", "USD"]
TITLES = ["Research: done", "#1 prototype", "Beta [3 pilots]", "Ünïcödé 📱", "yes", "null", "- dash",
          "50 % rolled out", "Go/no-go, signed", "'quoted'"]


@dataclass
class Written:
    """A key result as a person wrote it, and the value they checked in."""

    lines: list[str]  # below `- id: kr` and its title
    checkin: str  # the value in the check-in, as YAML
    typed: str  # a new value as typed after `--set kr=`


@st.composite
def numbers(draw, magnitude: bool) -> str:
    """A number as people write it: 12, -3.25, 1,200, 4_500, 0.4M, 2.6B (within numbers.MAX_VALUE)."""
    suffix = draw(st.sampled_from(["", "k", "M", "B"])) if magnitude else ""
    whole = draw(st.integers(min_value=0, max_value={"M": 10**8, "B": 10**5}.get(suffix, 10**9)))
    fraction = draw(st.sampled_from(["", ".5", ".25", ".125", ".05", ".999"]))
    style = draw(st.sampled_from(["plain", "comma", "underscore"]))
    if style == "comma" and whole >= 1000:
        digits = f"{whole:,}"
    elif style == "underscore" and whole >= 1000:
        digits = f"{whole:_}"
    else:
        digits = str(whole)
    sign = draw(st.sampled_from(["", "", "-"]))
    return f"{sign}{digits}{fraction}{suffix}"


@st.composite
def quantities(draw, unit: str, currency: str) -> str:
    """A number with the key result's unit or currency, or bare (the loader takes the key result's)."""
    number = draw(numbers(magnitude=not unit or bool(currency)))
    if draw(st.booleans()):
        return number
    if currency:
        return draw(st.sampled_from([f"{number} {currency}", f"{currency} {number}"]))
    return f"{number} %" if unit == "%" else f"{number} {unit}" if unit else number


@st.composite
def key_results(draw) -> Written:
    kind = draw(st.sampled_from(["increase", "decrease", "maintain-above", "maintain-below", "boolean",
                                 "milestones"]))
    if kind == "boolean":
        return Written(["kind: boolean"], draw(st.sampled_from(["true", "false", "yes", "done", "no"])),
                       draw(st.sampled_from(["true", "false", "done", "no"])))
    if kind == "milestones":
        titles = draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=5, unique=True))
        done = draw(st.lists(st.sampled_from(titles), unique=True))
        typed = draw(st.lists(st.sampled_from(titles), unique=True))
        return Written([f"milestones: {json.dumps(titles, ensure_ascii=False)}"], json.dumps(done, ensure_ascii=False),
                       yaml_value(typed))
    currency = draw(st.sampled_from(["", *CURRENCIES]))
    unit = "" if currency else draw(st.sampled_from(UNITS))
    start, target, value, typed = (draw(quantities(unit, currency)) for _ in range(4))
    if kind.startswith("maintain"):
        lines = [f"maintain: {json.dumps(('>= ' if kind == 'maintain-above' else '<= ') + target)}"]
        if draw(st.booleans()):
            lines.append(f"start: {json.dumps(start)}")
        else:
            start = target  # no start written: only the threshold can name the unit
    else:
        low, high = sorted((start, target), key=lambda text: parse_quantity(text).value)
        if parse_quantity(low).value == parse_quantity(high).value:
            high = f"{parse_quantity(low).value + 1:f}"
        start, target = (low, high) if kind == "increase" else (high, low)
        lines = [f"start: {json.dumps(start)}", f"target: {json.dumps(target)}"]
    spelled = [parse_quantity(text) for text in (start, target)]
    # the unit declared in a field of its own: always when no value of the key result names it
    if unit and (draw(st.booleans()) or not any(q.unit for q in spelled)):
        lines.append(f"unit: {json.dumps(unit)}")
    if currency and (draw(st.booleans()) or not any(q.currency for q in spelled)):
        lines.append(f"currency: {currency}")
    return Written(lines, json.dumps(value), typed)


def write(content: Path, rel: str, text: str) -> None:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def company_with(content: Path, kr: Written):
    write(content, "okrsite.yml", ORGANISATION)
    key_result = "".join(f"    {line}\n" for line in kr.lines)
    write(content, "FY27-Q2/drift/uptime.md",
          f"---\nobjective: Driften ska bara fungera\nowner: goran\nkey_results:\n"
          f"  - id: kr\n    title: Nyckelresultatet\n{key_result}---\n")
    write(content, f"FY27-Q2/drift/checkins/{CHECKED_IN}.md",
          f"---\ncheckin: {CHECKED_IN}\nauthor: goran\nvalues:\n  kr: {kr.checkin}\n---\n")
    return loaded(content, AFTER_Q2)


def loaded(content: Path, today: dt.date):
    report = Report()
    company = check(content, today, report)
    assert company is not None and not report.errors, [str(d.location) + " " + d.message for d in report.errors]
    return company


def values_in(company, day: dt.date) -> dict:
    """The key result's value checked in on `day`: (value, milestones done)."""
    found = [(v.value, v.done_milestones) for c in company.checkins if c.date == day for v in c.values]
    assert len(found) == 1, found
    return found[0]


def raw_value(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))["values"]["kr"]


@settings(max_examples=120, deadline=None)
@given(key_results())
def test_what_the_writers_write_reads_back_to_the_same_value_unit_and_currency(written):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        company = company_with(content, written)
        kr = company.key_result("FY27-Q2/drift/uptime#kr")
        checked = values_in(company, CHECKED_IN)

        # okrsite new checkin: the key result at its last value
        cycle = company.organisation.cycles["FY27-Q2"]
        path = write_checkin_template(company, content, "drift", TEMPLATE_DAY, cycle, None, SWEDISH)
        again = loaded(content, AFTER_Q2)
        value, done = values_in(again, TEMPLATE_DAY)
        assert (value, set(done)) == (checked[0], set(checked[1]))  # milestones in the key result's order
        if kr.kind not in (Kind.BOOLEAN, Kind.MILESTONES):
            spelled = parse_quantity(raw_value(path))
            assert (spelled.value, spelled.unit, spelled.currency) == (checked[0], kr.unit, kr.currency)
        path.unlink()

        # okrsite checkin --set kr=...: read back as the loader reads the same text in a check-in of one's own
        write(content, f"FY27-Q2/drift/checkins/{SET_DAY}.md",
              f"---\ncheckin: {SET_DAY}\nvalues:\n  kr: {written.typed}\n---\n")
        expected = values_in(loaded(content, AFTER_Q2), SET_DAY)
        (content / f"FY27-Q2/drift/checkins/{SET_DAY}.md").unlink()
        found, _, cycle = read_set_options(company, "drift", SET_DAY, [f"kr={written.typed}"], None, SWEDISH)
        path = write_checkin(company, content, "drift", SET_DAY, found, cycle, None, None, "goran", SWEDISH)
        assert values_in(loaded(content, AFTER_Q2), SET_DAY) == expected
        path.unlink()

        # okrsite new cycle --from FY27-Q2: the same target, starting where it ended
        carries = unfinished(company, "FY27-Q2", AFTER_Q2)
        progress = [p for o in carries for _, p, *_ in o.key_results]
        written_files, skipped = write_cycle(company, content, "FY27-Q3", carries, SWEDISH)
        assert not skipped
        if not carries:  # reached in FY27-Q2: nothing to carry
            assert not written_files
            return
        assert progress and all(p < 1 or keeps_a_level(kr) for p in progress)  # a level held always comes along
        carried = loaded(content, AFTER_Q2).key_result("FY27-Q3/drift/uptime#kr")
        assert (carried.kind, carried.unit, carried.currency) == (kr.kind, kr.unit, kr.currency)
        assert (carried.target, carried.maintain_above) == (kr.target, kr.maintain_above)
        if kr.kind is Kind.MILESTONES:
            assert [m.title for m in carried.milestones] == [m.title for m in kr.milestones
                                                             if m.id not in checked[1]]
        elif kr.kind is not Kind.BOOLEAN:
            assert carried.start == checked[0]


def test_new_checkin_keeps_the_currency_of_a_key_result_written_as_0_4m_nok(tmp_path):
    """The bug that was: `pipeline: 400000`, the currency gone from the file."""
    content = tmp_path / "content"
    write(content, "okrsite.yml", ORGANISATION)
    write(content, "FY27-Q2/salj/norge.md", """\
---
objective: Öppna Norge
owner: asa
key_results:
  - id: pipeline
    title: Kvalificerad pipeline i Norge
    start: 0.4M NOK
    target: 1.5M NOK
  - id: deals
    title: Vunna affärer
    start: 0
    target: 12
---
""")
    write(content, "FY27-Q2/drift/uptime.md", """\
---
objective: Driften ska bara fungera
owner: goran
key_results:
  - id: uptime
    title: Tillgänglighet minst 99,5 %
    maintain: ">= 99.5 %"
    start: 99.7 %
  - id: p95
    title: Svarstid p95 under 300 ms
    start: 420 ms
    target: 300 ms
---
""")
    env = {**os.environ, "OKRSITE_TODAY": "2026-09-15"}
    result = subprocess.run([sys.executable, "-m", "okrsite", "new", "checkin", "--team", "salj"], cwd=tmp_path,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    text = (content / "FY27-Q2/salj/checkins/2026-09-15.md").read_text(encoding="utf-8")
    assert "  pipeline: 400000 NOK  # Kvalificerad pipeline i Norge (Target: 1.5M NOK)\n" in text
    assert "  deals: 0  # Vunna affärer (Target: 12)\n" in text
    report = Report()
    company = check(content, dt.date(2026, 9, 15), report)
    assert not report.errors
    values = {v.kr: v.value for c in company.checkins for v in c.values}
    assert values == {"FY27-Q2/salj/norge#pipeline": 400000, "FY27-Q2/salj/norge#deals": 0}
    assert parse_quantity(raw_value_of(text, "pipeline")).currency == "NOK"

    checkin = write_checkin_template(company, content, "drift", dt.date(2026, 9, 16),
                                     company.organisation.cycles["FY27-Q2"], "goran", SWEDISH)
    lines = checkin.read_text(encoding="utf-8")
    target = SWEDISH.label("label.target")  # the words are Swedish, the numbers stay as the loader reads them
    assert f"  uptime: 99.7 %  # Tillgänglighet minst 99,5 % ({target}: 99.5 %)\n" in lines
    assert f"  p95: 420 ms  # Svarstid p95 under 300 ms ({target}: 300 ms)\n" in lines


def raw_value_of(text: str, key: str):
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))["values"][key]
