"""Pure layout arithmetic for timelines, shared by the window and the print renderer.

Nothing here knows about Qt: every function takes numbers, dates or events and returns numbers,
strings or small records, so the same layout is drawn on screen and in exported images and is
tested without a display.

Coordinates
    The time axis uses *day numbers*: ``x = days since 1970-01-01`` as a float (see
    :func:`date_to_x`). A day ``d`` covers ``[date_to_x(d), date_to_x(d) + 1)``, so an interval
    ``start..end`` (both inclusive, as in :class:`~timeline_gui.core.model.Interval`) covers
    ``[date_to_x(start), date_to_x(end) + 1)`` (see :func:`interval_x`).

Contents
    * date <-> x mapping: :func:`date_to_x`, :func:`x_to_date`, :func:`interval_x`, :func:`event_arrays`
    * adaptive date ticks, decades down to days: :func:`date_ticks`
    * lanes (by country, type or article) and sub-row stacking: :func:`lane_key`, :func:`build_lanes`,
      :func:`stack_rows`, :func:`layout_rows`
    * label decluttering: :func:`declutter`, :func:`cover_grid`, :func:`cover_counts`
    * density binning and pixel aggregation: :func:`density`, :func:`aggregate_points`
    * range queries over many intervals: :class:`IntervalIndex`, :func:`interval_index`, :func:`overlapping`
    * words for intervals ("late 2020 · Sep–Dec 2020"): :func:`interval_words`, :func:`date_in_words`
    * a colour-blind-safe palette (Okabe–Ito): :data:`OKABE_ITO`, :func:`palette_color`
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from timeline_gui.core.model import Event, Interval

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

LaneMode = Literal["country", "type", "article"]
LANE_MODES: tuple[LaneMode, ...] = ("country", "type", "article")

#: Lane name for events whose key is unknown, and for the tail beyond ``max_lanes``.
OTHER_LANE = "Other"

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAME = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# Date <-> x
# --------------------------------------------------------------------------------------------


def date_to_x(d: dt.date) -> float:
    """The day number of ``d`` (days since 1970-01-01), the left edge of that day."""
    return float(d.toordinal() - _EPOCH_ORDINAL)


def x_to_date(x: float) -> dt.date:
    """The day that contains day number ``x``, clamped to the dates Python can represent."""
    o = int(np.floor(x)) + _EPOCH_ORDINAL
    o = min(max(o, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(o)


def interval_x(iv: Interval) -> tuple[float, float]:
    """``(x0, x1)`` covering the whole interval: x1 is the end of its last day (exclusive)."""
    return date_to_x(iv.start), date_to_x(iv.end) + 1.0


@dataclass(frozen=True)
class EventArrays:
    """Column arrays of the events' time extents, aligned with the input sequence.

    ``x0``/``x1`` are the interval edges (see :func:`interval_x`); ``kind`` is 0 for a point
    (a single day), 1 for a band (a wider or uncertain interval) and 2 for an unknown date, which
    is drawn at its upper bound ``x1 - 0.5``.
    """

    x0: FloatArray
    x1: FloatArray
    kind: IntArray

    @property
    def anchor(self) -> FloatArray:
        """Where each event's marker sits: the day's middle, the band's middle, or the unknown
        event's upper bound."""
        mid = (self.x0 + self.x1) / 2.0
        return np.where(self.kind == 2, self.x1 - 0.5, mid)


KIND_POINT, KIND_BAND, KIND_UNKNOWN = 0, 1, 2


def event_kind(iv: Interval) -> int:
    """0 point, 1 band, 2 unknown: how an interval is drawn."""
    if iv.granularity == "unknown":
        return KIND_UNKNOWN
    if iv.start == iv.end:
        return KIND_POINT
    return KIND_BAND


def event_arrays(events: Sequence[Event], start: IntArray | None = None, end: IntArray | None = None) -> EventArrays:
    """The time extents of ``events`` as numpy arrays (for hit-testing and drawing).

    ``start``/``end``, when given, are the intervals' first and last days as ordinals
    (``date.toordinal()``), which a caller may already hold.
    """
    ivs = [e.interval for e in events]
    if start is None:
        start = np.array([iv.start.toordinal() for iv in ivs], dtype=np.int64)
    if end is None:
        end = np.array([iv.end.toordinal() for iv in ivs], dtype=np.int64)
    unknown = np.array([iv.granularity == "unknown" for iv in ivs], dtype=np.bool_)
    x0 = (start - _EPOCH_ORDINAL).astype(np.float64)
    x1 = (end - _EPOCH_ORDINAL + 1).astype(np.float64)
    kind = np.where(unknown, KIND_UNKNOWN, np.where(start == end, KIND_POINT, KIND_BAND)).astype(np.int64)
    return EventArrays(x0, x1, kind)


