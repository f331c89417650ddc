"""The packaged theme: theme/ as it is, after the company's custom_dir, its CSS and JS added once."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from okrsite.theme_setup import SCRIPTS, STYLESHEETS, theme_folder, use_packaged_theme


def test_the_installed_theme_is_the_repositorys_theme_folder_as_it_is():
    """Editable install or wheel: every file of theme/ is there, byte for byte."""
    installed = theme_folder()
    source = sorted(p.relative_to(ROOT / "theme") for p in (ROOT / "theme").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts)
    assert source and all((installed / p).read_bytes() == (ROOT / "theme" / p).read_bytes() for p in source)


def test_the_company_custom_dir_comes_first_then_okrsite_then_material(tmp_path):
    (tmp_path / "okrsite").mkdir()
    dirs = [str(tmp_path), "/material/templates", "/mkdocs/templates"]
    css, js = ["assets/okrsite.css", "company.css"], []
    templates = use_packaged_theme(dirs, str(tmp_path), css, js)
    assert dirs == [str(tmp_path), str(theme_folder()), "/material/templates", "/mkdocs/templates"]
    assert templates == [tmp_path / "okrsite", theme_folder() / "okrsite"]
    assert css == ["assets/okrsite.css", "company.css", *STYLESHEETS[1:]] and js == list(SCRIPTS)

    use_packaged_theme(dirs, str(tmp_path), css, js)  # MkDocs serve reloads the config: nothing twice
    assert dirs.count(str(theme_folder())) == 1 and len(css) == 3 and len(js) == len(SCRIPTS)


def test_without_a_custom_dir_okrsite_is_first_and_its_own_templates_are_used():
    dirs = ["/material/templates"]
    assert use_packaged_theme(dirs, None, [], []) == [theme_folder() / "okrsite"]
    assert dirs == [str(theme_folder()), "/material/templates"]


def test_a_custom_dir_that_is_the_theme_itself_is_not_searched_twice():
    """This repository's own mkdocs.yml names theme/ as its custom_dir."""
    dirs = [str(ROOT / "theme"), "/material/templates"]
    templates = use_packaged_theme(dirs, str(ROOT / "theme"), [], [])
    assert len(templates) == len(set(map(Path.resolve, templates))) and templates[-1] == theme_folder() / "okrsite"


def test_run_from_a_checkout_of_the_source_the_theme_is_the_folder_beside_the_package(monkeypatch):
    """`pip install .` then pytest in the checkout imports okrsite from the checkout, which has no
    okrsite/theme: the theme is theme/ beside it (this is how .ci/run runs the tests)."""
    from okrsite import theme_setup

    monkeypatch.setattr(theme_setup.importlib.util, "find_spec", lambda name: None)
    assert theme_folder() == ROOT / "theme"


def test_without_the_theme_anywhere_the_build_says_so_without_a_traceback(monkeypatch, tmp_path):
    from okrsite import theme_setup

    monkeypatch.setattr(theme_setup.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(theme_setup, "__file__", str(tmp_path / "okrsite" / "theme_setup.py"))
    with pytest.raises(FileNotFoundError, match="reinstall okrsite"):
        theme_folder()
