"""Paths: no file lands outside the site folder or on another's address.

The corpus (tests/corpus, test_check_corpus.py) holds one case per error of
okrsite/paths.py; here are the cases a corpus file cannot hold (symbolic
links, backslashes in a name) and the address rules themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, build_site, write_config
from okrsite.paths import generated_pages, page_address


@pytest.mark.parametrize("src, address", [
    ("index.md", ""),
    ("README.md", ""),
    ("guide/okrs.md", "guide/okrs/"),
    ("guide/okrs/index.md", "guide/okrs/"),
    ("guide/okrs/README.md", "guide/okrs/"),
    ("2026-Q4/mobile/joyful-app.md", "2026-Q4/mobile/joyful-app/"),
    ("teams/mobile/2026-Q3.md", "teams/mobile/2026-Q3/"),
])
def test_page_address(src, address):
    assert page_address(src) == address


def test_generated_pages_have_distinct_addresses(project):
    company, report = project.check()
    assert not report.diagnostics
    addresses = [page_address(src).casefold() for src in generated_pages(company)]
    assert len(addresses) == len(set(addresses))


def test_every_page_and_file_the_build_makes_is_a_place_the_check_protects(demo):
    """okrsite check protects okrsite's places without building the site; the build says if they drifted."""
    from okrsite.build import build
    from okrsite.i18n import Translator
    from okrsite.paths import GENERATED_FILES, GENERATED_FOLDERS

    company, _ = demo
    built = build(company, TODAY, ROOT / "theme" / "okrsite", Translator())
    made = [*built.pages, *built.files, *(path for chart in built.charts for path in (chart.light, chart.dark))]
    protected = {page_address(src) for src in generated_pages(company)}
    objectives = {f"{objective}.md" for objective in company.objectives}  # at their own file's address
    unprotected = [
        path for path in made
        if path not in objectives and path not in GENERATED_FILES and path.split("/")[0] not in GENERATED_FOLDERS
        and page_address(path) not in protected
    ]
    assert len(made) > 100 and not unprotected, unprotected


def _codes(project, monkeypatch):
    monkeypatch.chdir(project.root)
    _, report = project.check()
    return [(d.location.path, d.location.line, d.code, d.message) for d in report.diagnostics]


def test_a_link_out_of_the_content_folder_is_an_error(project, monkeypatch, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Salaries\n", encoding="utf-8")
    (project.content / "guide").mkdir()
    os.symlink(secret, project.content / "guide" / "salaries.md")
    os.symlink(tmp_path, project.content / "everything")  # a folder link
    found = _codes(project, monkeypatch)
    assert [(path, code) for path, _, code, _ in found] == [
        ("content/everything", "symlink-outside"), ("content/guide/salaries.md", "symlink-outside"),
    ], found


def test_a_link_inside_the_content_folder_is_fine(project, monkeypatch):
    (project.content / "guide").mkdir()
    (project.content / "guide/real.md").write_text("# Real\n", encoding="utf-8")
    os.symlink("real.md", project.content / "guide/alias.md")
    assert _codes(project, monkeypatch) == []


@pytest.mark.parametrize("name", ["a\\b.md", "what?.md", "trailing-dot./page.md", "trailing-space /page.md", "nul.txt",
                                  "LPT1.md", "tab\there.md"])
def test_unportable_file_names_are_errors(project, monkeypatch, name):
    # A file named `x.` or `x ` is not a kind of file okrsite publishes (see test_content_files.py).
    project.write(f"guide/{name}", "# Page\n")
    found = _codes(project, monkeypatch)
    assert [(path, code) for path, _, code, _ in found] == [(f"content/guide/{name}", "unportable-name")], found


def test_the_build_writes_only_inside_its_folder_and_refuses_a_page_on_a_generated_one(project, tmp_path):
    config = write_config(project)
    site = tmp_path / "out" / "site"
    assert build_site(site, config).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    outside = {p for p in out.rglob("*") if site not in p.parents and p != site}
    assert all(not p.is_symlink() and site.resolve() in p.resolve().parents for p in before)

    project.write("people/bjorn.md", "# Björn's own page\n")  # where okrsite puts Björn's page
    result = build_site(site, config)
    assert result.returncode == 1
    assert "people/bjorn.md:1:1: error: 'people/bjorn.md' is where okrsite puts pages of its own" in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert {p for p in out.rglob("*") if site not in p.parents and p != site} == outside  # nothing left beside it


@pytest.mark.parametrize("first, second", [
    ("caf\u00e9.md", "cafe\u0301.md"),  # NFC and NFD: one file on macOS
    ("guide/\u00c5rsplan.md", "guide/A\u030arsplan.md"),
    ("guide/caf\u00e9.png", "guide/CAFE\u0301.png"),  # images too, and case on top
    ("\u00e9quipe/notes.md", "e\u0301quipe/notes.md"),  # in a folder name
])
def test_names_that_differ_only_in_unicode_normalisation_are_one_address(project, monkeypatch, first, second):
    project.write(f"guide/{first}" if "/" not in first else first, "# One\n")
    project.write(f"guide/{second}" if "/" not in second else second, "# Two\n")
    found = _codes(project, monkeypatch)
    assert [code for _, _, code, _ in found] == ["same-address"], found


@pytest.mark.parametrize("stand, spelled", [
    ("root", "content"), ("root", "absolute"), ("content", "."), ("content/2026-Q4", ".."),
    ("content/2026-Q4/mobile", "absolute"), ("elsewhere", "absolute"), ("elsewhere", "relative"),
])
def test_files_below_the_content_folder_are_shown_as_shown_path_shows_them(project, tmp_path, monkeypatch, stand,
                                                                           spelled):
    """The loader works out the folder's relative path once, not once a file: the same text, wherever the
    user stands and however --content is spelled."""
    from okrsite.content_files import content_files
    from okrsite.load import shown_below, shown_path

    project.write("2026-Q4/mobile/notes.md", "# Notes\n")
    project.write("2026-Q4/mobile/café.md", "# Café\n")
    where = tmp_path if stand == "root" else tmp_path / stand  # the project's root holds content/
    where.mkdir(exist_ok=True)
    monkeypatch.chdir(where)
    content = {"absolute": project.content, "relative": Path(os.path.relpath(project.content))}.get(
        spelled, Path(spelled))
    files = content_files(content)
    shown = shown_below(content)
    assert len(files) == 6
    assert [shown(file.rel) for file in files] == [shown_path(file.path) for file in files]
