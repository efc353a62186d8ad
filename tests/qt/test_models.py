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
    ids = [t.proxy.index(r, 0).data(ID_ROLE) for r in range(t.proxy.rowCount())]
    starts = [state.corpus.events_by_id[i].interval.start for i in ids]
    assert starts == sorted(starts)
    t.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    titles = [t.proxy.index(r, 1).data() for r in range(t.proxy.rowCount())]
    assert [s.casefold() for s in titles] == sorted((s.casefold() for s in titles), reverse=True)


def test_participant_filter_reduces_rows_and_selection_is_shared(qtbot, state) -> None:
    t = EventTable(state)
    qtbot.addWidget(t)
    state.set_filter(Filter(participant="Turkey"))
    assert t.proxy.rowCount() == 3
    # choosing a row selects the event in the state...
    idx = t.proxy.index(1, 0)
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
    m = t.proxy
    texts = [m.data(m.index(r, 0)) for r in range(m.rowCount())]
    widest = max(t.fontMetrics().horizontalAdvance(s) for s in texts)
    assert any("undated" in s for s in texts)
    assert t.columnWidth(0) >= widest + 8
