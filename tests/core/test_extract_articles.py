"""Whole articles written for the tests (``tests/core/data``): the events a reader would expect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from timeline_gui.core.articles import read_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.model import Article, Event

DATA = Path(__file__).parent / "data"


def extract(name: str) -> tuple[Article, list[Event]]:
    a = read_article(str(DATA / name))
    assert isinstance(a, Article)
    evs = extract_article(a)
    for e in evs:
        for q in (*e.quotes, e.trigger):
            assert q is not None and a.text[q.start : q.end] == q.text
    return a, evs


def names(e: Event) -> set[str]:
    return {p.name for p in e.participants}


def find(evs: list[Event], words: str) -> Event:
    return next(e for e in evs if any(words in q.text for q in e.quotes))


def test_border_commission_meeting_on_a_weekday_and_next_month() -> None:
    _, evs = extract("border_commission.txt")
    met = find(evs, "commissions met")
    assert met.type == "meeting" and met.status == "happened"
    assert met.interval.start == dt.date(2023, 11, 14) and met.interval.granularity == "day"
    assert {"Armenia", "Azerbaijan"} <= names(met)
    nxt = find(evs, "next round")
    assert nxt.interval.start == dt.date(2023, 12, 1) and nxt.interval.granularity == "month"


def test_surname_resolves_to_the_person_the_article_introduced() -> None:
    _, evs = extract("border_commission.txt")
    said = find(evs, "told reporters")
    assert said.type == "statement" and said.speaker == "Mher Grigoryan"
    assert "Armen Grigoryan" not in names(said)


def test_ministry_statement_names_the_body_not_its_country_twice() -> None:
    _, evs = extract("border_commission.txt")
    e = find(evs, "Foreign Ministry welcomed")
    assert e.type == "statement" and e.interval.granularity == "unknown"


def test_osce_chair_visit_next_week_is_scheduled() -> None:
    _, evs = extract("osce_statement.txt")
    visit = find(evs, "will visit")
    assert visit.type == "visit" and visit.status == "scheduled"
    assert visit.interval.granularity == "week" and visit.interval.start == dt.date(2024, 3, 11)
    assert {"Ian Borg", "Georgia", "Armenia"} <= names(visit)


def test_bracketed_insertion_adds_no_participant_and_refusal_marks_absent() -> None:
    _, evs = extract("osce_statement.txt")
    ref = find(evs, "Russia refused")
    assert ref.type == "refusal" and ref.status == "denied"
    assert any(p.name == "Russia" and p.role == "absent" for p in ref.participants)
    assert ref.interval.start == dt.date(2024, 3, 7)
    for e in evs:
        for p in e.participants:
            assert p.name != "South Caucasus"


def test_second_round_scheduled_and_boycott_is_denied() -> None:
    _, evs = extract("georgia_election.txt")
    boycott = find(evs, "boycotted")
    assert boycott.status == "denied"
    rally = find(evs, "rally")
    assert rally.interval.start == dt.date(2020, 11, 2) and rally.place == "Tbilisi"


def test_election_result_is_an_election_event() -> None:
    _, evs = extract("georgia_election.txt")
    assert find(evs, "won the parliamentary election").type == "election"


def test_state_visit_arrival_with_host_country() -> None:
    _, evs = extract("kazakh_china_visit.txt")
    arr = find(evs, "arrived in Astana")
    assert arr.type == "visit" and arr.interval.start == dt.date(2023, 5, 17)
    assert arr.place == "Astana"
    assert {"Xi Jinping", "China"} <= names(arr)
    assert any(p.name == "Kazakhstan" and p.role == "host" for p in arr.participants)
    talks = find(evs, "held talks")
    assert talks.type == "talks" and talks.interval.start == dt.date(2023, 5, 18)
    assert "Kassym-Jomart Tokayev" in names(talks)
    summit = find(evs, "will attend")
    assert summit.status == "scheduled" and summit.interval.granularity == "month"



def test_short_surname_joins_the_talks() -> None:
    _, evs = extract("kazakh_china_visit.txt")
    assert "Xi Jinping" in names(find(evs, "held talks"))


def test_nato_summit_and_absent_party() -> None:
    _, evs = extract("nato_summit.txt")
    summit = find(evs, "leaders met")
    assert summit.type == "meeting" and summit.interval.start == dt.date(2024, 7, 10)
    assert "NATO" in names(summit)
    absent = find(evs, "did not attend")
    assert absent.status == "denied"
    talks = find(evs, "held talks")
    assert {"Volodymyr Zelensky", "Joe Biden"} <= names(talks)
    said = find(evs, "Stoltenberg said")
    assert said.speaker == "Jens Stoltenberg"
