"""The file templates in `okrsite/file_templates/` (a user may restyle them), and the key
results an objective file is written with."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import jinja2

from .values import yaml_value


@dataclass
class KeyResultDraft:
    id: str
    title: str
    fields: list[tuple[str, object]] = field(default_factory=list)  # in the order written
    milestones: list[tuple[str, float]] = field(default_factory=list)  # (title, weight)


def render_file(template: str, **context) -> str:
    folder = resources.files("okrsite").joinpath("file_templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=False, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["yaml"] = yaml_value
    return env.get_template(template).render(**context)
