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
import hashlib
import multiprocessing
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..heap import give_back_large_blocks
from .palette import dark
from .specs import Chart, Drawing

DEFAULT_FOLDER = ".cache/okrsite"  # beside mkdocs.yml
PARALLEL_FROM = 24  # fewer misses than this are drawn in this process: starting workers costs more


@dataclass
class Rendered:
    """Each chart's light SVG with the paths of its light and dark files, and what it took. The dark
    copy is made as it is written: held for every chart of a large company at once, it was 36 MB more."""

    charts: list[tuple[str, str, bytes]] = field(default_factory=list)  # (light path, dark path, light SVG)
    drawn: int = 0  # cache misses, drawn now
    cached: int = 0  # cache hits

    @property
    def files(self) -> dict[str, bytes]:
        """Every file's SVG by its path."""
        files: dict[str, bytes] = {}
        for light, dark_path, svg in self.charts:
            files[light], files[dark_path] = svg, dark(svg)
        return files

    def write(self, folder: Path) -> Rendered:
        """Write every file below `folder` (the built site); one already there as it is stays untouched
        (`okrsite serve`'s update rewrites only the charts an edit changed)."""
        for light, dark_path, svg in self.charts:
            for path, content in ((light, svg), (dark_path, dark(svg))):
                target = folder / path
                try:
                    if target.read_bytes() == content:
                        continue
                except OSError:
                    target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        return self


def _engine() -> str:
    """What draws: matplotlib's version and draw.py's own text, so a change to either redraws everything."""
    try:
        version = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        version = "?"
    source = b"".join((Path(__file__).parent / name).read_bytes() for name in ("draw.py", "palette.py"))
    return f"matplotlib {version}, draw.py {hashlib.sha256(source).hexdigest()[:16]}"


class ChartCache:
    def __init__(self, folder: Path | None):
        self.folder = Path(folder) / "charts" if folder else None
        self.engine = _engine()
        self._keys: dict[Drawing, str] = {}  # the last build's: `okrsite serve` keeps the cache between builds

    def key(self, drawing: Drawing) -> str:
        key = self._keys.get(drawing)
        if key is None:
            key = self._keys[drawing] = drawing.key(self.engine)
        return key

    def keep_keys_of(self, drawings: list[Drawing]) -> None:
        """Forget the keys of drawings no chart has any longer."""
        self._keys = {drawing: self._keys[drawing] for drawing in drawings if drawing in self._keys}

    def _path(self, key: str) -> Path | None:
        """Where a chart's SVG is kept; None without a cache folder."""
        return self.folder / key[:2] / f"{key}.svg" if self.folder is not None else None

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put(self, key: str, svg: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(svg)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def start(charts: list[Chart], cache: ChartCache, workers: int | None = None,
          in_site: dict[str, str] | None = None) -> Pending:
    """Look every chart up in the cache and start drawing the misses (in worker processes when there are
    many), without waiting: the build renders its pages meanwhile. `Pending.result()` waits. `in_site`:
    the key of each chart the site holds already, by its light file (`Pending.in_site` of `okrsite serve`'s
    last build): a chart with the same key there is neither looked up nor written again."""
    keys = {chart.name: cache.key(chart.drawing) for chart in charts}
    cache.keep_keys_of([chart.drawing for chart in charts])
    light: dict[str, bytes] = {}
    missing: dict[str, Drawing] = {}
    written = in_site or {}
    changed = [chart for chart in charts if written.get(chart.light) != keys[chart.name]]
    for chart in changed:
        key = keys[chart.name]
        if key in light or key in missing:
            continue
        found = cache.get(key)
        if found is not None:
            light[key] = found
        else:
            missing[key] = chart.drawing
    return Pending(charts, keys, light, missing, cache, workers or os.cpu_count() or 1, changed)


class Pending:
    """Charts being drawn."""

    def __init__(self, charts, keys, light, missing, cache, workers, changed=None):
        self.charts, self.keys, self.light, self.cache = charts, keys, light, cache
        self.changed = charts if changed is None else changed  # those to write
        self.in_site = {chart.light: keys[chart.name] for chart in charts}  # once written
        self.cached = len(light)
        self.order = sorted(missing)
        drawings = [missing[k] for k in self.order]
        self.pool = None
        self.futures: list = []
        if workers > 1 and len(drawings) >= PARALLEL_FROM:
            # spawn: a fresh interpreter per worker, safe beside `mkdocs serve`'s threads
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=give_back_large_blocks)
            parts = workers * 4  # small enough parts that no worker waits for another at the end
            self.futures = [(list(range(i, len(drawings), parts)), self.pool.submit(_draw_part, drawings[i::parts]))
                            for i in range(min(parts, len(drawings)))]
        else:
            self.drawings = drawings

    def result(self) -> Rendered:
        """Light and dark SVG of every chart, once all are drawn."""
        drawn: list[bytes] = [b""] * len(self.order)
        if self.pool is not None:
            try:
                for indexes, future in self.futures:
                    for index, svg in zip(indexes, future.result(), strict=True):
                        drawn[index] = svg
            finally:
                self.pool.shutdown()
        elif self.order:
            from .draw import draw_many

            drawn = draw_many(self.drawings)
        for key, svg in zip(self.order, drawn, strict=True):
            self.light[key] = svg
            self.cache.put(key, svg)
        result = Rendered(drawn=len(self.order), cached=self.cached)
        result.charts = [(chart.light, chart.dark, self.light[self.keys[chart.name]]) for chart in self.changed]
        return result

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _draw_part(drawings: list[Drawing]) -> list[bytes]:
    from .draw import draw_many

    return draw_many(drawings)
