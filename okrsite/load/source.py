"""Read one content file: UTF-8 text, YAML front-matter and the Markdown body.

YAML is parsed with PyYAML's C parser where present and constructed with the
safe constructor only. Documents that would expand into huge trees (alias
bombs) or nest absurdly deep are refused before construction. Where each key
and value was written is worked out only when a message needs it, by a
second parse of that one file: most files never need it.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..diagnostics import Report
from ..model import Location
from . import quick_yaml

if yaml.__with_libyaml__:
    from yaml._yaml import CParser as _Parser
else:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]  # the C parser's stand-in
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_NODES = 200_000  # after alias expansion
MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024
SETTLED_NS = 2_000_000_000  # a file unchanged this long is not read again while its time of change stays
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
FLOAT_TAG = "tag:yaml.org,2002:float"
SEQ_TAG = "tag:yaml.org,2002:seq"

KeyPath = tuple  # of str keys and int indices
_BLANK = " \t\n\ufeff\u200b\u00a0"  # what an editor shows as nothing before a file's first line
_DASHES = re.compile(r"-{3,}")
# The line that closes a front-matter: `---` or `...`, then only whitespace (as `str.rstrip` takes off).
# Found with the newline before it: a search finds a pattern that opens with a character quickly, and
# tries one that opens with `^` at every character.
_CLOSING = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class _Constructor(SafeConstructor):
    """The safe constructor, with an impossible date left as text."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2026-09-31: left as text, reported where a date is expected
            return node.value

    def scalar(self, tag: str, text: str) -> Any:
        """The value of a plain scalar written `text` that resolved to `tag`, as loading gives it."""
        return self.yaml_constructors[tag](self, yaml.ScalarNode(tag, text))


class _Loader(_Parser, _Constructor, Resolver):
    """The safe loader, noting duplicate keys that YAML would silently drop."""

    def __init__(self, text: str):
        _Parser.__init__(self, text)
        _Constructor.__init__(self)
        Resolver.__init__(self)
        self.duplicate_keys: list = []  # (key, mark)
        self.float_marks: dict = {}  # key path (as `_marks` spells it) -> mark, of each plain float

    # The parser asks these of every node. This loader has no path resolvers and no implicit resolver for
    # any first character (the key None), so these give BaseResolver's answers without its work for them.
    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return MAP_TAG if kind is yaml.MappingNode else SEQ_TAG

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != MERGE_TAG:
                key = (key_node.tag, key_node.value)
                if key in seen:
                    self.duplicate_keys.append((key_node.value, key_node.start_mark))
                seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_plain(self, node):
        """The same data as `construct_document`, faster, for the common document
        without anchors, merge keys or unusual tags; None means: take the long way."""
        try:
            return self._plain(node, (), 1)
        except _TakeTheLongWay:
            self.duplicate_keys.clear()
            self.float_marks.clear()
            return None

    # Methods, not closures: a closure calling itself is a reference cycle, which would keep every
    # loader and its libyaml buffers alive until the next collection (none while loading).
    def _plain(self, node, path: KeyPath, depth: int):
        """A sequence or a mapping, at `path` (as `_marks` spells it), `depth` levels down."""
        if depth > MAX_DEPTH:
            raise _TakeTheLongWay
        if isinstance(node, yaml.SequenceNode):
            return [self._plain_scalar(child) if isinstance(child, yaml.ScalarNode)
                    else self._plain(child, path + (index,), depth + 1) for index, child in enumerate(node.value)]
        if node.tag != MAP_TAG:
            raise _TakeTheLongWay
        data, seen = {}, set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                raise _TakeTheLongWay
            key = self._plain_scalar(key_node)
            tagged = (key_node.tag, key_node.value)
            if tagged in seen:
                self.duplicate_keys.append((key_node.value, key_node.start_mark))
            seen.add(tagged)
            if not isinstance(value_node, yaml.ScalarNode):
                data[key] = self._plain(value_node, path + (_scalar_key(key_node),), depth + 1)
                continue
            if value_node.tag == FLOAT_TAG:  # with a decimal comma, how it was typed counts (`1.500`)
                self.float_marks[path + (_scalar_key(key_node),)] = value_node.start_mark
            data[key] = self._plain_scalar(value_node)
        return data

    def _plain_scalar(self, node):
        if node.tag == STR_TAG:
            return node.value
        constructor = self.yaml_constructors.get(node.tag)
        if constructor is None:
            raise _TakeTheLongWay
        return constructor(self, node)


