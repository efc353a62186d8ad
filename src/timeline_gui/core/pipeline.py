"""Extraction of whole folders: load, extract and merge, spread over processes when it pays.

Each worker process compiles the gazetteer once, in its initializer, then loads and extracts
chunks of files and sends back plain records (articles, events, problems are frozen dataclasses and
pickle cheaply). Chunks are sized so that every worker gets several (the slowest chunk does not
hold the others up) while each task still carries enough files to amortise its pickling. The merge
runs once, in the caller, because it needs every article's events.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from timeline_gui.core.articles import find_article_files
from timeline_gui.core.corpus import parse_file
from timeline_gui.core.gazetteer import gazetteer
from timeline_gui.core.merge import merge_events
from timeline_gui.core.model import Article, Event, Problem

#: Below this many files the start-up cost of worker processes outweighs the gain.
MIN_PARALLEL_FILES = 64
#: Bounds on the files per task.
MIN_CHUNK, MAX_CHUNK = 8, 128


def _init_worker() -> None:
    """Compile the per-process data once, before the first task (not once per task)."""
    gazetteer()


def chunk_size(files: int, workers: int) -> int:
    """Files per task: about four tasks per worker, within :data:`MIN_CHUNK`..:data:`MAX_CHUNK`."""
    return max(MIN_CHUNK, min(MAX_CHUNK, -(-files // (4 * max(1, workers)))))


def _extract_files(paths: Sequence[str]) -> tuple[list[Article], list[Event], list[Problem]]:
    articles: list[Article] = []
    events: list[Event] = []
    problems: list[Problem] = []
    for p in paths:
        for r in parse_file(p):  # a failed extraction: the article without events, and a problem
            if isinstance(r, Problem):
                problems.append(r)
            else:
                articles.append(r[0])
                events.extend(r[1])
    return articles, events, problems


def extract_paths_parallel(
    paths: Sequence[str | os.PathLike[str]], workers: int | None = None, chunk: int | None = None
) -> tuple[list[Article], list[Event], list[Problem]]:
    """Articles, merged events and problems of every file below ``paths``.

    ``workers`` defaults to the CPU count; with one worker, or few files, everything runs in this
    process. ``chunk`` (files per task) defaults to :func:`chunk_size`. Results keep the order of
    the files whatever order the workers finish in.
    """
    files, problems = find_article_files(paths)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(files) < MIN_PARALLEL_FILES:
        arts, evs, probs = _extract_files(files)
        return arts, merge_events(evs), problems + probs
    size = chunk or chunk_size(len(files), workers)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    articles: list[Article] = []
    events: list[Event] = []
    gazetteer()  # workers started by forking inherit it already compiled
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), initializer=_init_worker) as pool:
        for arts, evs, probs in pool.map(_extract_files, chunks):
            articles.extend(arts)
            events.extend(evs)
            problems.extend(probs)
    return articles, merge_events(events), problems
