"""How values are spelled: for readers in their language, and back into a content file.

A key result's value and target, how far a value moved, progress changes in
points, percentages, grades and dates, each through the Translator's
`format` table (decimal mark, grouping, month names). `written_*` spell a
value the way the loader reads it back exactly, in any language.
No Jinja here: the site's templates, the charts, the digest, the feeds, the
exports, the summary and the diff all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

from .model import KeyResult, Kind
from .numbers import POINT, NumberError, NumberStyle, Quantity, format_number, parse_quantity


class Translator(Protocol):
    """What spelling needs of okrsite.i18n.Translator (which calls this module): its words and
    its language's `format` table. Named here so that this module stays below i18n."""

    def label(self, key: str, **args) -> str: ...

    def format(self, key: str): ...


# --- for readers ------------------------------------------------------------------


def number_text(value: float, t: Translator, unit: str = "", currency: str = "", decimals: int | None = None) -> str:
    """5000000 EUR -> '5M EUR'; 1200 -> '1,200' (Swedish: '1 200')."""
    return format_number(value, unit, currency, decimals, t.format("decimal"), t.format("group"))


def grade_text(grade: float, t: Translator) -> str:
    """Grades are read in tenths: 0.7, 1.0 (0,7 in Swedish)."""
    return f"{grade:.1f}".replace(".", t.format("decimal"))


def percent_text(share: float, t: Translator) -> str:
    """0.615 -> '62%' (or '62 %'): whole percents read best beside a bar."""
    return t.format("percent").format(value=f"{share * 100:.0f}")


def date_text(day: dt.date, t: Translator, year: bool = True) -> str:
    month = t.format("months")[day.month - 1]
    return t.format("date" if year else "date_short").format(day=day.day, month=month, year=day.year)


def value_text(kr: KeyResult, value: float | None, t: Translator) -> str:
    """A key result's value as people read it: '52', '2.3M EUR', '99.7 %', 'done', '2 of 4'."""
    if kr.kind is Kind.BOOLEAN:
        return t.label("value.done") if value else t.label("value.not_done")
    if kr.kind is Kind.MILESTONES:
        return t.label("value.steps", done=int(value or 0), total=len(kr.milestones))
    if value is None:
        return "–"
    return number_text(value, t, kr.unit, kr.currency)


def forecast_text(kr: KeyResult, forecast: float, written: Iterable[float], t: Translator) -> str:
    """A forecast to the precision people wrote its start, target and check-ins: a forecast of a
    count is a whole number (993 uninstalls, not 992.52), of 99.95 % two decimals at most."""
    places = max((_decimals(v) for v in (kr.start, kr.target, *written) if v is not None), default=0)
    return value_text(kr, round(forecast, places), t)


def _decimals(value: float) -> int:
    """How many decimals a value read from a file has (2000000.0: 0; 4.25: 2), at most 6."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return min(6, max(0, -exponent)) if isinstance(exponent, int) else 0


def target_text(kr: KeyResult, t: Translator) -> str:
    """'50', '≥ 99.5 %', 'done', '4 of 4'; '–' when there is none."""
    if kr.kind is Kind.BOOLEAN:
        return t.label("value.done")
    if kr.kind is Kind.MILESTONES:
        return t.label("value.steps", done=len(kr.milestones), total=len(kr.milestones))
    if kr.target is None:
        return "–"
    shown = number_text(kr.target, t, kr.unit, kr.currency)
    if kr.kind is Kind.MAINTAIN:
        return ("≥ " if kr.maintain_above else "≤ ") + shown
    return shown


def change_text(kr: KeyResult, before: float | None, after: float, t: Translator) -> str:
    """'+4', '−50', '+0.3M EUR': how far a numeric value moved ('' for checklists and yes/no)."""
    if before is None or kr.kind in (Kind.BOOLEAN, Kind.MILESTONES) or after == before:
        return ""
    sign = "+" if after > before else "−"
    return sign + number_text(abs(after - before), t, kr.unit, kr.currency)


def points_text(change: float, t: Translator) -> str:
    """A progress change in percentage points: '+14 pts'."""
    value = round(change * 100)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return t.label("digest.points", change=f"{sign}{abs(value)}")


# --- back into a file ---------------------------------------------------------------


def written_number(value: float, style: NumberStyle = POINT) -> float | int | str:
    """A bare number as people write it in the company's style (55.5M, 55,5M, 1,5) when that reads
    back exactly, else the plain number (a decimal comma's 1,125 is ambiguous: 1,1250)."""
    short = format_number(value, decimal=style.decimal, group="")
    if _reads_back(short, value, style) and short != format(value, ".15g"):
        return short
    if style.decimal != "." and not float(value).is_integer():  # YAML would read 1.5 as a float: spell it
        spelled = style.spell(value)
        for text in (spelled, spelled + "0"):
            if _reads_back(text, value, style):
                return text
    return int(value) if float(value).is_integer() else value


def _reads_back(text: str, value: float, style: NumberStyle) -> bool:
    try:
        return parse_quantity(text, style).value == value
    except NumberError:
        return False


def written_quantity(value: float, unit: str = "", currency: str = "", style: NumberStyle = POINT) -> int | float | str:
    """A number with its unit or currency, spelled so that the loader reads back the same value,
    unit and currency: '2.6M SEK', '400000 NOK', '99.7 %', '280 ms' ('2,6M SEK', '99,7 %' with a
    decimal comma). When no spelling does (a unit such as 'k' reads as a magnitude), the bare
    number: the key result declares the unit."""
    short = written_number(value, style)
    if not unit and not currency:
        return short
    text = short if isinstance(short, str) else plain_number(short)
    text += f" {currency}" if currency else f" {unit}"
    try:
        if parse_quantity(text, style) == Quantity(value, unit if not currency else "", currency):
            return text
    except NumberError:
        pass
    return short


def plain_number(value: float | int) -> str:
    """Every digit of a number and no exponent: YAML reads 1e+16 as text, the loader not at all."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
