"""Loading off the UI thread: progress, results, cancel, and the window staying responsive."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from timeline_gui.core import corpus as corpus_mod
from timeline_gui.core.articles import seeds_dir
from timeline_gui.qt import loader as loader_mod
from timeline_gui.qt.loader import CorpusLoader
from timeline_gui.qt.qt import QtCore, QtWidgets


def test_loads_the_seeds_in_a_worker_thread_with_progress(qtbot) -> None:
    loader = CorpusLoader()
    progress = []
    loader.progress.connect(lambda d, t: progress.append((d, t)))
    main = threading.get_ident()
    seen_threads = []
    import timeline_gui.core.corpus as mod  # the worker imports it from there when it runs

    real = mod.build_corpus_unsaved

    def spy(*a, **k):
        seen_threads.append(threading.get_ident())
        return real(*a, **k)

    mod.build_corpus_unsaved = spy
    try:
        with qtbot.waitSignal(loader.loaded, timeout=10_000) as sig:
            loader.load([str(seeds_dir())])
    finally:
        mod.build_corpus_unsaved = real
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


def test_the_progress_bar_says_what_follows_the_files(qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a").mkdir()
    _many_files(tmp_path / "a", 3)
    shown: list[str] = []
    window.loader.stage.connect(lambda _: shown.append(window.progress.text()))
    with qtbot.waitSignal(window.loader.loaded, timeout=20_000):
        window.open_paths([str(tmp_path / "a")])
    # Saving follows the load, in the status bar (see test_the_corpus_is_shown_before_it_is_stored)
    assert shown == ["Merging events…"]
    # a new load counts files again
    window._on_busy(True)
    window._on_progress(1, 4)
    assert window.progress.text() == "Loading 1 of 4 files"


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


# -- the helper process of a start-up load -------------------------------------------------------


@pytest.fixture
def helpers(monkeypatch, tmp_path) -> list[subprocess.Popen[str]]:
    """The helper processes started, on a cache of their own."""
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    started: list[subprocess.Popen[str]] = []
    real = subprocess.Popen

    def spy(*a, **k):
        p = real(*a, **k)
        started.append(p)
        return p

    monkeypatch.setattr(loader_mod.subprocess, "Popen", spy)
    return started


def _load(qtbot, paths: list[str], stages: list[str] | None = None):
    loader = CorpusLoader()
    progress = []
    loader.progress.connect(lambda d, t: progress.append((d, t)))
    if stages is not None:
        loader.stage.connect(stages.append)
    with qtbot.waitSignal(loader.loaded, timeout=30_000) as sig:
        loader.load(paths, helper_process=True)
    assert not loader.busy
    return sig.args[0], progress


def _shape(c):
    return (c.articles, c.events, c.problems)


def test_helper_process_parses_into_the_cache_and_the_corpus_is_the_same(qtbot, helpers) -> None:
    stages: list[str] = []
    corpus, progress = _load(qtbot, [str(seeds_dir())], stages)
    # the helper's stages come through its output, then the thread reads back what it stored
    assert stages == [corpus_mod.STAGE_MERGING, corpus_mod.STAGE_SAVING, corpus_mod.STAGE_READING]
    assert len(helpers) == 1 and helpers[0].returncode == 0  # started, and reaped
    assert corpus_mod.last_build_stats.merged_from_cache  # the thread only read what it stored
    assert _shape(corpus) == _shape(corpus_mod.build_corpus_sequential([seeds_dir()]))
    assert progress[-1] == (2, 2)
    # Everything is cached now: the next start-up's helper is stopped, and not waited for.
    again, _ = _load(qtbot, [str(seeds_dir())])
    assert len(helpers) == 2 and helpers[1].returncode is not None
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(again) == _shape(corpus)


@pytest.mark.parametrize("command", [["/nonexistent/python"], [sys.executable, "-c", "raise SystemExit(3)"],
                                     [sys.executable, "-c", "print('garbage'); print(1, 2, 3)"]])
def test_a_helper_that_fails_leaves_the_work_to_the_thread(qtbot, helpers, monkeypatch, command) -> None:
    monkeypatch.setattr(loader_mod, "_helper_command", lambda paths: command)
    corpus, _ = _load(qtbot, [str(seeds_dir())])
    assert corpus_mod.last_build_stats.parsed_in_process == 2
    assert _shape(corpus) == _shape(corpus_mod.build_corpus_sequential([seeds_dir()]))
    assert all(p.returncode is not None for p in helpers)


def test_cancel_stops_the_helper_process(qtbot, helpers, tmp_path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    _many_files(folder, 400)
    loader = CorpusLoader()
    loader.progress.connect(lambda d, t: loader.cancel() if d >= 5 else None)
    loaded = []
    loader.loaded.connect(lambda *a: loaded.append(a))
    with qtbot.waitSignal(loader.cancelled, timeout=30_000):
        loader.load([str(folder)], helper_process=True)
    assert not loaded and not loader.busy
    assert len(helpers) == 1 and helpers[0].returncode is not None  # gone, not left running
    # It stopped early, keeping what it finished: most files are still to parse.
    assert corpus_mod.cache_lacks([folder])


def test_a_large_start_up_load_is_parsed_by_the_thread_not_the_helper(qtbot, helpers, monkeypatch, tmp_path) -> None:
    # Past HELPER_MAX_FILES the helper would have to store and the thread read back what the
    # thread can merge itself.
    monkeypatch.setattr(loader_mod, "HELPER_MAX_FILES", 1)
    stages: list[str] = []
    corpus, progress = _load(qtbot, [str(seeds_dir())], stages)
    assert len(helpers) == 1 and helpers[0].returncode is not None  # started, then stopped
    assert corpus_mod.last_build_stats.parsed_in_process == 2
    assert not corpus_mod.last_build_stats.merged_from_cache
    assert stages == [corpus_mod.STAGE_MERGING]
    assert progress[-1] == (2, 2)
    assert _shape(corpus) == _shape(corpus_mod.build_corpus_sequential([seeds_dir()]))


def test_no_helper_process_on_a_single_cpu(qtbot, helpers, monkeypatch) -> None:
    monkeypatch.setattr(loader_mod, "_cpus", lambda: 1)
    corpus, _ = _load(qtbot, [str(seeds_dir())])
    assert not helpers and len(corpus.articles) == 2
    assert corpus_mod.last_build_stats.parsed_in_process == 2


def test_the_corpus_is_shown_before_its_merged_outcome_is_stored(qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a").mkdir()
    _many_files(tmp_path / "a", 3)
    # Storing is held until the corpus is in the window, so that the test sees the order for sure.
    shown = threading.Event()
    real = corpus_mod.ArticleCache.store_corpus

    def store_corpus(self, *a, **k):
        assert shown.wait(10)
        return real(self, *a, **k)

    monkeypatch.setattr(corpus_mod.ArticleCache, "store_corpus", store_corpus)
    with qtbot.waitSignal(window.loader.loaded, timeout=20_000):
        window.open_paths([str(tmp_path / "a")])
    assert len(window.state.corpus.articles) == 3
    assert window.loader.saving and not window.loader.busy
    assert window.statusBar().currentMessage().startswith("Saving the timeline to the cache")
    assert not window.progress.isVisibleTo(window)
    with qtbot.waitSignal(window.loader.saved, timeout=20_000):
        shown.set()
    assert not window.loader.saving and window.statusBar().currentMessage() == ""
    # What it stored is what the next load of these files reads, merged, in one go.
    again = corpus_mod.build_corpus([tmp_path / "a"])
    assert corpus_mod.last_build_stats.merged_from_cache
    assert _shape(again) == _shape(window.state.corpus)


def test_closing_the_window_waits_for_the_store(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    _many_files(tmp_path, 3)
    loader = CorpusLoader()
    stored = []
    real = corpus_mod.ArticleCache.store_corpus

    def store_corpus(self, *a, **k):
        import time

        time.sleep(0.3)
        stored.append(real(self, *a, **k))
        return stored[-1]

    monkeypatch.setattr(corpus_mod.ArticleCache, "store_corpus", store_corpus)
    with qtbot.waitSignal(loader.loaded, timeout=20_000):
        loader.load([str(tmp_path)])
    assert loader.saving
    assert loader.wait(10_000)
    assert stored == [True] and not any(t.isRunning() for t, _ in loader._saving)


def test_closing_the_window_while_it_stores_hides_it_and_lets_the_store_finish(qtbot, window, tmp_path,
                                                                               monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a").mkdir()
    _many_files(tmp_path / "a", 3)
    release = threading.Event()
    seen_hidden = []
    real = corpus_mod.ArticleCache.store_corpus

    def store_corpus(self, *a, **k):
        assert release.wait(10)
        seen_hidden.append(not window.isVisible())
        return real(self, *a, **k)

    monkeypatch.setattr(corpus_mod.ArticleCache, "store_corpus", store_corpus)
    with qtbot.waitSignal(window.loader.loaded, timeout=20_000):
        window.open_paths([str(tmp_path / "a")])
    assert window.loader.saving
    threading.Timer(0.3, release.set).start()
    window.close()  # returns once the store is done
    assert seen_hidden == [True]
    assert not any(t.isRunning() for t, _ in loader_mod._RETIRED)
    corpus_mod.build_corpus([tmp_path / "a"])
    assert corpus_mod.last_build_stats.merged_from_cache
