"""One event per happening across articles: what several sources report is joined, never lost.

Two events are the same happening when they have the same type, come from different articles,
their times overlap (or both are undated), they share a main participant (a person or a country
among the first ones named) or a place, and neither their countries (see
:func:`countries_conflict`) nor their places (two different ones) tell them apart. The joined
event keeps every quote of both; when the sources date it differently (two different dated
intervals) each source's date is kept in ``sources`` and the event is flagged ``disputed``.
Statements are only joined when they have the same speaker, since two people saying things on one
day are two statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from timeline_gui.core.model import DatedSource, Event, Interval, Participant, Span

#: Participants that identify a happening: the first few people and countries named.
_MAIN = 4
#: Undated events with only a time window in common are joined only within this slack.
_SLACK_DAYS: Final = 3
_SLACK = dt.timedelta(days=_SLACK_DAYS)

#: Names (or file names) of an event or a group; frozen when shared between events.
_Names = set[str] | frozenset[str]


def _main(e: Event) -> set[str]:
    return {p.name for p in e.participants[:_MAIN] if p.kind in ("person", "country", "organization")}


def _countries(e: Event) -> set[str]:
    return {p.name for p in e.participants if p.kind == "country"}


def countries_conflict(a: _Names, b: _Names) -> bool:
    """Whether two events' countries make them different happenings: each names a country the
    other does not, and they share at most half of the shorter list.

    "Armenia and Germany signed an agreement" and "Armenia and Ukraine signed an agreement" in the
    same year are two signings, whatever else they share; "Russia, Turkey and Iran met" and
    "Russia, Turkey, Iran and Azerbaijan met" can be one meeting reported with different lists, and
    an event that names fewer countries (or none) can be a shorter report of the other.
    """
    if not a or not b:
        return False
    shared = len(a & b)
    if shared == len(a) or shared == len(b):
        return False
    return 2 * shared <= min(len(a), len(b))


def _files(e: Event) -> set[str]:
    return {q.file for q in e.quotes}


def _times_match(a: Interval, b: Interval) -> bool:
    if a.granularity == "unknown" or b.granularity == "unknown":
        return a.granularity == b.granularity == "unknown" and abs((a.end - b.end).days) <= _SLACK.days
    return a.overlaps(b)


def same_happening(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` (from different articles) report the same happening."""
    if a.type != b.type or _files(a) & _files(b):
        return False
    if not _times_match(a.interval, b.interval) and not _dates_disagree(a, b):
        return False
    if a.type == "statement":
        return a.speaker is not None and a.speaker == b.speaker and a.interval.overlaps(b.interval)
    shared = _main(a) & _main(b)
    people_a = {p.name for p in a.participants if p.kind == "person"}
    people_b = {p.name for p in b.participants if p.kind == "person"}
    if people_a and people_b and not people_a & people_b:
        return False
    if countries_conflict(_countries(a), _countries(b)) or (a.place and b.place and a.place != b.place):
        return False
    return bool(shared) or (a.place is not None and a.place == b.place)


def _dates_disagree(a: Event, b: Event) -> bool:
    """Both dated, a few days apart: sources that disagree on a date, not two happenings."""
    ia, ib = a.interval, b.interval
    if "unknown" in (ia.granularity, ib.granularity):
        return False
    gap = max(ia.start, ib.start) - min(ia.end, ib.end)
    return gap <= dt.timedelta(days=7) and bool(_main(a) & _main(b)) and (
        bool({p.name for p in a.participants if p.kind == "person"} & {p.name for p in b.participants
                                                                         if p.kind == "person"})
        or (a.place is not None and a.place == b.place)
    )


def _sources(e: Event) -> tuple[DatedSource, ...]:
    if e.sources:
        return e.sources
    files = sorted(_files(e)) or [""]
    return tuple(DatedSource(f, e.interval, e.date_text) for f in files)


