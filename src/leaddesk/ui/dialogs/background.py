"""Run one slow call (key derivation, migrations) off the GUI thread.

Deriving a SQLCipher key takes a noticeable fraction of a second; doing it on the GUI thread
freezes the dialog (no repaint, no "Unlocking…" feedback). The call runs in a plain Python
thread and its outcome comes back through a queued Qt signal, so slots run on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundCall(QObject):
    """Emits ``done(result, error)`` on the GUI thread once ``fn`` has returned or raised.

    The receiver should call :meth:`wait` in its slot before dropping its reference: the
    thread ends right after emitting, and a QObject must be deleted on its own (GUI) thread.
    """

    done = Signal(object, object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name="leaddesk-background")

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, which decides
            self.done.emit(None, exc)
        else:
            self.done.emit(result, None)
