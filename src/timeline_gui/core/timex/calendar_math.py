"""Calendar arithmetic that never raises: intervals for years, months, quarters, seasons, weeks,
decades, modifiers that narrow them, and TimeML value formatting.

Every helper returns ``None`` when the result would fall outside ``datetime.date``'s range (years
1..9999), so the tagger skips such an expression instead of failing on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from timeline_gui.core.model import Granularity, Interval, check_interval

MIN_YEAR = 1
MAX_YEAR = 9999

# Final, so that the compiled module reads them as constants, not from its globals dictionary.
_new_object: Final[Callable[[type[Interval]], Interval]] = object.__new__
# The slots' descriptors set the fields without going through the frozen class's __setattr__
# (model.slot_setters, which refuses Interval for its __post_init__: new_interval makes its check).
_set_start: Final[Callable[[Interval, dt.date], None]] = vars(Interval)["start"].__set__
_set_end: Final[Callable[[Interval, dt.date], None]] = vars(Interval)["end"].__set__
_set_granularity: Final[Callable[[Interval, Any], None]] = vars(Interval)["granularity"].__set__


def new_interval(start: dt.date, end: dt.date, granularity: Granularity) -> Interval:
    """``Interval(start, end, granularity)``, with the same check, at a fraction of the cost of the
    frozen dataclass's ``__init__`` and ``__post_init__`` (tagging makes dozens per article)."""
    if start > end:  # the model's own check (and message), called only where it fails: it is no native code
        check_interval(start, end)
    iv = _new_object(Interval)
    _set_start(iv, start)
    _set_end(iv, end)
    _set_granularity(iv, granularity)
    return iv


_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """The number of days of ``month`` (1..12) of ``year``: ``calendar.monthrange(year, month)[1]``,
    as native arithmetic rather than the calendar module's interpreted code."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``date(year, month, day)`` or ``None`` when it does not exist."""
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def shift(d: dt.date, *, days: int = 0, weeks: int = 0, months: int = 0, years: int = 0) -> dt.date | None:
    """``d`` moved by calendar years and months (the day kept, or the month's last day where it has
    fewer, as ``dateutil.relativedelta`` does), then by days and weeks; ``None`` past the ends of
    the calendar.

    Written out rather than built from a ``relativedelta``: the tagger shifts dates for nearly
    every expression, and the general object costs ten times as much as this arithmetic.
    """
    try:
        if months or years:
            y, m = divmod(d.year * 12 + d.month - 1 + months + 12 * years, 12)
            if not MIN_YEAR <= y <= MAX_YEAR:
                return None
            d = d.replace(year=y, month=m + 1, day=min(d.day, month_days(y, m + 1)))
        if days or weeks:
            d = d + dt.timedelta(days=days + 7 * weeks)
    except (ValueError, OverflowError):
        return None
    return d


def day_iv(d: dt.date) -> Interval:
    return new_interval(d, d, "day")


def year_iv(year: int) -> Interval | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return new_interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


#: A stretch of days, first and last: what :func:`rules.choose` weighs before it makes the one
#: :class:`Interval` it picks.
Span = tuple[dt.date, dt.date]


def month_span(year: int, month: int) -> Span | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1), dt.date(year, month, month_days(year, month))


def month_iv(year: int, month: int) -> Interval | None:
    span = month_span(year, month)
    return None if span is None else new_interval(span[0], span[1], "month")


def quarter_iv(year: int, q: int) -> Interval | None:
    first = month_span(year, 3 * q - 2)
    last = month_span(year, 3 * q)
    if first is None or last is None:
        return None
    return new_interval(first[0], last[1], "quarter")


def half_iv(year: int, h: int) -> Interval | None:
    first = month_span(year, 6 * h - 5)
    last = month_span(year, 6 * h)
    if first is None or last is None:
        return None
    return new_interval(first[0], last[1], "season")


#: Meteorological seasons (northern hemisphere): first month and length in months.
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_span(year: int, code: str) -> Span | None:
    """Season ``code`` of ``year``; winter runs from December of ``year`` into the next year."""
    start = safe_date(year, _SEASON_START[code], 1)
    if start is None:
        return None
    after = shift(start, months=3)
    if after is None:
        return None
    end = after - dt.timedelta(days=1)
    return None if start > end else (start, end)


