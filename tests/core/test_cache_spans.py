"""The span table of a corpus blob: how spans that do not match their article are stored."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from timeline_gui.core import cache as cache_mod
from timeline_gui.core.cache import decode_corpus, encode_corpus
from timeline_gui.core.model import Article, Event, Interval, Span

TEXT_A = "Leaders met in Astana on Monday. Leaders met again."
TEXT_B = "Talks ended in Geneva."


def _article(file: str, aid: str, text: str) -> Article:
    return Article(file, f"/x/{file}", aid, dt.date(2024, 1, 1), text, 0, ())


def _event(k: int, quotes: tuple[Span, ...], trigger: Span | None = None) -> Event:
    iv = Interval(dt.date(2024, 1, 1), dt.date(2024, 1, 1), "day")
    return Event(f"e{k}", f"t{k}", "meeting", "happened", iv, "Monday", None, (), trigger, quotes)


def _round_trip(arts: tuple[Article, ...], events: tuple[Event, ...]) -> tuple[Event, ...]:
    blob = encode_corpus(arts, events)
    arts2, events2 = decode_corpus(blob, [a.path for a in arts])
    assert arts2 == arts and events2 == events
    return events2


def _table(arts: tuple[Article, ...], events: tuple[Event, ...]) -> cache_mod._SpanTable:
    w = cache_mod._BlobWriter()
    return cache_mod._order_spans(w, cache_mod._field_values(Event, events), arts)[0]


A = _article("a.txt", "ida", TEXT_A)
B = _article("b.txt", "idb", TEXT_B)
GOOD = Span("a.txt", 0, 7, "Leaders", "ida")


@pytest.mark.parametrize(
    ("odd", "part"),
    [
        (Span("a.txt", 0, 7, "Leaders", ""), 1),  # no article id: found by its file name
        (Span("nowhere.txt", 0, 7, "Leaders", ""), 2),  # no id and no such file
        (Span("a.txt", 0, 7, "Leaders", "unknown"), 2),  # an id no article has
        (Span("b.txt", 0, 7, "Leaders", "ida"), 2),  # another file name than its article's
        # Not the words at its offsets, but its text is stored where it first appears (GOOD's).
        (Span("a.txt", 0, 6, "Leaders", "ida"), 0),
        (Span("a.txt", 1, 8, "Leaders", "ida"), 0),
    ],
)
def test_odd_spans_round_trip_in_their_part(odd: Span, part: int) -> None:
    arts = (A, B)
    events = (_event(0, (GOOD, odd), trigger=Span("b.txt", 0, 5, "Talks", "idb")), _event(1, (odd,)))
    events2 = _round_trip(arts, events)
    table = _table(arts, events)
    sizes = [len(table.parts[0][0]), len(table.parts[1][0]), len(table.full)]
    want = [2, 0, 0]
    want[part] += 1
    assert sizes == want
    assert events2[0].quotes[1] is events2[1].quotes[0]  # equal spans are one record


def test_span_whose_text_first_appears_elsewhere_is_compact() -> None:
    # The second span's text is not its own offsets' words, but it is where the text first appears.
    shifted = Span("a.txt", 33, 40, "Leaders", "ida")
    odd = dataclasses.replace(shifted, start=34, end=41)
    events = (_event(0, (GOOD, shifted, odd)),)
    _round_trip((A,), events)
    table = _table((A,), events)
    assert len(table.parts[0][0]) == 3 and not table.full


def test_text_that_is_not_its_articles_where_first_seen_goes_in_full_with_its_spans() -> None:
    bad = Span("a.txt", 1, 8, "Leaders", "ida")  # first appearance of "Leaders": not the words there
    events = (_event(0, (bad, GOOD, Span("a.txt", 8, 11, "met", "ida"))),)
    _round_trip((A,), events)
    table = _table((A,), events)
    assert len(table.full) == 2 and table.parts[0][0] == [0]


def test_spans_stored_in_full_when_not_compact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_mod, "_SPANS_COMPACT", False)
    events = (_event(0, (GOOD, Span("a.txt", 8, 11, "met", "ida")), trigger=GOOD),)
    _round_trip((A,), events)
    assert len(_table((A,), events).full) == 2


def test_missing_articles_and_no_spans() -> None:
    _round_trip((), (_event(0, (Span("a.txt", 0, 7, "Leaders", "ida"),)),))
    _round_trip((A,), (_event(0, ()),))
