"""The one module that imports the Qt binding.

Everything else in ``timeline_gui.qt`` imports Qt names from here, so that switching the binding
(or patching it in tests) touches one file. pyqtgraph is imported directly where it is needed
because it picks up the binding already loaded here.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "qt_svg", "qt_test"]


def qt_test():  # type: ignore[no-untyped-def]
    """The QtTest module, imported only by tests (it is not needed to run the app)."""
    from PySide6 import QtTest

    return QtTest


def qt_svg():  # type: ignore[no-untyped-def]
    """The QtSvg module, imported only when an SVG is written."""
    from PySide6 import QtSvg

    return QtSvg