def _join(a: Event, b: Event) -> Event:
    quotes: dict[tuple[str, int, int], Span] = {(q.file, q.start, q.end): q for q in a.quotes}
    for q in b.quotes:
        quotes.setdefault((q.file, q.start, q.end), q)
    parts: dict[str, Participant] = {p.name: p for p in a.participants}
    for p in b.participants:
        parts.setdefault(p.name, p)
    mentions = tuple(dict.fromkeys((*a.mentions, *b.mentions)))
    sources = tuple(dict.fromkeys((*_sources(a), *_sources(b))))
    dated = [s.interval for s in sources if s.interval.granularity != "unknown"]
    disputed = a.disputed or b.disputed or len(set(dated)) > 1
    # The most precise date wins the timeline position; the others stay in ``sources``.
    best = min((a, b), key=lambda e: (e.interval.granularity == "unknown", (e.interval.end - e.interval.start).days))
    key = "|".join(sorted((a.id, b.id))).encode()
    return replace(
        best,
        id=hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12],
        quotes=tuple(sorted(quotes.values(), key=lambda q: (q.file, q.start, q.end))),
        participants=tuple(parts.values()),
        mentions=mentions,
        place=best.place or a.place or b.place,
        speaker=best.speaker or a.speaker or b.speaker,
        disputed=disputed,
        sources=sources if (disputed or len(sources) > 1) else best.sources,
    )


_WEEK = 7


def _index_names(typ: str, speaker: str | None, main: _Names, place: str | None) -> _Names:
    """The names an event is indexed under (with its type and the week of its end date): a
    statement's speaker, else its main participants and its place."""
    if typ == "statement" and speaker:
        return {speaker}
    return main | {place} if place else main


class _Group:
    """A merged event under construction: accumulators that a join extends in place.

    The frozen :class:`Event` is built once at the end (:meth:`event`); until the first join the
    group stands for its original event unchanged. ``files``, ``main``, ``people`` and ``countries`` are the sets
    that :func:`same_happening` would derive from the joined event, kept up to date; ``dating``,
    ``start_day`` and ``end_day`` are :func:`_days` of its interval (the one of ``base``), and
    ``people_mask`` is :func:`_mask` of ``people``.
    """

    __slots__ = ("base", "countries", "dated", "dating", "disputed", "end_day", "files", "id", "main", "mentions",
                 "orig", "parts", "people", "people_mask", "place", "quotes", "sources", "speaker", "start_day")
    quotes: dict[tuple[str, int, int], Span]
    parts: dict[str, Participant]
    mentions: dict[Span, None]
    sources: dict[DatedSource, None]
    dated: set[Interval]

    def __init__(self, e: Event, files: _Names, main: _Names, people: _Names, countries: _Names,
                 days: tuple[int, int, int]) -> None:
        self.orig: Event | None = e
        self.base = e
        self.dating, self.start_day, self.end_day = days
        self.id = e.id
        self.place = e.place
        self.speaker = e.speaker
        self.disputed = e.disputed
        self.files = files
        self.main = main
        self.people = people
        self.people_mask = _mask(people)
        self.countries = countries
        # ``quotes``, ``parts``, ``mentions``, ``sources`` and ``dated`` are set on the first join:
        # most events are never joined, and need none of them.

    def _own_sources(self) -> dict[DatedSource, None]:
        """``_sources`` of the event this group stands for, as an ordered set."""
        if self.sources:
            return self.sources
        b = self.base
        return dict.fromkeys(DatedSource(f, b.interval, b.date_text) for f in sorted(self.files) or [""])

    def join(self, b: Event, b_files: _Names, b_days: tuple[int, int, int]) -> None:
        """What ``_join(self's event, b)`` gives, done on the accumulators."""
        orig = self.orig
        if orig is not None:  # first join: start the accumulators from the original event
            self.orig = None
            self.quotes = {(q.file, q.start, q.end): q for q in orig.quotes}
            self.parts = {p.name: p for p in orig.participants}
            self.mentions = dict.fromkeys(orig.mentions)
            self.sources = dict.fromkeys(orig.sources)
            self.dated = {s.interval for s in orig.sources if s.interval.granularity != "unknown"}
        quotes = self.quotes
        for q in b.quotes:
            quotes.setdefault((q.file, q.start, q.end), q)
        parts = self.parts
        n_parts = len(parts)
        for p in b.participants:
            parts.setdefault(p.name, p)
        if orig is not None or len(parts) != n_parts:
            vals = list(parts.values())
            self.main = {p.name for p in vals[:_MAIN] if p.kind in ("person", "country", "organization")}
            self.people = {p.name for p in vals if p.kind == "person"}
            self.people_mask = _mask(self.people)
            self.countries = {p.name for p in vals if p.kind == "country"}
        mentions = self.mentions
        for m in b.mentions:
            mentions.setdefault(m, None)

        had_sources = bool(self.sources)
        combined = self._own_sources()
        dated = self.dated if had_sources else {
            s.interval for s in combined if s.interval.granularity != "unknown"}
        for s in _sources(b):
            if s not in combined:
                combined[s] = None
                if s.interval.granularity != "unknown":
                    dated.add(s.interval)
        disputed = self.disputed or b.disputed or len(dated) > 1

        base = self.base
        ia, ib = base.interval, b.interval
        b_best = (ib.granularity == "unknown", (ib.end - ib.start).days) < (
            ia.granularity == "unknown", (ia.end - ia.start).days)
        key = "|".join(sorted((self.id, b.id))).encode()
        self.id = hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]
        if b_best:
            self.base = b
            self.dating, self.start_day, self.end_day = b_days
            self.place = b.place or self.place
            self.speaker = b.speaker or self.speaker
        else:
            self.place = self.place or b.place
            self.speaker = self.speaker or b.speaker
        self.disputed = disputed
        if disputed or len(combined) > 1:
            self.sources, self.dated = combined, dated
        elif b_best:
            self.sources = dict.fromkeys(b.sources)
            self.dated = {s.interval for s in b.sources if s.interval.granularity != "unknown"}
        elif not had_sources:
            self.sources, self.dated = {}, set()
        # else: the group's own sources, which ``combined`` equals
        self.files |= b_files

    def event(self) -> Event:
        if self.orig is not None:
            return self.orig
        return replace(
            self.base,
            id=self.id,
            quotes=tuple(v for _, v in sorted(self.quotes.items(), key=lambda kv: kv[0])),
            participants=tuple(self.parts.values()),
            mentions=tuple(self.mentions),
            place=self.place,
            speaker=self.speaker,
            disputed=self.disputed,
            sources=tuple(self.sources),
        )


