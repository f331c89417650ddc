"""Which day the site and the commands evaluate at: the one place that reads the clock.

`--today` or the plugin's `today` option, else $OKRSITE_TODAY, else the real date.
Everything after this takes the day as an argument, so the same content and day
always give the same site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

TODAY_VARIABLE = "OKRSITE_TODAY"


def resolve_today(given: str | None, environment: Mapping[str, str]) -> dt.date:
    """The date to evaluate at: as given, else $OKRSITE_TODAY, else the real date.
    Raises ValueError naming where a malformed date came from."""
    text = given or environment.get(TODAY_VARIABLE)
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        source = "today" if given else TODAY_VARIABLE
        raise ValueError(f"{source} must be a date as YYYY-MM-DD, not {text!r}") from None
