"""The print renderer, looked at pixel by pixel: size, background, markers, title, empty lanes;
then determinism, SVG, safe writing and the command line."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import timeline_gui.qt.qt  # noqa: F401  (binding work-arounds before any Qt call)
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Article, Event, Interval, Participant, Span
from timeline_gui.qt import export as X
from timeline_gui.qt.qt import QtGui

D = dt.date


def _article(file: str, published: dt.date, agency: str | None = None) -> Article:
    text = f" date {published.isoformat()} Body of {file}."
    return Article(file, f"/virtual/{file}", file.split(".")[0], published, text, 17, (), None, agency)


def _event(eid: str, title: str, start: dt.date, end: dt.date | None = None, gran: str = "day",
           country: str | None = "Russia", typ: str = "meeting", status: str = "happened",
           file: str = "a.txt", disputed: bool = False) -> Event:
    parts = (Participant(country, "country", "host"),) if country else ()
    q = Span(file, 17, 21, "Body", file.split(".")[0])
    return Event(eid, title, typ, status, Interval(start, end or start, gran), "", None,  # type: ignore[arg-type]
                 parts, None, (q,), disputed=disputed)


def corpus_small() -> Corpus:
    arts = (_article("a.txt", D(2024, 10, 18), "TASS"), _article("b.txt", D(2022, 3, 16)))
    ev = (
        _event("e1", "Lavrov meets Fidan in Istanbul", D(2024, 10, 18), country="Turkey"),
        _event("e2", "Cavusoglu visits Moscow", D(2022, 3, 16), country="Russia", typ="visit", file="b.txt"),
        _event("e3", "Talks resume in Geneva", D(2023, 6, 1), D(2023, 6, 30), "month", "Armenia", "talks"),
        _event("e4", "Election set for October 26", D(2024, 10, 26), country="Georgia", typ="election",
               status="scheduled"),
        _event("e5", "Georgia refused to take part", D(2023, 10, 18), D(2024, 10, 18), "unknown", "Georgia",
               "statement", file="a.txt"),
        _event("e6", "Peace agreement expected", D(2024, 11, 11), country="Armenia", typ="agreement",
               status="expected", disputed=True),
        _event("e7", "Drills denied", D(2023, 1, 10), country="Azerbaijan", typ="military", status="denied"),
    )
    return Corpus(arts, tuple(sorted(ev, key=lambda e: (e.interval.start, e.id))), ())


def rgb(img: QtGui.QImage, x: int, y: int) -> tuple[int, int, int]:
    c = img.pixelColor(x, y)
    return c.red(), c.green(), c.blue()


def close(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 40) -> bool:
    return sum(abs(p - q) for p, q in zip(a, b, strict=True)) <= tol


def neutral(c: tuple[int, int, int]) -> bool:
    return max(c) - min(c) <= 12


def hexrgb(color: str) -> tuple[int, int, int]:
    q = QtGui.QColor(color)
    return q.red(), q.green(), q.blue()


SETTINGS = X.ExportSettings(width=1400, height=800, title="Test timeline")


# -- pixels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("w", "h"), [(1920, 1080), (3840, 2160), (640, 480), (1000, 1400)])
def test_image_has_the_size_asked_for(qapp, w: int, h: int) -> None:
    img = X.render_image(corpus_small(), X.ExportSettings(width=w, height=h))
    assert (img.width(), img.height()) == (w, h)


def test_png_file_has_the_size_asked_for(qapp, tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    X.export_file(corpus_small(), out, X.ExportSettings(width=1234, height=567))
    img = QtGui.QImage(str(out))
    assert (img.width(), img.height()) == (1234, 567)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_background_is_the_print_white(qapp) -> None:
    img = X.render_image(corpus_small(), SETTINGS)
    white = hexrgb(X.THEME.background)
    for x, y in [(0, 0), (img.width() - 1, 0), (0, img.height() - 1), (img.width() - 1, img.height() - 1),
                 (img.width() // 2, 2)]:
        assert rgb(img, x, y) == white


def test_each_event_marker_colour_is_at_its_x(qapp) -> None:
    corpus = corpus_small()
    plan = X.plan_timeline(corpus, SETTINGS)
    img = X.render_image(corpus, SETTINGS)
    _left, top, _right, bottom = plan.plot
    assert len(plan.markers) == len(corpus.events)
    by_id = {e.id: e for e in corpus.events}
    for m in plan.markers:
        e = by_id[m.event_id]
        assert m.color == plan.type_colors[e.type]
        want = hexrgb(m.color)
        xs = range(int(m.x) - 1, int(m.x) + 2)
        found = any(close(rgb(img, x, y), want) for x in xs for y in range(int(top), int(bottom)))
        assert found, f"no {m.color} pixel at x={m.x:.0f} for {e.id}"


def test_markers_sit_at_their_dates(qapp) -> None:
    # Day events: x grows linearly with the date, the same scale for every pair.
    corpus = corpus_small()
    plan = X.plan_timeline(corpus, SETTINGS)
    x = {m.event_id: m.x for m in plan.markers}
    per_day_1 = (x["e1"] - x["e2"]) / (D(2024, 10, 18) - D(2022, 3, 16)).days
    per_day_2 = (x["e4"] - x["e1"]) / 8
    assert per_day_1 > 0
    assert per_day_2 == pytest.approx(per_day_1, rel=1e-6)
    left, _top, right, _bottom = plan.plot
    assert all(left <= v <= right for v in x.values())


def test_title_row_is_not_blank(qapp) -> None:
    plan = X.plan_timeline(corpus_small(), SETTINGS)
    img = X.render_image(corpus_small(), SETTINGS)
    title = next(lab for lab in plan.labels if lab.font == "title")
    fm = QtGui.QFontMetricsF(plan.fonts["title"])
    dark = 0
    for y in range(int(title.y - fm.ascent()), int(title.y + fm.descent())):
        for x in range(0, img.width() // 2, 2):
            if sum(rgb(img, x, y)) < 200:
                dark += 1
    assert dark > 100


def test_nothing_is_drawn_in_a_lane_without_events(qapp) -> None:
    # Azerbaijan's only event is in January 2023; from mid-2023 on its lane stays empty but is kept
    # (the lanes do not move between exports of different periods).
    corpus = corpus_small()
    s = X.ExportSettings(width=1400, height=800, date_from=D(2023, 6, 1), date_to=D(2024, 12, 31))
    plan = X.plan_timeline(corpus, s)
    img = X.render_image(corpus, s)
    lane = next(ln for ln in plan.lanes if ln[0] == "Azerbaijan")
    assert lane[3] == 0
    left, _t, right, _b = plan.plot
    marker_colours = {hexrgb(c) for c in plan.type_colors.values()}
    for y in range(int(lane[1]) + 2, int(lane[2]) - 1):
        for x in range(int(left), int(right)):
            c = rgb(img, x, y)
            assert neutral(c), f"coloured pixel {c} at {x},{y} in an empty lane"
            assert not any(close(c, mc, 60) for mc in marker_colours)
    # while a lane with events in range does have its colour
    busy = next(ln for ln in plan.lanes if ln[0] == "Georgia")
    assert busy[3] > 0


def test_empty_corpus_still_renders_a_page(qapp) -> None:
    img = X.render_image(Corpus((_article("a.txt", D(2024, 1, 1)),), (), ()), SETTINGS)
    assert img.width() == SETTINGS.width


def test_many_events_are_decluttered(qapp) -> None:
    # 600 events on a few days: all markers drawn, but only the titles that have room.
    ev = tuple(_event(f"x{i:03d}", f"Event number {i}", D(2024, 1, 1 + i % 20), country=f"C{i % 4}")
               for i in range(600))
    corpus = Corpus((_article("a.txt", D(2024, 2, 1)),), ev, ())
    plan = X.plan_timeline(corpus, SETTINGS)
    assert len(plan.markers) == 600
    labels = [lab for lab in plan.labels if lab.font == "label"]
    assert 0 < len(labels) < 600
    fm = QtGui.QFontMetricsF(plan.fonts["label"])
    boxes = [(lab.x, lab.y, lab.x + fm.horizontalAdvance(lab.text)) for lab in labels]
    for i, (x0, y0, x1) in enumerate(boxes):
        for u0, v0, u1 in boxes[i + 1:]:
            assert not (abs(y0 - v0) < 1 and x0 < u1 and u0 < x1), "two titles overlap"


# -- determinism, SVG, text as data -------------------------------------------------------------


def test_same_input_same_bytes(qapp) -> None:
    a = X.render_png(corpus_small(), SETTINGS)
    b = X.render_png(corpus_small(), SETTINGS)
    assert a == b
    assert X.render_svg(corpus_small(), SETTINGS) == X.render_svg(corpus_small(), SETTINGS)


def test_svg_is_vector_and_escapes_text(qapp, tmp_path: Path) -> None:
    out = tmp_path / "t.svg"
    hostile = "<script>alert(1)</script> & \"quotes\""
    X.export_file(corpus_small(), out, X.ExportSettings(width=1200, height=700, title=hostile))
    data = out.read_bytes()
    root = ET.fromstring(data)  # well-formed XML, whatever the title says
    assert root.tag.endswith("svg")
    assert b"<script" not in data
    texts = ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")]
    assert hostile in texts
    assert any("Lavrov meets Fidan" in t for t in texts)
    assert b"<image" not in data  # shapes, not a bitmap


def test_title_is_drawn_as_plain_text(qapp) -> None:
    plan = X.plan_timeline(corpus_small(), X.ExportSettings(title="<b>bold</b>"))
    assert any(lab.text == "<b>bold</b>" for lab in plan.labels)


# -- writing ------------------------------------------------------------------------------------


def test_missing_folder_is_a_clear_error(qapp, tmp_path: Path) -> None:
    with pytest.raises(X.ExportError, match="does not exist"):
        X.export_file(corpus_small(), tmp_path / "nope" / "t.png", SETTINGS)


def test_wrong_suffix_is_refused(qapp, tmp_path: Path) -> None:
    with pytest.raises(X.ExportError, match=r"\.png or \.svg"):
        X.export_file(corpus_small(), tmp_path / "t.jpg", SETTINGS)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_a_clear_error(qapp, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(X.ExportError, match="read-only"):
            X.export_file(corpus_small(), ro / "t.png", SETTINGS)
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_full_disk_leaves_no_partial_file(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "t.png"
    old.write_bytes(b"previous export")
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data)[:100])  # some bytes land, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(X.ExportError, match="disk is full"):
        X.export_file(corpus_small(), old, SETTINGS)
    monkeypatch.undo()
    assert old.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]


def test_size_out_of_range_is_an_export_error(qapp) -> None:
    with pytest.raises(X.ExportError, match="outside"):
        X.render_image(corpus_small(), X.ExportSettings(width=10, height=10))


# -- speed ----------------------------------------------------------------


def test_export_of_10k_events_is_fast(qapp) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        from bench_export import synth_corpus
    finally:
        sys.path.pop(0)
    corpus = synth_corpus(10_000)
    s = X.ExportSettings(width=3840, height=2160)
    X.render_png(corpus, X.ExportSettings(width=400, height=300))  # fonts and caches warm
    t0 = time.perf_counter()
    data = X.render_png(corpus, s)
    took = time.perf_counter() - t0
    assert data[:4] == b"\x89PNG"
    # The budget is 2 s (bench/bench_export.py); allow a busy test machine some slack.
    assert took < 4.0, f"{took:.2f} s"
