"""Hostile text is escaped or rejected, in every file of the built site.

The inputs and what each proves are listed in `tests/hostile/__init__.py`;
`tests/browser/test_hostile_browser.py` opens the same site in Chromium.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Project, build_site, write_config
from hostile import BAD_IDS, HOSTILE, LONG, MARK, write_hostile_project
from okrsite.routes import Urls
from okrsite.untrusted import render_markdown, safe_url

UNSAFE_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = Project(root)
    write_hostile_project(project)
    out = root / "site"
    result = build_site(out, write_config(project))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


class _Scan(HTMLParser):
    """What a browser would run from a page: script elements, event handlers, script addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if (name in ("href", "src", "action", "formaction", "xlink:href") and value
                    and UNSAFE_SCHEME.match(re.sub(r"[\x00-\x20]+", "", value))):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        # An element made from the content; text in alt, title or aria-label is only words.
        if tag in ("img", "svg") and any(MARK in (value or "") for name, value in attrs
                                         if name not in ("alt", "title", "aria-label")):
            self.found.append(f"<{tag} {attrs}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.found.append(f"<script>{data[:80]}")


def scan(markup: str) -> list[str]:
    found = _Scan()
    found.feed(markup)
    found.close()
    return found.found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_hostile_project_loads_with_no_errors(tmp_path):
    project = Project(tmp_path)
    write_hostile_project(project)
    company, report = project.check()
    assert company is not None and not report.errors, [str(d) for d in report.errors]
    titles = [o.title for o in company.objectives.values()]
    assert LONG in titles and any(HOSTILE["script"] in title for title in titles)  # kept as typed


def test_no_file_of_the_site_carries_live_markup(hostile_site):
    """Every HTML page parsed as a browser would; every other file's text (and JSON's strings) searched."""
    problems, pages, feeds = [], 0, 0
    for path in sorted(hostile_site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(hostile_site).as_posix()
        data = path.read_bytes()
        if path.suffix in (".html", ".svg"):
            pages += path.suffix == ".html"
            problems += [f"{rel}: {found}" for found in scan(data.decode("utf-8"))]
        elif rel == "search/search_index.json":
            # Material's search shows the index's text as HTML.
            problems += [f"{rel}: {found}" for text in _strings(json.loads(data)) for found in scan(text)]
        elif path.suffix == ".xml" and b"http://www.w3.org/2005/Atom" in data:
            # A feed reader shows type="html" elements as HTML (after the XML's own unescaping), the rest as text.
            for element in ET.fromstring(data).iter():
                if element.get("type") == "html" and element.text:
                    problems += [f"{rel}: {found}" for found in scan(element.text)]
            feeds += 1
    # okrs.json and the CSVs are data: they hold the text as typed, and whoever shows them escapes it.
    assert pages > 10 and feeds > 1
    assert not problems, "\n".join(problems)


def test_hostile_text_is_shown_as_typed(hostile_site):
    page = (hostile_site / "2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    shown = unescape(re.sub(r"<[^>]+>", "", page))
    for name in ("script", "img-onerror", "svg-onload", "iframe", "jinja", "closing-tags", "placeholder"):
        assert HOSTILE[name] in shown, name  # visible to the reader, character for character
    assert "{{ 7*7 }}" in page and "49" not in shown.split("{{ 7*7 }}")[0][-20:]
    assert HOSTILE["markdown"] in shown  # titles and names are text, not Markdown (only bodies are Markdown)
    assert "<strong>bold</strong>" in page  # ... and the body's Markdown still works
    # javascript-link, javascript-entity, data-link, reference-link: the link text stays, without an address.
    inert = re.findall(r'<a class="okr-unsafe-link"[^>]*>([^<]*)</a>', page)
    assert {"click me", "click me too", "data", "ref link"} <= set(inert), inert
    assert 'language-mermaid' in page  # a code block, not a diagram
    team = (hostile_site / "teams/longteam/index.html").read_text(encoding="utf-8")
    assert LONG in team


def test_dollar_signs_in_charts_are_text_not_mathematics(hostile_site):
    # Titles and names go into matplotlib, which would typeset $...$ (and fail on $\notacommand{x}$).
    team = unescape(re.sub(r"<[^>]+>", "", (hostile_site / "teams/maths/index.html").read_text(encoding="utf-8")))
    assert HOSTILE["mathtext"] in team
    charts = [unescape(svg.read_text(encoding="utf-8")) for svg in (hostile_site / "charts").rglob("*.svg")]
    assert any(HOSTILE["mathtext"] in svg for svg in charts), "no chart carries the team's or a title's text"
    assert not any("notacommand" in svg and HOSTILE["mathtext"] not in svg for svg in charts)


def test_ids_cannot_carry_hostile_text(project, monkeypatch):
    monkeypatch.chdir(project.root)
    project.edit("2026-Q4/mobile/joyful-app.md", "id: redesign", f"id: '{BAD_IDS['kr']}'")
    project.edit("okrsite.yml", "  platform:", f"  '{BAD_IDS['team']}': {{name: X}}\n  platform:")
    project.edit("okrsite.yml", "  layla:", f"  '{BAD_IDS['person']}': Mallory\n  layla:")
    _, report = project.check()
    bad = {(d.location.path, d.location.line, d.code) for d in report.errors}
    assert ("content/2026-Q4/mobile/joyful-app.md", 15, "bad-id") in bad, report.sorted()
    assert ("content/okrsite.yml", 7, "bad-id") in bad, report.sorted()  # the person
    assert ("content/okrsite.yml", 12, "bad-id") in bad, report.sorted()  # the team


@pytest.mark.parametrize("url, safe", [
    ("https://example.com/a?b#c", True),
    ("http://example.com", True),
    ("mailto:someone@example.com", True),
    ("tel:+46700000000", True),
    ("../guide/page.md#part", True),
    ("#anchor", True),
    ("/absolute/path", True),
    ("picture.png", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("  javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("jav&#x61;script:alert(1)", False),
    ("jav&#97;script:alert(1)", False),
    ("&#106;avascript:alert(1)", False),
    ("\u200bjavascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False),
    ("file:///etc/passwd", False),
    ("//evil.example/x", False),
    ("\\\\evil.example\\x", False),
])
def test_safe_url(url, safe):
    assert safe_url(url) is safe


def _render(text: str, file_src: str = "2026-Q4/mobile/joyful-app.md", directory_urls: bool = True) -> str:
    url_of = Urls(directory_urls).page
    return render_markdown(text, file_src, url_of(file_src), url_of)


def test_markdown_bodies_keep_markdown_but_not_html():
    html = _render("# Plan\n\n**Bold** and `<b>code</b>`\n\n<div onclick=\"x()\">raw</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h1>Plan</h1>" in html and "<strong>Bold</strong>" in html and "<table>" in html
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in html
    assert "&lt;div onclick=" in html and "<div" not in html


def test_relative_links_in_bodies_follow_the_page():
    html = _render("[guide](../../guide/how-we-do-okrs.md#grades) [other](other.md) ![chart](chart.png) [up](#top)")
    assert 'href="../../../guide/how-we-do-okrs/#grades"' in html
    assert 'href="../other/"' in html
    assert 'src="../chart.png"' in html
    assert 'href="#top"' in html
    flat = _render("[other](other.md) ![chart](chart.png)", directory_urls=False)
    assert 'href="other.html"' in flat and 'src="chart.png"' in flat
