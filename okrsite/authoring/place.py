"""Which team and cycle a new file belongs to, checked against the organisation."""

from __future__ import annotations

import datetime as dt

from ..i18n import Translator
from ..load.fields import suggest
from ..model import COMPANY, Company, Cycle
from ..rollup import current_cycle, running_cycle
from . import AuthoringError


def check_team(company: Company, team: str, t: Translator) -> None:
    teams = [COMPANY, *company.organisation.teams]
    if team not in teams:
        raise AuthoringError(t.label("new.unknown_team", team=team, suggestion=suggest(team, teams) or "–",
                                     choices=", ".join(teams)))


def check_author(company: Company, author: str | None, t: Translator) -> None:
    if author and author not in company.organisation.people:
        raise AuthoringError(t.label("checkin.unknown_author", author=author,
                                     suggestion=suggest(author, company.organisation.people) or "–"))


def cycle_to_write(company: Company, team: str, today: dt.date, given: str | None, t: Translator) -> Cycle:
    """The cycle to write in: as given, else the shortest cycle running today in which the team
    has objectives, else the company's current cycle."""
    organisation = company.organisation
    if given:
        if given not in organisation.cycles:
            raise AuthoringError(t.label("new.unknown_cycle", cycle=given, choices=", ".join(organisation.cycles)))
        return organisation.cycles[given]
    used = {o.cycle for o in company.objectives.values() if o.team == team}
    cycle = running_cycle([c for c in organisation.cycles.values() if c.id in used], today) \
        or current_cycle(organisation, today)
    if cycle is None:
        raise AuthoringError(t.label("new.no_cycle", today=today))
    return cycle
