"""A loaded corpus: the articles, the events extracted from them, and the problems met on the way.

``build_corpus`` is the one entry point the command line and the window use to turn paths into a
:class:`Corpus`; it reports progress and can be cancelled.

How it stays fast at ten thousand articles:

* files whose path, modification time and size match the cache (:mod:`timeline_gui.core.cache`)
  are not read at all (one ``stat`` each);
* when every article is unchanged, the merged outcome of the last load of exactly these articles
  is read from the cache as one blob: nothing is decoded per article and nothing merged again;
* otherwise the files not in the cache are parsed and extracted in the calling process while that
  is quick, and once the measured cost of what remains is clearly larger than starting worker
  processes, by ``workers - 1`` processes and this one together (this one takes the chunks no
  worker has started yet, so the cores stay busy while the workers start); workers send each
  article back as its compact cache payload. Results are put back in file order, so the outcome
  is the same as parsing one file after the other;
* when nothing comes from the cache, events are merged file by file, in file order, as the files
  complete, so that merging overlaps the workers' extraction rather than following it (otherwise
  it runs once, at the end); the outcome is cached for the next time;
* what a load has to store besides the workers' payloads (the files parsed in the calling process,
  which must be encoded first, and the merged outcome) is stored once the corpus is ready
  (:func:`build_corpus_unsaved`): a window shows the corpus first.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypedDict, Unpack

from timeline_gui.core.articles import find_article_files, read_article
from timeline_gui.core.cache import ArticleCache, FileStat, corpus_key, decode_entry, encode_entry, no_gc
from timeline_gui.core.merge import Merger, merge_events
from timeline_gui.core.model import Article, Event, Problem

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
#: Told what a load does once its files are read, when that takes a while: one of the STAGE_ texts.
StageFn = Callable[[str], None]

#: The stages of a load after its files (for a user watching a bar that has reached its end).
STAGE_READING = "Reading the cache"
STAGE_MERGING = "Merging events"
STAGE_SAVING = "Saving to the cache"

#: A worker process is worth starting only when the parsing left to do is estimated to take
#: longer than this (seconds); below it, start-up (about 0.3 s per worker) would dominate.
POOL_WORTH_SECONDS = 1.0

# Files parsed in-process before deciding whether to start the pool: enough to time the extractor
# on this corpus, few enough that a large corpus does not wait for the decision.
_PROBE_FILES = 16
_PROBE_SECONDS = 0.25

# Work per task sent to a worker: big enough to amortise the round trip, small enough that progress
# moves, a cancel is honoured within a fraction of a second, and the processes finish together.
_CHUNK_SECONDS = 0.3
_MAX_CHUNK = 64

# Parsed files are written to the cache in batches: each batch is one transaction, so a kill
# loses at most one batch, and a cancelled load keeps what it finished.
_STORE_BATCH = 256


class Cancelled(Exception):
    """Raised by :func:`build_corpus` when its cancel callback answers true."""


@dataclass(frozen=True)
class Corpus:
    """Articles, merged events and problems, in a stable order.

    ``notices`` are about the program's own state, not the input (e.g. a damaged cache that was
    rebuilt); they never mean an article is missing.
    """

    articles: tuple[Article, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()
    notices: tuple[Problem, ...] = ()

    @cached_property
    def articles_by_file(self) -> dict[str, Article]:
        return {a.file: a for a in self.articles}

    @cached_property
    def articles_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def article_for(self, file: str) -> Article | None:
        """The article a quote's ``file`` names."""
        return self.articles_by_file.get(file) or self.articles_by_file.get(os.path.basename(file))


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What the last :func:`build_corpus` call did, for the benchmark and the curious."""

    files: int = 0
    cache_hits: int = 0
    parsed_in_process: int = 0
    parsed_in_workers: int = 0
    workers: int = 0
    seconds: float = 0.0
    #: True when the merged events came from the cache (nothing to decode per article or merge).
    merged_from_cache: bool = False


#: Filled in by every :func:`build_corpus` call (per process; the window and the CLI build one
#: corpus at a time).
last_build_stats = BuildStats()

# One file's outcome: the article and its events (plus their cache payload when a worker made it;
# "" when they must not be cached), or the reason it is not (fully) an article.
_Result = tuple[Article, tuple[Event, ...], str | None] | Problem


def parse_file(path: str) -> list[_Result]:
    """Read, parse and extract one file (the unit of work, in-process or in a worker).

    Usually one result; see :func:`extract_read` for an article whose extraction fails.
    """
    r = read_article(path)
    return [r] if isinstance(r, Problem) else extract_read(r)


def extract_read(article: Article) -> list[_Result]:
    """The events of an article already read: one result, or, when extraction fails, the article
    without events and a problem saying so (that pair is not cached, so a fixed extractor gets
    another go at it)."""
    # Imported here, not at the top: a warm reopen served from the cache never needs the
    # extractor, and importing it (regex tables, gazetteer) would delay the window's first paint.
    from timeline_gui.core.extract import extract_article

    try:
        events = tuple(extract_article(article))
    except Exception as exc:  # one odd article must not cost the others their events
        return [(article, (), ""), Problem(article.file, f"could not be analysed ({type(exc).__name__}: {exc})")]
    return [(article, events, None)]


# What a worker sends back for one file: a parsed article and its events as their cache payload
# (JSON, see :func:`timeline_gui.core.cache.encode_entry`), or results as :func:`parse_file` gives
# them (problems, a failed extraction). The payload is a few kilobytes that the parent decodes in
# a third of a millisecond; pickled frozen dataclasses cost twice that on each side, and the payload
# had to be made anyway for the cache.
_Wire = str | list[_Result]


def _parse_chunk(paths: Sequence[str]) -> list[_Wire]:
    """A worker's task: :func:`parse_file` of each path, good articles sent as their payload."""
    out: list[_Wire] = []
    for p in paths:
        rs = parse_file(p)
        if len(rs) == 1 and not isinstance(rs[0], Problem):
            a, evs, _ = rs[0]
            out.append(encode_entry(a, evs))
        else:
            out.append(rs)
    return out


