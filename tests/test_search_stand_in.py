"""Material's search indexes a light stand-in of okrsite's HTML blocks: the index must not change.

Block by block against Material's own parser (tricky fragments, then many
random ones), and for the whole demo: its search_index.json built with the
stand-in and without it hold the same entries, and the pages the reader gets
are the same bytes.
"""

from __future__ import annotations

import calendar
import json
import os
import random
import subprocess
import sys

import pytest
from material.plugins.search.plugin import Parser, SearchIndex

from okrsite.adapter import search_text
from okrsite.adapter.search_text import page_stand_in, text_stand_in
from okrsite.blocks import pack_blocks, restore_blocks

from conftest import ROOT, TODAY

BEFORE = '<h1 id="title">Title</h1>\n<p>Intro <em>text</em></p>\n<h2 id="part">Part</h2>\n'
AFTER = '\n<p>After the block</p>\n<h3 id="end">End</h3>\n<ul>\n<li>last</li>\n</ul>\n'


def sections(html_text: str) -> list:
    parser = Parser()
    parser.feed(html_text)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


def indexed_alike(block: str, before: str = BEFORE, after: str = AFTER) -> None:
    stand_in = text_stand_in(block)
    assert sections(before + stand_in + after) == sections(before + block + after), stand_in


FRAGMENTS = [
    '<div class="okr-card"><table><tr><td>Revenue</td><td> 1,200 </td></tr></table></div>',
    "<div>\n  <span>a</span>\n  \n  <span>b</span>  <b> </b>\n</div>",
    "  <div>leading and trailing text</div>  ",
    "text before a tag <div>x</div> text after",
    "<div><p>para <strong>bold</strong> &amp; &lt;escaped&gt; &nbsp; &#169;</p></div>",
    "<div><p> </p><p>\n</p><p>kept</p></div>",
    "<ul><li>one</li><li> </li><li><span>three</span></li></ul>",
    "<ol><li><ul><li>nested</li></ul></li></ol>",
    '<div><h3 class="okr-kr__title"><a href="x">KR title</a></h3> <p>body</p></div>',
    "<div><h2>same tag as the section</h2><p>text</p>  <h2> two <em>pieces</em> </h2></div>",
    "<div><!-- a comment --><span>a</span><!-- <b>not a tag</b> -->b</div>",
    '<div><br><img src="x.svg" alt="chart"><hr/>after void</div>',
    '<svg viewBox="0 0 1 1"><polyline points="0,0 1,1"/><circle r="1"/></svg><span>next</span>',
    "<div><code>x = 1</code> <sub>2</sub><sup>3</sup></div>",
    "<div><span>unclosed</div>",  # not nested: the block itself is indexed
    "<div><pre>  keep   spaces  </pre></div>",
    "<div>a < b</div>",
    "<div><script>var x = '<p>';</script>text</div>",
    '<div data-search-exclude><p>hidden</p></div><p>shown</p>',
    "",
    "no tags at all",
]


@pytest.mark.parametrize("block", FRAGMENTS)
def test_a_block_indexes_as_its_stand_in(block):
    indexed_alike(block)
    indexed_alike(block, before="", after="")  # the first thing on a page: its preface section
    indexed_alike(block, before="<p>text</p>  ", after="  tail")


def test_the_stand_in_is_lighter_and_the_unsure_blocks_stay_as_they_are():
    table = '<div class="okr-table"><table>' + '<tr><td class="n"><a href="../x/">Name</a></td></tr>' * 20 + "</table></div>"
    assert len(text_stand_in(table)) < len(table) / 3
    for block in ("<div><pre>x</pre></div>", "<div><span>unclosed</div>", "<div>a < b</div>"):
        assert text_stand_in(block) == block


def test_a_heading_with_an_id_in_a_block_keeps_the_whole_page_as_it_is():
    assert page_stand_in(["<div><p>a</p></div>", '<div><h3 id="x">T</h3></div>']) is None
    assert page_stand_in(["<div><p>a</p></div>"]) == [text_stand_in("<div><p>a</p></div>")]


TAGS = ["div", "span", "p", "li", "ul", "td", "h3", "h2", "em", "code", "a"]
TEXTS = ["word", " ", "\n", "  \n ", "two words", " x ", "&amp;", "&nbsp;", "a\nb", "", "\t"]


