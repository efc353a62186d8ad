"""Property tests: the loader never raises and its offsets always index the decoded text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.core.articles import parse_article
from timeline_gui.core.model import Article, Problem

headers = st.sampled_from(
    [" date 2024-10-18 ", "date 2024-10-18\n", "Date: 2024-10-18\r\n", "\ufeff date 2024-02-29 ", ""]
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_an_article_or_a_problem(raw: bytes) -> None:
    r = parse_article(raw, "x.txt")
    assert isinstance(r, Article | Problem)
    if isinstance(r, Problem):
        assert r.file == "x.txt" and r.reason


@settings(max_examples=300, deadline=None)
@given(headers, st.text(max_size=600))
def test_blocks_and_dateline_are_exact_spans(header: str, body: str) -> None:
    r = parse_article((header + body).encode("utf-8"), "x.txt")
    if isinstance(r, Problem):
        return
    assert 0 <= r.body_start <= len(r.text)
    prev_end = r.body_start
    for b in r.blocks:
        assert prev_end <= b.start < b.end <= len(r.text)
        chunk = r.text[b.start : b.end]
        assert chunk == chunk.strip() and chunk
        prev_end = b.end
    if r.dateline:
        s, e = r.dateline
        assert r.body_start <= s < e <= len(r.text)
