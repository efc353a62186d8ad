"""Joining neighbouring expressions that name one time: "5 p.m. EST, Nov. 6", "Saturday, April 25",
"June last year"; and finding coordinated ones ("the end of last year and early this year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from timeline_gui.core.model import GRANULARITIES, Granularity, Interval
from timeline_gui.core.timex import calendar_math as cm
from timeline_gui.core.timex.lexicon import MONTHS, SEASONS, WEEKDAYS
from timeline_gui.core.timex.types import Timex

_DAY_VALUE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK: Final = re.compile(r"T\d{2}:\d{2}$")
_GAP_TIME_DATE: Final = re.compile(r",?\s*(?:on\s+)?")
_GAP_COMMA: Final = re.compile(r",?\s*")
_GAP_MONTH_YEAR: Final = re.compile(r"\s+(?:of\s+)?")
_YEAR_MONTH: Final = re.compile(r"\d{4}-\d{2}")
_YEAR: Final = re.compile(r"\d{4}")
_WEEK_OF: Final = re.compile(r"(?i)(?:the\s+)?week")
_SPOKEN_YEAR: Final = re.compile(r"(?i)(?:nineteen|eighteen|twenty|two\s+thousand)\b[\w\s-]*")
_REL_YEAR: Final = re.compile(r"(?i)(?:last|this|next)\s+year")


def _merged(text: str, a: Timex, b: Timex, **kw: object) -> Timex:
    return replace(b, start=a.start, end=b.end, text=text[a.start : b.end], **kw)  # type: ignore[arg-type]


def merge_adjacent(text: str, timexes: list[Timex]) -> list[Timex]:
    """Fuse a clock time with the date after it, a weekday with the date after it, and a month with
    "last/this/next year" after it, into one expression each."""
    out: list[Timex] = []
    for t in timexes:
        if out:
            a = out[-1]
            gap = text[a.end : t.start]
            joined = _join(text, a, t, gap)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(t)
    return out


def _join(text: str, a: Timex, b: Timex, gap: str) -> Timex | None:
    if len(gap) > 6 or b.type != "DATE":
        return None
    if a.type == "TIME":
        if _CLOCK.search(a.value) and _DAY_VALUE.fullmatch(b.value) and _GAP_TIME_DATE.fullmatch(gap):
            return _merged(text, a, b, type="TIME", value=b.value + a.value[a.value.index("T") :])
        return None
    if a.type != "DATE":
        return None
    if _WEEK_OF.fullmatch(a.text) and gap == " of " and _DAY_VALUE.fullmatch(b.value) and b.interval is not None:
        # "the week of March 6" is the week holding that day.
        iv = cm.week_iv(b.interval.start)
        if iv is not None:
            return _merged(text, a, b, value=cm.fmt_week(iv.start), interval=iv, mod=None)
    if "," in gap:
        words = a.text.split(None, 1)
        if words and words[0].lower() in WEEKDAYS and _DAY_VALUE.fullmatch(b.value) and _GAP_COMMA.fullmatch(gap):
            return _merged(text, a, b)
    if len(b.value) != 4 or len(a.value) != 7 or not _YEAR.fullmatch(b.value) or not _GAP_MONTH_YEAR.fullmatch(gap):
        return None
    # "June last year", "January nineteen ninety-seven", "the winter of nineteen ninety-four".
    year_words = _REL_YEAR.fullmatch(b.text) or _SPOKEN_YEAR.fullmatch(b.text)
    words = a.text.rsplit(None, 1)
    last = words[-1].rstrip(".").lower() if words else ""
    if year_words and last in SEASONS and a.value.endswith(SEASONS[last]):
        iv = cm.season_iv(int(b.value), SEASONS[last])
        if iv is not None:
            return _merged(text, a, b, value=f"{b.value}-{SEASONS[last]}", interval=iv, mod=a.mod)
        return None
    month_word = last
    if month_word in MONTHS and _YEAR_MONTH.fullmatch(a.value) and year_words:
        year, month = int(b.value), MONTHS[month_word]
        iv = cm.month_iv(year, month)
        if iv is not None:
            return _merged(text, a, b, value=cm.fmt_month(year, month), interval=iv, mod=a.mod)
    return None


@dataclass(frozen=True, slots=True)
class Coordination:
    """Two or more dated expressions joined by "and", "to", "through", "-" naming one stretch of time.

    ``interval`` spans from the earliest start to the latest end of the parts, at the coarsest of
    their granularities.
    """

    start: int
    end: int
    parts: tuple[Timex, ...]
    interval: Interval


_COORD_GAP: Final = re.compile(r"\s*(?:and|to|through|till|until|into|or|-|–|—|and\s+into|to\s+the)\s*", re.IGNORECASE)


def coarser(a: Granularity, b: Granularity) -> Granularity:
    """The coarser of two granularities ("unknown" is coarsest)."""
    ia, ib = GRANULARITIES.index(a), GRANULARITIES.index(b)
    return a if ia >= ib else b


def coordinations(text: str, timexes: list[Timex]) -> list[Coordination]:
    """Runs of dated expressions joined by a conjunction or range word, with their union interval.

    "at the end of last year and early this year" in an article of 2022-03-16 gives one
    coordination from 2021-09-01 to 2022-03-16 (the second part is clipped at the publication date
    when reported in the past).
    """
    out: list[Coordination] = []
    run: list[Timex] = []

    def flush() -> None:
        if len(run) >= 2:
            ivs = [t.interval for t in run if t.interval is not None]
            gran: Granularity = ivs[0].granularity
            for iv in ivs[1:]:
                gran = coarser(gran, iv.granularity)
            union = Interval(min(iv.start for iv in ivs), max(iv.end for iv in ivs), gran)
            out.append(Coordination(run[0].start, run[-1].end, tuple(run), union))
        run.clear()

    for t in timexes:
        dated = t.type in ("DATE", "TIME") and t.interval is not None and t.anchored
        if not dated:
            flush()
            continue
        if run and _COORD_GAP.fullmatch(text[run[-1].end : t.start]):
            run.append(t)
            continue
        flush()
        run.append(t)
    flush()
    return out
