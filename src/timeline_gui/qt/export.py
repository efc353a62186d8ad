"""Print renderer: the timeline as a publication-quality PNG or SVG, designed for paper.

This is not a screenshot of the window. It lays the events out again for a fixed page (the size
asked for), in a light print theme: title and subtitle, lanes with their labels, events as
markers whose colour is the event type and whose shape is the status (so a black-and-white copy
still reads), periods as bands, undated events as a dotted whisker up to their latest possible
date, decluttered event titles, a date axis, a legend and a footer citing the sources.

The layout arithmetic (date <-> x, ticks, lanes, row stacking, decluttering, palette) comes from
:mod:`timeline_gui.core.layout`, the same functions the window uses. Everything is a pure
function of the corpus and :class:`ExportSettings` (no clock, no locale, a font family chosen
from a fixed list), so the same input always gives the same bytes, with or without a display.

Entry points: :func:`render_image` (a ``QImage``), :func:`render_svg` (bytes),
:func:`export_file` (picks PNG or SVG by suffix and writes safely via
:mod:`timeline_gui.core.safewrite`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from timeline_gui.core import layout as L
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Article, Event, Interval
from timeline_gui.core.safewrite import SafeWriteError, check_writable, write_bytes
from timeline_gui.qt.qt import Qt, QtCore, QtGui, qt_svg

__all__ = [
    "PRESETS",
    "ExportError",
    "ExportSettings",
    "PrintTheme",
    "TimelinePlan",
    "export_file",
    "plan_timeline",
    "render_image",
    "render_png",
    "render_svg",
]

#: Size presets offered by the dialog: (label, width, height).
PRESETS: tuple[tuple[str, int, int], ...] = (
    ("1920 × 1080 (slides, Full HD)", 1920, 1080),
    ("3840 × 2160 (print, 4K)", 3840, 2160),
)

#: Font families tried in this order; the first installed one is used. A fixed order (not the
#: platform default) keeps exports identical between the dialog and the command line.
FONT_FAMILIES: tuple[str, ...] = (
    "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Cantarell", "Sans Serif",
)  # fmt: skip

#: The image is meant to be printed about this wide; the PNG carries the matching resolution so
#: that word processors place it at a sensible size with the fonts at their designed point size.
PRINT_WIDTH_INCHES = 6.5

MIN_SIZE = (200, 150)
MAX_SIZE = (16384, 16384)

LANE_WORDS = {"country": "country", "type": "event type", "article": "article"}


class ExportError(Exception):
    """An export that could not be made, with a message fit for the user (no traceback)."""


@dataclass(frozen=True)
class ExportSettings:
    """What to export: image size in pixels, date range (None: fit the events), lanes, title."""

    width: int = 1920
    height: int = 1080
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    lanes: str = "country"
    title: str | None = None


@dataclass(frozen=True)
class PrintTheme:
    """Colours of the light print theme (ink on white paper)."""

    background: str = "#FFFFFF"
    title: str = "#111111"
    text: str = "#2B2B2B"
    muted: str = "#6E6E6E"
    lane_band: str = "#F3F4F6"
    lane_rule: str = "#D9DCE1"
    grid: str = "#E4E6EA"
    axis: str = "#4A4A4A"
    disputed: str = "#B00020"
    hollow_fill: str = "#FFFFFF"


THEME = PrintTheme()

#: Status -> marker shape. Filled shapes: it happened / is happening; hollow: not (yet) fact.
STATUS_SHAPES: dict[str, tuple[str, bool]] = {
    "happened": ("circle", True),
    "ongoing": ("square", True),
    "scheduled": ("circle", False),
    "expected": ("diamond", False),
    "possible": ("triangle", False),
    "denied": ("cross", False),
}
_DEFAULT_SHAPE = ("circle", True)

#: Colours for event types beyond the shared palette (indigo, wine, olive, brown).
_PRINT_EXTRA_COLORS = ("#332288", "#882255", "#999933", "#7F5A3A")


# --------------------------------------------------------------------------------------------
# Qt set-up
# --------------------------------------------------------------------------------------------


def ensure_gui_app() -> QtGui.QGuiApplication:
    """The running Qt application, or a new ``QGuiApplication`` (offscreen when there is no
    display), because fonts and painting need one even on a headless server."""
    app = QtGui.QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QtGui.QGuiApplication(["timeline-gui"])
    return app  # type: ignore[return-value]


_family_cache: str | None = None


def font_family() -> str:
    """The first installed family of :data:`FONT_FAMILIES` (the same on every call)."""
    global _family_cache
    if _family_cache is None:
        installed = set(QtGui.QFontDatabase.families())
        _family_cache = next((f for f in FONT_FAMILIES if f in installed), None) or (
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.GeneralFont).family()
        )
    return _family_cache


def _font(px: float, bold: bool = False, italic: bool = False) -> QtGui.QFont:
    f = QtGui.QFont(font_family())
    f.setPixelSize(max(round(px), 6))
    f.setBold(bold)
    f.setItalic(italic)
    # No hinting: glyph advances then scale linearly, so PNG and SVG get the same layout.
    f.setHintingPreference(QtGui.QFont.HintingPreference.PreferNoHinting)
    f.setKerning(True)
    return f


# --------------------------------------------------------------------------------------------
# Plan: every position and string, computed once and drawn on any paint device
# --------------------------------------------------------------------------------------------


@dataclass
class Marker:
    """One event's marker: pixel centre, colour, shape."""

    x: float
    y: float
    color: str
    shape: str
    filled: bool
    disputed: bool
    event_id: str


