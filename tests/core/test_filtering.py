"""The search filter, as a per-event rule and as the vectorised index the window uses."""

from __future__ import annotations

import datetime as dt
import random

from timeline_gui.core.filtering import EventIndex, Filter, event_types, matches, participant_counts
from timeline_gui.core.model import Event, Interval, Participant, Span


def ev(i: int, start: dt.date, end: dt.date, typ: str, names: list[str], text: str) -> Event:
    q = Span("a.txt", 0, len(text), text)
    parts = tuple(Participant(n, "country") for n in names)
    return Event(f"e{i}", f"Title {i}", typ, "happened", Interval(start, end, "day" if start == end else "month"),
                 "", None, parts, None, (q,))


EVENTS = [
    ev(0, dt.date(2024, 10, 18), dt.date(2024, 10, 18), "meeting", ["Russia", "Turkey"], "Lavrov met Fidan"),
    ev(1, dt.date(2020, 9, 1), dt.date(2020, 12, 31), "initiative", ["Azerbaijan", "Turkey"], "3+3 platform"),
    ev(2, dt.date(2022, 3, 12), dt.date(2022, 3, 12), "meeting", ["Armenia", "Turkey"], "met in Antalya"),
]


def test_empty_filter_keeps_everything() -> None:
    assert Filter().is_empty
    assert EventIndex(EVENTS).apply(Filter()) == EVENTS


def test_participant_filter_is_exact_and_case_insensitive() -> None:
    idx = EventIndex(EVENTS)
    assert [e.id for e in idx.apply(Filter(participant="armenia"))] == ["e2"]
    assert [e.id for e in idx.apply(Filter(participant="Turkey"))] == ["e0", "e1", "e2"]
    assert idx.apply(Filter(participant="Arm")) == []


def test_text_type_and_dates_combine() -> None:
    idx = EventIndex(EVENTS)
    assert [e.id for e in idx.apply(Filter(text="MET"))] == ["e0", "e2"]
    assert [e.id for e in idx.apply(Filter(text="met antalya"))] == ["e2"]
    assert [e.id for e in idx.apply(Filter(type="meeting", date_from=dt.date(2023, 1, 1)))] == ["e0"]
    # an interval overlapping the range is kept
    assert [e.id for e in idx.apply(Filter(date_from=dt.date(2020, 11, 1), date_to=dt.date(2020, 11, 2)))] == ["e1"]
    assert "participant Armenia" in Filter(participant="Armenia").describe()


def test_index_agrees_with_the_reference_rule() -> None:
    rnd = random.Random(4)
    names = ["Russia", "Turkey", "Iran", "Armenia"]
    evs = []
    for i in range(300):
        s = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(1500))
        evs.append(ev(i, s, s + dt.timedelta(days=rnd.choice([0, 0, 30])), rnd.choice(["meeting", "statement"]),
                      rnd.sample(names, 2), rnd.choice(["talks held", "said he met", "visit"])))
    idx = EventIndex(evs)
    for _ in range(50):
        f = Filter(text=rnd.choice(["", "met", "talks", "visit held"]), participant=rnd.choice([None, *names]),
                   type=rnd.choice([None, "meeting"]),
                   date_from=rnd.choice([None, dt.date(2021, 6, 1)]), date_to=rnd.choice([None, dt.date(2022, 6, 1)]))
        assert idx.apply(f) == [e for e in evs if matches(e, f)]


def test_counts_and_types() -> None:
    assert participant_counts(EVENTS)["Turkey"] == 3
    assert event_types(EVENTS) == ["meeting", "initiative"]
