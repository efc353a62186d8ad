"""Benchmark: a 3840x2160 PNG of 10,000 events must render and encode in under 2 seconds.

The events are synthesized here (many countries, every granularity and status, some disputed
dates) so the benchmark does not depend on the extractor. Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_export.py [--events N] [--out FILE.png]

Prints the best and median of several runs; exits 1 when the best run is over the budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Article, Event, Interval, Participant, Span

BUDGET_S = 2.0

COUNTRIES = (
    "Russia", "Turkey", "Armenia", "Azerbaijan", "Georgia", "Iran", "United States", "France", "Germany",
    "China", "Ukraine", "Kazakhstan", "India", "Israel", "Qatar", "Egypt", "Saudi Arabia", "Japan",
    "United Kingdom", "Belarus", "Syria", "Brazil", "Poland", "Italy", "Canada",
)  # fmt: skip
TYPES = ("meeting", "statement", "visit", "agreement", "election", "military", "sanctions", "talks", "protest")
STATUSES = ("happened",) * 12 + ("ongoing",) * 2 + ("scheduled",) * 3 + ("expected",) * 2 + ("possible", "denied")
CITIES = ("Istanbul", "Moscow", "Baku", "Yerevan", "Tbilisi", "Tehran", "Geneva", "Antalya", "Brussels", "Doha")
TEMPLATES = (
    "{a} and {b} foreign ministers meet in {city}",
    "{a} says talks with {b} were productive",
    "{a} president visits {city}",
    "{a} and {b} sign a transit agreement",
    "Parliamentary election in {a}",
    "{a} announces military drills near the border with {b}",
    "{a} extends sanctions against {b}",
    "Peace talks between {a} and {b} resume in {city}",
    "Protests in {city} over relations with {b}",
)


def synth_corpus(n: int, seed: int = 7, start: dt.date = dt.date(2020, 1, 1), days: int = 5 * 365) -> Corpus:
    """``n`` plausible events spread over ``days`` days, reported by about n/8 articles."""
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]  # a few countries dominate
    n_articles = max(n // 8, 2)
    articles = []
    for i in range(n_articles):
        pub = start + dt.timedelta(days=rng.randrange(days))
        text = f" date {pub.isoformat()} Article {i}.\n"
        articles.append(Article(f"{i:05d}.txt", f"{i:05d}.txt", f"a{i:05d}", pub, text, 0, (),
                                rng.choice(CITIES), rng.choice(("TASS", "Reuters", "AFP", None))))
    events = []
    for i in range(n):
        art = articles[rng.randrange(n_articles)]
        a, b = rng.choices(COUNTRIES, weights, k=2)
        t = rng.randrange(len(TYPES))
        g = rng.choices(("day", "week", "month", "season", "quarter", "year", "unknown"),
                        (55, 4, 15, 5, 3, 8, 10))[0]
        d = start + dt.timedelta(days=rng.randrange(days))
        if g == "day":
            iv = Interval(d, d, "day")
        elif g == "week":
            s = d - dt.timedelta(days=d.weekday())
            iv = Interval(s, s + dt.timedelta(days=6), "week")
        elif g in ("month", "season", "quarter"):
            months = {"month": 1, "season": 3, "quarter": 3}[g]
            s = d.replace(day=1)
            e_m = s.month + months
            e = dt.date(s.year + (e_m - 1) // 12, (e_m - 1) % 12 + 1, 1) - dt.timedelta(days=1)
            iv = Interval(s, e, g)  # type: ignore[arg-type]
        elif g == "year":
            iv = Interval(dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), "year")
        else:
            iv = Interval(art.published - dt.timedelta(days=365), art.published, "unknown")
        title = TEMPLATES[t].format(a=a, b=b, city=rng.choice(CITIES))
        parts = (Participant(a, "country", "host"), Participant(b, "country", "attendee"))
        q = Span(art.file, 0, 4, "date", art.id)
        events.append(Event(f"e{i:06d}", title, TYPES[t], rng.choice(STATUSES), iv, g, None, parts, None, (q,),
                            disputed=rng.random() < 0.03))
    events.sort(key=lambda e: (e.interval.start, e.interval.end, e.id))
    return Corpus(tuple(articles), tuple(events), ())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--width", type=int, default=3840)
    ap.add_argument("--height", type=int, default=2160)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=None, help="also write the last image here")
    args = ap.parse_args(argv)

    from timeline_gui.qt.export import ExportSettings, ensure_gui_app, export_file, render_png

    ensure_gui_app()
    corpus = synth_corpus(args.events)
    settings = ExportSettings(width=args.width, height=args.height, title="Benchmark: synthetic events")
    times = []
    data = b""
    for _ in range(args.runs):
        t0 = time.perf_counter()
        data = render_png(corpus, settings)
        times.append(time.perf_counter() - t0)
    if args.out:
        export_file(corpus, args.out, settings)
    best, med = min(times), statistics.median(times)
    verdict = "ok" if best < BUDGET_S else "OVER BUDGET"
    print(f"export {args.width}x{args.height} PNG of {args.events} events: best {best:.3f} s, "
          f"median {med:.3f} s over {args.runs} runs ({len(data) / 1e6:.1f} MB) [{verdict}, budget {BUDGET_S} s]")
    return 0 if best < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
