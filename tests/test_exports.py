"""okrs.json (valid against its schema, the same figures as the roll-up) and the CSV per cycle."""

from __future__ import annotations

import csv
import io
import json
import math

import jsonschema
import pytest

from okrsite.export import CSV_COLUMNS
from okrsite.rollup import rollup_cycle

from conftest import ROOT, SMALL_SITE_URL, TODAY
from exports_content import SECRETS

SCHEMA = json.loads((ROOT / "okrsite/schema/okrs.schema.json").read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors[:10]


@pytest.fixture(scope="module")
def demo_json(demo_site):
    return json.loads((demo_site / "okrs.json").read_text(encoding="utf-8"))


def test_okrs_json_is_valid_against_the_schema_shipped_beside_it(demo_site, demo_json):
    assert demo_json["$schema"] == "okrs.schema.json" and demo_json["schema_version"] == 1
    shipped = json.loads((demo_site / "okrs.schema.json").read_text(encoding="utf-8"))
    assert shipped == SCHEMA
    validate(demo_json)


def test_the_schema_rejects_what_it_should(demo_json):
    """The schema is strict enough to catch a wrong field: a test of the test. On one cycle of the demo
    with one objective, check-in and team (valid as it is), since the whole file takes seconds to validate."""
    cycle = dict(demo_json["cycles"][0])
    cycle.update({key: cycle[key][:1] for key in ("objectives", "checkins", "teams")})
    small = {**demo_json, "cycles": [cycle]}
    validate(small)
    broken = json.loads(json.dumps(small))
    broken["cycles"][0]["objectives"][0]["key_results"][0]["status"] = "fine"
    with pytest.raises(AssertionError, match="fine"):
        validate(broken)
    broken = json.loads(json.dumps(small))
    broken["cycles"][0]["progress"] = 1.5
    with pytest.raises(AssertionError):
        validate(broken)


def test_okrs_json_has_the_roll_ups_figures(demo, demo_json):
    company, _ = demo
    assert demo_json["as_of"] == TODAY.isoformat() and demo_json["current_cycle"] == "2026-Q4"
    assert [c["id"] for c in demo_json["cycles"]] == ["2026", "2026-Q3", "2026-Q4"]
    checked = 0
    for cycle in demo_json["cycles"]:
        rolled = rollup_cycle(company, cycle["id"], TODAY)
        assert cycle["progress"] == pytest.approx(rolled.company_progress)
        assert cycle["status"] == rolled.company_status.value
        assert cycle["days_left"] == rolled.days_left and cycle["finished"] == rolled.finished
        assert cycle["confidential_counted"] == rolled.hidden
        shown = rolled.visible_objectives()
        assert [o["id"] for o in cycle["objectives"]] == [o.objective.id for o in shown]
        for o_json, o in zip(cycle["objectives"], shown, strict=True):
            assert o_json["progress"] == pytest.approx(o.progress)
            assert o_json["status"] == o.status.value
            assert o_json["grade"] == (None if o.grade is None else pytest.approx(o.grade))
            for k_json, k in zip(o_json["key_results"], o.key_results, strict=True):
                assert k_json["ref"] == k.kr.ref
                assert k_json["current"] == k.current and k_json["target"] == k.kr.target
                assert k_json["progress"] == pytest.approx(k.progress)
                assert k_json["status"] == k.status.value
                assert k_json["confidence"] == k.confidence
                assert [p["value"] for p in k_json["series"]] == [p.value for p in k.series]
                checked += 1
        for team in cycle["teams"]:
            assert team["progress"] == pytest.approx(rolled.teams[team["id"]].progress)
    assert checked > 100


def test_a_cycle_lists_its_check_ins_with_what_moved(demo, demo_json):
    company, _ = demo
    cycle = company.organisation.cycles["2026-Q4"]
    q4 = next(c for c in demo_json["cycles"] if c["id"] == "2026-Q4")
    dates = [c["date"] for c in q4["checkins"]]
    in_cycle = [c for c in company.checkins if cycle.start <= c.date <= cycle.end]
    assert dates == sorted(dates) and dates[-1] == max(c.date for c in in_cycle).isoformat()
    # Each move of the team's last check-in goes from the value checked in before it to the one in it.
    last = [c for c in in_cycle if c.team == "mobile"][-1]
    mobile = next(c for c in q4["checkins"] if c["id"] == last.id)
    moves = {m["kr"]: m for m in mobile["moves"]}
    assert set(moves) == {v.kr for v in last.values}
    for value in last.values:
        earlier = [v.value for c in company.checkins if c.date < last.date for v in c.values if v.kr == value.kr]
        start = company.key_result(value.kr).start
        assert (moves[value.kr]["before"], moves[value.kr]["after"]) == (earlier[-1] if earlier else start,
                                                                        value.value), value.kr
    assert mobile["wins"] == last.wins
    assert [a["owner"] for a in mobile["actions"]] == [a.owner for a in last.actions]


def test_one_csv_per_cycle_with_a_row_per_key_result(demo, demo_site):
    company, _ = demo
    for cycle_id in ("2026-Q3", "2026-Q4", "2026"):
        text = (demo_site / f"cycles/{cycle_id}/okrs.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert tuple(rows[0]) == CSV_COLUMNS
        rolled = rollup_cycle(company, cycle_id, TODAY)
        krs = [(o, k) for o in rolled.visible_objectives() for k in o.key_results]
        assert len(rows) == len(krs)
        for row, (o, k) in zip(rows, krs, strict=True):
            assert (row["cycle"], row["objective_id"], row["kr_id"]) == (cycle_id, o.objective.id, k.kr.id)
            assert float(row["progress"]) == pytest.approx(k.progress, abs=1e-9)
            assert row["status"] == k.status.value
            if k.current is not None:
                assert float(row["current"]) == pytest.approx(k.current)
            grade = float(row["grade"]) if row["grade"] else None
            assert grade == (None if k.grade is None else pytest.approx(k.grade, abs=1e-9))
    past = list(csv.DictReader(io.StringIO((demo_site / "cycles/2026-Q3/okrs.csv").read_text(encoding="utf-8"))))
    assert all(row["grade"] for row in past)  # a finished cycle has a grade on every row


def test_the_cycles_page_links_the_exports(demo_site):
    page = (demo_site / "cycles/index.html").read_text(encoding="utf-8")
    for href in ('href="2026-Q4/okrs.csv"', 'href="../okrs.json"', 'href="../okrs.schema.json"',
                 'href="../feed.xml"'):
        assert href in page, href
    for target in ("cycles/2026-Q4/okrs.csv", "okrs.json", "okrs.schema.json", "feed.xml"):
        assert (demo_site / target).is_file()


def test_secrets_stay_out_and_urls_are_absolute_with_a_site_url(small_site):
    site = small_site.site  # the small company with secrets, built with SMALL_SITE_URL
    text = (site / "okrs.json").read_text(encoding="utf-8")
    data = json.loads(text)
    validate(data)
    csv_text = (site / "cycles/2026-Q4/okrs.csv").read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
        assert secret.lower() not in csv_text.lower(), secret
    q4 = next(c for c in data["cycles"] if c["id"] == "2026-Q4")
    assert q4["confidential_counted"] == 1
    assert q4["url"] == SMALL_SITE_URL
    mobile = next(o for o in q4["objectives"] if o["id"] == "2026-Q4/mobile/joyful-app")
    assert mobile["url"] == SMALL_SITE_URL + "2026-Q4/mobile/joyful-app/"
    # The team's progress counts the confidential objective, as the dashboard's does.
    team = next(t for t in q4["teams"] if t["id"] == "mobile")
    assert len([o for o in q4["objectives"] if o["team"] == "mobile"]) == 1
    assert not math.isclose(team["progress"], mobile["progress"])


def test_csv_text_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(project):
    from okrsite.export import cycle_csv
    from okrsite.site import build_site as site_of

    project.edit("2026-Q4/mobile/joyful-app.md", "objective: Make the mobile app a joy to use",
                 'objective: "=HYPERLINK(\\"https://evil.example\\", \\"open\\")"')
    company, report = project.check()
    assert company is not None and not report.errors, [str(d) for d in report.errors]
    site = site_of(company, TODAY)
    view = next(v for v in site.cycles if v.cycle.id == "2026-Q4")
    rows = list(csv.DictReader(io.StringIO(cycle_csv(site, view))))
    titles = {row["objective"] for row in rows if row["objective_id"] == "2026-Q4/mobile/joyful-app"}
    assert titles == {"'=HYPERLINK(\"https://evil.example\", \"open\")"}
    assert all(not row["key_result"].startswith(("=", "+", "-", "@")) for row in rows)


def test_okrs_json_and_csv_made_of_parts_are_the_plain_encodings_also_when_parts_are_reused(demo):
    """site_files writes okrs.json and the CSVs from the texts of each objective and check-in, and `okrsite
    serve` takes those of unchanged ones from its last build: the same bytes as encoding the whole at once."""
    from okrsite.export import cycle_csv, okrs, site_files
    from okrsite.routes import OKRS_JSON, Urls, cycle_csv as csv_path
    from okrsite.site import build_site

    company, _ = demo
    urls = Urls(site_url=SMALL_SITE_URL)
    first = build_site(company, TODAY)
    parts: dict = {}
    site_files(first, urls, None, parts)
    again = build_site(company, TODAY, before=first)  # unchanged objectives' roll-ups are the same objects
    reused: dict = {}
    files = site_files(again, urls, parts, reused)
    assert any(reused[key] is parts.get(key) for key in reused), "the unchanged parts were taken over"
    assert files[OKRS_JSON] == json.dumps(okrs(again, urls), ensure_ascii=False, separators=(",", ":")) + "\n"
    for view in again.cycles:
        whole = io.StringIO()
        writer = csv.writer(whole, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(row for o in view.rollup.visible_objectives() for row in _rows(again, view, o))
        assert files[csv_path(view.cycle.id)] == whole.getvalue() == cycle_csv(again, view)


def _rows(site, view, o):
    from okrsite.export import _objective_rows

    return _objective_rows(site, view, o)
