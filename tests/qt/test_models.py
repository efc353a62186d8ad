"""The event list: a table model checked by Qt's model tester, sorting, filtering, selection."""

from __future__ import annotations

from timeline_gui.core.filtering import Filter
from timeline_gui.qt.models import COLUMNS, ID_ROLE, EventTable, EventTableModel
from timeline_gui.qt.qt import Qt, QtCore, qt_test


def test_model_passes_the_model_tester_through_resets(qtbot, state) -> None:
    model = EventTableModel(state)
    tester = qt_test().QAbstractItemModelTester(
        model, qt_test().QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == len(state.events)
    assert model.columnCount() == len(COLUMNS)
    state.set_filter(Filter(type="meeting"))
    assert model.rowCount() == 4
    state.set_filter(Filter(text="no such words anywhere"))
    assert model.rowCount() == 0
    state.clear_filter()
    assert model.rowCount() == len(state.events)
    del tester


def test_table_sorts_by_date_and_by_title(qtbot, state) -> None:
    t = EventTable(state)
    qtbot.addWidget(t)
    ids = [t.source_model.index(r, 0).data(ID_ROLE) for r in range(t.source_model.rowCount())]
    starts = [state.corpus.events_by_id[i].interval.start for i in ids]
    assert starts == sorted(starts)
    t.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    titles = [t.source_model.index(r, 1).data() for r in range(t.source_model.rowCount())]
    assert [s.casefold() for s in titles] == sorted((s.casefold() for s in titles), reverse=True)


def test_participant_filter_reduces_rows_and_selection_is_shared(qtbot, state) -> None:
    t = EventTable(state)
    qtbot.addWidget(t)
    state.set_filter(Filter(participant="Turkey"))
    assert t.source_model.rowCount() == 3
    # choosing a row selects the event in the state...
    idx = t.source_model.index(1, 0)
    t.selectionModel().setCurrentIndex(idx, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert state.selection == idx.data(ID_ROLE)
    # ...and selecting elsewhere moves the table's current row
    state.select("antalya")
    assert t.currentIndex().data(ID_ROLE) == "antalya"


def test_the_date_column_shows_an_undated_event_whole(qtbot, state) -> None:
    from timeline_gui.qt.models import EventTable

    t = EventTable(state)
    qtbot.addWidget(t)
    t.resize(900, 300)
    t.show()
    m = t.source_model
    texts = [m.data(m.index(r, 0)) for r in range(m.rowCount())]
    widest = max(t.fontMetrics().horizontalAdvance(s) for s in texts)
    assert any("undated" in s for s in texts)
    assert t.columnWidth(0) >= widest + 8


def test_sorting_passes_the_model_tester_and_keeps_the_selected_row(qtbot, state) -> None:
    t = EventTable(state)
    qtbot.addWidget(t)
    tester = qt_test().QAbstractItemModelTester(
        t.source_model, qt_test().QAbstractItemModelTester.FailureReportingMode.Fatal)
    state.select("antalya")
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            t.sortByColumn(column, order)
            m = t.source_model
            keys = [EventTableModel.sort_key(column)(m.event_at(r)) for r in range(m.rowCount())]
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
            # the selection follows its event to its new row
            assert t.currentIndex().data(ID_ROLE) == "antalya"
            assert m.row_of("antalya") == t.currentIndex().row()
    # a filter keeps the order chosen
    state.set_filter(Filter(participant="Turkey"))
    m = t.source_model
    keys = [EventTableModel.sort_key(6)(m.event_at(r)) for r in range(m.rowCount())]
    assert keys == sorted(keys, reverse=True) and m.rowCount() == 3
    del tester


def test_a_large_corpus_is_sorted_without_asking_every_row_for_its_data(qtbot, monkeypatch) -> None:
    # Sorting through data() (as a sort proxy does) asks it twice per comparison: hundreds of
    # thousands of calls at twenty thousand events. The view should only ask for the rows it shows.
    import sys
    from pathlib import Path

    from timeline_gui.qt import models as models_mod
    from timeline_gui.qt.state import AppState

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import synthetic_corpus

    calls = [0]

    class Counting(EventTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            calls[0] += 1
            return super().data(index, role)

    monkeypatch.setattr(models_mod, "EventTableModel", Counting)
    state = AppState(synthetic_corpus(20_000))
    t = EventTable(state)
    qtbot.addWidget(t)
    t.resize(800, 400)
    t.show()
    state.set_filter(Filter(type="meeting"))
    state.clear_filter()
    t.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.wait(10)
    assert isinstance(t.source_model, Counting) and t.source_model.rowCount() == 20_000
    assert 0 < calls[0] < 10_000
