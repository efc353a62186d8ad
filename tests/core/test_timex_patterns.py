"""Rewritten tagger patterns match what the plainer forms they replace match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import rules, tagger

# The reference-word pattern as first written (with a leading word boundary).
_REF_BEFORE = (
    r"\b(?:(?:the\s+)?(?:coming|recent)\s+(?:days|weeks|months|quarters|years|decades)|now|currently|"
    r"nowadays|at\s+present|at\s+the\s+moment|presently|current|the\s+present|these\s+days|recently|"
    r"lately|previously|formerly|the\s+past|earlier|soon|the\s+(?:near\s+)?future)\b(?![-'])"
)
_REF_PIECES = st.sampled_from(
    ["the", "The", "THE", "coming", "recent", "days", "years", "now", "nowadays", "know", "currently", "current",
     "at", "present", "moment", "presently", "these", "recently", "lately", "previously", "formerly", "past",
     "earlier", "soon", "near", "future", "x", "-", "'", " ", "  ", "\n", "_", "2", "é", "\u017f", "\u212a", ",",
     "them", "soonest"]
)  # fmt: skip
_TEXTS = st.one_of(st.lists(_REF_PIECES, max_size=16).map("".join), st.text(max_size=80))


def _all(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m[0]) for m in pattern.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_reference_word_pattern_is_the_word_boundary_one(text: str) -> None:
    before = re.compile(_REF_BEFORE, re.IGNORECASE)
    assert _all(rules._P_REF, text) == _all(before, text)
    # As the tagger runs it: case-sensitively on the lower-cased text.
    folded = tagger._folded(rules._P_REF)
    assert folded is not None
    lower = tagger._lowered(text)
    assert _all(folded, lower) == _all(re.compile(_REF_BEFORE), lower)


_AFTER_YEAR = st.one_of(
    st.lists(st.sampled_from(["people", "PEOPLE", "per cent", "km", "\u212am", "\u017feats", " ", "\n", "\xa0", ",",
                              ".", "the", "x", "1", "é", "-", "Times"]), max_size=6).map("".join),
    st.text(max_size=30),
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(_AFTER_YEAR)
def test_words_after_a_year_begin_with_a_letter_after_the_spaces(after: str) -> None:
    """What lets check_year skip _NOT_YEAR_AFTER where no letter follows the spaces."""
    j = len(after) - len(after.lstrip())
    if rules._NOT_YEAR_AFTER.match(after):
        assert j < len(after) and after[j].isalpha()
