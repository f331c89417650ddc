"""Typed reads of one YAML mapping, each problem reported where it was written.

`Fields` is how `load` turns front-matter into the model: it knows the keys a
mapping may have (and suggests one for a typo), and each getter checks a
type and returns None after reporting, so loading goes on to find the rest.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ..diagnostics import Report
from ..i18n import Term
from ..numbers import POINT, NumberError, NumberStyle, Quantity, parse_quantity
from .names import reserved_id
from .source import SourceFile

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def suggest(word: str, choices) -> str | None:
    """The closest of `choices` to `word`, for a did-you-mean."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else None


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug or "id"


def type_name(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


class Fields:
    def __init__(self, source: SourceFile, path: tuple, data: dict | None, report: Report, where: Term, known,
                 style: NumberStyle = POINT):
        self.source = source
        self.style = style  # the company's number style, for every value read here
        self.path = path
        self.data = data if data is not None else {}  # None: a file's missing front-matter
        self.report = report
        self.where = where
        self.known = known if isinstance(known, tuple) else tuple(known)
        if known is data:  # any key (a check-in's values: each is looked up as a key result instead)
            return
        allowed = set(self.known)
        for key in self.data:
            if key not in allowed:
                report.error(
                    source.key_at(*path, key),
                    "unknown-key",
                    key=key,
                    where=where,
                    suggestion=suggest(key, self.known),
                    allowed=", ".join(self.known),
                )

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str):
        return self.data.get(key)

    def at(self, key: str | None = None, *more):
        return self.source.at(*self.path, key, *more) if key is not None else self.source.at(*self.path)

    def missing(self, key: str, hint_example: str | None = None) -> None:
        self.report.error(self.at(), "missing-field", field=key, where=self.where, example=hint_example)

    def wrong_type(self, key: str, expected: str, *more) -> None:
        value = self.data.get(key)
        self.report.error(
            self.at(key, *more), "wrong-type", field=key, where=self.where, expected=expected, got=type_name(value)
        )

    def text(self, key: str, required: bool = False, example: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, example)
            return None
        if isinstance(value, (dict, list)):
            self.wrong_type(key, "text")
            return None
        if isinstance(value, bool):
            self.wrong_type(key, "text")
            return None
        text = str(value).strip()
        if required and not text:
            self.missing(key, example)
            return None
        return text

    def ident(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        return value if self.check_ident(value, key) else None

    def check_ident(self, value: str, key: str, *more) -> bool:
        if ID_PATTERN.match(value) and reserved_id(value):
            self.report.error(self.at(key, *more), "reserved-id", value=value)
            return False
        if ID_PATTERN.match(value):
            return True
        self.report.error(self.at(key, *more), "bad-id", field=key, value=value, suggestion=slugify(value))
        return False

    def idents(self, key: str) -> list[str]:
        """One id or a list of ids (references keep their own syntax)."""
        value = self.data.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        result = []
        for index, item in enumerate(items):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                result.append(str(item).strip())
            else:
                more = (index,) if isinstance(value, list) else ()
                self.report.error(
                    self.at(key, *more), "wrong-type", field=key, where=self.where, expected="an id or a list of ids",
                    got=type_name(item),
                )
        return result

    def number(self, key: str, low: float | None = None, high: float | None = None) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            quantity = self.quantity(key)
            if quantity is None:
                return None
            value = quantity.value
        if (low is not None and value < low) or (high is not None and value > high):
            self.report.error(self.at(key), "out-of-range", field=key, value=self.data[key], low=low, high=high)
            return None
        return float(value)

    def quantity(self, key: str) -> Quantity | None:
        raw = self.data.get(key)
        if raw is None:
            return None
        return self.read_quantity(key, raw, key)

    def read_quantity(self, key: str, raw, field: str) -> Quantity | None:
        """`raw`, written at `key`, in the company's number style; None after reporting."""
        try:
            typed = self.written(key) if isinstance(raw, float) and self.style.decimal == "," else None
            return parse_quantity(raw, self.style, typed)
        except NumberError as error:
            self.report.error(self.at(key), error.code, field=field, **error.args_)
            return None

    def written(self, key: str) -> str | None:
        """A plain YAML number at `key` as it was typed (`1.500`, which YAML reads as 1.5)."""
        line, col = self.source.value_position(*self.path, key)
        lines = self.source.yaml_text.split("\n")
        index = line - self.source.first_line
        if not 0 <= index < len(lines):
            return None
        typed = re.match(r"[-+]?[\d._]+", lines[index][col - 1 :])
        return typed.group(0) if typed else None

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, "2026-11-20")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        elif not isinstance(value, (int, float)):
            self.wrong_type(key, "a date (YYYY-MM-DD)")
            return None
        self.report.error(self.at(key), "bad-date", field=key, value=value)
        return None

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.wrong_type(key, "true or false")
        return default

    def choice(self, key: str, choices, default: str) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if str(value) in choices:
            return str(value)
        self.report.error(
            self.at(key), "bad-choice", field=key, value=value, choices=", ".join(choices),
            suggestion=suggest(value, choices),
        )
        return default

    def mapping(self, key: str, where: Term, known) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key, "a mapping (key: value lines)")
            return None
        return Fields(self.source, self.path + (key,), value, self.report, where, known, self.style)

    def list(self, key: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(key, "a list")
            return []
        return value

    def child(self, key: str, index: int, where: Term, known) -> Fields | None:
        """The mapping at `key[index]`, or None after reporting its type."""
        value = self.data[key][index]
        if not isinstance(value, dict):
            self.report.error(
                self.at(key, index), "wrong-type", field=f"{key}[{index + 1}]", where=self.where,
                expected="a mapping (key: value lines)", got=type_name(value),
            )
            return None
        return Fields(self.source, self.path + (key, index), value, self.report, where, known, self.style)
