"""Cross-article merging: one event per happening, every quote kept, disagreeing dates flagged."""

from __future__ import annotations

import datetime as dt
import random

from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import DatedSource, Event, Interval, Participant, Span


def ev(eid: str, file: str, day: int | None, typ: str = "meeting", people: tuple[str, ...] = ("Ilham Aliyev",),
       speaker: str | None = None, place: str | None = None) -> Event:
    iv = (Interval(dt.date(2024, 5, day), dt.date(2024, 5, day), "day") if day
          else Interval(dt.date(2023, 5, 20), dt.date(2024, 5, 20), "unknown"))
    q = Span(file, 10, 20, "x" * 10)
    parts = tuple(Participant(p, "person", "attendee", "Azerbaijan") for p in people)
    return Event(eid, f"title {eid}", typ, "happened", iv, "", place, parts, None, (q,), speaker=speaker)


def test_same_meeting_in_two_articles_is_one_event_with_both_quotes() -> None:
    out = merge_events([ev("a", "1.txt", 3), ev("b", "2.txt", 3)])
    assert len(out) == 1
    assert {q.file for q in out[0].quotes} == {"1.txt", "2.txt"}
    assert not out[0].disputed


def test_different_dates_are_kept_and_flagged() -> None:
    out = merge_events([ev("a", "1.txt", 3), ev("b", "2.txt", 4)])
    assert len(out) == 1 and out[0].disputed
    assert {s.interval.start.day for s in out[0].sources} == {3, 4}
    assert "source_dates" in out[0].to_json()


def test_different_types_or_people_stay_apart() -> None:
    assert len(merge_events([ev("a", "1.txt", 3), ev("b", "2.txt", 3, typ="visit")])) == 2
    assert len(merge_events([ev("a", "1.txt", 3), ev("b", "2.txt", 3, people=("Nikol Pashinyan",))])) == 2


