"""A light stand-in of okrsite's HTML blocks for Material's search plugin to index.

Material's search parses every page's HTML with Python's `html.parser` to
find its sections; on okrsite's pages that was half of a large site's build
(key-result tables are thousands of tags and attributes). What its parser
keeps of a block is the text, the tags it copies into the index (`p`, `li`,
`code`, ...) and the headings it tracks; everything else only separates
pieces of text. `text_stand_in` writes a block as just that, so the index
comes out the same, entry for entry, and `SearchStandIn` hands the stand-in
to the search plugin and puts the real HTML back before the page is written.

Where the stand-in could differ (a heading with an id inside a block, `pre`,
scripts, tags that do not nest, text that is not escaped), a page keeps its
real HTML for the search plugin too.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..blocks import restore_blocks, unpack_blocks
from ..heap import give_back_large_blocks

KEEP = frozenset({"p", "code", "li", "ol", "ul", "sub", "sup"})  # what Material's parser copies into the index
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
# What the parser makes of a tag, by its name: 1 copied into the index, 2 a heading, -1 void, else 0.
_KINDS = {**dict.fromkeys(VOID, -1), **dict.fromkeys(KEEP, 1), **dict.fromkeys(HEADINGS, 2)}
# A comment, or a tag: (closing slash, name, attributes, self-closing slash); re.split interleaves them with the text.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s/>\"'=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']*))?)*)\s*(/?)>",
    re.S,
)
# Whatever Material's parser treats specially beyond text, kept tags and headings: such a block is indexed as it is.
_UNSAFE = ("<pre", "<script", "<style", "<object", "<textarea", "<title", "data-search-", "linenodiv", "headerlink",
           "<!doctype", "<![", "<?")
_HEADING_ID = re.compile(r"<h[1-6]\b[^>]*\sid\s*=", re.I)
PARALLEL_FROM = 50  # pages: fewer are done sooner here than a worker starts
BATCH = 8  # pages sent to the worker at a time
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what the search plugin strips from a page


class Unsafe(Exception):
    """The block is not one the stand-in is sure to index the same."""


def text_stand_in(block: str) -> str:
    """The block as Material's search parser sees it; the block itself when unsure."""
    try:
        return _stand_in(block)
    except Unsafe:
        return block


def page_stand_in(blocks: list[str]) -> list[str] | None:
    """Stand-ins for a page's blocks, or None when the page should be indexed as it is:
    a heading with an id inside a block changes how the sections of the whole page nest."""
    if any(_HEADING_ID.search(block) for block in blocks):
        return None
    return [text_stand_in(block) for block in blocks]


def _stand_in(block: str) -> str:
    lowered = block.lower()
    if any(marker in lowered for marker in _UNSAFE) or _HEADING_ID.search(block):
        raise Unsafe
    first, last = block.find("<"), block.rfind(">")
    if first < 0:
        return block
    middle = block[first:last + 1]
    parts = _TOKEN.split(middle)
    texts = parts[0::5]
    if "<" in "".join(texts) or texts[-1]:
        raise Unsafe  # a '<' that is no tag (the parser splits the text there), or text after the last tag
    # Text before the first tag and after the last one joins the page's text around the block: kept as it is.
    # The first tag of a page opens its preface section unless it is a void one; so does the pair <i></i>.
    opening = parts[3] if len(parts) > 3 else None
    starts_element = opening is not None and not parts[2] and opening.lower() not in VOID
    out: list[str] = [block[:first], "<i></i>" if starts_element else "<br>"]
    run: list[str] = []
    stack: list[str] = []
    headings = 0
    for text, closing, name, _, self_closing in zip(parts[0:-1:5], parts[1::5], parts[2::5], parts[3::5], parts[4::5],
                                                    strict=True):
        if text:
            if headings:
                _heading_piece(text, run, out)
            else:
                run.append(html.unescape(text) if "&" in text else text)
        if name is None:  # a comment
            continue
        name = name.lower()
        kind = _KINDS.get(name, 0)
        if closing:
            if not stack or stack.pop() != name:
                raise Unsafe  # the parser would keep a different stack of open elements
            if kind > 0:
                if run:
                    _flush(run, out)
                out.append(f"</{name}>")
                headings -= kind == 2
        elif kind < 0:
            continue
        elif self_closing:
            if kind > 0:
                raise Unsafe
        else:
            stack.append(name)
            if kind > 0:
                if run:
                    _flush(run, out)
                out.append(f"<{name}>")
                headings += kind == 2
    if stack:
        raise Unsafe
    _flush(run, out)
    out.append("<br>")
    out.append(block[last + 1:])
    return "".join(out)


def _heading_piece(text: str, run: list[str], out: list[str]) -> None:
    """In a heading each piece may count on its own (a section's title): kept apart."""
    _flush(run, out)
    out.append(html.escape(html.unescape(text), quote=False))
    out.append("<br>")


