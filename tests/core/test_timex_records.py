"""The tagger's fast record makers build what the records' own constructors build."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from timeline_gui.core.model import Interval
from timeline_gui.core.timex.calendar_math import new_interval


def test_new_interval_is_an_interval_and_checks_like_one() -> None:
    a, b = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
    made = new_interval(a, b, "month")
    assert type(made) is Interval and made == Interval(a, b, "month") and hash(made) == hash(Interval(a, b, "month"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = b  # type: ignore[misc]
    with pytest.raises(ValueError) as slow:
        Interval(b, a, "day")
    with pytest.raises(ValueError) as fast:
        new_interval(b, a, "day")
    assert str(fast.value) == str(slow.value)
