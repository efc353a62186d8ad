"""Invariants of the tagger on arbitrary text and extreme publication dates."""

from __future__ import annotations

import datetime as dt
import time

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import tag
from timeline_gui.core.timex.calendar_math import shift

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
    # Processor time: a machine busy with other work must not fail a test about this code's cost.
    t0 = time.process_time()
    tag(text, dt.date(2024, 10, 18))
    return time.process_time() - t0


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
    # Linear, not quadratic: ten times the text may take about ten times as long (thirty allows for
    # noise), never a hundred; and the worst flood stays within a few seconds of processor time.
    words = ("Friday", "now", "May", "December", "recently", "1998", "42", "twelve", "currently", "yesterday",
             "earlier", "day", "quarter", "soon")  # fmt: skip
    # The fastest of a few runs of each size, the sizes taken in turn: this machine's speed drifts
    # by half within minutes, and a small run timed in a fast spell against a big one in a slow
    # spell would otherwise flag a linear word as quadratic.
    for word in words:
        small = big = float("inf")
        for _ in range(3):
            small = min(small, _cpu_timed(f"{word} " * 5_000))
            big = min(big, _cpu_timed(f"{word} " * 50_000))
            if big < 30 * max(small, 0.02):
                break
        assert big < 30 * max(small, 0.02), (word, small, big)
        assert big < 5.0, (word, big)


_PIECES = st.sampled_from(
    ["day", "days", "5days", "-day", "today", "Monday", "year", "year-end", "years", "per", "percent", "(now)",
     "know", "décade", "décades", "éday", "_week", "week", "weekly", "2weeks", "ago", "earlier", "x", " ", "  ",
     ",", ".", "-", "'", "3", "2019", "May", "the", "of", "last", "centuries", "high-level", "COP29"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=200)))
def test_trigger_prefilter_finds_what_a_full_search_finds(text: str) -> None:
    """Skipping trigger words whose first letters begin no word never loses a candidate."""
    from timeline_gui.core.timex import tagger

    def spans(found: list[tagger.Candidate]) -> list[tuple[int, int, int, str | None, str | None]]:
        return [(c.start, c.end, c.rule, c.mod, c.rel) for c in found]

    fast = spans(tagger.candidates(text))
    saved = tagger._SPOT_WORDS
    try:  # no stems: every trigger word is looked for
        tagger._SPOT_WORDS = {k: tuple((w, cased, None) for w, cased, _ in v) for k, v in saved.items()}
        full = spans(tagger.candidates(text))
    finally:
        tagger._SPOT_WORDS = saved
    assert fast == full


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZq' \n\t\x0b\x1c\x85\xa0.,-é“”’ǅ", max_size=40) | st.text(max_size=40))
def test_word_lists_by_translation_are_the_regex_ones(text: str) -> None:
    from timeline_gui.core.timex import tagger, tense

    assert tense._words(text) == tense._WORD.findall(text)
    assert tagger._letter_runs(text) == tagger._LETTER_RUN.findall(text)


@given(st.dates(), st.sampled_from(["days", "weeks", "months", "years"]), st.integers(-12000, 12000))
@settings(max_examples=500, deadline=None)
def test_shift_moves_dates_as_relativedelta_does(d: dt.date, unit: str, n: int) -> None:
    try:
        expected: dt.date | None = d + relativedelta(**{unit: n})
    except (ValueError, OverflowError):
        expected = None
    assert shift(d, **{unit: n}) == expected