@dataclass
class Label:
    """A string at a baseline position, in one of the plan's fonts."""

    x: float
    y: float
    text: str
    font: str
    color: str
    align: str = "left"  # left | center | right (x is that edge)
    halo: str | None = None  # a background drawn behind the text, so lines under it do not cross it


@dataclass
class LegendItem:
    """A legend swatch (a marker shape, a band or a whisker) and its words."""

    x: float
    y: float
    kind: str  # heading | marker | band | whisker | disputed
    text: str
    color: str = "#000000"
    shape: str = "circle"
    filled: bool = True


@dataclass
class TimelinePlan:
    """Everything to draw, in pixels; built by :func:`plan_timeline`, drawn by :func:`paint_plan`."""

    width: int
    height: int
    scale: float
    fonts: dict[str, QtGui.QFont]
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    lanes: list[tuple[str, float, float, int]] = field(default_factory=list)  # name, top, bottom, count
    markers: list[Marker] = field(default_factory=list)
    bands: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # x0, x1, y, h, colour
    whiskers: list[tuple[float, float, float, str]] = field(default_factory=list)  # x0, x1, y, colour
    labels: list[Label] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    ticks: list[tuple[float, bool]] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    footer_rule: float = 0.0
    marker_r: float = 6.0
    type_colors: dict[str, str] = field(default_factory=dict)
    shown_events: int = 0
    title: str = ""


@functools.lru_cache(maxsize=256)
def _mix(color: str, toward: str, t: float) -> str:
    a, b = QtGui.QColor(color), QtGui.QColor(toward)
    return QtGui.QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    ).name()


def type_colors(events: Sequence[Event]) -> dict[str, str]:
    """Event type -> colour: the most frequent types get the palette's colours in order."""
    counts = Counter(e.type or "event" for e in events)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    # The window's palette first, minus its yellow (unreadable as a thin outline on white
    # paper), then darker colours from Paul Tol's schemes, which stay apart from those.
    palette = [c for c in L.OKABE_ITO if c.upper() != "#F0E442"] + list(_PRINT_EXTRA_COLORS)
    out: dict[str, str] = {}
    for i, t in enumerate(ordered):
        out[t] = palette[i] if i < len(palette) else L.OTHER_COLOR
    return out


def _fmt_day(d: dt.date) -> str:
    return L.interval_words(Interval(d, d, "day"))


def _span_words(a: dt.date, b: dt.date) -> str:
    return _fmt_day(a) if a == b else f"{_fmt_day(a)} – {_fmt_day(b)}"


def _article_lane_label(name: str, articles: dict[str, Article]) -> str:
    a = articles.get(name) or articles.get(os.path.basename(name))
    if a is None:
        return name
    who = a.agency or a.place
    return f"{_fmt_day(a.published)} · {who}" if who else f"{_fmt_day(a.published)} · {Path(a.file).stem}"


def _view_range(events: Sequence[Event], arrays: L.EventArrays, s: ExportSettings,
                articles: Sequence[Article]) -> tuple[float, float, float, float]:
    """``(lo, hi, data_lo, data_hi)``: the axis range (padded) and the range worth naming."""
    if s.date_from is not None and s.date_to is not None:
        lo, hi = L.date_to_x(s.date_from), L.date_to_x(s.date_to) + 1.0
        return lo, hi, lo, hi
    if len(events):
        # Fit what locates an event: a point or band in full, but only the anchor of an undated
        # event (its lower bound is a guess) and of very wide bands (a decade would flatten
        # everything else).
        wide = (arrays.x1 - arrays.x0) > 3 * 366
        lo_src = np.where((arrays.kind == L.KIND_UNKNOWN) | wide, arrays.anchor, arrays.x0)
        hi_src = np.where((arrays.kind == L.KIND_UNKNOWN) | wide, arrays.anchor, arrays.x1)
        lo, hi = float(lo_src.min()), float(hi_src.max())
    elif articles:
        lo = L.date_to_x(min(a.published for a in articles))
        hi = L.date_to_x(max(a.published for a in articles)) + 1.0
    else:
        lo = hi = L.date_to_x(dt.date(2000, 1, 1))
    if s.date_from is not None:
        lo = L.date_to_x(s.date_from)
    if s.date_to is not None:
        hi = L.date_to_x(s.date_to) + 1.0
    data_lo, data_hi = lo, hi
    if hi - lo < 14:
        mid = (lo + hi) / 2
        lo, hi = mid - 7, mid + 7
    if s.date_from is None:
        lo -= (hi - lo) * 0.03
    if s.date_to is None:
        hi += (hi - lo) * 0.03
    return lo, hi, data_lo, data_hi


def _allocate_rows(need: list[int], budget: int) -> list[int]:
    # Every lane gets one row; spare rows go, one at a time, to the lane whose need is least met.
    alloc = [1] * len(need)
    spare = budget - len(need)
    while spare > 0:
        best, best_ratio = -1, 1.0
        for i, (n, a) in enumerate(zip(need, alloc, strict=True)):
            if n > a and a / n < best_ratio:
                best, best_ratio = i, a / n
        if best < 0:
            break
        alloc[best] += 1
        spare -= 1
    return alloc