# The stubs accept only PyYAML's own loader classes; any SafeConstructor subclass works.
_Constructor.add_constructor("tag:yaml.org,2002:timestamp",
                             _Constructor.construct_yaml_timestamp)  # type: ignore[type-var]
# Values are text, numbers, dates, lists and mappings: bytes would show as b'...', sets in any order.
def _refuse(loader, node):
    raise yaml.constructor.ConstructorError(None, None, f"okrsite reads no {node.tag.rsplit(':', 1)[-1]} values",
                                            node.start_mark)


for _tag in ("binary", "set", "omap", "pairs"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)


# A plain scalar's value by its tag and text: values (numbers, dates, true/false) are immutable, and
# many repeat from file to file (dates, confidences), so each is built once.
_scalar = functools.lru_cache(maxsize=16384)(_Constructor().scalar)


class _TakeTheLongWay(Exception):
    pass


@dataclass
class SourceFile:
    """One file's data; `at` and `key_at` say where a part of it was written."""

    shown: str  # the path as shown in messages
    rel: str  # POSIX path below the content folder
    meta: dict | None = None  # the front-matter, or the whole YAML file
    body: str = ""
    body_line: int = 1  # the file line of the body's first line
    yaml_text: str = ""
    first_line: int = 1  # the file line of the YAML's first line
    _marks: tuple[dict, dict] | None = field(default=None, repr=False)
    _float_positions: dict = field(default_factory=dict, repr=False)  # noted while parsing: see `value_position`

    def at(self, *path) -> Location:
        """The location of the value at `path`, or of its nearest parent."""
        return _Located(self, 0, path)

    def key_at(self, *path) -> Location:
        """The location of the key at `path` (for unknown or duplicate keys)."""
        return _Located(self, 1, path)

    def value_position(self, *path) -> tuple[int, int]:
        """(line, column) of the value at `path`, as `at` gives it; a plain float's was noted while
        parsing, so reading how it was typed costs no second parse."""
        return self._float_positions.get(path) or self._locate(0, path)

    def line(self, number: int) -> Location:
        return Location(self.shown, number, 1)

    def _locate(self, which: int, path: tuple) -> tuple[int, int]:
        if self._marks is None:
            self._marks = _marks(self.yaml_text, self.first_line)
        values, keys = self._marks
        marks = (values, keys)[which]
        while path:
            if path in marks:
                return marks[path]
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), (1, 1))


class _Located(Location):
    """A location in a source file, found by its key path when first asked for (most are never shown).
    One is made for every value read: without a closure, it costs half the time and a third of the memory."""

    __slots__ = ("_key_path", "_source", "_which")

    def __init__(self, source: SourceFile, which: int, key_path: tuple):
        self.path, self._line, self._col, self._resolve = source.shown, 1, 1, None
        self._source: SourceFile | None = source
        self._which, self._key_path = which, key_path  # `SourceFile._locate`'s: 0 a value, 1 a key

    def _resolved(self) -> tuple[int, int]:
        if self._source is not None:
            self._line, self._col = self._source._locate(self._which, self._key_path)
            self._source = None
        return self._line, self._col


