"""Properties of the roll-up formulas that hold for any finite input."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.model import CheckIn, CheckInValue, Company, Cycle, Kind, KeyResult, Milestone, Objective, Organisation
from okrsite.rollup import expected_progress, kr_progress, numeric_progress, rollup_cycle, weighted_mean

SETTINGS = settings(max_examples=200, deadline=None)
EPS = 1e-12  # room for the rounding of a weighted mean

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
# weights as people write them (0 to 1000, the loader's range); subnormal weights such as 5e-324 are left
# out: value x weight underflows to 0 there, a float artefact rather than a roll-up rule
weights = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1000.0, allow_nan=False, allow_infinity=False))
positive_weights = st.floats(min_value=0.001, max_value=1000.0, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def key_results(draw):
    """A KR of any kind with finite start and target, and a (value, done) to read it at."""
    kind = draw(st.sampled_from(list(Kind)))
    start, target = draw(finite), draw(finite)
    if kind is Kind.INCREASE and start > target:
        start, target = target, start
    if kind is Kind.DECREASE and start < target:
        start, target = target, start
    milestones = []
    if kind is Kind.MILESTONES:
        count = draw(st.integers(min_value=1, max_value=6))
        milestones = [Milestone(f"m{i}", f"M{i}", draw(weights)) for i in range(count)]
        start = target = None
    if kind is Kind.BOOLEAN:
        start = target = None
    kr = KeyResult(id="kr", title="KR", kind=kind, start=start, target=target,
                   maintain_above=draw(st.booleans()), milestones=milestones)
    current = draw(st.one_of(st.none(), finite, st.sampled_from([0.0, 1.0])))
    done = tuple(draw(st.lists(st.sampled_from([m.id for m in milestones]), unique=True))) if milestones else ()
    return kr, current, done


@SETTINGS
@given(key_results())
def test_progress_stays_in_0_1_for_every_kind(case):
    kr, current, done = case
    progress = kr_progress(kr, current, done)
    assert 0.0 <= progress <= 1.0


@SETTINGS
@given(finite, finite, finite, st.booleans())
def test_numeric_progress_in_0_1(start, target, current, decreasing):
    assert 0.0 <= numeric_progress(start, target, current, decreasing) <= 1.0


@SETTINGS
@given(finite, finite, finite, finite)
def test_increase_is_monotone_non_decreasing_in_the_value(a, b, c1, c2):
    start, target = min(a, b), max(a, b)
    low, high = min(c1, c2), max(c1, c2)
    kr = KeyResult(id="kr", title="KR", kind=Kind.INCREASE, start=start, target=target)
    assert kr_progress(kr, low) <= kr_progress(kr, high)


@SETTINGS
@given(finite, finite, finite, finite)
def test_decrease_is_monotone_non_increasing_in_the_value(a, b, c1, c2):
    start, target = max(a, b), min(a, b)
    low, high = min(c1, c2), max(c1, c2)
    kr = KeyResult(id="kr", title="KR", kind=Kind.DECREASE, start=start, target=target)
    assert kr_progress(kr, low) >= kr_progress(kr, high)


@SETTINGS
@given(st.lists(st.tuples(st.floats(0.0, 1.0), weights), min_size=1, max_size=8))
def test_weighted_mean_between_min_and_max(pairs):
    values = [v for v, _ in pairs]
    assert min(values) - EPS <= weighted_mean(pairs) <= max(values) + EPS


# --- an objective's progress, through the roll-up ------------------------------

Q4 = Cycle("2026-Q4", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2026, 11, 15)


def _objective_rollup(entries):
    """One objective with a 0 -> 100 KR per (value, weight) entry, each checked in at `value`."""
    objective = Objective(id="2026-Q4/mobile/app", title="App", team="mobile", cycle="2026-Q4")
    values = []
    for index, (value, weight) in enumerate(entries):
        kr = KeyResult(id=f"kr{index}", title=f"KR {index}", kind=Kind.INCREASE, start=0.0, target=100.0,
                       weight=weight)
        kr.objective = objective
        objective.key_results.append(kr)
        values.append(CheckInValue(kr=kr.ref, value=value))
    checkin = CheckIn(id="2026-Q4/mobile/checkins/2026-11-10", team="mobile", date=dt.date(2026, 11, 10),
                      values=values)
    company = Company(Organisation("X", cycles={Q4.id: Q4}), objectives={objective.id: objective},
                      checkins=[checkin])
    return rollup_cycle(company, Q4.id, TODAY).objectives[objective.id]


def _check_between(rolled):
    progresses = [k.progress for k in rolled.key_results]
    assert min(progresses) - EPS <= rolled.progress <= max(progresses) + EPS


values_around_the_range = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(st.lists(st.tuples(values_around_the_range, positive_weights), min_size=1, max_size=6))
def test_objective_progress_between_its_krs_with_positive_weights(entries):
    _check_between(_objective_rollup(entries))


@SETTINGS
@given(st.lists(values_around_the_range, min_size=1, max_size=6))
def test_objective_progress_between_its_krs_with_zero_weights(values):
    _check_between(_objective_rollup([(v, 0.0) for v in values]))


@SETTINGS
@given(st.lists(st.tuples(values_around_the_range, weights), min_size=1, max_size=6))
def test_objective_progress_between_its_krs_with_any_weights(entries):
    _check_between(_objective_rollup(entries))


# --- expected progress ------------------------------------------------------------


@SETTINGS
@given(dates, dates, dates)
def test_expected_progress_in_0_1(start, end, today):
    assert 0.0 <= expected_progress(start, end, today) <= 1.0


@SETTINGS
@given(dates, dates, dates, dates)
def test_expected_progress_monotone_in_today(start, end, d1, d2):
    early, late = min(d1, d2), max(d1, d2)
    assert expected_progress(start, end, early) <= expected_progress(start, end, late)


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=3000), st.integers(min_value=0, max_value=3000))
def test_expected_progress_is_the_elapsed_share(start, span, elapsed):
    end = start + dt.timedelta(days=span)
    today = start + dt.timedelta(days=min(elapsed, span))
    assert expected_progress(start, end, today) == min(elapsed, span) / span