def plan_timeline(
    corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None = None, theme: PrintTheme = THEME
) -> TimelinePlan:
    """Lay the timeline out for a ``settings.width`` x ``settings.height`` page.

    ``events`` (default: all of the corpus) lets the window export what its filter shows.
    """
    ensure_gui_app()
    all_events = list(corpus.events if events is None else events)
    W, H = settings.width, settings.height
    # One scale factor for every length: the design is for 1920x1080 and grows with the page.
    s = max(0.42, min(W / 1920.0, H / 1080.0))
    fonts = {
        "title": _font(40 * s, bold=True),
        "subtitle": _font(20 * s),
        "lane": _font(19 * s, bold=True),
        "lane_count": _font(15 * s),
        "label": _font(16 * s),
        "axis": _font(17 * s),
        "axis2": _font(17 * s, bold=True),
        "legend": _font(16 * s),
        "legend_head": _font(16 * s, bold=True),
        "footer": _font(14 * s),
        "empty": _font(22 * s, italic=True),
    }
    fm = {k: QtGui.QFontMetricsF(f) for k, f in fonts.items()}
    margin = 44 * s
    plan = TimelinePlan(W, H, s, fonts, (0, 0, 0, 0))

    # ---- header -------------------------------------------------------------------------
    lanes_mode = settings.lanes if settings.lanes in L.LANE_MODES else "country"
    arrays_all = L.event_arrays(all_events)
    lo, hi, data_lo, data_hi = _view_range(all_events, arrays_all, settings, corpus.articles)
    # Events are shown when their marker falls in the range (an undated event sits at its
    # latest possible date, so that is what must be in range).
    anchor = arrays_all.anchor
    in_range = (anchor >= lo) & (anchor < hi) if len(all_events) else np.zeros(0, dtype=bool)
    shown_idx = np.nonzero(in_range)[0]
    plan.shown_events = len(shown_idx)
    hidden = len(all_events) - plan.shown_events

    title = (settings.title or "").strip() or _default_title(corpus)
    plan.title = title
    y = margin + fm["title"].ascent()
    plan.labels.append(Label(margin, y, fm["title"].elidedText(title, Qt.TextElideMode.ElideRight, W - 2 * margin),
                             "title", theme.title))
    y += fm["title"].descent() + 8 * s + fm["subtitle"].ascent()
    sub = [f"{plan.shown_events} event{'s' if plan.shown_events != 1 else ''}",
           _span_words(L.x_to_date(data_lo), L.x_to_date(data_hi - 1e-6)),
           f"one lane per {LANE_WORDS[lanes_mode]}"]
    if hidden:
        sub.append(f"{hidden} outside this range not shown")
    plan.labels.append(Label(margin, y, fm["subtitle"].elidedText("  ·  ".join(sub), Qt.TextElideMode.ElideRight,
                                                                  W - 2 * margin), "subtitle", theme.muted))
    header_bottom = y + fm["subtitle"].descent() + 26 * s

    # ---- footer (bottom up) -------------------------------------------------------------
    footer_base = H - margin * 0.6 - fm["footer"].descent()
    plan.labels.append(Label(margin, footer_base, fm["footer"].elidedText(
        _sources_line(corpus), Qt.TextElideMode.ElideRight, W * 0.78 - margin), "footer", theme.muted))
    plan.labels.append(Label(W - margin, footer_base, "made with timeline-gui", "footer", theme.muted, "right"))
    plan.footer_rule = footer_base - fm["footer"].ascent() - 10 * s

    # ---- legend (needs the colours and statuses shown) ----------------------------------
    shown = [all_events[i] for i in shown_idx]
    colors = type_colors(all_events)
    plan.type_colors = colors
    legend_items, legend_h = _legend(shown, colors, fm, s, margin, W, theme)
    legend_top = plan.footer_rule - 14 * s - legend_h
    for it in legend_items:
        it.y += legend_top
    plan.legend = legend_items

    # ---- axis and plot ------------------------------------------------------------------
    axis_h = 12 * s + fm["axis"].height() * 2 + 6 * s
    plot_bottom = legend_top - 20 * s - axis_h
    plot_top = header_bottom
    row_h = fm["label"].height() * 1.5
    r = max(row_h * 0.24, 3.0)
    plan.marker_r = r
    budget = max(int((plot_bottom - plot_top) // row_h), 1)

    lanes = L.build_lanes(all_events, lanes_mode, max_lanes=max(1, min(budget, 30)))
    names = list(lanes.names)
    art_by_file = {a.file: a for a in corpus.articles}
    shown_names = [(_article_lane_label(n, art_by_file) if lanes_mode == "article" and n != L.OTHER_LANE else n)
                   for n in names]
    if lanes_mode == "country":
        shown_names = ["No country named" if n == L.OTHER_LANE and len(names) == 1 else n for n in shown_names]
    lane_w = min(max((fm["lane"].horizontalAdvance(n) for n in shown_names), default=0.0) + 24 * s, W * 0.2)
    lane_w = max(lane_w, 120 * s)
    x_left = margin + lane_w
    x_right = W - margin
    plan.plot = (x_left, plot_top, x_right, plot_bottom)
    px_per_day = (x_right - x_left) / (hi - lo)

    def to_px(x: np.ndarray) -> np.ndarray:
        return x_left + (x - lo) * px_per_day

    # Titles: cut to a sensible length before measuring (a title can be a whole sentence).
    max_label_w = min(40 * fm["label"].averageCharWidth(), (x_right - x_left) * 0.4)
    texts = [all_events[i].title.strip().replace("\n", " ") or "(untitled)" for i in shown_idx]
    # Stacking only needs the room a title will roughly take; exact widths are measured later,
    # for the few titles that can be drawn at all.
    char_w = fm["label"].averageCharWidth()
    widths = np.minimum(np.fromiter((min(len(t), 60) for t in texts), dtype=np.float64, count=len(texts)) * char_w,
                        max_label_w)
    ax = to_px(anchor[shown_idx])
    kind = arrays_all.kind[shown_idx]
    bx0 = np.maximum(to_px(arrays_all.x0[shown_idx]), x_left)
    bx1 = np.minimum(to_px(arrays_all.x1[shown_idx]), x_right)
    # Horizontal room each event wants in its row (marker plus title), in pixels; bands also
    # claim their whole extent.
    want0 = np.where(kind == L.KIND_BAND, np.minimum(bx0, ax - r), ax - r)
    want1 = np.maximum(np.where(kind == L.KIND_BAND, bx1, ax + r), ax + r + 6 * s + widths)
    lane_of = lanes.index[shown_idx] if len(shown_idx) else np.zeros(0, dtype=np.int64)

    need: list[int] = []
    for li in range(len(names)):
        sel = np.nonzero(lane_of == li)[0]
        need.append(int(L.stack_rows(want0[sel], want1[sel], max_rows=budget, gap=4 * s).max()) + 1 if len(sel) else 1)
    alloc = _allocate_rows(need, budget)
    total_rows = max(sum(alloc), 1)
    # Rows may grow a little when there is room, then the plot shrinks to its content so that
    # the axis stays under the data.
    row_h_eff = min(row_h * 2.0, (plot_bottom - plot_top) / total_rows)
    lane_pad = min(row_h, max((plot_bottom - plot_top) - total_rows * row_h_eff, 0) / (2 * max(len(names), 1)))
    rows = np.zeros(len(shown_idx), dtype=np.int64)
    lane_top = []
    yy = plot_top
    for li, _n in enumerate(names):
        sel = np.nonzero(lane_of == li)[0]
        if len(sel):
            rows[sel] = L.stack_rows(want0[sel], want1[sel], max_rows=alloc[li], gap=4 * s)
        h = alloc[li] * row_h_eff + 2 * lane_pad
        lane_top.append(yy)
        plan.lanes.append((shown_names[li], yy, yy + h, len(sel)))
        yy += h
    if names:  # with no lane at all, the (empty) plot keeps its full height
        plot_bottom = yy
    plan.plot = (x_left, plot_top, x_right, plot_bottom)
    lane_top_arr = np.array(lane_top, dtype=np.float64)
    cy = lane_top_arr[lane_of] + lane_pad + (rows + 0.5) * row_h_eff if len(shown_idx) else np.zeros(0)

    # ---- events -------------------------------------------------------------------------
    for k, i in enumerate(shown_idx):
        e = all_events[i]
        color = colors.get(e.type or "event", L.OTHER_COLOR)
        shape, filled = STATUS_SHAPES.get(e.status, _DEFAULT_SHAPE)
        y_c = float(cy[k])
        if kind[k] == L.KIND_BAND:
            plan.bands.append((float(bx0[k]), max(float(bx1[k]), float(bx0[k]) + 2), y_c, row_h_eff * 0.36,
                               _mix(color, theme.background, 0.62)))
        elif kind[k] == L.KIND_UNKNOWN and bx0[k] < ax[k] - r:
            plan.whiskers.append((float(bx0[k]), float(ax[k]) - r, y_c, _mix(color, theme.background, 0.35)))
        plan.markers.append(Marker(float(ax[k]), y_c, color, shape, filled, e.disputed, e.id))

    # ---- titles, decluttered ------------------------------------------------------------
    halos = [theme.lane_band if li % 2 == 0 else theme.background for li in lane_of]
    plan.labels.extend(_event_labels(shown_idx, all_events, texts, max_label_w, ax, cy, r, s, fm, x_left,
                                     x_right, row_h_eff, theme, halos))

    # ---- lane labels --------------------------------------------------------------------
    for name, top, bottom, count in plan.lanes:
        mid = (top + bottom) / 2
        text = fm["lane"].elidedText(name, Qt.TextElideMode.ElideRight, lane_w - 16 * s)
        color = theme.text if count else theme.muted
        if bottom - top >= fm["lane"].height() + fm["lane_count"].height():
            base = mid - (fm["lane"].height() + fm["lane_count"].height()) / 2 + fm["lane"].ascent()
            plan.labels.append(Label(margin, base, text, "lane", color))
            plan.labels.append(Label(margin, base + fm["lane"].descent() + fm["lane_count"].ascent(),
                                     _count_words(count), "lane_count", theme.muted))
        else:
            plan.labels.append(Label(margin, mid + (fm["lane"].ascent() - fm["lane"].descent()) / 2, text, "lane",
                                     color))

    if not shown:
        plan.labels.append(Label((x_left + x_right) / 2, (plot_top + plot_bottom) / 2, "No events in this range",
                                 "empty", theme.muted, "center"))

    # ---- axis ---------------------------------------------------------------------------
    # The layout's tick spacing is tuned for screen fonts; ask for ticks as if the axis were
    # narrower by the ratio of our font to a screen font, so printed labels get as much room.
    font_ratio = fonts["axis"].pixelSize() / 12.0
    ticks = L.date_ticks(lo, hi, (x_right - x_left) / font_ratio)
    last_right = -1e9
    tick_y = plot_bottom + 10 * s + fm["axis"].ascent()
    context_seen: set[str] = set()
    for t in ticks:
        x = float(to_px(np.array([t.x]))[0])
        if x < x_left - 0.5 or x > x_right + 0.5:
            continue
        plan.ticks.append((x, t.major))
        if not t.major:
            continue
        plan.grid.append(x)
        main, context = _split_tick(t.label)
        w = fm["axis"].horizontalAdvance(main)
        if x - w / 2 < last_right + 12 * s or x + w / 2 > W - margin * 0.5:
            continue
        plan.labels.append(Label(x, tick_y, main, "axis", theme.text, "center"))
        last_right = x + w / 2
        if context and context not in context_seen:
            context_seen.add(context)
            plan.labels.append(Label(x, tick_y + fm["axis"].height(), context, "axis2", theme.text, "center"))
    return plan


def _split_tick(label: str) -> tuple[str, str]:
    # "Oct 2024" -> ("Oct", "2024"); "18 Oct 2024" -> ("18 Oct", "2024"): the year goes on a
    # second line, printed once where it changes, which reads better than repeating it.
    parts = label.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 4 and not parts[0].isdigit():
        return parts[0], parts[1]
    return label, ""


def _count_words(n: int) -> str:
    return "no events in range" if n == 0 else f"{n} event{'s' if n != 1 else ''}"


def _default_title(corpus: Corpus) -> str:
    n = len(corpus.articles)
    return f"Events reported in {n} news article{'s' if n != 1 else ''}"


def _sources_line(corpus: Corpus) -> str:
    arts = corpus.articles
    n = len(arts)
    if not n:
        return "Sources: no articles."
    first = min(a.published for a in arts)
    last = max(a.published for a in arts)
    when = f"published {_fmt_day(first)}" if first == last else f"published {_fmt_day(first)} to {_fmt_day(last)}"
    agencies = sorted({a.agency for a in arts if a.agency})
    who = f" ({', '.join(agencies[:4])}{', …' if len(agencies) > 4 else ''})" if agencies else ""
    return f"Sources: {n} news article{'s' if n != 1 else ''}{who}, {when}. Dates as stated or implied by the text."


def _event_labels(
    shown_idx: np.ndarray, events: Sequence[Event], texts: list[str], max_w: float, ax: np.ndarray,
    cy: np.ndarray, r: float, s: float, fm: dict[str, QtGui.QFontMetricsF], x_left: float, x_right: float,
    row_h: float, theme: PrintTheme, halos: Sequence[str],
) -> list[Label]:
    """Titles beside their markers, shortened to the room there is, dropped where there is none.

    A title goes right of its marker, up to the next marker of the same row (or the plot's edge),
    or else left of it, back to the previous marker. Rows are taller than titles, so titles
    never reach into other rows. The remaining conflicts (a left title meeting a right one) are
    settled by :func:`timeline_gui.core.layout.declutter`, the most informative events first.
    """
    n = len(shown_idx)
    if n == 0:
        return []
    pad = 5 * s
    fml = fm["label"]
    min_w = 7 * fml.averageCharWidth()  # shorter than this, a title says nothing
    half = min(row_h * 0.46, fml.height() * 0.62)
    # Neighbours in the same row: sort by (row, x), compare with the next and previous marker.
    order = np.lexsort((ax, cy))
    sx, sy = ax[order], cy[order]
    same_next = np.append(sy[1:] == sy[:-1], False)
    same_prev = np.insert(sy[1:] == sy[:-1], 0, False)
    nxt = np.where(same_next, np.append(sx[1:], np.inf) - r - pad, x_right)
    prv = np.where(same_prev, np.insert(sx[:-1], 0, -np.inf) + r + pad, x_left)
    room_r = np.empty(n)
    room_l = np.empty(n)
    room_r[order] = np.minimum(nxt, x_right) - (sx + r + pad)
    room_l[order] = (sx - r - pad) - np.maximum(prv, x_left)
    cand = [k for k in range(n) if max(room_r[k], room_l[k]) >= min_w]
    if not cand:
        return []
    lefts, rights, tops, bottoms, texts_out, prio = [], [], [], [], [], []
    for k in cand:
        full = min(fml.horizontalAdvance(texts[k][:80]), max_w)
        # Prefer the right side; use the left only when it gives clearly more of the title.
        if room_r[k] >= min(full, room_l[k]) or room_r[k] >= full:
            w = min(full, room_r[k])
            x0 = float(ax[k]) + r + pad
        else:
            w = min(full, room_l[k])
            x0 = float(ax[k]) - r - pad - w
        text = texts[k] if w >= full and fml.horizontalAdvance(texts[k]) <= w else fml.elidedText(
            texts[k], Qt.TextElideMode.ElideRight, w)
        if len(text) < 4:
            continue
        w = fml.horizontalAdvance(text)
        lefts.append(x0)
        rights.append(x0 + w)
        tops.append(float(cy[k]) - half)
        bottoms.append(float(cy[k]) + half)
        texts_out.append((k, text))
        prio.append(_label_priority(events[int(shown_idx[k])], float(ax[k])))
    order_p = sorted(range(len(texts_out)), key=lambda j: prio[j])
    kept = L.declutter(np.array(lefts), np.array(tops), np.array(rights), np.array(bottoms), priority=order_p,
                       cell=max(64.0, 160 * s))
    base_off = (fml.ascent() - fml.descent()) / 2
    out = []
    for j in sorted(kept):
        k, text = texts_out[j]
        out.append(Label(lefts[j], float(cy[k]) + base_off, text, "label", theme.text, halo=halos[k]))
    return out


def _label_priority(e: Event, x: float) -> tuple[int, int, int, float, str]:
    # Precisely dated events with several sources say the most; undated ones the least.
    precise = 0 if e.interval.granularity == "day" else 1 if e.interval.granularity != "unknown" else 2
    return (precise, -len(e.sources or e.quotes), -len(e.participants), x, e.id)


def _legend(
    shown: Sequence[Event], colors: dict[str, str], fm: dict[str, QtGui.QFontMetricsF], s: float, margin: float,
    W: float, theme: PrintTheme,
) -> tuple[list[LegendItem], float]:
    """Legend items laid out in rows from the left margin; y is relative to the legend's top."""
    items: list[tuple[str, str, str, str, bool]] = []  # kind, text, colour, shape, filled
    types_shown = Counter(e.type or "event" for e in shown)
    if types_shown:
        items.append(("heading", "Event type", "", "", True))
        for t in sorted(types_shown, key=lambda t: (-types_shown[t], t))[:9]:
            items.append(("marker", t, colors.get(t, L.OTHER_COLOR), "circle", True))
    statuses = {e.status for e in shown}
    if statuses:
        items.append(("heading", "Status", "", "", True))
        order = [st for st in STATUS_SHAPES if st in statuses] + sorted(statuses - set(STATUS_SHAPES))
        for st in order:
            shape, filled = STATUS_SHAPES.get(st, _DEFAULT_SHAPE)
            items.append(("marker", st, theme.text, shape, filled))
    kinds = {L.event_kind(e.interval) for e in shown}
    if kinds - {L.KIND_POINT}:
        items.append(("heading", "Date", "", "", True))
        if L.KIND_POINT in kinds:
            items.append(("marker", "a day", theme.text, "circle", True))
        if L.KIND_BAND in kinds:
            items.append(("band", "a period", theme.text, "", True))
        if L.KIND_UNKNOWN in kinds:
            items.append(("whisker", "not stated: latest possible date", theme.text, "", True))
    if any(e.disputed for e in shown):
        items.append(("disputed", "sources disagree on the date", theme.disputed, "circle", False))
    line_h = fm["legend"].height() * 1.5
    swatch = 26 * s
    # Measure each item, then keep every group (heading and its items) on one line when it fits.
    groups: list[list[tuple[float, tuple[str, str, str, str, bool]]]] = []
    for it in items:
        kind, text = it[0], it[1]
        font = "legend_head" if kind == "heading" else "legend"
        w = fm[font].horizontalAdvance(text) + (0 if kind == "heading" else swatch + 6 * s)
        if kind == "heading" or not groups:
            groups.append([])
        groups[-1].append((w, it))
    gap_item, gap_head, gap_group = 20 * s, 10 * s, 34 * s
    x, row = margin, 0
    out: list[LegendItem] = []
    for group in groups:
        group_w = sum(w + (gap_head if it[0] == "heading" else gap_item) for w, it in group)
        if x > margin and x + gap_group + group_w > W - margin:
            row, x = row + 1, margin
        elif x > margin:
            x += gap_group
        for w, (kind, text, color, shape, filled) in group:
            if x + w > W - margin and x > margin:
                row, x = row + 1, margin
            out.append(LegendItem(x, row * line_h + line_h / 2, kind, text, color, shape, filled))
            x += w + (gap_head if kind == "heading" else gap_item)
    return out, (row + 1) * line_h if out else 0.0


# --------------------------------------------------------------------------------------------
# Painting
# --------------------------------------------------------------------------------------------


def _marker_pen_brush(color: str, shape: str, filled: bool, s: float,
                      theme: PrintTheme) -> tuple[QtGui.QPen, QtGui.QBrush]:
    col = QtGui.QColor(color)
    if shape == "cross":
        return (QtGui.QPen(col, max(2.4 * s, 1.5), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap),
                QtGui.QBrush(Qt.BrushStyle.NoBrush))
    if filled:
        # A thin darker rim keeps light colours visible on white paper.
        return QtGui.QPen(col.darker(135), max(1.0 * s, 0.8)), QtGui.QBrush(col)
    return QtGui.QPen(col, max(2.2 * s, 1.4)), QtGui.QBrush(QtGui.QColor(theme.hollow_fill))


def _draw_shape(p: QtGui.QPainter, shape: str, x: float, y: float, r: float) -> None:
    """One marker as vector drawing calls (the pen and brush are already set)."""
    pt = QtCore.QPointF
    if shape == "square":
        q = r * 0.88
        p.drawRect(QtCore.QRectF(x - q, y - q, 2 * q, 2 * q))
    elif shape == "diamond":
        q = r * 1.18
        p.drawPolygon(QtGui.QPolygonF([pt(x, y - q), pt(x + q, y), pt(x, y + q), pt(x - q, y)]))
    elif shape == "triangle":
        q = r * 1.15
        p.drawPolygon(QtGui.QPolygonF([pt(x, y - q), pt(x + q, y + q * 0.8), pt(x - q, y + q * 0.8)]))
    elif shape == "cross":
        q = r * 0.85
        p.drawLines([QtCore.QLineF(x - q, y - q, x + q, y + q), QtCore.QLineF(x - q, y + q, x + q, y - q)])
    elif shape == "ring":
        p.drawEllipse(pt(x, y), r * 1.75, r * 1.75)
    else:
        p.drawEllipse(pt(x, y), r, r)


class _Stamps:
    """Markers pre-drawn once per style and stamped with ``drawImage``.

    Filling one big path of thousands of overlapping shapes is very slow in Qt's raster engine
    (and stroking it slower still); stamping an antialiased sprite costs a small blit per event,
    which keeps a 10,000-event 4K export within its time budget. Vector output (SVG) draws each
    shape instead, so it stays resolution-independent.
    """

    def __init__(self, r: float, s: float, theme: PrintTheme) -> None:
        self.r, self.s, self.theme = r, s, theme
        self.half = int(r * 2.2 + 3 * s + 3)
        self.cache: dict[tuple[str, str, bool], QtGui.QImage] = {}

    def image(self, color: str, shape: str, filled: bool) -> QtGui.QImage:
        key = (color, shape, filled)
        img = self.cache.get(key)
        if img is None:
            size = 2 * self.half
            img = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            img.fill(0)
            q = QtGui.QPainter(img)
            q.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            _set_marker_style(q, color, shape, filled, self.s, self.theme)
            _draw_shape(q, shape, float(self.half), float(self.half), self.r)
            q.end()
            self.cache[key] = img
        return img


def _set_marker_style(p: QtGui.QPainter, color: str, shape: str, filled: bool, s: float, theme: PrintTheme) -> None:
    if shape == "ring":
        p.setPen(QtGui.QPen(QtGui.QColor(color), max(1.6 * s, 1.0), Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        return
    pen, brush = _marker_pen_brush(color, shape, filled, s, theme)
    p.setPen(pen)
    p.setBrush(brush)


def _draw_markers(p: QtGui.QPainter, markers: Sequence[Marker], r: float, s: float, theme: PrintTheme,
                  stamps: _Stamps | None) -> None:
    """Markers grouped by style (filled under hollow), then dashed rings around disputed ones."""
    groups: dict[tuple[bool, str, str], list[tuple[float, float]]] = {}
    rings: list[tuple[float, float]] = []
    for m in markers:
        groups.setdefault((m.filled, m.color, m.shape), []).append((m.x, m.y))
        if m.disputed:
            rings.append((m.x, m.y))
    styled = [((not filled), color, shape, pts) for (filled, color, shape), pts in groups.items()]
    if rings:
        styled.append((True, theme.disputed, "ring", rings))
    for hollow, color, shape, pts in sorted(styled, key=lambda g: (g[0], g[1], g[2])):
        if stamps is not None:
            img = stamps.image(color, shape, not hollow)
            h = stamps.half
            # Identical stamps on the same pixel add nothing: draw each pixel position once.
            for x, y in sorted({(round(x) - h, round(y) - h) for x, y in pts}):
                p.drawImage(x, y, img)
        else:
            _set_marker_style(p, color, shape, not hollow, s, theme)
            for x, y in pts:
                _draw_shape(p, shape, x, y, r)


def _draw_text(p: QtGui.QPainter, plan: TimelinePlan, lab: Label) -> None:
    font = plan.fonts[lab.font]
    p.setFont(font)
    x = lab.x
    if lab.align != "left" or lab.halo:
        fm = QtGui.QFontMetricsF(font)
        w = fm.horizontalAdvance(lab.text)
        if lab.align != "left":
            x -= w if lab.align == "right" else w / 2
        if lab.halo:
            # Mostly opaque: a dotted whisker or grid line stops at the words, a band shows faintly.
            halo = QtGui.QColor(lab.halo)
            halo.setAlpha(215)
            pad = 2.0 * plan.scale
            p.fillRect(QtCore.QRectF(x - pad, lab.y - fm.ascent() * 0.92, w + 2 * pad,
                                     fm.ascent() * 0.92 + fm.descent()), halo)
    p.setPen(QtGui.QColor(lab.color))
    # drawText(point, str) draws the string as it is: article text is never read as markup.
    p.drawText(QtCore.QPointF(x, lab.y), lab.text)


def paint_plan(p: QtGui.QPainter, plan: TimelinePlan, theme: PrintTheme = THEME, vector: bool = False) -> None:
    """Draw ``plan`` with painter ``p``: ``vector`` for SVG (every shape as a shape), else raster."""
    s = plan.scale
    stamps = None if vector else _Stamps(plan.marker_r, s, theme)
    W, H = plan.width, plan.height
    x_left, top, x_right, bottom = plan.plot
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
    p.fillRect(QtCore.QRectF(0, 0, W, H), QtGui.QColor(theme.background))

    # lane bands and rules
    p.setPen(Qt.PenStyle.NoPen)
    band = QtGui.QColor(theme.lane_band)
    margin = 44 * s
    for i, (_name, t, b, _n) in enumerate(plan.lanes):
        if i % 2 == 0:
            p.fillRect(QtCore.QRectF(margin, t, x_right - margin, b - t), band)
    p.setPen(QtGui.QPen(QtGui.QColor(theme.lane_rule), max(1.0 * s, 1.0)))
    p.drawLines([QtCore.QLineF(margin, b, x_right, b) for (_n, _t, b, _c) in plan.lanes[:-1]])

    # vertical grid at labelled ticks
    p.setPen(QtGui.QPen(QtGui.QColor(theme.grid), max(1.0 * s, 1.0)))
    p.drawLines([QtCore.QLineF(x, top, x, bottom) for x in plan.grid])

    # bands (periods) and whiskers (undated events), batched by colour
    bands: dict[str, list[QtCore.QRectF]] = {}
    for x0, x1, y, h, color in plan.bands:
        bands.setdefault(color, []).append(QtCore.QRectF(x0, y - h / 2, x1 - x0, h))
    p.setPen(Qt.PenStyle.NoPen)
    for color in sorted(bands):
        p.setBrush(QtGui.QColor(color))
        p.drawRects(bands[color])
    whiskers: dict[str, list[QtCore.QLineF]] = {}
    for x0, x1, y, color in plan.whiskers:
        whiskers.setdefault(color, []).append(QtCore.QLineF(x0, y, x1, y))
    for color in sorted(whiskers):
        p.setPen(_dotted_pen(color, s))
        p.drawLines(whiskers[color])

    _draw_markers(p, plan.markers, plan.marker_r, s, theme, stamps)

    # axis
    p.setPen(QtGui.QPen(QtGui.QColor(theme.axis), max(1.4 * s, 1.0)))
    p.drawLine(QtCore.QLineF(x_left, bottom, x_right, bottom))
    p.drawLines([QtCore.QLineF(x, bottom, x, bottom + (9 if major else 5) * s) for x, major in plan.ticks])

    # footer rule
    p.setPen(QtGui.QPen(QtGui.QColor(theme.lane_rule), max(1.0 * s, 1.0)))
    p.drawLine(QtCore.QLineF(margin, plan.footer_rule, W - margin, plan.footer_rule))

    _paint_legend(p, plan, theme, stamps)
    for lab in plan.labels:
        _draw_text(p, plan, lab)


def _dotted_pen(color: str, s: float) -> QtGui.QPen:
    # A custom dash with flat caps: Qt's DotLine with round caps is many times slower to stroke.
    pen = QtGui.QPen(QtGui.QColor(color), max(1.8 * s, 1.0), Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    pen.setDashPattern([1.2, 1.3])
    return pen


def _paint_legend(p: QtGui.QPainter, plan: TimelinePlan, theme: PrintTheme, stamps: _Stamps | None) -> None:
    s, r = plan.scale, plan.marker_r
    fm = QtGui.QFontMetricsF(plan.fonts["legend"])
    sw = 26 * s
    for it in plan.legend:
        base = it.y + (fm.ascent() - fm.descent()) / 2
        if it.kind == "heading":
            _draw_text(p, plan, Label(it.x, base, it.text, "legend_head", theme.text))
            continue
        cx = it.x + sw / 2
        if it.kind == "marker":
            _draw_markers(p, [Marker(cx, it.y, it.color, it.shape, it.filled, False, "")], r, s, theme, stamps)
        elif it.kind == "band":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QtGui.QColor(_mix(theme.muted, theme.background, 0.55)))
            h = r * 1.3
            p.drawRoundedRect(QtCore.QRectF(it.x, it.y - h / 2, sw, h), h / 2, h / 2)
        elif it.kind == "whisker":
            p.setPen(_dotted_pen(_mix(theme.muted, theme.background, 0.2), s))
            p.drawLine(QtCore.QLineF(it.x, it.y, it.x + sw - 2 * r, it.y))
            _draw_markers(p, [Marker(it.x + sw - r, it.y, theme.muted, "circle", True, False, "")], r, s, theme,
                          stamps)
        elif it.kind == "disputed":
            _draw_markers(p, [Marker(cx, it.y, theme.muted, "circle", True, True, "")], r, s, theme, stamps)
        _draw_text(p, plan, Label(it.x + sw + 6 * s, base, it.text, "legend", theme.text))


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _check_size(settings: ExportSettings) -> None:
    if not (MIN_SIZE[0] <= settings.width <= MAX_SIZE[0] and MIN_SIZE[1] <= settings.height <= MAX_SIZE[1]):
        raise ExportError(
            f"the image size {settings.width}x{settings.height} is outside "
            f"{MIN_SIZE[0]}x{MIN_SIZE[1]} .. {MAX_SIZE[0]}x{MAX_SIZE[1]} pixels"
        )


def render_image(corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None = None) -> QtGui.QImage:
    """The timeline as an RGB image of exactly ``settings.width`` x ``settings.height`` pixels."""
    _check_size(settings)
    return _render_image(corpus, settings, events)


def _render_image(corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None) -> QtGui.QImage:
    plan = plan_timeline(corpus, settings, events)
    img = QtGui.QImage(settings.width, settings.height, QtGui.QImage.Format.Format_RGB32)
    if img.isNull():
        raise ExportError(f"not enough memory for a {settings.width}x{settings.height} image")
    dpm = round(settings.width / PRINT_WIDTH_INCHES / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    p = QtGui.QPainter(img)
    try:
        paint_plan(p, plan)
    finally:
        p.end()
    img.setText("Title", plan.title)
    img.setText("Software", "timeline-gui")
    return img


def render_png(corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None = None) -> bytes:
    """PNG bytes of :func:`render_image`."""
    img = render_image(corpus, settings, events)
    return _encode_png(img)


def _encode_png(img: QtGui.QImage) -> bytes:
    buf = QtCore.QBuffer()
    buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QImageWriter(buf, QtCore.QByteArray(b"png"))
    # Lower zlib effort: a mostly white page compresses well anyway, and this keeps a 4K export
    # well inside its time budget.
    writer.setCompression(30)
    if not writer.write(img):
        raise ExportError(f"could not encode the PNG: {writer.errorString()}")
    return bytes(buf.data().data())


def render_svg(corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None = None) -> bytes:
    """The same page as SVG: vector shapes and real text, ``width`` x ``height`` user units."""
    _check_size(settings)
    return _render_svg(corpus, settings, events)


def _render_svg(corpus: Corpus, settings: ExportSettings, events: Sequence[Event] | None) -> bytes:
    # QtSvg is loaded here only: the PNG path and the window do not need it.
    QSvgGenerator = qt_svg().QSvgGenerator

    plan = plan_timeline(corpus, settings, events)
    buf = QtCore.QBuffer()
    buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QtCore.QSize(settings.width, settings.height))
    gen.setViewBox(QtCore.QRect(0, 0, settings.width, settings.height))
    gen.setResolution(96)
    gen.setTitle(plan.title)
    gen.setDescription(_sources_line(corpus))
    p = QtGui.QPainter(gen)
    try:
        paint_plan(p, plan, vector=True)
    finally:
        p.end()
    return bytes(buf.data().data())


def export_file(
    corpus: Corpus, path: str | os.PathLike[str], settings: ExportSettings, events: Sequence[Event] | None = None
) -> None:
    """Render and write ``path``: SVG when it ends in ``.svg``, PNG otherwise (``.png``).

    The file is written to a temporary name beside it and renamed when complete; any failure
    raises :class:`ExportError` with a plain message and leaves no partial file.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ExportError(f"cannot export {target}: the name must end in .png or .svg")
    try:
        check_writable(target)  # before rendering, so a wrong folder fails at once
        ensure_gui_app()
        data = render_svg(corpus, settings, events) if suffix == ".svg" else render_png(corpus, settings, events)
        write_bytes(target, data)
    except SafeWriteError as exc:
        raise ExportError(str(exc)) from None
