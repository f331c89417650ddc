"""The roll-up engine: every formula checked against numbers worked out by hand.

The dates mostly sit in the cycle 2026-Q4: 1 October to 31 December 2026,
a span of (Dec 31 - Oct 1) = 91 days, so day n of the cycle is Oct 1 + n days
and the expected progress on day n is n / 91.
"""

from __future__ import annotations

import datetime as dt

import pytest

from okrsite.model import (
    COMPANY,
    CheckIn,
    CheckInValue,
    Company,
    Cycle,
    Defaults,
    Kind,
    KeyResult,
    Milestone,
    Objective,
    Organisation,
    Retrospective,
    Visibility,
)
from okrsite.rollup import (
    Band,
    Point,
    Status,
    current_cycle,
    expected_progress,
    grade_band,
    kr_progress,
    lowered_by_confidence,
    maintain_progress,
    milestones_progress,
    numeric_progress,
    pace_status,
    rollup_cycle,
    trend_forecast,
    weakest,
    weighted_mean,
)

D = dt.date
Q3 = ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30))
Q4 = ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
YEAR = ("2026", D(2026, 1, 1), D(2026, 12, 31))
Q4_START, Q4_END = Q4[1], Q4[2]


def day(n: int) -> dt.date:
    """Day n of 2026-Q4 (day 0 = 1 October)."""
    return Q4_START + dt.timedelta(days=n)


# --- builders ---------------------------------------------------------------


def make_cycle(spec, yearly: bool = False) -> Cycle:
    cycle_id, start, end = spec
    return Cycle(cycle_id, cycle_id, start, end, yearly=yearly)


def make_kr(kr_id: str, kind: Kind = Kind.INCREASE, start=0.0, target=100.0, **kw) -> KeyResult:
    return KeyResult(id=kr_id, title=kr_id, kind=kind, start=start, target=target, **kw)


def make_objective(objective_id: str, krs, **kw) -> Objective:
    cycle, team, _slug = objective_id.split("/")
    objective = Objective(id=objective_id, title=objective_id, team=team, cycle=cycle, key_results=list(krs), **kw)
    for kr in objective.key_results:
        kr.objective = objective
    return objective


def make_checkin(date: dt.date, team: str, values, confidence=None) -> CheckIn:
    """`values`: (kr, value) or (kr, value, {extra CheckInValue fields}) tuples."""
    out = []
    for entry in values:
        kr, value, extra = (*entry, {}) if len(entry) == 2 else entry
        out.append(CheckInValue(kr=kr.ref, value=float(value), **extra))
    return CheckIn(id=f"{team}/checkins/{date.isoformat()}", team=team, date=date, confidence=confidence, values=out)


def make_company(objectives, checkins=(), cycles=(Q3, Q4), defaults: Defaults | None = None) -> Company:
    organisation = Organisation(
        company="Test AB",
        cycles={spec[0]: make_cycle(spec, yearly="Q" not in spec[0]) for spec in cycles},
        defaults=defaults or Defaults(),
    )
    return Company(
        organisation=organisation,
        objectives={o.id: o for o in objectives},
        checkins=sorted(checkins, key=lambda c: (c.date, c.id)),
    )


def roll_one(kr: KeyResult, checkins=(), today=day(45), cycle=Q4, defaults=None):
    """Roll up a single KR in its own objective; return its KeyResultRollup."""
    objective = make_objective(f"{cycle[0]}/mobile/app", [kr])
    company = make_company([objective], checkins, cycles=(Q3, Q4, YEAR), defaults=defaults)
    return rollup_cycle(company, cycle[0], today).objectives[objective.id].key_results[0]


def checkins_for(kr: KeyResult, *points, confidence=None):
    """One check-in per (date, value) point; the KR must already belong to an objective."""
    return [make_checkin(date, "mobile", [(kr, value)], confidence) for date, value in points]


def roll_with(kr: KeyResult, points, today=day(45), cycle=Q4, defaults=None, confidence=None):
    """Roll a KR up with check-ins at (date, value) points."""
    objective = make_objective(f"{cycle[0]}/mobile/app", [kr])
    company = make_company([objective], checkins_for(kr, *points, confidence=confidence), cycles=(Q3, Q4, YEAR),
                           defaults=defaults)
    return rollup_cycle(company, cycle[0], today).objectives[objective.id].key_results[0]


# --- progress of each kind --------------------------------------------------


class TestKindProgress:
    def test_increase(self):
        kr = make_kr("nps", start=42, target=70)
        assert kr_progress(kr, 52) == pytest.approx(10 / 28)  # (52 - 42) / (70 - 42) = 0.357
        assert kr_progress(kr, 42) == 0.0  # at the start
        assert kr_progress(kr, 70) == 1.0  # at the target

    def test_decrease(self):
        kr = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        assert kr_progress(kr, 1150) == pytest.approx(50 / 180)  # (1150 - 1200) / (1020 - 1200) = 0.278
        assert kr_progress(kr, 1110) == pytest.approx(0.5)  # (1110 - 1200) / -180 = 0.5
        assert kr_progress(kr, 1020) == 1.0

    def test_percentage(self):
        kr = make_kr("coverage", start=61, target=80, unit="%")
        assert kr_progress(kr, 70) == pytest.approx(9 / 19)  # (70 - 61) / (80 - 61) = 0.474

    def test_percentage_downward(self):
        kr = make_kr("churn", Kind.DECREASE, start=5, target=3, unit="%")
        assert kr_progress(kr, 4.2) == pytest.approx(0.4)  # (4.2 - 5) / (3 - 5) = 0.4

    def test_currency(self):
        kr = make_kr("arr", start=2.0e6, target=2.6e6, currency="EUR")
        assert kr_progress(kr, 2.3e6) == pytest.approx(0.5)  # 0.3 M / 0.6 M = 0.5
        assert kr_progress(kr, 2.45e6) == pytest.approx(0.75)  # 0.45 M / 0.6 M = 0.75

    def test_boolean(self):
        kr = make_kr("soc2", Kind.BOOLEAN, start=None, target=None)
        assert kr_progress(kr, 1.0) == 1.0  # done
        assert kr_progress(kr, 0.0) == 0.0  # not done
        assert kr_progress(kr, None) == 0.0  # no value yet

    def test_milestones_unweighted(self):
        kr = make_kr("steps", Kind.MILESTONES, start=None, target=None,
                     milestones=[Milestone("a", "A"), Milestone("b", "B"), Milestone("c", "C"), Milestone("d", "D")])
        assert kr_progress(kr, 1, ("a",)) == pytest.approx(0.25)  # 1 / 4
        assert kr_progress(kr, 3, ("a", "b", "d")) == pytest.approx(0.75)  # 3 / 4
        assert kr_progress(kr, 0, ()) == 0.0
        assert kr_progress(kr, 4, ("a", "b", "c", "d")) == 1.0

    def test_milestones_weighted(self):
        kr = make_kr("redesign", Kind.MILESTONES, start=None, target=None,
                     milestones=[Milestone("research", "R"), Milestone("prototype", "P"), Milestone("release", "X", 2)])
        assert kr_progress(kr, 1, ("research",)) == pytest.approx(0.25)  # 1 / (1 + 1 + 2)
        assert kr_progress(kr, 1, ("release",)) == pytest.approx(0.5)  # 2 / 4
        assert kr_progress(kr, 2, ("research", "release")) == pytest.approx(0.75)  # (1 + 2) / 4

    def test_milestones_all_zero_weights_count_the_steps(self):
        kr = make_kr("steps", Kind.MILESTONES, start=None, target=None,
                     milestones=[Milestone("a", "A", 0), Milestone("b", "B", 0), Milestone("c", "C", 0)])
        assert milestones_progress(kr, ("a",)) == pytest.approx(1 / 3)  # weights sum to 0: 1 of 3 steps
        assert milestones_progress(kr, ("a", "c")) == pytest.approx(2 / 3)  # 2 of 3 steps
        assert milestones_progress(kr, ("a", "unknown")) == pytest.approx(1 / 3)  # an unknown id counts for nothing

    def test_maintain_above(self):
        kr = make_kr("uptime", Kind.MAINTAIN, start=None, target=99.9, maintain_above=True)
        assert kr_progress(kr, 99.95) == 1.0  # 99.95 >= 99.9 holds
        assert kr_progress(kr, 99.9) == 1.0  # exactly at the threshold holds
        assert kr_progress(kr, 99.8) == 0.0  # broken
        assert kr_progress(kr, None) == 0.0  # no value: not shown to hold

    def test_maintain_below(self):
        kr = make_kr("p95", Kind.MAINTAIN, start=None, target=300, maintain_above=False)
        assert kr_progress(kr, 250) == 1.0  # 250 <= 300 holds
        assert kr_progress(kr, 300) == 1.0  # at the threshold holds
        assert kr_progress(kr, 301) == 0.0  # broken
        assert kr_progress(kr, None) == 0.0
        assert maintain_progress(300, None, above=False) == 0.0


