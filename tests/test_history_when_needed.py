"""`okrsite check` asks git only for what can change a status: the day a key result was added matters
only for one without a check-in, in a running cycle older than the staleness window."""

from __future__ import annotations

import datetime as dt

from conftest import DEMO

from okrsite import git
from okrsite.diagnostics import Report
from okrsite.history import needing_added, read_history
from okrsite.validate import check


def test_only_objectives_with_a_key_result_waiting_for_its_first_check_in(demo):
    company, _ = demo
    day = dt.date(2026, 11, 20)
    needed = needing_added(company, day)
    assert needed  # the demo has a key result added late in the running cycle, without a check-in yet
    checked_in = {v.kr for c in company.checkins if c.date <= day for v in c.values}
    for objective_id in needed:
        objective = company.objectives[objective_id]
        assert any(kr.ref not in checked_in for kr in objective.key_results)
    early = min(c.start for c in company.organisation.cycles.values()) + dt.timedelta(days=3)
    assert needing_added(company, early) == []  # nothing can be stale yet


def test_the_objectives_own_history_gives_the_same_days(demo):
    company, _ = demo
    needed = needing_added(company, dt.date(2026, 11, 20))
    whole, own = read_history(DEMO), read_history(DEMO, needed)
    assert whole.available and own.available
    refs = [kr.ref for objective_id in needed for kr in company.objectives[objective_id].key_results]
    assert [own.added.get(ref) for ref in refs] == [whole.added.get(ref) for ref in refs]


def test_check_does_not_run_git_when_nothing_can_hang_on_it(demo, monkeypatch):
    company, _ = demo
    early = min(c.start for c in company.organisation.cycles.values()) + dt.timedelta(days=3)
    ran = []
    monkeypatch.setattr(git, "run", lambda *args, **kwargs: ran.append(args) or b"")
    assert check(DEMO, early, Report()) is not None
    assert ran == []
