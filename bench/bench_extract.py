"""Throughput of event extraction on seed-like articles, and the time tagger's share of it.

Usage: ``python bench/bench_extract.py [N] [--workers W]``. Prints articles per second on one
core (the target is at least 300) and how much of that time the time-expression tagger takes;
with ``--workers`` it also times :func:`extract_paths_parallel` on a folder of N articles.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the source checkout and bench/ importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # type: ignore[import-not-found]
from timeline_gui.core import extract as extract_module
from timeline_gui.core.articles import parse_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.gazetteer import gazetteer
from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Article
from timeline_gui.core.pipeline import extract_paths_parallel


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=0)
    a = ap.parse_args(argv)

    articles: list[Article] = []
    for i in range(a.n):
        r = parse_article(generate.article_text(i).encode(), f"{i:05d}.txt")
        assert isinstance(r, Article)
        articles.append(r)
    gazetteer()  # loaded once per process; not part of the per-article cost
    extract_article(articles[0])

    tagger_time = 0.0
    real_tag = extract_module.tag

    def timed_tag(text, dct):  # type: ignore[no-untyped-def]
        nonlocal tagger_time
        t0 = time.perf_counter()
        try:
            return real_tag(text, dct)
        finally:
            tagger_time += time.perf_counter() - t0

    extract_module.tag = timed_tag  # type: ignore[assignment]
    t0 = time.perf_counter()
    events = []
    for art in articles:
        events.extend(extract_article(art))
    t_extract = time.perf_counter() - t0
    extract_module.tag = real_tag
    t0 = time.perf_counter()
    merged = merge_events(events)
    t_merge = time.perf_counter() - t0
    total = t_extract + t_merge
    print(f"articles:        {a.n}")
    print(f"events:          {len(events)} extracted, {len(merged)} after merging")
    print(f"extract:         {t_extract:.3f} s   merge: {t_merge:.3f} s")
    print(f"throughput:      {a.n / total:.0f} articles/s on one core (target >= 300)")
    print(f"tagger share:    {100 * tagger_time / t_extract:.1f}% of extraction time")
    if a.workers:
        with tempfile.TemporaryDirectory() as d:
            generate.write_articles(d, a.n)
            t0 = time.perf_counter()
            arts, evs, _probs = extract_paths_parallel([d], workers=a.workers)
            dt_par = time.perf_counter() - t0
        print(f"parallel:        {len(arts)} articles, {len(evs)} events in {dt_par:.2f} s with {a.workers} "
              f"workers ({len(arts) / dt_par:.0f} articles/s, loading included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
