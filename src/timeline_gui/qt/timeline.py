"""The zoomable timeline: lanes of events over a date axis, with an overview strip below.

Scaling: there is no graphics item per event. Each *kind* of mark (lane shading, interval bands,
day markers, unknown-date markers, titles, publication ticks, the selection, the overview density)
is one :class:`_Mark` that draws itself from numpy arrays in one vectorised pass: range indices
(:func:`~timeline_gui.core.layout.overlapping`) find what is in view, marks that fall in the same
few pixels are merged (:func:`~timeline_gui.core.layout.aggregate_points`) or, in a crowd, binned
into density strips, and titles are decluttered (:func:`~timeline_gui.core.layout.declutter`), so
the cost of a frame is bounded by the screen, not by the number of events. The marks that move
with the data are kept on a canvas a few screens wide (:class:`CachedMarks`): a pan draws only the
strip that comes into view. Hit-testing (click, hover) also works on the arrays.

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
#: The tallest a row is drawn. With few rows (a filter that leaves a handful of events) the lanes
#: keep a readable height at the top of the view instead of each stretching over a third of it.
MAX_ROW_PX = 40.0
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
    mask: np.ndarray  # the filter's visible mask the data was built for
    # Range indices over the visible events only (see L.interval_index): a frame asks them for
    # what is in view instead of testing every event.
    at_points: L.IntervalIndex  # single-day markers, by anchor
    at_unknown: L.IntervalIndex  # unknown-date markers, by anchor
    unknown_spans: L.IntervalIndex  # unknown-date events, by their possible range
    band_spans: L.IntervalIndex  # bands, by interval
    all_spans: L.IntervalIndex  # every event, by interval
    columns: CorpusColumns  # what the corpus alone decides, for the next build

    @classmethod
    def build(cls, state: AppState, columns: CorpusColumns | None = None) -> TimelineData:
        """The data for the state's corpus, filter and lane mode; ``columns`` (made anew unless
        they are the corpus's) keeps what the corpus alone decides for the next build."""
        ev = state.events
        if columns is None or columns.corpus is not state.corpus:
            columns = CorpusColumns(state)
        arrays = columns.arrays
        lanes = columns.lanes(state.lane_mode)
        # Colours from the unfiltered lanes: a lane keeps its colour when a filter drops others.
        colour_of = {n: L.palette_color(i, n) for i, n in enumerate(lanes.names)}
        mask = state.visible_mask
        filtered = len(mask) == len(ev) and mask.any() and not mask.all()
        if filtered:
            # A filter is on: lanes with no matching event are dropped (hidden events keep an
            # index, but are never drawn or hit).
            used = np.unique(lanes.index[mask])
            remap = np.zeros(len(lanes.names), dtype=np.int64)
            remap[used] = np.arange(len(used))
            lanes = L.Lanes(tuple(lanes.names[int(i)] for i in used), remap[lanes.index])
            rows = L.layout_rows(arrays, lanes, visible=mask)
        else:
            rows = columns.rows(state.lane_mode)
        colors = [QtGui.QColor(colour_of[n]) for n in lanes.names]
        pub_x = columns.pub_x
        xs = np.concatenate([arrays.x0, arrays.x1, pub_x, pub_x + 1])
        if len(xs):
            lo, hi = float(xs.min()), float(xs.max())
        else:
            lo = L.date_to_x(QtCore.QDate.currentDate().toPython())  # type: ignore[arg-type]
            hi = lo + 30
        row_of = np.floor(rows.y).astype(np.int64)
        n_rows = max(round(rows.total), 1)
        lane_of_row = np.clip(np.searchsorted(rows.lane_top, np.arange(n_rows), side="right") - 1, 0, None)
        row_rgb = np.zeros((n_rows, 3), dtype=np.uint8)
        for r, li in enumerate(lane_of_row.tolist()):
            if li < len(colors):
                c = colors[li]
                row_rgb[r] = (c.red(), c.green(), c.blue())
        if len(mask) != len(ev):
            mask = np.ones(len(ev), dtype=np.bool_)
        anchor = arrays.anchor

        def index(which: np.ndarray, at_anchor: bool) -> L.IntervalIndex:
            ids = np.nonzero(mask & which)[0]
            if at_anchor:
                return L.interval_index(anchor[ids], anchor[ids], ids)
            return L.interval_index(arrays.x0[ids], arrays.x1[ids], ids)

        kind = arrays.kind
        everything = np.ones(len(ev), dtype=np.bool_)
        return cls(ev, arrays, anchor, lanes, rows, colors, columns.hollow, columns.disputed, pub_x,
                   columns.pub_labels, lo, hi, columns.n_quotes, row_of, row_rgb, mask,
                   index(kind == L.KIND_POINT, True), index(kind == L.KIND_UNKNOWN, True),
                   index(kind == L.KIND_UNKNOWN, False), index(kind == L.KIND_BAND, False),
                   index(everything, False), columns)


class CorpusColumns:
    """What :class:`TimelineData` takes from the corpus alone, made once per corpus: a filter
    or a lane mode met before then costs only what depends on it. Lanes and their unfiltered
    rows are made per lane mode when first asked for."""

    def __init__(self, state: AppState) -> None:
        self.corpus = state.corpus
        ev = state.events
        self.events = ev
        self.arrays = L.event_arrays(ev, state.index.start, state.index.end)
        self.hollow = np.array([e.status in HOLLOW_STATUSES for e in ev], dtype=np.bool_)
        self.disputed = np.array([e.disputed for e in ev], dtype=np.bool_)
        self.n_quotes = np.array([len(e.quotes) for e in ev], dtype=np.int64)
        arts = state.corpus.articles
        self.pub_x = np.array([L.date_to_x(a.published) for a in arts], dtype=np.float64)
        self.pub_labels = [f"{a.file} — published {a.published.isoformat()}" for a in arts]
        self._lanes: dict[L.LaneMode, L.Lanes] = {}
        self._rows: dict[L.LaneMode, L.RowLayout] = {}

    def lanes(self, mode: L.LaneMode) -> L.Lanes:
        if mode not in self._lanes:
            self._lanes[mode] = L.build_lanes(self.events, mode)
        return self._lanes[mode]

    def rows(self, mode: L.LaneMode) -> L.RowLayout:
        """The rows of every event in ``mode``'s lanes (no filter)."""
        if mode not in self._rows:
            self._rows[mode] = L.layout_rows(self.arrays, self.lanes(mode))
        return self._rows[mode]


# ------------------------------------------------------------------------------------------------
# Axes and view box
# ------------------------------------------------------------------------------------------------


