"""Placeholder merge: keeps every event; the full cross-article merge replaces this module."""

from __future__ import annotations

from collections.abc import Iterable

from timeline_gui.core.model import Event


def merge_events(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.interval.start, e.interval.end, e.id))
