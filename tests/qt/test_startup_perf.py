"""Start-up and frame-time hooks: the first-paint switch and the frame measurement helper."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import numpy as np

from conftest import paint
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Event, Interval, Participant, Span
from timeline_gui.qt.perf import measure_frames, summary
from timeline_gui.qt.state import AppState
from timeline_gui.qt.timeline import DENSE_MARKERS, TimelineView


def test_exit_after_first_paint_prints_the_time_and_exits_cleanly(tmp_path) -> None:
    env = dict(os.environ, TIMELINE_GUI_EXIT_AFTER_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen",
               TIMELINE_GUI_SETTINGS=str(tmp_path / "s.ini"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-m", "timeline_gui"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("first-paint ")]
    assert len(lines) == 1, out.stdout
    seconds = float(lines[0].split()[1])
    assert 0 < seconds < 60


def test_process_start_time_is_before_now() -> None:
    import time

    from timeline_gui.qt.app import process_start_time

    t0 = process_start_time()
    assert t0 <= time.time() + 0.01
    assert time.time() - t0 < 24 * 3600


def _corpus(n: int) -> Corpus:
    rng = np.random.default_rng(3)
    base = dt.date(2010, 1, 1)
    q = (Span("x.txt", 0, 1, "x"),)
    countries = ["Russia", "Turkey", "Iran", "Armenia", "Azerbaijan", "Georgia"]
    evs = []
    for i in range(n):
        s = base + dt.timedelta(days=int(rng.integers(0, 4000)))
        w = int(rng.choice([0, 0, 0, 30, 365]))
        evs.append(Event(f"e{i}", f"Event {i}", "meeting", "happened",
                         Interval(s, s + dt.timedelta(days=w), "day" if w == 0 else "month"), "", None,
                         (Participant(countries[i % 6], "country"),), None, q))
    return Corpus(events=tuple(evs))


def test_measure_frames_returns_pan_and_zoom_times(qtbot) -> None:
    t = TimelineView(AppState(_corpus(2000)))
    qtbot.addWidget(t)
    t.resize(1200, 600)
    t.show()
    qtbot.waitExposed(t)
    before = t.visible_range()
    frames = measure_frames(t, steps=9)
    assert set(frames) == {"pan", "zoom"}
    assert len(frames["pan"]) == 9 and len(frames["zoom"]) == 9
    assert all(0 < x < 5 for x in frames["pan"] + frames["zoom"])
    assert t.visible_range() == before  # the view is put back
    s = summary(frames)
    assert s["pan_med_ms"] <= s["pan_p95_ms"]


def test_crowded_views_switch_to_density_strips_and_back(qtbot) -> None:
    t = TimelineView(AppState(_corpus(20_000)))
    qtbot.addWidget(t)
    t.resize(1200, 600)
    t.show()
    qtbot.waitExposed(t)
    paint(t.plot)
    assert t.points.dense and t.points.drawn > DENSE_MARKERS
    assert t.labels.drawn == 0  # no title can fit over density strips
    x0, x1 = t.visible_range()
    c = (x0 + x1) / 2
    t.set_range(c - 10, c + 10)
    paint(t.plot)
    assert not t.points.dense and 0 < t.points.drawn < DENSE_MARKERS
