"""``make bench``: ingest, cache, first paint, pan/zoom, export and the dateparser reference, one table.

Every measurement runs in a fresh subprocess, so that imports, caches and memory of one stage do
not flatter the next; each stage prints one JSON line that this driver collects.

* ingest: ``build_corpus_unsaved`` on 100 / 1,000 / 10,000 synthetic articles (``bench/generate.py``),
  timed until the corpus is ready, as the window gets it; the merged outcome is stored after that,
  as the window does it, and that time is given beside it. Cold = an empty cache folder (the
  operating system's file cache is warm: the files were just generated or read), warm = the same
  folder opened again, in a new process. Cold runs use the default workers (one per CPU); 1,000
  articles are also ingested cold with one worker, for the comparison. Peak memory is the maximum
  resident size of the process and, separately, of the process with its workers (sampled).
* first paint: ``timeline-gui`` on the bundled seeds with ``TIMELINE_GUI_EXIT_AFTER_FIRST_PAINT=1``
  (the app prints ``first-paint <seconds since the process was created>`` and exits), once with an
  empty cache and once warm; the same on the largest folder of articles, which is what a user
  opening it waits for (loading, merging and showing the events).
* pan / zoom: the window's ``TimelineView`` on 1k / 10k / 100k synthetic events, 1600x900,
  offscreen, timed by ``timeline_gui.qt.perf.measure_frames`` (a frame is the range change plus a
  synchronous repaint of the whole timeline).
* export: ``timeline_gui.qt.export.export_file`` to PNG (1920x1080) on the same event sets.
* dateparser: ``dateparser.search.search_dates`` (English only, relative to each article's
  publication date) over a sample of the same articles, extrapolated per character to each size;
  our extraction is timed on the same sample in one process for the ratio.

``--quick`` measures 100 / 1,000 articles and 1k / 10k events, with smaller samples (about two
minutes); the full run adds 10,000 articles and 100k events (under ten minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The stages run on a snapshot of the source taken when the bench starts (see snapshot()): the
# cache is keyed by a hash of the extraction source, so an edit during a run would otherwise turn
# the warm measurement into a second cold one.
SRC = Path(os.environ.get("TIMELINE_GUI_BENCH_SRC") or ROOT / "src")
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(ROOT / "bench"))

DATA = Path(os.environ.get("TIMELINE_GUI_BENCH_DIR") or Path(tempfile.gettempdir()) / "timeline-gui-bench")


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def snapshot() -> Path:
    """Copy src/, resources/ and seeds/ aside, so every stage of this run sees the same code."""
    snap = Path(tempfile.mkdtemp(prefix="tlg-src-"))
    for part in ("src", "resources", "seeds"):
        shutil.copytree(ROOT / part, snap / part, ignore=shutil.ignore_patterns("__pycache__"))
    # Byte-compile as an installation does, so imports are timed as a user would see them.
    import compileall

    compileall.compile_dir(snap / "src", quiet=1)
    return snap


def _stage(args: list[str], timeout: float = 900) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    if _SNAP is not None:
        env["TIMELINE_GUI_BENCH_SRC"] = str(_SNAP / "src")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--stage", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    raise RuntimeError(f"stage {args[0]} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


# --- stages (run in their own process) ---------------------------------------------------------------


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the workers), from /proc."""
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def stage_ingest(folder: str, cache: str, use_cache: bool, workers: int | None = None) -> dict[str, Any]:
    import threading

    from timeline_gui.core import corpus as C

    peak = [0.0]
    done = threading.Event()

    def sample() -> None:  # the pool's workers are not our direct children: getrusage misses them
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_mb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t = time.perf_counter()
    # As the window loads: the corpus is ready (shown) first, then its merged outcome is stored.
    c, save = C.build_corpus_unsaved([folder], use_cache=use_cache, cache_dir=cache, workers=workers)
    secs = time.perf_counter() - t
    save()
    save_secs = time.perf_counter() - t - secs
    done.set()
    sampler.join()
    s = C.last_build_stats
    return {
        "seconds": secs, "save_seconds": save_secs, "articles": len(c.articles),
        "events": len(c.events), "problems": len(c.problems),
        "notices": [n.reason for n in c.notices], "hits": s.cache_hits, "in_process": s.parsed_in_process,
        "in_workers": s.parsed_in_workers, "workers": s.workers, "merged_hit": s.merged_from_cache,
        "load": os.getloadavg()[0],
        "rss_mb": _rss_mb(), "tree_mb": max(peak[0], _rss_mb()),
    }


