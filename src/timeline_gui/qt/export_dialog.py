"""File → "Export timeline as PNG…" and "Export data…": the dialogs in front of the exporters.

The image dialog collects a file name, a size (1920x1080, 3840x2160 or custom), the range (the
dates the window shows, or all events), the lane grouping and a title, then calls the same
:func:`timeline_gui.qt.export.export_file` as ``timeline-gui export``, so equal settings give the
same image from both. The data dialog writes the JSON, CSV or TimelineJS exports of
:mod:`timeline_gui.core.exchange`. Failures are shown as a message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from timeline_gui.core.exchange import DATA_FORMATS, DataFormat, write_data
from timeline_gui.core.layout import LANE_MODES
from timeline_gui.core.model import Event
from timeline_gui.core.safewrite import SafeWriteError
from timeline_gui.qt.export import PRESETS, ExportError, ExportSettings, export_file
from timeline_gui.qt.qt import QtCore, QtGui, QtWidgets
from timeline_gui.qt.settings import make_settings

_LANE_LABELS = {"country": "By country", "type": "By event type", "article": "By article"}

#: File dialog filter and default suffix of each data format.
DATA_FILTERS: dict[DataFormat, tuple[str, str]] = {
    "json": ("Events as JSON (*.json)", ".json"),
    "csv": ("Events as CSV, one row per event (*.csv)", ".csv"),
    "timelinejs": ("TimelineJS3 JSON, for the web (*.json)", ".json"),
}


#: The settings key of the folder of the last export that was written.
LAST_DIR_KEY = "export/lastFolder"


def _default_dir() -> str:
    """The folder an export is proposed in: the last export's, else the documents folder, else home.

    Only a folder that exists: Qt names the platform's usual documents folder whether or not this
    user has one, and an export proposed into a missing folder fails on the first click.
    """
    last = make_settings().value(LAST_DIR_KEY)
    docs = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (last if isinstance(last, str) else "", docs):
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def _remember_dir(path: str) -> None:
    """Propose the folder of ``path`` (just written) for the next export."""
    make_settings().setValue(LAST_DIR_KEY, str(Path(path).resolve().parent))


class ExportDialog(QtWidgets.QDialog):
    """The "Export timeline as PNG" dialog; :meth:`export` does the work (also used by tests)."""

    def __init__(self, parent: QtWidgets.QWidget | None, state: Any,
                 visible: tuple[dt.date, dt.date] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.visible = visible
        self.setWindowTitle("Export timeline as image")
        self.setModal(True)

        self.path_edit = QtWidgets.QLineEdit(str(Path(_default_dir()) / "timeline.png"))
        browse = QtWidgets.QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.size_combo = QtWidgets.QComboBox()
        for label, w, h in PRESETS:
            self.size_combo.addItem(label, (w, h))
        self.size_combo.addItem("Custom size", None)
        self.width_spin = QtWidgets.QSpinBox()
        self.height_spin = QtWidgets.QSpinBox()
        for spin, value in ((self.width_spin, 1920), (self.height_spin, 1080)):
            spin.setRange(200 if spin is self.width_spin else 150, 16384)
            spin.setValue(value)
            spin.setSuffix(" px")
        size_row = QtWidgets.QHBoxLayout()
        size_row.addWidget(self.size_combo, 1)
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QtWidgets.QLabel("×"))
        size_row.addWidget(self.height_spin)
        self.size_combo.currentIndexChanged.connect(self._size_changed)
        self._size_changed()

        self.range_visible = QtWidgets.QRadioButton()
        self.range_all = QtWidgets.QRadioButton("All events")
        if visible is not None:
            a, b = visible
            self.range_visible.setText(f"What the window shows: {a.isoformat()} to {b.isoformat()}, "
                                       "with the current filter")
            self.range_visible.setChecked(True)
        else:
            self.range_visible.setText("What the window shows")
            self.range_visible.setEnabled(False)
            self.range_all.setChecked(True)
        range_box = QtWidgets.QVBoxLayout()
        range_box.addWidget(self.range_visible)
        range_box.addWidget(self.range_all)

        self.lane_combo = QtWidgets.QComboBox()
        for mode in LANE_MODES:
            self.lane_combo.addItem(_LANE_LABELS.get(mode, mode), mode)
        mode = getattr(state, "lane_mode", "country")
        self.lane_combo.setCurrentIndex(max(self.lane_combo.findData(mode), 0))

        self.title_edit = QtWidgets.QLineEdit()
        self.title_edit.setPlaceholderText("Default: “Events reported in N news articles”")

        form = QtWidgets.QFormLayout()
        form.addRow("File:", file_row)
        form.addRow("Size:", size_row)
        form.addRow("Range:", range_box)
        form.addRow("Lanes:", self.lane_combo)
        form.addRow("Title:", self.title_edit)
        hint = QtWidgets.QLabel("A light, print-ready layout. A name ending in .svg gives a vector image.")
        hint.setWordWrap(True)
        hint.setEnabled(False)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).setText("Export")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.last_error: str | None = None

    # -- fields ---------------------------------------------------------------------------------
    def _size_changed(self) -> None:
        preset = self.size_combo.currentData()
        custom = preset is None
        self.width_spin.setEnabled(custom)
        self.height_spin.setEnabled(custom)
        if preset is not None:
            self.width_spin.setValue(preset[0])
            self.height_spin.setValue(preset[1])

    def _browse(self) -> None:
        path, _flt = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export timeline as", self.path_edit.text(), "PNG image (*.png);;SVG vector image (*.svg)")
        if path:
            if not path.lower().endswith((".png", ".svg")):
                path += ".png"
            self.path_edit.setText(path)

    def settings(self) -> ExportSettings:
        """The export settings the fields describe (what ``timeline-gui export`` would be given)."""
        date_from = date_to = None
        if self.range_visible.isChecked() and self.visible is not None:
            date_from, date_to = self.visible
        return ExportSettings(
            width=self.width_spin.value(),
            height=self.height_spin.value(),
            date_from=date_from,
            date_to=date_to,
            lanes=str(self.lane_combo.currentData()),
            title=self.title_edit.text().strip() or None,
        )

    def events(self) -> Sequence[Event] | None:
        """The window's filtered events for "what the window shows"; None (all) otherwise."""
        if self.range_visible.isChecked() and hasattr(self.state, "visible_events"):
            return list(self.state.visible_events())
        return None

    def path(self) -> str:
        text = os.path.expanduser(self.path_edit.text().strip())
        if text and not text.lower().endswith((".png", ".svg")):
            text += ".png"
        return text

    # -- action ---------------------------------------------------------------------------------
    def export(self) -> str:
        """Write the image; returns its path or raises :class:`ExportError`."""
        path = self.path()
        if not path:
            raise ExportError("choose a file name for the image")
        QtWidgets.QApplication.setOverrideCursor(QtGui.QCursor(QtCore.Qt.CursorShape.WaitCursor))
        try:
            export_file(self.state.corpus, path, self.settings(), self.events())
        finally:
            QtWidgets.QApplication.restoreOverrideCursor()
        return path

    def _accept(self) -> None:
        try:
            path = self.export()
        except ExportError as exc:
            self.last_error = str(exc)
            QtWidgets.QMessageBox.warning(self, "Export failed", f"The image was not saved:\n{exc}")
            return
        _remember_dir(path)
        _status(self.parent(), f"Timeline exported to {path}")
        self.accept()


