"""A fast reader for the front-matter people really write, giving exactly what the YAML loader gives.

Why: parsing YAML with libyaml and building its nodes was the largest part of `okrsite check`
on a large company, and CI checks a fresh clone, so a cache between runs would not help there.
Nearly every content file is written in a few shapes: `key: scalar` lines (with a `# comment`),
nested block mappings, block lists (`- item`, `- id: x` with more keys below), and one-line
flow lists and mappings of scalars (`[a, b]`, `{value: "1,248", note: text}`).

This reader knows only those shapes. Each scalar is resolved with PyYAML's own implicit
resolvers and built by the loader's own constructors (`construct(tag, text)`), so the values and
their types are those of the loader. It gives up (None) on anything else, and the caller then
takes the YAML loader, which also writes every message: tabs, CR, control or BOM characters,
anchors, aliases, tags, block scalars (`|`, `>`), a plain scalar running over lines, escapes in
double quotes, quoted or non-text keys, duplicate keys, flow collections over several lines,
document markers or directives, a line it does not expect at its indentation. Wrong YAML always
falls back, so errors read the same.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from yaml.resolver import Resolver

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
FLOAT_TAG = "tag:yaml.org,2002:float"
BUILT = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp"))
MAX_DEPTH = 16
MAX_KEY = 1000  # libyaml refuses a key whose `:` is over 1,024 characters from its start

# Characters libyaml refuses or reads as a line end, tabs; and the starts of lines that open a document or a
# directive (found with `in`, far quicker than a regex trying `^` at each character).
_UNUSUAL = re.compile("[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff]")
_MARKERS = ("---", "...", "%")  # each also spelled out after "\n" in `parse`
# `key: rest` or `key:` at an indentation; a key is plain text without `:` or `#` and no indicator first.
_KEY_LINE = re.compile(r"( *)([^ #'\"\[\]{},&*!|>%@`?:\-](?:[^:#]*[^ :#])?) *:(?: +(.*[^ ])?)? *$")
# `_KEY_LINE` for every line of a text at once: (indentation, key, ` *:`, spaces, value); no part runs over a line.
_FLAT_LINE = re.compile(r"^( *)([^ #'\"\[\]{},&*!|>%@`?:\-\n](?:[^:#\n]*[^ :#\n])?)( *:)(?:( +)(.*[^ \n]))? *$",
                        re.MULTILINE)
_PLAIN_START = frozenset("#'\"[]{},&*!|>%@`?:-")
_RESOLVERS = {first: tuple(resolvers) for first, resolvers in Resolver.yaml_implicit_resolvers.items()}
# A one-line flow collection's parts: a quoted or plain scalar, and what follows it.
# A plain one ends before a flow indicator or `:` (trailing spaces included: taken off after).
_FLOW_SCALAR = re.compile(r" *(?:\"([^\"\\]*)\"|'((?:[^']|'')*)'|([^ ,\[\]{}#:'\"&*!|>%@`?\-][^,\[\]{}:]*)) *")
_COMMENT_OR_END = re.compile(r" *(?:(?<= )#.*)?$")

Construct = Callable[[str, str], Any]
Floats = dict  # key path -> (line, column) of each plain float in a mapping, both from 0


class _Unsure(Exception):
    """Not one of the shapes this reader knows for certain."""


def parse(text: str, construct: Construct) -> tuple[dict, Floats] | None:
    """The mapping `text` holds and where its plain floats start, or None: ask the YAML loader."""
    if _UNUSUAL.search(text) or text.startswith(_MARKERS) or "\n---" in text or "\n..." in text or "\n%" in text:
        return None
    reader = _Reader([], construct)
    try:
        flat = reader.flat(text)
        if flat is not None:
            return flat, reader.floats
        reader.lines = lines = _lines(text)
        if not lines or lines[0][1] != 0:
            return None
        data, end = reader.mapping(0, 0, (), 1)
    except (_Unsure, ValueError, TypeError, OverflowError):
        return None
    return (data, reader.floats) if end == len(lines) else None


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, indentation, text) of each line that is not blank or a comment."""
    return [(number, len(line) - len(stripped), line) for number, line in enumerate(text.split("\n"))
            if (stripped := line.lstrip(" ")) and stripped[0] != "#"]


def _resolve(text: str) -> str:
    """The tag YAML gives a plain scalar written `text`, as the loader resolves it. Most text starts
    with a character no implicit resolver is registered for: text at once."""
    return _resolve_with(text) if text[:1] in _RESOLVERS else STR_TAG


def _text_value(rest: str) -> bool:
    """Whether a value written on its key's line is one plain scalar YAML reads as text (`key: some text`),
    not a flow collection, a quoted scalar, a comment or a number, date, true/false or null."""
    first = rest[0]
    return (first not in _PLAIN_START and _plain_text(rest)
            and (first not in _RESOLVERS or _resolve_with(rest) == STR_TAG))