def stage_dateparser(folder: str, sample: int) -> dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates

    from timeline_gui.core.articles import find_article_files, read_article
    from timeline_gui.core.extract import extract_article
    from timeline_gui.core.model import Article

    files, _ = find_article_files([folder])
    step = max(1, len(files) // sample)
    arts = [a for f in files[::step][:sample] if isinstance(a := read_article(f), Article)]
    chars = sum(len(a.body) for a in arts)
    # Warm both up on the first article (dateparser loads its language data lazily).
    search_dates(arts[0].body[:200], languages=["en"])
    extract_article(arts[0])
    t = time.perf_counter()
    found = 0
    for a in arts:
        base = dt_at_noon(a.published)
        r = search_dates(a.body, languages=["en"], settings={"RELATIVE_BASE": base})
        found += len(r or ())
    dp = time.perf_counter() - t
    t = time.perf_counter()
    for f in files[::step][:sample]:
        r = read_article(f)
        if isinstance(r, Article):
            extract_article(r)
    ours = time.perf_counter() - t
    return {"articles": len(arts), "chars": chars, "dateparser_s": dp, "ours_s": ours, "dates_found": found}


def dt_at_noon(d: Any) -> Any:
    import datetime as dt

    return dt.datetime(d.year, d.month, d.day, 12)


def first_paint(cache: Path, folder: Path | None = None, timeout: float = 60) -> float:
    """Seconds from the creation of a ``timeline-gui`` process (on ``folder``, by default the
    seeds) to its first paint of events."""
    env = dict(os.environ, TIMELINE_GUI_EXIT_AFTER_FIRST_PAINT="1", TIMELINE_GUI_CACHE_DIR=str(cache),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(_SNAP / "src" if _SNAP is not None else SRC))
    # What the console script runs, with the snapshot's source first on the path.
    args = [] if folder is None else [str(folder)]
    cmd = [sys.executable, "-c", f"import sys; from timeline_gui.cli import main; sys.exit(main({args!r}))"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1])
    raise RuntimeError(f"no first-paint line (exit {out.returncode}):\n{out.stdout[-500:]}\n{out.stderr[-1500:]}")


def stage_render(n: int, steps: int) -> dict[str, Any]:
    from generate import synthetic_corpus
    from timeline_gui.qt.qt import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    corpus = synthetic_corpus(n)
    from timeline_gui.qt.perf import measure_frames, summary
    from timeline_gui.qt.state import AppState
    from timeline_gui.qt.timeline import TimelineView

    t = time.perf_counter()
    state = AppState(corpus)
    view = TimelineView(state)
    view.resize(1600, 900)
    view.show()
    app.processEvents()
    view.grab()
    build = time.perf_counter() - t
    frames = measure_frames(view, steps)
    return {"events": n, "build_s": build, "frames": len(frames["pan"]), **summary(frames), "rss_mb": _rss_mb()}


def stage_export(n: int, out: str) -> dict[str, Any]:
    from generate import synthetic_corpus
    from timeline_gui.qt.export import ExportSettings, export_file

    corpus = synthetic_corpus(n)
    t = time.perf_counter()
    export_file(corpus, out, ExportSettings(width=1920, height=1080))
    return {"events": n, "seconds": time.perf_counter() - t, "bytes": os.path.getsize(out), "rss_mb": _rss_mb()}


