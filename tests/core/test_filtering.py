"""The search filter, as a per-event rule and as the vectorised index the window uses."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

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


def _random_events(n: int, seed: int) -> list[Event]:
    """Events with repeated names, speakers (some also participants), affiliations and kinds."""
    rnd = random.Random(seed)
    names = ["Russia", "Turkey", "Iran", "Armenia", "Lavrov", "Fidan", "NATO", "Baku"]
    kinds = {"Lavrov": "person", "Fidan": "person", "NATO": "organization", "Baku": "place"}
    out = []
    for i in range(n):
        s = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(900))
        parts = tuple(
            Participant(nm, kinds.get(nm, "country"), rnd.choice([None, "host", "attendee"]),  # type: ignore[arg-type]
                        rnd.choice([None, None, "", "Russia", "Turkey"]))
            for nm in rnd.choices(names, k=rnd.randrange(5)))  # names may repeat within an event
        speaker = rnd.choice([None, "", "Lavrov", "Fidan", "Aliyev"])
        out.append(Event(f"e{i}", f"Title {i}", rnd.choice(["meeting", "statement"]), "happened",
                         Interval(s, s, "day"), "", None, parts, None, (), speaker))
    return out


def test_participation_counts_as_counting_event_by_event() -> None:
    from collections import Counter

    from timeline_gui.core.filtering import Participation, participant_names

    evs = _random_events(400, 7)
    part = Participation(evs)
    rnd = random.Random(1)
    for mask in (None, np.array([rnd.random() < 0.4 for _ in evs])):
        shown = evs if mask is None else [e for e, m in zip(evs, mask, strict=True) if m]
        counts: Counter[str] = Counter()
        for e in shown:
            counts.update(dict.fromkeys(participant_names(e), 1))  # names in first-seen order
        assert part.most_common(mask) == counts.most_common()
        assert part.most_common(mask, 3) == counts.most_common(3)
        assert dict(zip(part.names, part.counts(mask).tolist(), strict=True)) == {n: counts[n] for n in part.names}


def test_participation_gives_each_names_first_kind_and_affiliation() -> None:
    from timeline_gui.core.filtering import Participation

    evs = _random_events(300, 3)
    part = Participation(evs)
    mask = np.array([i % 3 != 0 for i in range(len(evs))])
    kinds: dict[str, str] = {}
    affiliations: dict[str, str] = {}
    for e, m in zip(evs, mask, strict=True):
        if m:
            for p in e.participants:
                kinds.setdefault(p.name, p.kind)
                if p.affiliation:
                    affiliations.setdefault(p.name, p.affiliation)
    k, a = part.kinds_and_affiliations(range(len(part.names)), mask)
    assert {part.names[n]: v for n, v in k.items()} == kinds
    assert {part.names[n]: v for n, v in a.items()} == affiliations


def test_shared_pairs_are_what_counting_combinations_gives() -> None:
    from collections import Counter
    from itertools import combinations

    from timeline_gui.core.filtering import Participation, participant_names

    evs = _random_events(500, 11)
    part = Participation(evs)
    among = [part.number[n] for n in ("Turkey", "Russia", "Lavrov", "Iran", "NATO", "Aliyev") if n in part.number]
    wanted = {part.names[k] for k in among}
    mask = np.array([i % 4 != 1 for i in range(len(evs))])
    shared: Counter[tuple[str, str]] = Counter()
    for e, m in zip(evs, mask, strict=True):
        if m:
            shared.update(combinations(sorted(n for n in set(participant_names(e)) if n in wanted), 2))
    assert part.shared(among, mask) == shared.most_common()
    assert part.shared(among, mask, 5) == shared.most_common(5)
    assert part.shared(among[:1], mask) == []


def test_an_index_makes_its_columns_only_when_a_filter_needs_them() -> None:
    evs = _random_events(200, 5)
    idx = EventIndex(evs)
    assert idx.mask(Filter()).all()
    assert not {"text", "participation", "types", "start", "end"} & set(vars(idx))
    idx.mask(Filter(participant="turkey"))
    assert "participation" in vars(idx) and "text" not in vars(idx)
    # the first text search finds what the per-event rule finds
    for f in (Filter(text="title 1"), Filter(text="LAVROV title"), Filter(text="meeting", participant="Iran")):
        assert idx.apply(f) == [e for e in evs if matches(e, f)]
    assert "text" in vars(idx)
