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
MAX_LABEL_CANDIDATES = 400
MAX_LABEL_OBSTACLES = 2500


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

    @classmethod
    def build(cls, state: AppState) -> TimelineData:
        ev = state.events
        arrays = L.event_arrays(ev)
        lanes = L.build_lanes(ev, state.lane_mode)
        rows = L.layout_rows(arrays, lanes)
        colors = [QtGui.QColor(L.palette_color(i, n)) for i, n in enumerate(lanes.names)]
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
        return cls(ev, arrays, arrays.anchor, lanes, rows, colors, hollow, disputed, pub_x, pub_labels, lo, hi)


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
        tr = p.transform()
        vr = self._view.vb.viewRect()
        key = (self._view.version, tr.m11(), tr.m22(), tr.m31(), tr.m32(), vr.left(), vr.right())
        if key != self._key or self._pic is None:
            pic = QtGui.QPicture()
            pp = QtGui.QPainter(pic)
            pp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            self.build(pp, Mapping(tr, vr, self._view))
            pp.end()
            self._pic, self._key = pic, key
        p.save()
        p.resetTransform()
        p.drawPicture(0, 0, self._pic)
        p.restore()

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        raise NotImplementedError


class Mapping:
    """Data -> device pixel mapping for one build, plus the visible range."""

    def __init__(self, tr: QtGui.QTransform, vr: QtCore.QRectF, view: TimelineView) -> None:
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
    """Alternate lane backgrounds, separators and a colour strip naming each lane's colour."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        if d is None:
            return
        shade = QtGui.QColor(self._view.fg)
        shade.setAlpha(14)
        sep = QtGui.QColor(self._view.fg)
        sep.setAlpha(50)
        for i, top in enumerate(d.rows.lane_top):
            y0, y1 = m.y(top), m.y(top + d.rows.lane_rows[i])
            rect = QtCore.QRectF(m.left_px, y0, m.right_px - m.left_px, y1 - y0)
            if i % 2:
                p.fillRect(rect, shade)
            p.fillRect(QtCore.QRectF(m.left_px, y0 + 2, 4, y1 - y0 - 4), d.colors[i])
            p.setPen(QtGui.QPen(sep, 1))
            if i:
                p.drawLine(QtCore.QPointF(m.left_px, y0), QtCore.QPointF(m.right_px, y0))
        self.drawn = len(d.rows.lane_top)


class BandMarks(_Mark):
    """Events with a wider or uncertain interval: translucent bands over the whole interval."""

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d, mask = self._view.data, self._view.state.visible_mask
        self.drawn = 0
        if d is None or not len(d.events):
            return
        a = d.arrays
        sel = np.nonzero(mask & (a.kind == L.KIND_BAND) & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi))[0]
        if not len(sel):
            return
        px0 = np.maximum(m.x(a.x0[sel]), m.left_px - 10)
        px1 = np.minimum(m.x(a.x1[sel]), m.right_px + 10)
        px1 = np.maximum(px1, px0 + 3)
        py = m.y(d.rows.y[sel])
        h = max(min(m.row_px * 0.62, 16.0), 4.0)
        # Bands of one row, colour and style that touch on screen are merged into one rectangle,
        # so that the number of rectangles is bounded by the screen, not by the events.
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
        for k in range(n_runs):
            i = int(sel[first[k]])
            key = (int(d.lanes.index[i]), bool(d.hollow[i]))
            by_style.setdefault(key, []).append(
                QtCore.QRectF(float(r_x0[k]), float(py[first[k]]) - h / 2, float(r_x1[k] - r_x0[k]), h))
        for (li, is_hollow), rects in by_style.items():
            c = QtGui.QColor(d.colors[li])
            pen_c = QtGui.QColor(c)
            pen_c.setAlpha(230)
            pen = QtGui.QPen(pen_c, 1.4)
            if is_hollow:
                pen.setStyle(Qt.PenStyle.DashLine)
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                c.setAlpha(70)
                p.setBrush(c)
            p.setPen(pen)
            p.drawRects(rects)
        for j in np.nonzero(d.disputed[sel])[0][:2000]:
            _disputed_mark(p, float(px0[j]), float(py[j]) - h / 2, self._view.fg)
        self.drawn = len(sel)


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
    size, and each group is one ``drawPoints`` call with a round pen, so the cost depends on the
    number of groups, not of events.
    """

    kinds = (L.KIND_POINT,)

    def _select(self, m: Mapping) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        d, mask = self._view.data, self._view.state.visible_mask
        assert d is not None
        anchor = d.anchor
        pad = 12 / max(m.sx, 1e-9)
        sel = np.nonzero(mask & np.isin(d.arrays.kind, self.kinds) & (anchor >= m.x_lo - pad)
                         & (anchor <= m.x_hi + pad))[0]
        px = m.x(anchor[sel])
        py = m.y(d.rows.y[sel])
        # Markers closer than their radius hide each other anyway: merge them.
        reps, counts = L.aggregate_points(px, py, cell=MARKER_R)
        return sel, px, py, reps, counts

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d = self._view.data
        self.drawn = 0
        if d is None or not len(d.events):
            return
        sel, px, py, reps, counts = self._select(m)
        if not len(sel):
            return
        idx = sel[reps]
        rx, ry = px[reps], py[reps]
        # size class: 0 a single event, 1 a few merged, 2 many merged
        size = np.minimum(np.floor(np.log2(np.maximum(counts, 1)) / 2).astype(np.int64), 2)
        lane = d.lanes.index[idx]
        hollow = d.hollow[idx]
        outline = QtGui.QColor(self._view.fg)
        outline.setAlpha(200)
        # A crowded screen is drawn without antialiasing: thousands of overlapping discs look the
        # same either way and draw several times faster.
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, len(reps) < 2500)
        group = (lane * 2 + hollow.astype(np.int64)) * 3 + size
        for g in np.unique(group):
            members = np.nonzero(group == g)[0]
            li, rest = divmod(int(g), 6)
            is_hollow, sc = divmod(rest, 3)
            self.draw_group(p, rx[members], ry[members], MARKER_R + 2.0 * sc, d.colors[li], bool(is_hollow), outline)
        for j in np.nonzero(d.disputed[idx])[0]:
            _disputed_mark(p, float(rx[j]) + MARKER_R, float(ry[j]) - MARKER_R, self._view.fg)
        self.drawn = len(sel)

    def draw_group(self, p: QtGui.QPainter, xs: np.ndarray, ys: np.ndarray, r: float, c: QtGui.QColor,
                   hollow: bool, outline: QtGui.QColor) -> None:
        poly = _polygon(xs, ys)
        if hollow:
            p.setPen(_round_pen(c, 2 * r + 1))
            p.drawPoints(poly)
            p.setPen(_round_pen(self._view.bg, 2 * r - 3.4))
            p.drawPoints(poly)
        else:
            p.setPen(_round_pen(outline, 2 * r + 1.5))
            p.drawPoints(poly)
            p.setPen(_round_pen(c, 2 * r - 0.5))
            p.drawPoints(poly)