# --------------------------------------------------------------------------------------------
# Ticks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """One tick on the date axis: its x, its label ('' for an unlabelled minor tick)."""

    x: float
    label: str
    major: bool


#: Tick steps from fine to coarse: (unit, count, approximate days).
_STEPS: tuple[tuple[str, int, float], ...] = (
    ("day", 1, 1.0),
    ("day", 2, 2.0),
    ("week", 1, 7.0),
    ("month", 1, 30.44),
    ("month", 3, 91.3),
    ("month", 6, 182.6),
    ("year", 1, 365.25),
    ("year", 2, 730.5),
    ("year", 5, 1826.0),
    ("year", 10, 3652.5),
    ("year", 20, 7305.0),
    ("year", 50, 18262.0),
    ("year", 100, 36525.0),
    ("year", 500, 182625.0),
    ("year", 1000, 365250.0),
)

#: Minimum pixel distance between labelled ticks for each unit (labels differ in width).
_MIN_PX = {"day": 56.0, "week": 56.0, "month": 64.0, "year": 48.0}


def tick_step(x0: float, x1: float, width_px: float) -> tuple[str, int]:
    """The finest step whose labelled ticks stay readable in ``width_px`` for the range x0..x1."""
    span = max(x1 - x0, 1e-9)
    px_per_day = max(width_px, 1.0) / span
    for unit, count, days in _STEPS:
        if days * px_per_day >= _MIN_PX[unit]:
            return unit, count
    return _STEPS[-1][0], _STEPS[-1][1]


def _tick_dates(unit: str, count: int, lo: dt.date, hi: dt.date, limit: int = 2000) -> list[dt.date]:
    out: list[dt.date] = []
    if unit == "day":
        d = lo
        # Align multi-day steps to the day number so that ticks do not jump while panning.
        while (d.toordinal() - _EPOCH_ORDINAL) % count:
            d += dt.timedelta(days=1)
        while d <= hi and len(out) < limit:
            out.append(d)
            d += dt.timedelta(days=count)
    elif unit == "week":
        d = lo + dt.timedelta(days=(7 - lo.weekday()) % 7)  # Mondays
        while d <= hi and len(out) < limit:
            out.append(d)
            d += dt.timedelta(days=7 * count)
    elif unit == "month":
        y, m = lo.year, lo.month
        m0 = (m - 1) // count * count + 1
        if dt.date(y, m0, 1) < lo:
            m0 += count
        y, m = y + (m0 - 1) // 12, (m0 - 1) % 12 + 1
        while len(out) < limit:
            if y > dt.MAXYEAR:
                break
            d = dt.date(y, m, 1)
            if d > hi:
                break
            out.append(d)
            m += count
            y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    else:
        y = (lo.year + count - 1) // count * count
        if dt.date(max(y, 1), 1, 1) < lo:
            y += count
        while y <= min(hi.year, dt.MAXYEAR) and len(out) < limit:
            if y >= 1:
                out.append(dt.date(y, 1, 1))
            y += count
    return out


def _label(d: dt.date, unit: str, count: int, first: bool) -> str:
    if unit == "year":
        return f"{d.year}s" if count >= 10 and d.year % 10 == 0 else str(d.year)
    if unit == "month":
        if d.month == 1 or first:
            return f"{_MONTH_ABBR[d.month - 1]} {d.year}"
        return _MONTH_ABBR[d.month - 1]
    # days and weeks: the year is shown on the first tick and where the year changes
    if first or (d.month == 1 and d.day <= count * 7):
        return f"{d.day} {_MONTH_ABBR[d.month - 1]} {d.year}"
    return f"{d.day} {_MONTH_ABBR[d.month - 1]}"


