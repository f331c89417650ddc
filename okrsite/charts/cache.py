"""Drawn charts by content hash, in a folder a CI job may keep between runs.

The key of a chart is the sha256 of its `Drawing` (everything drawn), the
drawing version and matplotlib's version, so an entry is never stale: a
changed check-in gives new keys for the charts it touches and the old ones
are simply not asked for again. Clearing the folder is always safe; entries
are written to a temporary file and renamed, so an interrupted build leaves
no half-written chart. Misses are drawn in worker processes when there are
many of them.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .specs import Chart, Drawing

DEFAULT_FOLDER = ".cache/okrsite"  # beside mkdocs.yml
PARALLEL_FROM = 24  # fewer misses than this are drawn in this process: starting workers costs more


@dataclass
class Rendered:
    """Each chart's light and dark SVG by file path, and what it took."""

    files: dict[str, bytes] = field(default_factory=dict)
    drawn: int = 0  # cache misses, drawn now
    cached: int = 0  # cache hits


def _engine() -> str:
    try:
        return "matplotlib " + metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        return "matplotlib ?"


class ChartCache:
    def __init__(self, folder: Path | None):
        self.folder = Path(folder) / "charts" if folder else None
        self.engine = _engine()

    def key(self, drawing: Drawing) -> str:
        return drawing.key(self.engine)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.svg"

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, svg: bytes) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(svg)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def render(charts: list[Chart], cache: ChartCache, workers: int | None = None) -> Rendered:
    """Light and dark SVG of every chart, from the cache where it has them, drawn otherwise."""
    result = Rendered()
    light: dict[str, bytes] = {}
    missing: dict[str, Drawing] = {}
    for chart in charts:
        key = cache.key(chart.drawing)
        if key in light or key in missing:
            continue
        found = cache.get(key)
        if found is not None:
            light[key] = found
            result.cached += 1
        else:
            missing[key] = chart.drawing
    if missing:
        keys = sorted(missing)
        for key, svg in zip(keys, _draw([missing[k] for k in keys], workers)):
            light[key] = svg
            cache.put(key, svg)
        result.drawn = len(keys)
    from .draw import dark

    for chart in charts:
        svg = light[cache.key(chart.drawing)]
        result.files[chart.light] = svg
        result.files[chart.dark] = dark(svg)
    return result


def _draw(drawings: list[Drawing], workers: int | None) -> list[bytes]:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(drawings) < PARALLEL_FROM:
        from .draw import draw_many

        return draw_many(drawings)
    from .draw import draw_many

    chunks = [drawings[i::workers * 2] for i in range(workers * 2)]
    order = [list(range(len(drawings)))[i::workers * 2] for i in range(workers * 2)]
    out: list[bytes] = [b""] * len(drawings)
    # spawn: a fresh interpreter per worker, safe beside `mkdocs serve`'s threads
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for indexes, svgs in zip(order, pool.map(draw_many, chunks)):
            for index, svg in zip(indexes, svgs):
                out[index] = svg
    return out
