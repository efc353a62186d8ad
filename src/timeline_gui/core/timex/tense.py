"""Tense of the clause around a span, from cheap lexical cues.

Relative expressions ("on Saturday", "in September") are resolved towards the past or the future
depending on the verb group near them. No parser is involved: the closest cue in the same clause
wins. A reporting verb right next to the span ("said Friday") dates the report, so it decides;
further away it counts only when nothing else is there, since a report of a plan ("said it will
meet on Friday") is about the plan's time.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from typing import Final, Literal

from timeline_gui.core.text import ascii_classes, byte_classes

Tense = Literal["past", "present", "future"]

_FUTURE: Final = frozenset(
    [
        "will",
        "'ll",
        "shall",
        "wo",
        "won't",
        "going",
        "scheduled",
        "slated",
        "planned",
        "plans",
        "plan",
        "due",
        "upcoming",
        "expected",
        "expects",
        "intends",
        "intend",
        "aims",
        "tomorrow",
        "next",
        "soon",
        "must",
        "should",
        "would",
    ]
)
_PRESENT: Final = frozenset(["is", "are", "am", "has", "have", "does", "do", "says", "say", "now", "currently"])
_PAST: Final = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "met",
        "held",
        "took",
        "went",
        "came",
        "saw",
        "made",
        "gave",
        "began",
        "begun",
        "left",
        "sent",
        "brought",
        "bought",
        "sold",
        "built",
        "fell",
        "rose",
        "won",
        "lost",
        "struck",
        "hit",
        "fought",
        "led",
        "spoke",
        "broke",
        "ran",
        "kept",
        "paid",
        "fled",
        "shot",
        "found",
        "thought",
        "became",
        "told",
        "knew",
        "stood",
        "sat",
        "heard",
        "meant",
        "read",
        "wrote",
        "written",
        "drove",
        "flew",
        "grew",
        "threw",
        "ago",
        "last",
        "yesterday",
        "earlier",
        "previously",
        "recently",
        "been",
    ]
)
_REPORTING: Final = frozenset(
    [
        "said",
        "told",
        "reported",
        "announced",
        "added",
        "stated",
        "noted",
        "confirmed",
        "according",
        "predicted",
        "declared",
        "insisted",
        "warned",
        "claimed",
        "disclosed",
        "revealed",
    ]
)
#: Words ending in -ed that are not (only) past-tense cues.
_NOT_PAST_ED: Final = frozenset(
    ["scheduled", "expected", "planned", "intended", "proposed", "needed", "red", "bed", "united"]
)
#: Words after which an -ed form is a passive or an infinitive, not a past tense.
_AUX_BEFORE_ED: Final = frozenset(["be", "been", "being", "to", "is", "are", "am", "get", "gets"])

_WORD: Final = re.compile(r"[A-Za-z'][A-Za-z']*")  # "[A-Za-z']+", begun with a class (faster to search)
_WORD_CHARS: Final = frozenset(string.ascii_letters + "'")
WORD_TABLE: Final = byte_classes(string.ascii_letters + "'")


def _words(text: str, encoded: bytes | None = None) -> list[str]:
    """``_WORD.findall(text)``, by byte translation (:func:`ascii_classes`; ``encoded``: the text's
    ``encode("ascii", "replace")``, if already made)."""
    if encoded is None:
        return ascii_classes(text, WORD_TABLE).split()
    return encoded.translate(WORD_TABLE).decode("ascii").split()


#: Clause breaks: "[!?;:\n]|\.\s+(?=[A-Z\"'`])|``|''" (found by :func:`_breaks`).
_BREAK: Final = re.compile(r"[!?;:\n.`'](?:(?<=[!?;:\n])|(?<=\.)\s+(?=[A-Z\"'`])|(?<=`)`|(?<=')')")


#: The characters a clause break begins with kept (the line feed as "|", so that it is no space to
#: ``str.split``), every other byte a space; "?" stands for characters outside ASCII too.
_BREAK_TABLE = bytes(124 if b == 10 else b if chr(b) in "!?;:.`'" else 32 for b in range(256))


def _breaks(text: str, encoded: bytes | None = None) -> tuple[list[int], list[int]]:
    """Starts and ends of the matches of :data:`_BREAK` in ``text``, as ``finditer`` gives them
    (``encoded``: the text's ``encode("ascii", "replace")``, if already made).

    Every match begins with one of a few punctuation marks, and which one decides the only
    alternative that can match there. Those marks are found by one byte translation and tried
    left to right, each from the end of the last match on, as ``finditer`` does: much cheaper than
    the engine's scan, or a search of the text per alternative.
    """
    if encoded is None:
        encoded = text.encode("ascii", "replace")
    classes = encoded.translate(_BREAK_TABLE).decode("ascii")
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    last = 0
    pos = 0
    for run in classes.split():
        i = classes.find(run, pos)
        pos = i + len(run)
        while i < pos:
            if i >= last:
                c = ord(text[i])
                e = -1
                if c == 46:  # "."
                    # "\.\s+(?=[A-Z\"'`])": spaces, then a capital or a quote (giving back spaces
                    # cannot help: a space is neither).
                    j = i + 1
                    while j < n and (text[j] == " " or text[j].isspace()):
                        j += 1
                    if j > i + 1 and j < n:
                        d = ord(text[j])
                        if 65 <= d <= 90 or d == 34 or d == 39 or d == 96:
                            e = j
                elif c == 33 or c == 63 or c == 59 or c == 58 or c == 10:  # ! ? ; : and a line feed
                    e = i + 1
                elif (c == 96 or c == 39) and i + 1 < n and ord(text[i + 1]) == c:  # `` ''
                    e = i + 2
                if e != -1:
                    starts.append(i)
                    ends.append(e)
                    last = e
            i += 1
    return starts, ends


_WINDOW_LEFT: Final = 120
_WINDOW_RIGHT: Final = 80


#: Plan verbs that announce the future only before "to" ("plans to build"; "the plans" do not).
_PLAN_BEFORE_TO: Final = frozenset(["plan", "plans", "planning", "hope", "hopes", "intend", "intends", "aim", "aims"])
#: Schedule words that a past perfect turns into a past plan ("had been due to expire Friday").
_SCHEDULE: Final = frozenset(["due", "scheduled", "slated", "expected", "planned", "set"])


#: Decisions and promises, past themselves, that point forward before "to" ("agreed to hold the
#: next round in May": May to come).
_DECIDED_BEFORE_TO: Final = frozenset(["agreed", "decided", "pledged", "promised", "vowed", "resolved"])


def _classify(word: str, prev: str, prev2: str = "", nxt: str = "") -> str | None:
    w = word.lower()
    if nxt == "to" and w in _DECIDED_BEFORE_TO:
        return "future"
    if w in _PLAN_BEFORE_TO:
        return "future" if nxt == "to" else None
    if w == "next" and nxt in ("to", "door"):
        return None  # "next to the embassy" places, it does not plan
    if w in _SCHEDULE and (prev == "had" or (prev == "been" and prev2 == "had")):
        return "past"
    if w in _FUTURE:
        return "future"
    if w in _REPORTING:
        return "report"
    if w in _PAST:
        return "past"
    if w in _PRESENT:
        return "present"
    if len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED and prev not in _AUX_BEFORE_ED:
        return "past"
    return None


_CUE_WORDS = _FUTURE | _PRESENT | _PAST | _REPORTING | _PLAN_BEFORE_TO | _SCHEDULE
#: The cue words as written in lower case, capitalized or in capitals.
CUE_FORMS: Final = _CUE_WORDS | {w.capitalize() for w in _CUE_WORDS} | {w.upper() for w in _CUE_WORDS}
#: Cue words whose kind does not depend on their neighbours, in each written form.
_FIXED: Final = {
    form: kind
    for words, kind in ((_PRESENT, "present"), (_PAST, "past"), (_REPORTING, "report"), (_FUTURE, "future"))
    for w in words - _PLAN_BEFORE_TO - _SCHEDULE - {"next"}
    for form in (w, w.capitalize(), w.upper())
}
_FUTURE_BEFORE_TO: Final = frozenset(
    [
        "set",
        "due",
        "is",
        "are",
        "going",
        "expected",
        "plan",
        "plans",
        "intend",
        "intends",
        "aim",
        "aims",
        "hope",
        "hopes",
    ]
)
_FUTURE_ALONE: Final = frozenset(["starting", "beginning", "until", "through"])


def _may_be_future_phrase(low: str) -> bool:
    """A cheap test passed by every plan or deadline phrase (``low``: lower case): it contains one
    of a few words."""
    return "to" in low or "for" in low or "as" in low or "until" in low or "through" in low or "ing" in low


#: The words without one of which (as a whole word) no phrase of :func:`_future_phrase` is there.
_PHRASE_KEYS: Final = _FUTURE_ALONE | {"to", "for", "as"}


def _future_phrase(low: str) -> bool:
    """Whether the last few words before a span (``low``: at most 60 characters, lower-cased) form
    a plan or deadline phrase ("set to resume")."""
    words = low.split()[-6:]
    if _PHRASE_KEYS.isdisjoint(words):
        return False
    n = len(words)
    for i in range(max(0, n - 5), n):
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        if w in _FUTURE_ALONE and i >= n - 4:
            return True
        if nxt == "to" and w in _FUTURE_BEFORE_TO:
            # "had been due to expire": a plan already past.
            prev = words[i - 1] if i >= 1 else ""
            past_perfect = prev == "had" or (prev == "been" and i >= 2 and words[i - 2] == "had")
            if not past_perfect:
                return True
        if w == "set" and nxt == "for":
            return True
        if w == "as" and nxt in ("soon", "early") and i + 2 < n and words[i + 2] == "as":
            return True
        if w == "to" and nxt == "be" and i + 2 < n and words[i + 2] == "held":
            return True
    return False


def may_be_cue(w: str) -> bool:
    """Whether a word of :func:`_words` may be a tense cue: one of the cue words, or "-ed" or
    "-ED" after at least three letters (tested by the last two characters, cheaper than
    ``endswith``)."""
    return w in CUE_FORMS or (len(w) > 4 and ((w[-1] == "d" and w[-2] == "e") or (w[-1] == "D" and w[-2] == "E")))


class WordScan:
    """The words of a text (:func:`_words`), which of them may be cues (:func:`may_be_cue`, by
    index) and where those begin: what :class:`TenseIndex` needs of a pass over the words, made
    by the tagger in its own pass."""

    def __init__(self, words: list[str], maybe: list[int], maybe_pos: list[int]) -> None:
        self.words = words
        self.maybe = maybe
        self.maybe_pos = maybe_pos


class TenseIndex:
    """Tense cues of a whole text, found in one pass, so that each span's tense costs a bisection.

    Tagging calls :meth:`tense` for every expression it resolves; scanning the clause afresh each
    time would make long texts with many expressions slow.
    """

    def __init__(self, text: str, encoded: bytes | None = None, scan: WordScan | None = None) -> None:
        """``encoded``: the text's ``encode("ascii", "replace")``, if already made; ``scan``: its
        words and where the possible cues among them are (:class:`WordScan`), if already found."""
        self.text = text
        self.pos: list[int] = []
        self.end: list[int] = []
        self.kind: list[str] = []
        starts: list[int] | None = None
        if scan is not None:
            words = scan.words
            maybe = scan.maybe
            located: list[int] | None = scan.maybe_pos
        else:
            # Words are listed in one C-level pass; only the few that can be cues are then located.
            words = _words(text, encoded)
            maybe = [i for i, w in enumerate(words) if may_be_cue(w)]
            located = None
            # A text dense with cues (a repeated word) is cheaper to locate word by word.
            if len(maybe) * 3 > len(words):
                starts = [m.start() for m in _WORD.finditer(text)]
        n = len(text)
        cursor = 0
        for j, i in enumerate(maybe):
            w = words[i]
            size = len(w)
            if located is not None:
                p = located[j]
            elif starts is not None:
                p = starts[i]
            else:
                p = text.find(w, cursor)
                while p != -1 and (
                    (p > 0 and text[p - 1] in _WORD_CHARS) or (p + size < n and text[p + size] in _WORD_CHARS)
                ):
                    p = text.find(w, p + 1)
                if p == -1:
                    break
                cursor = p + size
            kind = _FIXED.get(w)
            if kind is None:
                kind = _classify(
                    w,
                    words[i - 1].lower() if i else "",
                    words[i - 2].lower() if i > 1 else "",
                    words[i + 1].lower() if i + 1 < len(words) else "",
                )
            if kind is not None:
                self.pos.append(p)
                self.end.append(p + size)
                self.kind.append(kind)
        self.break_start, self.break_end = _breaks(text, encoded)

    def tense(self, start: int, end: int) -> Tense | None:
        """The tense of the clause around ``text[start:end]`` (see :func:`clause_tense`)."""
        text = self.text
        n = len(text)
        start = 0 if start < 0 else n if start > n else start
        end = start if end < start else n if end > n else end
        lo = start - _WINDOW_LEFT
        if lo < 0:
            lo = 0
        j = bisect_right(self.break_end, start) - 1
        if j >= 0 and self.break_end[j] > lo:
            lo = self.break_end[j]
        hi = end + _WINDOW_RIGHT
        if hi > n:
            hi = n
        k = bisect_left(self.break_start, end)
        if k < len(self.break_start) and self.break_start[k] < hi:
            hi = self.break_start[k]
        # "set to resume Monday", "as early as Tuesday": the phrase just before the span decides.
        # Lower-cased whole: the same words as each word lower-cased (no character lowers to a space).
        left = text[(start - 60 if start - 60 > lo else lo) : start].lower()
        if _may_be_future_phrase(left) and _future_phrase(left):
            return "future"
        best: str | None = None
        report_dist: int | None = None
        i = bisect_right(self.end, start) - 1
        while i >= 0 and self.pos[i] >= lo:
            kind = self.kind[i]
            if kind == "report":
                if report_dist is None:
                    report_dist = start - self.end[i]
            else:
                # The closest cue: any reporting verb further left is too far to decide alone.
                best = kind
                break
            i -= 1
        # "said Friday", "said on Friday": the report's own day.
        if report_dist is not None and (
            report_dist <= 1 or (report_dist <= 4 and text[start - report_dist : start].strip().lower() == "on")
        ):
            return "past"
        if best is None:
            i = bisect_left(self.pos, end)
            while i < len(self.pos) and self.end[i] <= hi:
                if self.kind[i] == "report":
                    if report_dist is None:
                        report_dist = self.pos[i] - end
                else:
                    best = self.kind[i]
                    break
                i += 1
        if best is None:
            return "past" if report_dist is not None else None
        if best == "future":
            return "future"
        if best == "present":
            return "present"
        return "past"


def clause_tense(text: str, start: int, end: int) -> Tense | None:
    """The tense ("past", "present" or "future") of the clause around ``text[start:end]``.

    Looks at most 120 characters to the left and 80 to the right, stopping at sentence or clause
    breaks; returns ``None`` when no cue is found.
    """
    lo = max(0, start - _WINDOW_LEFT - 16)
    hi = min(len(text), end + _WINDOW_RIGHT)
    return TenseIndex(text[lo:hi]).tense(start - lo, end - lo)
