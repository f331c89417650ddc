"""Numbers as people write them: `5_000_000`, `5.0M`, `99.9 %`, `2.6M EUR`, `1,200`.

A company declares a number style (`okrsite.yml` `number_style`): `1,234.5` (a decimal point,
commas between thousands) or `1 234,5` (a decimal comma, spaces between thousands). Anything
ambiguous in that style (`1,5` with a decimal point, `1,500` or `1.500` with a decimal comma,
`5m`) is rejected with its readings, never guessed at: a wrong guess would move a company's
numbers silently. Every value is finite and at most `MAX_VALUE` either way, so sums, charts
and okrs.json stay finite.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

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
# With a decimal comma: digits and their separators; a space belongs to the number before a digit only.
_COMMA_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?\s*
        (?P<num>\d(?:[\d_.,]|\s(?=\d))*|[.,]\d+)
        (?P<space>\s*)
        (?P<rest>.*)$""",
    re.VERBOSE,
)
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
# The usual value with a decimal point, read at once: ASCII digits, commas between thousands, a percent.
_PLAIN = re.compile(r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?(?P<percent> ?%)?")
_UNDERSCORES = re.compile(r"^\d+(_\d+)*$")
_MAGNITUDE_WORDS = "|".join(
    re.escape(word) for word in sorted((*MAGNITUDES, *UNCLEAR_MAGNITUDES), key=len, reverse=True)
)
_MAGNITUDE = re.compile(rf"^({_MAGNITUDE_WORDS})(?![^\W\d_])\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class NumberStyle:
    """How a company writes numbers; `name` is how okrsite.yml declares it, by example."""

    name: str
    decimal: str  # "." or ","
    group: str  # between thousands, as okrsite writes them into files

    def spell(self, value: float) -> str:
        """Every digit, grouped, no magnitude and no exponent: 1500 -> '1 500', 1.5 -> '1,5'."""
        text = format(Decimal(repr(float(value))), "f")
        whole, _, fraction = text.partition(".")
        sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)][::-1]
        fraction = fraction.rstrip("0")
        return sign + self.group.join(groups) + (self.decimal + fraction if fraction else "")


POINT = NumberStyle("1,234.5", ".", ",")
COMMA = NumberStyle("1 234,5", ",", " ")
STYLES = {style.name: style for style in (POINT, COMMA)}


def style_with_decimal(decimal: str) -> NumberStyle:
    """The style of a language whose decimal mark is `decimal` (its locale's `format.decimal`)."""
    return COMMA if decimal == "," else POINT


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


def parse_quantity(raw, style: NumberStyle = POINT, written: str | None = None) -> Quantity:
    """Read one number with its optional magnitude, unit or currency, in the company's style.
    `written` is the text a YAML float was written as: with a decimal comma `1.500` is ambiguous,
    though YAML has read it as 1.5 already."""
    kind = type(raw)
    if kind is float and written is not None and style.decimal == ",":
        return _parse_text(written.strip(), style.decimal)
    if kind is str:
        return _parse_text(raw, style.decimal)
    if kind is int or kind is float:  # the usual types first, before the checks for every other
        return _plain_number(raw)
    if isinstance(raw, str):
        return _parse_text(raw, style.decimal)
    if isinstance(raw, bool) or raw is None or isinstance(raw, (dt.date, list, dict)):
        raise NumberError("not-a-number", value=_show(raw))
    if isinstance(raw, (int, float)):
        return _plain_number(raw)
    raise NumberError("not-a-number", value=_show(raw))


@functools.lru_cache(maxsize=4096, typed=True)  # typed: 1, 1.0 (and True) are one key otherwise
def _plain_number(raw: int | float) -> Quantity:
    """A YAML number: checked and made once per value, as text is (`_parse_text`)."""
    if isinstance(raw, float) and not math.isfinite(raw):
        raise NumberError("not-finite", value=_show(raw))
    return _bounded(Quantity(float(raw)) if abs(raw) <= MAX_VALUE else None, raw)