class UnknownMarks(PointMarks):
    """Events the text does not date: a faint dotted whisker over the possible range and a
    bracket-shaped marker at the upper bound ("no later than"), distinct from dated markers."""

    kinds = (L.KIND_UNKNOWN,)

    def build(self, p: QtGui.QPainter, m: Mapping) -> None:
        d, mask = self._view.data, self._view.state.visible_mask
        if d is not None and len(d.events):
            a = d.arrays
            sel = np.nonzero(mask & (a.kind == L.KIND_UNKNOWN) & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi))[0]
            if len(sel):
                c = QtGui.QColor(self._view.fg)
                c.setAlpha(60)
                p.setPen(QtGui.QPen(c, 1, Qt.PenStyle.DotLine))
                px0 = np.maximum(m.x(a.x0[sel]), m.left_px)
                px1 = m.x(a.x1[sel] - 0.5)
                py = np.round(m.y(d.rows.y[sel]))
                key = np.round(px0 / 3) * 1e7 + np.round(px1 / 3) * 10 + py
                _, first = np.unique(key, return_index=True)
                for j in first[:3000]:
                    p.drawLine(QtCore.QPointF(px0[j], py[j]), QtCore.QPointF(px1[j], py[j]))
        super().build(p, m)

    def draw_group(self, p: QtGui.QPainter, xs: np.ndarray, ys: np.ndarray, r: float, c: QtGui.QColor,
                   hollow: bool, outline: QtGui.QColor) -> None:
        # Left-pointing wedges: "happened at the latest here".
        wedge = QtGui.QPolygonF([QtCore.QPointF(r * 0.6, -r * 1.1), QtCore.QPointF(-r * 0.9, 0.0),
                                 QtCore.QPointF(r * 0.6, r * 1.1)])
        path = QtGui.QPainterPath()
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            path.addPolygon(wedge.translated(x, y))
            path.closeSubpath()
        p.setPen(QtGui.QPen(c, 2.0))
        p.setBrush(self._view.bg if hollow else QtGui.QColor(c.red(), c.green(), c.blue(), 110))
        p.drawPath(path)


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
        self.drawn_rects: list[tuple[float, float, float, float]] = []
        if d is None or not len(d.events) or m.row_px < 11:
            return
        a = d.arrays
        sel = np.nonzero(mask & (a.x1 >= m.x_lo) & (a.x0 <= m.x_hi))[0]
        if not len(sel):
            return
        start_px = np.where(a.kind[sel] == L.KIND_BAND, np.maximum(m.x(a.x0[sel]), m.left_px) + 6,
                            m.x(d.anchor[sel]) + MARKER_R + 4)
        py = m.y(d.rows.y[sel])
        # Keep one candidate per few pixels (crowded zoom levels) and at most a screenful.
        reps, _ = L.aggregate_points(start_px, py, cell=6.0)
        cand = sel[reps]
        sx, sy = start_px[reps], py[reps]
        if len(cand) > MAX_LABEL_CANDIDATES:
            # So crowded that few titles can fit: offer the best-sourced ones, spread over time.
            nq = np.fromiter((len(d.events[int(i)].quotes) for i in cand), dtype=np.int64, count=len(cand))
            keep = np.lexsort((sx, -nq))[:MAX_LABEL_CANDIDATES]
            cand, sx, sy = cand[keep], sx[keep], sy[keep]
        font = QtGui.QFont(self._view.font())
        fm = QtGui.QFontMetricsF(font)
        h = fm.height()
        texts = [self._text(int(i), fm, d.events[int(i)].title) for i in cand]
        widths = np.array([t[0] for t in texts], dtype=np.float64)
        # Near the right edge a title goes to the left of its marker instead of being cut off.
        is_band = a.kind[cand] == L.KIND_BAND
        overflow = (sx + widths > m.right_px - 2) & ~is_band
        left = np.where(overflow, sx - widths - 2 * (MARKER_R + 4) - 4, sx)
        left = np.maximum(left, m.left_px + 6)
        right = np.minimum(left + widths, m.right_px - 1)
        top = sy - h / 2
        bottom = sy + h / 2
        # The selected event's title wins, then the best-sourced events, then left to right.
        sel_id = self._view.state.selection
        score = np.array([(0 if d.events[int(i)].id == sel_id else 1, -len(d.events[int(i)].quotes)) for i in cand]
                         ).reshape(-1, 2) if len(cand) else np.zeros((0, 2))
        order = np.lexsort((left, score[:, 1], score[:, 0])) if len(cand) else np.zeros(0, dtype=np.int64)
        # Markers are obstacles too: a title must not cover another event's marker. They go first
        # in the priority order, so every title that overlaps one is dropped.
        mk = np.nonzero(mask & (a.kind != L.KIND_BAND) & (d.anchor >= m.x_lo) & (d.anchor <= m.x_hi))[0]
        mx, my = m.x(d.anchor[mk]), m.y(d.rows.y[mk])
        reps_m, _ = L.aggregate_points(mx, my, cell=MARKER_R)
        if len(reps_m) > MAX_LABEL_OBSTACLES:
            return  # markers cover the plot: no title could be placed without hiding one
        mx, my = mx[reps_m], my[reps_m]
        n_obs = len(mx)
        r = MARKER_R + 1
        kept_all = L.declutter(
            np.concatenate([mx - r, left]), np.concatenate([my - r, top]),
            np.concatenate([mx + r, right + 4]), np.concatenate([my + r, bottom]),
            priority=np.concatenate([np.arange(n_obs), order + n_obs]).astype(np.int64),
        )
        kept = [k - n_obs for k in kept_all if k >= n_obs]
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


