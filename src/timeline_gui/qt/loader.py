"""Loading a corpus off the UI thread, with progress and cancel.

:class:`CorpusLoader` runs :func:`~timeline_gui.core.corpus.build_corpus` in a ``QThread`` and
reports back through queued signals, so the window keeps repainting and the Cancel button keeps
working while thousands of files are read.

At start-up the thread starts a separate Python process at once and, when the cache turns out to
lack some of the files, lets it parse them into the cache
(:func:`~timeline_gui.core.corpus.fill_cache`) and then builds the corpus from it; when nothing is
lacking, the helper is stopped and the thread reads the cache without waiting for it. At start-up
the main thread is busy importing and building the window, and the extraction a thread would do
(importing the extractor, loading the gazetteer, parsing) would compete with it for the
interpreter lock, delaying the first paint by a fifth of a second or more for the two sample
articles on an empty cache; a process runs on another core. Whatever the helper process does or
fails to do, the thread's own ``build_corpus`` gives the same corpus: the helper only makes it a
cache hit.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
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
            self._build(proc)
        finally:
            if proc is not None:
                self._reap(proc)

    def _build(self, proc: subprocess.Popen[str] | None) -> None:
        # The extraction stack (timex rules, cache, merge) is imported here, in the loading
        # thread, so that the window's start-up does not wait for it.
        from timeline_gui.core.corpus import Cancelled, build_corpus, cache_lacks

        if proc is not None:
            try:
                needed = cache_lacks(self._paths)
            except Exception:  # whatever the check met, build_corpus meets and reports it
                needed = False
            if needed:
                self._follow_helper(proc)
                if self._stop.is_set():
                    self.cancelled.emit()
                    return
            else:
                # Everything is cached: this thread reads it at once, and the helper stops.
                self._stop_helper()
        try:
            corpus = build_corpus(self._paths, progress=self.progress.emit, cancelled=self._stop.is_set,
                                  stage=self.stage.emit)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # a bug in extraction must not take the window down
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.done.emit(corpus, self._paths)

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


class CorpusLoader(QtCore.QObject):
    """Loads one set of paths at a time; a new :meth:`load` cancels the one running."""

    progress = Signal(int, int)  # files done, files in all
    stage = Signal(str)  # what the load does after its files ("Merging events")
    loaded = Signal(object, list)  # Corpus, the paths it came from
    failed = Signal(str)
    cancelled = Signal()
    busyChanged = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QtCore.QThread | None = None
        self._worker: _Worker | None = None
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        return self._thread is not None

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
        """Block until the running load has finished (used on close and in tests)."""
        if self._thread is None:
            return True
        return bool(self._thread.wait(msecs))

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
            self._finish()
            self.loaded.emit(corpus, paths)

    def _on_failed(self, message: str) -> None:
        if self._current():
            self._finish()
            self.failed.emit(message)

    def _on_cancelled(self) -> None:
        if self._current():
            self._finish()
            self.cancelled.emit()
