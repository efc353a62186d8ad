"""The window's start-up order: the first paint with events comes before the participant map,
which is built right after it, and never while a load is still running."""

from __future__ import annotations

from pathlib import Path

from timeline_gui.core.articles import seeds_dir
from timeline_gui.qt.loader import CorpusLoader
from timeline_gui.qt.state import AppState


def _window(qtbot, state: AppState | None = None, loader: CorpusLoader | None = None):
    from timeline_gui.qt.window import MainWindow

    w = MainWindow(state, loader=loader)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    return w


def test_first_paint_with_events_is_reported_before_the_map_is_built(qtbot, state) -> None:
    w = _window(qtbot, state)
    seen: list[bool] = []
    w.firstEventsPainted.connect(lambda: seen.append(w._map is None))
    with qtbot.waitSignal(w.firstEventsPainted, timeout=10_000):
        w.show()
    assert seen == [True]
    qtbot.waitUntil(lambda: w._map is not None, timeout=10_000)


def _many_files(folder: Path, n: int) -> None:
    body = "Lavrov met Fidan in Istanbul on Friday. " * 40
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(f" date 2024-10-{1 + i % 28:02d} {body}\n", encoding="utf-8")


def test_the_map_waits_for_the_load_running_at_the_first_paint(qtbot, tmp_path, monkeypatch) -> None:
    import threading

    from timeline_gui.core import corpus as corpus_mod

    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    _many_files(tmp_path, 150)
    # The load is held at its first file until the window has painted, however fast the machine.
    gate = threading.Event()
    real = corpus_mod.extract_read

    def held(article):
        gate.wait(10)
        return real(article)

    monkeypatch.setattr(corpus_mod, "extract_read", held)
    loader = CorpusLoader()
    loader.load([str(tmp_path)])  # as the app does: started before the window exists
    w = _window(qtbot, loader=loader)
    w.adopt_load([str(tmp_path)])
    built_while_loading: list[bool] = []
    painted: list[bool] = []
    w.firstEventsPainted.connect(lambda: painted.append(w._map is None))
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    assert loader.busy
    built_while_loading.append(w._map is not None)
    gate.set()
    while loader.busy:
        built_while_loading.append(w._map is not None)
        qtbot.wait(20)
    assert built_while_loading and not any(built_while_loading)
    qtbot.waitUntil(lambda: bool(painted), timeout=20_000)
    assert painted == [True]
    qtbot.waitUntil(lambda: w._map is not None, timeout=10_000)


def test_the_map_is_built_after_a_load_without_events(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2024-01-05 Nothing much to report.\n", encoding="utf-8")
    loader = CorpusLoader()
    loader.load([str(folder)])
    w = _window(qtbot, loader=loader)
    w.adopt_load([str(folder)])
    w.show()
    qtbot.waitUntil(lambda: not loader.busy, timeout=10_000)
    qtbot.waitUntil(lambda: w._map is not None, timeout=10_000)
    assert len(w.state.corpus.articles) == 1 and not w.state.events


def test_seeds_load_and_show_with_the_map(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_GUI_CACHE_DIR", str(tmp_path / "cache"))
    loader = CorpusLoader()
    loader.load([str(seeds_dir())])
    w = _window(qtbot, loader=loader)
    w.adopt_load([str(seeds_dir())])
    with qtbot.waitSignal(w.firstEventsPainted, timeout=20_000):
        w.show()
    assert len(w.state.corpus.articles) == 2 and w.state.events
    qtbot.waitUntil(lambda: w._map is not None, timeout=10_000)
