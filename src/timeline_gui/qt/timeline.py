"""The zoomable timeline: lanes of events over a date axis, with an overview strip below.

Scaling: there is no graphics item per event. Each *kind* of mark (lane shading, interval bands,
day markers, unknown-date markers, titles, publication ticks, the selection, the overview density)
is one :class:`pyqtgraph.GraphicsObject` whose ``paint()`` replays a cached ``QPicture``. The
picture is rebuilt only when the data, the filter or the view transform changes; building it maps
numpy arrays to pixels in one vectorised pass, merges marks that fall in the same few pixels
(:func:`~timeline_gui.core.layout.aggregate_points`) and declutters titles
(:func:`~timeline_gui.core.layout.declutter`), so its cost is bounded by the screen, not by the
number of events. Hit-testing (click, hover) also works on the arrays.

Interaction: the wheel zooms time, dragging pans time, a right-drag or Shift+drag draws a rubber
band to zoom into; the vertical axis (lanes) never zooms.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg

from timeline_gui.core import layout as L
from timeline_gui.core.model import Event
from timeline_gui.qt.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from timeline_gui.qt.state import AppState

HOLLOW_STATUSES = frozenset({"scheduled", "expected", "possible"})
MIN_VIEW_DAYS = 2.0
MARKER_R = 5.0
LABEL_MAX_PX = 240.0
MAX_LABEL_CANDIDATES = 240
MAX_LABEL_OBSTACLES = 2500
#: Above this many visible markers (or bands), a mark kind is drawn as density strips: one
#: translucent strip per row whose opacity follows how many events fall in each 2-pixel column.
DENSE_MARKERS = 2500
DENSE_BANDS = 1500
DENSE_BIN_PX = 2


@dataclass
class TimelineData:
    """Everything the marks draw, as arrays aligned with ``state.events``."""

    events: tuple[Event, ...]
    arrays: L.EventArrays
    anchor: np.ndarray
    lanes: L.Lanes
    rows: L.RowLayout
    colors: list[QtGui.QColor]
    hollow: np.ndarray
    disputed: np.ndarray
    pub_x: np.ndarray
    pub_labels: list[str]
    x_lo: float
    x_hi: float
    n_quotes: np.ndarray
    row_of: np.ndarray  # each event's row number (0 at the top), an int
    row_rgb: np.ndarray  # (rows, 3) uint8: each row's lane colour

    @classmethod
    def build(cls, state: AppState) -> TimelineData:
        ev = state.events
        arrays = L.event_arrays(ev)
        lanes = L.build_lanes(ev, state.lane_mode)
        # Colours from the unfiltered lanes: a lane keeps its colour when a filter drops others.
        colour_of = {n: L.palette_color(i, n) for i, n in enumerate(lanes.names)}
        mask = state.visible_mask
        if len(mask) == len(ev) and mask.any() and not mask.all():
            # A filter is on: lanes with no matching event are dropped (hidden events keep an
            # index, but are never drawn or hit).
            used = np.unique(lanes.index[mask])
            remap = np.zeros(len(lanes.names), dtype=np.int64)
            remap[used] = np.arange(len(used))
            lanes = L.Lanes(tuple(lanes.names[int(i)] for i in used), remap[lanes.index])
        rows = L.layout_rows(arrays, lanes)
        colors = [QtGui.QColor(colour_of[n]) for n in lanes.names]
        hollow = np.fromiter((e.status in HOLLOW_STATUSES for e in ev), dtype=np.bool_, count=len(ev))
        disputed = np.fromiter((e.disputed for e in ev), dtype=np.bool_, count=len(ev))
        arts = state.corpus.articles
        pub_x = np.array([L.date_to_x(a.published) for a in arts], dtype=np.float64)
        pub_labels = [f"{a.file} — published {a.published.isoformat()}" for a in arts]
        xs = np.concatenate([arrays.x0, arrays.x1, pub_x, pub_x + 1])
        if len(xs):
            lo, hi = float(xs.min()), float(xs.max())
        else:
            lo = L.date_to_x(QtCore.QDate.currentDate().toPython())  # type: ignore[arg-type]
            hi = lo + 30
        n_quotes = np.fromiter((len(e.quotes) for e in ev), dtype=np.int64, count=len(ev))
        row_of = np.floor(rows.y).astype(np.int64)
        n_rows = max(round(rows.total), 1)
        lane_of_row = np.clip(np.searchsorted(rows.lane_top, np.arange(n_rows), side="right") - 1, 0, None)
        row_rgb = np.zeros((n_rows, 3), dtype=np.uint8)
        for r, li in enumerate(lane_of_row.tolist()):
            if li < len(colors):
                c = colors[li]
                row_rgb[r] = (c.red(), c.green(), c.blue())
        return cls(ev, arrays, arrays.anchor, lanes, rows, colors, hollow, disputed, pub_x, pub_labels, lo, hi,
                   n_quotes, row_of, row_rgb)


# ------------------------------------------------------------------------------------------------
# Axes and view box
# ------------------------------------------------------------------------------------------------


class DateAxis(pg.AxisItem):
    """A time axis whose ticks come from :func:`~timeline_gui.core.layout.date_ticks`."""

    def __init__(self, orientation: str = "bottom", **kw: Any) -> None:
        super().__init__(orientation, **kw)
        self._labels: dict[float, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        ticks = L.date_ticks(minVal, maxVal, size)
        self._labels = {t.x: t.label for t in ticks if t.major}
        major = [t.x for t in ticks if t.major]
        minor = [t.x for t in ticks if not t.major]
        return [(1.0, major), (0.5, minor)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(v, "") for v in values]


class TimeViewBox(pg.ViewBox):
    """Zooms and pans the time axis only; right-drag or Shift+drag zooms to a rubber band."""

    def __init__(self) -> None:
        super().__init__(enableMenu=False, invertY=True)
        self.setMouseEnabled(x=True, y=False)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        band = ev.button() == Qt.MouseButton.RightButton or (
            ev.button() == Qt.MouseButton.LeftButton and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        if not band:
            super().mouseDragEvent(ev, axis=0)
            return
        ev.accept()
        down = ev.buttonDownPos(ev.button())
        if ev.isFinish():
            self.rbScaleBox.hide()
            r = self.childGroup.mapRectFromParent(QtCore.QRectF(pg.Point(down), pg.Point(ev.pos())).normalized())
            if r.width() > 0:
                self.zoom_to_band(r.left(), r.right())
        else:
            self.updateScaleBox(down, ev.pos())

    def zoom_to_band(self, x0: float, x1: float) -> None:
        if x1 - x0 < MIN_VIEW_DAYS:
            c = (x0 + x1) / 2
            x0, x1 = c - MIN_VIEW_DAYS / 2, c + MIN_VIEW_DAYS / 2
        self.setXRange(x0, x1, padding=0)


# ------------------------------------------------------------------------------------------------
# Marks
# ------------------------------------------------------------------------------------------------


class _Mark(pg.GraphicsObject):
    """Base of the timeline's marks: paints in device pixels from a cached picture.

    ``paint()`` maps data to pixels with the painter's own transform, so the marks keep a fixed
    pixel size at every zoom. The picture is keyed by the data version and that transform, so a
    repaint without change (a tooltip, a window uncovering) only replays it.
    """

    def __init__(self, view: TimelineView) -> None:
        super().__init__()
        self._view = view
        self._pic: QtGui.QPicture | None = None
        self._key: tuple[Any, ...] | None = None
        self.drawn = 0  # how many events the last build drew (for the status line and tests)

    def invalidate(self) -> None:
        self._key = None
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._view.data_rect()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> None:
        return None  # ranges are set explicitly; never let auto-range look at these marks

    def paint(self, p: QtGui.QPainter, *args: Any) -> None:
        # Drawn straight into the device: every build is bounded by the screen (culled, merged or
        # binned into density strips), so recording a picture first would only add a replay.
        tr = p.transform()
        vr = self._view.vb.viewRect()
        p.save()
        p.resetTransform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        self.build(p, Mapping(tr, vr, self._view))
        self._key = (self._view.version,)
        p.restore()

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        raise NotImplementedError


class Mapping:
    """Data -> device pixel mapping for one build, plus the visible range."""

    def __init__(self, tr: QtGui.QTransform, vr: QtCore.QRectF, view: TimelineView, screens: float = 1.0) -> None:
        #: How many screen widths the range covers (the pan cache renders about three): limits
        #: meant per screen (when to switch to density strips, how many titles) scale with it.
        self.screens = max(screens, 1.0)
        self.sx, self.dx = tr.m11(), tr.m31()
        self.sy, self.dy = tr.m22(), tr.m32()
        self.x_lo, self.x_hi = vr.left(), vr.right()
        self.left_px = self.x(self.x_lo)
        self.right_px = self.x(self.x_hi)
        self.row_px = abs(self.sy)
        self.view = view

    def x(self, v: Any) -> Any:
        return v * self.sx + self.dx

    def y(self, v: Any) -> Any:
        return v * self.sy + self.dy


class LaneShading(_Mark):
    """Alternate lane backgrounds and separators (the colour strips are :class:`LaneStrips`)."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if d is None:
            return
        # Opaque colours blended once here: an opaque fill is a plain memory fill, a translucent
        # one blends every pixel of half the plot on every frame.
        fg, bg = self._view.fg, self._view.bg
        mix = 14 / 255
        shade = QtGui.QColor.fromRgbF(*(bg.getRgbF()[k] * (1 - mix) + fg.getRgbF()[k] * mix for k in range(3)))
        sep = QtGui.QColor(self._view.fg)
        sep.setAlpha(50)
        for i, top in enumerate(d.rows.lane_top):
            y0, y1 = m.y(top), m.y(top + d.rows.lane_rows[i])
            rect = QtCore.QRectF(m.left_px, y0, m.right_px - m.left_px, y1 - y0)
            if i % 2:
                p.fillRect(rect, shade)
            p.setPen(QtGui.QPen(sep, 1))
            if i:
                p.drawLine(QtCore.QPointF(m.left_px, y0), QtCore.QPointF(m.right_px, y0))
        self.drawn = len(d.rows.lane_top)


