"""The tagger's cheap whole-text scans find what the plain searches they replace find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.timex import tagger
from timeline_gui.core.timex.rules import RULES

_TRIGGERS = sorted({(w, rule.cased) for rule in RULES for w in rule.triggers or ()})
# Trigger words, their pieces and neighbours, and the characters whose lower case is unusual: the
# Kelvin sign lowers to an ASCII "k", a dotted capital I to two characters, a capital sigma
# depending on its neighbours; Arabic-Indic digits are decimal digits outside ASCII.
_PIECES = st.sampled_from(
    [w for w, _ in _TRIGGERS]
    + ["MAY", "Monday", "mondays", "year", "years", "yearly", "-", "'", " ", "  ", "\n", ",", ".", "x", "é",
       "\u212a", "\u0130", "\u03a3", "\u0663", "\u017f", "’", "3", "2019", "0", "s", "noon", "oon", "_", "a"]
)  # fmt: skip
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=30).map("".join),
    st.text(max_size=200),
    st.text(alphabet="aZmMyY0s9 -'.\u212a\u0130\u03a3\u0663é’", max_size=60),
)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_scan_of_the_encoding_gives_lower_case_digits_and_letters(text: str) -> None:
    encoded = text.encode("ascii", "replace")
    lower, plain = tagger._lowered_scan(text, encoded)
    assert lower == tagger._lowered(text)
    if plain:
        digits = tagger._runs(encoded.translate(tagger._DIGIT_TABLE).decode("ascii"))
        assert digits == [m.span() for m in tagger._DIGITS.finditer(text)]
        letters = encoded.translate(tagger._LOWER_LETTER_TABLE).decode("ascii")
        assert letters == tagger.ascii_classes(lower, tagger._LETTER_TABLE)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_trigger_spots_from_the_stem_index_are_the_full_search_ones(text: str) -> None:
    lower = tagger._lowered(text)
    starts = tagger._stem_starts(tagger.ascii_classes(lower, tagger._LETTER_TABLE))
    for words in tagger._SPOT_WORDS.values():
        for word, cased, stem in words:
            if stem is None:
                continue
            hay = text if cased else lower
            assert tagger._spots_at(hay, word, starts.get(stem, [])) == tagger._spots(hay, word), word


def test_every_trigger_word_of_three_letters_is_found_by_the_stem_index() -> None:
    stemmed = [w for words in tagger._SPOT_WORDS.values() for w, _c, stem in words if stem is not None]
    assert len(stemmed) > 100
    # Words sharing a border with a non-letter before it could hide one another from _spots.
    assert not tagger._index_safe("a-a") and tagger._index_safe("noon") and tagger._index_safe("year")


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_matches_of_rules_led_by_their_triggers_begin_at_trigger_spots(text: str) -> None:
    """What lets the tagger try such a rule's pattern only where its trigger spots begin."""
    lower = tagger._lowered(text)
    digit_runs = tagger._digit_runs(text)
    for i, rule in enumerate(RULES):
        if not tagger._AT_SPOTS[i]:
            continue
        starts = {a for w in rule.triggers or () for a, _b in tagger._spots(text if rule.cased else lower, w)}
        if rule.digits:
            ok = rule.digit_ok
            starts |= {a for a, b in digit_runs if ok is None or ok(text, a, b)}
        pattern, on_lower, _core = tagger._PATTERNS[i]
        for m in pattern.finditer(lower if on_lower else text):
            assert m.start() in starts, (rule.name, m)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, st.lists(st.sampled_from(["May 5", "5 May", "3 p.m.", "2020-01-02", "Q3", " ", ", "]),
                                  max_size=12).map("".join)))
def test_candidates_by_trigger_spots_are_those_by_searches(text: str) -> None:
    def spans(found: list[tagger.Candidate]) -> list[tuple[int, int, int, str | None, str | None, str]]:
        return [(c.start, c.end, c.rule, c.mod, c.rel, c.match[0]) for c in found]

    fast = spans(tagger.candidates(text))
    saved = tagger._AT_SPOTS
    try:  # every pattern searched through its windows
        tagger._AT_SPOTS = tuple(False for _ in RULES)
        searched = spans(tagger.candidates(text))
    finally:
        tagger._AT_SPOTS = saved
    assert fast == searched