def season_iv(year: int, code: str) -> Interval | None:
    """Season ``code`` of ``year`` (see :func:`season_span`)."""
    span = season_span(year, code)
    return None if span is None else new_interval(span[0], span[1], "season")


def week_iv(d: dt.date) -> Interval | None:
    """The ISO week (Monday..Sunday) containing ``d``."""
    try:
        start = d - dt.timedelta(days=d.weekday())
        end = start + dt.timedelta(days=6)
    except OverflowError:
        return None
    return new_interval(start, end, "week")


def weekend_span(d: dt.date) -> Span | None:
    """Saturday and Sunday of the ISO week containing ``d``."""
    try:
        sat = d + dt.timedelta(days=5 - d.weekday())
        sun = sat + dt.timedelta(days=1)
    except OverflowError:
        return None
    return sat, sun


def weekend_iv(d: dt.date) -> Interval | None:
    """Saturday and Sunday of the ISO week containing ``d``."""
    span = weekend_span(d)
    return None if span is None else new_interval(span[0], span[1], "week")


def decade_iv(first_year: int) -> Interval | None:
    a = year_iv(first_year)
    b = year_iv(min(first_year + 9, MAX_YEAR))
    if a is None or b is None:
        return None
    return new_interval(a.start, b.end, "decade")


def century_iv(first_year: int) -> Interval | None:
    a = year_iv(max(first_year, MIN_YEAR))
    b = year_iv(min(first_year + 99, MAX_YEAR))
    if a is None or b is None:
        return None
    return new_interval(a.start, b.end, "decade")


#: Granularity of a third of an interval of a given granularity.
_FINER: dict[str, Granularity] = {
    "decade": "year", "year": "season", "season": "month", "quarter": "month", "month": "week",
    "week": "day", "day": "day", "unknown": "unknown",
}  # fmt: skip


def apply_mod(iv: Interval, mod: str | None) -> Interval:
    """Narrow ``iv`` to its START / MID / END part (or first / second half).

    A year splits into four-month thirds ("late 2020" is September to December), a decade into
    years 0-3, 3-6, 7-9; anything else into thirds by days.
    """
    if mod is None or mod not in ("START", "MID", "END", "H1", "H2"):
        return iv
    gran = _FINER[iv.granularity]
    if mod in ("H1", "H2"):
        days = (iv.end - iv.start).days + 1
        mid = iv.start + dt.timedelta(days=days // 2)
        if mod == "H1":
            return new_interval(iv.start, max(iv.start, mid - dt.timedelta(days=1)), gran)
        return new_interval(mid, iv.end, gran)
    if iv.granularity == "year":
        y = iv.start.year
        bounds = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        a, b = month_span(y, bounds[0]), month_span(y, bounds[1])
        if a is not None and b is not None:
            return new_interval(a[0], b[1], "season")
    if iv.granularity == "decade" and iv.end.year - iv.start.year == 9:
        y0 = iv.start.year
        years = {"START": (0, 3), "MID": (3, 6), "END": (7, 9)}[mod]
        a2, b2 = year_iv(y0 + years[0]), year_iv(y0 + years[1])
        if a2 is not None and b2 is not None:
            return new_interval(a2.start, b2.end, "year")
    days = (iv.end - iv.start).days + 1
    third = max(days // 3, 1)
    if mod == "START":
        return new_interval(iv.start, min(iv.end, iv.start + dt.timedelta(days=third - 1)), gran)
    if mod == "END":
        return new_interval(max(iv.start, iv.end - dt.timedelta(days=third - 1)), iv.end, gran)
    lo = min(iv.end, iv.start + dt.timedelta(days=third))
    hi = max(lo, min(iv.end, iv.start + dt.timedelta(days=2 * third - 1)))
    return new_interval(lo, hi, gran)


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def fmt_year(year: int) -> str:
    return f"{year:04d}"


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def unknown_past(dct: dt.date) -> Interval:
    """An unplaceable past reference: the year up to the publication date."""
    start = shift(dct, years=-1) or dct
    return new_interval(start, dct, "unknown")


def unknown_future(dct: dt.date) -> Interval:
    end = shift(dct, years=1) or dct
    return new_interval(dct, end, "unknown")