def _random_block(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 4)):
        choice = rng.random()
        if choice < 0.45 and depth < 4:
            tag = rng.choice(TAGS)
            out.append(f'<{tag} class="c{rng.randint(0, 9)}">' + _random_block(rng, depth + 1) + f"</{tag}>")
        elif choice < 0.55:
            out.append(rng.choice(["<br>", "<img src='x'>", "<!-- c -->", "<i/>"]))
        else:
            out.append(rng.choice(TEXTS))
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_random_blocks_index_as_their_stand_ins(seed):
    rng = random.Random(seed)
    for _ in range(300):
        indexed_alike(_random_block(rng))
        indexed_alike(_random_block(rng), before=BEFORE + "  ", after=rng.choice(TEXTS) + AFTER)


# The demo built without the stand-in and without the worker (the search plugin indexes every page's real HTML
# itself), as tests/conftest.py's demo_site is built with both (101 pages: the worker takes all from the 50th).
WITHOUT = """
import sys
import okrsite.adapter.search_text as search_text
search_text.page_stand_in = lambda blocks: None
search_text.PARALLEL_FROM = 10 ** 9
from okrsite.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_demo_index_is_the_same_with_and_without_the_stand_in(demo_site, tmp_path):
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(calendar.timegm(TODAY.timetuple()))}
    result = subprocess.run([sys.executable, "-c", WITHOUT, "build", "--strict", "--today", TODAY.isoformat(),
                             "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    with_stand_in = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    without = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(with_stand_in["docs"]) > 300
    assert with_stand_in == without
    for page in sorted(demo_site.rglob("*.html")):  # and the reader's pages are the real ones
        assert page.read_bytes() == (out / page.relative_to(demo_site)).read_bytes(), page


# The worker's way, page by page as MkDocs goes: every page converted first, then each templated.
PAGE_HTML = '<h1 id="title">{title}</h1>\n<!--okrsite:0-->\n<h2 id="krs">Key results</h2>\n<!--okrsite:1-->\n'
PAGE_BLOCKS = ['<div class="okr-meta"><p>{title} <strong>on track</strong> · 42 %</p></div>',
               '<section class="okr-kr"><h3 class="okr-kr__title">Ship {title} → 2 €</h3>'
               '<table><tr><th scope="row"><a href="../x/#a">A</a></th><td class="okr-number">1 234</td></tr></table>'
               '<ul><li>one</li><li><s>two</s> · 🛠</li></ul></section>']


class FakePage:
    def __init__(self, number: int, meta: dict):
        self.title = f"Objective {number}"
        self.file = type("F", (), {"src_uri": f"objectives/o{number}.md"})()
        self.url, self.meta, self.toc = f"objectives/o{number}/", meta, []
        self.markdown_html = PAGE_HTML.format(title=self.title)
        self.blocks = [block.format(title=self.title) for block in PAGE_BLOCKS]
        self.content = restore_blocks(self.markdown_html, self.blocks)


def test_the_worker_makes_the_entries_the_search_plugin_makes_of_the_real_pages(monkeypatch):
    monkeypatch.setattr(search_text, "PARALLEL_FROM", 3)  # the first two in this process, the rest in the worker
    metas = [{}, {"search": {"boost": 2}}, {}, {"search": {"exclude": True}}, {"search": {"boost": 3}}, {}, {}]
    pages = [FakePage(number, meta) for number, meta in enumerate(metas)]
    expected = SearchIndex()
    for page in pages:
        expected.add_entry_from_context(page)
    index = SearchIndex()
    stand_in = search_text.SearchStandIn(True, index)
    for page in pages:  # MkDocs converts every page ...
        stand_in.remember(page, page.markdown_html, pack_blocks(page.blocks))
    assert stand_in.pool is not None
    for page, meta in zip(pages, metas, strict=True):  # ... then templates each
        real = page.content
        stand_in.swap_in(page)
        index.add_entry_from_context(page)  # what the search plugin does in between
        stand_in.put_back(page)
        assert page.meta == meta and page.content == real
    stand_in.close()
    assert len(expected.entries) == 12  # two sections a page, the excluded page none
    assert index.entries == expected.entries