_MINOR_OF: dict[tuple[str, int], tuple[str, int]] = {
    ("day", 2): ("day", 1),
    ("week", 1): ("day", 1),
    ("month", 1): ("week", 1),
    ("month", 3): ("month", 1),
    ("month", 6): ("month", 1),
    ("year", 1): ("month", 3),
    ("year", 2): ("year", 1),
    ("year", 5): ("year", 1),
    ("year", 10): ("year", 1),
    ("year", 20): ("year", 5),
    ("year", 50): ("year", 10),
    ("year", 100): ("year", 10),
    ("year", 500): ("year", 100),
    ("year", 1000): ("year", 100),
}


def date_ticks(x0: float, x1: float, width_px: float) -> list[Tick]:
    """Labelled (major) and unlabelled (minor) ticks for the visible range ``x0..x1``.

    The step adapts to the zoom: decades when decades fill the view, then years, months, weeks
    and days, always the finest whose labels do not collide at ``width_px`` pixels.
    """
    if not (np.isfinite(x0) and np.isfinite(x1)) or x1 <= x0:
        return []
    lo, hi = x_to_date(x0), x_to_date(x1)
    unit, count = tick_step(x0, x1, width_px)
    majors = _tick_dates(unit, count, lo, hi)
    ticks = [Tick(date_to_x(d), _label(d, unit, count, i == 0), True) for i, d in enumerate(majors)]
    minor = _MINOR_OF.get((unit, count))
    if minor is not None:
        mx = {t.x for t in ticks}
        for d in _tick_dates(minor[0], minor[1], lo, hi):
            x = date_to_x(d)
            if x not in mx:
                ticks.append(Tick(x, "", False))
    ticks.sort(key=lambda t: t.x)
    return ticks


# --------------------------------------------------------------------------------------------
# Lanes and rows
# --------------------------------------------------------------------------------------------

#: Roles that make a country the main one of an event (the one whose lane it goes into).
_LEAD_ROLES = frozenset({"host", "initiator", "speaker"})


def lane_key(event: Event, mode: LaneMode) -> str:
    """The lane an event belongs to.

    ``country``: the leading country (the first host/initiator/speaker that is a country or has
    an affiliation, then the first country named, then the first affiliation given);
    ``type``: the event type; ``article``: the file of its first source quote.
    """
    return _LANE_KEYS[mode](event)


def _type_key(event: Event) -> str:
    return event.type or OTHER_LANE


def _article_key(event: Event) -> str:
    return event.quotes[0].file if event.quotes else OTHER_LANE


def _country_key(event: Event) -> str:
    # One pass over the participants (usually): the first country is noted on the way.
    first_country: str | None = None
    for p in event.participants:
        if p.role in _LEAD_ROLES:
            if p.kind == "country":
                return p.name
            if p.affiliation:
                return p.affiliation
        if first_country is None and p.kind == "country":
            first_country = p.name
    if first_country is not None:
        return first_country
    for p in event.participants:
        if p.affiliation:
            return p.affiliation
    return OTHER_LANE


_LANE_KEYS = {"type": _type_key, "article": _article_key, "country": _country_key}


@dataclass(frozen=True)
class Lanes:
    """Lane names in display order and, for each event, the index of its lane."""

    names: tuple[str, ...]
    index: IntArray


def build_lanes(events: Sequence[Event], mode: LaneMode, max_lanes: int = 10) -> Lanes:
    """Group events into at most ``max_lanes`` lanes, the most frequent keys first.

    In ``article`` mode lanes follow file order (a reading order); otherwise the busiest lanes
    come first. Keys beyond ``max_lanes - 1`` share the :data:`OTHER_LANE` lane, always last.
    """
    key = _LANE_KEYS[mode]
    keys = [key(e) for e in events]
    counts = Counter(keys)
    has_other = counts.pop(OTHER_LANE, 0) > 0
    if mode == "article":
        ordered = sorted(counts)
    else:
        ordered = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    overflow = len(ordered) > max_lanes or (has_other and len(ordered) >= max_lanes)
    if overflow:
        ordered = ordered[: max(max_lanes - 1, 0)]
    names = list(ordered)
    if overflow or has_other:
        names.append(OTHER_LANE)
    pos = {k: i for i, k in enumerate(names)}
    other = pos.get(OTHER_LANE, 0)
    index = np.array([pos.get(k, other) for k in keys], dtype=np.int64)
    return Lanes(tuple(names), index)


