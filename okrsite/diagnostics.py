"""Problems found in the content, and the three ways `okrsite check` prints them.

A diagnostic is created from a message code; the words come from the
translation table (`i18n`), so checks never hold user-facing text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .i18n import Translator
from .model import Location

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: str  # ERROR or WARNING
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"{self.location}: {self.severity}: {self.message}.{hint}"


class Report:
    """Collects every problem, so a check shows them all at once."""

    def __init__(self, translator: Translator | None = None):
        self.translator = translator or Translator()
        self.diagnostics: list[Diagnostic] = []

    def error(self, location: Location, code: str, **args) -> None:
        self._add(location, ERROR, code, args)

    def warning(self, location: Location, code: str, **args) -> None:
        self._add(location, WARNING, code, args)

    def _add(self, location: Location, severity: str, code: str, args: dict) -> None:
        message, hint = self.translator.message(code, **args)
        self.diagnostics.append(Diagnostic(location, severity, code, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.location.path, d.location.line, d.location.col, d.code))


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def format_json(diagnostics: list[Diagnostic]) -> str:
    rows = [
        {
            "path": d.location.path, "line": d.location.line, "col": d.location.col,
            "severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint,
        }
        for d in diagnostics
    ]
    return json.dumps({"version": 1, "diagnostics": rows}, ensure_ascii=False, indent=2) + "\n"


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines."""
    lines = []
    for d in diagnostics:
        text = f"{d.message}. {d.hint}" if d.hint else f"{d.message}."
        lines.append(
            f"::{d.severity} file={_escape_property(d.location.path)},line={d.location.line},"
            f"col={d.location.col},title={_escape_property('okrsite ' + d.code)}::{_escape_data(text)}"
        )
    return "".join(f"{line}\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