class DensityMarks(_Mark):
    """The overview's histogram: all events in grey, the filtered ones in the accent colour."""

    def boundingRect(self) -> QtCore.QRectF:
        return self._view.overview_rect()

    def paint(self, p: QtGui.QPainter, *args: Any) -> None:
        tr = p.transform()
        vr = self._view.ovb.viewRect()
        key = (self._view.version, tr.m11(), tr.m22(), tr.m31(), tr.m32())
        if key != self._key or self._pic is None:
            pic = QtGui.QPicture()
            pp = QtGui.QPainter(pic)
            self.build(pp, Mapping(tr, vr, self._view))
            pp.end()
            self._pic, self._key = pic, key
        p.save()
        p.resetTransform()
        p.drawPicture(0, 0, self._pic)
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
        self.bands = BandMarks(self)
        self.unknown = UnknownMarks(self)
        self.points = PointMarks(self)
        self.labels = TitleLabels(self)
        self.pubticks = PublicationTicks(self)
        self.selmark = SelectionMark(self)
        self.marks: list[_Mark] = [self.shading, self.bands, self.unknown, self.points, self.labels,
                                   self.pubticks, self.selmark]
        for z, item in enumerate(self.marks):
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
        state.filterChanged.connect(self._refresh)
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

    def _rebuild_and_fit(self) -> None:
        self._rebuild()
        self.fit_all()

    def _refresh(self, *_: Any) -> None:
        self.version += 1
        for item in [*self.marks, self.density]:
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
        if len(d.events) and m.any():
            lo = float(min(d.arrays.x0[m].min(), d.x_lo if not len(d.pub_x) else d.pub_x.min()))
            hi = float(max(d.arrays.x1[m].max(), d.pub_x.max() + 1 if len(d.pub_x) else d.x_hi))
        else:
            lo, hi = d.x_lo, d.x_hi
        span = max(hi - lo, 14.0)
        c = (lo + hi) / 2
        self.set_range(c - span * 0.53, c + span * 0.53)

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
