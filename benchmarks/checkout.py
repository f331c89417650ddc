"""What the benchmarks need of the okrsite checkout they measure (`--source DIR`): its interpreter
and its mkdocs.yml pointed at a content folder elsewhere."""

from __future__ import annotations

import pathlib
import sys

import yaml


def checkout_python(source: pathlib.Path) -> str:
    """The checkout's own interpreter (its .venv has it installed), else this one."""
    venv = source / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def write_chart_config(path: pathlib.Path, docs: pathlib.Path, cache: pathlib.Path, source: pathlib.Path,
                       charts: bool = True) -> None:
    """The checkout's mkdocs.yml for a content folder elsewhere, its charts on or off, drawn into `cache`."""
    cfg = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = str(docs.resolve())
    cfg["theme"]["custom_dir"] = str((source / cfg["theme"].get("custom_dir", "theme")).resolve())
    plugins = []
    for plugin in cfg.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        plugins.append({"okrsite": {"charts": charts, "cache_dir": str(cache)}} if name == "okrsite" else plugin)
    cfg["plugins"] = plugins
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
