"""Per-document state shared by the rules: the text, the DCT, the tense cache and the anchor.

The anchor is the last calendar date resolved so far in the document; expressions such as
"a week later" or "the following day" count from it (news narrative moves forward from the last
date it named), falling back to the DCT.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from timeline_gui.core.model import Interval
from timeline_gui.core.timex.tense import Tense, TenseIndex, WordScan
from timeline_gui.core.timex.types import Timex, new_timex

_UNSET = object()


@dataclass(slots=True)
class Candidate:
    """A span some rule matched, before overlaps are settled."""

    start: int
    end: int
    rule: int
    match: re.Match[str]
    mod: str | None = None
    rel: str | None = None

    # Written out so that the compiled build makes it native code instead of running the
    # dataclass's generated Python ``__init__`` (one per candidate span).
    def __init__(self, start: int, end: int, rule: int, match: re.Match[str], mod: str | None = None,
                 rel: str | None = None) -> None:
        self.start = start
        self.end = end
        self.rule = rule
        self.match = match
        self.mod = mod
        self.rel = rel


@dataclass(slots=True)
class Ctx:
    """What the rules know about the document being tagged."""

    text: str
    dct: dt.date
    anchor: Interval | None = None
    anchor_end: int = -1
    _index: TenseIndex | None = None
    #: The text's ``encode("ascii", "replace")``, when the tagger has made it already.
    encoded: bytes | None = None
    #: Its words, when the tagger has listed them already.
    words: WordScan | None = None
    _tenses: dict[tuple[int, int], Tense | None] = field(default_factory=dict)

    def tense(self, start: int, end: int) -> Tense | None:
        key = (start, end)
        got = self._tenses.get(key, _UNSET)
        if got is _UNSET:
            # One index of the whole text answers every question with a bisection.
            if self._index is None:
                self._index = TenseIndex(self.text, self.encoded, self.words)
            got = self._tenses[key] = self._index.tense(start, end)
        return got  # type: ignore[return-value]

    def make(
        self,
        c: Candidate,
        type_: str,
        value: str,
        interval: Interval | None,
        *,
        mod: str | None = None,
        tense: Tense | None = None,
        anchored: bool = True,
        start: int | None = None,
        end: int | None = None,
    ) -> Timex:
        s = c.start if start is None else start
        e = c.end if end is None else end
        return new_timex(s, e, self.text[s:e], type_, value, interval, mod, tense, anchored)
