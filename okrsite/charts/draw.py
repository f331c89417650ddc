"""A `Drawing` to SVG bytes with matplotlib: the only module that imports it.

Cheap on purpose (a small chart costs a few ms, and a large company has
thousands): figures and axes are made once per size and reused, their
position is fixed in inches (no tight or constrained layout engine), text
stays text (`svg.fonttype: none`) and is measured (its size, its font's
line height) once per process, nothing drawn unclipped gets a clip path, the
settings are entered once per batch, and only what the drawing names is
drawn: no axis machinery, no background patches, each line one `Line2D`
added without data-limit bookkeeping (the limits are the drawing's).
Deterministic: a fixed `svg.hashsalt` for the ids and no date or creator in
the metadata.

Drawn once in the light scheme's colours; `palette.dark` makes the dark file
from it (the status badges' palette in theme/assets/okrsite.css).
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no GUI toolkit, whatever the environment says

from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import findfont, get_font
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import offset_copy
from matplotlib.typing import RcKeyType

from .palette import LIGHT
from .specs import Drawing

FONT_SIZE = 10
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text as <text>: crisp, small, and no glyph outlines to compute
    "text.parse_math": False,  # names and titles are text: "$5M for Q$4" is not mathematics to typeset
    "svg.hashsalt": "okrsite",  # ids the same on every build
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "text.color": LIGHT["ink"],
    "path.simplify": True,
}
METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
DASHES = {"solid": "-", "dashed": (0, (4, 2.5)), "dotted": (0, (1, 2)), "dashdot": (0, (5, 2, 1, 2))}
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*")


def colour(name: str) -> str:
    return LIGHT.get(name, LIGHT["ink"])


class Painter:
    """Draws one drawing after another, reusing a figure per size and kind."""

    def __init__(self):
        self._figures: dict[tuple, tuple[Figure, Axes]] = {}
        self._measured: dict = {}  # text sizes, for every drawing of this painter (_Renderer)

    def svg(self, drawing: Drawing) -> bytes:
        """The light SVG of a drawing."""
        return self.svgs([drawing])[0]

    def svgs(self, drawings: list[Drawing]) -> list[bytes]:
        """The light SVGs of several drawings, in order, under one entry of the settings."""
        with matplotlib.rc_context(RC):
            return [self._svg(drawing) for drawing in drawings]

    def _svg(self, drawing: Drawing) -> bytes:
        fig, ax = self._axes(drawing)
        try:
            _frame_line(ax)
            if drawing.kind == "lines":
                _lines(ax, drawing)
            else:
                _bars(ax, drawing)
            # What savefig does for an SVG, less its bookkeeping (canvas switching, colours set and reset),
            # with a renderer that remembers the size of each text (the same tick labels on every chart).
            out = io.StringIO()
            renderer = _Renderer(drawing.width * 72, drawing.height * 72, out, metadata=METADATA,
                                 measured=self._measured)
            fig.draw(renderer)
            renderer.finalize()
        finally:
            _clear(ax)
        # Every browser's own sans-serif, not a list of fonts the reader may not have.
        return _FONT_FAMILY.sub("font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                                out.getvalue()).encode("utf-8")

    def _axes(self, drawing: Drawing):
        size = (drawing.kind, drawing.width, drawing.height)
        if size not in self._figures:
            fig = Figure(figsize=(drawing.width, drawing.height), dpi=72, frameon=False)  # no background
            FigureCanvasSVG(fig)
            ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
            ax.set_axis_off()  # no background, spines or axis machinery: _frame_line and _tick_labels draw
            self._figures[size] = (fig, ax)
        fig, ax = self._figures[size]
        ax.set_position(_frame(drawing))
        return fig, ax


class _Renderer(RendererSVG):
    """matplotlib's SVG renderer, with text sizes kept across drawings: matplotlib measures a text
    (laying out its glyphs) once per renderer, and every chart has a renderer of its own."""

    def __init__(self, *args, measured: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self._measured = measured

    def get_text_width_height_descent(self, s, prop, ismath):
        key = (s, prop, ismath)
        size = self._measured.get(key)
        if size is None:
            size = self._measured[(s, prop.copy(), ismath)] = super().get_text_width_height_descent(s, prop, ismath)
        return size

    def _get_font_height_metrics(self, prop):
        # matplotlib (3.11 on) asks its renderer first how high a font's lines are, else opens the font for
        # every text it lays out. The answer, once per font: what matplotlib works out from the font's tables.
        key = ("line height", prop)
        metrics = self._measured.get(key)
        if metrics is None:
            metrics = self._measured[("line height", prop.copy())] = _font_height_metrics(prop)
        return metrics


def _font_height_metrics(prop) -> tuple[float | None, float | None, float | None]:
    """Ascent, descent and line gap of a font at its size, in points (72 dpi), from its OS/2 or hhea table,
    as matplotlib's `Text._get_layout` reads them; (None, None, None) leaves it to matplotlib."""
    font: Any = get_font(findfont(prop))  # its tables' types are one per table name
    head = font.get_sfnt_table("head")
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None and head is not None:
            # As matplotlib works it out, to the last bit, at the figures' 72 dpi.
            scale = 1 / head["unitsPerEm"] * prop.get_size_in_points() * 72 / 72
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