class TestProgressEdgeCases:
    def test_start_equals_target_increase(self):
        assert numeric_progress(50, 50, 49) == 0.0  # not yet at 50
        assert numeric_progress(50, 50, 50) == 1.0  # at the target
        assert numeric_progress(50, 50, 51) == 1.0  # beyond it, upward
        kr = make_kr("x", start=50, target=50)
        assert kr_progress(kr, 50) == 1.0

    def test_start_equals_target_decrease(self):
        assert numeric_progress(50, 50, 51, decreasing=True) == 0.0  # above a "stay at or below 50"
        assert numeric_progress(50, 50, 50, decreasing=True) == 1.0
        assert numeric_progress(50, 50, 49, decreasing=True) == 1.0  # beyond it, downward
        kr = make_kr("x", Kind.DECREASE, start=50, target=50)
        assert kr_progress(kr, 49) == 1.0
        assert kr_progress(kr, 51) == 0.0

    def test_increase_past_target_and_below_start(self):
        kr = make_kr("nps", start=42, target=70)
        assert kr_progress(kr, 80) == 1.0  # (80 - 42) / 28 = 1.36 -> clamped to 1
        assert kr_progress(kr, 30) == 0.0  # (30 - 42) / 28 = -0.43 -> clamped to 0

    def test_decrease_past_target_and_below_start(self):
        kr = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        assert kr_progress(kr, 900) == 1.0  # (900 - 1200) / -180 = 1.67 -> 1
        assert kr_progress(kr, 1300) == 0.0  # (1300 - 1200) / -180 = -0.56 -> 0

    def test_rollup_keeps_the_value_as_it_is_past_the_target(self):
        kr = make_kr("nps", start=42, target=70)
        rolled = roll_with(kr, [(day(40), 80)])
        assert rolled.current == 80  # shown as written
        assert rolled.progress == 1.0  # (80 - 42) / 28 = 1.36 -> clamped
        assert rolled.status is Status.DONE

    def test_rollup_keeps_the_value_as_it_is_below_the_start(self):
        kr = make_kr("nps", start=42, target=70)
        rolled = roll_with(kr, [(day(40), 30)])
        assert rolled.current == 30  # below the baseline, shown honestly
        assert rolled.progress == 0.0  # -12 / 28 -> clamped to 0
        assert rolled.series[0].value == 30
        assert rolled.series[0].progress == 0.0

    def test_rollup_decrease_past_both_ends(self):
        kr = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        above = roll_with(kr, [(day(40), 1300)])
        assert above.current == 1300 and above.progress == 0.0  # 100 / -180 -> 0
        kr2 = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        below = roll_with(kr2, [(day(40), 900)])
        assert below.current == 900 and below.progress == 1.0  # -300 / -180 -> 1


class TestNoCheckIns:
    def test_sits_at_its_start_value(self):
        kr = make_kr("nps", start=42, target=70)
        rolled = roll_one(kr, today=day(10))
        assert rolled.current == 42  # the start
        assert rolled.progress == 0.0  # (42 - 42) / 28
        assert rolled.series == []
        assert rolled.last_checkin is None
        assert rolled.confidence is None

    def test_decrease_sits_at_its_start_value(self):
        kr = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        rolled = roll_one(kr, today=day(10))
        assert rolled.current == 1200
        assert rolled.progress == 0.0

    def test_not_started_in_the_first_14_days(self):
        kr = make_kr("nps", start=42, target=70)
        assert roll_one(kr, today=day(0)).status is Status.NOT_STARTED  # the first day
        assert roll_one(kr, today=day(14)).status is Status.NOT_STARTED  # 14 days: not more than 14

    def test_stale_after_14_days(self):
        kr = make_kr("nps", start=42, target=70)
        assert roll_one(kr, today=day(15)).status is Status.STALE  # 15 days > 14

    def test_not_started_before_the_cycle(self):
        kr = make_kr("nps", start=42, target=70)
        rolled = roll_one(kr, today=D(2026, 9, 1))
        assert rolled.status is Status.NOT_STARTED
        assert rolled.expected == 0.0

    def test_custom_stale_after(self):
        kr = make_kr("nps", start=42, target=70)
        defaults = Defaults(stale_after_days=7)
        assert roll_one(kr, today=day(7), defaults=defaults).status is Status.NOT_STARTED  # 7 days: not more than 7
        assert roll_one(kr, today=day(8), defaults=defaults).status is Status.STALE  # 8 > 7

    def test_stale_after_the_last_checkin(self):
        kr = make_kr("x", start=0, target=100)
        # a check-in on day 20 at 20: progress 0.2; on day 34 expected 34/91 = 0.374, 0.75 x = 0.280: off track
        assert roll_with(kr, [(day(20), 20)], today=day(34)).status is Status.OFF_TRACK  # 14 days since: not stale
        kr2 = make_kr("x", start=0, target=100)
        assert roll_with(kr2, [(day(20), 20)], today=day(35)).status is Status.STALE  # 15 days since

    def test_no_checkin_after_the_cycle_ended(self):
        kr = make_kr("nps", start=42, target=70)
        rolled = roll_one(kr, today=D(2027, 1, 10))
        assert rolled.current == 42
        assert rolled.progress == 0.0
        assert rolled.expected == 1.0
        assert rolled.status is Status.OFF_TRACK  # 0 < 0.75 x 1.0
        assert rolled.grade == 0.0
        assert rolled.forecast is None  # only the start: no trend

    def test_maintain_without_value(self):
        kr = make_kr("uptime", Kind.MAINTAIN, start=None, target=99.9)
        early = roll_one(kr, today=day(5))
        assert early.current is None
        assert early.progress == 0.0
        assert early.status is Status.NOT_STARTED
        kr2 = make_kr("uptime", Kind.MAINTAIN, start=None, target=99.9)
        assert roll_one(kr2, today=day(20)).status is Status.STALE  # 20 days > 14

    def test_maintain_with_start_value(self):
        kr = make_kr("crash-free", Kind.MAINTAIN, start=99.6, target=99.5)
        rolled = roll_one(kr, today=day(5))
        assert rolled.current == 99.6
        assert rolled.progress == 1.0  # 99.6 >= 99.5 holds
        assert rolled.status is Status.NOT_STARTED  # no check-in yet; a maintain KR is never done


