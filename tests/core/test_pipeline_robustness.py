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


def test_the_pipeline_reports_a_failed_extraction_as_the_corpus_does(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline_gui.core import extract as extract_mod
    from timeline_gui.core.model import Article, Problem
    from timeline_gui.core.pipeline import extract_paths_parallel

    real = extract_mod.extract_article
    odd = sorted(p.name for p in seeds.glob("*.txt"))[0]

    def extract_article(article: Article) -> object:
        if article.file == odd:
            raise RuntimeError("boom")
        return real(article)

    monkeypatch.setattr(extract_mod, "extract_article", extract_article)
    articles, events, problems = extract_paths_parallel([seeds], workers=1)
    assert Problem(odd, "could not be analysed (RuntimeError: boom)") in problems
    assert odd in {a.file for a in articles} and events
    corpus = build_corpus([seeds], use_cache=False, workers=1)
    assert (tuple(articles), tuple(events), tuple(problems)) == (corpus.articles, corpus.events, corpus.problems)
