"""The one module that imports the Qt binding.

Everything else in ``timeline_gui.qt`` imports Qt names from here, so that switching the binding
(or patching it in tests) touches one file. pyqtgraph is imported directly where it is needed
because it picks up the binding already loaded here.
"""

from __future__ import annotations

import sys

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "qt_test"]


def _pin_singletons() -> None:
    """Work around a reference-count bug in some PySide6 builds on Python < 3.12.

    PySide6 6.12.0 drops one reference to ``None`` on every call of a method that returns nothing
    (``item.setPos(...)``) and to ``True``/``False`` in some calls. Python 3.12+ makes these
    objects immortal, so the bug is harmless there; on 3.11 the count reaches zero after a few
    thousand calls and the interpreter aborts ("deallocating None"). Raising their counts far
    out of reach restores the 3.12 behaviour for these three singletons.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_pin_singletons()


def qt_test():  # type: ignore[no-untyped-def]
    """The QtTest module, imported only by tests (it is not needed to run the app)."""
    from PySide6 import QtTest

    return QtTest
