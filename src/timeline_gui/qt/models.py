"""The event list: a table model over the filtered events, sortable, and its view.

Qt item views show ``DisplayRole`` strings as plain text, so article text needs no escaping there;
tooltips are rich text and are escaped.
"""

from __future__ import annotations

import html
from typing import Any

from timeline_gui.core.layout import date_in_words, interval_words
from timeline_gui.core.model import Event
from timeline_gui.qt.qt import Qt, QtCore, QtWidgets
from timeline_gui.qt.state import AppState

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ModelIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_ROOT = QtCore.QModelIndex()

COLUMNS = ("Date", "Title", "Type", "Status", "Place", "Participants", "Sources")


class EventTableModel(QtCore.QAbstractTableModel):
    """One row per visible event (the state's filter applies), columns :data:`COLUMNS`."""

    def __init__(self, state: AppState, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._events: list[Event] = list(state.visible_events())
        state.corpusChanged.connect(self.reload)
        state.filterChanged.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        self._events = list(self.state.visible_events())
        self.endResetModel()

    def event_at(self, row: int) -> Event:
        return self._events[row]

    def row_of(self, event_id: str) -> int | None:
        for r, e in enumerate(self._events):
            if e.id == event_id:
                return r
        return None

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == DISPLAY and horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._events)):
            return None
        e = self._events[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, c)
        if role == SORT_ROLE:
            if c == 0:
                return f"{e.interval.start.isoformat()} {e.interval.end.isoformat()}"
            if c == 6:
                return len(e.quotes)
            return (self._display(e, c) or "").casefold()
        if role == ID_ROLE:
            return e.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 0:
                return html.escape(date_in_words(e.interval, e.date_text))
            return html.escape(self._display(e, c) or "")
        return None

    @staticmethod
    def _display(e: Event, c: int) -> str:
        if c == 0:
            w = interval_words(e.interval)
            return f"≤ {e.interval.end.isoformat()} (undated)" if e.interval.granularity == "unknown" else w
        if c == 1:
            return ("⚠ " if e.disputed else "") + e.title
        if c == 2:
            return e.type
        if c == 3:
            return e.status
        if c == 4:
            return e.place or ""
        if c == 5:
            return ", ".join(p.name for p in e.participants)
        return str(len(e.quotes))


class EventTable(QtWidgets.QTableView):
    """The sortable event list, two-way bound to the state's selection."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.source_model = EventTableModel(state, self)
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        hh = self.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        # The date column fits its longest usual value; the title takes what is left.
        fm = self.fontMetrics()
        date_w = fm.horizontalAdvance("≤ 2024-10-18 (undated)") + 18
        for c, w in ((0, date_w), (2, 80), (3, 76), (4, 80), (5, 140), (6, 56)):
            self.setColumnWidth(c, w)
        self._syncing = False
        self.selectionModel().currentRowChanged.connect(self._on_row)
        state.selectionChanged.connect(self._on_selection)
        self.proxy.modelReset.connect(lambda: self._on_selection(state.selection))

    def _on_row(self, current: QtCore.QModelIndex, _prev: QtCore.QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.state.select(self.proxy.data(current, ID_ROLE))

    def _on_selection(self, event_id: str | None) -> None:
        self._syncing = True
        try:
            if event_id is None:
                self.clearSelection()
                return
            row = self.source_model.row_of(event_id)
            if row is None:
                self.clearSelection()
                return
            idx = self.proxy.mapFromSource(self.source_model.index(row, 0))
            flags = QtCore.QItemSelectionModel.SelectionFlag
            self.selectionModel().setCurrentIndex(idx, flags.ClearAndSelect | flags.Rows)
            self.scrollTo(idx)
        finally:
            self._syncing = False
