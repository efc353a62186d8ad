"""Rules with lead words (:attr:`Rule.leads`) find, by trying their patterns only where those words
occur, what searching their windows finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import tagger
from timeline_gui.core.timex.rules import RULES

_LED = [i for i, leads in enumerate(tagger._LEADS) if leads is not None]
_WORDS = sorted({w for i in _LED for w in RULES[i].leads or ()} | {w for i in _LED for w in RULES[i].triggers or ()})
_PIECES = st.sampled_from(
    [*_WORDS, "The", "THE", "these days", "at the moment", "at present", "near future", "fiscal", "days", "year",
       "week",
       "weeks", "quarter", "most recent", "-", "'", " ", "  ", "\n", ",", ".", "x", "\u212a", "\u0130", "\u03a3",
       "s", "ly", "ed", "a"]
)  # fmt: skip
_TEXTS = st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=120))


def test_the_tagger_uses_lead_words() -> None:
    assert {RULES[i].name for i in _LED} >= {"ref", "unit_rel"}


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_matches_of_led_rules_begin_with_a_lead_word(text: str) -> None:
    lower = tagger._lowered(text)
    for i in _LED:
        pattern, on_lower, _core = tagger._PATTERNS[i]
        assert on_lower
        for m in pattern.finditer(lower):
            assert lower.startswith(RULES[i].leads or (), m.start()), (RULES[i].name, m)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_candidates_by_lead_words_are_those_by_searches(text: str) -> None:
    def spans(found: list[tagger.Candidate]) -> list[tuple[int, int, int, str | None, str | None, str]]:
        return [(c.start, c.end, c.rule, c.mod, c.rel, c.match[0]) for c in found]

    fast = spans(tagger.candidates(text))
    saved = tagger._LEADS
    try:
        tagger._LEADS = tuple(None for _ in RULES)
        searched = spans(tagger.candidates(text))
    finally:
        tagger._LEADS = saved
    assert fast == searched
