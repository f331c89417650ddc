"""What a full build holds while MkDocs works: each page's HTML blocks packed until MkDocs writes the page,
and no page's HTML with its blocks in once it is written (MkDocs keeps every page to the end of the build);
a build with no next one works out no page inputs; large strings freed go back to the system. The
written site is the same either way."""

from __future__ import annotations

import platform
import random
import re
import subprocess
import sys

import pytest

from conftest import ROOT, TODAY, write_config
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from okrsite.adapter.plugin import OkrsitePlugin
from okrsite.blocks import PLACEHOLDER, pack_blocks, unpack_blocks
from okrsite.build import build
from okrsite.i18n import Translator


def test_blocks_come_back_from_packing_as_they_went_in():
    rng = random.Random(16)
    alphabet = "<>&\"' \n\t\0aåß€→🛠😀\u200b\U0010fffd"
    for _ in range(200):
        blocks = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(rng.randrange(5))]
        assert unpack_blocks(pack_blocks(blocks)) == blocks
    assert pack_blocks([]) == b"" and unpack_blocks(b"") == []
    assert unpack_blocks(pack_blocks([""])) == [""]  # one empty block is still a block
    big = ['<table class="okr-kr">' + "<tr><td>1 234 €</td><td>🛠 on track</td></tr>" * 5000 + "</table>"]
    assert len(pack_blocks(big)) * 20 < len(big[0])


def test_a_written_page_keeps_its_html_without_its_blocks(project, monkeypatch):
    project.write("guide/notes.md", "# Notes\n\nA page someone wrote, with `<!--okrsite:0-->` in it as code.\n")
    config_path = write_config(project)
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("plugins: [search, okrsite]", "plugins: [search, {okrsite: {charts: false}}]"),
                           encoding="utf-8")
    packed: dict[str, bytes] = {}
    written: dict[str, tuple] = {}
    on_files, on_post_page = OkrsitePlugin.on_files, OkrsitePlugin.on_post_page

    def files_made(self, files, *, config):
        files = on_files(self, files, config=config)
        packed.update(self.blocks)
        return files

    def page_written(self, output, *, page, config):
        output = on_post_page(self, output, page=page, config=config)
        written[page.file.src_uri] = (page, output)
        return output

    monkeypatch.setattr(OkrsitePlugin, "on_files", files_made)
    monkeypatch.setattr(OkrsitePlugin, "on_post_page", page_written)
    monkeypatch.setenv("OKRSITE_TODAY", TODAY.isoformat())
    config = load_config(str(config_path), site_dir=str(project.root / "site"))
    mkdocs_build(config)
    with_blocks = [src for src in written if packed.get(src)]
    assert len(with_blocks) > 10
    for src in with_blocks:
        page, output = written[src]
        blocks = unpack_blocks(packed[src])
        assert PLACEHOLDER.format(0) in page.content, src  # held to the end: the HTML Markdown made
        assert not any(len(block) > 80 and block in page.content for block in blocks), src
        assert (project.root / "site" / page.file.dest_uri).read_text(encoding="utf-8") == output
        # ... and the reader's page has them, as the search plugin leaves HTML
        for block in blocks:
            assert re.sub(r'\s?data-search-\w+="[^"]+"', "", block) in output, src
    assert "&lt;!--okrsite:0--&gt;" in written["guide/notes.md"][1]  # a hand-written page as it was written
    assert config.plugins["okrsite"].blocks == {}  # every generated page was written: no blocks held


def test_a_build_with_no_next_one_renders_the_same_pages_without_their_inputs(demo):
    company, _ = demo
    templates = ROOT / "theme" / "okrsite"
    for_serve = build(company, TODAY, templates, Translator(), charts=False)
    once = build(company, TODAY, templates, Translator(), charts=False, remember=False)
    assert for_serve.inputs and not once.inputs
    assert once.rendered == len(once.pages) == len(for_serve.pages)
    assert once.pages == for_serve.pages  # markdown and packed blocks alike
    assert once.files == for_serve.files


HEAP_PROBE = """
import os, sys
from okrsite.heap import give_back_large_blocks
if sys.argv[1] == "fixed":
    give_back_large_blocks()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
page = "é" * (4 << 20)  # one large string made and dropped, as a page's HTML is
del page
before = rss()
strings, kept = [], []
for n in range(100):  # then many large ones, each with a small thing kept after it
    strings.append(b"x" * (600 << 10))
    kept.append(bytes(2000))
del strings
print((rss() - before) >> 20)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator and Linux's /proc only")
def test_large_strings_freed_go_back_to_the_system():
    def held_mb(how: str) -> int:
        result = subprocess.run([sys.executable, "-c", HEAP_PROBE, how], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return int(result.stdout)

    assert held_mb("glibc's own") > 30  # what a build suffered: 60 MB freed, still resident
    assert held_mb("fixed") < 10
