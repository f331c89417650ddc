"""Read one content file: UTF-8 text, YAML front-matter with a location for
every key and value, and the Markdown body.

YAML is composed with PyYAML's C loader where present and constructed with
the safe constructor only. Documents that would expand into huge trees
(alias bombs) or nest absurdly deep are refused before construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..diagnostics import Report
from ..model import Location

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_NODES = 200_000  # after alias expansion
MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024

KeyPath = tuple  # of str keys and int indices


@dataclass
class SourceFile:
    """One file's data, and where each part of it was written."""

    shown: str  # the path as shown in messages
    rel: str  # POSIX path below the content folder
    meta: dict | None = None  # the front-matter, or the whole YAML file
    body: str = ""
    body_line: int = 1  # the file line of the body's first line
    value_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def at(self, *path) -> Location:
        """The location of the value at `path`, or of its nearest parent."""
        return self._locate(self.value_marks, path)

    def key_at(self, *path) -> Location:
        """The location of the key at `path` (for unknown or duplicate keys)."""
        return self._locate(self.key_marks, path)

    def line(self, number: int) -> Location:
        return Location(self.shown, number, 1)

    def _locate(self, marks, path) -> Location:
        path = tuple(path)
        while path:
            if path in marks:
                line, col = marks[path]
                return Location(self.shown, line, col)
            if path in self.value_marks:
                line, col = self.value_marks[path]
                return Location(self.shown, line, col)
            path = path[:-1]
        return Location(self.shown, 1, 1)


def read_text(path: Path, shown: str, report: Report) -> str | None:
    """The file's text, or None after reporting why it can't be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(Location(shown), "file-too-large", size=f"{size / 1e6:.1f} MB", limit="5 MB")
            return None
        data = path.read_bytes()
    except OSError as error:
        report.error(Location(shown), "unreadable", reason=error.strerror or str(error))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.error(Location(shown, line, col), "not-utf8", byte=f"0x{data[error.start]:02x}")
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.error(Location(shown), "empty-file")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_markdown(path: Path, shown: str, rel: str, report: Report) -> SourceFile | None:
    """Split front-matter from body; `meta` stays None for a page without it."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    source = SourceFile(shown, rel, body=text)
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return source
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        report.error(Location(shown), "unclosed-front-matter")
        return None
    source.body = "\n".join(lines[index + 1 :])
    source.body_line = index + 2
    yaml_text = "\n".join(lines[1:index])
    if not yaml_text.strip():
        source.meta = {}
        return source
    if not _parse_yaml(source, yaml_text, first_line=2, report=report):
        return None
    return source


def read_yaml(path: Path, shown: str, rel: str, report: Report) -> SourceFile | None:
    text = read_text(path, shown, report)
    if text is None:
        return None
    source = SourceFile(shown, rel)
    return source if _parse_yaml(source, text, first_line=1, report=report) else None


def _parse_yaml(source: SourceFile, text: str, first_line: int, report: Report) -> bool:
    def located(mark) -> Location:
        return Location(source.shown, mark.line + first_line, mark.column + 1)

    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "unreadable YAML"
        report.error(located(mark) if mark else Location(source.shown), "yaml-syntax", problem=problem)
        return False
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        report.error(Location(source.shown, first_line), "yaml-syntax", problem=str(error).split("\n")[0])
        return False
    if node is None:
        source.meta = {}
        return True
    if not isinstance(node, yaml.MappingNode):
        report.error(located(node.start_mark), "front-matter-not-mapping")
        return False
    too_big = _too_big(node)
    if too_big:
        report.error(located(node.start_mark), too_big, limit=MAX_DEPTH if too_big == "yaml-too-deep" else MAX_NODES)
        return False
    try:
        data = SafeConstructor().construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        report.error(located(mark) if mark else Location(source.shown), "yaml-value", problem=error.problem or error.context)
        return False
    except (ValueError, TypeError, OverflowError) as error:  # e.g. an impossible date
        report.error(located(node.start_mark), "yaml-value", problem=str(error))
        return False
    source.meta = data
    _mark(node, (), source, first_line, report, located)
    return True


def _too_big(root) -> str | None:
    """Count nodes as construction would expand them, without expanding."""
    sizes: dict[int, int] = {}
    stack = [(root, 1, False)]
    while stack:
        node, depth, expanded = stack.pop()
        if depth > MAX_DEPTH:
            return "yaml-too-deep"
        if id(node) in sizes:
            continue
        children = _children(node)
        if not expanded and children:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        if size > MAX_NODES:
            return "yaml-too-large"
        sizes[id(node)] = size
    return None


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mark(node, path: KeyPath, source: SourceFile, first_line: int, report: Report, located) -> None:
    """Record where every key and value was written; flag duplicate keys."""
    source.value_marks.setdefault(path, (node.start_mark.line + first_line, node.start_mark.column + 1))
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _mark(child, path + (index,), source, first_line, report, located)
    elif isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = _scalar_key(key_node)
            if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
                report.error(located(key_node.start_mark), "duplicate-key", key=key)
            seen.add(key)
            child_path = path + (key,)
            if child_path in source.key_marks:
                continue  # an alias reached the same place again
            source.key_marks[child_path] = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            _mark(value_node, child_path, source, first_line, report, located)


def _scalar_key(node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value.replace("_", ""))
            except ValueError:
                return node.value
        return node.value
    return repr(node)
