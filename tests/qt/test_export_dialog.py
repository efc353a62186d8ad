"""The export dialogs and the command line: the same image for the same settings; data exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import timeline_gui.qt.qt  # noqa: F401  (binding work-arounds before any Qt call)
from timeline_gui import cli
from timeline_gui.core.corpus import Corpus, build_corpus
from timeline_gui.core.model import Event
from timeline_gui.qt import export as X
from timeline_gui.qt import export_dialog as XD
from timeline_gui.qt.qt import QtWidgets


class FakeState:
    """What the dialogs read from the window's AppState."""

    def __init__(self, corpus: Corpus, visible: list[Event] | None = None, lane_mode: str = "country") -> None:
        self.corpus = corpus
        self._visible = list(corpus.events) if visible is None else visible
        self.lane_mode = lane_mode

    def visible_events(self) -> list[Event]:
        return self._visible


def _articles(tmp_path: Path) -> Path:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.txt").write_text(
        " date 2024-10-18 ISTANBUL, October 18. /TASS/. Russian Foreign Minister Sergey Lavrov will take part "
        "in a meeting of the 3+3 platform in Istanbul.\n\nGeorgia refused to participate.\n", encoding="utf-8")
    (src / "b.txt").write_text(
        " date 2022-03-16 Cavusoglu and Armenia's Foreign Minister Ararat Mirzoyan met in Antalya on Saturday.\n",
        encoding="utf-8")
    return src


def test_cli_in_another_process_gives_the_same_bytes(qapp, tmp_path: Path) -> None:
    from timeline_gui.core.corpus import build_corpus

    src = _articles(tmp_path)
    out = tmp_path / "cli.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-m", "timeline_gui", "export", str(src), "--out", str(out),
                        "--width", "1000", "--height", "700", "--title", "Same"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    here = X.render_png(build_corpus([src]), X.ExportSettings(width=1000, height=700, title="Same"))
    assert out.read_bytes() == here


def test_cli_export_error_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    src = _articles(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-m", "timeline_gui", "export", str(src), "--out",
                        str(tmp_path / "missing" / "t.png")], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1
    assert "does not exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_dialog_and_command_line_give_the_same_image(qtbot, tmp_path: Path) -> None:
    src = _articles(tmp_path)
    state = FakeState(build_corpus([src]))
    dlg = XD.ExportDialog(None, state, None)
    qtbot.addWidget(dlg)
    dlg.size_combo.setCurrentIndex(dlg.size_combo.count() - 1)  # custom
    dlg.width_spin.setValue(1000)
    dlg.height_spin.setValue(700)
    dlg.title_edit.setText("Same settings")
    dlg.path_edit.setText(str(tmp_path / "dialog.png"))
    assert dlg.range_all.isChecked() and not dlg.range_visible.isEnabled()
    dlg.export()
    assert cli.main(["export", str(src), "--out", str(tmp_path / "cli.png"), "--width", "1000", "--height", "700",
                     "--title", "Same settings"]) == 0
    assert (tmp_path / "dialog.png").read_bytes() == (tmp_path / "cli.png").read_bytes()


def test_visible_range_matches_from_and_to(qtbot, tmp_path: Path) -> None:
    src = _articles(tmp_path)
    state = FakeState(build_corpus([src]), lane_mode="type")
    visible = (dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    dlg = XD.ExportDialog(None, state, visible)
    qtbot.addWidget(dlg)
    assert dlg.range_visible.isChecked()
    assert dlg.lane_combo.currentData() == "type"
    dlg.path_edit.setText(str(tmp_path / "dialog"))  # the suffix is added
    s = dlg.settings()
    assert (s.width, s.height, s.date_from, s.date_to, s.lanes) == (1920, 1080, *visible, "type")
    assert dlg.export().endswith("dialog.png")
    assert cli.main(["export", str(src), "--out", str(tmp_path / "cli.png"), "--from", "2022-01-01",
                     "--to", "2024-12-31", "--lanes", "type"]) == 0
    assert (tmp_path / "dialog.png").read_bytes() == (tmp_path / "cli.png").read_bytes()


def test_presets_fill_the_size(qtbot) -> None:
    dlg = XD.ExportDialog(None, FakeState(Corpus()), None)
    qtbot.addWidget(dlg)
    dlg.size_combo.setCurrentIndex(1)
    assert (dlg.width_spin.value(), dlg.height_spin.value()) == (3840, 2160)
    assert not dlg.width_spin.isEnabled()
    dlg.size_combo.setCurrentIndex(dlg.size_combo.count() - 1)
    assert dlg.width_spin.isEnabled()


def test_failed_export_shows_a_message_and_keeps_the_dialog(qtbot, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    dlg = XD.ExportDialog(None, FakeState(build_corpus([_articles(tmp_path)])), None)
    qtbot.addWidget(dlg)
    dlg.path_edit.setText(str(tmp_path / "no" / "such" / "t.png"))
    dlg._accept()
    assert shown and "does not exist" in shown[0]
    assert dlg.result() == 0 and dlg.last_error


@pytest.mark.parametrize(("fmt", "name"), [("json", "e.json"), ("csv", "e.csv"), ("timelinejs", "tl.json")])
def test_data_export_from_the_menu(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   fmt: str, name: str) -> None:
    src = _articles(tmp_path)
    state = FakeState(build_corpus([src]))
    target = tmp_path / name
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), XD.DATA_FILTERS[fmt][0]))  # type: ignore[index]
    XD.run_data_export_dialog(None, state)
    text = target.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == len(state.corpus.events) + 1
    else:
        data: Any = json.loads(text)
        assert len(data["events"]) == len(state.corpus.events)
        if fmt == "timelinejs":
            assert "start_date" in data["events"][0]
        else:
            assert "articles" in data


def test_data_export_failure_is_a_message(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "e.json"), ""))
    XD.run_data_export_dialog(None, FakeState(Corpus()), "json")
    assert shown and "does not exist" in shown[0]


def test_the_proposed_folder_exists_and_follows_the_last_export(qtbot, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline_gui.qt.qt import QtCore

    # A user without a documents folder: Qt still names one, the dialog must not propose it.
    missing = tmp_path / "no-documents"
    monkeypatch.setattr(QtCore.QStandardPaths, "writableLocation", lambda *_: str(missing))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    state = FakeState(build_corpus([_articles(tmp_path)]))
    dlg = XD.ExportDialog(None, state, None)
    qtbot.addWidget(dlg)
    assert Path(dlg.path()).parent == home
    # After an export elsewhere, the next dialog (image or data) starts in that folder.
    out = tmp_path / "exports"
    out.mkdir()
    dlg.path_edit.setText(str(out / "first.png"))
    dlg._accept()
    assert (out / "first.png").is_file()
    again = XD.ExportDialog(None, state, None)
    qtbot.addWidget(again)
    assert Path(again.path()) == out / "timeline.png"
    asked: list[str] = []
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]), ("", ""))[1])
    XD.run_data_export_dialog(None, state, "csv")
    assert asked == [str(out / "events.csv")]
    # A remembered folder that has since gone is passed over.
    (out / "first.png").unlink()
    out.rmdir()
    last = XD.ExportDialog(None, state, None)
    qtbot.addWidget(last)
    assert Path(last.path()).parent == home
