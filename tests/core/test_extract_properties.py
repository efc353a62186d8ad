"""Property tests: the extractor never raises, and every quote and trigger offset is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.articles import parse_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.model import Article

WORDS = st.sampled_from(
    [
        "Kazakhstan", "Moldova", "Astana", "said", "met", "will", "talks", "on", "Tuesday", "in",
        "March", "early", "2019", "earlier", "“", "”", '"', ", ", ".", "—", "Defence",
        "Minister", "Ruslan", "Zhaksylykov", "Belarus", "declined", "to", "attend", "before", "the",
        "referendum", "scheduled", "for", "May", "12", "with", "also", "signing", "second",
        "summit", "since", "2017", "Erdoğan", "Sukhumi", "(", ")", "[", "]", "'s", "’s", "according",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=80), st.dates())
def test_extractor_never_raises_and_offsets_are_exact(words: list[str], date: object) -> None:
    raw = f" date {date} " + " ".join(words)
    a = parse_article(raw.encode(), "p.txt")
    if not isinstance(a, Article):
        return
    for e in extract_article(a):
        assert e.quotes
        for q in (*e.quotes, *([e.trigger] if e.trigger else [])):
            assert a.text[q.start : q.end] == q.text
        assert e.interval.start <= e.interval.end


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(body: str) -> None:
    a = parse_article((" date 2024-10-18 " + body).encode("utf-8", "surrogatepass"), "x.txt") \
        if body < "\ud800" else None
    if isinstance(a, Article):
        for e in extract_article(a):
            for q in e.quotes:
                assert a.text[q.start : q.end] == q.text


def test_positional_maker_builds_what_the_constructor_builds() -> None:
    import datetime as dt
    from dataclasses import fields

    import pytest

    from timeline_gui.core.entities import Mention
    from timeline_gui.core.model import Event, Interval, Participant, Span, positional_maker
    from timeline_gui.core.text import Sentence

    span = Span("a.txt", 1, 4, "abc", "id")
    iv = Interval(dt.date(2024, 1, 1), dt.date(2024, 1, 2), "day")
    part = Participant("Georgia", "country", "host", None)
    cases: list[tuple[type, tuple[object, ...]]] = [
        (Span, ("a.txt", 1, 4, "abc", "id")),
        (Participant, ("Georgia", "country", "host", None)),
        (Sentence, (0, 10, 1, 0, False)),
        (Mention, (3, 9, "Ivan Petrov", "person", "Russia", "minister", "title", (0, 3), None, None)),
        (Event, ("e1", "T", "meeting", "happened", iv, "May 1", None, (part,), span, (span,), None, (), None,
                 False, ())),
    ]
    for cls, args in cases:
        made: object = positional_maker(cls)(*args)
        assert type(made) is cls and made == cls(*args) and hash(made) == hash(cls(*args))
        with pytest.raises((AttributeError, TypeError)):  # still frozen (slots make it a TypeError)
            setattr(made, fields(made)[0].name, args[0])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        positional_maker(Interval)  # its __post_init__ checks the order of the dates
