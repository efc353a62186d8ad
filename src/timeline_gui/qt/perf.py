"""Frame-time measurement for the timeline, shared by the tests and the benchmark.

Stable API::

    measure_frames(widget, steps: int = 40) -> dict[str, list[float]]

``widget`` is a :class:`~timeline_gui.qt.timeline.TimelineView`, or anything with a ``timeline``
attribute holding one (the main window). It must be shown and have its size (e.g. 1600x900).
The function performs ``steps`` pan frames and ``steps`` zoom frames and returns their durations
in seconds under the keys ``"pan"`` and ``"zoom"``, in the order they were taken.

One frame is: the range change (``ViewBox.setXRange`` through ``TimelineView.set_range``, which
also moves the overview's window and the axes) plus a forced synchronous repaint of the whole
timeline widget (plot viewport, axes and overview strip) with ``QWidget.grab()``; pending events
are processed first so that nothing queued by the previous frame leaks into the next one.

* pan: starting from the view as it is, at three zoom levels in turn (the whole range, about a
  year, about two months, each around the middle of the data), the window slides by 5% of its
  width per frame, back and forth, so every frame shows partly new data;
* zoom: from the whole range, alternately zooming in by 0.8 per frame down to about a week and
  back out by 1.25, around the middle of the data.

The view's range is restored afterwards. :func:`summary` turns the lists into median and p95
milliseconds.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from timeline_gui.qt.qt import QtWidgets

__all__ = ["measure_frames", "summary"]


def _timeline(widget: Any) -> Any:
    return getattr(widget, "timeline", widget)


def measure_frames(widget: Any, steps: int = 40) -> dict[str, list[float]]:
    """Time ``steps`` pan and ``steps`` zoom frames of a shown timeline; seconds per frame."""
    tl = _timeline(widget)
    app = QtWidgets.QApplication.instance()
    assert app is not None, "a QApplication must exist"
    start = tl.visible_range()
    tl.fit_all()
    x0, x1 = tl.visible_range()
    full = x1 - x0
    centre = (x0 + x1) / 2
    app.processEvents()
    tl.grab()

    def frame(lo: float, hi: float) -> float:
        app.processEvents()
        t = time.perf_counter()
        tl.set_range(lo, hi)
        tl.grab()
        return time.perf_counter() - t

    pans: list[float] = []
    windows = (full, min(365.0, full), min(60.0, full))
    per = max(steps // len(windows), 1)
    for k in range(steps):
        w = windows[min(k // per, len(windows) - 1)]
        j = k % per
        # back and forth: 0, +1, +2, ... up to per/2, then down again
        off = (j if j <= per // 2 else per - j) * 0.05 * w
        c = centre + off
        pans.append(frame(c - w / 2, c + w / 2))

    zooms: list[float] = []
    lo, hi = centre - full / 2, centre + full / 2
    tl.set_range(lo, hi)
    app.processEvents()
    tl.grab()
    half = full / 2
    zoom_in = True
    for _ in range(steps):
        if zoom_in and half * 0.8 < 3.5:
            zoom_in = False
        elif not zoom_in and half * 1.25 > full / 2:
            zoom_in = True
        half *= 0.8 if zoom_in else 1.25
        zooms.append(frame(centre - half, centre + half))

    tl.set_range(*start)
    app.processEvents()
    return {"pan": pans, "zoom": zooms}


def summary(frames: dict[str, list[float]]) -> dict[str, float]:
    """``{"pan_med_ms", "pan_p95_ms", "zoom_med_ms", "zoom_p95_ms"}`` from :func:`measure_frames`."""
    out: dict[str, float] = {}
    for key, xs in frames.items():
        s = sorted(xs)
        out[f"{key}_med_ms"] = statistics.median(s) * 1000 if s else float("nan")
        out[f"{key}_p95_ms"] = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] * 1000 if s else float("nan")
    return out
