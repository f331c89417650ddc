"""Confidential and draft OKRs never leak, into any file of the built site.

The demo company is copied and a marker word is written into everything a
confidential objective, a draft objective and a confidential past objective
carry (`PLACES` lists each place). The site is built and every file of it
is searched for the marker, byte by byte and case-insensitively, whatever
its kind: HTML, the search index, sitemap.xml and its gzip, JSON and CSV
exports, feeds, SVG charts, scripts and styles (compressed files are
searched decompressed). Outputs that other parts of okrsite add later are
covered the same way, since the search walks the whole tree.

Also: a check-in that touched only confidential key results vanishes with
its wins, blockers and actions; roll-ups that count confidential objectives
say so (dashboard and team page) without naming them, and leave them out
with `include_confidential: false`.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DEMO, ROOT, build_site, restore_chart_cache, write_config
from okrsite import content_files

MARKER = "Zqxleak"  # a word found nowhere else
FJORD = "2026-Q4/company/project-fjord.md"
DACH = "2026-Q4/sales/dach-2027.md"

# Every place the marker is put: (file, what).
PLACES: list[tuple[str, str]] = []


def _edit(content: Path, rel: str, old: str, new: str, what: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    PLACES.append((rel, what))


def _write(content: Path, rel: str, text: str, what: str) -> None:
    (content / rel).parent.mkdir(parents=True, exist_ok=True)
    (content / rel).write_text(text, encoding="utf-8")
    PLACES.append((rel, what))


def marked_demo(root: Path) -> Path:
    """The demo content with the marker in every confidential and draft place."""
    content = root / "content"
    shutil.copytree(DEMO, content)
    PLACES.clear()
    m, low = MARKER, MARKER.lower()
    # The confidential company objective: its file name (its id and URL), title, body, KRs.
    fjord = f"2026-Q4/company/{low}-fjord.md"
    (content / FJORD).rename(content / fjord)
    PLACES.append((fjord, "file name / objective id"))
    _edit(content, fjord, "Project Fjord:", f"Project Fjord {m}:", "objective title")
    _edit(content, fjord, "**Confidential:", f"{m} **Confidential:", "Markdown body")
    _edit(content, fjord, "title: Sign the acquisition", f"title: Sign the {m} acquisition\n    kpi: {m} deals",
          "key result title, KPI")
    _edit(content, fjord, "      - Deal signed", f"      - Deal signed with {m}", "milestone title")
    _edit(content, fjord, "  - id: fjord-dd\n    title: Answer all 40",
          f"  - id: {low}-dd\n    title: Answer all 40 {m}", "key result id and title")
    _edit(content, fjord, "target: 40\n", f"target: 40\n    unit: {low}q\n", "unit")
    for checkin in sorted((content / "2026-Q4/company/checkins").glob("*.md")):
        text = checkin.read_text(encoding="utf-8")
        if "fjord-dd:" in text:
            checkin.write_text(re.sub(r"fjord-dd: (\S+)", rf"{low}-dd: {{value: \1 {low}q, note: {m} note}}", text),
                               encoding="utf-8")
    PLACES.append(("2026-Q4/company/checkins/*.md", "check-in value id and note (beside public values)"))
    # A check-in of confidential key results only: gone, wins, blockers, actions and all.
    _write(content, "2026-Q4/company/checkins/2026-11-24.md", f"""---
checkin: 2026-11-24
author: sofia
confidence: 0.6
values:
  {low}-dd: {{value: 31 {low}q, confidence: 0.4, note: {m} only-confidential note}}
  fjord-deal: [Shortlist of three targets, Management meetings held, Letter of intent signed]
---

## Wins
- {m} win: the data room is complete.

## Blockers
- {m} blocker: the lawyers are slow.

