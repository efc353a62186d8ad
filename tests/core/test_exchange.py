"""Data exports: the extract JSON schema, CSV (one row per event, formulas neutralised) and
TimelineJS3 JSON (its shape, HTML-escaped text)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from timeline_gui.core import exchange as XC
from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import (
    Article,
    DatedSource,
    Event,
    Interval,
    Participant,
    Problem,
    Span,
)
from timeline_gui.core.safewrite import SafeWriteError

D = dt.date
TEXT = " date 2024-10-18 ISTANBUL, October 18. /TASS/. Lavrov met Fidan. =HYPERLINK(\"http://x\")"


def corpus() -> Corpus:
    a = Article("a.txt", "/v/a.txt", "aid", D(2024, 10, 18), TEXT, 17, (), "Istanbul", "TASS")
    b = Article("b.txt", "/v/b.txt", "bid", D(2022, 3, 16), " date 2022-03-16 Other.", 17, ())
    q = Span("a.txt", 47, 64, "Lavrov met Fidan.", "aid")
    evil = Span("a.txt", 65, len(TEXT), TEXT[65:], "aid")
    ev = (
        Event("e1", "Lavrov meets Fidan", "meeting", "happened", Interval(D(2024, 10, 18), D(2024, 10, 18), "day"),
              "on Friday", "Istanbul", (Participant("Turkey", "country", "host"),
                                        Participant("Sergey Lavrov", "person", "attendee", "Russia")),
              Span("a.txt", 54, 57, "met", "aid"), (q,)),
        Event("e2", "=cmd|' /C calc'!A0", "statement", "scheduled",
              Interval(D(2024, 9, 1), D(2024, 9, 30), "month"), "in September", None, (), None, (evil,),
              disputed=True, sources=(DatedSource("a.txt", Interval(D(2024, 9, 1), D(2024, 9, 30), "month"),
                                                  "in September"),)),
        Event("e3", "<script>alert(1)</script> & more", "-attack", "happened",
              Interval(D(2023, 10, 18), D(2024, 10, 18), "unknown"), "", None,
              (Participant("@Org", "organization"),), None, (q,)),
    )
    return Corpus((a, b), ev, (Problem("bad.txt", "the file is empty"),))


def test_json_has_the_extract_schema() -> None:
    data = XC.corpus_to_json(corpus())
    assert set(data) == {"articles", "events", "problems"}
    art = data["articles"][0]
    assert set(art) == {"file", "id", "published", "place", "agency"}
    assert art["published"] == "2024-10-18"
    for e in data["events"]:
        assert {"id", "title", "type", "status", "start", "end", "granularity", "date_text", "place",
                "participants", "trigger", "quotes"} <= set(e)
        assert all(isinstance(e[k], str) for k in ("id", "title", "type", "status", "start", "end", "date_text"))
        assert e["granularity"] in ("day", "week", "month", "season", "quarter", "year", "decade", "unknown")
        dt.date.fromisoformat(e["start"])
        for p in e["participants"]:
            assert set(p) == {"name", "kind", "role", "affiliation"}
        for q in e["quotes"]:
            assert set(q) == {"file", "start", "end", "text"}
            assert TEXT[q["start"]:q["end"]] == q["text"]
    assert data["events"][1]["disputed"] is True
    assert data["problems"] == [{"file": "bad.txt", "reason": "the file is empty"}]
    json.dumps(data)  # serialisable as is


def test_csv_is_one_row_per_event_with_formulas_neutralised() -> None:
    rows = list(csv.reader(io.StringIO(XC.corpus_to_csv(corpus()))))
    assert tuple(rows[0]) == XC.CSV_COLUMNS
    assert len(rows) == 1 + len(corpus().events)
    assert all(len(r) == len(XC.CSV_COLUMNS) for r in rows)
    cells = [c for r in rows[1:] for c in r]
    for c in cells:
        assert c[:1] not in ("=", "+", "-", "@"), c
    by_id = {r[0]: dict(zip(XC.CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert by_id["e2"]["title"] == "'=cmd|' /C calc'!A0"
    assert by_id["e3"]["type"] == "'-attack"
    assert by_id["e2"]["quotes"].startswith("'=HYPERLINK")
    assert by_id["e1"]["participants"] == "Turkey (host); Sergey Lavrov (attendee)"
    assert by_id["e2"]["disputed"] == "yes"


def test_timelinejs_shape_and_escaping() -> None:
    data = XC.corpus_to_timelinejs(corpus())
    assert len(data["events"]) == 3
    for item in data["events"]:
        for key in ("start_date", "end_date"):
            assert set(item[key]) == {"year", "month", "day"}
            assert all(isinstance(v, int) for v in item[key].values())
        assert set(item["text"]) == {"headline", "text"}
        assert isinstance(item["group"], str)
    e1, _e2, e3 = data["events"]
    assert e1["start_date"] == {"year": 2024, "month": 10, "day": 18}
    assert e1["group"] == "Turkey"
    assert e3["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
    assert "<script" not in json.dumps(data)
    assert "2 articles" in data["title"]["text"]["text"]


def test_subset_of_events() -> None:
    c = corpus()
    assert len(XC.corpus_to_json(c, c.events[:1])["events"]) == 1
    assert len(XC.corpus_to_timelinejs(c, [])["events"]) == 0


@pytest.mark.parametrize("fmt", XC.DATA_FORMATS)
def test_write_data_matches_render_data(tmp_path: Path, fmt: XC.DataFormat) -> None:
    out = tmp_path / f"x.{fmt}"
    XC.write_data(corpus(), out, fmt)
    assert out.read_text(encoding="utf-8") == XC.render_data(corpus(), fmt)
    assert out.read_text(encoding="utf-8").endswith("\n")


def test_write_data_to_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SafeWriteError, match="does not exist"):
        XC.write_data(corpus(), tmp_path / "nope" / "x.json", "json")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown data format"):
        XC.render_data(corpus(), "xml")  # type: ignore[arg-type]
