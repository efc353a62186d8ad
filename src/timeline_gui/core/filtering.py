"""Which events a user is looking at: the search filter, applied without Qt.

A :class:`Filter` combines free text, one participant, one event type and a date range; all set
parts must match. :class:`EventIndex` keeps what the filter needs per event (lower-cased search
text, who takes part, interval bounds) as columns, each made the first time a filter needs it, so
that re-filtering 100,000 events on every keystroke costs a vectorised pass, not a walk over the
records. :class:`Participation` (who takes part in which event, as arrays) also gives the counts
the search bar and the map show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

from timeline_gui.core.model import Event

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


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


class Participation:
    """Who takes part in which events: one row per (event, name) pair, as numpy columns.

    The names are :func:`participant_names` of each event, each once per event, in the order
    that function gives; ``names`` lists the distinct ones in the order they first appear. Per
    pair, ``kind`` is the kind of the name's first participant entry in the event (-1 when it is
    only the speaker) and ``affiliation`` the first affiliation any of its entries gives (-1 when
    none does), as numbers into ``kinds`` and ``affiliations``. Built in one pass over the
    events; counts and filters are then whole-array operations.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        number: dict[str, int] = {}
        kind_no: dict[str, int] = {}
        affiliation_no: dict[str, int] = {}
        last: list[int] = []  # per name: the last event it was seen in, and its pair there
        pair_at: list[int] = []
        ev_of: list[int] = []
        name_of: list[int] = []
        kind_of: list[int] = []
        affiliation_of: list[int] = []
        for i, e in enumerate(events):
            for p in e.participants:
                k = number.get(p.name)
                if k is None:
                    k = number[p.name] = len(last)
                    last.append(-1)
                    pair_at.append(-1)
                elif last[k] == i:  # named twice in this event: one pair, the first affiliation
                    j = pair_at[k]
                    if affiliation_of[j] < 0 and p.affiliation:
                        affiliation_of[j] = affiliation_no.setdefault(p.affiliation, len(affiliation_no))
                    continue
                last[k] = i
                pair_at[k] = len(ev_of)
                ev_of.append(i)
                name_of.append(k)
                kind_of.append(kind_no.setdefault(p.kind, len(kind_no)))
                a = p.affiliation
                affiliation_of.append(affiliation_no.setdefault(a, len(affiliation_no)) if a else -1)
            s = e.speaker
            if s:
                k = number.get(s)
                if k is None:
                    k = number[s] = len(last)
                    last.append(-1)
                    pair_at.append(-1)
                elif last[k] == i:
                    continue
                last[k] = i
                ev_of.append(i)
                name_of.append(k)
                kind_of.append(-1)
                affiliation_of.append(-1)
        self.n_events = len(events)
        self.names: tuple[str, ...] = tuple(number)
        self.number = number  # each name's place in :attr:`names`
        self.event: IntArray = np.array(ev_of, dtype=np.int64)
        self.name: IntArray = np.array(name_of, dtype=np.int64)
        #: per pair: a number into :attr:`kinds`, -1 for a speaker only
        self.kind: IntArray = np.array(kind_of, dtype=np.int64)
        self.kinds: tuple[str, ...] = tuple(kind_no)
        #: per pair: a number into :attr:`affiliations`, -1 for none
        self.affiliation: IntArray = np.array(affiliation_of, dtype=np.int64)
        self.affiliations: tuple[str, ...] = tuple(affiliation_no)
        self._by_folded: dict[str, list[int]] = {}
        for k, n in enumerate(self.names):
            self._by_folded.setdefault(n.casefold(), []).append(k)

    def _rows(self, mask: BoolArray | None) -> IntArray:
        """The pairs of the events ``mask`` keeps (all without a mask)."""
        if mask is None:
            return np.arange(len(self.event), dtype=np.int64)
        return np.nonzero(mask[self.event])[0]

    def events_of(self, name: str) -> BoolArray:
        """A boolean array over the events: True where ``name`` (any case) takes part."""
        m = np.zeros(self.n_events, dtype=np.bool_)
        ks = self._by_folded.get(name.casefold())
        if ks:
            m[self.event[np.isin(self.name, ks)]] = True
        return m

    def counts(self, mask: BoolArray | None = None) -> IntArray:
        """How many of the events ``mask`` keeps (all without a mask) each name takes part in,
        aligned with :attr:`names`."""
        rows = self._rows(mask)
        return np.bincount(self.name[rows], minlength=len(self.names)).astype(np.int64)

    def most_common(self, mask: BoolArray | None = None, n: int | None = None) -> list[tuple[str, int]]:
        """``(name, count)`` for the events ``mask`` keeps, busiest first, ties in the order the
        names first appear there: what ``Counter.most_common`` gives counting event by event."""
        rows = self._rows(mask)
        present, first = np.unique(self.name[rows], return_index=True)
        counts = np.bincount(self.name[rows], minlength=len(self.names))[present]
        order = np.lexsort((first, -counts))[:n]
        return [(self.names[int(k)], int(c)) for k, c in zip(present[order].tolist(), counts[order].tolist(),
                                                            strict=True)]

    def kinds_and_affiliations(self, names: Sequence[int], mask: BoolArray | None = None,
                               ) -> tuple[dict[int, str], dict[int, str]]:
        """For the names numbered ``names``, among the events ``mask`` keeps (in order): the kind
        of the first participant entry of each, and the first affiliation given for each (names
        without either are left out)."""
        rows = self._rows(mask)
        rows = rows[np.isin(self.name[rows], np.asarray(names, dtype=np.int64))]

        def first(codes: IntArray, words: tuple[str, ...]) -> dict[int, str]:
            given = rows[codes[rows] >= 0]
            present, at = np.unique(self.name[given], return_index=True)
            return {int(k): words[int(c)] for k, c in zip(present.tolist(), codes[given[at]].tolist(), strict=True)}

        return first(self.kind, self.kinds), first(self.affiliation, self.affiliations)

    def shared(self, among: Sequence[int], mask: BoolArray | None = None,
               n: int | None = None) -> list[tuple[tuple[str, str], int]]:
        """Pairs of the names numbered ``among`` that take part in the same events (of those
        ``mask`` keeps), with how many events each pair shares, most first.

        Each pair is given in alphabetical order; ties come in the order the pairs first occur,
        events in order and, within one, as ``itertools.combinations`` of its names sorted
        alphabetically lists them: what counting ``combinations(sorted(names), 2)`` event by
        event in a ``Counter`` and asking its ``most_common`` gives.
        """
        among = list(dict.fromkeys(among))
        if len(among) < 2:
            return []
        rank = np.full(len(self.names), -1, dtype=np.int64)
        alphabetical = sorted(among, key=lambda k: self.names[k])
        rank[np.asarray(alphabetical, dtype=np.int64)] = np.arange(len(alphabetical))
        rows = self._rows(mask)
        rows = rows[rank[self.name[rows]] >= 0]
        ev, rk = self.event[rows], rank[self.name[rows]]
        order = np.lexsort((rk, ev))
        ev, rk = ev[order], rk[order]
        size = len(alphabetical)
        keys: list[IntArray] = []
        seen: list[IntArray] = []
        pos = np.arange(len(ev), dtype=np.int64)
        d = 1
        while d < len(ev):
            same = np.nonzero(ev[d:] == ev[:-d])[0]
            if len(same) == 0:
                break  # no event holds more than d of the names
            keys.append(rk[same] * size + rk[same + d])
            # combinations() order within an event: by the first name's place, then the second's
            seen.append(pos[same] * size + d)
            d += 1
        if not keys:
            return []
        key, when = np.concatenate(keys), np.concatenate(seen)
        by = np.lexsort((when, key))
        key, when = key[by], when[by]
        starts = np.nonzero(np.r_[True, key[1:] != key[:-1]])[0]
        counts = np.diff(np.r_[starts, len(key)])
        uniq, first = key[starts], when[starts]
        top = np.lexsort((first, -counts))[:n]
        return [((self.names[alphabetical[int(u) // size]], self.names[alphabetical[int(u) % size]]), int(c))
                for u, c in zip(uniq[top].tolist(), counts[top].tolist(), strict=True)]


class EventIndex:
    """Columns for filtering a fixed sequence of events quickly, each made when first needed.

    A new corpus builds nothing here: the empty filter needs no column, and a window shows its
    first events sooner without the search text of every event (most of a second at a hundred
    thousand events), which is made on the first text search instead.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = tuple(events)

    @cached_property
    def text(self) -> list[str]:
        """Each event's :func:`search_text`."""
        return [search_text(e) for e in self.events]

    @cached_property
    def types(self) -> npt.NDArray[np.object_]:
        return np.array([e.type for e in self.events], dtype=object)

    @cached_property
    def start(self) -> IntArray:
        """Each event's first day, as a proleptic Gregorian ordinal."""
        return np.array([e.interval.start.toordinal() for e in self.events], dtype=np.int64)

    @cached_property
    def end(self) -> IntArray:
        """Each event's last day, as a proleptic Gregorian ordinal."""
        return np.array([e.interval.end.toordinal() for e in self.events], dtype=np.int64)

    @cached_property
    def participation(self) -> Participation:
        return Participation(self.events)

    def mask(self, flt: Filter) -> BoolArray:
        """A boolean array, True for the events that pass ``flt``."""
        n = len(self.events)
        m = np.ones(n, dtype=np.bool_)
        if n == 0:
            return m
        if flt.type:
            m &= self.types == flt.type
        if flt.participant:
            m &= self.participation.events_of(flt.participant)
        if flt.date_from:
            m &= self.end >= flt.date_from.toordinal()
        if flt.date_to:
            m &= self.start <= flt.date_to.toordinal()
        words = flt.text.casefold().split()
        if words:
            idx = np.nonzero(m)[0]
            text = self.text
            keep = [i for i in idx.tolist() if all(w in text[i] for w in words)]
            tm = np.zeros(n, dtype=np.bool_)
            tm[keep] = True
            m &= tm
        return m

    def apply(self, flt: Filter) -> list[Event]:
        """The events that pass ``flt``, in index order."""
        return [self.events[i] for i in np.nonzero(self.mask(flt))[0]]


def participant_counts(events: Sequence[Event]) -> Counter[str]:
    """How many events each participant takes part in."""
    return Counter(dict(Participation(events).most_common()))


def event_types(events: Sequence[Event]) -> list[str]:
    """The distinct event types, most frequent first."""
    c = Counter(e.type for e in events)
    return [t for t, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
