"""Run one `okrsite build` (or `mkdocs build`) with a CPU timer on each phase of it.

Run as a script by the interpreter of the tree being measured, so that it
times that tree's okrsite:

    SOURCE/.venv/bin/python benchmarks/phases.py OUT.json okrsite build -f okrsite.yml -d SITE ...
    SOURCE/.venv/bin/python benchmarks/phases.py OUT.json mkdocs build -f plain.yml -d SITE

Each phase is a list of functions, wrapped before the build starts (in
every module that imported them by name). A phase's time is exclusive:
Markdown converted while okrsite renders a page counts as Markdown, not
twice. Functions a tree does not have are skipped, so an older tree is
measured by the same script. What no phase claims (start-up, imports,
MkDocs' own bookkeeping) is "other". Writes the CPU seconds per phase, the
process's own CPU, and okrsite's navigation (for the plain site's) to OUT.json.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from collections import defaultdict

# phase -> "module:attribute" or "module:Class.method"
PHASES = {
    "load + validate": ["okrsite.validate:check", "okrsite.history:read_history"],
    "roll-up + site model": ["okrsite.site:build_site", "okrsite.build:site_pages", "okrsite.build:nav"],
    "okrsite Jinja rendering": ["okrsite.render:render_pages", "okrsite.render:restore_blocks"],
    "Markdown": ["markdown.core:Markdown.convert"],
    "Material page templating": ["mkdocs.commands.build:_build_page", "mkdocs.commands.build:_build_template",
                                 "mkdocs.commands.build:_build_theme_template"],
    "search indexing": ["material.plugins.search.plugin:SearchPlugin.on_page_context",
                        "material.plugins.search.plugin:SearchPlugin.on_post_build",
                        "okrsite.adapter.search_text:SearchStandIn.remember",
                        "okrsite.adapter.search_text:SearchStandIn.swap_in",
                        "okrsite.adapter.search_text:SearchStandIn.put_back"],
    "exports + feeds": ["okrsite.export:site_files", "okrsite.feeds:site_files"],
    "writing files": ["mkdocs.utils:write_file", "mkdocs.utils:copy_file"],
}
IMPORTS = ["okrsite.cli", "okrsite.adapter.plugin", "okrsite.adapter.publish", "okrsite.build", "okrsite.render",
           "mkdocs.commands.build", "mkdocs.__main__", "material.plugins.search.plugin"]

totals: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)
_stack: list[list[float]] = []  # per running timed call: CPU time of the timed calls inside it
captured: dict = {}


def _timed(fn, phase):
    def timed(*args, **kwargs):
        start = time.process_time()
        _stack.append([0.0])
        try:
            return fn(*args, **kwargs)
        finally:
            inner = _stack.pop()[0]
            spent = time.process_time() - start
            totals[phase] += spent - inner
            calls[phase] += 1
            if _stack:
                _stack[-1][0] += spent
    timed.__wrapped__ = fn
    return timed


def _install() -> None:
    for name in IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    for phase, targets in PHASES.items():
        for target in targets:
            module_name, _, attr = target.partition(":")
            module = sys.modules.get(module_name)
            if module is None:
                try:
                    module = importlib.import_module(module_name)
                except ImportError:
                    continue
            owner_name, _, method = attr.rpartition(".")
            if owner_name:  # a method: replace it on its class
                owner = getattr(module, owner_name, None)
                if owner is not None and method in vars(owner):
                    setattr(owner, method, _timed(vars(owner)[method], phase))
                continue
            original = getattr(module, attr, None)
            if original is None:
                continue
            wrapped = _timed(original, phase)
            for other in list(sys.modules.values()):  # `from x import f` keeps its own reference
                if getattr(other, "__dict__", None) is not None:
                    for key, value in list(vars(other).items()):
                        if value is original:
                            setattr(other, key, wrapped)
    build_module = sys.modules.get("okrsite.build")
    if build_module is not None and hasattr(build_module, "build"):  # keep okrsite's nav for the plain site
        original_build = build_module.build

        def build(*args, **kwargs):
            built = original_build(*args, **kwargs)
            captured["nav"] = list(built.nav)
            return built
        for other in list(sys.modules.values()):
            if getattr(other, "__dict__", None) is not None and vars(other).get("build") is original_build:
                setattr(other, "build", build)


def main() -> int:
    out, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    _install()
    code = 0
    try:
        if command == "okrsite":
            from okrsite.cli import main as okrsite_main
            code = okrsite_main(args) or 0
        else:
            from mkdocs.__main__ import cli
            cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"phases": dict(totals), "calls": dict(calls), "self_cpu": usage.ru_utime + usage.ru_stime,
                       "nav": captured.get("nav")}, f)
    return code


if __name__ == "__main__":
    sys.exit(main())