def _status(parent: object, message: str) -> None:
    bar = getattr(parent, "statusBar", None)
    if callable(bar):
        bar().showMessage(message, 8000)


def run_export_dialog(parent: QtWidgets.QWidget | None, state: Any,
                      visible: tuple[dt.date, dt.date] | None = None) -> None:
    """File → Export timeline as PNG… (Ctrl+E)."""
    dlg = ExportDialog(parent, state, visible)
    dlg.exec()
    dlg.deleteLater()


def export_data(state: Any, path: str, fmt: DataFormat, only_visible: bool = False) -> None:
    """Write one data export of the window's corpus (or of its filtered events); raises ``SafeWriteError``."""
    events = list(state.visible_events()) if only_visible and hasattr(state, "visible_events") else None
    write_data(state.corpus, path, fmt, events)


def run_data_export_dialog(parent: QtWidgets.QWidget | None, state: Any, fmt: DataFormat | None = None) -> None:
    """File → Export data…: JSON, CSV or TimelineJS of every event (the ``extract`` formats)."""
    formats = [fmt] if fmt in DATA_FORMATS else list(DATA_FORMATS)
    filters = ";;".join(DATA_FILTERS[f][0] for f in formats)  # type: ignore[index]
    start = str(Path(_default_dir()) / f"events{DATA_FILTERS[formats[0]][1]}")  # type: ignore[index]
    path, chosen = QtWidgets.QFileDialog.getSaveFileName(parent, "Export events as", start, filters)
    if not path:
        return
    picked: DataFormat = next((f for f in formats if DATA_FILTERS[f][0] == chosen), formats[0])  # type: ignore[index,assignment]
    if not Path(path).suffix:
        path += DATA_FILTERS[picked][1]
    try:
        export_data(state, path, picked)
    except SafeWriteError as exc:
        QtWidgets.QMessageBox.warning(parent, "Export failed", f"The data was not saved:\n{exc}")
        return
    _remember_dir(path)
    _status(parent, f"{len(state.corpus.events)} events exported to {path}")
