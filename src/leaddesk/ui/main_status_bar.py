"""The main window's status bar: privacy screen indicator, undo toast, demo notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from .undo_toast import UndoToast

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_status_bar(window: MainWindow) -> None:
    """The privacy screen indicator, the undo toast and, for the demo, its notice."""
    bar = window.statusBar()
    window.privacy_indicator = QLabel("Privacy screen on")
    window.privacy_indicator.setObjectName("PrivacyIndicator")
    window.privacy_indicator.setToolTip("Note text is hidden. Press Ctrl+Shift+P to show it.")
    window.privacy_indicator.setAccessibleName("Privacy screen on")
    window.privacy_indicator.setVisible(window.ctx.privacy_screen)
    bar.addPermanentWidget(window.privacy_indicator)
    # "Completed 1 task · Undo" after every change (neutral under the privacy screen).
    window.undo_toast = UndoToast(window.ctx, bar)
    if window.ctx.demo:
        demo = QLabel("Demo vault — changes are thrown away")
        demo.setObjectName("DemoIndicator")
        bar.addPermanentWidget(demo)
