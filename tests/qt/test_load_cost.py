"""What a new corpus costs the window: columns only the first paint needs are made at once; the
search text, who takes part in what (for the participant list) and the time order for stepping
wait until they are used, and a filter reuses what the corpus alone decides."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from timeline_gui.core import filtering
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.filtering import Filter, matches, participant_names
from timeline_gui.qt.models import EventTable
from timeline_gui.qt.qt import Qt, QtWidgets
from timeline_gui.qt.search import ANY_PARTICIPANT, SearchBar
from timeline_gui.qt.state import AppState
from timeline_gui.qt.timeline import TimelineView


@pytest.fixture(scope="module")
def big() -> Corpus:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import synthetic_corpus

    return synthetic_corpus(5_000)


def shuffled(corpus: Corpus) -> Corpus:
    """The same events out of date order (a corpus need not come sorted)."""
    ev = list(corpus.events)
    ev = ev[1::2] + ev[::2][::-1]
    return Corpus(corpus.articles, tuple(ev), ())


def test_a_new_corpus_makes_no_search_text_and_the_first_search_finds_what_the_rule_does(
        qtbot, monkeypatch, big) -> None:
    calls = [0]
    real = filtering.search_text

    def counting(e):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(e)

    monkeypatch.setattr(filtering, "search_text", counting)
    state = AppState()
    views = [SearchBar(state), TimelineView(state), EventTable(state)]
    for v in views:
        qtbot.addWidget(v)
    state.set_corpus(big)
    state.clear_filter()
    state.update_filter(participant="Russia")
    state.clear_filter()
    assert calls[0] == 0
    for text in ("talks", "MEETING russia", "no such words"):
        f = Filter(text=text)
        state.set_filter(f)
        assert calls[0] == len(big.events)  # made once, on the first text search
        assert state.visible_events() == [e for e in big.events if matches(e, f)]
        calls[0] = len(big.events)  # (the rule above asks for them too)


def test_the_participant_list_is_filled_after_the_corpus_arrives(qtbot, big) -> None:
    state = AppState()
    bar = SearchBar(state)
    qtbot.addWidget(bar)
    state.set_corpus(big)
    assert "participation" not in vars(state.index)
    qtbot.waitUntil(lambda: bar.participant.count() > 1)
    counts: Counter[str] = Counter()
    for e in big.events:
        counts.update(dict.fromkeys(participant_names(e), 1))
    items = [bar.participant.itemText(i) for i in range(bar.participant.count())]
    assert items == [ANY_PARTICIPANT] + [n for n, _ in counts.most_common()]
    assert bar.participant.currentText() == ANY_PARTICIPANT


def test_a_filter_reuses_the_corpus_lanes(qtbot, monkeypatch, big) -> None:
    from timeline_gui.core import layout

    built: list[str] = []
    real = layout.build_lanes

    def counting(events, mode, max_lanes=10):  # type: ignore[no-untyped-def]
        built.append(mode)
        return real(events, mode, max_lanes)

    monkeypatch.setattr(layout, "build_lanes", counting)
    state = AppState()
    view = TimelineView(state)
    qtbot.addWidget(view)
    built.clear()
    state.set_corpus(big)
    unfiltered = view.data.rows.y.copy()
    state.update_filter(type="meeting")
    state.clear_filter()
    state.set_lane_mode("type")
    state.set_lane_mode("country")
    assert built == ["country", "type"]
    assert (view.data.rows.y == unfiltered).all()
    state.set_corpus(shuffled(big))
    assert built == ["country", "type", "country"]


def test_stepping_goes_by_date_whatever_the_corpus_order(big) -> None:
    corpus = shuffled(big)
    state = AppState(corpus)
    ev = corpus.events
    want = sorted(range(len(ev)), key=lambda i: (ev[i].interval.start, ev[i].interval.end, i))
    state.update_filter(type="meeting")
    want = [ev[i].id for i in want if ev[i].type == "meeting"]
    got = []
    for _ in range(40):
        state.step(+1)
        got.append(state.selection)
    assert got == want[:40]
    state.step(-1)
    assert state.selection == want[38]


def test_the_table_sorts_dates_as_before_whatever_the_corpus_order(qtbot, big) -> None:
    state = AppState(shuffled(big))
    table = EventTable(state)
    qtbot.addWidget(table)
    m = table.source_model
    state.update_filter(participant="Turkey")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        table.sortByColumn(0, order)
        want = sorted(state.visible_events(), key=lambda e: (e.interval.start, e.interval.end),
                      reverse=order == Qt.SortOrder.DescendingOrder)
        assert [m.event_at(r) for r in range(m.rowCount())] == want


def test_the_map_counts_shared_events_once_per_corpus(qtbot, monkeypatch, big) -> None:
    from timeline_gui.qt.mapview import MapView

    calls = [0]
    real = filtering.Participation.shared

    def counting(self, *a, **k):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(self, *a, **k)

    monkeypatch.setattr(filtering.Participation, "shared", counting)
    state = AppState()
    m = MapView(state)
    qtbot.addWidget(m)
    m.resize(600, 500)
    m.show()
    QtWidgets.QApplication.processEvents()
    calls[0] = 0
    state.set_corpus(big)
    assert calls[0] == 1
    assert len(m._dynamic_items) > 0  # the lines between participants
    state.select(big.events[0].id)
    state.select(None)
    assert calls[0] == 1