def read_text(path: Path, shown: str, report: Report) -> str | None:
    """The file's text, or None after reporting why it can't be read."""
    try:
        data = _read_bytes(path)
    except OSError as error:
        report.error(Location(shown), "unreadable", reason=error.strerror or str(error))
        return None
    if isinstance(data, int):
        report.error(Location(shown), "file-too-large", size=f"{data / 1e6:.1f} MB", limit="5 MB")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        report.error(Location(shown, line, col), "not-utf8", byte=f"0x{data[error.start]:02x}")
        return None
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # as `not text.strip()`, without a copy of the text
        report.error(Location(shown), "empty-file")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes | int:
    """The file's bytes, or its size when over MAX_BYTES; one open and one stat (a file's own
    `read_bytes` stats and reads through Python's buffered reader: a tenth of a large check)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            return size
        data = os.read(fd, size + 1)  # one byte more: a file that grew meanwhile is read to its end
        if len(data) <= size:
            return data
        chunks = [data]
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_markdown(path: Path, shown: str, rel: str, report: Report) -> SourceFile | None:
    """Split front-matter from body; `meta` stays None for a page without it."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    source = SourceFile(shown, rel, body=text)
    opening = text.find("\n")
    if text[: opening if opening != -1 else len(text)].rstrip() != "---":
        # MkDocs would publish a front-matter that does not open the file as text, drafts and all.
        lines = text.split("\n")
        first = next((n for n, line in enumerate(lines) if line.strip(_BLANK)), 0)
        if _DASHES.fullmatch(lines[first].strip(_BLANK)):
            report.error(Location(shown, first + 1, 1), "front-matter-not-first", line=first + 1)
            return None
        return source
    closing = _CLOSING.search(text, opening) if opening != -1 else None
    if closing is None:
        report.error(Location(shown), "unclosed-front-matter")
        return None
    index = text.count("\n", 0, closing.start() + 1)  # the closing line's, from 0
    source.body = text[closing.end() + 1 :]
    source.body_line = index + 2
    yaml_text = text[opening + 1 : closing.start()] if index > 1 else ""
    if not yaml_text.strip():
        source.meta = {}
        return source
    if not parse_yaml(source, yaml_text, first_line=2, report=report):
        return None
    return source


