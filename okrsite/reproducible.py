"""Reproducible builds: the same content and `today` give the same bytes.

MkDocs stamps the build date into `sitemap.xml` (each page's lastmod) and
the gzip header of `sitemap.xml.gz`, taken from the clock unless the
`SOURCE_DATE_EPOCH` variable (reproducible-builds.org) says otherwise. The
build's date is `today`, so that is what the stamp says: midnight UTC of
`today`, unless the caller set `SOURCE_DATE_EPOCH` already.
"""

from __future__ import annotations

import calendar
import datetime as dt

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch(today: dt.date) -> str:
    """Seconds since 1970 at midnight UTC of `today`, as the variable wants them, within what a
    gzip header holds (1970 to 2106): a cycle in year 9999 still builds."""
    return str(min(max(calendar.timegm(today.timetuple()), 0), 2**32 - 1))


def pin_build_date(environ, today: dt.date) -> str:
    """Set SOURCE_DATE_EPOCH in `environ` from `today` unless it is set; the value in force."""
    given = environ.get(VARIABLE, "").strip()
    if given.isdigit():
        return given
    environ[VARIABLE] = source_date_epoch(today)
    return environ[VARIABLE]
