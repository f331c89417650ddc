"""The HTML blocks a page keeps aside from Markdown: their placeholders, packing and putting back.

Templates write HTML that Markdown need not read (`{% filter html %}`, okrsite.render): each block is
kept aside, a placeholder stands in the Markdown, and the block goes back into the page's HTML after
MkDocs has converted the Markdown around it. No Jinja or site model here: the search worker imports
this module on its own.
"""

from __future__ import annotations

import pickle
import re
import zlib

PLACEHOLDER = "<!--okrsite:{}-->"
_PLACEHOLDERS = re.compile(r"<!--okrsite:(\d+)-->")


def restore_blocks(html_text: str, blocks: list[str]) -> str:
    return _PLACEHOLDERS.sub(lambda match: blocks[int(match.group(1))], html_text)


def pack_blocks(blocks: list[str]) -> bytes:
    """A page's blocks compressed, b"" for none. Every page's blocks wait from rendering until MkDocs
    writes the page: as Python strings (four bytes a character once one emoji is in) that was most of a
    large build's memory (94 MB on 60 teams); compressed it is 6 MB."""
    return zlib.compress(pickle.dumps(blocks, pickle.HIGHEST_PROTOCOL), 1) if blocks else b""


def unpack_blocks(packed: bytes) -> list[str]:
    return pickle.loads(zlib.decompress(packed)) if packed else []
