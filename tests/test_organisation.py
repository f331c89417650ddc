"""Cycles named as companies name them: quarters, years, halves, fiscal years."""

import datetime as dt

import pytest

from okrsite.load.organisation import cycle_dates

D = dt.date


@pytest.mark.parametrize(
    "cycle, fiscal_start, expected",
    [
        ("2026-Q1", 1, (D(2026, 1, 1), D(2026, 3, 31), False)),
        ("2026-Q4", 1, (D(2026, 10, 1), D(2026, 12, 31), False)),
        ("2026", 1, (D(2026, 1, 1), D(2026, 12, 31), True)),
        ("2026-H2", 1, (D(2026, 7, 1), D(2026, 12, 31), False)),
        # A fiscal year is named by the calendar year it ends in: FY27 from April 2026.
        ("FY27", 4, (D(2026, 4, 1), D(2027, 3, 31), True)),
        ("FY27-Q1", 4, (D(2026, 4, 1), D(2026, 6, 30), False)),
        ("FY27-Q4", 4, (D(2027, 1, 1), D(2027, 3, 31), False)),
        ("FY2027-Q2", 7, (D(2026, 10, 1), D(2026, 12, 31), False)),
        ("FY27-Q1", 1, (D(2027, 1, 1), D(2027, 3, 31), False)),  # fiscal = calendar
    ],
)
def test_named_cycles(cycle, fiscal_start, expected):
    assert cycle_dates(cycle, fiscal_start) == expected


@pytest.mark.parametrize("cycle", ["2026-Q5", "2026-H3", "26-Q1", "hack-week", "Q1"])
def test_other_names_need_dates(cycle):
    assert cycle_dates(cycle, 1) is None


def test_custom_and_fiscal_cycles_load(project):
    project.write(
        "okrsite.yml",
        project.content.joinpath("okrsite.yml").read_text(encoding="utf-8").replace(
            "cycles: [2026-Q3, 2026-Q4, 2026]",
            "fiscal_year_start: 4\ncycles:\n  - 2026-Q3\n  - 2026-Q4\n  - 2026\n  - FY27\n"
            "  - {id: hack-week, name: Hack week, start: 2026-10-05, end: 2026-10-09}",
        ),
    )
    company, report = project.check()
    assert not report.errors, report.errors
    cycles = company.organisation.cycles
    assert (cycles["FY27"].start, cycles["FY27"].end, cycles["FY27"].yearly) == (D(2026, 4, 1), D(2027, 3, 31), True)
    assert (cycles["hack-week"].name, cycles["hack-week"].start, cycles["hack-week"].end) == (
        "Hack week", D(2026, 10, 5), D(2026, 10, 9))
    assert company.organisation.teams["mobile"].parent == "product"
