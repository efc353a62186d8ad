"""Tense of the clause around a span, from cheap lexical cues.

Relative expressions ("on Saturday", "in September") are resolved towards the past or the future
depending on the verb group near them. No parser is involved: the closest cue in the same clause
wins. A reporting verb right next to the span ("said Friday") dates the report, so it decides;
further away it counts only when nothing else is there, since a report of a plan ("said it will
meet on Friday") is about the plan's time.
"""

from __future__ import annotations

import re
from typing import Literal

Tense = Literal["past", "present", "future"]

_FUTURE = frozenset(
    """will 'll shall wo won't going scheduled slated planned plans plan due upcoming expected expects
    intends intend aims tomorrow next soon must should would""".split()
)
_PRESENT = frozenset("is are am has have does do says say now currently".split())
_PAST = frozenset(
    """was were had did met held took went came saw made gave began begun left sent brought bought
    sold built fell rose won lost struck hit fought led spoke broke ran kept paid fled shot found
    thought became told knew stood sat heard meant read wrote written drove flew grew threw
    ago last yesterday earlier previously recently been""".split()
)
_REPORTING = frozenset(
    """said told reported announced added stated noted confirmed according predicted declared
    insisted warned claimed disclosed revealed""".split()
)
#: Words ending in -ed that are not (only) past-tense cues.
_NOT_PAST_ED = frozenset("scheduled expected planned intended proposed needed red bed united".split())
#: Words after which an -ed form is a passive or an infinitive, not a past tense.
_AUX_BEFORE_ED = frozenset("be been being to is are am get gets".split())

#: Multi-word cues of a plan or a deadline.
_FUTURE_PHRASE = re.compile(
    r"\b(?:(?:set|due|is|are|going|expected|plans?|intends?|aims?|hopes?)\s+to|set\s+for|as\s+(?:soon|early)\s+as|"
    r"to\s+be\s+held|starting|beginning|until|through)(?:\s+[\w'-]+){0,3}\s*$",
    re.IGNORECASE,
)

_WORD = re.compile(r"[A-Za-z']+")
_BREAK = re.compile(r"[!?;:\n]|\.\s+(?=[A-Z\"'`])|``|''")

_WINDOW_LEFT = 120
_WINDOW_RIGHT = 80


def _classify(word: str, prev: str) -> str | None:
    w = word.lower()
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


def clause_tense(text: str, start: int, end: int) -> Tense | None:
    """The tense ("past", "present" or "future") of the clause around ``text[start:end]``.

    Looks at most 120 characters to the left and 80 to the right, stopping at sentence or clause
    breaks; returns ``None`` when no cue is found.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = text[max(0, start - _WINDOW_LEFT) : start]
    breaks = list(_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    right = text[end : end + _WINDOW_RIGHT]
    m = _BREAK.search(right)
    if m:
        right = right[: m.start()]
    # "set to resume Monday", "as early as Tuesday": the phrase just before the span decides.
    near = re.sub(r"\s*\b(?:on|in|at|the|of|by)\s*$", " ", left[-40:])
    if _FUTURE_PHRASE.search(near.rstrip() + " ") or _FUTURE_PHRASE.search(left[-40:]):
        return "future"
    best: tuple[int, str] | None = None
    report: tuple[int, str] | None = None
    llen = len(left)
    prev = ""
    for w in _WORD.finditer(left):
        kind = _classify(w[0], prev)
        prev = w[0].lower()
        if kind is None:
            continue
        dist = llen - w.end()
        if kind == "report":
            if report is None or dist < report[0]:
                report = (dist, "past")
        elif best is None or dist <= best[0]:
            best = (dist, kind)
    if report is not None and report[0] <= 1:
        return "past"
    # The verb group governing an adverbial usually precedes it; look right only when the left is mute.
    for w in () if best is not None else _WORD.finditer(right):
        kind = _classify(w[0], prev)
        prev = w[0].lower()
        if kind is None:
            continue
        dist = w.start() + 10
        if kind == "report":
            if report is None or dist < report[0]:
                report = (dist, "past")
        elif best is None or dist < best[0]:
            best = (dist, kind)
        if best is not None and dist > best[0]:
            break
    found = best or report
    if found is None:
        return None
    kind = found[1]
    if kind == "future":
        return "future"
    if kind == "present":
        return "present"
    return "past"