class _Unclipped:
    """An artist drawn whole (`clip_on=False`) is given no clip path: the axes give one to every artist
    they take, and working out their outline each time was a tenth of a chart's cost."""

    def set_clip_path(self, path, transform=None):
        if self.get_clip_on():  # type: ignore[attr-defined]
            super().set_clip_path(path, transform)  # type: ignore[misc]


class _Line(_Unclipped, Line2D):
    pass


class _Text(_Unclipped, Text):
    pass


def _text(ax, x, y, text: str, **style) -> Text:
    """`ax.text`, as an unclipped text unless told otherwise (as `ax.text` does)."""
    return ax.add_artist(_Text(x, y, text, **{"verticalalignment": "baseline", "horizontalalignment": "left",
                                              "transform": ax.transData, "clip_on": False, **style}))


def _line(ax, xs, ys, **style) -> Line2D:
    """A line on the axes, in data coordinates unless a transform is given. `add_artist`, not `plot`:
    the limits are the drawing's, so the axes need not widen their data limits for it."""
    return ax.add_artist(_Line(xs, ys, **style))


def _frame_line(ax) -> None:
    """The left and bottom edges of the axes, one line (the spines' look: square ends, mitred corner)."""
    _line(ax, [0, 0, 1], [1, 0, 0], transform=ax.transAxes, color=LIGHT["grid"], linewidth=0.8,
          solid_capstyle="projecting", solid_joinstyle="miter", zorder=2.5, clip_on=False)


def _label_width(labels) -> float:
    """Inches a tick label needs, roughly: no layout engine measures it."""
    longest = max((len(text) for text in labels), default=0)
    return longest * FONT_SIZE * 0.58 / 72


def _frame(drawing: Drawing) -> tuple[float, float, float, float]:
    """The axes' place in the figure, from fixed margins in inches."""
    if drawing.kind == "hbars":
        left = min(drawing.width * 0.42, 0.2 + _label_width(b.label for b in drawing.bars))
        right, bottom, top = 0.45, 0.32, 0.12
    else:
        left = 0.18 + _label_width(text for _, text in drawing.y.ticks)
        right, bottom, top = 0.3 if drawing.kind == "lines" else 0.15, 0.3, 0.15
    w, h = drawing.width, drawing.height
    return (left / w, bottom / h, (w - left - right) / w, (h - bottom - top) / h)


def _ticks(ax, drawing: Drawing) -> None:
    ax.set_xlim(drawing.x.low, drawing.x.high)
    ax.set_ylim(drawing.y.low, drawing.y.high)
    _tick_labels(ax, drawing.x.ticks, drawing.y.ticks)


