"""The one place for user-facing words: labels and diagnostic messages.

Each language is a YAML file in `locales/`; missing entries fall back to
English, so a partial translation still works. A label that counts something
is a mapping of plural forms (`one:`, `other:`), chosen by `count` with the
language's CLDR plural rule.
"""

from __future__ import annotations

import copy
import datetime as dt
import string
from functools import cache
from pathlib import Path

import yaml

from . import format as spelling

DEFAULT_LANGUAGE = "en"
# libyaml reads the tables ten times faster than PyYAML's Python parser: every command starts with them.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The tables beside this module: importlib.resources would load tempfile, zipfile and more at every start.
LOCALES = Path(__file__).with_name("locales")
TERM_FIELDS = ("where", "kind", "expected", "got")
# A word of okrsite's own in a message, translated through `terms`: a phrase, or a phrase
# with fields of its own, e.g. ("team '{team}'", {"team": "web"}).
Term = str | tuple[str, dict[str, str]]


def plural_form(language: str, count) -> str:
    """The CLDR plural category of `count`. English and Swedish share one rule: "one" for exactly 1
    (a whole number, no decimals shown), "other" for everything else (0, 2, 1.5). A language with
    more forms adds its rule here."""
    return "one" if isinstance(count, int) and count == 1 else "other"


@cache
def _table(language: str) -> dict:
    try:
        text = (LOCALES / f"{language}.yml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return yaml.load(text, Loader=_Loader) or {}


def languages() -> tuple[str, ...]:
    """Every language okrsite has a table for, English first."""
    found = sorted(entry.name.removesuffix(".yml") for entry in LOCALES.iterdir() if entry.name.endswith(".yml"))
    return (DEFAULT_LANGUAGE, *(language for language in found if language != DEFAULT_LANGUAGE))


@cache
def reading_words(by_language: bool = False) -> dict:
    """The words a check-in's body is read with (its headings, `due`), in every language, English
    first: {section: words}, or with `by_language` {language: {section: words}}."""
    if by_language:
        return {language: _table(language).get("reading") or {} for language in languages()}
    words: dict[str, tuple[str, ...]] = {}
    for language in languages():
        for name, spelled in (_table(language).get("reading") or {}).items():
            words[name] = words.get(name, ()) + tuple(w for w in spelled if w not in words.get(name, ()))
    return words


# The texts `okrsite new` writes for a person to replace (labels of every language).
PLACEHOLDER_LABELS = ("new.objective_title", "new.objective_body", "new.example_kr_increase", "new.example_kr_boolean")


@cache
def placeholders() -> frozenset[str]:
    """The file templates' placeholder texts, in every language."""
    return frozenset(text for language in languages() for key in PLACEHOLDER_LABELS
                     if isinstance(text := (_table(language).get("labels") or {}).get(key), str))


class Translator:
    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = language if _table(language) else DEFAULT_LANGUAGE
        self._own = _table(self.language)
        self._fallback = _table(DEFAULT_LANGUAGE)
        self._numbers: dict[str, str] = {}  # a declared number style's marks, over the language's

    def _lookup(self, section: str, key: str):
        own = self._own.get(section, {})
        return own[key] if key in own else self._fallback.get(section, {}).get(key)

    def label(self, key: str, **args) -> str:
        text = self._lookup("labels", key)
        if text is None:
            raise KeyError(f"no label {key!r} in the translation table")
        if isinstance(text, dict):  # plural forms, by the count
            text = text.get(plural_form(self.language, args.get("count"))) or text["other"]
        return text.format(**args) if args else text

    def format(self, key: str):
        return self._numbers.get(key) or self._lookup("format", key)

    def numbers_in(self, style) -> Translator:
        """This translator spelling numbers in a company's declared style (a `numbers.NumberStyle`)
        where it is not its language's own: what the site prints, people type back."""
        if style.decimal == self._lookup("format", "decimal"):
            return self
        spelled = copy.copy(self)
        spelled._numbers = {"decimal": style.decimal, "group": "\u202f" if style.decimal == "," else ","}
        return spelled

    # The spelling of numbers, grades, percentages and dates is okrsite.format's; these
    # keep the short calls (t.percent(x)) the templates and pages use.
    def number(self, value: float, unit: str = "", currency: str = "", decimals: int | None = None) -> str:
        return spelling.number_text(value, self, unit, currency, decimals)

    def grade(self, grade: float) -> str:
        return spelling.grade_text(grade, self)

    def percent(self, share: float) -> str:
        return spelling.percent_text(share, self)

    def date(self, day: dt.date, year: bool = True) -> str:
        return spelling.date_text(day, self, year)

    def message(self, code: str, **args) -> tuple[str, str]:
        """The message for a diagnostic code, and the first hint whose fields are all given.

        Fields that name a thing okrsite knows (where, kind, expected, got) are
        words of okrsite's own, translated through the `terms` table."""
        entry = self._lookup("messages", code)
        if entry is None:
            raise KeyError(f"no message {code!r} in the translation table")
        for name in TERM_FIELDS:
            value = args.get(name)
            if isinstance(value, tuple):  # a term with fields of its own: ("team '{team}'", {"team": "web"})
                phrase, fields = value
                args[name] = (self._lookup("terms", phrase) or phrase).format(**fields)
            elif isinstance(value, str):
                args[name] = self._lookup("terms", value) or value
        given = {name: value for name, value in args.items() if value not in (None, "", [])}
        message = entry["message"]
        if isinstance(message, dict):  # plural forms, by the count
            message = message.get(plural_form(self.language, args.get("count"))) or message["other"]
        message = message.format(**args)
        for hint in entry.get("hints", []):
            if _fields(hint) <= given.keys():
                return message, hint.format(**given)
        return message, ""


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
