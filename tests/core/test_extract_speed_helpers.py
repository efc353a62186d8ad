"""The extractor's hand-written stand-ins for regex substitutions and record constructors give
exactly what they stand in for."""

from __future__ import annotations

import datetime as dt
import random

from timeline_gui.core import extract as X
from timeline_gui.core.model import Event, Interval, Participant, Span

# Characters the stand-ins treat specially, white space of several kinds among them.
_ALPHABET = "ab ,.;:!?-\n\t\r\xa0\u2009\u3000'\"“”x"


def _samples(n: int = 3000) -> list[str]:
    rng = random.Random(7)
    out = ["", " ", "  ", "a", " a ", "a ,b", " ,", ", ", "a \n ;b . c", "\t!"]
    for _ in range(n):
        out.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 14))))
    return out


def test_single_spaced_is_the_white_space_substitution() -> None:
    for s in _samples():
        assert X._single_spaced(s) == X._WS.sub(" ", s), repr(s)


def test_drop_space_before_punct_is_the_substitution() -> None:
    for s in _samples():
        assert X._drop_space_before_punct(s) == X._SPACE_PUNCT.sub("", s), repr(s)


def test_records_equal_the_dataclass_constructors() -> None:
    span = X._span("a.txt", 3, 7, "text", "id1")
    assert type(span) is Span and span == Span("a.txt", 3, 7, "text", "id1")
    assert span == X._record(Span, X._SPAN_SETTERS, ("a.txt", 3, 7, "text", "id1"))
    person = X._participant("Ivan Petrov", "person", None, "Russia")
    assert type(person) is Participant and person == Participant("Ivan Petrov", "person", None, "Russia")
    assert hash(person) == hash(Participant("Ivan Petrov", "person", None, "Russia"))
    iv = Interval(dt.date(2024, 1, 2), dt.date(2024, 1, 2), "day")
    event = X._new_event("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span, (span,),
                         "Ivan Petrov", None)
    values = ("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span, (span,), "Ivan Petrov", (),
              None, False, ())
    assert type(event) is Event and event == X._record(Event, X._EVENT_SETTERS, values)
    assert event == Event("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span, (span,),
                          "Ivan Petrov")
