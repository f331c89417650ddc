"""Problems found in the content, and the four ways `okrsite check` prints them.

A diagnostic is created from a message code; the words come from the
translation table (`i18n`), so checks never hold user-facing text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .i18n import Translator
from .model import Location

ERROR = "error"
WARNING = "warning"
# The order files are read in, and depend on each other: the organisation, objectives, check-ins, the rest.
RANK_ORGANISATION, RANK_OBJECTIVE, RANK_CHECKIN, RANK_OTHER = range(4)


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
        self.ranks: dict[str, int] = {}  # path -> what the others depend on first (see `sorted`)
        self._said: set = set()

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

    def first_time(self, key) -> bool:
        """True once per key: a problem shared by many files (their folder) is said once."""
        if key in self._said:
            return False
        self._said.add(key)
        return True

    def sorted(self) -> list[Diagnostic]:
        """Causes first, so that a reader who fixes the first line first fixes the cause: errors before
        warnings; then okrsite.yml, objectives, check-ins, pages (the loader's `ranks`: each file is
        read against the ones before it); then by place in the file."""
        return sorted(self.diagnostics, key=lambda d: (d.severity != ERROR, self.ranks.get(d.location.path, RANK_OTHER),
                                                       d.location.path, d.location.line, d.location.col, d.code))


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def format_json(diagnostics: list[Diagnostic]) -> str:
    import json  # here, as in format_gitlab: the text report, a check's usual one, needs neither module

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


def format_gitlab(diagnostics: list[Diagnostic]) -> str:
    """A GitLab code-quality report: the merge request shows each problem on its line. The fingerprint
    leaves out the line, so a problem that only moves down the file is the same problem, not a new one."""
    import hashlib
    import json

    rows: list[dict] = []
    seen: dict[str, int] = {}
    for d in diagnostics:
        identity = f"{d.location.path}\0{d.code}\0{d.message}"
        seen[identity] = seen.get(identity, 0) + 1
        rows.append({
            "description": f"{d.message}. {d.hint}" if d.hint else f"{d.message}.",
            "check_name": d.code,
            "fingerprint": hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest(),
            "severity": "major" if d.severity == ERROR else "minor",
            "location": {"path": _from_here(d.location.path), "lines": {"begin": max(1, d.location.line)}},
        })
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _from_here(path: str) -> str:
    """GitLab wants a path from the repository's root, where CI runs okrsite: `--content /abs/content`
    is made relative to it when it lies below."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": format_text, "json": format_json, "github": format_github, "gitlab": format_gitlab}