## Actions
- @sofia: {m} action, send the term sheet, due 2026-12-01
""", "check-in of confidential KRs only: wins, blockers, action, notes")
    # The draft objective.
    dach = f"2026-Q4/sales/{low}-dach.md"
    (content / DACH).rename(content / dach)
    PLACES.append((dach, "draft: file name / objective id"))
    _edit(content, dach, "Prepare our entry into Germany", f"Prepare our {m} entry into Germany", "draft: title")
    _edit(content, dach, "**Draft for 2027", f"{m} **Draft for 2027", "draft: body")
    _edit(content, dach, "title: Decide go or no-go", f"title: {m} decide go or no-go", "draft: key result title")
    # A confidential objective of the finished cycle: its retrospective, with a grade and a reason.
    denmark = "2026-Q3/sales/denmark.md"
    _edit(content, denmark, "owner: henrik\naligns_to", "owner: henrik\nvisibility: confidential\naligns_to",
          "past cycle: made confidential")
    _edit(content, denmark, "  reached: >-\n", f"  reached: >-\n    {m} reached.\n", "past cycle: retrospective")
    _edit(content, denmark, "  reason: >-\n", f"  reason: >-\n    {m} reason.\n", "past cycle: grade reason")
    _edit(content, denmark, "title: Win 8 Danish", f"title: {m} win 8 Danish", "past cycle: key result title")
    return content


def site_config(root: Path, content: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(content)
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["site_url"] = "https://okr.example/"  # so that sitemap.xml lists every page
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def files_with_marker(site: Path) -> tuple[int, list[str]]:
    """How many files were searched, and those holding the marker (any case, any kind of file)."""
    needle = MARKER.lower().encode()
    found, count = [], 0
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        count += 1
        data = path.read_bytes()
        if path.suffix in (".gz", ".svgz"):
            data = gzip.decompress(data)
        if needle in data.lower():
            found.append(path.relative_to(site).as_posix())
    return count, found


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory, chart_cache) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    restore_chart_cache(chart_cache, root)  # a chart of a marked title is drawn anew, so it is still searched
    content = marked_demo(root)
    result = build_site(root / "site", site_config(root, content))
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_marker_is_in_every_confidential_place_of_the_content(tmp_path):
    content = marked_demo(tmp_path)
    assert len(PLACES) >= 15
    text = "".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))
    assert text.count(MARKER) + text.count(MARKER.lower()) >= 20


def test_no_file_of_the_site_holds_the_marker(leak_site):
    count, found = files_with_marker(leak_site)
    kinds = {path.suffix for path in leak_site.rglob("*") if path.is_file()}
    assert count > 100 and {".html", ".json", ".xml", ".gz", ".js", ".css"} <= kinds, (count, kinds)
    assert not found, found


ENTRY = '<header class="okr-entry__header"><time datetime="{}">'


def test_a_checkin_of_only_confidential_key_results_vanishes(leak_site):
    changelog = (leak_site / "changelog/index.html").read_text(encoding="utf-8")
    assert ENTRY.format("2026-11-24") not in changelog
    assert ENTRY.format("2026-11-20") in changelog  # the mixed check-in stays, with its public values
    company = (leak_site / "teams/company/index.html").read_text(encoding="utf-8")
    assert ENTRY.format("2026-11-24") not in company
    for yearly in ("cycles/2026/changelog/index.html", "teams/company/2026/index.html"):  # nor in the year's pages
        assert ENTRY.format("2026-11-24") not in (leak_site / yearly).read_text(encoding="utf-8")
    sofia = (leak_site / "people/sofia/index.html").read_text(encoding="utf-8")
    assert "send the term sheet" not in sofia  # its action is gone from the owner's page too


def test_rollups_say_they_count_confidential_objectives(leak_site):
    home = (leak_site / "index.html").read_text(encoding="utf-8")
    assert "1 confidential objective is counted in the totals but not shown." in home
    team = (leak_site / "teams/company/index.html").read_text(encoding="utf-8")
    assert "1 confidential objective is counted in the totals but not shown." in team
    mobile = (leak_site / "teams/mobile/index.html").read_text(encoding="utf-8")
    assert "confidential" not in mobile  # a team without one says nothing


def test_rollups_leave_confidential_objectives_out_when_told(tmp_path, leak_site, chart_cache):
    restore_chart_cache(chart_cache, tmp_path)
    content = marked_demo(tmp_path)
    organisation = content / "okrsite.yml"
    text = organisation.read_text(encoding="utf-8")
    assert "\ndefaults:" not in text
    organisation.write_text(text + "\ndefaults:\n  include_confidential: false\n", "utf-8")
    site = tmp_path / "site"
    result = build_site(site, site_config(tmp_path, content))
    assert result.returncode == 0, result.stderr
    count, found = files_with_marker(site)
    assert count > 100 and not found, found
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "confidential" not in home
    counted = re.search(r'aria-valuenow="(\d+)"', (leak_site / "index.html").read_text(encoding="utf-8"))
    left_out = re.search(r'aria-valuenow="(\d+)"', home)
    assert counted and left_out and counted.group(1) != left_out.group(1)  # the company figure changes


# Slips of the keyboard: a draft saved a little wrong is an error at the file, never a published copy.
DRAFT = f"---\nobjective: {MARKER} draft\nowner: chen\nvisibility: draft\nkey_results:\n  - id: a\n    title: A\n" \
        "    start: 0\n    target: 10\n---\nSecret plans.\n"
TEAM = "2026-Q4/platform"
NOT_FIRST = "the front-matter's opening '---' is on line {}, not the first line"
OTHER_MARKDOWN = "okrsite reads Markdown only from '.md' files, but MkDocs would publish this one as a page, unread. " \
                 "Hint: Rename it to {}, or delete it if it is a copy."
NOT_PUBLISHED = "'{}' is not a kind of file okrsite publishes. Hint: A copy or backup left behind?"
SLIPS = [
    ("blank line", "plan.md", "\n" + DRAFT, NOT_FIRST.format(2), 2),
    ("spaces and tabs", "plan.md", "  \t \n\n" + DRAFT, NOT_FIRST.format(3), 3),
    ("two byte order marks", "plan.md", "\ufeff\ufeff" + DRAFT, NOT_FIRST.format(1), 1),
    ("byte order mark line", "plan.md", "\ufeff\n" + DRAFT, NOT_FIRST.format(2), 2),
    ("indented dashes", "plan.md", "  " + DRAFT, NOT_FIRST.format(1), 1),
    ("four dashes", "plan.md", "-" + DRAFT, NOT_FIRST.format(1), 1),
    (".mkd", "plan.mkd", DRAFT, OTHER_MARKDOWN.format("plan.md"), 1),
    (".markdown", "plan.markdown", DRAFT, OTHER_MARKDOWN.format("plan.md"), 1),
    (".MD", "Fjord-Copy.MD", DRAFT, OTHER_MARKDOWN.format("Fjord-Copy.md"), 1),
    (".Md", "plan.Md", DRAFT, OTHER_MARKDOWN.format("plan.md"), 1),
    (".mdown", "plan.mdown", DRAFT, OTHER_MARKDOWN.format("plan.md"), 1),
    (".orig", "plan.md.orig", DRAFT, NOT_PUBLISHED.format("plan.md.orig"), 1),
    ("tilde backup", "plan.md~", DRAFT, NOT_PUBLISHED.format("plan.md~"), 1),
    ("emacs autosave", "#plan.md#", DRAFT, NOT_PUBLISHED.format("#plan.md#"), 1),
    (".bak", "plan.md.bak", DRAFT, NOT_PUBLISHED.format("plan.md.bak"), 1),
    ("vim swap, not hidden", "plan.md.swp", DRAFT, NOT_PUBLISHED.format("plan.md.swp"), 1),
    (".md.txt", "plan.md.txt", DRAFT, NOT_PUBLISHED.format("plan.md.txt"), 1),
    ("html", "plan.html", f"<p>{MARKER}</p>", NOT_PUBLISHED.format("plan.html"), 1),
    ("a copy as text", "plan.txt", "\n\n" + DRAFT,
     "'plan.txt' starts like an objective or a check-in, and would be published as it is", 1),
    ("a copy as a picture", "plan.png", DRAFT,
     "'plan.png' starts like an objective or a check-in, and would be published as it is", 1),
]


@pytest.mark.parametrize("name, file, text, error, line", SLIPS, ids=[slip[0] for slip in SLIPS])
def test_a_slip_is_one_error_at_the_file(project, monkeypatch, name, file, text, error, line):
    monkeypatch.chdir(project.root)
    project.write(f"{TEAM}/{file}", text)
    _, report = project.check()
    found = [(d.location.path, d.location.line, f"{d.message}. Hint: {d.hint}") for d in report.errors]
    assert len(found) == 1 and found[0][:2] == (f"content/{TEAM}/{file}", line), found
    assert found[0][2].startswith(error), found


def test_a_folder_link_inside_the_content_is_an_error_and_never_a_second_copy(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write(f"{TEAM}/plan.md", DRAFT)
    os.symlink("2026-Q4", project.content / "guide-link")
    _, report = project.check()
    assert [(d.location.path, d.code) for d in report.errors] == [("content/guide-link", "symlink-folder")]
    result = build_site(tmp_path / "site", write_config(project))
    assert result.returncode == 1 and "content/guide-link:1:1: error: the link points at a folder" in result.stderr
    assert not (tmp_path / "site").exists()


def test_what_the_build_publishes_from_the_content_is_pages_and_assets(project, tmp_path):
    # A hidden editor file (skipped by MkDocs and okrsite alike), a picture and an attachment of a page.
    project.write(f"{TEAM}/.plan.md.swp", DRAFT)
    project.write("guide/how.md", "# How we work\n\n![Diagram](diagram.PNG)\n")
    project.write("guide/diagram.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    project.write("guide/budget.pdf", b"%PDF-1.4\n")
    project.write(f"{TEAM}/plan.md", DRAFT)
    site = tmp_path / "site"
    result = build_site(site, write_config(project))
    assert result.returncode == 0, result.stderr[-3000:]
    copied = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix.lower() in (".png", ".pdf"))
    assert [p for p in copied if p.startswith("guide/")] == ["guide/budget.pdf", "guide/diagram.PNG"]
    assert files_with_marker(site)[1] == []
    assert not any(p.name.endswith((".md", ".swp", ".yml")) for p in site.rglob("*"))


@pytest.mark.parametrize("rel, published", [
    ("guide/how.md", True), ("guide/diagram.PNG", True), ("guide/a.pdf", True),
    ("2026-Q4/platform/plan.md", False), ("okrsite.yml", False), ("plan.mkd", False), ("plan.MD", False),
    ("plan.md.orig", False), ("plan.md.txt", False), ("plan.md~", False), ("link/2026-Q4/platform/plan.md", False),
    ("x.html", False), ("x.js", False), ("CNAME", False),
])
def test_the_build_drops_every_content_file_okrsite_did_not_read_as_a_page(rel, published):
    assert content_files.published(rel, {"guide/how.md"}) is published
