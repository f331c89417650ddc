"""The charts' colours: the status badges' (theme/assets/okrsite.css), light and dark.

A chart is drawn once in the light colours; its dark file is the same SVG
with each light colour swapped for its dark twin, so the two always agree.
No matplotlib here: a build whose charts all come from the cache never loads it.
"""

from __future__ import annotations

import re

LIGHT = {
    "on_track": "#1b7f3b", "at_risk": "#9a5b00", "off_track": "#c62828", "stale": "#616161",
    "not_started": "#4f6470", "done": "#1d5fb4", "ink": "#3b3b3b", "muted": "#7a7a7a", "grid": "#d9d9d9",
}
DARK = {
    "on_track": "#6fcf87", "at_risk": "#f2b84b", "off_track": "#ff7b72", "stale": "#b0b0b0",
    "not_started": "#9fb3bf", "done": "#7ab7ff", "ink": "#d6d9e0", "muted": "#a3a8b3", "grid": "#444a59",
}
_TO_DARK = {LIGHT[name]: DARK[name] for name in LIGHT}
_HEX = re.compile(r"#[0-9a-f]{6}\b")


def dark(svg: bytes) -> bytes:
    """The same chart in the dark scheme's colours."""
    return _HEX.sub(lambda m: _TO_DARK.get(m.group(0), m.group(0)), svg.decode("utf-8")).encode("utf-8")
