"""Unexpected errors: said plainly to the user, logged without their text.

An exception that escapes a slot or a paint is printed by Python with its message, and a
message can hold private text (a title in a KeyError, a name in a ValueError from some
library). This hook logs the exception's type and where it happened, never its message,
and tells the user once in a while, instead of a silent half-done action.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ..domain.errors import VaultDamagedError

log = logging.getLogger(__name__)

QUIET_SECONDS = 30  # one message box per burst of errors, not one per repaint
UNEXPECTED = (
    "LeadDesk hit an unexpected error, and the last action may not have finished. What "
    "was already saved is safe. If it happens again, restart LeadDesk."
)
DAMAGED = (
    "The vault file could not be read: part of it is damaged. Lock LeadDesk (Ctrl+L) and "
    "unlock again to restore the newest backup that opens (the damaged file is kept aside)."
)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class ErrorHook:
    """``sys.excepthook`` while the GUI runs; ``uninstall`` puts the previous one back."""

    def __init__(
        self,
        tell: Callable[[str], None] | None = None,
        *,
        on_damaged: Callable[[], bool] | None = None,
    ) -> None:
        self._tell = tell or _message_box
        # Damage met by a read anywhere (a paint, an event handler): True when the open
        # session took it (it locks and offers the restore), so no message is needed.
        self._on_damaged = on_damaged
        self._last_told = -QUIET_SECONDS
        self._previous: ExceptHook | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        frames = "".join(traceback.format_tb(tb))  # where, not what: no message text
        if isinstance(error, VaultDamagedError) and self._on_damaged and self._on_damaged():
            log.warning("damage met\n%s", frames)
            return
        log.error("unexpected %s\n%s", kind.__name__, frames)
        now = time.monotonic()
        if now - self._last_told < QUIET_SECONDS:
            return
        self._last_told = now
        self._tell(DAMAGED if isinstance(error, VaultDamagedError) else UNEXPECTED)


def _message_box(text: str) -> None:
    parent = QApplication.activeWindow()
    from PySide6.QtWidgets import QMessageBox  # not on the start path (bootstrap.py)

    QMessageBox.warning(parent, "LeadDesk", text)