class DateAxis(pg.AxisItem):
    """A time axis whose ticks come from :func:`~timeline_gui.core.layout.date_ticks`.

    The bottom axis of the plot changes on every frame of a pan or zoom. pyqtgraph lays out the
    ticks with a point object per coordinate, measures every label with the painter and records
    the lot into a picture before replaying it; this axis lays out the same ticks and labels with
    plain numbers, keeps each label's measured box, and draws straight onto the device (the same
    pixels, a fraction of the time). Other configurations (a grid, fixed ticks) are left to
    pyqtgraph.
    """

    def __init__(self, orientation: str = "bottom", **kw: Any) -> None:
        super().__init__(orientation, **kw)
        # Dates take no SI prefix; left on, pyqtgraph rebuilds the (hidden) axis label's HTML on
        # every range change.
        self.enableAutoSIPrefix(False)
        self._labels: dict[float, str] = {}
        self._text_boxes: dict[tuple[str, str], QtCore.QRectF] = {}
        self._texts: dict[tuple[str, str], tuple[QtGui.QStaticText, QtCore.QPointF]] = {}
        self._tick_pens: dict[tuple[int, int], QtGui.QPen] = {}
        self._last: tuple[tuple[Any, ...], tuple[Any, ...] | None] | None = None  # the last layout, by its inputs

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        ticks = L.date_ticks(minVal, maxVal, size)
        self._labels = {t.x: t.label for t in ticks if t.major}
        major = [t.x for t in ticks if t.major]
        minor = [t.x for t in ticks if not t.major]
        return [(1.0, major), (0.5, minor)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(v, "") for v in values]

    def _fast(self) -> bool:
        return (self.orientation == "bottom" and self.grid is False and self._tickLevels is None
                and self.style["showValues"] and self.style["tickAlpha"] is None
                and self.style["stopAxisAtTick"] == (False, False))

    def paint(self, p: QtGui.QPainter, opt: Any, widget: Any) -> None:
        if not self._fast():
            super().paint(p, opt, widget)
            return
        p.save()
        font = self.style["tickFont"] or QtGui.QFont()
        fkey = font.key()
        p.setFont(font)
        bounds = self.mapRectFromParent(self.geometry())
        p0 = self.mapToDevice(bounds.topLeft() + QtCore.QPointF(-1.0, 1.0))
        p1 = self.mapToDevice(bounds.topRight() + QtCore.QPointF(1.0, 1.0))
        # The overview's axis, and the main one on a repaint, lay out the same ticks as last time.
        key = (tuple(self.range), bounds.getRect(), None if p0 is None else (p0.x(), p0.y()),
               None if p1 is None else (p1.x(), p1.y()), fkey, self.tickPen().color().rgba())
        if self._last is not None and self._last[0] == key:
            specs = self._last[1]
        else:
            specs = self._specs(font, fkey, bounds, p0, p1)
            self._last = (key, specs)
        if specs is not None:
            self._draw(p, font, fkey, *specs)
        p.restore()

    def _text_box(self, font: QtGui.QFont, fkey: str, s: str) -> QtCore.QRectF:
        """The label's box as pyqtgraph measures it (with a painter on a picture, 80% high)."""
        key = (fkey, s)
        box = self._text_boxes.get(key)
        if box is None:
            pic = QtGui.QPicture()
            pp = QtGui.QPainter(pic)
            pp.setFont(font)
            box = pp.boundingRect(QtCore.QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, s)
            pp.end()
            box.setHeight(box.height() * 0.8)
            self._text_boxes[key] = box
        return box

    def _tick_pen(self, level: int) -> QtGui.QPen:
        base = self.tickPen()
        key = (level, base.color().rgba())
        pen = self._tick_pens.get(key)
        if pen is None:
            pen = QtGui.QPen(base)
            if base.brush().style() == Qt.BrushStyle.SolidPattern:
                c = QtGui.QColor(pen.color())
                c.setAlpha(int(255 / (level + 1)))
                pen.setColor(c)
            self._tick_pens[key] = pen
        return pen

    def _specs(self, font: QtGui.QFont, fkey: str, bounds: QtCore.QRectF, p0: QtCore.QPointF | None,
               p1: QtCore.QPointF | None) -> tuple[Any, ...] | None:
        """pyqtgraph's ``generateDrawSpecs`` for a bottom axis without a grid, in plain numbers
        (``p0``, ``p1``: the axis's ends on the device)."""
        if p0 is None or p1 is None:
            return None
        length = math.hypot(p1.x() - p0.x(), p1.y() - p0.y())
        if length == 0:
            return None
        r0, r1 = self.range[0], self.range[1]
        levels = self.tickValues(r0, r1, length)
        dif = r1 - r0
        scale = bounds.width() / dif if dif else 1.0
        offset = r0 * scale if dif else 0.0
        x_min, x_max = sorted((r0 * scale - offset, r1 * scale - offset))
        tick_start = tick_stop = bounds.top()
        tick_len = self.style["tickLength"]
        lines: list[tuple[QtGui.QPen, list[QtCore.QLineF]]] = []
        positions: list[list[float | None]] = []
        for i, (_, values) in enumerate(levels):
            end = tick_stop + tick_len / (i * 0.5 + 1.0)
            pos: list[float | None] = []
            segs: list[QtCore.QLineF] = []
            for v in values:
                x = v * scale - offset
                if x < x_min or x > x_max:
                    pos.append(None)
                    continue
                pos.append(x)
                segs.append(QtCore.QLineF(x, tick_start, x, end))
            positions.append(pos)
            lines.append((self._tick_pen(i), segs))
        texts: list[tuple[QtCore.QRectF, str]] = []
        text_rects: list[QtCore.QRectF] = []
        last_size2 = 0.0
        br = self.boundingRect()
        below = tick_stop + max(0, tick_len) + self.style["tickTextOffset"][1]
        for i in range(min(len(levels), self.style["maxTextLevel"] + 1)):
            spacing, values = levels[i]
            strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
            if not strings:
                continue
            shown = [(positions[i][j], s) for j, s in enumerate(strings) if positions[i][j] is not None]
            boxes = [self._text_box(font, fkey, s) for _, s in shown]
            text_rects.extend(boxes)
            size = sum(r.width() for r in text_rects)
            size2 = max((r.height() for r in text_rects), default=0.0)
            if i > 0 and any(len(texts) >= n and size / length >= limit
                             for n, limit in self.style["textFillLimits"]):
                break
            last_size2 = size2
            for (x, s), box in zip(shown, boxes, strict=True):
                assert x is not None
                rect = QtCore.QRectF(x - box.width() / 2.0, below, box.width(), box.height())
                if br & rect != rect:
                    continue
                texts.append((rect, s))
        self._updateMaxTextSize(last_size2)
        axis_line = QtCore.QLineF(bounds.left() - 1.0, bounds.top() + 1.0, bounds.right() + 1.0, bounds.top() + 1.0)
        return axis_line, lines, texts

    def _static_text(self, p: QtGui.QPainter, font: QtGui.QFont, fkey: str, rect: QtCore.QRectF,
                     s: str) -> tuple[QtGui.QStaticText, QtCore.QPointF]:
        """The label prepared for drawing, and where in its box drawText() would start it."""
        key = (fkey, s)
        got = self._texts.get(key)
        if got is None:
            st = QtGui.QStaticText(s)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QtGui.QTransform(), font)
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip)
            at = p.boundingRect(QtCore.QRectF(0, 0, rect.width(), rect.height()), flags, s).topLeft()
            got = (st, at)
            self._texts[key] = got
        return got

    def _draw(self, p: QtGui.QPainter, font: QtGui.QFont, fkey: str, axis_line: QtCore.QLineF,
              lines: list[tuple[QtGui.QPen, list[QtCore.QLineF]]], texts: list[tuple[QtCore.QRectF, str]]) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        p.setPen(self.pen())
        p.drawLine(axis_line)
        for pen, segs in lines:
            if segs:
                p.setPen(pen)
                p.drawLines(segs)
        p.setPen(self.textPen())
        p.setClipRect(self.boundingRect().toAlignedRect(), Qt.ClipOperation.IntersectClip)
        # Prepared texts (the same glyphs drawText() lays out, laid out once per label): a label
        # stays on the axis for many frames of a pan or zoom.
        for rect, s in texts:
            if s:
                st, at = self._static_text(p, font, fkey, rect, s)
                p.drawStaticText(rect.topLeft() + at, st)


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
    """Base of the timeline's marks: paints in device pixels.

    ``paint()`` maps data to pixels with the painter's own transform, so the marks keep a fixed
    pixel size at every zoom. The marks that move with the data are not painted on their own but
    through :class:`CachedMarks`, which calls their :meth:`build` for parts of its image; the
    others (titles, lane strips, the selection) paint themselves on every frame.
    """

    def __init__(self, view: TimelineView) -> None:
        super().__init__()
        self._view = view
        self.drawn = 0  # how many events the last build of the whole view drew (status line, tests)

    def invalidate(self) -> None:
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
        m = Mapping(tr, vr, self._view)
        self.build(p, m)
        m.flush(p)
        p.restore()

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        raise NotImplementedError

    def dense_in(self, m: Mapping) -> bool:
        """Whether this build draws the mark as density strips only (the choice goes to the plan)."""
        return False


