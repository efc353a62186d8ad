"""The event list: a table model over the filtered events, sortable, and its view.

Qt item views show ``DisplayRole`` strings as plain text, so article text needs no escaping there;
tooltips are rich text and are escaped.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np

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
    """One row per visible event (the state's filter applies), columns :data:`COLUMNS`; sorts itself.

    The rows are sorted here, with one key per row, rather than by a ``QSortFilterProxyModel``: a
    proxy compares rows through ``data()``, two Python calls per comparison, which at a hundred
    thousand events is millions of calls and most of a minute each time the corpus or the filter
    changes. The sort keys are those of :data:`SORT_ROLE`.
    """

    def __init__(self, state: AppState, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        # The visible events in the state's order, and as shown (sorted by ``_order``, if set).
        self._base: list[Event] = list(state.visible_events())
        self._positions = np.nonzero(state.visible_mask)[0]  # of the _base events in the corpus
        self._index = state.index
        self._order: tuple[int, Qt.SortOrder] | None = None
        self._events = self._base
        self._rows: dict[str, int] | None = None  # row of each event id, made when first asked
        state.corpusChanged.connect(self.reload)
        state.filterChanged.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        self._base = list(self.state.visible_events())
        self._positions = np.nonzero(self.state.visible_mask)[0]
        self._index = self.state.index
        self._events = self._sorted()
        self._rows = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``column`` (a column out of range: the state's order), keeping the
        selection and any other persistent index on the same event."""
        self.layoutAboutToBeChanged.emit()
        old = self._events
        self._order = (column, order) if 0 <= column < len(COLUMNS) else None
        self._events = self._sorted()
        self._rows = None
        new_row = {id(e): r for r, e in enumerate(self._events)}
        before = self.persistentIndexList()
        after = [self.index(new_row[id(old[i.row()])], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted(self) -> list[Event]:
        if self._order is None:
            return self._base
        column, order = self._order
        descending = order == Qt.SortOrder.DescendingOrder
        if column == 0:
            # The dates are columns of the state's index already: one stable numpy sort instead
            # of a key per row (as sorted() would order them, ties in the state's order).
            start, end = self._index.start[self._positions], self._index.end[self._positions]
            rows = np.lexsort((-end, -start) if descending else (end, start))
            if bool(np.all(rows[1:] > rows[:-1])):
                return self._base  # the usual case: the corpus comes in date order
            return [self._base[i] for i in rows.tolist()]
        return sorted(self._base, key=self.sort_key(column), reverse=descending)

    @classmethod
    def sort_key(cls, column: int) -> Any:
        """The key rows are sorted by in ``column``: what :data:`SORT_ROLE` gives."""
        if column == 0:
            return lambda e: (e.interval.start, e.interval.end)
        if column == 6:
            return lambda e: len(e.quotes)
        return lambda e: (cls._display(e, column) or "").casefold()

    def event_at(self, row: int) -> Event:
        return self._events[row]

    def row_of(self, event_id: str) -> int | None:
        if self._rows is None:
            rows: dict[str, int] = {}
            for r, e in enumerate(self._events):
                rows.setdefault(e.id, r)  # the first row of an id, should two events share one
            self._rows = rows
        return self._rows.get(event_id)

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
            key = self.sort_key(c)(e)
            return f"{key[0].isoformat()} {key[1].isoformat()}" if c == 0 else key
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
        self.setModel(self.source_model)
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
        self.source_model.modelReset.connect(lambda: self._on_selection(state.selection))

    def _on_row(self, current: QtCore.QModelIndex, _prev: QtCore.QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self.state.select(self.source_model.data(current, ID_ROLE))

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
            idx = self.source_model.index(row, 0)
            flags = QtCore.QItemSelectionModel.SelectionFlag
            self.selectionModel().setCurrentIndex(idx, flags.ClearAndSelect | flags.Rows)
            self.scrollTo(idx)
        finally:
            self._syncing = False
