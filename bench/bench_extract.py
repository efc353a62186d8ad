"""Throughput of event extraction on seed-like articles, and the time tagger's share of it.

Usage: ``python bench/bench_extract.py [N] [--workers W] [--seeds] [--rounds R]``. Prints articles
per second on one core (the target is at least 300) and how much of that time the time-expression
tagger takes; with ``--workers`` it also times :func:`extract_paths_parallel` on a folder of N
articles. ``--seeds`` measures the bundled sample articles repeated to N instead of generated ones.

Times are processor times of this process (``time.process_time``), the best of ``--rounds`` runs:
on a machine busy with other work, wall-clock time would count that work against the extractor.
The load average is printed alongside, since a busy machine still slows a process down.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the source checkout and bench/ importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # type: ignore[import-not-found]
from timeline_gui.core import compiled
from timeline_gui.core.articles import parse_article
from timeline_gui.core.extract import extract_article
from timeline_gui.core.gazetteer import gazetteer
from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Article, Event
from timeline_gui.core.pipeline import extract_paths_parallel
from timeline_gui.core.resources import data_path
from timeline_gui.core.timex import tag


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--seeds", action="store_true", help="the bundled sample articles, repeated to N")
    ap.add_argument("--rounds", type=int, default=3, help="runs to take the best of")
    a = ap.parse_args(argv)

    articles: list[Article] = []
    if a.seeds:
        samples = sorted(data_path("seeds").glob("*.txt"))
        for i in range(a.n):
            path = samples[i % len(samples)]
            r = parse_article(path.read_bytes(), f"{i:05d}_{path.name}")
            assert isinstance(r, Article)
            articles.append(r)
    else:
        for i in range(a.n):
            r = parse_article(generate.article_text(i).encode(), f"{i:05d}.txt")
            assert isinstance(r, Article)
            articles.append(r)
    gazetteer()  # loaded once per process; not part of the per-article cost
    extract_article(articles[0])
    load_before = os.getloadavg()[0]

    rounds = max(1, a.rounds)
    best: tuple[float, list[Event]] | None = None
    for _ in range(rounds):
        t0 = time.process_time()
        round_events: list[Event] = []
        for art in articles:
            round_events.extend(extract_article(art))
        dt_round = time.process_time() - t0
        if best is None or dt_round < best[0]:
            best = (dt_round, round_events)
    assert best is not None
    t_extract, events = best
    # The tagger on its own, called as the extractor calls it (once per article body), timed apart:
    # wrapping the extractor's call would not see the calls of the compiled build.
    tagger_time = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for art in articles:
            tag(art.text[art.body_start :], art.published)
        tagger_time = min(tagger_time, time.process_time() - t0)
    t_merge = float("inf")
    for _ in range(rounds):  # the best of the rounds, like extraction
        t0 = time.process_time()
        merged = merge_events(events)
        t_merge = min(t_merge, time.process_time() - t0)
    total = t_extract + t_merge
    print(f"extractor:       {compiled.status()}")
    print(f"articles:        {a.n} ({'bundled samples repeated' if a.seeds else 'generated'})")
    print(f"events:          {len(events)} extracted, {len(merged)} after merging")
    print(f"extract:         {t_extract:.3f} s   merge: {t_merge:.3f} s")
    print(f"throughput:      {a.n / total:.0f} articles/s on one core (target >= 300)")
    print(f"extraction only: {a.n / t_extract:.0f} articles/s" + (
        " (merging copies of the same articles is the merge's worst case)" if a.seeds else ""))
    print(f"tagger share:    {100 * tagger_time / t_extract:.1f}% of extraction time")
    print(f"load average:    {load_before:.2f} before, {os.getloadavg()[0]:.2f} after (processor times, best of "
          f"{max(1, a.rounds)})")
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
