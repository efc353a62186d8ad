"""Loading off the UI thread: progress, results, cancel, and the window staying responsive."""

from __future__ import annotations

import threading

from timeline_gui.core.articles import seeds_dir
from timeline_gui.qt.loader import CorpusLoader
from timeline_gui.qt.qt import QtCore, QtWidgets


def test_loads_the_seeds_in_a_worker_thread_with_progress(qtbot) -> None:
    loader = CorpusLoader()
    progress = []
    loader.progress.connect(lambda d, t: progress.append((d, t)))
    main = threading.get_ident()
    seen_threads = []
    import timeline_gui.core.corpus as mod  # the worker imports it from there when it runs

    real = mod.build_corpus

    def spy(*a, **k):
        seen_threads.append(threading.get_ident())
        return real(*a, **k)

    mod.build_corpus = spy
    try:
        with qtbot.waitSignal(loader.loaded, timeout=10_000) as sig:
            loader.load([str(seeds_dir())])
    finally:
        mod.build_corpus = real
    corpus, paths = sig.args
    assert len(corpus.articles) == 2 and paths == [str(seeds_dir())]
    assert progress[-1] == (2, 2)
    assert seen_threads and seen_threads[0] != main
    assert not loader.busy


def _many_files(folder, n: int) -> None:
    body = "Lavrov met Fidan in Istanbul on Friday. " * 40
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(f" date 2024-10-{1 + i % 28:02d} {body}\n", encoding="utf-8")


def test_cancel_stops_the_load_and_keeps_the_ui_responsive(qtbot, tmp_path) -> None:
    _many_files(tmp_path, 400)
    loader = CorpusLoader()
    ticks = []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    loader.progress.connect(lambda d, t: loader.cancel() if d >= 5 else None)
    loaded = []
    loader.loaded.connect(lambda *a: loaded.append(a))
    with qtbot.waitSignal(loader.cancelled, timeout=20_000):
        loader.load([str(tmp_path)])
    timer.stop()
    assert not loaded
    assert not loader.busy
    assert ticks  # the event loop kept running while the worker read files


def test_window_progress_bar_and_cancel_button(qtbot, window, tmp_path) -> None:
    _many_files(tmp_path, 300)
    before = window.state.corpus
    window.open_paths([str(tmp_path)])
    assert window.progress.isVisibleTo(window) and window.cancel_button.isVisibleTo(window)
    with qtbot.waitSignal(window.loader.cancelled, timeout=20_000):
        window.cancel_button.click()
    assert window.state.corpus is before  # the old corpus stays
    assert not window.progress.isVisibleTo(window)
    QtWidgets.QApplication.processEvents()
