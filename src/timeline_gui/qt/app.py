"""Starting the window: ``run_app(paths)`` is what ``timeline-gui [PATH ...]`` calls.

Start-up order matters for the first paint: the loading thread is started before the window's
modules (pyqtgraph, the views) are imported, so reading the articles overlaps building the
window, and what the cache lacks is parsed by a helper process on another core rather than by
that thread, which would compete with the imports for the interpreter lock (see
:mod:`timeline_gui.qt.loader`); the participant map is built just after the first paint.

``TIMELINE_GUI_EXIT_AFTER_FIRST_PAINT=1`` makes the app print ``first-paint <seconds>`` to stdout
and exit (code 0) right after the first paint of the main window that shows events. The seconds
count from the process's creation as the kernel records it (``/proc/self/stat``, Linux); where
that is not available, from the moment ``timeline_gui.cli`` was imported, which misses the
interpreter's own start-up (some tens of milliseconds).
"""

from __future__ import annotations

import os
import sys
import time

from timeline_gui.qt.qt import QtCore, QtWidgets

EXIT_AFTER_FIRST_PAINT = "TIMELINE_GUI_EXIT_AFTER_FIRST_PAINT"
_FALLBACK_T0 = time.time()


def process_start_time() -> float:
    """The wall-clock time (``time.time()`` scale) at which this process was created."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            stat = f.read()
        # Field 22 (starttime, in clock ticks since boot); the command name (field 2) may
        # contain spaces, so count from the closing parenthesis.
        start_ticks = int(stat[stat.rindex(")") + 2:].split()[19])
        with open("/proc/stat", encoding="ascii") as f:
            btime = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        return btime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, StopIteration, IndexError):
        return _FALLBACK_T0


def run_app(paths: list[str]) -> int:
    """Open the explorer on ``paths`` (the bundled sample articles when empty); returns the exit code."""
    from timeline_gui.core.articles import seeds_dir
    from timeline_gui.qt.loader import CorpusLoader

    QtCore.QCoreApplication.setOrganizationName("TimelineGUI")
    QtCore.QCoreApplication.setApplicationName("timeline-gui")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    assert isinstance(app, QtWidgets.QApplication)
    app.setApplicationDisplayName("Timeline Explorer")
    app.setStyle("Fusion")

    targets = [str(p) for p in paths] if paths else [str(seeds_dir())]
    loader = CorpusLoader()
    loader.load(targets, helper_process=True)  # reads in the background while the window is built

    from timeline_gui.qt.window import MainWindow

    win = MainWindow(loader=loader)
    win.adopt_load(targets)
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1":
        t0 = process_start_time()

        def report() -> None:
            print(f"first-paint {time.time() - t0:.3f}", flush=True)
            win.close()
            app.exit(0)

        win.firstEventsPainted.connect(report)
    win.show()
    return int(app.exec())