class Mapping:
    """Data -> device pixel mapping for one build, plus the range it covers.

    A build of the cached marks may cover only a strip of the view (see :class:`CachedMarks`):
    ``full`` tells whether it covers the whole view (only such a build updates the marks' counts),
    ``plan`` holds the choices made by the last full build (density strips or single marks, the
    strips' opacity scale), which the strips beside it follow so that they join seamlessly, and
    ``grid0`` is where the 2-pixel density columns start.
    """

    def __init__(self, tr: QtGui.QTransform, vr: QtCore.QRectF, view: TimelineView, *,
                 plan: dict[str, Any] | None = None, full: bool = True, grid0: float | None = None,
                 clip: QtCore.QRect | None = None) -> None:
        self.sx, self.dx = tr.m11(), tr.m31()
        self.sy, self.dy = tr.m22(), tr.m32()
        self.x_lo, self.x_hi = vr.left(), vr.right()
        self.left_px = self.x(self.x_lo)
        self.right_px = self.x(self.x_hi)
        self.row_px = abs(self.sy)
        self.view = view
        self.plan: dict[str, Any] = {} if plan is None else plan
        self.full = full
        self.grid0 = self.left_px if grid0 is None else grid0
        self.clip = clip
        self.memo: dict[str, Any] = {}  # what the marks looked up for this build, by name
        self._strips: tuple[int, np.ndarray] | None = None  # density strips waiting to be drawn
        # Nothing but the lane shading drawn yet (a canvas build starts with it): strips drawn
        # now lie on a background of one colour per row.
        self.bare = clip is not None

    def add_strips(self, p: QtGui.QPainter, first: int, pix: np.ndarray) -> None:
        """Draw density strips (see :func:`_strip_image`), over the ones drawn just before.

        Strips of consecutive marks share their columns and rows, so they are composited here
        ("over", as the painter would) and drawn as one image by :meth:`flush`: stretching an
        image over the plot costs per pixel, once instead of three times.
        """
        pending = self._strips
        if pending is not None and pending[0] == first and pending[1].shape == pix.shape:
            under = pending[1].astype(np.uint16)
            keep = (255 - pix[..., 3]).astype(np.uint16)[..., None]
            self._strips = (first, (pix + (under * keep + 127) // 255).astype(np.uint8))
            return
        if pending is not None:
            self.flush(p)
        self._strips = (first, pix)

    def flush(self, p: QtGui.QPainter) -> None:
        """Draw the strips waiting (before anything that must go over them)."""
        if self._strips is not None:
            first, pix = self._strips
            self._strips = None
            under = self.view.shading.under(self) if self.bare and self.row_px >= 8 else None
            if under is not None:
                # Over the plain lane background, the strips are composited here as the painter
                # would, so that they are drawn opaque: copied, not blended, pixel by pixel.
                pix = _over(pix, under)
            _draw_strips(p, self, first, pix)
        self.bare = False

    def x(self, v: Any) -> Any:
        return v * self.sx + self.dx

    def y(self, v: Any) -> Any:
        return v * self.sy + self.dy

    def decide(self, key: str, value: Any) -> Any:
        """The full build's choice for ``key`` (``value`` when this build is the full one)."""
        if self.full or key not in self.plan:
            self.plan[key] = value
        return self.plan[key]


class LaneShading(_Mark):
    """The plot's background: alternate lane shading and separators (the colour strips are
    :class:`LaneStrips`). It is the same in every pixel column, so one tile of it is rendered per
    vertical layout and copied across; it paints every pixel of ``m.clip``."""

    TILE = 1024

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._tile: QtGui.QImage | None = None
        self._tile_key: tuple[Any, ...] | None = None

    def tile(self, m: Mapping, height: int, dpr: float) -> QtGui.QImage:
        view = self._view
        key = (view.version, m.sy, m.dy, height, dpr, view.bg.rgba(), view.fg.rgba())
        if self._tile is not None and key == self._tile_key:
            return self._tile
        w = self.TILE
        img = QtGui.QImage(int(w * dpr), max(int(height * dpr), 1), QtGui.QImage.Format.Format_RGB32)
        img.setDevicePixelRatio(dpr)
        img.fill(view.bg)
        d = view.data
        if d is not None:
            p = QtGui.QPainter(img)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            # Opaque colours blended once here: an opaque fill is a plain memory fill, a
            # translucent one blends every pixel of half the plot.
            fg, bg = view.fg, view.bg
            mix = 14 / 255
            shade = QtGui.QColor.fromRgbF(*(bg.getRgbF()[k] * (1 - mix) + fg.getRgbF()[k] * mix for k in range(3)))
            sep = QtGui.QColor(fg)
            sep.setAlpha(50)
            p.setPen(QtGui.QPen(sep, 1))
            # Drawn wider than the tile: its columns are all like the middle of a long lane.
            for i, top in enumerate(d.rows.lane_top):
                y0, y1 = m.y(top), m.y(top + d.rows.lane_rows[i])
                if i % 2:
                    p.fillRect(QtCore.QRectF(-8.0, y0, w + 16.0, y1 - y0), shade)
                if i:
                    p.drawLine(QtCore.QPointF(-8.0, y0), QtCore.QPointF(w + 8.0, y0))
            p.end()
        self._tile, self._tile_key = img, key
        return img

    def under(self, m: Mapping) -> np.ndarray | None:
        """The background's colour in the middle of each timeline row, ``(rows, 3)`` BGR, from the
        tile just drawn (None without one)."""
        d, tile = self._view.data, self._tile
        if d is None or tile is None or self._tile_key is None or self._tile_key[1:3] != (m.sy, m.dy):
            return None
        dpr = tile.devicePixelRatio()
        ys = np.clip((m.y(np.arange(len(d.row_rgb)) + 0.5) * dpr).astype(np.int64), 0, tile.height() - 1)
        out = np.empty((len(ys), 3), dtype=np.uint8)
        for k, y in enumerate(ys.tolist()):
            c = tile.pixel(0, y)
            out[k] = (c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF)
        return out

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        clip = m.clip
        if clip is None:
            return
        dev = p.device()
        dpr = dev.devicePixelRatioF() if dev is not None else 1.0
        tile = self.tile(m, clip.bottom() + 1, dpr)
        w, h = self.TILE, clip.bottom() + 1
        x = clip.left()
        while x <= clip.right():
            n = min(w, clip.right() + 1 - x)
            p.drawImage(QtCore.QRectF(x, 0, n, h), tile, QtCore.QRectF(0, 0, n * dpr, h * dpr))
            x += n
        d = self._view.data
        self.drawn = len(d.rows.lane_top) if d is not None else 0


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


def _strip_image(d: TimelineData, m: Mapping, key: str, rows: np.ndarray, c0: np.ndarray, c1: np.ndarray | None,
                 n_cols: int, alpha_lo: int, alpha_hi: int) -> np.ndarray:
    """Density strips as a premultiplied BGRA image, a pixel row per timeline row.

    ``c0`` are the 2-pixel columns of point events (counted; they are numbered from 1, with 0 and
    ``n_cols + 1`` for points left and right of the range, which are not drawn), or with ``c1``
    the first and one-past-last columns of bands (coverage, by a difference array and a running
    sum). The
    row's pixels carry its lane colour with an opacity from ``alpha_lo`` (one event) to
    ``alpha_hi`` (the busiest column of the full build: strips built beside it keep its scale, so
    they join without a step). :func:`_draw_strips` draws them 60% of a row high, like a band.
    All numpy: no Python loop over events.
    """
    n_rows = len(d.row_rgb)
    if c1 is None:
        w = n_cols + 2
        v = np.bincount(rows * w + c0, minlength=n_rows * w).reshape(n_rows, w)[:, 1:-1]
    else:
        w = n_cols + 1
        diff = (np.bincount(rows * w + c0, minlength=n_rows * w)
                - np.bincount(rows * w + c1, minlength=n_rows * w)).reshape(n_rows, w)
        v = np.cumsum(diff, axis=1)[:, :n_cols]
    busiest = int(v.max()) if v.size else 0
    top = float(m.decide(key + ".top", float(busiest)))
    pix = np.zeros((n_rows, n_cols, 4), dtype=np.uint8)
    if top <= 0 or busiest <= 0:
        return pix
    # float32 and one pass per step: this runs for every strip of every frame
    share = np.minimum(v.astype(np.float32) * np.float32(1.0 / top), np.float32(1.0))
    alpha = np.sqrt(share, out=share)
    alpha *= np.float32(alpha_hi - alpha_lo)
    alpha += (v > 0) * np.float32(alpha_lo)  # sqrt(0) is 0: empty columns stay clear
    pix[..., 3] = alpha
    alpha *= np.float32(1.0 / 255.0)
    rgb = d.row_rgb.astype(np.float32)
    for ch, src in ((0, 2), (1, 1), (2, 0)):  # BGRA byte order, premultiplied
        pix[..., ch] = rgb[:, src][:, None] * alpha
    return pix


def _over(pix: np.ndarray, under: np.ndarray) -> np.ndarray:
    """Premultiplied BGRA strips (rows, columns, 4) composited over one opaque BGR colour per row,
    with the painter's own arithmetic (source + destination x (255 - alpha) / 255, rounded as Qt
    does): the same pixels, now opaque."""
    keep = (255 - pix[..., 3]).astype(np.uint32)
    out = np.empty_like(pix)
    for ch in range(3):
        t = under[:, ch].astype(np.uint32)[:, None] * keep
        out[..., ch] = pix[..., ch] + ((t + (t >> 8) + 0x80) >> 8)
    out[..., 3] = 255
    return out


def _draw_strips(p: QtGui.QPainter, m: Mapping, first: int, pix: np.ndarray) -> None:
    n, w = pix.shape[0], pix.shape[1]
    if not n or not w:
        return
    # Five image rows per timeline row, the outer two clear: stretched over the rows, the strip
    # is the middle 60% of each.
    img = np.zeros((n, 5, w, 4), dtype=np.uint8)
    img[:, 1:4] = pix[:, None]
    h = n * 5
    buf = img.reshape(h, w, 4)
    qimg = QtGui.QImage(buf.data, w, h, w * 4, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    x0 = m.grid0 + first * DENSE_BIN_PX
    target = QtCore.QRectF(x0, m.y(0.0), w * DENSE_BIN_PX, m.y(float(n)) - m.y(0.0))
    p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
    p.drawImage(target, qimg, QtCore.QRectF(0, 0, w, h))


def _column_span(m: Mapping) -> tuple[int, int]:
    """The first 2-pixel density column of the build's range and how many there are."""
    first = math.floor((m.left_px - m.grid0) / DENSE_BIN_PX)
    last = math.floor((m.right_px - m.grid0) / DENSE_BIN_PX)
    return first, max(last - first + 1, 1)


def _columns(m: Mapping, px: np.ndarray, first: int, last: int) -> np.ndarray:
    """Each pixel x's density column, counted from ``first`` and clamped to ``0..last``."""
    # clip while still float, then truncate: much cheaper than a floor division per element
    return np.clip((px - m.grid0) * (1.0 / DENSE_BIN_PX) - first, 0.0, float(last)).astype(np.int64)


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

    def _select(self, m: Mapping) -> np.ndarray:
        d = self._view.data
        assert d is not None
        if "bands" not in m.memo:
            m.memo["bands"] = L.overlapping(d.band_spans, m.x_lo, m.x_hi, ordered=False)
        sel: np.ndarray = m.memo["bands"]
        return sel

    def dense_in(self, m: Mapping) -> bool:
        d = self._view.data
        if d is None or not len(d.events):
            return False
        return bool(m.decide("bands.dense", len(self._select(m)) > DENSE_BANDS))

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if m.full:
            self.drawn = 0
            self.dense = False
        if d is None or not len(d.events):
            return
        a = d.arrays
        sel = self._select(m)
        dense = self.dense_in(m)
        if m.full:
            self.drawn = len(sel)
            self.dense = dense
        if not len(sel):
            return
        if not dense:
            sel = np.sort(sel)
        px0 = np.maximum(m.x(a.x0[sel]), m.left_px - 10)
        px1 = np.minimum(m.x(a.x1[sel]), m.right_px + 10)
        px1 = np.maximum(px1, px0 + 3)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        if dense:
            first, n_cols = _column_span(m)
            c0 = _columns(m, px0, first, n_cols)
            c1 = _columns(m, px1, first, n_cols)
            m.add_strips(p, first, _strip_image(d, m, "bands", d.row_of[sel], c0, np.maximum(c1, c0 + 1), n_cols,
                                                50, 150))
            return
        m.flush(p)
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
        by_style: dict[tuple[int, bool], list[tuple[float, float, float]]] = {}
        rep = sel[first]
        keys = zip(d.lanes.index[rep].tolist(), d.hollow[rep].tolist(), strict=True)
        # Each edge rounded on its own: an edge is where it is whether or not the other one was
        # cut at the drawn range's end.
        rx0 = _round(r_x0)
        rw = (_round(r_x1) - rx0).tolist()
        rx0 = rx0.tolist()
        ry = np.round(py[first] - h / 2).tolist()
        rh = float(round(h))
        for key, x0_, y_, w_ in zip(keys, rx0, ry, rw, strict=True):
            by_style.setdefault(key, []).append((x0_, y_, w_))
        p.setPen(Qt.PenStyle.NoPen)
        for (li, is_hollow), rects in by_style.items():
            c = QtGui.QColor(d.colors[int(li)])
            edge = QtGui.QColor(c)
            edge.setAlpha(230)
            if is_hollow:
                # Scheduled/expected: no fill, dashed top and bottom edges, solid ends (each kind
                # of edge for all the rectangles in one call).
                p.setBrush(_pattern_brush(edge, 5, 3))
                p.drawRects([r for x, y, w in rects for r in (
                    QtCore.QRectF(x, y, w, 1.5), QtCore.QRectF(x, y + rh - 1.5, w, 1.5))])
                p.setBrush(edge)
                p.drawRects([r for x, y, w in rects for r in (
                    QtCore.QRectF(x, y, 1.5, rh), QtCore.QRectF(x + w - 1.5, y, 1.5, rh))])
            else:
                # A translucent fill and a 1-pixel outline, the outline as four thin filled
                # rectangles: what a 1-pixel pen draws around a rectangle, at a fraction of the
                # cost of stroking it (Qt strokes translucent pens as paths).
                c.setAlpha(70)
                p.setBrush(c)
                p.drawRects([QtCore.QRectF(x, y, w, rh) for x, y, w in rects])
                p.setBrush(edge)
                p.drawRects([r for x, y, w in rects for r in (
                    QtCore.QRectF(x, y, w + 1, 1), QtCore.QRectF(x, y + rh, w + 1, 1),
                    QtCore.QRectF(x, y + 1, 1, rh - 1), QtCore.QRectF(x + w, y + 1, 1, rh - 1))])
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for j in np.nonzero(d.disputed[sel])[0][:2000]:
            _disputed_mark(p, float(px0[j]), float(py[j]) - h / 2)


def _round(v: np.ndarray) -> np.ndarray:
    """Pixel positions rounded half up: numpy rounds halves to even, which would put a mark on
    another pixel in a canvas shifted by an odd number of pixels."""
    return np.floor(v + 0.5)


def _stamp(p: QtGui.QPainter, frags: Any, xs: np.ndarray, ys: np.ndarray, pm: QtGui.QPixmap, src_x: Any = 0,
           src_y: Any = 0, side: Any = None) -> None:
    """Draw ``pm`` (or its squares of ``side`` at ``src_x, src_y``) centred on each ``(xs, ys)`` in
    one ``drawPixmapFragments`` call (``frags``: a reusable pyqtgraph ``PrimitiveArray``)."""
    frags.resize(len(xs))
    f = frags.ndarray()
    f[:, 0] = xs
    f[:, 1] = ys
    f[:, 2] = src_x
    f[:, 3] = src_y
    f[:, 4] = pm.width() if side is None else side
    f[:, 5] = pm.height() if side is None else side
    f[:, 6:8] = 1.0
    f[:, 8] = 0.0
    f[:, 9] = 1.0
    p.drawPixmapFragments(*frags.drawargs(), pm)


def _disputed_mark(p: QtGui.QPainter, x: float, y: float) -> None:
    """A small vermillion '!' badge: disputed by the sources (shape and colour, not colour alone)."""
    p.save()
    p.setPen(QtGui.QPen(QtGui.QColor("#D55E00"), 1.6))
    p.setBrush(QtGui.QColor("#D55E00"))
    p.drawEllipse(QtCore.QPointF(x, y), 4.5, 4.5)
    p.setPen(QtGui.QPen(QtGui.QColor("white"), 1.6))
    p.drawLine(QtCore.QPointF(x, y - 2.5), QtCore.QPointF(x, y + 0.8))
    p.drawPoint(QtCore.QPointF(x, y + 2.4))
    p.restore()


class PointMarks(_Mark):
    """Single-day events: filled circles (hollow when scheduled/expected), merged when crowded.

    Drawing is batched: markers merged per few pixels, then grouped by colour, hollowness and
    size; each group is one ``drawPixmapFragments`` call stamping a pre-rendered sprite, so the
    cost depends on the number of groups and on-screen markers, not of events. With more than
    :data:`DENSE_MARKERS` in view the kind is drawn as density strips instead (see
    :func:`_strip_image`).
    """

    name = "points"
    dense = False

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._sprites: dict[tuple[Any, ...], QtGui.QPixmap] = {}
        self._frags = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)

    def _select(self, m: Mapping) -> np.ndarray:
        d = self._view.data
        assert d is not None
        if self.name not in m.memo:
            pad = 12 / max(m.sx, 1e-9)
            m.memo[self.name] = L.overlapping(self.marker_index(d), m.x_lo - pad, m.x_hi + pad, ordered=False)
        sel: np.ndarray = m.memo[self.name]
        return sel

    def marker_index(self, d: TimelineData) -> L.IntervalIndex:
        """The range index of this kind's markers."""
        return d.at_points

    def dense_in(self, m: Mapping) -> bool:
        d = self._view.data
        if d is None or not len(d.events):
            return False
        return bool(m.decide(self.name + ".dense", len(self._select(m)) > DENSE_MARKERS))

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if m.full:
            self.drawn = 0
            self.dense = False
        if d is None or not len(d.events):
            return
        sel = self._select(m)
        dense = self.dense_in(m)
        if m.full:
            self.drawn = len(sel)
            self.dense = dense
        if not len(sel):
            return
        if dense:
            first, n_cols = _column_span(m)
            # numbered from 1: markers beyond the range (selected for their size) fall in the
            # two outer columns, which are not drawn
            c = _columns(m, m.x(d.anchor[sel]), first - 1, n_cols + 1)
            m.add_strips(p, first, _strip_image(d, m, self.name, d.row_of[sel], c, None, n_cols, 110, 255))
            return
        m.flush(p)
        sel = np.sort(sel)
        px = m.x(d.anchor[sel])
        py = m.y(d.rows.y[sel])
        # Markers closer than their radius hide each other anyway: merge them.
        reps, counts = L.aggregate_points(px, py, cell=MARKER_R)
        idx = sel[reps]
        rx, ry = px[reps], py[reps]
        # size class: 0 a single event, 1 a few merged, 2 many merged
        size = np.minimum(np.floor(np.log2(np.maximum(counts, 1)) / 2).astype(np.int64), 2)
        lane = d.lanes.index[idx]
        hollow = d.hollow[idx]
        # One call stamps every marker from an atlas of the sprites, in the order drawing them
        # style by style would (lane, hollowness, size): the same pixels, one call instead of dozens.
        group = (lane * 2 + hollow.astype(np.int64)) * 3 + size
        order = np.argsort(group, kind="stable")
        g = group[order]
        side = np.floor(2 * (MARKER_R + 2.0 * (g % 3)) + 6)
        _stamp(p, self._frags, rx[order], ry[order], self.atlas(d.colors),
               src_x=(g % 6) * self.ATLAS_CELL, src_y=(g // 6) * self.ATLAS_CELL, side=side)
        for j in np.nonzero(d.disputed[idx])[0][:500]:
            _disputed_mark(p, float(rx[j]) + MARKER_R, float(ry[j]) - MARKER_R)

    #: The atlas's cell: room for the largest sprite (a marker of radius MARKER_R + 4).
    ATLAS_CELL = int(2 * (MARKER_R + 4.0) + 6)

    def atlas(self, colors: list[QtGui.QColor]) -> QtGui.QPixmap:
        """Every sprite, a row per lane colour and a column per hollowness and size (0 to 2),
        each drawn at its cell's top left as it would be on its own."""
        outline = QtGui.QColor(self._view.fg)
        outline.setAlpha(200)
        key = (tuple(c.rgba() for c in colors), outline.rgba(), self._view.bg.rgba())
        pm = self._sprites.get(key)
        if pm is None:
            cell = self.ATLAS_CELL
            pm = QtGui.QPixmap(6 * cell, max(len(colors), 1) * cell)
            pm.fill(Qt.GlobalColor.transparent)
            pp = QtGui.QPainter(pm)
            pp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            for li, c in enumerate(colors):
                for col in range(6):
                    hollow, sc = divmod(col, 3)
                    r = MARKER_R + 2.0 * sc
                    half = int(2 * r + 6) / 2
                    pp.save()
                    pp.setClipRect(QtCore.QRectF(col * cell, li * cell, 2 * half, 2 * half))
                    self.paint_sprite(pp, QtCore.QPointF(col * cell + half, li * cell + half), r, c, bool(hollow),
                                      outline)
                    pp.restore()
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


class UnknownMarks(PointMarks):
    """Events the text does not date: a faint dotted whisker over the possible range and a
    bracket-shaped marker at the upper bound ("no later than"), distinct from dated markers."""

    name = "unknown"

    def marker_index(self, d: TimelineData) -> L.IntervalIndex:
        return d.at_unknown

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if d is not None and len(d.events):
            a = d.arrays
            sel = L.overlapping(d.unknown_spans, m.x_lo, m.x_hi, ordered=False)
            whiskers = bool(m.decide("unknown.whiskers", len(sel) <= DENSE_MARKERS))
            if whiskers and len(sel):
                m.flush(p)
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
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(dots)
                r0 = _round(r0)
                p.drawRects([QtCore.QRectF(x0_, y_, w_, 1) for x0_, w_, y_ in zip(
                    r0.tolist(), (_round(r1) - r0).tolist(), ry.tolist(), strict=True)])
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

    #: Prepared texts kept for titles drawn recently (a prepared text holds its glyph layout).
    STATIC_CACHE = 4000

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        # Each event's elided title and its width (NaN: not measured yet), measured the first
        # time the event is a candidate: measuring costs tens of microseconds a title.
        self._width = np.zeros(0, dtype=np.float64)
        self._title: list[str] = []
        self._static: dict[int, QtGui.QStaticText] = {}
        self._font_key = ""
        self.drawn_ids: list[str] = []
        self.drawn_rects: list[tuple[float, float, float, float]] = []

    def invalidate_text(self) -> None:
        self._forget_text()
        self.invalidate()

    def _forget_text(self) -> None:
        """Drop the measured and prepared titles (a new corpus, or a new font)."""
        self._width = np.zeros(0, dtype=np.float64)
        self._title = []
        self._static.clear()

    def _widths(self, d: TimelineData, cand: np.ndarray, fm: QtGui.QFontMetricsF) -> np.ndarray:
        """The candidates' title widths, measuring (and eliding) those not measured yet."""
        if len(self._width) != len(d.events):
            self._width = np.full(len(d.events), np.nan)
            self._title = [""] * len(d.events)
        widths = self._width[cand]
        for k in np.nonzero(np.isnan(widths))[0].tolist():
            i = int(cand[k])
            s = fm.elidedText(d.events[i].title, Qt.TextElideMode.ElideRight, LABEL_MAX_PX)
            self._title[i] = s
            widths[k] = self._width[i] = fm.horizontalAdvance(s)
        return widths

    def _static_text(self, i: int, s: str, font: QtGui.QFont) -> QtGui.QStaticText:
        # A prepared text draws the same glyphs as drawText() at a third of the cost: its layout
        # is kept, and a title stays on screen for many frames of a pan or zoom.
        st = self._static.get(i)
        if st is None or st.text() != s:
            if len(self._static) >= self.STATIC_CACHE:
                self._static.clear()
            st = QtGui.QStaticText(s)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QtGui.QTransform(), font)
            self._static[i] = st
        return st

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        self.drawn = 0
        self.drawn_ids = []
        self.drawn_rects = []
        if d is None or not len(d.events) or m.row_px < 11:
            return
        a = d.arrays
        # Markers are obstacles: a title must not cover another event's marker. When they cover
        # the plot (density strips), no title could be placed without hiding one.
        mk = np.concatenate([L.overlapping(d.at_points, m.x_lo, m.x_hi, ordered=False),
                             L.overlapping(d.at_unknown, m.x_lo, m.x_hi, ordered=False)])
        if len(mk) > MAX_LABEL_OBSTACLES:
            return
        sel = L.overlapping(d.all_spans, m.x_lo, m.x_hi)
        if not len(sel):
            return
        ax = m.x(d.anchor[sel])
        is_point = a.kind[sel] != L.KIND_BAND
        start_px = np.where(is_point, ax + MARKER_R + 4, np.maximum(m.x(a.x0[sel]), m.left_px) + 6)
        own_px = start_px  # where a title left of its marker ends (its own marker's start)
        if len(mk):
            # A marker just right of this one in its row (an event a day or two later, at this
            # zoom) would sit under the title's first letters and block it: the title starts after
            # that neighbour instead, as the label of the pair. Markers are sorted by row, then x.
            span = float(m.right_px - m.left_px) + 4000.0
            keys = np.sort(d.row_of[mk] * span + (m.x(d.anchor[mk]) - m.left_px + 1000.0))
            own = d.row_of[sel] * span + (ax - m.left_px + 1000.0)
            lo = np.searchsorted(keys, own, "right")
            hi = np.searchsorted(keys, own + 2 * (MARKER_R + 4), "right")
            last = keys[np.maximum(hi - 1, 0)] - own + ax  # the neighbour's x
            start_px = np.where(is_point & (hi > lo), np.maximum(start_px, last + MARKER_R + 4), start_px)
        py = m.y(d.rows.y[sel])
        # Keep one candidate per few pixels (crowded zoom levels) and at most a screenful, the
        # selected event first, then the best-sourced ones, spread over time.
        reps, _ = L.aggregate_points(start_px, py, cell=6.0)
        cand = sel[reps]
        sx, sy, ox = start_px[reps], py[reps], own_px[reps]
        sel_i = self._view.selected_index()
        is_sel = (cand == sel_i) if sel_i is not None else np.zeros(len(cand), dtype=np.bool_)
        nq = d.n_quotes[cand]
        rank = np.lexsort((sx, -nq, ~is_sel))
        if (sel_i is not None and bool(d.mask[sel_i]) and a.x1[sel_i] >= m.x_lo and a.x0[sel_i] <= m.x_hi
                and not is_sel.any()):
            cand = np.r_[sel_i, cand]
            sx = np.r_[float(np.where(a.kind[sel_i] == L.KIND_BAND, max(m.x(a.x0[sel_i]), m.left_px) + 6,
                                      m.x(d.anchor[sel_i]) + MARKER_R + 4)), sx]
            ox = np.r_[sx[0], ox]
            sy = np.r_[float(m.y(d.rows.y[sel_i])), sy]
            rank = np.r_[0, rank + 1]
        rank = rank[:MAX_LABEL_CANDIDATES]
        cand, sx, sy, ox = cand[rank], sx[rank], sy[rank], ox[rank]
        font = QtGui.QFont(self._view.font())
        if font.key() != self._font_key:
            # The titles are measured afresh below, in this paint: asking for another paint from
            # inside it would draw the whole plot again (the first frame, every time).
            self._forget_text()
            self._font_key = font.key()
        fm = QtGui.QFontMetricsF(font)
        h = fm.height()
        is_band = a.kind[cand] == L.KIND_BAND
        top = sy - h / 2
        bottom = sy + h / 2
        # Obstacles go into a 3-pixel occupancy grid: a candidate whose box (padded by 4 pixels
        # on the right) covers a cell of a marker's square is not placed.
        cell = 3.0
        gx0, gy0 = m.left_px, m.y(0.0)
        gw = int((m.right_px - gx0) / cell) + 3
        gh = int((m.y(d.rows.total) - gy0) / cell) + 3
        rr = int(MARKER_R / cell) + 1
        gx = np.clip(((m.x(d.anchor[mk]) - gx0) / cell).astype(np.int64), 0, gw - 1)
        gy = np.clip(((m.y(d.rows.y[mk]) - gy0) / cell).astype(np.int64), 0, gh - 1)
        grid = L.cover_grid(np.clip(gx - rr, 0, gw), np.clip(gx + rr + 1, 0, gw), np.clip(gy - rr, 0, gh),
                            np.clip(gy + rr + 1, 0, gh), gw + 1)
        rows = (np.clip(((top + 1 - gy0) / cell).astype(np.int64), 0, gh),
                np.clip(((bottom - 1 - gy0) / cell).astype(np.int64) + 1, 0, gh))

        def covered(which: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
            return grid.counts(np.clip(((left[which] - gx0) / cell).astype(np.int64), 0, gw),
                               np.clip(((right[which] + 4 - gx0) / cell).astype(np.int64) + 1, 0, gw),
                               rows[0][which], rows[1][which])

        # Far from the right edge a title's box starts at a place that does not depend on its
        # width and only grows to the right with it: where even the empty box covers a marker,
        # the title cannot be placed, whatever its width, and is not measured (measuring costs
        # tens of microseconds a title, and in a crowded view most candidates are covered).
        left0 = np.maximum(sx, m.left_px + 6)
        far = left0 + LABEL_MAX_PX + 8 < m.right_px - 2
        chosen = cand == (sel_i if sel_i is not None else -1)
        blocked = far & ~chosen
        blocked[blocked] = covered(blocked, left0, left0) > 0
        widths = np.zeros(len(cand))
        widths[~blocked] = self._widths(d, cand[~blocked], fm)
        # Near the right edge a title goes to the left of its marker instead of being cut off.
        overflow = (sx + widths > m.right_px - 2) & ~is_band
        left = np.where(overflow, ox - widths - 2 * (MARKER_R + 4) - 4, sx)
        left = np.maximum(left, m.left_px + 6)
        right = np.minimum(left + widths, m.right_px - 1)
        cover = np.ones(len(cand), dtype=np.int64)
        cover[~blocked] = covered(~blocked, left, right)
        # The selected event's title is always shown (first, so no other title covers it), even
        # over a neighbour's marker: the user asked for that event.
        free = np.nonzero((cover == 0) | chosen)[0]
        kept_free = L.declutter(left[free], top[free], right[free] + 4, bottom[free])
        kept = [int(free[k]) for k in kept_free]
        p.setFont(font)
        p.setPen(self._view.fg)
        halo = QtGui.QColor(self._view.bg)
        halo.setAlpha(190)
        for k in kept:
            w, s = widths[k], self._title[int(cand[k])]
            rect = QtCore.QRectF(left[k], top[k], right[k] - left[k], h)
            if rect.width() < 20:
                continue
            p.fillRect(rect.adjusted(-1, 1, 1, -1), halo)
            if rect.width() < w - 0.5:  # cut by the plot's edge: elide rather than clip mid-letter
                s = fm.elidedText(s, Qt.TextElideMode.ElideRight, rect.width())
                p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), s)
            else:
                # the box is the text's own height: its top is where drawText() would put the line
                p.drawStaticText(rect.topLeft(), self._static_text(int(cand[k]), s, font))
            self.drawn_ids.append(d.events[int(cand[k])].id)
            self.drawn_rects.append((rect.left(), rect.top(), rect.right(), rect.bottom()))
        self.drawn = len(self.drawn_ids)


class PublicationTicks(_Mark):
    """A tick at the bottom of the plot for each article's publication date.

    Every tick is the same short line, on whole pixels: it is drawn once into a small image and
    stamped (one call for all), where drawing thousands of antialiased lines costs a stroke each.
    """

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._sprite: tuple[tuple[Any, ...], QtGui.QPixmap] | None = None
        self._frags = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)

    def _tick(self, y_end: float, c: QtGui.QColor) -> QtGui.QPixmap:
        """The tick as an 8x16 image, its line at x = 4 ending at ``y_end`` (13 <= y_end < 14)."""
        key = (y_end, c.rgba())
        if self._sprite is None or self._sprite[0] != key:
            pm = QtGui.QPixmap(8, 16)
            pm.fill(Qt.GlobalColor.transparent)
            pp = QtGui.QPainter(pm)
            pp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            pp.setPen(QtGui.QPen(c, 2))
            pp.drawLine(QtCore.QPointF(4, y_end - 1), QtCore.QPointF(4, y_end - 10))
            pp.end()
            self._sprite = (key, pm)
        return self._sprite[1]

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if m.full:
            self.drawn = 0
        m.flush(p)
        if d is None or not len(d.pub_x):
            return
        x = d.pub_x + 0.5
        vis = (x >= m.x_lo) & (x <= m.x_hi)
        if m.full:
            self.drawn = int(vis.sum())
        px = np.unique(_round(m.x(x[vis])))
        if not len(px):
            return
        bottom = m.y(self._view.vb.viewRect().bottom())
        top = math.floor(bottom) - 13
        c = QtGui.QColor(self._view.fg)
        c.setAlpha(150)
        # the sprite's centre, where it is stamped, is its x = 4: the tick's own x
        _stamp(p, self._frags, px, np.full(len(px), top + 8.0), self._tick(bottom - top, c))


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
    from an image, a canvas a few screens wide; titles, lane colour strips and the selection are
    drawn live over it.

    The canvas holds the marks at one scale, pixel column ``c`` showing data x ``(c - cdx) / sx``,
    and remembers which run of columns is drawn. A frame copies the columns under the view to the
    screen; only columns not drawn yet are drawn first. So a zoom (a new scale), or new data, a
    filter, the palette or the plot's height, draws just the view; a pan then draws only the strip
    that comes into view (and :attr:`AHEAD_SCREENS` more, so that the next frames only copy), and when
    the view nears the canvas's edge the drawn columns move to the middle of the other canvas,
    whole, by :attr:`ALIGN` pixels. Strips drawn beside the first build follow its choices
    (density strips or single marks, the strips' opacity scale: see :class:`Mapping`), so they
    join without a seam.

    A copy moves by whole pixels, so marks may sit up to half a pixel off while panning, and the
    choices were made for the first view; once the view rests for :attr:`SETTLE_MS`, the view is
    drawn afresh at the exact position, in that idle moment.
    """

    #: Canvas width in screen widths.
    SPAN_SCREENS = 3.0
    SETTLE_MS = 250
    #: The canvas's columns line up with the screen's in steps of this many pixels, a multiple of
    #: the marks' own pixel grids (markers merge in 5-pixel cells, density columns are 2 pixels,
    #: dash and dot patterns repeat every 8 and 3): a mark looks the same on every canvas.
    ALIGN = 120
    #: Marks are looked up this far (pixels) beyond a strip and clipped to it, so that a marker
    #: cut by a strip's edge is completed by the strip beside it.
    MARGIN = 16
    #: A strip goes this share of a screen beyond the view's edge: the next frames of the pan
    #: only copy.
    AHEAD_SCREENS = 0.25

    def __init__(self, view: TimelineView, marks: list[_Mark]) -> None:
        super().__init__()
        self._view = view
        self.marks = marks
        self._buffers: list[QtGui.QImage] = []  # two canvases: drawn columns move from one to the other
        self._img: QtGui.QImage | None = None
        self._key: tuple[Any, ...] | None = None
        self._cdx = 0.0  # canvas column of data x is x * sx + cdx
        self._drawn = (0, 0)  # the canvas columns drawn, [first, last)
        self._plan: dict[str, Any] = {}  # the choices of the last full build (see Mapping)
        self._geometry: tuple[float, float, float, int, int, float] = (1.0, 0.0, 0.0, 0, 1, 1.0)
        self._full_at = QtCore.QRectF()  # the view the canvas was last built in full for
        self._settle = QtCore.QTimer(view)  # goes with the view: never fires on a deleted item
        self._settle.setSingleShot(True)
        self._settle.setInterval(self.SETTLE_MS)
        self._settle.timeout.connect(self._resettle)
        self.renders = 0  # full builds of the view (a zoom, new content, a jump, the view at rest)
        self.strips = 0  # strips drawn beside what was there (a pan)
        self.moves = 0  # times the drawn columns moved to the other canvas
        self.blits = 0  # paints that only copied
        self._screen = 1  # the view's width in pixels

    def invalidate(self) -> None:
        self._key = None
        self._img = None
        self.update()

    @property
    def drawn_columns(self) -> tuple[int, int]:
        """The run of canvas columns drawn, ``[first, last)``."""
        return self._drawn

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
        left = round(vr.left() * sx + dx)  # the screen column the view starts at
        # sx to 9 significant digits: a pan recomputes it from a new range of the same width
        key = (self._view.version, float(f"{sx:.9g}"), sy, dy, width_px, height_px, dpr)
        if key != self._key or self._img is None:
            self._key = key
            self._geometry = (sx, sy, dy, top_i, height_px, dpr)
            self._build_view(vr, dx, left, width_px)
        else:
            a = left - round(dx - self._cdx)
            first, last = self._drawn
            if a + width_px <= first or a >= last:
                self._build_view(vr, dx, left, width_px)  # a jump: nothing of the view is drawn
            else:
                self._extend(a, a + width_px, vr)
        if vr != self._full_at:  # copied to a place it was not built for
            self._settle.start()
        self._blit(p, left, left - round(dx - self._cdx), width_px)

    def _build_view(self, vr: QtCore.QRectF, dx: float, left: int, width_px: int) -> None:
        """Start the canvas afresh with the view in its middle, and draw the view."""
        height_px, dpr = self._geometry[4], self._geometry[5]
        self._screen = width_px
        total = math.ceil(width_px * self.SPAN_SCREENS) + 2 * self.ALIGN
        total = -(-total // self.ALIGN) * self.ALIGN
        self._img = self._canvas(total, height_px, dpr, fresh=True)
        # The view's first column goes near the canvas's middle, moved by a multiple of ALIGN.
        shift = ((total - width_px) // 2 - left) // self.ALIGN * self.ALIGN
        self._cdx = dx + shift
        a = left + shift
        self._plan = {}
        self._drawn = (a, a)
        self._draw(a, a + width_px, vr, full=True)
        self._full_at = QtCore.QRectF(vr)
        self._settle.stop()
        self.renders += 1

    def _canvas(self, width: int, height: int, dpr: float, fresh: bool) -> QtGui.QImage:
        """One of the two canvas images at this size: the one not shown (both when ``fresh``)."""
        size = QtCore.QSize(int(width * dpr), int(height * dpr))
        if fresh or len(self._buffers) != 2 or self._buffers[0].size() != size:
            if len(self._buffers) != 2 or self._buffers[0].size() != size:
                self._buffers = [QtGui.QImage(size, QtGui.QImage.Format.Format_RGB32) for _ in range(2)]
                for b in self._buffers:
                    b.setDevicePixelRatio(dpr)
            return self._buffers[0]
        return self._buffers[1] if self._img is self._buffers[0] else self._buffers[0]

    def _extend(self, a: int, b: int, vr: QtCore.QRectF) -> None:
        """Make canvas columns ``[a, b)`` drawn (moving the drawn run, and the canvas's origin
        with it, if the view nears the canvas's edge)."""
        img = self._img
        assert img is not None
        total = round(img.width() / self._geometry[5])
        if a < 0 or b > total:
            a, b = self._move(a, b, total)
        first, last = self._drawn
        ahead = max(int(self._screen * self.AHEAD_SCREENS), 16)
        if a >= first and b <= last:
            self.blits += 1
            return
        if a < first:
            self._draw(max(a - ahead, 0), first, vr, full=False)
        if b > last:
            self._draw(last, min(b + ahead, total), vr, full=False)

    def _move(self, a: int, b: int, total: int) -> tuple[int, int]:
        """Copy the drawn columns to the other canvas so that ``[a, b)`` sits in its middle."""
        img = self._img
        assert img is not None
        _, _, _, _, height_px, dpr = self._geometry
        k = ((total - (b - a)) // 2 - a) // self.ALIGN * self.ALIGN
        first, last = self._drawn
        dst = self._canvas(total, height_px, dpr, fresh=False)
        n0, n1 = max(first + k, 0), min(last + k, total)
        if n0 < n1:
            pp = QtGui.QPainter(dst)
            pp.setCompositionMode(QtGui.QPainter.CompositionMode.CompositionMode_Source)
            pp.drawImage(QtCore.QRectF(n0, 0, n1 - n0, height_px), img,
                         QtCore.QRectF((n0 - k) * dpr, 0, (n1 - n0) * dpr, height_px * dpr))
            pp.end()
        self._img = dst
        self._cdx += k
        self._drawn = (n0, n1) if n0 < n1 else (a + k, a + k)
        self.moves += 1
        return a + k, b + k

    def _draw(self, c0: int, c1: int, vr: QtCore.QRectF, full: bool) -> None:
        """Draw the marks into canvas columns ``[c0, c1)``, next to the drawn run."""
        if c1 <= c0:
            return
        img = self._img
        assert img is not None
        sx, sy, dy, top_i, height_px, _ = self._geometry
        clip = QtCore.QRect(c0, 0, c1 - c0, height_px)
        # In the canvas, data x is pixel x * sx + cdx and the view's top is row 0.
        tr = QtGui.QTransform(sx, 0.0, 0.0, sy, self._cdx, dy - top_i)
        lo = (c0 - self.MARGIN - self._cdx) / sx
        hi = (c1 + self.MARGIN - self._cdx) / sx
        m = Mapping(tr, QtCore.QRectF(lo, vr.top(), hi - lo, vr.height()), self._view, plan=self._plan,
                    full=full, grid0=0.0, clip=clip)
        pp = QtGui.QPainter(img)
        pp.setClipRect(clip)
        # Dash and dot patterns start at data x 0: they move with the bands while panning, and a
        # fresh drawing of the view puts them where the copies had them.
        pp.setBrushOrigin(QtCore.QPointF(round(self._cdx) % self.ALIGN, 0.0))
        # Density strips go first, over the bare background (where they are composited into one
        # opaque image), the single marks over them: a lone marker stays on top of a crowd.
        background, *rest = self.marks
        dense = [mark for mark in rest if mark.dense_in(m)]
        for mark in [background, *dense, *(mark for mark in rest if mark not in dense)]:
            pp.save()
            pp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            mark.build(pp, m)
            pp.restore()
        m.flush(pp)
        pp.end()
        first, last = self._drawn
        self._drawn = (min(first, c0), max(last, c1))
        if not full:
            self.strips += 1

    def _blit(self, p: QtGui.QPainter, left: int, src: int, width_px: int) -> None:
        img = self._img
        assert img is not None
        _, _, _, top_i, height_px, dpr = self._geometry
        p.save()
        p.resetTransform()
        p.drawImage(QtCore.QRectF(left, top_i, width_px, height_px), img,
                    QtCore.QRectF(src * dpr, 0, width_px * dpr, height_px * dpr))
        p.restore()

    def _resettle(self) -> None:
        """The view rests: draw it afresh where the marks really are (at the next paint, now)."""
        if self._img is None or self._view.vb.viewRect() == self._full_at:
            return
        self._key = None
        self.update()


class DensityMarks(_Mark):
    """The overview's histogram: all events in grey, the filtered ones in the accent colour."""

    _img: QtGui.QImage | None = None
    _key: tuple[Any, ...] | None = None

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
        self.columns: CorpusColumns | None = None
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
        # The hidden top axis follows the time range too: no SI prefix to work out on every frame.
        self.plot.getPlotItem().getAxis("top").enableAutoSIPrefix(False)
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
        self.vb.sigResized.connect(self._fit_rows)
        self.window_region.sigRegionChanged.connect(self._on_region)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.overview.scene().sigMouseClicked.connect(self._on_overview_click)

        state.corpusChanged.connect(self._rebuild_and_fit)
        state.laneModeChanged.connect(self._rebuild)
        state.filterChanged.connect(self._rebuild_and_fit)
        state.selectionChanged.connect(self._on_selection)
        self.apply_palette()
        self._rebuild_and_fit()

    # -- data -----------------------------------------------------------------------------------
    def _rebuild(self, *_: Any) -> None:
        self.data = TimelineData.build(self.state, self.columns)
        self.columns = self.data.columns
        d = self.data
        ticks = [((float(top) + float(n) / 2), _elide_lane(name))
                 for top, n, name in zip(d.rows.lane_top, d.rows.lane_rows, d.lanes.names, strict=True)]
        self.lane_axis.setTicks([ticks, []])
        self._fit_rows()
        span = d.x_hi - d.x_lo
        pad = max(span * 0.5, 30.0)
        self.vb.setLimits(xMin=d.x_lo - pad, xMax=d.x_hi + pad, minXRange=MIN_VIEW_DAYS, maxXRange=span + 2 * pad)
        self.ovb.setXRange(d.x_lo - span * 0.02 - 1, d.x_hi + span * 0.02 + 1, padding=0)
        self.labels.invalidate_text()
        self._refresh()

    def _fit_rows(self, *_: Any) -> None:
        """Show every row, each at most :data:`MAX_ROW_PX` high (rows to spare stay empty below)."""
        total = self.data.rows.total if self.data is not None else 1.0
        height = float(self.vb.height())
        rows = max(total, height / MAX_ROW_PX) if height > 0 else total
        self.vb.setYRange(-0.15, rows + 0.15, padding=0)

    def _rebuild_and_fit(self, *_: Any) -> None:
        """Lanes follow the corpus and the filter (empty ones go) and the view fits what is left."""
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
