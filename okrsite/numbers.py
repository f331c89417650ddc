"""Numbers as people write them: `5_000_000`, `5.0M`, `99.9 %`, `2.6M EUR`, `1,200`.

Anything ambiguous (`1,5`, `1.200,50`, `5m`) is rejected with a reason, never
guessed at: a wrong guess would move a company's numbers silently. Every value
is finite and at most `MAX_VALUE` either way, so sums, charts and okrs.json
stay finite.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

# Magnitudes okrsite understands after a number (`4MM`, `2 miljoner`, `7 mn`): English and
# Swedish, the financial press's abbreviations included. The guide lists them (writing-okrs.md).
MAGNITUDES = {
    "k": 1e3, "K": 1e3, "thousand": 1e3, "tusen": 1e3,
    "M": 1e6, "MM": 1e6, "mn": 1e6, "Mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
    "milj": 1e6, "milj.": 1e6, "miljon": 1e6, "miljoner": 1e6,
    "B": 1e9, "bn": 1e9, "Bn": 1e9, "billion": 1e9, "billions": 1e9,
    "mdr": 1e9, "miljard": 1e9, "miljarder": 1e9,
}
# Refused, never read as a unit: they mean different things to different readers (a Swedish
# biljon is a million million, an English billion a thousand million) or are rare enough to be typos.
UNCLEAR_MAGNITUDES = ("biljon", "biljoner", "trillion", "trillions", "lakh", "crore", "MMM")
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
CURRENCY_CODES = frozenset(
    [
        "EUR", "USD", "GBP", "SEK", "NOK", "DKK", "ISK", "CHF", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "PLN",
        "CZK", "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "TRY", "AED",
    ]
)
PERCENT = "%"
MAX_VALUE = 1e15  # a thousand trillion: beyond any count or amount a company tracks, far inside a float

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?\s*
        (?P<int>\d[\d_,]*)?(?P<frac>\.\d+)?
        (?P<space>\s*)
        (?P<rest>.*)$""",
    re.VERBOSE,
)
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_UNDERSCORES = re.compile(r"^\d+(_\d+)*$")
_MAGNITUDE_WORDS = "|".join(
    re.escape(word) for word in sorted((*MAGNITUDES, *UNCLEAR_MAGNITUDES), key=len, reverse=True)
)
_MAGNITUDE = re.compile(rf"^({_MAGNITUDE_WORDS})(?![^\W\d_])\s*(?P<rest>.*)$")


class NumberError(ValueError):
    """`code` names the message in the catalogue; `args` fill it in."""

    def __init__(self, code: str, **args):
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str = ""  # "%", "ms", ...
    currency: str = ""  # ISO code


def parse_quantity(raw) -> Quantity:
    """Read one number with its optional magnitude, unit or currency."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, (dt.date, list, dict)):
        raise NumberError("not-a-number", value=_show(raw))
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise NumberError("not-finite", value=_show(raw))
        return _bounded(Quantity(float(raw)) if abs(raw) <= MAX_VALUE else None, raw)
    if not isinstance(raw, str):
        raise NumberError("not-a-number", value=_show(raw))
    text = raw.translate(_SPACES).strip()
    currency = ""
    for symbol, code in CURRENCY_SYMBOLS.items():
        if text.startswith(symbol):
            currency, text = code, text[len(symbol) :].strip()
            break
    else:
        head = text[:3]
        if head in CURRENCY_CODES and (len(text) == 3 or not text[3].isalpha()):
            currency, text = head, text[3:].strip()
    match = _NUMBER.match(text)
    if not match or not (match["int"] or match["frac"]):
        raise NumberError("not-a-number", value=raw)
    whole = match["int"] or "0"
    if "," in whole:
        if not _THOUSANDS.match(whole) or "_" in whole:
            raise NumberError("ambiguous-comma", value=raw)
        whole = whole.replace(",", "")
    elif "_" in whole:
        if not _UNDERSCORES.match(whole):
            raise NumberError("not-a-number", value=raw)
        whole = whole.replace("_", "")
    if match["rest"].startswith(","):  # 1.200,50 or 1,5 after a dot group
        raise NumberError("ambiguous-comma", value=raw)
    value = float(whole + (match["frac"] or ""))
    if match["sign"] == "-":
        value = -value
    rest = match["rest"].strip()
    if not match["space"] and rest == "m":
        raise NumberError("ambiguous-m", value=raw)
    magnitude = _MAGNITUDE.match(rest)
    if magnitude:
        factor = MAGNITUDES.get(magnitude.group(1))
        if factor is None:
            raise NumberError("unclear-magnitude", value=raw, magnitude=magnitude.group(1),
                              known=", ".join(word for word, factor in MAGNITUDES.items() if factor))
        value *= factor
        rest = magnitude["rest"].strip()
    unit = _unit(rest, raw)
    if unit in CURRENCY_CODES or unit in CURRENCY_SYMBOLS:
        if currency:
            raise NumberError("not-a-number", value=raw)
        currency, unit = CURRENCY_SYMBOLS.get(unit, unit), ""
    return _bounded(Quantity(value, unit, currency), raw)


def _bounded(quantity: Quantity | None, raw) -> Quantity:
    """Values beyond MAX_VALUE are refused: charts, sums and okrs.json stay finite."""
    if quantity is None or not math.isfinite(quantity.value) or abs(quantity.value) > MAX_VALUE:
        raise NumberError("too-large", value=_show(raw), limit="1,000,000,000,000,000")
    return quantity


def _unit(rest: str, raw: str) -> str:
    if not rest:
        return ""
    if rest in (PERCENT, "percent"):
        return PERCENT
    if rest[0].isdigit() or rest[0] in ".,_-+" or re.match(r"^[eE][-+]?\d", rest):
        raise NumberError("not-a-number", value=raw)
    return rest


def _show(raw) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    text = str(raw)
    return text if len(text) <= 40 else f"{text[:20]}...{text[-8:]} ({len(text)} characters)"


def format_number(
    value: float, unit: str = "", currency: str = "", decimals: int | None = None, decimal: str = ".", group: str = ","
) -> str:
    """A short, honest rendering: 5000000 EUR -> '5M EUR', 99.95 % -> '99.95 %'.
    `decimal` and `group` are the locale's separators (Swedish: ',' and a narrow space)."""
    magnitude = ""
    shown = value
    if abs(value) >= 1e6 and (currency or not unit):
        for suffix, factor in (("B", 1e9), ("M", 1e6)):
            if abs(value) >= factor:
                shown, magnitude = value / factor, suffix
                break
    if decimals is None:
        decimals = 0 if float(shown).is_integer() else (1 if magnitude else 2)
    text = f"{shown:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.translate({ord(","): "\0", ord("."): decimal}).replace("\0", group) + magnitude
    if currency:
        return f"{text} {currency}"
    if unit == PERCENT:
        return f"{text} %"
    return f"{text} {unit}" if unit else text