@functools.lru_cache(maxsize=65536)
def _resolve_with(text: str) -> str:
    """(Keys and many values repeat from file to file: asked once each.)"""
    if "," in text or "%" in text:  # in no resolver's pattern (tests/test_quick_yaml.py): `1,863`, `58.3 %`
        return STR_TAG
    for tag, pattern in _RESOLVERS[text[:1]]:
        if pattern.match(text):
            return tag
    return STR_TAG


class _Reader:
    def __init__(self, lines: list[tuple[int, int, str]], construct: Construct):
        self.lines = lines
        self.construct = construct
        self.floats: Floats = {}

    def block(self, index: int, indent: int, path: tuple, depth: int) -> tuple[Any, int]:
        """The mapping or list starting on `lines[index]` at column `indent`."""
        if depth > MAX_DEPTH:
            raise _Unsure
        if _is_item(self.lines[index][2], indent):
            return self.items(index, indent, path, depth)
        return self.mapping(index, indent, path, depth)

    def mapping(self, index: int, indent: int, path: tuple, depth: int) -> tuple[dict, int]:
        data: dict = {}
        lines = self.lines
        count = len(lines)
        key_line = _KEY_LINE.match
        resolvers = _RESOLVERS  # `_resolve`, spelled out: two calls a line
        while index < count:
            number, at, line = lines[index]
            if at != indent:
                if at < indent:
                    break
                raise _Unsure
            match = key_line(line)
            if match is None:
                raise _Unsure
            key, rest = match.group(2, 3)
            if key in data or (key[0] in resolvers and _resolve_with(key) != STR_TAG) or (
                    len(line) - at > MAX_KEY and line.find(":", match.end(2)) - at > MAX_KEY):
                raise _Unsure  # a duplicate, not text (`yes:`, `1:`), or a key too long for libyaml
            index += 1
            if rest and rest[0] != "#":
                if _text_value(rest):
                    data[key] = rest  # the most common line by far: `key: some text`, `key: 12.5 %`
                else:
                    data[key] = self.value(rest, number, match.start(3), path + (key,))
                continue
            below = lines[index][1] if index < count else -1
            if below > indent or (below == indent and _is_item(lines[index][2], indent)):
                data[key], index = self.block(index, below, path + (key,), depth + 1)
            else:
                data[key] = None
        return data, index

    def flat(self, text: str) -> dict | None:
        """`mapping`'s reading of a front-matter whose every line is `key: value` or `key:`, at the left or
        two spaces in below a `key:` (a check-in's), or None: every line is matched at once, not one by one."""
        if text.startswith("-") or "\n-" in text or "\n  -" in text:
            return None  # a list (an objective's key results): not worth a look
        found = _FLAT_LINE.findall(text)
        if len(found) != text.count("\n") + (text[-1:] != "\n"):
            return None  # a line of another shape, a blank line or a comment (but for an empty last line)
        data: dict = {}
        resolvers = _RESOLVERS
        long_lines = len(text) > MAX_KEY  # else no key can be too long
        last = len(found) - 1
        inner = None  # the mapping the lines two spaces in belong to
        parent = ""
        for number, (indent, key, colon, spaces, rest) in enumerate(found):
            if not indent:
                inner, into = None, data
            elif indent == "  " and inner is not None:
                into = inner
            else:
                return None
            if key in into or (key[0] in resolvers and _resolve_with(key) != STR_TAG) or (
                    long_lines and len(key) + len(colon) > MAX_KEY):
                return None  # as `mapping`: its messages are the YAML loader's
            if rest and rest[0] != "#":
                if _text_value(rest):
                    into[key] = rest  # as `mapping`
                else:
                    into[key] = self.value(rest, number, len(indent) + len(key) + len(colon) + len(spaces),
                                           (parent, key) if indent else (key,))
            elif not indent and number < last and found[number + 1][0] == "  ":
                inner = into[key] = {}
                parent = key
            else:
                into[key] = None
        return data

    def items(self, index: int, indent: int, path: tuple, depth: int) -> tuple[list, int]:
        data: list = []
        lines = self.lines
        while index < len(lines):
            number, at, line = lines[index]
            if at < indent or (at == indent and not _is_item(line, indent)):
                break
            if at > indent:
                raise _Unsure
            rest = line[indent + 1 :].lstrip(" ")
            column = len(line) - len(rest)
            if not rest.rstrip(" ") or rest[0] == "#":
                raise _Unsure  # an empty item, or its value on the lines below
            as_block = " " * column + rest  # the item read as if its dash were a space
            if _KEY_LINE.match(as_block) or _is_item(as_block, column):
                lines[index] = (number, column, as_block)
                value, index = self.block(index, column, path + (len(data),), depth + 1)
                data.append(value)
                continue
            data.append(self.inline(rest.rstrip(" "), number, column, path + (len(data),), False))
            index += 1
        return data, index

    def value(self, rest: str, number: int, column: int, path: tuple) -> Any:
        """A mapping's value written on its key's line that is not plain text: a flow collection, a
        quoted scalar, or one YAML reads as a number, date, true/false or null (`key: 42`)."""
        if rest[0] in _PLAIN_START or not _plain_text(rest):
            return self.inline(rest, number, column, path, True)
        return self.scalar(rest, number, column, path, True)

    @staticmethod
    def key(text: str) -> str:
        if len(text) > MAX_KEY or " #" in text or _resolve(text) != STR_TAG:
            raise _Unsure
        return text

    def inline(self, text: str, number: int, column: int, path: tuple, in_mapping: bool) -> Any:
        """The value written on one line from `column` on: a scalar or a one-line flow collection."""
        first = text[0]
        if first in "[{":
            data, end = self.flow(text, 0, number, column, path, 1)
            if not _COMMENT_OR_END.match(text, end):
                raise _Unsure
            return data
        if first in "\"'":
            match = _FLOW_SCALAR.match(text)
            if match is None or match.start(3) != -1 or not _COMMENT_OR_END.match(text, match.end()):
                raise _Unsure
            return match[1] if match[1] is not None else match[2].replace("''", "'")
        if first in _PLAIN_START and not (first == "-" and text[1:2] not in ("", " ")):
            raise _Unsure
        cut = text.find(" #")
        if cut != -1:
            text = text[:cut].rstrip(" ")
        if not _plain_text(text):
            raise _Unsure
        return self.scalar(text, number, column, path, in_mapping)

    def scalar(self, text: str, number: int, column: int, path: tuple, in_mapping: bool) -> Any:
        tag = _resolve(text)
        if tag == STR_TAG:
            return text
        if tag == NULL_TAG:
            return None
        if tag not in BUILT:
            raise _Unsure
        if tag == FLOAT_TAG and in_mapping:  # with a decimal comma, how it was typed counts (`1.500`)
            self.floats[path] = (number, column)
        return self.construct(tag, text)

    def flow(self, text: str, at: int, number: int, column: int, path: tuple, depth: int) -> tuple[Any, int]:
        """The flow list (`[a, "b"]`) or mapping (`{key: a, other: [b]}`) opening at `text[at]`, closed
        on the same line, and where it ends."""
        if depth > MAX_DEPTH:
            raise _Unsure
        mapping = text[at] == "{"
        close = "}" if mapping else "]"
        data: Any = {} if mapping else []
        at = _skip_spaces(text, at + 1)
        if text[at : at + 1] == close:
            return data, at + 1
        while True:
            if mapping:
                match = _FLOW_SCALAR.match(text, at)
                if match is None or match[3] is None or text[match.end() : match.end() + 2] != ": ":
                    raise _Unsure
                key = self.key(match[3].rstrip(" "))
                if key in data or match.end() - match.start(3) > MAX_KEY:
                    raise _Unsure
                data[key], at = self.flow_value(text, match.end() + 2, number, column, path + (key,), depth, True)
            else:
                value, at = self.flow_value(text, at, number, column, path + (len(data),), depth, False)
                data.append(value)
            while text[at : at + 1] == " ":  # after a collection inside (a scalar's match takes its spaces)
                at += 1
            if text[at : at + 1] == ",":
                at += 1
            elif text[at : at + 1] == close:
                return data, at + 1
            else:
                raise _Unsure

    def flow_value(self, text: str, at: int, number: int, column: int, path: tuple, depth: int,
                   in_mapping: bool) -> tuple[Any, int]:
        match = _FLOW_SCALAR.match(text, at)  # spaces, then a scalar: never `[` or `{`
        if match is None:
            at = _skip_spaces(text, at)
            if text[at : at + 1] in ("[", "{"):
                return self.flow(text, at, number, column, path, depth + 1)
            raise _Unsure  # an empty entry (`[a, , b]`, `[a,]`) among others
        if match[1] is not None:
            return match[1], match.end()
        if match[2] is not None:
            return match[2].replace("''", "'"), match.end()
        plain = match[3].rstrip(" ")
        if " #" in plain:
            raise _Unsure
        return self.scalar(plain, number, column + match.start(3), path, in_mapping), match.end()


def _plain_text(text: str) -> bool:
    """Whether all of `text`, not indented, is one plain scalar (no comment after it)."""
    return " #" not in text and ": " not in text and text[-1:] != ":"


def _skip_spaces(text: str, at: int) -> int:
    while text[at : at + 1] == " ":
        at += 1
    return at


def _is_item(line: str, indent: int) -> bool:
    """Whether `line` is a block list entry (`- ...` or a lone `-`) at column `indent`."""
    return line[indent : indent + 1] == "-" and line[indent + 1 : indent + 2] in ("", " ")
