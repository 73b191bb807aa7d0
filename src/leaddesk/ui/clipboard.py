"""Copy private text to the clipboard, and take it back later (KeePassXC's clipboard rule).

After ``security/clipboard_clear_seconds`` (default 30; 0 = never) the clipboard is cleared,
but only if it still holds exactly what LeadDesk put there: something the user copied
since, from any program, is never touched. On lock, :meth:`ClipboardGuard.clear_if_ours`
clears it at once. The copy carries ``x-kde-passwordManagerHint: secret`` so clipboard
history managers that honour it (Klipper, several others) do not keep a copy.

One guard lives per AppContext, as a child object: :func:`guard_for` finds or creates it, so
no module-level state is needed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QObject, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

from .settings import AppSettings

log = logging.getLogger(__name__)

CLEAR_KEY = "security/clipboard_clear_seconds"
SECRET_HINT_FORMAT = "x-kde-passwordManagerHint"


class ClipboardGuard(QObject):
    def __init__(self, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    @property
    def clear_after_seconds(self) -> int:
        try:
            return max(0, int(self._settings.get(CLEAR_KEY)))
        except (TypeError, ValueError):
            return 30

    @property
    def pending(self) -> bool:
        """True while a copy of ours waits to be cleared."""
        return self._ours is not None

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and schedule clearing it."""
        clipboard = QGuiApplication.clipboard()
        data = QMimeData()
        data.setText(text)
        data.setData(SECRET_HINT_FORMAT, b"secret")
        clipboard.setMimeData(data, QClipboard.Mode.Clipboard)
        self._ours = text
        seconds = self.clear_after_seconds
        if seconds > 0:
            self._timer.start(seconds * 1000)
        else:
            self._timer.stop()
        log.info("private text copied; clearing in %s s", seconds or "never")

    def watch_app_copies(self) -> None:
        """Treat every copy made while LeadDesk has keyboard focus as ours.

        Note text is copied with the editors' own Ctrl+C, which never passes through
        :meth:`copy`; adopting those copies clears them on time (and on lock) too.
        """
        if getattr(self, "_watching", False):
            return
        self._watching = True
        QGuiApplication.clipboard().dataChanged.connect(self._on_clipboard_data_changed)

    def _on_clipboard_data_changed(self) -> None:
        if QApplication.focusWidget() is None:
            return  # another program copied: never ours
        text = QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard)
        if not text or text == self._ours:
            return
        self._ours = text
        seconds = self.clear_after_seconds
        if seconds > 0:
            self._timer.start(seconds * 1000)
        log.info("text copied in LeadDesk; clearing in %s s", seconds or "never")

    @Slot()
    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds our copy. Returns True when it cleared."""
        self._timer.stop()
        ours, self._ours = self._ours, None
        if ours is None:
            return False
        clipboard = QGuiApplication.clipboard()
        if clipboard.text(QClipboard.Mode.Clipboard) != ours:
            return False  # the user copied something else since: leave it alone
        clipboard.clear(QClipboard.Mode.Clipboard)
        log.info("clipboard cleared")
        return True


def guard_for(ctx: QObject) -> ClipboardGuard:
    """The AppContext's clipboard guard (created on first use, cleared on ``ctx.locked``)."""
    guard = ctx.findChild(ClipboardGuard)
    if guard is None:
        guard = ClipboardGuard(ctx.settings, ctx)  # type: ignore[attr-defined]
        locked = getattr(ctx, "locked", None)
        if locked is not None:
            locked.connect(guard.clear_if_ours)
            locked.connect(_clear_selection)
    return guard


def _clear_selection() -> None:
    """X11's PRIMARY selection holds whatever text was last selected in a note: drop it."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


def copy_private_text(ctx: QObject, text: str) -> None:
    """What a "Copy" action on note text calls: copy now, clear later (or on lock)."""
    guard_for(ctx).copy(text)
