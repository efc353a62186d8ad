"""Invariants of the tagger on arbitrary text and extreme publication dates."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import tag

_WORDS = st.sampled_from(
    [
        "October", "18", "2024", "late", "early", "the", "end", "of", "last", "next", "this", "year",
        "week", "Friday", "ago", "two", "years", "a", "quarter", "third", "1990s", "since", "May",
        "COP", "29", "79th", "session", "General", "Assembly", "every", "day", "10", "a.m.", "-", "/",
        ",", ".", "(", "mid-", "spring", "Christmas", "earlier", "now", "for", "44", "days", "9999",
        "0001", "12/31/9999", "01/01/0001", "9999-12-31", "0001-01-01", "later", "following",
    ]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=40).map(" ".join))
_DATES = st.one_of(
    st.dates(),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 12, 31), dt.date(9999, 1, 1)]),
)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, _DATES)
def test_spans_valid_and_intervals_ordered(text: str, dct: dt.date) -> None:
    for t in tag(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.interval is not None:
            assert t.interval.start <= t.interval.end


def test_extreme_years_do_not_raise() -> None:
    text = "In 9999, on 31 December 9999, last year, next year, in 1000 years, 0001-01-01 and the 1990s."
    for dct in (dt.date.min, dt.date.max):
        for t in tag(text, dct):
            assert t.interval is None or t.interval.start <= t.interval.end


def _timed(text: str) -> float:
    t0 = time.perf_counter()
    tag(text, dt.date(2024, 10, 18))
    return time.perf_counter() - t0


def test_no_quadratic_blowup_on_repeats() -> None:
    assert _timed("October " * 50_000) < 1.0
    assert _timed("(" * 100_000) < 1.0
    assert _timed("the " * 50_000) < 1.0
    assert _timed("1 " * 50_000) < 1.0


def _cpu_timed(text: str) -> float:
    # Processor time of this process: other processes on a busy machine do not count.
    t0 = time.process_time()
    tag(text, dt.date(2024, 10, 18))
    return time.process_time() - t0


def test_no_slow_path_on_repeated_tokens() -> None:
    words = ("Friday", "now", "May", "December", "recently", "1998", "42", "twelve", "currently", "yesterday",
             "earlier", "day", "quarter", "soon")  # fmt: skip
    for word in words:
        assert _cpu_timed(f"{word} " * 50_000) < 1.5, word
