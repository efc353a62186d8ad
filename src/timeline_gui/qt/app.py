"""Starting the window: ``run_app(paths)`` is what ``timeline-gui [PATH ...]`` calls.

Start-up order matters for the first paint: the window is created and shown first, then the
articles are loaded in the background, so the user sees the window at once.
"""

from __future__ import annotations

import sys

from timeline_gui.qt.qt import QtCore, QtWidgets


def run_app(paths: list[str]) -> int:
    """Open the explorer on ``paths`` (the bundled sample articles when empty); returns the exit code."""
    from timeline_gui.core.articles import seeds_dir

    QtCore.QCoreApplication.setOrganizationName("TimelineGUI")
    QtCore.QCoreApplication.setApplicationName("timeline-gui")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    assert isinstance(app, QtWidgets.QApplication)
    app.setApplicationDisplayName("Timeline Explorer")
    app.setStyle("Fusion")

    from timeline_gui.qt.window import MainWindow

    win = MainWindow()
    targets = [str(p) for p in paths] if paths else [str(seeds_dir())]
    win.open_paths(targets)
    win.show()
    return int(app.exec())