class LaneStrips(_Mark):
    """A colour strip at the plot's left edge naming each lane's colour (drawn live: it stays at
    the edge while the cached marks move under it)."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if d is None:
            return
        for i, top in enumerate(d.rows.lane_top):
            y0, y1 = m.y(top), m.y(top + d.rows.lane_rows[i])
            p.fillRect(QtCore.QRectF(m.left_px, y0 + 2, 4, y1 - y0 - 4), d.colors[i])
        self.drawn = len(d.rows.lane_top)


def _strip_image(d: TimelineData, rows: np.ndarray, c0: np.ndarray, c1: np.ndarray | None, n_cols: int,
                 alpha_lo: int, alpha_hi: int) -> np.ndarray:
    """Density strips as a premultiplied BGRA image, five pixel rows per timeline row.

    ``c0`` are the 2-pixel columns of point events (counted), or with ``c1`` the first and
    one-past-last columns of bands (coverage, by a difference array and a running sum). The
    middle three of each row's five image rows carry the row's lane colour with an opacity from
    ``alpha_lo`` (one event) to ``alpha_hi`` (the busiest column); drawn stretched over the rows,
    the strip is 60% of a row high, like a band. All numpy: no Python loop over events.
    """
    n_rows = len(d.row_rgb)
    if c1 is None:
        flat = rows * n_cols + c0
        v = np.bincount(flat, minlength=n_rows * n_cols).reshape(n_rows, n_cols).astype(np.float64)
    else:
        w = n_cols + 1
        diff = (np.bincount(rows * w + c0, minlength=n_rows * w)
                - np.bincount(rows * w + c1, minlength=n_rows * w)).reshape(n_rows, w)
        v = np.cumsum(diff, axis=1)[:, :n_cols].astype(np.float64)
    top = float(v.max()) if v.size else 0.0
    if top <= 0:
        return np.zeros((n_rows * 5, n_cols, 4), dtype=np.uint8)
    alpha = np.where(v > 0, alpha_lo + (alpha_hi - alpha_lo) * np.sqrt(v / top), 0.0)
    pix = np.empty((n_rows, n_cols, 4), dtype=np.uint8)
    a = alpha / 255.0
    rgb = d.row_rgb.astype(np.float64)
    for ch, src in ((0, 2), (1, 1), (2, 0)):  # BGRA byte order, premultiplied
        pix[..., ch] = (rgb[:, src][:, None] * a).astype(np.uint8)
    pix[..., 3] = alpha.astype(np.uint8)
    img = np.zeros((n_rows, 5, n_cols, 4), dtype=np.uint8)
    img[:, 1:4] = pix[:, None]
    return img.reshape(n_rows * 5, n_cols, 4)


def _draw_strips(p: QtGui.QPainter, m: Mapping, img: np.ndarray) -> None:
    h, w = img.shape[0], img.shape[1]
    if not h or not w:
        return
    buf = np.ascontiguousarray(img)
    qimg = QtGui.QImage(buf.data, w, h, w * 4, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    n_rows = h // 5
    target = QtCore.QRectF(m.left_px, m.y(0.0), w * DENSE_BIN_PX, m.y(float(n_rows)) - m.y(0.0))
    p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
    p.drawImage(target, qimg, QtCore.QRectF(0, 0, w, h))


def _columns(m: Mapping, px: np.ndarray) -> tuple[np.ndarray, int]:
    n_cols = max(int((m.right_px - m.left_px) // DENSE_BIN_PX) + 1, 1)
    # clip while still float, then truncate: much cheaper than a floor division per element
    c = np.clip((px - m.left_px) * (1.0 / DENSE_BIN_PX), 0.0, float(n_cols)).astype(np.int64)
    return c, n_cols


_DASH_CACHE: dict[tuple[int, int], QtGui.QBrush] = {}


def _pattern_brush(colour: QtGui.QColor, on: int, off: int) -> QtGui.QBrush:
    """A texture brush of ``on`` coloured and ``off`` clear pixels: a dashed (or dotted) edge drawn
    as a thin filled rectangle, which costs a blit where a dashed pen costs a stroke per dash."""
    key = (colour.rgba(), on * 100 + off)
    brush = _DASH_CACHE.get(key)
    if brush is None:
        pm = QtGui.QPixmap(on + off, 2)
        pm.fill(Qt.GlobalColor.transparent)
        pp = QtGui.QPainter(pm)
        pp.fillRect(0, 0, on, 2, colour)
        pp.end()
        brush = QtGui.QBrush(pm)
        _DASH_CACHE[key] = brush
    return brush


class BandMarks(_Mark):
    """Events with a wider or uncertain interval: translucent bands over the whole interval.

    Bands that touch on screen in one row are merged into one rectangle; with more than
    :data:`DENSE_BANDS` in view they become coverage strips (how many bands cover each column).
    """

    dense = False

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d, mask = self._view.data, self._view.state.visible_mask
        self.drawn = 0
        self.dense = False
        if d is None or not len(d.events):
            return
        a = d.arrays
        sel = np.nonzero(mask & (a.kind == L.KIND_BAND) & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi))[0]
        if not len(sel):
            return
        px0 = np.maximum(m.x(a.x0[sel]), m.left_px - 10)
        px1 = np.minimum(m.x(a.x1[sel]), m.right_px + 10)
        px1 = np.maximum(px1, px0 + 3)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        self.drawn = len(sel)
        if len(sel) > DENSE_BANDS * m.screens:
            self.dense = True
            c0, n_cols = _columns(m, px0)
            c1, _ = _columns(m, px1)
            _draw_strips(p, m, _strip_image(d, d.row_of[sel], c0, np.maximum(c1, c0 + 1), n_cols, 50, 150))
            return
        py = m.y(d.rows.y[sel])
        h = max(min(m.row_px * 0.62, 16.0), 4.0)
        lane = d.lanes.index[sel]
        hollow = d.hollow[sel].astype(np.int64)
        row_key = np.round(py).astype(np.int64) * 1000 + lane * 2 + hollow
        order = np.lexsort((px0, row_key))
        k_sorted, x0s, x1s = row_key[order], px0[order], px1[order]
        starts = np.r_[True, k_sorted[1:] != k_sorted[:-1]]
        # Running max of the right edges within each row: offsetting each row by a large constant
        # lets one global accumulate do it without a loop over rows.
        off = (np.cumsum(starts) - 1).astype(np.float64) * 1e7
        cummax = np.maximum.accumulate(x1s + off)
        prev_max = np.r_[-np.inf, cummax[:-1]]
        new_run = starts | (x0s + off > prev_max + 1.0)
        run_id = np.cumsum(new_run) - 1
        n_runs = int(run_id[-1]) + 1
        r_x0 = np.full(n_runs, np.inf)
        r_x1 = np.full(n_runs, -np.inf)
        np.minimum.at(r_x0, run_id, x0s)
        np.maximum.at(r_x1, run_id, x1s)
        first = order[np.nonzero(new_run)[0]]  # a representative event per rectangle
        by_style: dict[tuple[int, bool], list[QtCore.QRectF]] = {}
        rep = sel[first]
        keys = zip(d.lanes.index[rep].tolist(), d.hollow[rep].tolist(), strict=True)
        rx0 = np.round(r_x0).tolist()
        rw = np.round(r_x1 - r_x0).tolist()
        ry = np.round(py[first] - h / 2).tolist()
        rh = float(round(h))
        for key, x0_, y_, w_ in zip(keys, rx0, ry, rw, strict=True):
            by_style.setdefault(key, []).append(QtCore.QRectF(x0_, y_, w_, rh))
        for (li, is_hollow), rects in by_style.items():
            c = QtGui.QColor(d.colors[int(li)])
            edge = QtGui.QColor(c)
            edge.setAlpha(230)
            if is_hollow:
                # Scheduled/expected: no fill, dashed top and bottom edges, solid ends.
                dash = _pattern_brush(edge, 5, 3)
                for r in rects:
                    p.fillRect(QtCore.QRectF(r.left(), r.top(), r.width(), 1.5), dash)
                    p.fillRect(QtCore.QRectF(r.left(), r.bottom() - 1.5, r.width(), 1.5), dash)
                    p.fillRect(QtCore.QRectF(r.left(), r.top(), 1.5, r.height()), edge)
                    p.fillRect(QtCore.QRectF(r.right() - 1.5, r.top(), 1.5, r.height()), edge)
            else:
                c.setAlpha(70)
                p.setBrush(c)
                p.setPen(QtGui.QPen(edge, 1))
                p.drawRects(rects)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for j in np.nonzero(d.disputed[sel])[0][:2000]:
            _disputed_mark(p, float(px0[j]), float(py[j]) - h / 2, self._view.fg)


def _disputed_mark(p: QtGui.QPainter, x: float, y: float, fg: QtGui.QColor) -> None:
    """A small vermillion '!' badge: disputed by the sources (shape and colour, not colour alone)."""
    p.save()
    p.setPen(QtGui.QPen(QtGui.QColor("#D55E00"), 1.6))
    p.setBrush(QtGui.QColor("#D55E00"))
    p.drawEllipse(QtCore.QPointF(x, y), 4.5, 4.5)
    p.setPen(QtGui.QPen(QtGui.QColor("white"), 1.6))
    p.drawLine(QtCore.QPointF(x, y - 2.5), QtCore.QPointF(x, y + 0.8))
    p.drawPoint(QtCore.QPointF(x, y + 2.4))
    p.restore()


def _polygon(xs: np.ndarray, ys: np.ndarray) -> QtGui.QPolygonF:
    """A QPolygonF filled from numpy arrays in one copy (no Python loop per point)."""
    poly = pg.functions.create_qpolygonf(len(xs))
    arr = pg.functions.ndarray_from_qpolygonf(poly)
    arr[:, 0] = xs
    arr[:, 1] = ys
    return poly


def _round_pen(colour: QtGui.QColor, width: float) -> QtGui.QPen:
    pen = QtGui.QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class PointMarks(_Mark):
    """Single-day events: filled circles (hollow when scheduled/expected), merged when crowded.

    Drawing is batched: markers merged per few pixels, then grouped by colour, hollowness and
    size; each group is one ``drawPixmapFragments`` call stamping a pre-rendered sprite, so the
    cost depends on the number of groups and on-screen markers, not of events. With more than
    :data:`DENSE_MARKERS` in view the kind is drawn as density strips instead (see
    :func:`_strip_image`).
    """

    kinds = (L.KIND_POINT,)
    dense = False

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._sprites: dict[tuple[Any, ...], QtGui.QPixmap] = {}
        self._frags = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)

    def _select(self, m: Mapping) -> tuple[np.ndarray, np.ndarray]:
        d, mask = self._view.data, self._view.state.visible_mask
        assert d is not None
        anchor = d.anchor
        pad = 12 / max(m.sx, 1e-9)
        kind_ok = d.arrays.kind == self.kinds[0]
        sel = np.nonzero(mask & kind_ok & (anchor >= m.x_lo - pad) & (anchor <= m.x_hi + pad))[0]
        return sel, m.x(anchor[sel])

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        self.drawn = 0
        self.dense = False
        if d is None or not len(d.events):
            return
        sel, px = self._select(m)
        if not len(sel):
            return
        self.drawn = len(sel)
        if len(sel) > DENSE_MARKERS * m.screens:
            self.dense = True
            c, n_cols = _columns(m, px)
            _draw_strips(p, m, _strip_image(d, d.row_of[sel], np.minimum(c, n_cols - 1), None, n_cols, 110, 255))
            return
        py = m.y(d.rows.y[sel])
        # Markers closer than their radius hide each other anyway: merge them.
        reps, counts = L.aggregate_points(px, py, cell=MARKER_R)
        idx = sel[reps]
        rx, ry = px[reps], py[reps]
        # size class: 0 a single event, 1 a few merged, 2 many merged
        size = np.minimum(np.floor(np.log2(np.maximum(counts, 1)) / 2).astype(np.int64), 2)
        lane = d.lanes.index[idx]
        hollow = d.hollow[idx]
        outline = QtGui.QColor(self._view.fg)
        outline.setAlpha(200)
        group = (lane * 2 + hollow.astype(np.int64)) * 3 + size
        for g in np.unique(group):
            members = np.nonzero(group == g)[0]
            li, rest = divmod(int(g), 6)
            is_hollow, sc = divmod(rest, 3)
            self.draw_group(p, rx[members], ry[members], MARKER_R + 2.0 * sc, d.colors[li], bool(is_hollow), outline)
        for j in np.nonzero(d.disputed[idx])[0][:500]:
            _disputed_mark(p, float(rx[j]) + MARKER_R, float(ry[j]) - MARKER_R, self._view.fg)

    def sprite(self, r: float, c: QtGui.QColor, hollow: bool, outline: QtGui.QColor) -> QtGui.QPixmap:
        key = (r, c.rgba(), hollow, outline.rgba(), self._view.bg.rgba())
        pm = self._sprites.get(key)
        if pm is None:
            side = int(2 * r + 6)
            pm = QtGui.QPixmap(side, side)
            pm.fill(Qt.GlobalColor.transparent)
            pp = QtGui.QPainter(pm)
            pp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            self.paint_sprite(pp, QtCore.QPointF(side / 2, side / 2), r, c, hollow, outline)
            pp.end()
            self._sprites[key] = pm
        return pm

    def paint_sprite(self, p: QtGui.QPainter, at: QtCore.QPointF, r: float, c: QtGui.QColor, hollow: bool,
                     outline: QtGui.QColor) -> None:
        if hollow:
            p.setPen(QtGui.QPen(c, 2.0))
            p.setBrush(self._view.bg)
            p.drawEllipse(at, r - 0.5, r - 0.5)
        else:
            p.setPen(QtGui.QPen(outline, 1.0))
            p.setBrush(c)
            p.drawEllipse(at, r, r)

    def draw_group(self, p: QtGui.QPainter, xs: np.ndarray, ys: np.ndarray, r: float, c: QtGui.QColor,
                   hollow: bool, outline: QtGui.QColor) -> None:
        pm = self.sprite(r, c, hollow, outline)
        n = len(xs)
        self._frags.resize(n)
        f = self._frags.ndarray()
        f[:, 0] = xs
        f[:, 1] = ys
        f[:, 2:4] = 0
        f[:, 4] = pm.width()
        f[:, 5] = pm.height()
        f[:, 6:8] = 1.0
        f[:, 8] = 0.0
        f[:, 9] = 1.0
        p.drawPixmapFragments(*self._frags.drawargs(), pm)


class UnknownMarks(PointMarks):
    """Events the text does not date: a faint dotted whisker over the possible range and a
    bracket-shaped marker at the upper bound ("no later than"), distinct from dated markers."""

    kinds = (L.KIND_UNKNOWN,)

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d, mask = self._view.data, self._view.state.visible_mask
        if d is not None and len(d.events):
            a = d.arrays
            sel = np.nonzero(mask & (a.kind == L.KIND_UNKNOWN) & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi))[0]
            if 0 < len(sel) <= DENSE_MARKERS * m.screens:
                c = QtGui.QColor(self._view.fg)
                c.setAlpha(80)
                dots = _pattern_brush(c, 1, 2)
                px0 = np.maximum(m.x(a.x0[sel]), m.left_px)
                px1 = m.x(a.x1[sel] - 0.5)
                py = np.round(m.y(d.rows.y[sel]))
                # Whiskers on one row that touch are merged, as bands are: one line per run.
                order = np.lexsort((px0, py))
                ys, x0s, x1s = py[order], px0[order], px1[order]
                starts = np.r_[True, ys[1:] != ys[:-1]]
                off = (np.cumsum(starts) - 1).astype(np.float64) * 1e7
                prev = np.r_[-np.inf, np.maximum.accumulate(x1s + off)[:-1]]
                run = np.cumsum(starts | (x0s + off > prev + 1.0)) - 1
                n_runs = int(run[-1]) + 1
                r0 = np.full(n_runs, np.inf)
                r1 = np.full(n_runs, -np.inf)
                np.minimum.at(r0, run, x0s)
                np.maximum.at(r1, run, x1s)
                ry = np.zeros(n_runs)
                ry[run] = ys
                for x0_, x1_, y_ in zip(np.round(r0).tolist(), np.round(r1 - r0).tolist(), ry.tolist(), strict=True):
                    p.fillRect(QtCore.QRectF(x0_, y_, x1_, 1), dots)
        super().build(p, m)

    def paint_sprite(self, p: QtGui.QPainter, at: QtCore.QPointF, r: float, c: QtGui.QColor, hollow: bool,
                     outline: QtGui.QColor) -> None:
        # Left-pointing wedges: "happened at the latest here".
        wedge = QtGui.QPolygonF([QtCore.QPointF(r * 0.6, -r * 1.1), QtCore.QPointF(-r * 0.9, 0.0),
                                 QtCore.QPointF(r * 0.6, r * 1.1)]).translated(at.x(), at.y())
        p.setPen(QtGui.QPen(c, 2.0))
        p.setBrush(self._view.bg if hollow else QtGui.QColor(c.red(), c.green(), c.blue(), 110))
        p.drawPolygon(wedge)


class TitleLabels(_Mark):
    """Event titles beside their marks where they fit; overlapping ones are left to the tooltip."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._widths: dict[int, tuple[float, str]] = {}
        self.drawn_ids: list[str] = []
        self.drawn_rects: list[tuple[float, float, float, float]] = []

    def invalidate_text(self) -> None:
        self._widths.clear()
        self.invalidate()

    def _text(self, i: int, fm: QtGui.QFontMetricsF, title: str) -> tuple[float, str]:
        got = self._widths.get(i)
        if got is None:
            s = fm.elidedText(title, Qt.TextElideMode.ElideRight, LABEL_MAX_PX)
            got = (fm.horizontalAdvance(s), s)
            self._widths[i] = got
        return got

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d, mask = self._view.data, self._view.state.visible_mask
        self.drawn = 0
        self.drawn_ids = []
        self.drawn_rects = []
        if d is None or not len(d.events) or m.row_px < 11:
            return
        a = d.arrays
        vis = mask & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi)
        # Markers are obstacles: a title must not cover another event's marker. When they cover
        # the plot (density strips), no title could be placed without hiding one.
        mk = np.nonzero(vis & (a.kind != L.KIND_BAND) & (d.anchor >= m.x_lo) & (d.anchor <= m.x_hi))[0]
        if len(mk) > MAX_LABEL_OBSTACLES * m.screens:
            return
        sel = np.nonzero(vis)[0]
        if not len(sel):
            return
        start_px = np.where(a.kind[sel] == L.KIND_BAND, np.maximum(m.x(a.x0[sel]), m.left_px) + 6,
                            m.x(d.anchor[sel]) + MARKER_R + 4)
        py = m.y(d.rows.y[sel])
        # Keep one candidate per few pixels (crowded zoom levels) and at most a screenful, the
        # selected event first, then the best-sourced ones, spread over time.
        reps, _ = L.aggregate_points(start_px, py, cell=6.0)
        cand = sel[reps]
        sx, sy = start_px[reps], py[reps]
        sel_i = self._view.selected_index()
        is_sel = (cand == sel_i) if sel_i is not None else np.zeros(len(cand), dtype=np.bool_)
        nq = d.n_quotes[cand]
        rank = np.lexsort((sx, -nq, ~is_sel))
        if sel_i is not None and bool(vis[sel_i]) and not is_sel.any():
            cand = np.r_[sel_i, cand]
            sx = np.r_[float(np.where(a.kind[sel_i] == L.KIND_BAND, max(m.x(a.x0[sel_i]), m.left_px) + 6,
                                      m.x(d.anchor[sel_i]) + MARKER_R + 4)), sx]
            sy = np.r_[float(m.y(d.rows.y[sel_i])), sy]
            rank = np.r_[0, rank + 1]
        rank = rank[:int(MAX_LABEL_CANDIDATES * m.screens)]
        cand, sx, sy = cand[rank], sx[rank], sy[rank]
        font = QtGui.QFont(self._view.font())
        fm = QtGui.QFontMetricsF(font)
        h = fm.height()
        texts = [self._text(int(i), fm, d.events[int(i)].title) for i in cand.tolist()]
        widths = np.array([t[0] for t in texts], dtype=np.float64)
        # Near the right edge a title goes to the left of its marker instead of being cut off.
        is_band = a.kind[cand] == L.KIND_BAND
        overflow = (sx + widths > m.right_px - 2) & ~is_band
        left = np.where(overflow, sx - widths - 2 * (MARKER_R + 4) - 4, sx)
        left = np.maximum(left, m.left_px + 6)
        right = np.minimum(left + widths, m.right_px - 1)
        top = sy - h / 2
        bottom = sy + h / 2
        # Obstacles go into a 3-pixel occupancy grid; its summed-area table tells for every
        # candidate at once whether its box covers a marker (other than its own).
        cell = 3.0
        gx0, gy0 = m.left_px, m.y(0.0)
        gw = int((m.right_px - gx0) / cell) + 3
        gh = int((m.y(d.rows.total) - gy0) / cell) + 3
        rr = int(MARKER_R / cell) + 1
        gx = np.clip(((m.x(d.anchor[mk]) - gx0) / cell).astype(np.int64), 0, gw - 1)
        gy = np.clip(((m.y(d.rows.y[mk]) - gy0) / cell).astype(np.int64), 0, gh - 1)
        # Each marker's box is added to a 2-D difference array at its four corners; two running
        # sums turn that into coverage counts, two more into the summed-area table.
        diff = np.zeros((gh + 1, gw + 1), dtype=np.int32)
        ya, yb = np.clip(gy - rr, 0, gh), np.clip(gy + rr + 1, 0, gh)
        xa, xb = np.clip(gx - rr, 0, gw), np.clip(gx + rr + 1, 0, gw)
        np.add.at(diff, (ya, xa), 1)
        np.add.at(diff, (yb, xb), 1)
        np.add.at(diff, (ya, xb), -1)
        np.add.at(diff, (yb, xa), -1)
        cover = diff.cumsum(0, dtype=np.int32).cumsum(1, dtype=np.int32)[:gh, :gw]
        sat = np.zeros((gh + 1, gw + 1), dtype=np.int32)
        sat[1:, 1:] = cover.cumsum(0, dtype=np.int32).cumsum(1, dtype=np.int32)
        bx0 = np.clip(((left - gx0) / cell).astype(np.int64), 0, gw)
        bx1 = np.clip(((right + 4 - gx0) / cell).astype(np.int64) + 1, 0, gw)
        by0 = np.clip(((top + 1 - gy0) / cell).astype(np.int64), 0, gh)
        by1 = np.clip(((bottom - 1 - gy0) / cell).astype(np.int64) + 1, 0, gh)
        covered = sat[by1, bx1] - sat[by0, bx1] - sat[by1, bx0] + sat[by0, bx0]
        # The selected event's title is always shown (first, so no other title covers it), even
        # over a neighbour's marker: the user asked for that event.
        free = np.nonzero((covered == 0) | (cand == (sel_i if sel_i is not None else -1)))[0]
        kept_free = L.declutter(left[free], top[free], right[free] + 4, bottom[free])
        kept = [int(free[k]) for k in kept_free]
        p.setFont(font)
        fg = self._view.fg
        halo = QtGui.QColor(self._view.bg)
        halo.setAlpha(190)
        for k in kept:
            w, s = texts[k]
            rect = QtCore.QRectF(left[k], top[k], right[k] - left[k], h)
            if rect.width() < 20:
                continue
            if rect.width() < w - 0.5:  # cut by the plot's edge: elide rather than clip mid-letter
                s = fm.elidedText(s, Qt.TextElideMode.ElideRight, rect.width())
            p.fillRect(rect.adjusted(-1, 1, 1, -1), halo)
            p.setPen(fg)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), s)
            self.drawn_ids.append(d.events[int(cand[k])].id)
            self.drawn_rects.append((rect.left(), rect.top(), rect.right(), rect.bottom()))
        self.drawn = len(self.drawn_ids)