def _flush(run: list[str], out: list[str]) -> None:
    """The pieces of text between two kept tags as one piece that indexes the same.

    The parser collapses a piece of only white space to one space and drops
    it after another such piece; any other piece it keeps, newlines as spaces.
    White space at either end stays a piece of its own: whether it counts
    depends on the text before it and decides what counts after it."""
    if not run:
        return
    if len(run) == 1 and not run[0].isspace():
        out.append(html.escape(run[0].replace("\n", " "), quote=False))
        run.clear()
        return
    solid = [i for i, piece in enumerate(run) if not piece.isspace()]
    if not solid:
        out.append(" ")
    else:
        start, end = solid[0], solid[-1]
        if start > 0:
            out.append(" <br>")
        joined: list[str] = []
        for piece in run[start:end + 1]:
            if not piece.isspace():
                joined.append(piece.replace("\n", " "))
            elif not joined[-1].isspace():
                joined.append(" ")
        out.append(html.escape("".join(joined), quote=False))
        if end < len(run) - 1:
            out.append("<br> ")
    run.clear()


def index_entries(index_class, index_config: dict, pickled_pages: bytes) -> list[list[dict]]:
    """Each page's search entries, made by the search plugin's own index from the page's stand-in."""
    made = []
    for url, title, meta, toc, markdown_html, packed in pickle.loads(pickled_pages):
        blocks = unpack_blocks(packed)
        stand_ins = page_stand_in(blocks)
        content = restore_blocks(markdown_html, blocks if stand_ins is None else stand_ins)
        index = index_class(**index_config)
        index.add_entry_from_context(_Page(content, toc, url, meta, title))
        made.append(index.entries)
    return made


@dataclass
class _Page:
    """What the search index reads of a page."""

    content: str
    toc: object
    url: str
    meta: dict
    title: str


class SearchStandIn:
    """One build's pages: each one's stand-in while the search plugin indexes it, its real HTML after.

    When many pages are built (a full build, not `serve`'s update of a few), a worker process on
    the core MkDocs leaves idle does the search work: it writes each page's stand-in and has the
    search plugin's own index class make the page's entries from it. MkDocs converts every page
    before it templates any, so the worker starts on the first pages while MkDocs converts the
    rest; each page's entries go into the index, in page order, when MkDocs templates the page,
    and the search plugin passes over that page."""

    def __init__(self, enabled: bool, index=None) -> None:
        self.enabled = enabled  # only with a search plugin
        self.index = index if isinstance(getattr(index, "entries", None), list) else None  # Material's SearchIndex
        self.markdown_html: dict[str, str] = {}
        self.real: dict[str, str] = {}
        self.made: dict[str, list[str] | None] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.remembered = 0
        self.batch: list[tuple] = []  # pages not yet sent to the worker
        self.sent: dict[str, tuple] = {}  # page -> (its batch's future, its place in the batch)
        self.excluded: dict[str, object] = {}  # page -> its own `search` meta, while the search plugin passes

    def remember(self, page, markdown_html: str, packed: bytes) -> None:
        """The page's HTML as Markdown made it, with placeholders for its blocks (`okrsite.render.pack_blocks`)."""
        if not self.enabled:
            return
        src = page.file.src_uri
        self.remembered += 1
        if self.remembered == PARALLEL_FROM and self.index is not None and (os.cpu_count() or 1) > 1:
            # spawn: a fresh interpreter, safe beside `mkdocs serve`'s threads
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=give_back_large_blocks)
        if self.pool is not None and not (page.meta.get("search") or {}).get("exclude"):
            self.batch.append((src, (page.url, page.title, page.meta, page.toc, markdown_html, packed)))
            if len(self.batch) == BATCH:
                self._send()
            return
        self.markdown_html[src] = markdown_html
        self.made[src] = page_stand_in(unpack_blocks(packed))

    def _send(self) -> None:
        if not self.batch or self.pool is None or self.index is None:
            return
        # Pickled now, not when the worker gets to it: pages wait for the worker as UTF-8, not as Python strings
        # of two or four bytes a character (once MkDocs has converted every page, most are waiting).
        pages = pickle.dumps([job for _, job in self.batch], pickle.HIGHEST_PROTOCOL)
        future = self.pool.submit(index_entries, type(self.index), self.index.config, pages)
        for place, (src, _) in enumerate(self.batch):
            self.sent[src] = (future, place)
        self.batch = []

    def swap_in(self, page) -> None:
        src = page.file.src_uri
        if src in self.sent or any(src == waiting for waiting, _ in self.batch):
            self._send()
            future, place = self.sent.pop(src)
            self.index.entries.extend(future.result()[place])  # type: ignore[union-attr]
            self.excluded[src] = page.meta.get("search")
            page.meta["search"] = {"exclude": True}  # indexed: the search plugin passes over it
            if not self.sent:
                self.close()
            return
        markdown_html = self.markdown_html.pop(src, None)
        stand_ins = self.made.pop(src, None)
        if markdown_html is not None and stand_ins is not None:
            self.real[src] = page.content
            page.content = restore_blocks(markdown_html, stand_ins)

    def put_back(self, page) -> None:
        """The real HTML, less the attributes the search plugin strips from what it indexed; its own meta."""
        src = page.file.src_uri
        if src in self.excluded:
            search = self.excluded.pop(src)
            if search is None:
                del page.meta["search"]
            else:
                page.meta["search"] = search
        real = self.real.pop(src, None)
        if real is not None:
            page.content = _SEARCH_ATTRIBUTES.sub("", real)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
