"""The record a time expression becomes."""

from __future__ import annotations

from dataclasses import dataclass

from timeline_gui.core.model import Interval


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

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}


_SET_START, _SET_END, _SET_TEXT, _SET_TYPE, _SET_VALUE, _SET_INTERVAL, _SET_MOD, _SET_TENSE, _SET_ANCHORED = (
    getattr(Timex, name).__set__
    for name in ("start", "end", "text", "type", "value", "interval", "mod", "tense", "anchored")
)
_new = object.__new__
# In the compiled build (timeline_gui.core.compiled) Timex is a native class: object.__new__ cannot
# make one, and its own constructor is the fast way.
_NATIVE = getattr(Timex, "__mypyc_attrs__", None) is not None


def new_timex(
    start: int,
    end: int,
    text: str,
    type_: str,
    value: str,
    interval: Interval | None,
    mod: str | None,
    tense: str | None,
    anchored: bool,
) -> Timex:
    """``Timex(...)`` without the cost of a frozen dataclass's ``__init__`` (which sets every field
    through ``object.__setattr__``); tagging builds one record per expression, many thousands on
    long texts."""
    if _NATIVE:
        return Timex(start, end, text, type_, value, interval, mod, tense, anchored)
    t: Timex = _new(Timex)
    _SET_START(t, start)
    _SET_END(t, end)
    _SET_TEXT(t, text)
    _SET_TYPE(t, type_)
    _SET_VALUE(t, value)
    _SET_INTERVAL(t, interval)
    _SET_MOD(t, mod)
    _SET_TENSE(t, tense)
    _SET_ANCHORED(t, anchored)
    return t
