"""Markdown that anyone with write access to `content/` typed: shown, never run.

An objective's body is Markdown written in a pull request, and the site is
read by the whole company, so it is rendered here, in the core, under a
policy rather than handed to MkDocs as it is:

- Raw HTML is text. `<script>`, `<img onerror=...>`, `<iframe>` or a stray
  `</div>` show as the characters typed; Markdown still makes headings,
  lists, emphasis, tables, code and links.
- Links and images may point at `http:`, `https:`, `mailto:` and `tel:`
  addresses and at relative ones (another page, `#anchor`, an image beside
  the file). Any other scheme (`javascript:`, `data:`, `vbscript:`, also
  spelt with entities, upper case or control characters in between) loses
  its address: the link text stays, inert.
- No attribute lists (`{: onclick=... }` is text) and no HTML inside
  Markdown. Mermaid or other fenced blocks are code.
- Nesting is bounded: Python-Markdown recurses once per level of lists
  and quotes (a thousand levels end in a RecursionError) and takes
  quadratic time over unclosed brackets and unclosed code fences, so
  `body_problem` refuses more than `MAX_NESTING` levels on a line,
  `MAX_BRACKETS` brackets in a paragraph and `MAX_UNCLOSED_FENCES` fences
  never closed, and `okrsite check` reports it at the line.
- Relative links are written for the file's folder, as in any Markdown
  editor (`../../guide/how-we-do-okrs.md`); they are rewritten to the
  page's URL here, since MkDocs does not see this HTML.

Hand-written pages in `content/` (files without OKR front-matter) are
trusted like any MkDocs page and rendered by MkDocs as they are.
"""

from __future__ import annotations

import bisect
import functools
import html
import posixpath
import re
import xml.etree.ElementTree as etree

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
MAX_NESTING = 20  # list and quote levels on one line
MAX_BRACKETS = 500  # '[' in one paragraph
MAX_UNCLOSED_FENCES = 20  # code fences opened and never closed
_FENCE = re.compile(r"~{3,}|`{3,}")  # at the start of a line, as Python-Markdown's fenced_code reads it
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))")
URL_ATTRIBUTES = ("href", "src")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")


def safe_url(url: str) -> bool:
    """Whether a browser would open `url` as a plain address (or a relative one)."""
    plain = _INVISIBLE.sub("", html.unescape(url))  # browsers drop these inside a scheme
    match = _SCHEME.match(plain)
    if match is None:
        return not plain.startswith(("//", "\\\\", "/\\", "\\/"))  # no scheme: relative, not another host
    return match.group(1).lower() in SAFE_SCHEMES


def _relocate(url: str, file_src: str, page_dir: str, url_of) -> str:
    """A link written relative to the file's folder, made relative to the page's URL."""
    path, hash_, anchor = url.partition("#")
    if not path:
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(file_src), path))
    if target.endswith(".md"):
        target = url_of(target)  # the page's URL, as MkDocs gives it
    relative = posixpath.relpath(target or ".", page_dir or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return relative + hash_ + anchor


def body_problem(text: str) -> tuple[int, str, dict] | None:
    """The first line (1-based) of `text` that nests, brackets or opens code fences beyond what
    is rendered in bounded time, with a message code and its fields; None when all is well."""
    lines = text.split("\n")
    unclosed = _unclosed_fences(lines)
    if len(unclosed) > MAX_UNCLOSED_FENCES:
        return unclosed[MAX_UNCLOSED_FENCES] + 1, "body-unclosed-fences", {"limit": MAX_UNCLOSED_FENCES}
    brackets = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            brackets = 0
            continue
        expanded = line.expandtabs(4)
        markers, position = 0, 0
        while match := _CONTAINERS.match(expanded, position):
            markers, position = markers + 1, match.end()
        indent = len(expanded) - len(expanded.lstrip(" "))
        depth = max(markers, indent // 4 + 1 if indent else 0)
        if depth > MAX_NESTING:
            return number, "body-too-deep", {"limit": MAX_NESTING}
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            return number, "body-too-many-brackets", {"limit": MAX_BRACKETS}
    return None


def _unclosed_fences(lines: list[str]) -> list[int]:
    """The lines (0-based) that open a code fence no later line closes, read as Python-Markdown's
    fence pattern reads them: from each such line it scans to the end of the text, so time grows
    with their number times the text's length."""
    closers: dict[str, list[int]] = {}  # fence -> the lines that close it, in order
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence and not line[fence.end():].strip(" "):
            closers.setdefault(fence.group(0), []).append(index)
    found, index = [], 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if fence is not None:
            later = closers.get(fence.group(0), [])
            close = bisect.bisect_right(later, index)
            if close < len(later):
                index = later[close] + 1  # a whole code block
                continue
            found.append(index)
        index += 1
    return found


@functools.cache
def _no_raw_html() -> type:
    """The policy as a Python-Markdown extension, made on the first render: `okrsite check` renders
    nothing, and importing Python-Markdown is a tenth of a small company's check."""
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Links(Treeprocessor):
        """Drops unsafe addresses and any event-handler attribute; relative links follow the page."""

        def __init__(self, md, page):
            super().__init__(md)
            self.page = page  # the file's path below content/, the page's folder below the site root, url_of

        def run(self, root: etree.Element) -> None:
            for element in root.iter():
                for name in list(element.attrib):
                    if name.lower().startswith("on"):
                        del element.attrib[name]
                for name in URL_ATTRIBUTES:
                    url = element.get(name)
                    if url is None:
                        continue
                    if not safe_url(url):
                        del element.attrib[name]
                        element.set("class", "okr-unsafe-link")
                    elif not _SCHEME.match(url) and not url.startswith(("/", "#", "?")):
                        element.set(name, _relocate(url, *self.page))

    class NoRawHtml(Extension):
        def __init__(self, page):
            super().__init__()
            self.page = page

        def extendMarkdown(self, md):
            md.preprocessors.deregister("html_block")  # HTML blocks become paragraphs of text
            md.inlinePatterns.deregister("html")  # inline tags, comments and <javascript:...> become text
            md.treeprocessors.register(Links(md, self.page), "okrsite_links", 0)

    return NoRawHtml


def render_markdown(text: str, file_src: str, page_url: str, url_of) -> str:
    """`text` (Markdown from `file_src`, below content/) as HTML for the page at `page_url`;
    `url_of` gives a Markdown file's URL (`teams/mobile.md` -> `teams/mobile/`)."""
    import markdown  # on the first render only, as `_no_raw_html`

    page_dir = page_url[:-1] if page_url.endswith("/") else posixpath.dirname(page_url)
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", _no_raw_html()((file_src, page_dir, url_of))],
        output_format="html",
    )
    if body_problem(text) is not None:  # `okrsite check` refuses it; never hang or crash a render
        return "<pre>" + html.escape(text) + "</pre>"
    try:
        return md.convert(text)
    except RecursionError:
        return "<pre>" + html.escape(text) + "</pre>"