class TestCheckinBeforeTheCycle:
    def test_checkin_dated_before_the_cycle_starts(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(D(2026, 9, 25), 10)], today=D(2026, 9, 28))
        assert rolled.status is Status.NOT_STARTED  # the cycle has not begun
        assert rolled.expected == 0.0  # before the start
        assert [p.date for p in rolled.series] == [D(2026, 9, 25)]
        assert rolled.current == 10  # the value is kept as it is
        assert rolled.progress == pytest.approx(0.1)  # (10 - 0) / 100

    def test_checkin_before_the_cycle_counts_once_it_runs(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(D(2026, 9, 25), 10)], today=day(4))
        assert rolled.current == 10
        assert rolled.progress == pytest.approx(0.1)  # 10 / 100
        assert rolled.last_checkin == D(2026, 9, 25)
        # expected 4 / 91 = 0.044; 0.1 >= 0.95 x 0.044, and only 10 days since the check-in
        assert rolled.status is Status.ON_TRACK


# --- the small formulas -----------------------------------------------------


class TestWeightedMean:
    def test_weighted(self):
        assert weighted_mean([(0.5, 1), (1.0, 3)]) == pytest.approx(0.875)  # (0.5 + 3) / 4

    def test_default_weights(self):
        assert weighted_mean([(0.2, 1), (0.4, 1), (0.9, 1)]) == pytest.approx(0.5)  # 1.5 / 3

    def test_zero_weight_is_left_out(self):
        assert weighted_mean([(0.2, 0), (0.8, 2)]) == pytest.approx(0.8)  # (0 + 1.6) / 2

    def test_weights_summing_to_zero_give_the_plain_mean(self):
        assert weighted_mean([(0.2, 0), (0.6, 0)]) == pytest.approx(0.4)  # (0.2 + 0.6) / 2

    def test_empty(self):
        assert weighted_mean([]) == 0.0


class TestExpectedProgress:
    def test_start(self):
        assert expected_progress(Q4_START, Q4_END, Q4_START) == 0.0  # 0 / 91

    def test_middle(self):
        assert expected_progress(Q4_START, Q4_END, D(2026, 11, 15)) == pytest.approx(45 / 91)  # 0.495

    def test_end(self):
        assert expected_progress(Q4_START, Q4_END, Q4_END) == 1.0  # 91 / 91

    def test_before(self):
        assert expected_progress(Q4_START, Q4_END, D(2026, 9, 1)) == 0.0  # -30 / 91 -> 0

    def test_after(self):
        assert expected_progress(Q4_START, Q4_END, D(2027, 2, 1)) == 1.0  # 123 / 91 -> 1

    def test_one_day_cycle(self):
        one = D(2026, 10, 5)
        assert expected_progress(one, one, D(2026, 10, 4)) == 0.0  # before it
        assert expected_progress(one, one, one) == 1.0  # the day itself: the whole cycle
        assert expected_progress(one, one, D(2026, 10, 6)) == 1.0  # after it

    def test_kr_due_date_sets_the_pace(self):
        kr = make_kr("x", start=0, target=100, due=day(60))
        rolled = roll_with(kr, [(day(10), 10)], today=day(45))
        assert rolled.expected == pytest.approx(0.75)  # 45 / 60 days to the due date
        assert rolled.forecast == pytest.approx(60)  # line (0, 0), (10, 10): 1 a day, at day 60 -> 60
        assert rolled.forecast_progress == pytest.approx(0.6)  # 60 / 100


class TestPaceStatus:
    d = Defaults()

    def test_on_track_exactly_at_095(self):
        assert pace_status(0.95, 1.0, self.d) is Status.ON_TRACK  # 0.95 >= 0.95 x 1.0

    def test_at_risk_just_below_095(self):
        assert pace_status(0.9499, 1.0, self.d) is Status.AT_RISK  # < 0.95, >= 0.75

    def test_at_risk_exactly_at_075(self):
        assert pace_status(0.75, 1.0, self.d) is Status.AT_RISK  # 0.75 >= 0.75 x 1.0

    def test_off_track_just_below_075(self):
        assert pace_status(0.7499, 1.0, self.d) is Status.OFF_TRACK

    def test_thresholds_scale_with_expected(self):
        assert pace_status(0.475, 0.5, self.d) is Status.ON_TRACK  # 0.95 x 0.5 = 0.475
        assert pace_status(0.4749, 0.5, self.d) is Status.AT_RISK
        assert pace_status(0.375, 0.5, self.d) is Status.AT_RISK  # 0.75 x 0.5 = 0.375
        assert pace_status(0.3749, 0.5, self.d) is Status.OFF_TRACK

    def test_done_and_nothing_expected(self):
        assert pace_status(1.0, 0.5, self.d) is Status.DONE
        assert pace_status(0.0, 0.0, self.d) is Status.ON_TRACK  # nothing expected yet

    def test_custom_thresholds(self):
        d = Defaults(on_track=0.8, at_risk=0.5)
        assert pace_status(0.4, 0.5, d) is Status.ON_TRACK  # 0.8 x 0.5 = 0.4
        assert pace_status(0.25, 0.5, d) is Status.AT_RISK  # 0.5 x 0.5 = 0.25
        assert pace_status(0.24, 0.5, d) is Status.OFF_TRACK


class TestConfidence:
    d = Defaults()

    def test_below_05_is_at_risk_at_best(self):
        assert lowered_by_confidence(Status.ON_TRACK, 0.49, self.d) is Status.AT_RISK
        assert lowered_by_confidence(Status.AT_RISK, 0.49, self.d) is Status.AT_RISK
        assert lowered_by_confidence(Status.OFF_TRACK, 0.49, self.d) is Status.OFF_TRACK  # never raised

    def test_at_05_is_not_lowered(self):
        assert lowered_by_confidence(Status.ON_TRACK, 0.5, self.d) is Status.ON_TRACK  # not below 0.5

    def test_below_03_is_off_track(self):
        assert lowered_by_confidence(Status.ON_TRACK, 0.29, self.d) is Status.OFF_TRACK
        assert lowered_by_confidence(Status.AT_RISK, 0.0, self.d) is Status.OFF_TRACK

    def test_at_03_is_at_risk(self):
        assert lowered_by_confidence(Status.ON_TRACK, 0.3, self.d) is Status.AT_RISK  # not below 0.3, below 0.5

    def test_never_lowers_done(self):
        assert lowered_by_confidence(Status.DONE, 0.1, self.d) is Status.DONE
        assert lowered_by_confidence(Status.DONE, 0.4, self.d) is Status.DONE

    def test_no_confidence(self):
        assert lowered_by_confidence(Status.ON_TRACK, None, self.d) is Status.ON_TRACK

    def test_in_a_rollup_the_value_confidence_wins_over_the_checkin(self):
        kr = make_kr("x", start=0, target=100)
        objective = make_objective("2026-Q4/mobile/app", [kr])
        # on day 45 expected 45/91 = 0.495; 60 / 100 = 0.6 is on pace
        checkin = make_checkin(day(40), "mobile", [(kr, 60, {"confidence": 0.2})], confidence=0.9)
        rolled = rollup_cycle(make_company([objective], [checkin]), "2026-Q4", day(45))
        k = rolled.objectives[objective.id].key_results[0]
        assert k.progress == pytest.approx(0.6)
        assert k.confidence == 0.2
        assert k.status is Status.OFF_TRACK  # 0.2 < 0.3

    def test_in_a_rollup_the_checkin_confidence_applies(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(day(40), 60)], confidence=0.4)  # 0.6 vs expected 0.495: on pace
        assert rolled.confidence == 0.4
        assert rolled.status is Status.AT_RISK  # 0.4 < 0.5

    def test_in_a_rollup_confidence_does_not_lower_done(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(day(40), 100)], confidence=0.1)
        assert rolled.status is Status.DONE


