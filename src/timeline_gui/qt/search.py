"""The search bar: text, participant, type and date range, bound to the state's filter.

Every change goes to ``AppState.set_filter``; the timeline, map, list and counts all follow the
state. When the filter changes elsewhere (a participant clicked on the map), the bar shows it.
"""

from __future__ import annotations

import datetime as dt

from timeline_gui.core.filtering import Filter, event_types
from timeline_gui.qt.qt import QtCore, QtGui, QtWidgets
from timeline_gui.qt.state import AppState

ANY_PARTICIPANT = "Any participant"
ANY_TYPE = "Any type"
#: Below this width the bar takes two rows; the text field is never narrower than MIN_TEXT_PX.
WIDE_PX = 1000
MIN_TEXT_PX = 240


class SearchBar(QtWidgets.QWidget):
    """Filter controls and the "N of M events" count, with a Clear filter button."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.text = QtWidgets.QLineEdit(self)
        self.text.setObjectName("searchText")
        self.text.setPlaceholderText("Search titles, quotes, places… (Ctrl+F)")
        self.text.setClearButtonEnabled(True)
        self.participant = QtWidgets.QComboBox(self)
        self.participant.setObjectName("searchParticipant")
        self.participant.setEditable(True)
        self.participant.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.participant.setMinimumContentsLength(14)
        self.type = QtWidgets.QComboBox(self)
        self.type.setObjectName("searchType")
        self.use_dates = QtWidgets.QCheckBox("From", self)
        self.date_from = QtWidgets.QDateEdit(self)
        self.date_to = QtWidgets.QDateEdit(self)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setEnabled(False)
        self.count = QtWidgets.QLabel(self)
        self.count.setObjectName("searchCount")
        self.clear = QtWidgets.QPushButton("Clear filter", self)
        self.clear.setObjectName("clearFilter")
        self.to_label = QtWidgets.QLabel("to", self)
        self.text.setMinimumWidth(MIN_TEXT_PX)
        # Wide: one row. Narrower than WIDE_PX (a 1280-pixel screen's timeline pane): the date
        # range, the count and Clear filter go to a second row, so the text field keeps its room.
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.setSpacing(2)
        self.row1 = QtWidgets.QHBoxLayout()
        self.row2 = QtWidgets.QHBoxLayout()
        lay.addLayout(self.row1)
        lay.addLayout(self.row2)
        self.wide: bool | None = None
        self._arrange(False)  # the first resize event picks the arrangement
        self._updating = False
        # Typing re-filters after a short pause rather than on every key.
        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(180)
        self._debounce.timeout.connect(self.apply)
        self._participants_timer = QtCore.QTimer(self)
        self._participants_timer.setSingleShot(True)
        self._participants_timer.setInterval(0)
        self._participants_timer.timeout.connect(self.fill_participants)
        self.text.textEdited.connect(lambda _t: self._debounce.start())
        self.text.returnPressed.connect(self.apply)
        self.participant.activated.connect(lambda _i: self.apply())
        line = self.participant.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.apply)
        self.type.activated.connect(lambda _i: self.apply())
        self.use_dates.toggled.connect(self._on_dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.apply())
        self.date_to.dateChanged.connect(lambda _d: self.apply())
        self.clear.clicked.connect(state.clear_filter)
        state.corpusChanged.connect(self._fill_choices)
        state.filterChanged.connect(self._show_filter)
        state.corpusChanged.connect(self._show_filter)
        self._fill_choices()
        self.fill_participants()
        self._show_filter()

    def _arrange(self, wide: bool) -> None:
        if wide == self.wide:
            return
        self.wide = wide
        for row in (self.row1, self.row2):
            while row.count():
                row.takeAt(0)
        self.row1.addWidget(self.text, 3)
        self.row1.addWidget(self.participant, 2)
        self.row1.addWidget(self.type, 1)
        rest = self.row1 if wide else self.row2
        for w in (self.use_dates, self.date_from, self.to_label, self.date_to):
            rest.addWidget(w)
        if not wide:
            rest.addStretch(1)
        rest.addWidget(self.count)
        rest.addWidget(self.clear)

    def resizeEvent(self, ev: QtGui.QResizeEvent) -> None:
        self._arrange(ev.size().width() >= WIDE_PX)
        super().resizeEvent(ev)

    def _fill_choices(self) -> None:
        self._updating = True
        ev = self.state.events
        # Who takes part in what is worked out for the participant list, which nobody sees in
        # the first paint of a new corpus: it is filled just after (a zero timer runs once the
        # events already queued, the paint among them, are handled).
        self._participants_timer.start()
        self.type.clear()
        self.type.addItem(ANY_TYPE)
        for t in event_types(ev):
            self.type.addItem(t, t)
        rng = self.state.date_range()
        if rng:
            for w in (self.date_from, self.date_to):
                w.setDateRange(QtCore.QDate(rng[0].year - 5, 1, 1), QtCore.QDate(rng[1].year + 5, 12, 31))
            self.date_from.setDate(QtCore.QDate(rng[0].year, rng[0].month, rng[0].day))
            self.date_to.setDate(QtCore.QDate(rng[1].year, rng[1].month, rng[1].day))
        self._updating = False

    def fill_participants(self) -> None:
        """List the corpus's participants, busiest first (what the box shows is kept)."""
        self._participants_timer.stop()
        was_updating, self._updating = self._updating, True
        try:
            shown = self.participant.currentText()
            self.participant.clear()
            self.participant.addItem(ANY_PARTICIPANT)
            tip = QtCore.Qt.ItemDataRole.ToolTipRole
            for name, n in self.state.index.participation.most_common():
                self.participant.addItem(name, name)
                self.participant.setItemData(self.participant.count() - 1, f"{n} events", tip)
            self.participant.setCurrentText(shown)
        finally:
            self._updating = was_updating

    def _on_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply()

    def current_filter(self) -> Filter:
        """The filter the controls describe."""
        p = self.participant.currentText().strip()
        t = self.type.currentData()
        df: dt.date | None = None
        dt_: dt.date | None = None
        if self.use_dates.isChecked():
            df = self.date_from.date().toPython()  # type: ignore[assignment]
            dt_ = self.date_to.date().toPython()  # type: ignore[assignment]
        return Filter(
            text=self.text.text(),
            participant=None if not p or p == ANY_PARTICIPANT else p,
            type=t if isinstance(t, str) else None,
            date_from=df,
            date_to=dt_,
        )

    def apply(self) -> None:
        if not self._updating:
            self.state.set_filter(self.current_filter())

    def _show_filter(self) -> None:
        f = self.state.filter
        self._updating = True
        try:
            if self.text.text() != f.text:
                self.text.setText(f.text)
            self.participant.setCurrentText(f.participant or ANY_PARTICIPANT)
            k = self.type.findData(f.type) if f.type else 0
            self.type.setCurrentIndex(max(k, 0))
            self.use_dates.setChecked(bool(f.date_from or f.date_to))
            self.date_from.setEnabled(self.use_dates.isChecked())
            self.date_to.setEnabled(self.use_dates.isChecked())
            if f.date_from:
                self.date_from.setDate(QtCore.QDate(f.date_from.year, f.date_from.month, f.date_from.day))
            if f.date_to:
                self.date_to.setDate(QtCore.QDate(f.date_to.year, f.date_to.month, f.date_to.day))
        finally:
            self._updating = False
        shown, total = len(self.state.visible_events()), len(self.state.events)
        self.count.setText(f"{shown} of {total} events" if not f.is_empty else f"{total} events")
        self.clear.setEnabled(not f.is_empty)

    def focus_search(self) -> None:
        self.text.setFocus()
        self.text.selectAll()
