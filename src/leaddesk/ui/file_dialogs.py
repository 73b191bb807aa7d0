"""File dialogs that leave no trace of where the user went.

Qt's own file dialog (the one used where the desktop offers no native dialog, as on most
Linux desktops without a portal) writes the folders it visited into a plain-text settings
file shared by every Qt program: ``QtProject.conf`` (``[FileDialog] history`` and
``lastVisited``). The folder of an .ics file, a calendar subscription or an export can name
a colleague or a project, and a calendar folder is private by issue 17. These wrappers call
the standard static dialogs and then put those two values back as they were, so other Qt
programs keep their history and LeadDesk adds nothing to it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_GROUP = "FileDialog"
_TRACES = ("history", "lastVisited")


@contextlib.contextmanager
def _no_trace() -> Iterator[None]:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup(_GROUP)
    before = {key: settings.value(key) for key in _TRACES if settings.contains(key)}
    settings.endGroup()
    try:
        yield
    finally:
        settings = QSettings(QSettings.Scope.UserScope, "QtProject")
        settings.beginGroup(_GROUP)
        for key in _TRACES:
            if key in before:
                settings.setValue(key, before[key])
            else:
                settings.remove(key)
        settings.endGroup()
        settings.sync()


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    """The chosen file's path, or "" when cancelled."""
    with _no_trace():
        path, _ = QFileDialog.getOpenFileName(parent, caption, folder, filters)
    return path


def save_file_name(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    """The path to save to, or "" when cancelled."""
    with _no_trace():
        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def existing_directory(parent: QWidget | None, caption: str, folder: str = "") -> str:
    """The chosen folder, or "" when cancelled."""
    with _no_trace():
        return QFileDialog.getExistingDirectory(parent, caption, folder)