class TestWeakest:
    def test_order(self):
        assert weakest([Status.ON_TRACK, Status.STALE, Status.NOT_STARTED]) is Status.STALE
        assert weakest([Status.DONE, Status.ON_TRACK]) is Status.ON_TRACK
        assert weakest([Status.AT_RISK, Status.OFF_TRACK, Status.DONE]) is Status.OFF_TRACK
        assert weakest([Status.STALE, Status.AT_RISK]) is Status.AT_RISK
        assert weakest([Status.NOT_STARTED, Status.ON_TRACK, Status.DONE]) is Status.NOT_STARTED
        assert weakest([Status.DONE]) is Status.DONE

    def test_empty(self):
        assert weakest([]) is None


class TestTrendForecast:
    def test_exact_line(self):
        assert trend_forecast([(0, 0), (10, 20), (20, 40)], 30) == pytest.approx(60)  # slope 2: 2 x 30
        assert trend_forecast([(0, 42), (50, 52)], 91) == pytest.approx(60.2)  # 42 + 0.2 x 91

    def test_least_squares(self):
        # mean x 10, mean y 10, sxx 200, sxy (-10)(-10) + 0 + 10 x 0 = 100: slope 0.5; at 91: 10 + 0.5 x 81
        assert trend_forecast([(0, 0), (10, 20), (20, 10)], 91) == pytest.approx(50.5)

    def test_downward(self):
        assert trend_forecast([(0, 1200), (30, 1140)], 90) == pytest.approx(1020)  # -2 a day: 1200 - 180

    def test_fewer_than_two_distinct_x(self):
        assert trend_forecast([], 10) is None
        assert trend_forecast([(5, 1)], 10) is None
        assert trend_forecast([(5, 1), (5, 3)], 10) is None


class TestGradeBand:
    @pytest.mark.parametrize(
        "grade, band",
        [
            (0.0, Band.MISSED),
            (0.3, Band.MISSED),  # 0.3 -> 0.3
            (0.34, Band.MISSED),  # rounds to 0.3
            (0.35, Band.PROGRESS),  # rounds to 0.4
            (0.4, Band.PROGRESS),
            (0.6, Band.PROGRESS),
            (0.64, Band.PROGRESS),  # rounds to 0.6
            (0.65, Band.DELIVERED),  # rounds to 0.7
            (0.7, Band.DELIVERED),
            (1.0, Band.DELIVERED),
        ],
    )
    def test_bands(self, grade, band):
        assert grade_band(grade) is band


