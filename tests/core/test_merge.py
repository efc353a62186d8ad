"""Cross-article merging: one event per happening, every quote kept, disagreeing dates flagged."""

from __future__ import annotations

import datetime as dt

from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Event, Interval, Participant, Span


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

