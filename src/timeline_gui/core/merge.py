"""One event per happening across articles: what several sources report is joined, never lost.

Two events are the same happening when they have the same type, come from different articles,
their times overlap (or both are undated), and they share a main participant (a person or a
country among the first ones named) or a place. The joined event keeps every quote of both; when
the sources date it differently (two different dated intervals) each source's date is kept in
``sources`` and the event is flagged ``disputed``. Statements are only joined when they have the
same speaker, since two people saying things on one day are two statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import replace

from timeline_gui.core.model import DatedSource, Event, Interval, Participant, Span

#: Participants that identify a happening: the first few people and countries named.
_MAIN = 4
#: Undated events with only a time window in common are joined only within this slack.
_SLACK = dt.timedelta(days=3)


def _main(e: Event) -> set[str]:
    return {p.name for p in e.participants[:_MAIN] if p.kind in ("person", "country", "organization")}


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


def _keys(e: Event) -> set[tuple[str, str, int]]:
    """Index keys: (type, a main participant or the place, week of the end date)."""
    week = e.interval.end.toordinal() // _WEEK
    names = _main(e) | ({e.place} if e.place else set())
    if e.type == "statement" and e.speaker:
        names = {e.speaker}
    return {(e.type, n, week) for n in names}


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Join the events that report the same happening; sorted by time. Every quote is kept.

    Candidates are looked up in an index by type, shared name and week, so that a large corpus
    costs about linear time rather than comparing every pair of events.
    """
    merged: list[Event | None] = []
    index: dict[tuple[str, str, int], list[int]] = {}
    for e in events:
        # The earliest matching event wins, whichever key finds it, so that the result depends
        # only on the input order and never on set iteration order (which varies per process).
        near = {(typ, name, w) for typ, name, week in _keys(e) for w in (week - 1, week, week + 1)}
        candidates = sorted({i for k in near for i in index.get(k, ())})
        target = next((i for i in candidates if (cur := merged[i]) is not None and same_happening(cur, e)), -1)
        if target >= 0:
            cur = merged[target]
            assert cur is not None
            e = _join(cur, e)
            merged[target] = e
            pos = target
        else:
            pos = len(merged)
            merged.append(e)
        for k in _keys(e):
            bucket = index.setdefault(k, [])
            if pos not in bucket:
                bucket.append(pos)
    out = [e for e in merged if e is not None]
    return sorted(out, key=lambda e: (e.interval.start, e.interval.end, e.id))