class TestCurrentCycle:
    def org(self, *specs) -> Organisation:
        return Organisation("X", cycles={s[0]: make_cycle(s, yearly=s[0].isdigit()) for s in specs})

    def test_quarter_preferred_over_the_year(self):
        organisation = self.org(YEAR, Q3, Q4)  # the year listed first on purpose
        assert current_cycle(organisation, D(2026, 11, 26)).id == "2026-Q4"
        assert current_cycle(organisation, D(2026, 7, 1)).id == "2026-Q3"
        assert current_cycle(organisation, D(2026, 12, 31)).id == "2026-Q4"

    def test_only_the_year_runs(self):
        organisation = self.org(YEAR, Q3, Q4)
        assert current_cycle(organisation, D(2026, 3, 1)).id == "2026"  # no quarter covers March

    def test_after_all_cycles_the_last_ended(self):
        assert current_cycle(self.org(Q3, Q4), D(2027, 2, 1)).id == "2026-Q4"
        # the year and Q4 both end on 31 December: the quarter still wins
        assert current_cycle(self.org(YEAR, Q3, Q4), D(2027, 2, 1)).id == "2026-Q4"

    def test_before_all_cycles_the_first(self):
        assert current_cycle(self.org(Q4, Q3), D(2026, 5, 1)).id == "2026-Q3"

    def test_before_all_cycles_the_quarter_starting_with_the_year(self):
        # 2027 and 2027-Q1 both start on 1 January 2027; on that day 2027-Q1 is current (the shortest
        # running), so the day before, the next cycle is 2027-Q1 too, whatever the listing order
        q1 = ("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
        year = ("2027", D(2027, 1, 1), D(2027, 12, 31))
        assert current_cycle(self.org(q1, year), D(2027, 1, 1)).id == "2027-Q1"
        assert current_cycle(self.org(q1, year), D(2026, 12, 1)).id == "2027-Q1"
        assert current_cycle(self.org(year, q1), D(2026, 12, 1)).id == "2027-Q1"

    def test_no_cycles(self):
        assert current_cycle(Organisation("X"), D(2026, 1, 1)) is None

    # A quarter, a half, the year and a six-week campaign all run on 20 November.
    H2 = ("2026-H2", D(2026, 7, 1), D(2026, 12, 31))
    CAMPAIGN = ("launch", D(2026, 11, 2), D(2026, 12, 13))

    @pytest.mark.parametrize("main, expected", [
        ("quarter", "2026-Q4"), ("half", "2026-H2"), ("year", "2026"), ("other", "launch"),
    ])
    def test_the_dashboard_follows_the_main_kind_of_cycle(self, main, expected):
        organisation = self.org(self.CAMPAIGN, YEAR, self.H2, Q3, Q4)
        organisation.defaults = Defaults(main_cycle=main)
        assert [c.kind for c in organisation.cycles.values()] == ["other", "year", "half", "quarter", "quarter"]
        assert current_cycle(organisation, D(2026, 11, 20)).id == expected

    def test_by_default_the_quarter_not_the_shorter_campaign(self):
        assert current_cycle(self.org(self.CAMPAIGN, Q4, YEAR), D(2026, 11, 20)).id == "2026-Q4"

    def test_without_a_running_cycle_of_the_main_kind_the_shortest_running(self):
        organisation = self.org(self.CAMPAIGN, YEAR)
        organisation.defaults = Defaults(main_cycle="half")
        assert current_cycle(organisation, D(2026, 11, 20)).id == "launch"
        assert current_cycle(organisation, D(2026, 12, 20)).id == "2026"

    @pytest.mark.parametrize("start, end, kind", [
        (D(2027, 1, 1), D(2027, 3, 31), "quarter"),  # 90 days
        (D(2028, 1, 1), D(2028, 3, 31), "quarter"),  # 91, a leap year
        (D(2026, 10, 5), D(2027, 1, 3), "quarter"),  # thirteen weeks, dated by hand
        (D(2027, 1, 1), D(2027, 6, 30), "half"),
        (D(2026, 7, 1), D(2026, 12, 31), "half"),
        (D(2026, 11, 2), D(2026, 12, 13), "other"),
    ])
    def test_the_kind_of_a_cycle_is_its_length(self, start, end, kind):
        assert Cycle("c", "c", start, end).kind == kind


# --- a whole cycle ------------------------------------------------------------


def _main_company(**defaults_kw):
    """A company on 2026-Q4 with a company objective pair, two mobile objectives,
    a confidential and a draft one. Today is day 45 (15 November): expected 45 / 91."""
    arr = make_kr("arr", start=2.0e6, target=2.6e6, currency="EUR")
    nps = make_kr("nps", start=40, target=60, weight=3)
    grow = make_objective("2026-Q4/company/grow", [arr, nps])
    uptime = make_kr("uptime", Kind.MAINTAIN, start=None, target=99.9)
    soc2 = make_kr("soc2", Kind.BOOLEAN, start=None, target=None)
    reliable = make_objective("2026-Q4/company/reliable", [uptime, soc2])

    app_nps = make_kr("app-nps", start=42, target=70)
    uninstalls = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
    app = make_objective("2026-Q4/mobile/app", [app_nps, uninstalls], aligns_to=["2026-Q4/company/grow"])
    redesign = make_kr("redesign", Kind.MILESTONES, start=None, target=None,
                       milestones=[Milestone("research", "R"), Milestone("prototype", "P"),
                                   Milestone("release", "X", 2)])
    quality = make_objective("2026-Q4/mobile/quality", [redesign], weight=2)
    secret_kr = make_kr("secret", start=0, target=100)
    secret = make_objective("2026-Q4/mobile/secret", [secret_kr], visibility=Visibility.CONFIDENTIAL)
    draft_kr = make_kr("draft", start=0, target=100)
    draft = make_objective("2026-Q4/mobile/draft", [draft_kr], visibility=Visibility.DRAFT)

    checkins = [
        make_checkin(day(14), COMPANY, [(arr, 2.15e6)]),
        make_checkin(day(35), COMPANY, [(arr, 2.3e6), (nps, 55), (uptime, 99.95)]),
        make_checkin(day(40), "mobile", [
            (app_nps, 56), (uninstalls, 1155),
            (redesign, 2, {"done_milestones": ("research", "prototype")}),
            (secret_kr, 100), (draft_kr, 0),
        ]),
    ]
    company = make_company([grow, reliable, app, quality, secret, draft], checkins,
                           defaults=Defaults(**defaults_kw))
    return company


class TestRollupCycle:
    def test_objective_progress_is_weighted(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        # arr (2.3 - 2.0) / 0.6 = 0.5 (weight 1); nps (55 - 40) / 20 = 0.75 (weight 3): (0.5 + 2.25) / 4
        assert r.objectives["2026-Q4/company/grow"].progress == pytest.approx(0.6875)
        # uptime 99.95 >= 99.9: 1; soc2 no check-in: 0; (1 + 0) / 2
        assert r.objectives["2026-Q4/company/reliable"].progress == pytest.approx(0.5)
        # app-nps (56 - 42) / 28 = 0.5; uninstalls (1155 - 1200) / -180 = 0.25; (0.5 + 0.25) / 2
        assert r.objectives["2026-Q4/mobile/app"].progress == pytest.approx(0.375)
        # redesign: (1 + 1) / (1 + 1 + 2) = 0.5
        assert r.objectives["2026-Q4/mobile/quality"].progress == pytest.approx(0.5)

    def test_cycle_figures(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        assert r.expected == pytest.approx(45 / 91)  # 0.4945
        assert r.days_left == 46  # 91 - 45
        assert r.finished is False

    def test_statuses(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        # expected 0.4945: on track from 0.95 x = 0.4698, at risk from 0.75 x = 0.3709
        grow = r.objectives["2026-Q4/company/grow"]
        assert [k.status for k in grow.key_results] == [Status.ON_TRACK, Status.ON_TRACK]  # 0.5, 0.75
        assert grow.status is Status.ON_TRACK
        reliable = r.objectives["2026-Q4/company/reliable"]
        # uptime holds: on track; soc2 has had no check-in for 45 days: stale
        assert [k.status for k in reliable.key_results] == [Status.ON_TRACK, Status.STALE]
        assert reliable.status is Status.STALE  # the weakest
        app = r.objectives["2026-Q4/mobile/app"]
        assert [k.status for k in app.key_results] == [Status.ON_TRACK, Status.OFF_TRACK]  # 0.5; 0.25 < 0.3709
        assert app.status is Status.OFF_TRACK

    def test_team_progress_weighted_by_objective(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        # mobile: app 0.375 (weight 1), quality 0.5 (weight 2), secret 1.0 (weight 1), draft never counted
        # (0.375 + 1.0 + 1.0) / 4 = 0.59375
        assert r.teams["mobile"].progress == pytest.approx(0.59375)
        # its progress is on pace (0.594 >= 0.4698), but its app objective is off track: the team reads off track
        assert r.teams["mobile"].status is Status.OFF_TRACK
        assert r.teams[COMPANY].progress == pytest.approx(0.59375)  # (0.6875 + 0.5) / 2
        assert list(r.teams) == [COMPANY, "mobile"]  # the company first

    def test_company_progress_is_the_mean_of_company_objectives(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        assert r.company_progress == pytest.approx(0.59375)  # (0.6875 + 0.5) / 2, team objectives left out
        # on pace (0.594 >= 0.4698), but "reliable" is stale (soc2 without a check-in): the company reads stale
        assert r.company_status is Status.STALE
        assert r.company_grade is None  # not finished

    def test_confidential_counted_but_not_shown(self):
        r = rollup_cycle(_main_company(include_confidential=True), "2026-Q4", day(45))
        assert "2026-Q4/mobile/secret" in r.objectives
        assert r.hidden == 1
        shown = [o.objective.id for o in r.visible_objectives("mobile")]
        assert shown == ["2026-Q4/mobile/app", "2026-Q4/mobile/quality"]

    def test_confidential_left_out(self):
        r = rollup_cycle(_main_company(include_confidential=False), "2026-Q4", day(45))
        assert "2026-Q4/mobile/secret" not in r.objectives
        assert r.hidden == 0
        # (0.375 x 1 + 0.5 x 2) / 3 = 1.375 / 3 = 0.4583
        assert r.teams["mobile"].progress == pytest.approx(1.375 / 3)
        assert r.teams["mobile"].status is Status.OFF_TRACK  # its app objective's, though 0.4583 alone is at risk

    @pytest.mark.parametrize("include", [True, False])
    def test_drafts_never_counted(self, include):
        r = rollup_cycle(_main_company(include_confidential=include), "2026-Q4", day(45))
        assert "2026-Q4/mobile/draft" not in r.objectives
        assert all(o.objective.visibility is not Visibility.DRAFT for t in r.teams.values() for o in t.objectives)

    def test_series(self):
        r = rollup_cycle(_main_company(), "2026-Q4", day(45))
        arr = r.objectives["2026-Q4/company/grow"].key_results[0]
        assert [(p.date, p.value) for p in arr.series] == [(day(14), 2.15e6), (day(35), 2.3e6)]
        assert [p.progress for p in arr.series] == pytest.approx([0.25, 0.5])  # 0.15 / 0.6, 0.3 / 0.6
        assert all(isinstance(p, Point) for p in arr.series)
        assert arr.current == 2.3e6
        assert arr.last_checkin == day(35)
        redesign = r.objectives["2026-Q4/mobile/quality"].key_results[0]
        assert redesign.done_milestones == ("research", "prototype")
        assert redesign.series[0].done == ("research", "prototype")
        assert redesign.series[0].progress == pytest.approx(0.5)  # 2 / 4

    def test_series_stops_at_today(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(day(10), 10), (day(20), 20), (day(50), 50)], today=day(30))
        assert [p.date for p in rolled.series] == [day(10), day(20)]  # day 50 is still to come
        assert rolled.current == 20

    def test_milestones_crossed(self):
        kr = make_kr("x", start=0, target=100)
        points = [(day(10), 30), (day(20), 60), (day(30), 40), (day(40), 100), (day(42), 120)]
        rolled = roll_with(kr, points, today=day(45))
        # progress 0.3, 0.6, 0.4, 1.0, 1.0 (120 clamped): 0.5 first reached on day 20, 1.0 on day 40
        assert rolled.crossed == {0.5: day(20), 1.0: day(40)}
        assert rolled.current == 120
        assert rolled.progress == 1.0
        assert rolled.status is Status.DONE

    def test_milestones_crossed_only_half(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(day(10), 49), (day(20), 50)], today=day(25))
        assert rolled.crossed == {0.5: day(20)}  # 0.49 then 0.5

    def test_forecast_of_a_kr(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_with(kr, [(day(10), 20), (day(20), 10)], today=day(45))
        # points (0, 0) (the start), (10, 20), (20, 10): slope 0.5 through (10, 10); at day 91: 10 + 0.5 x 81
        assert rolled.forecast == pytest.approx(50.5)
        assert rolled.forecast_progress == pytest.approx(0.505)

    def test_forecast_of_a_decrease_kr(self):
        kr = make_kr("uninstalls", Kind.DECREASE, start=1200, target=1020)
        rolled = roll_with(kr, [(day(13), 1174)], today=day(20))
        # (0, 1200), (13, 1174): -2 a day; at day 91: 1200 - 182 = 1018 -> past the target
        assert rolled.forecast == pytest.approx(1018)
        assert rolled.forecast_progress == 1.0

    def test_forecast_of_milestones_follows_progress(self):
        kr = make_kr("steps", Kind.MILESTONES, start=None, target=None,
                     milestones=[Milestone(s, s) for s in "abcd"])
        objective = make_objective("2026-Q4/mobile/app", [kr])
        checkin = make_checkin(day(50), "mobile", [(kr, 1, {"done_milestones": ("a",)})])
        r = rollup_cycle(make_company([objective], [checkin]), "2026-Q4", day(55))
        rolled = r.objectives[objective.id].key_results[0]
        # progress points (0, 0), (50, 0.25): 0.005 a day; at day 91: 0.455
        assert rolled.forecast is None
        assert rolled.forecast_progress == pytest.approx(0.455)

    def test_no_forecast_without_checkins(self):
        kr = make_kr("x", start=0, target=100)
        rolled = roll_one(kr, today=day(5))
        assert rolled.forecast is None
        assert rolled.forecast_progress is None


class TestAligned:
    def _company(self, *, flag: bool, company_progress: str, include_confidential: bool = True):
        # delight's own KR: (44 - 40) / 20 = 0.2; other's own KR: 3 / 10 = 0.3
        nps = make_kr("nps", start=40, target=60)
        delight = make_objective("2026-Q4/company/delight", [nps], progress_from_aligned=flag)
        own = make_kr("own", start=0, target=10)
        other = make_objective("2026-Q4/company/other", [own])
        # children: app 0.5 (aligned to the objective), api 0.8 (aligned to its KR)
        app_kr = make_kr("a", start=0, target=100)
        app = make_objective("2026-Q4/mobile/app", [app_kr], aligns_to=["2026-Q4/company/delight"])
        api_kr = make_kr("b", start=0, target=100)
        api = make_objective("2026-Q4/platform/api", [api_kr], aligns_to=["2026-Q4/company/delight#nps"])
        # a draft child (0.0) never counts; a confidential child (0.0) only with include_confidential
        draft_kr = make_kr("d", start=0, target=100)
        draft = make_objective("2026-Q4/mobile/draft", [draft_kr], aligns_to=["2026-Q4/company/delight"],
                               visibility=Visibility.DRAFT)
        secret_kr = make_kr("s", start=0, target=100)
        secret = make_objective("2026-Q4/platform/secret", [secret_kr], aligns_to=["2026-Q4/company/delight"],
                                visibility=Visibility.CONFIDENTIAL)
        checkins = [
            make_checkin(day(40), COMPANY, [(nps, 44), (own, 3)]),
            make_checkin(day(40), "mobile", [(app_kr, 50), (draft_kr, 0)]),
            make_checkin(day(40), "platform", [(api_kr, 80), (secret_kr, 0)]),
        ]
        defaults = Defaults(company_progress=company_progress, include_confidential=include_confidential)
        return make_company([delight, other, app, api, draft, secret], checkins, defaults=defaults)

    def test_default_uses_own_key_results(self):
        r = rollup_cycle(self._company(flag=False, company_progress="objectives"), "2026-Q4", day(45))
        assert r.objectives["2026-Q4/company/delight"].progress == pytest.approx(0.2)
        assert r.company_progress == pytest.approx(0.25)  # (0.2 + 0.3) / 2

    def test_objective_flag(self):
        r = rollup_cycle(self._company(flag=True, company_progress="objectives", include_confidential=False),
                         "2026-Q4", day(45))
        # delight takes (0.5 + 0.8) / 2 = 0.65 from app and api; other keeps 0.3
        assert r.objectives["2026-Q4/company/delight"].progress == pytest.approx(0.65)
        assert r.objectives["2026-Q4/company/other"].progress == pytest.approx(0.3)
        assert r.company_progress == pytest.approx(0.475)  # (0.65 + 0.3) / 2
        assert r.teams[COMPANY].progress == pytest.approx(0.475)

    def test_company_setting(self):
        r = rollup_cycle(self._company(flag=False, company_progress="aligned", include_confidential=False),
                         "2026-Q4", day(45))
        assert r.objectives["2026-Q4/company/delight"].progress == pytest.approx(0.65)  # (0.5 + 0.8) / 2
        assert r.objectives["2026-Q4/company/other"].progress == pytest.approx(0.3)  # no children: its own
        assert r.company_progress == pytest.approx(0.475)  # (0.65 + 0.3) / 2

    def test_confidential_child_counts_when_included(self):
        r = rollup_cycle(self._company(flag=False, company_progress="aligned", include_confidential=True),
                         "2026-Q4", day(45))
        # app 0.5, api 0.8, secret 0.0 (the draft never): 1.3 / 3
        assert r.objectives["2026-Q4/company/delight"].progress == pytest.approx(1.3 / 3)
        assert r.company_progress == pytest.approx((1.3 / 3 + 0.3) / 2)  # (0.4333 + 0.3) / 2 = 0.3667

    def test_taker_before_the_cycle_is_not_started(self):
        # on 20 September 2026-Q4 has not begun: every status is "not started" (README, Status table)
        r = rollup_cycle(self._company(flag=False, company_progress="aligned"), "2026-Q4", D(2026, 9, 20))
        assert r.objectives["2026-Q4/company/delight"].progress == 0.0  # no check-in yet: children at 0
        assert r.objectives["2026-Q4/company/other"].status is Status.NOT_STARTED  # its own KRs: not started
        assert r.company_status is Status.NOT_STARTED
        assert r.objectives["2026-Q4/company/delight"].status is Status.NOT_STARTED

    def test_yearly_objective_takes_its_quarters(self):
        year_kr = make_kr("y", start=0, target=100)
        year = make_objective("2026/company/year", [year_kr], progress_from_aligned=True)
        q_kr = make_kr("q", start=0, target=100)
        quarter = make_objective("2026-Q4/mobile/app", [q_kr], aligns_to=["2026/company/year"])
        checkin = make_checkin(day(40), "mobile", [(q_kr, 40)])
        company = make_company([year, quarter], [checkin], cycles=(Q3, Q4, YEAR))
        r = rollup_cycle(company, "2026", day(45))
        assert r.objectives["2026/company/year"].progress == pytest.approx(0.4)  # its one quarter child: 40 / 100


class TestFinalGrade:
    def _company(self, retrospective=None):
        a = make_kr("a", start=0, target=100)
        b = make_kr("b", Kind.BOOLEAN, start=None, target=None)
        objective = make_objective("2026-Q3/company/done", [a, b], retrospective=retrospective)
        checkins = [
            make_checkin(D(2026, 9, 20), COMPANY, [(a, 60)]),
            make_checkin(D(2026, 9, 25), COMPANY, [(b, 1)]),
            make_checkin(D(2026, 10, 5), COMPANY, [(a, 90)]),  # after the cycle: not counted
        ]
        return make_company([objective], checkins), objective.id

    def test_grade_is_the_progress_at_the_end(self):
        company, oid = self._company()
        r = rollup_cycle(company, "2026-Q3", D(2026, 10, 15))
        assert r.finished is True
        assert r.days_left == 0
        assert r.expected == 1.0
        o = r.objectives[oid]
        a, b = o.key_results
        assert a.current == 60  # frozen on 30 September: the 5 October value does not count
        assert a.grade == pytest.approx(0.6)  # 60 / 100
        assert b.grade == 1.0
        assert a.forecast == 60  # after the end the forecast is the final value
        assert a.forecast_progress == pytest.approx(0.6)
        assert o.computed_grade == pytest.approx(0.8)  # (0.6 + 1.0) / 2
        assert o.grade == pytest.approx(0.8)
        assert o.band is Band.DELIVERED
        assert r.teams[COMPANY].grade == pytest.approx(0.8)
        assert r.company_grade == pytest.approx(0.8)

    def test_no_grade_while_running(self):
        company, oid = self._company()
        r = rollup_cycle(company, "2026-Q3", D(2026, 9, 26))
        o = r.objectives[oid]
        assert o.computed_grade is None and o.grade is None and o.band is None
        assert o.key_results[0].grade is None

    def test_retrospective_override(self):
        company, oid = self._company(Retrospective(grade=0.5, reason="Counted ratings before the fix."))
        r = rollup_cycle(company, "2026-Q3", D(2026, 10, 15))
        o = r.objectives[oid]
        assert o.computed_grade == pytest.approx(0.8)  # (0.6 + 1.0) / 2, kept
        assert o.grade == 0.5  # the team's
        assert o.band is Band.PROGRESS
        assert r.teams[COMPANY].grade == pytest.approx(0.5)
        assert r.teams[COMPANY].band is Band.PROGRESS
        assert r.company_grade == pytest.approx(0.5)

    def test_retrospective_without_grade_keeps_the_computed_one(self):
        company, oid = self._company(Retrospective(reached="Mostly."))
        r = rollup_cycle(company, "2026-Q3", D(2026, 10, 15))
        assert r.objectives[oid].grade == pytest.approx(0.8)


# --- through the files --------------------------------------------------------


def test_base_company_from_files(project):
    company, _ = project.check()
    assert company is not None
    assert current_cycle(company.organisation, dt.date(2026, 11, 26)).id == "2026-Q4"
    r = rollup_cycle(company, "2026-Q4", dt.date(2026, 11, 26))
    # 26 November is day 56 of 2026-Q4 (Oct 31 + Nov 25), the span is 91 days
    assert r.expected == pytest.approx(56 / 91)  # 0.6154
    assert r.days_left == 35  # Dec 31 - Nov 26: 4 days to Nov 30 + 31 in December
    assert r.hidden == 0

    delight = r.objectives["2026-Q4/company/delight"]
    nps, churn = delight.key_results
    assert nps.current == 48 and nps.progress == pytest.approx(0.4)  # (48 - 40) / 20
    assert churn.current == pytest.approx(4.2) and churn.progress == pytest.approx(0.4)  # (4.2 - 5) / (3 - 5)
    assert delight.progress == pytest.approx(0.4)  # (0.4 + 0.4) / 2
    # on track from 0.95 x 0.6154 = 0.5846, at risk from 0.75 x 0.6154 = 0.4615: 0.4 is off track
    assert nps.status is Status.OFF_TRACK and churn.status is Status.OFF_TRACK
    assert delight.status is Status.OFF_TRACK
    # forecast: (0, 40), (50, 48): 0.16 a day, at day 91: 40 + 14.56 = 54.56; (54.56 - 40) / 20 = 0.728
    assert nps.forecast == pytest.approx(54.56)
    assert nps.forecast_progress == pytest.approx(0.728)
    # churn: (0, 5), (50, 4.2): -0.016 a day, at day 91: 5 - 1.456 = 3.544; -1.456 / -2 = 0.728
    assert churn.forecast == pytest.approx(3.544)
    assert churn.forecast_progress == pytest.approx(0.728)

    app = r.objectives["2026-Q4/mobile/joyful-app"]
    app_nps, uninstalls, redesign = app.key_results
    assert app_nps.progress == pytest.approx(10 / 28)  # (52 - 42) / 28 = 0.3571
    assert uninstalls.progress == pytest.approx(50 / 180)  # (1150 - 1200) / (1020 - 1200) = 0.2778
    assert redesign.progress == pytest.approx(0.5)  # 1 of 2 milestones
    assert redesign.crossed == {0.5: dt.date(2026, 11, 20)}
    assert redesign.forecast_progress == pytest.approx(0.91)  # (0, 0), (50, 0.5): 0.01 a day x 91
    # (5/14 + 5/18 + 1/2) / 3 = (45 + 35 + 63) / 126 / 3 = 143 / 378 = 0.3783
    assert app.progress == pytest.approx(143 / 378)
    assert app_nps.confidence == 0.8  # the check-in's overall confidence: does not lower anything
    # 0.357 and 0.278 are below 0.4615: off track; 0.5 is between 0.4615 and 0.5846: at risk
    assert [k.status for k in app.key_results] == [Status.OFF_TRACK, Status.OFF_TRACK, Status.AT_RISK]
    assert app.status is Status.OFF_TRACK

    assert r.teams["mobile"].progress == pytest.approx(143 / 378)  # its one objective
    assert r.teams["mobile"].status is Status.OFF_TRACK
    assert r.teams[COMPANY].progress == pytest.approx(0.4)
    assert r.company_progress == pytest.approx(0.4)  # the one company objective
    assert r.company_status is Status.OFF_TRACK  # 0.4 < 0.4615
    assert r.company_grade is None


# --- the guide's rules, example by example ------------------------------------------------------
# content/guide/writing-okrs.md, "Status, progress and grades": each test is one worked example there.
# On 15 November (day 45 of 2026-Q4) 49 % of the quarter has passed: on track from 47 %, at risk from 37 %.


class TestTheGuidesExamples:
    def test_a_cycle_with_no_objectives_yet_is_not_started_not_off_track(self):
        r = rollup_cycle(make_company([]), "2026-Q4", day(45))
        assert r.company_status is Status.NOT_STARTED and not r.teams and not r.objectives

    def test_a_team_reads_its_weakest_objective_even_when_its_mean_is_on_pace(self):
        joy_kr, speed_kr = make_kr("joy"), make_kr("speed")
        joy = make_objective("2026-Q4/mobile/joy", [joy_kr])
        speed = make_objective("2026-Q4/mobile/speed", [speed_kr])
        checkins = [make_checkin(day(40), "mobile", [(joy_kr, 60), (speed_kr, 20)])]
        r = rollup_cycle(make_company([joy, speed], checkins), "2026-Q4", day(45))
        team = r.teams["mobile"]
        assert team.progress == pytest.approx(0.4)  # (60 % + 20 %) / 2: at risk by pace alone (>= 37 %)
        assert r.objectives["2026-Q4/mobile/speed"].status is Status.OFF_TRACK
        assert team.status is Status.OFF_TRACK  # what the page shows inside it

    def test_company_progress_counts_each_objective_by_its_weight(self):
        grow_kr, delight_kr = make_kr("grow"), make_kr("delight")
        grow = make_objective("2026-Q4/company/grow", [grow_kr], weight=2)
        delight = make_objective("2026-Q4/company/delight", [delight_kr])
        checkins = [make_checkin(day(40), COMPANY, [(grow_kr, 30), (delight_kr, 60)])]
        r = rollup_cycle(make_company([grow, delight], checkins), "2026-Q4", day(45))
        assert r.company_progress == pytest.approx(0.4)  # (2 x 30 % + 60 %) / 3, not (30 % + 60 %) / 2
        assert r.company_status is Status.OFF_TRACK  # "grow" is off track (30 % < 37 %)

    def test_without_company_objectives_the_company_is_every_teams_objectives(self):
        app_kr, data_kr = make_kr("app"), make_kr("data")
        app = make_objective("2026-Q4/mobile/app", [app_kr])
        data = make_objective("2026-Q4/data/warehouse", [data_kr])
        checkins = [make_checkin(day(40), "mobile", [(app_kr, 60)]), make_checkin(day(40), "data", [(data_kr, 30)])]
        r = rollup_cycle(make_company([app, data], checkins), "2026-Q4", day(45))
        assert COMPANY not in r.teams
        assert r.company_progress == pytest.approx(0.45)  # (60 % + 30 %) / 2
        assert r.company_status is Status.OFF_TRACK  # the warehouse objective's

    def test_a_confidential_objective_counts_only_when_the_company_says_so(self):
        public_kr, secret_kr = make_kr("public"), make_kr("secret")
        public = make_objective("2026-Q4/mobile/public", [public_kr])
        secret = make_objective("2026-Q4/mobile/secret", [secret_kr], visibility=Visibility.CONFIDENTIAL)
        checkins = [make_checkin(day(40), "mobile", [(public_kr, 60), (secret_kr, 0)])]
        for include, progress, hidden in ((False, 0.6, 0), (True, 0.3, 1)):
            company = make_company([public, secret], checkins, defaults=Defaults(include_confidential=include))
            r = rollup_cycle(company, "2026-Q4", day(45))
            assert r.teams["mobile"].progress == pytest.approx(progress)
            assert r.hidden == hidden  # the page says "1 confidential objective is counted"

    @staticmethod
    def _delight(own, own_value, app_value, api_value):
        """"Delight" (its own key result `own`) taking its progress from an app and an API objective."""
        delight = make_objective("2026-Q4/company/delight", [own], progress_from_aligned=True)
        app_kr, api_kr = make_kr("a"), make_kr("b")
        app = make_objective("2026-Q4/mobile/app", [app_kr], aligns_to=["2026-Q4/company/delight"])
        api = make_objective("2026-Q4/platform/api", [api_kr], aligns_to=["2026-Q4/company/delight"])
        checkins = [make_checkin(day(40), COMPANY, [(own, own_value)]),
                    make_checkin(day(40), "mobile", [(app_kr, app_value)]),
                    make_checkin(day(40), "platform", [(api_kr, api_value)])]
        r = rollup_cycle(make_company([delight, app, api], checkins), "2026-Q4", day(45))
        return r.objectives["2026-Q4/company/delight"]

    def test_an_aligned_objective_reads_no_better_than_its_own_key_result(self):
        rolled = self._delight(make_kr("nps", start=40, target=60), 44, 50, 80)
        assert rolled.progress == pytest.approx(0.65)  # (50 % + 80 %) / 2, on pace
        assert rolled.key_results[0].status is Status.OFF_TRACK  # (44 - 40) / 20 = 20 %
        assert rolled.status is Status.OFF_TRACK

    def test_an_aligned_objective_reads_no_better_than_a_running_child(self):
        rolled = self._delight(make_kr("own"), 90, 100, 30)
        assert rolled.progress == pytest.approx(0.65)  # (100 % + 30 %) / 2
        assert rolled.status is Status.OFF_TRACK  # the api objective at 30 %

    def test_a_cycle_not_yet_begun_is_left_out_of_an_aligned_objective(self):
        year_kr = make_kr("y")
        year = make_objective("2026/company/grow", [year_kr], progress_from_aligned=True)
        q3_kr, q4_kr, q1_kr = make_kr("q3"), make_kr("q4"), make_kr("q1")
        q3 = make_objective("2026-Q3/sales/nordics", [q3_kr], aligns_to=["2026/company/grow"])
        q4 = make_objective("2026-Q4/sales/dach", [q4_kr], aligns_to=["2026/company/grow"])
        q1 = make_objective("2027-Q1/sales/uk", [q1_kr], aligns_to=["2026/company/grow"])
        checkins = [make_checkin(D(2026, 9, 20), "sales", [(q3_kr, 80)]), make_checkin(day(40), "sales", [(q4_kr, 60)])]
        q1_2027 = ("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
        company = make_company([year, q3, q4, q1], checkins, cycles=(Q3, Q4, YEAR, q1_2027))
        r = rollup_cycle(company, "2026", day(45))
        grow = r.objectives["2026/company/grow"]
        assert grow.progress == pytest.approx(0.7)  # (80 % + 60 %) / 2, not (80 % + 60 % + 0 %) / 3
        # expected on 15 November: 318 / 364 = 87 %; the Q3 objective is graded, the Q4 one is on track,
        # but 70 % is below 0.95 x 87 % and its own KR has no check-in: the objective does not read on track
        assert grow.status is not Status.ON_TRACK

    def test_a_check_in_on_the_first_day_is_where_the_trend_starts(self):
        nps = make_kr("nps", start=40, target=60)
        rolled = roll_with(nps, [(day(0), 45), (day(31), 50)])
        # the trend runs through 45 on 1 October and 50 on 1 November, not through the written 40
        assert rolled.forecast == pytest.approx(45 + 5 / 31 * 91)  # 59.7 on 31 December
        assert rolled.progress == pytest.approx(0.5)  # progress still counts from 40: (50 - 40) / 20

    def test_after_the_end_the_forecast_is_the_final_value(self):
        nps = make_kr("nps", start=40, target=60)
        rolled = roll_with(nps, [(D(2026, 8, 1), 45), (D(2026, 9, 1), 52)], today=day(10), cycle=Q3)
        assert rolled.forecast == 52  # nothing left to project
        assert rolled.grade == pytest.approx(0.6)  # (52 - 40) / 20

    def test_a_start_equal_to_its_target_is_a_level_to_hold_never_done(self):
        keep = make_kr("keep", start=50, target=50)
        above = roll_with(keep, [(day(40), 55)])
        assert (above.progress, above.status) == (1.0, Status.ON_TRACK)  # holding, not "done"
        below = roll_with(keep, [(day(40), 45)])
        assert (below.progress, below.status) == (0.0, Status.OFF_TRACK)
        down = make_kr("down", Kind.DECREASE, start=1000, target=1000)
        assert roll_with(down, [(day(40), 900)]).status is Status.ON_TRACK  # at most 1,000

    def test_a_holding_maintain_key_result_comes_along_into_the_next_cycle(self):
        from okrsite.authoring.carry import unfinished

        uptime = make_kr("uptime", Kind.MAINTAIN, start=None, target=99.9)
        done = make_kr("done")
        objective = make_objective("2026-Q3/platform/reliable", [uptime, done])
        checkins = [make_checkin(D(2026, 9, 20), "platform", [(uptime, 99.95), (done, 100)])]
        carries = unfinished(make_company([objective], checkins), "2026-Q3", day(10))
        assert [[kr.id for kr, *_ in c.key_results] for c in carries] == [["uptime"]]  # holding, never finished
