"""The rules: one compiled pattern and one resolver per kind of temporal expression.

Each rule's pattern proposes candidate spans; :mod:`tagger` keeps the longest non-overlapping ones
and asks the rule's resolver for the TIMEX3 type, value and interval. Patterns are compiled once at
import. Resolvers never raise on odd input: impossible dates make them return ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from timeline_gui.core.model import Granularity, Interval
from timeline_gui.core.timex import calendar_math as cm
from timeline_gui.core.timex.context import Candidate, Ctx
from timeline_gui.core.timex.lexicon import (
    MONTH,
    MONTH_ABBR,
    MONTH_FULL,
    MONTHS,
    NUMBER_WORD,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    VAGUE,
    WEEKDAY,
    WEEKDAYS,
    number_value,
    unit_of,
)
from timeline_gui.core.timex.occasions import (
    annual_meetings,
    holiday_pattern,
    holiday_triggers,
    holidays,
    numbered_series,
)
from timeline_gui.core.timex.tense import Tense
from timeline_gui.core.timex.types import Timex

Resolver = Callable[[Ctx, Candidate], Timex | None]
Check = Callable[[str, re.Match[str]], bool]

I = re.IGNORECASE  # noqa: E741


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, its resolver, and which modifiers may precede it.

    ``prefix`` is 0 when nothing may be prepended, 1 for early/mid/late-type modifiers, 2 when
    last/next/this may also precede (bare months, seasons, weekdays, holidays).
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    prefix: int = 0
    check: Check | None = None
    #: Substrings without which the pattern cannot match: the pattern only runs in windows around
    #: them, which keeps tagging fast on long texts. ``None`` scans the whole text.
    triggers: tuple[str, ...] | None = None
    #: Whether ``triggers`` are matched case-sensitively (month and weekday names).
    cased: bool = False
    #: Whether any digit run is also a trigger.
    digits: bool = False
    #: Whether the result depends only on the matched text, modifiers and tense (not on the
    #: surrounding text or the anchor), so a repeated expression can reuse it.
    pure: bool = False
    #: How far (in characters) a match may start before a trigger and end after it: the pattern
    #: runs only on those stretches around the triggers.
    reach: tuple[int, int] = (64, 64)
    #: When set, a trigger counts only after one of these words (or, with ``number_before``, a
    #: number): "two years", "the last year", "years ago". A cheap test that spares the pattern
    #: most of the text around common words such as "year" or "after".
    before_words: frozenset[str] | None = None
    number_before: bool = False
    #: Which digit runs (text, start, end) can start a match, for rules triggered by digits.
    digit_ok: Callable[[str, int, int], bool] | None = None
    #: For a case-insensitive pattern of lower-case words: words (lower case) one of which every
    #: match begins with. The pattern is then tried only where they occur in a window, instead of
    #: at every position of it.
    leads: tuple[str, ...] | None = None


# ---------------------------------------------------------------------------------------------
# Modifiers before a calendar expression ("early", "the end of", "last", "mid-")

_MOD_WORDS = (
    r"(?:early|mid|late|earlier|later|"
    r"(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn|first\s+half|second\s+half|last\s+half|"
    r"latter\s+half|latter\s+part|early\s+part|first\s+part|last\s+part|dawn)\s+of(?:\s+the)?)"
)
_PREFIX_REL: Final = re.compile(
    rf"(?:(?<![\w-])(?P<mod>{_MOD_WORDS})(?:\s+|-))?(?:\b(?P<rel>last|next|this|coming|past|previous|following)\s+)?$",
    I,
)
_PREFIX_MOD: Final = re.compile(rf"(?<![\w-])(?P<mod>{_MOD_WORDS})(?:\s+|-)$", I)
_PREFIX_WINDOW = 48
#: The words a modifier (or, with ``_PREFIX_LAST_REL``, a relative word) can end with.
_PREFIX_LAST_MOD: Final = frozenset(["early", "mid", "late", "earlier", "later", "of", "the"])
_OPENERS = "([{\"'`“‘-—–"
_PREFIX_LAST_REL = _PREFIX_LAST_MOD | {"last", "next", "this", "coming", "past", "previous", "following"}

_MOD_CODE = {
    "early": "START", "beginning": "START", "start": "START", "early part": "START",
    "first part": "START", "dawn": "START", "mid": "MID", "middle": "MID", "late": "END",
    "end": "END", "close": "END", "latter part": "END", "last part": "END", "turn": "END",
    "first half": "H1", "second half": "H2", "last half": "H2", "latter half": "H2",
    "earlier": "EARLIER", "later": "LATER",
}  # fmt: skip


def mod_code(raw: str | None) -> str | None:
    """TimeML-ish modifier for the words before a date ("the end of" -> END)."""
    if not raw:
        return None
    w = " ".join(raw.lower().split())
    for junk in ("the ", "very "):
        w = w.replace(junk, "")
    w = w.removesuffix(" of the").removesuffix(" of")
    return _MOD_CODE.get(w)


#: Every word of the modifiers and relative words (lower case): what :data:`_PREFIX_REL` and
#: :data:`_PREFIX_MOD` match, between spaces and hyphens.
_PREFIX_WORDS: Final = frozenset(
    ["early", "mid", "late", "earlier", "later", "the", "very", "beginning", "start", "end", "middle", "close",
     "turn", "first", "second", "last", "half", "latter", "part", "dawn", "of", "next", "this", "coming", "past",
     "previous", "following"]
)  # fmt: skip


def _prefix_from(window: str) -> int:
    """A place in ``window`` no match of the modifier patterns (anchored at its end) can begin before.

    Such a match is modifier words joined by spaces or hyphens up to the end: every whitespace-
    separated token after the one it begins in is made of those words. Walking back over such
    tokens, the first one that is not stops the walk; when it is a plain word (letters and digits)
    no match can begin in it either. The search then tries a few places instead of every one of
    the window, each an attempt at a long case-insensitive alternation. Tokens with characters
    outside ASCII are passed over (lower-casing them could tell otherwise than the pattern).
    """
    pos = len(window)
    words = _PREFIX_WORDS
    for token in reversed(window.split()):
        at = window.rfind(token, 0, pos)
        if token.isascii():
            low = token.lower()
            if low not in words:
                if low.isalnum():
                    return pos
                for piece in low.split("-"):
                    if piece and piece not in words:
                        return at
        pos = at
    return pos


def find_prefix(text: str, start: int, level: int) -> tuple[int, str | None, str | None]:
    """Start, modifier and relative word of the modifiers ending right before ``start``."""
    if level == 0 or start == 0:
        return start, None, None
    # Every modifier ends in one of a few words followed by a space or a hyphen: most spans have
    # none before them, and need no search.
    last = text[start - 1]
    if not (last.isspace() or last == "-"):
        return start, None, None
    words = text[max(0, start - 24) : start - 1].rsplit(None, 1)
    if not words or words[-1].lower().lstrip(_OPENERS) not in (_PREFIX_LAST_REL if level == 2 else _PREFIX_LAST_MOD):
        return start, None, None
    lo = max(0, start - _PREFIX_WINDOW)
    window = text[lo:start]
    m = (_PREFIX_REL if level == 2 else _PREFIX_MOD).search(window, _prefix_from(window))
    if m is None or m.start() == m.end():
        return start, None, None
    rel = m.groupdict().get("rel")
    return lo + m.start(), mod_code(m["mod"]), rel.lower() if rel else None


def finish(ctx: Ctx, iv: Interval, mod: str | None, tense: Tense | None) -> tuple[Interval, str | None]:
    """Apply a modifier to an interval; "earlier"/"later" this year clip at the DCT."""
    dct = ctx.dct
    if mod == "EARLIER":
        if iv.start <= dct <= iv.end:
            return cm.new_interval(iv.start, dct, iv.granularity), None
        return iv, None
    if mod == "LATER":
        if iv.start <= dct <= iv.end:
            return cm.new_interval(dct, iv.end, iv.granularity), None
        return iv, None
    out = cm.apply_mod(iv, mod)
    # Something reported as done "early this year" cannot lie after the report.
    if tense == "past" and out.start <= dct < out.end:
        out = cm.new_interval(out.start, dct, out.granularity)
    return out, (mod if mod in ("START", "MID", "END") else None)


# ---------------------------------------------------------------------------------------------
# Picking the year (or week) of a date that does not name it


def choose(
    gen: Callable[[int], cm.Span | None],
    granularity: Granularity,
    dct: dt.date,
    tense: Tense | None,
    rel: str | None,
    *,
    closest: bool,
    ks: range = range(-2, 3),
    slack: int = 0,
) -> tuple[Interval, int] | None:
    """Pick among the occurrences ``gen(k)`` (k = years or weeks from the DCT's) of a recurring date.

    "last"/"next" take the nearest occurrence wholly before/after the DCT, "this" the one in the
    DCT's own year or week; otherwise the tense decides; with no cue, ``closest`` picks the
    occurrence nearest the DCT and not-``closest`` prefers the past (the news default).
    The occurrences are weighed as spans of days: only the one picked becomes an
    :class:`Interval` (of ``granularity``).
    """
    cands = [(span[0], span[1], k) for k in ks if (span := gen(k)) is not None]
    got = _pick(cands, dct, tense, rel, closest, slack)
    return None if got is None else (cm.new_interval(got[0], got[1], granularity), got[2])


_Occurrence = tuple[dt.date, dt.date, int]


def _pick(
    cands: list[_Occurrence], dct: dt.date, tense: Tense | None, rel: str | None, closest: bool, slack: int
) -> _Occurrence | None:
    """:func:`choose`'s pick among occurrences (first day, last day, k)."""
    if not cands:
        return None
    pool: list[_Occurrence]
    if rel in ("last", "past", "previous"):
        pool = [c for c in cands if c[1] < dct]
        return max(pool, key=lambda c: c[0]) if pool else None
    if rel in ("next", "coming", "following"):
        pool = [c for c in cands if c[0] > dct]
        return min(pool, key=lambda c: c[0]) if pool else None
    if rel == "this":
        pool = [c for c in cands if c[2] == 0]
        return pool[0] if pool else None
    if tense == "future" and not closest:
        pool = [c for c in cands if c[1] >= dct]
        return min(pool, key=lambda c: c[0]) if pool else None
    if not closest:
        pool = [c for c in cands if c[0] <= dct]
        return max(pool, key=lambda c: c[0]) if pool else None
    for c in cands:
        if c[0] <= dct <= c[1]:
            return c
    # News mostly reports what happened: a future occurrence must be much nearer to win.
    if tense == "past":
        # What a past-tense clause reports cannot lie after the report.
        # A named day gets some slack: tense cues are cheap and a day just ahead is usually meant.
        limit = dct + dt.timedelta(days=slack) if slack and dct.year < cm.MAX_YEAR else dct
        cands = [c for c in cands if c[0] <= limit] or cands
    # A future verb turns that around, without forbidding a date just passed.
    ahead = {"past": 2.0, "future": 1.0}.get(tense or "", 1.3)
    behind = 2.5 if tense == "future" else 1.0

    def dist(c: _Occurrence) -> float:
        return (c[0] - dct).days * ahead if c[0] > dct else (dct - c[1]).days * behind

    return min(cands, key=dist)


#: Small patterns of the checks, compiled once.
_RX0: Final = re.compile(r"\b(?:from|to|at)\s+$")
_RX1: Final = re.compile(r"\d\s*(?:to|-)\s*$")
_RX2: Final = re.compile(r"\s*(?:than|in|on|this|that|last|next|today|when|to|,\s*\d)")
_RX3: Final = re.compile(r"\b(?:an|the|its|his|her|their|our|much|even|weeks?|days?|months?|years?)\s+$")
_RX4: Final = re.compile(r"\s*[.,;)]|\s*$")
_RX5: Final = re.compile(r"\b(?:said|had|has|have|was|were|announced|reported|noted)\s+$")
_RX6: Final = re.compile(r"\s+(?:account|accounts|affairs|events|flows?|sea|river|strength)\b")
_RX7: Final = re.compile(r"\s*(?:contracts?|price|tense|generations?)\b")
_RX8: Final = re.compile(r"\d+(?:\.\d+)?")
_RX9: Final = re.compile(r"1\d\d\d|20\d\d")
_RX10: Final = re.compile(r"\s*(\w+)")
_RX11: Final = re.compile(r"\b(?:the|a|an|no|any|bright)\s+$")


def _day(year: int, month: int, day: int) -> cm.Span | None:
    d = cm.safe_date(year, month, day)
    return (d, d) if d else None


def _anchor_or_dct(ctx: Ctx) -> Interval:
    return ctx.anchor if ctx.anchor is not None else cm.day_iv(ctx.dct)


# ---------------------------------------------------------------------------------------------
# Resolvers


def _value_for(iv: Interval) -> str:
    """TimeML value naming an interval at its own granularity."""
    s = iv.start
    g = iv.granularity
    if g == "day":
        return cm.fmt_day(s)
    if g == "week":
        return cm.fmt_week(s)
    if g == "month":
        return cm.fmt_month(s.year, s.month)
    if g == "quarter":
        return f"{cm.fmt_year(s.year)}-Q{cm.quarter_of(s)}"
    if g == "decade":
        return cm.fmt_year(s.year)[:3]
    return cm.fmt_year(s.year)


def r_iso(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    d = cm.safe_date(int(m[1]), int(m[2]), int(m[3]))
    if d is None:
        return None
    if m[4]:
        return ctx.make(c, "TIME", f"{d.isoformat()}T{m[4]}:{m[5]}", cm.day_iv(d))
    return ctx.make(c, "DATE", d.isoformat(), cm.day_iv(d))


def r_slash(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    a, b, y = int(m[1]), int(m[2]), m[3]
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        month, day = a, b
    else:
        return None  # 03/04/2024 could be March or April: refuse to guess.
    year = int(y)
    if len(y) == 2:
        century = ctx.dct.year // 100 * 100
        year = min((century - 100 + year, century + year), key=lambda v: abs(v - ctx.dct.year))
    d = cm.safe_date(year, month, day)
    if d is None:
        return None
    return ctx.make(c, "DATE", d.isoformat(), cm.day_iv(d))


def r_month_day(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    month = MONTHS[m["mon"].rstrip(".").lower()]
    day = int(m["day"])
    tense = ctx.tense(c.start, c.end)
    if m["year"]:
        span = _day(int(m["year"]), month, day)
        if span is None:
            return None
        iv = cm.day_iv(span[0])
    else:
        # A day named without its year is almost always the nearest one: only a future verb overrides.
        got = choose(
            lambda k: _day(ctx.dct.year + k, month, day), "day", ctx.dct, tense, c.rel, closest=True, slack=90
        )
        if got is None:
            return None
        iv = got[0]
    iv2, mod = finish(ctx, iv, c.mod, None)
    return ctx.make(c, "DATE", cm.fmt_day(iv.start), iv2, mod=mod, tense=tense)


def r_month_year(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    month = MONTHS[m["mon"].rstrip(".").lower()]
    iv = cm.month_iv(int(m["year"]), month)
    if iv is None:
        return None
    tense = ctx.tense(c.start, c.end)
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", _value_for(iv), iv2, mod=mod, tense=tense)


_TRIGGER_BEFORE: Final = re.compile(
    r"\b(?:in|since|by|until|till|through|from|to|of|during|before|after|early|mid|late|last|next|this|"
    r"that|each|every|between|and|or|on|for|until|around|about|throughout|starting|beginning|"
    r"end|the)[\s-]+$",
    I,
)
_CAP_WORD_BEFORE: Final = re.compile(r"(?<![.!?:;\"'`])\s[A-Z][\w.'-]*\s+$")


_MONTH_TRIGGER_WORDS: Final = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "through",
        "from",
        "to",
        "of",
        "during",
        "before",
        "after",
        "early",
        "mid",
        "late",
        "last",
        "next",
        "this",
        "that",
        "each",
        "every",
        "between",
        "and",
        "or",
        "on",
        "for",
        "around",
        "about",
        "throughout",
        "starting",
        "beginning",
        "end",
        "the",
    ]
)


def check_month(text: str, m: re.Match[str]) -> bool:
    """A bare month name: refuse "May" or "March" without a preposition, and names like "Theresa May"."""
    before = text[max(0, m.start() - 24) : m.start()]
    words = before.replace("-", " ").split()
    prev = words[-1] if words else ""
    if prev.lower() in _MONTH_TRIGGER_WORDS:
        return True
    word = m[0]
    if word in ("May", "March"):
        return False
    if prev[:1].isupper() and before.endswith(" ") and not prev.endswith((".", "!", "?", ":", ";", '"', "'", "`")):
        return False
    after = text[m.end() : m.end() + 2]
    # "June Carter", "April Fools": a capitalized word straight after is a name.
    return not (len(after) == 2 and after[0] == " " and after[1].isupper())


def r_month(ctx: Ctx, c: Candidate) -> Timex | None:
    month = MONTHS[c.match[0].lower()]
    tense = ctx.tense(c.start, c.end)
    got = choose(lambda k: cm.month_span(ctx.dct.year + k, month), "month", ctx.dct, tense, c.rel, closest=True)
    if got is None:
        return None
    iv = got[0]
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", _value_for(iv), iv2, mod=mod, tense=tense)


_NOT_YEAR_AFTER: Final = re.compile(
    r"\s*(?:people|persons|men|women|children|troops|soldiers|police|officers|workers|employees|jobs|"
    r"members|students|residents|refugees|households|families|homes|houses|cars|vehicles|units|shares|"
    r"tons|tonnes|barrels|miles|kilometers|kilometres|km|meters|metres|feet|acres|hectares|dollars|"
    r"euros|pounds|yen|votes|delegates|cases|deaths|patients|points|games|pages|words|times|rounds|"
    r"copies|seats|rooms|beds|calories|pieces|items|marks|francs|rupees|yuan|pesos|troops|guests|"
    r"participants|visitors|others|percent|per\s+cent|ft|m|kg|lb|mph|hp|cc)\b",
    I,
)
_NOT_YEAR_BEFORE: Final = re.compile(
    r"(?:\b(?:more|fewer|less)\s+than|\b(?:about|around|nearly|almost|roughly|approximately|over|"
    r"up\s+to|at\s+least|only|just|No|no|number|Nos?\.|Flight|flight|Room|Route|Highway|Interstate|"
    r"Channel|channel|Dow|index|at|to|from|Pentium|Windows|Model|model|Boeing|Airbus|Article|article|"
    r"Resolution|resolution|Section|section|Rule|rule|Code|code|version|Version|page|Page)\s+)$"
)
_YEAR_OK_BEFORE: Final = re.compile(r"\b(?:in|since|of|by|from|to|until|till|before|after|during|fiscal|FY)\s+$", I)


def _tokens_from(s: str, count: int) -> int:
    """Where the last ``count`` whitespace-separated tokens of ``s`` begin (0 if it has fewer).

    A pattern anchored at the end whose matches span at most ``count`` tokens (each "more than"
    or "at least" two, every other word of :data:`_NOT_YEAR_BEFORE` one) need not be searched for
    before that.
    """
    pos = len(s)
    for k, token in enumerate(reversed(s.split())):
        pos = s.rfind(token, 0, pos)
        if k + 1 == count:
            return pos
    return 0


def check_year(text: str, m: re.Match[str]) -> bool:
    y = int(m["year"])
    before = text[max(0, m.start() - 24) : m.start()]
    if m["fiscal"]:
        return True
    # Only a letter can begin what _NOT_YEAR_AFTER looks for after the spaces (even ignoring case,
    # no other character matches one): after a comma or a full stop it need not be tried.
    e = j = m.end()
    n = len(text)
    while j < n and (text[j] == " " or text[j].isspace()):
        j += 1
    if j < n and text[j].isalpha() and _NOT_YEAR_AFTER.match(text, e):
        return False
    if _NOT_YEAR_BEFORE.search(before, _tokens_from(before, 2)):
        # "from 1990 to 1995" and "to 2000" are years too; only the counting words block them.
        return bool(_RX0.search(before)) and y >= 1900 and not _RX1.search(before)
    if y < 1800:
        return bool(_YEAR_OK_BEFORE.search(before))
    return True


def r_year(ctx: Ctx, c: Candidate) -> Timex | None:
    y = int(c.match["year"])
    iv = cm.year_iv(y)
    if iv is None:
        return None
    tense = ctx.tense(c.start, c.end)
    if c.mod in ("H1", "H2"):
        h = cm.half_iv(y, 1 if c.mod == "H1" else 2)
        if h is None:
            return None
        return ctx.make(c, "DATE", f"{cm.fmt_year(y)}-{c.mod}", h, tense=tense)
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", cm.fmt_year(y), iv2, mod=mod, tense=tense)


def r_decade(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    if m["full"]:
        first = int(m["full"])
    else:
        digit = int(m["short"]) if m["short"] else _DECADE_WORDS.index(m["word"].lower()) + 2
        first = ctx.dct.year // 100 * 100 + digit * 10
        if first > ctx.dct.year:
            first -= 100
    iv = cm.decade_iv(first)
    if iv is None:
        return None
    iv2, mod = finish(ctx, iv, c.mod, None)
    # TimeML writes a decade as its first three digits ("199" for the 1990s).
    return ctx.make(c, "DATE", cm.fmt_year(first)[:3], iv2, mod=mod)


def r_century(ctx: Ctx, c: Candidate) -> Timex | None:
    n = int(c.match["n"])
    if not 1 <= n <= 100:
        return None
    iv = cm.century_iv((n - 1) * 100)
    if iv is None:
        return None
    iv2, mod = finish(ctx, iv, c.mod, None)
    return ctx.make(c, "DATE", f"{n - 1:02d}", iv2, mod=mod)


_MAX_ORDINAL: Final = dt.date.max.toordinal()


def _weekday_in_week(dct: dt.date, wd: int, k: int) -> cm.Span | None:
    """Weekday ``wd`` of the week ``k`` weeks from the DCT's (``None`` outside the calendar, where
    the Monday of the DCT's week or the day is), by day numbers: cheaper than two timedeltas."""
    monday = dct.toordinal() - dct.weekday()
    day = monday + 7 * k + wd
    if monday < 1 or not 1 <= day <= _MAX_ORDINAL:
        return None
    d = dt.date.fromordinal(day)
    return d, d


_NEWSPAPER_AFTER: Final = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Tribune|Independent|Star)\b")


_SINCE_BEFORE: Final = re.compile(r"\b[Ss]ince\s+$")


def check_weekday(text: str, m: re.Match[str]) -> bool:
    return _NEWSPAPER_AFTER.match(text, m.end("wd")) is None


def r_weekday(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    wd = WEEKDAYS[m["wd"].lower()]
    if m["pl"]:
        return ctx.make(c, "SET", f"XXXX-WXX-{wd + 1}", None, anchored=False)
    tense = ctx.tense(c.start, c.end)
    # A weekday in a present-tense clause is a timetable ("they meet Monday"): the next one.
    resolve_as: Tense | None = "future" if tense == "present" else tense
    text = ctx.text
    if _SINCE_BEFORE.search(text, max(0, c.start - 8), c.start):
        # "since Tuesday" is always behind the report.
        resolve_as = "past"
    elif text.startswith(("'s", "’s"), c.end) and c.rel is None:
        # "Friday's ruling" names a day whose events are being reported.
        resolve_as = "past"
    got = choose(lambda k: _weekday_in_week(ctx.dct, wd, k), "day", ctx.dct, resolve_as, c.rel, closest=False)
    if got is None:
        return None
    iv = got[0]
    # "Friday night" is annotated in news as the day itself: the part of the day stays in the span.
    return ctx.make(c, "DATE", cm.fmt_day(iv.start), iv, tense=tense)


def r_deictic(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    word = (m["w"] or m["rel"] or "").lower()
    pod = (m["pod"] or m["pod2"] or "").lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "overnight": 0}.get(word)
    if word == "last":
        offset = -1 if pod == "night" else None
        if offset is None:
            return None
    if offset is None:
        return None
    d = cm.shift(ctx.dct, days=offset)
    if d is None:
        return None
    if word == "overnight":
        return None
    tense = ctx.tense(c.start, c.end)
    if pod:
        return ctx.make(c, "TIME", f"{d.isoformat()}T{PARTS_OF_DAY[pod]}", cm.day_iv(d), tense=tense)
    return ctx.make(c, "DATE", d.isoformat(), cm.day_iv(d), tense=tense)


_REF_KIND = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "presently": "PRESENT_REF",
    "current": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF",
    "formerly": "PAST_REF", "the past": "PAST_REF", "earlier": "PAST_REF", "once": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the near future": "FUTURE_REF", "later": "FUTURE_REF",
}  # fmt: skip


_PREVIOUSLY_NOT_BEFORE: Final = re.compile(
    r"(?:\b(?:a|an|the|its|their|his|her|our|[a-z]+'s|as|was|were|been|being|is|are|be)\s+)$"
)
_BY_AFTER: Final = re.compile(r"\s+(?:\w+ed\s+)?by\b")
_PAST_VERBS: Final = frozenset(
    ["became", "was", "were", "had", "came", "went", "began", "made", "took", "found", "got"]
)
_PARTICIPLE_AFTER: Final = re.compile(r"\s+(?:\w+ed|sent|made|held|known|given|taken|shown|built|paid|sold)\b")
_SOON_NOT_AFTER: Final = re.compile(r"\s*(?:after|afterwards?|thereafter|as|enough)\b")


_CHECKED_REFS: Final = frozenset(["earlier", "previously", "current", "future", "soon"])


def check_ref(text: str, m: re.Match[str]) -> bool:
    w = m[0].lower()
    if w not in _CHECKED_REFS:
        return True
    after = text[m.end() : m.end() + 12].lower()
    before = text[max(0, m.start() - 16) : m.start()].lower()
    if w == "earlier":
        # Only the adverb "(said) earlier": not "earlier than", "earlier this year", "an earlier plan".
        if _RX2.match(after):
            return False
        if _RX3.search(before):
            return False
        return bool(_RX4.match(after)) or bool(_RX5.search(before))
    if w == "previously":
        # "a previously announced plan" qualifies a noun, "as was previously reported" or
        # "a team, previously sent" a participle: neither places an event.
        if _PREVIOUSLY_NOT_BEFORE.search(before) or _BY_AFTER.match(after):
            return False
        return not (before.rstrip().endswith(",") and _PARTICIPLE_AFTER.match(after))
    if w == "soon":
        # "as soon as", "soon after the vote": a conjunction or a relative step, not the future.
        nxt = text[m.end() : m.end() + 16].split()
        told = bool(nxt) and (nxt[0].lower() in _PAST_VERBS or nxt[0].lower().endswith("ed"))
        return not (before.endswith(("as ", "how ", "too ")) or _SOON_NOT_AFTER.match(after) or told)
    if w == "current":
        # "current account" is an economic term, "alternating current" physics.
        return not _RX6.match(after)
    if w == "future":
        return not _RX7.match(after) and not _RX11.search(before)
    return True


def r_ref(ctx: Ctx, c: Candidate) -> Timex | None:
    words = " ".join(c.match[0].lower().split())
    tense = ctx.tense(c.start, c.end)
    if words == "soon" and tense == "past":
        return None  # "the protest soon became a riot" tells a story's sequence
    if words.startswith(("recent ", "the recent ")) and not words.endswith("years"):
        unit = unit_of(words.rsplit(" ", 1)[1])
        return ctx.make(c, "DURATION", _dur_value(None, unit), cm.unknown_past(ctx.dct), tense=tense, anchored=False)
    if words.endswith(("days", "weeks", "months", "quarters", "years", "decades")) and words != "these days":
        kind = "FUTURE_REF" if "coming" in words else "PAST_REF"
    else:
        kind = _REF_KIND.get(words, "PRESENT_REF")
    dct = ctx.dct
    if kind == "PRESENT_REF":
        iv = cm.new_interval(dct, dct, "unknown")
    elif kind == "PAST_REF":
        iv = cm.unknown_past(dct)
    else:
        iv = cm.unknown_future(dct)
        if words.endswith("months"):
            iv = cm.new_interval(dct, cm.shift(dct, months=6) or dct, "unknown")
    return ctx.make(c, "DATE", kind, iv, tense=tense, anchored=False)


def _unit_interval(d: dt.date, unit: str) -> Interval | None:
    if unit == "day":
        return cm.day_iv(d)
    if unit == "week":
        return cm.week_iv(d)
    if unit == "weekend":
        return cm.weekend_iv(d)
    if unit == "month":
        return cm.month_iv(d.year, d.month)
    if unit == "quarter":
        return cm.quarter_iv(d.year, cm.quarter_of(d))
    if unit == "year":
        return cm.year_iv(d.year)
    if unit == "half":
        return cm.half_iv(d.year, 1 if d.month <= 6 else 2)
    if unit == "decade":
        return cm.decade_iv(d.year // 10 * 10)
    if unit == "century":
        return cm.century_iv(d.year // 100 * 100)
    return None


def _shift_unit(d: dt.date, unit: str, n: int) -> dt.date | None:
    if unit in ("day",):
        return cm.shift(d, days=n)
    if unit in ("week", "weekend", "fortnight"):
        return cm.shift(d, weeks=n * (2 if unit == "fortnight" else 1))
    if unit == "month":
        return cm.shift(d, months=n)
    if unit == "quarter":
        return cm.shift(d, months=3 * n)
    if unit == "half":
        return cm.shift(d, months=6 * n)
    if unit == "year":
        return cm.shift(d, years=n)
    if unit == "decade":
        return cm.shift(d, years=10 * n)
    if unit == "century":
        return cm.shift(d, years=100 * n)
    return None


def _unit_value(iv: Interval, unit: str) -> str:
    s = iv.start
    if unit == "weekend":
        return cm.fmt_week(s) + "-WE"
    if unit == "half":
        return f"{cm.fmt_year(s.year)}-H{1 if s.month <= 6 else 2}"
    if unit == "century":
        return cm.fmt_year(s.year)[:2]
    return _value_for(iv)


_DURING_BEFORE: Final = re.compile(r"\b(?:during|throughout|over)\s+$", I)
_IN_BEFORE: Final = re.compile(r"\bin\s+$", I)
_ENDED_AFTER: Final = re.compile(r"\s+end(?:ed|ing)\b")


def _reported_quarter(ctx: Ctx, year: int | None = None) -> Interval | None:
    """The quarter financial news is discussing: the one the text last named, else the last
    complete one; ``year`` overrides its year ("the 1988 period")."""
    anchor = ctx.anchor
    if anchor is not None and anchor.granularity == "quarter":
        base = anchor.start
    else:
        base = cm.shift(ctx.dct, months=-3) or ctx.dct
    return cm.quarter_iv(base.year if year is None else year, cm.quarter_of(base))


def r_year_period(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    year = int(m["y"])
    anchor = ctx.anchor
    if m["noun"].lower() == "period" and (anchor is None or anchor.granularity != "quarter"):
        iv = cm.year_iv(year)
        return ctx.make(c, "DATE", cm.fmt_year(year), iv) if iv is not None else None
    iv = _reported_quarter(ctx, year)
    return ctx.make(c, "DATE", _value_for(iv), iv) if iv is not None else None


def r_year_end(ctx: Ctx, c: Candidate) -> Timex | None:
    year = ctx.dct.year
    # "since year-end" counts from the last one.
    if _SINCE_BEFORE.search(ctx.text, max(0, c.start - 8), c.start):
        year -= 1
    iv = cm.year_iv(year)
    if iv is None:
        return None
    return ctx.make(c, "DATE", cm.fmt_year(year), cm.apply_mod(iv, "END"), mod="END")


_YEAR_END_BEFORE: Final = re.compile(
    r"\b(?:by|at|around|before|until|till|since|after|through|near|toward|towards|from)\s+$", I
)


def check_year_end(text: str, m: re.Match[str]) -> bool:
    return bool(_YEAR_END_BEFORE.search(text, max(0, m.start() - 10), m.start()))


def r_unit_rel(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    unit = m["unit"].lower()
    rel = " ".join((m["rel"] or "").lower().split())
    the = bool(m["the"])
    dct = ctx.dct
    if unit == "period":
        # "the latest period" in an earnings report is the quarter being reported.
        if rel not in ("latest", "most recent"):
            return None
        base = cm.shift(dct, months=-3) or dct
        iv_q = cm.quarter_iv(base.year, cm.quarter_of(base))
        return ctx.make(c, "DATE", _value_for(iv_q), iv_q) if iv_q is not None else None
    if not rel and not the:
        return None
    if unit == "day" and not (the and rel in ("following", "next", "previous", "prior", "preceding")):
        return None
    tense = ctx.tense(c.start, c.end)
    before = ctx.text[max(0, c.start - 12) : c.start]
    # "during the year" and "in the year ended March 31" are a stretch of a year; "for the
    # year" names the year reported on.
    if (
        the
        and rel in ("", "fiscal")
        and unit == "year"
        and (_DURING_BEFORE.search(before) or (_IN_BEFORE.search(before) and _ENDED_AFTER.match(ctx.text, c.end)))
    ):
        return ctx.make(c, "DURATION", _dur_value(1, unit), None, tense=tense, anchored=False)
    # "the past decade", and "this century" as a stretch of a hundred years, are durations.
    if (unit in ("decade", "century") and rel in ("last", "past", "next", "coming", "previous")) or (
        unit == "century" and rel == "this"
    ):
        years = 10 if unit == "decade" else 100
        return ctx.make(c, "DURATION", f"P{years}Y", None, tense=tense, anchored=False)
    base = dct
    n = 0
    if rel in ("last", "past", "previous", "prior", "preceding"):
        n = -1
    elif rel in ("next", "coming", "following", "upcoming"):
        n = 1
    elif rel in ("this", "current", "present", "", "full"):
        n = 0
    elif rel in ("that", "same"):
        if ctx.anchor is None or unit == "day":
            return None
        base = ctx.anchor.start
    elif rel in ("latest", "most recent", "recent"):
        # Reports name "the latest quarter" once it is over: the last complete one.
        n = -1 if unit in ("quarter", "half") else 0
    else:
        return None
    if the and rel in ("following", "next", "previous", "prior", "preceding") and ctx.anchor is not None:
        base = ctx.anchor.start
    if unit == "day" and not (the and rel in ("following", "next", "previous", "prior", "preceding")):
        return None
    if rel == "" and unit in ("day", "half", "decade", "century"):
        return None
    if rel == "" and unit == "quarter":
        n = -1 if ctx.anchor is None or ctx.anchor.granularity != "quarter" else 0
        if ctx.anchor is not None and ctx.anchor.granularity == "quarter":
            base = ctx.anchor.start
    if rel == "" and unit == "weekend":
        got = choose(lambda k: cm.weekend_span(dct + dt.timedelta(weeks=k)), "week", dct, tense, None, closest=False)
        if got is None:
            return None
        iv = got[0]
        return ctx.make(c, "DATE", _unit_value(iv, unit), iv, tense=tense)
    d = _shift_unit(base, unit, n)
    if d is None:
        return None
    iv0 = _unit_interval(d, unit)
    if iv0 is None:
        return None
    iv, mod = finish(ctx, iv0, c.mod, tense)
    return ctx.make(c, "DATE", _unit_value(iv0, unit), iv, mod=mod, tense=tense)


def r_quarter(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    q = ORDINALS[m["ord"].lower()]
    half = m["kind"].lower() == "half"
    if half and q > 2:
        return None
    if not half and q > 4:
        return None
    tense = ctx.tense(c.start, c.end)
    dct = ctx.dct
    year: int | None = None
    for g in ("y1", "y2", "y3"):
        if m[g]:
            year = int(m[g])
    yrel = (m["yrel"] or m["yrel2"] or "").lower()
    if yrel:
        year = dct.year + {"this": 0, "last": -1, "next": 1}[yrel]
    if year is None:
        year = dct.year
        cur = cm.quarter_of(dct) if not half else (1 if dct.month <= 6 else 2)
        if q > cur and tense != "future":
            year -= 1
    iv = cm.half_iv(year, q) if half else cm.quarter_iv(year, q)
    if iv is None:
        return None
    value = f"{cm.fmt_year(year)}-{'H' if half else 'Q'}{q}"
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", value, iv2, mod=mod, tense=tense)


def r_q(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    q = int(m["q"])
    year = ctx.dct.year
    if m["y"]:
        y = m["y"].lstrip("'")
        year = int(y) if len(y) == 4 else ctx.dct.year // 100 * 100 + int(y)
    elif q > cm.quarter_of(ctx.dct):
        year -= 1
    iv = cm.quarter_iv(year, q)
    if iv is None:
        return None
    return ctx.make(c, "DATE", f"{cm.fmt_year(year)}-Q{q}", iv)


def _dur_value(n: float | None, unit: str) -> str:
    letter, is_time, _ = UNITS.get(unit, ("X", False, "unknown"))
    if unit == "fortnight":
        n = None if n is None else n * 2
    if unit in ("decade", "century"):
        letter = "Y"
        n = None if n is None else n * (10 if unit == "decade" else 100)
    if unit == "weekend":
        letter = "D"
        n = None if n is None else n * 2
    num = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    return f"PT{num}{letter}" if is_time else f"P{num}{letter}"


def _num(raw: str) -> float | None:
    w = " ".join(raw.lower().split())
    try:
        return float(w) if _RX8.fullmatch(w) else number_value(w)
    except ValueError:
        return None


_SET_BEFORE: Final = re.compile(
    rf"(?:\d|million|billion|trillion|percent|%|times|once|twice|thrice)\s*$|(?:\d|\b{NUMBER_WORD})\s+[a-z]+\s+$", I
)


_AGE_AFTER: Final = re.compile(r"(?:-|\s+)old\b|\s+of\s+age\b", I)


def check_duration(text: str, m: re.Match[str]) -> bool:
    """Not ages ("a 6-year-old"), fractions ("three-quarters"), "a second time" or "the 1988 quarter"."""
    if _AGE_AFTER.match(text, m.end()) or m[0].lower().endswith("-old"):
        return False
    unit = m["unit"].lower()
    num = m["num"].lower()
    if unit.startswith("quarter") and ((unit.endswith("s") and "-" in m[0]) or num in ("a", "an")):
        return False
    if unit == "second" and num in ("a", "an", "one"):
        return False
    return not (_RX9.fullmatch(num) and not unit.endswith("s"))


def r_bare_units(ctx: Ctx, c: Candidate) -> Timex | None:
    unit = unit_of(c.match["core"])
    return ctx.make(c, "DURATION", _dur_value(None, unit), None, anchored=False)


_SPOKEN_TENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}


def r_spoken_year(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    if m["thousand"]:
        rest = number_value(m["rest"]) if m["rest"] else 0
        if rest is None:
            return None
        year = 2000 + rest
    else:
        tail = number_value(m["tail"])
        if tail is None or not 10 <= tail < 100:
            return None
        year = _SPOKEN_TENS[m["head"].lower()] * 100 + tail
    iv = cm.year_iv(year)
    if iv is None:
        return None
    tense = ctx.tense(c.start, c.end)
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", cm.fmt_year(year), iv2, mod=mod, tense=tense)


def r_duration(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    unit = unit_of(m["unit"])
    if unit not in UNITS:
        return None
    raw = m["num"]
    n = _num(raw)
    article = raw.lower() in ("a", "an")
    if article and not m["rel"] and not m["the"] and not m["approx"]:
        before = ctx.text[max(0, c.start - 24) : c.start]
        if _SET_BEFORE.search(before):
            # "$2 million a year", "700 seats a week": a rate, which news annotation leaves alone.
            return None
    if n is not None and n > 10000:
        return None
    value = _dur_value(n, unit)
    rel = (m["rel"] or "").lower()
    dct = ctx.dct
    iv: Interval | None = None
    if rel in ("past", "last", "previous", "recent", "latest") and n is not None and n == int(n):
        start = _shift_unit(dct, unit, -int(n)) if unit in UNITS and not UNITS[unit][1] else None
        if start is not None:
            iv = cm.new_interval(start, dct, UNITS[unit][2])  # type: ignore[arg-type]
    elif rel in ("next", "coming", "following") and n is not None and n == int(n):
        end = _shift_unit(dct, unit, int(n)) if unit in UNITS and not UNITS[unit][1] else None
        if end is not None:
            iv = cm.new_interval(dct, end, UNITS[unit][2])  # type: ignore[arg-type]
    tense = ctx.tense(c.start, c.end)
    mod = (
        "APPROX"
        if m["approx"]
        and m["approx"].lower() in ("about", "nearly", "almost", "some", "roughly", "around", "approximately")
        else None
    )
    return ctx.make(c, "DURATION", value, iv, mod=mod, tense=tense, anchored=False)


def check_ago(text: str, m: re.Match[str]) -> bool:
    d = m["dir"].lower()
    if d in ("before", "after", "earlier", "later", "prior"):
        # "two days before the vote" is a duration plus a preposition, not a date.
        nxt = _RX10.match(text[m.end() : m.end() + 20])
        if nxt and nxt[1].lower() not in (
            "and",
            "but",
            "when",
            "in",
            "on",
            "at",
            "as",
            "he",
            "she",
            "they",
            "it",
            "we",
            "i",
            "the",
        ):
            return d in ("earlier", "later") and nxt[1].lower() not in ("than",)
        return not (nxt and nxt[1].lower() == "the" and d in ("before", "after", "prior"))
    return True


def r_ago(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    unit = unit_of(m["unit"])
    n = _num(m["num"])
    d = " ".join(m["dir"].lower().split())
    tense = ctx.tense(c.start, c.end)
    dct = ctx.dct
    sign = 1 if d in ("later", "after", "hence", "from now") else -1
    if n is None:
        kind = "FUTURE_REF" if sign > 0 else "PAST_REF"
        iv = cm.unknown_future(dct) if sign > 0 else cm.unknown_past(dct)
        return ctx.make(c, "DATE", kind, iv, tense=tense, anchored=False)
    if unit not in UNITS or UNITS[unit][1] or n != int(n) or n > 10000:
        return ctx.make(c, "DURATION", _dur_value(n, unit), None, tense=tense, anchored=False)
    # Narrative steps ("three days later") count from the last date named; years, as annotated in
    # news, from the publication date.
    relative_to_dct = d in ("ago", "hence", "from now", "back") or unit in ("year", "decade", "century")
    base_iv = cm.day_iv(dct) if relative_to_dct else _anchor_or_dct(ctx)
    # Financial news compares "a year ago" with the quarter under discussion.
    keep = (
        ctx.anchor is not None
        and ctx.anchor.granularity in ("quarter", "month")
        and unit == "year"
        and c.start - ctx.anchor_end < 400
    )
    if keep and ctx.anchor is not None:
        base_iv = ctx.anchor
    moved = _shift_unit(base_iv.start, unit, sign * int(n))
    if moved is None:
        return None
    gran_unit = {"quarter": "quarter", "month": "month"}.get(base_iv.granularity, unit) if keep else unit
    moved_iv = _unit_interval(moved, gran_unit)
    if moved_iv is None:
        return None
    return ctx.make(c, "DATE", _unit_value(moved_iv, gran_unit), moved_iv, tense=tense)


def r_adj_ago(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    unit = m["unit"].lower()
    noun = (m["noun"] or "").lower()
    dct = ctx.dct
    anchor = ctx.anchor
    if m["ord"] and noun == "quarter":
        q = ORDINALS[m["ord"].lower()]
        year = dct.year - 1 if q <= cm.quarter_of(dct) else dct.year - 2
        iv0 = cm.quarter_iv(year, q)
        return ctx.make(c, "DATE", f"{cm.fmt_year(year)}-Q{q}", iv0) if iv0 else None
    if noun in ("quarter", "period") or (anchor is not None and anchor.granularity == "quarter"):
        if anchor is not None and anchor.granularity == "quarter":
            base = anchor.start
        else:
            base = cm.shift(dct, months=-3) or dct
        moved = _shift_unit(base, unit, -1)
        if moved is None:
            return None
        iv = cm.quarter_iv(moved.year, cm.quarter_of(moved))
        if iv is None:
            return None
        return ctx.make(c, "DATE", _value_for(iv), iv)
    moved = _shift_unit(dct, unit, -1)
    if moved is None:
        return None
    iv2 = _unit_interval(moved, unit)
    if iv2 is None:
        return None
    return ctx.make(c, "DATE", _unit_value(iv2, unit), iv2)


def r_set(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    adv = (m["adv"] or "").lower()
    if adv:
        value = {
            "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "quarterly": "P3M",
            "semiannually": "P6M",
        }[adv]  # fmt: skip
        return ctx.make(c, "SET", value, None, anchored=False)
    if m["mon"]:
        return ctx.make(c, "SET", f"XXXX-{MONTHS[m['mon'].lower()]:02d}", None, anchored=False)
    word = (m["unit"] or m["unit2"] or "").lower()
    if word.endswith("s") and word not in ("hours",):
        word = word[:-1] if word[:-1] in UNITS or word[:-1] in WEEKDAYS or word[:-1] in SEASONS else word
    if word in WEEKDAYS:
        return ctx.make(c, "SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}", None, anchored=False)
    if word in SEASONS:
        return ctx.make(c, "SET", f"XXXX-{SEASONS[word]}", None, anchored=False)
    if word in PARTS_OF_DAY:
        return ctx.make(c, "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[word]}", None, anchored=False)
    n = _num(m["num"]) if m["num"] else 1.0
    if m["other"] and n is not None:
        n *= 2
    unit = unit_of(word)
    if unit not in UNITS:
        return None
    return ctx.make(c, "SET", _dur_value(n, unit), None, anchored=False)


def r_time(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    if m["word"]:
        hh, mi = (24, 0) if m["word"].lower() == "midnight" else (12, 0)
    else:
        h = m["h"] or m["h2"] or m["h4"]
        hh = int(h)
        mi = int(m["mi"] or m["mi2"] or m["mi4"] or 0)
        ap = (m["ap"] or "").lower()
        if ap:
            if not 1 <= hh <= 12:
                return None
            if ap == "p" and hh != 12:
                hh += 12
            if ap == "a" and hh == 12:
                hh = 0
    day = ctx.dct
    if ctx.anchor is not None and ctx.anchor.granularity == "day" and c.start - ctx.anchor_end < 80:
        day = ctx.anchor.start
    return ctx.make(c, "TIME", f"{day.isoformat()}T{hh:02d}:{mi:02d}", cm.day_iv(day))


_SEASON_OK_BEFORE: Final = re.compile(
    r"\b(?:the|this|last|next|early|late|mid|that|in|during|since|until|by|coming|past|each|every|"
    r"of|through)[\s-]+$",
    I,
)


def check_season(text: str, m: re.Match[str]) -> bool:
    if m["y"] or m["the"]:
        return True
    return bool(_SEASON_OK_BEFORE.search(text[max(0, m.start() - 12) : m.start()]))


def r_season(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    code = SEASONS[m["s"].lower()]
    tense = ctx.tense(c.start, c.end)
    iv: Interval | None
    if m["y"]:
        year = int(m["y"])
        iv = cm.season_iv(year, code)
    else:
        got = choose(lambda k: cm.season_span(ctx.dct.year + k, code), "season", ctx.dct, tense, c.rel, closest=False)
        if got is None:
            return None
        iv = got[0]
        year = iv.start.year
    if iv is None:
        return None
    iv2, mod = finish(ctx, iv, c.mod, tense)
    return ctx.make(c, "DATE", f"{cm.fmt_year(year)}-{code}", iv2, mod=mod, tense=tense)


def r_holiday(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    name = " ".join(m["name"].lower().replace("’", "'").split())
    h = holidays().get(name)
    if h is None:
        return None
    tense = ctx.tense(c.start, c.end)
    if m["y"]:
        d = h.on(int(m["y"]))
        if d is None:
            return None
        iv = cm.day_iv(d)
    else:

        def gen(k: int) -> cm.Span | None:
            day = h.on(ctx.dct.year + k)
            return (day, day) if day else None

        got = choose(gen, "day", ctx.dct, tense, c.rel, closest=True)
        if got is None:
            return None
        iv = got[0]
    return ctx.make(c, "DATE", cm.fmt_day(iv.start), iv, tense=tense)


def r_occasion(ctx: Ctx, c: Candidate) -> Timex | None:
    m = c.match
    for series in numbered_series():
        if any(p is m.re for p in series.patterns):
            got = series.month_of(int(m["n"]))
            if got is None:
                return None
            iv = cm.month_iv(*got)
            if iv is None:
                return None
            return ctx.make(c, "DATE", cm.fmt_month(*got), iv)
    for meeting in annual_meetings():
        if any(p is m.re for p in meeting.patterns):
            tense = ctx.tense(c.start, c.end)
            month = meeting.month

            def gen(k: int, month: int = month) -> cm.Span | None:
                return cm.month_span(ctx.dct.year + k, month)

            pick = choose(gen, "month", ctx.dct, tense, c.rel, closest=True)
            if pick is None:
                return None
            return ctx.make(c, "DATE", _value_for(pick[0]), pick[0], tense=tense)
    return None


# ---------------------------------------------------------------------------------------------
# Patterns

_UNIT = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
_NUM = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD}|an?|{VAGUE})"
_WEEKDAY_LOWER = WEEKDAY.lower()

_P_ISO: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?\b")
_P_SLASH: Final = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")


def _letter_led(alternatives: list[str]) -> tuple[str, str]:
    """``\\b(?:a|b|...)`` for literal words (beginning with word characters), written to begin with a
    character class: the class of their first letters (with the word boundary as a look-behind), then
    the alternatives in their order, each without its first letter and guarded by a look-behind for
    it. The regex engine skips to the positions where a pattern beginning with a class can match,
    instead of trying each one (a gain where the class is rare: capitals, digits). Returns the lead
    (class and boundary) and the guarded alternation.
    """
    first = "".join(sorted({a[0] for a in alternatives}))
    lead = f"[{first}](?<!\\w[{first}])"
    return lead, "(?:" + "|".join(f"(?<={a[0]}){a[1:]}" for a in alternatives) + ")"


_MONTH_LEAD, _MONTH_FULL_REST = _letter_led(MONTH_FULL[3:-1].split("|"))
_MONTH_ABBR_REST = _letter_led(MONTH_ABBR[3:-1].split("|"))[1]
#: ``\b{MONTH}`` and ``\b{MONTH_FULL}`` in the faster form of :func:`_letter_led`.
_LED_MONTH = rf"{_MONTH_LEAD}(?:{_MONTH_FULL_REST}\b|{_MONTH_ABBR_REST}\b\.?)"
_LED_MONTH_FULL = _MONTH_LEAD + _MONTH_FULL_REST
_P_MDY: Final = re.compile(
    rf"(?P<mon>{_LED_MONTH})\s*(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    rf"(?![\d%]|[.,:/]\d|\s*(?:percent|per\s+cent)\b)(?:,?\s+(?P<year>\d{{4}})(?![\d%]))?"
)
# The day begins with its first digit (what "(?<![\d$.,])\b(?P<day>[12]\d|3[01]|0?[1-9])" tests before
# it is tested after it), in the faster form of _letter_led.
_P_DMY: Final = re.compile(
    r"(?P<day>[0-9](?<![\d$.,][0-9])(?<!\w[0-9])(?:(?<=[12])\d|(?<=3)[01]|(?<=0)[1-9]|(?<=[1-9])))"
    rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})"
    rf"(?:,?\s+(?P<year>\d{{4}})(?![\d%]))?"
)
_P_MY: Final = re.compile(rf"(?P<mon>{_LED_MONTH})(?:\s+of)?,?\s+(?P<year>\d{{4}})(?![\d%])")
_P_MONTH: Final = re.compile(rf"{_LED_MONTH_FULL}\b")
# The look-ahead for the characters a match can begin with ("the year", "fiscal", "FY", the year)
# only spares the look-behinds after it at every other position; it changes no match.
_P_YEAR: Final = re.compile(
    r"(?=[TtFf12])(?<![\w$#£€¥.,/+])(?<!\d[ .-])(?<!\d-)(?:[Tt]he\s+year\s+)?"
    r"(?P<fiscal>(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s*)?"
    r"(?P<year>1\d\d\d|20\d\d)(?![\w%/+]|[.,-]\d|\s\d)"
)
_DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
_P_DECADE: Final = re.compile(
    r"(?:\b[Tt]he\s+)?(?:(?<![\w$#£€¥.,])(?P<full>1\d\d0|20\d0)'?s|'(?P<short>\d)0s)\b"
    # "the nineties" (never "their forties", an age)
    rf"|\b[Tt]he\s+(?:(?:nineteen|eighteen)[\s-]+)?(?P<word>{'|'.join(_DECADE_WORDS)})\b"
)
_P_CENTURY: Final = re.compile(r"(?:\b[Tt]he\s+)?\b(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", I)
_LED_WEEKDAY = "".join(_letter_led(WEEKDAY[3:-1].split("|")))  # \b{WEEKDAY}
_P_WEEKDAY: Final = re.compile(rf"(?P<wd>{_LED_WEEKDAY})(?P<pl>s)?\b(?:\s+(?P<pod>morning|afternoon|evening|night))?")
_P_DEICTIC: Final = re.compile(
    r"\b(?:(?P<w>today|tonight|yesterday|tomorrow)\b(?:\s+(?P<pod>morning|afternoon|evening|night))?"
    r"|(?P<rel>this|last)\s+(?P<pod2>morning|afternoon|evening|night)\b)",
    I,
)
_REF_UNITS = r"\s+(?:days|weeks|months|quarters|years|decades)"
# "\b(?:(?:the\s+)?(?:coming|recent){_REF_UNITS}|now|currently|...|the\s+(?:near\s+)?future)\b(?![-'])"
# in the faster form of _letter_led (the optional "the" written out as an alternative of its own
# before the ones without it, the order in which the engine tries them).
_P_REF: Final = re.compile(
    r"[aceflnprst](?<!\w[aceflnprst])"
    rf"(?:(?<=t)he\s+(?:coming|recent){_REF_UNITS}|(?<=c)oming{_REF_UNITS}|(?<=r)ecent{_REF_UNITS}|(?<=n)ow|"
    r"(?<=c)urrently|(?<=n)owadays|(?<=a)t\s+present|(?<=a)t\s+the\s+moment|(?<=p)resently|(?<=c)urrent|"
    r"(?<=t)he\s+present|(?<=t)hese\s+days|(?<=r)ecently|(?<=l)ately|(?<=p)reviously|(?<=f)ormerly|"
    r"(?<=t)he\s+past|(?<=e)arlier|(?<=s)oon|(?<=t)he\s+(?:near\s+)?future)\b(?![-'])",
    I,
)
#: The first words of _P_REF's alternatives ("these days" and "the past" begin with "the",
#: "currently" with "current", ...).
_REF_LEADS: Final = (
    "the", "coming", "recent", "now", "current", "at", "presently", "lately", "previously", "formerly", "earlier",
    "soon",
)  # fmt: skip
#: The words of _P_UNIT_REL's look-ahead, one of which begins each match.
_UNIT_REL_LEADS: Final = (
    "the", "last", "past", "previous", "prior", "preceding", "next", "coming", "following", "this", "current",
    "latest", "most", "present", "upcoming", "full", "that", "same",
)  # fmt: skip
_P_UNIT_REL: Final = re.compile(
    # Without "the" or a relative word a unit names no date: such spans are not even proposed.
    r"\b(?=(?:the|last|past|previous|prior|preceding|next|coming|following|this|current|latest|most|present|"
    r"upcoming|full|that|same)\s)"
    r"(?:(?P<the>the)\s+)?(?:(?P<rel>last|past|previous|prior|preceding|next|coming|following|this|"
    r"current|latest|most\s+recent|present|upcoming|full|that|same)\s+)?(?:(?:fiscal|financial|calendar)\s+)?"
    r"(?P<unit>day|week|weekend|month|year|quarter|half|decade|century|period)\b(?!-\w)",
    I,
)
_P_QUARTER: Final = re.compile(
    r"\b(?:the\s+)?(?:(?P<yrel>this|last|next)\s+year's\s+|(?P<y1>\d{4})(?:'s)?\s+|fiscal\s+(?P<y2>\d{4})"
    r"(?:'s)?\s+)?(?:(?:fiscal|calendar|financial)\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
    r"[\s-]+(?P<kind>quarter|half)\b(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<y3>\d{4})|"
    r"(?P<yrel2>this|last|next)\s+year))?",
    I,
)
_P_YEAR_PERIOD: Final = re.compile(r"\b[Tt]he\s+(?P<y>1\d\d\d|20\d\d)(?:'s)?\s+(?P<noun>period|quarter)\b")
_P_YEAR_END: Final = re.compile(r"\b(?:the\s+)?(?:year[\s-]end|year's\s+end)\b(?!-)", I)
_P_Q: Final = re.compile(r"\bQ(?P<q>[1-4])(?:[\s-]+(?P<y>\d{4}|'\d\d))?\b")
_P_AGO: Final = re.compile(
    rf"\b(?:(?:about|nearly|almost|some|roughly|around|more\s+than|less\s+than|over|just|only)\s+)?"
    rf"(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})\s+(?P<dir>ago|earlier|later|before|after|hence|"
    rf"from\s+now|back|prior)\b",
    I,
)
_P_ADJ_AGO: Final = re.compile(
    r"\b(?:(?:the|a)\s+)?(?P<unit>year|month|quarter|week)-(?P<dir>earlier|ago)\b"
    r"(?:\s+(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+)?(?P<noun>quarter|period|month|year|week)\b)?",
    I,
)
_P_DURATION: Final = re.compile(
    rf"\b(?:(?P<the>the)\s+)?(?:(?P<rel>past|last|next|first|final|previous|coming|following|latest|"
    rf"recent|initial|remaining|same|succeeding|ensuing|preceding)\s+)?(?:(?P<approx>about|nearly|almost|"
    rf"some|roughly|around|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least|over|up\s+to|"
    rf"under|only|just)\s+)?(?P<num>{_NUM})[\s-]+(?:(?:more|additional|further|extra)\s+)?(?P<unit>{_UNIT})\b"
    rf"(?:-(?:long|old))?",
    I,
)
_P_SET: Final = re.compile(
    rf"\b(?:(?P<every>every|each|per)\s+(?P<other>other\s+)?(?:(?P<num>\d+|{NUMBER_WORD})\s+)?"
    rf"(?P<unit>second|minute|hour|day|night|week|weekend|month|quarter|year|decade|morning|evening|"
    rf"afternoon|summer|winter|spring|fall|autumn|{_WEEKDAY_LOWER})s?|(?P<every2>every|each)\s+(?P<mon>{MONTH_FULL})"
    rf"|(?P<adv>daily|weekly|monthly|"
    rf"yearly|hourly|nightly|biweekly|semiannually)|(?:once|twice|\w+\s+times)\s+"
    rf"(?:a|an|per|each|every)\s+(?P<unit2>day|week|month|year|decade|hour|minute))\b",
    I,
)
_P_BARE_UNITS: Final = re.compile(
    r"\b(?:for|over|within|than|in|take|takes|took|taken|last|lasted)\s+(?P<core>years|months|weeks|decades)\b"
    r"(?!\s+(?:of|ago|old|earlier|later|before|after)\b)",
    I,
)
_P_SPOKEN_YEAR: Final = re.compile(
    rf"\b(?:the\s+year\s+)?(?:(?P<head>nineteen|eighteen|twenty)\s+(?P<tail>{NUMBER_WORD})|"
    rf"(?P<thousand>two\s+thousand)(?:\s+and\s+(?P<rest>{NUMBER_WORD}))?)\b(?!\s+(?:{_UNIT}|people|percent))",
    I,
)
_TZ = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST|ET|PT)"
# The same look-ahead as _P_YEAR's: the characters a match can begin with (an hour's digit, "noon", "mid...").
_P_TIME: Final = re.compile(
    rf"(?=[\dnm])(?<![\w:.])(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[aApP])\.?\s?[mM]\b\.?"
    rf"(?:\s+\(?{_TZ}\)?)?|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\s+\(?{_TZ}\b\)?|"
    rf"(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)\s+(?:GMT|UTC)\b|(?P<word>noon|midnight|midday)\b)"
)
_P_SEASON: Final = re.compile(
    r"\b(?:(?P<the>the)\s+)?(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>\d{4})\b)?", I
)


def _iso_run(text: str, a: int, b: int) -> bool:
    return b - a == 4 and text.startswith("-", b)


def _slash_run(text: str, a: int, b: int) -> bool:
    return b - a <= 2 and text.startswith("/", b)


def _year_run(text: str, a: int, b: int) -> bool:
    return b - a == 4


def _clock_run(text: str, a: int, b: int) -> bool:
    nxt = text[b : b + 1]
    return (b - a <= 2 and (nxt in (":", ".", "a", "p", "A", "P") or nxt.isspace())) or (b - a == 4 and nxt.isspace())


_UNIT_FORMS: Final = frozenset(
    f"{u}{p}" for u in ("second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month",
                         "quarter", "year", "decade", "century") for p in ("", "s")
) | {"centuries"}  # fmt: skip
_UNIT_REL_WORDS: Final = frozenset(
    [
        "the",
        "last",
        "past",
        "previous",
        "prior",
        "preceding",
        "next",
        "coming",
        "following",
        "this",
        "current",
        "latest",
        "recent",
        "present",
        "upcoming",
        "full",
        "that",
        "same",
        "fiscal",
        "financial",
        "calendar",
    ]
)
_COUNT_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "few",
        "several",
        "some",
        "many",
        "of",
        "more",
        "additional",
        "further",
        "extra",
        "hundred",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
    ]
)
_MONTH_TRIGGERS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNIT_TRIGGERS = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year",
                  "decade", "centur")  # fmt: skip


def _build() -> tuple[Rule, ...]:
    set_triggers = ("every", "each", "per", "daily", "weekly", "monthly", "yearly", "hourly", "nightly",
                    "semiannually", "once", "twice", "times")  # fmt: skip
    ago_triggers = ("ago", "earlier", "later", "before", "after", "hence", "from now", "back", "prior")
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    deictic = ("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night")
    ref = ("now", "current", "present", "days", "recent", "lately", "previous", "formerly", "past", "earlier",
           "future", "coming", "moment", "soon")  # fmt: skip
    rules = [
        Rule("iso", _P_ISO, r_iso, digits=True, triggers=(), pure=True, reach=(0, 12), digit_ok=_iso_run),
        Rule("slash", _P_SLASH, r_slash, digits=True, triggers=(), pure=True, reach=(0, 12), digit_ok=_slash_run),
        Rule("quarter", _P_QUARTER, r_quarter, 1, triggers=("quarter", "half"), pure=True, reach=(50, 28)),
        Rule("q", _P_Q, r_q, triggers=("Q",), cased=True, pure=True, reach=(0, 8)),
        Rule("month_day", _P_MDY, r_month_day, 2, triggers=_MONTH_TRIGGERS, cased=True, pure=True, reach=(0, 24)),
        Rule("day_month", _P_DMY, r_month_day, 2, triggers=_MONTH_TRIGGERS, cased=True, pure=True, reach=(10, 24)),
        Rule("month_year", _P_MY, r_month_year, 1, triggers=_MONTH_TRIGGERS, cased=True, pure=True, reach=(0, 24)),
        Rule("ago", _P_AGO, r_ago, 0, check_ago, ago_triggers, reach=(52, 4), before_words=_UNIT_FORMS),
        Rule("adj_ago", _P_ADJ_AGO, r_adj_ago, triggers=("-earlier", "-ago"), reach=(16, 24)),
        Rule("set", _P_SET, r_set, triggers=set_triggers, reach=(24, 40)),
        Rule("unit_rel", _P_UNIT_REL, r_unit_rel, 1, triggers=(*_UNIT_TRIGGERS, "half", "period"), reach=(36, 8),
             before_words=_UNIT_REL_WORDS, leads=_UNIT_REL_LEADS),
        Rule("duration", _P_DURATION, r_duration, 0, check_duration, _UNIT_TRIGGERS, reach=(46, 14),
             before_words=_COUNT_WORDS, number_before=True),
        Rule("bare_units", _P_BARE_UNITS, r_bare_units, triggers=("years", "months", "weeks", "decades"),
             reach=(12, 4)),
        Rule("spoken_year", _P_SPOKEN_YEAR, r_spoken_year, 1, triggers=("nineteen", "eighteen", "twenty", "thousand"),
             pure=True, reach=(16, 28)),
        Rule("century", _P_CENTURY, r_century, 1, triggers=("century",), pure=True, reach=(12, 2)),
        Rule("decade", _P_DECADE, r_decade, 1, triggers=("0s", "0's", *_DECADE_WORDS), pure=True, reach=(24, 2)),
        Rule("year", _P_YEAR, r_year, 1, check_year, (), digits=True, pure=True, reach=(24, 2), digit_ok=_year_run),
        Rule("year_period", _P_YEAR_PERIOD, r_year_period, triggers=("period", "quarter"), reach=(12, 8)),
        Rule("year_end", _P_YEAR_END, r_year_end, 0, check_year_end, ("year-end", "year end", "year's end"),
             reach=(4, 4)),
        Rule("season", _P_SEASON, r_season, 2, check_season, ("spring", "summer", "fall", "autumn", "winter"),
             pure=True, reach=(4, 10)),
        Rule("weekday", _P_WEEKDAY, r_weekday, 2, check_weekday, weekdays, cased=True, reach=(0, 14)),
        Rule("deictic", _P_DEICTIC, r_deictic, triggers=deictic, pure=True, reach=(6, 12)),
        Rule("time", _P_TIME, r_time, triggers=("noon", "midnight", "midday"), digits=True, reach=(0, 20),
             digit_ok=_clock_run),
        Rule("month", _P_MONTH, r_month, 2, check_month, _MONTH_TRIGGERS, cased=True, pure=True, reach=(0, 10)),
        Rule("ref", _P_REF, r_ref, 0, check_ref, ref, pure=True, reach=(16, 16), leads=_REF_LEADS),
    ]  # fmt: skip
    hp = holiday_pattern()
    if hp is not None:
        rules.insert(0, Rule("holiday", hp, r_holiday, 2, triggers=holiday_triggers(), pure=True, reach=(0, 40)))
    # Occasion patterns come from the resource table; each gets its own rule entry.
    occ = [(p, s.triggers) for s in numbered_series() for p in s.patterns]
    occ += [(p, a.triggers) for a in annual_meetings() for p in a.patterns]
    return tuple([Rule("occasion", p, r_occasion, 2, triggers=t) for p, t in occ] + rules)


RULES: tuple[Rule, ...] = _build()

__all__ = ["RULES", "Rule", "choose", "find_prefix", "mod_code"]
