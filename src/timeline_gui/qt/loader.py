"""Loading a corpus off the UI thread, with progress and cancel.

:class:`CorpusLoader` runs :func:`~timeline_gui.core.corpus.build_corpus_unsaved` in a ``QThread``
and reports back through queued signals, so the window keeps repainting and the Cancel button keeps
working while thousands of files are read. The corpus is handed over as soon as it is merged; the
thread then stores the merged outcome in the cache for the next load (:attr:`CorpusLoader.saving`),
which at thousands of articles takes seconds nobody needs to wait for.

At start-up the thread starts a separate Python process at once and, when the cache turns out to
lack a few of the files, lets it parse them into the cache
(:func:`~timeline_gui.core.corpus.fill_cache`) and then builds the corpus from it; when nothing is
lacking, or so much that the start-up is a small part of the load (:data:`HELPER_MAX_FILES`), the
helper is stopped and the thread reads or parses it without waiting for it. At start-up
the main thread is busy importing and building the window, and the extraction a thread would do
(importing the extractor, loading the gazetteer, parsing) would compete with it for the
interpreter lock, delaying the first paint by a fifth of a second or more for the two sample
articles on an empty cache; a process runs on another core. Whatever the helper process does or
fails to do, the thread's own build gives the same corpus: the helper only makes it a cache hit.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import timeline_gui
from timeline_gui.qt.qt import QtCore, Signal

if TYPE_CHECKING:
    from timeline_gui.core.corpus import Corpus

# The helper process's program. It imports the core only (the Qt binding takes longer to import
# than the core), prints "done total" as files complete and "stage <text>" for what follows them,
# and stops (keeping what it finished
# in the cache) when its standard input closes: the window closes it to cancel, and the system
# does when the window's process ends, so the helper never outlives it. Stopping through
# ``cancelled``, not a signal, lets it shut down the worker processes of a large load, which a
# killed process would leave behind. Standard input is watched with ``os.read``: a thread blocked
# in ``sys.stdin`` would hold its lock and make the interpreter abort at exit.
_HELPER_PROGRAM = """\
import os, sys, threading
from timeline_gui.core.corpus import Cancelled, fill_cache
stop = threading.Event()
def watch():
    while os.read(0, 512):
        pass
    stop.set()
threading.Thread(target=watch, daemon=True).start()
try:
    fill_cache(sys.argv[1:], progress=lambda d, t: print(d, t, flush=True), cancelled=stop.is_set,
               stage=lambda text: print("stage", text, flush=True))
except Cancelled:
    sys.exit(1)
