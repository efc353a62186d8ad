"""Records shared by every layer: articles, spans of text, time intervals, participants, events.

All records are frozen dataclasses so that a view can hold them without fearing that another part
of the program changes them underneath it. Offsets are always Python ``str`` indices into the whole
decoded file text of the article they point into, so ``article.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

Granularity = Literal["day", "week", "month", "season", "quarter", "year", "decade", "unknown"]
GRANULARITIES: tuple[str, ...] = ("day", "week", "month", "season", "quarter", "year", "decade", "unknown")

ParticipantKind = Literal["country", "person", "organization", "place", "group"]

#: How an event stands in time relative to its report.
STATUSES: tuple[str, ...] = ("happened", "ongoing", "scheduled", "expected", "possible", "denied")

#: A participant's part in one event.
ROLES: tuple[str, ...] = ("host", "attendee", "speaker", "target", "absent", "initiator", "mentioned")


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be (fully) used, and why, in words a user understands."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading line of an article, as offsets into the file text."""

    start: int
    end: int
    kind: Literal["paragraph", "heading"]


@dataclass(frozen=True, slots=True)
class Article:
    """One decoded news article.

    ``text`` is the whole decoded file (header included) so that offsets into it are offsets into
    the file a user can open; ``body_start`` is where the body begins after the date header.
    """

    file: str
    path: str
    id: str
    published: dt.date
    text: str
    body_start: int
    blocks: tuple[Block, ...]
    place: str | None = None
    agency: str | None = None
    dateline: tuple[int, int] | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True, slots=True)
class Span:
    """An exact span of an article's text."""

    file: str
    start: int
    end: int
    text: str
    article_id: str = ""

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "start": self.start, "end": self.end, "text": self.text}


def check_interval(start: dt.date, end: dt.date) -> None:
    """Raise ValueError unless ``start <= end``: the one rule of an :class:`Interval`, also for the
    constructors that set its slots directly."""
    if start > end:
        raise ValueError(f"interval starts after it ends: {start} > {end}")


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed date interval with the granularity the text gave it."""

    start: dt.date
    end: dt.date
    granularity: Granularity

    def __post_init__(self) -> None:
        check_interval(self.start, self.end)

    @property
    def is_point(self) -> bool:
        return self.start == self.end and self.granularity != "unknown"

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone or something taking part in an event, with its part in it."""

    name: str
    kind: ParticipantKind
    role: str | None = None
    affiliation: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "affiliation": self.affiliation}


@dataclass(frozen=True, slots=True)
class DatedSource:
    """The date one source gives for an event; kept when sources disagree."""

    file: str
    interval: Interval
    date_text: str


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is scheduled, expected, denied...) as reported by the sources."""

    id: str
    title: str
    type: str
    status: str
    interval: Interval
    date_text: str
    place: str | None
    participants: tuple[Participant, ...]
    trigger: Span | None
    quotes: tuple[Span, ...]
    speaker: str | None = None
    mentions: tuple[Span, ...] = field(default=())
    date_span: Span | None = None
    disputed: bool = False
    sources: tuple[DatedSource, ...] = field(default=())

    @property
    def files(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for q in self.quotes:
            seen.setdefault(q.file, None)
        return tuple(seen)

    def to_json(self) -> dict[str, object]:
        """The ``extract --format json`` shape of one event (a stable contract)."""
        out: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "type": self.type,
            "status": self.status,
            "start": self.interval.start.isoformat(),
            "end": self.interval.end.isoformat(),
            "granularity": self.interval.granularity,
            "date_text": self.date_text,
            "place": self.place,
            "participants": [p.to_json() for p in self.participants],
            "trigger": self.trigger.to_json() if self.trigger else None,
            "quotes": [q.to_json() for q in self.quotes],
        }
        if self.speaker:
            out["speaker"] = self.speaker
        if self.disputed:
            out["disputed"] = True
            out["source_dates"] = [
                {
                    "file": s.file,
                    "start": s.interval.start.isoformat(),
                    "end": s.interval.end.isoformat(),
                    "granularity": s.interval.granularity,
                    "date_text": s.date_text,
                }
                for s in self.sources
            ]
        return out


_R = TypeVar("_R")


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the slots of the frozen, slotted dataclass ``cls``, in field order: they set a
    field without going through the frozen class's ``__setattr__``. No ``__post_init__`` runs
    through them, so they are refused for a class that has one."""
    if getattr(cls, "__post_init__", None) is not None:
        raise TypeError(f"{cls.__name__} validates in __post_init__: build it the ordinary way")
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


def positional_maker(cls: type[_R]) -> Callable[..., _R]:
    """A constructor of the frozen, slotted dataclass ``cls`` that takes every field positionally,
    in declaration order, and sets the slots directly.

    The generated ``__init__`` of a frozen dataclass goes through ``object.__setattr__`` for each
    field; setting the slots through their descriptors costs about half as much, which counts
    where records are built by the thousand. No ``__post_init__`` runs: only for classes without one.
    """
    if getattr(cls, "__mypyc_attrs__", None) is not None:
        # A class of the compiled build (see timeline_gui.core.compiled): its constructor is C
        # already, and its instances cannot be made with object.__new__.
        return cls
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for name, setter in zip(names, slot_setters(cls), strict=True):
        scope["_set_" + name] = setter
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    exec(f"def make({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", scope)
    maker: Callable[..., _R] = scope["make"]
    maker.__name__ = maker.__qualname__ = f"make_{cls.__name__}"
    return maker
