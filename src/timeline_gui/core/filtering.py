"""Which events a user is looking at: the search filter, applied without Qt.

A :class:`Filter` combines free text, one participant, one event type and a date range; all set
parts must match. :class:`EventIndex` precomputes what the filter needs per event (lower-cased
search text, participant names, interval bounds) so that re-filtering 100,000 events on every
keystroke costs a vectorised pass, not a walk over the records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from timeline_gui.core.model import Event

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Filter:
    """What to show. Empty/None parts do not restrict anything.

    ``date_from``/``date_to`` keep events whose interval overlaps the range (an event known only
    as "2020" stays visible when the range is March 2020).
    """

    text: str = ""
    participant: str | None = None
    type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.participant and not self.type and not (
            self.date_from or self.date_to
        )

    def with_(self, **changes: object) -> Filter:
        """A copy with some parts changed (``Filter().with_(participant="Armenia")``)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        """The filter in words for a status line ("participant Armenia, text 'summit'")."""
        parts: list[str] = []
        if self.participant:
            parts.append(f"participant {self.participant}")
        if self.type:
            parts.append(f"type {self.type}")
        if self.text.strip():
            parts.append(f"text '{self.text.strip()}'")
        if self.date_from or self.date_to:
            a = self.date_from.isoformat() if self.date_from else "…"
            b = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"dates {a} – {b}")
        return ", ".join(parts) or "none"


def participant_names(event: Event) -> tuple[str, ...]:
    """Every name an event involves: its participants and its speaker."""
    names = [p.name for p in event.participants]
    if event.speaker and event.speaker not in names:
        names.append(event.speaker)
    return tuple(names)


def search_text(event: Event) -> str:
    """The lower-cased text a free-text search looks in."""
    parts = [event.title, event.type, event.status, event.date_text, event.place or ""]
    parts.extend(participant_names(event))
    parts.extend(q.text for q in event.quotes)
    return "\n".join(parts).casefold()


def matches(event: Event, flt: Filter) -> bool:
    """Whether one event passes the filter (the reference the vectorised index must agree with)."""
    if flt.type and event.type != flt.type:
        return False
    if flt.participant:
        want = flt.participant.casefold()
        if all(n.casefold() != want for n in participant_names(event)):
            return False
    if flt.date_from and event.interval.end < flt.date_from:
        return False
    if flt.date_to and event.interval.start > flt.date_to:
        return False
    words = flt.text.casefold().split()
    if words:
        hay = search_text(event)
        if not all(w in hay for w in words):
            return False
    return True


class EventIndex:
    """Precomputed columns for filtering a fixed sequence of events quickly."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = tuple(events)
        self._text = [search_text(e) for e in self.events]
        self._types = np.array([e.type for e in self.events], dtype=object)
        self._start = np.array([e.interval.start.toordinal() for e in self.events], dtype=np.int64)
        self._end = np.array([e.interval.end.toordinal() for e in self.events], dtype=np.int64)
        self._by_participant: dict[str, list[int]] = {}
        for i, e in enumerate(self.events):
            for n in set(participant_names(e)):
                self._by_participant.setdefault(n.casefold(), []).append(i)

    def mask(self, flt: Filter) -> BoolArray:
        """A boolean array, True for the events that pass ``flt``."""
        n = len(self.events)
        m = np.ones(n, dtype=np.bool_)
        if n == 0:
            return m
        if flt.type:
            m &= self._types == flt.type
        if flt.participant:
            pm = np.zeros(n, dtype=np.bool_)
            pm[self._by_participant.get(flt.participant.casefold(), [])] = True
            m &= pm
        if flt.date_from:
            m &= self._end >= flt.date_from.toordinal()
        if flt.date_to:
            m &= self._start <= flt.date_to.toordinal()
        words = flt.text.casefold().split()
        if words:
            idx = np.nonzero(m)[0]
            keep = [i for i in idx if all(w in self._text[i] for w in words)]
            tm = np.zeros(n, dtype=np.bool_)
            tm[keep] = True
            m &= tm
        return m

    def apply(self, flt: Filter) -> list[Event]:
        """The events that pass ``flt``, in index order."""
        return [self.events[i] for i in np.nonzero(self.mask(flt))[0]]


def participant_counts(events: Sequence[Event]) -> Counter[str]:
    """How many events each participant takes part in."""
    c: Counter[str] = Counter()
    for e in events:
        c.update(set(participant_names(e)))
    return c


def event_types(events: Sequence[Event]) -> list[str]:
    """The distinct event types, most frequent first."""
    c = Counter(e.type for e in events)
    return [t for t, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