def stack_rows(x0: FloatArray, x1: FloatArray, max_rows: int = 6, gap: float = 0.0) -> IntArray:
    """Sub-rows so that items overlapping in time do not sit on top of each other.

    Greedy interval colouring in start order: each item takes the lowest row that is free at its
    start (free = the previous item there ended at least ``gap`` earlier). With more than
    ``max_rows`` simultaneous items, the extra ones share the row that frees up first, so the lane
    height stays bounded however dense the data. O(n log n).
    """
    n = len(x0)
    rows = np.zeros(n, dtype=np.int64)
    if n == 0:
        return rows
    order = np.lexsort((-(x1 - x0), x0))  # by start, longer first so bands sit underneath
    free: list[int] = list(range(max_rows))  # heap of free row numbers
    busy: list[tuple[float, int]] = []  # heap of (end, row)
    # Plain lists and floats in the loop: indexing numpy arrays per item costs several times more.
    starts, ends = x0[order].tolist(), x1[order].tolist()
    out: list[int] = []
    push, pop = heapq.heappush, heapq.heappop
    for s, e in zip(starts, ends, strict=True):
        while busy and busy[0][0] + gap <= s:
            push(free, pop(busy)[1])
        r = pop(free) if free else pop(busy)[1]
        out.append(r)
        push(busy, (e, r))
    rows[order] = out
    return rows


@dataclass(frozen=True)
class RowLayout:
    """Vertical layout of lanes: each event's row centre ``y`` (in row units, 0 at the top) and,
    per lane, its top and its number of rows."""

    y: FloatArray
    lane_top: FloatArray
    lane_rows: IntArray

    @property
    def total(self) -> float:
        """The height of all lanes, in row units."""
        if len(self.lane_top) == 0:
            return 1.0
        return float(self.lane_top[-1] + self.lane_rows[-1])


def layout_rows(arrays: EventArrays, lanes: Lanes, max_rows: int = 6, visible: BoolArray | None = None) -> RowLayout:
    """Stack each lane's events into rows and stack the lanes; a lane is at least one row high.

    Points and unknown-date markers take one day (so that two events on the same day stack);
    bands take their whole interval. With ``visible`` (a filter's mask), only the visible events
    are stacked and the lanes are as high as they need: a lane whose crowd a filter hid would
    otherwise keep rows with nothing in them. Hidden events are given the first row of their lane.
    """
    n_lanes = len(lanes.names)
    y = np.zeros(len(lanes.index), dtype=np.float64)
    lane_rows = np.ones(n_lanes, dtype=np.int64)
    x0 = np.where(arrays.kind == KIND_UNKNOWN, arrays.x1 - 1.0, arrays.x0)
    rows = np.zeros(len(lanes.index), dtype=np.int64)
    shown = visible if visible is not None and len(visible) == len(lanes.index) else None
    for li in range(n_lanes):
        in_lane = lanes.index == li
        sel = np.nonzero(in_lane if shown is None else in_lane & shown)[0]
        if len(sel) == 0:
            continue
        r = stack_rows(x0[sel], arrays.x1[sel], max_rows=max_rows)
        rows[sel] = r
        lane_rows[li] = int(r.max()) + 1
    lane_top = np.zeros(n_lanes, dtype=np.float64)
    if n_lanes:
        lane_top[1:] = np.cumsum(lane_rows)[:-1]
    if len(y):
        y = lane_top[lanes.index] + rows + 0.5
    return RowLayout(y, lane_top, lane_rows)


# --------------------------------------------------------------------------------------------
# Decluttering, density, aggregation
# --------------------------------------------------------------------------------------------


