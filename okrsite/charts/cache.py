"""Drawn charts by content hash, in a folder a CI job may keep between runs.

The key of a chart is the sha256 of its `Drawing` (everything drawn), the
drawing version and matplotlib's version, so an entry is never stale: a
changed check-in gives new keys for the charts it touches and the old ones
are simply not asked for again. Clearing the folder is always safe; entries
are written to a temporary file and renamed, so an interrupted build leaves
no half-written chart. Misses are drawn in worker processes when there are
many of them, which write them into the cache themselves. The build holds no
chart's bytes that the cache holds: the site's files are links to its entries.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from ..heap import give_back_large_blocks
from .palette import dark
from .specs import Chart, Drawing

DEFAULT_FOLDER = ".cache/okrsite"  # beside mkdocs.yml
PARALLEL_FROM = 24  # fewer misses than this are drawn in this process: starting workers costs more


@dataclass
class Rendered:
    """Each chart's files and cache key, and what it took. Its SVG is read from the cache's entry when it is
    needed (the site's files are links to the entries): held for every chart of a large company from the
    start of the build to its end, the bytes were 33 MB on 120 teams. Only charts with no entry (no cache
    folder, one that cannot be written, or drawn in this process) are held, in `held`."""

    charts: list[tuple[str, str, str]] = field(default_factory=list)  # (light path, dark path, cache key)
    drawn: int = 0  # cache misses, drawn now
    cached: int = 0  # cache hits
    held: dict[str, bytes] = field(default_factory=dict)  # light SVGs by key, of charts not in the cache
    cache: ChartCache | None = None

    def light(self, key: str) -> bytes:
        """A chart's light SVG."""
        svg = self.held.get(key)
        if svg is None and self.cache is not None:
            svg = self.cache.get(key)
        if svg is None:
            where = self.cache.entry(key) if self.cache is not None else key
            raise ChartMissing(f"{where}: the chart cache was cleared while the build ran; build again")
        return svg

    @property
    def files(self) -> dict[str, bytes]:
        """Every file's SVG by its path."""
        files: dict[str, bytes] = {}
        for light, dark_path, key in self.charts:
            svg = self.light(key)
            files[light], files[dark_path] = svg, dark(svg)
        return files

    def write(self, folder: Path) -> Rendered:
        """Write every file below `folder` (the built site); one already there as it is stays untouched
        (`okrsite serve`'s update rewrites only the charts an edit changed).

        A file is a hard link to the cache's entry of the same bytes where the file system allows: a new
        file's bytes cost about 0.5 ms of CPU each on ext4, 3 s for the 5,504 files of a 60-team site, and
        a link nearly nothing. A chart drawn in this process is written into the site and its files linked
        into the cache. Neither copy is ever changed in place: both are replaced whole."""
        made: set[Path] = set()  # folders known to exist
        for light, dark_path, key in self.charts:
            for path, is_dark in ((light, False), (dark_path, True)):
                target = folder / path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                kept = self.cache.entry(key, is_dark) if self.cache is not None else None
                if _place(target, functools.partial(self.light, key), is_dark, kept) and self.cache is not None:
                    self.cache.keep(key, is_dark, target)
        return self


class ChartMissing(OSError):
    """A chart's cache entry went while the build ran (the cache folder cleared meanwhile)."""


def _place(target: Path, light: Callable[[], bytes], is_dark: bool, kept: Path | None) -> bool:
    """`target` with the chart's light SVG or its dark copy, as a link to `kept` (the cache's entry of
    the same bytes) where the file system allows. True when the cache has no such entry yet."""

    def content() -> bytes:  # read and made only when written or compared
        return dark(light()) if is_dark else light()

    try:
        there = os.stat(target)
    except FileNotFoundError:
        there = None
    if there is not None:
        if (kept is not None and _same_file(there, kept)) or target.read_bytes() == content():
            return False
        target.unlink()  # replaced, not changed in place: it may be a link to a cache entry
    if kept is not None:
        try:
            os.link(kept, target)
            return False
        except OSError:
            pass  # not in the cache yet, or another file system: a file of its own
    target.write_bytes(content())
    return kept is not None and not kept.exists()


def _same_file(stat: os.stat_result, path: Path) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (stat.st_dev, stat.st_ino) == (other.st_dev, other.st_ino)


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
        self.mode = 0o666 & ~_umask()  # a new file's: the site's charts are links to the entries

    def key(self, drawing: Drawing) -> str:
        key = self._keys.get(drawing)
        if key is None:
            key = self._keys[drawing] = drawing.key(self.engine)
        return key

    def keep_keys_of(self, drawings: list[Drawing]) -> None:
        """Forget the keys of drawings no chart has any longer."""
        self._keys = {drawing: self._keys[drawing] for drawing in drawings if drawing in self._keys}

    def entry(self, key: str, dark: bool = False) -> Path | None:
        """Where a chart's light (or dark) SVG is kept; None without a cache folder."""
        if self.folder is None:
            return None
        return self.folder / key[:2] / (f"{key}.dark.svg" if dark else f"{key}.svg")

    def get(self, key: str) -> bytes | None:
        """The light SVG, if kept. Its entry's mode is made a new file's (entries of okrsite 0.1 were
        private), as the site's files are linked to it."""
        path = self.entry(key)
        if path is None:
            return None
        try:
            with open(path, "rb") as file:
                if os.fstat(file.fileno()).st_mode & 0o777 != self.mode:
                    with contextlib.suppress(OSError):  # another's entry: the site then gets copies (`_place`)
                        os.fchmod(file.fileno(), self.mode)
                return file.read()
        except OSError:
            return None

    def has(self, key: str) -> bool:
        """Whether the light SVG is kept; its entry's mode made a new file's, as `get` does."""
        path = self.entry(key)
        if path is None:
            return False
        try:
            if os.stat(path).st_mode & 0o777 != self.mode:
                with contextlib.suppress(OSError):  # another's entry: the site then gets copies (`_place`)
                    os.chmod(path, self.mode)
            return True
        except OSError:
            return False

    def put(self, key: str, svg: bytes, dark: bool = False) -> None:
        path = self.entry(key, dark)
        if path is not None:
            _put(path, svg, self.mode)

    def keep(self, key: str, dark: bool, written: Path) -> None:
        """Keep a chart file just written into the site: linked where the file system allows."""
        path = self.entry(key, dark)
        if path is None:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.link(written, temporary)
            os.replace(temporary, path)  # whole or not at all, as `put`
        except OSError:
            self.put(key, written.read_bytes(), dark)


def _put(path: Path, svg: bytes, mode: int) -> bool:
    """A cache entry, whole or not at all; False when it could not be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(svg)
        os.replace(temporary, path)
        return True
    except OSError:
        return False  # a cache that cannot be written only costs time


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def start(charts: list[Chart], cache: ChartCache, workers: int | None = None,
          in_site: dict[str, str] | None = None) -> Pending:
    """Look every chart up in the cache and start drawing the misses (in worker processes when there are
    many), without waiting: the build renders its pages meanwhile. `Pending.result()` waits. `in_site`:
    the key of each chart the site holds already, by its light file (`Pending.in_site` of `okrsite serve`'s
    last build): a chart with the same key there is neither looked up nor written again."""
    keys = {chart.name: cache.key(chart.drawing) for chart in charts}
    cache.keep_keys_of([chart.drawing for chart in charts])
    kept: set[str] = set()
    missing: dict[str, Drawing] = {}
    written = in_site or {}
    changed = [chart for chart in charts if written.get(chart.light) != keys[chart.name]]
    for chart in changed:
        key = keys[chart.name]
        if key in kept or key in missing:
            continue
        if cache.has(key):
            kept.add(key)
        else:
            missing[key] = chart.drawing
    # The build's own process renders pages meanwhile: a worker for each other core (on two cores, two
    # workers beside it did not finish a 120-team build sooner in a paired run, and each holds 70-90 MB).
    return Pending(charts, keys, kept, missing, cache, workers or max(1, (os.cpu_count() or 1) - 1), changed)


class ChartFiles(NamedTuple):
    light: str  # the light SVG's path in the site
    dark: str
    key: str  # its drawing's in the cache


class Pending:
    """Charts being drawn."""

    def __init__(self, charts, keys, kept, missing, cache, workers, changed=None):
        # Of each chart to write only where its files go and its key: the charts themselves (their drawings,
        # words and tables, 45 MB on 120 teams) are not needed once the pages are rendered.
        self.charts = [ChartFiles(chart.light, chart.dark, keys[chart.name])
                       for chart in (charts if changed is None else changed)]
        self.in_site = {chart.light: keys[chart.name] for chart in charts}  # once written
        self.paths = frozenset(path for chart in charts for path in (chart.light, chart.dark))  # in the site
        self.cache = cache
        self.cached = len(kept)
        self.order = sorted(missing)
        drawings = [missing[k] for k in self.order]
        self.pool = None
        self.futures: list = []
        if len(drawings) >= PARALLEL_FROM and (workers > 1 or (os.cpu_count() or 1) > 1):
            # spawn: a fresh interpreter per worker, safe beside `mkdocs serve`'s threads
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=give_back_large_blocks)
            parts = workers * 4  # small enough parts that no worker waits for another at the end
            # The workers write what they draw into the cache and send back only what it would not take.
            entries = [(cache.entry(key), cache.entry(key, True)) if cache.folder else None for key in self.order]
            self.futures = [(list(range(i, len(drawings), parts)),
                             self.pool.submit(_draw_part, drawings[i::parts], entries[i::parts], cache.mode))
                            for i in range(min(parts, len(drawings)))]
            for _, future in self.futures:
                future.add_done_callback(self._part_done)
        else:
            self.drawings = drawings

    def _part_done(self, future) -> None:
        # The workers leave as soon as the last part is drawn, not when the build asks for the charts: a
        # worker holds about 90 MB (matplotlib), and the build's largest moments (the exports, the pages
        # MkDocs renders) come after the drawing on a large company.
        if self.pool is not None and all(part.done() for _, part in self.futures):
            self.pool.shutdown(wait=False)  # from the pool's own thread: it must not wait for itself

    def result(self) -> Rendered:
        """Every chart's files, once all are drawn."""
        result = Rendered(drawn=len(self.order), cached=self.cached, cache=self.cache)
        if self.pool is not None:
            try:
                for indexes, future in self.futures:
                    for index, svg in zip(indexes, future.result(), strict=True):
                        if svg is not None:  # not in the cache
                            result.held[self.order[index]] = svg
            finally:
                self.pool.shutdown()
        elif self.order:
            from .draw import draw_many

            # into the cache as they are written into the site (`Rendered.write`)
            result.held = dict(zip(self.order, draw_many(self.drawings), strict=True))
        result.charts = [(chart.light, chart.dark, chart.key) for chart in self.charts]
        return result

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _draw_part(drawings: list[Drawing], entries: list[tuple[Path, Path] | None], mode: int) -> list[bytes | None]:
    """A worker's task: each drawing's light SVG written into the cache with its dark copy (`entries`: the
    paths of both); the SVG itself only where there is no cache or it could not be written, else None."""
    from .draw import draw_many

    svgs: list[bytes | None] = []
    for svg, entry in zip(draw_many(drawings), entries, strict=True):
        # The dark entry first: the light one is what marks a chart as kept.
        kept = entry is not None and _put(entry[1], dark(svg), mode) and _put(entry[0], svg, mode)
        svgs.append(None if kept else svg)
    return svgs
