"""Placeholder tagger: ISO dates only; the full rule set replaces this module."""

from __future__ import annotations

import datetime as dt
import re

from timeline_gui.core.model import Interval
from timeline_gui.core.timex.types import Timex

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def tag(text: str, dct: dt.date) -> list[Timex]:
    out: list[Timex] = []
    for m in _ISO.finditer(text):
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        out.append(Timex(m.start(), m.end(), m[0], "DATE", d.isoformat(), Interval(d, d, "day")))
    return out
