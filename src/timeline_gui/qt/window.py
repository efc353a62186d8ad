"""The explorer's main window: timeline, event list, detail pane and participant map around one
:class:`~timeline_gui.qt.state.AppState`, with menus, toolbar, status bar, a problems panel,
background loading and drag and drop."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from timeline_gui.core.layout import LANE_MODES, x_to_date
from timeline_gui.qt import theme
from timeline_gui.qt.detail import DetailPane
from timeline_gui.qt.loader import CorpusLoader
from timeline_gui.qt.models import EventTable
from timeline_gui.qt.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from timeline_gui.qt.search import SearchBar
from timeline_gui.qt.settings import make_settings
from timeline_gui.qt.state import AppState
from timeline_gui.qt.timeline import TimelineView

if TYPE_CHECKING:
    from timeline_gui.core.corpus import Corpus
    from timeline_gui.qt.mapview import MapView

LANE_LABELS = {"country": "Lanes by country", "type": "Lanes by event type", "article": "Lanes by article"}
#: The load progress bar while files are read (%v done of %m).
_FILES_FORMAT = "Loading %v of %m files"
#: Said in the status bar while a finished load stores its merged events in the cache.
_SAVING = "Saving the timeline to the cache for the next time…"


def _mirror_lightness(image: QtGui.QImage) -> QtGui.QImage:
    """``image`` with each visible pixel's HSL lightness mirrored (``255 - L``), hue and saturation kept.

    Mirroring the lightness keeps the chroma (``max - min`` of the channels), so every channel of a
    pixel moves by the same amount, ``255 - max - min``: one array operation for the whole image.
    """
    img = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    w, h = img.width(), img.height()
    px = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, : w * 4].reshape(h, w, 4)
    rgb = px[..., :3].astype(np.int16)
    shift = 255 - rgb.max(axis=2, keepdims=True) - rgb.min(axis=2, keepdims=True)
    out = px.copy()
    out[..., :3] = np.where(px[..., 3:] > 0, rgb + shift, rgb)
    return QtGui.QImage(out.data, w, h, w * 4, QtGui.QImage.Format.Format_RGBA8888).copy()


class MainWindow(QtWidgets.QMainWindow):
    """The whole explorer. ``MainWindow(state)`` shows ``state``'s corpus; :meth:`open_paths`
    loads another in the background."""

    #: Emitted once, just after the first paint of the timeline that showed events.
    firstEventsPainted = Signal()

    def __init__(self, state: AppState | None = None, settings: QtCore.QSettings | None = None,
                 loader: CorpusLoader | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Timeline Explorer")
        self.setObjectName("MainWindow")
        self.state = state or AppState()
        self.settings = settings or make_settings()
        self.loader = loader or CorpusLoader(self)
        if loader is not None:
            loader.setParent(self)
        self.setAcceptDrops(True)

        self.search = SearchBar(self.state)
        self.timeline = TimelineView(self.state)
        self.table = EventTable(self.state)
        self.detail = DetailPane(self.state)
        # The participant map (outlines, places, participant layout) is built after the first
        # paint, in its pane's place: the window shows its timeline without waiting for it.
        self._map: MapView | None = None
        self.map_slot = QtWidgets.QWidget()
        self.map_slot.setObjectName("mapSlot")
        QtWidgets.QVBoxLayout(self.map_slot).setContentsMargins(0, 0, 0, 0)

        top = QtWidgets.QWidget()
        tl = QtWidgets.QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        tl.addWidget(self.search)
        tl.addWidget(self.timeline, 1)
        self.left_split = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        self.left_split.setObjectName("leftSplitter")
        self.left_split.addWidget(top)
        self.left_split.addWidget(self.table)
        self.left_split.setStretchFactor(0, 3)
        self.left_split.setStretchFactor(1, 1)
        self.right_split = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        self.right_split.setObjectName("rightSplitter")
        self.right_split.addWidget(self.detail)
        self.right_split.addWidget(self.map_slot)
        self.main_split = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setObjectName("mainSplitter")
        self.main_split.addWidget(self.left_split)
        self.main_split.addWidget(self.right_split)
        self.main_split.setStretchFactor(0, 2)
        self.main_split.setStretchFactor(1, 1)
        self.setCentralWidget(self.main_split)

        self._build_problems_dock()
        self._build_actions()
        self._build_status()

        self.state.corpusChanged.connect(self._on_corpus)
        self.state.filterChanged.connect(self._update_status)
        self.state.selectionChanged.connect(self._update_status)
        self.state.laneModeChanged.connect(self._on_lane_mode)
        self.loader.progress.connect(self._on_progress)
        self.loader.stage.connect(self._on_stage)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.loader.cancelled.connect(self._on_cancelled)
        self.loader.busyChanged.connect(self._on_busy)
        self.loader.saved.connect(self._on_saved)

        self.resize(1400, 900)
        self.main_split.setSizes([900, 500])
        self.left_split.setSizes([560, 300])
        self.right_split.setSizes([460, 420])
        self.restore_settings()
        self._on_corpus()
        self._painted = self._painted_events = False
        # The window's own timer, not a free single shot: one still pending when the window goes
        # (the app quitting right after its first paint) goes with it.
        self._map_timer = QtCore.QTimer(self)
        self._map_timer.setSingleShot(True)
        self._map_timer.timeout.connect(self._after_first_paint)
        self.timeline.plot.viewport().installEventFilter(self)

    # -- building -------------------------------------------------------------------------------
    @property
    def map(self) -> MapView:
        """The participant map, built on first use (or just after the window's first paint)."""
        if self._map is None:
            from timeline_gui.qt.mapview import MapView

            self._map = MapView(self.state)
            lay = self.map_slot.layout()
            assert lay is not None
            lay.addWidget(self._map)
        return self._map

    def eventFilter(self, obj: QtCore.QObject, ev: QtCore.QEvent) -> bool:
        if ev.type() == QtCore.QEvent.Type.Paint and obj is self.timeline.plot.viewport():
            with_events = bool(self.state.events)
            first_events = with_events and not self._painted_events
            if first_events:
                self._painted_events = True
            # The map (a few tenths of a second to build) waits for the first paint that shows what
            # is being loaded: built while the load runs, it would hold back the events' first paint.
            # After a first paint with events it is started by the report of that paint, so that the
            # paint is reported before the map is built (two zero timers need not fire in order).
            start_map = not self._painted and (with_events or not self.loader.busy)
            if start_map:
                self._painted = True
            if first_events:
                QtCore.QTimer.singleShot(0, lambda: self._report_first_events(start_map))
            elif start_map:
                self._map_timer.start(0)
            if self._painted and self._painted_events:
                obj.removeEventFilter(self)
        return False

    def _report_first_events(self, start_map: bool) -> None:
        self.firstEventsPainted.emit()
        if start_map:
            self._map_timer.start(0)

    def _after_first_paint(self) -> None:
        if self._map is None:
            _ = self.map

    def _action(self, text: str, slot: Any, shortcuts: list[str] | None = None, tip: str = "",
                icon: QtWidgets.QStyle.StandardPixmap | None = None) -> QtGui.QAction:
        act = QtGui.QAction(text, self)
        if shortcuts:
            act.setShortcuts([QtGui.QKeySequence(s) for s in shortcuts])
        sc = f" ({act.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)})" if shortcuts else ""
        act.setToolTip((tip or text.replace("…", "").replace("&", "")) + sc)
        act.setStatusTip(tip or text.replace("&", ""))
        if icon is not None:
            self._icons.append((act, icon))
            act.setIcon(self._tinted(icon))
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)  # shortcuts work even when the menu bar is hidden
        return act

    def _tinted(self, which: QtWidgets.QStyle.StandardPixmap) -> QtGui.QIcon:
        """A style's standard icon, readable on the current palette.

        The style's icons are drawn for light backgrounds: black arrows nearly vanish on a dark
        toolbar. On a dark palette each pixel's lightness is mirrored (hue and saturation kept),
        so black ink turns light while the folder stays yellow and the disk blue.
        """
        base = self.style().standardIcon(which)
        if self.palette().color(QtGui.QPalette.ColorRole.Window).lightness() >= 128:
            return base
        out = QtGui.QIcon()
        for size in (16, 24, 32):
            pm = base.pixmap(size, size)
            if not pm.isNull():
                out.addPixmap(QtGui.QPixmap.fromImage(_mirror_lightness(pm.toImage())))
        return out

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        if ev.type() == QtCore.QEvent.Type.PaletteChange and hasattr(self, "_icons"):
            for act, which in self._icons:
                act.setIcon(self._tinted(which))
        super().changeEvent(ev)

    def _build_actions(self) -> None:
        self._icons: list[tuple[QtGui.QAction, QtWidgets.QStyle.StandardPixmap]] = []
        sp = QtWidgets.QStyle.StandardPixmap
        self.act_open = self._action("&Open folder…", self.open_folder_dialog, ["Ctrl+O"], icon=sp.SP_DirOpenIcon)
        self.act_open_files = self._action("Open &files…", self.open_files_dialog, ["Ctrl+Shift+O"])
        self.act_export = self._action("&Export timeline as PNG…", self.export_png, ["Ctrl+E"],
                                       icon=sp.SP_DialogSaveButton)
        self.act_export_data = self._action("Export &data…", self.export_data)
        self.act_quit = self._action("&Quit", self.close, ["Ctrl+Q"])
        self.act_find = self._action("&Find…", self.search.focus_search, ["Ctrl+F"])
        self.act_clear = self._action("&Clear filter", self.state.clear_filter, ["Ctrl+Shift+F"])
        self.act_fit = self._action("&Fit all", self.timeline.fit_all, ["Home"], icon=sp.SP_BrowserReload)
        self.act_zoom_sel = self._action("Zoom to &selection", self.timeline.zoom_to_selection, ["Z"],
                                         icon=sp.SP_FileDialogContentsView)
        self.act_zoom_in = self._action("Zoom &in", lambda: self.timeline.zoom(0.5), ["+", "=", "Ctrl++"],
                                        icon=sp.SP_ArrowUp)
        self.act_zoom_out = self._action("Zoom &out", lambda: self.timeline.zoom(2.0), ["-", "Ctrl+-"],
                                         icon=sp.SP_ArrowDown)
        self.act_prev = self._action("&Previous event", lambda: self.state.step(-1), ["Left"], icon=sp.SP_ArrowBack)
        self.act_next = self._action("&Next event", lambda: self.state.step(+1), ["Right"], icon=sp.SP_ArrowForward)
        self.act_about = self._action("&About", self.about)

        mb = self.menuBar()
        m = mb.addMenu("&File")
        for a in (self.act_open, self.act_open_files):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_export)
        m.addAction(self.act_export_data)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("&Search")
        m.addAction(self.act_find)
        m.addAction(self.act_clear)
        m = mb.addMenu("&View")
        for a in (self.act_fit, self.act_zoom_sel, self.act_zoom_in, self.act_zoom_out):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_prev)
        m.addAction(self.act_next)
        m.addSeparator()
        lanes = m.addMenu("&Lanes")
        self.lane_group = QtGui.QActionGroup(self)
        self.lane_actions: dict[str, QtGui.QAction] = {}
        for mode in LANE_MODES:
            a = QtGui.QAction(LANE_LABELS[mode], self, checkable=True)
            a.setChecked(mode == self.state.lane_mode)
            a.triggered.connect(lambda _c=False, md=mode: self.state.set_lane_mode(md))
            self.lane_group.addAction(a)
            lanes.addAction(a)
            self.lane_actions[mode] = a
        themes = m.addMenu("&Theme")
        self.theme_group = QtGui.QActionGroup(self)
        self.theme_actions: dict[str, QtGui.QAction] = {}
        for name, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            a = QtGui.QAction(label, self, checkable=True)
            a.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
            self.theme_group.addAction(a)
            themes.addAction(a)
            self.theme_actions[name] = a
        m.addSeparator()
        m.addAction(self.problems_dock.toggleViewAction())
        m = mb.addMenu("&Help")
        m.addAction(self.act_about)

        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        tb.addAction(self.act_export)
        tb.addSeparator()
        for a in (self.act_fit, self.act_zoom_in, self.act_zoom_out, self.act_zoom_sel):
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.act_prev)
        tb.addAction(self.act_next)
        tb.addSeparator()
        self.lane_combo = QtWidgets.QComboBox()
        self.lane_combo.setObjectName("laneCombo")
        for mode in LANE_MODES:
            self.lane_combo.addItem(LANE_LABELS[mode], mode)
        self.lane_combo.setToolTip("Group the timeline's rows by country, event type or article")
        self.lane_combo.activated.connect(lambda i: self.state.set_lane_mode(self.lane_combo.itemData(i)))
        tb.addWidget(self.lane_combo)

    def _build_problems_dock(self) -> None:
        self.problems_dock = QtWidgets.QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems = QtWidgets.QTableWidget(0, 2)
        self.problems.setObjectName("problemsTable")
        self.problems.setHorizontalHeaderLabels(["File", "Reason"])
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setColumnWidth(0, 320)
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.status_label = QtWidgets.QLabel()
        self.status_label.setObjectName("statusCounts")
        self.progress = QtWidgets.QProgressBar()
        # Wide enough for its text on one line (a narrow bar wraps it in two clipped lines); the
        # stages after the files ("Saving to the cache…") are shorter than a large count.
        widest = self.progress.fontMetrics().horizontalAdvance("Loading 100000 of 100000 files")
        self.progress.setFixedWidth(widest + 40)
        self.progress.setFormat(_FILES_FORMAT)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.loader.cancel)
        sb.addWidget(self.status_label, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    # -- corpus ---------------------------------------------------------------------------------
    def open_paths(self, paths: list[str]) -> None:
        """Load files/folders in the background; the current corpus stays until the new one is in."""
        if not paths:
            return
        self.statusBar().showMessage(f"Loading {', '.join(os.path.basename(p) or p for p in paths[:3])}…")
        self.loader.load(paths)

    def adopt_load(self, paths: list[str]) -> None:
        """Show the progress of a load started on :attr:`loader` before this window existed."""
        if self.loader.busy:
            self.statusBar().showMessage(f"Loading {', '.join(os.path.basename(p) or p for p in paths[:3])}…")
            self._on_busy(True)

    def open_folder_dialog(self) -> None:
        d = QtWidgets.QFileDialog.getExistingDirectory(self, "Open a folder of articles")
        if d:
            self.open_paths([d])

    def open_files_dialog(self) -> None:
        files, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Open articles", "", "Articles (*.txt);;All files (*)")
        if files:
            self.open_paths(files)

    def _on_loaded(self, corpus: Corpus, paths: list[str]) -> None:
        self.statusBar().clearMessage()
        self.state.set_corpus(corpus, paths)
        if self.loader.saving:
            # The corpus is shown while what was merged is stored for the next time (seconds, at
            # thousands of articles): said, since the window shares the processor with it.
            self.statusBar().showMessage(_SAVING)
        if not corpus.articles:
            QtWidgets.QMessageBox.warning(self, "No articles", "No article could be read from what was opened. "
                                          "The Problems panel says why.")

    def _on_saved(self) -> None:
        if self.statusBar().currentMessage() == _SAVING:
            self.statusBar().clearMessage()

    def _on_failed(self, message: str) -> None:
        QtWidgets.QMessageBox.critical(self, "Loading failed", f"The articles could not be loaded:\n{message}")

    def _on_cancelled(self) -> None:
        self.statusBar().showMessage("Loading cancelled; the previous articles are still shown.", 5000)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setFormat(_FILES_FORMAT)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_stage(self, text: str) -> None:
        # Every file is read, but merging and saving a large folder take seconds more: a full bar
        # that still says "Loading N of N files" looks stuck.
        self.progress.setFormat(f"{text}…")
        self.progress.setValue(self.progress.maximum())

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setFormat(_FILES_FORMAT)
            self.progress.setValue(0)
        elif not self._painted:
            # A load that ended without events to show (failed, cancelled, empty): the next paint
            # of the timeline lets the map be built.
            self.timeline.plot.viewport().update()

    def _on_corpus(self) -> None:
        c = self.state.corpus
        self.problems.setRowCount(len(c.problems))
        for r, p in enumerate(c.problems):
            # QTableWidgetItem shows plain text: file names and reasons are never parsed as markup.
            self.problems.setItem(r, 0, QtWidgets.QTableWidgetItem(p.file))
            self.problems.setItem(r, 1, QtWidgets.QTableWidgetItem(p.reason))
        self.problems_dock.setVisible(bool(c.problems))
        names = ", ".join(os.path.basename(p.rstrip("/")) or p for p in self.state.paths[:2])
        self.setWindowTitle(f"Timeline Explorer — {names}" if names else "Timeline Explorer")
        self._update_status()

    def _update_status(self, *_: Any) -> None:
        c = self.state.corpus
        shown = len(self.state.visible_events())
        ev = f"{len(c.events)} events" if self.state.filter.is_empty else f"{shown} of {len(c.events)} events shown"
        pr = len(c.problems)
        self.status_label.setText(
            f"{len(c.articles)} articles · {ev} · {pr} problem{'s' if pr != 1 else ''}"
        )

    def _on_lane_mode(self, mode: str) -> None:
        self.lane_actions[mode].setChecked(True)
        self.lane_combo.setCurrentIndex(self.lane_combo.findData(mode))

    # -- export ---------------------------------------------------------------------------------
    def visible_dates(self) -> tuple[Any, Any]:
        x0, x1 = self.timeline.visible_range()
        return x_to_date(x0), x_to_date(x1)

    def export_png(self) -> None:
        from timeline_gui.qt.export_dialog import run_export_dialog

        run_export_dialog(self, self.state, self.visible_dates())

    def export_data(self) -> None:
        from timeline_gui.qt.export_dialog import run_data_export_dialog

        run_data_export_dialog(self, self.state)

    def about(self) -> None:
        QtWidgets.QMessageBox.about(
            self, "About Timeline Explorer",
            "Timeline Explorer turns a folder of news articles into a timeline of sourced events.\n\n"
            "Timeline: wheel to zoom, drag to pan, right-drag (or Shift+drag) to zoom into a period. "
            "● a dated day, translucent band: a wider or uncertain period, ◁ undated (at the latest here), "
            "hollow: scheduled or expected, ! disputed date. Ticks along the bottom: articles' publication dates.",
        )

    # -- look and settings ------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        theme.apply_theme(name)
        self.theme_actions[name].setChecked(True)
        self.settings.setValue("theme", name)

    def restore_settings(self) -> None:
        s = self.settings
        geo = s.value("geometry")
        if isinstance(geo, QtCore.QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        st = s.value("windowState")
        if isinstance(st, QtCore.QByteArray) and not st.isEmpty():
            self.restoreState(st)
        for sp in (self.main_split, self.left_split, self.right_split):
            v = s.value(f"splitters/{sp.objectName()}")
            if isinstance(v, QtCore.QByteArray) and not v.isEmpty():
                sp.restoreState(v)
        lane = s.value("laneMode")
        if isinstance(lane, str) and lane in LANE_MODES:
            self.state.set_lane_mode(lane)
        self._on_lane_mode(self.state.lane_mode)
        th = s.value("theme", "system")
        th = th if th in self.theme_actions else "system"
        self.theme_actions[str(th)].setChecked(True)
        theme.apply_theme(str(th))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        for sp in (self.main_split, self.left_split, self.right_split):
            s.setValue(f"splitters/{sp.objectName()}", sp.saveState())
        s.setValue("laneMode", self.state.lane_mode)
        s.sync()

    def closeEvent(self, ev: QtGui.QCloseEvent) -> None:
        self.save_settings()
        self.loader.cancel()
        if self.loader.saving:
            self.hide()  # closed as asked, while what a finished load merged is stored
        # Also lets a finished load store what it merged (a thread must not outlive its window).
        self.loader.wait(60_000)
        super().closeEvent(ev)

    # -- drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, ev: QtGui.QDragEnterEvent) -> None:
        md = ev.mimeData()
        if md.hasUrls() and any(u.isLocalFile() for u in md.urls()):
            ev.acceptProposedAction()
        else:
            ev.ignore()

    def dropEvent(self, ev: QtGui.QDropEvent) -> None:
        paths = [u.toLocalFile() for u in ev.mimeData().urls() if u.isLocalFile()]
        if paths:
            ev.acceptProposedAction()
            self.open_paths(paths)
