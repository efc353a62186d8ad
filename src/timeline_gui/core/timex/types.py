"""The record a time expression becomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from timeline_gui.core.model import Interval, positional_maker


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text.

    ``value`` is a TimeML TIMEX3 value (``2024-10-18``, ``2024-09``, ``2020``, ``2024-W42``,
    ``P3D``, ``PRESENT_REF``...). ``interval`` is what the timeline draws (``None`` for durations
    and sets that do not name a stretch of the calendar). ``tense`` is the cue that resolved a
    relative expression ("past", "future", "present" or ``None``).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    interval: Interval | None = None
    mod: str | None = None
    tense: str | None = None
    anchored: bool = True

    # Written out so that the compiled build makes it native code instead of running the
    # dataclass's generated Python ``__init__``.
    def __init__(self, start: int, end: int, text: str, type: str, value: str, interval: Interval | None = None,
                 mod: str | None = None, tense: str | None = None, anchored: bool = True) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "interval", interval)
        object.__setattr__(self, "mod", mod)
        object.__setattr__(self, "tense", tense)
        object.__setattr__(self, "anchored", anchored)

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}


#: ``Timex(...)`` with every field given in order, without the cost of a frozen dataclass's
#: ``__init__``: tagging builds one record per expression, many thousands on long texts.
new_timex: Callable[..., Timex] = positional_maker(Timex)
