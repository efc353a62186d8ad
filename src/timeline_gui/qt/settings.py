"""Where the window remembers geometry, splitter sizes, lane choice and theme.

The organization/application names identify the settings in the platform's usual place. Setting
the environment variable ``TIMELINE_GUI_SETTINGS`` to a file path stores them in that INI file
instead (tests use it so they never touch a user's real settings).
"""

from __future__ import annotations

import os

from timeline_gui.qt.qt import QtCore

ORGANIZATION = "TimelineGUI"
APPLICATION = "timeline-gui"
ENV_VAR = "TIMELINE_GUI_SETTINGS"


def make_settings() -> QtCore.QSettings:
    """The settings store for this user (or the file named by ``TIMELINE_GUI_SETTINGS``)."""
    path = os.environ.get(ENV_VAR)
    if path:
        return QtCore.QSettings(path, QtCore.QSettings.Format.IniFormat)
    return QtCore.QSettings(ORGANIZATION, APPLICATION)
