"""The whole core pipeline (load, tag, extract, merge, export data) on pathological input.

Each case must give either a loaded article or a named problem, never an exception, and never
take long: the user's folder may hold anything.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from timeline_gui.core.corpus import build_corpus
from timeline_gui.core.exchange import corpus_to_csv, corpus_to_json, corpus_to_timelinejs

CASES: dict[str, bytes] = {
    "month-flood.txt": b" date 2024-10-18 " + b"October " * 50_000,
    "brackets.txt": b" date 2024-10-18 " + b"(" * 100_000,
    "long-line.txt": b" date 2024-10-18 " + b"x" * 1_000_000,
    "year-1.txt": b" date 0001-01-01 The ministers met on Saturday and will meet again next year, in early 2 AD.",
    "year-9999.txt": b" date 9999-12-31 The ministers met on Saturday and will meet again next year and in 10000.",
    "weekday-flood.txt": b" date 2024-10-18 " + b"on Monday, " * 20_000,
    "digits.txt": b" date 2024-10-18 " + b"2024-10-18 10/18/2024 1990s " * 5_000,
    "unicode.txt": " date 2024-10-18 Министр встретился в Баку. ‮RTL‬ \U0001F600 ١٢٣ 十月".encode(),
    "crlf.txt": b" date 2024-10-18 BAKU, October 18. /TASS/. Ministers met.\r\n\r\nThey said so on Monday.\r\n",
}


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    for name, raw in CASES.items():
        (tmp_path / name).write_bytes(raw)
    return tmp_path


def test_pathological_files_load_fast_and_offsets_stay_exact(messy: Path) -> None:
    t0 = time.perf_counter()
    corpus = build_corpus([messy], use_cache=False)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, f"pathological input took {elapsed:.1f}s"
    assert {a.file for a in corpus.articles} == set(CASES)
    assert corpus.problems == ()
    texts = {a.file: a.text for a in corpus.articles}
    for e in corpus.events:
        assert e.interval.start <= e.interval.end
        for q in (*e.quotes, *((e.trigger,) if e.trigger else ())):
            assert texts[q.file][q.start : q.end] == q.text
    json.dumps(corpus_to_json(corpus))
    corpus_to_csv(corpus)
    json.dumps(corpus_to_timelinejs(corpus))


def test_loading_pathological_files_never_opens_a_network_connection(
    messy: Path, seeds: Path, no_network: list[str]
) -> None:
    corpus = build_corpus([seeds, messy], use_cache=False)
    corpus_to_json(corpus)
    assert no_network == []
    assert len(corpus.articles) == len(CASES) + 2
