"""The naming rules for ids that become file names: none that Windows refuses, none
that takes a page okrsite makes itself. The loader checks ids with them; the check of
content paths (`okrsite.paths`) checks file names with them."""

from __future__ import annotations

# Names Windows will not create a file under, with any extension.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(1, 10)] + [f"lpt{n}" for n in range(1, 10)]
)


def reserved_name(name: str) -> bool:
    """A file or folder name, or an id that becomes one, that Windows cannot create."""
    return name.split(".")[0].lower() in WINDOWS_RESERVED


def reserved_id(value: str) -> bool:
    """A team, person or cycle id that would name a file Windows refuses, or take a
    page okrsite makes itself (`people/index.md` is the list of people)."""
    return reserved_name(value) or value.lower() in ("index", "readme")
