"""The package's layers, read from every module's imports (parsed, never run): MkDocs only in
the adapter, and Jinja, MarkupSafe and Markdown only where HTML or file templates are written.

Every module below okrsite/ is walked, so a new module is held to the same rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "okrsite"

ADAPTER = ("okrsite.adapter",)  # the one package that hands the site to MkDocs
HTML_MAKERS = (
    "okrsite.render",  # the theme's Jinja templates
    "okrsite.untrusted",  # Markdown from the content, under its own policy
    "okrsite.authoring.templates",  # the file templates of `okrsite new`
)
TEMPLATE_LIBRARIES = ("jinja2", "markupsafe", "markdown")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, at any depth of its code (also inside functions), absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


MODULES = _modules()


def test_the_walk_finds_the_package():
    assert {"okrsite.cli", "okrsite.routes", "okrsite.build", "okrsite.load", "okrsite.charts.specs"} <= set(MODULES)
    assert "okrsite.adapter.plugin" in MODULES and "okrsite.adapter.publish" in MODULES


@pytest.mark.parametrize("name", sorted(MODULES))
def test_mkdocs_is_imported_only_by_the_adapter(name):
    if _within(name, ADAPTER):
        return
    mkdocs = sorted(i for i in _imports(name, MODULES[name]) if _within(i, ("mkdocs",)))
    assert not mkdocs, f"{name} imports {mkdocs}: only okrsite.adapter may"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_data_modules_import_no_template_or_markdown_library(name):
    if _within(name, HTML_MAKERS):
        return
    libraries = sorted(i for i in _imports(name, MODULES[name]) if _within(i, TEMPLATE_LIBRARIES))
    assert not libraries, f"{name} imports {libraries}: only {', '.join(HTML_MAKERS)} may"


def test_the_rules_see_an_import_inside_a_function(tmp_path):
    """A lazy import (as publish.py makes of MkDocs) counts like any other."""
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from mkdocs.commands.build import build\n    from .render import x\n")
    assert {"mkdocs.commands.build", "okrsite.render", "okrsite.render.x"} <= _imports("okrsite.lazy", module)


def test_the_build_runs_without_loading_mkdocs():
    """Importing the whole pipeline up to `build` (and the command line) loads no MkDocs module."""
    import subprocess
    import sys

    code = ("import sys, okrsite.build, okrsite.cli, okrsite.paths; "
            "loaded = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')); "
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True)
