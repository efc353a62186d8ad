"""Named occasions and holidays whose date follows from the name, read from ``resources/``.

``resources/occasions.json`` holds numbered series (a UN General Assembly session, a climate COP)
keyed by number, with a rule for numbers past the table, and annual meetings that recur in a known
month; ``resources/timex_holidays.json`` holds named days. Each entry names its source.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta, weekday

from timeline_gui.core.resources import resource


@dataclass(frozen=True, slots=True)
class NumberedSeries:
    """A series of meetings identified by an ordinal ("COP 29", "the 79th session ...")."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    table: dict[int, tuple[int, int]]
    year_offset: int
    month: int
    source: str
    triggers: tuple[str, ...] | None = None

    def month_of(self, n: int) -> tuple[int, int] | None:
        """(year, month) the ``n``-th meeting opened in, or ``None`` for impossible numbers."""
        if n <= 0:
            return None
        if n in self.table:
            return self.table[n]
        year = n + self.year_offset
        if not 1 <= year <= 9999:
            return None
        return year, self.month


@dataclass(frozen=True, slots=True)
class AnnualMeeting:
    """A meeting held every year in the same month."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    month: int
    source: str
    triggers: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Holiday:
    """A named day of the year computed by a rule."""

    names: tuple[str, ...]
    kind: str
    month: int = 0
    day: int = 0
    weekday: int = 0
    n: int = 0
    offset: int = 0

    def on(self, year: int) -> dt.date | None:
        """The holiday's date in ``year`` (``None`` outside the calendar)."""
        if not 1 <= year <= 9999:
            return None
        try:
            if self.kind == "fixed":
                return dt.date(year, self.month, self.day)
            if self.kind == "nth_weekday":
                first = dt.date(year, self.month, 1)
                wd = weekday(self.weekday)
                if self.n > 0:
                    out: dt.date = first + relativedelta(weekday=wd(self.n))
                    return out
                last: dt.date = first + relativedelta(day=31, weekday=wd(-1))
                return last
            if self.kind == "easter":
                sunday: dt.date = easter(year)
                return sunday + dt.timedelta(days=self.offset)
        except (ValueError, OverflowError):
            return None
        return None


def _load(name: str) -> dict[str, Any]:
    try:
        with resource(name).open(encoding="utf-8") as f:
            data: dict[str, Any] = json.load(f)
    except (OSError, FileNotFoundError, json.JSONDecodeError):
        return {}
    return data


def _triggers(entry: dict[str, Any]) -> tuple[str, ...] | None:
    """Lower-case words one of which every mention contains; ``None`` to scan every text."""
    words = entry.get("triggers")
    return tuple(w.lower() for w in words) if words else None


def _ym(s: str) -> tuple[int, int]:
    y, _, m = s.partition("-")
    return int(y), int(m)


@cache
def numbered_series() -> tuple[NumberedSeries, ...]:
    data = _load("occasions.json")
    out = []
    for e in data.get("numbered", []):
        out.append(
            NumberedSeries(
                name=e["name"],
                patterns=tuple(re.compile(p) for p in e["patterns"]),
                table={int(k): _ym(v) for k, v in e.get("table", {}).items()},
                year_offset=int(e["rule"]["year_offset"]),
                month=int(e["rule"]["month"]),
                source=e.get("source", ""),
                triggers=_triggers(e),
            )
        )
    return tuple(out)


@cache
def annual_meetings() -> tuple[AnnualMeeting, ...]:
    data = _load("occasions.json")
    return tuple(
        AnnualMeeting(
            name=e["name"],
            patterns=tuple(re.compile(p) for p in e["patterns"]),
            month=int(e["month"]),
            source=e.get("source", ""),
            triggers=_triggers(e),
        )
        for e in data.get("annual", [])
    )


@cache
def holidays() -> dict[str, Holiday]:
    """Holiday by lower-cased name."""
    data = _load("timex_holidays.json")
    out: dict[str, Holiday] = {}
    for e in data.get("days", []):
        h = Holiday(
            names=tuple(e["names"]),
            kind=e["kind"],
            month=int(e.get("month", 0)),
            day=int(e.get("day", 0)),
            weekday=int(e.get("weekday", 0)),
            n=int(e.get("n", 0)),
            offset=int(e.get("offset", 0)),
        )
        for name in h.names:
            out[name.lower()] = h
    return out


@cache
def holiday_triggers() -> tuple[str, ...]:
    """The first word of every holiday name, lower-cased."""
    return tuple(sorted({n.split()[0].split("'")[0] for n in holidays()}))


@cache
def holiday_pattern() -> re.Pattern[str] | None:
    """One alternation over every holiday name, longest first, with an optional year after it."""
    names = sorted(holidays(), key=len, reverse=True)
    if not names:
        return None
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]") for n in names)
    return re.compile(rf"\b(?P<name>{alts})(?![\w'])(?:,?\s+(?P<y>\d{{4}})\b)?", re.IGNORECASE)
