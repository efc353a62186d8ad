"""Light and dark palettes; "system" follows the desktop's colour scheme (Qt 6.5+ style hints).

The app uses the Fusion style so both palettes look the same on every platform; the timeline
and map read their colours from the palette and repaint when it changes.
"""

from __future__ import annotations

from timeline_gui.qt.qt import Qt, QtGui, QtWidgets

THEMES = ("system", "light", "dark")
_current = {"name": "system", "watching": False}


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme."""
    hints = QtGui.QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme is not None and scheme() == Qt.ColorScheme.Dark)


def dark_palette() -> QtGui.QPalette:
    p = QtGui.QPalette()
    R = QtGui.QPalette.ColorRole
    base, window, text = QtGui.QColor(30, 31, 34), QtGui.QColor(43, 45, 48), QtGui.QColor(223, 225, 229)
    for role, colour in (
        (R.Window, window), (R.WindowText, text), (R.Base, base), (R.AlternateBase, QtGui.QColor(38, 40, 43)),
        (R.ToolTipBase, QtGui.QColor(50, 52, 56)), (R.ToolTipText, text), (R.Text, text),
        (R.Button, window), (R.ButtonText, text), (R.BrightText, QtGui.QColor("#F0E442")),
        (R.Link, QtGui.QColor("#56B4E9")), (R.Highlight, QtGui.QColor("#E69F00")),
        (R.HighlightedText, QtGui.QColor(0, 0, 0)), (R.PlaceholderText, QtGui.QColor(140, 142, 146)),
    ):
        p.setColor(role, colour)
    dis = QtGui.QPalette.ColorGroup.Disabled
    for role in (R.Text, R.WindowText, R.ButtonText):
        p.setColor(dis, role, QtGui.QColor(120, 122, 126))
    return p


def light_palette() -> QtGui.QPalette:
    style = QtWidgets.QApplication.style()
    p = QtGui.QPalette(style.standardPalette()) if style is not None else QtGui.QPalette()
    p.setColor(QtGui.QPalette.ColorRole.Highlight, QtGui.QColor("#0072B2"))
    p.setColor(QtGui.QPalette.ColorRole.HighlightedText, QtGui.QColor("white"))
    p.setColor(QtGui.QPalette.ColorRole.Link, QtGui.QColor("#0072B2"))
    return p


def is_dark(name: str) -> bool:
    return name == "dark" or (name == "system" and system_is_dark())


def apply_theme(name: str) -> None:
    """Apply "system", "light" or "dark" to the running application."""
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        return
    _current["name"] = name if name in THEMES else "system"
    app.setPalette(dark_palette() if is_dark(_current["name"]) else light_palette())
    hints = QtGui.QGuiApplication.styleHints()
    if not _current["watching"] and hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(lambda _s: _current["name"] == "system" and apply_theme("system"))
        _current["watching"] = True


def current_theme() -> str:
    return str(_current["name"])
