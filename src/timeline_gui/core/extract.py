"""Placeholder extractor: one undated event per paragraph; the full extractor replaces this module."""

from __future__ import annotations

import datetime as dt

from timeline_gui.core.model import Article, Event, Interval, Span


def extract_article(article: Article) -> list[Event]:
    events: list[Event] = []
    for i, b in enumerate(article.blocks):
        if b.kind != "paragraph":
            continue
        q = Span(article.file, b.start, b.end, article.text[b.start : b.end], article.id)
        iv = Interval(article.published - dt.timedelta(days=365), article.published, "unknown")
        events.append(Event(f"{article.id}-{i}", q.text[:80], "statement", "happened", iv, "", None, (), None, (q,)))
    return events
