"""A value spelled the way the loader reads it back: a YAML scalar or flow list in a
file's front-matter, and a key result's value with its unit and currency
(`okrsite.format` spells the numbers, `okrsite.numbers` reads them)."""

from __future__ import annotations

import json
import re

import yaml

from ..format import plain_number, written_quantity
from ..model import KeyResult, Kind
from ..numbers import POINT, NumberStyle

_NEEDS_QUOTES = re.compile(r":\s|\s#|^[-?:,\[\]{}#&*!|>'\"%@`]|[,\[\]{}]")
# A number in a decimal comma's style with its unit (`1,5`, `-0,5 %`, `2,6M SEK`): plain text to YAML
# in a `key: value` line, written unquoted as people type it.
_STYLED_NUMBER = re.compile(r"-?\d[\d ]*(,\d+)?( ?[A-Za-z%]+( [A-Z]{3})?)?")


def yaml_value(value) -> str:
    """A YAML scalar or flow list that YAML reads back as `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    text = str(value)
    try:
        plain = "\n" not in text and text == text.strip() and yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    if plain and not _NEEDS_QUOTES.search(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def checkin_value(kr: KeyResult, value: float | None, done: tuple[str, ...] = (), style: NumberStyle = POINT
                  ) -> str | None:
    """A key result's value as a check-in's `values:` entry, in the company's number style:
    `2.6M SEK` (`2,6M SEK`), `true`, the milestones done by title; None when there is none yet."""
    if kr.kind is Kind.MILESTONES:
        return yaml_value([m.title for m in kr.milestones if m.id in done])
    if kr.kind is Kind.BOOLEAN:
        return "true" if value else "false"
    return None if value is None else block_value(written_quantity(value, kr.unit, kr.currency, style))


def written_target(kr: KeyResult, style: NumberStyle = POINT) -> str | None:
    """A numeric key result's target with its unit and currency, for a note beside its value."""
    return None if kr.target is None else block_value(written_quantity(kr.target, kr.unit, kr.currency, style))


def block_value(value) -> str:
    """`yaml_value`, leaving a number in the company's style unquoted after `key: ` (`1,5 %`)."""
    styled = isinstance(value, str) and "," in value and _STYLED_NUMBER.fullmatch(value)
    return value if styled and yaml.safe_load(f"v: {value}") == {"v": value} else yaml_value(value)