def _tick_labels(ax, x_ticks, y_ticks) -> None:
    """Each label one text beside its axis, and one line of marks under the x axis."""
    below = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=-5, units="points")
    left = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-4, units="points")
    for value, text in x_ticks:
        _text(ax, value, 0, text, transform=below, ha="center", va="top")
    for value, text in y_ticks:
        _text(ax, 0, value, text, transform=left, ha="right", va="center")
    if x_ticks:
        _line(ax, [v for v, _ in x_ticks], [0] * len(x_ticks), linestyle="none", marker="|", markersize=5,
              color=LIGHT["grid"], transform=ax.get_xaxis_transform(), clip_on=False)


def _lines(ax, drawing: Drawing) -> None:
    _ticks(ax, drawing)
    if drawing.y.ticks:  # one line across the axes at each tick, all in one path
        gaps = [(x, value) for value, _ in drawing.y.ticks for x in (0.0, 1.0, math.nan)][:-1]
        _line(ax, [x for x, _ in gaps], [y for _, y in gaps], transform=ax.get_yaxis_transform(),
              color=LIGHT["grid"], linewidth=0.6, zorder=0)
    if drawing.today is not None:
        _line(ax, [drawing.today] * 2, [0, 1], transform=ax.get_xaxis_transform(), color=LIGHT["muted"],
              linewidth=0.8, linestyle=DASHES["dotted"], zorder=1)
    # Line-end labels a line of text apart: the axes' height in points gives the gap in data units.
    text_height = FONT_SIZE * 1.1 / (drawing.height * 72 * _frame(drawing)[3]) * (drawing.y.high - drawing.y.low)
    label_at = _spread([line.points[-1][1] for line in drawing.lines if line.label], text_height)
    for line in drawing.lines:
        xs = [x for x, _ in line.points]
        ys = [y for _, y in line.points]
        solid = line.style == "solid"
        _line(ax, xs, ys, color=colour(line.colour), linestyle=DASHES[line.style], linewidth=1.8 if solid else 1.2,
              marker="o" if line.markers else None, markersize=3.5, zorder=3 if solid else 2, clip_on=False)
        if line.label:
            _text(ax, xs[-1] + (drawing.x.high - drawing.x.low) * 0.012, label_at.pop(0), line.label, va="center",
                    ha="left", color=colour(line.colour), fontweight="bold")
    placed = _tick_label_boxes(ax, drawing) if drawing.marks else []  # a mark's label keeps clear of them
    for mark in drawing.marks:
        _line(ax, [mark.x], [mark.y], marker="D", markersize=6, markerfacecolor="none", color=LIGHT["ink"],
              markeredgecolor=LIGHT["ink"], markeredgewidth=1.1, zorder=4, clip_on=False)
        at = ax.transData.transform((mark.x, mark.y))  # points: the figure is drawn at 72 dpi
        offset, ha, va = _mark_label_place(mark.label, (float(at[0]), float(at[1])), placed)
        ax.annotate(mark.label, (mark.x, mark.y), xytext=offset, textcoords="offset points", ha=ha, va=va,
                    fontsize=MARK_FONT_SIZE, annotation_clip=False)


def _tick_label_boxes(ax, drawing: Drawing) -> list[tuple[float, float, float, float]]:
    """Where _tick_labels wrote the axes' labels, in points (estimated as _mark_label_place does)."""
    boxes = []
    for value, text in drawing.y.ticks:
        x, y = ax.transData.transform((drawing.x.low, value))
        width = _text_width(text, FONT_SIZE)
        boxes.append((x - 4 - width, y - FONT_SIZE * 0.7, x - 4, y + FONT_SIZE * 0.7))
    for value, text in drawing.x.ticks:
        x, y = ax.transData.transform((value, drawing.y.low))
        width = _text_width(text, FONT_SIZE)
        boxes.append((x - width / 2, y - 5 - FONT_SIZE * 1.2, x + width / 2, y - 5))
    return [(float(a), float(b), float(c), float(d)) for a, b, c, d in boxes]