@functools.lru_cache(maxsize=16384)  # a value is often checked in again unchanged, week after week
def _parse_text(raw: str, decimal: str) -> Quantity:
    """`raw` in the style whose decimal mark is `decimal` (a text key: a style's hash is a Python call)."""
    if decimal == "." and (plain := _PLAIN.fullmatch(raw)):  # `42`, `1,863`, `58.3 %`: what the long way reads
        return _bounded(Quantity(float(plain["whole"].replace(",", "") + (plain["frac"] or "")),
                                 PERCENT if plain["percent"] else ""), raw)
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
    if decimal == ",":
        match = _COMMA_NUMBER.match(text)
        if not match:
            raise NumberError("not-a-number", value=raw, examples=_EXAMPLES[COMMA.name])
        value = _decimal_comma(match["num"], raw)
    else:
        match = _NUMBER.match(text)
        if not match or not (match["int"] or match["frac"]):
            raise NumberError("not-a-number", value=raw)
        value = _decimal_point(match, raw)
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


_EXAMPLES = {POINT.name: "42, 1,200, 5.0M, 99.9 % or 2.6M EUR", COMMA.name: "42, 1 200, 5,0M, 99,9 % or 2,6M SEK"}


def _decimal_point(match: re.Match, raw) -> float:
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
    return float(whole + (match["frac"] or ""))


def _decimal_comma(number: str, raw) -> float:
    """`1 234,5`, `-0,5`, `20 000`; a dot is read as a decimal point only where it cannot be a
    thousands dot (`1.5`, `0.250`). `1,500` and `1.500` could each be 1,5 or 1 500: refused with both."""
    parts = re.split(r"([ _.,])", "0" + number if number[0] in ".," else number)
    digits, marks = parts[0::2], parts[1::2]
    if not all(digits):  # two marks in a row, or one at the end: `52.`, `1,,5`
        raise NumberError("not-a-number", value=raw, examples=_EXAMPLES[COMMA.name])
    commas, dots = marks.count(","), marks.count(".")
    if commas > 1 or (commas and dots and marks[-1] == "."):  # 1,500,000 or 1,500.5: a decimal point's habit
        _other_style(digits, marks, ",", ".", raw)
    if dots > 1 or (dots and commas):  # 1.500.000 or 1.234,5: dots between thousands
        _other_style(digits, marks, ".", ",", raw)
    fraction = digits[-1] if marks and marks[-1] in ".," else ""
    whole = digits[:-1] if fraction else digits
    if not _grouped(whole, marks[: len(whole) - 1]):
        raise NumberError("not-a-number", value=raw, examples=_EXAMPLES[COMMA.name])
    value = float("".join(whole) + "." + (fraction or "0"))
    thousands = float("".join(whole) + fraction)
    if len(fraction) == 3 and len(whole) == 1 and len(whole[0]) <= 3 and whole[0].strip("0"):
        as_written = (COMMA.spell(value), COMMA.spell(thousands))
        raise NumberError("ambiguous-number", value=raw, style=COMMA.name, first=as_written[marks[-1] == "."],
                          second=as_written[marks[-1] == ","])
    return value


def _grouped(digits: list[str], marks: list[str]) -> bool:
    """Digits between spaces or underscores in groups of three after the first (`20 000`), or none."""
    return all(mark in " _" for mark in marks) and (
        not marks or (1 <= len(digits[0]) <= 3 and all(len(group) == 3 for group in digits[1:])))


def _other_style(digits: list[str], marks: list[str], group: str, decimal: str, raw) -> None:
    """A number written in the other style (`1,500,000` or `1.234,5` with a decimal comma): refused, with
    how it reads in the company's style when it is well formed in the other."""
    whole = digits[: marks.index(decimal) + 1] if decimal in marks else digits
    fraction = digits[len(whole)] if decimal in marks else ""
    sane = marks.count(decimal) <= 1 and (decimal not in marks or marks[-1] == decimal)
    if sane and _grouped(whole, [" " if mark == group else mark for mark in marks[: len(whole) - 1]]):
        value = float("".join(whole) + "." + (fraction or "0"))
        raise NumberError("number-other-style", value=raw, style=COMMA.name, reading=COMMA.spell(value))
    raise NumberError("not-a-number", value=raw, examples=_EXAMPLES[COMMA.name])


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