class ReadFiles:
    """Content files as last read, by path, with what reading them said: `okrsite serve` keeps one
    between builds, so an edit parses again only the files whose bytes changed. What it hands out
    is shared by every later build: nothing that reads a `SourceFile` may change it."""

    def __init__(self):
        self._kept: dict[Path, tuple[bytes, str, str, SourceFile | None, list]] = {}
        # A file's time of change, size and inode when `get` saw it, once it had not changed for a while:
        # as long as they stay the same its bytes are the kept ones, not read again (3,806 files on 60 teams).
        # One changed in the last seconds may change again within the clock's tick, unseen: it is read.
        self._seen: dict[Path, tuple[int, int, int, int]] = {}
        # The model the last load read from these sources (`load._load`): its objectives as a whole, and
        # each check-in read against those objectives, by path below the content folder.
        self.objectives: Any = None  # load.ObjectivesRead, or None
        self.checkins: dict[str, tuple] = {}

    def get(self, path: Path, shown: str, rel: str) -> tuple[bytes | None, tuple[SourceFile | None, list] | None]:
        """The file's bytes now, and the source and messages reading them gave before (None: read it)."""
        kept = self._kept.get(path)
        try:
            stat = path.stat()
            seen = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
            if kept is not None and self._seen.get(path) == seen and kept[1:3] == (shown, rel):
                return kept[0], (kept[3], kept[4])
            data = path.read_bytes() if stat.st_size <= MAX_BYTES else None
        except OSError:
            data = None
        self._seen.pop(path, None)
        if data is not None and stat.st_ctime_ns < time.time_ns() - SETTLED_NS:
            self._seen[path] = seen
        if data is None or kept is None or kept[:3] != (data, shown, rel):
            return data, None
        return data, (kept[3], kept[4])

    def keep(self, path: Path, data: bytes | None, shown: str, rel: str, source: SourceFile | None,
             diagnostics: list) -> None:
        """What reading `data` (the bytes `get` saw) gave; a file saved meanwhile differs next time."""
        if data is None:
            self._kept.pop(path, None)
            self._seen.pop(path, None)
        else:
            self._kept[path] = (data, shown, rel, source, diagnostics)

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files no longer in the content folder."""
        for path in [path for path in self._kept if path not in paths]:
            del self._kept[path]
            self._seen.pop(path, None)


def read_yaml(path: Path, shown: str, rel: str, report: Report) -> SourceFile | None:
    text = read_text(path, shown, report)
    if text is None:
        return None
    source = SourceFile(shown, rel)
    return source if parse_yaml(source, text, first_line=1, report=report) else None


def parse_yaml(source: SourceFile, text: str, first_line: int, report: Report) -> bool:
    source.yaml_text, source.first_line = text, first_line
    quick = quick_yaml.parse(text, _scalar)
    if quick is not None:
        source.meta, floats = quick
        if floats:
            source._float_positions = {path: (line + first_line, column + 1) for path, (line, column) in floats.items()}
        return True
    position = _positions(text, first_line)

    def located(mark) -> Location:
        return Location(source.shown, *position(mark))

    loader = _Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            source.meta = {}
            return True
        if not isinstance(node, yaml.MappingNode):
            report.error(located(node.start_mark), "front-matter-not-mapping")
            return False
        data = None if "&" in text else loader.construct_plain(node)
        source._float_positions = {path: position(mark) for path, mark in loader.float_marks.items()}
        if data is None:
            too_big = _too_big(node)  # anchors and aliases can expand enormously
            if too_big:
                limit = MAX_DEPTH if too_big == "yaml-too-deep" else MAX_NODES
                report.error(located(node.start_mark), too_big, limit=limit)
                return False
            data = loader.construct_document(node)
        source.meta = data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "unreadable YAML"
        report.error(located(mark) if mark else Location(source.shown, first_line), "yaml-syntax", problem=problem)
        return False
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        report.error(Location(source.shown, first_line), "yaml-syntax", problem=str(error).split("\n")[0])
        return False
    except RecursionError:
        report.error(Location(source.shown, first_line), "yaml-too-deep", limit=MAX_DEPTH)
        return False
    except (ValueError, TypeError, OverflowError) as error:  # e.g. an impossible date
        where = located(node.start_mark) if node is not None else Location(source.shown, first_line)
        report.error(where, "yaml-value", problem=str(error))
        return False
    finally:
        loader.dispose()
    for key, mark in loader.duplicate_keys:
        report.error(located(mark), "duplicate-key", key=key)
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


def _marks(text: str, first_line: int) -> tuple[dict, dict]:
    """Where every value and key of a document was written, by key path."""
    values: dict[KeyPath, tuple[int, int]] = {}
    keys: dict[KeyPath, tuple[int, int]] = {}
    position = _positions(text, first_line)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return values, keys
    finally:
        loader.dispose()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if path in values or len(values) > MAX_NODES:
            continue  # an alias reached the same place again
        values[path] = position(node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, path + (index,)) for index, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = path + (_scalar_key(key_node),)
                keys.setdefault(child, position(key_node.start_mark))
                stack.append((value_node, child))
    return values, keys


def _positions(text: str, first_line: int):
    """(line, column) in the file of a YAML mark. YAML also ends lines at U+0085, U+2028 and
    U+2029, which editors show inside a line: counted from the mark's character index instead."""
    if not any(separator in text for separator in _YAML_ONLY_BREAKS):
        return lambda mark: (mark.line + first_line, mark.column + 1)
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(mark) -> tuple[int, int]:
        line = bisect.bisect_right(starts, mark.index) - 1
        return line + first_line, mark.index - starts[line] + 1

    return position


def _scalar_key(node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value.replace("_", ""))
            except ValueError:
                return node.value
        return node.value
    return repr(node)
