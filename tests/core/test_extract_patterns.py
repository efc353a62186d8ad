"""Patterns written in a faster form (beginning with a character class, so that the regex engine can
skip to the positions where a match may start) find exactly what their plain forms find."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from timeline_gui.core import entities, extract, gazetteer, text
from timeline_gui.core.timex import rules, tagger, tense
from timeline_gui.core.timex.lexicon import MONTH, MONTH_FULL, WEEKDAY

_PLAIN_ROLE_PHRASE = re.compile(entities._ROLE_PHRASE.pattern.replace(r"he (?<=\b[Tt]he )", r"\b[Tt]he ", 1))

REPO = Path(__file__).resolve().parents[2]

PAIRS: list[tuple[str, re.Pattern[str]]] = [
    (r"[,.!?]?[”\"»]\s*[,—–-]?\s*", extract._CLOSE_QUOTE),
    (r"\b(?:hosted by|at the invitation of|invited by)\s+(?:the\s+)?$", extract._HOSTED_BY),
    (r"[;—–()\[\]\"“”«»]|(?<!\d)[,:]|[,:](?!\d)|\s-\s|\s(?=(?:which|who|whom|whose|where|while|whereas|because|"
     r"although)\b)", extract._TITLE_BOUNDARY),
    (r"(?<![\w])['‘](?=[\w])", extract._OPEN_SINGLE),
    (r"(?<=[\w.])['’](?![\w])", extract._CLOSE_SINGLE),
    (r"\b" + entities._NAME + r",\s+(?:the\s+)?(?P<title>" + entities._APPOSITIVE_TITLE + ")", entities._APPOSITIVE),
    (r"[^\x00-\x7f]+", gazetteer._NON_ASCII),
    (r"[.!?]+[\"”»’')\]]*(?=\s+[\"“«‘'(\[]?[A-Z0-9\u0400-\u04FF])", text._END),
    (r"\d+", tagger._DIGITS),
    (r"[A-Za-z']+", tense._WORD),
    (r"[!?;:\n]|\.\s+(?=[A-Z\"'`])|``|''", tense._BREAK),
    # The date patterns (see rules._letter_led).
    (rf"\b(?P<mon>{MONTH})\s*(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
     rf"(?![\d%]|[.,:/]\d|\s*(?:percent|per\s+cent)\b)(?:,?\s+(?P<year>\d{{4}})(?![\d%]))?", rules._P_MDY),
    (rf"(?<![\d$.,])\b(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})"
     rf"(?:,?\s+(?P<year>\d{{4}})(?![\d%]))?", rules._P_DMY),
    (rf"\b(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<year>\d{{4}})(?![\d%])", rules._P_MY),
    (rf"\b{MONTH_FULL}\b", rules._P_MONTH),
    (rf"\b(?P<wd>{WEEKDAY})(?P<pl>s)?\b(?:\s+(?P<pod>morning|afternoon|evening|night))?", rules._P_WEEKDAY),
    # Patterns that only gained a look-ahead for their first characters.
    (rules._P_YEAR.pattern.removeprefix("(?=[TtFf12])"), rules._P_YEAR),
    (rules._P_TIME.pattern.removeprefix(r"(?=[\dnm])"), rules._P_TIME),
]

_ODD = [
    "x'y ‘a’ 'b' hosted by the", "٣٤ ١٢ 12 ５", "", "''``.  A", "_the Russian official", "a—b – c -  d",
    "Ivan Petrov, the deputy head", "It was hosted by  the", "“Yes,” he said. 'Later' — said Ms. Li. (ok) [x]",
]


@pytest.mark.parametrize(("plain", "fast"), PAIRS, ids=[p.pattern[:24] for _, p in PAIRS])
def test_fast_form_finds_what_the_plain_form_finds(plain: str, fast: re.Pattern[str]) -> None:
    slow = re.compile(plain, fast.flags)
    assert fast.groupindex == slow.groupindex and fast.groups == slow.groups
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))] + _ODD
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "core").rglob("*.txt"))]
    texts += [t.lower() for t in texts] + [gazetteer.fold(t) for t in texts]
    rnd = random.Random(7)
    for t in texts:
        bounds = [(0, len(t))]
        for _ in range(6):
            a = rnd.randrange(len(t) + 1)
            bounds.append((a, rnd.randrange(a, len(t) + 1)))
        for a, b in bounds:
            got = [(m.span(), m.groups()) for m in fast.finditer(t, a, b)]
            assert got == [(m.span(), m.groups()) for m in slow.finditer(t, a, b)]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))] + _ODD
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "core").rglob("*.txt"))]
    return texts + [t.lower() for t in texts] + [gazetteer.fold(t) for t in texts]


def test_role_phrase_matches_one_character_after_the_plain_form() -> None:
    assert _PLAIN_ROLE_PHRASE.pattern != entities._ROLE_PHRASE.pattern
    for t in [*_texts(), "The Russian official", "xThe Russian official", "the new Kazakh top diplomat said"]:
        for start in (0, 1, 5):
            want = [(m.start(), m.end(), m.groupdict()) for m in _PLAIN_ROLE_PHRASE.finditer(t, start)]
            got = [(m.start() - 1, m.end(), m.groupdict()) for m in entities._ROLE_PHRASE.finditer(t, start + 1)]
            assert got == want


def test_breaks_are_the_break_pattern_matches() -> None:
    rnd = random.Random(3)
    odd = ["".join(rnd.choice("!?;:\n.`'\" aA\t") for _ in range(rnd.randrange(40))) for _ in range(400)]
    for t in _texts() + odd:
        assert tense._breaks(t) == ([m.start() for m in tense._BREAK.finditer(t)],
                                    [m.end() for m in tense._BREAK.finditer(t)])


def test_fold_maps_each_character() -> None:
    for t in [*_texts(), "Çavuşoğlu’s Türkiye — İstanbul ø Ł đ ‘x’"]:
        folded = gazetteer.fold(t)
        assert folded == "".join(gazetteer._fold_char(c) for c in t)


def test_sentence_ends_are_the_end_pattern_matches() -> None:
    rnd = random.Random(4)
    odd = ["".join(rnd.choice(".!?”\" aA1\n") for _ in range(rnd.randrange(40))) for _ in range(400)]
    for t in _texts() + odd:
        for a, b in ((0, len(t)), (len(t) // 3, len(t) - len(t) // 4)):
            assert [m.span() for m in text._ends(t, a, b)] == [m.span() for m in text._END.finditer(t, a, b)]


def test_non_ascii_chars_are_the_non_ascii_runs_characters() -> None:
    for t in [*_texts(), "?", "a?b”?“", "𝔘?ni?"]:
        assert text.non_ascii_chars(t) == {c for run in gazetteer._NON_ASCII.findall(t) for c in run}


def test_digit_runs_are_the_digit_pattern_matches() -> None:
    for t in [*_texts(), "12 ab 3", "٣٤ and 12", "x12y 7", "", "0"]:
        assert tagger._digit_runs(t) == [m.span() for m in tagger._DIGITS.finditer(t)]


def test_lowered_text_is_what_lower_and_the_aligned_fallback_give() -> None:
    def plain(t: str) -> str:
        low = t.lower()
        return low if len(low) == len(t) else "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in t)

    # No capital sigma: _lowered hands such text to str.lower itself, and the compiled build's
    # str.lower lowers it without looking at its neighbours, unlike Python's.
    odd = ["İstanbul İ", "Äb? ÇA ?É", "ǅ Ǆ ǈ", "x?Y", "ßẞ ﬁ", "𝔘X", "ΑΒΓ δ"]
    for t in [*_texts(), *odd]:
        assert tagger._lowered(t) == plain(t)


def test_tokens_of_whole_articles_are_the_regex_split() -> None:
    from itertools import accumulate

    for t in _texts():
        parts = re.split(r"(\W+)", t)
        assert gazetteer.tokens(t) == (parts[0::2], list(accumulate(map(len, parts), initial=0))[0::2])


def test_word_spans_are_the_non_space_runs() -> None:
    odd = ["", " ", "a", "  a  b ", "x\xa0y\u2009z\x1c w\x85v", "\u3000ab\u3000\u3000c\n", "to to  to"]
    for t in [*_texts(), *odd]:
        words, starts = extract._word_spans(t)
        assert [(w, a) for w, a in zip(words, starts, strict=True)] == \
            [(m.group(), m.start()) for m in re.finditer(r"\S+", t)]


def test_after_is_the_two_character_search() -> None:
    rnd = random.Random(7)
    odd = ["".join(rnd.choice(" ,.;:!?a\n") for _ in range(rnd.randrange(12))) for _ in range(2000)]
    for t in [*_texts(), *odd, "", ",", " ,", ",,", "a,,", ". ,"]:
        assert extract._after(t, " ", ",.;:!?") == any(" " + c in t for c in ",.;:!?")
        assert extract._after(t, ",", ",") == (",," in t)


def test_spots_of_a_trigger_follow_from_those_of_its_base() -> None:
    rnd = random.Random(11)
    odd = ["".join(rnd.choice(["day", "s", "year", "-end", " ", "week", "ly", "x", "é", "per", "iod"])
                   for _ in range(rnd.randrange(12))) for _ in range(500)]
    assert tagger._LOWER_BASES  # "days" from "day", "year-end" from "year", ...
    for t in [*(x.lower() for x in _texts()), *odd]:
        for word, base in tagger._LOWER_BASES.items():
            via = [(a, a + len(word)) for a, _b in tagger._spots(t, base) if t.startswith(word, a)]
            assert via == tagger._spots(t, word), (word, base)
    for word, base in [*tagger._LOWER_BASES.items(), *tagger._CASED_BASES.items()]:
        assert word.startswith(base) and not tagger._bordered(word) and not tagger._bordered(base)


def test_word_starts_sum_is_the_search_per_word() -> None:
    rnd = random.Random(11)
    odd = ["".join(rnd.choice(" \t\n\xa0ab") for _ in range(rnd.randrange(14))) for _ in range(3000)]
    for t in [*_texts(), *odd, "", " ", "a", " a", "a ", "a  b", "ab c"]:
        words = t.split()
        assert text.word_starts(t, words) == text._found_starts(t, words)


def test_spaced_words_are_the_regex_split_of_a_spaced_text() -> None:
    from itertools import accumulate

    rnd = random.Random(12)
    odd = ["".join(rnd.choice(" ab_1") for _ in range(rnd.randrange(14))) for _ in range(3000)]
    classes = [text.ascii_classes(t, gazetteer._WORD_TABLE) for t in _texts()]
    for t in [*classes, *odd, "", " ", "  ", "a", " a", "a ", "a  b"]:
        parts = re.split(r"( +)", t)
        assert text.spaced_words(t) == (parts[0::2], list(accumulate(map(len, parts), initial=0))[0::2])


def test_gazetteer_find_is_the_slice_and_regex_form() -> None:
    g = gazetteer.gazetteer()

    def plain(folded: str) -> list[tuple[int, int, str]]:
        words, starts = gazetteer.tokens(folded)
        out: list[tuple[int, int, str]] = []
        skip_to = 0
        for k, w in enumerate(words):
            ts = starts[k]
            if w not in g.cased_first or ts < skip_to:
                continue
            hit = None
            for j in range(k, min(len(words), k + g.cased_first[w])):
                se = starts[j] + len(words[j])
                if not words[j]:
                    break
                raw = folded[ts:se]
                key = raw if j == k or not gazetteer._ODD_SPACE.search(raw) else gazetteer._SPACES.sub(" ", raw)
                if key not in g.prefixes:
                    break
                if key in g.entries and (se >= len(folded) or not folded[se].isalnum()):
                    hit = (ts, se, key)
                elif se < len(folded) and folded[se] == "." and key + "." in g.entries:
                    hit = (ts, se + 1, key + ".")
            if hit is not None:
                out.append(hit)
                skip_to = hit[1]
        return out

    odd = ["South  Ossetia and South\nOssetia, South\t Caucasus", "Nagorno-Karabakh  Republic", "U.S. and U.S",
           "New\xa0York  City", "South", "", "Tbilisi. Abu  Dhabi\u2009x"]
    for t in [*_texts(), *odd]:
        f = gazetteer.fold(t)
        assert g.find(f) == plain(f)


def _plain_chunks(s: str, first_end: int) -> list[str]:
    """The chunking as first written: each word (and the one before it) lowered where it is looked at."""
    words = [m.group() for m in re.finditer(r"\S+", s)]
    starts = [m.start() for m in re.finditer(r"\S+", s)]
    cuts = [0]
    prev = ""
    seen_content = False
    for k in range(len(words)):
        word, start = words[k], starts[k]
        if start < first_end:
            prev = word
            continue
        low = word.lower()
        starts_phrase = False
        if low in extract._PREPS and seen_content:
            if low == "to":
                after = s[start + len(word) :].lstrip()
                starts_phrase = after[:1].isupper() or after.startswith(("the ", "a ", "an ")) or \
                    prev[:1].isupper()
            else:
                starts_phrase = True
        elif low.endswith("ing") and low.isalpha() and low not in extract._ING_NOUNS and seen_content and \
                prev.lower() not in extract._FUNCTION and prev.lower() not in extract._PREPS and \
                prev.lower() not in extract._AUX:
            starts_phrase = True
        if starts_phrase:
            cuts.append(start)
            seen_content = False
        elif low not in extract._FUNCTION and low not in extract._PREPS:
            seen_content = True
        prev = word
    cuts.append(len(s))
    return [s[cuts[i] : cuts[i + 1]] for i in range(len(cuts) - 1)]


def test_chunks_are_the_word_by_word_lowering() -> None:
    rnd = random.Random(13)
    vocab = ["to", "To", "the", "meeting", "Signing", "RUNNING", "in", "IN", "of", "Baku", "talks", "İstanbul",
             "ΟΔΟΣ", "Σ", "ǅ", "ﬁ", "ẞ", "will", "held", "x", "\xa0", "\u2009", "an", "working", "on", "Petrov’s"]
    odd = [" ".join(rnd.choice(vocab) for _ in range(rnd.randrange(12))) for _ in range(3000)]
    lines = [line for t in _texts() for line in t.splitlines() if line.strip()]
    for s in [*lines, *odd]:
        for first_end in (0, 3, len(s) // 2):
            assert extract._chunks(s, first_end) == _plain_chunks(s, first_end)
        # Capital sigma aside: the compiled build's str.lower lowers it without looking at its
        # neighbours, unlike Python's (the chunks above do not depend on it).
        if "Σ" not in s:
            assert extract._lowered_spans(s) == ([m.group().lower() for m in re.finditer(r"\S+", s)],
                                                 [m.start() for m in re.finditer(r"\S+", s)])


def test_non_overlapping_is_the_tuple_sort() -> None:
    rnd = random.Random(14)
    for _ in range(500):
        ms = []
        for i in range(rnd.randrange(30)):
            a = rnd.randrange(50)
            ms.append(entities.Mention(a, a + rnd.randrange(1, 8), f"n{i}", "country"))
        plain = sorted(ms, key=lambda x: (x.start, -x.end))
        out: list[entities.Mention] = []
        last_end = -1
        for x in plain:
            if x.start >= last_end:
                out.append(x)
                last_end = x.end
        got = entities._non_overlapping(list(ms))
        assert [id(x) for x in got] == [id(x) for x in out]


def test_entry_mentions_carry_the_resolved_fields() -> None:
    g = gazetteer.gazetteer()
    keys = sorted(g.entries)[::37]
    for year in (1999, 2024):
        for i, key in enumerate(keys):
            for e in g.entries[key]:
                r = entities._resolve_entry(e, year, g)
                for _ in range(2):  # made, then from the cache
                    m = entities._entry_mention(i, i + 5, e, year, g)
                    assert m == entities.Mention(i, i + 5, r.name, r.kind, r.country, r.role, r.via, None, r.lat,
                                                 r.lon)


def test_quote_marks_replaced_away_are_the_translation() -> None:
    table = str.maketrans("", "", "\"“”«»")
    rnd = random.Random(15)
    odd = ["".join(rnd.choice("\"“”«»'‘’ ab") for _ in range(rnd.randrange(12))) for _ in range(2000)]
    for t in [*_texts(), *odd]:
        out = t
        for q in extract._QUOTE_CHARS:
            if q in out:
                out = out.replace(q, "")
        assert out == t.translate(table)


def test_bisect_helpers_are_the_bisect_module() -> None:
    import bisect

    rnd = random.Random(16)
    for _ in range(3000):
        xs = sorted(rnd.randrange(20) for _ in range(rnd.randrange(12)))
        x = rnd.randrange(-2, 23)
        assert text.bisect_left(xs, x) == bisect.bisect_left(xs, x)
        assert text.bisect_right(xs, x) == bisect.bisect_right(xs, x)


def test_verb_start_by_class_string_is_the_lower_word_pattern() -> None:
    from timeline_gui.core.articles import parse_article

    def plain(t: str, a: int, trig: tuple[int, int], b: int, noun: bool) -> int:
        limit = b if noun else trig[0]
        for m in extract._LOWER_WORD.finditer(t, a, limit):
            if m.start() > a and m.group() in extract._AUX and (not noun or m.start() > trig[1] or m.end() <= trig[0]):
                return m.start()
        return trig[0]

    rnd = random.Random(17)
    sources = [p.read_bytes() for p in sorted((REPO / "seeds").glob("*.txt"))]
    odd = "date 2024-01-02\n\nX will_go will2 Will wíll “will” will? had—has it’s do. Do is_ 3was were\n"
    sources += [odd.encode(), odd.replace("wíll", "will").encode()]
    for raw in sources:
        ex = extract._ArticleExtractor(parse_article(raw, "x.txt"))
        t = ex.text
        for _ in range(400):
            a = rnd.randrange(len(t))
            t0 = rnd.randrange(a, len(t))
            t1 = rnd.randrange(t0, len(t)) if t0 < len(t) else t0
            b = rnd.randrange(t1, len(t) + 1)
            for noun in (False, True):
                assert ex._verb_start(a, (t0, t1), b, noun) == plain(t, a, (t0, t1), b, noun)


def test_cheap_prechecks_skip_only_patterns_that_cannot_match() -> None:
    rnd = random.Random(18)
    chars = " ,.;:!?\n\t\xa0ab'‘’\"“Tthat"
    odd = ["".join(rnd.choice(chars) for _ in range(rnd.randrange(16))) for _ in range(4000)]
    odd += ["In 2024, the talks", "In May the talks", "that ", "x that  y", "so that", "thathat is"]
    space_punct = re.compile(r"\s+([,.;:!?])")
    for t in [*_texts(), *odd]:
        assert extract._drop_space_before_punct(t) == space_punct.sub(r"\1", t)
        assert extract._drop_intro(t) == extract._INTRO.sub("", t)
        i, j = t.find("'"), t.find("‘")
        assert extract._first_of(t, "'", "‘") == min([k for k in (i, j) if k >= 0], default=-1)
        opened = extract._OPEN_SINGLE.search(t)
        assert opened is None or opened.start() >= extract._first_of(t, "'", "‘") >= 0
        for a, b in ((0, len(t)), (1, len(t) - 1)):
            got, want = extract._that_after(t, a, b), extract._THAT_AFTER.match(t, a, b)
            assert (got and got.span()) == (want and want.span())
        if t[:1] not in extract._DEFINITE_FIRST:
            assert extract._DEFINITE_REF.match(t) is None
        if t.isascii() and "host" not in t.lower():
            assert extract._HOST_VERB.fullmatch(t) is None
    for form in ("host", "Hosts", "HOSTED", "will host", "is Hosting"):
        assert extract._HOST_VERB.fullmatch(form) is not None and "host" in form.lower()


def test_first_character_checks_are_the_anchored_patterns() -> None:
    rnd = random.Random(19)
    heads = ["the ", "The  ", "a ", "An\t", "with ", "WITH ", "and ", "But ", "or ", "he ", "She", "it", "İt ",
             "ſhe ", "their", "Our ", "i ", "x ", "", " the ", "“the ", "theory ", "ancient "]
    odd = [rnd.choice(heads) + "".join(rnd.choice("ab ,") for _ in range(rnd.randrange(6))) for _ in range(3000)]
    for t in [*_texts(), *odd]:
        assert extract._drop_determiner(t) == extract._DETERMINER.sub("", t)
        assert extract._drop_with(t) == extract._WITH.sub("", t)
        assert extract._drop_conj(t) == extract._CONJ.sub("", t)
        assert extract._pronoun_start(t) == (extract._PRONOUN_START.match(t) is not None)
        if not any(w in t for w in extract._OCCASION_WORDS):
            assert extract._NAMED_OCCASION.search(t) is None
        assert text._quote_balance(t) == t.count("“") + t.count("«") - t.count("”") - t.count("»") + t.count('"') % 2


def test_boundary_is_the_title_boundary_pattern() -> None:
    rnd = random.Random(20)
    pieces = [" ", "  ", "\n", "\xa0", "-", " - ", "—", "–", ",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "«",
              "»", "which", "who", "whom", "whose", "whoever", "where", "while", "whereas", "because", "although",
              "whol", "_", "a", "B", "é", "wh", "ich", "x", "7", "00", "١", "²"]
    odd = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(12))) for _ in range(6000)]
    for t in [*_texts(), *odd]:
        for pos in {0, 1, len(t) // 2, len(t)}:
            m = extract._TITLE_BOUNDARY.search(t, pos)
            assert extract._boundary(t, pos) == (-1 if m is None else m.start())


def test_subject_phrase_is_the_tidy_chain() -> None:
    rnd = random.Random(21)
    pieces = [" ", "  ", "\n", "\t", "\xa0", "\u2009", "-", " - ", "—", ",", ",,", ",,,", ";", ":", ".", "!", "?", "(",
              '"', "“", "'", "which", "who", "In 2020", "After", "the", "talks", "x", "é", "Moscow"]
    odd = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(10))) for _ in range(6000)]
    for x in [*_texts(), *odd]:
        t = extract._tidy(x)
        chain = extract._tidy(extract._cut_clause(extract._tidy(extract._INTRO.sub("", t))))
        assert extract._subject_phrase(t) == chain


def test_word_before_is_the_word_before_pattern() -> None:
    rnd = random.Random(22)
    pieces = ["Russian", "Foreign", "Armenia", "'s", "’s", "s", "'", " ", "  ", "\n", "\xa0", "US", "Mc", "Donald",
              "x", "A", "ab", "É", "é", "-", ",", "Kazakh Deputy", "the"]
    odd = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(8))) for _ in range(20000)]
    for t in [*_texts(), *odd]:
        for lo, hi in {(0, len(t)), (max(0, len(t) - 40), len(t)), (len(t) // 3, len(t) // 2)}:
            m = entities._WORD_BEFORE.search(t[lo:hi])
            want = (-1, -1) if m is None else (lo + m.start(1), lo + m.end(1))
            assert entities._word_before(t, lo, hi) == want


def test_progressive_needs_is_or_are() -> None:
    from timeline_gui.core import events_rules

    rnd = random.Random(23)
    pieces = ["is", "are", " ", "\n", "meeting", "ing", "This", "x", "_", "\xa0"]
    odd = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(8))) for _ in range(5000)]
    for t in [*_texts(), *odd]:
        if "is " not in t and "are " not in t:
            assert events_rules.PRESENT_PROGRESSIVE.search(t) is None


def test_scan_with_second_word_check_is_the_plain_scan() -> None:
    from timeline_gui.core import events_rules

    lex = events_rules.LEXICONS

    def plain(t: str) -> dict[str, tuple[list[int], list[int], list[str]]]:
        words, starts = gazetteer.tokens(t)
        found = {name: ([], [], []) for name in lex.names}
        last_end = dict.fromkeys(lex.names, 0)
        for k, w in enumerate(words):
            done = ""
            for li, phrase, label, single, _second in lex._index.get(w, ()):
                name = lex.names[li]
                ws = starts[k]
                if name == done or ws < last_end[name]:
                    continue
                end = ws + len(phrase)
                if not single and (not t.startswith(phrase, ws) or (end < len(t) and (t[end].isalnum() or
                                                                                      t[end] == "_"))):
                    continue
                if single:
                    end = ws + len(w)
                found[name][0].append(ws)
                found[name][1].append(end)
                found[name][2].append(label)
                last_end[name] = end
                done = name
        return found

    rnd = random.Random(24)
    vocab = ["is", "taking", "place", "to", "tomorrow", "has", "warned", "said", "will", "be", "signed", "didn't",
             "didn", "t", "in", "the", "past", "according", "re-elected", "re", "elected", "  ", "\n", ",", "."]
    odd = [" ".join(rnd.choice(vocab) for _ in range(rnd.randrange(10))) for _ in range(3000)]
    for t in [*_texts(), *odd]:
        got = events_rules.scan(t)
        want = plain(t)
        assert {k: (h.starts, h.ends, h.labels) for k, h in got.items()} == want