class PublicationTicks(_Mark):
    """A tick at the bottom of the plot for each article's publication date."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        self.drawn = 0
        if d is None or not len(d.pub_x):
            return
        x = d.pub_x + 0.5
        vis = (x >= m.x_lo) & (x <= m.x_hi)
        px = np.unique(np.round(m.x(x[vis])))
        bottom = m.y(self._view.vb.viewRect().bottom())
        c = QtGui.QColor(self._view.fg)
        c.setAlpha(150)
        p.setPen(QtGui.QPen(c, 2))
        for xx in px:
            p.drawLine(QtCore.QPointF(xx, bottom - 1), QtCore.QPointF(xx, bottom - 10))
        self.drawn = int(vis.sum())


class SelectionMark(_Mark):
    """A ring (or outline) around the selected event and a faint line down its date."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        i = self._view.selected_index()
        self.drawn = 0
        if d is None or i is None:
            return
        hl = self._view.palette().color(QtGui.QPalette.ColorRole.Highlight)
        x = m.x(d.anchor[i])
        y = m.y(d.rows.y[i])
        line = QtGui.QColor(hl)
        line.setAlpha(70)
        p.setPen(QtGui.QPen(line, 1))
        top = m.y(self._view.vb.viewRect().top())
        bottom = m.y(self._view.vb.viewRect().bottom())
        p.drawLine(QtCore.QPointF(x, top), QtCore.QPointF(x, bottom))
        p.setPen(QtGui.QPen(hl, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        if d.arrays.kind[i] == L.KIND_BAND:
            x0, x1 = m.x(d.arrays.x0[i]), m.x(d.arrays.x1[i])
            h = max(min(m.row_px * 0.62, 16.0), 4.0) + 6
            p.drawRoundedRect(QtCore.QRectF(x0 - 3, y - h / 2, max(x1 - x0, 3) + 6, h), 4, 4)
        else:
            p.drawEllipse(QtCore.QPointF(x, y), MARKER_R + 4, MARKER_R + 4)
        self.drawn = 1


class CachedMarks(pg.GraphicsObject):
    """Paints the marks that move with the data (lane shading, bands, markers, publication ticks)
    from an image; titles, lane colour strips and the selection are drawn live over it.

    Panning is the commonest interaction and it does not change what the marks look like, only
    where they are. So at an unchanged scale the marks are rendered into an opaque image covering
    about three screen widths around the view (the view in the middle); a pan frame then only
    copies the visible part of that image to the screen. A frame at a new scale (a zoom), or after
    the data, the filter, the palette or the plot's height changed, draws the marks straight onto
    the screen, as cheap as it can be; the first pan after it renders the wide image, and so does
    a pan that leaves the rendered span. A copy moves by whole pixels, so marks may sit up to half
    a pixel off while panning; once the view rests for :attr:`SETTLE_MS`, the image is rendered
    again at the exact position, in that idle moment.
    """

    #: Screen widths rendered around the view when the view pans at an unchanged scale.
    SPAN_SCREENS = 3.0
    SETTLE_MS = 250

    def __init__(self, view: TimelineView, marks: list[_Mark]) -> None:
        super().__init__()
        self._view = view
        self.marks = marks
        self._img: QtGui.QImage | None = None
        self._key: tuple[Any, ...] | None = None
        self._span = (0.0, 0.0)
        self._phase = 0.0  # the image's sub-pixel offset from the device grid when rendered
        self._last: tuple[Any, ...] | None = None  # the last blit's geometry, for the settle render
        self._rendered_at = QtCore.QRectF()  # the view the image was last rendered for
        self._direct_at = QtCore.QRectF()  # the view last drawn straight onto the screen
        self._settle = QtCore.QTimer(view)  # goes with the view: never fires on a deleted item
        self._settle.setSingleShot(True)
        self._settle.setInterval(self.SETTLE_MS)
        self._settle.timeout.connect(self._resettle)
        self.renders = 0  # how many times the marks were drawn (tests, diagnostics)
        self.blits = 0  # how many paints only copied the image

    def invalidate(self) -> None:
        self._key = None
        self._img = None
        self.update()

    @property
    def has_image(self) -> bool:
        """Whether the wide image is there (after a pan), rather than marks drawn directly."""
        return self._img is not None

    def boundingRect(self) -> QtCore.QRectF:
        return self._view.data_rect()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> None:
        return None

    def paint(self, p: QtGui.QPainter, *args: Any) -> None:
        tr = p.transform()
        vr = self._view.vb.viewRect()
        sx, dx, sy, dy = tr.m11(), tr.m31(), tr.m22(), tr.m32()
        if sx <= 0 or vr.width() <= 0:
            return
        width_px = max(math.ceil(vr.width() * sx), 1)
        top_px, bottom_px = sorted((vr.top() * sy + dy, vr.bottom() * sy + dy))
        top_i = math.floor(top_px)
        height_px = max(math.ceil(bottom_px) - top_i, 1)
        dev = p.device()
        dpr = dev.devicePixelRatioF() if dev is not None else 1.0
        # sx to 9 significant digits: a pan recomputes it from a new range of the same width
        key = (self._view.version, float(f"{sx:.9g}"), sy, dy, width_px, height_px, dpr)
        if key != self._key or (self._img is None and vr == self._direct_at):
            # A new scale or new content (or a repaint of such a view): draw straight onto the
            # screen. The wide image waits for a pan: a zoom never pays for three screens.
            self._key, self._img, self._direct_at = key, None, QtCore.QRectF(vr)
            self._settle.stop()
            p.save()
            p.resetTransform()
            self._draw_marks(p, Mapping(tr, vr, self._view))
            p.restore()
            self.renders += 1
            return
        lo, hi = self._span
        if self._img is None or vr.left() < lo or vr.right() > hi:
            self._render(sx, dx, sy, dy, top_i, height_px, vr, dpr)
        else:
            self.blits += 1
        self._last = (sx, dx, sy, dy, top_i, height_px, QtCore.QRectF(vr), dpr)
        if vr != self._rendered_at:  # copied to a place it was not rendered for
            self._settle.start()
        self._blit(p, sx, dx, vr.left() * sx + dx, top_i, width_px, height_px, dpr)

    def _draw_marks(self, p: QtGui.QPainter, m: Mapping) -> None:
        for mark in self.marks:
            p.save()
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            mark.build(p, m)
            p.restore()

    def _blit(self, p: QtGui.QPainter, sx: float, dx: float, left_px: float, top_i: int, width_px: int,
              height_px: int, dpr: float) -> None:
        img = self._img
        assert img is not None
        # The image's left edge is at data x ``lo``: copy the part under the view, whole pixels.
        ox = round(self._span[0] * sx + dx - self._phase)
        src_x = round(left_px) - ox
        p.save()
        p.resetTransform()
        p.drawImage(QtCore.QRectF(ox + src_x, top_i, width_px, height_px), img,
                    QtCore.QRectF(src_x * dpr, 0, width_px * dpr, height_px * dpr))
        p.restore()

    def _resettle(self) -> None:
        """The view rests: render the wide image again where the marks really are."""
        if self._last is None or self._img is None:
            return
        sx, dx, sy, dy, top_i, height_px, vr, dpr = self._last
        if self._view.vb.viewRect() != vr:
            return  # moved since: the next paint decides
        self._render(sx, dx, sy, dy, top_i, height_px, vr, dpr)
        self.update()

    def _render(self, sx: float, dx: float, sy: float, dy: float, top_i: int, height_px: int,
                vr: QtCore.QRectF, dpr: float) -> None:
        screens = self.SPAN_SCREENS
        extra = (screens - 1.0) / 2 * vr.width()
        lo, hi = vr.left() - extra, vr.right() + extra
        # Pixel 0 of the image sits on a whole device pixel for this frame.
        self._phase = (lo * sx + dx) - math.floor(lo * sx + dx)
        w = max(math.ceil((hi - lo) * sx) + 2, 1)
        img = QtGui.QImage(int(w * dpr), int(height_px * dpr), QtGui.QImage.Format.Format_RGB32)
        img.setDevicePixelRatio(dpr)
        img.fill(self._view.bg)
        # In the image, data x ``lo`` is pixel 0 (plus the phase) and the view's top is row 0.
        tr = QtGui.QTransform(sx, 0.0, 0.0, sy, -lo * sx + self._phase, dy - top_i)
        m = Mapping(tr, QtCore.QRectF(lo, vr.top(), hi - lo, vr.height()), self._view, screens)
        pp = QtGui.QPainter(img)
        self._draw_marks(pp, m)
        pp.end()
        self._img, self._span = img, (lo, hi)
        self._rendered_at = QtCore.QRectF(vr)
        self.renders += 1


class DensityMarks(_Mark):
    """The overview's histogram: all events in grey, the filtered ones in the accent colour."""

    _img: QtGui.QImage | None = None

    def boundingRect(self) -> QtCore.QRectF:
        return self._view.overview_rect()

    def paint(self, p: QtGui.QPainter, *args: Any) -> None:
        # The histogram only changes with the data, the filter or the strip's size, while the
        # window region over it moves on every pan: keep it as a pixmap and blit it.
        tr = p.transform()
        vr = self._view.ovb.viewRect()
        # Device coordinates may be the strip's own viewport or a bigger pixmap (``grab()`` of the
        # whole timeline): the image has the viewport's size and is drawn at the viewport's origin.
        own = self.sceneTransform() * self._view.overview.viewportTransform()
        ox, oy = tr.m31() - own.m31(), tr.m32() - own.m32()
        vp = self._view.overview.viewport().size()
        key = (self._view.version, own.m11(), own.m22(), own.m31(), own.m32(), vp.width(), vp.height())
        if key != self._key or self._img is None:
            img = QtGui.QImage(max(vp.width(), 1), max(vp.height(), 1), QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            img.fill(0)
            pp = QtGui.QPainter(img)
            self.build(pp, Mapping(own, vr, self._view))
            pp.end()
            self._img, self._key = img, key
        p.save()
        p.resetTransform()
        p.drawImage(QtCore.QPointF(ox, oy), self._img)
        p.restore()

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        self.drawn = 0
        if d is None or not len(d.events):
            return
        width = max(int(m.right_px - m.left_px), 1)
        bins = max(width // 3, 1)
        _, all_c = L.density(d.anchor, m.x_lo, m.x_hi, bins)
        _, vis_c = L.density(d.anchor[self._view.state.visible_mask], m.x_lo, m.x_hi, bins)
        top = float(max(all_c.max(), 1))
        base = m.y(0.0)
        full = m.y(1.0)
        bw = (m.right_px - m.left_px) / bins
        grey = QtGui.QColor(self._view.fg)
        grey.setAlpha(60)
        accent = QtGui.QColor(L.OKABE_ITO[0])
        for counts, colour in ((all_c, grey), (vis_c, accent)):
            for b in np.nonzero(counts)[0]:
                # square root so that a lone event still shows next to a busy week
                hgt = (full - base) * math.sqrt(counts[b] / top)
                p.fillRect(QtCore.QRectF(m.left_px + b * bw, base, max(bw - 0.5, 1), hgt), colour)
        self.drawn = int(vis_c.sum())


# ------------------------------------------------------------------------------------------------
# The widget
# ------------------------------------------------------------------------------------------------


class TimelineView(QtWidgets.QWidget):
    """The timeline plot with lane labels, and the overview strip under it."""

    #: Emitted with the visible date range (x0, x1) in day numbers whenever it changes.
    rangeChanged = Signal(float, float)

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.data: TimelineData | None = None
        self.version = 0
        self.fg = QtGui.QColor("black")
        self.bg = QtGui.QColor("white")

        self.vb = TimeViewBox()
        self.axis = DateAxis("bottom")
        self.lane_axis = pg.AxisItem("left")
        self.lane_axis.setWidth(150)
        self.plot = pg.PlotWidget(viewBox=self.vb, axisItems={"bottom": self.axis, "left": self.lane_axis})
        self.plot.setObjectName("timelinePlot")
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.getPlotItem().showGrid(x=False, y=False)
        self.vb.disableAutoRange()

        self.shading = LaneShading(self)
        self.strips = LaneStrips(self)
        self.bands = BandMarks(self)
        self.unknown = UnknownMarks(self)
        self.points = PointMarks(self)
        self.labels = TitleLabels(self)
        self.pubticks = PublicationTicks(self)
        self.selmark = SelectionMark(self)
        self.marks: list[_Mark] = [self.shading, self.bands, self.unknown, self.points, self.pubticks,
                                   self.strips, self.labels, self.selmark]
        # The marks that move with the data are painted from one cached image (see CachedMarks).
        # Titles depend on the screen's edges and on the selection, lane strips stay at the left
        # edge, and the selection ring changes on its own: those are drawn live on top.
        self.cached = CachedMarks(self, self.marks[:5])
        self.cached.setZValue(0)
        self.vb.addItem(self.cached, ignoreBounds=True)
        for z, item in enumerate(self.marks[5:], start=1):
            item.setZValue(z)
            self.vb.addItem(item, ignoreBounds=True)

        self.ovb = pg.ViewBox(enableMenu=False)
        self.ovb.setMouseEnabled(x=False, y=False)
        self.ov_axis = DateAxis("bottom")
        self.overview = pg.PlotWidget(viewBox=self.ovb, axisItems={"bottom": self.ov_axis})
        self.overview.setObjectName("overviewStrip")
        self.overview.hideButtons()
        self.overview.setMenuEnabled(False)
        self.overview.getPlotItem().hideAxis("left")
        self.overview.getPlotItem().layout.setContentsMargins(150 + 6, 0, 10, 0)
        self.overview.setFixedHeight(64)
        self.ovb.disableAutoRange()
        self.density = DensityMarks(self)
        self.ovb.addItem(self.density, ignoreBounds=True)
        self.window_region = pg.LinearRegionItem(orientation="vertical", movable=True)
        self.window_region.setZValue(10)
        self.ovb.addItem(self.window_region, ignoreBounds=True)
        self.ovb.setYRange(0, 1, padding=0.05)

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.overview)

        self._syncing = False
        self.vb.sigXRangeChanged.connect(self._on_main_range)
        self.window_region.sigRegionChanged.connect(self._on_region)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.overview.scene().sigMouseClicked.connect(self._on_overview_click)

        state.corpusChanged.connect(self._rebuild_and_fit)
        state.laneModeChanged.connect(self._rebuild)
        state.filterChanged.connect(self._on_filter)
        state.selectionChanged.connect(self._on_selection)
        self.apply_palette()
        self._rebuild_and_fit()

    # -- data -----------------------------------------------------------------------------------
    def _rebuild(self, *_: Any) -> None:
        self.data = TimelineData.build(self.state)
        d = self.data
        ticks = [((float(top) + float(n) / 2), _elide_lane(name))
                 for top, n, name in zip(d.rows.lane_top, d.rows.lane_rows, d.lanes.names, strict=True)]
        self.lane_axis.setTicks([ticks, []])
        self.vb.setYRange(-0.15, d.rows.total + 0.15, padding=0)
        span = d.x_hi - d.x_lo
        pad = max(span * 0.5, 30.0)
        self.vb.setLimits(xMin=d.x_lo - pad, xMax=d.x_hi + pad, minXRange=MIN_VIEW_DAYS, maxXRange=span + 2 * pad)
        self.ovb.setXRange(d.x_lo - span * 0.02 - 1, d.x_hi + span * 0.02 + 1, padding=0)
        self.labels.invalidate_text()
        self._refresh()

    def _on_filter(self) -> None:
        """Lanes follow the filter (empty ones go) and the view fits what is left."""
        self._rebuild()
        self.fit_default()

    def _rebuild_and_fit(self) -> None:
        self._rebuild()
        self.fit_default()

    def _refresh(self, *_: Any) -> None:
        self.version += 1
        for item in [*self.marks, self.density, self.cached]:
            item.prepareGeometryChange()
            item.invalidate()

    def data_rect(self) -> QtCore.QRectF:
        d = self.data
        if d is None:
            return QtCore.QRectF(0, 0, 1, 1)
        span = d.x_hi - d.x_lo
        pad = max(span * 0.6, 60.0)
        return QtCore.QRectF(d.x_lo - pad, -2.0, span + 2 * pad, d.rows.total + 4.0)

    def overview_rect(self) -> QtCore.QRectF:
        r = self.data_rect()
        return QtCore.QRectF(r.left(), -0.5, r.width(), 2.0)

    def selected_index(self) -> int | None:
        sid = self.state.selection
        return self.state.index_of(sid) if sid else None

    # -- range ----------------------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        x0, x1 = self.vb.viewRange()[0]
        return float(x0), float(x1)

    def set_range(self, x0: float, x1: float) -> None:
        if x1 - x0 < MIN_VIEW_DAYS:
            c = (x0 + x1) / 2
            x0, x1 = c - MIN_VIEW_DAYS / 2, c + MIN_VIEW_DAYS / 2
        self.vb.setXRange(x0, x1, padding=0)

    def fit_all(self) -> None:
        """Show every visible event (all events when the filter hides them all)."""
        d = self.data
        if d is None:
            return
        m = self.state.visible_mask
        if len(d.events) and m.any() and not self.state.filter.is_empty:
            # filtered: just the matching events (not every article's publication tick)
            lo, hi = float(d.arrays.x0[m].min()), float(d.arrays.x1[m].max())
        elif len(d.events) and m.any():
            lo = float(min(d.arrays.x0[m].min(), d.x_lo if not len(d.pub_x) else d.pub_x.min()))
            hi = float(max(d.arrays.x1[m].max(), d.pub_x.max() + 1 if len(d.pub_x) else d.x_hi))
        else:
            lo, hi = d.x_lo, d.x_hi
        span = max(hi - lo, 14.0)
        c = (lo + hi) / 2
        self.set_range(c - span * 0.53, c + span * 0.53)

    def fit_default(self) -> None:
        """The opening view: the bulk of the events, readably.

        The shortest span holding 90% of the shown events (:func:`~timeline_gui.core.layout.
        bulk_span`), with or without a filter: a lone event years away from the rest does not
        squeeze them into a sliver; it stays visible in the overview strip, and "Fit all" (Home)
        shows everything. Events spread evenly over their range open on all of it.
        """
        d = self.data
        m = self.state.visible_mask
        if d is None or not len(d.events) or not m.any():
            self.fit_all()
            return
        lo, hi = L.bulk_span(d.anchor[m])
        if lo <= float(d.anchor[m].min()) and hi >= float(d.anchor[m].max()):
            self.fit_all()
            return
        span = max(hi - lo, 14.0)
        c = (lo + hi) / 2
        self.set_range(c - span * 0.55, c + span * 0.55)

    def zoom(self, factor: float) -> None:
        """Zoom the time axis around the view's centre (factor < 1 zooms in)."""
        x0, x1 = self.visible_range()
        c, half = (x0 + x1) / 2, (x1 - x0) / 2 * factor
        self.set_range(c - half, c + half)

    def zoom_to_selection(self) -> None:
        i = self.selected_index()
        d = self.data
        if i is None or d is None:
            return
        x0, x1 = float(d.arrays.x0[i]), float(d.arrays.x1[i])
        if d.arrays.kind[i] == L.KIND_UNKNOWN:
            x0 = x1 - 1
        span = max(x1 - x0, 10.0)
        c = (x0 + x1) / 2
        self.set_range(c - span * 0.8, c + span * 0.8)

    def ensure_visible(self, i: int) -> None:
        """Pan (keeping the zoom) so that event ``i``'s mark is inside the view."""
        d = self.data
        if d is None:
            return
        x0, x1 = self.visible_range()
        a = float(d.anchor[i])
        # Only move when the mark is really out of sight: re-centring on every click would make
        # the next click land somewhere else.
        margin = (x1 - x0) * 0.01
        if d.arrays.kind[i] == L.KIND_BAND:
            if d.arrays.x1[i] > x0 + margin and d.arrays.x0[i] < x1 - margin:
                return
        elif x0 + margin <= a <= x1 - margin:
            return
        half = (x1 - x0) / 2
        self.set_range(a - half, a + half)

    def _on_main_range(self, *_: Any) -> None:
        x0, x1 = self.visible_range()
        if not self._syncing:
            self._syncing = True
            self.window_region.setRegion((x0, x1))
            self._syncing = False
        self.rangeChanged.emit(x0, x1)

    def _on_region(self, *_: Any) -> None:
        if self._syncing:
            return
        self._syncing = True
        a, b = self.window_region.getRegion()
        self.set_range(float(a), float(b))
        self._syncing = False

    def _on_overview_click(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        pos = self.ovb.mapSceneToView(ev.scenePos())
        x0, x1 = self.visible_range()
        half = (x1 - x0) / 2
        self.set_range(pos.x() - half, pos.x() + half)

    # -- selection and hit-testing ----------------------------------------------------------------
    def _on_selection(self, event_id: str | None) -> None:
        for item in (self.selmark, self.labels):
            item.invalidate()
        i = self.selected_index()
        if i is not None:
            self.ensure_visible(i)

    def scene_pos_of(self, event_id: str) -> QtCore.QPointF:
        """Where an event's mark is in scene coordinates (what a click on it hits)."""
        i = self.state.index_of(event_id)
        if i is None or self.data is None:
            raise KeyError(event_id)
        d = self.data
        x = float(d.anchor[i])
        if d.arrays.kind[i] == L.KIND_BAND:
            x0, x1 = self.visible_range()
            x = min(max(x, max(float(d.arrays.x0[i]), x0)), min(float(d.arrays.x1[i]), x1))
        return self.vb.mapViewToScene(QtCore.QPointF(x, float(d.rows.y[i])))

    def widget_pos_of(self, event_id: str) -> QtCore.QPoint:
        """Where an event's mark is in the plot widget's viewport coordinates."""
        return self.plot.mapFromScene(self.scene_pos_of(event_id))

    def hit(self, scene_pos: QtCore.QPointF) -> int | None:
        """The visible event under a scene position: the nearest marker within 8 px, else a band."""
        d = self.data
        if d is None or not len(d.events) or not self.vb.sceneBoundingRect().contains(scene_pos):
            return None
        t = self.vb.childGroup.sceneTransform()
        sx, dx, sy, dy = t.m11(), t.m31(), t.m22(), t.m32()
        mask = self.state.visible_mask
        px = d.anchor * sx + dx
        py = d.rows.y * sy + dy
        dist = np.hypot(px - scene_pos.x(), py - scene_pos.y())
        markers = mask & (d.arrays.kind != L.KIND_BAND)
        dist_m = np.where(markers, dist, np.inf)
        j = int(np.argmin(dist_m)) if len(dist_m) else -1
        if j >= 0 and dist_m[j] <= 8:
            return j
        h = max(min(abs(sy) * 0.62, 16.0), 4.0) / 2 + 2
        bx0 = d.arrays.x0 * sx + dx - 2
        bx1 = d.arrays.x1 * sx + dx + 2
        inside = (mask & (d.arrays.kind == L.KIND_BAND) & (bx0 <= scene_pos.x()) & (scene_pos.x() <= bx1)
                  & (np.abs(py - scene_pos.y()) <= h))
        idx = np.nonzero(inside)[0]
        if len(idx):
            # the narrowest band under the cursor is the most specific one
            return int(idx[np.argmin(d.arrays.x1[idx] - d.arrays.x0[idx])])
        return None

    def _on_click(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        i = self.hit(ev.scenePos())
        if i is not None:
            self.state.select(self.state.events[i].id)
            ev.accept()
        elif self.vb.sceneBoundingRect().contains(ev.scenePos()):
            self.state.select(None)

    def tooltip_at(self, scene_pos: QtCore.QPointF) -> str:
        """The (escaped) tooltip HTML for what is under ``scene_pos``, or ''."""
        i = self.hit(scene_pos)
        if i is not None:
            e = self.state.events[i]
            extra = " · disputed date" if e.disputed else ""
            return (f"<b>{html.escape(e.title)}</b><br>{html.escape(L.date_in_words(e.interval, e.date_text))}"
                    f"<br>{html.escape(e.type)} · {html.escape(e.status)}{html.escape(extra)}")
        d = self.data
        if d is None or not len(d.pub_x):
            return ""
        bottom = self.vb.sceneBoundingRect().bottom()
        if bottom - 12 <= scene_pos.y() <= bottom:
            t = self.vb.childGroup.sceneTransform()
            px = (d.pub_x + 0.5) * t.m11() + t.m31()
            near = np.nonzero(np.abs(px - scene_pos.x()) <= 4)[0]
            if len(near):
                return "<br>".join(html.escape(d.pub_labels[k]) for k in near[:8])
        return ""

    def _on_hover(self, scene_pos: QtCore.QPointF) -> None:
        tip = self.tooltip_at(scene_pos)
        if tip:
            gp = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
            QtWidgets.QToolTip.showText(gp, tip, self.plot)
        else:
            QtWidgets.QToolTip.hideText()

    def drawn_count(self) -> int:
        """Events drawn by the last paint (markers, bands and unknown-date marks)."""
        return self.points.drawn + self.bands.drawn + self.unknown.drawn

    # -- look -----------------------------------------------------------------------------------
    def apply_palette(self) -> None:
        pal = self.palette()
        self.bg = pal.color(QtGui.QPalette.ColorRole.Base)
        self.fg = pal.color(QtGui.QPalette.ColorRole.Text)
        for w in (self.plot, self.overview):
            w.setBackground(self.bg)
        for ax in (self.axis, self.lane_axis, self.ov_axis):
            ax.setPen(pg.mkPen(self.fg))
            ax.setTextPen(pg.mkPen(self.fg))
        self.window_region.setBrush(pg.mkBrush(QtGui.QColor(86, 180, 233, 60)))
        for line in self.window_region.lines:
            line.setPen(pg.mkPen(QtGui.QColor("#0072B2"), width=2))
        self._refresh()

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        if ev.type() == QtCore.QEvent.Type.PaletteChange:
            self.apply_palette()
        super().changeEvent(ev)


def _elide_lane(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