#: Whether :func:`_same` compares an interval as dated or as undated.
_DATED: Final = 0
_UNDATED: Final = 1


def _days(iv: Interval) -> tuple[int, int, int]:
    """How :func:`_same` compares ``iv`` (``_DATED`` or ``_UNDATED``), its first and last day
    numbers (an interval's ends are dates, whole days)."""
    return (_UNDATED if iv.granularity == "unknown" else _DATED), iv.start.toordinal(), iv.end.toordinal()


def _mask(names: _Names) -> int:
    """A bit per name, from its hash: names in common set a bit in common, so two sets whose masks
    have none are disjoint (whatever the hash seed), and a set's mask is 0 only when it is empty."""
    mask = 0
    for n in names:
        mask |= 1 << (hash(n) % 62)  # 62 bits: a small int to mypyc
    return mask


def _same(g: _Group, b: Event, b_files: _Names, b_main: _Names, b_people: _Names, b_countries: _Names,
          b_days: tuple[int, int, int], b_mask: int) -> bool:
    """``same_happening(g's event, b)`` from the cached sets and day numbers (``g`` and ``b`` have
    the same type: the index is by type, and a group only takes events it found there)."""
    b_dating, b_start, b_end = b_days
    dating = g.dating
    # Every test below is one of the conditions that must all hold, none has a side effect and none
    # can fail on plain dates, so they are tried in the order that rejects most candidates soonest:
    # times first, from the numbers on the group itself. On dates, ``a <= b`` is ``a.toordinal() <=
    # b.toordinal()`` and ``(a - b).days`` is ``a.toordinal() - b.toordinal()``, so:
    if dating != b_dating:
        # One dated and one undated interval: their times do not match, and dates cannot disagree.
        return False
    start, end = g.start_day, g.end_day
    if dating == _UNDATED:
        # _times_match: the ends within _SLACK; _dates_disagree is false for undated intervals.
        if end - b_end > _SLACK_DAYS or b_end - end > _SLACK_DAYS:
            return False
        overlap = start <= b_end and b_start <= end
    else:
        # Closed intervals overlap exactly when the later start is not after the earlier end, so
        # ``gap <= 0`` is ``overlaps`` (_times_match), and ``gap > 7`` fails _dates_disagree too.
        gap = max(start, b_start) - min(end, b_end)
        if gap > 7:
            return False
        overlap = gap <= 0
    if b.type == "statement":
        # A statement needs overlapping times, which for dated intervals is _times_match itself.
        return overlap and g.speaker is not None and g.speaker == b.speaker and g.files.isdisjoint(b_files)
    people, mask = g.people, g.people_mask
    if mask and b_mask and (not mask & b_mask or people.isdisjoint(b_people)):
        return False
    place_a, place_b = g.place, b.place
    same_place = place_a is not None and place_a == place_b
    if place_a and place_b and not same_place:
        return False
    shared_main = not g.main.isdisjoint(b_main)
    # Dated, a few days apart: only when _dates_disagree.
    if not overlap and dating == _DATED and not (shared_main and (not people.isdisjoint(b_people) or same_place)):
        return False
    if not (shared_main or same_place):
        return False
    return g.files.isdisjoint(b_files) and not countries_conflict(g.countries, b_countries)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Join the events that report the same happening; sorted by time. Every quote is kept.

    Candidates are looked up in an index by type, shared name and week, so that a large corpus
    costs about linear time rather than comparing every pair of events. Each merged event is kept
    as accumulators (quotes, participants, sources, files...) while merging and built once at the
    end, so that joining many copies of one story costs linear time too.
    """
    m = Merger()
    m.add(events)
    return m.result()


class Merger:
    """:func:`merge_events` fed in instalments: ``add`` the events in order, then take ``result``.

    Merging is one pass over the events in their order, so feeding them in several calls gives
    exactly what one call with all of them gives; a load merges each article's events as soon as
    the articles before it are in, while other processes are still extracting the rest.
    """

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        # Memory: a merge keeps three sets of names per event, and an index entry per name, until it
        # ends, and at a hundred thousand events that is the peak of a load. The sets are frozen and
        # each distinct one is kept once (an article's events name the same file, often the same
        # people), and a key's groups, mostly one, are held as the bare number until there are more.
        # The index is by type and name, then by week: the three weeks around an event are then
        # three look-ups in a small dictionary rather than in one of every key, which at a hundred
        # thousand events misses the processor's cache on nearly every look-up.
        self.shared: dict[frozenset[str], frozenset[str]] = {}
        self.index: dict[tuple[str, str], dict[int, int | set[int]]] = {}

    def add(self, events: Iterable[Event]) -> None:
        """Merge ``events``, which come after every event added before."""
        groups = self.groups
        share = self.shared.setdefault
        index = self.index
        get = index.get
        for e in events:
            e_files = frozenset([q.file for q in e.quotes])
            e_files = share(e_files, e_files)
            e_main = frozenset(_main(e))
            e_main = share(e_main, e_main)
            e_people = frozenset([p.name for p in e.participants if p.kind == "person"])
            e_people = share(e_people, e_people)
            e_countries = frozenset(_countries(e))
            e_countries = share(e_countries, e_countries)
            typ = e.type
            e_days = _days(e.interval)
            e_mask = _mask(e_people)
            week = e.interval.end.toordinal() // _WEEK
            names = _index_names(typ, e.speaker, e_main, e.place)
            # The earliest matching event wins, whichever key finds it, so that the result depends
            # only on the input order and never on set iteration order (which varies per process):
            # the least index among the candidates that match, which is what trying them in
            # increasing order and stopping at the first match gives. A candidate found under two
            # keys may be tried twice (_same has no side effect), and none at or after the best so
            # far is tried at all.
            n_groups = len(groups)
            target = n_groups
            for name in names:
                weeks = get((typ, name))
                if weeks is None:
                    continue
                for bucket in (weeks.get(week - 1), weeks.get(week), weeks.get(week + 1)):
                    if bucket is None:
                        continue
                    if isinstance(bucket, int):
                        if bucket < target and _same(groups[bucket], e, e_files, e_main, e_people, e_countries,
                                                     e_days, e_mask):
                            target = bucket
                    else:
                        for i in bucket:
                            if i < target and _same(groups[i], e, e_files, e_main, e_people, e_countries, e_days,
                                                    e_mask):
                                target = i
            if target < n_groups:
                g = groups[target]
                g.join(e, e_files, e_days)
                b = g.base
                typ, names = b.type, _index_names(b.type, g.speaker, g.main, g.place)
                week = b.interval.end.toordinal() // _WEEK
                pos = target
            else:
                pos = len(groups)
                groups.append(_Group(e, e_files, e_main, e_people, e_countries, e_days))
            for name in names:
                weeks = get((typ, name))
                if weeks is None:
                    index[(typ, name)] = {week: pos}
                    continue
                bucket = weeks.get(week)
                if bucket is None:
                    weeks[week] = pos
                elif isinstance(bucket, int):
                    if bucket != pos:
                        weeks[week] = {bucket, pos}
                else:
                    bucket.add(pos)

    def result(self) -> list[Event]:
        """The merged events of everything added so far, sorted by time."""
        # By (start, end, id) of each event, from the day numbers and id its group holds: integers
        # compare faster than dates, and no event is built before its place is known.
        groups = sorted(self.groups, key=lambda g: (g.start_day, g.end_day, g.id))
        return [g.event() for g in groups]