def default_workers() -> int:
    """Worker processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _mp_context() -> multiprocessing.context.BaseContext:
    # Never plain fork: the window calls this from a worker thread of a threaded Qt process, and a
    # forked child inherits other threads' locks in whatever state they were. forkserver forks the
    # workers from a clean single-threaded server with the extractor already imported, which
    # starts them faster than spawn.
    if sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["timeline_gui.core.corpus"])
        return ctx
    return multiprocessing.get_context("spawn")


class LoadOptions(TypedDict, total=False):
    """The options of :func:`build_corpus` and :func:`build_corpus_unsaved`, described there."""

    progress: ProgressFn | None
    cancelled: CancelFn | None
    stage: StageFn | None
    use_cache: bool
    workers: int | None
    cache_dir: str | os.PathLike[str] | None


def build_corpus(paths: Iterable[str | os.PathLike[str]], **options: Unpack[LoadOptions]) -> Corpus:
    """Load every article below ``paths``, extract and merge their events, and cache what was
    parsed and merged (see :func:`build_corpus_unsaved` for the options)."""
    corpus, save = build_corpus_unsaved(paths, **options)
    save()
    return corpus


def build_corpus_unsaved(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    stage: StageFn | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> tuple[Corpus, Callable[[], None]]:
    """Load every article below ``paths``, extract and merge their events; return as soon as the
    corpus is ready, with what stores its merged outcome in the cache still to do.

    ``progress(done, total)`` is called from the calling thread as files complete; ``cancelled()``
    is polled between files and while workers run, and :class:`Cancelled` is raised when it answers
    true (what was finished is still cached). ``stage(text)`` is told what follows the files
    (reading the cache, merging, saving), which a count of files does not show. ``use_cache=False``
    reads and parses every file and leaves the cache alone. ``workers`` caps the worker processes
    (default: one per CPU; 1 keeps everything in this process).

    Every parsed article is in the cache by then; what is left is the merged outcome, which makes
    the next load of the same files one read (see :meth:`ArticleCache.store_corpus`). Encoding it
    takes a good part of a large cold load, and nobody needs it until that next load: a window
    shows the corpus first and stores it after. The second value does that (told
    ``stage(STAGE_SAVING)``) and closes the cache; call it once, from this thread. A load that
    raises has nothing left to do.
    """
    global last_build_stats
    t0 = time.perf_counter()
    found: dict[str, os.stat_result] = {}
    files, problems = find_article_files(paths, found)
    total = len(files)
    workers = default_workers() if workers is None else max(1, workers)
    cache = ArticleCache.open(cache_dir) if use_cache else None
    try:
        b = _Builder(files, progress, cancelled, cache, workers, found, stage)
        b.run()
        articles, events, more_problems = b.assemble()
        notices = tuple(cache.notices) if cache is not None else ()
    except BaseException:
        if cache is not None:
            cache.close()
        raise
    problems.extend(more_problems)
    corpus = Corpus(articles, events, tuple(problems), notices)
    last_build_stats = BuildStats(
        total, b.hits, b.in_process, b.in_workers, b.pool_size, time.perf_counter() - t0, b.merged_hit
    )

    def save() -> None:
        try:
            b.save()
        finally:
            if cache is not None:
                cache.close()

    return corpus, save


def fill_cache(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    stage: StageFn | None = None,
) -> bool:
    """Parse what the cache lacks of ``paths`` and store it, merged outcome included, so that a
    :func:`build_corpus` of the same paths that follows is served by the cache.

    For a process whose only job is to fill the cache for another: it returns (True) as soon as it
    finds every file cached, without reading the records back. False when the cache cannot be used
    (nothing is parsed then). Progress and cancel as for :func:`build_corpus`.
    """
    with _cache_builder(paths, progress, cancelled, cache_dir, stage) as b:
        if b is None:
            return False
        b.run()
        if b.hits < len(b.files):
            b.assemble()
            b.save()
        return b.cache is not None and b.cache.usable


def cache_lacks(paths: Iterable[str | os.PathLike[str]], cache_dir: str | os.PathLike[str] | None = None) -> int:
    """How many files :func:`fill_cache` would parse: those below ``paths`` that the cache lacks,
    0 when it lacks none or cannot be used (a stat of each file and one query; nothing is read)."""
    with _cache_builder(paths, None, None, cache_dir) as b:
        return 0 if b is None else len(b._from_cache())


@contextlib.contextmanager
def _cache_builder(
    paths: Iterable[str | os.PathLike[str]],
    progress: ProgressFn | None,
    cancelled: CancelFn | None,
    cache_dir: str | os.PathLike[str] | None,
    stage: StageFn | None = None,
) -> Iterator[_Builder | None]:
    """A builder over the article files below ``paths`` and the open cache; None when the cache
    cannot be used."""
    found: dict[str, os.stat_result] = {}
    files, _ = find_article_files(paths, found)
    cache = ArticleCache.open(cache_dir)
    try:
        yield _Builder(files, progress, cancelled, cache, default_workers(), found, stage) if cache.usable else None
    finally:
        cache.close()


class _Builder:
    """The state of one :func:`build_corpus` call."""

    def __init__(
        self,
        files: list[str],
        progress: ProgressFn | None,
        cancelled: CancelFn | None,
        cache: ArticleCache | None,
        workers: int,
        found: dict[str, os.stat_result] | None = None,
        stage: StageFn | None = None,
    ) -> None:
        self.files = files
        self.stage = stage
        self.found = found or {}  # the stat of each file, from the listing
        self.progress = progress
        self.cancelled = cancelled
        self.cache = cache if cache is not None and cache.usable else None
        self.workers = workers
        self.results: list[list[_Result]] = [[] for _ in files]
        self.done = 0
        self.hits = self.in_process = self.in_workers = self.pool_size = 0
        self.stats: dict[int, FileStat] = {}
        # Files parsed by the workers, to store as they come, with the payloads they sent; and those
        # parsed in this process, stored by save(): encoding them is this process's work, which
        # the load would wait for.
        self.pending_store: list[tuple[FileStat, Article, Sequence[Event] | str]] = []
        self.unstored: list[tuple[FileStat, Article, Sequence[Event]]] = []
        # Files found unchanged in the cache: their article's (id, file name). Their records are
        # decoded only if the merged corpus is not cached.
        self.cached_ids: dict[int, tuple[str, str]] = {}
        self.merged_hit = False
        # What save() stores: the key, articles and merged events assemble() made, when the cache
        # lacks them.
        self.unsaved: tuple[str, Sequence[Article], Sequence[Event]] | None = None
        self.per_file = 0.0  # seconds per file, as the probe measured it
        # When nothing comes from the cache, the events are merged as the files complete, in file
        # order (see _feed): that work then overlaps the extraction in the worker processes
        # instead of following it. ``fed`` is the number of files merged so far.
        self.merger: Merger | None = None
        self.fed = 0
        # Seconds this process spent taking in the workers' files and how many, and when the pool
        # started: what decides whether it takes another chunk (see _worth_stealing).
        self.harvest_s = 0.0
        self.harvested = 0
        self.pool_start = 0.0

    # -- the steps -----------------------------------------------------------------------------------

    def run(self) -> None:
        todo = self._from_cache()
        if not self.cached_ids:
            self.merger = Merger()
        try:
            todo = self._in_process(todo)
            if todo:
                self._in_pool(todo)
        except BaseException:
            self._store_unstored()  # a cancelled or failed load keeps what it finished
            raise
        finally:
            self._flush()

    def _stage(self, text: str) -> None:
        if self.stage is not None:
            self.stage(text)

    def _check_cancel(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled

    def _advance(self, n: int) -> None:
        self.done += n
        if self.progress is not None and n:
            self.progress(self.done, len(self.files))

    def _from_cache(self) -> list[int]:
        """Find every unchanged file in the cache (its stat from the listing, no read); the indices
        still to parse."""
        if self.cache is None:
            return list(range(len(self.files)))
        self._check_cancel()
        for i, f in enumerate(self.files):
            listed = self.found.get(f)
            st = FileStat(f, listed.st_mtime_ns, listed.st_size) if listed is not None else FileStat.of(f)
            if st is not None:
                self.stats[i] = st
        found = self.cache.lookup_unchanged_ids(self.stats.values())
        todo: list[int] = []
        for i, f in enumerate(self.files):
            hit = found.get(f)
            if hit is None:
                todo.append(i)
            else:
                self.cached_ids[i] = hit
        self.hits = len(self.files) - len(todo)
        self._advance(self.hits)
        return todo

    def assemble(self) -> tuple[tuple[Article, ...], tuple[Event, ...], list[Problem]]:
        """The articles and merged events in file order, and the problems met parsing.

        With the cache: when the merged corpus of exactly these articles is stored, it is the
        answer; otherwise the cached files' records are decoded, everything is merged, and the
        outcome is stored for the next time.
        """
        key = paths = None
        merger = self.merger
        if self.cache is not None and self.cache.usable:
            pairs: list[tuple[str, str]] = []
            paths = []
            storable = True
            fresh = False  # an article parsed in this load (not from the cache)
            for i, rs in enumerate(self.results):
                if i in self.cached_ids:
                    pairs.append(self.cached_ids[i])
                    paths.append(self.files[i])
                    continue
                for r in rs:
                    if not isinstance(r, Problem):
                        pairs.append((r[0].id, r[0].file))
                        paths.append(r[0].path)
                        fresh = True
                        storable = storable and r[2] != ""  # a failed extraction is not kept
            key = corpus_key(pairs, self.cache.version) if storable else None
            if key is not None:
                # Also when merged already (a copy of a folder opened before): what is stored is
                # the same, and reading it is cheaper than encoding it again.
                if not fresh:
                    self._stage(STAGE_READING)
                got = self.cache.load_corpus(key, paths)
                if got is not None:
                    self.merged_hit = True
                    self.merger = None
                    return got[0], got[1], self._problems()
            if merger is None:
                self._stage(STAGE_READING)
                self._decode_cached()
        problems = self._problems()
        articles: list[Article] = []
        events: list[Event] = []
        self._stage(STAGE_MERGING)
        if merger is not None:
            self._feed()
            if self.fed != len(self.results):  # pragma: no cover - every file has its result by now
                raise RuntimeError("a file's result is missing")
        for rs in self.results:
            for r in rs:
                if not isinstance(r, Problem):
                    articles.append(r[0])
                    if merger is None:
                        events.extend(r[1])
        # Memory: what a large load holds at its peak (storing the merged outcome) should be the
        # outcome, not the unmerged events besides: those merged into others are let go here.
        self.results = []
        self.merger = None
        with no_gc():
            merged = tuple(merger.result() if merger is not None else merge_events(events))
        del events, merger
        if key is not None:
            self.unsaved = (key, articles, merged)
        return tuple(articles), merged, problems

    def save(self) -> None:
        """Store the files parsed in this process and the merged outcome :meth:`assemble` made (once)."""
        unsaved, self.unsaved = self.unsaved, None
        if self.cache is None or (unsaved is None and not self.unstored):
            return
        self._stage(STAGE_SAVING)
        self._store_unstored()
        if unsaved is not None:
            self.cache.store_corpus(*unsaved)

    def _problems(self) -> list[Problem]:
        return [r for rs in self.results for r in rs if isinstance(r, Problem)]

    def _decode_cached(self) -> None:
        """Fill in the records of the files found unchanged (parsing any whose record is unusable)."""
        if not self.cached_ids or self.cache is None:
            return
        with no_gc():
            found = self.cache.lookup_unchanged(self.stats[i] for i in self.cached_ids)
        again: list[int] = []
        for i in self.cached_ids:
            hit = found.get(self.files[i])
            if hit is None:
                again.append(i)
            else:
                self.results[i] = [(hit[0], hit[1], None)]
        if again:
            # A record lost or damaged since the look-up: parse the file after all.
            self.hits -= len(again)
            try:
                self._in_process(again, probe=False, counted=True)
            finally:
                self._flush()

    def _in_process(self, todo: list[int], probe: bool = True, counted: bool = False) -> list[int]:
        """Parse here while it is cheap; return what is left for the pool, if the pool is worth it."""
        start = time.perf_counter()
        decided = self.workers <= 1 or not probe
        for k, i in enumerate(todo):
            self._check_cancel()
            if k == 1:
                # The first file pays the extractor's one-time set-up (gazetteer, patterns), which
                # every worker would pay too: time the files after it.
                start = time.perf_counter()
            if not decided and (k > _PROBE_FILES or (k > 1 and time.perf_counter() - start > _PROBE_SECONDS)):
                decided = True
                rest = todo[k:]
                per_file = self.per_file = (time.perf_counter() - start) / max(k - 1, 1)
                if per_file * len(rest) > POOL_WORTH_SECONDS:
                    return rest
            self._take(i, self._parse_here(self.files[i]))
            self.in_process += 1
            if not counted:  # files already counted as done (cache hits that turned out unusable)
                self._advance(1)
        return []

    def _parse_here(self, path: str) -> list[_Result]:
        """One file, read once: from the cache by its content when it is there, else extracted."""
        r = read_article(path)
        if isinstance(r, Problem):
            return [r]
        if self.cache is not None:
            # A touched or copied file with the same bytes and name: its events are in the cache.
            events = self.cache.lookup_content(r.id, r.file)
            if events is not None:
                return [(r, events, None)]
        return extract_read(r)

    def _in_pool(self, todo: list[int]) -> None:
        """Parse ``todo`` in worker processes and in this one.

        This process is one of the ``workers``: it starts ``workers - 1`` processes, and while they
        start (a good half second) and run, it takes the earliest chunk none of them has started, so
        that no core waits and the files complete about in file order (merged as they do). A chunk
        is a few tenths of a second of work: enough to amortise a round trip, short enough for
        progress and cancel to stay responsive.
        """
        helpers = self.workers - 1
        per_chunk = len(todo) // (max(helpers, 1) * 8)
        if self.per_file > 0:
            per_chunk = min(per_chunk, round(_CHUNK_SECONDS / self.per_file))
        per_chunk = max(1, min(_MAX_CHUNK, per_chunk))
        chunks = [todo[k : k + per_chunk] for k in range(0, len(todo), per_chunk)]
        self.pool_size = min(helpers, len(chunks) - 1)
        if self.pool_size < 1:
            self._in_process(todo, probe=False)
            return
        pool = cf.ProcessPoolExecutor(max_workers=self.pool_size, mp_context=_mp_context())
        self.pool_start = time.perf_counter()
        left = set(todo)
        try:
            futures = {pool.submit(_parse_chunk, [self.files[i] for i in c]): c for c in chunks}
            # The workers take them from the front; an ordered set, so that a finished chunk leaves
            # it at once (with its future goes the workers' output, megabytes over a large load).
            queue = dict.fromkeys(futures)
            pending = set(futures)
            while pending:
                self._check_cancel()
                pending = self._harvest(futures, queue, pending, left)
                stolen = None
                while queue and stolen is None and self._worth_stealing(futures, queue):
                    # The earliest chunk no worker has started: the files then complete roughly in
                    # file order, which is the order they are merged in (see _feed).
                    fut = next(iter(queue))
                    del queue[fut]
                    if fut in pending and fut.cancel():  # not started by any worker yet: ours
                        stolen = fut
                if stolen is not None:
                    pending.discard(stolen)
                    for i in futures.pop(stolen):
                        self._check_cancel()
                        self._take(i, self._parse_here(self.files[i]))
                        left.discard(i)
                        self.in_process += 1
                        self._advance(1)
                        pending = self._harvest(futures, queue, pending, left)
                elif pending:
                    cf.wait(pending, timeout=0.1, return_when=cf.FIRST_COMPLETED)
        except cf.process.BrokenProcessPool:
            # A worker died (killed, out of memory, or the main module cannot be imported again):
            # the files are still worth loading, here, more slowly.
            pool.shutdown(wait=False, cancel_futures=True)
            self._in_process(sorted(left), probe=False)
            return
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def _harvest(
        self,
        futures: dict[cf.Future[list[_Wire]], list[int]],
        queue: dict[cf.Future[list[_Wire]], None],
        pending: set[cf.Future[list[_Wire]]],
        left: set[int],
    ) -> set[cf.Future[list[_Wire]]]:
        """Take the results of the finished chunks, and forget their futures; the futures still pending."""
        done = {f for f in pending if f.done()}
        if not done:
            return pending
        start = time.perf_counter()
        for fut in done:
            chunk = futures.pop(fut)
            queue.pop(fut, None)
            for i, wire in zip(chunk, fut.result(), strict=True):
                self._take(i, self._from_wire(i, wire))
                left.discard(i)
            self.in_workers += len(chunk)
            self.harvested += len(chunk)
            self._advance(len(chunk))
        self.harvest_s += time.perf_counter() - start
        return pending - done

    def _worth_stealing(
        self,
        futures: dict[cf.Future[list[_Wire]], list[int]],
        queue: dict[cf.Future[list[_Wire]], None],
    ) -> bool:
        """Whether this process should extract another chunk itself.

        Besides extracting, it decodes, stores and merges what the workers send. It takes a chunk
        while the workers' queue, at their pace, holds more time than taking in every file still
        to come would cost it (it would otherwise wait for them); past that point the workers
        extract the rest while it keeps up with them, and both finish about together. (The merged
        corpus is built and stored after the last file whichever process extracted it: that work
        cannot fill any wait.)
        """
        if not self.harvested:
            return True  # nothing measured yet (the workers are starting): help
        take = self.harvest_s / self.harvested
        # The workers' pace as it is (the machine may be busy with other things), start-up included.
        workers_rate = self.harvested / (time.perf_counter() - self.pool_start)
        unstarted = sum(len(futures[f]) for f in queue if not f.running() and not f.done())
        coming = sum(map(len, futures.values()))
        return unstarted / workers_rate > coming * take + _CHUNK_SECONDS

    def _from_wire(self, i: int, wire: _Wire) -> list[_Result]:
        if not isinstance(wire, str):
            return wire
        article, events = decode_entry(wire, self.files[i])
        return [(article, events, wire)]

    # -- results and the cache -----------------------------------------------------------------------

    def _take(self, i: int, rs: list[_Result]) -> None:
        self.results[i] = rs
        if self.merger is not None and i == self.fed:
            self._feed()
        if self.cache is None or len(rs) != 1 or isinstance(rs[0], Problem) or rs[0][2] == "":
            return
        st = self.stats.get(i) or FileStat.of(self.files[i])
        if st is None:
            return
        article, events, payload = rs[0]
        if payload is None:
            self.unstored.append((st, article, events))
            return
        self.pending_store.append((st, article, payload))
        self.results[i] = [(article, events, None)]  # the payload is not needed once stored
        if len(self.pending_store) >= _STORE_BATCH:
            self._flush()

    def _feed(self) -> None:
        """Merge the events of the files from ``fed`` on whose results are in, in file order."""
        merger, results = self.merger, self.results
        if merger is None:
            return
        n = len(results)
        start = i = self.fed
        while i < n and results[i]:
            i += 1
        if i == start:
            return
        self.fed = i
        with no_gc():
            for rs in results[start:i]:
                for r in rs:
                    if not isinstance(r, Problem):
                        merger.add(r[1])

    def _flush(self) -> None:
        if self.cache is not None and self.pending_store:
            self.cache.store(self.pending_store)
        self.pending_store = []

    def _store_unstored(self) -> None:
        if self.cache is not None and self.unstored:
            for k in range(0, len(self.unstored), _STORE_BATCH):
                self.cache.store(self.unstored[k : k + _STORE_BATCH])
        self.unstored = []


def build_corpus_sequential(paths: Iterable[str | os.PathLike[str]]) -> Corpus:
    """The reference: every file read and extracted in order, in this process, without the cache."""
    return build_corpus(paths, use_cache=False, workers=1)


__all__ = [
    "BuildStats",
    "CancelFn",
    "Cancelled",
    "Corpus",
    "LoadOptions",
    "ProgressFn",
    "build_corpus",
    "build_corpus_sequential",
    "build_corpus_unsaved",
    "cache_lacks",
    "default_workers",
    "extract_read",
    "fill_cache",
    "last_build_stats",
    "parse_file",
]