# --- the driver --------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} cores ({model}){mem}, Python {platform.python_version()},"
            f" {platform.system()} {platform.release()}")


def calibration() -> float:
    """CPU seconds of an empty 10-million-step loop: how fast this (virtual) machine is right now.

    Shared and virtual machines vary by half or more from hour to hour; this tells runs apart.
    """
    t = time.process_time()
    for _ in range(10_000_000):
        pass
    return time.process_time() - t


def fmt(v: float, unit: str = "s") -> str:
    if unit == "s":
        return f"{v:.2f} s" if v < 100 else f"{v:.0f} s"
    if unit == "ms":
        return f"{v:.1f} ms"
    return f"{v:.0f} {unit}"


_SNAP: Path | None = None


def run(quick: bool) -> str:
    global _SNAP
    from generate import write_articles

    _SNAP = snapshot()

    sizes = [100, 1000] if quick else [100, 1000, 10000]
    event_sizes = [1000, 10000] if quick else [1000, 10000, 100000]
    sample = 20 if quick else 60
    rows: list[tuple[str, str, str]] = []
    log = sys.stderr

    def row(what: str, value: str, note: str = "") -> None:
        rows.append((what, value, note))
        print(f"  {what}: {value} {note}", file=log, flush=True)

    t_all = time.perf_counter()
    load0 = os.getloadavg()[0]
    cpu0 = calibration()
    cold_s: dict[int, float] = {}
    folders = {n: write_articles(DATA / f"articles-{n}", n) for n in sizes}
    print(f"articles ready in {DATA}", file=log)
    for n in sizes:
        cache = Path(tempfile.mkdtemp(prefix="tlg-cache-"))
        try:
            cold = _stage(["ingest", str(folders[n]), str(cache), "1"])
            warm = _stage(["ingest", str(folders[n]), str(cache), "1"])
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        how = (f"{cold['in_workers']:,} of {n:,} in {cold['workers']} worker process(es), the rest in the main one"
               if cold["in_workers"] else "all in the main process")
        row(f"ingest {n:,} articles, cold", f"{fmt(cold['seconds'])} ({n / cold['seconds']:.0f} art/s)",
            f"{cold['events']:,} events; {how}; then {fmt(cold['save_seconds'])} storing the merged"
            f" events for the next time (after the window shows them); load {cold['load']:.1f}")
        row(f"ingest {n:,} articles, warm", f"{fmt(warm['seconds'])} ({n / warm['seconds']:.0f} art/s)",
            f"{warm['hits']:,} cache hits{'; merged events from the cache' if warm['merged_hit'] else ''};"
            f" load {warm['load']:.1f}")
        if n == 1000:
            # The same cold ingest in one process, for the gain of the workers.
            cache = Path(tempfile.mkdtemp(prefix="tlg-cache-"))
            try:
                one = _stage(["ingest", str(folders[n]), str(cache), "1", "1"])
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            row(f"ingest {n:,} articles, cold, 1 process", f"{fmt(one['seconds'])} ({n / one['seconds']:.0f} art/s)",
                f"default workers: {cold['seconds'] / one['seconds']:.2f}x the time; load {one['load']:.1f}")
        row(f"peak memory, ingest {n:,}", f"{cold['rss_mb']:.0f} MB",
            f"main process (with workers, sampled: {cold['tree_mb']:.0f} MB); warm {warm['rss_mb']:.0f} MB")
        cold_s[n] = cold["seconds"]
    dp = _stage(["dateparser", str(folders[sizes[-1]]), str(sample)])
    per_char_dp = dp["dateparser_s"] / dp["chars"]
    ratio = dp["dateparser_s"] / dp["ours_s"]
    row(f"dateparser.search_dates, {dp['articles']} sampled articles", fmt(dp["dateparser_s"]),
        f"our whole extraction on the same: {fmt(dp['ours_s'])} -> {ratio:.1f}x faster (one process each)")
    for n in sizes:
        est = per_char_dp * dp["chars"] / dp["articles"] * n
        row(f"dateparser, {n:,} articles (extrapolated)", f"~{fmt(est)}",
            f"per-character rate of the sample; our cold ingest: {fmt(cold_s[n])}")
    cache = Path(tempfile.mkdtemp(prefix="tlg-cache-"))
    try:
        cold_fp = first_paint(cache)
        warm_fp = first_paint(cache)
        row("first paint, seeds (process created -> events painted)", fmt(warm_fp),
            f"with the cache warm; {fmt(cold_fp)} with an empty cache")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        row("first paint, seeds", "not measured", str(exc).splitlines()[0][:80])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    # What a user waits for: the window opened on the largest folder, until its events are painted
    # (the merged events are stored after that, as the window does it).
    n = sizes[-1]
    cache = Path(tempfile.mkdtemp(prefix="tlg-cache-"))
    try:
        cold_w = first_paint(cache, folders[n], timeout=600)
        warm_w = first_paint(cache, folders[n], timeout=600)
        row(f"window on {n:,} articles, cold (process created -> events painted)", fmt(cold_w),
            f"{fmt(warm_w)} with the cache warm")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        row(f"window on {n:,} articles", "not measured", str(exc).splitlines()[0][:80])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    for n in event_sizes:
        try:
            r = _stage(["render", str(n), str(40 if n < 100000 else 30)], timeout=300)
            row(f"pan frame, {n:,} events", f"{fmt(r['pan_med_ms'], 'ms')} median",
                f"p95 {fmt(r['pan_p95_ms'], 'ms')} ({r['frames']} frames); view built in {fmt(r['build_s'])}")
            row(f"zoom frame, {n:,} events", f"{fmt(r['zoom_med_ms'], 'ms')} median",
                f"p95 {fmt(r['zoom_p95_ms'], 'ms')} ({r['frames']} frames); peak memory {r['rss_mb']:.0f} MB")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            row(f"pan/zoom, {n:,} events", "not measured", str(exc).splitlines()[-1][:100])
    for n in event_sizes[1:]:
        out = Path(tempfile.mkdtemp(prefix="tlg-export-")) / "timeline.png"
        try:
            r = _stage(["export", str(n), str(out)])
            row(f"PNG export 1920x1080, {n:,} events", fmt(r["seconds"]), f"{r['bytes'] / 1024:.0f} KB")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            row(f"PNG export, {n:,} events", "not measured", str(exc).splitlines()[-1][:100])
        finally:
            shutil.rmtree(out.parent, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    vw = max(len(r[1]) for r in rows)
    lines = [f"Machine: {machine()}", f"Bench wall time: {time.perf_counter() - t_all:.0f} s"
             f"{' (--quick)' if quick else ''}; load average at the start {load0:.1f}, at the end"
             f" {os.getloadavg()[0]:.1f}; CPU calibration (an empty 10M-step Python loop) {cpu0:.2f} s at the"
             f" start, {calibration():.2f} s at the end", "",
             f"| {'measure'.ljust(width)} | {'value'.ljust(vw)} | notes |",
             f"|{'-' * (width + 2)}|{'-' * (vw + 2)}|-------|"]
    lines += [f"| {a.ljust(width)} | {b.ljust(vw)} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a minute or two)")
    ap.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        kind, *rest = args.stage
        if kind == "ingest":
            res = stage_ingest(rest[0], rest[1], rest[2] == "1", int(rest[3]) if len(rest) > 3 else None)
        elif kind == "dateparser":
            res = stage_dateparser(rest[0], int(rest[1]))
        elif kind == "render":
            res = stage_render(int(rest[0]), int(rest[1]))
        elif kind == "export":
            res = stage_export(int(rest[0]), rest[1])
        else:
            raise SystemExit(f"unknown stage {kind}")
        print(json.dumps(res))
        return 0
    try:
        print(run(args.quick))
    finally:
        if _SNAP is not None:
            shutil.rmtree(_SNAP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