def _signing(eid: str, file: str, countries: tuple[str, ...], place: str | None = None) -> Event:
    iv = Interval(dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year")
    parts = tuple(Participant(c, "country", "attendee") for c in countries)
    return Event(eid, f"title {eid}", "signing", "happened", iv, "in 2015", place, parts, None,
                 (Span(file, 0, 5, "xxxxx"),))


def test_signings_with_different_partners_in_the_same_year_stay_apart() -> None:
    out = merge_events([_signing("a", "1.txt", ("Armenia", "Germany")), _signing("b", "2.txt", ("Armenia", "Ukraine"))])
    assert len(out) == 2
    # a report that names fewer of the countries is the same signing
    out = merge_events([_signing("a", "1.txt", ("Armenia", "Germany")), _signing("b", "2.txt", ("Germany",)),
                        _signing("c", "3.txt", ("Armenia", "Ukraine"))])
    assert sorted(len(e.quotes) for e in out) == [1, 2]
    joined = next(e for e in out if len(e.quotes) == 2)
    assert {p.name for p in joined.participants} == {"Armenia", "Germany"}


def test_a_meeting_reported_with_lists_that_mostly_agree_is_one_event() -> None:
    out = merge_events([_signing("a", "1.txt", ("Russia", "Turkey", "Iran")),
                        _signing("b", "2.txt", ("Russia", "Turkey", "Iran", "Azerbaijan")),
                        _signing("c", "3.txt", ("Russia", "Turkey", "Armenia"))])
    assert len(out) == 1 and len(out[0].quotes) == 3


def test_events_in_two_different_places_stay_apart() -> None:
    out = merge_events([_signing("a", "1.txt", ("Armenia",), "Yerevan"),
                        _signing("b", "2.txt", ("Armenia",), "Gyumri")])
    assert len(out) == 2
    out = merge_events([_signing("a", "1.txt", ("Armenia",), "Yerevan"), _signing("b", "2.txt", ("Armenia",))])
    assert len(out) == 1 and out[0].place == "Yerevan"


def test_countries_conflict() -> None:
    from timeline_gui.core.merge import countries_conflict

    assert countries_conflict({"A", "G"}, {"A", "U"})
    assert countries_conflict({"A"}, {"U"})
    assert not countries_conflict({"A"}, {"A", "U"})
    assert not countries_conflict(set(), {"A", "U"})
    assert not countries_conflict({"A", "B", "C"}, {"A", "B", "D"})
    assert countries_conflict({"A", "B", "C", "D"}, {"A", "B", "E", "F"})


def test_events_of_one_article_are_not_merged_here() -> None:
    assert len(merge_events([ev("a", "1.txt", 3), ev("b", "1.txt", 3)])) == 2


def test_statements_merge_only_with_the_same_speaker() -> None:
    s1 = ev("a", "1.txt", 3, typ="statement", speaker="Ilham Aliyev")
    s2 = ev("b", "2.txt", 3, typ="statement", speaker="Ilham Aliyev")
    s3 = ev("c", "3.txt", 3, typ="statement", speaker="Nikol Pashinyan", people=("Nikol Pashinyan",))
    out = merge_events([s1, s2, s3])
    assert len(out) == 2


def test_no_quote_is_ever_lost() -> None:
    evs = [ev(str(i), f"{i % 5}.txt", 1 + i % 3) for i in range(30)]
    out = merge_events(evs)
    before = {(q.file, q.start) for e in evs for q in e.quotes}
    after = {(q.file, q.start) for e in out for q in e.quotes}
    assert before == after


_DETERMINISM_SCRIPT = r"""
import datetime as dt, json
from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Event, Interval, Participant, Span

def ev(i, names, day, place=None):
    d = dt.date(2023, 5, day)
    q = Span(f"f{i}.txt", 0, 4, "text")
    parts = tuple(Participant(n, "country") for n in names)
    return Event(f"e{i}", "t", "meeting", "happened", Interval(d, d, "day"), "", place, parts, None, (q,))

events = [ev(0, ["Armenia"], 3), ev(1, ["Georgia"], 3), ev(2, ["Georgia", "Armenia", "Iran", "Turkey"], 3),
          ev(3, ["Turkey", "Iran"], 4, "Baku"), ev(4, ["Iran"], 4, "Baku")]
print(json.dumps([[e.id, [q.file for q in e.quotes]] for e in merge_events(events)]))
"""


def test_merging_does_not_depend_on_the_hash_seed() -> None:
    import os
    import subprocess
    import sys

    outs = {
        subprocess.run([sys.executable, "-c", _DETERMINISM_SCRIPT], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(6)
    }
    assert len(outs) == 1


def test_many_copies_of_one_event_merge_into_one_with_every_quote() -> None:
    out = merge_events([ev(f"e{i}", f"{i:03d}.txt", 3) for i in range(200)])
    assert len(out) == 1
    assert len(out[0].quotes) == 200
    assert {q.file for q in out[0].quotes} == {f"{i:03d}.txt" for i in range(200)}
    assert [q.file for q in out[0].quotes] == sorted(q.file for q in out[0].quotes)
    assert not out[0].disputed


def test_events_that_share_an_article_join_their_own_counterparts() -> None:
    # Two happenings reported by both articles: joining one pair must not make the other pair look
    # like it comes from one article (the events of an article share their set of files).
    a_meet, a_visit = ev("a", "1.txt", 3), ev("b", "1.txt", 3, typ="visit")
    b_meet, b_visit = ev("c", "2.txt", 3), ev("d", "2.txt", 3, typ="visit")
    out = merge_events([a_meet, a_visit, b_meet, b_visit])
    assert sorted((e.type, sorted(q.file for q in e.quotes)) for e in out) == [
        ("meeting", ["1.txt", "2.txt"]),
        ("visit", ["1.txt", "2.txt"]),
    ]



def _reference_merge(events: list[Event]) -> list[Event]:
    """Merging as the module's pairwise rules say, one joined event after another: every earlier
    event (or joined event) indexed under a key of ``e`` is a candidate, the earliest that is
    :func:`same_happening` takes it, and :func:`_join` makes the joined event."""
    from timeline_gui.core.merge import _join, _main, same_happening

    def keys(e: Event) -> set[tuple[str, str, int]]:
        week = e.interval.end.toordinal() // 7
        names = {e.speaker} if e.type == "statement" and e.speaker else _main(e) | ({e.place} if e.place else set())
        return {(e.type, n, week) for n in names}

    merged: list[Event] = []
    index: dict[tuple[str, str, int], set[int]] = {}
    for e in events:
        found = {i for typ, n, week in keys(e) for w in (week - 1, week, week + 1) for i in index.get((typ, n, w), ())}
        target = next((i for i in sorted(found) if same_happening(merged[i], e)), -1)
        if target >= 0:
            e = merged[target] = _join(merged[target], e)
        else:
            target = len(merged)
            merged.append(e)
        for k in keys(e):
            index.setdefault(k, set()).add(target)
    return sorted(merged, key=lambda e: (e.interval.start, e.interval.end, e.id))


def _random_event(rng: random.Random, i: int) -> Event:
    start = dt.date(2024, 5, 1) + dt.timedelta(days=rng.randrange(20))
    gran = rng.choice(["day", "day", "week", "month", "unknown"])
    days = {"day": 0, "week": 6, "month": 29, "unknown": rng.randrange(300)}[gran]
    iv = Interval(start, start + dt.timedelta(days=days), gran)  # type: ignore[arg-type]
    file = f"{rng.randrange(6)}.txt"
    kinds = ("person", "country", "organization", "place")
    names = [rng.choice("ABCDE") for _ in range(rng.randrange(1, 6))]
    parts = tuple(dict.fromkeys(Participant(n, rng.choice(kinds)) for n in names))
    typ = rng.choice(["meeting", "visit", "statement"])
    quotes = tuple(Span(file, s, s + 3, "xyz") for s in rng.sample(range(50), rng.randrange(1, 3)))
    sources = (DatedSource(file, iv, "then"),) if rng.random() < 0.3 else ()
    return Event(f"e{i}", "t", typ, "happened", iv, "then", rng.choice([None, None, "P", "Q"]), parts, None, quotes,
                 speaker=rng.choice([None, "A", "B"]) if typ == "statement" else None, mentions=quotes[:1],
                 disputed=rng.random() < 0.05, sources=sources)


def test_merging_gives_what_the_pairwise_rules_give() -> None:
    joined = 0
    for seed in range(200):
        rng = random.Random(seed)
        events = [_random_event(rng, i) for i in range(rng.randrange(5, 60))]
        out = merge_events(events)
        assert out == _reference_merge(events), seed
        joined += len(events) - len(out)
    assert joined > 500  # the rules were put to work, not only the events that stand alone


def test_merging_in_instalments_gives_what_one_merge_gives() -> None:
    from timeline_gui.core.merge import Merger

    for seed in range(100):
        rng = random.Random(seed)
        events = [_random_event(rng, i) for i in range(rng.randrange(5, 60))]
        cuts = sorted(rng.sample(range(len(events) + 1), rng.randrange(0, 5)))
        m = Merger()
        for a, b in zip([0, *cuts], [*cuts, len(events)], strict=True):
            m.add(events[a:b])
        assert m.result() == merge_events(events), seed


def _pair(first: Interval, second: Interval, typ: str = "meeting") -> list[Event]:
    parts = (Participant("Ilham Aliyev", "person"), Participant("Azerbaijan", "country"))
    return [Event(f"e{k}", "t", typ, "happened", iv, "then", None, parts, None,
                  (Span(f"{k}.txt", 0, 3, "xyz"),), speaker="Ilham Aliyev" if typ == "statement" else None)
            for k, iv in enumerate((first, second))]


def test_the_time_limits_of_a_join_are_kept_to_the_day() -> None:
    day = dt.date(2024, 5, 10)
    for typ in ("meeting", "statement"):
        for gap in range(-2, 11):
            # dated: one day, then a day ``gap`` days after it (a gap of more than 7 days never joins,
            # and a statement joins only when the days are the same)
            other = day + dt.timedelta(days=gap)
            events = _pair(Interval(day, day, "day"), Interval(other, other, "day"), typ)
            out = merge_events(events)
            assert out == _reference_merge(events), (typ, gap)
            assert (len(out) == 1) == (gap == 0 if typ == "statement" else abs(gap) <= 7), (typ, gap)
            # undated: ends ``gap`` days apart (joined within three days)
            events = _pair(Interval(day - dt.timedelta(days=30), day, "unknown"),
                           Interval(day - dt.timedelta(days=20), day + dt.timedelta(days=gap), "unknown"), typ)
            out = merge_events(events)
            assert out == _reference_merge(events), (typ, gap, "undated")
            assert (len(out) == 1) == (abs(gap) <= 3), (typ, gap, "undated")
        # a dated and an undated report of the same day are kept apart
        events = _pair(Interval(day, day, "day"), Interval(day - dt.timedelta(days=3), day, "unknown"), typ)
        assert len(merge_events(events)) == 2 and merge_events(events) == _reference_merge(events)


def test_people_with_no_name_in_common_keep_events_apart() -> None:
    day = dt.date(2024, 5, 10)
    a, b = _pair(Interval(day, day, "day"), Interval(day, day, "day"))
    for others in (("Ilham Aliyev",), ("Nikol Pashinyan",), ("Nikol Pashinyan", "Ilham Aliyev"), ()):
        people = (*(Participant(n, "person") for n in others), Participant("Azerbaijan", "country"))
        b2 = Event(b.id, b.title, b.type, b.status, b.interval, b.date_text, b.place, people, None, b.quotes)
        out = merge_events([a, b2])
        assert out == _reference_merge([a, b2])
        assert (len(out) == 1) == (not others or "Ilham Aliyev" in others), others