"""

#: Above this many files to parse, a start-up load is parsed by the loading thread, not the helper:
#: the window's start-up is then a small part of the load, and the thread has the corpus as soon
#: as it is merged, while the helper's would still have to be stored and read back (seconds, at
#: thousands of files).
HELPER_MAX_FILES = 500

# How long a helper that was asked to stop, or that closed its output, gets to exit before it is
# killed.
_HELPER_EXIT_SECONDS = 5.0


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _helper_command(paths: Sequence[str]) -> list[str] | None:
    """The command that runs the helper process on ``paths``; None where there is no Python
    interpreter to run it with (a frozen build's executable is the application itself), or no
    other CPU for it to run on (it would then only add its own start to the window's)."""
    if getattr(sys, "frozen", False) or not sys.executable or _cpus() < 2:
        return None
    # -P: the current folder must not shadow the package (the paths may be relative to it, so the
    # helper runs there too).
    return [sys.executable, "-P", "-c", _HELPER_PROGRAM, *paths]


def _helper_env() -> dict[str, str]:
    """The window's environment, with the folder this package was imported from first on the
    helper's path, so that it runs the same code however the window was started."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(timeline_gui.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


class _Worker(QtCore.QObject):
    progress = Signal(int, int)
    stage = Signal(str)
    done = Signal(object, list)  # Corpus, paths
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, paths: Sequence[str], stop: threading.Event, helper: bool = False) -> None:
        super().__init__()
        self._paths = list(paths)
        self._stop = stop
        self._helper = helper
        # The helper process while it runs; the UI thread closes its input to cancel.
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None

    def cancel(self) -> None:
        """Stop at the next file (called from the UI thread)."""
        self._stop.set()
        self._stop_helper()

    def run(self) -> None:
        try:
            self._run()
        finally:
            # End the thread's event loop so that QThread.wait() returns once the work is done.
            thread = self.thread()
            if thread is not None:
                thread.quit()

    def _run(self) -> None:
        # Started before anything is imported here, so that the helper's imports overlap these.
        proc = self._start_helper() if self._helper else None
        try:
            built = self._build(proc)
        finally:
            if proc is not None:
                self._reap(proc)
        if built is not None:
            corpus, save = built
            self.done.emit(corpus, self._paths)
            # Stored after the corpus is shown (see CorpusLoader.saving); a failure here costs
            # only the next load's speed.
            with contextlib.suppress(Exception):
                save()

    def _build(self, proc: subprocess.Popen[str] | None) -> tuple[Corpus, Callable[[], None]] | None:
        """The corpus and what stores its merged outcome; None when the load failed or was
        cancelled (and said so)."""
        # The extraction stack (timex rules, cache, merge) is imported here, in the loading
        # thread, so that the window's start-up does not wait for it.
        from timeline_gui.core.corpus import Cancelled, build_corpus_unsaved, cache_lacks

        if proc is not None:
            try:
                lacking = cache_lacks(self._paths)
            except Exception:  # whatever the check met, build_corpus meets and reports it
                lacking = 0
            if 0 < lacking <= HELPER_MAX_FILES:
                self._follow_helper(proc)
                if self._stop.is_set():
                    self.cancelled.emit()
                    return None
            else:
                # Everything is cached: this thread reads it at once. Or so much is lacking that
                # the window is up long before it is parsed: this thread parses it, and the
                # corpus is shown before its merged outcome is stored, not after it is stored
                # and read back. Either way the helper stops.
                self._stop_helper()
        try:
            built = build_corpus_unsaved(self._paths, progress=self.progress.emit,
                                         cancelled=self._stop.is_set, stage=self.stage.emit)
        except Cancelled:
            self.cancelled.emit()
            return None
        except Exception as exc:  # a bug in extraction must not take the window down
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return None
        if self._stop.is_set():
            self.cancelled.emit()
            return None
        return built

    def _start_helper(self) -> subprocess.Popen[str] | None:
        command = _helper_command(self._paths)
        if command is None:
            return None
        with self._lock:
            if self._stop.is_set():
                return None
            try:
                # Not multiprocessing: its fork would copy this threaded process, and its spawn
                # imports the main module again (the whole application when run as a script).
                self._proc = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    text=True, env=_helper_env(),
                )
            except (OSError, ValueError, subprocess.SubprocessError):
                return None  # the thread does all the work, as without a helper
            return self._proc

    def _follow_helper(self, proc: subprocess.Popen[str]) -> None:
        """Pass on the helper's progress until its output ends."""
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                if line.startswith("stage "):
                    if not self._stop.is_set():
                        self.stage.emit(line[6:].strip())
                    continue
                try:
                    done, total = map(int, line.split())
                except ValueError:
                    continue
                if not self._stop.is_set():
                    self.progress.emit(done, total)
        except (OSError, ValueError):
            pass  # the output is unreadable: what the helper did not cache, build_corpus parses

    def _stop_helper(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.stdin is not None:
                with contextlib.suppress(OSError):
                    self._proc.stdin.close()

    def _reap(self, proc: subprocess.Popen[str]) -> None:
        """Wait for the helper to exit (it was told to stop or has finished); kill it if it hangs."""
        with self._lock:
            self._proc = None
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        try:
            proc.wait(_HELPER_EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Threads of finished loads that may still be storing what they merged (see CorpusLoader.saving),
# with their workers: held until they end, whatever becomes of the loader that started them, and
# waited for when the program exits (a thread must not be destroyed while it runs).
_RETIRED: set[tuple[QtCore.QThread, _Worker]] = set()


@atexit.register
def _wait_for_retired() -> None:
    for thread, _ in list(_RETIRED):
        thread.wait(60_000)


class CorpusLoader(QtCore.QObject):
    """Loads one set of paths at a time; a new :meth:`load` cancels the one running."""

    progress = Signal(int, int)  # files done, files in all
    stage = Signal(str)  # what the load does after its files ("Merging events")
    loaded = Signal(object, list)  # Corpus, the paths it came from
    failed = Signal(str)
    cancelled = Signal()
    busyChanged = Signal(bool)
    #: The merged outcome of every finished load is stored (see :attr:`saving`).
    saved = Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QtCore.QThread | None = None
        self._worker: _Worker | None = None
        self._stop = threading.Event()
        # Threads of finished loads still storing their merged outcome, with their workers.
        self._saving: list[tuple[QtCore.QThread, _Worker]] = []

    @property
    def busy(self) -> bool:
        return self._thread is not None

    @property
    def saving(self) -> bool:
        """Whether a finished load is still storing its merged outcome in the cache.

        ``loaded`` comes as soon as the corpus is merged; storing it, which makes the next load of
        the same files one read, follows in the load's thread (seconds at thousands of files), and
        ``saved`` when it is done. A new load does not wait for it.
        """
        return bool(self._saving)

    def load(self, paths: Sequence[str], *, helper_process: bool = False) -> None:
        """Start loading ``paths`` in the background.

        ``helper_process``: have a separate process parse what the cache lacks first (see the
        module's doc), for a load that overlaps the window's start-up.
        """
        if self._thread is not None:
            self.cancel()
            self.wait()
            self._finish(emit=False)
        self._stop = threading.Event()
        thread = QtCore.QThread(self)
        worker = _Worker(paths, self._stop, helper_process)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.stage.connect(self._on_stage)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self._thread, self._worker = thread, worker
        self.busyChanged.emit(True)
        thread.start()

    def cancel(self) -> None:
        """Ask the running load to stop at the next file."""
        self._stop.set()
        if self._worker is not None:
            self._worker.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the running load has finished and stored what it merged (used on close and
        in tests); ``msecs`` for each thread."""
        threads = [t for t, _ in self._saving]
        if self._thread is not None:
            threads.append(self._thread)
        return all([bool(t.wait(msecs)) for t in threads])

    def _finish(self, emit: bool = True) -> None:
        thread, worker = self._thread, self._worker
        self._thread, self._worker = None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()
        if emit:
            self.busyChanged.emit(False)

    def _on_progress(self, done: int, total: int) -> None:
        if self._current():
            self.progress.emit(done, total)

    def _on_stage(self, text: str) -> None:
        if self._current():
            self.stage.emit(text)

    def _current(self) -> bool:
        # A report from a load that was replaced by a newer one is stale: ignore it.
        return self._worker is not None and self.sender() is self._worker

    def _on_done(self, corpus: Corpus, paths: list[str]) -> None:
        if self._current():
            thread, worker = self._thread, self._worker
            assert thread is not None and worker is not None
            self._thread, self._worker = None, None
            # Storing what it merged, or done: let go of it when it is done (connected first, so
            # that its end is seen whenever it comes). Until then it is held here, not by this
            # loader: a loader deleted meanwhile must not take a running thread with it.
            thread.setParent(None)
            _RETIRED.add((thread, worker))
            self._saving.append((thread, worker))
            thread.finished.connect(lambda: self._saved(thread, worker))
            if thread.isFinished():
                self._saved(thread, worker)
            self.busyChanged.emit(False)
            self.loaded.emit(corpus, paths)

    def _saved(self, thread: QtCore.QThread, worker: _Worker) -> None:
        if (thread, worker) not in self._saving:
            return  # seen already
        self._saving.remove((thread, worker))
        _RETIRED.discard((thread, worker))
        worker.deleteLater()
        if not self._saving:
            self.saved.emit()

    def _on_failed(self, message: str) -> None:
        if self._current():
            self._finish()
            self.failed.emit(message)

    def _on_cancelled(self) -> None:
        if self._current():
            self._finish()
            self.cancelled.emit()
