"""The modifier and year-context searches start late in their windows and still find what a search
of the whole window finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import rules

_WORDS = [
    "early", "mid", "late", "earlier", "later", "the", "very", "beginning", "start", "end", "middle", "close",
    "turn", "first", "second", "last", "half", "latter", "part", "dawn", "of", "next", "this", "coming", "past",
    "previous", "following", "The", "LATE", "Mid", "x", "in", "(", "–", "2020", "’s", "é", "a_b", "(the",
    "\u017ftart", "\u0131s", "\u212aate", "lately", "more", "than", "up", "to", "at", "least", "No.", "Nos.",
    "about", "Flight", "page", "from",
]  # fmt: skip
_GAPS = ["", " ", " ", "-", "  ", "\n", "\t", "\x1c"]
_WINDOWS = st.one_of(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12).map(
        lambda parts: "".join(w + g for w, g in parts)
    ),
    st.text(max_size=48),
)


def _found(m: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    # find_prefix takes an empty match (at the end) for none.
    return (m.span(), m.groupdict()) if m is not None and m.end() > m.start() else None


@settings(max_examples=1000, deadline=None)
@given(_WINDOWS)
def test_modifier_search_from_the_trailing_modifier_words_is_the_whole_search(window: str) -> None:
    start = rules._prefix_from(window)
    for pattern in (rules._PREFIX_REL, rules._PREFIX_MOD):
        assert _found(pattern.search(window, start)) == _found(pattern.search(window))


@settings(max_examples=1000, deadline=None)
@given(_WINDOWS)
def test_counting_words_before_a_year_are_found_in_the_last_two_tokens(before: str) -> None:
    got = rules._NOT_YEAR_BEFORE.search(before, rules._tokens_from(before, 2))
    whole = rules._NOT_YEAR_BEFORE.search(before)
    assert (got and got.span()) == (whole and whole.span())
