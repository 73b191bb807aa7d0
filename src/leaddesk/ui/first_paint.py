"""Run something once a widget has painted for the first time.

Start-up uses it to begin the background imports only after the unlock dialog is on
screen: started earlier, the import thread competes for the GIL with the dialog's first
paint. The benchmark's probe uses it to time first paints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)  # once this paint has been delivered
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop right after ``widget``'s first paint."""
    _AfterFirstPaint(widget, callback)