MARK_FONT_SIZE = FONT_SIZE - 1


def _text_width(text: str, size: float) -> float:
    """Points a text takes, generously (for keeping texts apart; no layout engine measures it)."""
    return len(text) * size * 0.62
# Where a mark's label may go, tried in turn: above its diamond, above to the right, below, right, left.
_MARK_PLACES = (((0, 6), "center", "baseline"), ((5, 6), "left", "baseline"), ((0, -6), "center", "top"),
                ((7, 0), "left", "center"), ((-7, 0), "right", "center"))


def _mark_label_place(label: str, at: tuple[float, float], placed: list) -> tuple[tuple[int, int], str, str]:
    """The first place where the label's box overlaps no label placed before it (two crossings a few
    days and values apart would print one label on the other); its box joins `placed`."""
    width, height = _text_width(label, MARK_FONT_SIZE), MARK_FONT_SIZE * 1.2

    def box(place):
        (dx, dy), ha, va = place
        left = at[0] + dx - {"center": width / 2, "left": 0, "right": width}[ha]
        bottom = at[1] + dy - {"baseline": 0, "top": height, "center": height / 2}[va]
        return left, bottom, left + width, bottom + height

    def free(b):
        return not any(b[0] < p[2] and p[0] < b[2] and b[1] < p[3] and p[1] < b[3] for p in placed)

    place = next((place for place in _MARK_PLACES if free(box(place))), _MARK_PLACES[0])
    placed.append(box(place))
    return place


def _spread(ys: list[float], gap: float) -> list[float]:
    """Where to write line-end labels so that none overlaps another: as near their line as the gap allows."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [ys[i] for i in order]
    for n in range(1, len(placed)):
        placed[n] = max(placed[n], placed[n - 1] + gap)
    at = [0.0] * len(ys)
    for i, y in zip(order, placed, strict=True):
        at[i] = y
    return at


def _bars(ax, drawing: Drawing) -> None:
    bars = drawing.bars
    positions = range(len(bars))
    colours = [colour(b.colour) for b in bars]
    values = [b.value for b in bars]
    if drawing.kind == "hbars":
        ax.set_xlim(drawing.x.low, drawing.x.high)
        ax.set_ylim(len(bars) - 0.4, -0.6)  # the first bar on top
        _tick_labels(ax, drawing.x.ticks, [(float(i), b.label) for i, b in enumerate(bars)])
        ax.barh(list(positions), values, height=0.62, color=colours, zorder=2)
        for i, bar in enumerate(bars):
            _text(ax, bar.value, i, " " + bar.text, va="center", ha="left", fontsize=FONT_SIZE - 0.5)
        if drawing.reference is not None:
            _line(ax, [drawing.reference] * 2, [0, 1], transform=ax.get_xaxis_transform(), color=LIGHT["ink"],
                  linewidth=1.0, linestyle=DASHES["dotted"], zorder=3)
    else:
        _ticks(ax, drawing)
        ax.bar(list(positions), values, width=0.7, color=colours, zorder=2)
        for i, bar in enumerate(bars):
            if bar.text:
                _text(ax, i, bar.value, bar.text, va="bottom", ha="center", fontsize=FONT_SIZE - 0.5)
        if drawing.reference is not None:
            _line(ax, [0, 1], [drawing.reference] * 2, transform=ax.get_yaxis_transform(), color=LIGHT["ink"],
                  linewidth=1.0, linestyle=DASHES["dotted"], zorder=3)


def _clear(ax) -> None:
    """Take the last drawing's artists off the reused axes."""
    for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections, *ax.containers]:
        if hasattr(artist, "remove") and getattr(artist, "axes", None) is not None:
            artist.remove()
    ax.containers.clear()
    ax.set_prop_cycle(None)  # nothing may depend on what was drawn before


def draw_many(drawings: list[Drawing]) -> list[bytes]:
    """Light SVGs of several drawings, in order (a worker process's task)."""
    return Painter().svgs(drawings)
