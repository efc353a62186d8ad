"""The pure timeline layout: date mapping, ticks, lanes, stacking, decluttering, density, words."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from timeline_gui.core import layout as L
from timeline_gui.core.model import Event, Interval, Participant, Span


def ev(i: int, start: dt.date, end: dt.date | None = None, gran: str = "day", parts=(), typ="meeting",
       file="a.txt") -> Event:
    iv = Interval(start, end or start, gran)  # type: ignore[arg-type]
    q = Span(file, 0, 4, "text")
    return Event(f"e{i}", f"Event {i}", typ, "happened", iv, "", None, tuple(parts), None, (q,))


def test_date_x_round_trip_and_interval_covers_whole_days() -> None:
    d = dt.date(2024, 10, 18)
    assert L.x_to_date(L.date_to_x(d)) == d
    assert L.x_to_date(L.date_to_x(d) + 0.99) == d
    assert L.date_to_x(dt.date(1970, 1, 1)) == 0.0
    x0, x1 = L.interval_x(Interval(dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season"))
    assert x1 - x0 == 122


@pytest.mark.parametrize(
    ("days", "unit"),
    [(365.25 * 80, "year"), (365.25 * 15, "year"), (400, "month"), (60, "week"), (10, "day")],
)
def test_ticks_adapt_from_decades_to_days(days: float, unit: str) -> None:
    x0 = L.date_to_x(dt.date(2000, 1, 1))
    got_unit, _count = L.tick_step(x0, x0 + days, 1000)
    assert got_unit == unit
    ticks = L.date_ticks(x0, x0 + days, 1000)
    majors = [t for t in ticks if t.major]
    assert 2 <= len(majors) <= 20
    # labelled ticks are at least the minimum spacing apart at this width
    xs = np.array([t.x for t in majors])
    assert np.all(np.diff(xs) * 1000 / days >= 40)
    assert all(t.label for t in majors)
    assert all(not t.label for t in ticks if not t.major)


def test_ticks_decades_labelled_as_decades() -> None:
    x0 = L.date_to_x(dt.date(1900, 1, 1))
    ticks = L.date_ticks(x0, L.date_to_x(dt.date(2020, 1, 1)), 800)
    labels = [t.label for t in ticks if t.major]
    assert "1950s" in labels or "1950" in labels
    assert L.date_ticks(5.0, 5.0, 800) == []


def test_day_ticks_show_day_and_month() -> None:
    x0 = L.date_to_x(dt.date(2024, 10, 14))
    labels = [t.label for t in L.date_ticks(x0, x0 + 7, 1200) if t.major]
    assert labels[0] == "14 Oct 2024"
    assert "18 Oct" in labels


def test_lane_key_prefers_the_host_country() -> None:
    e = ev(1, dt.date(2024, 1, 1), parts=[Participant("Iran", "country"), Participant("Turkey", "country", "host")])
    assert L.lane_key(e, "country") == "Turkey"
    assert L.lane_key(e, "type") == "meeting"
    assert L.lane_key(e, "article") == "a.txt"
    p = ev(2, dt.date(2024, 1, 1), parts=[Participant("Lavrov", "person", "speaker", "Russia")])
    assert L.lane_key(p, "country") == "Russia"
    assert L.lane_key(ev(3, dt.date(2024, 1, 1)), "country") == L.OTHER_LANE


def test_build_lanes_orders_by_frequency_and_caps_with_other() -> None:
    evs = [ev(i, dt.date(2024, 1, 1), parts=[Participant(c, "country")]) for i, c in
           enumerate(["A", "B", "B", "C", "C", "C", "D"])]
    lanes = L.build_lanes(evs, "country", max_lanes=3)
    assert lanes.names == ("C", "B", L.OTHER_LANE)
    assert [lanes.names[i] for i in lanes.index] == ["Other", "B", "B", "C", "C", "C", "Other"]


def test_stack_rows_never_overlaps_within_a_row() -> None:
    rng = np.random.default_rng(1)
    x0 = rng.uniform(0, 100, 300)
    x1 = x0 + rng.uniform(1, 10, 300)
    rows = L.stack_rows(x0, x1, max_rows=1000)
    for r in np.unique(rows):
        sel = np.nonzero(rows == r)[0]
        o = np.argsort(x0[sel])
        assert np.all(x0[sel][o][1:] >= x1[sel][o][:-1])
    capped = L.stack_rows(x0, x1, max_rows=4)
    assert capped.max() == 3


def test_layout_rows_stacks_same_day_events_and_separates_lanes() -> None:
    d = dt.date(2024, 10, 18)
    evs = [ev(0, d, parts=[Participant("A", "country")]), ev(1, d, parts=[Participant("A", "country")]),
           ev(2, d, parts=[Participant("B", "country")])]
    arr = L.event_arrays(evs)
    lanes = L.build_lanes(evs, "country")
    rows = L.layout_rows(arr, lanes)
    assert list(rows.lane_rows) == [2, 1]
    assert sorted(rows.y[:2]) == [0.5, 1.5]
    assert rows.y[2] == 2.5
    assert rows.total == 3


def test_layout_rows_under_a_filter_counts_only_the_visible_events() -> None:
    d = dt.date(2024, 10, 18)
    a, b = [Participant("A", "country")], [Participant("B", "country")]
    evs = [ev(0, d, parts=a), ev(1, d, parts=a), ev(2, d, parts=a), ev(3, d, parts=b), ev(4, d, parts=b)]
    arr = L.event_arrays(evs)
    lanes = L.build_lanes(evs, "country")
    assert list(L.layout_rows(arr, lanes).lane_rows) == [3, 2]
    visible = np.array([False, True, False, True, True])
    rows = L.layout_rows(arr, lanes, visible=visible)
    # Lane A keeps one row for its one visible event, not three; lane B still needs two.
    assert list(rows.lane_rows) == [1, 2]
    assert rows.y[1] == 0.5
    assert sorted(rows.y[3:]) == [1.5, 2.5]
    assert rows.total == 3


def test_event_arrays_kinds_and_unknown_anchor_at_upper_bound() -> None:
    evs = [ev(0, dt.date(2024, 1, 1)), ev(1, dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season"),
           ev(2, dt.date(2023, 1, 1), dt.date(2024, 1, 1), "unknown")]
    a = L.event_arrays(evs)
    assert list(a.kind) == [L.KIND_POINT, L.KIND_BAND, L.KIND_UNKNOWN]
    assert a.anchor[2] == L.date_to_x(dt.date(2024, 1, 1)) + 0.5


def test_declutter_keeps_no_overlapping_boxes() -> None:
    rng = np.random.default_rng(2)
    left = rng.uniform(0, 1000, 500)
    top = rng.integers(0, 20, 500).astype(float) * 15
    right, bottom = left + rng.uniform(20, 150, 500), top + 14
    kept = L.declutter(left, top, right, bottom)
    assert 10 < len(kept) < 500
    for a in kept:
        for b in kept:
            if a < b:
                assert not (left[a] < right[b] and left[b] < right[a] and top[a] < bottom[b] and top[b] < bottom[a])
    # the first priority always wins
    assert L.declutter(left, top, right, bottom, priority=[7, 3])[0] == 7


def test_density_and_aggregation_bound_the_drawing() -> None:
    x = np.array([0.5, 0.6, 5.5, 9.9])
    edges, counts = L.density(x, 0, 10, 10)
    assert counts.sum() == 4 and counts[0] == 2 and len(edges) == 11
    px = np.random.default_rng(3).uniform(0, 300, 100_000)
    py = np.zeros_like(px)
    reps, cnt = L.aggregate_points(px, py, cell=3)
    assert len(reps) <= 101 and cnt.sum() == 100_000


@pytest.mark.parametrize(
    ("start", "end", "gran", "text", "words"),
    [
        (dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season", "late 2020", "late 2020 · Sep–Dec 2020"),
        (dt.date(2024, 10, 18), None, "day", "", "18 October 2024"),
        (dt.date(2024, 10, 18), None, "day", "on Friday", "on Friday · 18 October 2024"),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year", "in 2020", "in 2020 · 2020"),
        (dt.date(2024, 10, 14), dt.date(2024, 10, 20), "week", "", "14–20 Oct 2024"),
    ],
)
def test_date_in_words(start, end, gran, text, words) -> None:
    assert L.date_in_words(Interval(start, end or start, gran), text) == words


def test_unknown_date_in_words_says_the_bound() -> None:
    w = L.date_in_words(Interval(dt.date(2021, 3, 16), dt.date(2022, 3, 16), "unknown"))
    assert "no later than 16 March 2022" in w


def test_palette_is_okabe_ito_and_other_is_grey() -> None:
    assert L.palette_color(0) == "#0072B2"
    assert L.palette_color(3, L.OTHER_LANE) == L.OTHER_COLOR
    assert len(set(L.OKABE_ITO)) == len(L.OKABE_ITO)


def test_bulk_span_leaves_out_a_far_outlier_and_keeps_a_spread_corpus_whole() -> None:
    xs = np.array([L.date_to_x(dt.date(2009, 5, 1))]
                  + [L.date_to_x(dt.date(2022, 1, 1)) + 30.0 * k for k in range(30)])
    lo, hi = L.bulk_span(xs)
    assert lo >= L.date_to_x(dt.date(2022, 1, 1)) and hi <= xs.max()
    assert (xs >= lo).sum() >= 0.9 * len(xs)
    even = np.arange(0.0, 1000.0, 10.0)
    assert L.bulk_span(even) == (0.0, 990.0)  # 90% of an even spread is not much shorter
    assert L.bulk_span(np.array([])) == (0.0, 0.0)
    assert L.bulk_span(np.array([5.0, 5.0])) == (5.0, 5.0)


def test_overlapping_finds_exactly_the_intervals_a_full_scan_finds() -> None:
    rng = np.random.default_rng(11)
    n = 5000
    x0 = rng.uniform(0, 10_000, n).round()
    # points, days, months, years and a few decades long
    x1 = x0 + rng.choice([0.0, 1.0, 30.0, 365.0, 4000.0], n, p=[0.3, 0.3, 0.2, 0.15, 0.05])
    ids = rng.permutation(n) + 100
    index = L.interval_index(x0, x1, ids)
    assert len(index) == n
    for lo, hi in [(-50.0, -1.0), (0.0, 10_000.0), (5000.0, 5000.0), (1234.5, 1300.0), (9990.0, 20_000.0)]:
        want = np.sort(ids[(x1 >= lo) & (x0 <= hi)])
        got = L.overlapping(index, lo, hi)
        assert np.array_equal(got, want), (lo, hi)
        assert np.array_equal(np.sort(L.overlapping(index, lo, hi, ordered=False)), want)


def test_overlapping_includes_touching_edges_and_handles_points_and_no_intervals() -> None:
    index = L.interval_index(np.array([10.0, 20.0, 30.0]), np.array([10.0, 25.0, 31.0]))
    assert L.overlapping(index, 10.0, 10.0).tolist() == [0]  # a point on the edge
    assert L.overlapping(index, 25.0, 30.0).tolist() == [1, 2]  # touching ends on both sides
    assert L.overlapping(index, 11.0, 19.9).tolist() == []
    empty = L.interval_index(np.zeros(0), np.zeros(0))
    assert len(empty) == 0 and L.overlapping(empty, 0.0, 1.0).tolist() == []


def _grid_cover(ox0, ox1, oy0, oy1, bx0, bx1, by0, by1, w, h):
    """The reference: a coverage grid and its summed-area table."""
    cover = np.zeros((h, w), dtype=np.int64)
    for a, b, c, d in zip(ox0, ox1, oy0, oy1, strict=True):
        cover[c:d, a:b] += 1
    sat = np.zeros((h + 1, w + 1), dtype=np.int64)
    sat[1:, 1:] = cover.cumsum(0).cumsum(1)
    return sat[by1, bx1] - sat[by0, bx1] - sat[by1, bx0] + sat[by0, bx0]


def test_cover_counts_equal_a_summed_area_table_of_the_obstacles() -> None:
    rng = np.random.default_rng(4)
    w, h = 120, 40
    gx, gy = rng.integers(0, w, 300), rng.integers(0, 8, 300) * 5 + 2  # markers on a few rows
    ox0, ox1 = np.clip(gx - 2, 0, w), np.clip(gx + 3, 0, w)
    oy0, oy1 = np.clip(gy - 2, 0, h), np.clip(gy + 3, 0, h)
    bx0 = rng.integers(0, w, 200)
    bx1 = np.clip(bx0 + rng.integers(-3, 40, 200), 0, w)  # some empty or upside-down boxes too
    by0 = rng.integers(0, h, 200)
    by1 = np.clip(by0 + rng.integers(-1, 6, 200), 0, h)
    got = L.cover_counts(ox0, ox1, oy0, oy1, bx0, bx1, by0, by1)
    assert np.array_equal(got, _grid_cover(ox0, ox1, oy0, oy1, bx0, bx1, by0, by1, w, h))
    assert (got == 0).any() and (got > 0).any()


def test_cover_counts_without_obstacles_or_boxes() -> None:
    none = np.zeros(0, dtype=np.int64)
    one = np.array([3])
    assert L.cover_counts(none, none, none, none, one, one + 2, one, one + 1).tolist() == [0]
    assert L.cover_counts(one, one + 1, one, one + 1, none, none, none, none).tolist() == []


def test_a_cover_grid_answers_several_queries_like_one_call_each() -> None:
    rng = np.random.default_rng(8)
    w, h = 60, 30
    gx, gy = rng.integers(0, w, 80), rng.integers(0, 6, 80) * 5
    obstacles = (np.clip(gx - 2, 0, w), np.clip(gx + 3, 0, w), np.clip(gy - 2, 0, h), np.clip(gy + 3, 0, h))
    grid = L.cover_grid(*obstacles, w + 1)
    for _ in range(3):
        bx0 = rng.integers(0, w, 50)
        bx1 = np.clip(bx0 + rng.integers(0, 20, 50), 0, w)
        by0 = rng.integers(0, h, 50)
        by1 = np.clip(by0 + 4, 0, h)
        assert np.array_equal(grid.counts(bx0, bx1, by0, by1), _grid_cover(*obstacles, bx0, bx1, by0, by1, w, h))
    assert L.cover_grid(*(np.zeros(0, dtype=np.int64),) * 4, 10).counts(bx0, bx1, by0, by1).tolist() == [0] * 50


def _stack_rows_reference(x0: np.ndarray, x1: np.ndarray, max_rows: int, gap: float) -> list[int]:
    """The greedy colouring stated plainly: free rows and busy (end, row) pairs in heaps."""
    import heapq

    rows = [0] * len(x0)
    free = list(range(max_rows))
    busy: list[tuple[float, int]] = []
    for i in np.lexsort((-(x1 - x0), x0)).tolist():
        while busy and busy[0][0] + gap <= x0[i]:
            heapq.heappush(free, heapq.heappop(busy)[1])
        r = heapq.heappop(free) if free else heapq.heappop(busy)[1]
        rows[i] = r
        heapq.heappush(busy, (float(x1[i]), r))
    return rows


@pytest.mark.parametrize("max_rows,gap", [(6, 0.0), (2, 0.0), (4, 3.0), (1000, 0.0)])
def test_stack_rows_is_the_greedy_colouring(max_rows: int, gap: float) -> None:
    rng = np.random.default_rng(max_rows)
    # days and multi-day bands on whole days, many sharing a start (as a timeline's events do)
    x0 = rng.integers(0, 120, 2000).astype(np.float64)
    x1 = x0 + np.where(rng.random(2000) < 0.8, 1.0, rng.integers(2, 60, 2000))
    assert L.stack_rows(x0, x1, max_rows=max_rows, gap=gap).tolist() == _stack_rows_reference(x0, x1, max_rows, gap)


def test_build_lanes_follows_lane_key_in_every_mode() -> None:
    rnd = np.random.default_rng(3)
    names = ["A", "B", "C", "D"]
    evs = []
    for i in range(300):
        parts = [Participant(str(rnd.choice(names)), str(rnd.choice(["country", "person"])),  # type: ignore[arg-type]
                             rnd.choice([None, "host", "speaker", "attendee"]), rnd.choice([None, "", "B", "E"]))
                 for _ in range(int(rnd.integers(0, 4)))]
        evs.append(ev(i, dt.date(2024, 1, 1), parts=parts, typ=str(rnd.choice(["meeting", "talks", ""])),
                      file=f"{int(rnd.integers(0, 30))}.txt"))
    for mode in L.LANE_MODES:
        lanes = L.build_lanes(evs, mode, max_lanes=4)
        keys = [L.lane_key(e, mode) for e in evs]
        shown = [lanes.names[i] for i in lanes.index]
        assert all(s == k or s == L.OTHER_LANE for s, k in zip(shown, keys, strict=True))


def test_event_arrays_from_known_ordinals_are_the_same() -> None:
    evs = [ev(0, dt.date(2024, 1, 1)), ev(1, dt.date(2020, 9, 1), dt.date(2020, 12, 31), "season"),
           ev(2, dt.date(2023, 1, 1), dt.date(2024, 1, 1), "unknown")]
    a = L.event_arrays(evs)
    start = np.array([e.interval.start.toordinal() for e in evs])
    end = np.array([e.interval.end.toordinal() for e in evs])
    b = L.event_arrays(evs, start, end)
    for f in ("x0", "x1", "kind"):
        assert getattr(a, f).tolist() == getattr(b, f).tolist()
    assert a.x1.tolist() == [L.interval_x(e.interval)[1] for e in evs]