def test_search_all_is_finditer_also_after_empty_matches() -> None:
    import re

    for pattern in (re.compile(r"a*"), re.compile(r"(?=b)|b+"), re.compile(r"x?")):
        for hay in ("", "aab", "bbab", "xxa", "baab b"):
            for lo, hi in ((0, len(hay)), (1, len(hay)), (0, max(0, len(hay) - 1))):
                got = [m.span() for m in tagger._search_all(pattern, hay, lo, hi)]
                assert got == [m.span() for m in pattern.finditer(hay, lo, hi)], (pattern, hay, lo, hi)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXTS, st.text(alphabet="aA. \n\t!?;:`'’é\u2028x", max_size=60)))
def test_tense_scans_of_the_encoding_are_the_regex_ones(text: str) -> None:
    from timeline_gui.core.timex import tense

    encoded = text.encode("ascii", "replace")
    found = list(tense._BREAK.finditer(text))
    assert tense._breaks(text, encoded) == ([m.start() for m in found], [m.end() for m in found])
    assert tense._words(text, encoded) == tense._WORD.findall(text)
    made, plain = tense.TenseIndex(text, encoded), tense.TenseIndex(text)
    assert (made.pos, made.end, made.kind) == (plain.pos, plain.end, plain.kind)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXTS, st.lists(st.sampled_from(["'", "year's", "'May", "YeAr", "MAY", "said", "will", "played",
                                                   "PLAYED", "won't", "o'", "ed", " ", "-", "é", "’"]),
                                  max_size=20).map("".join)))
def test_one_pass_over_the_words_gives_the_stems_and_the_cues(text: str) -> None:
    """The tagger's single pass (:func:`tagger._scan_words`) gives what the stem index and the tense
    index find each on their own, on text whose encoding stands for its lower case."""
    from timeline_gui.core.timex import tense

    encoded = text.encode("ascii", "replace")
    lower, plain = tagger._lowered_scan(text, encoded)
    if not plain:
        return
    scan, starts = tagger._scan_words(encoded.translate(tense.WORD_TABLE).decode("ascii"))
    every = tagger._stem_starts(tagger.ascii_classes(lower, tagger._LETTER_TABLE))
    # The same places, less those _STEM_FOURS rules out, which hold no trigger word.
    assert all(set(at) <= set(every.get(stem, [])) for stem, at in starts.items())
    for words in tagger._SPOT_WORDS.values():
        for word, cased, stem in words:
            if stem is not None:
                hay = text if cased else lower
                assert tagger._spots_at(hay, word, starts.get(stem, [])) == tagger._spots(hay, word), word
    assert scan.words == tense._words(text)
    made, plain_index = tense.TenseIndex(text, encoded, scan), tense.TenseIndex(text)
    assert (made.pos, made.end, made.kind) == (plain_index.pos, plain_index.end, plain_index.kind)


def test_head_table_marks_every_word_beginning_looked_up() -> None:
    for head in tagger._WORD_HEADS:
        # A word begins with a head of three characters, or is a shorter one.
        for word in (head, head + "s", head + "'s") if len(head) == 3 else (head,):
            assert tagger._HEAD_TABLE[tagger._head_key(word)] == 1, word


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXTS, st.lists(st.sampled_from(["0", "0s", "0's", "1990s", "-", "-ago", "-earlier", "year-ago",
                                                   "Q", "Q3", "QQ", "s", "'", " ", "x"]), max_size=20).map("".join)))
def test_spots_from_first_characters_are_the_word_search_ones(text: str) -> None:
    for word in ["0s", "0's", "-ago", "-earlier", "Q", "aa", "aXa", "noon", *(w for w, _ in _TRIGGERS)]:
        assert tagger._spots_by_first(text, word) == tagger._spots(text, word), word
