"""Data exports of a corpus: the ``extract`` JSON contract, CSV (one row per event) and TimelineJS3 JSON.

Text from articles is written as data, never as markup: TimelineJS renders HTML, so every string
that goes into its ``text`` fields is HTML-escaped, and CSV cells that a spreadsheet would run as
a formula are neutralised. Each function takes an optional ``events`` subset so that the window
can export what it shows (its filter) with the same code the command line uses.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
from collections.abc import Sequence
from typing import Any, Literal

from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Event
from timeline_gui.core.safewrite import write_text

DataFormat = Literal["json", "csv", "timelinejs"]
DATA_FORMATS: tuple[DataFormat, ...] = ("json", "csv", "timelinejs")

CSV_COLUMNS = (
    "id", "start", "end", "granularity", "date_text", "status", "type", "title", "place",
    "participants", "files", "quotes", "disputed",
)


def _events(corpus: Corpus, events: Sequence[Event] | None) -> Sequence[Event]:
    return corpus.events if events is None else events


def corpus_to_json(corpus: Corpus, events: Sequence[Event] | None = None) -> dict[str, Any]:
    """The ``timeline-gui extract --format json`` object."""
    return {
        "articles": [
            {"file": a.file, "id": a.id, "published": a.published.isoformat(), "place": a.place, "agency": a.agency}
            for a in corpus.articles
        ],
        "events": [e.to_json() for e in _events(corpus, events)],
        "problems": [{"file": p.file, "reason": p.reason} for p in corpus.problems],
    }


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs; a leading
    # apostrophe keeps hostile article text inert when the CSV is opened there.
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def event_row(e: Event) -> list[str]:
    """One CSV row for an event, in :data:`CSV_COLUMNS` order."""
    parts = "; ".join(f"{p.name} ({p.role})" if p.role else p.name for p in e.participants)
    return [
        e.id,
        e.interval.start.isoformat(),
        e.interval.end.isoformat(),
        e.interval.granularity,
        e.date_text,
        e.status,
        e.type,
        e.title,
        e.place or "",
        parts,
        "; ".join(e.files),
        " | ".join(q.text for q in e.quotes),
        "yes" if e.disputed else "",
    ]


def corpus_to_csv(corpus: Corpus, events: Sequence[Event] | None = None) -> str:
    """Every event as one CSV row, with a header row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in _events(corpus, events):
        w.writerow([_csv_cell(c) for c in event_row(e)])
    return buf.getvalue()


def _tl_date(d: dt.date) -> dict[str, int]:
    return {"year": d.year, "month": d.month, "day": d.day}


def corpus_to_timelinejs(corpus: Corpus, events: Sequence[Event] | None = None) -> dict[str, Any]:
    """TimelineJS3 JSON, so that the timeline can be published on the web.

    Every string from an article is HTML-escaped because TimelineJS inserts these fields as HTML.
    """
    items = []
    for e in _events(corpus, events):
        main = next((p.name for p in e.participants if p.kind == "country"), None)
        body = "<br>".join(
            f"&ldquo;{html.escape(q.text)}&rdquo; <i>({html.escape(q.file)})</i>" for q in e.quotes
        )
        item: dict[str, Any] = {
            "start_date": _tl_date(e.interval.start),
            "end_date": _tl_date(e.interval.end),
            "text": {"headline": html.escape(e.title), "text": body},
            "group": main or e.type,
            "unique_id": e.id,
        }
        if e.interval.granularity not in ("day", "unknown"):
            item["display_date"] = html.escape(e.date_text or e.interval.granularity)
        items.append(item)
    n = len(corpus.articles)
    about = f"{n} article{'s' if n != 1 else ''}"
    if corpus.articles:
        first = min(a.published for a in corpus.articles)
        last = max(a.published for a in corpus.articles)
        about += f" published {first.isoformat()}" + (f" to {last.isoformat()}" if last != first else "")
    return {"title": {"text": {"headline": "Timeline", "text": html.escape(about)}}, "events": items}


def render_data(corpus: Corpus, fmt: DataFormat, events: Sequence[Event] | None = None) -> str:
    """The text of one data export, exactly as ``timeline-gui extract --format FMT`` prints it."""
    if fmt == "json":
        text = json.dumps(corpus_to_json(corpus, events), ensure_ascii=False, indent=1)
    elif fmt == "csv":
        text = corpus_to_csv(corpus, events)
    elif fmt == "timelinejs":
        text = json.dumps(corpus_to_timelinejs(corpus, events), ensure_ascii=False, indent=1)
    else:
        raise ValueError(f"unknown data format {fmt!r}; expected one of {', '.join(DATA_FORMATS)}")
    return text if text.endswith("\n") else text + "\n"


def write_data(
    corpus: Corpus, path: str | os.PathLike[str], fmt: DataFormat, events: Sequence[Event] | None = None
) -> None:
    """Write one data export safely (temporary file, then rename); raises ``SafeWriteError``."""
    write_text(path, render_data(corpus, fmt, events))
