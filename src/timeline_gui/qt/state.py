"""The window's single source of truth: corpus, selection, filter and lane mode.

Every view receives the same :class:`AppState`, reads from it and listens to its signals; views
never talk to each other. Changing something is a call on the state (``state.select(id)``), which
emits a signal only when the value really changes, so views may call setters freely from their own
slots without feedback loops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from timeline_gui.core.filtering import BoolArray, EventIndex, Filter, IntArray
from timeline_gui.core.layout import LANE_MODES, LaneMode
from timeline_gui.core.model import Event
from timeline_gui.qt.qt import QtCore, Signal

if TYPE_CHECKING:
    from timeline_gui.core.corpus import Corpus


class _NoCorpus:
    """What the state holds before a corpus arrives: empty, and without importing the
    extraction stack that :mod:`timeline_gui.core.corpus` pulls in (start-up time)."""

    articles: tuple[Any, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Any, ...] = ()
    events_by_id: dict[str, Event] = {}  # noqa: RUF012  (never mutated)


class AppState(QtCore.QObject):
    """Corpus, selection (an event id or None), filter and lane mode, with change signals."""

    corpusChanged = Signal()
    selectionChanged = Signal(object)  # the new event id, or None
    filterChanged = Signal()
    laneModeChanged = Signal(str)

    def __init__(self, corpus: Corpus | None = None, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._corpus: Corpus = _NoCorpus()  # type: ignore[assignment]
        self._index = EventIndex(())
        self._filter = Filter()
        self._mask: BoolArray = np.ones(0, dtype=np.bool_)
        self._visible: list[Event] = []
        self._selection: str | None = None
        self._lane_mode: LaneMode = "country"
        self._time_order: IntArray | None = None  # made on the first step through time
        self.paths: list[str] = []
        if corpus is not None:
            self.set_corpus(corpus)

    # -- corpus ---------------------------------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        return self._corpus

    @property
    def events(self) -> tuple[Event, ...]:
        """All events of the corpus, filtered or not."""
        return self._corpus.events

    def set_corpus(self, corpus: Corpus, paths: Sequence[str] | None = None) -> None:
        """Replace the corpus; the selection is cleared, the filter kept (it may now match nothing)."""
        self._corpus = corpus
        if paths is not None:
            self.paths = list(paths)
        self._index = EventIndex(corpus.events)
        self._time_order = None
        self._selection = None
        self._refilter()
        self.corpusChanged.emit()
        self.selectionChanged.emit(None)

    # -- filter ---------------------------------------------------------------------------------
    @property
    def filter(self) -> Filter:
        return self._filter

    def set_filter(self, flt: Filter) -> None:
        if flt == self._filter:
            return
        self._filter = flt
        self._refilter()
        self.filterChanged.emit()
        if self._selection is not None and not self.is_visible(self._selection):
            self.select(None)

    def update_filter(self, **changes: object) -> None:
        """Change some parts of the filter (``state.update_filter(participant="Armenia")``)."""
        self.set_filter(self._filter.with_(**changes))

    def clear_filter(self) -> None:
        self.set_filter(Filter())

    @property
    def index(self) -> EventIndex:
        """The corpus's filter columns (:class:`EventIndex`), shared by the views."""
        return self._index

    def _refilter(self) -> None:
        self._mask = self._index.mask(self._filter)
        ev = self._corpus.events
        if self._mask.all():
            self._visible = list(ev)
        else:
            self._visible = [ev[i] for i in np.nonzero(self._mask)[0].tolist()]

    @property
    def visible_mask(self) -> BoolArray:
        """Boolean array aligned with :attr:`events`: True where the event passes the filter."""
        return self._mask

    def visible_events(self) -> list[Event]:
        """The events passing the filter, in corpus order."""
        return self._visible

    def is_visible(self, event_id: str) -> bool:
        i = self.index_of(event_id)
        return i is not None and bool(self._mask[i])

    # -- selection ------------------------------------------------------------------------------
    @property
    def selection(self) -> str | None:
        return self._selection

    def selected_event(self) -> Event | None:
        return self._corpus.events_by_id.get(self._selection) if self._selection else None

    def select(self, event_id: str | None) -> None:
        if event_id is not None and event_id not in self._corpus.events_by_id:
            event_id = None
        if event_id == self._selection:
            return
        self._selection = event_id
        self.selectionChanged.emit(event_id)

    def index_of(self, event_id: str) -> int | None:
        """The position of an event in :attr:`events`."""
        pos = self._positions()
        return pos.get(event_id)

    def _positions(self) -> dict[str, int]:
        cached: dict[str, int] | None = getattr(self, "_pos_cache", None)
        if cached is None or getattr(self, "_pos_corpus", None) is not self._corpus:
            cached = {e.id: i for i, e in enumerate(self._corpus.events)}
            self._pos_cache = cached
            self._pos_corpus = self._corpus
        return cached

    def step(self, delta: int) -> None:
        """Select the previous (-1) or next (+1) visible event in time; from nothing, the first/last."""
        if self._time_order is None:
            # By first day, then last day, then position (a corpus usually comes in this order).
            n = len(self._corpus.events)
            self._time_order = np.lexsort((np.arange(n), self._index.end, self._index.start))
        order = self._time_order[self._mask[self._time_order]]
        if not len(order):
            return
        ev = self._corpus.events
        cur = self.index_of(self._selection) if self._selection else None
        at = np.nonzero(order == cur)[0] if cur is not None else ()
        if not len(at):
            target = order[0] if delta > 0 else order[-1]
        else:
            target = order[max(0, min(len(order) - 1, int(at[0]) + delta))]
        self.select(ev[int(target)].id)

    # -- lanes ----------------------------------------------------------------------------------
    @property
    def lane_mode(self) -> LaneMode:
        return self._lane_mode

    def set_lane_mode(self, mode: str) -> None:
        if mode not in LANE_MODES:
            raise ValueError(f"unknown lane mode {mode!r}; expected one of {LANE_MODES}")
        if mode == self._lane_mode:
            return
        self._lane_mode = mode  # type: ignore[assignment]
        self.laneModeChanged.emit(mode)

    # -- convenience ----------------------------------------------------------------------------
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day any event or article covers."""
        days = [a.published for a in self._corpus.articles]
        if self._corpus.events:
            days += [dt.date.fromordinal(int(self._index.start.min())),
                     dt.date.fromordinal(int(self._index.end.max()))]
        if not days:
            return None
        return min(days), max(days)