def declutter(
    left: FloatArray,
    top: FloatArray,
    right: FloatArray,
    bottom: FloatArray,
    priority: Sequence[int] | IntArray | None = None,
    cell: float = 96.0,
) -> list[int]:
    """Indices of the boxes to draw so that no two drawn boxes overlap.

    Boxes are taken greedily in ``priority`` order (default: input order), each kept if it does
    not overlap one already kept. A grid of ``cell``-pixel buckets keeps this near-linear for
    thousands of candidates. Touching edges do not count as overlap.
    """
    n = len(left)
    order: Iterable[int] = range(n) if priority is None else (int(i) for i in priority)
    # Plain Python floats: this loop runs on every frame, and indexing a numpy array per
    # comparison costs several times a list's.
    lx, ty = np.asarray(left, dtype=np.float64).tolist(), np.asarray(top, dtype=np.float64).tolist()
    rx, by = np.asarray(right, dtype=np.float64).tolist(), np.asarray(bottom, dtype=np.float64).tolist()
    grid: dict[tuple[int, int], list[int]] = {}
    kept: list[int] = []
    for i in order:
        x0, y0, x1, y1 = lx[i], ty[i], rx[i], by[i]
        cx0, cx1 = int(x0 // cell), int(x1 // cell)
        cy0, cy1 = int(y0 // cell), int(y1 // cell)
        cells = [(cx, cy) for cx in range(cx0, cx1 + 1) for cy in range(cy0, cy1 + 1)]
        clash = False
        for c in cells:
            for j in grid.get(c, ()):
                if x0 < rx[j] and lx[j] < x1 and y0 < by[j] and ty[j] < y1:
                    clash = True
                    break
            if clash:
                break
        if clash:
            continue
        kept.append(i)
        for c in cells:
            grid.setdefault(c, []).append(i)
    return kept


@dataclass(frozen=True)
class CoverGrid:
    """Obstacles on a grid, prepared for :meth:`counts` (see :func:`cover_grid`).

    Obstacles are grouped by their rows (markers on a timeline share a few); per group,
    ``before[g, x]`` is how many of the group's cells lie left of column ``x``.
    """

    before: IntArray  # (groups, width + 1)
    top: IntArray  # (groups, 1): each group's first row
    bottom: IntArray  # (groups, 1): each group's row past its last

    def counts(self, bx0: IntArray, bx1: IntArray, by0: IntArray, by1: IntArray) -> IntArray:
        """For each box ``[bx0, bx1) x [by0, by1)`` (columns within the grid's width), how many
        obstacle cells it overlaps, summed over the obstacles: 0 where it is clear of them all.

        This is what summing a grid of obstacle coverage over each box with a summed-area table
        gives, inclusion-exclusion included (a box given upside down counts negatively, as there),
        without building the grid.
        """
        if len(bx0) == 0 or len(self.before) == 0:
            return np.zeros(len(bx0), dtype=np.int64)
        along = self.before[:, bx1] - self.before[:, bx0]  # (groups, boxes): cells overlapped along x

        def rows_above(y: IntArray) -> IntArray:  # each group's rows before row y
            out: IntArray = np.clip(np.minimum(self.bottom, y[None, :]) - self.top, 0, None)
            return out

        across = rows_above(by1) - rows_above(by0)
        return np.asarray((along * across).sum(axis=0), dtype=np.int64)


def cover_grid(ox0: IntArray, ox1: IntArray, oy0: IntArray, oy1: IntArray, width: int) -> CoverGrid:
    """Obstacles given as half-open cell ranges ``[x0, x1) x [y0, y1)`` on a grid ``width`` columns
    wide, coordinates from 0, prepared for any number of box queries (:meth:`CoverGrid.counts`)."""
    if len(ox0) == 0:
        empty = np.zeros((0, 1), dtype=np.int64)
        return CoverGrid(np.zeros((0, width + 1), dtype=np.int64), empty, empty)
    span = int(np.max(oy1)) + 1
    keys, group = np.unique(np.asarray(oy0, dtype=np.int64) * span + oy1, return_inverse=True)
    group = group.ravel()
    n = len(keys)
    # Per group, obstacles covering each column (a difference array and a running sum), then a
    # second running sum.
    diff = (np.bincount(group * width + ox0, minlength=n * width)
            - np.bincount(group * width + ox1, minlength=n * width)).reshape(n, width)
    before = np.zeros((n, width + 1), dtype=np.int64)
    before[:, 1:] = np.cumsum(np.cumsum(diff, axis=1), axis=1)
    return CoverGrid(before, (keys // span)[:, None], (keys % span)[:, None])


def cover_counts(
    ox0: IntArray, ox1: IntArray, oy0: IntArray, oy1: IntArray,
    bx0: IntArray, bx1: IntArray, by0: IntArray, by1: IntArray,
) -> IntArray:
    """:meth:`CoverGrid.counts` of the boxes over these obstacles, in one call."""
    if len(ox0) == 0 or len(bx0) == 0:
        return np.zeros(len(bx0), dtype=np.int64)
    width = int(max(int(np.max(ox1)), int(np.max(bx1)), int(np.max(bx0)), 0)) + 1
    return cover_grid(ox0, ox1, oy0, oy1, width).counts(bx0, bx1, by0, by1)


def density(x: FloatArray, lo: float, hi: float, bins: int) -> tuple[FloatArray, IntArray]:
    """Event counts in ``bins`` equal bins over ``lo..hi``: ``(edges, counts)``."""
    bins = max(int(bins), 1)
    if hi <= lo:
        hi = lo + 1.0
    counts, edges = np.histogram(x, bins=bins, range=(lo, hi))
    return edges.astype(np.float64), counts.astype(np.int64)


def bulk_span(x: FloatArray, share: float = 0.9, min_gain: float = 0.5) -> tuple[float, float]:
    """The shortest span ``(lo, hi)`` holding ``share`` of the values in ``x``.

    This is the timeline's opening view: one article mentioning 2009 next to events of 2022-2024
    would otherwise squeeze the bulk into a sliver. The shortest window holding 90% of the events
    shows them readably, while the few outside stay visible in the overview strip and "Fit all"
    shows everything. When that window is not much shorter than the whole range (less than
    ``min_gain`` shorter, as a share of the range) the whole range is returned: a spread-out
    corpus opens on everything.
    """
    xs = np.sort(np.asarray(x, dtype=np.float64))
    n = len(xs)
    if n == 0:
        return 0.0, 0.0
    lo, hi = float(xs[0]), float(xs[-1])
    k = max(int(np.ceil(share * n)), 1)
    if k >= n or hi <= lo:
        return lo, hi
    widths = xs[k - 1:] - xs[: n - k + 1]
    i = int(np.argmin(widths))  # the earliest of the shortest windows
    b_lo, b_hi = float(xs[i]), float(xs[i + k - 1])
    if (b_hi - b_lo) > (1.0 - min_gain) * (hi - lo):
        return lo, hi
    return b_lo, b_hi


def aggregate_points(px: FloatArray, py: FloatArray, cell: float = 3.0) -> tuple[IntArray, IntArray]:
    """Merge markers closer than ``cell`` pixels on the same row into one.

    Returns ``(representatives, counts)``: for each occupied cell, the index of its first input
    point and how many points it holds. Drawing only representatives bounds the drawing cost by
    the pixel area, not the number of events (100,000 events cost what 2,000 do).
    """
    if len(px) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    kx = np.floor(px / cell).astype(np.int64)
    ky = np.floor(py).astype(np.int64)
    key = kx * 1_000_003 + ky
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    return first.astype(np.int64), counts.astype(np.int64)


# --------------------------------------------------------------------------------------------
# Range queries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalIndex:
    """Intervals grouped by length class (up to 1, 2, 4, 8, ... long), each group sorted by start.

    Which intervals overlap a range is then a pair of binary searches per group plus a look at the
    few found, instead of a pass over all of them: a frame of the timeline asks for the couple of
    thousand events in view out of 100,000, several times per frame. Built by :func:`interval_index`,
    queried by :func:`overlapping`.
    """

    starts: tuple[FloatArray, ...]
    ends: tuple[FloatArray, ...]
    ids: tuple[IntArray, ...]
    longest: tuple[float, ...]

    def __len__(self) -> int:
        return sum(len(i) for i in self.ids)


def interval_index(x0: FloatArray, x1: FloatArray, ids: IntArray | None = None) -> IntervalIndex:
    """An :class:`IntervalIndex` of the intervals ``x0[k]..x1[k]``, answering with ``ids[k]`` (default ``k``).

    A point is an interval with ``x0 == x1``.
    """
    x0 = np.asarray(x0, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    ident = np.arange(len(x0), dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    length = np.maximum(x1 - x0, 0.0)
    # Class k holds lengths in (2**(k-1), 2**k]: within a class no interval is more than twice as
    # long as the shortest, so the search window (start >= lo - longest) holds few that end early.
    cls = np.ceil(np.log2(np.maximum(length, 1.0))).astype(np.int64)
    starts: list[FloatArray] = []
    ends: list[FloatArray] = []
    out_ids: list[IntArray] = []
    longest: list[float] = []
    for c in np.unique(cls).tolist():
        sel = np.nonzero(cls == c)[0]
        order = sel[np.argsort(x0[sel], kind="stable")]
        starts.append(x0[order])
        ends.append(x1[order])
        out_ids.append(ident[order])
        longest.append(float(length[order].max()))
    return IntervalIndex(tuple(starts), tuple(ends), tuple(out_ids), tuple(longest))


def overlapping(index: IntervalIndex, lo: float, hi: float, ordered: bool = True) -> IntArray:
    """The ids of the intervals that overlap ``lo..hi`` (``x1 >= lo`` and ``x0 <= hi``, edges included).

    ``ordered`` sorts them ascending, as a boolean mask over the input would list them; without it
    they come group by group (cheaper when only counts or bins are wanted).
    """
    parts: list[IntArray] = []
    for s, e, ident, longest in zip(index.starts, index.ends, index.ids, index.longest, strict=True):
        a = int(np.searchsorted(s, lo - longest, side="left"))
        b = int(np.searchsorted(s, hi, side="right"))
        if a >= b:
            continue
        ends = e[a:b]
        if float(ends.min()) >= lo:
            parts.append(ident[a:b])
        else:
            parts.append(ident[a:b][ends >= lo])
    if not parts:
        return np.zeros(0, dtype=np.int64)
    found = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return np.sort(found) if ordered else found


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def _day_words(d: dt.date) -> str:
    return f"{d.day} {_MONTH_NAME[d.month - 1]} {d.year}"


def interval_words(iv: Interval) -> str:
    """The interval's extent, compact: "18 Oct 2024", "14–18 Oct 2024", "Sep–Dec 2020", "2020"."""
    s, e = iv.start, iv.end
    if s == e:
        return f"{s.day} {_MONTH_ABBR[s.month - 1]} {s.year}"
    whole_months = s.day == 1 and (e + dt.timedelta(days=1)).day == 1
    if whole_months:
        if s.year == e.year:
            if s.month == 1 and e.month == 12:
                return str(s.year)
            if s.month == e.month:
                return f"{_MONTH_ABBR[s.month - 1]} {s.year}"
            return f"{_MONTH_ABBR[s.month - 1]}–{_MONTH_ABBR[e.month - 1]} {s.year}"
        if s.month == 1 and e.month == 12:
            return f"{s.year}–{e.year}"
        return f"{_MONTH_ABBR[s.month - 1]} {s.year} – {_MONTH_ABBR[e.month - 1]} {e.year}"
    if s.year == e.year and s.month == e.month:
        return f"{s.day}–{e.day} {_MONTH_ABBR[s.month - 1]} {s.year}"
    if s.year == e.year:
        return f"{s.day} {_MONTH_ABBR[s.month - 1]} – {e.day} {_MONTH_ABBR[e.month - 1]} {s.year}"
    return f"{s.day} {_MONTH_ABBR[s.month - 1]} {s.year} – {e.day} {_MONTH_ABBR[e.month - 1]} {e.year}"


def date_in_words(iv: Interval, date_text: str = "") -> str:
    """How a reader should see an event's date: the text's own words, then the interval.

    "late 2020 · Sep–Dec 2020"; "18 October 2024"; "date not given · before 16 Mar 2022 (…)".
    """
    if iv.granularity == "unknown":
        lead = date_text.strip() or "date not given"
        return f"{lead} · no later than {_day_words(iv.end)} (bounds {interval_words(iv)})"
    extent = _day_words(iv.start) if iv.start == iv.end else interval_words(iv)
    phrase = date_text.strip()
    if not phrase or phrase.lower() == extent.lower():
        return extent
    return f"{phrase} · {extent}"


# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------

#: Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), without black so
#: it reads on dark backgrounds too; grey is reserved for :data:`OTHER_LANE`.
OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER_COLOR = "#999999"


def palette_color(index: int, name: str = "") -> str:
    """The colour of the ``index``-th lane or category (grey for :data:`OTHER_LANE`)."""
    if name == OTHER_LANE or index < 0:
        return OTHER_COLOR
    return OKABE_ITO[index % len(OKABE_ITO)]
