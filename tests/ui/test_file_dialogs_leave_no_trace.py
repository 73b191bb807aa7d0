"""Qt's file dialog writes visited folders into QtProject.conf, a plain-text file shared by
every Qt program. A folder can name a colleague or be a private calendar source (issue 17),
so LeadDesk's file dialogs leave the file's history as they found it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from leaddesk.ui import file_dialogs


def _reject_when_shown() -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QFileDialog):
            box.reject()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)


def _qt_project_text() -> str:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    path = Path(settings.fileName())
    return path.read_text(errors="replace") if path.exists() else ""


@pytest.mark.parametrize("which", ["open", "save", "folder"])
def test_a_private_folder_never_reaches_qt_project_conf(qapp, tmp_path: Path, which) -> None:
    private = tmp_path / "one-on-ones with Lenamark"
    private.mkdir()
    _reject_when_shown()
    if which == "open":
        file_dialogs.open_file_name(None, "Import", str(private), "Calendars (*.ics)")
    elif which == "save":
        file_dialogs.save_file_name(None, "Export", str(private / "plan.md"), "Markdown (*.md)")
    else:
        file_dialogs.existing_directory(None, "Folder", str(private))
    assert "Lenamark" not in _qt_project_text()


def test_another_programs_history_is_kept(qapp, tmp_path: Path) -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.setValue("FileDialog/lastVisited", "file:///home/someone/Documents")
    settings.sync()
    _reject_when_shown()
    file_dialogs.open_file_name(None, "Import", str(tmp_path), "Calendars (*.ics)")
    assert "file:///home/someone/Documents" in _qt_project_text()


def test_the_plain_qt_dialog_would_leak_it(qapp, tmp_path: Path) -> None:
    """The reason for the wrappers: without them the folder is written down."""
    private = tmp_path / "Leakmark"  # its own marker: QSettings keeps one file per process
    private.mkdir()
    _reject_when_shown()
    QFileDialog.getOpenFileName(None, "Import", str(private), "Calendars (*.ics)")
    assert "Leakmark" in _qt_project_text()
