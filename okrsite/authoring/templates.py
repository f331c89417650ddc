"""The file templates: `okrsite/file_templates/` for `okrsite new` (a user may restyle them) and
`okrsite/starter/` for `okrsite init`; and the key results an objective file is written with."""

from __future__ import annotations

import json
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


def starter_environment() -> jinja2.Environment:
    """The templates of a new company's repository (`okrsite init`), in `okrsite/starter/`."""
    # [[ ]] and [% %]: the pipelines' own ${{ }} stays as it is.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("okrsite", "starter"), keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
        variable_start_string="[[", variable_end_string="]]", block_start_string="[%", block_end_string="%]",
        comment_start_string="[#", comment_end_string="#]", trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar
    return env
