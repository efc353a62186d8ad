"""Loading a corpus off the UI thread, with progress and cancel.

:class:`CorpusLoader` runs :func:`~timeline_gui.core.corpus.build_corpus` in a ``QThread`` and
reports back through queued signals, so the window keeps repainting and the Cancel button keeps
working while thousands of files are read.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from timeline_gui.qt.qt import QtCore, Signal

if TYPE_CHECKING:
    from timeline_gui.core.corpus import Corpus


class _Worker(QtCore.QObject):
    progress = Signal(int, int)
    done = Signal(object, list)  # Corpus, paths
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, paths: Sequence[str], stop: threading.Event) -> None:
        super().__init__()
        self._paths = list(paths)
        self._stop = stop

    def run(self) -> None:
        try:
            self._run()
        finally:
            # End the thread's event loop so that QThread.wait() returns once the work is done.
            thread = self.thread()
            if thread is not None:
                thread.quit()

    def _run(self) -> None:
        # The extraction stack (timex rules, cache, merge) is imported here, in the loading
        # thread, so that the window's start-up does not wait for it.
        from timeline_gui.core.corpus import Cancelled, build_corpus

        try:
            corpus = build_corpus(self._paths, progress=self.progress.emit, cancelled=self._stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # a bug in extraction must not take the window down
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.done.emit(corpus, self._paths)


class CorpusLoader(QtCore.QObject):
    """Loads one set of paths at a time; a new :meth:`load` cancels the one running."""

    progress = Signal(int, int)  # files done, files in all
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

    def load(self, paths: Sequence[str]) -> None:
        """Start loading ``paths`` in the background."""
        if self._thread is not None:
            self.cancel()
            self.wait()
            self._finish(emit=False)
        self._stop = threading.Event()
        thread = QtCore.QThread(self)
        worker = _Worker(paths, self._stop)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self._thread, self._worker = thread, worker
        self.busyChanged.emit(True)
        thread.start()

    def cancel(self) -> None:
        """Ask the running load to stop at the next file."""
        self._stop.set()

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
