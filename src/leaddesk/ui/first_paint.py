"""Run something once a widget has painted for the first time.

Start-up uses it to begin the background imports only after the unlock dialog is on
screen: started earlier, the import thread competes for the GIL with the dialog's first
paint. The benchmark's probe uses it to time first paints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

_PAINT: list[Any] = []


def _paint_type() -> Any:
    """``QEvent.Type.Paint``, named only once an event has reached the filter: naming QEvent
    builds its 170-member enum (13 M instructions), which start-up leaves until after the
    unlock dialog is mapped; the first event's wrapper has built it by then anyway."""
    if not _PAINT:
        from PySide6.QtCore import QEvent

        _PAINT.append(QEvent.Type.Paint)
    return _PAINT[0]


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _paint_type():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)  # once this paint has been delivered
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop right after ``widget``'s first paint."""
    _AfterFirstPaint(widget, callback)
