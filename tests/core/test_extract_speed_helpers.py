"""The extractor's hand-written stand-ins for regex substitutions and record constructors give
exactly what they stand in for."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from timeline_gui.core import extract as X
from timeline_gui.core.model import Event, Interval, Participant, Span

# What the stand-ins stand in for.
_WS = re.compile(r"\s\s*")
_SPACE_PUNCT = re.compile(r"\s+(?=[,.;:!?])")

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
        assert X._single_spaced(s) == _WS.sub(" ", s), repr(s)


def test_drop_space_before_punct_is_the_substitution() -> None:
    for s in _samples():
        assert X._drop_space_before_punct(s) == _SPACE_PUNCT.sub("", s), repr(s)


def test_records_equal_the_dataclass_constructors() -> None:
    span = X._span("a.txt", 3, 7, "text", "id1")
    assert type(span) is Span and span == Span("a.txt", 3, 7, "text", "id1")
    person = X._participant("Ivan Petrov", "person", None, "Russia")
    assert type(person) is Participant and person == Participant("Ivan Petrov", "person", None, "Russia")
    assert hash(person) == hash(Participant("Ivan Petrov", "person", None, "Russia"))
    iv = Interval(dt.date(2024, 1, 2), dt.date(2024, 1, 2), "day")
    event = X._new_event("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span, (span,),
                         "Ivan Petrov", None)
    assert type(event) is Event
    assert event == Event("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span, (span,),
                          "Ivan Petrov")
    assert hash(event) == hash(Event("e1", "Title", "meeting", "happened", iv, "Tuesday", None, (person,), span,
                                     (span,), "Ivan Petrov"))


def _article_texts() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "tests" / "core").rglob("*.txt"))]
    return texts


def test_timex_prep_is_the_pattern_search() -> None:
    rng = random.Random(11)
    odd = ["held on ", "was held on ", "set for  ", "xon ", "5 in ", "scheduled\non\n", "since\t", "  of ",
           "throughout ", "on", "1on ", "be held on ", "due by ", "_at ", "Ón ", "held  on  ", "xheld on ",
           "is set for ", "been due by ", "reset on ", "planned\tin ", "slated on", " held on ", "set  at ",
           "Xon ", "éon ", "’on "]
    cases: list[tuple[str, int, int]] = []
    for t in odd:
        for lo in range(len(t) + 1):
            cases.append((t + "May", lo, len(t)))
    for t in _article_texts():
        for _ in range(3000):
            hi = rng.randrange(len(t) + 1)
            cases.append((t, max(0, hi - rng.choice((12, 12, 5, 30))), hi))
        for word in (" on ", " in ", " held ", " for "):
            i = t.find(word)
            while i >= 0:
                cases.append((t, max(0, i - 6), i + len(word)))
                i = t.find(word, i + 1)
    for t, lo, hi in cases:
        want = X._TIMEX_PREP.search(t, lo, hi)
        assert X._timex_prep(t, lo, hi) == (want.start() if want else -1), (t[lo:hi], lo, hi)


def test_clause_word_at_is_a_whole_word_comparison() -> None:
    def plain(s: str, j: int) -> bool:
        for w in X._CLAUSE_WORDS:
            e = j + len(w)
            if s.startswith(w, j) and (e >= len(s) or not (s[e].isalnum() or s[e] == "_")):
                return True
        return False

    rng = random.Random(12)
    words = ["which", "who", "whom", "whose", "where", "while", "whereas", "because", "although", "wh", "whe",
             "s", "_", "1", "é", " ", ",", "as"]
    for _ in range(5000):
        s = "".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
        for j in range(len(s) + 1):
            assert X._clause_word_at(s, j) == plain(s, j), (s, j)


def test_is_letter_is_isalpha() -> None:
    from timeline_gui.core import text

    for o in [*range(0x3000), 0x10400, 0x1F600]:
        c = chr(o)
        assert text._is_letter(c) == c.isalpha(), hex(o)


def test_list_comma_is_its_backtracking_form() -> None:
    plain = re.compile(X._LIST_COMMA.pattern.replace("*+", "*"))
    assert plain.pattern != X._LIST_COMMA.pattern
    rng = random.Random(13)
    pieces = [",", ", ", " ", "  ", "and ", "or ", "the ", "Moscow", "Baku", "U.S.", "A+", "x-y", "it's", "Xi’s",
              "talks", "energy", "said", "\n", "1", "which", "5,000", "Putin", "and", "Ankara,", "oil, gas"]
    odd = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9))) for _ in range(20000)]
    for t in [*_article_texts(), *odd]:
        i = t.find(",")
        while i >= 0:
            got, want = X._LIST_COMMA.match(t, i), plain.match(t, i)
            assert (got and got.span()) == (want and want.span()), (t[i : i + 60],)
            i = t.find(",", i + 1)
