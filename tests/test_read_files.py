"""The content files `okrsite serve` keeps between builds (okrsite.load.source.ReadFiles): a build that
takes them says and makes exactly what a build reading every file does, and nothing that reads them
changes them."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from conftest import DEMO, TODAY, Project
from okrsite.build import build
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.load.source import ReadFiles, read_markdown
from okrsite.theme_setup import use_packaged_theme
from okrsite.validate import check


def _said(content: Path, read: ReadFiles | None = None) -> list[str]:
    report = Report(Translator("sv"))
    check(content, TODAY, report, read=read)
    return [f"{d} | {d.hint}" for d in report.sorted()]


def test_messages_are_the_same_with_files_kept(project: Project):
    project.write("2026-Q4/mobile/checkins/2026-11-21.md", "---\ncheckin: 2026-11-21\nvalues:\n  app-nps: lots\n---\n")
    project.write("2026-Q4/platform/broken.md", "---\nobjective: [unclosed\n---\n")
    project.write("2026-Q4/platform/stray.md", "---\nobjectiv: Typo\n---\n")
    read = ReadFiles()
    assert _said(project.content, read) == _said(project.content)
    assert _said(project.content, read) == _said(project.content)  # every file kept now
    # A blank line moves every message below it; another file's messages stay where they were.
    project.edit("2026-Q4/mobile/checkins/2026-11-21.md", "---\ncheckin", "---\n\ncheckin")
    project.edit("2026-Q4/platform/stray.md", "objectiv: Typo", "objectiv: Typo\nowner: nobody")
    assert _said(project.content, read) == _said(project.content)
    (project.content / "2026-Q4/platform/broken.md").unlink()
    project.write("2026-Q4/platform/broken.md~", "---\nobjective: [unclosed\n---\n")  # an editor's backup
    assert _said(project.content, read) == _said(project.content)


def _state(source) -> tuple:
    return (source.shown, source.rel, copy.deepcopy(source.meta), source.body, source.body_line, source.yaml_text,
            source.first_line) if source is not None else None


def test_nothing_changes_the_files_kept(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    read = ReadFiles()
    report = Report()
    company = check(content, TODAY, report, read=read)
    assert company is not None and read._kept
    templates = use_packaged_theme([], None, [], [])
    built = build(company, TODAY, templates, Translator("en"), charts=True)
    again = build(check(content, TODAY, Report(), read=read), TODAY, templates, Translator("en"), charts=True,
                  before=built)
    assert again.pages == built.pages
    assert again.rendered < len(again.pages) / 4  # the same content: only the pages rendered every time
    for path, (data, shown, rel, source, _) in read._kept.items():
        assert path.read_bytes() == data
        fresh = read_markdown(path, shown, rel, Report())
        assert _state(source) == _state(fresh), f"{rel} changed after a build"


def test_a_file_unchanged_for_a_while_is_not_read_again_and_an_edit_of_it_is_still_seen(project: Project,
                                                                                        monkeypatch):
    """An edit that keeps the size, with the time of change set back as some tools do, is still read."""
    import os
    import time as real_time

    from okrsite.load import source

    class Later:  # every file written so far has not changed for longer than SETTLED_NS
        @staticmethod
        def time_ns():
            return real_time.time_ns() + 2 * source.SETTLED_NS

    monkeypatch.setattr(source, "time", Later)
    checkin = "2026-Q4/mobile/checkins/2026-11-21.md"
    project.write(checkin, "---\ncheckin: 2026-11-21\nvalues:\n  app-nps: lots\n---\n")
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        if path.suffix == ".md":
            reads.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    read = ReadFiles()
    first = _said(project.content, read)
    assert reads, "the first check reads every file"
    reads.clear()
    assert _said(project.content, read) == first
    assert not reads, "no file is read again while its time of change, size and inode stay"
    path = project.content / checkin
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("lots", "lotz"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same size and time of modification
    reads.clear()
    said = _said(project.content, read)
    assert set(reads) == {path} and said == _said(project.content) and said != first
    assert any("lotz" in line for line in said)
